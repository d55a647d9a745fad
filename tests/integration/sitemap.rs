//! sitemap.xml and robots.txt: a well-formed sitemaps.org urlset of the
//! absolute URL of every page (and nothing else), and a robots.txt that
//! names it.

use std::collections::BTreeSet;

use crate::paths::FIXTURE;
use crate::support::Site;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The `<loc>` of every `<url>`, checking the document's shape on the way.
fn locs(xml: &str) -> Vec<String> {
    let doc =
        roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("sitemap.xml is not well-formed: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(root.tag_name().namespace(), Some(NS));
    let mut locs = Vec::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        let loc: Vec<_> = url.children().filter(|n| n.has_tag_name((NS, "loc"))).collect();
        assert_eq!(loc.len(), 1, "a <url> without exactly one <loc>");
        locs.push(loc[0].text().unwrap_or_default().to_string());
        for lastmod in url.children().filter(|n| n.has_tag_name((NS, "lastmod"))) {
            let text = lastmod.text().unwrap_or_default();
            assert!(
                chrono::DateTime::parse_from_rfc3339(text).is_ok(),
                "lastmod {text:?} is not a W3C date-time"
            );
        }
    }
    locs
}

/// The URL of every page a crawler should find: every HTML file except the
/// 404 page, the search page (a tool, not content) and redirects.
fn pages(site: &Site, base: &str) -> BTreeSet<String> {
    site.html_pages()
        .into_iter()
        .filter(|(file, page)| {
            file != "404.html" && file != "search/index.html" && page.count("meta[http-equiv=refresh]") == 0
        })
        .map(|(file, _)| format!("{base}{}", file.trim_end_matches("index.html")))
        .collect()
}

#[test]
fn the_sitemap_lists_the_absolute_url_of_every_page_once() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let locs = locs(&site.read("sitemap.xml"));
    let unique: BTreeSet<String> = locs.iter().cloned().collect();
    assert_eq!(unique.len(), locs.len(), "repeated URLs in the sitemap");
    for loc in &locs {
        assert!(
            loc.starts_with("https://example.org/"),
            "{loc} is not absolute under base_url"
        );
    }
    let expected = pages(&site, "https://example.org/");
    assert!(expected.contains("https://example.org/2017/07/05/statement-on-the-current-situation-in-syria/"));
    assert!(expected.contains("https://example.org/statements/page/2/"));
    assert_eq!(unique, expected);
}

#[test]
fn the_sitemap_honours_a_base_url_with_a_path() {
    let site = Site::fixture(FIXTURE);
    site.build_with(&["--base-url", "https://example.org/archive/"]);
    let locs: BTreeSet<String> = locs(&site.read("sitemap.xml")).into_iter().collect();
    assert_eq!(locs, pages(&site, "https://example.org/archive/"));
    assert!(locs.contains("https://example.org/archive/"));
}

#[test]
fn the_sitemap_of_an_empty_archive_is_well_formed() {
    let site = Site::new(crate::support::SITE);
    site.build();
    let locs = locs(&site.read("sitemap.xml"));
    assert!(locs.contains(&"https://example.org/".to_string()), "{locs:?}");
}

#[test]
fn the_well_formedness_check_can_fail() {
    for bad in [
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>a & b</loc></url></urlset>",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>x</url></loc></urlset>",
    ] {
        assert!(roxmltree::Document::parse(bad).is_err(), "{bad}");
    }
}

/// The URLs named by `Sitemap:` lines.
fn sitemap_lines(robots: &str) -> Vec<String> {
    robots
        .lines()
        .filter_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case("sitemap")
                .then(|| value.trim().to_string())
        })
        .collect()
}

#[test]
fn robots_txt_names_the_sitemap_by_its_absolute_url() {
    let site = Site::fixture(FIXTURE);
    site.build();
    assert_eq!(
        sitemap_lines(&site.read("robots.txt")),
        vec!["https://example.org/sitemap.xml"]
    );
    let site = Site::fixture(FIXTURE);
    site.build_with(&["--base-url", "https://example.org/archive/"]);
    assert_eq!(
        sitemap_lines(&site.read("robots.txt")),
        vec!["https://example.org/archive/sitemap.xml"]
    );
}

#[test]
fn robots_txt_does_not_shut_out_crawlers() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let robots = site.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l.trim().eq_ignore_ascii_case("user-agent: *")),
        "{robots}"
    );
    assert!(
        !robots
            .lines()
            .any(|l| l.trim().eq_ignore_ascii_case("disallow: /")),
        "{robots}"
    );
}
