//! Output: rendered files in, the output folder out — all or nothing.
//!
//! A build writes into a staging folder beside the output folder and, only
//! when every page rendered, swaps it in with two renames. A failed build
//! leaves the previous output exactly as it was, and files of earlier builds
//! that the new one does not write disappear with the old folder.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// A folder being written, to become the output folder on [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// Folders already created, so that each file costs one system call
    /// rather than one per folder of its path.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    /// What was written, for the build cache.
    written: std::sync::Mutex<Manifest>,
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
        Staging::check_target(target, root)?;
        let target = absolute(target);
        let dir = sibling(&target, &format!("new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        Ok(Staging {
            target,
            dir,
            committed: false,
            made: Default::default(),
            written: Default::default(),
        })
    }

    /// Refuses output folders that would swallow or overwrite the archive.
    pub fn check_target(target: &Path, root: &Path) -> Result<(), Diagnostic> {
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
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (`a/b/index.html`) into the staging folder.
    pub fn write(&self, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let recorded = self.write_file(file, bytes)?;
        if let Ok(mut written) = self.written.lock() {
            written.insert(file.to_string(), recorded);
        }
        Ok(())
    }

    fn write_file(&self, file: &str, bytes: &[u8]) -> Result<Recorded, Diagnostic> {
        if file.split('/').any(|part| part == ".." || part.is_empty()) {
            return Err(Diagnostic::file(
                file,
                "refusing to write outside the output folder",
            ));
        }
        let path = self.dir.join(file);
        if let Some(parent) = path.parent() {
            let known = self.made.lock().map(|m| m.contains(parent)).unwrap_or(false);
            if !known {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
                if let Ok(mut m) = self.made.lock() {
                    m.insert(parent.to_path_buf());
                }
            }
        }
        let mut out = std::fs::File::create(&path).map_err(|e| io(&path, e))?;
        out.write_all(bytes).map_err(|e| io(&path, e))?;
        // Of the open file: cheaper than reading the folder back later.
        let meta = out.metadata().map_err(|e| io(&path, e))?;
        Ok(Recorded::new(hash(bytes), &meta))
    }

    /// Makes the staged folder the output folder. Returns what it holds
    /// (which renaming the folder does not change).
    pub fn commit(mut self) -> Result<Manifest, Diagnostic> {
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
        Ok(std::mem::take(&mut self.written).into_inner().unwrap_or_default())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// One file of a finished build: a hash of its bytes, and its size and
/// modification time as written (a file that no longer has them was
/// touched by something else).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub hash: u64,
    pub len: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u128,
}

impl Recorded {
    fn new(hash: u64, meta: &std::fs::Metadata) -> Recorded {
        Recorded {
            hash,
            len: meta.len(),
            modified: modified_nanos(meta),
        }
    }

    fn matches(&self, meta: &std::fs::Metadata) -> bool {
        meta.len() == self.len && modified_nanos(meta) == self.modified
    }
}

pub fn modified_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default()
        .as_nanos()
}

/// The files of an output folder: path (`a/index.html`) → what was written.
pub type Manifest = HashMap<String, Recorded>;

/// A build into an output folder that an earlier build wrote, whose files
/// the build cache knows (a [`Manifest`]): only the files whose bytes
/// changed are written.
///
/// They go first into a staging folder, as every file of a fresh build
/// does, and are moved into the output folder only on [`Update::commit`],
/// when every page has rendered: a build that fails leaves the output
/// folder as it was. (Only an I/O error while moving files in could leave
/// it part old, part new.) Files of the output folder that the new build
/// does not write are removed, whoever put them there.
pub struct Update {
    staging: Staging,
    /// The output folder's files that are as the manifest says.
    intact: Manifest,
    /// Every file found in the output folder.
    on_disk: Vec<String>,
    /// Files kept as they were, and files staged.
    kept: std::sync::Mutex<Manifest>,
}

impl Update {
    /// `None` when there is no output folder to update.
    pub fn new(target: &Path, root: &Path, manifest: &Manifest) -> Result<Option<Update>, Diagnostic> {
        use rayon::prelude::*;
        Staging::check_target(target, root)?;
        if !target.is_dir() {
            return Ok(None);
        }
        let on_disk: Vec<String> = walkdir::WalkDir::new(target)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| crate::paths::rel_path(target, e.path()))
            .collect();
        let intact: Manifest = on_disk
            .par_iter()
            .filter_map(|rel| {
                let recorded = manifest.get(rel)?;
                let meta = std::fs::symlink_metadata(target.join(rel)).ok()?;
                (meta.is_file() && recorded.matches(&meta)).then(|| (rel.clone(), *recorded))
            })
            .collect();
        Ok(Some(Update {
            staging: Staging::new(target, root)?,
            intact,
            on_disk,
            kept: Default::default(),
        }))
    }

    /// Writes one file (`a/b/index.html`), or keeps the output folder's
    /// when it has these bytes already.
    pub fn write(&self, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match self.intact.get(file) {
            Some(r) if r.hash == hash(bytes) => {
                if let Ok(mut kept) = self.kept.lock() {
                    kept.insert(file.to_string(), *r);
                }
                Ok(())
            }
            _ => self.staging.write(file, bytes),
        }
    }

    /// Moves the staged files into the output folder and removes the files
    /// the build did not write. Returns what the output folder holds.
    pub fn commit(self) -> Result<(Manifest, usize), Diagnostic> {
        let mut all = self.kept.into_inner().unwrap_or_default();
        let staged = std::mem::take(
            &mut *self
                .staging
                .written
                .lock()
                .map_err(|_| Diagnostic::file(&self.staging.dir, "internal error: a writer panicked"))?,
        );
        let target = &self.staging.target;
        // Stale files first: a folder of stale files may be where a new
        // file goes.
        let stale = self
            .on_disk
            .iter()
            .filter(|rel| !all.contains_key(*rel) && !staged.contains_key(*rel));
        for rel in stale {
            let path = target.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path, e)),
            }
            remove_empty_parents(target, &path);
        }
        let mut made = std::collections::HashSet::new();
        for (rel, recorded) in &staged {
            let path = target.join(rel);
            if let Some(parent) = path.parent()
                && made.insert(parent.to_path_buf())
            {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            std::fs::rename(self.staging.dir.join(rel), &path).map_err(|e| io(&path, e))?;
            all.insert(rel.clone(), *recorded);
        }
        // The staging folder holds empty folders now; dropping it removes it.
        Ok((all, staged.len()))
    }
}

/// Removes the folders above `path` that are left empty, up to `top`.
fn remove_empty_parents(top: &Path, path: &Path) {
    let mut parent = path.parent();
    while let Some(p) = parent {
        if p == top || std::fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
}

/// Writes `dir/file` by writing a temporary file and renaming it over the
/// old one, so that a server never sends a half-written file.
fn replace(dir: &Path, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = dir.join(file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    }
    let tmp = path.with_file_name(format!(
        ".{}.pressroom-tmp",
        path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
    ));
    std::fs::write(&tmp, bytes).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn io(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::file(path, format!("cannot write: {e}"))
}

/// What a folder kept in step with successive builds holds, as this
/// process last wrote it: file → hash of its bytes.
#[derive(Debug, Default)]
pub struct Synced {
    hashes: HashMap<String, u64>,
    known: bool,
}

impl Synced {
    /// The folder as a build wrote it, whose manifest this is.
    pub fn from_manifest(manifest: &Manifest) -> Synced {
        Synced {
            hashes: manifest.iter().map(|(file, r)| (file.clone(), r.hash)).collect(),
            known: true,
        }
    }

    /// How many files the folder holds.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}

/// What a [`sync`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncReport {
    pub written: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Every written file is a stylesheet and none was removed.
    pub css_only: bool,
}

/// A hash of a file's bytes: foldhash, which is many times faster than
/// the standard library's on the gigabytes of a large build, with a fixed
/// seed because the build cache keeps these hashes between runs.
fn hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x7072_6573_7372_6f6f).hash_one(bytes)
}

/// Brings `dir` to hold exactly `files` (path → bytes), writing only the
/// files whose bytes changed and removing files no build wrote. Used by
/// `watch` and `serve`, where the whole site has been rendered (in memory)
/// before anything is written, so a failed build writes nothing.
pub fn sync(
    dir: &Path,
    root: &Path,
    files: &[(String, Vec<u8>)],
    state: &mut Synced,
) -> Result<SyncReport, Diagnostic> {
    let all: std::collections::HashSet<String> = files.iter().map(|(f, _)| f.clone()).collect();
    sync_some(dir, root, files, &all, state)
}

/// Writes those of `files` whose bytes changed, removing nothing: for a
/// rebuild that knows it changed only these files.
pub fn sync_files(
    dir: &Path,
    root: &Path,
    files: &[(String, Vec<u8>)],
    state: &mut Synced,
) -> Result<SyncReport, Diagnostic> {
    let mut report = SyncReport::default();
    for (file, bytes) in files {
        let h = hash(bytes);
        if state.hashes.get(file) == Some(&h) {
            report.unchanged += 1;
            continue;
        }
        Staging::check_target(dir, root)?;
        replace(dir, file, bytes)?;
        state.hashes.insert(file.clone(), h);
        report.written += 1;
    }
    report.css_only = report.written > 0 && files.iter().all(|(f, _)| f.ends_with(".css"));
    Ok(report)
}

/// Like [`sync`], when only some files were rendered: writes those of
/// `files` whose bytes changed, and removes every file not in `outputs`
/// (all the files the site has now).
pub fn sync_some(
    dir: &Path,
    root: &Path,
    files: &[(String, Vec<u8>)],
    outputs: &std::collections::HashSet<String>,
    state: &mut Synced,
) -> Result<SyncReport, Diagnostic> {
    use rayon::prelude::*;
    if !state.known {
        // The first time, learn what is on disk, so that an unchanged file
        // is not rewritten and a stale one is removed.
        Staging::check_target(dir, root)?;
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
                if entry.file_type().is_file() {
                    let rel = crate::paths::rel_path(dir, entry.path());
                    let bytes = std::fs::read(entry.path()).map_err(|e| io(entry.path(), e))?;
                    state.hashes.insert(rel, hash(&bytes));
                }
            }
        }
        state.known = true;
    }
    let changed: Vec<(&String, &Vec<u8>, u64)> = files
        .iter()
        .map(|(f, b)| (f, b, hash(b)))
        .filter(|(f, _, h)| state.hashes.get(*f) != Some(h))
        .collect();
    changed
        .par_iter()
        .try_for_each(|(file, bytes, _)| replace(dir, file, bytes))?;
    let written = changed.len();
    let css_only = written > 0 && changed.iter().all(|(f, _, _)| f.ends_with(".css"));
    for (file, _, h) in changed {
        state.hashes.insert(file.clone(), h);
    }
    let stale: Vec<String> = state
        .hashes
        .keys()
        .filter(|f| !outputs.contains(f.as_str()))
        .cloned()
        .collect();
    for file in &stale {
        let path = dir.join(file);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path, e)),
        }
        state.hashes.remove(file);
        remove_empty_parents(dir, &path);
    }
    Ok(SyncReport {
        written,
        removed: stale.len(),
        unchanged: outputs.len().saturating_sub(written),
        css_only: css_only && stale.is_empty(),
    })
}
