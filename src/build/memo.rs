//! What one rebuild leaves the next, so that `watch` and `serve` work out
//! only the keys an edit can have changed.
//!
//! A key is always the key of what a template receives ([`crate::key`]);
//! the memo only saves computing it again when that cannot have changed.
//! It holds, from the last rebuild: each statement's version (the key of
//! what the statement and its body are made from, [`Site::versions`]), the
//! key of the site's structure (what the archive and cross-links are
//! computed from), the configuration's and templates' keys, each
//! statement's card and feed-entry key, and per page its key and the
//! statements its context read ([`crate::render::context::page_reading`]
//! notes them, so nothing here lists what a page depends on). It is plain
//! data: `pressroom build` keeps it in `.pressroom/` for the next build
//! (without the cards, which are made again as pages need them, and
//! without the bytes of the data files, which are in the output folder).
//!
//! A card or entry key is reused when its statement has the same version
//! and the configuration and structure are the same (a card reads nothing
//! else); a page key when the configuration, structure, templates and
//! number of statements are the same and every statement it read has the
//! same version.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::Site;
use crate::data::BulkPart;
use crate::key::Key;
use crate::render::context::Card;

/// One page's key and the statements (indexes) its context read (shared:
/// a page kept as it was passes its record on without copying it).
pub type PageRecord = (Key, Arc<[u32]>);

/// Each output's record, in the order of the plan's outputs (`None` for
/// outputs that read no statement: feeds, sitemaps, static files…).
pub type PageRecords = Vec<Option<PageRecord>>;

/// The memo of the last rebuild (see the module's documentation).
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Memo {
    config: Key,
    templates: Key,
    structure: u64,
    versions: Vec<Key>,
    /// Not kept by the build cache: cards are made again as pages need them.
    #[serde(skip)]
    cards: Vec<Option<Card>>,
    entries: Vec<Option<Key>>,
    /// The plan's output files, in order, and their records.
    files: Vec<String>,
    /// Where the search index's files start in `files` (they are last).
    search_from: usize,
    pages: PageRecords,
    /// Where each file is in `files`, made when a plan's outputs are not
    /// the same list as this one's (see [`Memo::reuse`]).
    #[serde(skip)]
    index: OnceLock<HashMap<String, u32, foldhash::fast::FixedState>>,
    /// The parts of the archive's data (`data/`) the rebuild made (the
    /// build cache keeps their files' keys, not their bytes).
    bulk: Vec<Arc<BulkPart>>,
    /// The sitemap files the rebuild made (not kept by the build cache).
    #[serde(skip)]
    sitemaps: Vec<crate::sitemap::Made>,
    /// The keys of the outputs' claims, which passed their check, and of
    /// the list of outputs but the search index's (see
    /// [`super::plan::OutputPlan::claims`]).
    claims: (Key, Key),
}

/// What a rebuild's plan and executor leave of its outputs, for its
/// [`Memo`].
pub struct Outputs {
    /// Every output's file, in the plan's order.
    pub files: Vec<String>,
    /// Where the search index's files start in `files`.
    pub search_from: usize,
    /// Each output's record, in the same order.
    pub pages: PageRecords,
    pub bulk: Vec<Arc<BulkPart>>,
    pub sitemaps: Vec<crate::sitemap::Made>,
    /// The keys of the outputs' claims.
    pub claims: (Key, Key),
}

impl Memo {
    /// What a rebuild made: its site, the key of its templates (and
    /// `site` value), the cards its pages made, its entry keys, and its
    /// outputs with each page's record.
    pub fn new(
        site: &Site,
        templates: Key,
        cards: Vec<OnceLock<Card>>,
        entries: Vec<Option<Key>>,
        outputs: Outputs,
    ) -> Memo {
        let Outputs {
            files,
            search_from,
            pages,
            bulk,
            sitemaps,
            claims,
        } = outputs;
        Memo {
            config: site.config.key,
            templates,
            structure: site.structure,
            versions: site.versions.clone(),
            cards: cards.into_iter().map(OnceLock::into_inner).collect(),
            entries,
            files,
            search_from,
            pages,
            index: OnceLock::new(),
            bulk,
            sitemaps,
            claims,
        }
    }

    /// The files of the last rebuild's search index (the last of its
    /// outputs: see [`super::plan::OutputPlan::claims`]).
    pub fn search_files(&self) -> impl Iterator<Item = &str> {
        self.files
            .get(self.search_from..)
            .unwrap_or_default()
            .iter()
            .map(String::as_str)
    }

    /// The sitemap files the last rebuild made, when it was made with the
    /// configuration of key `config`.
    pub fn sitemaps(&self, config: Key) -> &[crate::sitemap::Made] {
        if config == self.config {
            &self.sitemaps
        } else {
            &[]
        }
    }

    /// The statements (indexes) whose version is not what it was, when
    /// the configuration and structure are the same; `None` when not.
    pub fn changed(&self, site: &Site) -> Option<Vec<usize>> {
        let same = self.config == site.config.key
            && self.structure == site.structure
            && self.versions.len() == site.versions.len();
        same.then(|| {
            (0..self.versions.len())
                .filter(|&i| self.versions[i] != site.versions[i])
                .collect()
        })
    }

    /// The key of the last good plan's claims (see
    /// [`super::plan::OutputPlan::new`]).
    pub fn claims(&self) -> (Key, Key) {
        self.claims
    }

    /// What of the memo holds for `site`, planned with templates of key
    /// `templates` and outputs whose list but the search index's has the
    /// key `list` (the same key: the same files in the same order, so that
    /// a page's record is found by its place in the plan rather than by
    /// its path).
    pub fn reuse(&self, site: &Site, templates: Key, list: Key) -> Reuse<'_> {
        let structure = self.config == site.config.key
            && self.structure == site.structure
            && self.versions.len() == site.versions.len();
        let same = if structure {
            self.versions
                .iter()
                .zip(&site.versions)
                .map(|(a, b)| a == b)
                .collect()
        } else {
            Vec::new()
        };
        Reuse {
            memo: self,
            pages: structure && self.templates == templates,
            aligned: list == self.claims.1 && self.files.len() == self.pages.len(),
            same,
        }
    }
}

/// The parts of a [`Memo`] that still hold.
pub struct Reuse<'m> {
    memo: &'m Memo,
    /// Page keys may be reused (configuration, structure and templates are
    /// as they were).
    pages: bool,
    /// The plan's outputs are the memo's, in the same order.
    aligned: bool,
    /// Per statement: the same statement and body as last time (empty
    /// when the structure changed: then nothing is reused).
    same: Vec<bool>,
}

impl Reuse<'_> {
    /// Statement `i` is the same, with the same body, as last time (and
    /// the structure is the same).
    pub fn same(&self, i: usize) -> bool {
        self.same.get(i).copied().unwrap_or(false)
    }

    /// Statement `i`'s card, when the memo has it and it is what it would
    /// be built anew.
    pub fn card(&self, i: usize) -> Option<Card> {
        if self.same(i) {
            self.memo.cards.get(i).cloned().flatten()
        } else {
            None
        }
    }

    /// The key of statement `i`'s feed entry, when it still holds.
    pub fn entry(&self, i: usize) -> Option<Key> {
        if self.same(i) {
            self.memo.entries.get(i).copied().flatten()
        } else {
            None
        }
    }

    /// The last rebuild's part of the archive's data for `year` (`None`:
    /// the whole archive's), when the structure and every statement it
    /// read are as they were.
    pub fn bulk_part(&self, year: Option<i32>) -> Option<Arc<BulkPart>> {
        let part = self.memo.bulk.iter().find(|p| p.year() == year)?;
        part.reads
            .iter()
            .all(|&i| self.same.get(i as usize).copied().unwrap_or(false))
            .then(|| part.clone())
    }

    /// The last rebuild's part of the archive's data for `year`, when the
    /// structure is the same (its chunks whose statements are the same may
    /// be copied).
    pub fn bulk_earlier(&self, year: Option<i32>) -> Option<Arc<BulkPart>> {
        if self.same.is_empty() {
            return None;
        }
        self.memo.bulk.iter().find(|p| p.year() == year).cloned()
    }

    /// The key and reads of page `file`, output `n` of the plan, when none
    /// of what it read changed.
    pub fn page(&self, n: usize, file: &str) -> Option<&PageRecord> {
        if !self.pages {
            return None;
        }
        let memo = self.memo;
        let at = if self.aligned {
            n
        } else {
            let index = memo.index.get_or_init(|| {
                memo.files
                    .iter()
                    .enumerate()
                    .map(|(at, file)| (file.clone(), at as u32))
                    .collect()
            });
            *index.get(file)? as usize
        };
        let record = memo.pages.get(at)?.as_ref()?;
        record.1.iter().all(|&i| self.same(i as usize)).then_some(record)
    }
}
