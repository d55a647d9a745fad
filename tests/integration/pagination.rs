//! Pagination at its boundaries: 0, 1, per_page and per_page + 1
//! statements, in the full list, a date archive and a term's page.

use crate::support::{CARD, CARD_TITLE, Page, Site, statement};

const PER_PAGE: usize = 3;

/// A site with `n` statements by one speaker on one topic, one a day from
/// 2017-01-01, titled "Statement 1" (oldest) to "Statement n" (newest).
fn site_with(n: usize) -> Site {
    let site = Site::new(&format!(
        "title = \"Paged\"\nbase_url = \"https://example.org/\"\ntimezone = \"UTC\"\n[archive]\nper_page = {PER_PAGE}\n"
    ));
    for i in 1..=n {
        site.write(
            &format!("content/s{i}.md"),
            &statement(
                &format!("Statement {i}"),
                &format!("2017-01-{i:02}"),
                "speaker = \"Ann Lee\"\ntopics = [\"Trade\"]",
            ),
        );
    }
    site.build();
    site
}

/// The listings every statement of `site_with` appears in.
const LISTINGS: [&str; 4] = ["statements/", "2017/", "2017/01/", "speakers/ann-lee/"];

fn listing(site: &Site, first: &str, n: usize) -> Page {
    let rel = if n == 1 {
        format!("{first}index.html")
    } else {
        format!("{first}page/{n}/index.html")
    };
    site.page(&rel)
}

#[test]
fn no_statements_give_an_empty_list_without_pagination() {
    let site = site_with(0);
    let list = site.page("statements/index.html");
    assert_eq!(list.count(CARD), 0);
    assert_eq!(list.count("a[rel=next]") + list.count("a[rel=prev]"), 0);
    assert!(!site.exists("statements/page/2/index.html"));
    assert_eq!(site.page("index.html").count(CARD), 0);
    // No date archive or term page for statements that do not exist.
    assert!(!site.exists("2017/index.html"));
    assert!(!site.exists("speakers/ann-lee/index.html"));
    assert!(site.exists("speakers/index.html"));
    assert!(site.exists("404.html"));
}

#[test]
fn one_statement_gives_one_page() {
    let site = site_with(1);
    for first in LISTINGS {
        let page = listing(&site, first, 1);
        assert_eq!(page.texts(CARD_TITLE), vec!["Statement 1"], "{first}");
        assert_eq!(
            page.count("a[rel=next]") + page.count("a[rel=prev]"),
            0,
            "{first}"
        );
        assert!(!site.exists(&format!("{first}page/2/index.html")), "{first}");
    }
}

#[test]
fn exactly_per_page_statements_fit_on_one_page() {
    let site = site_with(PER_PAGE);
    for first in LISTINGS {
        let page = listing(&site, first, 1);
        assert_eq!(
            page.texts(CARD_TITLE),
            vec!["Statement 3", "Statement 2", "Statement 1"],
            "{first}"
        );
        assert_eq!(
            page.count("a[rel=next]") + page.count("a[rel=prev]"),
            0,
            "{first}"
        );
        assert!(!site.exists(&format!("{first}page/2/index.html")), "{first}");
    }
}

#[test]
fn one_more_than_per_page_spills_onto_a_second_page() {
    let site = site_with(PER_PAGE + 1);
    for first in LISTINGS {
        let one = listing(&site, first, 1);
        assert_eq!(
            one.texts(CARD_TITLE),
            vec!["Statement 4", "Statement 3", "Statement 2"],
            "{first}"
        );
        assert_eq!(
            one.attrs("a[rel=next]", "href"),
            vec![format!("/{first}page/2/")],
            "{first}"
        );
        assert_eq!(one.count("a[rel=prev]"), 0, "{first}");

        let two = listing(&site, first, 2);
        assert_eq!(two.texts(CARD_TITLE), vec!["Statement 1"], "{first}");
        assert_eq!(
            two.attrs("a[rel=prev]", "href"),
            vec![format!("/{first}")],
            "{first}"
        );
        assert_eq!(two.count("a[rel=next]"), 0, "{first}");

        assert!(!site.exists(&format!("{first}page/3/index.html")), "{first}");
        assert!(!site.exists(&format!("{first}page/1/index.html")), "{first}");
    }
    // The home page shows the latest per_page statements.
    assert_eq!(
        site.page("index.html").texts(CARD_TITLE),
        vec!["Statement 4", "Statement 3", "Statement 2"]
    );
}

#[test]
fn every_statement_appears_exactly_once_across_the_pages() {
    let n = 2 * PER_PAGE + 1;
    let site = site_with(n);
    let mut seen: Vec<String> = (1..=3)
        .flat_map(|p| listing(&site, "statements/", p).texts(CARD_TITLE))
        .collect();
    seen.sort();
    let mut expected: Vec<String> = (1..=n).map(|i| format!("Statement {i}")).collect();
    expected.sort();
    assert_eq!(seen, expected);
    assert!(!site.exists("statements/page/4/index.html"));
}
