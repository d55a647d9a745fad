//! Import, writing: an imported statement and its file text in, the path it
//! goes to (`DIR/YYYY/<slug>.md`) and what happens there out.
//!
//! Invariants: a path is used once per run; an existing file is never
//! replaced without `force`; an existing file with exactly the text to
//! write is left alone (so importing twice changes nothing); an existing
//! file that is another statement (another title or date) is never touched:
//! the new one gets the next free slug (`-2`, `-3`…). A replaced file is
//! written beside its place and renamed over it, so it is never half-written.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::Imported;
use crate::content::split_front_matter;
use crate::diag::Diagnostic;
use crate::permalink;

/// What happens at a statement's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A new file.
    Create,
    /// An existing file of the same statement, replaced (`--force`).
    Overwrite,
    /// An existing file with the same bytes: nothing to do.
    Unchanged,
}

impl Action {
    pub fn verb(self, dry_run: bool) -> &'static str {
        match (self, dry_run) {
            (Action::Create, false) => "created",
            (Action::Create, true) => "would create",
            (Action::Overwrite, false) => "replaced",
            (Action::Overwrite, true) => "would replace",
            (Action::Unchanged, _) => "unchanged",
        }
    }
}

/// The (title, date) a statement file has, to tell "the same statement
/// imported again" from "another statement with the same slug".
fn identity(text: &str, path: &Path) -> Option<(String, String)> {
    let (front, _, _, _) = split_front_matter(path, text).ok()?;
    let table: toml::Table = toml::from_str(front).ok()?;
    let title = table.get("title")?.as_str()?.to_string();
    let date = table.get("date")?.to_string();
    Some((title, date))
}

/// Chooses where `statement` (whose file text is `text`) goes.
pub(super) fn place(
    into: &Path,
    source: &Path,
    statement: &Imported,
    text: &str,
    force: bool,
    claimed: &mut HashSet<PathBuf>,
) -> Result<(PathBuf, Action), Diagnostic> {
    let slug = permalink::slugify(&statement.title);
    if slug.is_empty() {
        return Err(Diagnostic::file(
            source,
            format!("the title \"{}\" gives an empty slug", statement.title),
        )
        .with_hint("give the statement a title with letters or digits"));
    }
    let folder = into.join(statement.date.day.format("%Y").to_string());
    let mine = (statement.title.clone(), statement.date.toml());
    let mut same_statement: Option<PathBuf> = None;
    for n in 1.. {
        let name = if n == 1 {
            format!("{slug}.md")
        } else {
            format!("{slug}-{n}.md")
        };
        let path = folder.join(name);
        if claimed.contains(&path) {
            continue;
        }
        let existing = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let Some(previous) = same_statement else {
                    claimed.insert(path.clone());
                    return Ok((path, Action::Create));
                };
                if !force {
                    return Err(Diagnostic::file(
                        source,
                        format!("{} already exists with different text", previous.display()),
                    )
                    .with_hint("pass --force to replace it; pressroom never overwrites without it"));
                }
                claimed.insert(previous.clone());
                return Ok((previous, Action::Overwrite));
            }
            Err(e) => {
                return Err(Diagnostic::file(&path, format!("cannot read: {e}")));
            }
        };
        if existing == text.as_bytes() {
            claimed.insert(path.clone());
            return Ok((path, Action::Unchanged));
        }
        let theirs = std::str::from_utf8(&existing)
            .ok()
            .and_then(|t| identity(t, &path));
        if same_statement.is_none() && theirs.as_ref() == Some(&mine) {
            same_statement = Some(path);
        }
    }
    Err(Diagnostic::file(source, "no free file name"))
}

/// Writes `text` at `path`.
pub(super) fn write(path: &Path, text: &str, action: Action) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| Diagnostic::file(path, format!("cannot write: {e}"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::file(parent, format!("cannot create the folder: {e}")))?;
    }
    match action {
        Action::Unchanged => Ok(()),
        Action::Create => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(fail)?;
            file.write_all(text.as_bytes()).map_err(fail)
        }
        Action::Overwrite => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let temp = path.with_file_name(format!(".{name}.import.tmp"));
            std::fs::write(&temp, text).map_err(fail)?;
            std::fs::rename(&temp, path).map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                fail(e)
            })
        }
    }
}
