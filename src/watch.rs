//! Watch: file events in, rebuilds out.
//!
//! [`Inputs`] watches content/, themes/, templates/, static/ and site.toml
//! (recursively) and yields the set of changed input paths. There is no
//! debounce: a batch starts with the first event and takes what arrives
//! until the events pause for [`SETTLE`] (an editor's save of a temporary
//! file and a rename is one batch); what arrives while a rebuild runs is
//! the next batch, so a `git checkout` of a thousand files is one or two
//! rebuilds, and the last one sees the final state. [`DevBuild`] turns each batch into a
//! rebuild through the same stages as `pressroom build`: the loader reads
//! again only the changed files, the plan gives every output its key, and
//! the writer makes only the outputs whose keys changed. A build that
//! fails — or panics — writes nothing and leaves the last good site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use crate::build::load::{self, LoadCache};
use crate::build::memo::Memo;
use crate::build::{self, BuildOptions, Site, execute};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::key::Key;
use crate::output::{Manifest, Planned, Writer};
use crate::paths::is_ignored_name;
use crate::search;

/// How long the events must pause before a batch is complete: long enough
/// for the events of one save (write, rename, attributes: microseconds
/// apart), short enough not to be seen; and the longest a batch may keep
/// growing.
pub const SETTLE: Duration = Duration::from_millis(8);
const MAX_BURST: Duration = Duration::from_secs(3);

/// What a watcher delivers: one event, or why events were lost.
type Delivered = notify::Result<notify::Event>;

/// The folders of an archive that hold its inputs (with site.toml).
const WATCHED: [&str; 4] = ["content", "themes", "templates", "static"];

/// What one rebuild wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncReport {
    pub written: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Every written file is a stylesheet and none was removed.
    pub css_only: bool,
}

/// One finished rebuild.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub sync: SyncReport,
    /// Files the site has.
    pub files: usize,
    /// Outputs made (the others were known to be unchanged by their keys).
    pub rendered: usize,
    pub elapsed: Duration,
    /// Likely mistakes that did not stop the rebuild (see
    /// [`crate::check::warnings`]).
    pub warnings: Vec<Diagnostic>,
    /// Statements whose URL this rebuild changed (a new title, slug or
    /// date): (old URL path, new URL path), both with base_url's path, so
    /// that a preview open at the old one can follow.
    pub moved: Vec<(String, String)>,
}

impl Rebuilt {
    /// The one line a rebuild prints: what it wrote and how long it took.
    pub fn line(&self) -> String {
        let removed = if self.sync.removed > 0 {
            format!(", removed {}", self.sync.removed)
        } else {
            String::new()
        };
        format!(
            "rendered {}, wrote {} of {} files{removed} in {} ms",
            self.rendered,
            self.sync.written,
            self.files,
            self.elapsed.as_millis()
        )
    }
}

/// Builds an archive again and again into one folder. It owns every piece
/// of state one rebuild leaves for the next — the loader's cache, the
/// search index to patch and the record of the folder (each file with the
/// key of what made it) — and [`DevBuild::rebuild`] is the one way in.
pub struct DevBuild {
    options: BuildOptions,
    out_dir: PathBuf,
    load: LoadCache,
    /// The search index of the last rebuild, with the key of the
    /// configuration it was made with.
    search: Option<(Key, search::Index)>,
    /// What the folder holds as the last rebuild committed it; before the
    /// first, the build cache's record of it, if any.
    on_disk: Option<Manifest>,
    /// True when `on_disk` is what this process committed (not the build
    /// cache's record, which the folder is checked against).
    known: bool,
    /// What the last rebuild's keys were made from (see [`Memo`]).
    memo: Option<Memo>,
    /// The warnings about names ([`crate::check::name_warnings`]) of the
    /// last good rebuild, the one of `memo`.
    names: Option<Vec<Diagnostic>>,
    /// The configuration of the last good rebuild.
    config: Option<Config>,
    /// Each statement's path in the site in the last good rebuild, by its
    /// file (content path), to tell which moved.
    paths: foldhash::HashMap<String, String>,
}

impl DevBuild {
    pub fn new(options: BuildOptions, out_dir: PathBuf) -> DevBuild {
        DevBuild {
            options,
            out_dir,
            load: LoadCache::default(),
            search: None,
            on_disk: None,
            known: false,
            memo: None,
            names: None,
            config: None,
            paths: Default::default(),
        }
    }

    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Rebuilds after the inputs in `changed` changed (everything when
    /// `None`). Never panics: a panic in any stage becomes a diagnostic,
    /// every cache is dropped, and the folder keeps the last good site.
    pub fn rebuild(&mut self, changed: Option<&BTreeSet<PathBuf>>) -> Result<Rebuilt, Diagnostics> {
        let start = Instant::now();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.apply(changed, start)));
        outcome.unwrap_or_else(|panic| {
            self.reset();
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Diagnostic::file("pressroom", format!("internal error while rebuilding: {what}"))
                .with_hint("this is a bug in pressroom; the last good site is still there. Please report it with the file you changed")
                .into())
        })
    }

    /// Forgets everything a rebuild kept: the next one reads, plans and
    /// checks the folder as the first did.
    fn reset(&mut self) {
        self.load = LoadCache::default();
        self.search = None;
        self.on_disk = None;
        self.known = false;
        self.memo = None;
        self.names = None;
    }

    fn apply(&mut self, changed: Option<&BTreeSet<PathBuf>>, start: Instant) -> Result<Rebuilt, Diagnostics> {
        let site = load::load_with(&self.options, &mut self.load, changed)?;
        crate::diag::timing("loaded (since the start)", start);
        let t = Instant::now();
        let names = self.name_warnings(&site);
        let warnings = crate::check::with_names(names.clone(), &site.statements, &site.bodies);
        crate::diag::timing("warnings", t);
        let t = Instant::now();
        let search = self.search_files(&site);
        crate::diag::timing("search index", t);
        let mut plan = build::plan(&site, search, self.memo.as_ref())?;
        if self.known && self.on_disk.is_some() {
            plan.trust_sink();
        }
        if self.on_disk.is_none() {
            self.on_disk = build::cache::manifest(&site.config);
        }
        // The writer holds the record of the folder until it commits, or
        // gives it back when the rebuild stops before; if neither happens,
        // the next rebuild checks the folder against the build cache's.
        let known = std::mem::replace(&mut self.known, false);
        let writer = match self.on_disk.take() {
            Some(files) if known => Writer::open_known(&self.out_dir, files)?,
            files => {
                let writer = Writer::open(&self.out_dir, files.as_ref());
                self.on_disk = files;
                writer?
            }
        };
        let mut executed = match execute::execute(&plan, &writer, None) {
            Ok(executed) => executed,
            Err(diags) => {
                if known {
                    self.on_disk = writer.abandon();
                    self.known = self.on_disk.is_some();
                }
                return Err(diags);
            }
        };
        let t = Instant::now();
        // The outputs are the files of the record, but the search index's,
        // when they are the outputs of the rebuild that committed it.
        let same_files = known && self.memo.as_ref().map(|m| m.claims().1) == Some(plan.claims().1);
        let files;
        let planned = match self.memo.as_ref().filter(|_| same_files) {
            Some(memo) => {
                let now: std::collections::HashSet<&str> = plan.search_files().collect();
                let dropped = memo.search_files().filter(|f| !now.contains(f)).collect();
                Planned::Recorded { dropped }
            }
            None => {
                files = plan.files();
                Planned::Files(&files)
            }
        };
        let committed = writer.commit(planned)?;
        crate::diag::timing("commit", t);
        self.on_disk = Some(committed.files);
        self.known = true;
        let memo = plan.into_memo(std::mem::take(&mut executed.pages));
        self.memo = Some(memo);
        self.names = Some(names);
        self.config = Some(site.config.clone());
        let paths: foldhash::HashMap<String, String> = site
            .statements
            .iter()
            .map(|s| (s.rel.clone(), s.site_path.clone()))
            .collect();
        let mut moved: Vec<(String, String)> = paths
            .iter()
            .filter_map(|(rel, path)| {
                let old = self.paths.get(rel)?;
                (old != path).then(|| (old.clone(), path.clone()))
            })
            .collect();
        if !moved.is_empty() {
            // An old URL that another statement took now shows that one.
            let now: std::collections::HashSet<&String> = paths.values().collect();
            moved.retain(|(old, _)| !now.contains(old));
            moved.sort();
        }
        let url = |path: &str| site.config.base_url.url(path);
        let moved = moved
            .into_iter()
            .map(|(old, new)| (url(&old), url(&new)))
            .collect();
        self.paths = paths;
        Ok(Rebuilt {
            sync: SyncReport {
                written: committed.written,
                removed: committed.removed,
                unchanged: executed.files.saturating_sub(committed.written),
                css_only: committed.css_only,
            },
            files: executed.files,
            rendered: executed.made,
            elapsed: start.elapsed(),
            warnings,
            moved,
        })
    }

    /// The warnings about names: the last good rebuild's while the
    /// structure is the same (the statements' names and the people) and
    /// none of the statements they point at changed (where they point),
    /// else found again.
    fn name_warnings(&self, site: &Site) -> Vec<Diagnostic> {
        if let (Some(names), Some(memo)) = (&self.names, &self.memo)
            && let Some(changed) = memo.changed(site)
        {
            let named: std::collections::HashSet<&Path> = names.iter().map(|d| d.path.as_path()).collect();
            if changed
                .iter()
                .all(|&i| !named.contains(site.statements[i].path.as_path()))
            {
                return names.clone();
            }
        }
        crate::check::name_warnings(&site.statements, &site.people)
    }

    /// The search index's files: the last index patched when the
    /// configuration is as it was, else a new one.
    fn search_files(&mut self, site: &Site) -> Vec<search::File> {
        if !site.config.search {
            self.search = None;
            return Vec::new();
        }
        let (statements, bodies, versions, people) =
            (&site.statements, &site.bodies, &site.versions, &site.people);
        if let Some((key, mut index)) = self.search.take()
            && key == site.config.key
            && index.patch(statements, bodies, versions, people).is_some()
        {
            let files = index.files(&site.config, statements, people, site.structure, &|_, _| true);
            self.search = Some((key, index));
            return files;
        }
        let mut index = search::Index::new(statements, bodies, versions, people);
        let files = index.files(&site.config, statements, people, site.structure, &|_, _| true);
        self.search = Some((site.config.key, index));
        files
    }
}

impl DevBuild {
    /// Leaves the build cache the record of the folder (for `watch`, whose
    /// folder is the site's output folder; not for `serve`'s preview): a
    /// `pressroom build` after it then makes only what changed since.
    pub fn save_record(&self) {
        if let (Some(config), Some(files)) = (&self.config, &self.on_disk) {
            build::cache::save(config, 0, files, None);
        }
    }
}

/// One batch of changes to the inputs.
#[derive(Debug, Default)]
pub struct Batch {
    /// The input paths that changed.
    pub changed: BTreeSet<PathBuf>,
    /// Why events were lost, when they were (the kernel's event queue
    /// overflowed, or the watcher failed): then any input may have changed
    /// unseen, and everything is read again.
    pub lost: Option<String>,
}

impl Batch {
    /// What a rebuild must look at: the changed paths, or everything
    /// (`None`) when events were lost.
    pub fn changes(&self) -> Option<&BTreeSet<PathBuf>> {
        match self.lost {
            Some(_) => None,
            None => Some(&self.changed),
        }
    }

    /// The batch in the words of the line each rebuild prints.
    pub fn describe(&self, root: &Path) -> String {
        match &self.lost {
            Some(why) => format!("file events were lost ({why}); everything read again"),
            None => describe(&self.changed, root),
        }
    }

    /// Adds what the watcher delivered: the paths for which `is_input`
    /// holds, and lost events (errors, or an event that asks for a rescan)
    /// instead of dropping them.
    fn add(&mut self, delivered: Delivered, is_input: impl Fn(&Path) -> bool) {
        let event = match delivered {
            Ok(event) => event,
            Err(error) => {
                let why = error.to_string();
                self.lost = Some(if why.is_empty() {
                    "the watcher failed".into()
                } else {
                    why
                });
                return;
            }
        };
        if event.need_rescan() {
            self.lost = Some("the system's queue of file events overflowed".into());
            return;
        }
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        for path in &event.paths {
            if is_input(path) {
                self.changed.insert(path.clone());
            }
        }
    }
}

/// The watched inputs of an archive and the batches of changes to them.
pub struct Inputs {
    handle: Handle,
    events: Receiver<Delivered>,
    root: PathBuf,
    ignored: Vec<PathBuf>,
    /// The input folders watched recursively so far.
    watched: Vec<PathBuf>,
}

enum Handle {
    Native(notify::RecommendedWatcher),
    Poll(notify::PollWatcher),
}

impl Handle {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Handle::Native(d) => d.watch(path, mode),
            Handle::Poll(d) => d.watch(path, mode),
        }
    }
}

impl Inputs {
    /// Starts watching the archive at `root`. Files under any of `ignored`
    /// (the output folder) never count as changes. With `poll`, or when the
    /// system runs out of inotify watches, it polls instead.
    pub fn watch(root: &Path, ignored: Vec<PathBuf>, poll: bool) -> Result<Inputs, Diagnostic> {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let (tx, events) = channel();
        let mut handle = if poll {
            pollhandle(tx.clone())?
        } else {
            Handle::Native(
                notify::recommended_watcher(tx.clone())
                    .map_err(|e| Diagnostic::file(&root, format!("cannot watch files: {e}")))?,
            )
        };
        let watch_all = |handle: &mut Handle| -> notify::Result<Vec<PathBuf>> {
            // The root itself, not recursively: site.toml, and folders that
            // appear later (a new static/).
            handle.watch(&root, RecursiveMode::NonRecursive)?;
            let mut watched = Vec::new();
            for dir in WATCHED {
                let path = root.join(dir);
                if path.is_dir() {
                    handle.watch(&path, RecursiveMode::Recursive)?;
                    watched.push(path);
                }
            }
            Ok(watched)
        };
        let watched = match watch_all(&mut handle) {
            Ok(w) => w,
            Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) && !poll => {
                eprintln!(
                    "warning: the system allows too few file watches (raise it with `sudo sysctl fs.inotify.max_user_watches=524288`); polling for changes instead"
                );
                handle = pollhandle(tx)?;
                watch_all(&mut handle)
                    .map_err(|e| Diagnostic::file(&root, format!("cannot watch files: {e}")))?
            }
            Err(e) => {
                return Err(Diagnostic::file(&root, format!("cannot watch files: {e}"))
                    .with_hint("on network or container file systems, try --poll"));
            }
        };
        let ignored = ignored
            .into_iter()
            .map(|p| std::path::absolute(&p).unwrap_or(p))
            .collect();
        Ok(Inputs {
            handle,
            events,
            root,
            ignored,
            watched,
        })
    }

    /// Waits up to `timeout` for the next batch of changed inputs: every
    /// relevant path that changed, however many events named it, from the
    /// first event until they pause for [`SETTLE`] (see the module's
    /// documentation).
    pub fn next_batch(&mut self, timeout: Duration) -> Result<Option<Batch>, Disconnected> {
        let first = match self.events.recv_timeout(timeout) {
            Ok(e) => e,
            Err(RecvTimeoutError::Timeout) => return Ok(None),
            Err(RecvTimeoutError::Disconnected) => return Err(Disconnected),
        };
        let mut batch = Batch::default();
        self.add(first, &mut batch);
        let started = Instant::now();
        while started.elapsed() < MAX_BURST {
            match self.events.recv_timeout(SETTLE) {
                Ok(more) => self.add(more, &mut batch),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Err(Disconnected),
            }
        }
        // A watched folder that appeared (a new static/) is watched from now on.
        for dir in WATCHED {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                if self.handle.watch(&path, RecursiveMode::Recursive).is_ok() {
                    self.watched.push(path.clone());
                }
                batch.changed.insert(path);
            }
        }
        Ok((!batch.changed.is_empty() || batch.lost.is_some()).then_some(batch))
    }

    fn add(&self, delivered: Delivered, batch: &mut Batch) {
        batch.add(delivered, |path| self.is_input(path));
    }

    /// Is this a path whose change should rebuild the site?
    fn is_input(&self, path: &Path) -> bool {
        if self.ignored.iter().any(|i| path.starts_with(i)) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        if rel
            .components()
            .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
        {
            return false;
        }
        let mut parts = rel.components();
        match parts
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .as_deref()
        {
            Some("site.toml") => parts.next().is_none(),
            Some("content" | "themes" | "templates" | "static") => true,
            _ => false,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// The watcher stopped (it cannot, short of a bug, while `Inputs` lives).
#[derive(Debug)]
pub struct Disconnected;

fn pollhandle(tx: std::sync::mpsc::Sender<Delivered>) -> Result<Handle, Diagnostic> {
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    notify::PollWatcher::new(tx, config)
        .map(Handle::Poll)
        .map_err(|e| Diagnostic::file(".", format!("cannot poll files: {e}")))
}

/// Describes a batch for the one line each rebuild prints.
pub fn describe(changed: &BTreeSet<PathBuf>, root: &Path) -> String {
    let names: Vec<String> = changed.iter().map(|p| crate::paths::rel_path(root, p)).collect();
    match names.as_slice() {
        [] => "nothing changed".into(),
        [one] => one.clone(),
        [a, b] => format!("{a}, {b}"),
        [a, rest @ ..] => format!("{a} and {} more files", rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{EventKind, Flag, ModifyKind};

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn lost_events_make_the_batch_a_full_rescan_instead_of_vanishing() {
        // The batch's errors and rescan requests were dropped, so that a
        // preview whose events overflowed went stale without a word.
        let any = |_: &Path| true;
        let mut batch = Batch::default();
        batch.add(
            Ok(event(EventKind::Modify(ModifyKind::Any), "/a/content/x.md")),
            any,
        );
        assert_eq!(batch.changes().map(BTreeSet::len), Some(1));

        let mut overflow = Batch::default();
        let rescan = notify::Event::new(EventKind::Other).set_flag(Flag::Rescan);
        overflow.add(Ok(rescan), any);
        assert!(overflow.changes().is_none(), "everything is read again");
        assert!(overflow.describe(Path::new("/a")).contains("overflowed"));

        let mut failed = Batch::default();
        failed.add(Err(notify::Error::generic("inotify went away")), any);
        assert!(failed.changes().is_none());
        assert!(failed.describe(Path::new("/a")).contains("inotify went away"));
    }
}
