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

/// A `watch` build of the fixture in a folder of its own, with a function
/// that rebuilds after changes and one that compares with a full build.
fn watched() -> (Site, Watched) {
    let site = Site::fixture("site/archive");
    let watched = Watched::start(site.root(), false);
    (site, watched)
}

impl Watched {
    /// Rebuilds after `changed` (paths relative to the archive).
    fn rebuild(&mut self, changed: &[&str]) -> Result<(), String> {
        let root = self.options.root.clone();
        let touched = changed.iter().map(|rel| root.join(rel)).collect();
        self.update(&Edit {
            touched,
            what: format!("{changed:?}"),
        })
    }

    /// Asserts the folder is what a full build writes.
    fn assert_exact(&mut self, what: &str) {
        let scratch = tempfile::tempdir().unwrap();
        let full = scratch.path().join("full");
        self.clean(&full).expect("the full build succeeds");
        assert_same_files(&snapshot(&self.live), &snapshot(&full), what);
    }
}

/// Regression: a link to a statement that had an error of its own is not
/// reported (the statement's error is), and the body was kept in the load
/// cache rendered without it: once the statement was fixed, the pages that
/// link to it kept an unresolved `@/` link, and it lost its "Referenced in".
#[test]
fn fixing_a_statement_brings_back_the_links_to_it() {
    let (site, mut watched) = watched();
    let rel = "content/2016/trade-remarks.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    site.write(rel, &text.replace("kind = \"Remarks\"", "kind = \"Memo\""));
    let broken = watched.rebuild(&[rel]).expect_err("Memo is not a kind");
    assert!(broken.contains("Memo"), "{broken}");
    site.write(rel, &text);
    watched.rebuild(&[rel]).expect("fixed");
    let remarks =
        std::fs::read_to_string(watched.live.join("2016/12/31/remarks-on-trade/index.html")).unwrap();
    assert!(remarks.contains("Referenced in"), "the backlinks are gone");
    watched.assert_exact("after the fix");
}

/// A file in static/ wins over a generated page of the same name; once it
/// is deleted, the generated page must come back.
#[test]
fn a_static_file_over_a_generated_page_gives_it_back_when_deleted() {
    let (site, mut watched) = watched();
    // robots.txt from static/ replaces the generated one.
    let rel = "static/robots.txt";
    site.write(rel, "from static/\n");
    watched.rebuild(&[rel]).unwrap();
    assert_eq!(
        std::fs::read_to_string(watched.live.join("robots.txt")).unwrap(),
        "from static/\n"
    );
    watched.assert_exact("with static/robots.txt");
    site.remove(rel);
    watched.rebuild(&[rel]).unwrap();
    watched.assert_exact("once static/robots.txt is deleted");
    // A page the site generates is changed through its template: a static
    // file of its name is an error naming both, and the last good site
    // stays until it goes.
    for file in ["404.html", "index.html"] {
        let rel = format!("static/{file}");
        site.write(&rel, "from static/\n");
        let error = watched.rebuild(&[&rel]).unwrap_err();
        assert!(error.contains(&format!("two outputs claim /{file}")), "{error}");
        assert!(error.contains(&rel), "{error}");
        site.remove(&rel);
        watched.rebuild(&[&rel]).unwrap();
        watched.assert_exact(&format!("once {rel} is deleted"));
    }
}

/// An alias that named a file (`/old/note.html`) now names a folder
/// (`/old/note.html/`, written `old/note.html/index.html`), and back: the
/// file must go before the folder can be made, and the other way round.
#[test]
fn an_alias_that_named_a_file_can_name_a_folder_of_the_same_name() {
    let (site, mut watched) = watched();
    let rel = "content/2017/readout.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    for alias in ["/old/note.html", "/old/note.html/", "/old/note.html"] {
        site.write(
            rel,
            &text.replacen("+++\n", &format!("+++\naliases = [{alias:?}]\n"), 1),
        );
        watched
            .rebuild(&[rel])
            .unwrap_or_else(|e| panic!("with the alias {alias}: {e}"));
        watched.assert_exact(&format!("with the alias {alias}"));
    }
}

/// A rebuild that fails while writing (here: one statement has the
/// aliases `/old/note.html` and `/old/note.html/`, a file and a folder of
/// one name) must leave the last good site, as every failed rebuild does:
/// no file of the failed rebuild, no temporary file.
#[test]
fn a_rebuild_that_fails_while_writing_leaves_the_last_good_site() {
    let (site, mut watched) = watched();
    let before = snapshot(&watched.live);
    let rel = "content/2017/readout.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    let aliases = "aliases = [\"/old/note.html/\", \"/old/note.html\"]";
    site.write(rel, &text.replacen("+++\n", &format!("+++\n{aliases}\n"), 1));
    assert!(
        watched.rebuild(&[rel]).is_err(),
        "a file and a folder of one name"
    );
    assert_same_files(
        &snapshot(&watched.live),
        &before,
        "the folder after the failed rebuild",
    );
}

/// The search index that `watch` keeps makes again only the files of what
/// changed (dictionary blocks, postings, statement files): after edits
/// that add a word, remove words, change a title and undo it all, the
/// folder is still what a full build writes, byte for byte.
#[test]
fn the_search_index_kept_by_watch_equals_a_full_builds_after_edits() {
    let (site, mut watched) = watched();
    let path = "content/2017/syria.md";
    let original = std::fs::read_to_string(site.root().join(path)).unwrap();
    let with_word = original.replacen("+++\n\n", "+++\n\nAardvarks and zymurgy, newly indexed.\n\n", 1);
    let with_word = if with_word == original {
        format!("{original}\nAardvarks and zymurgy, newly indexed.\n")
    } else {
        with_word
    };
    site.write(path, &with_word);
    watched.rebuild(&[path]).unwrap();
    watched.assert_exact("after a body edit with new words");
    // The same words, more often: only their impacts change (no block
    // gains or loses a word).
    site.write(
        path,
        &with_word.replace(
            "Aardvarks and zymurgy",
            "Aardvarks, aardvarks, aardvarks and zymurgy",
        ),
    );
    watched.rebuild(&[path]).unwrap();
    watched.assert_exact("after a body edit that only weighs words again");
    // Words gone from the body, and a new title.
    let lines: Vec<&str> = original.lines().collect();
    let shorter =
        lines[..lines.len() - lines.len() / 3]
            .join("\n")
            .replacen("title = \"", "title = \"Retitled ", 1);
    site.write(path, &shorter);
    watched.rebuild(&[path]).unwrap();
    watched.assert_exact("after words were removed and the title changed");
    site.write(path, &original);
    watched.rebuild(&[path]).unwrap();
    watched.assert_exact("after the edits were undone");
}
