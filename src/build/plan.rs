//! The output plan: every file a build writes, and what makes it.
//!
//! [`OutputPlan::new`] lists the site's outputs once — pages, feeds,
//! sitemaps, robots.txt, the search index and static files — and is the
//! only source of what the site writes: the paths no statement may take
//! ([`OutputPlan::reserved`]), the sitemap's entries, `check`'s set of
//! files ([`OutputPlan::files`]) and, through each output's key
//! ([`OutputPlan::make`]), what a build must write again. Two outputs that
//! claim one path are an error naming both.

use std::sync::Arc;

use rayon::prelude::*;

use super::Site;
use super::memo::{Memo, Reuse};
use crate::archive::{self, PageKind, PageSpec};
use crate::config::FeedFormat;
use crate::content::Reserved;
use crate::diag::{Diagnostic, Diagnostics};
use crate::feeds::{self, FeedSpec};
use crate::key::{self, Key};
use crate::paths;
use crate::render::context::{self, Card};
use crate::render::{Renderer, SiteData};
use crate::sitemap;
use crate::theme::{Source, ThemeFiles};

/// What makes one output.
pub enum Make {
    /// A page of the archive plan, through its template.
    Page(PageSpec),
    /// Feed `.0` of [`OutputPlan::feeds`] in one format.
    Feed(usize, FeedFormat),
    /// Bytes made while planning, with their key: the sitemaps and
    /// robots.txt.
    Made(Key, Arc<[u8]>),
    /// A file of the search index, with its key (made by the caller, and
    /// shared with the index that `watch` keeps); without bytes when the
    /// output folder holds it (see [`crate::search::File`]).
    Search(Key, Option<Arc<[u8]>>),
    /// A file of the theme's or the site's static/ folder, copied.
    Static(Source),
    /// A file beside statement `.0`'s page: a citation or its data.
    Beside(usize, Beside),
    /// File `.0` of the archive's data (`data/`, see [`crate::data::bulk`]):
    /// its name is known when planning, its bytes are made while the pages
    /// are ([`OutputPlan::make_bulk`]).
    Bulk(usize),
}

/// The files beside each statement's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beside {
    /// `cite.bib` (BibTeX / biblatex).
    Bib,
    /// `cite.ris`.
    Ris,
    /// `cite.json` (CSL-JSON).
    Csl,
    /// `index.json`: the statement as data.
    Json,
}

impl Beside {
    pub const ALL: [Beside; 4] = [Beside::Bib, Beside::Ris, Beside::Csl, Beside::Json];

    pub fn file_name(self) -> &'static str {
        match self {
            Beside::Bib => "cite.bib",
            Beside::Ris => "cite.ris",
            Beside::Csl => "cite.json",
            Beside::Json => "index.json",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Beside::Bib => "the BibTeX citation",
            Beside::Ris => "the RIS citation",
            Beside::Csl => "the CSL-JSON citation",
            Beside::Json => "the data (index.json)",
        }
    }
}

/// One file the build writes (`2017/index.html`), and what makes it.
pub struct Output {
    pub file: String,
    pub make: Make,
}

/// Every output of a site, with what its pages are rendered from.
pub struct OutputPlan<'s> {
    site: &'s Site,
    /// What the last rebuild's memo says still holds.
    reuse: Option<Reuse<'s>>,
    pub outputs: Vec<Output>,
    pub feeds: Vec<FeedSpec>,
    renderer: Renderer,
    cards: Vec<std::sync::OnceLock<Card>>,
    /// For the keys of feed entries (each computed once).
    entries: feeds::Entries<'s>,
    /// For the data files beside statement pages.
    records: crate::data::Records<'s>,
    /// The `Make::Bulk` files, once made.
    bulk: std::sync::OnceLock<crate::data::Bulk>,
    /// Per statement, while an execution runs: whether its `index.json`
    /// was claimed, by the pages loop or by the data's lines (which make
    /// it from the record they read anyway), and its key and reads when
    /// the lines made it.
    json: Vec<(std::sync::atomic::AtomicBool, std::sync::OnceLock<PageRecordOf>)>,
    /// The sink holds every output the memo records, with the key it
    /// records (see [`OutputPlan::trust_sink`]).
    sink_has_memo: bool,
    /// The sitemap files, as made (for the next rebuild).
    sitemaps: Vec<crate::sitemap::Made>,
    /// The keys of what the check of claims looked at, and of the list of
    /// outputs but the search index's ([`claims_keys`]).
    claims: (Key, Key),
}

/// A page record: the key and the statements read.
type PageRecordOf = (Key, std::sync::Arc<[u32]>);

/// One output made: its bytes, and its key.
pub struct Made {
    pub key: Key,
    /// `None` when the sink already has an output of this key.
    pub bytes: Option<Vec<u8>>,
    /// For a page: the statements its context read.
    pub reads: Option<std::sync::Arc<[u32]>>,
}

impl<'s> OutputPlan<'s> {
    /// Plans every output of `site`, given the files of its search index
    /// (made by the caller, which may patch the last ones). Fails when a
    /// template does not load, when two outputs claim one path, or when a
    /// statement's URL or alias is a path the site writes itself.
    /// With `memo`, the keys and cards the last rebuild made are reused
    /// where they still hold.
    pub fn new(
        site: &'s Site,
        search: Vec<crate::search::File>,
        memo: Option<&'s Memo>,
    ) -> Result<OutputPlan<'s>, Diagnostics> {
        let t = std::time::Instant::now();
        let config = &site.config;
        let theme = Arc::new(ThemeFiles::load(config)?);
        let mut renderer = Renderer::new(config, theme.clone())?;
        let data = site.data();
        renderer.set_site(&context::site(&data));
        let pages = archive::plan(config, &site.statements, &site.archive);
        let feed_plan = feeds::plan(config, &site.statements, &site.archive);
        crate::diag::timing("theme and plan", t);
        let t = std::time::Instant::now();
        let earlier = memo.map_or(&[][..], |m| m.sitemaps(config.key));
        let sitemaps = sitemap::sitemaps(&config.base_url, &sitemap_entries(site, &pages), earlier);
        crate::diag::timing("  sitemap files", t);
        let mut outputs: Vec<Output> =
            Vec::with_capacity(pages.len() + feed_plan.len() * 3 + search.len() + 8);
        // In order, on every core: 100,000 statements have 600,000 files.
        outputs.par_extend(pages.into_par_iter().map(|spec| Output {
            file: paths::output_file(&spec.site_path),
            make: Make::Page(spec),
        }));
        let beside: &[Beside] = if config.data {
            &Beside::ALL
        } else {
            &Beside::ALL[..3]
        };
        outputs.par_extend(site.statements.par_iter().enumerate().flat_map_iter(|(i, s)| {
            beside.iter().map(move |&what| Output {
                file: format!("{}{}", s.site_path, what.file_name()),
                make: Make::Beside(i, what),
            })
        }));
        if config.data {
            outputs.extend(
                crate::data::bulk_files(data)
                    .into_iter()
                    .enumerate()
                    .map(|(n, file)| Output {
                        file,
                        make: Make::Bulk(n),
                    }),
            );
        }
        for (n, spec) in feed_plan.iter().enumerate() {
            outputs.extend(config.feeds.formats.iter().map(|&format| Output {
                file: format!("{}{}", spec.dir, format.file_name()),
                make: Make::Feed(n, format),
            }));
        }
        outputs.extend(sitemaps.iter().map(|(file, (_, key, xml))| Output {
            file: file.clone(),
            make: Make::Made(*key, xml.clone()),
        }));
        // A robots.txt of the site's own (in static/) replaces pressroom's:
        // there is no template to override for it.
        if !theme.statics.contains_key("robots.txt") {
            outputs.push(Output {
                file: "robots.txt".into(),
                make: {
                    let robots = sitemap::robots(&config.base_url).into_bytes();
                    Make::Made(key::of_bytes(&robots), robots.into())
                },
            });
        }
        outputs.extend(theme.statics.iter().map(|(name, source)| Output {
            file: name.clone(),
            make: Make::Static(source.clone()),
        }));
        // Last: their names change with the index's words (see
        // [`OutputPlan::claims`]).
        outputs.extend(search.into_iter().map(|file| Output {
            file: file.path,
            make: Make::Search(file.key, file.bytes),
        }));
        crate::diag::timing("sitemaps", t);
        let entries = feeds::Entries::new(config, &site.statements, &site.bodies, &site.archive);
        let t = std::time::Instant::now();
        let claims = claims_keys(&outputs);
        crate::diag::timing("claims key", t);
        let reuse = memo.map(|m| m.reuse(site, renderer.globals(), claims.1));
        let t = std::time::Instant::now();
        let cards = context::cards(&data, |i| reuse.as_ref().and_then(|r| r.card(i)));
        if let Some(reuse) = &reuse {
            for i in 0..site.statements.len() {
                if let Some(key) = reuse.entry(i) {
                    entries.seed(i, key);
                }
            }
        }
        crate::diag::timing("cards", t);
        let t = std::time::Instant::now();
        let plan = OutputPlan {
            site,
            reuse,
            outputs,
            feeds: feed_plan,
            renderer,
            cards,
            entries,
            records: crate::data::Records::new(data),
            bulk: std::sync::OnceLock::new(),
            json: if config.data {
                (0..site.statements.len()).map(|_| Default::default()).collect()
            } else {
                Vec::new()
            },
            sink_has_memo: false,
            sitemaps: sitemaps.into_iter().map(|(_, made)| made).collect(),
            claims,
        };
        // The last good plan's claims passed: the same claims pass again.
        if memo.map(|m| m.claims().0) != Some(claims.0) {
            plan.check_claims()?;
        }
        crate::diag::timing("claims", t);
        Ok(plan)
    }

    /// The keys of the outputs' claims: `.0` of what their check looks
    /// at, `.1` of the list of outputs but the search index's files, which
    /// come last (the same key: the same files before them, in order).
    pub fn claims(&self) -> (Key, Key) {
        self.claims
    }

    /// Says that the sink this plan is executed into holds every output
    /// of the memo it was planned with, made with the key the memo
    /// records: `watch` and `serve`, whose record of the folder is the one
    /// the memo's rebuild committed. A page whose key the memo gives is
    /// then not looked up in the sink.
    pub fn trust_sink(&mut self) {
        self.sink_has_memo = true;
    }

    /// Every file the site has.
    pub fn files(&self) -> foldhash::HashSet<&str> {
        self.outputs.iter().map(|o| o.file.as_str()).collect()
    }

    /// Every file the site has, each once, in the plan's order.
    pub fn file_list(&self) -> Vec<&str> {
        self.outputs.par_iter().map(|o| o.file.as_str()).collect()
    }

    /// The files of the search index (the last outputs).
    pub fn search_files(&self) -> impl Iterator<Item = &str> {
        let from = self
            .outputs
            .partition_point(|o| !matches!(o.make, Make::Search(..)));
        self.outputs[from..].iter().map(|o| o.file.as_str())
    }

    /// Makes `output` — unless `have` says that a file of its key is
    /// there already, when only the key is worked out. Feeds are written
    /// from `entries` (of one format at a time, to bound memory), when
    /// given.
    pub fn make(
        &self,
        n: usize,
        output: &Output,
        entries: Option<&feeds::Entries>,
        have: impl Fn(Key) -> bool,
    ) -> Result<Made, Diagnostic> {
        let made = |key: Key, bytes: &dyn Fn() -> Result<Vec<u8>, Diagnostic>| {
            Ok(Made {
                key,
                bytes: if have(key) { None } else { Some(bytes()?) },
                reads: None,
            })
        };
        match &output.make {
            Make::Page(spec) => {
                if let Some(kept) = self.kept(n, &output.file, &have) {
                    return Ok(kept);
                }
                let inputs = context::Inputs::new(self.site.data(), &self.cards);
                let (ctx, reads) = context::page_reading(spec, &inputs);
                let key = self.renderer.key(spec, &ctx);
                let mut page = made(key, &|| self.renderer.render_context(spec, &ctx).map(|r| r.bytes))?;
                page.reads = Some(reads.into());
                Ok(page)
            }
            Make::Feed(n, format) => {
                let spec = &self.feeds[*n];
                let key = feeds::key(spec, *format, &self.entries);
                let entries = entries.unwrap_or(&self.entries);
                made(key, &|| Ok(feeds::render(spec, *format, entries).1))
            }
            Make::Made(key, bytes) => made(*key, &|| Ok(bytes.to_vec())),
            Make::Search(key, bytes) => made(*key, &|| {
                bytes.as_ref().map(|b| b.to_vec()).ok_or_else(|| {
                    Diagnostic::file(
                        &output.file,
                        "internal error: a file of the search index kept by its key was wanted",
                    )
                })
            }),
            Make::Static(source) => {
                let bytes = source.read()?;
                made(key::of_bytes(&bytes), &|| Ok(bytes.to_vec()))
            }
            Make::Bulk(n) => {
                // Made already by the executor (beside the pages), with
                // what the sink has; else made here with nothing assumed.
                let bulk = match self.bulk.get() {
                    Some(bulk) => bulk,
                    None => self.make_bulk(&|_, _| false, &|_, _| None, &|_, _, bytes| Some(bytes), None),
                };
                let (bytes, key, handed) = bulk.file(*n).unwrap_or((Some(&[]), key::of_bytes(&[]), false));
                if handed {
                    return Ok(Made {
                        key,
                        bytes: None,
                        reads: None,
                    });
                }
                made(key, &|| {
                    bytes.map(<[u8]>::to_vec).ok_or_else(|| {
                        Diagnostic::file(
                            &output.file,
                            "the build cache kept only the key of this file, and the output folder no longer has it",
                        )
                        .with_hint("build again with --no-cache")
                    })
                })
            }
            Make::Beside(i, what) => {
                // Like a page: the last rebuild's key holds while the
                // statements the file read are the same (and the structure).
                if let Some(kept) = self.kept(n, &output.file, &have) {
                    return Ok(kept);
                }
                // Made by the data's lines: its record comes from there
                // (see [`OutputPlan::json_record`]).
                if *what == Beside::Json && !self.claim_json(*i) {
                    return Ok(Made {
                        key: Key(0),
                        bytes: None,
                        reads: None,
                    });
                }
                let bytes = self.beside(*i, *what);
                let key = key::of_bytes(&bytes);
                Ok(Made {
                    key,
                    bytes: (!have(key)).then_some(bytes),
                    reads: Some(self.beside_reads(*i, *what)),
                })
            }
        }
    }

    /// The last rebuild's key of `file` (a page or a file beside one),
    /// when nothing it read changed and the sink has a file of that key
    /// (it is not asked when it holds what the memo records).
    fn kept(&self, n: usize, file: &str, have: impl Fn(Key) -> bool) -> Option<Made> {
        let (key, reads) = self.reuse.as_ref()?.page(n, file)?;
        (self.sink_has_memo || have(*key)).then(|| Made {
            key: *key,
            bytes: None,
            reads: Some(reads.clone()),
        })
    }

    /// Makes the archive's data files (once): the executor calls it while
    /// the pages are rendered, so that it overlaps their writing, and
    /// `hand`s each file to the sink as soon as it is made (a part's bytes
    /// are then not held until the end). A part the last build made is
    /// reused when nothing it read changed and its files are at hand: in
    /// memory, or (`have(file, key)`) in the sink.
    pub fn make_bulk(
        &self,
        have: &(dyn Fn(&str, Key) -> bool + Sync),
        read: &(dyn Fn(&str, Key) -> Option<Vec<u8>> + Sync),
        hand: &crate::data::Hand,
        json: Option<&(dyn Fn(usize, Key, Vec<u8>) + Sync)>,
    ) -> &crate::data::Bulk {
        self.bulk.get_or_init(|| {
            let t = std::time::Instant::now();
            let reuse = |year| {
                let part = self.reuse.as_ref()?.bulk_part(year)?;
                part.files
                    .iter()
                    .all(|f| f.bytes.is_some() || have(&f.path, f.key))
                    .then_some(part)
            };
            // A part made again copies the chunks whose statements are
            // the same from the last build's files, in memory or (`read`)
            // in the sink.
            let last = |year| self.reuse.as_ref()?.bulk_earlier(year);
            let earlier = |part: Arc<crate::data::BulkPart>| {
                let files = part
                    .files
                    .iter()
                    .map(|f| f.bytes.clone().or_else(|| read(&f.path, f.key)))
                    .collect::<Option<Vec<_>>>()?;
                Some(crate::data::Earlier { part, files })
            };
            let same = |i: usize| self.reuse.as_ref().is_some_and(|r| r.same(i));
            // With `json`, the lines make the index.json of each
            // statement they read that the pages loop did not claim yet.
            let beside = crate::data::Beside {
                claim: &|i| json.is_some() && self.claim_json(i),
                made: &|i, bytes| {
                    let key = key::of_bytes(&bytes);
                    if let Some(json) = json {
                        json(i, key, bytes);
                    }
                    if let Some((_, made)) = self.json.get(i) {
                        let _ = made.set((key, self.beside_reads(i, Beside::Json)));
                    }
                },
            };
            let files = crate::data::bulk(self.site.data(), &reuse, &last, &earlier, &same, hand, &beside);
            let stage = format!("data ({} of {} parts kept)", files.kept, files.parts.len());
            crate::diag::timing(&stage, t);
            files
        })
    }

    /// Claims statement `i`'s `index.json` for the caller: true for the
    /// first to ask in an execution, which makes it.
    fn claim_json(&self, i: usize) -> bool {
        self.json
            .get(i)
            .is_some_and(|(claimed, _)| !claimed.swap(true, std::sync::atomic::Ordering::Relaxed))
    }

    /// The key and reads of statement `i`'s `index.json` when the data's
    /// lines made it (the pages loop then gave no record for it).
    pub fn json_record(&self, i: usize) -> Option<&PageRecordOf> {
        self.json.get(i)?.1.get()
    }

    /// The output file of what is beside statement `i`'s page.
    pub fn beside_file(&self, i: usize, what: Beside) -> String {
        format!("{}{}", self.site.statements[i].site_path, what.file_name())
    }

    /// The statements a file beside statement `i`'s page is made from
    /// (besides the site's structure and configuration): `i`, and for its
    /// data the statements it names by id.
    fn beside_reads(&self, i: usize, what: Beside) -> std::sync::Arc<[u32]> {
        let mut reads = vec![i as u32];
        if what == Beside::Json {
            let links = &self.site.links;
            reads.extend(
                links.backlinks[i]
                    .iter()
                    .chain(&links.related[i])
                    .map(|&j| j as u32),
            );
            reads.extend(self.records.references(i).map(|j| j as u32));
        }
        reads.sort_unstable();
        reads.dedup();
        reads.into()
    }

    /// The bytes of a file beside statement `i`'s page.
    fn beside(&self, i: usize, what: Beside) -> Vec<u8> {
        let site = self.site;
        let citation = || crate::cite::Citation::new(&site.statements[i], &site.config, &site.people);
        match what {
            Beside::Bib => crate::cite::bibtex(&citation()).into_bytes(),
            Beside::Ris => crate::cite::ris(&citation()).into_bytes(),
            Beside::Csl => crate::cite::csl_json_bytes(&citation()),
            Beside::Json => crate::data::statement_json(&self.records, i),
        }
    }

    /// The data pages are rendered from.
    pub fn data(&self) -> SiteData<'_> {
        self.site.data()
    }

    /// What the next rebuild may reuse of this one: `pages` are the
    /// records the executor gathered.
    pub fn into_memo(self, pages: super::memo::PageRecords) -> Memo {
        let bulk = self.bulk.into_inner().map(|b| b.parts).unwrap_or_default();
        let search_from = self
            .outputs
            .partition_point(|o| !matches!(o.make, Make::Search(..)));
        let files = self.outputs.into_iter().map(|o| o.file).collect();
        Memo::new(
            self.site,
            self.renderer.globals(),
            self.cards,
            self.entries.keys(),
            super::memo::Outputs {
                files,
                search_from,
                pages,
                bulk,
                sitemaps: self.sitemaps,
                claims: self.claims,
            },
        )
    }

    /// What an output is, in words that finish "… is {what}".
    fn describe(&self, output: &Output) -> String {
        match &output.make {
            Make::Page(spec) => match describe_page(spec, &self.site.archive) {
                Some(what) => format!("{what}, which pressroom generates"),
                None => match spec.kind {
                    PageKind::Statement(i) | PageKind::Alias(i) => {
                        format!("a page of {}", self.site.statements[i].rel)
                    }
                    _ => "a page".into(),
                },
            },
            Make::Feed(n, format) => {
                let spec = &self.feeds[*n];
                let name = match format {
                    FeedFormat::Atom => "Atom",
                    FeedFormat::Rss => "RSS",
                    FeedFormat::Json => "JSON",
                };
                let of = if spec.dir.is_empty() {
                    format!("the site's {name} feed")
                } else {
                    format!("the {name} feed of /{}", spec.dir)
                };
                format!("{of}, which pressroom generates")
            }
            Make::Made(..) if output.file == "robots.txt" => "robots.txt, which pressroom generates".into(),
            Make::Made(..) if output.file.starts_with("sitemap") => {
                "the sitemap, which pressroom generates".into()
            }
            Make::Bulk(_) => format!("a file of the archive's data ({})", output.file),
            Make::Made(..) | Make::Search(..) => format!("a file of the search index ({})", output.file),
            Make::Beside(i, what) => format!(
                "{} of {}, which pressroom writes beside its page",
                what.what(),
                self.site.statements[*i].rel
            ),
            Make::Static(source) => {
                let from = match source {
                    Source::Embedded(_) => format!("static/{} of the built-in default theme", output.file),
                    Source::Disk(path) => paths::rel_path(&self.site.config.root, path),
                };
                format!("a file the theme's static/ folder writes ({from})")
            }
        }
    }

    /// The paths the site writes besides statement pages and aliases, with
    /// what each is: no statement URL or alias may take one. Generated
    /// files first, then static files (the first claim is the one named).
    pub fn reserved(&self) -> [Reserved; 2] {
        let mut generated = Reserved::default();
        let mut statics = Reserved::default();
        for output in &self.outputs {
            match &output.make {
                Make::Page(spec) if matches!(spec.kind, PageKind::Statement(_) | PageKind::Alias(_)) => {}
                // The search index is reserved as a whole folder, below.
                Make::Search(..) => {}
                // So is the data folder (its files depend on the archive's size).
                Make::Bulk(_) => {}
                Make::Static(_) => statics.file(output.file.clone(), self.describe(output)),
                _ => generated.file(output.file.clone(), self.describe(output)),
            }
        }
        let most = sitemap::MAX_URLS;
        generated.sitemap_parts(format!(
            "where pressroom writes a part of the sitemap when the site has more than {},{:03} URLs (sitemap-1.xml, sitemap-2.xml, …)",
            most / 1000,
            most % 1000
        ));
        if self.site.config.data {
            generated.folder(
                crate::data::DIR,
                "the folder of the archive's data (statements.jsonl, statements.csv, datapackage.json)",
            );
        }
        if self.site.config.search {
            generated.folder(
                crate::search::DIR,
                "the folder of the search page and its index files (index.json, d/, w/, docs/, facets/, dates.json)",
            );
        }
        [generated, statics]
    }

    /// No two outputs may claim one path, nor one output a folder where
    /// another is a file. Statements and aliases are checked against the
    /// rest by [`crate::content::check_reserved_paths`], at their lines;
    /// here, everything else.
    fn check_claims(&self) -> Result<(), Diagnostics> {
        let is_statement = |o: &Output| matches!(&o.make, Make::Page(spec) if matches!(spec.kind, PageKind::Statement(_) | PageKind::Alias(_)));
        let mut by_file: foldhash::HashMap<&str, &Output> =
            foldhash::HashMap::with_capacity_and_hasher(self.outputs.len(), Default::default());
        let mut diags = Diagnostics::default();
        let mut clash = |a: &Output, b: &Output, file: &str| {
            // Named at the static file, when one of the two is.
            let (first, second) = if matches!(a.make, Make::Static(_)) {
                (b, a)
            } else {
                (a, b)
            };
            let message = format!(
                "two outputs claim /{file}: {} and {}",
                self.describe(first),
                self.describe(second)
            );
            let at = match &second.make {
                Make::Static(Source::Disk(path)) => Diagnostic::file(path, message),
                _ => Diagnostic::file(format!("/{file}"), message),
            };
            diags.push(
                at.with_hint("rename or remove the file in static/; to change a generated page, override its template in templates/ (such as templates/404.html)"),
            );
        };
        for output in self.outputs.iter().filter(|o| !is_statement(o)) {
            if let Some(earlier) = by_file.insert(&output.file, output) {
                clash(earlier, output, &output.file);
            }
        }
        for output in self.outputs.iter().filter(|o| !is_statement(o)) {
            for (i, _) in output.file.match_indices('/') {
                if let Some(file) = by_file.get(&output.file[..i]) {
                    clash(file, output, &output.file[..i]);
                }
            }
        }
        let [generated, statics] = self.reserved();
        diags.extend(crate::content::check_reserved_paths(&self.site.statements, &[&generated, &statics]).0);
        diags.into_result(())
    }
}

/// The keys of an output list's claims (see [`OutputPlan::claims`]).
/// What [`OutputPlan::check_claims`] looks at is each output's path, in
/// order, and whether it is a statement's page (or alias), a static file
/// or another output; its messages name more, but whether it passes
/// depends on nothing else. The search index's files need not be in it
/// while no output but the search page is in the index's folder: they are
/// named by the index (no two alike), and the folder is reserved whole.
fn claims_keys(outputs: &[Output]) -> (Key, Key) {
    let class = |o: &Output| match &o.make {
        Make::Page(spec) if matches!(spec.kind, PageKind::Statement(_) | PageKind::Alias(_)) => 0u8,
        Make::Static(_) => 1,
        _ => 2,
    };
    let is_search = |o: &Output| matches!(o.make, Make::Search(..));
    let list = key::of_parts(
        outputs
            .iter()
            .filter(|o| !is_search(o))
            .map(|o| (o.file.as_bytes(), class(o))),
    );
    let alone = !outputs.iter().any(|o| {
        !is_search(o)
            && o.file.starts_with(crate::search::DIR)
            && !matches!(&o.make, Make::Page(spec) if matches!(spec.kind, PageKind::Search))
    });
    if alone {
        return (list, list);
    }
    let index = key::of_parts(
        outputs
            .iter()
            .filter(|o| is_search(o))
            .map(|o| (o.file.as_bytes(), 0)),
    );
    (key::of(&(list, index)), list)
}

/// What a generated page is, in words (`None` for statements and aliases).
fn describe_page(spec: &PageSpec, archive: &crate::archive::Archive) -> Option<String> {
    let what = match &spec.kind {
        PageKind::Statement(_) | PageKind::Alias(_) => return None,
        PageKind::Home => "the home page".to_string(),
        PageKind::NotFound => "the \"page not found\" page".to_string(),
        PageKind::Search => "the search page".to_string(),
        PageKind::List => "the list of all statements".to_string(),
        PageKind::Year(..) | PageKind::Month(..) | PageKind::Day(..) => {
            format!("the date archive /{}", spec.first_path)
        }
        PageKind::TaxonomyIndex(t) => format!("the list of all {}", archive.taxonomies[*t].taxonomy.name()),
        PageKind::Term(t, i) => {
            let index = &archive.taxonomies[*t];
            format!(
                "the page of the {} \"{}\"",
                index.taxonomy.singular().to_lowercase(),
                index.terms[*i].name
            )
        }
    };
    Some(if spec.page > 1 {
        format!("page {} of {what}", spec.page)
    } else {
        what
    })
}

/// The sitemap's entries: every page of the plan but the 404 page, the
/// search page and redirects, with when it last changed.
fn sitemap_entries<'p>(site: &Site, plan: &'p [PageSpec]) -> Vec<sitemap::Entry<'p>> {
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
                site_path: &spec.site_path,
                lastmod,
            })
        })
        .collect()
}
