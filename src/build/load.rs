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
use crate::links;
use crate::markdown::{self, LinkTargets};
use crate::model::{Body, People, Person, Statement};
use crate::paths::{self, is_ignored_name};

/// A body, and whether it was rendered now (not taken from the cache).
type Fresh = (Arc<Body>, bool);

/// One statement file as last read.
struct Parsed {
    rel: String,
    result: Result<Arc<Statement>, Vec<Diagnostic>>,
    heading_ids: Vec<String>,
    /// [`target_key`] of the statement, when it parsed.
    target_key: u64,
}

/// A body and what it was rendered against.
struct CachedBody {
    statement: Arc<Statement>,
    /// (target content path, key of its URL and headings) per `@/` target;
    /// `None` for a target that did not load (then the body is rendered
    /// again once it does).
    deps: Vec<(String, Option<u64>)>,
    body: Arc<Body>,
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
    files: BTreeMap<PathBuf, Parsed>,
    /// Whether `files` mirrors content/ (false until a full scan).
    scanned: bool,
    /// By content path (`2017/x.md`).
    bodies: HashMap<String, CachedBody>,
    structure: Option<Structure>,
}

/// The indexes computed from the archive's structure, with its key.
struct Structure {
    key: u64,
    archive: Arc<Archive>,
    links: Arc<crate::links::LinkGraph>,
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
            Some(set) => !self.scanned || set.iter().any(|p| needs_rescan(p)),
        };
        let paths: Vec<PathBuf> = if rescan {
            let (found, problems) = content::discover(&content_dir);
            self.discover_errors = problems;
            let found_set: HashSet<&PathBuf> = found.iter().collect();
            let before = self.files.len();
            self.files.retain(|p, _| found_set.contains(p));
            removed |= self.files.len() < before;
            self.scanned = true;
            if changed.is_none() {
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
        let parsed: Vec<(PathBuf, Parsed)> = paths
            .into_par_iter()
            .map(|path| {
                let rel = paths::rel_path(&content_dir, &path);
                let result = content::read(&path)
                    .map_err(|d| vec![d])
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
                    },
                )
            })
            .collect();
        for (path, p) in parsed {
            self.files.insert(path, p);
        }
        if removed {
            let live: HashSet<&str> = self.files.values().map(|p| p.rel.as_str()).collect();
            self.bodies.retain(|rel, _| live.contains(rel.as_str()));
        }
    }
}

/// Does a change at `path` need a new scan of content/ (a folder appeared
/// or went away)?
fn needs_rescan(path: &Path) -> bool {
    path.is_dir() || (!path.exists() && path.extension().is_none())
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
    let t = std::time::Instant::now();
    // Each stage goes on with what is valid, so that one run reports the
    // problems of every stage; nothing past this function runs unless
    // there were none.
    let mut diags = Diagnostics::default();
    diags.extend(cache.people_errors.iter().cloned());
    diags.extend(cache.discover_errors.iter().cloned());
    let people = cache.people.clone().unwrap_or_default();

    let mut unavailable: HashMap<String, Option<String>> = HashMap::new();
    let mut statements: Vec<(Arc<Statement>, &[String], u64)> = Vec::with_capacity(cache.files.len());
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
            Ok(s) => statements.push((s.clone(), &parsed.heading_ids, parsed.target_key)),
            Err(d) => {
                diags.extend(d.iter().cloned());
                unavailable.insert(parsed.rel.clone(), None);
            }
        }
    }
    statements.sort_by(|(a, _, _), (b, _, _)| b.date.cmp(&a.date).then_with(|| a.rel.cmp(&b.rel)));
    let target_keys: Vec<u64> = statements.iter().map(|(_, _, k)| *k).collect();
    let heading_ids: Vec<&[String]> = statements.iter().map(|(_, ids, _)| *ids).collect();
    let mut statements: Vec<Arc<Statement>> = statements.into_iter().map(|(s, _, _)| s).collect();
    content::qualify_shared_ids(&mut statements);
    let keys: HashMap<&str, u64> = statements
        .iter()
        .zip(&target_keys)
        .map(|(s, k)| (s.rel.as_str(), *k))
        .collect();
    diags.extend(
        content::check_unique_urls(&statements)
            .err()
            .map(|d| d.0)
            .unwrap_or_default(),
    );

    crate::diag::timing("  sort, unique URLs", t);
    let targets = LinkTargets::new(&config, &statements, &heading_ids, &unavailable);
    crate::diag::timing("  link targets", t);
    let cached = &cache.bodies;
    let rendered: Vec<Result<Fresh, Vec<Diagnostic>>> = statements
        .par_iter()
        .map(|s| {
            if let Some(c) = cached.get(&s.rel)
                && Arc::ptr_eq(&c.statement, s)
                && c.deps
                    .iter()
                    .all(|(rel, key)| keys.get(rel.as_str()) == key.as_ref())
            {
                return Ok((c.body.clone(), false));
            }
            markdown::render(s, &targets).map(|b| (Arc::new(b), true))
        })
        .collect();
    let mut bodies = Vec::with_capacity(rendered.len());
    for (s, r) in statements.iter().zip(rendered) {
        match r {
            Ok((body, fresh)) => {
                if fresh {
                    let deps = body
                        .references
                        .iter()
                        .chain(&body.unresolved)
                        .map(|r| (r.clone(), keys.get(r.as_str()).copied()))
                        .collect();
                    cache.bodies.insert(
                        s.rel.clone(),
                        CachedBody {
                            statement: s.clone(),
                            deps,
                            body: body.clone(),
                        },
                    );
                }
                bodies.push(body);
            }
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
        archive: structure.archive.clone(),
        people,
        links: structure.links.clone(),
    };
    cache.structure = Some(structure);
    Ok(site)
}

/// What the archive and the cross-links are computed from.
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
                &s.topics,
                &s.countries,
                &b.references,
            ))
        })
        .collect();
    crate::key::of(&(&people.list, each)).0 as u64
}
