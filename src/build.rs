//! Build: composes the stages, top to bottom.
//!
//! config → content → markdown → archive → render → output. [`load`] does
//! everything that can find an error in the user's content; [`build`] then
//! renders every page of the plan into a staging folder and swaps it in.
//! Nothing is written when any stage reports a diagnostic.

pub mod cache;
pub mod incremental;
pub mod load;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::archive::{self, Archive, PageKind, PageSpec};
use crate::config::{BaseUrl, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::feeds;
use crate::links::LinkGraph;
use crate::model::{Body, People, Statement};
use crate::output::{Committed, Writer, guard};
use crate::paths;
use crate::render::{self, Renderer, SiteData};
use crate::sitemap;
use crate::theme::ThemeFiles;

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
    Ok(config)
}

/// Loads and validates the whole archive, reporting every problem found.
pub fn load(options: &BuildOptions) -> Result<Site, Diagnostics> {
    load::load_with(options, &mut load::LoadCache::default(), None)
}

/// Where rendered files go: the staging folder, or nowhere for `check`.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Renders every file of the site and hands each to `sink`, in parallel.
/// Returns the number of files.
pub fn render_site(site: &Site, sink: &Sink<'_>, progress: Option<&Progress>) -> Result<usize, Diagnostics> {
    let t = Instant::now();
    let search = if site.config.search {
        crate::search::files(&site.statements, &site.bodies)
    } else {
        Vec::new()
    };
    crate::diag::timing("search index", t);
    render_site_with(site, &search, sink, progress)
}

/// [`render_site`] with the files of the search index made already.
pub fn render_site_with(
    site: &Site,
    search: &[(String, Vec<u8>)],
    sink: &Sink<'_>,
    progress: Option<&Progress>,
) -> Result<usize, Diagnostics> {
    let names: Vec<String> = search.iter().map(|(name, _)| name.clone()).collect();
    let mut p = prepare(site, &names)?;
    let data = site.data();
    let formats = &site.config.feeds.formats;

    if let Some(progress) = progress {
        progress
            .total
            .store(p.outputs.len(), std::sync::atomic::Ordering::Relaxed);
    }
    p.renderer.set_site(render::context::site(&data));
    let t = std::time::Instant::now();
    let cards = render::context::cards(&data);
    crate::diag::timing("cards", t);
    let t = std::time::Instant::now();
    let page_errors = p.plan.par_iter().filter_map(|spec| {
        p.renderer
            .render(spec, &data, &cards)
            .and_then(|r| sink(&r.file, &r.bytes))
            .err()
    });
    // One format at a time: the entries written once for all the feeds of
    // a format are freed before the next format's (memory stays bounded).
    let feed_errors = || {
        formats
            .iter()
            .flat_map(|&format| {
                let entries =
                    feeds::Entries::new(&site.config, &site.statements, &site.bodies, &site.archive);
                p.feed_plan
                    .par_iter()
                    .filter_map(|spec| {
                        let (file, bytes) = feeds::render(spec, format, &entries);
                        sink(&file, &bytes).err()
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    let mut diags = Diagnostics::default();
    diags.extend(page_errors.collect::<Vec<_>>());
    crate::diag::timing("pages", t);
    let t = std::time::Instant::now();
    diags.extend(feed_errors());
    crate::diag::timing("feeds", t);
    for (name, xml) in &p.sitemaps {
        diags.extend(sink(name, xml.as_bytes()).err());
    }
    for (name, bytes) in search {
        diags.extend(sink(name, bytes).err());
    }
    diags.extend(sink("robots.txt", sitemap::robots(&site.config.base_url).as_bytes()).err());
    // Static files last: a file the site puts in static/ wins over a
    // generated one of the same name.
    for (name, source) in &p.theme.statics {
        diags.extend(source.read().and_then(|bytes| sink(name, &bytes)).err());
    }
    diags.into_result(p.outputs.len())
}

/// What rendering a site starts from: its theme, the plan of its pages and
/// feeds, its sitemaps and the list of every file it has (against which
/// the links in bodies are checked).
pub(crate) struct Prepared {
    pub theme: Arc<ThemeFiles>,
    pub renderer: Renderer,
    pub plan: Vec<PageSpec>,
    pub feed_plan: Vec<feeds::FeedSpec>,
    pub sitemaps: Vec<(String, String)>,
    pub outputs: HashSet<String>,
}

/// `search` names the files of the search index, which the caller makes.
pub(crate) fn prepare(site: &Site, search: &[String]) -> Result<Prepared, Diagnostics> {
    let t = Instant::now();
    let theme = Arc::new(ThemeFiles::load(&site.config)?);
    let renderer = Renderer::new(&site.config, theme.clone())?;
    let plan = archive::plan(&site.config, &site.statements, &site.archive);
    let feed_plan = feeds::plan(&site.config, &site.statements, &site.archive);
    crate::diag::timing("theme and plan", t);
    let t = Instant::now();
    let sitemaps = sitemap::sitemaps(&site.config.base_url, &sitemap_entries(site, &plan));
    let mut outputs = output_files(&plan, &feed_plan, &site.config.feeds.formats, &sitemaps, &theme);
    outputs.extend(search.iter().cloned());
    check_local_links(site, &outputs)?;
    crate::diag::timing("sitemaps, local links", t);
    Ok(Prepared {
        theme,
        renderer,
        plan,
        feed_plan,
        sitemaps,
        outputs,
    })
}

/// Every file a build writes: pages, feeds, sitemaps, robots.txt, static files.
pub(crate) fn output_files(
    plan: &[PageSpec],
    feed_plan: &[feeds::FeedSpec],
    formats: &[crate::config::FeedFormat],
    sitemaps: &[(String, String)],
    theme: &ThemeFiles,
) -> HashSet<String> {
    let mut outputs: HashSet<String> = plan.iter().map(|p| paths::output_file(&p.site_path)).collect();
    for spec in feed_plan {
        outputs.extend(formats.iter().map(|f| format!("{}{}", spec.dir, f.file_name())));
    }
    outputs.extend(sitemaps.iter().map(|(name, _)| name.clone()));
    outputs.insert("robots.txt".into());
    outputs.extend(theme.statics.keys().cloned());
    outputs
}

/// Links in bodies to site pages must point at a file the build writes.
pub(crate) fn check_local_links(site: &Site, outputs: &HashSet<String>) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for (s, body) in site.statements.iter().zip(&site.bodies) {
        for link in &body.local_links {
            let t = link.target.as_str();
            let found = outputs.contains(&paths::output_file(t))
                || outputs.contains(t)
                || outputs.contains(&format!("{t}/index.html"));
            if !found {
                let hint = if outputs.len() <= 20_000 {
                    crate::diag::did_you_mean(&paths::output_file(t), outputs.iter().map(String::as_str))
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

pub(crate) fn sitemap_entries(site: &Site, plan: &[PageSpec]) -> Vec<sitemap::Entry> {
    let per_page = site.config.per_page;
    let newest = |items: &[usize]| items.iter().map(|&i| site.statements[i].last_modified()).max();
    // A listing page changes when one of the statements it shows does.
    let on_page = |spec: &PageSpec, items: &[usize]| newest(&items[spec.range(per_page, items.len())]);
    let all: Vec<usize> = (0..site.statements.len()).collect();
    let newest_of_all = newest(&all);
    let archive = &site.archive;
    plan.par_iter()
        .filter_map(|spec| {
            let lastmod = match &spec.kind {
                PageKind::NotFound | PageKind::Search | PageKind::Alias(_) => return None,
                PageKind::Statement(i) => Some(site.statements[*i].last_modified()),
                PageKind::TaxonomyIndex(_) | PageKind::Home => newest_of_all,
                PageKind::List => on_page(spec, &all),
                PageKind::Year(y) => on_page(spec, &archive.years[*y].statements),
                PageKind::Month(y, m) => on_page(spec, &archive.months[*y][*m].statements),
                PageKind::Day(y, m, d) => on_page(spec, &archive.days[*y][*m][*d].statements),
                PageKind::Term(t, i) => on_page(spec, &archive.taxonomies[*t].terms[*i].statements),
            };
            Some(sitemap::Entry {
                site_path: spec.site_path.clone(),
                lastmod,
            })
        })
        .collect()
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

/// Builds the archive into its output folder, all or nothing.
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
    if options.use_cache {
        let fingerprint = cache::inputs(options, &config);
        if let Some(files) = cache::up_to_date(&config, fingerprint) {
            return Ok(BuildReport {
                statements: 0,
                files,
                written: 0,
                output_dir: config.output_dir,
                elapsed: start.elapsed(),
                up_to_date: true,
            });
        }
        inputs = Some(fingerprint);
        manifest = cache::manifest(&config);
        crate::diag::timing("cache check", start);
    }
    let site = load(options)?.without_markdown();
    crate::diag::timing("loaded", start);
    // Into the folder the last build wrote, only what changed is written;
    // else everything, into a new folder swapped in at the end.
    let writer = Writer::open(&out_dir, manifest.as_ref())?;
    crate::diag::timing("output folder read", start);
    let progress = options.progress.clone();
    let write = |file: &str, bytes: &[u8]| {
        if let Some(p) = &progress {
            p.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        writer.write(file, bytes)
    };
    let files = render_site(&site, &write, progress.as_deref())?;
    let t = Instant::now();
    let Committed {
        files: written,
        written: changed,
    } = writer.commit()?;
    crate::diag::timing("commit", t);
    if let Some(inputs) = inputs {
        cache::save(&site.config, inputs, &written);
    }
    Ok(BuildReport {
        statements: site.statements.len(),
        files,
        written: changed,
        output_dir: site.config.output_dir.clone(),
        elapsed: start.elapsed(),
        up_to_date: false,
    })
}

/// Validates everything a build would, writing nothing: content, templates,
/// and every link in every rendered page. With `strict`, also speakers
/// without people files and people files without statements.
pub fn check(options: &BuildOptions, strict: bool) -> Result<usize, Diagnostics> {
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
    let base = &site.config.base_url;
    let written = std::sync::Mutex::new(HashSet::new());
    let pages = std::sync::Mutex::new(Vec::new());
    let sink = |file: &str, bytes: &[u8]| {
        if file.ends_with(".html") {
            let targets = crate::check::page_links(file, &String::from_utf8_lossy(bytes), base);
            pages
                .lock()
                .map_err(|_| Diagnostic::file(file, "internal error"))?
                .push((file.to_string(), targets));
        }
        written
            .lock()
            .map_err(|_| Diagnostic::file(file, "internal error"))?
            .insert(file.to_string());
        Ok(())
    };
    let files = render_site(&site, &sink, None)?;
    let written = written.into_inner().unwrap_or_default();
    let mut pages = pages.into_inner().unwrap_or_default();
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
    }
    diags.into_result(files)
}
