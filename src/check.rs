//! Check: the rendered site in (held in memory, never written), problems
//! out — every `href` and `src` in every page that points into the site
//! must name a file the build writes, and, with `--strict`, every speaker
//! should have a people file and every people file a statement.
//!
//! [`warnings`] finds the likely mistakes that every build reports
//! without stopping, and [`summaries`] the statements whose summary says
//! nothing (for `check`).
//!
//! The HTML scanned is pressroom's own output, so a small attribute scanner
//! (quotes, comments, `<script>`/`<style>` bodies skipped) is enough; it
//! never needs to build a DOM.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use crate::config::BaseUrl;
use crate::diag::Diagnostic;
use crate::model::{Body, People, Statement};
use crate::paths;

mod warnings;

pub use warnings::{PLACEHOLDER, name_warnings, warnings, with_names};

/// The `href` and `src` values of the tags of an HTML document.
/// The `href` and `src` values of the tags of an HTML document, with the
/// byte offset of each value.
pub fn link_attributes(html: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|p| p + i) {
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        // The tag runs to the first `>` outside quotes.
        let mut j = start + 1;
        let mut quote = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'"' | b'\'') => quote = Some(bytes[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        let tag = &html[start..j.min(html.len())];
        collect_attrs(tag, start, &mut out);
        i = (j + 1).min(html.len());
        let name = tag[1..]
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("");
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            let close = format!("</{}", name.to_ascii_lowercase());
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
    }
    out
}

fn collect_attrs<'a>(tag: &'a str, tag_start: usize, out: &mut Vec<(usize, &'a str)>) {
    for attr in ["href", "src"] {
        let mut from = 0;
        while let Some(pos) = tag[from..].find(attr).map(|p| p + from) {
            from = pos + attr.len();
            let before_ok = tag[..pos].ends_with(|c: char| c.is_whitespace());
            let after = tag[from..].trim_start();
            if !before_ok || !after.starts_with('=') {
                continue;
            }
            let value = after[1..].trim_start();
            let (v, _) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => match value[1..].find(q) {
                    Some(end) => (&value[1..=end], ()),
                    None => continue,
                },
                _ => (
                    value
                        .split(|c: char| c.is_whitespace() || c == '>')
                        .next()
                        .unwrap_or(""),
                    (),
                ),
            };
            let offset = tag_start + (v.as_ptr() as usize - tag.as_ptr() as usize);
            out.push((offset, v));
        }
    }
}

/// The output file a link in a page points at, when it points into the
/// site (`None` for other hosts, `mailto:`, fragments).
pub fn site_target(link: &str, base: &BaseUrl, page_file: &str) -> Option<String> {
    let link = link.trim().replace("&amp;", "&");
    let link = link.split(['#', '?']).next().unwrap_or("");
    if link.is_empty() {
        return None;
    }
    let path = if let Some(rest) = link.strip_prefix(&base.origin) {
        // The same host outside base_url's path is another site.
        rest.strip_prefix(base.path.as_str())?.to_string()
    } else if link.contains("://") || link.starts_with("//") || link.contains(':') {
        return None;
    } else if let Some(rest) = link.strip_prefix(base.path.as_str()) {
        rest.to_string()
    } else if link.starts_with('/') {
        // Root-relative but outside base_url's path: always broken.
        return Some(link.to_string());
    } else {
        let dir = page_file.rsplit_once('/').map_or("", |(d, _)| d);
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for seg in link.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let mut p = parts.join("/");
        if link.ends_with('/') && !p.is_empty() {
            p.push('/');
        }
        p
    };
    Some(path)
}

/// A link in a rendered page: where it is, as written, and its site path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageLink {
    pub line: usize,
    pub col: usize,
    pub link: String,
    pub target: String,
}

/// The links into the site of a rendered page (see [`site_target`]), each
/// target once.
pub fn page_links(file: &str, html: &str, base: &BaseUrl) -> Vec<PageLink> {
    let mut seen = HashSet::new();
    // Offsets come in order: count lines as we go, not from the top each time.
    let (mut at, mut line, mut line_start) = (0, 1, 0);
    link_attributes(html)
        .into_iter()
        .filter_map(|(offset, link)| {
            let target = site_target(link, base, file)?;
            if !seen.insert(target.clone()) {
                return None;
            }
            for (i, b) in html.as_bytes()[at..offset].iter().enumerate() {
                if *b == b'\n' {
                    line += 1;
                    line_start = at + i + 1;
                }
            }
            at = offset;
            let col = html[line_start..offset].chars().count() + 1;
            Some(PageLink {
                line,
                col,
                link: link.to_string(),
                target,
            })
        })
        .collect()
}

/// Every link of `pages` ((output file, links)) whose target is not among
/// `files`; `out_dir` names the output folder in the diagnostics.
pub fn broken_links(
    pages: &[(String, Vec<PageLink>)],
    files: &HashSet<String>,
    out_dir: &Path,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (file, links) in pages {
        for l in links {
            let t = &l.target;
            let ok = !t.starts_with('/')
                && (files.contains(&paths::output_file(t))
                    || files.contains(t)
                    || files.contains(&format!("{t}/index.html")));
            if !ok {
                diags.push(
                    Diagnostic::new(
                        out_dir.join(file),
                        l.line,
                        l.col,
                        format!("broken link `{}`: the build writes no such file", l.link),
                    )
                    .with_hint(
                        "in a template, build links with the `url` filter or the URLs the context gives",
                    ),
                );
            }
        }
    }
    diags
}

/// `--strict`: speakers without a people file, and people files that no
/// statement's speaker matches.
pub fn strict_people(statements: &[Arc<Statement>], people: &People) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut used = vec![false; people.list.len()];
    let mut reported = HashSet::new();
    for s in statements {
        for name in &s.speakers {
            match people.find(name) {
                Some(p) => used[p] = true,
                None => {
                    if reported.insert(name.to_lowercase()) {
                        diags.push(
                            Diagnostic::file(&s.path, format!("speaker \"{name}\" has no people file"))
                                .with_hint(format!(
                                    "describe them in content/people/{}.toml (name, bio, roles), or add \"{name}\" to an existing person's aliases",
                                    crate::permalink::slugify(name)
                                )),
                        );
                    }
                }
            }
        }
    }
    for (p, used) in people.list.iter().zip(used) {
        if !used {
            diags.push(
                Diagnostic::file(&p.path, format!("no statement's speaker matches \"{}\"", p.name))
                    .with_hint("check the spelling, or add the spelling statements use to `aliases`"),
            );
        }
    }
    diags
}

/// Statements whose summary is empty or a lead-in (see
/// [`crate::markdown::summary::is_boilerplate`]): warnings, at the
/// front matter's `summary` when it has one, else at the body.
pub fn summaries(
    statements: &[Arc<Statement>],
    bodies: &[Arc<Body>],
    skip: &[regex::Regex],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (s, body) in statements.iter().zip(bodies) {
        let summary = body.summary.trim();
        if !crate::markdown::summary::is_boilerplate(summary, skip) {
            continue;
        }
        let (line, col, whose) = match &s.summary {
            Some(_) => {
                let (line, col) = summary_line(&s.path).unwrap_or((1, 1));
                (line, col, "its `summary`")
            }
            None => (s.body_line, 1, "the summary taken from its body"),
        };
        let message = if summary.is_empty() {
            "warning: the statement has no summary: its body has no paragraph of text".to_string()
        } else {
            format!(
                "warning: {whose} is a lead-in, not a summary: \"{}\"",
                crate::permalink::preview(summary)
            )
        };
        out.push(Diagnostic::new(&s.path, line, col, message).with_hint(
            "listings, link previews and feeds show the summary: write one with summary = \"…\", or add the lead-in's pattern to `[summary] skip` in site.toml",
        ));
    }
    out
}

/// The line and column of the `summary` key in the front matter of `path`.
fn summary_line(path: &Path) -> Option<(usize, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, l)| l.trim_end() != "+++")
        .find_map(|(i, l)| {
            let rest = l.trim_start().strip_prefix("summary")?;
            rest.trim_start().starts_with('=').then_some((i + 1, 1))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_attributes_but_not_comments_or_scripts() {
        let html = r#"<a href="/x/">x</a><!-- <a href="/no/"> --><img alt='a>b' src='i.png'><script>var s = '<a href="/no2/">';</script><link rel=stylesheet href=/s.css>"#;
        let values: Vec<&str> = link_attributes(html).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, vec!["/x/", "i.png", "/s.css"]);
        assert_eq!(link_attributes(html)[0].0, 9);
    }

    #[test]
    fn resolves_targets_against_base_url() {
        let base = BaseUrl::parse("https://example.org/archive/").unwrap();
        assert_eq!(
            site_target("/archive/topics/", &base, "index.html").as_deref(),
            Some("topics/")
        );
        assert_eq!(
            site_target("https://example.org/archive/a.xml", &base, "x.html").as_deref(),
            Some("a.xml")
        );
        assert_eq!(
            site_target("../b/", &base, "2017/a/index.html").as_deref(),
            Some("2017/b/")
        );
        assert_eq!(
            site_target("/elsewhere/", &base, "index.html").as_deref(),
            Some("/elsewhere/")
        );
        assert_eq!(site_target("https://other.org/", &base, "index.html"), None);
        assert_eq!(site_target("#top", &base, "index.html"), None);
    }
}
