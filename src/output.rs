//! Output: rendered files in, the output folder out — all or nothing.
//!
//! The output folder is pressroom's own ([`guard`]): a build replaces it
//! only when it is new, empty but for dot files, or marked by an earlier
//! build, and never when it is, holds or lies in the archive's inputs.
//! A build ([`Writer`]) writes into a staging folder beside it and, only
//! when every page rendered, commits ([`commit`]): a fresh build swaps the
//! whole folder in at once; a build into the folder the last build wrote
//! moves in just the files whose bytes changed. Either way a failed build
//! leaves the previous output as it was, a killed one is completed or
//! undone by the next run, and the user's dot files at the top of the
//! folder (a deploy worktree's `.git`) are kept.
//!
//! Each file is recorded with the key of what made it ([`Recorded`]): a
//! build into a folder whose record it has makes only the outputs whose
//! keys changed ([`Writer::wants`]). `watch` and `serve` keep their folder
//! in step the same way, one rebuild after another.

pub mod commit;
pub mod guard;

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use self::commit::{Beside, Lock};
use crate::diag::Diagnostic;
use crate::key::Key;

/// A folder being written beside the output folder, complete (a fresh
/// build) or holding the changed files only (an update).
struct Staging {
    dir: PathBuf,
    /// The journal of a commit: while it exists, the staging folder may
    /// hold the user's files and is not to be removed.
    journal: PathBuf,
    /// Folders already created, so that each file costs one system call
    /// rather than one per folder of its path.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    /// What was written, for the build cache.
    written: std::sync::Mutex<Manifest>,
}

impl Staging {
    fn new(beside: &Beside) -> Result<Staging, Diagnostic> {
        let dir = &beside.staging;
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            journal: beside.journal.clone(),
            made: Default::default(),
            written: Default::default(),
        })
    }

    /// Writes one file (`a/b/index.html`) into the staging folder.
    fn write(&self, file: &str, key: Key, bytes: &[u8]) -> Result<(), Diagnostic> {
        let recorded = self.write_file(file, key, bytes)?;
        if let Ok(mut written) = self.written.lock() {
            written.insert(file.to_string(), recorded);
        }
        Ok(())
    }

    fn write_file(&self, file: &str, key: Key, bytes: &[u8]) -> Result<Recorded, Diagnostic> {
        check_name(file)?;
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
        Ok(Recorded::new(hash(bytes), key, &meta))
    }

    fn take_written(&self) -> Manifest {
        self.written
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default()
    }

    fn write_marker(&self) -> Result<(), Diagnostic> {
        let path = self.dir.join(guard::MARKER);
        std::fs::write(&path, guard::MARKER_TEXT).map_err(|e| io(&path, e))
    }
}

impl Drop for Staging {
    /// A build that does not commit leaves nothing behind; one whose
    /// commit failed half-way leaves it to the next run to complete.
    fn drop(&mut self) {
        if !self.journal.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A site file's name must stay inside the output folder and off the
/// names kept for the user (dot files at its top).
fn check_name(file: &str) -> Result<(), Diagnostic> {
    if file
        .split('/')
        .any(|part| part == ".." || part == "." || part.is_empty())
    {
        return Err(Diagnostic::file(
            file,
            "refusing to write outside the output folder",
        ));
    }
    if file.starts_with('.') {
        return Err(Diagnostic::file(
            file,
            "refusing to write a file whose name starts with a dot at the top of the output folder",
        )
        .with_hint(
            "those names are kept for the user's own files there (such as .git); rename the alias or file",
        ));
    }
    Ok(())
}

/// What a build committed: every file of the output folder, and how many
/// of them it wrote (the others were there already) and removed.
#[derive(Debug)]
pub struct Committed {
    pub files: Manifest,
    /// How `files` differs from the build cache's record the writer was
    /// opened with (a row for each file written, kept with a new key or
    /// removed), when it was opened with one.
    pub changes: Option<Vec<(String, Option<Recorded>)>>,
    pub written: usize,
    pub removed: usize,
    /// Every file written is a stylesheet, and none was removed (a page
    /// open in a browser can swap its styles without reloading).
    pub css_only: bool,
}

/// Finishes or clears what a killed earlier run left beside `dir` (see
/// [`commit::recover`]), holding its lock: every run that may leave the
/// folder as it is (a build with nothing changed) calls this first.
pub fn recover(dir: &Path) -> Result<(), Diagnostic> {
    let beside = Beside::new(dir);
    let _lock = commit::lock(&beside)?;
    commit::recover(&beside)
}

/// Where a build writes, holding the output folder's lock from
/// [`Writer::open`] to [`Writer::commit`].
pub struct Writer {
    beside: Beside,
    target: Target,
    _lock: Lock,
}

enum Target {
    /// Every file, into a new folder swapped in when complete.
    Fresh(Staging),
    /// Only the changed files, into the folder the last build wrote.
    Update(Update),
}

impl Writer {
    /// Opens `dir`, an output folder that [`guard::check`] allowed, for a
    /// build: finishes or clears what a killed earlier run left beside it,
    /// then writes everything anew, or — when `manifest` (the build
    /// cache's record of the folder) is given and the folder exists — only
    /// what changed.
    pub fn open(dir: &Path, manifest: Option<&Manifest>) -> Result<Writer, Diagnostic> {
        Writer::open_with(dir, manifest.map_or(Record::None, Record::Walk))
    }

    /// [`Writer::open`] with a manifest this process committed itself
    /// (`watch`, `serve`): the folder is taken to hold what it says,
    /// without reading the folder back.
    pub fn open_known(dir: &Path, manifest: Manifest) -> Result<Writer, Diagnostic> {
        Writer::open_with(dir, Record::Known(manifest))
    }

    /// [`Writer::open`] trusting the build cache's record of the folder:
    /// the folder is taken to hold what the record says, or with `check`
    /// each recorded file is stated (one that was changed or removed is
    /// written again); the folder is not walked, so a file someone added
    /// to it is left there. `pressroom build` opens its folder so.
    pub fn open_recorded(dir: &Path, manifest: Manifest, check: bool) -> Result<Writer, Diagnostic> {
        Writer::open_with(dir, Record::Recorded(manifest, check))
    }

    fn open_with(dir: &Path, record: Record) -> Result<Writer, Diagnostic> {
        let beside = Beside::new(dir);
        let lock = commit::lock(&beside)?;
        commit::recover(&beside)?;
        let staging = Staging::new(&beside)?;
        let target = match record {
            Record::None => Target::Fresh(staging),
            _ if !dir.is_dir() => Target::Fresh(staging),
            Record::Walk(manifest) => Target::Update(Update::new(dir, manifest, staging)?),
            Record::Recorded(manifest, check) => {
                Target::Update(Update::recorded(dir, manifest, check, staging))
            }
            Record::Known(manifest) => Target::Update(Update::known(dir, manifest, staging)),
        };
        Ok(Writer {
            beside,
            target,
            _lock: lock,
        })
    }

    /// Gives back the record of the folder as it was before this writer
    /// (for `watch` and `serve`, when a rebuild stops before its commit);
    /// `None` when the folder was to be written anew.
    pub fn abandon(self) -> Option<Manifest> {
        match self.target {
            Target::Fresh(_) => None,
            Target::Update(update) => Some(update.into_record()),
        }
    }

    /// Whether the output `file` made with `key` must be written: not
    /// when the folder holds that file as the build that recorded it
    /// wrote it, made with the same key (then it is kept).
    pub fn wants(&self, file: &str, key: Key) -> bool {
        match &self.target {
            Target::Fresh(_) => true,
            Target::Update(update) => update.wants(file, key),
        }
    }

    /// The bytes of the folder's `file`, when it holds it as it was
    /// written, made with `key` (the file is not kept by this).
    pub fn read(&self, file: &str, key: Key) -> Option<Vec<u8>> {
        match &self.target {
            Target::Fresh(_) => None,
            Target::Update(update) => update.read(file, key),
        }
    }

    /// Writes one file of the site (`a/b/index.html`), made with `key`.
    pub fn write(&self, file: &str, key: Key, bytes: &[u8]) -> Result<(), Diagnostic> {
        match &self.target {
            Target::Fresh(staging) => staging.write(file, key, bytes),
            Target::Update(update) => update.write(file, key, bytes),
        }
    }

    /// Makes what was written the output folder, removing the files it
    /// holds that are not `planned`.
    pub fn commit(self, planned: Planned) -> Result<Committed, Diagnostic> {
        match self.target {
            Target::Fresh(staging) => {
                staging.write_marker()?;
                let files = staging.take_written();
                commit::commit_fresh(&self.beside)?;
                let written = files.len();
                Ok(Committed {
                    files,
                    changes: None,
                    written,
                    removed: 0,
                    css_only: false,
                })
            }
            Target::Update(update) => update.commit(&self.beside, planned),
        }
    }
}

/// What a writer knows of the folder it opens, and how much of it is
/// believed.
enum Record<'m> {
    /// Nothing: the folder is written anew.
    None,
    /// The build cache's, trusted, or with `true` each recorded file
    /// stated.
    Recorded(Manifest, bool),
    /// A record to check: the folder is walked, and unrecorded files are
    /// removed.
    Walk(&'m Manifest),
    /// What this process committed: all of it.
    Known(Manifest),
}

/// Writing into a finished build's folder: only files whose bytes changed
/// are staged; unchanged ones stay where they are.
struct Update {
    /// The output folder.
    target: PathBuf,
    staging: Staging,
    /// The output folder's files that are as the manifest says.
    intact: Manifest,
    /// The other site files in the folder (changed by someone else, or
    /// not recorded): stale unless the build writes them.
    others: Vec<String>,
    /// Intact files kept with a new key (the same bytes, made anew).
    rekeyed: std::sync::Mutex<Vec<(String, Key)>>,
    /// The folder has no marker yet (an earlier version wrote it).
    unmarked: bool,
    /// Opened with the build cache's record, of which the commit tells
    /// the changes.
    recorded: bool,
}

/// Which files a build makes, for its commit: the folder's other files
/// are removed.
pub enum Planned<'a> {
    /// The files of the record the writer was opened with but `dropped`,
    /// and any it wrote: the build's outputs are those of the build that
    /// made the record, but the search index's (as `watch` knows from the
    /// outputs' claims), of which `dropped` are gone.
    Recorded { dropped: Vec<&'a str> },
    /// These.
    Files(&'a foldhash::HashSet<&'a str>),
    /// These, each once (the plan's outputs, whose claims were checked).
    List(Vec<&'a str>),
}

impl Update {
    fn new(target: &Path, manifest: &Manifest, staging: Staging) -> Result<Update, Diagnostic> {
        use rayon::prelude::*;
        let on_disk = site_files(target)?;
        let intact: Manifest = on_disk
            .par_iter()
            .filter_map(|rel| {
                let recorded = manifest.get(rel)?;
                let meta = std::fs::symlink_metadata(target.join(rel)).ok()?;
                (meta.is_file() && recorded.matches(&meta)).then(|| (rel.clone(), *recorded))
            })
            .collect();
        let others = on_disk
            .into_iter()
            .filter(|rel| !intact.contains_key(rel))
            .collect();
        Ok(Update {
            target: target.to_path_buf(),
            staging,
            intact,
            others,
            rekeyed: Default::default(),
            unmarked: !target.join(guard::MARKER).is_file(),
            recorded: false,
        })
    }

    /// The folder as the build cache recorded it, trusted, or with
    /// `check` each recorded file stated; the folder is not walked.
    fn recorded(target: &Path, manifest: Manifest, check: bool, staging: Staging) -> Update {
        use rayon::prelude::*;
        // A killed `watch` may have left its temporary file at the top.
        let left: Vec<String> = std::fs::read_dir(target)
            .map(|top| {
                top.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.ends_with(".pressroom-tmp") && !manifest.contains_key(name))
                    .collect()
            })
            .unwrap_or_default();
        let (intact, mut others): (Manifest, Vec<String>) = if !check {
            (manifest, Vec::new())
        } else {
            let (intact, others): (Vec<_>, Vec<_>) = crate::paths::stating_beside(|| {
                manifest.into_par_iter().partition(|(rel, recorded)| {
                    std::fs::symlink_metadata(target.join(rel))
                        .is_ok_and(|meta| meta.is_file() && recorded.matches(&meta))
                })
            });
            (
                intact.into_iter().collect(),
                others.into_iter().map(|(rel, _)| rel).collect(),
            )
        };
        others.extend(left);
        Update {
            target: target.to_path_buf(),
            staging,
            intact,
            others,
            rekeyed: Default::default(),
            unmarked: !target.join(guard::MARKER).is_file(),
            recorded: true,
        }
    }

    /// The folder as this process last committed it.
    fn known(target: &Path, manifest: Manifest, staging: Staging) -> Update {
        Update {
            target: target.to_path_buf(),
            staging,
            intact: manifest,
            others: Vec::new(),
            rekeyed: Default::default(),
            unmarked: !target.join(guard::MARKER).is_file(),
            recorded: false,
        }
    }

    /// The output folder's file is kept when it was made with `key`.
    fn wants(&self, file: &str, key: Key) -> bool {
        self.intact.get(file).is_none_or(|r| r.key != key)
    }

    fn read(&self, file: &str, key: Key) -> Option<Vec<u8>> {
        let recorded = self.intact.get(file).filter(|r| r.key == key)?;
        let bytes = std::fs::read(self.target.join(file)).ok()?;
        (bytes.len() as u64 == recorded.len && hash(&bytes) == recorded.hash).then_some(bytes)
    }

    /// Writes one file, or keeps the output folder's when it has these
    /// bytes already.
    fn write(&self, file: &str, key: Key, bytes: &[u8]) -> Result<(), Diagnostic> {
        match self.intact.get(file) {
            Some(r) if r.hash == hash(bytes) => {
                if r.key != key
                    && let Ok(mut rekeyed) = self.rekeyed.lock()
                {
                    rekeyed.push((file.to_string(), key));
                }
                Ok(())
            }
            _ => self.staging.write(file, key, bytes),
        }
    }

    /// The record of the folder as it was, for a build that stops before
    /// its commit.
    fn into_record(self) -> Manifest {
        self.intact
    }

    fn commit(self, beside: &Beside, planned: Planned) -> Result<Committed, Diagnostic> {
        if self.unmarked {
            self.staging.write_marker()?;
        }
        let staged = self.staging.take_written();
        // Every planned file is either kept as it is (intact, wanted with
        // its key or written with its bytes) or staged.
        let mut files = self.intact;
        let mut stale = Vec::new();
        match planned {
            Planned::Recorded { dropped } => {
                for rel in dropped {
                    if !staged.contains_key(rel) && files.remove(rel).is_some() {
                        stale.push(rel.to_string());
                    }
                }
            }
            Planned::Files(planned) => files.retain(|rel, _| {
                let keep = planned.contains(rel.as_str()) || staged.contains_key(rel);
                if !keep {
                    stale.push(rel.clone());
                }
                keep
            }),
            Planned::List(planned) => {
                // Most often every file of the folder is planned: counted
                // on every core, without a set of 600,000 names.
                use rayon::prelude::*;
                let present = planned.par_iter().filter(|f| files.contains_key(**f)).count();
                if present < files.len() {
                    let planned: foldhash::HashSet<&str> = planned.into_iter().collect();
                    files.retain(|rel, _| {
                        let keep = planned.contains(rel.as_str()) || staged.contains_key(rel);
                        if !keep {
                            stale.push(rel.clone());
                        }
                        keep
                    });
                }
            }
        }
        stale.extend(self.others.into_iter().filter(|rel| !staged.contains_key(rel)));
        let mut changes = self.recorded.then(Vec::new);
        for (rel, key) in self.rekeyed.into_inner().unwrap_or_default() {
            if let Some(r) = files.get_mut(&rel) {
                r.key = key;
                if let Some(changes) = &mut changes {
                    changes.push((rel, Some(*r)));
                }
            }
        }
        let mut moving: Vec<&str> = staged.keys().map(String::as_str).collect();
        if self.unmarked {
            moving.push(guard::MARKER);
        }
        // Checked before anything moves, so that the commit cannot stop
        // half done: what stands where a file goes and is not pressroom's.
        if let Some(rel) = moving.iter().find(|rel| {
            std::fs::symlink_metadata(beside.target.join(rel)).is_ok_and(|m| m.is_dir())
                && !stale.iter().any(|s| s.starts_with(&format!("{rel}/")))
        }) {
            return Err(Diagnostic::file(
                beside.target.join(rel),
                "a folder stands where the build writes this file, and pressroom did not make it",
            )
            .with_hint("move the folder out of the output folder, or build with --no-cache to write the output folder anew"));
        }
        let removed = stale.len();
        let css_only = removed == 0 && !staged.is_empty() && staged.keys().all(|f| f.ends_with(".css"));
        if let Some(changes) = &mut changes {
            changes.extend(stale.iter().map(|rel| (rel.clone(), None)));
            changes.extend(staged.iter().map(|(rel, r)| (rel.clone(), Some(*r))));
        }
        commit::commit_update(beside, &moving, stale)?;
        let written = staged.len();
        files.extend(staged);
        Ok(Committed {
            files,
            changes,
            written,
            removed,
            css_only,
        })
    }
}

/// The site's files in an output folder (`a/index.html`): every file
/// below it but the marker and the user's dot files at its top.
pub fn site_files(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir).into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() != 1 || !(guard::is_kept(&name) || name == guard::MARKER)
    });
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Diagnostic::file(&path, format!("cannot read the output folder: {e}"))
        })?;
        if !entry.file_type().is_dir() {
            files.push(crate::paths::rel_path(dir, entry.path()));
        }
    }
    Ok(files)
}

/// One file of a finished build: a hash of its bytes, the key of what
/// made it, and its size and modification time as written (a file that no
/// longer has them was touched by something else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Recorded {
    pub hash: u64,
    pub key: Key,
    pub len: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u128,
}

impl Recorded {
    fn new(hash: u64, key: Key, meta: &std::fs::Metadata) -> Recorded {
        Recorded {
            hash,
            key,
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
pub type Manifest = HashMap<String, Recorded, foldhash::fast::FixedState>;

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

fn io(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::file(path, format!("cannot write: {e}"))
}

/// A hash of a file's bytes: foldhash, which is many times faster than
/// the standard library's on the gigabytes of a large build, with a fixed
/// seed because the build cache keeps these hashes between runs. It only
/// ever saves a write (a file made anew with the bytes it had is kept):
/// were a new foldhash to hash differently, files would be written again,
/// never left stale.
fn hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x7072_6573_7372_6f6f).hash_one(bytes)
}
