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

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

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

fn cache_file(root: &Path) -> PathBuf {
    root.join(".pressroom").join("build.json")
}

/// Hashes path, size and modification time of every file under `dirs`.
fn tree_fingerprint(dirs: &[PathBuf], h: &mut impl Hasher) -> usize {
    let mut count = 0;
    for dir in dirs {
        dir.hash(h);
        if dir.is_file() {
            stat(dir, h);
            count += 1;
            continue;
        }
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file() {
                entry.path().hash(h);
                stat(entry.path(), h);
                count += 1;
            }
        }
    }
    count
}

fn stat(path: &Path, h: &mut impl Hasher) {
    if let Ok(meta) = std::fs::metadata(path) {
        meta.len().hash(h);
        if let Ok(t) = meta
            .modified()
            .map(|m| m.duration_since(UNIX_EPOCH).unwrap_or_default())
        {
            t.as_nanos().hash(h);
        }
    }
}

fn inputs(options: &BuildOptions, config: &Config) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // The options that change what a build writes (not its progress display).
    (&options.root, &options.output, &options.base_url, options.drafts).hash(&mut h);
    let root = &config.root;
    let dirs = [
        root.join("site.toml"),
        root.join("content"),
        root.join("themes").join(&config.theme),
        root.join("templates"),
        root.join("static"),
    ];
    tree_fingerprint(&dirs, &mut h);
    h.finish()
}

fn outputs(dir: &Path) -> (u64, usize) {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let files = tree_fingerprint(&[dir.to_path_buf()], &mut h);
    (h.finish(), files)
}

/// The number of files in the output folder, when it is up to date.
pub fn up_to_date(options: &BuildOptions, config: &Config) -> Option<usize> {
    let text = std::fs::read_to_string(cache_file(&config.root)).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    if record.output_dir != config.output_dir || !config.output_dir.is_dir() {
        return None;
    }
    if record.inputs != inputs(options, config) {
        return None;
    }
    let (hash, files) = outputs(&config.output_dir);
    (hash == record.outputs && files == record.files).then_some(files)
}

/// Records a finished build. Failing to write the cache only costs the
/// next build its shortcut.
pub fn save(options: &BuildOptions, config: &Config) {
    let (outputs, files) = outputs(&config.output_dir);
    let record = Record {
        inputs: inputs(options, config),
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
