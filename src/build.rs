//! Build: composes the stages, top to bottom.
//!
//! config → content → markdown → archive → render → output. [`load`] does
//! everything that can find an error in the user's content; [`build`] then
//! renders every page of the plan into a staging folder and swaps it in.
//! Nothing is written when any stage reports a diagnostic.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::archive::{self, Archive, PageKind, PageSpec};
use crate::config::{BaseUrl, Config};
use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::feeds;
use crate::markdown::{self, LinkTargets};
use crate::model::{Body, Person, Statement};
use crate::output::Staging;
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
}

/// A loaded, validated archive: everything rendering needs.
pub struct Site {
    pub config: Config,
    /// Newest first.
    pub statements: Vec<Statement>,
    /// `bodies[i]` is the body of `statements[i]`.
    pub bodies: Vec<Body>,
    pub archive: Archive,
    pub people: Vec<Person>,
}

impl Site {
    pub fn data(&self) -> SiteData<'_> {
        SiteData {
            config: &self.config,
            statements: &self.statements,
            bodies: &self.bodies,
            archive: &self.archive,
            people: &self.people,
        }
    }
}

/// What a finished build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub statements: usize,
    pub files: usize,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
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
    let config = load_config(options)?;
    let mut statements = content::load_all(&config)?;
    if !options.drafts {
        statements.retain(|s| !s.draft);
    }
    statements.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.rel.cmp(&b.rel)));
    content::check_unique_urls(&statements)?;

    let heading_ids: Vec<Vec<String>> = statements
        .par_iter()
        .map(|s| markdown::heading_ids(&s.body))
        .collect();
    let targets = LinkTargets::new(&config.base_url, &statements, &heading_ids);
    let rendered: Vec<Result<Body, Vec<Diagnostic>>> = statements
        .par_iter()
        .map(|s| markdown::render(s, &targets))
        .collect();
    let mut diags = Diagnostics::default();
    let mut bodies = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok(b) => bodies.push(b),
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result(())?;
    let archive = Archive::new(&config, &statements);
    Ok(Site {
        config,
        statements,
        bodies,
        archive,
        people: Vec::new(),
    })
}

/// Where rendered files go: the staging folder, or nowhere for `check`.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Renders every file of the site and hands each to `sink`, in parallel.
/// Returns the number of files.
pub fn render_site(site: &Site, sink: &Sink<'_>) -> Result<usize, Diagnostics> {
    let theme = Arc::new(ThemeFiles::load(&site.config)?);
    let mut renderer = Renderer::new(&site.config, theme.clone())?;
    let data = site.data();
    renderer.set_site(render::context::site(&data));
    let cards = render::context::cards(&data);
    let plan = archive::plan(&site.config, &site.statements, &site.archive);

    let errors: Vec<Diagnostic> = plan
        .par_iter()
        .filter_map(|spec| {
            let out = renderer
                .render(spec, &data, &cards)
                .and_then(|r| sink(&r.file, &r.bytes));
            out.err()
        })
        .collect();
    // One broken template fails every page: report each problem once.
    let mut diags = Diagnostics::default();
    diags.extend(errors);
    let mut diags = match diags.into_result(()) {
        Ok(()) => Diagnostics::default(),
        Err(d) => return Err(d),
    };

    let mut files = plan.len();
    let feed_plan = feeds::plan(&site.config, &site.statements, &site.archive);
    let formats = &site.config.feeds.formats;
    let feed_errors: Vec<Diagnostic> = feed_plan
        .par_iter()
        .flat_map_iter(|spec| formats.iter().map(move |&f| (spec, f)))
        .filter_map(|(spec, format)| {
            let (file, bytes) = feeds::render(
                spec,
                format,
                &site.config,
                &site.statements,
                &site.bodies,
                &site.archive,
            );
            sink(&file, &bytes).err()
        })
        .collect();
    diags.extend(feed_errors);
    files += feed_plan.len() * formats.len();
    for (name, xml) in sitemap::sitemaps(&site.config.base_url, &sitemap_entries(site, &plan)) {
        if let Err(d) = sink(&name, xml.as_bytes()) {
            diags.push(d);
        }
        files += 1;
    }
    if let Err(d) = sink("robots.txt", sitemap::robots(&site.config.base_url).as_bytes()) {
        diags.push(d);
    }
    files += 1;
    // Static files last: a file the site puts in static/ wins over a
    // generated one of the same name.
    for (name, source) in &theme.statics {
        match source.read().and_then(|bytes| sink(name, &bytes)) {
            Ok(()) => files += 1,
            Err(d) => diags.push(d),
        }
    }
    diags.into_result(files)
}

fn sitemap_entries(site: &Site, plan: &[PageSpec]) -> Vec<sitemap::Entry> {
    let newest =
        |items: &mut dyn Iterator<Item = usize>| items.map(|i| site.statements[i].last_modified()).max();
    plan.iter()
        .filter_map(|spec| {
            let lastmod = match &spec.kind {
                PageKind::NotFound | PageKind::Alias(_) => return None,
                PageKind::Statement(i) => Some(site.statements[*i].last_modified()),
                PageKind::TaxonomyIndex(_) | PageKind::Home | PageKind::List => {
                    newest(&mut (0..site.statements.len()))
                }
                PageKind::Year(y) => newest(&mut site.archive.years[*y].statements.iter().copied()),
                PageKind::Month(y, m) => newest(&mut site.archive.months[*y][*m].statements.iter().copied()),
                PageKind::Day(y, m, d) => {
                    newest(&mut site.archive.days[*y][*m][*d].statements.iter().copied())
                }
                PageKind::Term(t, i) => {
                    newest(&mut site.archive.taxonomies[*t].terms[*i].statements.iter().copied())
                }
            };
            Some(sitemap::Entry {
                site_path: spec.site_path.clone(),
                lastmod,
            })
        })
        .collect()
}

/// Builds the archive into its output folder, all or nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let site = load(options)?;
    let staging = Staging::new(&site.config.output_dir, &site.config.root)?;
    let write = |file: &str, bytes: &[u8]| staging.write(file, bytes);
    let files = render_site(&site, &write)?;
    staging.commit()?;
    Ok(BuildReport {
        statements: site.statements.len(),
        files,
        output_dir: site.config.output_dir.clone(),
        elapsed: start.elapsed(),
    })
}

/// Validates everything a build would, writing nothing.
pub fn check(options: &BuildOptions) -> Result<usize, Diagnostics> {
    let site = load(options)?;
    render_site(&site, &|_, _| Ok(()))
}
