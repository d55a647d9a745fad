//! Import, body: the lines after a statement's header in, its Markdown body
//! out.
//!
//! Paragraphs are the runs of lines between blank lines. Whole paragraphs
//! that match an `[import] drop` pattern (site boilerplate, release numbers)
//! or that are only a link of the saved page (`Print`, `Back to Top`) go; a paragraph broken off mid-sentence is joined to the next one; a
//! transcript turn (`SECRETARY POMPEO: …`) gets its label in bold; every
//! character Markdown would read as markup is escaped. Invariant: the words
//! of the result, read as rendered text, are the words of the kept
//! paragraphs, in order; nothing is added but escapes, bold markers, hard
//! line breaks and heading markers.

use super::Rules;
use super::source::Line;

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    /// A heading of an HTML page: its level and text.
    Heading(u8, String),
    /// A paragraph: its lines.
    Paragraph(Vec<String>),
}

impl Block {
    fn text(&self) -> String {
        match self {
            Block::Heading(_, text) => text.clone(),
            Block::Paragraph(lines) => lines.join(" "),
        }
    }
}

/// The Markdown body made from `lines` (no trailing newline; empty when the
/// export has no body).
pub(super) fn markdown(lines: &[Line], rules: &Rules) -> String {
    // A paragraph that is only a link of the page the export was saved
    // from (`Print`, `Back to Top`) is the page's, not the statement's.
    let blocks: Vec<Block> = split(lines)
        .into_iter()
        .filter(|b| !rules.drops(&b.text()) && !super::header::is_ignorable(&b.text()))
        .collect();
    let blocks = rejoin(blocks);
    blocks.iter().map(render).collect::<Vec<_>>().join("\n\n")
}

fn split(lines: &[Line]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in lines {
        if line.is_blank() || line.heading.is_some() {
            if !current.is_empty() {
                blocks.push(Block::Paragraph(std::mem::take(&mut current)));
            }
            if let Some(level) = line.heading
                && !line.is_blank()
            {
                blocks.push(Block::Heading(level, line.text.clone()));
            }
        } else {
            // A turn starts a paragraph even where the export has no blank line.
            if turn(&line.text).is_some() && !current.is_empty() {
                blocks.push(Block::Paragraph(std::mem::take(&mut current)));
            }
            current.push(line.text.clone());
        }
    }
    if !current.is_empty() {
        blocks.push(Block::Paragraph(current));
    }
    blocks
}

/// Words after which a paragraph cannot end: a paragraph ending on one
/// was broken mid-sentence, whatever the next one starts with.
const JOINERS: &[&str] = &[
    "a",
    "an",
    "the",
    "to",
    "of",
    "and",
    "or",
    "but",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "that",
    "as",
    "its",
    "their",
    "our",
    "his",
    "her",
    "this",
    "these",
    "those",
    "which",
    "who",
    "is",
    "are",
    "was",
    "were",
    "be",
    "will",
    "would",
    "not",
    "into",
    "than",
    "between",
    "against",
    "about",
    "under",
    "over",
    "through",
    "during",
    "without",
    "within",
    "among",
    "upon",
    "including",
    "such",
    "has",
    "have",
    "had",
];

/// Joins paragraphs that an export broke mid-sentence ("…an obligation to"
/// / "prevent any further use…"), and a turn label standing alone
/// (`QUESTION:`) to what was said.
fn rejoin(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let (Some(Block::Paragraph(prev)), Block::Paragraph(next)) = (out.last_mut(), &block)
            && (is_bare_label(prev) || broken_between(prev, next))
        {
            prev.extend(next.iter().cloned());
            continue;
        }
        out.push(block);
    }
    out
}

fn is_bare_label(paragraph: &[String]) -> bool {
    matches!(paragraph, [one] if turn(one).is_some_and(|(_, rest)| rest.is_empty()))
}

fn broken_between(prev: &[String], next: &[String]) -> bool {
    let (Some(last_line), Some(first_line)) = (prev.last(), next.first()) else {
        return false;
    };
    let Some(last_char) = last_line.chars().last() else {
        return false;
    };
    if matches!(
        last_char,
        '.' | '!' | '?' | ':' | ';' | '"' | '”' | ')' | ']' | '…' | '»'
    ) || turn(first_line).is_some()
        || is_list_item(first_line)
    {
        return false;
    }
    let first_char = first_line.chars().next();
    let last_word = last_line
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_lowercase();
    first_char.is_some_and(char::is_lowercase) || JOINERS.contains(&last_word.as_str())
}

/// Labels in mixed case that still open a turn (`Question:`, `Q:`).
const PLAIN_LABELS: &[&str] = &["question", "answer", "q", "a", "moderator", "operator"];

/// A transcript turn: the speaker's label and what follows
/// (`SECRETARY POMPEO: Good morning.` → (`SECRETARY POMPEO:`, `Good morning.`)).
/// A label is in capitals (or one of a few plain ones such as `Question`)
/// and followed by a space or nothing, so `10:30` is none.
pub(super) fn turn(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let label = &text[..colon];
    let after = &text[colon + 1..];
    if !(after.is_empty() || after.starts_with(' ')) || !label.chars().next().is_some_and(char::is_uppercase)
    {
        return None;
    }
    let capitals = (1..=8).contains(&label.split_whitespace().count())
        && label.len() <= 60
        && label.chars().all(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, ' ' | '.' | '\'' | '’' | '-' | '&')
        });
    let plain = PLAIN_LABELS.contains(&label.to_lowercase().as_str());
    (capitals || plain).then(|| (&text[..=colon], after.trim_start()))
}

/// Does this line start like an item of a list (`• …`, `- …`, `1. …`, `(a) …`)?
fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('•' | '·' | '▪' | '◦' | '-' | '*' | '–' | '—' | '+') => true,
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            matches!(line[digits..].chars().next(), Some('.' | ')'))
        }
        Some('(') => line.find(')').is_some_and(|i| i <= 5),
        _ => false,
    }
}

fn render(block: &Block) -> String {
    match block {
        Block::Heading(level, text) => {
            let mut out = "#".repeat(usize::from((*level).clamp(1, 6)));
            out.push(' ');
            // In a heading, `#` and `{` could also close it or give it attributes.
            for c in escape(text, false).chars() {
                if matches!(c, '#' | '{') {
                    out.push('\\');
                }
                out.push(c);
            }
            out
        }
        Block::Paragraph(lines) => {
            let mut out = String::new();
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    // Lists in plain text keep their lines; other line
                    // breaks were the export's wrapping.
                    out.push_str(if is_list_item(line) { "\\\n" } else { " " });
                }
                let at_start = i == 0 || is_list_item(line);
                match turn(line).filter(|_| i == 0) {
                    Some((label, rest)) => {
                        out.push_str("**");
                        out.push_str(&escape(label, false));
                        out.push_str("**");
                        if !rest.is_empty() {
                            out.push(' ');
                            out.push_str(&escape(rest, false));
                        }
                    }
                    None => out.push_str(&escape(line, at_start)),
                }
            }
            out
        }
    }
}

/// Escapes what Markdown would read as markup, so that the rendered text is
/// `text`. `line_start`: `text` begins a line, where `#`, `>`, `-`, `+`,
/// `=` and `1.` also mean something.
pub(super) fn escape(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    if line_start {
        if text.starts_with(['#', '>', '-', '+', '=']) {
            out.push('\\');
        } else {
            let digits = text.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 && text[digits..].starts_with(['.', ')']) {
                out.push_str(&text[..digits]);
                out.push('\\');
                return out + &escape(&text[digits..], false);
            }
        }
    }
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' => out.push('\\'),
            '&' if is_entity(&text[i..]) => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Does `text` start with an HTML character reference (`&amp;`, `&#39;`)?
fn is_entity(text: &str) -> bool {
    let Some(end) = text.find(';') else {
        return false;
    };
    let name = &text[1..end];
    (1..=32).contains(&name.len())
        && name
            .strip_prefix('#')
            .unwrap_or(name)
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> String {
        let lines: Vec<Line> = text
            .lines()
            .enumerate()
            .map(|(i, l)| Line::new(l, i + 1))
            .collect();
        markdown(&lines, &Rules::defaults())
    }

    #[test]
    fn rejoins_a_paragraph_broken_mid_sentence() {
        assert_eq!(
            body("Russia also has an obligation to\n\nprevent any further use.\n\nNext one."),
            "Russia also has an obligation to prevent any further use.\n\nNext one."
        );
        assert_eq!(
            body("We met with\n\nPresident Vaz."),
            "We met with President Vaz."
        );
        assert_eq!(
            body("Background\n\nThe talks began."),
            "Background\n\nThe talks began."
        );
    }

    #[test]
    fn drops_boilerplate_paragraphs_only() {
        assert_eq!(
            body(
                "Text.\n\nPRN: 2010/123\n\nThe Office of Website Management, Bureau of Public Affairs, manages this site."
            ),
            "Text."
        );
    }

    #[test]
    fn bolds_turn_labels() {
        assert_eq!(
            body("SECRETARY POMPEO: Good morning.\n\nQUESTION:\nThank you.\n\nMS. ORTAGUS: Next."),
            "**SECRETARY POMPEO:** Good morning.\n\n**QUESTION:** Thank you.\n\n**MS. ORTAGUS:** Next."
        );
        assert_eq!(
            body("Question: Did they meet?\nAnswer: Yes."),
            "**Question:** Did they meet?\n\n**Answer:** Yes."
        );
        assert_eq!(turn("At 10:30 we met"), None);
        assert_eq!(turn("10:30 a.m."), None);
        assert_eq!(turn("Note: lower"), None);
    }

    /// The text pulldown-cmark reads from `markdown`, with the site's
    /// options but smart punctuation (which changes quotes, not words).
    fn rendered_text(markdown: &str) -> String {
        use pulldown_cmark::{Event, Options, Parser};
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let mut out = String::new();
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Text(t) => out.push_str(&t),
                Event::SoftBreak | Event::HardBreak => out.push(' '),
                Event::Start(_) | Event::End(_) => {}
                // Anything else (code, HTML, footnote references, rules) is markup that leaked.
                other => out.push_str(&format!("<<{other:?}>>")),
            }
        }
        out
    }

    #[test]
    fn escaped_text_renders_to_itself() {
        let lines = [
            "*a* **b** _c_ __d__ 2*3*4 snake_case_word",
            "`code` and ``more``",
            "<b>bold</b> <https://example.org> <!-- note -->",
            "[link](http://x) ![img](x.png) [^1] [ref]",
            "[ref]: http://example.org",
            "# heading",
            "#hashtag",
            "> quote",
            "- item",
            "+ item",
            "* item",
            "1. one",
            "1) one",
            "2017. A year",
            "===",
            "---",
            "***",
            "___",
            "~~strike~~ ~one~",
            "a \\ b and a trailing \\",
            "&amp; &#39; &copy; AT&T &nbsp",
            "| a | b |",
            "Heading {#id}",
            "5 > 3 < 4 !important :tag:",
            "\\*already escaped\\*",
            "    not code",
            "<div>block</div>",
        ];
        for line in lines {
            let line = line.trim();
            assert_eq!(rendered_text(&escape(line, true)), line, "{line:?}");
            assert_eq!(
                rendered_text(&format!("x {}", escape(line, false))),
                format!("x {line}")
            );
        }
        let heading = render(&Block::Heading(2, "A # heading {#id} *x*".into()));
        assert_eq!(rendered_text(&heading), "A # heading {#id} *x*");
        let list = body("Items:\n- one\n1. two\n\\ three");
        assert_eq!(rendered_text(&list), "Items: - one 1. two \\ three");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("# 1 *a* _b_ <i> [x](y) `c` \\ ~d~ &amp; AT&T", true),
            "\\# 1 \\*a\\* \\_b\\_ \\<i> \\[x\\](y) \\`c\\` \\\\ \\~d\\~ \\&amp; AT&T"
        );
        assert_eq!(escape("1. First", true), "1\\. First");
        assert_eq!(escape("- item", true), "\\- item");
        assert_eq!(escape("2017. Then", false), "2017. Then");
        assert_eq!(body("Items:\n- one\n- two"), "Items:\\\n\\- one\\\n\\- two");
    }
}
