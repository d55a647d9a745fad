//! Import, sources: a text export's bytes in, a [`Document`] of clean lines
//! out, with any e-mail forwarding or bulletin wrapper taken off.
//!
//! Invariant: only whitespace and invisible characters are normalised (runs
//! of whitespace become one space, the ends of lines are trimmed,
//! non-breaking spaces become spaces, zero-width spaces and stray byte
//! order marks go, and so do direction marks and joiners that do not stand
//! inside a word); a header flattened onto one line is split at its tabs
//! and runs of spaces; and only the wrappers are removed: the forwarding
//! wrapper (the `Forwarded message` marker, the mail headers under it, the
//! note above it and the `End forwarded message` line after it) and a
//! bulletin's (its subscription notices above, its footer from "Powered by
//! …" on). Every other character of the export reaches the header and body
//! stages. Lines keep their 1-based number in the file.

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

/// Characters that show nothing: zero-width spaces and joiners, direction
/// marks and embeddings, word joiners, byte order marks.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// A line with its whitespace normalised: runs of whitespace (including
/// non-breaking spaces and tabs) become one space, the ends are trimmed,
/// control characters, zero-width spaces, word joiners and stray byte
/// order marks are dropped, and so is every other invisible character
/// (direction marks, zero-width joiners) that does not stand inside a word,
/// where it can belong to the spelling (a zero-width non-joiner in Persian).
pub(super) fn clean(line: &str) -> String {
    let chars: Vec<char> = line
        .chars()
        .filter(|&c| !c.is_control() || c.is_whitespace())
        .filter(|c| !matches!(c, '\u{200b}' | '\u{feff}' | '\u{2060}'))
        .collect();
    let visible_at = |i: usize| {
        chars
            .get(i)
            .is_some_and(|&c| !c.is_whitespace() && !is_invisible(c))
    };
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            space = true;
        } else if is_invisible(c) && !(i > 0 && visible_at(i - 1) && visible_at(i + 1)) {
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

/// `text` without any invisible character: what a header line says, to
/// classify it and to fill a field with it.
pub(super) fn visible(text: &str) -> String {
    if text.chars().any(is_invisible) {
        text.chars().filter(|&c| !is_invisible(c)).collect()
    } else {
        text.to_string()
    }
}

/// How many lines from the top a flattened header may be.
const FLAT_WINDOW: usize = 30;

/// The lines of a text export.
pub(super) fn text_document(text: &str) -> Document {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        match flattened(raw).filter(|_| i < FLAT_WINDOW) {
            Some(parts) => lines.extend(parts.into_iter().map(|p| Line::new(p, i + 1))),
            None => lines.push(Line::new(raw, i + 1)),
        }
    }
    Document {
        lines: unwrap_bulletin(unwrap_forward(lines)),
        ..Document::default()
    }
}

static FIELD_GAP: LazyLock<Regex> = LazyLock::new(|| pattern(r"\t+|[ \u{a0}]{3,}"));

/// A header whose fields were put on one line, apart by tabs or runs of
/// three or more spaces (`Press Statement␉Ned Price, Spokesperson␉June 3,
/// 2021`): its fields, when each is short enough to be one.
fn flattened(raw: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = FIELD_GAP
        .split(raw.trim())
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.split_whitespace().count() <= 12 && !super::looks::is_body_like(p)))
    .then_some(parts)
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

/// What the first paragraphs of a bulletin e-mail say above the statement.
static BULLETIN_TOP: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^(?:you are subscribed to\b|you are receiving this\b|having trouble viewing this\b|view (?:it|this (?:e-?mail|message|bulletin)) (?:as a web ?page|in (?:your|a) (?:web )?browser)|this information has (?:recently )?been updated\b|bulletin from\b)",
    )
});

/// What the last paragraphs of a bulletin e-mail say below the statement.
static BULLETIN_END: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^(?:powered by\b|update your subscriptions\b|manage (?:your )?subscriptions\b|stop subscriptions\b|unsubscribe\b|to unsubscribe\b|this (?:e-?mail|message|service) (?:was sent to|is provided to you)\b|you (?:are receiving|received) this (?:e-?mail|message|bulletin)\b|subscriber preferences\b|questions\? contact us\b)",
    )
});

/// How many paragraphs from either end a bulletin's wrapper may reach.
const BULLETIN_WINDOW: usize = 8;

/// Takes a bulletin e-mail's wrapper off a statement, each part as a whole:
/// the paragraphs above it up to the last subscription notice among the
/// first few, and everything from the first "Powered by …", "Update your
/// subscriptions …" or "This email was sent to …" among the last few
/// paragraphs to the end (the unsubscribe and address lines with it).
fn unwrap_bulletin(lines: Vec<Line>) -> Vec<Line> {
    cut_bulletin(lines).0
}

/// A saved web page of a bulletin e-mail without its wrapper; the marked
/// title's place moves with the lines.
pub(super) fn unwrap_bulletin_page(doc: Document) -> Document {
    let (lines, removed) = cut_bulletin(doc.lines);
    Document {
        title_at: doc.title_at.saturating_sub(removed).min(lines.len()),
        lines,
        ..doc
    }
}

/// [`unwrap_bulletin`], and how many lines it took off the top.
fn cut_bulletin(mut lines: Vec<Line>) -> (Vec<Line>, usize) {
    // Paragraph starts: the first line of each run of non-blank lines.
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].is_blank() && (i == 0 || lines[i - 1].is_blank()))
        .collect();
    let paragraph = |start: usize| {
        lines[start..]
            .iter()
            .take_while(|l| !l.is_blank())
            .map(|l| visible(&l.text))
            .collect::<Vec<_>>()
    };
    let end = starts
        .iter()
        .rev()
        .take(BULLETIN_WINDOW)
        .filter(|&&s| paragraph(s).iter().any(|l| BULLETIN_END.is_match(l)))
        .min()
        .copied();
    let top = starts
        .iter()
        .take(BULLETIN_WINDOW)
        .filter(|&&s| paragraph(s).iter().any(|l| BULLETIN_TOP.is_match(l)))
        .max()
        .copied();
    if let Some(end) = end {
        lines.truncate(end);
        // A rule drawn above the footer (`_____`) goes with it.
        while lines
            .last()
            .is_some_and(|l| l.is_blank() || l.text.chars().all(|c| matches!(c, '_' | '-' | '=' | '*' | '~')))
        {
            lines.pop();
        }
    }
    if let Some(top) = top.filter(|&t| t < lines.len()) {
        let after = lines[top..]
            .iter()
            .position(|l| l.is_blank())
            .map_or(lines.len(), |n| top + n);
        lines.drain(..after);
        return (lines, after);
    }
    (lines, 0)
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

    #[test]
    fn invisible_characters_go_except_inside_words() {
        assert_eq!(clean("Ned Price:\u{200e}"), "Ned Price:");
        assert_eq!(clean("\u{feff}\u{200f} Title \u{200b}"), "Title");
        assert_eq!(clean("a \u{200e} b"), "a b");
        assert_eq!(clean("می\u{200c}خواهم"), "می\u{200c}خواهم");
        assert_eq!(visible("می\u{200c}خواهم"), "میخواهم");
    }

    #[test]
    fn splits_a_flattened_header_only() {
        let doc = text_document(
            "Press Statement\tNed Price, Spokesperson     June 3, 2021\nBody text.  Two spaces stay.",
        );
        assert_eq!(
            texts(&doc),
            [
                "Press Statement",
                "Ned Price, Spokesperson",
                "June 3, 2021",
                "Body text. Two spaces stay."
            ]
        );
        assert!(doc.lines.iter().take(3).all(|l| l.number == 1));
    }

    #[test]
    fn takes_off_a_bulletin_wrapper_as_a_whole() {
        let doc = text_document(
            "Having trouble viewing this email? View it as a Web page.\n\nYou are subscribed to Press Releases.\nThis information has recently been updated.\n\nTitle\nJuly 5, 2017\n\nBody.\n\nPowered by GovDelivery\n\nUpdate your subscriptions at any time.\n\nU.S. Department of State · 2201 C Street NW · Washington, DC 20520",
        );
        assert_eq!(texts(&doc), ["Title", "July 5, 2017", "Body."]);
    }
}
