//! Warnings: the loaded archive in, the likely mistakes that do not stop a
//! build out — a speaker spelled almost like a person of content/people/,
//! two topics or countries that differ only by case, accents, punctuation
//! or a letter or two, and a statement whose body is still `new`'s
//! placeholder.
//!
//! Every build, `check`, `watch` and `serve` report them (exit 0); with
//! `--strict` they fail the build. Each points at the front-matter line of
//! the field, read again from the file: warnings are few, and the model
//! does not carry every field's position.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::model::{Body, People, Statement};

/// The body `pressroom new` writes, which a build warns about until it
/// is replaced.
pub const PLACEHOLDER: &str = "Write the statement here, in place of this line.";

/// The start of [`PLACEHOLDER`], which older versions wrote alone.
const PLACEHOLDER_START: &str = "Write the statement here";

/// The warnings of an archive (see the module's doc), sorted by place.
pub fn warnings(statements: &[Arc<Statement>], bodies: &[Arc<Body>], people: &People) -> Vec<Diagnostic> {
    with_names(name_warnings(statements, people), statements, bodies)
}

/// The warnings about names: speakers near a person's name, topics and
/// countries near another. They depend on nothing but the statements'
/// speakers, topics and countries and the people files (what the site's
/// structure key covers), and on the front matter of the files they
/// point at, which `watch` uses to keep them from one rebuild to the next.
pub fn name_warnings(statements: &[Arc<Statement>], people: &People) -> Vec<Diagnostic> {
    // Three passes over every statement, on every core.
    let (mut out, (topics, countries)) = rayon::join(
        || near_speakers(statements, people),
        || {
            rayon::join(
                || near_terms(statements, &["topics"], "topic", |s| &s.topics),
                || near_terms(statements, &["countries"], "country", |s| &s.countries),
            )
        },
    );
    out.extend(topics);
    out.extend(countries);
    out
}

/// The warnings of an archive given its [`name_warnings`]: those and the
/// bodies', sorted by place.
pub fn with_names(
    names: Vec<Diagnostic>,
    statements: &[Arc<Statement>],
    bodies: &[Arc<Body>],
) -> Vec<Diagnostic> {
    let mut out = names;
    for (s, body) in statements.iter().zip(bodies) {
        if s.summary.is_none() && body.summary.starts_with(PLACEHOLDER_START) {
            let (line, col) = text_position(&s.path, PLACEHOLDER_START).unwrap_or((s.body_line, 1));
            out.push(
                Diagnostic::new(
                    &s.path,
                    line,
                    col,
                    "warning: the body is still the placeholder `pressroom new` wrote",
                )
                .with_hint("write the statement in its place"),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Speakers that match no people file while a person's name or alias is
/// a near miss of them ("Rex W. Tilerson" for "Rex W. Tillerson").
fn near_speakers(statements: &[Arc<Statement>], people: &People) -> Vec<Diagnostic> {
    let names: Vec<(&str, usize)> = people
        .list
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            std::iter::once(p.name.as_str())
                .chain(p.aliases.iter().map(String::as_str))
                .map(move |n| (n, i))
        })
        .collect();
    let normal: Vec<String> = names.iter().map(|(n, _)| normalize(n)).collect();
    let mut verdicts: foldhash::HashMap<&str, Option<usize>> = Default::default();
    let mut out = Vec::new();
    for s in statements {
        for speaker in &s.speakers {
            let close = *verdicts.entry(speaker.as_str()).or_insert_with(|| {
                if people.find(speaker).is_some() {
                    return None;
                }
                let n = normalize(speaker);
                normal
                    .iter()
                    .enumerate()
                    .filter_map(|(i, candidate)| distance_if_near(&n, candidate).map(|d| (d, i)))
                    .min()
                    .map(|(_, i)| i)
            });
            if let Some(i) = close {
                let person = &people.list[names[i].1];
                let (line, col) = field_position(&s.path, &["speaker", "speakers"], speaker);
                let spelling = names[i].0;
                let also = if spelling == person.name {
                    String::new()
                } else {
                    format!(", an alias of {}", person.name)
                };
                out.push(
                    Diagnostic::new(
                        &s.path,
                        line,
                        col,
                        format!("warning: speaker \"{speaker}\" matches no people file"),
                    )
                    .with_hint(format!(
                        "did you mean \"{spelling}\"{also}? If \"{speaker}\" is someone else, describe them in content/people/, or add the spelling to {}'s aliases",
                        person.path.file_name().map_or_else(|| person.name.clone(), |f| format!("content/people/{}", f.to_string_lossy()))
                    )),
                );
            }
        }
    }
    out
}

/// Values of one field (topics, countries) that are near another value of
/// it: the rarer spelling is warned about, at each statement that uses it.
/// Spellings equal once normalized always are; spellings an edit or two
/// apart only when the rarer is used by at most [`RARE`] statements and
/// the other by at least twice as many.
fn near_terms(
    statements: &[Arc<Statement>],
    keys: &[&str],
    field: &str,
    values: impl Fn(&Statement) -> &[String],
) -> Vec<Diagnostic> {
    // Each spelling with the statements that use it, in a stable order.
    let mut uses: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in statements.iter().enumerate() {
        for v in values(s) {
            let list = uses.entry(v.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let spellings: Vec<(&str, String)> = uses.keys().map(|v| (*v, normalize(v))).collect();
    // Compared only with spellings of about the same length: a near miss
    // is at most two edits away.
    let mut by_len: Vec<usize> = (0..spellings.len()).collect();
    by_len.sort_by_key(|&i| spellings[i].1.chars().count());
    let mut out = Vec::new();
    let mut warned = std::collections::HashSet::new();
    for (a_pos, &a) in by_len.iter().enumerate() {
        let a_len = spellings[a].1.chars().count();
        for &b in &by_len[a_pos + 1..] {
            if spellings[b].1.chars().count() > a_len + 2 {
                break;
            }
            let Some(distance) = distance_if_near(&spellings[a].1, &spellings[b].1) else {
                continue;
            };
            let (count_a, count_b) = (uses[spellings[a].0].len(), uses[spellings[b].0].len());
            // Letters apart, a slip is rare beside a common spelling; two
            // names each used widely are two names (Gambia, Zambia).
            let (fewer, more) = (count_a.min(count_b), count_a.max(count_b));
            if distance > 0 && !(fewer <= RARE && more >= 2 * fewer) {
                continue;
            }
            // The rarer spelling is the likely slip; on a tie, the later one.
            let (rare, common) =
                if count_a < count_b || (count_a == count_b && spellings[a].0 > spellings[b].0) {
                    (a, b)
                } else {
                    (b, a)
                };
            if !warned.insert(rare) {
                continue;
            }
            let (rare, common) = (spellings[rare].0, spellings[common].0);
            let count = uses[common].len();
            for &i in &uses[rare] {
                let s = &statements[i];
                let (line, col) = field_position(&s.path, keys, rare);
                out.push(
                    Diagnostic::new(
                        &s.path,
                        line,
                        col,
                        format!(
                            "warning: {field} \"{rare}\" is nearly \"{common}\" ({count} statement{})",
                            if count == 1 { "" } else { "s" }
                        ),
                    )
                    .with_hint(format!(
                        "did you mean \"{common}\"? Two spellings of one {field} split its statements between them"
                    )),
                );
            }
        }
    }
    out
}

/// At most how many statements use a spelling that is letters away from
/// another one for it to be taken for a slip.
const RARE: usize = 2;

/// A name for comparing: accents and case gone, punctuation a space, spaces
/// collapsed (`Côte d’Ivoire` and `Cote d'Ivoire` are one).
fn normalize(name: &str) -> String {
    deunicode::deunicode(name)
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The edit distance of two normalized names when it is small enough to be
/// a slip: equal once normalized, one edit for names of 5 to 11
/// characters, two from 12 (short names differ by one letter on purpose:
/// Iran, Iraq).
fn distance_if_near(a: &str, b: &str) -> Option<usize> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let limit = match la.min(lb) {
        0..5 => 0,
        5..12 => 1,
        _ => 2,
    };
    // Every pair of terms of about one length is compared: the cheap
    // answers first.
    if a == b {
        return Some(0);
    }
    if limit == 0 || la.abs_diff(lb) > limit {
        return None;
    }
    let d = crate::diag::levenshtein(a, b);
    (d <= limit).then_some(d)
}

/// Where `value` is written in the front matter of the file at `path`: on
/// the line of one of `keys` or below it (a list over several lines); the
/// key's line when the value is not found as written; 1:1 when the file
/// cannot be read.
fn field_position(path: &Path, keys: &[&str], value: &str) -> (usize, usize) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return (1, 1);
    };
    let front: Vec<&str> = text
        .lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, l)| l.trim_end() != "+++")
        .map(|(_, l)| l)
        .collect();
    let is_key = |l: &str| {
        let l = l.trim_start();
        keys.iter().any(|k| {
            l.strip_prefix(k)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
    };
    let Some(start) = front.iter().position(|l| is_key(l)) else {
        return (1, 1);
    };
    for (i, l) in front.iter().enumerate().skip(start) {
        let another_key = l.split_once('=').is_some_and(|(k, _)| {
            let k = k.trim();
            !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        });
        if i > start && (another_key || l.trim_start().starts_with('[')) {
            break;
        }
        if let Some(at) = l.find(value) {
            let col = l[..at].chars().count();
            // Point at the opening quote.
            return (i + 2, col.max(1));
        }
    }
    (start + 2, 1)
}

/// Line and column of the first line of the file at `path` that contains
/// `needle`.
fn text_position(path: &Path, needle: &str) -> Option<(usize, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.find(needle).map(|at| (i + 1, l[..at].chars().count() + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_slips_but_distinct_short_names_are_not() {
        let near = |a: &str, b: &str| distance_if_near(&normalize(a), &normalize(b)).is_some();
        assert!(near("Rex W. Tilerson", "Rex W. Tillerson"));
        assert!(near("Cote d'Ivoire", "Côte d’Ivoire"));
        assert!(near("north korea", "North Korea"));
        assert!(!near("North Korea", "South Korea"));
        assert!(!near("Iran", "Iraq"));
        assert!(!near("Austria", "Australia"));
        assert!(!near("Slovakia", "Slovenia"));
        assert!(near("Sanction", "Sanctions"));
    }
}
