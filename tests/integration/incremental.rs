//! Incremental rebuilds are exact: after every edit of a random sequence —
//! bodies, titles, dates, terms, new, deleted and renamed statements,
//! people, templates, static files and site.toml — the folder that
//! `watch`/`serve` keep up to date is byte for byte what a clean full build
//! writes (or both fail).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pressroom::build::{self, BuildOptions};
use pressroom::watch::DevBuild;

use crate::support::{Site, list_files, snapshot};

/// A small deterministic generator (splitmix64), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn statements(root: &Path) -> Vec<PathBuf> {
    list_files(&root.join("content"))
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .map(|f| root.join("content").join(f))
        .collect()
}

/// Panics unless `live` holds exactly the files of `full`, byte for byte.
fn assert_same_tree(live: &Path, full: &Path, context: &str) {
    let (a, b) = (snapshot(live), snapshot(full));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{context}: different files"
    );
    for (file, bytes) in &a {
        assert!(
            Some(bytes) == b.get(file),
            "{context}: {file} differs from a full build"
        );
    }
}

/// Applies one random edit; returns the paths it touched and what it did.
fn edit(
    root: &Path,
    rng: &mut Rng,
    step: usize,
    originals: &[(PathBuf, String)],
) -> (BTreeSet<PathBuf>, String) {
    let files = statements(root);
    let pick = files[rng.below(files.len())].clone();
    // Deleting or renaming a statement that others link to breaks the
    // build until it comes back: only do it to unreferenced ones.
    let rel = pick
        .strip_prefix(root.join("content"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let referenced = files
        .iter()
        .any(|f| std::fs::read_to_string(f).unwrap().contains(&format!("@/{rel}")));
    let text = std::fs::read_to_string(&pick).unwrap();
    let mut touched = BTreeSet::from([pick.clone()]);
    let what = match rng.below(15) {
        13 | 14 => {
            // Two files in one batch: one restored, one retitled.
            let (path, original) = &originals[rng.below(originals.len())];
            if path.exists() && *path != pick {
                std::fs::write(path, original).unwrap();
                touched.insert(path.clone());
            }
            let new = text.replacen("title = \"", &format!("title = \"Batch {step} "), 1);
            std::fs::write(&pick, new).unwrap();
            "restored one statement and retitled another in one batch"
        }
        11 | 12 => {
            // Back to how a statement was at the start: pages written by a
            // faster path must not be mistaken for up to date.
            let (path, text) = &originals[rng.below(originals.len())];
            if path.exists() {
                std::fs::write(path, text).unwrap();
                touched = BTreeSet::from([path.clone()]);
            }
            "restored a statement"
        }
        0 | 1 => {
            std::fs::write(&pick, format!("{text}\nA new paragraph {step}.\n")).unwrap();
            "appended a paragraph"
        }
        2 => {
            // The first paragraph is the summary when none is given.
            let new = text.replacen("\n+++\n", &format!("\n+++\nNew opening {step}.\n\n"), 1);
            std::fs::write(&pick, new).unwrap();
            "changed the summary"
        }
        3 => {
            let new = text.replacen("title = \"", &format!("title = \"Step {step} "), 1);
            std::fs::write(&pick, new).unwrap();
            "changed the title"
        }
        4 => {
            let new = text.replacen(
                "+++\n",
                &format!("+++\ntopics = [\"Topic {}\"]\n", rng.below(3)),
                1,
            );
            // A second `topics` key would be an error: only add when absent.
            if !text.contains("\ntopics") {
                std::fs::write(&pick, new).unwrap();
            }
            "added a topic"
        }
        5 => {
            let day = 1 + rng.below(28);
            let new = format!(
                "+++\ntitle = \"New {step}\"\ndate = 2017-03-{day:02}\nspeaker = \"Heather Nauert\"\nkind = \"Readout\"\n+++\nNew statement {step}.\n"
            );
            let path = root.join(format!("content/2017/new-{step}.md"));
            std::fs::write(&path, new).unwrap();
            touched = BTreeSet::from([path]);
            "created a statement"
        }
        6 if files.len() > 3 && !referenced => {
            std::fs::remove_file(&pick).unwrap();
            "deleted a statement"
        }
        7 if !referenced => {
            let to = pick.with_file_name(format!("renamed-{step}.md"));
            std::fs::rename(&pick, &to).unwrap();
            touched.insert(to);
            "renamed a statement"
        }
        8 => {
            let base = root.join("templates/404.html");
            std::fs::create_dir_all(base.parent().unwrap()).unwrap();
            std::fs::write(&base, format!("{{% extends \"base.html\" %}}{{% block content %}}<h1>Lost {step}</h1>{{% endblock content %}}")).unwrap();
            touched = BTreeSet::from([base]);
            "changed a template"
        }
        9 => {
            let path = root.join("static/extra.css");
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, format!("body {{ --step: {step}; }}\n")).unwrap();
            touched = BTreeSet::from([path]);
            "changed a stylesheet"
        }
        6 | 7 => {
            std::fs::write(&pick, format!("{text}\nAnother paragraph {step}.\n")).unwrap();
            "appended a paragraph (the statement is linked to)"
        }
        _ => {
            let path = root.join("site.toml");
            let config = std::fs::read_to_string(&path).unwrap();
            let per_page = 1 + rng.below(3);
            let new: String = config
                .lines()
                .map(|l| {
                    if l.starts_with("per_page") {
                        format!("per_page = {per_page}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(&path, new + "\n").unwrap();
            touched = BTreeSet::from([path]);
            "changed site.toml"
        }
    };
    (touched, what.to_string())
}

#[test]
fn incremental_rebuilds_equal_clean_full_builds_after_random_edits() {
    for seed in [1u64, 2, 3, 4] {
        let site = Site::fixture("site/archive");
        let root = site.root().to_path_buf();
        let scratch = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            root: root.clone(),
            ..Default::default()
        };
        let live = scratch.path().join("live");
        let mut dev = DevBuild::new(
            BuildOptions {
                output: Some(live.clone()),
                ..options.clone()
            },
            live.clone(),
        );
        dev.rebuild(None).expect("the fixture builds");
        let originals: Vec<(PathBuf, String)> = statements(&root)
            .into_iter()
            .map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap()))
            .collect();
        let mut rng = Rng(seed);
        let mut compared = 0;
        for step in 0..25 {
            let (touched, what) = edit(&root, &mut rng, step, &originals);
            let incremental = dev.rebuild(Some(&touched));
            let full_dir = scratch.path().join(format!("full-{seed}-{step}"));
            let full = build::build(&BuildOptions {
                output: Some(full_dir.clone()),
                ..options.clone()
            });
            match (incremental, full) {
                (Ok(_), Ok(_)) => {
                    assert_same_tree(&live, &full_dir, &format!("seed {seed} step {step} ({what})"));
                    compared += 1;
                }
                (Err(_), Err(_)) => {}
                (i, f) => panic!(
                    "seed {seed} step {step} ({what}): incremental {} but full build {}",
                    if i.is_ok() { "succeeded" } else { "failed" },
                    if f.is_ok() { "succeeded" } else { "failed" }
                ),
            }
        }
        assert!(compared > 15, "seed {seed}: only {compared} steps compared");
    }
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
    assert_same_tree(&live, &full, "after the batch that undid the body edit");
}
