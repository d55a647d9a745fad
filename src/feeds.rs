//! Feeds: statements in, Atom 1.0, RSS 2.0 and JSON Feed 1.1 documents out,
//! for the whole archive and for every taxonomy term.
//!
//! Each feed is a function of the statements it lists (the newest
//! `[feeds] limit`), so an incremental rebuild can redo exactly the feeds
//! whose statements changed. XML is written by the `atom_syndication` and
//! `rss` crates (escaping by construction); characters XML forbids are
//! removed from every string first. Entry ids are stable across title
//! corrections: see [`entry_id`].
//!
//! What is text and what is HTML: titles, names and summaries are plain
//! text; only the rendered body is HTML. Atom and JSON Feed say so by
//! type, but RSS's `<description>` is HTML by definition, so the summary
//! is HTML-escaped before it goes there: `<img onerror=…>` in a summary
//! reaches a reader as those characters, never as an element.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::OnceLock;

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};
use serde_json::json;

use crate::archive::{Archive, TaxonomyIndex, Term};
use crate::config::{Config, FeedFormat, Taxonomy};
use crate::key::Key;
use crate::model::{Body, Statement};

/// One feed to write: where, its title, and the statements it lists.
#[derive(Debug, Clone, serde::Serialize)]
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
    let mut out = vec![site_feed(config, statements)];
    if config.feeds.terms {
        for index in &archive.taxonomies {
            out.extend(index.terms.iter().map(|term| term_feed(config, index, term)));
        }
    }
    out
}

/// The feeds that list statement `i` (a subset of [`plan`]).
pub fn plan_for(
    config: &Config,
    statements: &[Arc<Statement>],
    archive: &Archive,
    i: usize,
) -> Vec<FeedSpec> {
    let limit = config.feeds.limit;
    let mut out = Vec::new();
    if i < limit {
        out.push(site_feed(config, statements));
    }
    if config.feeds.terms {
        for index in &archive.taxonomies {
            for name in statements[i].terms(index.taxonomy) {
                if let Some(term) = index.find(name)
                    && term.statements.iter().take(limit).any(|&j| j == i)
                {
                    out.push(term_feed(config, index, term));
                }
            }
        }
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out.dedup_by(|a, b| a.dir == b.dir);
    out
}

fn site_feed(config: &Config, statements: &[Arc<Statement>]) -> FeedSpec {
    FeedSpec {
        dir: String::new(),
        title: config.title.clone(),
        page_path: String::new(),
        items: (0..statements.len().min(config.feeds.limit)).collect(),
    }
}

fn term_feed(config: &Config, index: &TaxonomyIndex, term: &Term) -> FeedSpec {
    let path = index.term_path(term);
    FeedSpec {
        dir: path.clone(),
        title: format!("{} — {}: {}", config.title, index.taxonomy.singular(), term.name),
        page_path: path,
        items: term.statements.iter().take(config.feeds.limit).copied().collect(),
    }
}

/// Removes the characters XML 1.0 forbids (most C0 controls, U+FFFE/F);
/// JSON Feed gets the same text, so all three formats agree.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    // A byte scan finds nearly every text clean without decoding it:
    // forbidden characters are ASCII controls or start with byte 0xEF.
    let suspect = s
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xef);
    if suspect && s.chars().any(bad) {
        Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

fn clean(s: &str) -> String {
    xml_safe(s).into_owned()
}

/// An RFC 2822 date, or `None` for one it cannot write (a year outside
/// 0000–9999): content validation refuses those, and a feed without a
/// `pubDate` is better than a panic if one gets through.
fn rfc2822(date: &DateTime<FixedOffset>) -> Option<String> {
    use chrono::format::{Fixed, Item};
    let mut out = String::new();
    write!(
        out,
        "{}",
        date.format_with_items([Item::Fixed(Fixed::RFC2822)].iter())
    )
    .ok()?;
    Some(out)
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
fn content_html<'b>(body: &'b Body, config: &Config) -> Cow<'b, str> {
    let rendered = body.html.get();
    match &rendered.feed_html {
        Some(html) => Cow::Borrowed(html),
        None => crate::markdown::absolutize(&rendered.html, &config.base_url),
    }
}

/// A view of one statement as a feed entry: all an entry is written from
/// (with the configuration), and so what its key is made of.
#[derive(serde::Serialize)]
struct EntryData<'a> {
    s: &'a Statement,
    body: &'a Body,
    id: String,
    url: String,
    categories: Vec<(Taxonomy, &'a str, Option<String>)>,
    authors: Vec<(&'a str, Option<String>)>,
}

/// Every statement's entry, written once per format and shared by all the
/// feeds that list it (a statement is in the site's feed and in a feed per
/// term: writing it once instead of for each is most of a build's saving).
pub struct Entries<'a> {
    config: &'a Config,
    statements: &'a [Arc<Statement>],
    bodies: &'a [Arc<Body>],
    archive: &'a Archive,
    cells: Vec<[OnceLock<String>; 3]>,
    keys: Vec<OnceLock<Key>>,
}

impl<'a> Entries<'a> {
    pub fn new(
        config: &'a Config,
        statements: &'a [Arc<Statement>],
        bodies: &'a [Arc<Body>],
        archive: &'a Archive,
    ) -> Entries<'a> {
        let cells = statements.iter().map(|_| Default::default()).collect();
        let keys = statements.iter().map(|_| OnceLock::new()).collect();
        Entries {
            config,
            statements,
            bodies,
            archive,
            cells,
            keys,
        }
    }

    fn data(&self, i: usize) -> EntryData<'a> {
        let base = &self.config.base_url;
        let archive = self.archive;
        let term_url = |t: Taxonomy, name: &str| {
            archive
                .taxonomy(t)
                .and_then(|ix| ix.find(name).map(|term| base.absolute(&ix.term_path(term))))
        };
        let s: &'a Statement = &self.statements[i];
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
            body: &self.bodies[i],
            id: entry_id(s, self.config),
            url: base.absolute(&s.site_path),
            categories,
            authors: s
                .speakers
                .iter()
                .map(|n| (n.as_str(), term_url(Taxonomy::Speakers, n)))
                .collect(),
        }
    }

    /// Gives statement `i`'s entry the key it is known to have.
    pub fn seed(&self, i: usize, key: Key) {
        let _ = self.keys[i].set(key);
    }

    /// The keys of the entries worked out so far, by statement.
    pub fn keys(&self) -> Vec<Option<Key>> {
        self.keys.iter().map(|k| k.get().copied()).collect()
    }

    /// Statement `i`'s entry in `format`, written on first use.
    fn get(&self, i: usize, format: FeedFormat) -> &str {
        let slot = match format {
            FeedFormat::Atom => 0,
            FeedFormat::Rss => 1,
            FeedFormat::Json => 2,
        };
        self.cells[i][slot].get_or_init(|| {
            let e = self.data(i);
            match format {
                FeedFormat::Atom => atom_entry(self.config, &e),
                FeedFormat::Rss => rss_item(self.config, &e),
                FeedFormat::Json => json_item(self.config, &e),
            }
        })
    }
}

/// The key of one feed in one format: of this version of pressroom, the
/// configuration, the feed's plan and each entry's data (computed once
/// per statement and shared by the feeds that list it).
pub fn key(spec: &FeedSpec, format: FeedFormat, entries: &Entries) -> Key {
    let items: Vec<Key> = spec
        .items
        .iter()
        .map(|&i| *entries.keys[i].get_or_init(|| crate::key::of(&entries.data(i))))
        .collect();
    crate::key::of(&(
        env!("CARGO_PKG_VERSION"),
        entries.config.key,
        format.name(),
        spec,
        items,
    ))
}

/// Feed-level "updated": the newest entry's last change (the epoch for an
/// empty feed, so that output stays deterministic).
fn feed_updated(spec: &FeedSpec, statements: &[Arc<Statement>]) -> DateTime<FixedOffset> {
    spec.items
        .iter()
        .map(|&i| statements[i].last_modified())
        .max()
        .unwrap_or_else(|| DateTime::UNIX_EPOCH.fixed_offset())
}

/// Renders one feed in one format: (output file, bytes).
pub fn render(spec: &FeedSpec, format: FeedFormat, entries: &Entries) -> (String, Vec<u8>) {
    let file = format!("{}{}", spec.dir, format.file_name());
    let items = spec.items.iter().map(|&i| entries.get(i, format));
    let bytes = match format {
        FeedFormat::Atom => splice(atom_head(spec, entries, &file), "</feed>", items, ""),
        FeedFormat::Rss => splice(rss_head(spec, entries, &file), "</channel>", items, ""),
        FeedFormat::Json => splice(json_head(spec, entries.config, &file), "]}", items, ","),
    };
    (file, bytes)
}

/// Inserts `items` (joined by `sep`) before the last `marker` of `head`: a
/// document the crates wrote without entries, and entries they wrote alone.
fn splice<'s>(head: String, marker: &str, items: impl Iterator<Item = &'s str>, sep: &str) -> Vec<u8> {
    let at = head.rfind(marker).unwrap_or(head.len());
    let mut out = String::with_capacity(head.len() + 64 * 1024);
    out.push_str(&head[..at]);
    for (n, item) in items.enumerate() {
        if n > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
    out.push_str(&head[at..]);
    out.push('\n');
    out.into_bytes()
}

fn atom_head(spec: &FeedSpec, entries: &Entries, file: &str) -> String {
    use atom_syndication as a;
    let config = entries.config;
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
        updated: feed_updated(spec, entries.statements),
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
        ..Default::default()
    };
    feed.to_string()
}

fn atom_entry(config: &Config, e: &EntryData) -> String {
    use atom_syndication as a;
    let base = &config.base_url;
    let entry = a::Entry {
        title: a::Text::plain(clean(&e.s.title)),
        id: clean(&e.id),
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
        links: vec![a::Link {
            href: e.url.clone(),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Default::default()
        }],
        summary: (!e.body.summary.is_empty()).then(|| a::Text::plain(clean(&e.body.summary))),
        content: config.feeds.full_content.then(|| a::Content {
            value: Some(clean(&content_html(e.body, config))),
            content_type: Some("html".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let write = a::WriteConfig {
        write_document_declaration: false,
        indent_size: None,
    };
    // Written alone, the entry declares the Atom namespace again: the same
    // one as the feed's, so it means the same inside the feed.
    entry
        .write_with_config(Vec::new(), write)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

const RSS_NAMESPACES: [(&str, &str); 2] = [
    ("content", "http://purl.org/rss/1.0/modules/content/"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
];

fn rss_head(spec: &FeedSpec, entries: &Entries, file: &str) -> String {
    use rss::extension::atom::{AtomExtension, Link};
    let config = entries.config;
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
        last_build_date: rfc2822(&feed_updated(spec, entries.statements)),
        generator: Some(concat!("pressroom ", env!("CARGO_PKG_VERSION")).into()),
        atom_ext: Some(AtomExtension {
            links: vec![Link {
                href: base.absolute(file),
                rel: "self".into(),
                mime_type: Some(FeedFormat::Rss.mime().into()),
                ..Default::default()
            }],
        }),
        namespaces: RSS_NAMESPACES
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    };
    channel
        .write_to(Vec::new())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

fn rss_item(config: &Config, e: &EntryData) -> String {
    use rss::extension::dublincore::DublinCoreExtension;
    let base = &config.base_url;
    let item = rss::Item {
        title: Some(clean(&e.s.title)),
        link: Some(e.url.clone()),
        // RSS readers take a description as HTML: the summary is text.
        description: Some(crate::markdown::escape_html(&clean(&e.body.summary))),
        content: config
            .feeds
            .full_content
            .then(|| clean(&content_html(e.body, config))),
        guid: Some(rss::Guid {
            value: clean(&e.id),
            permalink: e.id == e.url,
        }),
        pub_date: rfc2822(&e.s.date),
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
    };
    // The crate writes items only inside a channel: write a channel of one
    // and keep the item.
    let channel = rss::Channel {
        items: vec![item],
        ..Default::default()
    };
    let text = channel
        .write_to(Vec::new())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    match (text.find("<item>"), text.rfind("</item>")) {
        (Some(start), Some(end)) => text[start..end + "</item>".len()].to_string(),
        _ => String::new(),
    }
}

fn json_head(spec: &FeedSpec, config: &Config, file: &str) -> String {
    let base = &config.base_url;
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": clean(&spec.title),
        "home_page_url": base.absolute(&spec.page_path),
        "feed_url": base.absolute(file),
        "description": clean(&config.description),
        "language": config.language,
        "items": [],
    });
    serde_json::to_string(&feed).unwrap_or_default()
}

fn json_item(config: &Config, e: &EntryData) -> String {
    let mut tags: Vec<&str> = e.categories.iter().map(|(_, n, _)| *n).collect();
    tags.dedup();
    let authors: Vec<serde_json::Value> = e
        .authors
        .iter()
        .map(|(n, u)| match u {
            Some(u) => json!({"name": n, "url": u}),
            None => json!({"name": n}),
        })
        .collect();
    let mut item = json!({
        "id": clean(&e.id),
        "url": e.url,
        "title": clean(&e.s.title),
        "summary": clean(&e.body.summary),
        "date_published": e.s.date.to_rfc3339(),
        "date_modified": e.s.last_modified().to_rfc3339(),
        "authors": authors,
        "tags": tags,
        "language": config.language,
    });
    if config.feeds.full_content {
        item["content_html"] = json!(clean(&content_html(e.body, config)));
    } else {
        item["content_text"] = json!(clean(&e.body.summary));
    }
    serde_json::to_string(&item).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `to_rfc2822` panics on a year it cannot write; the feeds must not.
    #[test]
    fn rfc2822_writes_four_digit_years_and_refuses_others() {
        let parse = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let last = parse("9999-12-31T23:59:59-05:00");
        assert_eq!(rfc2822(&last).as_deref(), Some("Fri, 31 Dec 9999 23:59:59 -0500"));
        assert_eq!(rfc2822(&last).as_deref(), Some(last.to_rfc2822().as_str()));
        let beyond = last + chrono::TimeDelta::seconds(1);
        assert_eq!(rfc2822(&beyond), None);
        let before = parse("0000-01-01T00:00:00+00:00") - chrono::TimeDelta::seconds(1);
        assert_eq!(rfc2822(&before), None);
    }
}
