//! The words of a text, as the index has them and as the search page
//! splits a query: `search.js` of the default theme runs exactly these
//! steps (tests/integration/browser.rs compares the two in Chromium).
//!
//! 1. Lowercase the text, then replace each Latin letter with diacritics
//!    by its plain letters ([`folds`]: `ğ` → `g`, `ß` → `ss`).
//! 2. Cut it into runs of letters and digits (Unicode's Alphabetic and
//!    Numeric). Runs joined by one hyphen, apostrophe or full stop
//!    (`-`, `‐`, `‑`, `'`, `’`, `.`) with a letter or digit on both sides
//!    form a compound: `de-confliction` gives the parts `de` and
//!    `confliction` ([`Kind::Part`]) and the compound `deconfliction`
//!    ([`Kind::Compound`]); `U.S.` gives `us`.
//! 3. A word of one character, or one of [`STOP`], is not indexed.
//!
//! The index has every word, part and compound; a query looks up its
//! words and compounds (not the parts of a compound), so that
//! `de-confliction`, `de confliction` and `deconfliction` all find a
//! statement that writes any of them.

use std::collections::BTreeMap;

/// Words too common to find anything with: not indexed. The search page
/// says so when a query has one, instead of dropping it silently.
pub const STOP: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "we", "were", "will", "with",
];

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of letters and digits on its own.
    Word,
    /// One run of a compound.
    Part,
    /// The runs of a compound, joined.
    Compound,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Word => "word",
            Kind::Part => "part",
            Kind::Compound => "compound",
        }
    }
}

/// Whether a token is indexed: two characters or more, and not a stop
/// word.
pub fn indexed(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some() && chars.next().is_some() && !(word.len() <= 4 && STOP.contains(&word))
}

/// Appends `text` lowercased, with the Latin letters that carry
/// diacritics folded as [`folds`] says (`Erdoğan` → `erdogan`).
pub fn fold_into(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    // Lowercasing is letter by letter but for a final capital sigma
    // (`Σ` → `ς`), which only the whole string's lowercasing gets right.
    let lowered;
    let text = if text.contains('\u{03A3}') {
        lowered = text.to_lowercase();
        lowered.as_str()
    } else {
        text
    };
    let table = fold_table();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            match table.get(lower) {
                Some(plain) => out.push_str(plain),
                None => out.push(lower),
            }
        }
    }
}

/// [`folds`] as a table by code point, for the letters of the two ranges.
struct FoldTable {
    latin: Vec<Option<&'static str>>,
    extended: Vec<Option<&'static str>>,
}

impl FoldTable {
    fn get(&self, c: char) -> Option<&'static str> {
        match c as u32 {
            n @ 0xC0..=0x24F => self.latin[(n - 0xC0) as usize],
            n @ 0x1E00..=0x1EFF => self.extended[(n - 0x1E00) as usize],
            _ => None,
        }
    }
}

fn fold_table() -> &'static FoldTable {
    static TABLE: std::sync::OnceLock<FoldTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let range = |from: u32, to: u32| -> Vec<Option<&'static str>> {
            (from..=to)
                .map(|n| {
                    char::from_u32(n)
                        .and_then(|c| folds().get(&c))
                        .map(String::as_str)
                })
                .collect()
        };
        FoldTable {
            latin: range(0xC0, 0x24F),
            extended: range(0x1E00, 0x1EFF),
        }
    })
}

/// `text` lowercased and folded.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text);
    out
}

/// The lowercase Latin letters with diacritics (Latin-1 Supplement,
/// Latin Extended-A and -B and Extended Additional) and their plain ASCII
/// letters, as deunicode transliterates them: `ğ` → `g`, `ß` → `ss`,
/// `ø` → `o`. index.json carries the table, so that the search page folds
/// queries exactly the same way.
pub fn folds() -> &'static BTreeMap<char, String> {
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

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '\u{2019}' | '.')
}

/// Calls `f` with every token of `folded` (a text made by [`fold_into`]),
/// in order: a compound's parts, then the compound. Tokens are not
/// filtered: see [`indexed`].
pub fn tokens(folded: &str, mut f: impl FnMut(&str, Kind)) {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut joined = String::new();
    let mut flush = |runs: &mut Vec<std::ops::Range<usize>>, f: &mut dyn FnMut(&str, Kind)| {
        match runs.len() {
            0 => {}
            1 => f(&folded[runs[0].clone()], Kind::Word),
            _ => {
                joined.clear();
                for run in runs.iter() {
                    f(&folded[run.clone()], Kind::Part);
                    joined.push_str(&folded[run.clone()]);
                }
                f(&joined, Kind::Compound);
            }
        }
        runs.clear();
    };
    let mut start: Option<usize> = None;
    let mut chars = folded.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(from) = start.take() {
            runs.push(from..i);
            let next_alnum = chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            if is_joiner(c) && next_alnum {
                continue;
            }
        }
        flush(&mut runs, &mut f);
    }
    if let Some(from) = start {
        runs.push(from..folded.len());
    }
    flush(&mut runs, &mut f);
}

/// The plain text of a body's HTML: tags dropped (block-level ones as a
/// space), the entities pulldown-cmark writes decoded, and any other
/// entity read as a space.
pub fn html_text(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with('<') {
            let end = tail.find('>').map_or(tail.len(), |e| e + 1);
            let name = tail[1..end.saturating_sub(1).max(1)]
                .trim_start_matches('/')
                .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .next()
                .unwrap_or("");
            if !matches!(
                name.to_ascii_lowercase().as_str(),
                "a" | "em"
                    | "strong"
                    | "code"
                    | "del"
                    | "sup"
                    | "sub"
                    | "span"
                    | "b"
                    | "i"
                    | "u"
                    | "s"
                    | "abbr"
                    | "mark"
                    | "small"
            ) {
                out.push(' ');
            }
            rest = &tail[end..];
        } else {
            let end = tail[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
                .map(|e| e + 1);
            let (entity, after) = match end {
                Some(e) if tail[e..].starts_with(';') => (&tail[1..e], &tail[e + 1..]),
                _ => {
                    out.push('&');
                    rest = &tail[1..];
                    continue;
                }
            };
            let decoded = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            out.push(decoded.unwrap_or(' '));
            rest = after;
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let folded = fold(text);
        let mut out = Vec::new();
        tokens(&folded, |w, kind| {
            if indexed(w) {
                out.push(match kind {
                    Kind::Word => w.to_string(),
                    Kind::Part => format!("{w}~"),
                    Kind::Compound => format!("{w}+"),
                })
            }
        });
        out
    }

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits_without_stop_words() {
        assert_eq!(
            all("The Secretary's Remarks on the G-20, in São Paulo (2017)"),
            [
                "secretary~",
                "secretarys+",
                "remarks",
                "20~",
                "g20+",
                "sao",
                "paulo",
                "2017"
            ]
        );
        assert_eq!(
            all("ÇAVUŞOĞLU, Erdoğan, Straße, Łódź, Nguyễn, Москва"),
            ["cavusoglu", "erdogan", "strasse", "lodz", "nguyen", "москва"]
        );
    }

    #[test]
    fn hyphens_apostrophes_and_full_stops_join_compounds() {
        assert_eq!(all("de-confliction"), ["de~", "confliction~", "deconfliction+"]);
        assert_eq!(all("de‑confliction."), ["de~", "confliction~", "deconfliction+"]);
        assert_eq!(all("the U.S. and U.K."), ["us+", "uk+"]);
        assert_eq!(all("a - b -c end."), ["end"]);
        assert_eq!(all("--word--"), ["word"]);
    }

    #[test]
    fn folding_letter_by_letter_equals_lowercasing_the_whole_text() {
        for text in [
            "ΟΔΟΣ Σ ΣΑ aΣ",
            "Straße İstanbul Ǆemal",
            "ÇAVUŞOĞLU Nguyễn “quoted” — dash",
            "plain ascii",
        ] {
            let slow: String = text
                .to_lowercase()
                .chars()
                .map(|c| folds().get(&c).cloned().unwrap_or_else(|| c.to_string()))
                .collect();
            assert_eq!(fold(text), slow, "{text}");
        }
    }

    #[test]
    fn html_becomes_text() {
        let mut out = String::new();
        html_text(
            "<p>Caliph<em>ate</em> &amp; de&#45;confliction&nbsp;zones &#x41;&bogus</p>\n<ul><li>one</li><li>two</li></ul>",
            &mut out,
        );
        assert_eq!(out, " Caliphate & de-confliction zones A&bogus \n  one  two  ");
    }
}
