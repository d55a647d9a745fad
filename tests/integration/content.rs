//! Which files are content: drafts only with --drafts; hidden files and
//! editors' temporary files never.

use crate::paths::FIXTURE;
use crate::support::{CARD, CARD_TITLE, SITE, Site, statement};

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
    let pages: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.starts_with("2017/07/05/") && f != "2017/07/05/index.html")
        .collect();
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
