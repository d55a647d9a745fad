//! Search: the index that the search page (`search/index.html`) queries in
//! the reader's browser.
//!
//! In: the statements (newest first, as the site has them), their bodies
//! and the people files. Out: the files under `search/`, of which a query
//! fetches only a few — `index.json`, the dictionary block of each word it
//! asks for, the postings of its frequent words, one file of statements
//! per result shown and, for facet counts, the column of each facet shown.
//! The format is documented for readers of the output in the default
//! theme's README ("The search index"); [`write`] writes it.
//!
//! Invariant: a statement's postings depend on that statement alone (the
//! ranking's length normalisation uses a fixed average, and rarity is
//! worked out in the browser from the lengths of the postings), and words
//! fall into dictionary blocks by a hash of the word, not by a count: so
//! an edit rewrites only the files of the words it adds, removes or
//! reweights, its block of statements and the columns of facets it
//! changes (and index.json). Statements are numbered oldest first, so a
//! new statement appends instead of renumbering every other.

mod saved;
pub mod text;
mod write;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::Datelike;
use rayon::prelude::*;

use crate::config::{Config, Taxonomy};
use crate::key::Key;
use crate::model::{Body, People, Statement};
use text::Kind;

/// Where the index files go, under the output folder.
pub const DIR: &str = "search/";

/// How much a word counts where it is: in the title, in a speaker (and
/// that person's names), role, kind, topic, country, location or
/// document id, or in the body.
const TITLE: f32 = 5.0;
const TERM: f32 = 3.0;
const BODY: f32 = 1.0;

/// BM25's parameters, and the body length (in indexed words) it measures
/// against: fixed, not the archive's average, so that adding a statement
/// does not change every other's postings.
const K1: f32 = 1.2;
const B: f32 = 0.75;
const AVERAGE_LENGTH: f32 = 400.0;

/// Impacts are BM25's term-frequency part scaled to 1..=15 (4 bits).
const IMPACTS: f32 = 15.0;

/// The impact of a word that counts `weighted` (its occurrences, each
/// times its field's weight) in a body of `length` indexed words.
fn impact(weighted: f32, length: usize) -> u32 {
    let norm = K1 * (1.0 - B + B * length as f32 / AVERAGE_LENGTH);
    let score = weighted * (K1 + 1.0) / (weighted + norm);
    ((score / (K1 + 1.0) * IMPACTS).ceil() as u32).clamp(1, IMPACTS as u32)
}

/// The facets the search page filters by: (URL parameter, taxonomy).
const FACETS: &[(&str, Taxonomy)] = &[
    ("kind", Taxonomy::Kinds),
    ("speaker", Taxonomy::Speakers),
    ("topic", Taxonomy::Topics),
    ("country", Taxonomy::Countries),
];

/// One statement's indexed words, each with its impact, sorted: slices of
/// one string, so that indexing a statement allocates little.
#[derive(Default)]
struct Words {
    /// The statement's fields folded, then the compounds of their words.
    text: String,
    /// (start, end, impact) of each word in `text`, sorted by word.
    words: Vec<(u32, u32, u32)>,
}

impl Words {
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words
            .iter()
            .map(|&(start, end, impact)| (&self.text[start as usize..end as usize], impact))
    }
}

fn words_of(s: &Statement, body: &Body, people: &People) -> Words {
    let mut text = String::with_capacity(body.html.get().html.len() + 512);
    // (start, end, weight) of each field in `text`.
    let mut fields: Vec<(usize, usize, f32)> = Vec::with_capacity(16);
    let mut add = |text: &mut String, field: &str, weight: f32| {
        let start = text.len();
        text::fold_into(text, field);
        fields.push((start, text.len(), weight));
        text.push('\n');
    };
    add(&mut text, &s.title, TITLE);
    for speaker in &s.speakers {
        add(&mut text, speaker, TERM);
        if let Some(p) = people.find(speaker) {
            let person = &people.list[p];
            for name in std::iter::once(&person.name).chain(&person.aliases) {
                if !name.eq_ignore_ascii_case(speaker) {
                    add(&mut text, name, TERM);
                }
            }
        }
    }
    let terms = s
        .role
        .iter()
        .chain(&s.kind)
        .chain(&s.topics)
        .chain(&s.countries)
        .chain(&s.location)
        .chain(&s.id);
    for term in terms {
        add(&mut text, term, TERM);
    }
    // The date as the page shows it: `press statement 2017`, `july 2017`.
    add(&mut text, &s.date.format("%B %-d, %Y").to_string(), TERM);
    let mut plain = String::with_capacity(body.html.get().html.len());
    if let Some(summary) = &s.summary {
        plain.push_str(summary);
        plain.push(' ');
    }
    text::html_text(&body.html.get().html, &mut plain);
    add(&mut text, &plain, BODY);
    drop(plain);

    // Every token as a range: of `text`, or (compounds) of `joined`.
    let mut tokens: Vec<(usize, usize, f32, bool)> = Vec::with_capacity(text.len() / 6);
    let mut joined = String::new();
    let mut length = 0;
    let body_field = fields.len() - 1;
    for (f, &(start, end, weight)) in fields.iter().enumerate() {
        let field = &text[start..end];
        let base = field.as_ptr() as usize;
        text::tokens(field, |word, kind| {
            if !text::indexed(word) {
                return;
            }
            if kind == Kind::Compound {
                tokens.push((joined.len(), joined.len() + word.len(), weight, true));
                joined.push_str(word);
            } else {
                let at = start + (word.as_ptr() as usize - base);
                tokens.push((at, at + word.len(), weight, false));
                if f == body_field {
                    length += 1;
                }
            }
        });
    }
    let offset = text.len();
    text.push_str(&joined);
    let mut weighted: HashMap<&str, (f32, usize, usize), foldhash::fast::FixedState> =
        HashMap::with_capacity_and_hasher(256, Default::default());
    for (from, to, weight, compound) in tokens {
        let (from, to) = if compound {
            (from + offset, to + offset)
        } else {
            (from, to)
        };
        weighted
            .entry(&text[from..to])
            .and_modify(|w| w.0 += weight)
            .or_insert((weight, from, to));
    }
    let mut words: Vec<(u32, u32, u32)> = weighted
        .into_values()
        .map(|(w, from, to)| (from as u32, to as u32, impact(w, length)))
        .collect();
    words.sort_unstable_by(|a, b| text[a.0 as usize..a.1 as usize].cmp(&text[b.0 as usize..b.1 as usize]));
    Words { text, words }
}

/// Postings of each word: `number << 4 | impact`, by statement number
/// (oldest first).
type Postings = BTreeMap<String, Vec<u32>>;

/// A facet's values and which statements have each.
pub(crate) struct Facet {
    pub param: &'static str,
    /// (slug, name, statements), sorted by slug: a value's number is its
    /// place here.
    pub values: Vec<(String, String, usize)>,
    /// For each statement (by number), the numbers of its values.
    pub of: Vec<Vec<u32>>,
}

/// The facets of these statements (by number) that the site has.
fn facets(config: &Config, statements: &[&Statement], people: &People) -> Vec<Facet> {
    let taxonomies: Vec<(&'static str, Taxonomy)> = FACETS
        .iter()
        .filter(|(_, t)| config.taxonomies.contains(t))
        .copied()
        .collect();
    taxonomies
        .into_par_iter()
        .map(|(param, taxonomy)| {
            // Keyed by slug as the taxonomy pages are: a speaker who is a
            // person is that person's slug and name.
            let value = |name: &str| -> (String, String) {
                if taxonomy == Taxonomy::Speakers
                    && let Some(p) = people.find(name)
                {
                    let person = &people.list[p];
                    return (person.slug.clone(), person.name.clone());
                }
                let slug = crate::permalink::slugify(name);
                (
                    if slug.is_empty() { "term".into() } else { slug },
                    name.to_string(),
                )
            };
            // Each name is made a slug once: `slugs` holds each slug (with
            // the first name met for it) once, and `of_name` where it is.
            let mut of_name: HashMap<&str, usize> = HashMap::new();
            let mut of_slug: HashMap<String, usize> = HashMap::new();
            let mut slugs: Vec<(String, String, usize)> = Vec::new();
            let per_doc: Vec<Vec<usize>> = statements
                .iter()
                .map(|s| {
                    let mut ids: Vec<usize> = s
                        .terms(taxonomy)
                        .iter()
                        .map(|name| {
                            *of_name.entry(name.as_str()).or_insert_with(|| {
                                let (slug, name) = value(name);
                                *of_slug.entry(slug.clone()).or_insert_with(|| {
                                    slugs.push((slug, name, 0));
                                    slugs.len() - 1
                                })
                            })
                        })
                        .collect();
                    ids.sort_unstable();
                    ids.dedup();
                    for &id in &ids {
                        slugs[id].2 += 1;
                    }
                    ids
                })
                .collect();
            // A value's number is its place in slug order.
            let mut order: Vec<usize> = (0..slugs.len()).collect();
            order.sort_unstable_by(|&a, &b| slugs[a].0.cmp(&slugs[b].0));
            let mut number = vec![0u32; slugs.len()];
            for (n, &id) in order.iter().enumerate() {
                number[id] = n as u32;
            }
            let of = per_doc
                .iter()
                .map(|ids| {
                    let mut numbers: Vec<u32> = ids.iter().map(|&id| number[id]).collect();
                    numbers.sort_unstable();
                    numbers
                })
                .collect();
            let mut values: Vec<Option<(String, String, usize)>> = slugs.into_iter().map(Some).collect();
            Facet {
                param,
                values: order.iter().filter_map(|&id| values[id].take()).collect(),
                of,
            }
        })
        .collect()
}

/// Whether the output folder lacks `path` made with `key` (as
/// [`crate::output::Writer::wants`] tells).
pub type Wants<'a> = dyn Fn(&str, Key) -> bool + Sync + 'a;

/// One file of the index, with its key (worked out once, when its bytes
/// are made).
#[derive(Clone)]
pub struct File {
    /// Under the output folder.
    pub path: String,
    pub key: Key,
    /// `None` for a file the last build made and kept (its key read back
    /// from `.pressroom/search.bin`), offered only when the output folder
    /// holds it made with this key.
    pub bytes: Option<Arc<[u8]>>,
}

impl File {
    fn new((path, bytes): (String, Vec<u8>)) -> File {
        File {
            key: crate::key::of_bytes(&bytes),
            path,
            bytes: Some(bytes.into()),
        }
    }

    /// A file the last build made, by its path and key only.
    fn kept(path: String, key: Key) -> File {
        File {
            path,
            key,
            bytes: None,
        }
    }

    /// The file as it is, unless only its key is known and `wants` says
    /// the output folder does not hold it with that key.
    fn usable(&self, wants: &Wants<'_>) -> bool {
        self.bytes.is_some() || !wants(&self.path, self.key)
    }
}

/// The search index of an archive. A build makes it and writes its
/// files (and, with the build cache, keeps it in `.pressroom/search.bin`,
/// see [`saved`]); `watch` and `serve` keep it in memory. Either way, the
/// next build patches it: it takes in again only the statements whose
/// version changed, and makes again only the files of what changed.
pub struct Index {
    /// The version ([`crate::build::Site::versions`]) of each statement
    /// indexed, in the site's order (newest first): a statement whose
    /// version is the same has the same postings.
    versions: Vec<Key>,
    postings: Postings,
    /// What of the people files the postings read (speakers' names and
    /// aliases): when it changes, the index is made anew.
    people: u128,
    /// The words whose postings changed, and the statements (by number)
    /// that changed, since the files were last made; `None` before the
    /// files were ever made.
    dirty: Option<(BTreeSet<String>, BTreeSet<usize>)>,
    /// The files last made: dictionary blocks by first word (with their
    /// number of words), postings files by word, statement files by number.
    blocks: HashMap<String, (usize, File)>,
    frequent: HashMap<String, File>,
    chunks: Vec<File>,
    /// The facets and the files made from them and from the dates (value
    /// columns and lists, dates.json), with the key of what they read:
    /// the site's structure (every statement's date and terms, in order,
    /// and the people) and the configuration.
    facets: Option<(Key, Vec<Facet>, Vec<File>)>,
    /// Read back from `.pressroom/search.bin`: the key of the facets it
    /// held, and how many statements were patched since.
    loaded: Option<(Option<Key>, usize)>,
}

/// The names and aliases of the people, hashed.
fn people_key(people: &People) -> u128 {
    let names: Vec<(&str, &[String])> = people
        .list
        .iter()
        .map(|p| (p.name.as_str(), p.aliases.as_slice()))
        .collect();
    crate::key::of(&names).0
}

/// A change of more statements than this (in one patch) makes the index
/// anew: finding each one's old postings costs a search in every list.
const PATCH_AT_MOST: usize = 256;

/// How many statements the kept index may be behind (patched again by
/// every build) before a build keeps it again.
const STALE_AT_MOST: usize = 64;

impl Index {
    /// The index of these statements (newest first, as the site has them),
    /// `versions[i]` being the version of `statements[i]`.
    pub fn new(
        statements: &[Arc<Statement>],
        bodies: &[Arc<Body>],
        versions: &[Key],
        people: &People,
    ) -> Index {
        let n = statements.len();
        // Each piece of the fold covers a run of statements, and pieces
        // are joined left to right: the lists come out newest first.
        let pieces = 4 * rayon::current_num_threads();
        let all: HashMap<String, Vec<u32>, foldhash::fast::FixedState> = (0..n)
            .into_par_iter()
            .with_min_len(n.div_ceil(pieces).max(64))
            .fold(HashMap::default, |mut map: HashMap<String, Vec<u32>, _>, i| {
                // Numbers fit: an archive has far fewer than 2^28 statements.
                let number = ((n - 1 - i) as u32) << 4;
                for (word, impact) in words_of(&statements[i], &bodies[i], people).iter() {
                    match map.get_mut(word) {
                        Some(list) => list.push(number | impact),
                        None => {
                            map.insert(word.to_string(), vec![number | impact]);
                        }
                    }
                }
                map
            })
            .reduce(HashMap::default, |mut left, right| {
                for (word, list) in right {
                    left.entry(word).or_default().extend(list);
                }
                left
            });
        let postings = all
            .into_iter()
            .map(|(word, mut list)| {
                list.reverse();
                (word, list)
            })
            .collect();
        Index::of(versions.to_vec(), postings, people_key(people))
    }

    fn of(versions: Vec<Key>, postings: Postings, people: u128) -> Index {
        Index {
            versions,
            postings,
            people,
            dirty: None,
            blocks: HashMap::new(),
            frequent: HashMap::new(),
            chunks: Vec::new(),
            facets: None,
            loaded: None,
        }
    }

    /// Every file of the index of `statements` (the statements indexed, in
    /// the same order). Only the files of what changed since the last call
    /// are made again.
    /// The index's files for these statements, whose site has the
    /// structure of key `structure` ([`crate::build::Site::structure`]).
    ///
    /// A file kept by its key only (read back with the index) is made
    /// again unless `wants(path, key)` says the output folder holds it.
    pub fn files(
        &mut self,
        config: &Config,
        statements: &[Arc<Statement>],
        people: &People,
        structure: u64,
        wants: &Wants<'_>,
    ) -> Vec<File> {
        // By number: oldest first.
        let by_number: Vec<&Statement> = statements.iter().rev().map(|s| s.as_ref()).collect();
        let dirty = self.dirty.take();
        let dirty_words = dirty.as_ref().map(|d| &d.0);
        let t = std::time::Instant::now();
        let blocks = write::blocks(&self.postings);
        let made: Vec<(String, usize, File)> = blocks
            .par_iter()
            .enumerate()
            .map(|(k, block)| {
                let first = block[0].0;
                let next = blocks.get(k + 1).map(|b| b[0].0.as_str());
                let clean = dirty_words.is_some_and(|d| {
                    let mut inside = match next {
                        Some(next) => d.range::<str, _>((
                            std::ops::Bound::Included(first.as_str()),
                            std::ops::Bound::Excluded(next),
                        )),
                        None => d.range::<str, _>((
                            std::ops::Bound::Included(first.as_str()),
                            std::ops::Bound::Unbounded,
                        )),
                    };
                    inside.next().is_none()
                });
                match self.blocks.get(first) {
                    Some((count, file)) if clean && *count == block.len() && file.usable(wants) => {
                        (first.clone(), *count, file.clone())
                    }
                    _ => (first.clone(), block.len(), File::new(write::block_file(block))),
                }
            })
            .collect();
        self.blocks = made
            .into_iter()
            .map(|(first, count, file)| (first, (count, file)))
            .collect();
        crate::diag::timing("    search blocks", t);
        let t = std::time::Instant::now();
        let frequent: Vec<(&String, &Vec<u32>)> = self
            .postings
            .iter()
            .filter(|(_, list)| list.len() > write::INLINE)
            .collect();
        self.frequent = frequent
            .par_iter()
            .map(|(word, list)| {
                let file = match self.frequent.get(*word) {
                    Some(file) if dirty_words.is_some_and(|d| !d.contains(*word)) && file.usable(wants) => {
                        file.clone()
                    }
                    _ => File::new(write::word_file(word, list)),
                };
                ((*word).clone(), file)
            })
            .collect();
        crate::diag::timing("    search postings files", t);
        let t = std::time::Instant::now();
        let chunks: Vec<&[&Statement]> = by_number.chunks(write::CHUNK).collect();
        self.chunks = chunks
            .par_iter()
            .enumerate()
            .map(|(k, chunk)| match (&dirty, self.chunks.get(k)) {
                (Some((_, numbers)), Some(file))
                    if numbers
                        .range(k * write::CHUNK..(k + 1) * write::CHUNK)
                        .next()
                        .is_none()
                        && file.usable(wants) =>
                {
                    file.clone()
                }
                _ => File::new(write::chunk_file(k, chunk)),
            })
            .collect();
        crate::diag::timing("    search statement files", t);
        let t = std::time::Instant::now();
        let read = crate::key::of(&(structure, config.key));
        // Facets read back with the index have their values but not each
        // statement's: their files are kept only as they are.
        let (facets, facet_files) = match self.facets.take() {
            Some((key, facets, files)) if key == read && files.iter().all(|f| f.usable(wants)) => {
                (facets, files)
            }
            _ => {
                let facets = facets(config, &by_number, people);
                let mut files: Vec<File> = write::columns(&facets).into_iter().map(File::new).collect();
                files.extend(
                    write::value_lists(&facets)
                        .into_par_iter()
                        .map(File::new)
                        .collect::<Vec<_>>(),
                );
                files.push(File::new(write::dates(&by_number)));
                (facets, files)
            }
        };
        crate::diag::timing("    search facets", t);
        let t = std::time::Instant::now();
        let mut files: Vec<File> = self.blocks.values().map(|(_, f)| f.clone()).collect();
        files.extend(self.frequent.values().cloned());
        files.extend(self.chunks.iter().cloned());
        files.extend(facet_files.iter().cloned());
        let firsts: Vec<&String> = blocks.iter().map(|b| b[0].0).collect();
        files.push(File::new(write::meta(
            &self.postings,
            &firsts,
            &by_number,
            &facets,
        )));
        self.facets = Some((read, facets, facet_files));
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        crate::diag::timing("    search meta", t);
        self.dirty = Some(Default::default());
        files
    }

    /// Takes in the statements whose version changed since they were
    /// indexed, when there are as many statements as before (each at the
    /// same number) and the people files' names are the same. `None`, and
    /// nothing changed, when not (or when too many changed): then the index
    /// must be made anew.
    pub fn patch(
        &mut self,
        statements: &[Arc<Statement>],
        bodies: &[Arc<Body>],
        versions: &[Key],
        people: &People,
    ) -> Option<()> {
        let n = statements.len();
        if versions.len() != n || self.versions.len() != n || people_key(people) != self.people {
            return None;
        }
        let changed: Vec<usize> = (0..n).filter(|&i| versions[i] != self.versions[i]).collect();
        if changed.len() > PATCH_AT_MOST {
            return None;
        }
        if let Some((_, patched)) = &mut self.loaded {
            *patched += changed.len();
        }
        if changed.is_empty() {
            return Some(());
        }
        let numbers: Vec<u32> = changed.iter().map(|&i| (n - 1 - i) as u32).collect();
        let mut old = self.take_out(&numbers);
        for (&i, number) in changed.iter().zip(numbers) {
            self.versions[i] = versions[i];
            if let Some((_, dirty)) = &mut self.dirty {
                dirty.insert(number as usize);
            }
            let new = words_of(&statements[i], &bodies[i], people);
            let old_words = old.remove(&number).unwrap_or_default();
            let old_set: BTreeSet<(&str, u32)> = old_words
                .iter()
                .map(|(w, impact)| (w.as_str(), *impact))
                .collect();
            let new_set: BTreeSet<(&str, u32)> = new.iter().collect();
            // The words whose postings change: in one list and not the
            // other, or with another impact.
            if let Some((words, _)) = &mut self.dirty {
                words.extend(old_set.symmetric_difference(&new_set).map(|(w, _)| w.to_string()));
            }
            for (word, impact) in new.iter() {
                let list = self.postings.entry(word.to_string()).or_default();
                let at = list.partition_point(|p| p >> 4 < number);
                list.insert(at, (number << 4) | impact);
            }
        }
        self.postings.retain(|_, list| !list.is_empty());
        Some(())
    }

    /// Takes the postings of statements `numbers` out of every list, and
    /// gives them back by number as (word, impact): each list is in order
    /// of number, so a binary search finds a statement's posting.
    fn take_out(&mut self, numbers: &[u32]) -> HashMap<u32, Vec<(String, u32)>> {
        let found: Vec<(u32, String, u32)> = self
            .postings
            .par_iter_mut()
            .flat_map_iter(|(word, list)| {
                let mut found = Vec::new();
                for &number in numbers {
                    if let Ok(at) = list.binary_search_by_key(&number, |p| p >> 4) {
                        let posting = list.remove(at);
                        found.push((number, word.clone(), posting & 15));
                    }
                }
                found
            })
            .collect();
        let mut out: HashMap<u32, Vec<(String, u32)>> = HashMap::new();
        for (number, word, impact) in found {
            out.entry(number).or_default().push((word, impact));
        }
        out
    }
}

/// Every file of the search index of these statements (`versions[i]`
/// being the version of `statements[i]`), whose site has the structure of
/// key `structure` ([`crate::build::Site::structure`]). With `kept`, the index kept
/// there by the last build is patched, when it fits, instead of made anew,
/// and the index is kept there again for the next build: by the thread
/// returned, which the caller joins before it exits. The kept index
/// knows its files by their keys: one that `wants(path, key)` (given with
/// `kept`) says the output folder holds with that key is not made again.
pub fn files(
    config: &Config,
    statements: &[Arc<Statement>],
    bodies: &[Arc<Body>],
    versions: &[Key],
    people: &People,
    structure: u64,
    kept: Option<(&std::path::Path, &Wants<'_>)>,
) -> (Vec<File>, Option<std::thread::JoinHandle<()>>) {
    let (kept, wants): (_, &Wants<'_>) = match kept {
        Some((path, wants)) => (Some(path), wants),
        None => (None, &|_, _| true),
    };
    let t = std::time::Instant::now();
    let patched = kept
        .and_then(|path| saved::load(path, people_key(people)))
        .and_then(|mut index| index.patch(statements, bodies, versions, people).map(|()| index));
    let mut index = match patched {
        Some(index) => {
            crate::diag::timing("  search index read and patched", t);
            index
        }
        None => {
            let index = Index::new(statements, bodies, versions, people);
            crate::diag::timing("  search words", t);
            index
        }
    };
    let t = std::time::Instant::now();
    let files = index.files(config, statements, people, structure, wants);
    crate::diag::timing("  search files", t);
    let saving = kept.map(|path| {
        let path = path.to_path_buf();
        std::thread::spawn(move || {
            let t = std::time::Instant::now();
            // A few statements patched, the facets the same: the kept
            // index is left as it is, and the next build patches those
            // again (cheaper than writing it all again).
            let facets = index.facets.as_ref().map(|f| f.0);
            if index
                .loaded
                .is_some_and(|(kept, patched)| kept == facets && patched <= STALE_AT_MOST)
            {
                return;
            }
            // A cache: when it cannot be kept, the next build makes the
            // index anew.
            if saved::save(&path, &index).is_err() {
                let _ = std::fs::remove_file(&path);
            }
            crate::diag::timing("search index kept", t);
        })
    });
    (files, saving)
}

/// The year of a statement (in the site's time zone).
fn year(s: &Statement) -> i32 {
    s.date.year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impacts_grow_with_weight_and_shrink_with_length() {
        assert!(impact(TITLE, 400) > impact(BODY, 400));
        assert!(impact(3.0, 400) > impact(1.0, 400));
        assert!(impact(1.0, 100) > impact(1.0, 2000));
        assert_eq!(impact(1000.0, 1), 15);
        assert_eq!(impact(1.0, 100_000), 1);
    }
}
