//! Import, duplicates: each imported statement in, whether an earlier
//! export of the same run gave the same statement out.
//!
//! Archives hold the same statement more than once (a release saved from
//! the site and received as a bulletin; a corrected re-issue). Two exports
//! that give the same statement file are the *same*: it is imported once.
//! Two of the same day whose titles are the same words but for letter case
//! and punctuation, or whose bodies differ by a few words, are *probably*
//! the same: both are imported, each with its own URL, and the report
//! names the pair for the archivist to decide. Invariant: nothing is
//! dropped that is not byte for byte what another export gave.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Imported, to_markdown};

/// How many words two bodies may differ by and still probably be one
/// statement.
const CLOSE_WORDS: usize = 4;

/// What an earlier export of this run says about a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    New,
    /// The same statement file as this export's.
    Same(PathBuf),
    /// Probably the same statement as this export's.
    Probable(PathBuf),
}

struct Earlier {
    source: PathBuf,
    title: Vec<String>,
    words: HashMap<String, usize>,
    count: usize,
}

/// The statements seen so far in a run.
#[derive(Default)]
pub(super) struct Seen {
    texts: HashMap<String, PathBuf>,
    by_day: HashMap<NaiveDate, Vec<Earlier>>,
}

fn key_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl Seen {
    /// Checks `s` (from `source`) against the earlier ones and remembers it.
    pub(super) fn check(&mut self, source: &Path, s: &Imported) -> Verdict {
        let text = to_markdown(s, None);
        if let Some(first) = self.texts.get(&text) {
            return Verdict::Same(first.clone());
        }
        self.texts.insert(text, source.to_path_buf());
        let title: Vec<String> = key_words(&s.title).collect();
        let mut words: HashMap<String, usize> = HashMap::new();
        let mut count = 0;
        for w in key_words(&s.body) {
            *words.entry(w).or_default() += 1;
            count += 1;
        }
        let day = self.by_day.entry(s.date.day).or_default();
        let probable = day
            .iter()
            .find(|e| e.title == title || close(e, &words, count))
            .map(|e| e.source.clone());
        day.push(Earlier {
            source: source.to_path_buf(),
            title,
            words,
            count,
        });
        match probable {
            Some(first) => Verdict::Probable(first),
            None => Verdict::New,
        }
    }
}

/// Do two bodies differ by at most [`CLOSE_WORDS`] words (counted as
/// multisets, in any case)? Short bodies are never close: too little to tell.
fn close(e: &Earlier, words: &HashMap<String, usize>, count: usize) -> bool {
    if e.count < 3 * CLOSE_WORDS || count < 3 * CLOSE_WORDS || e.count.abs_diff(count) > CLOSE_WORDS {
        return false;
    }
    let mut differ = 0;
    for (w, n) in words {
        differ += n.abs_diff(e.words.get(w).copied().unwrap_or(0));
    }
    for (w, n) in &e.words {
        if !words.contains_key(w) {
            differ += n;
        }
    }
    differ <= CLOSE_WORDS
}
