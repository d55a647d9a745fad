//! Import: plain-text and HTML exports of statements in, statement files in
//! the content contract out (`DIR/YYYY/<slug>.md`), with a [`Report`].
//!
//! Stage: outside the build pipeline, before it; it writes what `content`
//! reads. Each export goes through [`source`] (bytes to clean lines, e-mail
//! wrapper off) or [`html`] (a page's main article to lines), then
//! [`header`] (title, kind, date, speakers with their roles, issuing
//! office, location, by what the lines look like) and [`body`]
//! (paragraphs, boilerplate dropped, broken paragraphs rejoined, markup
//! escaped); [`duplicates`] tells the same statement exported twice;
//! [`write`] finds each a free path and a URL no other statement claims,
//! and writes it; [`report`] says what happened to each export.
//!
//! Invariants: every word of an export is kept, in order, in a field or in
//! the body (only e-mail wrappers and whole paragraphs matching an
//! `[import] drop` pattern go); no field is invented (a statement without a
//! title or a date is skipped with the reason, never guessed; an absent
//! kind, speaker, role, issuer or location stays absent); nothing is
//! overwritten without `force`; no two statements of the archive end up
//! with one URL; the same sources give the same bytes.

mod body;
mod date;
mod duplicates;
mod header;
mod html;
mod looks;
mod report;
mod source;
mod write;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use regex::Regex;

pub use date::Date;
pub use header::{Kind, Speaker};
pub use report::{OPTIONAL_FIELDS, Outcome, Report, Row};
pub use write::Action;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::paths::is_ignored_name;

/// What an import needs from the site: its kinds, its drop patterns, and
/// how it makes URLs (its permalink and time zone).
#[derive(Debug, Clone)]
pub struct Rules {
    kinds: Vec<String>,
    drop: Vec<Regex>,
    permalink: crate::permalink::Permalink,
    timezone: chrono_tz::Tz,
}

/// A site.toml with only the required keys: parsing it gives config.rs's
/// defaults for every other key.
const MINIMAL_SITE_TOML: &str = "title = \"-\"\nbase_url = \"https://example.org/\"\n";

impl Rules {
    /// The rules of a site; a drop pattern that is not a regular expression
    /// is returned with the parser's message.
    pub fn for_site(config: &Config) -> Result<Rules, (String, String)> {
        let drop = config
            .import_drop
            .iter()
            .map(|p| Regex::new(p).map_err(|e| (p.clone(), e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Rules {
            kinds: config.kinds.clone(),
            drop,
            permalink: config.permalink.clone(),
            timezone: config.timezone,
        })
    }

    /// The rules of a site without a site.toml: [`Config`]'s defaults.
    pub fn defaults() -> Rules {
        let fallback = || Rules {
            kinds: crate::config::DEFAULT_KINDS
                .iter()
                .map(|k| k.to_string())
                .collect(),
            drop: Vec::new(),
            permalink: crate::permalink::Permalink::default(),
            timezone: chrono_tz::America::New_York,
        };
        match Config::parse(Path::new("."), Path::new("site.toml"), MINIMAL_SITE_TOML) {
            Ok(config) => Rules::for_site(&config).unwrap_or_else(|_| fallback()),
            Err(_) => fallback(),
        }
    }

    /// The site path of a statement dated `date` with `slug` and `kind`,
    /// as the build makes it; `None` when the date cannot be written.
    fn site_path(&self, date: &str, slug: &str, kind: Option<&str>) -> Option<String> {
        let at = crate::dates::from_str(date, self.timezone).ok()?.at;
        let kind_slug = kind.map(crate::permalink::slugify).unwrap_or_default();
        Some(self.permalink.site_path(&at, slug, &kind_slug))
    }

    /// The site's spelling of the kind `text` names, in any case, with or
    /// without a trailing colon, hyphens, spaces or a plural `s`.
    fn known_kind(&self, text: &str) -> Option<String> {
        fn key(s: &str) -> String {
            let k: String = s
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            k.strip_suffix('s').map(str::to_string).unwrap_or(k)
        }
        let wanted = key(text);
        if wanted.is_empty() {
            return None;
        }
        self.kinds.iter().find(|k| key(k) == wanted).cloned()
    }

    /// Is this paragraph boilerplate to drop?
    fn drops(&self, paragraph: &str) -> bool {
        self.drop.iter().any(|re| re.is_match(paragraph))
    }
}

/// One statement read from an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub title: String,
    pub date: Date,
    pub kind: Option<Kind>,
    /// The speakers, each with the role the export gives them.
    pub speakers: Vec<Speaker>,
    /// A role the export gives with nobody named.
    pub role: Option<String>,
    /// The office that issued it (`Office of the Spokesperson`).
    pub issuer: Option<String>,
    pub location: Option<String>,
    /// The publisher's release number.
    pub id: Option<String>,
    /// Where it was published (an HTML page's canonical link).
    pub source: Option<String>,
    /// The Markdown body, without a trailing newline.
    pub body: String,
}

impl Imported {
    /// The front matter fields this statement has, in file order.
    pub fn fields(&self) -> Vec<&'static str> {
        let mut out = vec!["title", "date"];
        let has = [
            ("kind", self.kind.is_some()),
            ("speaker", self.speakers.len() == 1),
            ("speakers", self.speakers.len() > 1),
            (
                "role",
                self.role.is_some() || self.speakers.len() == 1 && self.speakers[0].role.is_some(),
            ),
            (
                "roles",
                self.speakers.len() > 1 && self.speakers.iter().any(|s| s.role.is_some()),
            ),
            ("issuer", self.issuer.is_some()),
            ("location", self.location.is_some()),
            ("source", self.source.is_some()),
            ("id", self.id.is_some()),
            ("body", !self.body.is_empty()),
        ];
        out.extend(has.iter().filter(|(_, yes)| *yes).map(|(f, _)| *f));
        out
    }
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"))
}

fn is_text(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// Reads one export (`path` decides text or HTML and names it in
/// diagnostics). A statement without a title or a date is an error that
/// says why.
pub fn convert(path: &Path, bytes: &[u8], rules: &Rules) -> Result<Imported, Diagnostic> {
    let text = source::decode(bytes);
    let doc = if is_html(path) {
        source::unwrap_bulletin_page(html::document(&text))
    } else {
        source::text_document(&text)
    };
    let first_line = doc.lines.iter().find(|l| !l.is_blank()).map_or(1, |l| l.number);
    let at = |line: usize, message: String| Diagnostic::new(path, line.max(1), 1, message);
    if doc.lines.iter().all(|l| l.is_blank()) && doc.title.is_none() {
        return Err(at(1, "the file has no text".into()));
    }
    let h = header::read(&doc.lines, doc.title.as_deref(), doc.title_at, rules);
    let Some(title) = h.title.clone() else {
        return Err(at(
            first_line,
            "no title: the first line reads like body text, not a title".into(),
        )
        .with_hint("put the statement's title on its first line; pressroom does not make titles up"));
    };
    let Some(date) = h.date else {
        let (from, to) = (h.first_line.max(first_line), h.last_line);
        let seen = if to > from {
            format!("no line of the header (lines {from}–{to}) is a date")
        } else {
            "the header has no date line".to_string()
        };
        return Err(at(from, format!("no date: {seen}")).with_hint(
            "add the date on a line of its own in the header (e.g. July 5, 2017); dates are never guessed or taken from file times",
        ));
    };
    // The header's lines that fill no field open the body, each a paragraph.
    let mut lines: Vec<source::Line> = Vec::new();
    for &k in &h.kept {
        lines.push(doc.lines[k].clone());
        lines.push(source::Line::new("", 0));
    }
    lines.extend_from_slice(&doc.lines[h.body_start..]);
    let body = body::markdown(&lines, rules);
    Ok(Imported {
        title,
        date,
        kind: h.kind,
        speakers: h.speakers,
        role: h.role,
        issuer: h.issuer,
        location: h.location,
        id: h.id,
        source: doc.source_url,
        body,
    })
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The statement file for `s`: TOML front matter and the Markdown body.
/// `slug` is written when the statement's URL must not be its title's.
pub fn to_markdown(s: &Imported, slug: Option<&str>) -> String {
    let mut out = String::from("+++\n");
    out.push_str(&format!("title = {}\n", toml_str(&s.title)));
    if let Some(slug) = slug {
        out.push_str(&format!("slug = {}\n", toml_str(slug)));
    }
    out.push_str(&format!("date = {}\n", s.date.toml()));
    if let Some(kind) = s.kind.as_ref().filter(|k| k.known) {
        out.push_str(&format!("kind = {}\n", toml_str(&kind.name)));
    }
    let list = |items: Vec<&str>| items.iter().map(|m| toml_str(m)).collect::<Vec<_>>().join(", ");
    match s.speakers.as_slice() {
        [] => {}
        [one] => out.push_str(&format!("speaker = {}\n", toml_str(&one.name))),
        many => {
            out.push_str(&format!(
                "speakers = [{}]\n",
                list(many.iter().map(|m| m.name.as_str()).collect())
            ));
            if many.iter().any(|m| m.role.is_some()) {
                let roles = many
                    .iter()
                    .map(|m| m.role.as_deref().unwrap_or_default())
                    .collect();
                out.push_str(&format!("roles = [{}]\n", list(roles)));
            }
        }
    }
    let role = match s.speakers.as_slice() {
        [one] => one.role.as_ref(),
        [] => s.role.as_ref(),
        _ => None,
    };
    for (key, value) in [
        ("role", role),
        ("issuer", s.issuer.as_ref()),
        ("location", s.location.as_ref()),
        ("source", s.source.as_ref()),
        ("id", s.id.as_ref()),
    ] {
        if let Some(v) = value {
            out.push_str(&format!("{key} = {}\n", toml_str(v)));
        }
    }
    // A kind site.toml does not list would fail the build: it is kept
    // where themes can read it, until the archivist adds it to `kinds`.
    if let Some(kind) = s.kind.as_ref().filter(|k| !k.known) {
        out.push_str(&format!("[extra]\nkind = {}\n", toml_str(&kind.name)));
    }
    out.push_str("+++\n");
    if !s.body.is_empty() {
        out.push('\n');
        out.push_str(&s.body);
        out.push('\n');
    }
    out
}

/// What to import and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Files and folders of exports.
    pub sources: Vec<PathBuf>,
    /// The folder statements go into (as `YYYY/<slug>.md`).
    pub into: PathBuf,
    /// The site's content folder, when it is not `into`: its statements'
    /// URLs are taken too.
    pub content: Option<PathBuf>,
    /// Decide everything, write nothing.
    pub dry_run: bool,
    /// Replace existing files that differ.
    pub force: bool,
}

/// One statement file the import wrote (or would write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub source: PathBuf,
    pub path: PathBuf,
    pub action: Action,
}

/// Imports `options.sources`. An `Err` is a usage problem (a source that
/// does not exist, nothing to import); problems with single exports are in
/// the report's `skipped`.
pub fn import(options: &Options, rules: &Rules) -> Result<Report, String> {
    let mut report = Report::new(&options.into, options.dry_run);
    let files = collect(&options.sources, &mut report)?;
    let converted: Vec<Result<Imported, Diagnostic>> = files
        .par_iter()
        .map(|path| {
            let bytes =
                std::fs::read(path).map_err(|e| Diagnostic::file(path, format!("cannot read: {e}")))?;
            convert(path, &bytes, rules)
        })
        .collect();
    let mut taken = write::Taken::scan(
        std::iter::once(options.into.as_path()).chain(options.content.as_deref()),
        rules,
    );
    let mut seen = duplicates::Seen::default();
    for (path, result) in files.iter().zip(converted) {
        let statement = match result {
            Ok(s) => s,
            Err(d) => {
                report.skip(d);
                continue;
            }
        };
        let probable = match seen.check(path, &statement) {
            duplicates::Verdict::Same(first) => {
                report.duplicate(path, &first);
                continue;
            }
            duplicates::Verdict::Probable(first) => Some(first),
            duplicates::Verdict::New => None,
        };
        let placed = write::place(&options.into, path, &statement, options.force, &mut taken, rules)
            .and_then(|(target, action, text)| {
                if !options.dry_run {
                    write::write(path, &target, &text, action)?;
                }
                Ok((target, action))
            });
        match placed {
            Ok((target, action)) => {
                report.imported(path, &statement, target, action, probable);
            }
            Err(d) => report.skip(d),
        }
    }
    Ok(report)
}

/// The exports to read, in a stable order: sources as given, folders walked
/// in file name order; each file once.
fn collect(sources: &[PathBuf], report: &mut Report) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for source in sources {
        if source.is_dir() {
            let walker = walkdir::WalkDir::new(source)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
            for entry in walker {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        let path = e.path().unwrap_or(source).to_path_buf();
                        report.skip(Diagnostic::file(path, format!("cannot read: {e}")));
                        continue;
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                let path = entry.into_path();
                if is_text(&path) || is_html(&path) {
                    if seen.insert(path.clone()) {
                        files.push(path);
                    }
                } else {
                    report.ignored += 1;
                }
            }
        } else if source.is_file() {
            if is_text(source) || is_html(source) {
                if seen.insert(source.clone()) {
                    files.push(source.clone());
                }
            } else {
                report.skip(
                    Diagnostic::file(source, "not a .txt or .html export")
                        .with_hint("pressroom imports plain-text (.txt) and web page (.html, .htm) exports"),
                );
            }
        } else {
            return Err(format!("{} does not exist", source.display()));
        }
    }
    if files.is_empty() && report.skipped.is_empty() {
        return Err(format!(
            "there are no .txt or .html files in {}",
            sources
                .iter()
                .map(|s| s.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(files)
}
