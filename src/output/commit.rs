//! Committing a build: the staged files become the output folder, and a
//! kill at any moment loses nothing.
//!
//! One pressroom process writes an output folder at a time ([`lock`]).
//! Beside an output folder `public/` it keeps, while it writes,
//! `.public.pressroom-new` (the staging folder) and, only while a commit
//! runs, `.public.pressroom-journal` (what the commit is doing). A commit writes
//! its journal before it touches the output folder and removes it when
//! done, so the next run into the same folder ([`recover`]) can tell a
//! commit that was cut short, and finish it, from a build that was killed
//! before it committed, whose staging folder it deletes. That staging
//! folder never holds a user's file: they move into it only after the
//! journal names them.
//!
//! A fresh build swaps the whole new folder in with one atomic exchange
//! (Linux's `renameat2(RENAME_EXCHANGE)`; elsewhere two renames that the
//! journal completes). A build into the folder the last build wrote moves
//! the changed files in one by one: killed in that moment, the folder is
//! part old, part new until the next run completes the journal.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::guard::is_kept;
use super::{io, remove_empty_parents};
use crate::diag::Diagnostic;

/// The files pressroom keeps beside one output folder.
#[derive(Debug, Clone)]
pub struct Beside {
    pub target: PathBuf,
    pub staging: PathBuf,
    /// Where the old folder goes where an exchange is not possible.
    old: PathBuf,
    pub journal: PathBuf,
    #[cfg_attr(unix, allow(dead_code))]
    lock: PathBuf,
}

impl Beside {
    /// For the output folder `target` (resolved: see [`super::guard::resolve`]).
    pub fn new(target: &Path) -> Beside {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let sibling = |suffix: &str| target.with_file_name(format!(".{name}.pressroom-{suffix}"));
        Beside {
            target: target.to_path_buf(),
            staging: sibling("new"),
            old: sibling("old"),
            journal: sibling("journal"),
            lock: sibling("lock"),
        }
    }
}

/// The right to write one output folder, held until dropped: two
/// pressroom processes never write the same folder at once.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

/// Takes the lock of the output folder, waiting (and saying so) while
/// another pressroom process holds it. On Unix the lock is on the folder
/// that holds the output folder (so nothing is left behind); elsewhere on
/// a file `.public.pressroom-lock` beside it.
pub fn lock(beside: &Beside) -> Result<Lock, Diagnostic> {
    let parent = beside.target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    #[cfg(unix)]
    let (path, file) = (parent, std::fs::File::open(parent));
    #[cfg(not(unix))]
    let (path, file) = (
        beside.lock.as_path(),
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&beside.lock),
    );
    let file = file.map_err(|e| io(path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            // The lock is the parent folder's (see above), so the other
            // process may be writing another output folder beside this one.
            eprintln!(
                "Waiting for another pressroom process that is writing {} or another output folder in {} ...",
                beside.target.display(),
                parent.display()
            );
            file.lock().map_err(|e| io(path, e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io(path, e)),
    }
    Ok(Lock { _file: file })
}

/// What a commit under way is doing, written before it starts.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "lowercase")]
enum Journal {
    /// The staging folder, complete, replaces the output folder. `tree`
    /// identifies it (its inode), so that recovery can tell whether the
    /// swap happened; `carry` are the user's dot files that move from the
    /// old folder into the new one.
    Fresh { tree: u64, carry: Vec<String> },
    /// The staging folder's files move into the output folder, and the
    /// `stale` files go.
    Update { stale: Vec<String> },
}

/// Where the journal is written before it is renamed into place: a name
/// of pressroom's own (`.public.pressroom-journal.tmp`), never a user's.
fn journal_tmp(beside: &Beside) -> PathBuf {
    let mut name = beside.journal.as_os_str().to_os_string();
    name.push(".tmp");
    PathBuf::from(name)
}

fn write_journal(beside: &Beside, journal: &Journal) -> Result<(), Diagnostic> {
    let tmp = journal_tmp(beside);
    let text = serde_json::to_vec(journal)
        .map_err(|e| Diagnostic::file(&beside.journal, format!("cannot write the journal: {e}")))?;
    let mut file = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
    file.write_all(&text).map_err(|e| io(&tmp, e))?;
    file.sync_all().map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, &beside.journal).map_err(|e| io(&beside.journal, e))
}

/// Finishes what an earlier, killed run left beside the output folder:
/// completes a commit its journal describes, deletes a staging folder that
/// never committed. Call it holding the [`Lock`].
pub fn recover(beside: &Beside) -> Result<(), Diagnostic> {
    let tmp = journal_tmp(beside);
    if std::fs::symlink_metadata(&tmp).is_ok() {
        std::fs::remove_file(&tmp).map_err(|e| io(&tmp, e))?;
    }
    match std::fs::read(&beside.journal) {
        Ok(bytes) => {
            let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| {
                Diagnostic::file(
                    &beside.journal,
                    format!("cannot read the journal of an unfinished build: {e}"),
                )
                .with_hint("this file is pressroom's own; if the output folder looks right, delete it")
            })?;
            match journal {
                Journal::Fresh { tree, carry } => finish_fresh(beside, tree, &carry)?,
                Journal::Update { stale } => finish_update(beside, &stale)?,
            }
            std::fs::remove_file(&beside.journal).map_err(|e| io(&beside.journal, e))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A build killed before its commit: the staging folder holds
            // only what it rendered.
            remove_tree(&beside.staging)?;
        }
        Err(e) => return Err(io(&beside.journal, e)),
    }
    remove_earlier_staging(beside);
    Ok(())
}

/// Removes the staging folders of pressroom versions that named them by
/// process (`.public.pressroom-new-1234`): only ever rendered files.
fn remove_earlier_staging(beside: &Beside) {
    let (Some(parent), Some(prefix)) = (
        beside.staging.parent(),
        beside
            .staging
            .file_name()
            .map(|n| format!("{}-", n.to_string_lossy())),
    ) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix(&prefix)
            && pid.chars().all(|c| c.is_ascii_digit())
            && !pid.is_empty()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn remove_tree(path: &Path) -> Result<(), Diagnostic> {
    match std::fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Diagnostic::file(path, format!("cannot remove: {e}"))),
    }
}

/// The identity of a folder, to tell whether a swap happened.
fn tree_id(path: &Path) -> Option<u64> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Some(meta.ino())
    }
    #[cfg(not(unix))]
    {
        meta.modified()
            .ok()
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as u64)
    }
}

/// The user's dot files at the top of `dir` (see [`is_kept`]).
fn kept_names(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    let mut names = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(names),
        Err(e) => return Err(io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_kept(&name) {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Moves each of `names` from `from` into `to` where `to` lacks it.
fn carry(names: &[String], from: &Path, to: &Path) -> Result<(), Diagnostic> {
    for name in names {
        let (src, dst) = (from.join(name), to.join(name));
        if std::fs::symlink_metadata(&src).is_ok() && std::fs::symlink_metadata(&dst).is_err() {
            std::fs::rename(&src, &dst).map_err(|e| io(&dst, e))?;
        }
    }
    Ok(())
}

/// Makes the complete staging folder the output folder: the user's dot
/// files move into it, one exchange swaps it in, the old folder goes.
pub fn commit_fresh(beside: &Beside) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(&beside.target).is_err() {
        // Nothing to replace: one rename, atomic by itself.
        return std::fs::rename(&beside.staging, &beside.target).map_err(|e| io(&beside.target, e));
    }
    let tree = tree_id(&beside.staging)
        .ok_or_else(|| Diagnostic::file(&beside.staging, "the staging folder disappeared"))?;
    // The new folder takes the old one's permissions (a deploy folder's
    // group bits, a private folder's 700).
    if let Ok(meta) = std::fs::metadata(&beside.target) {
        std::fs::set_permissions(&beside.staging, meta.permissions()).map_err(|e| io(&beside.staging, e))?;
    }
    let names = kept_names(&beside.target)?;
    write_journal(
        beside,
        &Journal::Fresh {
            tree,
            carry: names.clone(),
        },
    )?;
    finish_fresh(beside, tree, &names)?;
    std::fs::remove_file(&beside.journal).map_err(|e| io(&beside.journal, e))
}

/// Every step of a fresh commit, each done only if not done yet: what
/// [`commit_fresh`] does and what [`recover`] completes.
fn finish_fresh(beside: &Beside, tree: u64, names: &[String]) -> Result<(), Diagnostic> {
    let (target, staging, old) = (&beside.target, &beside.staging, &beside.old);
    let swapped = tree_id(target) == Some(tree);
    if !swapped {
        if std::fs::symlink_metadata(target).is_err() {
            // Killed between the two renames of a non-exchanging swap.
            if staging.exists() {
                std::fs::rename(staging, target).map_err(|e| io(target, e))?;
            }
        } else if staging.exists() {
            carry(names, target, staging)?;
            swap(staging, target, old)?;
        }
    }
    // The old folder is at the staging path (after an exchange) or at the
    // old path (after two renames): anything of the user's still in it
    // goes back before it is deleted.
    for leftover in [staging, old] {
        if leftover.exists() {
            carry(names, leftover, target)?;
            remove_tree(leftover)?;
        }
    }
    Ok(())
}

/// Swaps `new` in for `target`: after it, `target` is the new folder and
/// the old one is at `new` (exchange) or at `old` (two renames).
fn swap(new: &Path, target: &Path, old: &Path) -> Result<(), Diagnostic> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // A file system without exchange: two renames below.
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP) => {}
            Err(e) => return Err(io(target, e.into())),
        }
    }
    remove_tree(old)?;
    std::fs::rename(target, old).map_err(|e| io(target, e))?;
    std::fs::rename(new, target).map_err(|e| io(target, e))
}

/// Moves the staged files of an update into the output folder and removes
/// the `stale` ones, journaled.
pub fn commit_update(beside: &Beside, staged: &[&str], stale: Vec<String>) -> Result<(), Diagnostic> {
    write_journal(beside, &Journal::Update { stale: stale.clone() })?;
    remove_stale(&beside.target, &stale)?;
    move_in(beside, staged.iter().map(|s| s.to_string()))?;
    remove_tree(&beside.staging)?;
    std::fs::remove_file(&beside.journal).map_err(|e| io(&beside.journal, e))
}

/// What [`commit_update`] does, from whatever point it was killed at: the
/// files still in the staging folder are the ones not moved yet.
fn finish_update(beside: &Beside, stale: &[String]) -> Result<(), Diagnostic> {
    remove_stale(&beside.target, stale)?;
    let mut left = Vec::new();
    for entry in walkdir::WalkDir::new(&beside.staging) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e)
                if e.io_error()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
            {
                break;
            }
            Err(e) => return Err(Diagnostic::file(&beside.staging, format!("cannot read: {e}"))),
        };
        if !entry.file_type().is_dir() {
            left.push(crate::paths::rel_path(&beside.staging, entry.path()));
        }
    }
    move_in(beside, left.into_iter())?;
    remove_tree(&beside.staging)
}

/// Stale files first: a folder of stale files may be where a new file goes.
fn remove_stale(target: &Path, stale: &[String]) -> Result<(), Diagnostic> {
    for rel in stale {
        let path = target.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path, e)),
        }
        remove_empty_parents(target, &path);
    }
    Ok(())
}

fn move_in(beside: &Beside, files: impl Iterator<Item = String>) -> Result<(), Diagnostic> {
    let mut made = std::collections::HashSet::new();
    for rel in files {
        let path = beside.target.join(&rel);
        if let Some(parent) = path.parent()
            && made.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::rename(beside.staging.join(&rel), &path).map_err(|e| io(&path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Every state a kill can leave a commit in, made by hand, and what
    //! [`recover`] makes of it.
    use super::*;

    fn tree(dir: &Path, files: &[(&str, &str)]) {
        for (rel, text) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    fn read(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = crate::paths::rel_path(dir, e.path());
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = files
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        v.sort();
        v
    }

    /// An old output with the user's `.git` and `.nojekyll`, a complete
    /// new tree in the staging folder, and the journal of its commit.
    fn fresh_commit_under_way() -> (tempfile::TempDir, Beside, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let beside = Beside::new(&dir.path().join("public"));
        tree(
            &beside.target,
            &[
                ("index.html", "old"),
                ("old.html", "old"),
                (".git/HEAD", "ref"),
                (".nojekyll", ""),
            ],
        );
        tree(&beside.staging, &[("index.html", "new"), ("new.html", "new")]);
        let names = kept_names(&beside.target).unwrap();
        assert_eq!(names, [".git", ".nojekyll"]);
        let tree = tree_id(&beside.staging).unwrap();
        write_journal(
            &beside,
            &Journal::Fresh {
                tree,
                carry: names.clone(),
            },
        )
        .unwrap();
        (dir, beside, names)
    }

    const NEW: [(&str, &str); 4] = [
        ("index.html", "new"),
        ("new.html", "new"),
        (".git/HEAD", "ref"),
        (".nojekyll", ""),
    ];

    fn assert_new_and_clean(beside: &Beside) {
        assert_eq!(read(&beside.target), owned(&NEW));
        assert!(!beside.staging.exists() && !beside.old.exists() && !beside.journal.exists());
    }

    #[test]
    fn a_fresh_commit_killed_before_it_moved_anything_is_completed() {
        let (_dir, beside, _) = fresh_commit_under_way();
        recover(&beside).unwrap();
        assert_new_and_clean(&beside);
    }

    #[test]
    fn a_fresh_commit_killed_while_carrying_the_users_files_is_completed() {
        let (_dir, beside, _) = fresh_commit_under_way();
        std::fs::rename(beside.target.join(".git"), beside.staging.join(".git")).unwrap();
        recover(&beside).unwrap();
        assert_new_and_clean(&beside);
    }

    #[test]
    fn a_fresh_commit_killed_after_the_swap_removes_the_old_folder() {
        let (_dir, beside, names) = fresh_commit_under_way();
        carry(&names, &beside.target, &beside.staging).unwrap();
        swap(&beside.staging, &beside.target, &beside.old).unwrap();
        recover(&beside).unwrap();
        assert_new_and_clean(&beside);
    }

    #[test]
    fn a_fresh_commit_killed_between_two_renames_is_completed() {
        // Where the file system cannot exchange: the old folder was moved
        // aside and the new one not yet moved in. The user's files are in
        // the old folder still (the kill came before they were carried).
        let (_dir, beside, _) = fresh_commit_under_way();
        std::fs::rename(&beside.target, &beside.old).unwrap();
        recover(&beside).unwrap();
        assert_new_and_clean(&beside);
    }

    #[test]
    fn an_update_killed_half_way_is_completed() {
        let dir = tempfile::tempdir().unwrap();
        let beside = Beside::new(&dir.path().join("public"));
        tree(
            &beside.target,
            &[
                ("a/index.html", "old a"),
                ("gone/index.html", "stale"),
                ("b.html", "old b"),
                (".git/HEAD", "ref"),
            ],
        );
        tree(
            &beside.staging,
            &[("a/index.html", "new a"), ("c/index.html", "new c")],
        );
        write_journal(
            &beside,
            &Journal::Update {
                stale: vec!["gone/index.html".into()],
            },
        )
        .unwrap();
        // One file moved in before the kill.
        std::fs::rename(
            beside.staging.join("a/index.html"),
            beside.target.join("a/index.html"),
        )
        .unwrap();
        recover(&beside).unwrap();
        assert_eq!(
            read(&beside.target),
            owned(&[
                ("a/index.html", "new a"),
                ("b.html", "old b"),
                ("c/index.html", "new c"),
                (".git/HEAD", "ref")
            ])
        );
        assert!(!beside.target.join("gone").exists(), "an emptied folder goes too");
        assert!(!beside.staging.exists() && !beside.journal.exists());
    }

    #[test]
    fn a_build_killed_before_its_commit_leaves_only_what_the_next_run_removes() {
        let dir = tempfile::tempdir().unwrap();
        let beside = Beside::new(&dir.path().join("public"));
        tree(&beside.target, &[("index.html", "old")]);
        tree(&beside.staging, &[("index.html", "half")]);
        let earlier = dir.path().join(".public.pressroom-new-1234");
        tree(&earlier, &[("x.html", "half")]);
        // Not pressroom's to remove: an earlier version's moved-aside
        // folder may hold what a bug moved there.
        let moved_aside = dir.path().join(".public.pressroom-old-1234");
        tree(&moved_aside, &[("notes.txt", "mine")]);
        recover(&beside).unwrap();
        assert_eq!(read(&beside.target), owned(&[("index.html", "old")]));
        assert!(!beside.staging.exists() && !earlier.exists());
        assert_eq!(read(&moved_aside), owned(&[("notes.txt", "mine")]));
    }
}
