//! Which files are content: drafts only with --drafts; hidden files and
//! editors' temporary files never.

use crate::paths::FIXTURE;
use crate::support::{CARD, CARD_TITLE, SITE, Site, diag_for, statement};

const DRAFT_PAGE: &str = "2018/02/01/unpublished-draft/index.html";

#[test]
fn drafts_are_left_out_of_a_build() {
    let site = Site::fixture(FIXTURE);
    site.build();
    assert!(!site.exists(DRAFT_PAGE));
    assert!(!site.exists("2018/02/index.html"));
    assert!(!site.exists("speakers/draft-speaker/index.html"));
    for (file, page) in site.html_pages() {
        assert!(
            !page.texts("a").iter().any(|t| t.contains("Unpublished Draft")),
            "{file} links to the draft"
        );
    }
    assert!(!site.read("sitemap.xml").contains("unpublished-draft"));
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = Site::fixture(FIXTURE);
    site.build_with(&["--drafts"]);
    assert_eq!(site.page(DRAFT_PAGE).text("h1"), "Unpublished Draft");
    assert!(site.exists("speakers/draft-speaker/index.html"));
    let feb = site.page("2018/02/index.html");
    assert_eq!(feb.texts(CARD_TITLE), vec!["Unpublished Draft"]);
    // A plain build afterwards removes them again.
    site.build();
    assert!(!site.exists(DRAFT_PAGE));
}

#[test]
fn hidden_files_and_editor_temporary_files_are_ignored() {
    let site = Site::new(SITE);
    site.write(
        "content/2017/real.md",
        &statement("Real Statement", "2017-07-05", ""),
    );
    // Each of these would fail the build if it were read as a statement.
    let junk = "this is not front matter\n+++\n";
    for name in [
        "content/2017/.#real.md",    // Emacs lock
        "content/2017/#real.md#",    // Emacs auto-save
        "content/2017/real.md~",     // backup
        "content/2017/.real.md.swp", // Vim swap
        "content/2017/.real.md.swx",
        "content/2017/.hidden.md",
        "content/.git/notes.md",
        "content/2017/.drafts/old.md",
    ] {
        site.write(name, junk);
    }
    site.build();
    let pages = site.pages_on("2017/07/05/");
    assert_eq!(pages, vec!["2017/07/05/real-statement/index.html"]);
    assert_eq!(site.page("statements/index.html").count(CARD), 1);
}

#[cfg(unix)]
#[test]
fn a_dangling_emacs_lock_link_is_ignored() {
    // Emacs writes its lock as a symbolic link to a file that does not exist.
    let site = Site::new(SITE);
    site.write("content/real.md", &statement("Real Statement", "2017-07-05", ""));
    std::os::unix::fs::symlink("user@host.1234:1700000000", site.root().join("content/.#real.md")).unwrap();
    site.build();
    assert!(site.exists("2017/07/05/real-statement/index.html"));
}

#[test]
fn files_that_are_not_markdown_are_not_statements() {
    let site = Site::new(SITE);
    site.write("content/real.md", &statement("Real Statement", "2017-07-05", ""));
    site.write("content/notes.txt", "not a statement");
    site.write("content/people/ann-lee.toml", "name = \"Ann Lee\"\n");
    site.write("content/README", "not a statement");
    site.build();
    assert_eq!(site.page("statements/index.html").count(CARD), 1);
}

#[test]
fn a_missing_content_folder_is_an_error_with_a_hint() {
    // Regression: it built an empty site without a word.
    let site = Site::new(SITE);
    std::fs::remove_dir(site.root().join("content")).unwrap();
    for command in ["build", "check"] {
        let diags = site.diagnostics(&[command]);
        let d = diag_for(&diags, "content");
        assert!(d.message.contains("no content/ folder"), "{d:?}");
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("create that folder") && hint.contains("pressroom init"),
            "{hint}"
        );
    }
    assert!(!site.public().exists());
}

#[cfg(unix)]
#[test]
fn a_folder_under_content_that_cannot_be_read_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    // Regression: walk errors were dropped, and the statements in the
    // folder with them.
    let site = Site::new(SITE);
    site.write("content/real.md", &statement("Real Statement", "2017-07-05", ""));
    site.write(
        "content/2018/hidden.md",
        &statement("Behind a Lock", "2018-01-02", ""),
    );
    let locked = site.root().join("content/2018");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything (CI runs as root): then pressroom runs without
    // the capabilities that let it, so that the lock holds for it.
    const DROP: [&str; 2] = ["--bounding-set", "-dac_override,-dac_read_search"];
    let as_root = std::fs::read_dir(&locked).is_ok();
    let can_drop = as_root
        && std::process::Command::new("setpriv")
            .args(DROP)
            .arg("true")
            .status()
            .is_ok_and(|s| s.success());
    if as_root && !can_drop {
        // No way to make the lock hold: check the other way a folder
        // cannot be read instead, so that the test never passes unchecked.
        eprintln!("note: root without setpriv; checking a folder that is a link to nothing instead");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::remove_dir_all(&locked).unwrap();
        std::os::unix::fs::symlink(site.root().join("nowhere"), &locked).unwrap();
        let diags = site.diagnostics(&["build"]);
        assert!(
            diag_for(&diags, "content/2018")
                .message
                .contains("does not exist"),
            "{diags:?}"
        );
        return;
    }
    let mut command = if as_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(DROP).arg(env!("CARGO_BIN_EXE_pressroom"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
    };
    let out = command.args(["build", "--root"]).arg(site.root()).output();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = out.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let diags = crate::support::parse_diagnostics(&stderr, site.root());
    let d = diag_for(&diags, "content/2018");
    assert!(d.message.contains("ermission denied"), "{d:?}");
    assert!(d.hint.as_deref().unwrap_or_default().contains("chmod"), "{d:?}");
    assert!(!site.public().exists());
}

#[cfg(unix)]
#[test]
fn a_link_under_content_to_nothing_is_an_error_naming_it() {
    // A folder of statements on a drive that is not mounted must not
    // quietly leave them out of the site.
    let site = Site::new(SITE);
    site.write("content/real.md", &statement("Real Statement", "2017-07-05", ""));
    let gone = site.root().join("elsewhere/2018");
    std::os::unix::fs::symlink(&gone, site.root().join("content/2018")).unwrap();
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/2018");
    assert!(d.message.contains("symbolic link"), "{d:?}");
    assert!(d.message.contains("does not exist"), "{d:?}");
    // Once it points at something, its statements are read like others.
    site.write("elsewhere/2018/linked.md", &statement("Linked", "2018-01-02", ""));
    site.build();
    assert!(site.exists("2018/01/02/linked/index.html"));
}

#[test]
fn a_statement_that_is_not_utf8_is_an_error_at_its_first_bad_byte() {
    let site = Site::new(SITE);
    let mut bytes = statement("Caf", "2017-07-05", "").into_bytes();
    // "Café" in Latin-1, on the title line.
    bytes.splice(16..16, [0xe9]);
    std::fs::write(site.root().join("content/latin1.md"), bytes).unwrap();
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/latin1.md");
    assert_eq!((d.line, d.col), (2, 13), "{d:?}");
    assert!(d.message.contains("not UTF-8"), "{d:?}");
    assert!(d.hint.as_deref().unwrap_or_default().contains("UTF-8"), "{d:?}");
}

#[test]
fn a_person_file_that_is_not_utf8_is_an_error() {
    let site = Site::new(SITE);
    site.write("content/real.md", &statement("Real Statement", "2017-07-05", ""));
    std::fs::create_dir_all(site.root().join("content/people")).unwrap();
    std::fs::write(
        site.root().join("content/people/jose.toml"),
        b"name = \"Jos\xe9\"\n",
    )
    .unwrap();
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/people/jose.toml");
    assert_eq!((d.line, d.col), (1, 12), "{d:?}");
    assert!(d.message.contains("not UTF-8"), "{d:?}");
}
