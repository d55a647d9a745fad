//! `pressroom watch`: the site in public/, kept in step with edits and
//! deletions; editors' temporary files and the output folder itself never
//! cause a rebuild; one line per rebuild; Ctrl-C stops it.

use std::time::Duration;

use crate::paths::FIXTURE;
use crate::serve::{SYRIA_FILE, edit};
use crate::support::server::{Running, eventually, rebuild_what};
use crate::support::{Page, Site};

const SYRIA_PAGE: &str = "2017/07/05/statement-on-the-current-situation-in-syria/index.html";

/// Longer than the watcher's debounce (150 ms) and its poll, so that events
/// that would cause a rebuild have been delivered before the sentinel edit
/// that follows. The check itself is not this sleep but the sentinel's
/// rebuild line (see [`assert_only_rebuild_is_the_sentinel`]).
const SETTLE: Duration = Duration::from_millis(600);

/// Waits until `rel` (under public/) exists and satisfies `check`.
fn wait_for_file(site: &Site, rel: &str, check: impl Fn(&Page) -> Result<(), String>) {
    eventually(&format!("public/{rel}"), || {
        if !site.exists(rel) {
            return Err("missing".into());
        }
        check(&site.page(rel))
    });
}

/// Edits a statement (the sentinel), waits for its rebuild, and asserts
/// that it is the only rebuild since `before` and that it names only the
/// sentinel: whatever happened before it did not count as a change.
fn assert_only_rebuild_is_the_sentinel(site: &Site, watch: &Running, before: usize) {
    edit(site, SYRIA_FILE, "a political solution", "a lasting solution");
    let rebuilds = watch.wait_for_rebuilds_after(before);
    let new = &rebuilds[before..];
    assert!(
        new.len() == 1 && rebuild_what(&new[0]) == Some(SYRIA_FILE),
        "expected one rebuild, for {SYRIA_FILE} alone; got {new:#?}"
    );
}

#[test]
fn watch_writes_the_site_and_follows_edits() {
    let site = Site::fixture(FIXTURE);
    let watch = Running::watch(site.root(), &[]);
    let page = site.page(SYRIA_PAGE);
    assert_eq!(
        page.text("h1#statement-title"),
        "Statement on the Current Situation in Syria"
    );
    // watch builds for production: links use base_url, and no live script.
    assert!(
        page.links().iter().any(|l| l.starts_with("https://example.org/")),
        "{:?}",
        page.links()
    );
    for (file, bytes) in site.snapshot() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__pressroom"),
            "{file} has the live-reload script"
        );
    }

    edit(
        &site,
        SYRIA_FILE,
        "title = \"Statement on the Current Situation in Syria\"",
        "title = \"Statement on Syria, Revised\"",
    );
    wait_for_file(&site, "2017/07/05/statement-on-syria-revised/index.html", |p| {
        let t = p.text("h1#statement-title");
        if t == "Statement on Syria, Revised" {
            Ok(())
        } else {
            Err(t)
        }
    });
    eventually("the old page to be removed", || {
        if site.exists(SYRIA_PAGE) {
            Err("still there".into())
        } else {
            Ok(())
        }
    });
    let line = watch.wait_for_rebuilds_after(0).pop().unwrap();
    assert!(
        rebuild_what(&line) == Some(SYRIA_FILE) && line.contains(", removed "),
        "rebuild line: {line:?}"
    );
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
}

#[test]
fn watch_removes_the_page_of_a_deleted_statement() {
    let site = Site::fixture(FIXTURE);
    let _watch = Running::watch(site.root(), &[]);
    let page = "2018/03/15/taken-question-visa-policy/index.html";
    assert!(site.exists(page));
    site.remove("content/2018/taken-question.md");
    eventually("the deleted statement's page to go", || {
        if site.exists(page) {
            Err("still there".into())
        } else {
            Ok(())
        }
    });
    // Folders it leaves empty go too.
    eventually("its empty folder to go", || {
        let dir = site.public().join("2018/03/15");
        if dir.exists() {
            Err(format!("{:?}", crate::support::list_files(&dir)))
        } else {
            Ok(())
        }
    });
    assert!(site.exists("2018/01/02/department-press-briefing/index.html"));
}

#[test]
fn editor_temporary_files_do_not_cause_rebuilds() {
    let site = Site::fixture(FIXTURE);
    let watch = Running::watch(site.root(), &[]);
    let before = watch.rebuilds().len();
    let dir = site.root().join("content/2017");
    let text = std::fs::read_to_string(site.root().join(SYRIA_FILE)).unwrap();
    for name in [
        ".#syria.md",    // Emacs lock
        "#syria.md#",    // Emacs auto-save
        "syria.md~",     // backup
        ".syria.md.swp", // Vim swap
        ".syria.md.swx",
        "4913", // Vim's can-I-write test
        "syria.md.tmp",
        ".hidden.md",
    ] {
        let path = dir.join(name);
        std::fs::write(&path, &text).unwrap();
        std::fs::write(&path, format!("{text}\nmore")).unwrap();
        if name != ".hidden.md" {
            std::fs::remove_file(&path).unwrap();
        }
    }
    std::thread::sleep(SETTLE);
    assert_only_rebuild_is_the_sentinel(&site, &watch, before);
}

#[test]
fn changes_in_the_output_folder_do_not_cause_rebuilds() {
    let site = Site::fixture(FIXTURE);
    let watch = Running::watch(site.root(), &[]);
    let before = watch.rebuilds().len();
    std::fs::write(site.public().join("index.html"), "edited by hand").unwrap();
    std::fs::write(site.public().join("extra.html"), "new").unwrap();
    std::fs::create_dir_all(site.public().join("new/folder")).unwrap();
    std::fs::write(site.public().join("new/folder/index.html"), "new").unwrap();
    std::fs::remove_file(site.public().join("robots.txt")).unwrap();
    std::thread::sleep(SETTLE);
    assert_only_rebuild_is_the_sentinel(&site, &watch, before);
}

#[test]
fn watch_stops_on_ctrl_c_within_a_second() {
    let site = Site::fixture(FIXTURE);
    let mut watch = Running::watch(site.root(), &[]);
    let (status, took) = watch.interrupt();
    assert!(status.success(), "exit status {status} after Ctrl-C");
    assert!(
        took < Duration::from_secs(1),
        "Ctrl-C took {took:?} to stop watch"
    );
    eventually("watch to say it stopped", || {
        let lines = watch.lines();
        if lines.iter().any(|l| l == "Stopped.") {
            Ok(())
        } else {
            Err(format!("{lines:?}"))
        }
    });
}

#[test]
fn watch_started_after_a_build_rewrites_none_of_its_files() {
    // It rewrote every file of an output that `build` had just called up
    // to date, which a deploy by file times or rsync then uploads again.
    let site = Site::fixture(FIXTURE);
    site.build();
    let times = |site: &Site| -> Vec<(String, std::time::SystemTime)> {
        site.files()
            .into_iter()
            .map(|f| {
                let modified = std::fs::metadata(site.public().join(&f))
                    .unwrap()
                    .modified()
                    .unwrap();
                (f, modified)
            })
            .collect()
    };
    let before = times(&site);
    let bytes = site.snapshot();
    let mut watch = Running::watch(site.root(), &[]);
    let first = watch
        .lines()
        .into_iter()
        .find(|l| l.starts_with("first build:"))
        .unwrap();
    assert!(first.contains("wrote 0 of"), "{first}");
    assert_eq!(times(&site), before, "no file was written again");
    assert!(bytes == site.snapshot());
    watch.interrupt();
}

/// A misspelled speaker was silent outside `check --strict`: `watch`
/// prints the warning with the rebuild that made it (not again while the
/// warnings stay the same), and the warnings again when they change; the
/// site is still written. (The fixture has a warning of its own: two
/// spellings of Côte d'Ivoire.)
#[test]
fn watch_prints_warnings_when_they_change() {
    let site = Site::fixture(FIXTURE);
    site.write("content/people/tillerson.toml", "name = \"Rex W. Tillerson\"\n");
    let watch = Running::watch(site.root(), &[]);
    let path = site.root().join(SYRIA_FILE).display().to_string();
    let warning = format!("{path}:5:11: warning: speaker \"Rex W. Tilerson\" matches no people file");
    let count = |line: &str| watch.lines().iter().filter(|l| *l == line).count();
    assert_eq!(
        count("1 warning (they do not stop the build; --strict makes them errors)"),
        1
    );

    edit(
        &site,
        SYRIA_FILE,
        "speaker = \"Rex W. Tillerson\"",
        "speaker = \"Rex W. Tilerson\"",
    );
    watch.wait_for_line(&warning);
    assert_eq!(
        count("2 warnings (they do not stop the build; --strict makes them errors)"),
        1
    );
    wait_for_file(&site, SYRIA_PAGE, |page| {
        let speakers = page.texts("a.speaker");
        if speakers == ["Rex W. Tilerson"] {
            Ok(())
        } else {
            Err(format!("{speakers:?}"))
        }
    });
    // Another edit, the same warnings: not printed again.
    let before = watch.rebuilds().len();
    assert_only_rebuild_is_the_sentinel(&site, &watch, before);
    assert_eq!(count(&warning), 1, "{:#?}", watch.lines());

    // The fix: the warnings are printed again, without the speaker's.
    edit(
        &site,
        SYRIA_FILE,
        "speaker = \"Rex W. Tilerson\"",
        "speaker = \"Rex W. Tillerson\"",
    );
    eventually("the warnings again", || {
        match count("1 warning (they do not stop the build; --strict makes them errors)") {
            2 => Ok(()),
            n => Err(format!("{n}: {:#?}", watch.lines())),
        }
    });
    assert_eq!(count(&warning), 1);
}

#[test]
fn watch_follows_a_save_by_rename_and_drops_a_folder_of_statements_moved_away() {
    let site = Site::fixture(FIXTURE);
    let _watch = Running::watch(site.root(), &[]);
    // Saved as many editors and `sed -i` do: a temporary file, written
    // and renamed over the statement (it vanishes, and names no folder).
    let text = std::fs::read_to_string(site.root().join(SYRIA_FILE)).unwrap();
    let temporary = site.root().join("content/2017/sedX1b2c3");
    std::fs::write(
        &temporary,
        text.replace("a political solution", "a renamed solution"),
    )
    .unwrap();
    std::fs::rename(&temporary, site.root().join(SYRIA_FILE)).unwrap();
    wait_for_file(&site, SYRIA_PAGE, |page| {
        if page.texts("p").iter().any(|p| p.contains("a renamed solution")) {
            Ok(())
        } else {
            Err("not the renamed save yet".into())
        }
    });
    // A folder of statements moved out of content/ (one event, for the
    // folder): their pages go.
    let pages = [
        "2018/03/15/taken-question-visa-policy/index.html",
        "2018/01/02/department-press-briefing/index.html",
    ];
    assert!(pages.iter().all(|p| site.exists(p)));
    let away = tempfile::tempdir().unwrap();
    std::fs::rename(site.root().join("content/2018"), away.path().join("2018")).unwrap();
    eventually("the removed folder's pages to go", || {
        match pages.iter().find(|p| site.exists(p)) {
            Some(p) => Err(format!("{p} still there")),
            None => Ok(()),
        }
    });
    assert!(site.exists(SYRIA_PAGE));
}
