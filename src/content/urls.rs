//! Statement URLs against each other and against the site: statements in,
//! a diagnostic for every URL or alias that another statement, or a file
//! the site writes itself, already takes.
//!
//! Paths are compared as the output files they become (`x/` is
//! `x/index.html`), so that `/x/` and `/x/index.html` are one address.

use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Statement;
use crate::paths::output_file;
use crate::permalink;

/// What a statement claims a path as.
#[derive(Clone, Copy, PartialEq)]
enum Claim {
    Url,
    Alias,
    /// Its permanent address `id/<id>/`.
    Id,
}

/// A statement's page, its aliases and its permanent address, each with
/// where it is written.
fn claims(s: &Statement) -> impl Iterator<Item = (&String, (usize, usize), Claim)> {
    std::iter::once((&s.site_path, s.url_position, Claim::Url))
        .chain(
            s.aliases
                .iter()
                .zip(s.alias_positions.iter().copied())
                .map(|(a, p)| (a, p, Claim::Alias)),
        )
        .chain(std::iter::once((&s.id_path, s.id_position, Claim::Id)))
}

/// Statements that share an `id` (or ids of one slug, `DOC 1` and
/// `doc-1`) share a document number, not a permanent address: the oldest
/// (by date, then file) keeps `id/<id>/`, and each of the others is
/// qualified with its date, `id/<id>-YYYY-MM-DD/` (and, on the same day,
/// with its file's path), as is its stable id. A statement added later
/// with a number already taken therefore never moves an existing address.
pub fn qualify_shared_ids(statements: &mut [Arc<Statement>]) {
    let mut by_path: foldhash::HashMap<&str, Vec<usize>> = Default::default();
    for (i, s) in statements.iter().enumerate() {
        by_path.entry(s.id_path.as_str()).or_default().push(i);
    }
    let mut shared: Vec<Vec<usize>> = by_path.into_values().filter(|g| g.len() > 1).collect();
    shared.sort();
    for mut group in shared {
        group.sort_by(|&a, &b| {
            let (a, b) = (&statements[a], &statements[b]);
            a.date.cmp(&b.date).then_with(|| a.rel.cmp(&b.rel))
        });
        let days: Vec<String> = group
            .iter()
            .map(|&i| statements[i].date.format("%Y-%m-%d").to_string())
            .collect();
        for (n, &i) in group.iter().enumerate().skip(1) {
            let same_day = days.iter().filter(|d| **d == days[n]).count() > 1;
            let s = &statements[i];
            let suffix = if same_day {
                format!(
                    "{}-{}",
                    days[n],
                    permalink::slugify(s.rel.trim_end_matches(".md"))
                )
            } else {
                days[n].clone()
            };
            let doc_id = format!("{}-{suffix}", s.doc_id);
            let id_path = format!("{}-{suffix}/", s.id_path.trim_end_matches('/'));
            let mut qualified = (**s).clone();
            qualified.doc_id = doc_id;
            qualified.id_path = id_path;
            statements[i] = Arc::new(qualified);
        }
    }
}

/// Two statements (or a statement and an alias) with one URL are an error,
/// reported at the later file, naming the earlier one; a URL and an alias,
/// at the alias.
pub fn check_unique_urls(statements: &[Arc<Statement>]) -> Result<(), Diagnostics> {
    // Output file → the statement that took it, and whether as its URL.
    let mut seen: foldhash::HashMap<String, (&Statement, Claim)> =
        foldhash::HashMap::with_capacity_and_hasher(statements.len() * 2, Default::default());
    let mut diags = Diagnostics::default();
    // URLs first, so that an alias that is a URL is the one reported.
    let urls = statements
        .iter()
        .flat_map(|s| claims(s).take(1).map(move |c| (s, c)));
    let aliases = statements
        .iter()
        .flat_map(|s| claims(s).skip(1).map(move |c| (s, c)));
    for (s, (path, (line, col), claim)) in urls.chain(aliases) {
        let file = output_file(path);
        let Some(&(first, first_claim)) = seen.get(&file) else {
            seen.insert(file, (s, claim));
            continue;
        };
        let what = match claim {
            Claim::Url => "URL",
            Claim::Alias => "alias",
            Claim::Id => "permanent address",
        };
        let as_what = match first_claim {
            Claim::Url => "its URL",
            Claim::Alias => "an alias",
            Claim::Id => "its permanent address",
        };
        let (is_url, first_is_url) = (claim == Claim::Url, first_claim == Claim::Url);
        let hint = match (is_url, first_is_url) {
            _ if claim == Claim::Id && first_claim == Claim::Id => {
                "an `id` qualified with its date is another statement's `id`: change one of them"
            }
            _ if claim == Claim::Id => "give this statement another `id`, or the other statement another URL",
            (true, _) if slug_was_cut(first) && slug_was_cut(s) => {
                "their titles are too long for a URL, so each one's slug is its first words, which are the same: give one of them a `slug` in its front matter"
            }
            (true, _) => "give one of them a different `slug` in its front matter",
            (false, true) => "remove the alias: that address is the other statement's page",
            (false, false) => {
                "an old URL can redirect to one statement only: remove the alias from one of them"
            }
        };
        diags.push(
            Diagnostic::new(
                &s.path,
                line,
                col,
                format!(
                    "this statement's {what} /{path} is already used by {} (as {as_what})",
                    first.path.display()
                ),
            )
            .with_hint(hint),
        );
    }
    diags.into_result(())
}

/// Is the statement's slug its title's, cut because it was too long?
fn slug_was_cut(s: &Statement) -> bool {
    s.slug != permalink::slugify(&s.title) && s.slug == permalink::title_slug(&s.title)
}

/// The paths the site writes besides statement pages, each with what it
/// is: no statement URL or alias may take one.
#[derive(Debug, Clone, Default)]
pub struct Reserved {
    /// Output file (`speakers/index.html`, `atom.xml`) → what it is.
    files: foldhash::HashMap<String, String>,
    /// Folders (`search/`) every path under which is taken → what they are.
    folders: Vec<(String, String)>,
    /// When `sitemap-N.xml` is taken (where the sitemap is split): what it is.
    sitemap_parts: Option<String>,
}

impl Reserved {
    /// Takes output file `file`; `what` finishes "this alias is …". The
    /// first claim of a file stays.
    pub fn file(&mut self, file: impl Into<String>, what: impl Into<String>) {
        self.files.entry(file.into()).or_insert_with(|| what.into());
    }

    /// Takes every path under the folder `dir` (ending in `/`).
    pub fn folder(&mut self, dir: impl Into<String>, what: impl Into<String>) {
        self.folders.push((dir.into(), what.into()));
    }

    /// Takes every `sitemap-N.xml` (N a number), which a large sitemap is
    /// split into: an archive that grows must not find them taken.
    pub fn sitemap_parts(&mut self, what: impl Into<String>) {
        self.sitemap_parts = Some(what.into());
    }

    /// What takes output file `file`, or a folder on its way: the end of
    /// a sentence "this statement's alias /x is …".
    pub fn claimant(&self, file: &str) -> Option<String> {
        if let Some(what) = self.files.get(file) {
            return Some(what.clone());
        }
        if let Some((dir, what)) = self
            .folders
            .iter()
            .find(|(dir, _)| file.starts_with(dir.as_str()))
        {
            return Some(format!("inside /{dir}, {what}"));
        }
        if let Some(what) = &self.sitemap_parts
            && let Some(n) = file.strip_prefix("sitemap-").and_then(|f| f.strip_suffix(".xml"))
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            return Some(what.clone());
        }
        // `atom.xml/index.html` needs a folder where the site writes a file.
        file.match_indices('/').find_map(|(i, _)| {
            let dir = &file[..i];
            self.files
                .get(dir)
                .map(|what| format!("inside a folder /{dir}/, but /{dir} is {what}"))
        })
    }
}

/// A statement's URL or alias may not be a file the site writes itself
/// (a list, an archive, a taxonomy page, a feed, the sitemap, a search
/// index file, a static file): `reserved` holds those.
pub fn check_reserved_paths(statements: &[Arc<Statement>], reserved: &[&Reserved]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for s in statements {
        for (path, (line, col), claim) in claims(s) {
            let file = output_file(path);
            let Some(what) = reserved.iter().find_map(|r| r.claimant(&file)) else {
                continue;
            };
            let (kind, hint) = match claim {
                Claim::Url => (
                    "URL",
                    "give the statement a different `slug`, or change `permalink` in site.toml",
                ),
                Claim::Alias => (
                    "alias",
                    "remove the alias: that address is already something else, so it cannot redirect here",
                ),
                Claim::Id => ("permanent address", "give the statement another `id`"),
            };
            diags.push(
                Diagnostic::new(
                    &s.path,
                    line,
                    col,
                    format!("this statement's {kind} /{path} is {what}"),
                )
                .with_hint(hint),
            );
        }
    }
    diags
}
