//! Build: composes the stages, top to bottom.
//!
//! load → markdown → links → archive ([`load`]) → plan ([`plan`]) →
//! execute ([`execute`]) → commit ([`Writer::commit`]). Loading does
//! everything that can find an error in the user's content; the plan lists
//! every output and checks that no two claim one path; the executor makes
//! the outputs the writer does not hold already (by key) and the writer
//! swaps them in. Nothing is written when any stage reports a diagnostic.
//! [`cache`] (what the last build wrote) and [`crate::output`] (where and
//! how to write) sit below.

pub mod cache;
pub mod execute;
pub mod load;
pub mod memo;
pub mod plan;
pub mod state;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use self::plan::OutputPlan;
use crate::archive::Archive;
use crate::config::{BaseUrl, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::key::Key;
use crate::links::LinkGraph;
use crate::model::{Body, People, Statement};
use crate::output::{Writer, guard};
use crate::paths;
use crate::render::SiteData;

/// What the command line can change about a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Replace an output folder that holds files pressroom did not write
    /// (see [`crate::output::guard`]).
    pub force: bool,
    /// Skip the build when nothing changed since the last one (see
    /// [`cache`]). The command line sets it; `--no-cache` clears it.
    pub use_cache: bool,
    /// Counts rendered files, for a progress display.
    pub progress: Option<Arc<Progress>>,
    /// Warnings ([`crate::check::warnings`]) fail the build.
    pub strict: bool,
    /// A cached build checks every file the last build recorded (by size
    /// and modification time), and writes again those edited or removed,
    /// instead of trusting its record (see [`cache`]).
    pub mend: bool,
    /// Without `use_cache`, the build cache's record of the output folder
    /// is written all the same (`pressroom build --no-cache`) when there is
    /// none or it is of this folder, so that the next build knows the
    /// folder as this one left it.
    pub keep_record: bool,
}

/// How far a build is: files rendered out of the files planned. Shared
/// between the build and whatever shows it.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: std::sync::atomic::AtomicUsize,
    pub total: std::sync::atomic::AtomicUsize,
}

/// A loaded, validated archive: everything rendering needs.
pub struct Site {
    pub config: Config,
    /// Newest first.
    pub statements: Vec<Arc<Statement>>,
    /// `bodies[i]` is the body of `statements[i]`.
    pub bodies: Vec<Arc<Body>>,
    /// `versions[i]` is the key of what `statements[i]` and its body are
    /// made from: its file's text and the `@/` targets it was rendered
    /// against. Equal versions mean an equal statement and body.
    pub versions: Vec<Key>,
    /// The key of what the archive and the cross-links are computed from.
    pub structure: u64,
    pub archive: Arc<Archive>,
    pub people: People,
    pub links: Arc<LinkGraph>,
}

impl Site {
    /// The site without the statements' Markdown, which nothing needs once
    /// the bodies are rendered: a one-off build then holds each body once
    /// (as HTML), not twice.
    pub fn without_markdown(mut self) -> Site {
        self.statements = self
            .statements
            .into_iter()
            .map(|s| match Arc::try_unwrap(s) {
                Ok(mut owned) => {
                    owned.body = String::new();
                    Arc::new(owned)
                }
                Err(shared) => Arc::new(Statement {
                    body: String::new(),
                    ..(*shared).clone()
                }),
            })
            .collect();
        self
    }

    pub fn data(&self) -> SiteData<'_> {
        SiteData {
            config: &self.config,
            statements: &self.statements,
            bodies: &self.bodies,
            archive: &self.archive,
            people: &self.people,
            links: &self.links,
        }
    }
}

/// What a finished build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub statements: usize,
    pub files: usize,
    /// Files written (the others were in the output folder already).
    pub written: usize,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
    /// Nothing changed since the last build, which was kept.
    pub up_to_date: bool,
    /// Likely mistakes that did not stop the build (see
    /// [`crate::check::warnings`]); none when it was up to date.
    pub warnings: Vec<Diagnostic>,
}

/// Reads site.toml with the command line's overrides applied.
pub fn load_config(options: &BuildOptions) -> Result<Config, Diagnostics> {
    let mut config = Config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.base_url = BaseUrl::parse(url).map_err(|msg| {
            Diagnostic::file("--base-url", format!("bad --base-url: {msg}"))
                .with_hint("write it in full, e.g. https://example.org/archive/")
        })?;
    }
    if let Some(out) = &options.output {
        config.output_dir = out.clone();
    }
    // Where the output goes changes nothing in it.
    config.key = crate::key::of(&(config.key, &options.base_url));
    Ok(config)
}

/// Loads and validates the whole archive, reporting every problem found:
/// load → markdown → links → archive (see [`load`]).
pub fn load(options: &BuildOptions) -> Result<Site, Diagnostics> {
    load::load_with(options, &mut load::LoadCache::default(), None)
}

/// The files of the search index of `site` (none when search is off).
pub fn search_files(site: &Site) -> Vec<crate::search::File> {
    search_files_kept(site, false, &|_, _| true).0
}

/// The files of the search index of `site`; with `cache`, patched from
/// the index the last build kept in `.pressroom/search.bin`, and kept
/// there again by the thread returned (join it before exiting); a file
/// of the kept index is made again only if `wants(path, key)`.
fn search_files_kept(
    site: &Site,
    cache: bool,
    wants: &crate::search::Wants<'_>,
) -> (Vec<crate::search::File>, Option<std::thread::JoinHandle<()>>) {
    let t = Instant::now();
    let kept = cache.then(|| site.config.root.join(".pressroom").join("search.bin"));
    let files = if site.config.search {
        crate::search::files(
            &site.config,
            &site.statements,
            &site.bodies,
            &site.versions,
            &site.people,
            site.structure,
            kept.as_deref().map(|path| (path, wants)),
        )
    } else {
        (Vec::new(), None)
    };
    crate::diag::timing("search index", t);
    files
}

/// Plans every output of `site` (see [`OutputPlan`]) and checks the links
/// in bodies against it; `memo` is what the last rebuild may lend it.
pub fn plan<'s>(
    site: &'s Site,
    search: Vec<crate::search::File>,
    memo: Option<&'s memo::Memo>,
) -> Result<OutputPlan<'s>, Diagnostics> {
    let plan = OutputPlan::new(site, search, memo)?;
    let t = Instant::now();
    // The set of files is made only when a body links to a page.
    let files = std::sync::OnceLock::new();
    check_local_links(site, || files.get_or_init(|| plan.files()))?;
    crate::diag::timing("local links", t);
    Ok(plan)
}

impl execute::Sink for Writer {
    fn wants(&self, file: &str, key: Key) -> bool {
        Writer::wants(self, file, key)
    }

    fn write(&self, file: &str, key: Key, bytes: &[u8]) -> Result<(), Diagnostic> {
        Writer::write(self, file, key, bytes)
    }

    fn read(&self, file: &str, key: Key) -> Option<Vec<u8>> {
        Writer::read(self, file, key)
    }
}

/// Links in bodies to site pages must point at a file the build writes.
fn check_local_links<'p>(
    site: &Site,
    outputs: impl Fn() -> &'p foldhash::HashSet<&'p str>,
) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for (s, body) in site.statements.iter().zip(&site.bodies) {
        for link in &body.local_links {
            let outputs = outputs();
            let t = link.target.as_str();
            let found = outputs.contains(paths::output_file(t).as_str())
                || outputs.contains(t)
                || outputs.contains(format!("{t}/index.html").as_str());
            if !found {
                let hint = if outputs.len() <= 20_000 {
                    crate::diag::did_you_mean(&paths::output_file(t), outputs.iter().copied())
                        .map(|close| format!("did you mean /{}?", close.trim_end_matches("index.html")))
                } else {
                    None
                };
                diags.push(
                    Diagnostic::new(
                        &s.path,
                        link.line,
                        link.col,
                        format!("link to /{t}, but the site has no such page or file"),
                    )
                    .with_hint(hint.unwrap_or_else(|| {
                        "link statements with @/path/to/file.md; check the path of other pages".into()
                    })),
                );
            }
        }
    }
    diags.into_result(())
}

/// The output folder of a build, resolved, once the guard allowed it
/// (see [`guard::check`]); a refusal points at `--output` or at site.toml's
/// `output_dir`.
pub fn output_dir(options: &BuildOptions, config: &Config) -> Result<PathBuf, Diagnostic> {
    let resolved = guard::resolve(&config.output_dir);
    let known = cache::recorded_output(config).is_some_and(|dir| guard::resolve(&dir) == resolved);
    guard::check(&config.output_dir, &config.root, known, options.force).map_err(|refusal| {
        let place = if options.output.is_some() {
            Diagnostic::file("--output", refusal.message)
        } else {
            let path = config.root.join("site.toml");
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("output_dir"))
                .map_or(1, |i| i + 1);
            Diagnostic::new(&path, line, 1, refusal.message)
        };
        place.with_hint(refusal.hint)
    })
}

/// Builds the archive into its output folder, all or nothing: load →
/// markdown → links → archive ([`load`]), plan ([`plan`]), execute
/// ([`execute::execute`]), commit ([`Writer::commit`]). Into the folder
/// the last build wrote (when the build cache knows it), only the outputs
/// whose keys changed are made, and only files whose bytes changed are
/// written; else everything, into a new folder swapped in at the end.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    // The inputs as they are before anything is read: an edit made during
    // the build makes the next build a full one.
    let config = load_config(options)?;
    let out_dir = output_dir(options, &config)?;
    // A killed build's commit is finished before the folder is judged up
    // to date.
    crate::output::recover(&out_dir)?;
    let mut inputs = None;
    let mut manifest = None;
    let mut stamps = None;
    let mut restoring = None;
    if options.use_cache {
        // The record of the output folder is read while the inputs are
        // stated (and left unread when nothing changed).
        let reading = std::thread::spawn({
            let config = config.clone();
            move || cache::manifest(&config)
        });
        let (fingerprint, stated) = cache::inputs(options, &config);
        stamps = Some(stated);
        // `--strict` loads the archive to find its warnings.
        if let Some(files) = cache::up_to_date(&config, fingerprint, options.mend).filter(|_| !options.strict)
        {
            return Ok(BuildReport {
                statements: 0,
                files,
                written: 0,
                output_dir: config.output_dir,
                elapsed: start.elapsed(),
                up_to_date: true,
                warnings: Vec::new(),
            });
        }
        // Something changed: what the last build loaded is read back
        // while the record is.
        restoring = Some(std::thread::spawn({
            let config = config.clone();
            move || state::restore(&config)
        }));
        inputs = Some(fingerprint);
        manifest = reading.join().ok().flatten();
        crate::diag::timing("cache check", start);
    } else if options.keep_record
        && cache::recorded_output(&config).is_none_or(|dir| dir == config.output_dir)
    {
        // The record of another folder is left as it is.
        inputs = Some(cache::inputs(options, &config).0);
    }
    let built = match build_from(options, &config, &out_dir, manifest, stamps, restoring, start)? {
        Some(built) => Some(built),
        // The build cache could not be read back: nothing was written,
        // and the build starts over without it.
        None => {
            let manifest = options.use_cache.then(|| cache::manifest(&config)).flatten();
            build_from(options, &config, &out_dir, manifest, None, None, start)?
        }
    };
    crate::diag::timing("built and freed (since the start)", start);
    let Some((report, files, changes, keeping_memo)) = built else {
        return Err(Diagnostic::file(
            ".pressroom",
            "internal error: a build without the cache read it back",
        )
        .into());
    };
    if let Some(inputs) = inputs {
        let t = Instant::now();
        cache::save(&config, inputs, &files, changes.as_deref());
        crate::diag::timing("record of the output kept", t);
    }
    let t = Instant::now();
    drop(files);
    crate::diag::timing("record freed", t);
    if let Some(keeping) = keeping_memo {
        let _ = keeping.join();
    }
    Ok(report)
}

/// A finished build: its report, the record of the folder it wrote, and
/// how that differs from the build cache's record it started from (see
/// [`crate::output::Committed`]).
type Built = (
    BuildReport,
    crate::output::Manifest,
    Option<Vec<(String, Option<crate::output::Recorded>)>>,
    // The memo being kept for the next build (join it before exiting).
    Option<std::thread::JoinHandle<()>>,
);

/// What the last build loaded ([`state::restore`]), being read back.
type Restoring = std::thread::JoinHandle<Option<(load::LoadCache, Arc<state::Kept>)>>;

/// [`build`] once the folder is known not to be up to date: with
/// `restoring`, from what the last build loaded ([`state`]). `None` when a
/// body kept by the build cache could not be read back (then nothing was
/// written, and the cache is cleared).
fn build_from(
    options: &BuildOptions,
    config: &Config,
    out_dir: &std::path::Path,
    manifest: Option<crate::output::Manifest>,
    stamps: Option<cache::Stated>,
    restoring: Option<Restoring>,
    start: Instant,
) -> Result<Option<Built>, Diagnostics> {
    let recorded = manifest.is_some();
    // The folder the last build wrote is stated (every file it recorded)
    // on another thread while the archive loads, which is mostly one core.
    std::thread::scope(|scope| {
        let opening = scope.spawn(move || {
            let t = Instant::now();
            let writer = match manifest {
                Some(manifest) => Writer::open_recorded(out_dir, manifest, options.mend),
                None => Writer::open(out_dir, None),
            };
            crate::diag::timing("output folder read (beside loading)", t);
            writer
        });
        let writer = || {
            opening.join().unwrap_or_else(|_| {
                Err(Diagnostic::file(
                    out_dir,
                    "internal error: reading the output folder failed",
                ))
            })
        };
        // The memo of the last build is read meanwhile too.
        let memo = scope.spawn(move || recorded.then(|| state::restore_memo(config)).flatten());
        let memo = || memo.join().ok().flatten();
        build_opening(options, config, stamps, restoring, start, writer, memo)
    })
}

/// [`build_from`] with the output folder being opened by `writer`, and
/// the memo of the last build into it being read by `memo`.
fn build_opening(
    options: &BuildOptions,
    config: &Config,
    stamps: Option<cache::Stated>,
    restoring: Option<Restoring>,
    start: Instant,
    writer: impl FnOnce() -> Result<Writer, Diagnostic>,
    memo: impl FnOnce() -> Option<memo::Memo>,
) -> Result<Option<Built>, Diagnostics> {
    // With the cache, what the last build loaded is read back, and only
    // the files that changed are read (see [`state`]).
    let t = Instant::now();
    let restored = restoring.and_then(|r| r.join().ok()).flatten();
    let (mut loaded, kept) = match restored {
        Some((mut cache, kept)) => {
            if let Some(stamps) = stamps {
                cache.use_stamps(stamps);
            }
            (cache, Some(kept))
        }
        None => (load::LoadCache::default(), None),
    };
    crate::diag::timing("cache restored", t);
    let site = load::load_with(options, &mut loaded, None)?;
    let t = Instant::now();
    let warnings = crate::check::warnings(&site.statements, &site.bodies, &site.people);
    crate::diag::timing("warnings", t);
    if options.strict && !warnings.is_empty() {
        return Err(Diagnostics(warnings));
    }
    // What was loaded is kept for the next build while this one renders
    // (without the Markdown, which nothing needs any more).
    let saving = options.use_cache.then(|| {
        loaded.drop_markdown();
        let (config, kept) = (config.clone(), kept.clone());
        std::thread::spawn(move || {
            let t = Instant::now();
            let _ = state::save(&config, &loaded, kept.as_ref());
            crate::diag::timing("cache saved", t);
        })
    });
    let site = site.without_markdown();
    crate::diag::timing("loaded (since the start)", start);
    let t = Instant::now();
    let memo = memo();
    crate::diag::timing("memo read (beside loading)", t);
    let t = Instant::now();
    let writer = writer()?;
    crate::diag::timing("output folder read", t);
    let (search, keeping_search) =
        search_files_kept(&site, options.use_cache, &|file, key| writer.wants(file, key));
    let plan = plan(&site, search, memo.as_ref())?;
    let mut executed = execute::execute(&plan, &writer, options.progress.as_deref())?;
    if kept.as_ref().is_some_and(|k| k.failure().is_some()) {
        drop(writer);
        if let Some(saving) = saving {
            let _ = saving.join();
        }
        state::forget(config);
        return Ok(None);
    }
    let t = Instant::now();
    let committed = writer.commit(crate::output::Planned::List(plan.file_list()))?;
    crate::diag::timing("commit", t);
    // The memo is kept (and freed) while the record of the output is.
    let keeping_memo = options.use_cache.then(|| {
        let memo = plan.into_memo(std::mem::take(&mut executed.pages));
        let config = site.config.clone();
        std::thread::spawn(move || {
            let t = Instant::now();
            let _ = state::save_memo(&config, &memo);
            drop(memo);
            crate::diag::timing("memo kept and freed", t);
        })
    });
    if let Some(saving) = saving {
        let _ = saving.join();
    }
    if let Some(keeping) = keeping_search {
        let _ = keeping.join();
    }
    let report = BuildReport {
        statements: site.statements.len(),
        files: executed.files,
        written: committed.written,
        output_dir: site.config.output_dir.clone(),
        elapsed: start.elapsed(),
        up_to_date: false,
        warnings,
    };
    Ok(Some((report, committed.files, committed.changes, keeping_memo)))
}

/// Validates everything a build would, writing nothing: content, templates,
/// and every link in every rendered page; gives the number of files a
/// build would write and the warnings (those of a build, and summaries
/// that say nothing). With `strict`, the warnings are errors, and so are
/// speakers without people files and people files without statements.
pub fn check(options: &BuildOptions, strict: bool) -> Result<(usize, Vec<Diagnostic>), Diagnostics> {
    let config = load_config(options)?;
    let output = output_dir(options, &config).err();
    let site = match load(options) {
        Ok(site) => site.without_markdown(),
        Err(mut diags) => {
            diags.extend(output);
            return Err(diags);
        }
    };
    if let Some(refusal) = output {
        return Err(refusal.into());
    }
    let mut warnings = crate::check::warnings(&site.statements, &site.bodies, &site.people);
    warnings.extend(crate::check::summaries(
        &site.statements,
        &site.bodies,
        &site.config.summary_skip,
    ));
    warnings.sort();
    let plan = plan(&site, search_files(&site), None)?;
    let collect = Collect {
        base: &site.config.base_url,
        pages: Default::default(),
    };
    let files = execute::execute(&plan, &collect, None)?.files;
    let written: HashSet<String> = plan.files().into_iter().map(String::from).collect();
    let mut pages = collect.pages.into_inner().unwrap_or_default();
    pages.sort();
    let mut diags = Diagnostics::default();
    let out_dir = site
        .config
        .output_dir
        .strip_prefix(&site.config.root)
        .unwrap_or(&site.config.output_dir);
    diags.extend(crate::check::broken_links(&pages, &written, out_dir));
    if strict {
        diags.extend(crate::check::strict_people(&site.statements, &site.people));
        diags.extend(std::mem::take(&mut warnings));
    }
    diags.into_result((files, warnings))
}

/// `check`'s sink: the links of each page.
struct Collect<'a> {
    base: &'a BaseUrl,
    pages: std::sync::Mutex<Vec<(String, Vec<crate::check::PageLink>)>>,
}

impl execute::Sink for Collect<'_> {
    fn wants(&self, _: &str, _: Key) -> bool {
        true
    }

    fn write(&self, file: &str, _: Key, bytes: &[u8]) -> Result<(), Diagnostic> {
        let internal = || Diagnostic::file(file, "internal error");
        if file.ends_with(".html") {
            let targets = crate::check::page_links(file, &String::from_utf8_lossy(bytes), self.base);
            self.pages
                .lock()
                .map_err(|_| internal())?
                .push((file.to_string(), targets));
        }
        Ok(())
    }
}
