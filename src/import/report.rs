//! Import, report: what happened to each export in, the summary for the
//! terminal and the CSV file an archivist works through out.
//!
//! Invariant: every export read has exactly one [`Row`], in the order the
//! exports were read: imported (with the file and the fields found), a
//! duplicate (with the export it repeats), or skipped (with the reason).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::{Action, Imported, Written};
use crate::diag::Diagnostic;

/// The fields a statement may lack, in report order.
pub const OPTIONAL_FIELDS: [&str; 6] = ["kind", "speaker", "role", "issuer", "location", "body"];

/// What became of one export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Imported,
    /// The same statement as an earlier export: not written again.
    Duplicate,
    Skipped,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Imported => "imported",
            Outcome::Duplicate => "duplicate",
            Outcome::Skipped => "skipped",
        }
    }
}

/// One export's line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub source: PathBuf,
    pub outcome: Outcome,
    /// Why it was skipped, which export it repeats, or that it probably
    /// repeats one; empty otherwise.
    pub reason: String,
    /// The statement file written (or that would be).
    pub file: Option<PathBuf>,
    pub action: Option<Action>,
    /// The front matter fields found.
    pub fields: Vec<&'static str>,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub into: PathBuf,
    pub dry_run: bool,
    pub written: Vec<Written>,
    /// The exports not imported, each with its reason.
    pub skipped: Vec<Diagnostic>,
    /// Exports with the same statement as an earlier one, not written
    /// again: (export, the earlier export).
    pub duplicates: Vec<(PathBuf, PathBuf)>,
    /// Exports imported that probably repeat an earlier one (the same day,
    /// the title or the body the same but for letter case or a word):
    /// (export, the earlier export).
    pub probable_duplicates: Vec<(PathBuf, PathBuf)>,
    /// For each of [`OPTIONAL_FIELDS`], how many imported statements lack it.
    pub missing: BTreeMap<&'static str, usize>,
    /// Kinds not in site.toml, as written, with how many statements have each.
    pub unknown_kinds: BTreeMap<String, usize>,
    /// Files in the source folders that are neither text nor HTML.
    pub ignored: usize,
    /// One row per export, in the order read.
    pub rows: Vec<Row>,
}

impl Report {
    pub(super) fn new(into: &Path, dry_run: bool) -> Report {
        Report {
            into: into.to_path_buf(),
            dry_run,
            missing: OPTIONAL_FIELDS.iter().map(|f| (*f, 0)).collect(),
            ..Report::default()
        }
    }

    pub(super) fn skip(&mut self, d: Diagnostic) {
        let reason = match &d.hint {
            Some(hint) => format!("{} (line {}; {hint})", d.message, d.line),
            None => format!("{} (line {})", d.message, d.line),
        };
        self.rows.push(Row {
            source: d.path.clone(),
            outcome: Outcome::Skipped,
            reason,
            file: None,
            action: None,
            fields: Vec::new(),
        });
        self.skipped.push(d);
    }

    pub(super) fn duplicate(&mut self, source: &Path, first: &Path) {
        self.rows.push(Row {
            source: source.to_path_buf(),
            outcome: Outcome::Duplicate,
            reason: format!("the same statement as {}", first.display()),
            file: None,
            action: None,
            fields: Vec::new(),
        });
        self.duplicates.push((source.to_path_buf(), first.to_path_buf()));
    }

    pub(super) fn imported(
        &mut self,
        source: &Path,
        s: &Imported,
        file: PathBuf,
        action: Action,
        probable: Option<PathBuf>,
    ) {
        let fields = s.fields();
        for field in OPTIONAL_FIELDS {
            let has = match field {
                "speaker" => !s.speakers.is_empty(),
                "role" => fields.contains(&"role") || fields.contains(&"roles"),
                f => fields.contains(&f),
            };
            if !has {
                *self.missing.entry(field).or_default() += 1;
            }
        }
        if let Some(kind) = s.kind.as_ref().filter(|k| !k.known) {
            *self.unknown_kinds.entry(kind.name.clone()).or_default() += 1;
        }
        let reason = match &probable {
            Some(first) => format!("probably the same statement as {}", first.display()),
            None => String::new(),
        };
        if let Some(first) = probable {
            self.probable_duplicates.push((source.to_path_buf(), first));
        }
        self.rows.push(Row {
            source: source.to_path_buf(),
            outcome: Outcome::Imported,
            reason,
            file: Some(file.clone()),
            action: Some(action),
            fields,
        });
        self.written.push(Written {
            source: source.to_path_buf(),
            path: file,
            action,
        });
    }

    /// The report as CSV: a header row, then one row per export with its
    /// `source`, `result` (imported, duplicate, skipped), `reason`, `file`,
    /// `action` (created, replaced, unchanged; `would create` … in a dry
    /// run) and `fields` (the fields found, separated by spaces).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("source,result,reason,file,action,fields\n");
        for row in &self.rows {
            let cells = [
                row.source.display().to_string(),
                row.outcome.name().to_string(),
                row.reason.clone(),
                row.file
                    .as_ref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default(),
                row.action
                    .map(|a| a.verb(self.dry_run))
                    .unwrap_or_default()
                    .to_string(),
                row.fields.join(" "),
            ];
            let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }
}

/// One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a
/// line break, with its quotes doubled.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |a: Action| self.written.iter().filter(|w| w.action == a).count();
        let n = self.written.len();
        writeln!(
            f,
            "{} {n} statement{} into {} ({} new, {} replaced, {} unchanged){}",
            if self.dry_run { "Would import" } else { "Imported" },
            if n == 1 { "" } else { "s" },
            self.into.display(),
            count(Action::Create),
            count(Action::Overwrite),
            count(Action::Unchanged),
            if self.dry_run {
                "; nothing was written (--dry-run)"
            } else {
                ""
            },
        )?;
        if !self.skipped.is_empty() {
            writeln!(f, "Skipped {}:", self.skipped.len())?;
            for d in &self.skipped {
                writeln!(f, "  {}", d.to_string().replace('\n', "\n  "))?;
            }
        }
        if !self.duplicates.is_empty() {
            writeln!(
                f,
                "Duplicates, imported once ({}): the same statement as an earlier export",
                self.duplicates.len()
            )?;
            for (source, first) in &self.duplicates {
                writeln!(f, "  {} repeats {}", source.display(), first.display())?;
            }
        }
        if !self.probable_duplicates.is_empty() {
            writeln!(
                f,
                "Probable duplicates ({}), imported with URLs of their own: check them and delete the one you do not want",
                self.probable_duplicates.len()
            )?;
            for (source, first) in &self.probable_duplicates {
                writeln!(f, "  {} probably repeats {}", source.display(), first.display())?;
            }
        }
        let missing: Vec<String> = OPTIONAL_FIELDS
            .iter()
            .map(|field| format!("{field} {}", self.missing.get(field).copied().unwrap_or(0)))
            .collect();
        writeln!(
            f,
            "Statements without (left absent, never guessed): {}",
            missing.join(", ")
        )?;
        if !self.unknown_kinds.is_empty() {
            let kinds: Vec<String> = self
                .unknown_kinds
                .iter()
                .map(|(k, n)| format!("\"{k}\" ({n})"))
                .collect();
            writeln!(
                f,
                "Kinds not in site.toml, kept as found under [extra] (kind = \"…\"), so that the archive builds: {}\n  hint: add them to `kinds` in site.toml and import again with --force to file these statements under them",
                kinds.join(", ")
            )?;
        }
        if self.ignored > 0 {
            writeln!(
                f,
                "Ignored {} file(s) that are neither .txt nor .html",
                self.ignored
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_when_they_must_be() {
        assert_eq!(csv_cell("a"), "a");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"x\""), "\"say \"\"x\"\"\"");
    }
}
