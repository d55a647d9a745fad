//! What one rebuild leaves the next, so that `watch` and `serve` work out
//! only the keys an edit can have changed.
//!
//! A key is always the key of what a template receives ([`crate::key`]);
//! the memo only saves computing it again when that cannot have changed.
//! It holds, from the last rebuild: the statements and bodies it was made
//! from (the objects themselves, so that "the same object" is checked by
//! address without an address ever being reused), the site's structure
//! (archive and cross-links), the configuration's and templates' keys,
//! each statement's card and feed-entry key, and per page its key and the
//! statements its context read ([`crate::render::context::page_reading`]
//! notes them, so nothing here lists what a page depends on).
//!
//! A card or entry key is reused when its statement and body are the same
//! objects and the configuration and structure are the same (a card reads
//! nothing else); a page key when the configuration, structure, templates
//! and number of statements are the same and every statement it read is.

use std::collections::HashMap;
use std::sync::Arc;

use super::Site;
use crate::archive::Archive;
use crate::data::BulkPart;
use crate::key::Key;
use crate::links::LinkGraph;
use crate::model::{Body, Statement};
use crate::render::context::Card;

/// One page's key and the statements (indexes) its context read.
pub type PageRecord = (Key, Box<[u32]>);

/// The memo of the last rebuild (see the module's documentation).
pub struct Memo {
    config: Key,
    templates: Key,
    archive: Arc<Archive>,
    links: Arc<LinkGraph>,
    statements: Vec<(Arc<Statement>, Arc<Body>)>,
    cards: Vec<Card>,
    entries: Vec<Option<Key>>,
    pages: HashMap<String, PageRecord>,
    /// The parts of the archive's data (`data/`) the rebuild made.
    bulk: Vec<Arc<BulkPart>>,
}

impl Memo {
    /// What a rebuild made: its site, the key of its templates (and
    /// `site` value), its cards and entry keys, and each page's record.
    pub fn new(
        site: &Site,
        templates: Key,
        cards: Vec<Card>,
        entries: Vec<Option<Key>>,
        pages: HashMap<String, PageRecord>,
        bulk: Vec<Arc<BulkPart>>,
    ) -> Memo {
        Memo {
            config: site.config.key,
            templates,
            archive: site.archive.clone(),
            links: site.links.clone(),
            statements: site
                .statements
                .iter()
                .cloned()
                .zip(site.bodies.iter().cloned())
                .collect(),
            cards,
            entries,
            pages,
            bulk,
        }
    }

    /// What of the memo holds for `site`, planned with templates of key
    /// `templates`.
    pub fn reuse(&self, site: &Site, templates: Key) -> Reuse<'_> {
        let structure = self.config == site.config.key
            && Arc::ptr_eq(&self.archive, &site.archive)
            && Arc::ptr_eq(&self.links, &site.links)
            && self.statements.len() == site.statements.len();
        let same = if structure {
            self.statements
                .iter()
                .zip(site.statements.iter().zip(&site.bodies))
                .map(|((s0, b0), (s, b))| Arc::ptr_eq(s0, s) && Arc::ptr_eq(b0, b))
                .collect()
        } else {
            Vec::new()
        };
        Reuse {
            memo: self,
            pages: structure && self.templates == templates,
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
    /// Per statement: the same statement and body as last time (empty
    /// when the structure changed: then nothing is reused).
    same: Vec<bool>,
}

impl Reuse<'_> {
    /// Statement `i`'s card, when it is what it would be built anew.
    pub fn card(&self, i: usize) -> Option<Card> {
        self.same
            .get(i)
            .copied()
            .unwrap_or(false)
            .then(|| self.memo.cards[i].clone())
    }

    /// The key of statement `i`'s feed entry, when it still holds.
    pub fn entry(&self, i: usize) -> Option<Key> {
        if self.same.get(i).copied().unwrap_or(false) {
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

    /// The key and reads of page `file`, when none of what it read changed.
    pub fn page(&self, file: &str) -> Option<&PageRecord> {
        if !self.pages {
            return None;
        }
        let record = self.memo.pages.get(file)?;
        record
            .1
            .iter()
            .all(|&i| self.same.get(i as usize).copied().unwrap_or(false))
            .then_some(record)
    }
}
