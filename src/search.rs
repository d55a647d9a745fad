//! Search: the index that the search page (`search/index.html`) queries in
//! the reader's browser.
//!
//! A single index file would be tens of megabytes at 100,000 statements,
//! so the index is split into small files, of which a query fetches only a
//! few: the shards of the words it contains and the chunks of statements
//! it shows.
//!
//! - `search/index.json`: `{"version", "count", "chunk", "stop", "fold",
//!   "shards"}`: the number of statements, how many a chunk holds, the
//!   words left out of the index, the letters folded (`{"ğ": "g", …}`),
//!   and the shards that exist.
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
//! Numeric) of the lowercased text with Latin diacritics folded (`fold`
//! in index.json), of at least two characters, except the stop words.
//! `search.js` of the default theme splits a query the same way.

use std::collections::{BTreeMap, BTreeSet, HashMap};
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

/// Appends `text` lowercased, with the Latin letters that carry
/// diacritics folded as [`folds`] says (`Erdoğan` → `erdogan`).
fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    let folds = folds();
    for c in text.to_lowercase().chars() {
        match folds.get(&c) {
            Some(plain) => out.push_str(plain),
            None => out.push(c),
        }
    }
}

/// The lowercase Latin letters with diacritics (Latin-1 Supplement,
/// Latin Extended-A and -B and Extended Additional) and their plain ASCII
/// letters, as deunicode transliterates them: `ğ` → `g`, `ß` → `ss`,
/// `ø` → `o`. index.json carries the table, so that the search page folds
/// queries exactly the same way.
fn folds() -> &'static BTreeMap<char, String> {
    static FOLDS: std::sync::OnceLock<BTreeMap<char, String>> = std::sync::OnceLock::new();
    FOLDS.get_or_init(|| {
        ('\u{00C0}'..='\u{024F}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .filter(|c| c.is_alphabetic() && c.is_lowercase())
            .filter_map(|c| {
                let plain = deunicode::deunicode_char(c)?.to_ascii_lowercase();
                let letters = !plain.is_empty() && plain.bytes().all(|b| b.is_ascii_lowercase());
                letters.then_some((c, plain))
            })
            .collect()
    })
}

/// Calls `f` with the byte range of each indexed word of `lower`, a
/// lowercased text.
fn for_each_word(lower: &str, mut f: impl FnMut(std::ops::Range<usize>)) {
    let mut start = None;
    let mut chars = 0;
    for (i, c) in lower.char_indices().chain(std::iter::once((lower.len(), ' '))) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            chars += 1;
            continue;
        }
        if let Some(from) = start.take() {
            let word = &lower[from..i];
            // Every stop word has two to four letters.
            if chars >= 2 && !(word.len() <= 4 && STOP.contains(&word)) {
                f(from..i);
            }
        }
        chars = 0;
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

/// A statement's words with their weights: each word once (with the
/// highest weight it has), sorted.
#[derive(Default)]
struct Words {
    /// The lowercased fields.
    text: String,
    /// (start, end, weight) of each word in `text`.
    words: Vec<(usize, usize, u32)>,
}

impl Words {
    fn of(s: &Statement, body: &Body) -> Words {
        let mut text = String::with_capacity(s.title.len() + body.summary.len() + 128);
        let mut fields = Vec::with_capacity(8);
        let mut add = |field: &str, weight: u32| {
            let start = text.len();
            push_lowercase(&mut text, field);
            text.push(' ');
            fields.push((start, text.len(), weight));
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
        // Each word once, with its highest weight.
        let mut best: HashMap<&str, (usize, usize, u32), foldhash::fast::FixedState> =
            HashMap::with_capacity_and_hasher(64, Default::default());
        for (start, end, weight) in fields {
            for_each_word(&text[start..end], |r| {
                let (from, to) = (start + r.start, start + r.end);
                best.entry(&text[from..to])
                    .and_modify(|w| w.2 = w.2.max(weight))
                    .or_insert((from, to, weight));
            });
        }
        let mut words: Vec<(usize, usize, u32)> = best.into_values().collect();
        words.sort_unstable_by(|a, b| text[a.0..a.1].cmp(&text[b.0..b.1]));
        Words { text, words }
    }

    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words
            .iter()
            .map(|&(start, end, weight)| (&self.text[start..end], weight))
    }
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

/// Postings of each word: `number << 2 | weight`, by statement number.
type Postings = HashMap<String, Vec<u32>, foldhash::fast::FixedState>;

/// The search index of an archive: every word's postings, by shard. A
/// build makes it and writes its files; `watch` and `serve` keep it and
/// patch it when statements change in place.
#[derive(Default)]
pub struct Index {
    /// The statements indexed, by number, as they were indexed: while
    /// the order is the same, an edit changes only the postings of the
    /// edited statements.
    indexed: Vec<(Arc<Statement>, Arc<Body>)>,
    shards: BTreeMap<String, Postings>,
}

impl Index {
    /// The index of these statements (newest first, as the site has them).
    pub fn new(statements: &[Arc<Statement>], bodies: &[Arc<Body>]) -> Index {
        // Each word's postings, in statement order: every piece of the fold
        // covers a run of statements, and pieces are joined left to right.
        let pieces = 4 * rayon::current_num_threads();
        let all: Postings = (0..statements.len())
            .into_par_iter()
            .with_min_len(statements.len().div_ceil(pieces).max(256))
            .fold(Postings::default, |mut map, i| {
                // Numbers fit: an archive has far fewer than 2^30 statements.
                let number = (i as u32) << 2;
                for (word, weight) in Words::of(&statements[i], &bodies[i]).iter() {
                    match map.get_mut(word) {
                        Some(list) => list.push(number | weight),
                        None => {
                            map.insert(word.to_string(), vec![number | weight]);
                        }
                    }
                }
                map
            })
            .reduce(Postings::default, |mut left, right| {
                for (word, list) in right {
                    left.entry(word).or_default().extend(list);
                }
                left
            });
        let mut shards: BTreeMap<String, Postings> = BTreeMap::new();
        for (word, list) in all {
            shards.entry(shard_of(&word)).or_default().insert(word, list);
        }
        Index {
            indexed: statements.iter().cloned().zip(bodies.iter().cloned()).collect(),
            shards,
        }
    }

    /// Every file of the index: (path under the output folder, bytes).
    pub fn files(&self, statements: &[Arc<Statement>], bodies: &[Arc<Body>]) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = self
            .shards
            .par_iter()
            .map(|(shard, words)| shard_file(shard, words))
            .collect();
        let chunks: Vec<(String, Vec<u8>)> = (0..statements.len().div_ceil(CHUNK))
            .into_par_iter()
            .map(|k| chunk_file(k, statements, bodies))
            .collect();
        files.extend(chunks);
        files.push(self.meta_file());
        files
    }

    /// The paths of every file of the index.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.shards.keys().map(|shard| shard_name(shard)).collect();
        names.extend((0..self.indexed.len().div_ceil(CHUNK)).map(chunk_name));
        names.push(format!("{DIR}index.json"));
        names
    }

    /// Takes in the statements that changed since they were indexed, when
    /// they are the same statements in the same order (each at the same
    /// number), and returns the files that may have changed. `None`, and
    /// nothing changed, when they are not: then the index must be made
    /// anew.
    pub fn patch(
        &mut self,
        statements: &[Arc<Statement>],
        bodies: &[Arc<Body>],
    ) -> Option<Vec<(String, Vec<u8>)>> {
        if statements.len() != self.indexed.len() {
            return None;
        }
        let mut changed = Vec::new();
        for (i, ((s, b), (old_s, old_b))) in statements.iter().zip(bodies).zip(&self.indexed).enumerate() {
            if Arc::ptr_eq(s, old_s) && Arc::ptr_eq(b, old_b) {
                continue;
            }
            if s.rel != old_s.rel {
                return None;
            }
            changed.push(i);
        }
        let mut shards = BTreeSet::new();
        let mut chunks = BTreeSet::new();
        for i in changed {
            chunks.insert(i / CHUNK);
            let (old_statement, old_body) =
                std::mem::replace(&mut self.indexed[i], (statements[i].clone(), bodies[i].clone()));
            let old = Words::of(&old_statement, &old_body);
            let new = Words::of(&statements[i], &bodies[i]);
            if old.iter().eq(new.iter()) {
                continue;
            }
            let number = (i as u32) << 2;
            for (word, _) in old.iter() {
                let shard = shard_of(word);
                if let Some(words) = self.shards.get_mut(&shard)
                    && let Some(list) = words.get_mut(word)
                {
                    list.retain(|p| p >> 2 != number >> 2);
                    if list.is_empty() {
                        words.remove(word);
                    }
                    if words.is_empty() {
                        self.shards.remove(&shard);
                    }
                }
                shards.insert(shard);
            }
            for (word, weight) in new.iter() {
                let shard = shard_of(word);
                let list = self
                    .shards
                    .entry(shard.clone())
                    .or_default()
                    .entry(word.to_string())
                    .or_default();
                let at = list.partition_point(|p| p >> 2 < number >> 2);
                list.insert(at, number | weight);
                shards.insert(shard);
            }
        }
        let shards: Vec<&String> = shards.iter().collect();
        let mut files: Vec<(String, Vec<u8>)> = shards
            .par_iter()
            .filter_map(|shard| Some(shard_file(shard, self.shards.get(*shard)?)))
            .collect();
        files.extend(chunks.into_iter().map(|k| chunk_file(k, statements, bodies)));
        files.push(self.meta_file());
        Some(files)
    }

    fn meta_file(&self) -> (String, Vec<u8>) {
        let meta = json!({
            "version": 1,
            "count": self.indexed.len(),
            "chunk": CHUNK,
            "stop": STOP,
            "fold": folds(),
            "shards": self.shards.keys().collect::<Vec<_>>(),
        });
        (format!("{DIR}index.json"), meta.to_string().into_bytes())
    }
}

/// Every file of the search index of these statements.
pub fn files(statements: &[Arc<Statement>], bodies: &[Arc<Body>]) -> Vec<(String, Vec<u8>)> {
    let t = std::time::Instant::now();
    let index = Index::new(statements, bodies);
    crate::diag::timing("  search words", t);
    let t = std::time::Instant::now();
    let files = index.files(statements, bodies);
    crate::diag::timing("  search files", t);
    files
}

fn shard_name(shard: &str) -> String {
    format!("{DIR}terms/{shard}.json")
}

fn chunk_name(k: usize) -> String {
    format!("{DIR}docs/{k}.json")
}

/// `search/docs/K.json`: the statements of chunk `k`.
fn chunk_file(k: usize, statements: &[Arc<Statement>], bodies: &[Arc<Body>]) -> (String, Vec<u8>) {
    let range = k * CHUNK..((k + 1) * CHUNK).min(statements.len());
    let docs: Vec<_> = range
        .map(|i| {
            let s = &statements[i];
            (
                &s.site_path,
                &s.title,
                s.date.to_rfc3339(),
                s.date.format("%B %-d, %Y").to_string(),
                s.kind.as_deref().unwrap_or(""),
                &s.speakers,
                short_summary(&bodies[i].summary),
            )
        })
        .collect();
    // Strings and numbers only: serializing cannot fail.
    (chunk_name(k), serde_json::to_vec(&docs).unwrap_or_default())
}

/// Writes `n` in decimal.
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits only.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// `search/terms/XY.json`: `{"word":[posting,…],…}`, words sorted. Words
/// are letters and digits only, so they need no escaping.
fn shard_file(shard: &str, words: &Postings) -> (String, Vec<u8>) {
    let mut sorted: Vec<(&String, &Vec<u32>)> = words.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    (shard_name(shard), shard_json(&sorted).into_bytes())
}

fn shard_json(entries: &[(&String, &Vec<u32>)]) -> String {
    let mut out = String::with_capacity(entries.iter().map(|(_, l)| l.len() * 5 + 16).sum());
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
            push_number(&mut out, ((id - last) << 2) | weight);
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
        let mut lower = String::new();
        push_lowercase(&mut lower, text);
        let mut out = Vec::new();
        for_each_word(&lower, |range| out.push(lower[range].to_string()));
        out
    }

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits_without_stop_words() {
        assert_eq!(
            all_words("The Secretary's Remarks on the G-20, in São Paulo (2017)"),
            ["secretary", "remarks", "20", "sao", "paulo", "2017"]
        );
        assert_eq!(
            all_words("ÇAVUŞOĞLU, Erdoğan, Straße, Łódź, Nguyễn, Москва"),
            ["cavusoglu", "erdogan", "strasse", "lodz", "nguyen", "москва"]
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
        let (word, list) = ("peace".to_string(), vec![(2 << 2) | 1, (7 << 2) | 3]);
        assert_eq!(shard_json(&[(&word, &list)]), r#"{"peace":[9,23]}"#);
    }
}
