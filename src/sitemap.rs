//! Sitemap and robots.txt: the list of page URLs in, `sitemap.xml` (a
//! sitemaps.org urlset, or an index of several past 50,000 URLs) and
//! `robots.txt` out.

use chrono::{DateTime, FixedOffset};

use crate::config::BaseUrl;

/// One URL of the sitemap.
#[derive(Hash)]
pub struct Entry<'a> {
    pub site_path: &'a str,
    pub lastmod: Option<DateTime<FixedOffset>>,
}

/// A sitemap file made earlier: the hash of its entries ([`hash`]), and
/// its bytes with their key.
pub type Made = (u64, crate::key::Key, std::sync::Arc<[u8]>);

/// The hash of a sitemap file's entries (for the rebuilds of one
/// process: it is not kept).
fn hash(entries: &[Entry]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(entries)
}

fn made(entries: &[Entry], earlier: Option<&Made>, bytes: impl FnOnce() -> String) -> Made {
    let hash = hash(entries);
    match earlier {
        Some(made) if made.0 == hash => made.clone(),
        _ => {
            let bytes = bytes().into_bytes();
            (hash, crate::key::of_bytes(&bytes), bytes.into())
        }
    }
}

/// Most URLs one sitemap file may hold (sitemaps.org).
pub const MAX_URLS: usize = 50_000;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn urlset(base: &BaseUrl, entries: &[Entry]) -> String {
    use rayon::prelude::*;
    // In pieces on every core: 100,000 URLs and dates take a while to format.
    let pieces: Vec<String> = entries
        .par_chunks(4096)
        .map(|chunk| {
            let mut out = String::with_capacity(chunk.len() * 128);
            for e in chunk {
                out.push_str("  <url><loc>");
                out.push_str(&escape(&base.absolute(e.site_path)));
                out.push_str("</loc>");
                if let Some(m) = e.lastmod {
                    out.push_str("<lastmod>");
                    out.push_str(&m.to_rfc3339());
                    out.push_str("</lastmod>");
                }
                out.push_str("</url>\n");
            }
            out
        })
        .collect();
    let mut out = String::with_capacity(pieces.iter().map(String::len).sum::<usize>() + 160);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for piece in pieces {
        out.push_str(&piece);
    }
    out.push_str("</urlset>\n");
    out
}

/// The sitemap files to write: (file name, what [`Made`] them). A file
/// whose entries are those of the file at its place in `earlier` (the
/// last rebuild's) is that file again.
pub fn sitemaps(base: &BaseUrl, entries: &[Entry], earlier: &[Made]) -> Vec<(String, Made)> {
    if entries.len() <= MAX_URLS {
        let made = made(entries, earlier.first(), || urlset(base, entries));
        return vec![("sitemap.xml".into(), made)];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in entries.chunks(MAX_URLS).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let lastmod = chunk.iter().filter_map(|e| e.lastmod).max();
        index.push_str("  <sitemap><loc>");
        index.push_str(&escape(&base.absolute(&name)));
        index.push_str("</loc>");
        if let Some(m) = lastmod {
            index.push_str(&format!("<lastmod>{}</lastmod>", m.to_rfc3339()));
        }
        index.push_str("</sitemap>\n");
        files.push((name, made(chunk, earlier.get(n + 1), || urlset(base, chunk))));
    }
    index.push_str("</sitemapindex>\n");
    let index = index.into_bytes();
    let key = crate::key::of_bytes(&index);
    files.insert(0, ("sitemap.xml".into(), (0, key, index.into())));
    files
}

pub fn robots(base: &BaseUrl) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        base.absolute("sitemap.xml")
    )
}
