//! Diagnostics: a user error is data, not a panic.
//!
//! Every stage that reads user input reports problems as [`Diagnostic`]s
//! (`path:line:col: message` plus an optional hint). Stages collect them and
//! the build reports all of them at once; nothing is written when any exist.
//! Lines and columns count from 1 at the top of the file (not from the start
//! of an embedded TOML block), columns in characters.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in the user's input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            col,
            message: message.into(),
            hint: None,
        }
    }

    /// A diagnostic at a byte offset of `text`, the whole content of `path`.
    pub fn at_offset(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(text, offset);
        Diagnostic::new(path, line, col, message)
    }

    /// A problem with a file as a whole (I/O errors, missing files).
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(path, 1, 1, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Several diagnostics, sorted by place so that output is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(value)` when nothing was reported, else every diagnostic, sorted.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort();
            self.0.dedup();
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A diagnostic for a TOML (de)serialisation error in `text` (the whole
/// file at `path`), where the TOML starts at byte `toml_start` of the file.
/// An unknown field gets a "did you mean" hint from `known_fields`, in
/// which `table.key` names a key of a table: a key found outside its
/// table gets the hint that it belongs there.
pub fn toml_error(
    path: &Path,
    text: &str,
    toml_start: usize,
    error: &toml::de::Error,
    known_fields: &[&str],
) -> Diagnostic {
    let offset = toml_start + error.span().map_or(0, |s| s.start);
    let message = error.message().trim().replace('\n', " ");
    let mut hint = None;
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        hint = Some(unknown_field_hint(
            name,
            &text[toml_start.min(offset)..offset.min(text.len())],
            known_fields,
        ));
        let message = format!("unknown field `{name}`");
        return Diagnostic::at_offset(path, text, offset, message).with_hint_opt(hint);
    }
    // Name the key of the line the error is on, when the message does not.
    let line_start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"'))
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-'));
    let message = match key {
        Some(k) if !message.contains(&format!("`{k}`")) => format!("`{k}`: {message}"),
        _ => message,
    };
    if message.contains("date") || message.contains("time") {
        hint = Some("write a date as 2017-07-05, or a date and time as 2017-07-05T10:30:00".to_string());
    } else if message.contains("invalid type") {
        hint = Some("check the value's type: strings need quotes, lists need [ ]".to_string());
    } else if message.contains("expected") || message.contains("invalid") {
        hint = Some("check the TOML syntax of this line: key = value, strings in quotes".to_string());
    }
    Diagnostic::at_offset(path, text, offset, message).with_hint_opt(hint)
}

/// The hint for an unknown field `name`, found after `before` (the TOML
/// up to it). See [`toml_error`] for `known_fields`.
fn unknown_field_hint<'a>(name: &str, before: &str, known_fields: &[&'a str]) -> String {
    let tables = known_fields.iter().any(|f| f.contains('.'));
    let known: Vec<(Option<&'a str>, &'a str)> = known_fields
        .iter()
        .map(|f| f.rsplit_once('.').map_or((None, *f), |(t, k)| (Some(t), k)))
        .collect();
    // The table the field is in: the last `[table]` or `[[table]]` line.
    let here = before
        .lines()
        .rev()
        .map(str::trim_start)
        .find(|l| l.starts_with('['))
        .map(|l| {
            l.trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or_default()
                .trim()
        });
    let belongs = |key: &str, table: Option<&str>| match table {
        Some(t) => format!("`{key}` belongs in the [{t}] table: move it below a line `[{t}]`"),
        None => format!("`{key}` belongs at the top of the file, before the first [table] line"),
    };
    if tables
        && let Some((table, key)) = known.iter().find(|(_, k)| *k == name)
        && *table != here
    {
        return belongs(key, *table);
    }
    match did_you_mean(name, known.iter().map(|(_, k)| *k)) {
        Some(close) => {
            let table = known.iter().find(|(_, k)| *k == close).and_then(|(t, _)| *t);
            if tables && table.is_some() && table != here {
                format!("did you mean `{close}`? {}", belongs(close, table))
            } else {
                format!("did you mean `{close}`?")
            }
        }
        None => format!("the known fields are: {}", known_fields.join(", ")),
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a plausible typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= c.chars().count().div_ceil(3).clamp(1, 4))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// The number of one-character insertions, deletions and substitutions
/// that turn `a` into `b`.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Stage timings for profiling, printed to stderr when the environment
/// variable `PRESSROOM_TIMINGS` is set: `timing("parse", start)`.
/// Each line also gives the CPU time the whole process has used so far,
/// which tells a stage that uses both cores from one that runs on one, and
/// its resident memory (Linux only).
pub fn timing(stage: &str, since: std::time::Instant) {
    if std::env::var_os("PRESSROOM_TIMINGS").is_some() {
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                Some(
                    s.lines().find(|l| l.starts_with("VmRSS:"))?[6..]
                        .trim()
                        .to_string(),
                )
            })
            .unwrap_or_default();
        let cpu = process_cpu_ms()
            .map(|ms| format!("  (cpu so far {ms:>7.0} ms, rss {rss})"))
            .unwrap_or_default();
        eprintln!(
            "  {stage:<24} {:>8.1} ms{cpu}",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// User plus system time of this process, from /proc/self/stat.
fn process_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) end with `)`.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_in_characters() {
        let text = "ab\nçd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_col(text, 100), (3, 3));
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "date", "kind", "speakers"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("speaker", keys), Some("speakers"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
