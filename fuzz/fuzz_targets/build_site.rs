//! A whole small site built from fuzzed bytes: the input is split at lines
//! `%%%` into site.toml and up to three statement files and a people file
//! (see [`FILES`]), written into a fresh folder, and built with
//! `build::build` into `out/` inside it (never where site.toml's
//! `output_dir` says: the output folder is replaced by a build).
//!
//! Asserts: no panic; a failed build reports diagnostics that name a file
//! of the site (or of the theme), at a position inside it, and writes
//! nothing (no `out/`, no staging folder left); a build that succeeds
//! writes every file it counts, the pages every site has, well-formed XML
//! feeds and sitemaps, JSON that parses, and UTF-8 HTML, and leaves no
//! staging folder.
//!
//! With `PRESSROOM_FUZZ_DEBUG` set, a failed build prints its diagnostics.
//! The folder is `$PRESSROOM_FUZZ_DIR` (fuzz/run.sh makes one in /dev/shm
//! and removes it), else `pressroom-fuzz-<pid>` in the temporary folder.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use pressroom::build::{self, BuildOptions};
use pressroom::config::Config;
use pressroom_fuzz::check_diagnostics;

/// Where the chunks after site.toml go, in order.
const FILES: [&str; 4] = [
    "content/2017/a.md",
    "content/2017/b.md",
    "content/c.md",
    "content/people/p.toml",
];

const SEPARATOR: &[u8] = b"\n%%%\n";

static ROOT: LazyLock<PathBuf> = LazyLock::new(|| match std::env::var_os("PRESSROOM_FUZZ_DIR") {
    Some(dir) => PathBuf::from(dir).join("site"),
    None => std::env::temp_dir().join(format!("pressroom-fuzz-{}", std::process::id())),
});

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut chunks = Vec::new();
    let mut rest = data;
    while chunks.len() < FILES.len() {
        match rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
            Some(i) => {
                chunks.push(&rest[..i]);
                rest = &rest[i + SEPARATOR.len()..];
            }
            None => break,
        }
    }
    chunks.push(rest);
    chunks
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("fuzz harness: {e}"));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("fuzz harness: {e}"));
}

/// The names in `root`, sorted.
fn entries(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn check_output(out: &Path, files: usize) {
    let mut count = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap_or_else(|e| panic!("output folder unreadable: {e}"));
        if !entry.file_type().is_file() {
            continue;
        }
        // The mark of pressroom's own output folder is not a site file.
        if entry.depth() == 1 && entry.file_name() == pressroom::output::guard::MARKER {
            continue;
        }
        count += 1;
        let path = entry.path();
        let name = path.to_string_lossy();
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name.ends_with(".xml") {
            let text = std::str::from_utf8(&bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
            if let Err(e) = roxmltree::Document::parse(text) {
                panic!("{name} is not well-formed XML: {e}\n{text}");
            }
        } else if name.ends_with(".json") {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                panic!("{name} is not JSON: {e}");
            }
        } else if name.ends_with(".html") {
            assert!(std::str::from_utf8(&bytes).is_ok(), "{name} is not UTF-8");
        }
    }
    assert_eq!(count, files, "the build counted {files} files and wrote {count}");
    for page in ["index.html", "404.html", "robots.txt", "sitemap.xml"] {
        assert!(out.join(page).is_file(), "the build wrote no {page}");
    }
}

fuzz_target!(|data: &[u8]| {
    let root: &Path = &ROOT;
    if root.exists() {
        std::fs::remove_dir_all(root).unwrap_or_else(|e| panic!("fuzz harness: {e}"));
    }
    let chunks = split(data);
    let (site_toml, statements) = (chunks[0], &chunks[1..]);
    // A theme is a folder under themes/, which this site has none of, but
    // an absolute `theme` replaces the path: keep the build inside root.
    if let Ok(text) = std::str::from_utf8(site_toml)
        && let Ok(config) = Config::parse(root, &root.join("site.toml"), text)
        && Path::new(&config.theme).is_absolute()
    {
        return;
    }
    write(&root.join("site.toml"), site_toml);
    std::fs::create_dir_all(root.join("content")).unwrap_or_else(|e| panic!("fuzz harness: {e}"));
    let mut texts: Vec<(PathBuf, &[u8])> = vec![(root.join("site.toml"), site_toml)];
    for (name, bytes) in FILES.iter().zip(statements) {
        write(&root.join(name), bytes);
        texts.push((root.join(name), bytes));
    }
    let text_of = |p: &Path| {
        texts
            .iter()
            .find(|(path, _)| path == p)
            .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
    };

    let out = root.join("out");
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        ..BuildOptions::default()
    };
    match build::build(&options) {
        Ok(report) => {
            assert!(!report.up_to_date);
            assert_eq!(report.output_dir, out);
            assert!(report.statements <= statements.len().min(3));
            assert_eq!(report.written, report.files);
            check_output(&out, report.files);
            assert_eq!(
                entries(root),
                ["content", "out", "site.toml"],
                "a build left files behind"
            );
        }
        Err(diags) => {
            if std::env::var_os("PRESSROOM_FUZZ_DEBUG").is_some() {
                eprintln!("{diags}");
            }
            check_diagnostics(&diags.0, text_of);
            for d in &diags.0 {
                // A statement without a kind under a `:kind` permalink was
                // once reported at its output path `2017//x/index.html`
                // (artifacts-kept/build_site/kind-permalink-without-kind.txt).
                assert!(
                    d.path.starts_with(root) || d.path.starts_with("(built-in theme)"),
                    "a diagnostic names no file of the site: {d}"
                );
            }
            assert_eq!(
                entries(root),
                ["content", "site.toml"],
                "a failed build wrote something"
            );
        }
    }
});
