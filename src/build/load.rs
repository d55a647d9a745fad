//! Loading with a cache: the archive's files in, a validated [`Site`] out,
//! re-reading and re-rendering only what changed since the last load.
//!
//! The cache keeps, per statement file, its parse result and heading ids,
//! and per statement the rendered body with the link targets it was
//! rendered against. A body is reused only when its statement was not
//! re-read and every `@/` target it links to still has the same URL and
//! headings; a changed site.toml empties the cache. So a load with the
//! cache gives exactly what a load without it gives.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{BuildOptions, Site, load_config};
use crate::archive::Archive;
use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::key::Key;
use crate::links;
use crate::markdown::{self, LinkTargets};
use crate::model::{Body, People, Person, Statement};
use crate::paths::{self, is_ignored_name};

/// One statement file as last read.
pub(super) struct Parsed {
    pub(super) rel: String,
    pub(super) result: Result<Arc<Statement>, Vec<Diagnostic>>,
    pub(super) heading_ids: Vec<String>,
    /// [`target_key`] of the statement, when it parsed.
    pub(super) target_key: u64,
    /// The key of the file's text.
    pub(super) text_key: Key,
    /// The file's size and modification time (nanoseconds) when it was
    /// read.
    pub(super) stamp: (u64, u128),
    /// False when the statement came from the build cache without its
    /// Markdown (see [`super::state`]): its body cannot be rendered again
    /// without reading the file.
    pub(super) markdown: bool,
    /// Restored from the build cache and not read since.
    pub(super) from_cache: bool,
}

/// A body and what it was rendered against.
pub(super) struct CachedBody {
    pub(super) statement: Arc<Statement>,
    /// (target content path, key of its URL and headings) per `@/` target;
    /// `None` for a target that did not load (then the body is rendered
    /// again once it does).
    pub(super) deps: Vec<(String, Option<u64>)>,
    pub(super) body: Arc<Body>,
    /// The key of the statement's file and of what the body was rendered
    /// against: what the statement and its body are made from.
    pub(super) version: Key,
}

/// What a load remembers for the next one.
#[derive(Default)]
pub struct LoadCache {
    /// site.toml (with the command line's overrides) as last loaded.
    config_key: Option<crate::key::Key>,
    people: Option<Vec<Person>>,
    people_errors: Vec<Diagnostic>,
    /// What could not be read when content/ was last walked.
    discover_errors: Vec<Diagnostic>,
    pub(super) files: BTreeMap<PathBuf, Parsed>,
    /// Whether `files` mirrors content/ (false until a full scan).
    scanned: bool,
    /// By content path (`2017/x.md`).
    pub(super) bodies: HashMap<String, CachedBody>,
    structure: Option<Structure>,
    /// `files` came from the build cache: a full scan reads again only the
    /// files whose size or modification time differ from their stamps.
    pub(super) restored: bool,
    /// Files as the build cache's check stated them, if it did.
    stamps: Option<HashMap<PathBuf, (u64, u128)>>,
    /// The statement files the build cache's check found, if it could
    /// walk content/ without an error: not walked again.
    listed: Option<Vec<PathBuf>>,
    /// The hash of the statements' paths ([`url_claims`]) the last time
    /// no two of them were one: the same paths pass again.
    pub(super) unique_urls: Option<u64>,
    /// When restored from the build cache: how many files it held, and
    /// the key of its structure.
    pub(super) restored_as: Option<(usize, Option<u64>)>,
}

impl LoadCache {
    /// A cache of `files` and `bodies` as the build cache kept them, for
    /// the configuration of key `config_key`.
    pub(super) fn restored(
        config_key: Key,
        files: BTreeMap<PathBuf, Parsed>,
        bodies: HashMap<String, CachedBody>,
        structure: Option<Structure>,
    ) -> LoadCache {
        LoadCache {
            config_key: Some(config_key),
            restored_as: Some((files.len(), structure.as_ref().map(|s| s.key))),
            files,
            bodies,
            structure,
            restored: true,
            ..LoadCache::default()
        }
    }

    /// The archive and cross-links of the last load, with their key.
    pub(super) fn structure(&self) -> Option<&Structure> {
        self.structure.as_ref()
    }

    /// The size and modification time of input files as the build cache's
    /// check stated them just before: the loader need not state them again.
    pub(super) fn use_stamps(&mut self, stated: super::cache::Stated) {
        self.listed = stated.statements();
        self.stamps = Some(stated.stamps);
    }

    /// Drops the statements' Markdown, which only a body rendered again
    /// needs: such a statement is then read again from its file.
    pub fn drop_markdown(&mut self) {
        for parsed in self.files.values_mut() {
            let Ok(s) = &parsed.result else { continue };
            let without = Arc::new(Statement {
                body: String::new(),
                ..Statement::clone(s)
            });
            if let Some(cached) = self.bodies.get_mut(&parsed.rel)
                && Arc::ptr_eq(&cached.statement, s)
            {
                cached.statement = without.clone();
            }
            parsed.result = Ok(without);
            parsed.markdown = false;
        }
    }

    /// The configuration the cache holds files for.
    pub(super) fn config_key(&self) -> Option<Key> {
        self.config_key
    }
}

/// The indexes computed from the archive's structure, with its key.
pub(super) struct Structure {
    pub(super) key: u64,
    pub(super) archive: Arc<Archive>,
    pub(super) links: Arc<crate::links::LinkGraph>,
}

fn target_key(s: &Statement, heading_ids: &[String]) -> u64 {
    crate::key::of(&(&s.site_path, heading_ids)).0 as u64
}

impl LoadCache {
    /// Brings the cache up to date: everything when `changed` is `None`,
    /// else the files in `changed`.
    fn refresh(&mut self, config: &crate::config::Config, changed: Option<&BTreeSet<PathBuf>>) {
        let t0 = std::time::Instant::now();
        let key = config.key;
        if self.config_key != Some(key) {
            *self = LoadCache {
                config_key: Some(key),
                ..LoadCache::default()
            };
        }
        let content_dir = config.content_dir();
        let people_dir = content_dir.join("people");
        let in_people = |p: &Path| p.starts_with(&people_dir) || p.starts_with(absolute(&people_dir));
        let reload_people = match changed {
            None => true,
            Some(set) => self.people.is_none() || set.iter().any(|p| in_people(p)),
        };
        if reload_people {
            match content::people::load_all(&people_dir) {
                Ok(p) => {
                    self.people = Some(p);
                    self.people_errors.clear();
                }
                Err(d) => {
                    self.people = Some(Vec::new());
                    self.people_errors = d.0;
                }
            }
        }
        let mut removed = false;
        let rescan = match changed {
            None => true,
            Some(set) => !self.scanned || set.iter().any(|p| self.needs_rescan(&content_dir, p)),
        };
        let paths: Vec<PathBuf> = if rescan {
            let (found, problems) = match self.listed.take() {
                Some(listed) if changed.is_none() => (listed, Vec::new()),
                _ => content::discover(&content_dir),
            };
            self.discover_errors = problems;
            // Most often the files found are those the cache holds, in its
            // order: nothing to drop, and no set of them is made.
            let same = self.files.len() == found.len() && self.files.keys().zip(&found).all(|(a, b)| a == b);
            if !same {
                let found_set: HashSet<&PathBuf> = found.iter().collect();
                let before = self.files.len();
                self.files.retain(|p, _| found_set.contains(p));
                removed |= self.files.len() < before;
            }
            self.scanned = true;
            if changed.is_none() && self.restored {
                // Unchanged files keep what the build cache holds: the
                // found files (in the map's order) and the map are walked
                // side by side.
                let (files, stamps) = (&self.files, self.stamps.take());
                let mut kept = files.iter().peekable();
                let paired: Vec<(PathBuf, Option<&Parsed>)> = found
                    .into_iter()
                    .map(|p| {
                        while kept.next_if(|(k, _)| k.as_path() < p.as_path()).is_some() {}
                        let parsed = kept.next_if(|(k, _)| **k == p).map(|(_, parsed)| parsed);
                        (p, parsed)
                    })
                    .collect();
                paired
                    .into_par_iter()
                    .filter(|(p, parsed)| {
                        parsed.is_none_or(|parsed| {
                            let now = match stamps.as_ref().and_then(|s| s.get(p)) {
                                Some(&known) => Some(known),
                                None => std::fs::metadata(p).ok().map(|m| stamp(&m)),
                            };
                            now != Some(parsed.stamp)
                        })
                    })
                    .map(|(p, _)| p)
                    .collect()
            } else if changed.is_none() {
                found
            } else {
                // Re-read what changed, and what the cache has not seen.
                let set = changed
                    .map(|s| s.iter().map(|p| absolute(p)).collect::<HashSet<_>>())
                    .unwrap_or_default();
                found
                    .into_iter()
                    .filter(|p| !self.files.contains_key(p) || set.contains(&absolute(p)))
                    .collect()
            }
        } else {
            let mut list = Vec::new();
            for p in changed.into_iter().flatten() {
                let is_statement = p.extension().is_some_and(|x| x == "md")
                    && p.starts_with(absolute(&content_dir))
                    && !p.strip_prefix(absolute(&content_dir)).is_ok_and(|r| {
                        r.components()
                            .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
                    });
                if !is_statement {
                    continue;
                }
                // The cache is keyed by the paths discovery gives.
                let key = content_dir.join(p.strip_prefix(absolute(&content_dir)).unwrap_or(p));
                if p.is_file() {
                    list.push(key);
                } else {
                    removed |= self.files.remove(&key).is_some();
                }
            }
            list
        };
        crate::diag::timing("  find changed files", t0);
        self.read(config, paths);
        if removed {
            let live: HashSet<&str> = self.files.values().map(|p| p.rel.as_str()).collect();
            self.bodies.retain(|rel, _| live.contains(rel.as_str()));
        }
    }
}

impl LoadCache {
    /// Reads and parses the statement files at `paths` (found in the
    /// content folder) into the cache.
    fn read(&mut self, config: &crate::config::Config, paths: Vec<PathBuf>) {
        let content_dir = config.content_dir();
        let parsed: Vec<(PathBuf, Parsed)> = paths
            .into_par_iter()
            .map(|path| {
                let rel = paths::rel_path(&content_dir, &path);
                // Stated before it is read: a file changed meanwhile has a
                // newer time than its stamp, and is read again next time.
                let stamp = std::fs::metadata(&path).map_or((0, 0), |m| stamp(&m));
                let text = content::read(&path).map_err(|d| vec![d]);
                let text_key = text
                    .as_ref()
                    .map_or(Key::default(), |t| crate::key::of_bytes(t.as_bytes()));
                let result = text
                    .and_then(|text| content::parse(&path, &rel, &text, config))
                    .map(Arc::new);
                let heading_ids = match &result {
                    Ok(s) => markdown::heading_ids(&s.body),
                    Err(_) => Vec::new(),
                };
                let target_key = result.as_ref().map_or(0, |s| target_key(s, &heading_ids));
                (
                    path,
                    Parsed {
                        rel,
                        result,
                        heading_ids,
                        target_key,
                        text_key,
                        stamp,
                        markdown: true,
                        from_cache: false,
                    },
                )
            })
            .collect();
        for (path, p) in parsed {
            self.files.insert(path, p);
        }
    }
}

/// A file's size and modification time (nanoseconds since the epoch).
pub(super) fn stamp(meta: &std::fs::Metadata) -> (u64, u128) {
    (meta.len(), crate::output::modified_nanos(meta))
}

impl LoadCache {
    /// Does a change at `path` need a new scan of content/: a folder
    /// appeared, or one that held statements went away? (An editor's
    /// temporary file, written and renamed over the statement, is gone
    /// too, but held none.)
    fn needs_rescan(&self, content_dir: &Path, path: &Path) -> bool {
        if path.is_dir() {
            return true;
        }
        if path.exists() {
            return false;
        }
        // The cache is keyed by the paths discovery gives.
        let content = absolute(content_dir);
        let key = content_dir.join(path.strip_prefix(&content).unwrap_or(path));
        self.files
            .range::<Path, _>((
                std::ops::Bound::Excluded(key.as_path()),
                std::ops::Bound::Unbounded,
            ))
            .next()
            .is_some_and(|(known, _)| known.starts_with(&key))
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Loads and validates the archive, using and updating `cache`. With
/// `changed`, only those files are read again.
pub fn load_with(
    options: &BuildOptions,
    cache: &mut LoadCache,
    changed: Option<&BTreeSet<PathBuf>>,
) -> Result<Site, Diagnostics> {
    let config = load_config(options)?;
    let t = std::time::Instant::now();
    cache.refresh(&config, changed);
    crate::diag::timing("read and parse", t);
    loop {
        match assemble(options, &config, cache)? {
            Assembled::Site(site) => return Ok(*site),
            // Bodies to render again, of statements the build cache kept
            // without their Markdown: read their files, and start over.
            Assembled::ReadAgain(paths) => cache.read(&config, paths),
        }
    }
}

enum Assembled {
    Site(Box<Site>),
    ReadAgain(Vec<PathBuf>),
}

/// A body as the loader found it.
enum Got {
    /// From the cache, with its version.
    Kept(Arc<Body>, Key),
    Fresh(Arc<Body>),
    /// To render again, from a statement kept without its Markdown.
    NoMarkdown,
}

/// Checks, renders and indexes what `cache` holds (see [`load_with`]).
fn assemble(
    options: &BuildOptions,
    config: &crate::config::Config,
    cache: &mut LoadCache,
) -> Result<Assembled, Diagnostics> {
    let config = config.clone();
    let t = std::time::Instant::now();
    // Each stage goes on with what is valid, so that one run reports the
    // problems of every stage; nothing past this function runs unless
    // there were none.
    let mut diags = Diagnostics::default();
    diags.extend(cache.people_errors.iter().cloned());
    diags.extend(cache.discover_errors.iter().cloned());
    let people = cache.people.clone().unwrap_or_default();

    let mut unavailable: HashMap<String, Option<String>> = HashMap::new();
    let mut statements: Vec<(Arc<Statement>, &Parsed)> = Vec::with_capacity(cache.files.len());
    for parsed in cache.files.values() {
        match &parsed.result {
            Ok(s) if s.draft && !options.drafts => {
                unavailable.insert(
                    s.rel.clone(),
                    Some(
                        "it is a draft, left out of this build (build with --drafts to include drafts)"
                            .into(),
                    ),
                );
            }
            Ok(s) => statements.push((s.clone(), parsed)),
            Err(d) => {
                diags.extend(d.iter().cloned());
                unavailable.insert(parsed.rel.clone(), None);
            }
        }
    }
    statements.sort_by(|(a, _), (b, _)| b.date.cmp(&a.date).then_with(|| a.rel.cmp(&b.rel)));
    let target_keys: Vec<u64> = statements.iter().map(|(_, p)| p.target_key).collect();
    let heading_ids: Vec<&[String]> = statements.iter().map(|(_, p)| p.heading_ids.as_slice()).collect();
    let files: Vec<(Key, bool)> = statements.iter().map(|(_, p)| (p.text_key, p.markdown)).collect();
    let mut statements: Vec<Arc<Statement>> = statements.into_iter().map(|(s, _)| s).collect();
    // As parsed (what the cache keeps), before shared document numbers are
    // qualified by the other statements that have them.
    let parsed: Vec<Arc<Statement>> = statements.clone();
    content::qualify_shared_ids(&mut statements);
    // What a statement's version adds for its qualified number.
    let qualified = |i: usize, base: Key| {
        let s = &statements[i];
        if Arc::ptr_eq(&parsed[i], s) {
            base
        } else {
            crate::key::of(&(base, &s.doc_id, &s.id_path))
        }
    };
    let keys: foldhash::HashMap<&str, u64> = statements
        .iter()
        .zip(&target_keys)
        .map(|(s, k)| (s.rel.as_str(), *k))
        .collect();
    let claims = url_claims(&statements);
    if cache.unique_urls != Some(claims) {
        match content::check_unique_urls(&statements) {
            Ok(()) => cache.unique_urls = Some(claims),
            Err(d) => diags.extend(d.0),
        }
    }

    crate::diag::timing("  sort, unique URLs", t);
    let targets = LinkTargets::new(&config, &statements, &heading_ids, &unavailable);
    crate::diag::timing("  link targets", t);
    let cached = &cache.bodies;
    let rendered: Vec<Result<Got, Vec<Diagnostic>>> = statements
        .par_iter()
        .zip(&files)
        .zip(&parsed)
        .map(|((s, &(_, has_markdown)), as_parsed)| {
            if let Some(c) = cached.get(&s.rel)
                && Arc::ptr_eq(&c.statement, as_parsed)
                && c.deps
                    .iter()
                    .all(|(rel, key)| keys.get(rel.as_str()) == key.as_ref())
            {
                return Ok(Got::Kept(c.body.clone(), c.version));
            }
            if !has_markdown {
                return Ok(Got::NoMarkdown);
            }
            markdown::render(s, &targets).map(|b| Got::Fresh(Arc::new(b)))
        })
        .collect();
    let again: Vec<PathBuf> = statements
        .iter()
        .zip(&rendered)
        .filter(|(_, r)| matches!(r, Ok(Got::NoMarkdown)))
        .map(|(s, _)| s.path.clone())
        .collect();
    if !again.is_empty() {
        return Ok(Assembled::ReadAgain(again));
    }
    let mut bodies = Vec::with_capacity(rendered.len());
    let mut versions = Vec::with_capacity(rendered.len());
    for (i, ((s, r), &(text_key, _))) in statements.iter().zip(rendered).zip(&files).enumerate() {
        match r {
            Ok(Got::Kept(body, version)) => {
                bodies.push(body);
                versions.push(qualified(i, version));
            }
            Ok(Got::Fresh(body)) => {
                let deps: Vec<(String, Option<u64>)> = body
                    .references
                    .iter()
                    .chain(&body.unresolved)
                    .map(|r| (r.clone(), keys.get(r.as_str()).copied()))
                    .collect();
                let version = crate::key::of(&(text_key, &s.rel, &deps));
                cache.bodies.insert(
                    s.rel.clone(),
                    CachedBody {
                        statement: parsed[i].clone(),
                        deps,
                        body: body.clone(),
                        version,
                    },
                );
                bodies.push(body);
                versions.push(qualified(i, version));
            }
            Ok(Got::NoMarkdown) => {}
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result(())?;
    crate::diag::timing("sort, check, markdown", t);
    let t = std::time::Instant::now();
    let people = People::new(people);
    // The archive, the cross-links and the reserved paths depend only on
    // the statements' order, dates, terms and references (and people and
    // config, whose change empties the cache): reuse them when those are
    // what they were, as after an edit of a title or a body.
    let key = structure_key(&statements, &bodies, &people);
    crate::diag::timing("  structure key", t);
    let structure = match cache.structure.take() {
        Some(st) if st.key == key => st,
        _ => {
            let archive = Archive::new(&config, &statements, &people);
            crate::diag::timing("archive", t);
            let t = std::time::Instant::now();
            let links = links::build(&statements, &bodies, &people, config.related);
            crate::diag::timing("links", t);
            Structure {
                key,
                archive: Arc::new(archive),
                links: Arc::new(links),
            }
        }
    };
    let site = Site {
        config,
        statements,
        bodies,
        versions,
        structure: key,
        archive: structure.archive.clone(),
        people,
        links: structure.links.clone(),
    };
    cache.structure = Some(structure);
    Ok(Assembled::Site(Box::new(site)))
}

/// The hash of every path the statements take (their URLs, aliases and
/// permanent addresses), in order: whether two are one depends on nothing
/// else. For this process only (it is not kept).
fn url_claims(statements: &[Arc<Statement>]) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    for s in statements {
        (&s.site_path, &s.aliases, &s.id_path).hash(&mut h);
    }
    h.finish()
}

/// What the archive and the cross-links are computed from (the archive
/// keeps each speaker's roles as their statements give them).
fn structure_key(statements: &[Arc<Statement>], bodies: &[Arc<Body>], people: &People) -> u64 {
    use std::hash::BuildHasher;
    // Each statement's on every core; their list in order.
    let each: Vec<u64> = statements
        .par_iter()
        .zip(bodies)
        .map(|(s, b)| {
            foldhash::quality::FixedState::default().hash_one((
                &s.rel,
                s.date,
                &s.kind,
                &s.speakers,
                // The speakers' roles make their role timelines.
                &s.role,
                &s.roles,
                &s.topics,
                &s.countries,
                &b.references,
            ))
        })
        .collect();
    crate::key::of(&(&people.list, each)).0 as u64
}
