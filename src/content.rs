//! Content loading: the files under content/ in, [`Statement`]s out.
//!
//! Walks content/ in a stable (sorted) order, skipping hidden files and
//! editors' temporary files ([`files`]), splits each `*.md` into TOML front matter and a
//! Markdown body, and validates the front matter against the content
//! contract. Every problem becomes a [`Diagnostic`] at `path:line:col`,
//! counted from the top of the file. Statement URLs are decided here, and each
//! is checked to fit the file system; whether two statements share one, or
//! a statement takes a path the site writes itself, is checked in [`urls`].

mod files;
pub mod people;
pub mod urls;

pub use files::{discover, read};
pub use urls::{Reserved, check_reserved_paths, check_unique_urls, qualify_shared_ids};

use std::path::Path;

use rayon::prelude::*;
use serde::Deserialize;

use crate::config::{Config, Taxonomy};
use crate::dates;
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::model::Statement;
use crate::paths::rel_path;
use crate::permalink;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<toml::Spanned<String>>,
    date: Option<toml::Spanned<toml::Value>>,
    kind: Option<toml::Spanned<String>>,
    speaker: Option<toml::Spanned<String>>,
    speakers: Option<toml::Spanned<Vec<String>>>,
    role: Option<toml::Spanned<String>>,
    roles: Option<toml::Spanned<Vec<String>>>,
    issuer: Option<String>,
    location: Option<String>,
    topics: Option<toml::Spanned<Vec<String>>>,
    countries: Option<toml::Spanned<Vec<String>>>,
    summary: Option<String>,
    slug: Option<toml::Spanned<String>>,
    source: Option<toml::Spanned<String>>,
    id: Option<toml::Spanned<String>>,
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
    "roles",
    "issuer",
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

/// Loads every statement under content/ in parallel. Drafts are kept (the
/// caller decides).
pub fn load_all(config: &Config) -> Loaded {
    let content_dir = config.content_dir();
    let (files, problems) = discover(&content_dir);
    let results: Vec<(String, Result<Statement, Vec<Diagnostic>>)> = files
        .par_iter()
        .map(|path| {
            let rel = rel_path(&content_dir, path);
            let parsed = read(path)
                .map_err(|d| vec![d])
                .and_then(|text| parse(path, &rel, &text, config));
            (rel, parsed)
        })
        .collect();
    let mut loaded = Loaded::default();
    loaded.diags.extend(problems);
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
            Ok(d) => Some(d),
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
    let roles = speaker_roles(&raw, speakers.len(), &at, &mut diags);
    let speakers = clean_list(speakers);
    let title_at = raw
        .title
        .as_ref()
        .map_or((1, 1), |t| diag::line_col(text, toml_start + t.span().start));
    let slug = match &raw.slug {
        Some(s) if !permalink::is_slug(s.get_ref()) => {
            diags.push(
                at(s.span(), format!("`slug` \"{}\" is not a slug", s.get_ref())).with_hint(format!(
                    "use lowercase letters, digits and hyphens, e.g. \"{}\"",
                    permalink::cut(&permalink::slugify(s.get_ref()), permalink::CUT_SLUG)
                )),
            );
            String::new()
        }
        Some(s) if s.get_ref().len() > permalink::MAX_SEGMENT => {
            diags.push(
                at(
                    s.span(),
                    format!(
                        "`slug` is {} bytes long, and one part of a URL may have at most {} (a file name, which file systems limit to 255)",
                        s.get_ref().len(),
                        permalink::MAX_SEGMENT
                    ),
                )
                .with_hint(format!(
                    "give the statement a shorter `slug`, e.g. \"{}\"",
                    permalink::cut(s.get_ref(), permalink::CUT_SLUG)
                )),
            );
            String::new()
        }
        Some(s) => s.get_ref().clone(),
        None => {
            let s = permalink::title_slug(&title);
            if s.is_empty() && !title.is_empty() {
                let (line, col) = title_at;
                diags.push(
                    Diagnostic::new(path, line, col, "the title gives an empty slug")
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
    let url_position = match &raw.slug {
        Some(s) => diag::line_col(text, toml_start + s.span().start),
        None => title_at,
    };
    let (aliases, alias_positions) = alias_paths(&raw.aliases, &at, &mut diags);
    let at_offset = |offset: usize| diag::line_col(text, toml_start + offset);
    let alias_positions = alias_positions.into_iter().map(at_offset).collect();
    let kind_slug = kind.as_deref().map(permalink::slugify).unwrap_or_default();
    let kind_in_urls = config.permalink.uses_kind() || config.has_taxonomy(Taxonomy::Kinds);
    match &raw.kind {
        Some(k) if kind_in_urls && kind_slug.len() > permalink::MAX_SEGMENT => diags.push(
            at(
                k.span(),
                format!(
                    "the kind \"{}\" is too long to be part of a URL: its slug is {} bytes, and one part of a URL may have at most {}",
                    permalink::preview(k.get_ref()),
                    kind_slug.len(),
                    permalink::MAX_SEGMENT
                ),
            )
            .with_hint("shorten this kind's name in `kinds` in site.toml, and here"),
        ),
        None if config.permalink.uses_kind() => diags.push(
            front_line("this statement has no `kind`, and site.toml's `permalink` puts `:kind` in every URL")
                .with_hint(format!(
                    "add a line such as: kind = \"{}\" (or take `:kind` out of `permalink` in site.toml)",
                    config.kinds.first().map_or("Press Statement", String::as_str)
                )),
        ),
        _ => {}
    }
    diags.extend(too_long_terms(&raw, config, &at));
    let id = raw
        .id
        .as_ref()
        .map(|i| i.get_ref().trim().to_string())
        .filter(|i| !i.is_empty());
    let (doc_id, id_path) = crate::permalink::document_id(id.as_deref(), rel);
    let id_position = match &raw.id {
        Some(i) => diag::line_col(text, toml_start + i.span().start),
        None => (1, 1),
    };
    if let Some(i) = &raw.id
        && id.is_some()
    {
        let part = id_path.trim_start_matches("id/").trim_end_matches('/');
        if part.is_empty() {
            diags.push(
                at(
                    i.span(),
                    format!(
                        "the id \"{}\" gives an empty permanent address",
                        i.get_ref().escape_debug()
                    ),
                )
                .with_hint("an id needs letters or digits, e.g. id = \"2017-0123\""),
            );
        } else if part.len() > permalink::MAX_SEGMENT {
            diags.push(
                at(
                    i.span(),
                    format!(
                        "the id is too long to be part of a URL: its slug is {} bytes, and one part of a URL may have at most {}",
                        part.len(),
                        permalink::MAX_SEGMENT
                    ),
                )
                .with_hint("shorten the id"),
            );
        }
    }

    if !diags.is_empty() {
        return Err(diags);
    }
    let Some(date) = date else {
        return Err(vec![front_line("missing `date`")]);
    };
    let site_path = config.permalink.site_path(&date.at, &slug, &kind_slug);
    if let Some(why) = permalink::too_long(&site_path) {
        let (line, col) = url_position;
        return Err(vec![
            Diagnostic::new(
                path,
                line,
                col,
                format!(
                    "this statement's URL /{} is too long: {why}",
                    permalink::preview(&site_path)
                ),
            )
            .with_hint("give the statement a shorter `slug`, or shorten `permalink` in site.toml"),
        ]);
    }
    Ok(Statement {
        path: path.to_path_buf(),
        rel: rel.to_string(),
        title,
        date: date.at,
        has_time: date.has_time,
        kind,
        speakers,
        role: raw
            .role
            .map(toml::Spanned::into_inner)
            .filter(|r| !r.trim().is_empty()),
        roles,
        issuer: raw.issuer.map(|i| i.trim().to_string()).filter(|i| !i.is_empty()),
        location: raw.location.filter(|r| !r.trim().is_empty()),
        topics: clean_list(raw.topics.map(toml::Spanned::into_inner).unwrap_or_default()),
        countries: clean_list(raw.countries.map(toml::Spanned::into_inner).unwrap_or_default()),
        summary: raw.summary.filter(|s| !s.trim().is_empty()),
        slug,
        source: raw.source.map(toml::Spanned::into_inner),
        id,
        doc_id,
        id_path,
        id_position,
        updated: updated.map(|d| d.at),
        updated_has_time: updated.is_some_and(|d| d.has_time),
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
        url_position,
    })
}

/// `roles`: one per speaker, in order (`""` for a speaker without one);
/// more roles than speakers, or `role` beside it, is an error.
fn speaker_roles(
    raw: &RawFrontMatter,
    speakers: usize,
    at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some(roles) = &raw.roles else {
        return Vec::new();
    };
    if let Some(role) = &raw.role {
        diags.push(
            at(role.span(), "both `role` and `roles` are set".into())
                .with_hint("keep `roles`, one per speaker in order: the first is the first speaker's role"),
        );
    }
    if roles.get_ref().len() > speakers {
        diags.push(
            at(
                roles.span(),
                format!(
                    "`roles` has {} entries and there {} {speakers} speaker{}",
                    roles.get_ref().len(),
                    if speakers == 1 { "is" } else { "are" },
                    if speakers == 1 { "" } else { "s" }
                ),
            )
            .with_hint(
                "give one role per speaker, in the order of `speakers` (\"\" for a speaker without one)",
            ),
        );
    }
    roles
        .get_ref()
        .iter()
        .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The site paths of the aliases (a folder ends in `/`), with the byte
/// offset of each in the front matter; a bad one is a diagnostic instead.
fn alias_paths(
    raw: &[toml::Spanned<String>],
    at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<String>, Vec<usize>) {
    let mut paths = Vec::new();
    let mut offsets = Vec::new();
    for alias in raw {
        let a = alias.get_ref().trim();
        if !a.starts_with('/') || a.contains("..") || a.contains(['?', '#', '\\']) || a == "/" {
            diags.push(
                at(
                    alias.span(),
                    format!("alias \"{}\" is not a site path", permalink::preview(a)),
                )
                .with_hint("write the old URL's path, such as \"/2017/07/old-title/\""),
            );
            continue;
        }
        if a.starts_with("/.") {
            diags.push(
                at(
                    alias.span(),
                    format!("alias \"{}\" starts with a dot", permalink::preview(a)),
                )
                .with_hint("names that start with a dot at the top of the output folder are kept for the user's own files there (such as .git): no page is written there"),
            );
            continue;
        }
        if a.contains(|c: char| c.is_control() || matches!(c, '"' | '<' | '>' | '`')) {
            diags.push(
                at(
                    alias.span(),
                    format!(
                        "alias \"{}\" has characters a URL path cannot hold",
                        permalink::preview(a)
                    ),
                )
                .with_hint(
                    "write the old URL's path as the browser showed it, such as \"/2017/07/old-title/\"",
                ),
            );
            continue;
        }
        let mut path = a.trim_start_matches('/').to_string();
        // `/old/path` is a folder (`/old/path/`) unless it names a file.
        let last = path.rsplit('/').next().unwrap_or_default();
        if !path.ends_with('/') && !last.contains('.') {
            path.push('/');
        }
        if path.contains("//") {
            diags.push(
                at(alias.span(), format!("alias \"{a}\" has an empty part (`//`)"))
                    .with_hint("write the old URL's path with single slashes"),
            );
            continue;
        }
        if let Some(why) = permalink::too_long(&path) {
            diags.push(
                at(
                    alias.span(),
                    format!("alias \"/{}\" is too long: {why}", permalink::preview(&path)),
                )
                .with_hint("shorten the alias; a file system cannot hold a page at that address"),
            );
            continue;
        }
        paths.push(path);
        offsets.push(alias.span().start);
    }
    (paths, offsets)
}

/// Each term of a taxonomy gets a page named by its slug: a speaker,
/// topic or country whose slug is too long for a file name is an error.
fn too_long_terms(
    raw: &RawFrontMatter,
    config: &Config,
    at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let lists = [
        (
            "speaker",
            raw.speaker
                .as_ref()
                .map(|s| (s.span(), std::slice::from_ref(s.get_ref()))),
            Taxonomy::Speakers,
        ),
        (
            "speakers",
            raw.speakers.as_ref().map(|s| (s.span(), s.get_ref().as_slice())),
            Taxonomy::Speakers,
        ),
        (
            "topics",
            raw.topics.as_ref().map(|s| (s.span(), s.get_ref().as_slice())),
            Taxonomy::Topics,
        ),
        (
            "countries",
            raw.countries.as_ref().map(|s| (s.span(), s.get_ref().as_slice())),
            Taxonomy::Countries,
        ),
    ];
    let mut diags = Vec::new();
    for (key, found, taxonomy) in lists {
        let Some((span, names)) = found else { continue };
        if !config.has_taxonomy(taxonomy) {
            continue;
        }
        if let Some(name) = names
            .iter()
            .find(|n| permalink::slugify(n).len() > permalink::MAX_SEGMENT)
        {
            diags.push(
                at(
                    span,
                    format!(
                        "`{key}`: \"{}\" is too long to be part of a URL (its page is {}/<its slug>/, and one part of a URL may have at most {} bytes)",
                        permalink::preview(name),
                        taxonomy.name(),
                        permalink::MAX_SEGMENT
                    ),
                )
                .with_hint("shorten it: a name of a speaker, topic or country is a few words"),
            );
        }
    }
    diags
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
