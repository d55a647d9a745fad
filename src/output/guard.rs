//! The output folder's guard: which folders a build may replace.
//!
//! A build deletes whatever its output folder held before, so the folder
//! must be pressroom's own: new, empty (but for dot files), or marked by an
//! earlier build ([`MARKER`]). It may never be, contain or lie inside the
//! archive's inputs, and it may not be a file. Paths are compared after
//! resolving `..` and symbolic links, so `other/../archive` is `archive`.

use std::path::{Component, Path, PathBuf};

/// The file every build writes at the top of its output folder: the proof,
/// for the next build, that the folder is pressroom's to replace.
pub const MARKER: &str = ".pressroom-output";

/// What the marker says to a person who finds it.
pub const MARKER_TEXT: &str = "This folder was written by pressroom (a static site generator).\n\
The next build replaces everything in it except dot files at its top (.git, .nojekyll, ...).\n";

/// The archive's folders and files that a build reads or keeps, relative
/// to its root: the output folder may be none of them and lie in none.
const INPUTS: [&str; 7] = [
    "site.toml",
    "content",
    "themes",
    "templates",
    "static",
    ".pressroom",
    ".git",
];

/// Why an output folder was refused: a message and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

fn refuse(message: impl Into<String>, hint: impl Into<String>) -> Refusal {
    Refusal {
        message: message.into(),
        hint: hint.into(),
    }
}

/// `path` made absolute, with `..` and `.` resolved and every symbolic
/// link in the part of it that exists followed. The part that does not
/// exist yet is taken as written (it can hold no link).
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                // A part that does not exist is kept as written; after a
                // `..` back out of it the rest is followed again.
                if let Ok(real) = std::fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
}

/// Whether a build may write its site into `target` for the archive at
/// `root`, replacing what is there. `known` says that the build cache
/// recorded an earlier build into this very folder (archives built before
/// the marker existed); `force` lets a build take a folder that is neither
/// empty nor marked. Returns the resolved folder.
pub fn check(target: &Path, root: &Path, known: bool, force: bool) -> Result<PathBuf, Refusal> {
    let resolved = resolve(target);
    let root = resolve(root);
    if root.starts_with(&resolved) {
        let what = if root == resolved {
            "is the archive's own folder"
        } else {
            "contains the archive"
        };
        return Err(refuse(
            format!(
                "the output folder {} {what}: a build would delete it",
                resolved.display()
            ),
            "choose a folder of its own for the site, such as public/ inside the archive",
        ));
    }
    for input in INPUTS {
        // Where the input really is: content/ may be a link to elsewhere.
        let input_path = resolve(&root.join(input));
        if input_path.starts_with(&resolved) && input_path != resolved {
            return Err(refuse(
                format!(
                    "the output folder {} contains the archive's {input} (at {}): a build would delete it",
                    resolved.display(),
                    input_path.display()
                ),
                "choose a folder of its own for the site, such as public/ inside the archive",
            ));
        }
        if resolved.starts_with(&input_path) {
            let place = if resolved == input_path {
                "is"
            } else {
                "lies inside"
            };
            return Err(refuse(
                format!(
                    "the output folder {} {place} the archive's {input}: a build would delete what is there",
                    resolved.display()
                ),
                "choose a folder of its own for the site, such as public/ inside the archive",
            ));
        }
    }
    if std::env::var_os("HOME").is_some_and(|home| resolve(Path::new(&home)) == resolved) {
        return Err(refuse(
            format!("the output folder {} is your home folder", resolved.display()),
            "choose a folder of its own for the site, such as public/ inside the archive",
        ));
    }
    match std::fs::symlink_metadata(&resolved) {
        Err(_) => Ok(resolved),
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(
            format!(
                "the output folder {} is a symbolic link that leads nowhere",
                resolved.display()
            ),
            "point it at a folder, or choose another output folder",
        )),
        Ok(meta) if !meta.is_dir() => Err(refuse(
            format!(
                "the output folder {} is a file, not a folder: a build would replace it",
                resolved.display()
            ),
            "choose a folder for the site, such as public/",
        )),
        Ok(_) => {
            if force || known || resolved.join(MARKER).is_file() || only_dot_files(&resolved) {
                Ok(resolved)
            } else {
                Err(refuse(
                    format!(
                        "the output folder {} holds files that pressroom did not write: a build would delete them",
                        resolved.display()
                    ),
                    format!(
                        "choose a new or empty folder; or, if everything in it may go, pass --force \
                         (dot files at its top, such as .git, are kept; pressroom marks its own folders with {MARKER})"
                    ),
                ))
            }
        }
    }
}

/// Does the folder hold nothing but dot files at its top (a fresh git
/// worktree, say)? An unreadable folder does not count as empty.
fn only_dot_files(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries
        .into_iter()
        .all(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with('.')))
}

/// Is this top-level name in an output folder the user's, to be kept by
/// every build (a deploy worktree's `.git`, `.nojekyll`, `.well-known`)?
/// The marker and pressroom's own files are not (a `.x.pressroom-tmp` that
/// a killed `watch` left while replacing `x`).
pub fn is_kept(name: &str) -> bool {
    name.starts_with('.') && name != MARKER && !name.ends_with(".pressroom-tmp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_removes_dot_dot_through_folders_that_exist_and_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(base.join("a/b")).unwrap();
        assert_eq!(resolve(&base.join("a/b/../b/./../c")), base.join("a/c"));
        assert_eq!(resolve(&base.join("x/y/../../a")), base.join("a"));
    }

    #[cfg(unix)]
    #[test]
    fn resolve_follows_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(base.join("real/inner")).unwrap();
        std::os::unix::fs::symlink(base.join("real"), base.join("link")).unwrap();
        assert_eq!(resolve(&base.join("link/inner/../new")), base.join("real/new"));
    }
}
