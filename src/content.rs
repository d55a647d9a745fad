//! Content loading: the files under content/ in, [`Statement`]s out.
//!
//! Walks content/ in a stable (sorted) order, skipping hidden files and
//! editors' temporary files, splits each `*.md` into TOML front matter and a
//! Markdown body, and validates the front matter against the content
//! contract. Every problem becomes a [`Diagnostic`] at `path:line:col`,
//! counted from the top of the file. Statement URLs are decided here; whether
//! two statements share one is checked by [`check_unique_urls`].

pub mod people;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use crate::config::Config;
use crate::dates;
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::model::Statement;
use crate::paths::{is_ignored_name, rel_path};
use crate::permalink;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<toml::Spanned<String>>,
    date: Option<toml::Spanned<toml::Value>>,
    kind: Option<toml::Spanned<String>>,
    speaker: Option<toml::Spanned<String>>,
    speakers: Option<toml::Spanned<Vec<String>>>,
    role: Option<String>,
    location: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    countries: Vec<String>,
    summary: Option<String>,
    slug: Option<toml::Spanned<String>>,
    source: Option<toml::Spanned<String>>,
    id: Option<String>,
    updated: Option<toml::Spanned<toml::Value>>,
    #[serde(default)]
    aliases: Vec<toml::Spanned<String>>,
    #[serde(default)]
    draft: bool,
    extra: Option<toml::Table>,
}

/// The front matter keys of the content contract.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "date",
    "kind",
    "speaker",
    "speakers",
    "role",
    "location",
    "topics",
    "countries",
    "summary",
    "slug",
    "source",
    "id",
    "updated",
    "aliases",
    "draft",
    "extra",
];

/// Every statement file under `content_dir`, sorted by path.
pub fn discover(content_dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    if !content_dir.is_dir() {
        return Err(Diagnostic::file(content_dir, "there is no content folder")
            .with_hint("statements live in content/ beside site.toml; `pressroom new \"Title\"` writes one")
            .into());
    }
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    let walker = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                files.push(e.into_path());
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content_dir.to_path_buf());
                diags.push(Diagnostic::file(path, format!("cannot read: {e}")));
            }
        }
    }
    diags.into_result(files)
}

/// Loads every statement under content/ in parallel. Drafts are kept (the
/// caller decides).
pub fn load_all(config: &Config) -> Loaded {
    let content_dir = config.content_dir();
    let files = match discover(&content_dir) {
        Ok(f) => f,
        Err(diags) => {
            return Loaded {
                diags,
                ..Default::default()
            };
        }
    };
    let results: Vec<(String, Result<Statement, Vec<Diagnostic>>)> = files
        .par_iter()
        .map(|path| {
            let rel = rel_path(&content_dir, path);
            let parsed = std::fs::read_to_string(path)
                .map_err(|e| vec![Diagnostic::file(path, format!("cannot read: {e}"))])
                .and_then(|text| parse(path, &rel, &text, config));
            (rel, parsed)
        })
        .collect();
    let mut loaded = Loaded::default();
    for (rel, r) in results {
        match r {
            Ok(s) => loaded.statements.push(s),
            Err(d) => {
                loaded.diags.extend(d);
                loaded.failed.push(rel);
            }
        }
    }
    loaded
}

/// What loading content/ found: the statements that are valid, the
/// problems of the others, and which files those were (so that later
/// stages can go on checking the valid ones without reporting links to the
/// broken ones as missing).
#[derive(Debug, Default)]
pub struct Loaded {
    pub statements: Vec<Statement>,
    pub diags: Diagnostics,
    /// Content paths (`2017/x.md`) of the files that failed.
    pub failed: Vec<String>,
}

/// Splits a file into (front matter, byte offset of the front matter, body,
/// 1-based line of the body).
pub fn split_front_matter<'a>(
    path: &Path,
    text: &'a str,
) -> Result<(&'a str, usize, &'a str, usize), Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "+++" {
        return Err(Diagnostic::new(path, 1, 1, "the file does not start with front matter")
            .with_hint("a statement starts with a line `+++`, TOML lines (title = \"…\", date = 2017-07-05), and another `+++` line"));
    }
    let toml_start = start + first.len();
    let mut offset = toml_start;
    for (line, l) in (2..).zip(lines) {
        if l.trim_end() == "+++" {
            let body_start = offset + l.len();
            return Ok((
                &text[toml_start..offset],
                toml_start,
                &text[body_start..],
                line + 1,
            ));
        }
        offset += l.len();
    }
    Err(Diagnostic::new(path, 1, 1, "the front matter is not closed")
        .with_hint("add a line `+++` after the last front matter line"))
}

/// Parses one statement file.
pub fn parse(path: &Path, rel: &str, text: &str, config: &Config) -> Result<Statement, Vec<Diagnostic>> {
    let (toml_text, toml_start, body, body_line) = split_front_matter(path, text).map_err(|d| vec![d])?;
    let raw: RawFrontMatter = toml::from_str(toml_text)
        .map_err(|e| vec![diag::toml_error(path, text, toml_start, &e, FRONT_MATTER_KEYS)])?;
    let mut diags = Vec::new();
    let at = |span: std::ops::Range<usize>, msg: String| {
        Diagnostic::at_offset(path, text, toml_start + span.start, msg)
    };
    let front_line = |msg: &str| Diagnostic::new(path, 1, 1, msg.to_string());

    let title = match &raw.title {
        Some(t) if !t.get_ref().trim().is_empty() => t.get_ref().trim().to_string(),
        Some(t) => {
            diags.push(at(t.span(), "`title` is empty".into()).with_hint("give the statement its title"));
            String::new()
        }
        None => {
            diags.push(
                front_line("missing `title`").with_hint("add a line such as: title = \"Statement on …\""),
            );
            String::new()
        }
    };
    let date = match &raw.date {
        Some(d) => match dates::from_toml(d.get_ref(), config.timezone) {
            Ok(d) => Some(d),
            Err(msg) => {
                diags.push(at(d.span(), format!("bad `date`: {msg}")).with_hint(dates::DATE_HINT));
                None
            }
        },
        None => {
            diags.push(front_line("missing `date`").with_hint("add a line such as: date = 2017-07-05"));
            None
        }
    };
    let updated = match &raw.updated {
        Some(d) => match dates::from_toml(d.get_ref(), config.timezone) {
            Ok(d) => Some(d.at),
            Err(msg) => {
                diags.push(at(d.span(), format!("bad `updated`: {msg}")).with_hint(dates::DATE_HINT));
                None
            }
        },
        None => None,
    };
    let kind = match &raw.kind {
        Some(k) => {
            let name = k.get_ref().trim();
            match config.kinds.iter().find(|known| known.as_str() == name) {
                Some(known) => Some(known.clone()),
                None => {
                    let close = config
                        .kinds
                        .iter()
                        .find(|known| known.eq_ignore_ascii_case(name))
                        .map(String::as_str)
                        .or_else(|| diag::did_you_mean(name, config.kinds.iter().map(String::as_str)));
                    let hint = match close {
                        Some(c) => format!("did you mean \"{c}\"?"),
                        None => format!(
                            "the kinds in site.toml are: {}; add \"{name}\" to `kinds` there if it is a new one",
                            config.kinds.join(", ")
                        ),
                    };
                    diags.push(at(k.span(), format!("unknown kind \"{name}\"")).with_hint(hint));
                    None
                }
            }
        }
        None => None,
    };
    let speakers = match (&raw.speaker, &raw.speakers) {
        (Some(one), Some(many)) => {
            diags.push(
                at(many.span(), "both `speaker` and `speakers` are set".into())
                    .with_hint(format!("keep one: speakers = [\"{}\", …]", one.get_ref())),
            );
            Vec::new()
        }
        (Some(one), None) => vec![one.get_ref().clone()],
        (None, Some(many)) => many.get_ref().clone(),
        (None, None) => Vec::new(),
    };
    let speakers = clean_list(speakers);
    let slug = match &raw.slug {
        Some(s) if permalink::is_slug(s.get_ref()) => s.get_ref().clone(),
        Some(s) => {
            diags.push(
                at(s.span(), format!("`slug` \"{}\" is not a slug", s.get_ref())).with_hint(format!(
                    "use lowercase letters, digits and hyphens, e.g. \"{}\"",
                    permalink::slugify(s.get_ref())
                )),
            );
            String::new()
        }
        None => {
            let s = permalink::slugify(&title);
            if s.is_empty() && !title.is_empty() {
                diags.push(
                    front_line("the title gives an empty slug")
                        .with_hint("add a line such as: slug = \"statement-on-trade\""),
                );
            }
            s
        }
    };
    if let Some(source) = &raw.source
        && let Err((message, hint)) = crate::markdown::check_source(source.get_ref())
    {
        diags.push(at(source.span(), message).with_hint(hint));
    }
    let mut aliases = Vec::new();
    let mut alias_positions = Vec::new();
    for alias in &raw.aliases {
        let a = alias.get_ref().trim();
        if !a.starts_with('/') || a.contains("..") || a.contains(['?', '#', '\\']) || a == "/" {
            diags.push(
                at(alias.span(), format!("alias \"{a}\" is not a site path"))
                    .with_hint("write the old URL's path, such as \"/2017/07/old-title/\""),
            );
        } else {
            let mut path = a.trim_start_matches('/').to_string();
            // `/old/path` is a folder (`/old/path/`) unless it names a file.
            let last = path.rsplit('/').next().unwrap_or_default();
            if !path.ends_with('/') && !last.contains('.') {
                path.push('/');
            }
            aliases.push(path);
            alias_positions.push(diag::line_col(text, toml_start + alias.span().start));
        }
    }

    if !diags.is_empty() {
        return Err(diags);
    }
    let Some(date) = date else {
        return Err(vec![front_line("missing `date`")]);
    };
    let kind_slug = kind.as_deref().map(permalink::slugify).unwrap_or_default();
    let site_path = config.permalink.site_path(&date.at, &slug, &kind_slug);
    Ok(Statement {
        path: path.to_path_buf(),
        rel: rel.to_string(),
        title,
        date: date.at,
        has_time: date.has_time,
        kind,
        speakers,
        role: raw.role.filter(|r| !r.trim().is_empty()),
        location: raw.location.filter(|r| !r.trim().is_empty()),
        topics: clean_list(raw.topics),
        countries: clean_list(raw.countries),
        summary: raw.summary.filter(|s| !s.trim().is_empty()),
        slug,
        source: raw.source.map(toml::Spanned::into_inner),
        id: raw.id,
        updated,
        aliases,
        alias_positions,
        draft: raw.draft,
        extra: raw
            .extra
            .map(|t| serde_json::to_value(t).unwrap_or_default())
            .unwrap_or(serde_json::Value::Object(Default::default())),
        body: body.to_string(),
        body_line,
        site_path,
    })
}

/// Trims names, drops empty ones and repeats (keeping the first spelling).
fn clean_list(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for item in list {
        let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
        if !item.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&item)) {
            out.push(item);
        }
    }
    out
}

/// Two statements (or a statement and an alias) with one URL are an error,
/// reported at the later file, naming the earlier one.
pub fn check_unique_urls(statements: &[Arc<Statement>]) -> Result<(), Diagnostics> {
    let mut seen: HashMap<&str, &Statement> = HashMap::new();
    let mut diags = Diagnostics::default();
    for s in statements {
        let positions = std::iter::once((1, 1)).chain(s.alias_positions.iter().copied());
        for (path, (line, col)) in std::iter::once(&s.site_path).chain(&s.aliases).zip(positions) {
            if let Some(first) = seen.get(path.as_str()) {
                let what = if *path == s.site_path { "URL" } else { "alias" };
                diags.push(
                    Diagnostic::new(
                        &s.path,
                        line,
                        col,
                        format!(
                            "this statement's {what} /{path} is already used by {}",
                            first.path.display()
                        ),
                    )
                    .with_hint("give one of them a different `slug` in its front matter"),
                );
            } else {
                seen.insert(path, s);
            }
        }
    }
    diags.into_result(())
}

/// A statement's URL or alias may not be a page the site generates (a
/// list, an archive, a taxonomy page, a feed): `reserved` holds those
/// output files.
pub fn check_reserved_paths(
    statements: &[Arc<Statement>],
    reserved: &std::collections::HashSet<String>,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for s in statements {
        let positions = std::iter::once((1, 1)).chain(s.alias_positions.iter().copied());
        for (path, (line, col)) in std::iter::once(&s.site_path).chain(&s.aliases).zip(positions) {
            if reserved.contains(&crate::paths::output_file(path)) {
                let (what, hint) = if *path == s.site_path {
                    (
                        "URL",
                        "give the statement a `slug`, or change `permalink` in site.toml",
                    )
                } else {
                    ("alias", "remove the alias: the site already has a page there")
                };
                diags.push(
                    Diagnostic::new(
                        &s.path,
                        line,
                        col,
                        format!("this statement's {what} /{path} is a page pressroom generates"),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    diags
}
