//! The command line: `init`, `new`, `check`, and exit status 2 on bad usage.

use crate::paths::FIXTURE;
use crate::support::{CARD, Page, Site, pressroom, snapshot, statement, today_in};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn init_then_build_in_an_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("archive");
    std::fs::create_dir(&dir).unwrap();
    let out = pressroom(&["init", dir.to_str().unwrap()], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("site.toml").is_file());

    // Its sample statement is a draft (see reader::inits_sample_statement…).
    let out = pressroom(&["build", "--drafts"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let home = Page(scraper::Html::parse_document(
        &std::fs::read_to_string(dir.join("public/index.html")).unwrap(),
    ));
    assert_eq!(home.count(CARD), 1, "the new archive's example statement");
    assert!(dir.join("public/404.html").is_file());
    assert!(dir.join("public/sitemap.xml").is_file());
}

#[test]
fn init_creates_a_missing_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pressroom(&["init", "new/archive"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = pressroom(&["check", "--root", "new/archive"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let out = pressroom(&["init", "."], tmp.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stderr(&out).is_empty());
    assert!(!tmp.path().join("site.toml").exists());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

/// The value of `key = …` in a statement's front matter.
fn front_matter_value(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in:\n{text}"))
        .to_string()
}

#[test]
fn new_writes_a_statement_dated_today_in_the_site_time_zone() {
    // The two zones are 25 hours apart, so at any moment their dates differ
    // and at least one of them differs from the date in UTC and on this machine.
    for tz in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let site = Site::new(&format!(
            "title = \"T\"\nbase_url = \"https://example.org/\"\ntimezone = \"{tz}\"\n"
        ));
        let before = today_in(tz);
        let out = site.run(&["new", "Talks on Côte d’Ivoire"]);
        let after = today_in(tz);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let date = if site
            .root()
            .join(format!("content/{}/talks-on-cote-d-ivoire.md", &before[..4]))
            .exists()
        {
            before.clone()
        } else {
            after.clone()
        };
        let rel = format!("content/{}/talks-on-cote-d-ivoire.md", &date[..4]);
        let text = std::fs::read_to_string(site.root().join(&rel))
            .unwrap_or_else(|e| panic!("{tz}: cannot read {rel}: {e}"));
        let written = front_matter_value(&text, "date");
        assert!(
            written == before || written == after,
            "{tz}: dated {written}, today there is {before}"
        );
        assert_eq!(front_matter_value(&text, "title"), "\"Talks on Côte d’Ivoire\"");
        // It prints the path it wrote.
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.trim().ends_with("talks-on-cote-d-ivoire.md"), "{stdout}");
        // And it builds at once (a draft, until its author publishes it).
        site.build_with(&["--drafts"]);
        let page = site.page(&format!(
            "{}/talks-on-cote-d-ivoire/index.html",
            written.replace('-', "/")
        ));
        assert_eq!(page.text("h1"), "Talks on Côte d’Ivoire");
    }
}

#[test]
fn new_takes_date_kind_and_speakers() {
    let site = Site::new(crate::support::SITE);
    let out = site.run(&[
        "new",
        "Joint Statement on Fisheries",
        "--date",
        "2017-07-05",
        "--kind",
        "Joint Statement",
        "--speaker",
        "Ann Lee",
        "--speaker",
        "José Mário Vaz",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        site.root()
            .join("content/2017/joint-statement-on-fisheries.md")
            .is_file()
    );
    site.build_with(&["--drafts"]);
    let page = site.page("2017/07/05/joint-statement-on-fisheries/index.html");
    assert_eq!(page.texts("a.speaker"), vec!["Ann Lee", "José Mário Vaz"]);
    assert!(
        page.attrs("main a[href]", "href")
            .contains(&"/kinds/joint-statement/".to_string())
    );
}

#[test]
fn new_refuses_to_overwrite_a_statement() {
    let site = Site::new(crate::support::SITE);
    let args = ["new", "Statement on Trade", "--date", "2017-07-05"];
    let out = site.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rel = "content/2017/statement-on-trade.md";
    let edited = statement("Statement on Trade", "2017-07-05", "kind = \"Remarks\"");
    site.write(rel, &edited);

    let out = site.run(&args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(site.root().join(rel)).unwrap(), edited);
    // The same title on another day of the same year is the same file too.
    let out = site.run(&["new", "Statement on Trade", "--date", "2017-12-01"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(site.root().join(rel)).unwrap(), edited);
}

#[test]
fn new_with_bad_arguments_exits_2_and_writes_nothing() {
    let site = Site::new(crate::support::SITE);
    for args in [
        vec!["new", "A Title", "--kind", "Memo"],
        vec!["new", "A Title", "--date", "tomorrow"],
        vec!["new", "   "],
        vec!["new", "!!!"],
    ] {
        let out = site.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
    assert!(crate::support::list_files(&site.root().join("content")).is_empty());
}

#[test]
fn check_writes_nothing_and_exits_0_on_a_good_archive() {
    let site = Site::fixture(FIXTURE);
    let before = snapshot(site.root());
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!site.public().exists());
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
    assert_eq!(
        before,
        snapshot(site.root()),
        "check changed the archive's folder"
    );
}

#[test]
fn check_exits_1_on_errors_and_writes_nothing() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let before = snapshot(site.root());
    // A broken statement and a broken link.
    site.write(
        "content/2019/bad.md",
        "+++\ntitle = \"Bad\"\ndate = 2019-01-01\nkind = \"Memo\"\n+++\n",
    );
    let diags = site.diagnostics(&["check"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        (diags[0].file.as_str(), diags[0].line, diags[0].col),
        ("content/2019/bad.md", 4, 8)
    );
    site.remove("content/2019/bad.md");
    site.write(
        "content/2019/link.md",
        "+++\ntitle = \"Link\"\ndate = 2019-01-01\n+++\nSee [x](@/2017/nope.md).\n",
    );
    let diags = site.diagnostics(&["check"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    site.remove("content/2019/link.md");
    assert_eq!(
        before,
        snapshot(site.root()),
        "check changed the archive's folder"
    );
}

#[test]
fn check_sees_a_template_error() {
    let site = Site::fixture(FIXTURE);
    site.write("templates/404.html", "{{ page.title | no_such_filter }}");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("404.html"), "{}", stderr(&out));
    assert!(!site.public().exists());
}

#[test]
fn root_defaults_to_the_current_folder() {
    let site = Site::fixture(FIXTURE);
    let out = site.run_here(&["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(site.exists("index.html"));
}

#[test]
fn bad_usage_exits_2() {
    let site = Site::fixture(FIXTURE);
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["build", "--no-such-flag"],
        vec!["build", "--root"],
        vec!["build", "--base-url"],
        vec!["build", "unexpected-argument"],
        vec!["check", "--output", "x"],
        vec!["new"],
        vec!["init"],
        vec!["init", "a", "b"],
    ] {
        let out = site.run_here(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).trim().is_empty(), "{args:?} said nothing");
    }
    assert!(!site.public().exists());
    assert!(!site.root().join("a").exists());
}

#[test]
fn help_and_version_are_not_errors() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [vec!["--help"], vec!["--version"], vec!["build", "--help"]] {
        let out = pressroom(&args, tmp.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_folder_without_site_toml_is_an_error_with_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let out = pressroom(&["build"], tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("site.toml"), "{}", stderr(&out));
    assert!(stderr(&out).contains("hint:"), "{}", stderr(&out));
    assert!(crate::support::list_files(tmp.path()).is_empty());
}
