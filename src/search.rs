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
    FACETS
        .iter()
        .filter(|(_, t)| config.taxonomies.contains(t))
        .map(|&(param, taxonomy)| {
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
            let mut by_slug: BTreeMap<String, (String, usize)> = BTreeMap::new();
            let per_doc: Vec<Vec<String>> = statements
                .iter()
                .map(|s| {
                    let mut slugs: Vec<String> = s
                        .terms(taxonomy)
                        .iter()
                        .map(|name| {
                            let (slug, name) = value(name);
                            by_slug.entry(slug.clone()).or_insert((name, 0));
                            slug
                        })
                        .collect();
                    slugs.sort();
                    slugs.dedup();
                    for slug in &slugs {
                        if let Some(v) = by_slug.get_mut(slug) {
                            v.1 += 1;
                        }
                    }
                    slugs
                })
                .collect();
            let number: HashMap<&str, u32> = by_slug
                .keys()
                .enumerate()
                .map(|(n, slug)| (slug.as_str(), n as u32))
                .collect();
            let of = per_doc
                .iter()
                .map(|slugs| {
                    slugs
                        .iter()
                        .filter_map(|s| number.get(s.as_str()).copied())
                        .collect()
                })
                .collect();
            Facet {
                param,
                values: by_slug
                    .into_iter()
                    .map(|(slug, (name, count))| (slug, name, count))
                    .collect(),
                of,
            }
        })
        .collect()
}

/// One file of the index, with its key (worked out once, when its bytes
/// are made).
#[derive(Clone)]
pub struct File {
    /// Under the output folder.
    pub path: String,
    pub key: Key,
    pub bytes: Arc<[u8]>,
}

impl File {
    fn new((path, bytes): (String, Vec<u8>)) -> File {
        File {
            key: crate::key::of_bytes(&bytes),
            path,
            bytes: bytes.into(),
        }
    }
}

/// The search index of an archive. A build makes it and writes its
/// files; `watch` and `serve` keep it and patch it when statements
/// change in place, and make again only the files of what changed.
pub struct Index {
    /// The statements indexed, in the site's order (newest first), as they
    /// were indexed: while the order is the same, an edit changes only
    /// the postings of the edited statements.
    indexed: Vec<(Arc<Statement>, Arc<Body>)>,
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

impl Index {
    /// The index of these statements (newest first, as the site has them).
    pub fn new(statements: &[Arc<Statement>], bodies: &[Arc<Body>], people: &People) -> Index {
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
        Index {
            indexed: statements.iter().cloned().zip(bodies.iter().cloned()).collect(),
            postings,
            people: people_key(people),
            dirty: None,
            blocks: HashMap::new(),
            frequent: HashMap::new(),
            chunks: Vec::new(),
        }
    }

    /// Every file of the index. Only the files of what changed since the
    /// last call are made again.
    pub fn files(&mut self, config: &Config, people: &People) -> Vec<File> {
        // By number: oldest first.
        let by_number: Vec<&Statement> = self.indexed.iter().rev().map(|(s, _)| s.as_ref()).collect();
        let dirty = self.dirty.take();
        let dirty_words = dirty.as_ref().map(|d| &d.0);
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
                    Some((count, file)) if clean && *count == block.len() => {
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
        let frequent: Vec<(&String, &Vec<u32>)> = self
            .postings
            .iter()
            .filter(|(_, list)| list.len() > write::INLINE)
            .collect();
        self.frequent = frequent
            .par_iter()
            .map(|(word, list)| {
                let file = match self.frequent.get(*word) {
                    Some(file) if dirty_words.is_some_and(|d| !d.contains(*word)) => file.clone(),
                    _ => File::new(write::word_file(word, list)),
                };
                ((*word).clone(), file)
            })
            .collect();
        let chunks: Vec<&[&Statement]> = by_number.chunks(write::CHUNK).collect();
        self.chunks = chunks
            .par_iter()
            .enumerate()
            .map(|(k, chunk)| match (&dirty, self.chunks.get(k)) {
                (Some((_, numbers)), Some(file))
                    if numbers
                        .range(k * write::CHUNK..(k + 1) * write::CHUNK)
                        .next()
                        .is_none() =>
                {
                    file.clone()
                }
                _ => File::new(write::chunk_file(k, chunk)),
            })
            .collect();
        let facets = facets(config, &by_number, people);
        let mut files: Vec<File> = self.blocks.values().map(|(_, f)| f.clone()).collect();
        files.extend(self.frequent.values().cloned());
        files.extend(self.chunks.iter().cloned());
        files.extend(write::columns(&facets).into_iter().map(File::new));
        files.push(File::new(write::dates(&by_number)));
        files.push(File::new(write::meta(&self.postings, &by_number, &facets)));
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        self.dirty = Some(Default::default());
        files
    }

    /// Takes in the statements that changed since they were indexed, when
    /// they are the same statements in the same order (each at the same
    /// number). `None`, and nothing changed, when they are not: then the
    /// index must be made anew.
    pub fn patch(
        &mut self,
        statements: &[Arc<Statement>],
        bodies: &[Arc<Body>],
        people: &People,
    ) -> Option<()> {
        if statements.len() != self.indexed.len() || people_key(people) != self.people {
            return None;
        }
        let mut changed = Vec::new();
        for (i, ((s, b), (old_s, old_b))) in statements.iter().zip(bodies).zip(&self.indexed).enumerate() {
            if Arc::ptr_eq(s, old_s) && Arc::ptr_eq(b, old_b) {
                continue;
            }
            if s.rel != old_s.rel {
                return None;
            }
            changed.push(i);
        }
        let n = statements.len();
        for i in changed {
            let (old_statement, old_body) =
                std::mem::replace(&mut self.indexed[i], (statements[i].clone(), bodies[i].clone()));
            if let Some((_, numbers)) = &mut self.dirty {
                numbers.insert(n - 1 - i);
            }
            let old = words_of(&old_statement, &old_body, people);
            let new = words_of(&statements[i], &bodies[i], people);
            if old.iter().eq(new.iter()) {
                continue;
            }
            let number = ((n - 1 - i) as u32) << 4;
            // The words whose postings change: in one list and not the
            // other, or with another impact.
            let old_set: BTreeSet<(&str, u32)> = old.iter().collect();
            let new_set: BTreeSet<(&str, u32)> = new.iter().collect();
            if let Some((words, _)) = &mut self.dirty {
                words.extend(old_set.symmetric_difference(&new_set).map(|(w, _)| w.to_string()));
            }
            for (word, _) in old.iter() {
                if let Some(list) = self.postings.get_mut(word) {
                    list.retain(|p| p >> 4 != number >> 4);
                    if list.is_empty() {
                        self.postings.remove(word);
                    }
                }
            }
            for (word, impact) in new.iter() {
                let list = self.postings.entry(word.to_string()).or_default();
                let at = list.partition_point(|p| p >> 4 < number >> 4);
                list.insert(at, number | impact);
            }
        }
        Some(())
    }
}

/// Every file of the search index of these statements.
pub fn files(
    config: &Config,
    statements: &[Arc<Statement>],
    bodies: &[Arc<Body>],
    people: &People,
) -> Vec<File> {
    let t = std::time::Instant::now();
    let mut index = Index::new(statements, bodies, people);
    crate::diag::timing("  search words", t);
    let t = std::time::Instant::now();
    let files = index.files(config, people);
    crate::diag::timing("  search files", t);
    files
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
