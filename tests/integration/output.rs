//! The output folder: deterministic bytes, all-or-nothing builds, and no
//! stale files from earlier builds.

use crate::paths::FIXTURE;
use crate::support::{Site, assert_same_files, statement};

#[test]
fn building_fresh_copies_gives_identical_bytes() {
    // Two copies in different folders, built by separate processes: any
    // absolute path, time stamp or hash-map order in the output shows here.
    let a = Site::fixture(FIXTURE);
    let b = Site::fixture(FIXTURE);
    a.build();
    b.build();
    let first = a.snapshot();
    assert!(first.len() > 40, "suspiciously few files: {:?}", first.keys());
    assert_same_files(&first, &b.snapshot(), "two fresh copies");
    // And a rebuild in place changes nothing. With nothing changed the
    // build is skipped, so an input is written again as it was (a new
    // time): every page is rendered again, and not one file differs.
    let config = a.root().join("site.toml");
    std::fs::write(&config, std::fs::read(&config).unwrap()).unwrap();
    let again = said(&a.run(&["build"]));
    assert!(again.contains("(0 changed, the others already there)"), "{again}");
    assert_same_files(&first, &a.snapshot(), "a rebuild in place");
    // Without the cache, into a new folder swapped in: the same.
    assert!(said(&a.run(&["build", "--no-cache"])).contains("Built"));
    assert_same_files(&first, &a.snapshot(), "a rebuild in place without the cache");
}

#[test]
fn many_statements_on_one_day_are_ordered_the_same_every_time() {
    // Parallel loading must not leak into the order of equal dates.
    let make = || {
        let site = Site::new(crate::support::SITE);
        for i in 0..40 {
            site.write(
                &format!("content/s{i:02}.md"),
                &statement(
                    &format!("Same Day {i}"),
                    "2017-07-05",
                    &format!(
                        "speakers = [\"Speaker {}\", \"Shared Speaker\"]\ntopics = [\"T{}\"]",
                        i % 7,
                        i % 3
                    ),
                ),
            );
        }
        site.build();
        site
    };
    let a = make();
    let b = make();
    assert_same_files(&a.snapshot(), &b.snapshot(), "two builds of one archive");
}

/// Asserts the build fails with exit 1 and leaves `public/` exactly as it
/// was and no staging folder behind, both with the cache (staging only the
/// changed files) and without it (staging a new folder); returns its stderr.
fn assert_failed_build_changes_nothing(site: &Site) -> String {
    let before = site.snapshot();
    assert!(!before.is_empty());
    let mut stderr = String::new();
    for args in [&["build"][..], &["build", "--no-cache"]] {
        let out = site.run(args);
        stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "expected {args:?} to fail:\n{stderr}");
        assert_same_files(&before, &site.snapshot(), "public/ after a failed build");
        assert!(site.leftovers().is_empty(), "left behind: {:?}", site.leftovers());
    }
    stderr
}

#[test]
fn a_failed_build_leaves_the_output_untouched() {
    let site = Site::fixture(FIXTURE);
    site.build();
    assert!(site.leftovers().is_empty(), "left behind: {:?}", site.leftovers());
    // A new good statement and a broken one: neither may show up.
    site.write(
        "content/2019/new.md",
        &statement("New Statement", "2019-01-01", ""),
    );
    site.write(
        "content/2017/syria.md",
        &statement("Statement on Syria", "2017-07-05", "kind = \"Memo\""),
    );
    let stderr = assert_failed_build_changes_nothing(&site);
    assert!(stderr.contains("Memo"), "{stderr}");
    assert!(!site.exists("2019/01/01/new-statement/index.html"));
}

#[test]
fn a_template_error_while_rendering_leaves_the_output_untouched() {
    // Rendering fails after the staging folder was made: it must go too.
    let site = Site::fixture(FIXTURE);
    site.build();
    site.write(
        "templates/statement.html",
        "{% extends \"base.html\" %}{% block content %}{{ statement.no_such_field.deeper }}{% endblock content %}",
    );
    let stderr = assert_failed_build_changes_nothing(&site);
    assert!(stderr.contains("statement.html"), "{stderr}");
}

#[test]
fn a_rebuild_removes_the_pages_of_a_deleted_statement() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let gone = [
        "2018/03/15/taken-question-visa-policy/index.html",
        "2018/03/15/index.html",
        "2018/03/index.html",
        "kinds/taken-question/index.html",
        "topics/visas/index.html",
        // Heather Nauert drops to 2 statements: one page.
        "speakers/heather-nauert/page/2/index.html",
    ];
    for f in gone {
        assert!(site.exists(f), "{f} missing before the rebuild");
    }
    site.remove("content/2018/taken-question.md");
    let stderr = said(&site.run(&["build"]));
    assert!(stderr.contains("changed, the others already there"), "{stderr}");
    for f in gone {
        assert!(!site.exists(f), "{f} survived the rebuild");
    }
    assert!(site.exists("speakers/heather-nauert/index.html"));
    assert!(site.exists("2018/01/02/department-press-briefing/index.html"));
    assert!(site.leftovers().is_empty(), "left behind: {:?}", site.leftovers());
    // No list mentions it any more.
    for (file, page) in site.html_pages() {
        assert!(
            !page
                .attrs("a[href]", "href")
                .iter()
                .any(|h| h.contains("taken-question-visa-policy")),
            "{file} still links to the deleted statement"
        );
    }
}

#[test]
fn a_rebuild_after_a_title_change_removes_the_old_url() {
    let site = Site::new(crate::support::SITE);
    site.write("content/a.md", &statement("First Title", "2017-07-05", ""));
    site.build();
    assert!(site.exists("2017/07/05/first-title/index.html"));
    site.write("content/a.md", &statement("Second Title", "2017-07-05", ""));
    let stderr = said(&site.run(&["build"]));
    assert!(stderr.contains("changed, the others already there"), "{stderr}");
    assert!(site.exists("2017/07/05/second-title/index.html"));
    assert!(!site.exists("2017/07/05/first-title/index.html"));
}

/// What the build said on stderr.
fn said(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An edit of the archive, and what it is.
type Change = (&'static str, fn(&Site));

#[test]
fn a_build_with_nothing_changed_is_skipped_and_anything_changed_builds_again() {
    let site = Site::fixture(FIXTURE);
    let first = said(&site.run(&["build"]));
    assert!(first.contains("Built"), "{first}");
    let built = site.snapshot();

    // Nothing changed: skipped, output untouched.
    let again = said(&site.run(&["build"]));
    assert!(again.contains("Nothing changed"), "{again}");
    assert_same_files(&built, &site.snapshot(), "a skipped build");

    // An edited statement: built again, and the edit shows.
    let rel = "content/2017/readout.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    site.write(rel, &format!("{text}\nOne more paragraph.\n"));
    let edited = said(&site.run(&["build"]));
    assert!(edited.contains("Built"), "{edited}");
    assert_ne!(built, site.snapshot());
    site.write(rel, &text);
    said(&site.run(&["build"]));
    assert_same_files(&built, &site.snapshot(), "the edit undone");

    // An output file edited or removed by hand: a build trusts its record
    // and leaves them; `--mend` builds again, and restores them.
    let page = site.public().join("index.html");
    std::fs::write(&page, "defaced").unwrap();
    std::fs::remove_file(site.public().join("robots.txt")).unwrap();
    assert!(said(&site.run(&["build"])).contains("Nothing changed"));
    assert_eq!(site.read("index.html"), "defaced");
    assert!(!site.exists("robots.txt"));
    assert!(said(&site.run(&["build", "--mend"])).contains("Built"));
    assert_same_files(&built, &site.snapshot(), "output restored");
    std::fs::write(&page, "defaced").unwrap();
    let rel = "content/2017/readout.md";
    site.write(rel, &format!("{text}\nOne more paragraph.\n"));
    assert!(said(&site.run(&["build"])).contains("Built"));
    assert_eq!(site.read("index.html"), "defaced", "trusted, so not mended");
    site.write(rel, &text);
    assert!(said(&site.run(&["build", "--mend"])).contains("Built"));
    assert_same_files(&built, &site.snapshot(), "output restored with an edit");

    // An edit of any input, wherever it is: built again, and it shows. A
    // rename keeps the file's size and time; only its path is new.
    let changes: [Change; 8] = [
        ("a template", |s| {
            s.write(
                "templates/404.html",
                "{% extends \"base.html\" %}{% block content %}Lost{% endblock content %}",
            );
        }),
        ("a static file", |s| {
            s.write("static/extra.css", "body {}\n");
        }),
        ("a file of the theme's folder", |s| {
            s.write("themes/default/static/style.css", "body { margin: 0 }\n");
        }),
        ("a people file", |s| {
            let path = "content/people/heather-nauert.toml";
            let text = std::fs::read_to_string(s.root().join(path)).unwrap();
            s.write(
                path,
                &text.replace("Department *spokesperson*.", "The spokesperson."),
            );
        }),
        ("site.toml", |s| {
            let text = std::fs::read_to_string(s.root().join("site.toml")).unwrap();
            s.write("site.toml", &text.replace("per_page = 2", "per_page = 3"));
        }),
        ("a statement in a new folder", |s| {
            s.write(
                "content/2019/new.md",
                &statement("New Statement", "2019-01-01", ""),
            );
        }),
        ("a renamed statement", |s| {
            let from = s.root().join("content/2017/syria.md");
            std::fs::rename(from, s.root().join("content/2017/syria-renamed.md")).unwrap();
        }),
        ("a deleted statement", |s| {
            s.remove("content/2019/new.md");
        }),
    ];
    for (what, change) in changes {
        change(&site);
        let stderr = said(&site.run(&["build"]));
        assert!(stderr.contains("Built"), "{what}: {stderr}");
        assert_same_files(&site.snapshot(), &clean_build(&site), what);
    }
    let built = site.snapshot();

    // Other options: built again.
    assert!(said(&site.run(&["build", "--base-url", "https://elsewhere.example/"])).contains("Built"));
    assert!(said(&site.run(&["build"])).contains("Built"));
    assert!(said(&site.run(&["build"])).contains("Nothing changed"));
    assert!(said(&site.run(&["build", "--no-cache"])).contains("Built"));
    assert_same_files(&built, &site.snapshot(), "after all that");
}

/// Each output file's inode number: a file rewritten (renamed into place)
/// gets a new one.
fn inodes(dir: &std::path::Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, e.metadata().unwrap().ino())
        })
        .collect()
}

/// The output of a clean build of the same site, in a folder of its own.
fn clean_build(site: &Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    let other = tempfile::tempdir().unwrap();
    let out = other.path().join("public");
    said(&site.run(&["build", "--no-cache", "--output", out.to_str().unwrap()]));
    crate::support::snapshot(&out)
}

#[test]
fn a_build_into_the_last_output_writes_only_the_files_that_changed() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let before = inodes(&site.public());
    let bytes_before = site.snapshot();

    // One statement's body: its page and the feeds that carry the body
    // change; pages that list it do not (its summary is the same).
    let rel = "content/2017/readout.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    site.write(rel, &format!("{text}\nOne more paragraph.\n"));
    let stderr = said(&site.run(&["build"]));
    assert!(stderr.contains("changed, the others already there"), "{stderr}");
    let after = inodes(&site.public());
    let bytes_after = site.snapshot();
    let rewritten: Vec<&String> = after.keys().filter(|f| before.get(*f) != after.get(*f)).collect();
    let changed: Vec<&String> = bytes_after
        .keys()
        .filter(|f| bytes_before.get(*f) != bytes_after.get(*f))
        .collect();
    assert_eq!(
        rewritten, changed,
        "exactly the files whose bytes changed are written"
    );
    assert!(
        changed
            .iter()
            .any(|f| f.contains("readout") && f.ends_with("index.html")),
        "{changed:?}"
    );
    assert!(!changed.contains(&&"2016/index.html".to_string()), "{changed:?}");
    assert_same_files(&bytes_after, &clean_build(&site), "an update and a clean build");
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
}

#[test]
fn a_build_into_the_last_output_removes_what_it_no_longer_writes_and_mends_what_it_wrote() {
    let site = Site::fixture(FIXTURE);
    site.build();
    // A new title moves the statement; a page was edited by hand, another
    // deleted; something else left files behind.
    let rel = "content/2017/readout.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    let old_page = site
        .files()
        .into_iter()
        .find(|f| f.contains("readout") && f.ends_with("index.html"))
        .unwrap();
    site.write(
        rel,
        &text.replace("Readout of the Call", "Readout of the Telephone Call"),
    );
    std::fs::write(site.public().join("404.html"), "defaced").unwrap();
    std::fs::remove_file(site.public().join("index.html")).unwrap();
    std::fs::write(site.public().join("left-behind.txt"), "junk").unwrap();
    std::fs::create_dir_all(site.public().join("2016/old/folder")).unwrap();
    std::fs::write(site.public().join("2016/old/folder/x.html"), "junk").unwrap();
    let stderr = said(&site.run(&["build", "--mend"]));
    assert!(stderr.contains("changed, the others already there"), "{stderr}");
    let new_page = "2017/07/05/readout-of-the-telephone-call-with-jose-mario-vaz/index.html";
    assert!(
        site.public().join(new_page).is_file(),
        "{new_page} is not the page"
    );
    assert!(!site.exists(&old_page), "{old_page} is still there");
    // What the build wrote is as a clean build writes it; what it did not
    // write (it trusts its record, and does not walk the folder) is left.
    let mut clean = clean_build(&site);
    assert_eq!(site.read("left-behind.txt"), "junk");
    assert_eq!(site.read("2016/old/folder/x.html"), "junk");
    clean.insert("left-behind.txt".into(), b"junk".to_vec());
    clean.insert("2016/old/folder/x.html".into(), b"junk".to_vec());
    assert_same_files(&site.snapshot(), &clean, "an update and a clean build");
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
    // A build without the cache writes the folder anew, and only the site.
    site.build_with(&["--no-cache"]);
    assert!(!site.exists("left-behind.txt"));
    assert!(!site.public().join("2016/old").exists());
}

#[test]
fn a_folder_where_a_moved_page_goes_stops_the_build_before_anything_moves() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let rel = "content/2017/readout.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    site.write(
        rel,
        &text.replace("Readout of the Call", "Readout of the Telephone Call"),
    );
    let new_page = "2017/07/05/readout-of-the-telephone-call-with-jose-mario-vaz/index.html";
    std::fs::create_dir_all(site.public().join(new_page)).unwrap();
    std::fs::write(site.public().join(new_page).join("junk.html"), "junk").unwrap();
    let before = site.snapshot();
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("a folder stands where the build writes this file"),
        "{stderr}"
    );
    assert!(stderr.contains("--no-cache"), "{stderr}");
    assert_same_files(
        &site.snapshot(),
        &before,
        "the folder before and after the failed build",
    );
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
    site.build_with(&["--no-cache"]);
    assert!(
        site.public().join(new_page).is_file(),
        "{new_page} is not the page"
    );
    assert_same_files(
        &site.snapshot(),
        &clean_build(&site),
        "a build without the cache and a clean build",
    );
}

/// The build cache keeps what the last build loaded (`load.bin`), the
/// bodies' HTML (`html-*.bin`) and the page keys (`memo.bin`). Whatever
/// happens to those files, a build writes what a clean build writes.
#[test]
fn a_damaged_or_missing_build_cache_changes_nothing_in_the_output() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let cache = site.root().join(".pressroom");
    let store = || {
        std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("html-"))
            .expect("the build cache keeps the bodies' HTML")
    };
    assert!(cache.join("load.bin").is_file() && cache.join("memo.bin").is_file());
    let rel = "content/2017/readout.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    let zeroed = || {
        let len = std::fs::metadata(store()).unwrap().len() as usize;
        std::fs::write(store(), vec![0u8; len]).unwrap();
    };
    let damages: [(&str, &dyn Fn()); 8] = [
        // Read back only as pages need it: found out during the build.
        ("the HTML store zeroed", &zeroed),
        ("the HTML store emptied", &|| std::fs::write(store(), "").unwrap()),
        ("the HTML store removed", &|| {
            std::fs::remove_file(store()).unwrap()
        }),
        ("load.bin garbled", &|| {
            std::fs::write(cache.join("load.bin"), "garbage").unwrap()
        }),
        ("memo.bin garbled", &|| {
            std::fs::write(cache.join("memo.bin"), [7u8; 64]).unwrap()
        }),
        ("load.bin cut short", &|| {
            let bytes = std::fs::read(cache.join("load.bin")).unwrap();
            std::fs::write(cache.join("load.bin"), &bytes[..bytes.len() / 2]).unwrap();
        }),
        // The record of what is in the output folder.
        ("outputs.bin cut short", &|| {
            let bytes = std::fs::read(cache.join("outputs.bin")).unwrap();
            std::fs::write(cache.join("outputs.bin"), &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("outputs.bin garbled", &|| {
            std::fs::write(cache.join("outputs.bin"), [0xffu8; 64]).unwrap()
        }),
    ];
    for (n, (what, damage)) in damages.iter().enumerate() {
        // A title edit: every kind of page made again reads kept bodies.
        site.write(
            rel,
            &text.replace("Readout of the Call", &format!("Readout of Call {n}")),
        );
        site.build();
        damage();
        site.write(
            rel,
            &text.replace("Readout of the Call", &format!("Readout of the Call {n}")),
        );
        let stderr = said(&site.run(&["build"]));
        assert!(stderr.contains("Built"), "{what}: {stderr}");
        assert_same_files(&site.snapshot(), &clean_build(&site), what);
        assert!(site.leftovers().is_empty(), "{what}: {:?}", site.leftovers());
    }
}

/// Regression: the cache's fingerprint did not follow symbolic links,
/// which content/ follows: an edit of a statement that is a link to a file
/// elsewhere, or of one in a linked folder, was "Nothing changed".
#[test]
fn a_cached_build_notices_edits_behind_symbolic_links_in_content() {
    let site = Site::fixture(FIXTURE);
    let elsewhere = tempfile::tempdir().unwrap();
    let link = |rel: &str, target: &std::path::Path| {
        let path = site.root().join(rel);
        if path.is_dir() {
            crate::support::copy_dir(&path, target);
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::copy(&path, target).unwrap();
            std::fs::remove_file(&path).unwrap();
        }
        std::os::unix::fs::symlink(target, path).unwrap();
    };
    let remarks = elsewhere.path().join("trade-remarks.md");
    link("content/2016/trade-remarks.md", &remarks);
    let folder = elsewhere.path().join("2018");
    link("content/2018", &folder);
    site.build();
    assert!(site.exists("2018/01/02/department-press-briefing/index.html"));
    let edits = [
        (
            remarks,
            "Remarks on Trade",
            "2016/12/31/remarks-on-trade-policy/index.html",
        ),
        (
            folder.join("briefing.md"),
            "Department Press Briefing",
            "2018/01/02/department-press-briefing-policy/index.html",
        ),
    ];
    for (file, title, page) in edits {
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace(title, &format!("{title} Policy"))).unwrap();
        let stderr = said(&site.run(&["build"]));
        assert!(stderr.contains("Built"), "{}: {stderr}", file.display());
        assert!(site.exists(page), "{page} missing");
        assert_same_files(&site.snapshot(), &clean_build(&site), "an edit behind a link");
    }
}

/// A static file may not take a generated page's path (an error naming
/// both); static/robots.txt replaces the generated robots.txt, and stays
/// on every later cached build (a cached build once staged the generated
/// file over it).
#[test]
fn a_static_file_over_a_generated_page_is_an_error_but_robots_txt_stays_on_later_cached_builds() {
    let site = Site::fixture(FIXTURE);
    site.build();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    site.write("static/404.html", "<p>Not here.</p>\n");
    // A static file over a generated page is an error naming both...
    let stderr = site.build_fails();
    assert!(stderr.contains("two outputs claim /404.html"), "{stderr}");
    assert!(stderr.contains("static/404.html"), "{stderr}");
    // ...but robots.txt, which has no template, may come from static/.
    site.remove("static/404.html");
    site.build();
    let readout = "content/2017/readout.md";
    let text = std::fs::read_to_string(site.root().join(readout)).unwrap();
    for round in 1..=2 {
        assert_eq!(
            site.read("robots.txt"),
            "User-agent: *\nDisallow: /drafts/\n",
            "round {round}"
        );
        assert_same_files(
            &site.snapshot(),
            &clean_build(&site),
            "with static files over pages",
        );
        // Anything else edited: built again, with the static files unchanged.
        site.write(readout, &format!("{text}\nRound {round}.\n"));
        let stderr = said(&site.run(&["build"]));
        assert!(stderr.contains("changed, the others already there"), "{stderr}");
    }
}

#[test]
fn a_cached_build_makes_again_the_data_files_of_an_edited_year_and_mends_those_it_kept() {
    let site = Site::fixture(FIXTURE);
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[data]\nsplit_above = 1\n"));
    site.build();
    for year in ["2016", "2017", "2018"] {
        assert!(site.exists(&format!("data/statements-{year}.csv")), "{year}");
    }
    // A body edited in 2017; 2016's data files, which the cache keeps by
    // their keys only, deleted and defaced by hand.
    let rel = "content/2017/readout.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    site.write(rel, &format!("{text}\nOne more paragraph.\n"));
    std::fs::remove_file(site.public().join("data/statements-2016.csv")).unwrap();
    std::fs::write(site.public().join("data/statements-2016.jsonl.gz"), "defaced").unwrap();
    let stderr = said(&site.run(&["build", "--mend"]));
    assert!(stderr.contains("changed, the others already there"), "{stderr}");
    assert!(
        site.read("data/statements-2017.jsonl")
            .contains("One more paragraph.")
    );
    assert_same_files(
        &site.snapshot(),
        &clean_build(&site),
        "an update and a clean build",
    );
    // And again with nothing changed but a kept file deleted.
    std::fs::remove_file(site.public().join("data/statements-2018.jsonl")).unwrap();
    said(&site.run(&["build", "--mend"]));
    assert_same_files(
        &site.snapshot(),
        &clean_build(&site),
        "a mended output and a clean build",
    );
}

#[test]
fn a_cached_build_after_one_edit_splices_the_data_files_and_equals_a_clean_build() {
    // 700 statements: the data files are one part of three chunks of 256
    // statements (newest first), of which the edit changes the second; the
    // other two are copied from the files the last build wrote.
    let site = Site::new(crate::support::SITE);
    let first = chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    for i in 0..700u64 {
        let date = first + chrono::Days::new(i);
        let link = if i % 50 == 49 {
            format!(" See [the one before](@/s{}.md).", i - 1)
        } else if i == 0 {
            // From the last chunk (oldest) to the first (newest).
            " See [the newest](@/s699.md).".to_string()
        } else {
            String::new()
        };
        site.write(
            &format!("content/s{i}.md"),
            &statement(&format!("Statement {i}"), &date.to_string(), "kind = \"Readout\"").replace(
                &format!("Body of Statement {i}."),
                &format!("Body of Statement {i}.{link}"),
            ),
        );
    }
    site.build();
    let text = std::fs::read_to_string(site.root().join("content/s400.md")).unwrap();
    site.write(
        "content/s400.md",
        &format!("{text}\nA paragraph added to four hundred.\n"),
    );
    said(&site.run(&["build"]));
    let gz = std::fs::read(site.public().join("data/statements.jsonl.gz")).unwrap();
    let mut jsonl = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(gz.as_slice()), &mut jsonl).unwrap();
    assert_eq!(jsonl, site.read("data/statements.jsonl"));
    assert!(jsonl.contains("A paragraph added to four hundred."));
    assert_eq!(jsonl.lines().count(), 700);
    assert_same_files(
        &site.snapshot(),
        &clean_build(&site),
        "a spliced update and a clean build",
    );
    // A new document number for the newest: the oldest's line, in a chunk
    // whose own statements did not change, names it by it.
    let text = std::fs::read_to_string(site.root().join("content/s699.md")).unwrap();
    site.write(
        "content/s699.md",
        &text.replacen("kind = ", "id = \"DOC-NEW-1\"\nkind = ", 1),
    );
    said(&site.run(&["build"]));
    let lines = site.read("data/statements.jsonl");
    let oldest = lines.lines().last().unwrap();
    assert!(
        oldest.contains("Statement 0") && oldest.contains("\"references\":[\"DOC-NEW-1\"]"),
        "{oldest}"
    );
    assert_same_files(
        &site.snapshot(),
        &clean_build(&site),
        "a renumbered update and a clean build",
    );
}
