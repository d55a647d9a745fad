//! Output: rendered files in, the output folder out — all or nothing.
//!
//! A build writes into a staging folder beside the output folder and, only
//! when every page rendered, swaps it in with two renames. A failed build
//! leaves the previous output exactly as it was, and files of earlier builds
//! that the new one does not write disappear with the old folder.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// A folder being written, to become the output folder on [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.pressroom-{suffix}"))
}

impl Staging {
    /// Prepares a staging folder for `target`, refusing targets that would
    /// swallow the archive itself.
    pub fn new(target: &Path, root: &Path) -> Result<Staging, Diagnostic> {
        let target = absolute(target);
        let root = absolute(root);
        if root.starts_with(&target) {
            return Err(
                Diagnostic::file(&target, "the output folder contains the archive itself")
                    .with_hint("choose an output folder inside the archive, such as public/"),
            );
        }
        if target.join("site.toml").exists() || target.join("content").is_dir() {
            return Err(Diagnostic::file(
                &target,
                "the output folder looks like an archive (it has site.toml or content/)",
            )
            .with_hint("choose an empty or generated folder for --output"));
        }
        let dir = sibling(&target, &format!("new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        Ok(Staging {
            target,
            dir,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (`a/b/index.html`) into the staging folder.
    pub fn write(&self, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if file.split('/').any(|part| part == ".." || part.is_empty()) {
            return Err(Diagnostic::file(
                file,
                "refusing to write outside the output folder",
            ));
        }
        let path = self.dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io(&path, e))
    }

    /// Makes the staged folder the output folder.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let old = sibling(&self.target, &format!("old-{}", std::process::id()));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| io(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io(&self.target, e));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| io(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn io(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::file(path, format!("cannot write: {e}"))
}
