//! Incremental rendering: a loaded site and what the last render saw in;
//! only the outputs whose inputs changed, out.
//!
//! Every page is a pure function of its context, so each output gets a key
//! — a hash of exactly the data its context is built from: the site-wide
//! `site` value, the templates and config, and for each page the
//! statements it shows (their card hashes, or for a statement page the
//! statement, its body and the cards of its neighbours, backlinks and
//! related statements). A page is rendered again only when its key
//! changed; everything else on disk is already what a full build would
//! write. Sitemaps, robots.txt, the search index and static files are
//! always produced (they are cheap) and written only if their bytes
//! changed.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::{Site, prepare};
use crate::archive::{PageKind, PageSpec};
use crate::diag::{Diagnostic, Diagnostics};
use crate::feeds;
use crate::model::{Body, Statement};
use crate::paths;
use crate::render::{self, Renderer};
use crate::search;
use crate::sitemap;
use crate::theme::ThemeFiles;

/// Per statement: the objects last seen, with their card and keys.
struct Seen {
    statement: Arc<Statement>,
    body: Arc<Body>,
    card: Value,
    card_hash: u64,
    content_hash: u64,
}

/// Rendered outputs: (file, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// A rendered output with its key: (file, bytes, key).
type Keyed = (String, Vec<u8>, u64);

/// What the last successful render saw.
#[derive(Default)]
pub struct RenderState {
    seen: HashMap<String, Seen>,
    keys: HashMap<String, u64>,
    /// Config and people when `seen` was made: cards hold URLs derived
    /// from them, so a change to either makes every card new.
    card_context: u64,
    /// The search index of the last render, to patch.
    search: Option<search::Index>,
}

/// The outputs of one incremental render.
pub struct Delta {
    /// Files rendered this time (path under the output folder, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Every file the site has now.
    pub outputs: HashSet<String>,
    /// Keys of the rendered pages and feeds, to keep once written.
    keys: Vec<(String, u64)>,
    seen: HashMap<String, Seen>,
    card_context: u64,
    search: Option<search::Index>,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Everything a statement's own page and feed entries show of it.
fn content_hash(s: &Statement, b: &Body) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{s:?}").hash(&mut h);
    b.html.hash(&mut h);
    b.feed_html.hash(&mut h);
    b.summary.hash(&mut h);
    b.heading_ids.hash(&mut h);
    b.words.hash(&mut h);
    h.finish()
}

impl RenderState {
    /// Nothing rendered yet.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Forgets the keys of these files, which were written by another
    /// path (the body-edit fast path): they are rendered again next time.
    pub fn forget<'a>(&mut self, files: impl IntoIterator<Item = &'a str>) {
        for file in files {
            self.keys.remove(file);
        }
    }

    /// Keeps what `delta` rendered, once its files are written.
    pub fn commit(&mut self, delta: Delta) {
        self.keys.retain(|file, _| delta.outputs.contains(file));
        self.keys.extend(delta.keys);
        self.seen = delta.seen;
        self.card_context = delta.card_context;
        self.search = delta.search;
    }
}

/// Renders the outputs of `site` whose keys differ from `state`'s.
/// The search index is taken out of `state` (and put back by
/// [`RenderState::commit`]).
pub fn render_delta(site: &Site, state: &mut RenderState) -> Result<Delta, Diagnostics> {
    delta(site, state, true)
}

/// What [`render_delta`] would render into an empty `state`, without
/// rendering anything: the keys of every output, for a first build that
/// renders and writes the site as `pressroom build` does, streaming (see
/// `watch::DevBuild`). The delta's files are the search index's alone,
/// for that build to write.
pub fn prime(site: &Site, state: &mut RenderState) -> Result<Delta, Diagnostics> {
    delta(site, state, false)
}

fn delta(site: &Site, state: &mut RenderState, render: bool) -> Result<Delta, Diagnostics> {
    let t = std::time::Instant::now();
    let card_context = hash_of((format!("{:?}", site.config), format!("{:?}", site.people.list)));
    let reuse = card_context == state.card_context;
    let (search, search_files) = if site.config.search {
        let (index, files) = search_delta(site, state, reuse);
        (Some(index), files)
    } else {
        (None, Vec::new())
    };
    let search_names = search.as_ref().map(search::Index::names).unwrap_or_default();
    crate::diag::timing("search index", t);
    let t = std::time::Instant::now();
    let mut p = prepare(site, &search_names)?;
    let data = site.data();
    let formats = &site.config.feeds.formats;
    crate::diag::timing("plan and outputs", t);
    let t = std::time::Instant::now();

    // Cards and hashes: reused for every statement whose objects are the
    // ones seen last time (the loader reuses unchanged ones).
    let seen: Vec<Seen> = site
        .statements
        .par_iter()
        .zip(&site.bodies)
        .enumerate()
        .map(|(i, (s, b))| match state.seen.get(&s.rel) {
            Some(old) if reuse && Arc::ptr_eq(&old.statement, s) && Arc::ptr_eq(&old.body, b) => Seen {
                statement: s.clone(),
                body: b.clone(),
                card: old.card.clone(),
                card_hash: old.card_hash,
                content_hash: old.content_hash,
            },
            _ => {
                let (card, card_hash) = render::context::card_with_hash(i, &data);
                Seen {
                    statement: s.clone(),
                    body: b.clone(),
                    card,
                    card_hash,
                    content_hash: content_hash(s, b),
                }
            }
        })
        .collect();
    let cards: Vec<Value> = seen.iter().map(|s| s.card.clone()).collect();
    let card_hashes: Vec<u64> = seen.iter().map(|s| s.card_hash).collect();
    let (site_value, site_hash) = render::context::site_with_hash(&data);
    p.renderer.set_site(site_value);
    // Everything every page can see: config, people, templates, `site`.
    let global = hash_of((card_context, p.renderer.fingerprint, site_hash));

    crate::diag::timing("cards and hashes", t);
    let t = std::time::Instant::now();
    let keyed: Vec<(&PageSpec, String, u64)> = p
        .plan
        .par_iter()
        .map(|spec| {
            let file = paths::output_file(&spec.site_path);
            let key = page_key(spec, site, &card_hashes, &seen, global);
            (spec, file, key)
        })
        .collect();
    let pages: Vec<Result<Keyed, Diagnostic>> = keyed
        .into_par_iter()
        .filter(|(_, file, key)| state.keys.get(file) != Some(key))
        .map(|(spec, file, key)| {
            if !render {
                return Ok((file, Vec::new(), key));
            }
            p.renderer
                .render(spec, &data, &cards)
                .map(|r| (file, r.bytes, key))
        })
        .collect();
    let entries = feeds::Entries::new(&site.config, &site.statements, &site.bodies, &site.archive);
    let feeds: Vec<Keyed> = p
        .feed_plan
        .par_iter()
        .flat_map_iter(|spec| formats.iter().map(move |&f| (spec, f)))
        .filter_map(|(spec, format)| {
            let file = format!("{}{}", spec.dir, format.file_name());
            let key = hash_of((
                global,
                &file,
                &spec.title,
                spec.items
                    .iter()
                    .map(|&i| (seen[i].card_hash, seen[i].content_hash))
                    .collect::<Vec<_>>(),
            ));
            if state.keys.get(&file) == Some(&key) {
                return None;
            }
            if !render {
                return Some((file, Vec::new(), key));
            }
            let (file, bytes) = feeds::render(spec, format, &entries);
            Some((file, bytes, key))
        })
        .collect();

    crate::diag::timing("keys and rendering", t);
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    let mut keys = Vec::new();
    for r in pages {
        match r {
            Ok((file, bytes, key)) => {
                keys.push((file.clone(), key));
                files.push((file, bytes));
            }
            Err(d) => diags.push(d),
        }
    }
    for (file, bytes, key) in feeds {
        keys.push((file.clone(), key));
        files.push((file, bytes));
    }
    for (name, xml) in p.sitemaps {
        files.push((name, xml.into_bytes()));
    }
    // Without rendering, the delta keeps only the search index's files.
    let search_files = if render {
        files.extend(search_files);
        Vec::new()
    } else {
        search_files
    };
    files.push((
        "robots.txt".into(),
        sitemap::robots(&site.config.base_url).into_bytes(),
    ));
    // Static files last: a file in static/ wins over a generated one.
    for (name, source) in &p.theme.statics {
        match source.read() {
            Ok(bytes) => {
                files.retain(|(f, _)| f != name);
                keys.retain(|(f, _)| f != name);
                files.push((name.clone(), bytes.into_owned()));
            }
            Err(d) => diags.push(d),
        }
    }
    if !render {
        files = search_files;
    }
    let seen = seen.into_iter().map(|s| (s.statement.rel.clone(), s)).collect();
    diags.into_result(Delta {
        files,
        outputs: p.outputs,
        keys,
        seen,
        card_context,
        search,
    })
}

/// The search index of `site` and the files of it that may have changed:
/// the last one patched when the statements are the same ones in the same
/// order, else a new one.
fn search_delta(site: &Site, state: &mut RenderState, reuse: bool) -> (search::Index, Files) {
    let (statements, bodies) = (&site.statements, &site.bodies);
    if let Some(mut index) = state.search.take()
        && reuse
        && let Some(files) = index.patch(statements, bodies)
    {
        return (index, files);
    }
    let index = search::Index::new(statements, bodies);
    let files = index.files(statements, bodies);
    (index, files)
}

/// The key of one page: a hash of the data its context is built from.
fn page_key(spec: &PageSpec, site: &Site, cards: &[u64], seen: &[Seen], global: u64) -> u64 {
    let per_page = site.config.per_page;
    let listed = |items: &[usize]| -> Vec<u64> {
        items[spec.range(per_page, items.len())]
            .iter()
            .map(|&i| cards[i])
            .collect()
    };
    let archive = &site.archive;
    let links = &site.links;
    let base = (global, &spec.site_path, spec.page, spec.total_pages);
    match &spec.kind {
        PageKind::Home => hash_of((base, &cards[..per_page.min(cards.len())])),
        PageKind::NotFound => hash_of(base),
        PageKind::Search => hash_of((base, cards.len())),
        PageKind::Alias(i) => hash_of((base, cards[*i], &site.statements[*i].site_path)),
        PageKind::Statement(i) => {
            let i = *i;
            let card = |j: Option<usize>| j.map(|j| cards[j]);
            hash_of((
                base,
                seen[i].content_hash,
                cards[i],
                card(i.checked_sub(1)),
                card(Some(i + 1).filter(|&j| j < cards.len())),
                card(links.previous_by_speaker[i]),
                card(links.next_by_speaker[i]),
                links.backlinks[i].iter().map(|&j| cards[j]).collect::<Vec<_>>(),
                links.related[i].iter().map(|&j| cards[j]).collect::<Vec<_>>(),
            ))
        }
        PageKind::List => hash_of((base, cards.len(), &cards[spec.range(per_page, cards.len())])),
        PageKind::Year(y) => {
            let months: Vec<(Option<u32>, usize)> = archive.months[*y]
                .iter()
                .map(|m| (m.month, m.statements.len()))
                .collect();
            hash_of((
                base,
                archive.years[*y].statements.len(),
                listed(&archive.years[*y].statements),
                months,
            ))
        }
        PageKind::Month(y, m) => {
            let month = &archive.months[*y][*m];
            let days: Vec<(Option<u32>, usize)> = archive.days[*y][*m]
                .iter()
                .map(|d| (d.day, d.statements.len()))
                .collect();
            hash_of((
                base,
                month.statements.len(),
                listed(&month.statements),
                days,
                archive.years[*y].statements.len(),
            ))
        }
        PageKind::Day(y, m, d) => {
            let day = &archive.days[*y][*m][*d];
            hash_of((
                base,
                day.statements.len(),
                listed(&day.statements),
                archive.months[*y][*m].statements.len(),
            ))
        }
        PageKind::TaxonomyIndex(t) => {
            let index = &archive.taxonomies[*t];
            let terms: Vec<(&str, &str, usize, Option<i64>)> = index
                .terms
                .iter()
                .map(|term| {
                    let latest = term
                        .statements
                        .first()
                        .map(|&i| site.statements[i].date.timestamp());
                    (
                        term.name.as_str(),
                        term.slug.as_str(),
                        term.statements.len(),
                        latest,
                    )
                })
                .collect();
            hash_of((base, terms))
        }
        PageKind::Term(t, i) => {
            let term = &archive.taxonomies[*t].terms[*i];
            hash_of((
                base,
                &term.name,
                &term.slug,
                term.person,
                term.statements.len(),
                listed(&term.statements),
            ))
        }
    }
}

/// Renders what an edit of only these statements' bodies changes (see
/// `LoadCache::try_body_edit`): their pages and the feeds that carry
/// their text. `None` when the state of the last render is not at hand
/// (then the full incremental path runs).
pub fn render_body_edit(
    site: &Site,
    indexes: &[usize],
    state: &RenderState,
) -> Option<Result<Files, Diagnostics>> {
    let card_context = hash_of((format!("{:?}", site.config), format!("{:?}", site.people.list)));
    if card_context != state.card_context {
        return None;
    }
    // A statement page shows the cards of its neighbours, backlinks and
    // related statements only: fill in those.
    let mut cards = vec![Value::none(); site.statements.len()];
    let links = &site.links;
    for &i in indexes {
        let near = [
            i.checked_sub(1),
            Some(i + 1),
            Some(i),
            links.previous_by_speaker[i],
            links.next_by_speaker[i],
        ];
        let wanted = near
            .into_iter()
            .flatten()
            .chain(links.backlinks[i].iter().copied())
            .chain(links.related[i].iter().copied());
        let n = cards.len();
        for j in wanted.filter(|&j| j < n) {
            cards[j] = state.seen.get(&site.statements[j].rel)?.card.clone();
        }
    }
    Some(render_statements(site, indexes, &cards))
}

fn render_statements(
    site: &Site,
    indexes: &[usize],
    cards: &[Value],
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let theme = Arc::new(ThemeFiles::load(&site.config)?);
    let mut renderer = Renderer::new(&site.config, theme)?;
    let data = site.data();
    renderer.set_site(render::context::site(&data));
    let mut files = Vec::new();
    let mut specs: Vec<feeds::FeedSpec> = Vec::new();
    for &i in indexes {
        let s = &site.statements[i];
        let spec = PageSpec {
            kind: PageKind::Statement(i),
            site_path: s.site_path.clone(),
            page: 1,
            total_pages: 1,
            first_path: s.site_path.clone(),
        };
        let page = renderer.render(&spec, &data, cards)?;
        files.push((page.file, page.bytes));
        specs.extend(feeds::plan_for(&site.config, &site.statements, &site.archive, i));
    }
    specs.sort_by(|a, b| a.dir.cmp(&b.dir));
    specs.dedup_by(|a, b| a.dir == b.dir);
    let entries = feeds::Entries::new(&site.config, &site.statements, &site.bodies, &site.archive);
    let formats = &site.config.feeds.formats;
    let rendered: Vec<(String, Vec<u8>)> = specs
        .par_iter()
        .flat_map_iter(|spec| formats.iter().map(move |&f| (spec, f)))
        .map(|(spec, format)| feeds::render(spec, format, &entries))
        .collect();
    files.extend(rendered);
    Ok(files)
}
