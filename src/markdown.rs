//! Markdown: a statement's body in, a [`Body`] (HTML, summary, heading ids,
//! references) out.
//!
//! CommonMark with tables, footnotes, strikethrough, smart punctuation and
//! heading attributes. Headings get ids (slugs of their text, made unique)
//! so that `#anchors` work. Links written `@/path/to/file.md#anchor` are
//! resolved to the target statement's URL; a missing target or anchor is a
//! diagnostic at the link's line and column in the file.
//!
//! What an author did not write as Markdown never becomes markup: raw HTML
//! in a body is escaped (shown as text; comments left out), dropped or
//! kept as `[markdown] raw_html` says, and heading attributes other than `{#id .class}` are
//! kept only with `keep`. Links and images whose scheme runs code
//! (`javascript:`, `vbscript:`, `data:` but for images) are diagnostics in
//! bodies and plain text in bios; [`check_source`] and [`check_static_path`]
//! hold front matter's URLs to the same rule.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::config::{BaseUrl, Config, RawHtml};
use crate::diag::{self, Diagnostic};
use crate::model::{Body, LocalLink, Statement};
use crate::permalink;

pub mod summary;

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
    /// What raw HTML in a body becomes.
    pub raw_html: RawHtml,
    /// The lead-in sentences a default summary skips (`[summary] skip`).
    pub summary_skip: &'a [regex::Regex],
    pub by_rel: foldhash::HashMap<&'a str, usize>,
    pub site_paths: Vec<&'a str>,
    pub rels: Vec<&'a str>,
    pub heading_ids: &'a [&'a [String]],
    /// Files that exist but are not in this build: with a reason to give
    /// (drafts), or none when the file's own error is reported already.
    pub unavailable: &'a HashMap<String, Option<String>>,
}

impl<'a> LinkTargets<'a> {
    pub fn new(
        config: &'a Config,
        statements: &'a [Arc<Statement>],
        heading_ids: &'a [&'a [String]],
        unavailable: &'a HashMap<String, Option<String>>,
    ) -> Self {
        LinkTargets {
            base_url: &config.base_url,
            raw_html: config.raw_html,
            summary_skip: &config.summary_skip,
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
    // Lines end at LF, CRLF or a lone CR, as in CommonMark.
    body.contains('#')
        || body
            .split(['\n', '\r'])
            .any(|line| line.trim_end().ends_with(['=', '-']))
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
    let mut unresolved: Vec<String> = Vec::new();
    let mut used_ids = HashSet::new();
    let mut heading_ids = Vec::new();
    // (index of the heading's Start event, its text so far)
    let mut open_heading: Option<(usize, String)> = None;
    // The first top-level paragraphs, as plain text, for the summary.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut in_paragraph = false;
    let mut depth = 0usize;
    let mut words = 0usize;
    let mut local_links = Vec::new();

    let mut raw_html = RawHtmlFilter::new(targets.raw_html);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        // Raw HTML turned to text is shown, but, as when it is kept, is
        // no part of the summary, the word count or heading ids.
        let Some((event, from_html)) = raw_html.event(event) else {
            continue;
        };
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
                    Err(None) => {
                        let target = dest_url.trim_start_matches("@/");
                        unresolved.push(target.split('#').next().unwrap_or(target).to_string());
                        dest_url
                    }
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
                    attrs: heading_attrs(attrs, targets.raw_html),
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = open_heading.take() {
                    set_heading_id(&mut events[start], text, &mut used_ids, &mut heading_ids);
                }
                Event::End(TagEnd::Heading(demote(level)))
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let image = matches!(tag, Tag::Image { .. });
                Event::Start(with_destination(tag, |dest| {
                    if let Some(scheme) = unsafe_scheme(&dest, image) {
                        diags.push(unsafe_link_diagnostic(
                            statement,
                            range.start,
                            &dest,
                            &scheme,
                            image,
                        ));
                    }
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
            _ if from_html => {}
            Event::Start(Tag::Paragraph) if depth == 0 && paragraphs.len() < summary::PARAGRAPHS => {
                in_paragraph = true;
                paragraphs.push(String::new());
            }
            Event::End(TagEnd::Paragraph) if in_paragraph && depth == 1 => in_paragraph = false,
            Event::Text(t) | Event::Code(t) => {
                words += t.split_whitespace().count();
                if let Some((_, text)) = &mut open_heading {
                    text.push_str(t);
                }
                if in_paragraph && let Some(p) = paragraphs.last_mut() {
                    p.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if in_paragraph => {
                if let Some(p) = paragraphs.last_mut() {
                    p.push(' ');
                }
            }
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
        None => summary::default_summary(&paragraphs, targets.summary_skip),
    };
    Ok(Body {
        html: crate::model::Html::new(crate::model::Rendered { html, feed_html }),
        summary,
        heading_ids,
        references,
        unresolved,
        words,
        local_links,
    })
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

/// The HTML of a Markdown snippet (a person's bio, the `markdown` filter),
/// with raw HTML as `raw_html` says. It has no place to report problems:
/// a link or image whose scheme runs code is shown as its text.
pub fn to_html(markdown: &str, raw_html: RawHtml) -> String {
    // For each open link and image: whether it is left out.
    let mut open: Vec<bool> = Vec::new();
    let mut filter = RawHtmlFilter::new(raw_html);
    let events = Parser::new_ext(markdown, options()).filter_map(|event| {
        let (event, _) = filter.event(event)?;
        let keep = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let image = matches!(event, Event::Start(Tag::Image { .. }));
                let unsafe_ = unsafe_scheme(dest_url, image).is_some();
                open.push(unsafe_);
                !unsafe_
            }
            Event::End(TagEnd::Link | TagEnd::Image) => open.pop() != Some(true),
            _ => true,
        };
        keep.then(|| match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: heading_attrs(attrs, raw_html),
            }),
            other => other,
        })
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Raw HTML as `[markdown] raw_html` has it, one event at a time.
///
/// With `escape`, inline HTML becomes text, and a block of HTML (which the
/// parser gives line by line) a paragraph of its text, written here as
/// escaped HTML. HTML comments are left out: they show in no browser, and
/// an archivist's `<!-- note -->` must not appear on the page.
struct RawHtmlFilter {
    policy: RawHtml,
    /// The text of the HTML block being read (`escape` only).
    block: Option<String>,
}

impl RawHtmlFilter {
    fn new(policy: RawHtml) -> Self {
        RawHtmlFilter { policy, block: None }
    }

    /// `None` when the event is left out, else the event and whether it
    /// was raw HTML (then no part of summaries, word counts or heading ids).
    fn event<'a>(&mut self, event: Event<'a>) -> Option<(Event<'a>, bool)> {
        match (self.policy, event) {
            (RawHtml::Keep, event) => Some((event, false)),
            (RawHtml::Drop, Event::Html(_) | Event::InlineHtml(_)) => None,
            (RawHtml::Drop, Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock)) => None,
            (RawHtml::Escape, Event::Start(Tag::HtmlBlock)) => {
                self.block = Some(String::new());
                None
            }
            (RawHtml::Escape, Event::Html(html)) => {
                self.block.get_or_insert_default().push_str(&html);
                None
            }
            (RawHtml::Escape, Event::End(TagEnd::HtmlBlock)) => {
                let text = self.block.take().unwrap_or_default();
                let text = text.trim();
                (!is_comment(text)).then(|| {
                    let html = format!("<p>{}</p>\n", escape_html(text));
                    (Event::Html(html.into()), true)
                })
            }
            (RawHtml::Escape, Event::InlineHtml(html)) => {
                (!is_comment(&html)).then_some((Event::Text(html), true))
            }
            (_, event) => Some((event, false)),
        }
    }
}

/// True when `html` is one HTML comment (or a few, with space between).
fn is_comment(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return false,
        }
    }
    rest.is_empty() && !html.trim().is_empty()
}

/// A heading's `key=value` attributes (`# Title {onclick=…}`) are raw
/// HTML by another name: kept only when raw HTML is. `{#id .class}` stay.
fn heading_attrs<'a>(
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    policy: RawHtml,
) -> Vec<(CowStr<'a>, Option<CowStr<'a>>)> {
    if policy == RawHtml::Keep {
        attrs
    } else {
        Vec::new()
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped: plain text made safe
/// to put in HTML, where it shows as the same characters.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A URL's scheme as a browser reads it (which ignores ASCII whitespace
/// and control characters in it, and case), and the rest: `None` for a
/// relative URL.
fn scheme_of(url: &str) -> Option<(String, String)> {
    let url: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (starts_with_letter && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then(|| (scheme.to_ascii_lowercase(), rest.to_string()))
}

/// The scheme of a link or image destination that would run code in the
/// reader's browser or open a document we did not write: `javascript:`,
/// `vbscript:`, and `data:` (but `data:image/…` for an image).
pub fn unsafe_scheme(dest: &str, image: bool) -> Option<String> {
    let (scheme, rest) = scheme_of(dest)?;
    let unsafe_ = match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => !(image && rest.to_ascii_lowercase().starts_with("image/")),
        _ => false,
    };
    unsafe_.then_some(scheme)
}

fn unsafe_link_diagnostic(
    statement: &Statement,
    offset: usize,
    dest: &str,
    scheme: &str,
    image: bool,
) -> Diagnostic {
    let what = if image { "an image from" } else { "a link to" };
    body_diagnostic(
        statement,
        offset,
        format!("{what} `{dest}`: `{scheme}:` addresses can run code in the reader's browser"),
    )
    .with_hint(if image {
        "use an image under static/ or at an https:// address"
    } else {
        "link to an https:// address or a page of the site, or keep the words without the link: [words](…) → words"
    })
}

/// A message and a hint: why a URL from front matter cannot be used.
pub type UrlProblem = (String, String);

/// Characters a URL cannot hold as they are (they must be
/// percent-encoded), with whitespace and control characters: a browser
/// would read the URL otherwise than it is written.
fn has_unurl_chars(url: &str) -> bool {
    url.chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c))
}

/// A statement's `source` must be an `https://`, `http://` or `mailto:`
/// address: it becomes a link on the statement's page.
pub fn check_source(url: &str) -> Result<(), UrlProblem> {
    let example =
        "write the address the original was published at, e.g. source = \"https://www.state.gov/…\"";
    if has_unurl_chars(url) {
        return Err((
            format!(
                "`source` \"{}\" has spaces, quotes or other characters a web address cannot hold",
                url.escape_debug()
            ),
            "copy the address from the browser's address bar (a space is written %20)".into(),
        ));
    }
    match scheme_of(url) {
        Some((scheme, rest)) if scheme == "http" || scheme == "https" => {
            let host = rest
                .strip_prefix("//")
                .map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
            if host.is_some_and(|h| !h.is_empty()) {
                Ok(())
            } else {
                Err((format!("`source` \"{url}\" has no host name"), example.into()))
            }
        }
        Some((scheme, rest)) if scheme == "mailto" && !rest.is_empty() => Ok(()),
        Some((scheme, _)) => Err((
            format!(
                "`source` \"{url}\" is a `{scheme}:` address; a source must be an https://, http:// or mailto: address"
            ),
            format!("{example}, or remove `source` if there is none"),
        )),
        None => Err((
            format!("`source` \"{url}\" is not a full web address"),
            example.into(),
        )),
    }
}

/// A person's `image` must be a plain path of a file under static/
/// (`people/tillerson.jpg`): no scheme, no `.` or `..` segments, nothing a
/// browser would read otherwise.
pub fn check_static_path(path: &str) -> Result<(), UrlProblem> {
    let hint = "write the path of the image under static/, e.g. image = \"people/tillerson.jpg\"";
    let problem = if path.trim().is_empty() {
        Some("is empty")
    } else if has_unurl_chars(path) || path.contains(['?', '#', ':']) {
        Some("is not a file path (it has a scheme, spaces, quotes, `?` or `#`)")
    } else if path.starts_with("//") {
        Some("is an address on another site, not a path under static/")
    } else if path.split('/').any(|seg| seg == "." || seg == "..") {
        Some("has `.` or `..` in it: it must name a file under static/")
    } else {
        None
    };
    match problem {
        Some(problem) => Err((
            format!("`image` \"{}\" {problem}", path.escape_debug()),
            hint.into(),
        )),
        None => Ok(()),
    }
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
            // Lines ended by a lone CR (found by fuzzing).
            "Heading\r===\rmore",
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
    fn snippets_show_unsafe_links_and_images_as_their_text() {
        let html = to_html(
            "[![a](javascript:x)](https://ok.example/) [b ![c](/c.png) d](javascript:y) ![e](data:image/png;base64,AA==)",
            RawHtml::Escape,
        );
        assert_eq!(
            html,
            "<p><a href=\"https://ok.example/\">a</a> b <img src=\"/c.png\" alt=\"c\" /> d <img src=\"data:image/png;base64,AA==\" alt=\"e\" /></p>\n"
        );
        assert_eq!(
            to_html("# T {onclick=x}\n\n<b>x</b>", RawHtml::Escape),
            "<h1>T</h1>\n<p>&lt;b&gt;x&lt;/b&gt;</p>\n"
        );
        assert_eq!(to_html("<b>x</b>", RawHtml::Drop), "<p>x</p>\n");
        assert_eq!(
            to_html(
                "<div class=\"a\">\n'x' & y\n</div>\n\n<!-- a\nnote -->\n\nText <!-- b --> here.",
                RawHtml::Escape
            ),
            "<p>&lt;div class=&quot;a&quot;&gt;\n&#39;x&#39; &amp; y\n&lt;/div&gt;</p>\n<p>Text  here.</p>\n"
        );
        assert_eq!(to_html("<b>x</b>", RawHtml::Keep), "<p><b>x</b></p>\n");
    }

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        for bad in [
            "javascript:x",
            " JavaScript:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,x",
        ] {
            assert!(unsafe_scheme(bad, false).is_some(), "{bad:?}");
        }
        for fine in [
            "https://a.example/",
            "mailto:a@b.example",
            "/x:y",
            "x/javascript:y",
            "#javascript:x",
            "?javascript:x",
        ] {
            assert_eq!(unsafe_scheme(fine, false), None, "{fine:?}");
        }
        assert_eq!(unsafe_scheme("data:image/png;base64,AA==", true), None);
        assert!(unsafe_scheme("data:image/png;base64,AA==", false).is_some());
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
