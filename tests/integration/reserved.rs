//! Paths the site writes itself: no alias and no statement URL may take
//! one, or it would be dropped or overwritten without a word. One test per
//! kind of claimant, each checking that the error is at the alias's line
//! and names what is there.

use crate::support::{Diag, SITE, Site, diag_for, statement};

/// A site whose statement content/a.md (dated 2017-07-05, topic Syria)
/// has `aliases = [alias]` on line 4; `files` are written first.
fn alias_error(alias: &str, site_toml: &str, files: &[(&str, &str)]) -> Diag {
    let site = Site::new(site_toml);
    for (path, text) in files {
        site.write(path, text);
    }
    site.write(
        "content/a.md",
        &format!(
            "+++\ntitle = \"A\"\ndate = 2017-07-05\naliases = [\"{alias}\"]\ntopics = [\"Syria\"]\n+++\nBody.\n"
        ),
    );
    let diags = site.diagnostics(&["build"]);
    assert!(!site.public().exists(), "a failed build wrote public/");
    let d = diag_for(&diags, "content/a.md").clone();
    assert_eq!((d.line, d.col), (4, 12), "{alias}: {d:?}");
    assert!(d.message.contains(alias), "{d:?}");
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("remove the alias"),
        "{d:?}"
    );
    d
}

#[test]
fn an_alias_that_is_a_static_file_of_the_theme_is_an_error_naming_it() {
    for alias in ["/style.css", "/search.js"] {
        let d = alias_error(alias, SITE, &[]);
        assert!(d.message.contains("the theme's static/ folder"), "{d:?}");
        assert!(d.message.contains("built-in default theme"), "{d:?}");
    }
}

#[test]
fn an_alias_that_is_a_file_of_the_sites_own_static_folder_is_an_error_naming_it() {
    let d = alias_error("/old.html", SITE, &[("static/old.html", "<p>kept</p>")]);
    assert!(d.message.contains("static/old.html"), "{d:?}");
}

#[test]
fn an_alias_that_is_a_feed_is_an_error() {
    for (alias, what) in [
        ("/atom.xml", "the site's Atom feed"),
        ("/rss.xml", "the site's RSS feed"),
        ("/feed.json", "the site's JSON feed"),
        ("/topics/syria/atom.xml", "Atom feed of /topics/syria/"),
    ] {
        let d = alias_error(alias, SITE, &[]);
        assert!(d.message.contains(what), "{d:?}");
    }
}

#[test]
fn an_alias_that_is_the_sitemap_or_one_of_its_parts_is_an_error() {
    let d = alias_error("/sitemap.xml", SITE, &[]);
    assert!(d.message.contains("the sitemap"), "{d:?}");
    // A small site has no sitemap-1.xml yet; the alias would be lost the
    // day it grows past 50,000 URLs.
    let d = alias_error("/sitemap-1.xml", SITE, &[]);
    assert!(d.message.contains("part of the sitemap"), "{d:?}");
}

#[test]
fn an_alias_that_is_robots_txt_is_an_error() {
    let d = alias_error("/robots.txt", SITE, &[]);
    assert!(
        d.message.contains("robots.txt, which pressroom generates"),
        "{d:?}"
    );
}

#[test]
fn an_alias_that_is_the_404_page_is_an_error() {
    let d = alias_error("/404.html", SITE, &[]);
    assert!(d.message.contains("\"page not found\" page"), "{d:?}");
}

#[test]
fn an_alias_in_the_search_folder_is_an_error() {
    for alias in [
        "/search/",
        "/search/index.json",
        "/search/docs/0.json",
        "/search/terms/sy.json",
    ] {
        let d = alias_error(alias, SITE, &[]);
        assert!(d.message.contains("search"), "{d:?}");
    }
}

#[test]
fn without_search_the_search_folder_is_free() {
    let site = Site::new(&format!("{SITE}[search]\nenabled = false\n"));
    site.write(
        "content/a.md",
        &statement("A", "2017-07-05", "aliases = [\"/search/\"]"),
    );
    site.build();
    assert!(site.read("search/index.html").contains("2017/07/05/a/"));
}

#[test]
fn an_alias_that_is_a_generated_listing_is_an_error_naming_it() {
    for (alias, what) in [
        ("/index.html", "the home page"),
        ("/statements/", "the list of all statements"),
        ("/2017/07/", "the date archive /2017/07/"),
        ("/topics/", "the list of all topics"),
        ("/topics/syria/", "the page of the topic \"Syria\""),
    ] {
        let d = alias_error(alias, SITE, &[]);
        assert!(d.message.contains(what), "{d:?}");
    }
}

#[test]
fn an_alias_that_needs_a_folder_where_the_site_writes_a_file_is_an_error() {
    // `/atom.xml/` would be atom.xml/index.html: atom.xml cannot be both.
    for alias in ["/atom.xml/", "/style.css/x/"] {
        alias_error(alias, SITE, &[]);
    }
}

#[test]
fn an_alias_that_is_another_statements_page_file_is_an_error() {
    // `/x/index.html` is the file of the page `/x/`.
    let site = Site::new(SITE);
    site.write("content/a.md", &statement("First", "2017-07-05", ""));
    site.write(
        "content/b.md",
        &statement(
            "Second",
            "2017-07-06",
            "aliases = [\"/2017/07/05/first/index.html\"]",
        ),
    );
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/b.md");
    assert_eq!(d.line, 4, "{d:?}");
    assert!(d.message.contains("content/a.md (as its URL)"), "{d:?}");
}

#[test]
fn a_statement_url_that_is_a_generated_page_is_an_error_at_its_slug() {
    let site = Site::new(&format!("{SITE}permalink = \"/:slug/\"\n"));
    let cases = [
        ("speakers", "the list of all speakers"),
        ("search", "the search page"),
        ("atom.xml", "the site's Atom feed"),
    ];
    for (i, (slug, _)) in cases.iter().enumerate() {
        site.write(
            &format!("content/{slug}.md"),
            &statement(&format!("S{i}"), "2017-07-05", &format!("slug = \"{slug}\"")),
        );
    }
    let diags = site.diagnostics(&["build"]);
    for (slug, what) in cases {
        let d = diag_for(&diags, &format!("content/{slug}.md"));
        assert_eq!((d.line, d.col), (4, 8), "{d:?}");
        assert!(d.message.contains(&format!("URL /{slug}/")), "{d:?}");
        assert!(d.message.contains(what), "{d:?}");
        assert!(d.hint.as_deref().unwrap_or_default().contains("`slug`"), "{d:?}");
    }
}

#[test]
fn a_statement_url_from_its_title_that_is_a_generated_page_is_an_error_at_its_title() {
    let site = Site::new(&format!("{SITE}permalink = \"/:slug/\"\n"));
    site.write("content/a.md", &statement("Topics", "2017-07-05", ""));
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/a.md");
    assert_eq!((d.line, d.col), (2, 9), "{d:?}");
    assert!(d.message.contains("the list of all topics"), "{d:?}");
}
