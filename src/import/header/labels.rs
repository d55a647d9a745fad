//! Import, header labels: what a header line is by its words alone — a
//! kind's name (`PRESS STATEMENT`, `Readout:`), a release number (`PRN:
//! 2010/123`), a section name before a title (`Press Releases: …`), a
//! title's shape, or a label or link of the page the export was saved
//! from (`For Immediate Release`, `Print`). Invariant: each function looks
//! at its line only (and at site.toml's kinds).

use super::super::Rules;
use super::super::looks::{bare, ends_sentence, starts_upper, words};
use super::Kind;

/// The nouns that end a kind's name (`Press Statement`, `Media Note`).
#[rustfmt::skip]
const KIND_NOUNS: &[&str] = &[
    "statement", "release", "note", "remarks", "remark", "readout", "briefing", "interview",
    "speech", "question", "sheet", "communiqué", "communique", "declaration", "advisory",
    "availability", "announcement", "notice", "op-ed", "oped", "testimony", "transcript", "alert",
    "update", "message", "letter", "address", "report", "call", "conference", "proclamation",
    "memorandum", "bulletin",
];

/// The other words a kind's name is made of.
#[rustfmt::skip]
const KIND_WORDS: &[&str] = &[
    "press", "media", "joint", "special", "background", "department", "daily", "on-the-record",
    "on", "the", "record", "taken", "fact", "travel", "video", "photo", "news", "to", "of", "by",
    "for", "and", "telephonic", "ministerial", "opening", "closing", "keynote", "public",
    "official", "policy", "weekly", "regular", "written", "embassy", "readout:",
];

/// Section names an export puts before a title (`Press Releases: …`).
#[rustfmt::skip]
const SECTIONS: &[&str] = &[
    "pressreleases", "pressrelease", "pressstatements", "statements", "remarks", "speeches",
    "remarksandreleases", "briefings", "departmentpressbriefings", "pressbriefings", "readouts",
    "medianotes", "factsheets", "noticestothepress", "takenquestions", "news", "latestnews",
    "releases", "archive", "newsroom", "pressroom", "fwd", "fw", "pressreleasesandstatements",
];

/// Could this first line be a title (not a paragraph of body text)?
/// Titles run to 60 words and more, and may end in an abbreviation
/// (`… Harbor Works Inc.`); a paragraph ends as a sentence.
pub(super) fn is_title_like(text: &str) -> bool {
    let ws = words(text);
    let sentences = text.matches(". ").count();
    !ws.is_empty()
        && ws.len() <= 80
        && text.chars().count() <= 700
        && !text.chars().next().is_some_and(char::is_lowercase)
        && !(ends_sentence(text) && (ws.len() > 12 || sentences >= 1))
}

/// Does a title line go on to the next line (`… Situation in` / `Syria`)?
pub(super) fn continues(title: &str) -> bool {
    const JOINERS: &[&str] = &[
        "to", "of", "on", "and", "the", "in", "for", "with", "by", "at", "from", "a", "an",
    ];
    title.ends_with([',', ':', '-', '–', '—'])
        || words(title)
            .last()
            .is_some_and(|w| JOINERS.contains(&w.to_lowercase().as_str()))
}

/// A title with the section names an export put before it taken off.
#[derive(Debug, Default)]
pub(super) struct Prefixed {
    pub title: String,
    /// The kind a section name gives (`Remarks: …`), for want of a kind line.
    pub section_kind: Option<Kind>,
    /// A kind before the title (`Readout: A Call …`) and the title after it:
    /// taken off only when it agrees with the kind (see [`super::read`]).
    pub kind_prefix: Option<(Kind, String)>,
}

/// Takes section names off the front of a title (`Press Releases: …`).
pub(super) fn strip_prefixes(title: &str, rules: &Rules) -> Prefixed {
    let mut out = Prefixed {
        title: title.trim().to_string(),
        ..Prefixed::default()
    };
    while let Some((prefix, rest)) = out.title.split_once(':') {
        let rest = rest.trim().to_string();
        if rest.is_empty() || words(prefix).len() > 5 {
            break;
        }
        let kind = rules.known_kind(prefix).map(|name| Kind { name, known: true });
        let key: String = prefix
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if SECTIONS.contains(&key.as_str()) {
            out.section_kind = out.section_kind.or(kind);
            out.title = rest;
        } else {
            out.kind_prefix = kind.map(|k| (k, rest));
            break;
        }
    }
    out
}

/// A line that names a kind: one of site.toml's (in any case or spelling:
/// `PRESS STATEMENT`, `Readout:`, `Read-out`), or, kept as written, a
/// name of the same shape that is not in the list (`Press Release`).
pub(super) fn kind_line(text: &str, rules: &Rules) -> Option<Kind> {
    if let Some(name) = rules.known_kind(text) {
        return Some(Kind { name, known: true });
    }
    let written = text.trim().trim_end_matches(':').trim();
    let ws = words(written);
    let last = bare(ws.last()?);
    let is_kind = (1..=5).contains(&ws.len())
        && ws
            .iter()
            .all(|w| starts_upper(w) || KIND_WORDS.contains(&bare(w).as_str()))
        && KIND_NOUNS.contains(&last.trim_end_matches('s'))
        && ws.iter().all(|w| {
            let b = bare(w);
            KIND_WORDS.contains(&b.as_str()) || KIND_NOUNS.contains(&b.trim_end_matches('s'))
        });
    is_kind.then(|| Kind {
        name: written.to_string(),
        known: false,
    })
}

/// `PRN: 2010/123`, `Release No. 17-123` → the number.
pub(super) fn release_number(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let rest = [
        "prn",
        "release no.",
        "release no",
        "release number",
        "media note no.",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p).map(|_| &text[p.len()..]))?;
    let number = rest.trim_start_matches([':', '#', ' ']).trim();
    (!number.is_empty() && !number.contains(' ') && number.chars().any(|c| c.is_ascii_digit()))
        .then(|| number.to_string())
}

/// Lines an export puts in a header that are no field and no body: the
/// release label and the links of the page it was saved from (`Print`,
/// `Printer Friendly Version`, `Return to Press Releases`, `Back to Top`).
pub(in crate::import) fn is_ignorable(text: &str) -> bool {
    let b: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .to_lowercase();
    let b = b.split_whitespace().collect::<Vec<_>>().join(" ");
    matches!(
        b.as_str(),
        "for immediate release"
            | "share"
            | "print"
            | "email"
            | "share this page"
            | "print this page"
            | "email this page"
            | "printer friendly version"
            | "printerfriendly version"
            | "print friendly version"
            | "back to top"
            | "return to top"
            | "top of page"
            | "text size"
            | "share this"
            | "bookmark and share"
    ) || (b.starts_with("return to ") && words(&b).len() <= 5)
}
