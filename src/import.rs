//! Import: plain-text and HTML exports of statements in, statement files in
//! the content contract out (`DIR/YYYY/<slug>.md`), with a [`Report`].
//!
//! Stage: outside the build pipeline, before it; it writes what `content`
//! reads. Each export goes through [`source`] (bytes to clean lines, e-mail
//! wrapper off) or [`html`] (a page's main article to lines), then
//! [`header`] (title, kind, date, speakers, role, location, by what the
//! lines look like) and [`body`] (paragraphs, boilerplate dropped, broken
//! paragraphs rejoined, markup escaped); [`write`] finds each a free path
//! and writes it.
//!
//! Invariants: every word of a body is kept, in order (only whole
//! paragraphs matching an `[import] drop` pattern go); no field is invented
//! (a statement without a title or a date is skipped with the reason, never
//! guessed; an absent kind, speaker, role or location stays absent); nothing
//! is overwritten without `force`; the same sources give the same bytes.

mod body;
mod date;
mod header;
mod html;
mod looks;
mod source;
mod write;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use regex::Regex;

pub use date::Date;
pub use header::Kind;
pub use write::Action;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::paths::is_ignored_name;

/// What an import needs from the site: its kinds and its drop patterns.
#[derive(Debug, Clone)]
pub struct Rules {
    kinds: Vec<String>,
    drop: Vec<Regex>,
}

/// A site.toml with only the required keys: parsing it gives config.rs's
/// defaults for every other key.
const MINIMAL_SITE_TOML: &str = "title = \"-\"\nbase_url = \"https://example.org/\"\n";

impl Rules {
    /// Rules from a site's kinds and drop patterns; a pattern that is not a
    /// regular expression is returned with the parser's message.
    pub fn new(kinds: &[String], drop: &[String]) -> Result<Rules, (String, String)> {
        let drop = drop
            .iter()
            .map(|p| Regex::new(p).map_err(|e| (p.clone(), e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Rules {
            kinds: kinds.to_vec(),
            drop,
        })
    }

    /// The rules of a site without a site.toml: the default kinds and drop
    /// patterns of [`Config`].
    pub fn defaults() -> Rules {
        let (kinds, drop) = match Config::parse(Path::new("."), Path::new("site.toml"), MINIMAL_SITE_TOML) {
            Ok(config) => (config.kinds, config.import_drop),
            Err(_) => (
                crate::config::DEFAULT_KINDS
                    .iter()
                    .map(|k| k.to_string())
                    .collect(),
                Vec::new(),
            ),
        };
        Rules::new(&kinds, &drop).unwrap_or(Rules {
            kinds,
            drop: Vec::new(),
        })
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
    pub speakers: Vec<String>,
    pub role: Option<String>,
    pub location: Option<String>,
    /// The publisher's release number.
    pub id: Option<String>,
    /// Where it was published (an HTML page's canonical link).
    pub source: Option<String>,
    /// The Markdown body, without a trailing newline.
    pub body: String,
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
        html::document(&text)
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
        let line = h.title_line.max(first_line);
        let seen = if h.last_line > line {
            format!("no line of the header (lines {line}–{}) is a date", h.last_line)
        } else {
            "the header has no date line".to_string()
        };
        return Err(at(line, format!("no date: {seen}")).with_hint(
            "add the date on a line of its own after the title (e.g. July 5, 2017); dates are never guessed or taken from file times",
        ));
    };
    let body = body::markdown(&doc.lines[h.body_start..], rules);
    Ok(Imported {
        title,
        date,
        kind: h.kind,
        speakers: h.speakers,
        role: h.role,
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
pub fn to_markdown(s: &Imported) -> String {
    let mut out = String::from("+++\n");
    out.push_str(&format!("title = {}\n", toml_str(&s.title)));
    out.push_str(&format!("date = {}\n", s.date.toml()));
    if let Some(kind) = &s.kind {
        out.push_str(&format!("kind = {}\n", toml_str(&kind.name)));
    }
    match s.speakers.as_slice() {
        [] => {}
        [one] => out.push_str(&format!("speaker = {}\n", toml_str(one))),
        many => {
            let list: Vec<String> = many.iter().map(|m| toml_str(m)).collect();
            out.push_str(&format!("speakers = [{}]\n", list.join(", ")));
        }
    }
    for (key, value) in [
        ("role", &s.role),
        ("location", &s.location),
        ("source", &s.source),
        ("id", &s.id),
    ] {
        if let Some(v) = value {
            out.push_str(&format!("{key} = {}\n", toml_str(v)));
        }
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
#[derive(Debug, Clone)]
pub struct Options {
    /// Files and folders of exports.
    pub sources: Vec<PathBuf>,
    /// The folder statements go into (as `YYYY/<slug>.md`).
    pub into: PathBuf,
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

/// The fields a statement may lack, in report order.
pub const OPTIONAL_FIELDS: [&str; 5] = ["kind", "speaker", "role", "location", "body"];

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub into: PathBuf,
    pub dry_run: bool,
    pub written: Vec<Written>,
    /// The exports not imported, each with its reason.
    pub skipped: Vec<Diagnostic>,
    /// For each of [`OPTIONAL_FIELDS`], how many imported statements lack it.
    pub missing: BTreeMap<&'static str, usize>,
    /// Kinds not in site.toml, as written, with how many statements have each.
    pub unknown_kinds: BTreeMap<String, usize>,
    /// Files in the source folders that are neither text nor HTML.
    pub ignored: usize,
}

/// Imports `options.sources`. An `Err` is a usage problem (a source that
/// does not exist, nothing to import); problems with single exports are in
/// the report's `skipped`.
pub fn import(options: &Options, rules: &Rules) -> Result<Report, String> {
    let mut report = Report {
        into: options.into.clone(),
        dry_run: options.dry_run,
        missing: OPTIONAL_FIELDS.iter().map(|f| (*f, 0)).collect(),
        ..Report::default()
    };
    let files = collect(&options.sources, &mut report)?;
    let converted: Vec<Result<Imported, Diagnostic>> = files
        .par_iter()
        .map(|path| {
            let bytes =
                std::fs::read(path).map_err(|e| Diagnostic::file(path, format!("cannot read: {e}")))?;
            convert(path, &bytes, rules)
        })
        .collect();
    let mut claimed = HashSet::new();
    for (path, result) in files.iter().zip(converted) {
        let statement = match result {
            Ok(s) => s,
            Err(d) => {
                report.skipped.push(d);
                continue;
            }
        };
        let text = to_markdown(&statement);
        let placed = write::place(
            &options.into,
            path,
            &statement,
            &text,
            options.force,
            &mut claimed,
        )
        .and_then(|(target, action)| {
            if !options.dry_run {
                write::write(&target, &text, action)?;
            }
            Ok((target, action))
        });
        match placed {
            Ok((target, action)) => {
                count_missing(&statement, &mut report);
                if let Some(kind) = statement.kind.as_ref().filter(|k| !k.known) {
                    *report.unknown_kinds.entry(kind.name.clone()).or_default() += 1;
                }
                report.written.push(Written {
                    source: path.clone(),
                    path: target,
                    action,
                });
            }
            Err(d) => report.skipped.push(d),
        }
    }
    Ok(report)
}

fn count_missing(s: &Imported, report: &mut Report) {
    let lacks = [
        ("kind", s.kind.is_none()),
        ("speaker", s.speakers.is_empty()),
        ("role", s.role.is_none()),
        ("location", s.location.is_none()),
        ("body", s.body.is_empty()),
    ];
    for (field, lacking) in lacks {
        if lacking {
            *report.missing.entry(field).or_default() += 1;
        }
    }
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
                        report
                            .skipped
                            .push(Diagnostic::file(path, format!("cannot read: {e}")));
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
                report.skipped.push(
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

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |a: Action| self.written.iter().filter(|w| w.action == a).count();
        let n = self.written.len();
        writeln!(
            f,
            "{} {n} statement{} into {} ({} new, {} replaced, {} unchanged){}",
            if self.dry_run { "Would import" } else { "Imported" },
            if n == 1 { "" } else { "s" },
            self.into.display(),
            count(Action::Create),
            count(Action::Overwrite),
            count(Action::Unchanged),
            if self.dry_run {
                "; nothing was written (--dry-run)"
            } else {
                ""
            },
        )?;
        if !self.skipped.is_empty() {
            writeln!(f, "Skipped {}:", self.skipped.len())?;
            for d in &self.skipped {
                writeln!(f, "  {}", d.to_string().replace('\n', "\n  "))?;
            }
        }
        let missing: Vec<String> = OPTIONAL_FIELDS
            .iter()
            .map(|field| format!("{field} {}", self.missing.get(field).copied().unwrap_or(0)))
            .collect();
        writeln!(
            f,
            "Statements without (left absent, never guessed): {}",
            missing.join(", ")
        )?;
        if !self.unknown_kinds.is_empty() {
            let kinds: Vec<String> = self
                .unknown_kinds
                .iter()
                .map(|(k, n)| format!("\"{k}\" ({n})"))
                .collect();
            writeln!(
                f,
                "Kinds not in site.toml, written as found: {}\n  hint: add them to `kinds` in site.toml (or correct them in the files) before `pressroom build`",
                kinds.join(", ")
            )?;
        }
        if self.ignored > 0 {
            writeln!(
                f,
                "Ignored {} file(s) that are neither .txt nor .html",
                self.ignored
            )?;
        }
        Ok(())
    }
}
