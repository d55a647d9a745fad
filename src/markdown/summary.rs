//! The default summary: a statement's opening paragraphs in, the text that
//! listings, meta and og descriptions and feeds show out.
//!
//! Statements of this kind open with lines that say nothing about them:
//! "The following is attributable to Spokesperson …:", "Good morning, and
//! welcome to the Ministry.", "Thank you, Director." The summary skips the
//! leading sentences that match one of site.toml's `[summary] skip`
//! patterns (see [`DEFAULT_SKIP`]), then takes whole sentences of the
//! paragraph it reached, up to [`MAX_CHARS`] characters. A first sentence
//! longer than that is cut at a word, with "…". When every opening
//! sentence is a lead-in, the first paragraph is the summary as before
//! (and `check` names it, see [`is_boilerplate`]).

use regex::Regex;

/// The longest default summary, in characters: whole sentences up to this
/// many. About two sentences: search engines show about 160 characters of
/// a description, and the default theme's cards 280.
pub const MAX_CHARS: usize = 280;

/// How many of a body's first paragraphs are read for the summary: lead-ins
/// are a line or two, never a page.
pub const PARAGRAPHS: usize = 6;

/// The default `[summary] skip` patterns: attribution lines, greetings,
/// thanks and openers of briefings and speeches. Each is matched against
/// one sentence (without a transcript label such as `MR PRICE:`).
pub const DEFAULT_SKIP: &[&str] = &[
    r"(?i)^the following (statement )?is attributable to\b",
    r"(?i)^(below|the following) is the (full )?text of\b",
    r"(?i)^(begin|start|end) (of )?(text|transcript)\b",
    r"(?i)^as (prepared for delivery|delivered)\b",
    r"(?i)^good (morning|afternoon|evening|day)\b",
    r"(?i)^(hello|hi|greetings)\b",
    r"(?i)^welcome\b",
    r"(?i)^thanks?\b",
    r"(?i)^(ladies and gentlemen|(hello|hi),? (everyone|everybody|all))\b",
    r"(?i)^(everyone|everybody)[,.!]",
    r"(?i)^it('s| is) (a|my|an|great) (pleasure|honou?r|privilege)\b",
    r"(?i)^(i am|i'm) (delighted|pleased|glad|happy) to (be here|welcome|join)\b",
];

/// The default summary of a body whose first top-level paragraphs (as
/// plain text) are `paragraphs`.
pub fn default_summary(paragraphs: &[String], skip: &[Regex]) -> String {
    let paragraphs: Vec<Vec<String>> = paragraphs
        .iter()
        .map(|p| sentences(&without_label(&collapse(p))))
        .filter(|s| !s.is_empty())
        .collect();
    for sentences in &paragraphs {
        let kept: Vec<&String> = sentences.iter().skip_while(|s| is_lead_in(s, skip)).collect();
        if !kept.is_empty() {
            return fit(&kept);
        }
    }
    // Nothing but lead-ins: the first paragraph, as before.
    paragraphs
        .first()
        .map_or_else(String::new, |p| fit(&p.iter().collect::<Vec<_>>()))
}

/// Is `summary` empty or a lead-in (its first sentence matches a `skip`
/// pattern)? Such a summary tells a reader nothing about the statement.
pub fn is_boilerplate(summary: &str, skip: &[Regex]) -> bool {
    let text = without_label(&collapse(summary));
    match sentences(&text).first() {
        None => true,
        Some(first) => is_lead_in(first, skip),
    }
}

fn is_lead_in(sentence: &str, skip: &[Regex]) -> bool {
    skip.iter().any(|r| r.is_match(sentence))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text without a transcript label at its start (`MR PRICE:`,
/// `SECRETARY BLINKEN:`, `MODERATOR:`): the words of a turn, not who says them.
fn without_label(text: &str) -> String {
    if let Some((label, rest)) = text.split_once(": ") {
        let letters = label.chars().filter(|c| c.is_alphabetic()).count();
        let is_label = letters >= 2
            && label.chars().count() <= 40
            && label.chars().all(|c| {
                (c.is_alphabetic() && !c.is_lowercase()) || matches!(c, ' ' | '.' | '\'' | '’' | '-')
            });
        if is_label && !rest.is_empty() {
            return rest.to_string();
        }
    }
    text.to_string()
}

/// Words that end in a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "jr", "sr", "prof", "amb", "hon", "rev", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "art", "sec", "para", "vol", "pp", "ft",
    "mt", "fig", "approx",
];

/// `text` (one paragraph, spaces collapsed) cut into sentences: after `.`,
/// `!` or `?` (and closing quotes or brackets) followed by a space and a
/// capital letter, a digit or an opening quote; not after an abbreviation
/// or an initial ("Rex W. Tillerson", "U.S. Embassy").
fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '.' | '!' | '?') {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end], '"' | '\'' | '’' | '”' | ')' | ']') {
                end += 1;
            }
            let next = chars.get(end + 1).copied();
            let opens = chars.get(end) == Some(&' ')
                && next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(".contains(c));
            if opens && !(chars[i] == '.' && is_abbreviation(&chars[start..i])) {
                out.push(chars[start..end].iter().collect::<String>());
                start = end + 1;
                i = start;
                continue;
            }
        }
        i += 1;
    }
    let rest: String = chars[start.min(chars.len())..].iter().collect();
    if !rest.trim().is_empty() {
        out.push(rest.trim().to_string());
    }
    out
}

/// Does the text before a period end with an abbreviation or an initial?
fn is_abbreviation(before: &[char]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '(' | '"' | '“'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // An initial (`W.`), or letters with periods (`U.S.`, `a.m.`).
    if letters == 1 || word.contains('.') {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Whole sentences up to [`MAX_CHARS`]; the first alone, cut at a word
/// with "…", when it is longer.
fn fit(sentences: &[&String]) -> String {
    let mut out = String::new();
    for s in sentences {
        let len = out.chars().count() + usize::from(!out.is_empty()) + s.chars().count();
        if len > MAX_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s);
    }
    if out.is_empty()
        && let Some(first) = sentences.first()
    {
        let mut cut = String::new();
        for word in first.split(' ') {
            if cut.chars().count() + word.chars().count() + 2 > MAX_CHARS {
                break;
            }
            if !cut.is_empty() {
                cut.push(' ');
            }
            cut.push_str(word);
        }
        if cut.is_empty() {
            // One word longer than the limit.
            cut = first.chars().take(MAX_CHARS - 1).collect();
        }
        let cut = cut.trim_end_matches([',', ';', ':', ' ']).to_string();
        out = format!("{cut}…");
    }
    out
}

/// Compiles `[summary] skip` patterns; `Err((index, message))` for the
/// first that is not a valid regular expression.
pub fn compile(patterns: &[String]) -> Result<Vec<Regex>, (usize, String)> {
    patterns
        .iter()
        .enumerate()
        .map(|(i, p)| Regex::new(p).map_err(|e| (i, e.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Vec<Regex> {
        let patterns: Vec<String> = DEFAULT_SKIP.iter().map(|p| p.to_string()).collect();
        compile(&patterns).unwrap()
    }

    fn summary(paragraphs: &[&str]) -> String {
        let p: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        default_summary(&p, &defaults())
    }

    /// The README lists the defaults for archivists to copy: it must say
    /// what the code does.
    #[test]
    fn the_readme_lists_the_default_patterns() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("```toml\n[summary]\nskip = [\n")
            .expect("the README's [summary] defaults");
        let block = &readme[start + "```toml\n".len()..];
        let block = &block[..block.find("```").unwrap()];
        let table: toml::Table = toml::from_str(block).unwrap();
        let listed: Vec<&str> = table["summary"]["skip"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(listed, DEFAULT_SKIP);
    }

    #[test]
    fn skips_attribution_greetings_and_thanks() {
        assert_eq!(
            summary(&[
                "The following is attributable to Spokesperson Ned Price:",
                "The United States condemns the attack. We stand with the people of Valdoria."
            ]),
            "The United States condemns the attack. We stand with the people of Valdoria."
        );
        assert_eq!(
            summary(&["Good morning, and welcome to the Ministry. Today we sign the Coastal Accord."]),
            "Today we sign the Coastal Accord."
        );
        assert_eq!(
            summary(&[
                "MINISTER OKAFOR-LIND: Thank you, Director. Thank you all for coming.",
                "Today we sign the Coastal Accord."
            ]),
            "Today we sign the Coastal Accord."
        );
    }

    #[test]
    fn ends_at_a_sentence_within_the_limit() {
        let long = "The accord sets out how the two governments share the fisheries of the bay, the patrols of its waters and the research into its stocks for the next ten years.";
        let text = format!("{long} {long} {long}");
        let s = summary(&[&text]);
        assert_eq!(s, format!("{long}"));
        assert!(s.chars().count() <= MAX_CHARS);
        // Initials and abbreviations do not end a sentence.
        assert_eq!(
            summary(&[
                "Secretary Rex W. Tillerson met Mr. Lavrov at the U.S. Embassy. They spoke for an hour."
            ]),
            "Secretary Rex W. Tillerson met Mr. Lavrov at the U.S. Embassy. They spoke for an hour."
        );
    }

    #[test]
    fn a_first_sentence_too_long_is_cut_at_a_word() {
        let words = "word ".repeat(100);
        let s = summary(&[words.trim()]);
        assert!(s.ends_with("word…"), "{s}");
        assert!(s.chars().count() <= MAX_CHARS);
    }

    #[test]
    fn only_lead_ins_give_the_first_paragraph_and_count_as_boilerplate() {
        let s = summary(&["Thank you.", "Good morning."]);
        assert_eq!(s, "Thank you.");
        assert!(is_boilerplate(&s, &defaults()));
        assert!(is_boilerplate("", &defaults()));
        assert!(!is_boilerplate("The accord is signed.", &defaults()));
    }
}
