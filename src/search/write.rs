//! The bytes of each file of the search index (the format is in the
//! default theme's README, "The search index").

use std::fmt::Write as _;
use std::hash::Hasher as _;

use serde_json::json;

use super::{DIR, Facet, Postings, text, year};
use crate::model::Statement;

/// Statements per `docs/K.json` file.
pub(crate) const CHUNK: usize = 20;

/// A word in more statements than this has its postings in a file of its
/// own (`w/NAME.json`); the others are in their dictionary block.
pub(crate) const INLINE: usize = 24;

/// A word in more than one statement in this many is listed in
/// index.json with the name of its postings file.
pub(crate) const COMMON: usize = 100;

/// A word starts a new dictionary block when its hash is a multiple of
/// this: blocks hold this many words on average, and a new word changes
/// only its own block.
pub(crate) const BLOCK: u64 = 128;

fn hash(word: &str) -> u64 {
    let mut h = siphasher::sip::SipHasher13::new();
    h.write(word.as_bytes());
    h.finish()
}

/// A file name for a word: the word itself when it is short and plain
/// ASCII, else `_` and its hash (words never have `_`).
fn name_of(word: &str) -> String {
    if word.len() <= 32 && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        word.to_string()
    } else {
        format!("_{:016x}", hash(word))
    }
}

fn starts_block(word: &str) -> bool {
    hash(word).is_multiple_of(BLOCK)
}

/// The dictionary blocks: the first word of each and the words it holds.
pub(crate) fn blocks(postings: &Postings) -> Vec<Vec<(&String, &Vec<u32>)>> {
    let mut blocks: Vec<Vec<(&String, &Vec<u32>)>> = Vec::new();
    for (word, list) in postings {
        match blocks.last_mut() {
            Some(block) if !starts_block(word) => block.push((word, list)),
            _ => blocks.push(vec![(word, list)]),
        }
    }
    blocks
}

/// Writes `n` in decimal.
fn push_number(out: &mut String, n: u32) {
    let _ = write!(out, "{n}");
}

/// `[posting,…]`: `gap << 4 | impact`, the gap counted from the number of
/// the posting before (from 0 for the first).
fn push_list(out: &mut String, list: &[u32]) {
    out.push('[');
    let mut last = 0;
    for (m, posting) in list.iter().enumerate() {
        let (number, impact) = (posting >> 4, posting & 15);
        if m > 0 {
            out.push(',');
        }
        push_number(out, ((number - last) << 4) | impact);
        last = number;
    }
    out.push(']');
}

/// `d/NAME.json`: a dictionary block.
pub(crate) fn block_file(block: &[(&String, &Vec<u32>)]) -> (String, Vec<u8>) {
    let mut out = String::with_capacity(block.len() * 24);
    out.push('{');
    for (n, (word, list)) in block.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        // Words are letters and digits: nothing to escape.
        let _ = write!(out, "\"{word}\":");
        if list.len() > INLINE {
            let _ = write!(out, "\"{}\"", name_of(word));
        } else {
            push_list(&mut out, list);
        }
    }
    out.push('}');
    let first = block.first().map_or("", |b| b.0.as_str());
    (format!("{DIR}d/{}.json", name_of(first)), out.into_bytes())
}

/// `w/NAME.json`: the postings of a frequent word.
pub(crate) fn word_file(word: &str, list: &[u32]) -> (String, Vec<u8>) {
    let mut out = String::with_capacity(list.len() * 4);
    push_list(&mut out, list);
    (format!("{DIR}w/{}.json", name_of(word)), out.into_bytes())
}

/// `docs/K.json`: statements `K·CHUNK` to `K·CHUNK + CHUNK − 1` as
/// `[path, title, date, date_text, kind, [speakers]]`.
pub(crate) fn chunk_file(k: usize, chunk: &[&Statement]) -> (String, Vec<u8>) {
    let docs: Vec<_> = chunk
        .iter()
        .map(|s| {
            (
                &s.site_path,
                &s.title,
                s.date.format("%Y-%m-%d").to_string(),
                s.date.format("%B %-d, %Y").to_string(),
                s.kind.as_deref().unwrap_or(""),
                &s.speakers,
            )
        })
        .collect();
    // Strings only: serializing cannot fail.
    (
        format!("{DIR}docs/{k}.json"),
        serde_json::to_vec(&docs).unwrap_or_default(),
    )
}

/// `facets/PARAM.txt`: a line for each statement, by number, with the
/// numbers of its values in base 36, comma-separated.
pub(crate) fn columns(facets: &[Facet]) -> Vec<(String, Vec<u8>)> {
    facets
        .iter()
        .map(|facet| {
            let mut out = String::with_capacity(facet.of.len() * 3);
            for values in &facet.of {
                for (m, v) in values.iter().enumerate() {
                    if m > 0 {
                        out.push(',');
                    }
                    push_base36(&mut out, *v);
                }
                out.push('\n');
            }
            (format!("{DIR}facets/{}.txt", facet.param), out.into_bytes())
        })
        .collect()
}

/// The file name of a facet value's list: its slug when that is plain
/// (ASCII lowercase letters, digits and hyphens, at most 64, not starting
/// with `_`), else `_` and the slug's hash. index.json gives the name of
/// a value whose slug is not plain.
pub(crate) fn value_name(slug: &str) -> String {
    if plain_slug(slug) {
        slug.to_string()
    } else {
        format!("_{:016x}", hash(slug))
    }
}

pub(crate) fn plain_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `facets/PARAM/NAME.json`: for each value of each facet, the numbers of
/// the statements that have it, `[gap, …]` (each number minus the one
/// before; the first counts from 0). A query with a facet chosen fetches
/// the lists of the chosen values, not the whole column.
pub(crate) fn value_lists(facets: &[Facet]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for facet in facets {
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); facet.values.len()];
        for (n, values) in facet.of.iter().enumerate() {
            for &v in values {
                if let Some(list) = lists.get_mut(v as usize) {
                    list.push(n as u32);
                }
            }
        }
        for ((slug, _, _), list) in facet.values.iter().zip(lists) {
            let mut out = String::with_capacity(list.len() * 3 + 2);
            out.push('[');
            let mut last = 0;
            for (m, &n) in list.iter().enumerate() {
                if m > 0 {
                    out.push(',');
                }
                push_number(&mut out, n - last);
                last = n;
            }
            out.push(']');
            files.push((
                format!("{DIR}facets/{}/{}.json", facet.param, value_name(slug)),
                out.into_bytes(),
            ));
        }
    }
    files
}

fn push_base36(out: &mut String, mut n: u32) {
    let mut digits = Vec::with_capacity(4);
    loop {
        digits.push(char::from_digit(n % 36, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits.iter().rev());
}

/// `dates.json`: `[[YYYYMMDD, first], …]`, each day that has statements
/// with the number of its first (numbers follow dates).
pub(crate) fn dates(by_number: &[&Statement]) -> (String, Vec<u8>) {
    let mut days: Vec<(u32, usize)> = Vec::new();
    for (n, s) in by_number.iter().enumerate() {
        let day: u32 = s.date.format("%Y%m%d").to_string().parse().unwrap_or(0);
        if days.last().is_none_or(|&(d, _)| d != day) {
            days.push((day, n));
        }
    }
    (format!("{DIR}dates.json"), json!(days).to_string().into_bytes())
}

/// `index.json`: what every query reads first.
/// `firsts` are the first words of the dictionary blocks ([`blocks`]).
pub(crate) fn meta(
    postings: &Postings,
    firsts: &[&String],
    by_number: &[&Statement],
    facets: &[Facet],
) -> (String, Vec<u8>) {
    let blocks: Vec<(&String, String)> = firsts.iter().map(|&w| (w, name_of(w))).collect();
    let mut years: Vec<(i32, usize)> = Vec::new();
    for (n, s) in by_number.iter().enumerate() {
        if years.last().is_none_or(|&(y, _)| y != year(s)) {
            years.push((year(s), n));
        }
    }
    // The most frequent words, with the names of their postings files:
    // a query needs no dictionary block for them.
    let common_df = INLINE.max(by_number.len() / COMMON);
    let common: serde_json::Map<String, serde_json::Value> = postings
        .iter()
        .filter(|(_, list)| list.len() > common_df)
        .map(|(word, _)| (word.clone(), name_of(word).into()))
        .collect();
    // `[slug, name, count]`, and the name of the value's list when the
    // slug is not it.
    let facets: Vec<_> = facets
        .iter()
        .map(|f| {
            let values: Vec<serde_json::Value> = f
                .values
                .iter()
                .map(|(slug, name, count)| {
                    if plain_slug(slug) {
                        json!([slug, name, count])
                    } else {
                        json!([slug, name, count, value_name(slug)])
                    }
                })
                .collect();
            json!({"param": f.param, "values": values})
        })
        .collect();
    let meta = json!({
        "version": 3,
        "count": by_number.len(),
        "chunk": CHUNK,
        "impacts": 15,
        "stop": text::STOP,
        "fold": text::folds(),
        "blocks": blocks,
        "common": common,
        "years": years,
        "facets": facets,
    });
    (format!("{DIR}index.json"), meta.to_string().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_gaps_and_impacts() {
        let mut out = String::new();
        push_list(&mut out, &[(2 << 4) | 1, (7 << 4) | 15]);
        assert_eq!(out, "[33,95]");
    }

    #[test]
    fn names_are_plain_words_or_hashes() {
        assert_eq!(name_of("climate"), "climate");
        assert!(name_of("москва").starts_with('_'));
        assert_eq!(name_of("москва").len(), 17);
    }
}
