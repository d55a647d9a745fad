//! Incremental rebuild benchmark: how long `watch`/`serve` take to show one
//! edit in a large archive.
//!
//! Usage: `cargo run --release --example rebuild_bench -- CORPUS [ROUNDS]`
//! (a corpus from `examples/gen_corpus.rs`). It builds the corpus once into
//! a new folder as `watch` does, then times, over ROUNDS rounds each: an
//! edit of one statement's body (last paragraph), and an edit of one
//! statement's title, restoring the statement after each round (untimed).
//! It restores the statement at the end. Prints the median and worst times.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pressroom::build::BuildOptions;
use pressroom::watch::DevBuild;

#[global_allocator]
static ALLOCATOR: pressroom::alloc::Allocator = pressroom::alloc::Allocator;

fn main() {
    pressroom::alloc::keep_freed_memory();
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: rebuild_bench CORPUS [ROUNDS]");
        std::process::exit(2);
    };
    // Absolute, as the file watcher reports changed paths.
    let root = std::fs::canonicalize(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let out = std::env::temp_dir().join(format!("pressroom-rebuild-bench-{}", std::process::id()));
    let options = BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        ..Default::default()
    };
    let mut dev = DevBuild::new(options, out.clone());
    let start = Instant::now();
    let first = dev
        .rebuild(None)
        .unwrap_or_else(|d| panic!("the corpus does not build:\n{d}"));
    eprintln!("first build: {} files in {:.2?}", first.files, start.elapsed());

    // A statement in the middle of the archive.
    let mut files: Vec<PathBuf> = walk(&root.join("content"));
    files.sort();
    let target = files[files.len() / 2].clone();
    let original = std::fs::read_to_string(&target).expect("readable statement");
    let changed = BTreeSet::from([target.clone()]);

    let mut body = Vec::new();
    let mut title = Vec::new();
    for round in 0..rounds {
        std::fs::write(
            &target,
            format!("{original}\nAn added closing sentence, round {round}.\n"),
        )
        .expect("write");
        let t = Instant::now();
        let r = dev.rebuild(Some(&changed)).expect("body edit builds");
        body.push(t.elapsed());
        eprintln!("body edit:  {}", r.line());

        let retitled = original.replacen("title = \"", &format!("title = \"Revised {round}: "), 1);
        std::fs::write(&target, retitled).expect("write");
        let t = Instant::now();
        let r = dev.rebuild(Some(&changed)).expect("title edit builds");
        title.push(t.elapsed());
        eprintln!("title edit: {}", r.line());

        // Back to the original (not timed), so that the next body edit
        // changes the body only.
        std::fs::write(&target, &original).expect("restore");
        dev.rebuild(Some(&changed)).expect("restored statement builds");
    }
    std::fs::write(&target, &original).expect("restore");
    let _ = std::fs::remove_dir_all(&out);
    println!("statements file edited: {}", target.display());
    println!(
        "body edit:  median {:.1?}, worst {:.1?}",
        median(&mut body),
        body.iter().max().copied().unwrap_or_default()
    );
    println!(
        "title edit: median {:.1?}, worst {:.1?}",
        median(&mut title),
        title.iter().max().copied().unwrap_or_default()
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "people") {
                out.extend(walk(&path));
            }
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
    out
}
