//! Feeds: statements in, Atom 1.0, RSS 2.0 and JSON Feed 1.1 documents out,
//! for the whole archive and for every taxonomy term.
//!
//! Each feed is a function of the statements it lists (the newest
//! `[feeds] limit`), so an incremental rebuild can redo exactly the feeds
//! whose statements changed. XML is written by the `atom_syndication` and
//! `rss` crates (escaping by construction); characters XML forbids are
//! removed from every string first. Entry ids are stable across title
//! corrections: see [`entry_id`].

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use serde_json::json;

use crate::archive::Archive;
use crate::config::{Config, FeedFormat, Taxonomy};
use crate::model::{Body, Statement};

/// One feed to write: where, its title, and the statements it lists.
#[derive(Debug, Clone)]
pub struct FeedSpec {
    /// The folder's site path: `` for the site, `topics/syria/` for a term.
    pub dir: String,
    pub title: String,
    /// Site path of the HTML page the feed mirrors.
    pub page_path: String,
    /// Newest first, at most `[feeds] limit`.
    pub items: Vec<usize>,
}

/// Every feed of the site (formats aside).
pub fn plan(config: &Config, statements: &[Arc<Statement>], archive: &Archive) -> Vec<FeedSpec> {
    let limit = config.feeds.limit;
    let mut out = vec![FeedSpec {
        dir: String::new(),
        title: config.title.clone(),
        page_path: String::new(),
        items: (0..statements.len().min(limit)).collect(),
    }];
    if config.feeds.terms {
        for index in &archive.taxonomies {
            for term in &index.terms {
                let path = index.term_path(term);
                out.push(FeedSpec {
                    dir: path.clone(),
                    title: format!("{} — {}: {}", config.title, index.taxonomy.singular(), term.name),
                    page_path: path,
                    items: term.statements.iter().take(limit).copied().collect(),
                });
            }
        }
    }
    out
}

/// Removes the characters XML 1.0 forbids (most C0 controls, U+FFFE/F);
/// JSON Feed gets the same text, so all three formats agree.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if s.chars().any(bad) {
        Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

fn clean(s: &str) -> String {
    xml_safe(s).into_owned()
}

/// A stable id for a statement's entry. With `id` in front matter: a tag
/// URI of the site's host, the statement's date and that id. Otherwise the
/// permalink it was first published at: its first alias when it has
/// aliases (a corrected title adds the old URL there), else its permalink.
pub fn entry_id(s: &Statement, config: &Config) -> String {
    let base = &config.base_url;
    if let Some(id) = &s.id {
        let host = base.origin.split("://").nth(1).unwrap_or(&base.origin);
        let host = host.split(':').next().unwrap_or(host);
        return format!("tag:{host},{}:{}", s.date.format("%Y-%m-%d"), id.trim());
    }
    match s.aliases.first() {
        Some(first) => base.absolute(first),
        None => base.absolute(&s.site_path),
    }
}

/// The body HTML as a feed shows it: links absolute.
fn content_html(body: &Body) -> &str {
    body.feed_html.as_deref().unwrap_or(&body.html)
}

/// A view of one statement as a feed entry.
struct EntryData<'a> {
    s: &'a Statement,
    body: &'a Body,
    id: String,
    url: String,
    categories: Vec<(Taxonomy, &'a str, Option<String>)>,
    authors: Vec<(&'a str, Option<String>)>,
}

fn entries<'a>(
    spec: &FeedSpec,
    config: &Config,
    statements: &'a [Arc<Statement>],
    bodies: &'a [Arc<Body>],
    archive: &Archive,
) -> Vec<EntryData<'a>> {
    let base = &config.base_url;
    let term_url = |t: Taxonomy, name: &str| {
        archive
            .taxonomy(t)
            .and_then(|ix| ix.find(name).map(|term| base.absolute(&ix.term_path(term))))
    };
    spec.items
        .iter()
        .map(|&i| {
            let s = &statements[i];
            let mut categories = Vec::new();
            if let Some(kind) = &s.kind {
                categories.push((Taxonomy::Kinds, kind.as_str(), term_url(Taxonomy::Kinds, kind)));
            }
            for topic in &s.topics {
                categories.push((
                    Taxonomy::Topics,
                    topic.as_str(),
                    term_url(Taxonomy::Topics, topic),
                ));
            }
            EntryData {
                s,
                body: &bodies[i],
                id: entry_id(s, config),
                url: base.absolute(&s.site_path),
                categories,
                authors: s
                    .speakers
                    .iter()
                    .map(|n| (n.as_str(), term_url(Taxonomy::Speakers, n)))
                    .collect(),
            }
        })
        .collect()
}

/// Feed-level "updated": the newest entry's last change (the epoch for an
/// empty feed, so that output stays deterministic).
fn feed_updated(entries: &[EntryData]) -> DateTime<FixedOffset> {
    entries
        .iter()
        .map(|e| e.s.last_modified())
        .max()
        .unwrap_or_else(|| DateTime::UNIX_EPOCH.fixed_offset())
}

/// Renders one feed in one format: (output file, bytes).
pub fn render(
    spec: &FeedSpec,
    format: FeedFormat,
    config: &Config,
    statements: &[Arc<Statement>],
    bodies: &[Arc<Body>],
    archive: &Archive,
) -> (String, Vec<u8>) {
    let entries = entries(spec, config, statements, bodies, archive);
    let file = format!("{}{}", spec.dir, format.file_name());
    let bytes = match format {
        FeedFormat::Atom => atom(spec, config, &entries, &file),
        FeedFormat::Rss => rss(spec, config, &entries, &file),
        FeedFormat::Json => json_feed(spec, config, &entries, &file),
    };
    (file, bytes)
}

fn atom(spec: &FeedSpec, config: &Config, entries: &[EntryData], file: &str) -> Vec<u8> {
    use atom_syndication as a;
    let base = &config.base_url;
    let link = |href: String, rel: &str, mime: &str| a::Link {
        href,
        rel: rel.into(),
        mime_type: Some(mime.into()),
        ..Default::default()
    };
    let feed = a::Feed {
        title: a::Text::plain(clean(&spec.title)),
        id: base.absolute(file),
        updated: feed_updated(entries),
        links: vec![
            link(base.absolute(&spec.page_path), "alternate", "text/html"),
            link(base.absolute(file), "self", FeedFormat::Atom.mime()),
        ],
        subtitle: (!config.description.is_empty()).then(|| a::Text::plain(clean(&config.description))),
        generator: Some(a::Generator {
            value: "pressroom".into(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        lang: Some(config.language.clone()),
        entries: entries
            .iter()
            .map(|e| a::Entry {
                title: a::Text::plain(clean(&e.s.title)),
                id: e.id.clone(),
                updated: e.s.last_modified(),
                published: Some(e.s.date),
                authors: e
                    .authors
                    .iter()
                    .map(|(name, uri)| a::Person {
                        name: clean(name),
                        uri: uri.clone(),
                        ..Default::default()
                    })
                    .collect(),
                categories: e
                    .categories
                    .iter()
                    .map(|(t, name, url)| a::Category {
                        term: clean(name),
                        scheme: url.as_ref().map(|_| base.absolute(&format!("{}/", t.name()))),
                        label: Some(clean(name)),
                    })
                    .collect(),
                links: vec![link(e.url.clone(), "alternate", "text/html")],
                summary: (!e.body.summary.is_empty()).then(|| a::Text::plain(clean(&e.body.summary))),
                content: config.feeds.full_content.then(|| a::Content {
                    value: Some(clean(content_html(e.body))),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let mut out = feed.to_string().into_bytes();
    out.push(b'\n');
    out
}

fn rss(spec: &FeedSpec, config: &Config, entries: &[EntryData], file: &str) -> Vec<u8> {
    use rss::extension::atom::{AtomExtension, Link};
    use rss::extension::dublincore::DublinCoreExtension;
    let base = &config.base_url;
    let description = if config.description.is_empty() {
        spec.title.clone()
    } else {
        config.description.clone()
    };
    let channel = rss::Channel {
        title: clean(&spec.title),
        link: base.absolute(&spec.page_path),
        description: clean(&description),
        language: Some(config.language.clone()),
        last_build_date: Some(feed_updated(entries).to_rfc2822()),
        generator: Some(concat!("pressroom ", env!("CARGO_PKG_VERSION")).into()),
        atom_ext: Some(AtomExtension {
            links: vec![Link {
                href: base.absolute(file),
                rel: "self".into(),
                mime_type: Some(FeedFormat::Rss.mime().into()),
                ..Default::default()
            }],
        }),
        items: entries
            .iter()
            .map(|e| rss::Item {
                title: Some(clean(&e.s.title)),
                link: Some(e.url.clone()),
                description: Some(clean(&e.body.summary)),
                content: config.feeds.full_content.then(|| clean(content_html(e.body))),
                guid: Some(rss::Guid {
                    value: e.id.clone(),
                    permalink: e.id == e.url,
                }),
                pub_date: Some(e.s.date.to_rfc2822()),
                categories: e
                    .categories
                    .iter()
                    .map(|(t, name, _)| rss::Category {
                        name: clean(name),
                        domain: Some(base.absolute(&format!("{}/", t.name()))),
                    })
                    .collect(),
                dublin_core_ext: (!e.authors.is_empty()).then(|| DublinCoreExtension {
                    creators: e.authors.iter().map(|(n, _)| clean(n)).collect(),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    // Writing to memory cannot fail; an empty file would fail the tests.
    let mut out = channel.write_to(Vec::new()).unwrap_or_default();
    out.push(b'\n');
    out
}

fn json_feed(spec: &FeedSpec, config: &Config, entries: &[EntryData], file: &str) -> Vec<u8> {
    let base = &config.base_url;
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let mut tags: Vec<&str> = e.categories.iter().map(|(_, n, _)| *n).collect();
            tags.dedup();
            let mut item = json!({
                "id": e.id,
                "url": e.url,
                "title": clean(&e.s.title),
                "summary": clean(&e.body.summary),
                "date_published": e.s.date.to_rfc3339(),
                "date_modified": e.s.last_modified().to_rfc3339(),
                "authors": e
                    .authors
                    .iter()
                    .map(|(n, u)| match u {
                        Some(u) => json!({"name": n, "url": u}),
                        None => json!({"name": n}),
                    })
                    .collect::<Vec<_>>(),
                "tags": tags,
                "language": config.language,
            });
            if config.feeds.full_content {
                item["content_html"] = json!(clean(content_html(e.body)));
            } else {
                item["content_text"] = json!(clean(&e.body.summary));
            }
            item
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": spec.title,
        "home_page_url": base.absolute(&spec.page_path),
        "feed_url": base.absolute(file),
        "description": config.description,
        "language": config.language,
        "items": items,
    });
    let mut out = serde_json::to_vec_pretty(&feed).unwrap_or_default();
    out.push(b'\n');
    out
}
