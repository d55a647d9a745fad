//! Incremental rebuilds are exact. After every edit of a random sequence
//! that touches every kind of input (see [`edits`]: statements and every
//! field of their front matter, links and headings, new, deleted, renamed
//! and moved statements and folders, people, templates and static files in
//! every layer, site.toml), two faster paths must give byte for byte what a
//! clean full build writes (or both fail, leaving the last good site):
//!
//! - the folder that `watch`/`serve` keep up to date
//!   ([`DevBuild::rebuild`] with the changed paths);
//! - the output folder of `pressroom build` with its cache, built again and
//!   again in place (the up-to-date check, then only changed files written).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pressroom::build::{self, BuildOptions};
use pressroom::watch::DevBuild;

use crate::support::edits::{self, Builder, Edit};
use crate::support::{Site, assert_same_files, pressroom, snapshot};

/// `watch`'s rebuilds into a folder of their own, against in-process full
/// builds.
struct Watched {
    dev: DevBuild,
    options: BuildOptions,
    live: PathBuf,
    _scratch: tempfile::TempDir,
}

impl Watched {
    fn start(root: &Path, drafts: bool) -> Watched {
        let scratch = tempfile::tempdir().unwrap();
        let live = scratch.path().join("live");
        let options = BuildOptions {
            root: root.to_path_buf(),
            drafts,
            ..Default::default()
        };
        let mut dev = DevBuild::new(
            BuildOptions {
                output: Some(live.clone()),
                ..options.clone()
            },
            live.clone(),
        );
        dev.rebuild(None).expect("the fixture builds");
        Watched {
            dev,
            options,
            live,
            _scratch: scratch,
        }
    }
}

impl Builder for Watched {
    fn update(&mut self, edit: &Edit) -> Result<(), String> {
        self.dev
            .rebuild(Some(&edit.touched))
            .map(drop)
            .map_err(|d| d.to_string())
    }

    fn clean(&mut self, out: &Path) -> Result<(), String> {
        let options = BuildOptions {
            output: Some(out.to_path_buf()),
            ..self.options.clone()
        };
        build::build(&options).map(drop).map_err(|d| d.to_string())
    }

    fn kept(&self) -> PathBuf {
        self.live.clone()
    }
}

/// `pressroom build` with its cache into public/, again and again,
/// against `pressroom build --no-cache` into a new folder.
struct Cached {
    root: PathBuf,
    drafts: bool,
}

impl Cached {
    fn start(root: &Path, drafts: bool) -> Cached {
        let cached = Cached {
            root: root.to_path_buf(),
            drafts,
        };
        cached.run(&[]).expect("the fixture builds");
        cached
    }

    /// Runs `pressroom build ARGS`: Ok when it succeeded, its stderr when
    /// it failed (exit 1); panics on any other exit.
    fn run(&self, args: &[&str]) -> Result<(), String> {
        let root = self.root.to_str().unwrap();
        let mut all = vec!["build", "--root", root];
        all.extend(args);
        if self.drafts {
            all.push("--drafts");
        }
        let out = pressroom(&all, &self.root);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        match out.status.code() {
            Some(0) => Ok(()),
            Some(1) => Err(stderr),
            _ => panic!("pressroom {all:?} crashed ({}):\n{stderr}", out.status),
        }
    }
}

impl Builder for Cached {
    fn update(&mut self, _: &Edit) -> Result<(), String> {
        self.run(&[])
    }

    fn clean(&mut self, out: &Path) -> Result<(), String> {
        self.run(&["--no-cache", "--output", out.to_str().unwrap()])
    }

    fn kept(&self) -> PathBuf {
        self.root.join("public")
    }
}

#[test]
fn incremental_rebuilds_equal_clean_full_builds_after_random_edits() {
    // Every third run includes drafts, as `serve --drafts` does.
    edits::check_seeds(&[1, 2, 3, 4, 5, 6], 30, 15, true, |root, seed| {
        Watched::start(root, seed % 3 == 0)
    });
}

#[test]
fn cached_builds_in_place_equal_clean_builds_after_random_edits() {
    edits::check_seeds(&[101, 102, 103, 104], 25, 12, false, |root, seed| {
        Cached::start(root, seed == 103)
    });
}

#[test]
fn a_body_edit_renders_only_its_page_and_its_feeds() {
    let site = Site::fixture("site/archive");
    let root = site.root().to_path_buf();
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: root.clone(),
        output: Some(out.path().to_path_buf()),
        ..Default::default()
    };
    let mut dev = DevBuild::new(options, out.path().to_path_buf());
    let first = dev.rebuild(None).unwrap();
    let path = root.join("content/2017/readout.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nOne more paragraph at the end.\n")).unwrap();
    let again = dev.rebuild(Some(&BTreeSet::from([path]))).unwrap();
    // Its page, its feeds (3 formats × the site and each of its terms),
    // and the always-produced sitemap, robots.txt and static files.
    assert!(
        again.rendered < first.rendered / 3,
        "{} of {}",
        again.rendered,
        first.rendered
    );
    let page = again.sync.written;
    assert!(page >= 1, "the page itself is written");
}

/// Regression: pages written by the body-edit fast path kept the keys of
/// their old content, so a later batch that restored the old text (with
/// another change, taking the full path) left the edited page on disk.
#[test]
fn a_body_edit_undone_in_a_larger_batch_is_undone_on_disk() {
    let site = Site::fixture("site/archive");
    let root = site.root().to_path_buf();
    let scratch = tempfile::tempdir().unwrap();
    let live = scratch.path().join("live");
    let options = BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let mut dev = DevBuild::new(
        BuildOptions {
            output: Some(live.clone()),
            ..options.clone()
        },
        live.clone(),
    );
    dev.rebuild(None).unwrap();
    let readout = root.join("content/2017/readout.md");
    let other = root.join("content/2017/syria.md");
    let original = std::fs::read_to_string(&readout).unwrap();
    std::fs::write(&readout, format!("{original}\nA closing paragraph.\n")).unwrap();
    dev.rebuild(Some(&BTreeSet::from([readout.clone()]))).unwrap();
    std::fs::write(&readout, &original).unwrap();
    let retitled = std::fs::read_to_string(&other)
        .unwrap()
        .replacen("title = \"", "title = \"Retitled ", 1);
    std::fs::write(&other, retitled).unwrap();
    dev.rebuild(Some(&BTreeSet::from([readout, other]))).unwrap();
    let full = scratch.path().join("full");
    build::build(&BuildOptions {
        output: Some(full.clone()),
        ..options
    })
    .unwrap();
    assert_same_files(
        &snapshot(&live),
        &snapshot(&full),
        "after the batch that undid the body edit",
    );
}
