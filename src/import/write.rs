//! Import, writing: an imported statement in, the path it goes to
//! (`DIR/YYYY/<slug>.md`), its file text and what happens there out.
//!
//! Invariants: a path is used once per run, and so is a URL: no imported
//! statement takes the URL of another one, imported in this run or already
//! in the archive (when its title's would, it gets a `slug` of its own,
//! `-2`, `-3`…); file names are cut at a word to [`permalink::CUT_SLUG`]
//! characters; an existing file is never replaced without `force`; an
//! existing file with exactly the text to write is left alone (so importing
//! twice changes nothing); an existing file that is another statement
//! (another title or date) is never touched: the new one gets the next
//! free name. A replaced file is written beside its place and renamed over
//! it, so it is never half-written. Every error names the export.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Imported, Rules, to_markdown};
use crate::content::split_front_matter;
use crate::diag::Diagnostic;
use crate::paths::is_ignored_name;
use crate::permalink;

/// What happens at a statement's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A new file.
    Create,
    /// An existing file of the same statement, replaced (`--force`).
    Overwrite,
    /// An existing file with the same bytes: nothing to do.
    Unchanged,
}

impl Action {
    pub fn verb(self, dry_run: bool) -> &'static str {
        match (self, dry_run) {
            (Action::Create, false) => "created",
            (Action::Create, true) => "would create",
            (Action::Overwrite, false) => "replaced",
            (Action::Overwrite, true) => "would replace",
            (Action::Unchanged, _) => "unchanged",
        }
    }
}

/// The (title, date) a statement file has, to tell "the same statement
/// imported again" from "another statement with the same slug".
fn identity(text: &str, path: &Path) -> Option<(String, String)> {
    let table = front_matter(text, path)?;
    let title = table.get("title")?.as_str()?.to_string();
    let date = table.get("date")?.to_string();
    Some((title, date))
}

fn front_matter(text: &str, path: &Path) -> Option<toml::Table> {
    let (front, _, _, _) = split_front_matter(path, text).ok()?;
    toml::from_str(front).ok()
}

/// The paths and URLs taken: by the statements already in the archive and
/// by those of this run.
#[derive(Debug, Default)]
pub(super) struct Taken {
    paths: HashSet<PathBuf>,
    /// Site path → the file whose statement has it.
    urls: HashMap<String, PathBuf>,
}

impl Taken {
    /// The URLs of the statements under `folders` (files that do not parse
    /// are left to `pressroom build` to report).
    pub(super) fn scan<'a>(folders: impl Iterator<Item = &'a Path>, rules: &Rules) -> Taken {
        let mut taken = Taken::default();
        for folder in folders {
            let walker = walkdir::WalkDir::new(folder)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"));
            for entry in walker {
                let path = entry.path();
                let Some(url) = std::fs::read_to_string(path)
                    .ok()
                    .and_then(|text| front_matter(&text, path))
                    .and_then(|table| url_of(&table, rules))
                else {
                    continue;
                };
                taken.urls.entry(url).or_insert_with(|| path.to_path_buf());
            }
        }
        taken
    }

    /// Is `url` free for the file at `path` (nobody's, or that file's own)?
    fn url_free(&self, url: &str, path: &Path) -> bool {
        self.urls.get(url).is_none_or(|p| p == path)
    }

    fn claim(&mut self, path: &Path, url: String) {
        self.paths.insert(path.to_path_buf());
        self.urls.insert(url, path.to_path_buf());
    }
}

/// The site path of an existing statement file's front matter.
fn url_of(table: &toml::Table, rules: &Rules) -> Option<String> {
    let date = table.get("date")?;
    let date = date.as_str().map_or_else(|| date.to_string(), str::to_string);
    let slug = match table.get("slug").and_then(|s| s.as_str()) {
        Some(slug) => slug.to_string(),
        None => permalink::title_slug(table.get("title")?.as_str()?),
    };
    let kind = table.get("kind").and_then(|k| k.as_str());
    rules.site_path(&date, &slug, kind)
}

/// `base`, then `base-2`, `base-3`…
fn numbered(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

/// How many names (`-2`, `-3`…) to try before giving up.
const MAX_TRIES: usize = 10_000;

/// Chooses where `statement` goes and the URL it gets; returns the path,
/// what happens there, and the file's text.
pub(super) fn place(
    into: &Path,
    source: &Path,
    statement: &Imported,
    force: bool,
    taken: &mut Taken,
    rules: &Rules,
) -> Result<(PathBuf, Action, String), Diagnostic> {
    let slug = permalink::slugify(&statement.title);
    if slug.is_empty() {
        return Err(Diagnostic::file(
            source,
            format!(
                "the title \"{}\" gives an empty slug",
                permalink::preview(&statement.title)
            ),
        )
        .with_hint("give the statement a title with letters or digits"));
    }
    let base = permalink::cut(&slug, permalink::CUT_SLUG).to_string();
    let title_slug = permalink::title_slug(&statement.title);
    let date = statement.date.toml();
    let kind = statement
        .kind
        .as_ref()
        .filter(|k| k.known)
        .map(|k| k.name.as_str());
    let no_url = || {
        Diagnostic::file(source, format!("the date {date} cannot be part of a URL"))
            .with_hint("correct the date line of the export")
    };
    let folder = into.join(statement.date.day.format("%Y").to_string());
    let mine = (statement.title.clone(), date.clone());
    let mut same_statement: Option<(PathBuf, String, String)> = None;
    for n in 1..=MAX_TRIES {
        let path = folder.join(format!("{}.md", numbered(&base, n)));
        if taken.paths.contains(&path) {
            continue;
        }
        // The first URL free for a file at `path`: the title's when it is.
        let mut url_slug = None;
        for k in 1..=MAX_TRIES {
            let candidate = numbered(&title_slug, k);
            let url = rules.site_path(&date, &candidate, kind).ok_or_else(no_url)?;
            if taken.url_free(&url, &path) {
                url_slug = Some((candidate, url));
                break;
            }
        }
        let Some((url_slug, url)) = url_slug else {
            return Err(Diagnostic::file(source, "no free URL for this statement"));
        };
        let text = to_markdown(statement, (url_slug != title_slug).then_some(url_slug.as_str()));
        let existing = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            // Not a folder where the year's would be: `write` says so.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                let Some((previous, previous_text, previous_url)) = same_statement else {
                    taken.claim(&path, url);
                    return Ok((path, Action::Create, text));
                };
                if !force {
                    return Err(Diagnostic::file(
                        source,
                        format!("{} already exists with different text", previous.display()),
                    )
                    .with_hint("pass --force to replace it; pressroom never overwrites without it"));
                }
                taken.claim(&previous, previous_url);
                return Ok((previous, Action::Overwrite, previous_text));
            }
            Err(e) => {
                return Err(Diagnostic::file(
                    source,
                    format!("cannot read {}: {e}", path.display()),
                ));
            }
        };
        if existing == text.as_bytes() {
            taken.claim(&path, url);
            return Ok((path, Action::Unchanged, text));
        }
        let theirs = std::str::from_utf8(&existing)
            .ok()
            .and_then(|t| identity(t, &path));
        if same_statement.is_none() && theirs.as_ref() == Some(&mine) {
            same_statement = Some((path, text, url));
        }
    }
    Err(Diagnostic::file(source, "no free file name"))
}

/// Writes `text` at `path` (the statement of the export `source`).
pub(super) fn write(source: &Path, path: &Path, text: &str, action: Action) -> Result<(), Diagnostic> {
    let fail = |what: &str, at: &Path, e: std::io::Error| {
        Diagnostic::file(source, format!("cannot {what} {}: {e}", at.display()))
            .with_hint("check that the folder given to --into can be written to")
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fail("create the folder", parent, e))?;
    }
    match action {
        Action::Unchanged => Ok(()),
        Action::Create => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| fail("write", path, e))?;
            file.write_all(text.as_bytes())
                .map_err(|e| fail("write", path, e))
        }
        Action::Overwrite => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let temp = path.with_file_name(format!(".{name}.import.tmp"));
            std::fs::write(&temp, text).map_err(|e| fail("write", &temp, e))?;
            std::fs::rename(&temp, path).map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                fail("write", path, e)
            })
        }
    }
}
