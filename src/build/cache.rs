//! The build cache: `pressroom build` with nothing changed since the last
//! build does nothing, and says so.
//!
//! It records, in `ROOT/.pressroom/build.json`, a fingerprint of every
//! input — pressroom's version, the command line, and each file of
//! site.toml, content/, the theme, templates/ and static/ by path, size and
//! modification time — and the same of every file the build wrote. When
//! both are unchanged, the output folder is exactly what a new build would
//! write (output is deterministic), so the build is skipped. Anything
//! else, including an edited or deleted output file, means a full build.
//!
//! A fingerprint is a sum of one hash per file, so that files can be
//! stated in parallel and in any order, and so that a build can add up
//! the files it writes as it writes them instead of reading the output
//! folder back.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::BuildOptions;
use crate::config::Config;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Record {
    inputs: u64,
    output_dir: PathBuf,
    outputs: u64,
    files: usize,
}

/// The fingerprint of a set of files, added up one file at a time from any
/// number of threads.
#[derive(Debug, Default)]
pub struct Fingerprint {
    sum: AtomicU64,
    files: AtomicUsize,
}

impl Fingerprint {
    /// Adds the file at `rel` (relative to the folder fingerprinted).
    pub fn add(&self, rel: &Path, meta: &std::fs::Metadata) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        rel.hash(&mut h);
        meta.len().hash(&mut h);
        if let Ok(t) = meta.modified() {
            t.duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos()
                .hash(&mut h);
        }
        self.sum.fetch_add(h.finish(), Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
    }

    fn value(&self) -> (u64, usize) {
        (
            self.sum.load(Ordering::Relaxed),
            self.files.load(Ordering::Relaxed),
        )
    }
}

fn cache_file(root: &Path) -> PathBuf {
    root.join(".pressroom").join("build.json")
}

/// Every file under `paths` (each a folder or a file), stated on every core.
fn tree_fingerprint(base: &Path, paths: &[PathBuf]) -> (u64, usize) {
    let files: Vec<PathBuf> = paths
        .iter()
        .flat_map(|p| walkdir::WalkDir::new(p).into_iter().filter_map(Result::ok))
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let fingerprint = Fingerprint::default();
    files.par_iter().for_each(|path| {
        if let Ok(meta) = std::fs::metadata(path) {
            fingerprint.add(path.strip_prefix(base).unwrap_or(path), &meta);
        }
    });
    fingerprint.value()
}

/// The fingerprint of a build's inputs and options.
pub fn inputs(options: &BuildOptions, config: &Config) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // The options that change what a build writes (not its progress display).
    (&options.root, &options.output, &options.base_url, options.drafts).hash(&mut h);
    let root = &config.root;
    let paths = [
        root.join("site.toml"),
        root.join("content"),
        root.join("themes").join(&config.theme),
        root.join("templates"),
        root.join("static"),
    ];
    tree_fingerprint(root, &paths).hash(&mut h);
    h.finish()
}

/// The number of files in the output folder, when it is what the last
/// build with these `inputs` (their fingerprint) wrote.
pub fn up_to_date(config: &Config, inputs: u64) -> Option<usize> {
    let text = std::fs::read_to_string(cache_file(&config.root)).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    if record.output_dir != config.output_dir || !config.output_dir.is_dir() || record.inputs != inputs {
        return None;
    }
    let (hash, files) = tree_fingerprint(&config.output_dir, std::slice::from_ref(&config.output_dir));
    (hash == record.outputs && files == record.files).then_some(files)
}

/// Records a finished build: the fingerprint of its inputs as they were
/// when it started, and of the files it wrote. Failing to write the cache
/// only costs the next build its shortcut.
pub fn save(config: &Config, inputs: u64, written: &Fingerprint) {
    let (outputs, files) = written.value();
    let record = Record {
        inputs,
        output_dir: config.output_dir.clone(),
        outputs,
        files,
    };
    let path = cache_file(&config.root);
    if let Some(parent) = path.parent()
        && std::fs::create_dir_all(parent).is_ok()
        && let Ok(json) = serde_json::to_string_pretty(&record)
    {
        let _ = std::fs::write(path, json);
    }
}
