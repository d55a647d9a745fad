//! Markdown: a statement's body in, a [`Body`] (HTML, summary, heading ids,
//! references) out.
//!
//! CommonMark with tables, footnotes, strikethrough, smart punctuation and
//! heading attributes. Headings get ids (slugs of their text, made unique)
//! so that `#anchors` work. Links written `@/path/to/file.md#anchor` are
//! resolved to the target statement's URL; a missing target or anchor is a
//! diagnostic at the link's line and column in the file.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::config::BaseUrl;
use crate::diag::{self, Diagnostic};
use crate::model::{Body, LocalLink, Statement};
use crate::permalink;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Why a link does not resolve: a message and a hint.
type LinkProblem = (String, Option<String>);

/// What `@/` links can point at: every statement by its content path, with
/// its site path and heading ids.
pub struct LinkTargets<'a> {
    pub base_url: &'a BaseUrl,
    pub by_rel: HashMap<&'a str, usize>,
    pub site_paths: Vec<&'a str>,
    pub rels: Vec<&'a str>,
    pub heading_ids: &'a [&'a [String]],
    /// Files that exist but are not in this build: with a reason to give
    /// (drafts), or none when the file's own error is reported already.
    pub unavailable: &'a HashMap<String, Option<String>>,
}

impl<'a> LinkTargets<'a> {
    pub fn new(
        base_url: &'a BaseUrl,
        statements: &'a [Arc<Statement>],
        heading_ids: &'a [&'a [String]],
        unavailable: &'a HashMap<String, Option<String>>,
    ) -> Self {
        LinkTargets {
            base_url,
            by_rel: statements
                .iter()
                .enumerate()
                .map(|(i, s)| (s.rel.as_str(), i))
                .collect(),
            site_paths: statements.iter().map(|s| s.site_path.as_str()).collect(),
            rels: statements.iter().map(|s| s.rel.as_str()).collect(),
            heading_ids,
            unavailable,
        }
    }

    /// Resolves `@/rel.md#anchor` to (statement index, URL), or says why
    /// not: `Err(None)` when the target's own errors are reported already.
    fn resolve(&self, link: &str) -> Result<(usize, String), Option<LinkProblem>> {
        let target = link.trim_start_matches("@/");
        let (rel, anchor) = match target.split_once('#') {
            Some((r, a)) => (r, Some(a)),
            None => (target, None),
        };
        let Some(&index) = self.by_rel.get(rel) else {
            if let Some(reason) = self.unavailable.get(rel) {
                // A file with errors of its own is reported once, there.
                let reason = reason.as_ref().ok_or(None)?;
                return Err(Some((format!("link to `@/{rel}`, but {reason}"), None)));
            }
            let hint = diag::did_you_mean(rel, self.by_rel.keys().copied())
                .map(|close| format!("did you mean `@/{close}`?"))
                .or_else(|| {
                    Some(
                        "`@/` links name a statement's file relative to content/, e.g. @/2017/statement.md"
                            .into(),
                    )
                });
            return Err(Some((
                format!("link to `@/{rel}`, but there is no such statement"),
                hint,
            )));
        };
        let mut url = self.base_url.url(self.site_paths[index]);
        if let Some(anchor) = anchor {
            let ids = &self.heading_ids[index];
            if !ids.iter().any(|id| id == anchor) {
                let hint = match diag::did_you_mean(anchor, ids.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `#{close}`?"),
                    None if ids.is_empty() => "that statement has no headings to link to".into(),
                    None => format!(
                        "its headings are: {}",
                        ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
                    ),
                };
                return Err(Some((
                    format!("link to `@/{rel}#{anchor}`, but that statement has no heading `{anchor}`"),
                    Some(hint),
                )));
            }
            url.push('#');
            url.push_str(anchor);
        }
        Ok((index, url))
    }
}

/// The ids the headings of `body` get, in order: what anchors can target.
pub fn heading_ids(body: &str) -> Vec<String> {
    if !may_have_headings(body) {
        return Vec::new();
    }
    let mut ids = Vec::new();
    let mut used = HashSet::new();
    let mut in_heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut in_heading {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, text)) = in_heading.take() {
                    ids.push(unique_id(
                        id.unwrap_or_else(|| permalink::slugify(&text)),
                        &mut used,
                    ));
                }
            }
            _ => {}
        }
    }
    ids
}

/// False only when `body` certainly has no heading: no `#` anywhere (ATX
/// headings) and no line ending in `=` or `-` (setext underlines). Most
/// statements have none, and this spares them a Markdown parse.
fn may_have_headings(body: &str) -> bool {
    body.contains('#') || body.lines().any(|line| line.trim_end().ends_with(['=', '-']))
}

/// One heading level down (h1 → h2 …; h6 stays h6).
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Renders a statement's body, resolving its `@/` links.
pub fn render(statement: &Statement, targets: &LinkTargets) -> Result<Body, Vec<Diagnostic>> {
    let body = statement.body.as_str();
    let mut diags = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut references: Vec<String> = Vec::new();
    let mut used_ids = HashSet::new();
    let mut heading_ids = Vec::new();
    // (index of the heading's Start event, its text so far)
    let mut open_heading: Option<(usize, String)> = None;
    let mut summary = String::new();
    let mut summary_state = SummaryState::Before;
    let mut depth = 0usize;
    let mut words = 0usize;
    let mut local_links = Vec::new();

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let dest_url = match targets.resolve(&dest_url) {
                    Ok((index, url)) => {
                        let rel = &targets.rels[index];
                        if !references.iter().any(|r| r == rel) {
                            references.push(rel.to_string());
                        }
                        CowStr::from(url)
                    }
                    Err(Some((message, hint))) => {
                        diags.push(body_diagnostic(statement, range.start, message).with_hint_opt(hint));
                        dest_url
                    }
                    Err(None) => dest_url,
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                open_heading = Some((events.len(), String::new()));
                // The page's title is its only h1: body headings start at h2.
                Event::Start(Tag::Heading {
                    level: demote(level),
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = open_heading.take() {
                    set_heading_id(&mut events[start], text, &mut used_ids, &mut heading_ids);
                }
                Event::End(TagEnd::Heading(demote(level)))
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                Event::Start(with_destination(tag, |dest| {
                    if let Some(target) = local_target(&dest, targets.base_url, &statement.site_path) {
                        let (line, col) = body_line_col(statement, range.start);
                        local_links.push(LocalLink { target, line, col });
                    }
                    site_relative_or_same(dest, targets.base_url, &statement.site_path)
                }))
            }
            other => other,
        };
        match &event {
            Event::Start(Tag::Paragraph) if depth == 0 && summary_state == SummaryState::Before => {
                summary_state = SummaryState::In;
            }
            Event::End(TagEnd::Paragraph) if summary_state == SummaryState::In && depth == 1 => {
                summary_state = SummaryState::Done;
            }
            Event::Text(t) | Event::Code(t) => {
                words += t.split_whitespace().count();
                if let Some((_, text)) = &mut open_heading {
                    text.push_str(t);
                }
                if summary_state == SummaryState::In {
                    summary.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if summary_state == SummaryState::In => summary.push(' '),
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        events.push(event);
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    // Bodies are held for the whole build: not with room to spare.
    html.shrink_to_fit();
    // Feeds are read away from the site: every site link in them must be
    // absolute. Links from the site's root are made so as feeds are written
    // (see `absolutize`); a body with links relative to its own page is
    // rendered a second time, which few are.
    let needs_absolute = events.iter().any(|e| match e {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            !dest_url.starts_with('/')
                && rewrite_destination(dest_url, targets.base_url, &statement.site_path, true).is_some()
        }
        _ => false,
    });
    let feed_html = needs_absolute.then(|| {
        let mut out = String::with_capacity(html.len() + 256);
        let absolute = events.into_iter().map(|e| match e {
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                Event::Start(with_destination(tag, |dest| {
                    absolute_or_same(dest, targets.base_url, &statement.site_path)
                }))
            }
            other => other,
        });
        pulldown_cmark::html::push_html(&mut out, absolute);
        out
    });
    let summary = match &statement.summary {
        Some(s) => s.trim().to_string(),
        None => summary.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    Ok(Body {
        html,
        feed_html,
        summary,
        heading_ids,
        references,
        words,
        local_links,
    })
}

#[derive(PartialEq, Eq)]
enum SummaryState {
    Before,
    In,
    Done,
}

fn set_heading_id(start: &mut Event, text: String, used: &mut HashSet<String>, ids: &mut Vec<String>) {
    if let Event::Start(Tag::Heading { id, .. }) = start {
        let base = id
            .as_ref()
            .map(|i| i.to_string())
            .unwrap_or_else(|| permalink::slugify(&text));
        let unique = unique_id(base, used);
        ids.push(unique.clone());
        *id = Some(CowStr::from(unique));
    }
}

/// The file line and column of byte `offset` of a statement's body.
fn body_line_col(statement: &Statement, offset: usize) -> (usize, usize) {
    let (line, col) = diag::line_col(&statement.body, offset);
    (statement.body_line + line - 1, col)
}

/// A diagnostic at byte `offset` of a statement's body.
fn body_diagnostic(statement: &Statement, offset: usize, message: String) -> Diagnostic {
    let (line, col) = body_line_col(statement, offset);
    Diagnostic::new(&statement.path, line, col, message)
}

/// The site path a body link points at, when it points into the site.
fn local_target(dest: &str, base: &BaseUrl, page_site_path: &str) -> Option<String> {
    let absolute = rewrite_destination(dest, base, page_site_path, true)?;
    let site_root = base.absolute("");
    let path = absolute.strip_prefix(&site_root)?;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    Some(path.to_string())
}

/// Plain text of a Markdown snippet (for summaries and bios in feeds).
pub fn to_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options()));
    html
}

/// `html` with every `href` and `src` that starts at base_url's path made
/// absolute (`/archive/x` → `https://example.org/archive/x`).
pub fn absolutize<'a>(html: &'a str, base: &BaseUrl) -> std::borrow::Cow<'a, str> {
    let mut out = String::new();
    let mut rest = html;
    let mut changed = false;
    while let Some(i) = rest.find("=\"") {
        let (before, after) = rest.split_at(i + 2);
        let is_link = before.ends_with("href=\"") || before.ends_with("src=\"");
        out.push_str(before);
        if is_link && after.starts_with(base.path.as_str()) && !after.starts_with("//") {
            out.push_str(&base.origin);
            changed = true;
        }
        rest = after;
    }
    if !changed {
        return std::borrow::Cow::Borrowed(html);
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A link or image with its destination mapped by `f` (other tags as they are).
fn with_destination<'a>(tag: Tag<'a>, f: impl FnOnce(CowStr<'a>) -> CowStr<'a>) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: f(dest_url),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: f(dest_url),
            title,
            id,
        },
        other => other,
    }
}

fn absolute_or_same<'a>(dest: CowStr<'a>, base: &BaseUrl, page: &str) -> CowStr<'a> {
    match rewrite_destination(&dest, base, page, true) {
        Some(url) => CowStr::from(url),
        None => dest,
    }
}

fn site_relative_or_same<'a>(dest: CowStr<'a>, base: &BaseUrl, page: &str) -> CowStr<'a> {
    match rewrite_destination(&dest, base, page, false) {
        Some(url) => CowStr::from(url),
        None => dest,
    }
}

/// Where a link written in a body points, rewritten to honour base_url:
/// `/x` means the site's root (so it gains base_url's path), and, when
/// `absolute`, relative links are resolved against the page's permalink.
/// `None` when the link stays as written (external, fragment-only, or
/// relative in a page, where the browser resolves it).
pub fn rewrite_destination(
    dest: &str,
    base: &BaseUrl,
    page_site_path: &str,
    absolute: bool,
) -> Option<String> {
    let is_external = dest.contains("://")
        || dest.starts_with("//")
        || dest.starts_with('#')
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
    if is_external || dest.is_empty() {
        return None;
    }
    if let Some(root_relative) = dest.strip_prefix('/') {
        // A link that already carries base_url's path (as resolved `@/`
        // links do) is a site link as it is.
        let site_path = match dest.strip_prefix(base.path.as_str()) {
            Some(rest) if base.path != "/" => rest,
            _ => root_relative,
        };
        let url = if absolute {
            base.absolute(site_path)
        } else {
            base.url(site_path)
        };
        return (url != dest).then_some(url);
    }
    absolute.then(|| base.absolute(&join_relative(page_site_path, dest)))
}

/// Resolves a relative link against the folder of a site path.
fn join_relative(page_site_path: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = page_site_path.split('/').filter(|p| !p.is_empty()).collect();
    if !page_site_path.ends_with('/') && !page_site_path.is_empty() {
        parts.pop();
    }
    let (path, suffix) = match rel.find(['?', '#']) {
        Some(i) => (&rel[..i], &rel[i..]),
        None => (rel, ""),
    };
    let trailing = path.ends_with('/') || path.is_empty();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    out.push_str(suffix);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heading_prescan_never_misses_a_heading() {
        let bodies = [
            "# Title\n\nText.",
            "Intro.\n\n   ## Indented\n",
            "Title\n=====\n\nText.",
            "Title\n---\n",
            "> Quoted\n> =\n",
            "- item\n\n  Sub\n  --  \n",
            "> # In a quote",
            "1. # In a list",
        ];
        for body in bodies {
            assert!(!heading_ids(body).is_empty(), "parse finds a heading in {body:?}");
            assert!(may_have_headings(body), "prescan misses the heading in {body:?}");
        }
        for body in [
            "Plain text.\n\nMore text — with a dash.",
            "A - B\n\nx = y + 1 here",
        ] {
            assert!(!may_have_headings(body), "{body:?}");
            assert!(heading_ids(body).is_empty());
        }
    }

    #[test]
    fn absolutize_makes_site_links_absolute_only() {
        let base = BaseUrl::parse("https://example.org/archive/").unwrap();
        let html = r#"<a href="/archive/x/">x</a> <img src="/archive/i.png"> <a href="/other/">o</a> <a href="https://a.b/">e</a> href="/archive/ in text"#;
        assert_eq!(
            absolutize(html, &base),
            r#"<a href="https://example.org/archive/x/">x</a> <img src="https://example.org/archive/i.png"> <a href="/other/">o</a> <a href="https://a.b/">e</a> href="https://example.org/archive/ in text"#
        );
        let root = BaseUrl::parse("https://example.org/").unwrap();
        assert_eq!(
            absolutize(r#"<a href="//cdn/x">"#, &root),
            r#"<a href="//cdn/x">"#
        );
    }

    #[test]
    fn body_links_honour_base_url() {
        let base = BaseUrl::parse("https://example.org/archive/").unwrap();
        let page = "2017/07/05/x/";
        assert_eq!(rewrite_destination("https://a.b/c", &base, page, true), None);
        assert_eq!(rewrite_destination("#top", &base, page, true), None);
        assert_eq!(rewrite_destination("mailto:a@b.c", &base, page, true), None);
        assert_eq!(
            rewrite_destination("/topics/", &base, page, false).as_deref(),
            Some("/archive/topics/")
        );
        assert_eq!(
            rewrite_destination("/archive/topics/", &base, page, true).as_deref(),
            Some("https://example.org/archive/topics/")
        );
        assert_eq!(rewrite_destination("../y/", &base, page, false), None);
        assert_eq!(
            rewrite_destination("../y/#a", &base, page, true).as_deref(),
            Some("https://example.org/archive/2017/07/05/y/#a")
        );
    }
}
