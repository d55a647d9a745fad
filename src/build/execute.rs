//! The executor: an output plan in, its files handed to a sink.
//!
//! Every command renders through [`execute`]: `build` and `watch` into a
//! [`crate::output::Writer`], which says which keys it has already (those
//! outputs are not made again), `check` into a sink that reads each page's
//! links. Pages, sitemaps, robots.txt, the search index and static files
//! are made in parallel, then feeds one format at a time (the entries
//! written once for all the feeds of a format are freed before the next).

use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::Progress;
use super::memo::PageRecord;
use super::plan::{Beside, Make, Output, OutputPlan};
use crate::diag::{Diagnostic, Diagnostics};
use crate::feeds;
use crate::key::Key;

/// Where an executed plan's files go.
pub trait Sink: Sync {
    /// Whether the output `file` of this `key` must be handed over: false
    /// when the sink holds it already (and keeps it).
    fn wants(&self, file: &str, key: Key) -> bool;

    /// Takes one file of the site (`a/b/index.html`).
    fn write(&self, file: &str, key: Key, bytes: &[u8]) -> Result<(), Diagnostic>;

    /// The bytes of the output `file` of this `key`, when the sink holds it
    /// (as it was written): what a data file made again copies its
    /// unchanged parts from. Nothing is kept by reading it.
    fn read(&self, _file: &str, _key: Key) -> Option<Vec<u8>> {
        None
    }
}

/// What an execution did.
#[derive(Default)]
pub struct Executed {
    /// Outputs of the plan.
    pub files: usize,
    /// Outputs made and handed to the sink (the others it had).
    pub made: usize,
    /// Per output, in the plan's order: a page's (or a file beside a
    /// statement's) key and the statements its context read, for the next
    /// rebuild's [`super::memo::Memo`].
    pub pages: super::memo::PageRecords,
}

/// Makes every output of `plan` that `sink` wants, and hands it over.
pub fn execute(
    plan: &OutputPlan,
    sink: &dyn Sink,
    progress: Option<&Progress>,
) -> Result<Executed, Diagnostics> {
    if let Some(p) = progress {
        p.total.store(plan.outputs.len(), Ordering::Relaxed);
    }
    let made = std::sync::atomic::AtomicUsize::new(0);
    let one = |n: usize,
               output: &Output,
               entries: Option<&feeds::Entries>|
     -> Result<Option<PageRecord>, Diagnostic> {
        let result = plan.make(n, output, entries, |key| !sink.wants(&output.file, key));
        if let Some(p) = progress {
            p.done.fetch_add(1, Ordering::Relaxed);
        }
        let made_now = result?;
        if let Some(bytes) = made_now.bytes {
            made.fetch_add(1, Ordering::Relaxed);
            sink.write(&output.file, made_now.key, &bytes)?;
        }
        Ok(made_now.reads.map(|reads| (made_now.key, reads)))
    };
    let is_feed = |o: &Output| matches!(o.make, Make::Feed(..));
    let is_bulk = |o: &Output| matches!(o.make, Make::Bulk(..));
    let t = std::time::Instant::now();
    let mut diags = Diagnostics::default();
    // The archive's data is made beside the pages (it is mostly CPU, they
    // are mostly writing), each file handed over as soon as it is made
    // (README.md and datapackage.json, which describe them all, once the
    // pages are).
    let has_bulk = plan.outputs.iter().any(is_bulk);
    let bulk_errors = std::sync::Mutex::new(Vec::new());
    let hand = |file: &str, key: Key, bytes: Vec<u8>| {
        if sink.wants(file, key) {
            match sink.write(file, key, &bytes) {
                Ok(()) => {
                    made.fetch_add(1, Ordering::Relaxed);
                }
                Err(d) => bulk_errors.lock().unwrap_or_else(|e| e.into_inner()).push(d),
            }
        }
        None
    };
    // A statement's index.json made by the data's lines, which read its
    // record anyway.
    let json = |i: usize, key: Key, bytes: Vec<u8>| {
        let file = plan.beside_file(i, Beside::Json);
        if sink.wants(&file, key) {
            match sink.write(&file, key, &bytes) {
                Ok(()) => {
                    made.fetch_add(1, Ordering::Relaxed);
                }
                Err(d) => bulk_errors.lock().unwrap_or_else(|e| e.into_inner()).push(d),
            }
        }
    };
    // One result per output, in the plan's order (feeds and data files
    // are made below, and read no statement a page record names).
    let (_, results): (_, Vec<Result<Option<PageRecord>, Diagnostic>>) = rayon::join(
        || {
            has_bulk.then(|| {
                plan.make_bulk(
                    &|file, key| !sink.wants(file, key),
                    &|file, key| sink.read(file, key),
                    &hand,
                    Some(&json),
                )
            })
        },
        || {
            // Split into small pieces, so that the thread that was making
            // the data, once done, finds pages to take: left to itself,
            // rayon stops splitting a piece no thread stole early, and the
            // other thread then renders a quarter of the pages alone.
            plan.outputs
                .par_iter()
                .with_max_len(64)
                .enumerate()
                .map(|(n, o)| {
                    if is_feed(o) || is_bulk(o) {
                        Ok(None)
                    } else {
                        one(n, o, None)
                    }
                })
                .collect()
        },
    );
    for (n, o) in plan.outputs.iter().enumerate().filter(|(_, o)| is_bulk(o)) {
        if let Err(d) = one(n, o, None) {
            diags.push(d);
        }
    }
    diags.extend(bulk_errors.into_inner().unwrap_or_else(|e| e.into_inner()));
    let mut pages = Vec::with_capacity(results.len());
    for (result, output) in results.into_iter().zip(&plan.outputs) {
        match result {
            Ok(None) if let Make::Beside(i, Beside::Json) = output.make => {
                pages.push(plan.json_record(i).cloned());
            }
            Ok(record) => pages.push(record),
            Err(d) => {
                diags.push(d);
                pages.push(None);
            }
        }
    }
    crate::diag::timing("pages", t);
    let t = std::time::Instant::now();
    let data = plan.data();
    for &format in &data.config.feeds.formats {
        let entries = feeds::Entries::new(data.config, data.statements, data.bodies, data.archive);
        // In small pieces, like the pages: the feeds are one run of the
        // outputs, which rayon would otherwise leave to one thread.
        diags.extend(
            plan.outputs
                .par_iter()
                .with_max_len(64)
                .enumerate()
                .filter(|(_, o)| matches!(o.make, Make::Feed(_, f) if f == format))
                .filter_map(|(n, o)| one(n, o, Some(&entries)).err())
                .collect::<Vec<_>>(),
        );
    }
    crate::diag::timing("feeds", t);
    diags.into_result(Executed {
        files: plan.outputs.len(),
        made: made.into_inner(),
        pages,
    })
}
