//! Import, sources: a text export's bytes in, a [`Document`] of clean lines
//! out, with any e-mail forwarding wrapper taken off.
//!
//! Invariant: only whitespace is normalised (runs become one space, the ends
//! of lines are trimmed, non-breaking spaces become spaces) and only the
//! forwarding wrapper (the `Forwarded message` marker, the mail headers
//! under it, the note above it and the `End forwarded message` line after
//! it) is removed; every other character of the export reaches the
//! header and body stages. Lines keep their 1-based number in the file.

use std::sync::LazyLock;

use regex::Regex;

use super::date::pattern;

/// One line of an export, trimmed, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    pub text: String,
    /// A heading level (2–6) for headings of HTML pages; text exports have none.
    pub heading: Option<u8>,
    /// The line's number in the file (from 1), or 0 when unknown (HTML).
    pub number: usize,
}

impl Line {
    pub(super) fn new(text: &str, number: usize) -> Line {
        Line {
            text: clean(text),
            heading: None,
            number,
        }
    }

    pub(super) fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// An export as lines, with what the format itself said about it.
#[derive(Debug, Clone, Default)]
pub(super) struct Document {
    pub lines: Vec<Line>,
    /// The title when the format marks it (an HTML `<h1>` or `<title>`).
    pub title: Option<String>,
    /// Where the page says it was published (an HTML canonical link).
    pub source_url: Option<String>,
    /// The index of the line where a marked title stood: lines above it
    /// that are no header field are page furniture (menus, breadcrumbs),
    /// not body.
    pub title_at: usize,
}

/// The text of a file: UTF-8 (a byte order mark is dropped), or else
/// Windows-1252, which is what older exports that are not UTF-8 use.
pub(super) fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
        '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// A line with its whitespace normalised: runs of whitespace (including
/// non-breaking spaces and tabs) become one space, the ends are trimmed,
/// invisible characters (zero-width spaces, stray byte order marks,
/// control characters) are dropped.
pub(super) fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if c.is_whitespace() {
            space = true;
        } else if c.is_control() || matches!(c, '\u{200b}' | '\u{feff}') {
            continue;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// The lines of a text export.
pub(super) fn text_document(text: &str) -> Document {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line::new(l, i + 1))
        .collect();
    Document {
        lines: unwrap_forward(lines),
        ..Document::default()
    }
}

static FORWARD_START: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^(?:-{2,}\s*(?:forwarded message|original message)\s*-{2,}|begin forwarded message:?|-{2,}\s*forwarded by\b.*)$",
    )
});
static FORWARD_END: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)^-{2,}\s*end (?:of )?forwarded message\s*-{2,}$"));
static MAIL_HEADER: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)^(?:from|sent|date|to|cc|bcc|subject|reply-to)\s*:"));

/// How many lines from the top a forwarding marker may be.
const FORWARD_WINDOW: usize = 40;

/// Takes an e-mail forwarding wrapper off a statement: the forwarder's note
/// and the marker, the mail headers that follow it, the end marker and what
/// follows that, and one level of `>` quoting when every line has it. A
/// mail header block at the very top (`From:`, `Subject:` …) goes too.
fn unwrap_forward(mut lines: Vec<Line>) -> Vec<Line> {
    let start = lines
        .iter()
        .take(FORWARD_WINDOW)
        .position(|l| FORWARD_START.is_match(&l.text));
    let first_text = lines.iter().position(|l| !l.is_blank());
    let headers_from = match (start, first_text) {
        (Some(marker), _) => Some(marker + 1),
        (None, Some(first)) => {
            // A bare mail header block at the top: at least two header lines.
            let n = lines[first..]
                .iter()
                .take_while(|l| MAIL_HEADER.is_match(&l.text))
                .count();
            (n >= 2).then_some(first)
        }
        (None, None) => None,
    };
    let Some(from) = headers_from else {
        return lines;
    };
    let mut body_from = from;
    while body_from < lines.len() && MAIL_HEADER.is_match(&lines[body_from].text) {
        body_from += 1;
    }
    if let Some(end) = lines[body_from..]
        .iter()
        .position(|l| FORWARD_END.is_match(&l.text))
    {
        lines.truncate(body_from + end);
    }
    let mut rest = lines.split_off(body_from.min(lines.len()));
    if rest.iter().any(|l| !l.is_blank()) && rest.iter().all(|l| l.is_blank() || l.text.starts_with('>')) {
        for l in &mut rest {
            if let Some(t) = l.text.strip_prefix('>') {
                l.text = t.trim_start().to_string();
            }
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(doc: &Document) -> Vec<&str> {
        doc.lines
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| l.text.as_str())
            .collect()
    }

    #[test]
    fn normalises_whitespace_only() {
        assert_eq!(clean("  a\u{a0}\u{a0}b\tc  "), "a b c");
        assert_eq!(decode(b"caf\xe9 \x93x\x94"), "café “x”");
        assert_eq!(decode("\u{feff}é".as_bytes()), "é");
    }

    #[test]
    fn takes_off_a_forwarding_wrapper() {
        let doc = text_document(
            "FYI below\r\n\r\n---------- Forwarded message ---------\nFrom: Press <p@example.org>\nDate: Mon, Jul 5, 2017\nSubject: Fwd: Statement\n\nTitle\nJuly 5, 2017\n\nBody.\n---------- End forwarded message ----------\nsig",
        );
        assert_eq!(texts(&doc), ["Title", "July 5, 2017", "Body."]);
        assert_eq!(doc.lines[1].number, 8);
    }

    #[test]
    fn leaves_statements_without_a_wrapper_alone() {
        let doc = text_document("Title\nDate: not a header block\n\nBody");
        assert_eq!(texts(&doc), ["Title", "Date: not a header block", "Body"]);
    }
}
