//! The build cache: `pressroom build` with nothing changed since the last
//! build does nothing, and says so.
//!
//! It records, in `ROOT/.pressroom/build.json`, a fingerprint of every
//! input — pressroom's version, the command line, and each file of
//! site.toml, content/, the theme, templates/ and static/ by path, size and
//! modification time — and the same of every file the build wrote. When
//! the inputs are unchanged and the output folder is the one recorded
//! (its marker there, no temporary file of a killed `watch` at its top),
//! the output folder is exactly what a new build would write (output is
//! deterministic), so the build is skipped. The record is trusted: the
//! files the build wrote are not stated again, unless `--mend` asks.
//!
//! A fingerprint is a sum of one hash per file (SipHash-1-3, see
//! [`file_key`]), so that files can be stated in parallel and in any
//! order. A build records what it wrote as it writes (`outputs.bin`,
//! postcard frames of [`ROWS_PER_FRAME`] rows, sorted by path: each
//! file's hash, the key of what made it, its size and time), so it never reads the output folder back; a build
//! into the folder of the record adds only its changes to `outputs.log`
//! until the log is a quarter of the record's size. The next build into
//! the same folder uses that record to make only the outputs whose keys
//! changed, and to write only the files whose bytes changed. `watch` and
//! `serve` keep the same record of the folder they keep up to date.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::BuildOptions;
use crate::config::Config;
use crate::output::{Manifest, Recorded, modified_nanos};
use crate::paths;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Record {
    inputs: u64,
    output_dir: PathBuf,
    outputs: u64,
    files: usize,
}

/// A file's part of a fingerprint: SipHash-1-3 (key 0, 64 bits) of its
/// path (relative to the folder, UTF-8), a 0xff byte, its size (8 bytes)
/// and modification time (16 bytes, nanoseconds), both little-endian. A
/// fingerprint is their sum.
fn file_key(rel: &str, len: u64, modified: u128) -> u64 {
    use std::hash::Hasher;
    let mut hasher = siphasher::sip::SipHasher13::new();
    hasher.write(rel.as_bytes());
    hasher.write(&[0xff]);
    hasher.write(&len.to_le_bytes());
    hasher.write(&modified.to_le_bytes());
    hasher.finish()
}

fn cache_file(root: &Path) -> PathBuf {
    root.join(".pressroom").join("build.json")
}

/// Every file under `paths` (each a folder or a file), stated on every
/// core: the sum of their keys, their number, and whether the walk of
/// each path met an error.
fn tree_fingerprint(base: &Path, paths: &[PathBuf]) -> (u64, usize, Stamps, Vec<bool>) {
    let mut erred = vec![false; paths.len()];
    let files: Vec<PathBuf> = paths
        .iter()
        .zip(&mut erred)
        .flat_map(|(p, erred)| {
            walkdir::WalkDir::new(p)
                .follow_links(true)
                .into_iter()
                .filter_map(|entry| entry.inspect_err(|_| *erred = true).ok())
        })
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let count = files.len();
    let stated: Vec<(PathBuf, (u64, u128))> = paths::stating(|| {
        files
            .into_par_iter()
            .filter_map(|path| {
                let meta = std::fs::metadata(&path).ok()?;
                Some((path, (meta.len(), modified_nanos(&meta))))
            })
            .collect()
    });
    let sum = stated
        .par_iter()
        .map(|(path, (len, modified))| file_key(&paths::rel_path(base, path), *len, *modified))
        .reduce(|| 0, u64::wrapping_add);
    (sum, count, stated.into_iter().collect(), erred)
}

/// The size and modification time of each input file, as the fingerprint
/// stated them.
pub type Stamps = std::collections::HashMap<PathBuf, (u64, u128)>;

/// The input files as the fingerprint found them: their stamps, and the
/// statement files of content/ as [`crate::content::discover`] lists them
/// (sorted by path, ignored names left out), unless walking content/ met
/// an error, which discovery then reports.
pub struct Stated {
    pub stamps: Stamps,
    /// content/, when it was walked without an error.
    content: Option<PathBuf>,
}

impl Stated {
    /// The statement files among the stamps, as discovery would list
    /// them; `None` when content/ could not be walked without an error.
    pub fn statements(&self) -> Option<Vec<PathBuf>> {
        self.content
            .as_deref()
            .map(|content| statements_of(content, &self.stamps))
    }
}

/// The statement files among `stamps`, as discovery would list them.
fn statements_of(content: &Path, stamps: &Stamps) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = stamps
        .par_iter()
        .map(|(p, _)| p)
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.strip_prefix(content).is_ok_and(|rel| {
                    rel.components()
                        .all(|c| !paths::is_ignored_name(&c.as_os_str().to_string_lossy()))
                })
        })
        .cloned()
        .collect();
    found.par_sort_unstable();
    found
}

/// The fingerprint of an output folder as a build wrote it.
fn manifest_fingerprint(manifest: &Manifest) -> (u64, usize) {
    let sum = manifest
        .par_iter()
        .map(|(rel, r)| file_key(rel, r.len, r.modified))
        .reduce(|| 0, u64::wrapping_add);
    (sum, manifest.len())
}

/// The fingerprint of a build's inputs and options, and the stamps of the
/// input files it was made from.
pub fn inputs(options: &BuildOptions, config: &Config) -> (u64, Stated) {
    let root = &config.root;
    let content = config.content_dir();
    let paths = [
        root.join("site.toml"),
        content.clone(),
        root.join("themes").join(&config.theme),
        root.join("templates"),
        root.join("static"),
    ];
    let t = std::time::Instant::now();
    let (sum, count, stamps, erred) = tree_fingerprint(root, &paths);
    let content = (!erred[1] && content.is_dir()).then_some(content);
    crate::diag::timing("  input files stated", t);
    // The options that change what a build writes (not its progress display).
    let key = crate::key::of(&(
        env!("CARGO_PKG_VERSION"),
        (&options.root, &options.output, &options.base_url, options.drafts),
        (sum, count),
    ));
    (key.0 as u64, Stated { stamps, content })
}

/// The number of files in the output folder, when it is what the last
/// build with these `inputs` (their fingerprint) wrote: every file it
/// recorded is there with the size and modification time it wrote. The
/// folder is not walked: a file someone added to it is not the build's
/// and is left alone (see [`crate::output::Writer::open_recorded`]).
pub fn up_to_date(config: &Config, inputs: u64, check: bool) -> Option<usize> {
    let text = std::fs::read_to_string(cache_file(&config.root)).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    if record.output_dir != config.output_dir || !config.output_dir.is_dir() || record.inputs != inputs {
        return None;
    }
    let marked = config.output_dir.join(crate::output::guard::MARKER).is_file();
    // A temporary file a killed `watch` left at the top is removed by a
    // build (see [`crate::output::Writer::open_recorded`]).
    let left = std::fs::read_dir(&config.output_dir).is_ok_and(|top| {
        top.flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".pressroom-tmp"))
    });
    if left {
        return None;
    }
    if !check {
        return marked.then_some(record.files);
    }
    let t = std::time::Instant::now();
    let manifest = manifest(config)?;
    crate::diag::timing("  record of the output read", t);
    let t = std::time::Instant::now();
    let dir = &config.output_dir;
    let intact = paths::stating(|| {
        manifest.par_iter().all(|(rel, r)| {
            std::fs::symlink_metadata(dir.join(rel)).is_ok_and(|meta| {
                meta.is_file() && meta.len() == r.len && modified_nanos(&meta) == r.modified
            })
        })
    });
    crate::diag::timing("  output files stated", t);
    (intact && marked).then_some(manifest.len())
}

/// The output folder the last recorded build wrote.
pub fn recorded_output(config: &Config) -> Option<PathBuf> {
    let text = std::fs::read_to_string(cache_file(&config.root)).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    Some(record.output_dir)
}

/// What the last build wrote into the output folder, file by file, when
/// the cache knows it: a build into the same folder then writes only the
/// files that changed (see [`crate::output::Update`]).
pub fn manifest(config: &Config) -> Option<Manifest> {
    let text = std::fs::read_to_string(cache_file(&config.root)).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    if record.output_dir != config.output_dir {
        return None;
    }
    let mut manifest = Manifest::with_capacity_and_hasher(record.files, Default::default());
    match std::fs::read(manifest_file(&config.root)) {
        Ok(bytes) => {
            // Frames of rows, read on every core.
            let frames = super::state::frames(&bytes)?;
            let rows: Vec<Vec<(String, Recorded)>> = frames
                .par_iter()
                .map(|(_, frame)| postcard::from_bytes(frame).ok())
                .collect::<Option<_>>()?;
            manifest.extend(rows.into_iter().flatten());
            // The changes of the builds since, in order.
            if let Ok(log) = std::fs::read(log_file(&config.root)) {
                let mut rest = log.as_slice();
                while !rest.is_empty() {
                    let (changes, more): (Vec<(String, Option<Recorded>)>, &[u8]) =
                        postcard::take_from_bytes(rest).ok()?;
                    for (rel, row) in changes {
                        match row {
                            Some(row) => manifest.insert(rel, row),
                            None => manifest.remove(&rel),
                        };
                    }
                    rest = more;
                }
            }
        }
        // Kept as text by earlier versions: read once, so that upgrading
        // does not make the next build write every file again.
        Err(_) => {
            let text = std::fs::read_to_string(old_manifest_file(&config.root)).ok()?;
            for line in text.lines() {
                let (rel, recorded) = old_row(line)?;
                manifest.insert(rel.to_string(), recorded);
            }
        }
    }
    // A manifest that is not the one of the record is not trusted.
    (manifest_fingerprint(&manifest) == (record.outputs, record.files)).then_some(manifest)
}

/// `outputs.bin` is frames (each a little-endian u32 length, then a
/// postcard list) of this many rows, so that it is read on every core.
const ROWS_PER_FRAME: usize = 16_384;

fn manifest_file(root: &Path) -> PathBuf {
    root.join(".pressroom").join("outputs.bin")
}

/// The changes to `outputs.bin` of the builds since it was written: for
/// each build, the rows of the files it wrote, kept with a new key or
/// removed (postcard, one list after another).
fn log_file(root: &Path) -> PathBuf {
    root.join(".pressroom").join("outputs.log")
}

/// The size of the log at which `outputs.bin` is written anew: a quarter
/// of the record's own.
fn log_is_long(root: &Path) -> bool {
    let size = |path: PathBuf| std::fs::metadata(path).map_or(0, |m| m.len());
    size(log_file(root)) > size(manifest_file(root)) / 4
}

/// Where earlier versions kept the record, as text.
fn old_manifest_file(root: &Path) -> PathBuf {
    root.join(".pressroom").join("outputs.tsv")
}

/// A line of [`old_manifest_file`]: hash, key, size, time and path, by tabs.
fn old_row(line: &str) -> Option<(&str, Recorded)> {
    let mut fields = line.splitn(5, '\t');
    let recorded = Recorded {
        hash: u64::from_str_radix(fields.next()?, 16).ok()?,
        key: crate::key::Key::parse(fields.next()?)?,
        len: fields.next()?.parse().ok()?,
        modified: fields.next()?.parse().ok()?,
    };
    Some((fields.next()?, recorded))
}

/// Records a finished build: the fingerprint of its inputs as they were
/// when it started, and what it wrote. With `changes` (how `written`
/// differs from the record the build started from), only those are added
/// to the record, until they are many. Failing to write the cache only
/// costs the next build its shortcuts.
pub fn save(
    config: &Config,
    inputs: u64,
    written: &Manifest,
    changes: Option<&[(String, Option<Recorded>)]>,
) {
    let (outputs, files) = manifest_fingerprint(written);
    let record = Record {
        inputs,
        output_dir: config.output_dir.clone(),
        outputs,
        files,
    };
    let root = &config.root;
    let path = cache_file(root);
    let Some(parent) = path.parent() else { return };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    // The manifest first: a record is only ever read beside its manifest.
    let kept = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str::<Record>(&text).ok())
        .is_some_and(|last| last.output_dir == record.output_dir);
    let _ = std::fs::remove_file(&path);
    let logged = match changes {
        Some(changes) if kept && manifest_file(root).is_file() && !log_is_long(root) => {
            append(&log_file(root), changes).is_ok()
        }
        _ => false,
    };
    if !logged {
        let mut rows: Vec<(&String, &Recorded)> = written.iter().collect();
        rows.par_sort_unstable_by_key(|(rel, _)| *rel);
        let frames: Vec<Vec<u8>> = rows
            .par_chunks(ROWS_PER_FRAME)
            .map(|chunk| {
                let mut frame = Vec::new();
                super::state::push_frame(&mut frame, &chunk).map(|()| frame)
            })
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        if frames.is_empty() && !rows.is_empty() {
            return;
        }
        let bytes = frames.concat();
        let _ = std::fs::remove_file(old_manifest_file(root));
        let _ = std::fs::remove_file(log_file(root));
        if std::fs::write(manifest_file(root), bytes).is_err() {
            return;
        }
    }
    if let Ok(json) = serde_json::to_string_pretty(&record) {
        let _ = std::fs::write(path, json);
    }
}

/// Adds one build's `changes` at the end of the log.
fn append(log: &Path, changes: &[(String, Option<Recorded>)]) -> std::io::Result<()> {
    use std::io::Write;
    let bytes = postcard::to_stdvec(changes).map_err(std::io::Error::other)?;
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(log)?;
    file.write_all(&bytes)
}
