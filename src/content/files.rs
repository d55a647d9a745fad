//! The files of content/: which are statements, and reading them. What
//! cannot be read (a missing content/ folder, a folder without
//! permission, a link to nothing, a file that is not UTF-8) is a
//! diagnostic naming it, never left out silently.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::paths::is_ignored_name;

/// Every statement file under `content_dir`, sorted by path, and the
/// problems of what could not be read: a missing content/ folder, a
/// folder that may not be read, a symbolic link to nothing. Symbolic links
/// are followed.
pub fn discover(content_dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    if !content_dir.is_dir() {
        let d = Diagnostic::file(content_dir, "there is no content/ folder beside site.toml")
            .with_hint(
                "statements live in content/: create that folder (`pressroom new \"Title\"` writes a statement into it), or start a new archive with `pressroom init DIR`",
            );
        return (Vec::new(), vec![d]);
    }
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                files.push(e.into_path());
            }
            Ok(_) => {}
            // A link to nothing errs before `filter_entry` sees its name.
            Err(e)
                if e.path()
                    .and_then(Path::file_name)
                    .is_some_and(|n| is_ignored_name(&n.to_string_lossy())) => {}
            Err(e) => diags.push(walk_error(&e, content_dir)),
        }
    }
    (files, diags)
}

/// What went wrong walking content/, said about the path it went wrong at.
fn walk_error(e: &walkdir::Error, content_dir: &Path) -> Diagnostic {
    let path = e.path().unwrap_or(content_dir);
    if let Some(ancestor) = e.loop_ancestor() {
        return Diagnostic::file(
            path,
            format!(
                "cannot read: this symbolic link leads back to {}, a folder it is in",
                ancestor.display()
            ),
        )
        .with_hint("remove the link, or make it point to a folder outside the one it is in");
    }
    let dangling =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && !path.exists();
    if dangling {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        return Diagnostic::file(
            path,
            format!("cannot read: this is a symbolic link to {target}, which does not exist"),
        )
        .with_hint("restore what it points to (a drive that is not mounted?), or remove the link");
    }
    match e.io_error() {
        Some(io) => Diagnostic::file(path, format!("cannot read: {io}")).with_hint_opt(io_hint(io)),
        None => Diagnostic::file(path, format!("cannot read: {e}")),
    }
}

/// The likely fix of an error reading a file under content/.
fn io_hint(e: &std::io::Error) -> Option<String> {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => Some(
            "let the user that runs pressroom read it (e.g. chmod a+rX on it), or move it out of content/"
                .into(),
        ),
        _ => None,
    }
}

/// Reads a file of content/. One that cannot be read, or is not UTF-8, is
/// a diagnostic (at the first byte that is not UTF-8).
pub fn read(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(path, format!("cannot read: {e}")).with_hint_opt(io_hint(&e)))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        Diagnostic::at_offset(path, &text, valid, "the file is not UTF-8 text")
            .with_hint("save it as UTF-8 (most editors ask for the encoding when saving as); a Windows-1252 or Latin-1 file must be converted")
    })
}
