//! Search: the index that the search page (`search/index.html`) queries in
//! the reader's browser.
//!
//! A single index file would be tens of megabytes at 100,000 statements,
//! so the index is split into small files, of which a query fetches only a
//! few: the shards of the words it contains and the chunks of statements
//! it shows.
//!
//! - `search/index.json`: `{"version", "count", "chunk", "stop", "shards"}`:
//!   the number of statements, how many a chunk holds, the words left out
//!   of the index, and the shards that exist.
//! - `search/docs/K.json`: statements `K·chunk` to `K·chunk + chunk − 1`
//!   (newest first, as everywhere) as `[path, title, date, date_text, kind,
//!   [speakers], summary]`; `path` is the page's site path.
//! - `search/terms/XY.json`: `{word: [posting, …]}` for every word whose
//!   first two characters are X and Y (see [`shard_of`]). A posting is
//!   `gap · 4 + weight`: `gap` is the statement's number minus the one of
//!   the posting before (the first counts from 0), `weight` is 3 when the
//!   word is in the title, 2 in a speaker, topic, country, kind or
//!   location, 1 in the summary only.
//!
//! Words are the runs of letters and digits (Unicode's Alphabetic and
//! Numeric) of the lowercased text, of at least two characters, except
//! the stop words. `search.js` of the default theme splits a query the
//! same way.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::json;

use crate::model::{Body, Statement};

/// Where the index files go, under the output folder.
pub const DIR: &str = "search/";

/// Statements per `docs/K.json` file.
const CHUNK: usize = 500;

/// Words too common to find anything with: left out of the index (and of
/// queries).
const STOP: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "we", "were", "will", "with",
];

/// The summary as the results show it: the first words, up to this many
/// characters.
const SUMMARY_CHARS: usize = 280;

const TITLE: u32 = 3;
const TERM: u32 = 2;
const SUMMARY: u32 = 1;

/// Calls `f` with each indexed word of `text`.
pub fn words(text: &str, mut f: impl FnMut(&str)) {
    let lower = text.to_lowercase();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = word.chars();
        if chars.next().is_some() && chars.next().is_some() && !STOP.contains(&word) {
            f(word);
        }
    }
}

/// The shard of a word: its first two characters, each kept when it is an
/// ASCII letter or digit and written `_` otherwise (`über` → `_b`).
pub fn shard_of(word: &str) -> String {
    word.chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The words of statement `s` with their weights, each word once.
fn statement_words(s: &Statement, body: &Body) -> Vec<(String, u32)> {
    let mut found: HashMap<String, u32> = HashMap::new();
    let mut add = |text: &str, weight: u32| {
        words(text, |w| {
            let slot = found.entry(w.to_string()).or_insert(weight);
            *slot = (*slot).max(weight);
        })
    };
    add(&s.title, TITLE);
    let terms = s
        .speakers
        .iter()
        .chain(&s.topics)
        .chain(&s.countries)
        .chain(&s.kind)
        .chain(&s.location);
    for term in terms {
        add(term, TERM);
    }
    add(&body.summary, SUMMARY);
    found.into_iter().collect()
}

/// The summary cut at a word boundary to at most [`SUMMARY_CHARS`]
/// characters, with an ellipsis when cut.
fn short_summary(summary: &str) -> String {
    if summary.chars().count() <= SUMMARY_CHARS {
        return summary.to_string();
    }
    let end = summary
        .char_indices()
        .nth(SUMMARY_CHARS)
        .map_or(summary.len(), |(i, _)| i);
    let cut = summary[..end].rfind(char::is_whitespace).unwrap_or(end);
    format!("{}…", summary[..cut].trim_end())
}

/// A hash of everything the index is made from: two sites with the same
/// key have the same index files.
pub fn key(statements: &[Arc<Statement>], bodies: &[Arc<Body>]) -> u64 {
    use std::hash::{Hash, Hasher};
    let hashes: Vec<u64> = statements
        .par_iter()
        .zip(bodies)
        .map(|(s, b)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&s.site_path, &s.title, s.date, &s.kind, &s.speakers).hash(&mut h);
            (&s.topics, &s.countries, &s.location, &b.summary).hash(&mut h);
            h.finish()
        })
        .collect();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    hashes.hash(&mut h);
    h.finish()
}

/// Every file of the search index: (path under the output folder, bytes).
pub fn files(statements: &[Arc<Statement>], bodies: &[Arc<Body>]) -> Vec<(String, Vec<u8>)> {
    // Each word's postings, in statement order: every piece of the fold
    // covers a run of statements, and pieces are joined left to right.
    let postings: HashMap<String, Vec<u32>> = (0..statements.len())
        .into_par_iter()
        .fold(HashMap::new, |mut map: HashMap<String, Vec<u32>>, i| {
            for (word, weight) in statement_words(&statements[i], &bodies[i]) {
                // Statement numbers fit: an archive has far fewer than 2^30.
                map.entry(word).or_default().push(((i as u32) << 2) | weight);
            }
            map
        })
        .reduce(HashMap::new, |mut left, right| {
            for (word, list) in right {
                left.entry(word).or_default().extend(list);
            }
            left
        });
    let mut shards: BTreeMap<String, Vec<(String, Vec<u32>)>> = BTreeMap::new();
    for (word, list) in postings {
        shards.entry(shard_of(&word)).or_default().push((word, list));
    }
    let mut files: Vec<(String, Vec<u8>)> = shards
        .par_iter_mut()
        .map(|(shard, entries)| {
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            (
                format!("{DIR}terms/{shard}.json"),
                shard_json(entries).into_bytes(),
            )
        })
        .collect();
    let chunks: Vec<(String, Vec<u8>)> = (0..statements.len().div_ceil(CHUNK))
        .into_par_iter()
        .map(|k| {
            let range = k * CHUNK..((k + 1) * CHUNK).min(statements.len());
            let docs: Vec<serde_json::Value> = range
                .map(|i| {
                    let s = &statements[i];
                    json!([
                        s.site_path,
                        s.title,
                        s.date.to_rfc3339(),
                        s.date.format("%B %-d, %Y").to_string(),
                        s.kind.as_deref().unwrap_or(""),
                        s.speakers,
                        short_summary(&bodies[i].summary),
                    ])
                })
                .collect();
            let bytes = serde_json::to_vec(&docs).unwrap_or_default();
            (format!("{DIR}docs/{k}.json"), bytes)
        })
        .collect();
    files.extend(chunks);
    let index = json!({
        "version": 1,
        "count": statements.len(),
        "chunk": CHUNK,
        "stop": STOP,
        "shards": shards.keys().collect::<Vec<_>>(),
    });
    files.push((format!("{DIR}index.json"), index.to_string().into_bytes()));
    files
}

/// `{"word":[posting,…],…}`. Words are letters and digits only, so they
/// need no escaping.
fn shard_json(entries: &[(String, Vec<u32>)]) -> String {
    let mut out = String::with_capacity(entries.iter().map(|(_, l)| l.len() * 4 + 16).sum());
    out.push('{');
    for (n, (word, list)) in entries.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{word}\":[");
        let mut last = 0;
        for (m, posting) in list.iter().enumerate() {
            let (id, weight) = (posting >> 2, posting & 3);
            if m > 0 {
                out.push(',');
            }
            let _ = write!(out, "{}", ((id - last) << 2) | weight);
            last = id;
        }
        out.push(']');
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits_without_stop_words() {
        assert_eq!(
            all_words("The Secretary's Remarks on the G-20, in São Paulo (2017)"),
            ["secretary", "remarks", "20", "são", "paulo", "2017"]
        );
    }

    #[test]
    fn shards_keep_ascii_letters_and_digits() {
        assert_eq!(shard_of("climate"), "cl");
        assert_eq!(shard_of("über"), "_b");
        assert_eq!(shard_of("2017"), "20");
    }

    #[test]
    fn a_long_summary_is_cut_at_a_word() {
        let long = "word ".repeat(100);
        let short = short_summary(&long);
        assert!(short.ends_with("word…"), "{short}");
        assert!(short.chars().count() <= SUMMARY_CHARS + 1);
        assert_eq!(short_summary("Short."), "Short.");
    }

    #[test]
    fn postings_are_gaps_and_weights() {
        let entries = vec![("peace".to_string(), vec![(2 << 2) | 1, (7 << 2) | 3])];
        assert_eq!(shard_json(&entries), r#"{"peace":[9,23]}"#);
    }
}
