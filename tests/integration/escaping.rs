//! Escaping: hostile values in every field of front matter, people files
//! and site.toml come out of every format (HTML pages, Atom, RSS, JSON
//! Feed, the sitemap) as the text they are. Pages and feeds are read back
//! with real parsers (scraper, roxmltree, feed-rs, serde_json): no element
//! or attribute appears that the author did not write as Markdown, and no
//! link has a scheme that runs code.

use std::collections::BTreeSet;

use scraper::{ElementRef, Html};

use crate::support::{Site, diag_for, parse_diagnostics, statement};

/// Markup, quotes that close attributes, a CDATA end, entities, control
/// characters and a `javascript:` URL, all as text.
const HOSTILE: &str = "<script>alert(1)</script> \"'><img src=x onerror=alert(2)> ]]> & &amp; \u{1}\u{8}\u{b}\u{1b} <b id=pwn>javascript:alert(3)</b>";

/// Text as a reader sees it: without the control characters (the feeds
/// remove those XML cannot hold), runs of white space as one space (names
/// are stored so).
fn shown(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML string of `text` (control characters as `\u0001`).
fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

const BODY: &str = r#"\<img src=x onerror=alert(10)> was escaped in Markdown; *emphasis* and a [real link](https://example.org/ok?a=1&b=2 "a \"title\"").

<script>alert(11)</script>

<div onclick="alert(12)">A raw block</div>

Inline <img src=x onerror=alert(13)> raw and <b id=pwn>bold</b> ]]> too.<!-- inline note -->

<!-- An editor's note
that no reader should see -->

## A heading {#heading .note onclick=alert(14)}

`<code>` and ]]> and &amp; and a note.[^n]

[^n]: A footnote <img src=x onerror=alert(15)>.
"#;

/// The elements Markdown writes for [`BODY`]: nothing else may appear in it.
const BODY_ELEMENTS: &[&str] = &["a", "code", "div", "em", "h3", "p", "sup"];

fn hostile_site(extra_config: &str) -> Site {
    let h = &toml_str(HOSTILE);
    let site = Site::new(&format!(
        "title = {h}\nbase_url = \"https://example.org/archive/\"\ndescription = {h}\ntimezone = \"UTC\"\nkinds = [\"Press Statement\", {h}]\n{extra_config}"
    ));
    site.write(
        "content/2020/hostile.md",
        &format!(
            "+++\ntitle = {h}\ndate = 2020-05-05T10:00:00\nkind = {h}\nspeakers = [{h}, \"Ann Lee\"]\nrole = {h}\nlocation = {h}\ntopics = [{h}]\ncountries = [{h}]\nsummary = {h}\nslug = \"hostile\"\nsource = \"https://example.org/original?a=1&b='2'\"\nid = {h}\nupdated = 2020-05-06\naliases = [\"/old/hostile/\"]\n[extra]\nnote = {h}\n+++\n{BODY}"
        ),
    );
    // A second statement without a summary, whose first paragraph is the
    // hostile body (and which links the first through every listing).
    site.write(
        "content/2020/plain.md",
        &format!(
            "+++\ntitle = \"Plain\"\ndate = 2020-05-04\nspeaker = \"Ann Lee\"\ntopics = [{h}]\n+++\n{BODY}"
        ),
    );
    site.write(
        "content/people/ann-lee.toml",
        &format!(
            "name = \"Ann Lee\"\naliases = [{h}]\nbio = \"{}\"\nimage = \"people/ann-lee.jpg\"\n[[roles]]\ntitle = {h}\nfrom = 2019-01-01\n",
            "A bio <script>alert(20)</script> with [a bad link](javascript:alert(21)) and ![pic](javascript:alert(22))."
        ),
    );
    site.write("static/people/ann-lee.jpg", "not really a picture");
    site.build();
    site
}

/// Every element of a parsed document or fragment.
fn elements(html: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    html.root_element().descendants().filter_map(ElementRef::wrap)
}

/// What must hold of every piece of HTML we write: no script but our own,
/// no image but the portrait, no event handler, no element the hostile
/// values name, no link that runs code.
fn assert_no_injected_markup(html: &Html, what: &str) {
    for e in elements(html) {
        let el = e.value();
        if el.name() == "script" && el.attr("type") == Some("application/ld+json") {
            // Hostile values stay inside the JSON: the script is one JSON document.
            let text: String = e.text().collect();
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "{what}: JSON-LD that is not JSON: {text}"
            );
        }
        match el.name() {
            // Ours: the search page's and the citation box's scripts, and
            // the statement page's JSON-LD (data, which browsers do not run).
            "script" => assert!(
                matches!(el.attr("src"), Some("/archive/search.js" | "/archive/cite.js"))
                    || (el.attr("type") == Some("application/ld+json") && el.attr("src").is_none()),
                "{what}: a script that is not ours"
            ),
            "img" => assert_eq!(
                el.attr("src"),
                Some("/archive/people/ann-lee.jpg"),
                "{what}: an image that is not the portrait"
            ),
            "b" | "iframe" | "object" | "embed" | "svg" => panic!("{what}: a <{}> element", el.name()),
            _ => {}
        }
        for (name, value) in el.attrs() {
            assert!(
                !name.starts_with("on"),
                "{what}: <{} {name}={value:?}>",
                el.name()
            );
            assert_ne!(value, "pwn", "{what}: <{} {name}={value:?}>", el.name());
            if matches!(name, "href" | "src" | "action" | "formaction" | "content") {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let url = v.trim_start_matches("0;url=");
                assert!(
                    !url.starts_with("javascript:")
                        && !url.starts_with("vbscript:")
                        && !url.starts_with("data:"),
                    "{what}: <{} {name}={value:?}>",
                    el.name()
                );
            }
        }
    }
}

/// The names of the elements of an HTML fragment.
fn element_names(html: &Html) -> BTreeSet<String> {
    elements(html)
        .map(|e| e.value().name().to_string())
        .filter(|n| n != "html")
        .collect()
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    html.select(&sel).map(|e| e.text().collect()).collect()
}

#[test]
fn hostile_values_are_text_in_every_html_page() {
    let site = hostile_site("");
    let pages = site.html_pages();
    assert!(pages.len() > 15, "{}", pages.len());
    for (file, page) in &pages {
        assert_no_injected_markup(&page.0, file);
    }
    let page = site.page("2020/05/05/hostile/index.html");
    let doc = &page.0;
    let h = shown(HOSTILE);
    // Shown as the characters they are, where they were put.
    assert_eq!(
        texts(doc, "h1").iter().map(|t| shown(t)).collect::<Vec<_>>(),
        vec![h.clone()]
    );
    assert_eq!(page.count("h1 *"), 0);
    assert_eq!(shown(&texts(doc, ".location")[0]), h);
    assert_eq!(shown(&texts(doc, ".doc-id")[0]), h);
    assert_eq!(shown(&texts(doc, "a.speaker")[0]), h);
    assert_eq!(shown(&texts(doc, ".role")[0]), format!(", {h}"));
    assert!(shown(&texts(doc, "title")[0]).starts_with(&h));
    let description = page.attrs("meta[name=description]", "content");
    assert_eq!(shown(&description[0]), h);
    assert_eq!(
        page.attrs(".source a", "href"),
        vec!["https://example.org/original?a=1&b='2'"]
    );

    // The body holds what Markdown wrote and nothing else; raw HTML is text.
    let body = Html::parse_fragment(&texts_html(doc, ".body"));
    let names = element_names(&body);
    let expected: BTreeSet<String> = BODY_ELEMENTS.iter().map(|s| s.to_string()).collect();
    assert!(names.is_subset(&expected), "{names:?}");
    let text: String = body.root_element().text().collect();
    // HTML comments show in no mode: an editor's note stays out of the page.
    for note in ["<!--", "inline note", "editor's note", "no reader should see"] {
        assert!(!text.contains(note), "{note} in {text:?}");
    }
    for raw in [
        "<img src=x onerror=alert(10)>",
        "<script>alert(11)</script>",
        "<div onclick=\"alert(12)\">A raw block</div>",
        "<img src=x onerror=alert(13)>",
        "<b id=pwn>bold</b>",
        "<img src=x onerror=alert(15)>",
    ] {
        assert!(text.contains(raw), "{raw} is not shown as text in {text:?}");
    }
    // `{#id .class}` stay; other heading attributes are raw HTML.
    assert_eq!(page.attrs(".body h3", "id"), vec!["heading"]);
    assert_eq!(page.attrs(".body h3", "class"), vec!["note"]);
    assert_eq!(
        page.attrs(".body a[title]", "href"),
        vec!["https://example.org/ok?a=1&b=2"]
    );

    // The summary of the statement without one leaves raw HTML out, as
    // when it is kept.
    let plain = site.page("2020/05/04/plain/index.html");
    let summary = plain.attrs("meta[name=description]", "content");
    assert!(
        summary[0].starts_with("<img src=x onerror=alert(10)> was escaped"),
        "{summary:?}"
    );

    // The bio's raw HTML is text; its unsafe link and image are text too.
    let person = site.page("speakers/ann-lee/index.html");
    let bio = Html::parse_fragment(&texts_html(&person.0, ".bio"));
    assert_eq!(element_names(&bio), BTreeSet::from(["p".to_string()]));
    let bio_text: String = bio.root_element().text().collect();
    assert!(
        bio_text.contains("<script>alert(20)</script> with a bad link and pic."),
        "{bio_text}"
    );
}

/// The inner HTML of the first element matching `selector`.
fn texts_html(html: &Html, selector: &str) -> String {
    let sel = scraper::Selector::parse(selector).unwrap();
    html.select(&sel)
        .next()
        .map(|e| e.inner_html())
        .unwrap_or_default()
}

/// The elements a feed is made of: anything else in a feed came from a value.
const FEED_VOCABULARY: &[&str] = &[
    // Atom
    "feed",
    "title",
    "id",
    "updated",
    "link",
    "subtitle",
    "generator",
    "entry",
    "published",
    "author",
    "name",
    "uri",
    "category",
    "summary",
    "content",
    // RSS (with its atom:link, content:encoded and dc:creator)
    "rss",
    "channel",
    "description",
    "language",
    "lastBuildDate",
    "item",
    "guid",
    "pubDate",
    "encoded",
    "creator",
    // Sitemaps
    "urlset",
    "url",
    "loc",
    "lastmod",
    "sitemapindex",
    "sitemap",
];

#[test]
fn hostile_values_are_text_in_every_feed() {
    let site = hostile_site("");
    let xml_files: Vec<String> = site.files().into_iter().filter(|f| f.ends_with(".xml")).collect();
    assert!(xml_files.len() > 10, "{xml_files:?}");
    let mut html_fields = 0;
    for file in &xml_files {
        let text = site.read(file);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert!(FEED_VOCABULARY.contains(&name), "{file}: a <{name}> element");
            // Fields that hold HTML: what Markdown wrote, and nothing else.
            let is_html = match name {
                "content" => node.attribute("type") == Some("html"),
                "description" => node.parent().is_some_and(|p| p.has_tag_name("item")),
                "encoded" => true,
                _ => false,
            };
            if is_html {
                html_fields += 1;
                let html = Html::parse_fragment(node.text().unwrap_or_default());
                assert_no_injected_markup(&html, &format!("{file} <{name}>"));
                let allowed: BTreeSet<String> = BODY_ELEMENTS.iter().map(|s| s.to_string()).collect();
                let names = element_names(&html);
                assert!(names.is_subset(&allowed), "{file} <{name}>: {names:?}");
            }
        }
    }
    assert!(html_fields > 10, "{html_fields}");

    let h = shown(HOSTILE);
    let topic_feeds: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.starts_with("topics/") && f.ends_with("/feed.json"))
        .collect();
    assert_eq!(topic_feeds.len(), 1, "{topic_feeds:?}");
    let files = ["atom.xml", "rss.xml", "feed.json", topic_feeds[0].as_str()];
    for file in files {
        let feed =
            feed_rs::parser::parse(site.read(file).as_bytes()).unwrap_or_else(|e| panic!("{file}: {e}"));
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| shown(&e.title.as_ref().unwrap().content))
            .collect();
        assert_eq!(titles, vec![h.clone(), "Plain".to_string()], "{file}");
        let summary = feed.entries[0].summary.as_ref().unwrap();
        if file == "rss.xml" {
            // RSS's description is HTML: the summary is escaped into it.
            let html = Html::parse_fragment(&summary.content);
            assert!(element_names(&html).is_empty(), "{file}: {:?}", summary.content);
            assert_eq!(
                shown(&html.root_element().text().collect::<String>()),
                h,
                "{file}"
            );
        } else {
            assert_eq!(shown(&summary.content), h, "{file}");
        }
    }

    // JSON Feed: every HTML field is what Markdown wrote.
    let json: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    assert_eq!(shown(json["title"].as_str().unwrap()), h);
    let id = json["items"][0]["id"].as_str().unwrap();
    assert_eq!(
        id.strip_prefix("tag:example.org,2020-05-05:").map(shown),
        Some(h.clone()),
        "{id}"
    );
    for item in json["items"].as_array().unwrap() {
        let html = Html::parse_fragment(item["content_html"].as_str().unwrap());
        assert_no_injected_markup(&html, "feed.json content_html");
    }
}

#[test]
fn summaries_only_feeds_carry_hostile_summaries_as_text() {
    let site = hostile_site("[feeds]\nfull_content = false\n");
    let rss = site.read("rss.xml");
    let doc = roxmltree::Document::parse(&rss).unwrap();
    // An item's description is HTML; the channel's is text, as Atom's
    // subtitle and JSON Feed's description are.
    let items = doc.descendants().filter(|n| n.has_tag_name("item"));
    for d in items
        .flat_map(|i| i.children())
        .filter(|n| n.has_tag_name("description"))
    {
        let html = Html::parse_fragment(d.text().unwrap_or_default());
        assert!(element_names(&html).is_empty(), "{:?}", d.text());
    }
    let json: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    assert_eq!(
        shown(json["items"][0]["content_text"].as_str().unwrap()),
        shown(HOSTILE)
    );
}

#[test]
fn raw_html_drop_leaves_raw_html_out() {
    let site = hostile_site("[markdown]\nraw_html = \"drop\"\n");
    let page = site.page("2020/05/05/hostile/index.html");
    assert_no_injected_markup(&page.0, "statement");
    let body: String = texts(&page.0, ".body").concat();
    for raw in ["alert(11)", "onerror=alert(13)", "A raw block", "<b"] {
        assert!(!body.contains(raw), "{raw} in {body}");
    }
    assert!(
        body.contains("raw and bold"),
        "the text between inline tags stays: {body}"
    );
    assert!(
        body.contains("<img src=x onerror=alert(10)>"),
        "escaped in Markdown, so text: {body}"
    );
}

#[test]
fn raw_html_keep_passes_raw_html_through_as_commonmark_does() {
    let site = hostile_site("[markdown]\nraw_html = \"keep\"\n");
    let page = site.page("2020/05/05/hostile/index.html");
    assert_eq!(page.texts(".body b"), vec!["bold"]);
    assert_eq!(page.attrs(".body div[onclick]", "onclick"), vec!["alert(12)"]);
    assert_eq!(page.attrs(".body h3", "onclick"), vec!["alert(14)"]);
    // Front matter is text whatever the body does.
    assert_eq!(page.count("h1 *"), 0);
    // Raw `]]>` cannot end RSS's CDATA early.
    for file in ["rss.xml", "atom.xml"] {
        roxmltree::Document::parse(&site.read(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

#[test]
fn an_unknown_raw_html_value_is_an_error_at_its_value() {
    let site = Site::new(&format!(
        "{}[markdown]\nraw_html = \"unsafe\"\n",
        crate::support::SITE
    ));
    site.write("content/a.md", &statement("A", "2020-01-01", ""));
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "site.toml");
    assert_eq!((d.line, d.col), (5, 12), "{d:?}");
    assert!(d.message.contains("raw_html"), "{d:?}");
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("\"escape\""),
        "{d:?}"
    );
}

/// `source = "javascript:alert(4)"` became a clickable link on the page.
#[test]
fn a_source_that_is_not_http_or_mailto_is_an_error_at_its_line() {
    for source in [
        "javascript:alert(4)",
        "JavaScript:alert(4)",
        " javascript:alert(4)",
        "java\\tscript:alert(4)",
        "data:text/html,<script>alert(4)</script>",
        "vbscript:msgbox(4)",
        "ftp://example.org/x",
        "/relative/path/",
        "https://",
        "https://example.org/a\\\"><img src=x onerror=alert(4)>",
    ] {
        let site = Site::new(crate::support::SITE);
        site.write(
            "content/a.md",
            &statement("A", "2020-01-01", &format!("source = \"{source}\"")),
        );
        let diags = site.diagnostics(&["build"]);
        let d = diag_for(&diags, "content/a.md");
        assert_eq!((d.line, d.col), (4, 10), "{source}: {d:?}");
        assert!(d.message.starts_with("`source`"), "{d:?}");
        assert!(d.hint.is_some(), "{d:?}");
    }
    for source in [
        "https://example.org/a?b=1&c=2",
        "http://example.org",
        "mailto:press@example.org",
    ] {
        let site = Site::new(crate::support::SITE);
        site.write(
            "content/a.md",
            &statement("A", "2020-01-01", &format!("source = \"{source}\"")),
        );
        site.build();
        let page = site.page("2020/01/01/a/index.html");
        assert_eq!(page.attrs(".source a", "href"), vec![source]);
    }
}

#[test]
fn a_body_link_or_image_that_runs_code_is_an_error_at_the_link() {
    for (body, col) in [
        ("See [this](javascript:alert(5)).", 5),
        ("See <javascript:alert(5)>.", 5),
        ("See [this](JAVASCRIPT:alert(5)).", 5),
        ("See [this](<java script:alert(5)>).", 5),
        ("See [this](data:text/html;base64,PHNjcmlwdD4=).", 5),
        ("See ![x](javascript:alert(5)).", 5),
        ("See [this][ref].\n\n[ref]: vbscript:msgbox(5)", 5),
    ] {
        let site = Site::new(crate::support::SITE);
        site.write(
            "content/a.md",
            &format!("+++\ntitle = \"A\"\ndate = 2020-01-01\n+++\n{body}\n"),
        );
        let diags = site.diagnostics(&["build"]);
        let d = diag_for(&diags, "content/a.md");
        assert_eq!((d.line, d.col), (5, col), "{body}: {d:?}");
        assert!(d.message.contains("can run code"), "{d:?}");
        assert!(d.hint.is_some(), "{d:?}");
    }
    // An inline image is not code.
    let site = Site::new(crate::support::SITE);
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2020-01-01\n+++\n![dot](data:image/png;base64,iVBORw0KGgo=)\n",
    );
    site.build();
}

#[test]
fn a_person_image_that_is_not_a_path_under_static_is_an_error_at_its_line() {
    for image in [
        "javascript:alert(6)",
        "https://example.org/x.jpg",
        "//example.org/x.jpg",
        "../../../etc/passwd",
        "people/./x.jpg",
        "people/x.jpg\\\"onerror=\\\"alert(6)",
        "",
    ] {
        let site = Site::new(crate::support::SITE);
        site.write(
            "content/a.md",
            &statement("A", "2020-01-01", "speaker = \"Ann Lee\""),
        );
        site.write(
            "content/people/ann-lee.toml",
            &format!("name = \"Ann Lee\"\nimage = \"{image}\"\n"),
        );
        let diags = site.diagnostics(&["build"]);
        let d = diag_for(&diags, "content/people/ann-lee.toml");
        assert_eq!((d.line, d.col), (2, 9), "{image}: {d:?}");
        assert!(d.message.starts_with("`image`"), "{d:?}");
        assert!(d.hint.as_deref().unwrap_or_default().contains("static/"), "{d:?}");
    }
}

/// `https://example.org/../../` was accepted as base_url.
#[test]
fn a_base_url_with_dot_segments_a_query_or_a_fragment_is_an_error_at_its_line() {
    for url in [
        "https://example.org/../../",
        "https://example.org/archive/./",
        "https://example.org/archive/%2e%2e/",
        "https://example.org/archive/?v=1",
        "https://example.org/archive/#top",
        "https://example.org/ar chive/",
    ] {
        let site = Site::new(&format!("title = \"T\"\nbase_url = \"{url}\"\n"));
        site.write("content/a.md", &statement("A", "2020-01-01", ""));
        let diags = site.diagnostics(&["build"]);
        let d = diag_for(&diags, "site.toml");
        assert_eq!((d.line, d.col), (2, 12), "{url}: {d:?}");
        assert!(d.message.contains("base_url"), "{d:?}");
        assert!(d.hint.is_some(), "{d:?}");
    }
    // The command line's override is held to the same rule.
    let site = Site::new(crate::support::SITE);
    site.write("content/a.md", &statement("A", "2020-01-01", ""));
    let out = site.run(&["build", "--base-url", "https://example.org/a/../b/"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`..`"), "{stderr}");
}

/// `theme = "../../../../etc"` looked the theme up outside themes/.
#[test]
fn a_theme_that_is_not_a_plain_folder_name_is_an_error_at_its_line() {
    // `themes/../content` and `themes/../../../../etc` are folders: the
    // old lookup used them as themes.
    for theme in ["../content", "../../../../etc", "themes/x", "/etc", ".hidden", ""] {
        let site = Site::new(&format!("{}theme = \"{theme}\"\n", crate::support::SITE));
        site.write("content/a.md", &statement("A", "2020-01-01", ""));
        let out = site.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{theme}: {stderr}");
        let diags = parse_diagnostics(&stderr, site.root());
        let d = diag_for(&diags, "site.toml");
        assert_eq!((d.line, d.col), (4, 9), "{theme}: {d:?}");
        assert!(d.message.contains("`theme`"), "{d:?}");
        assert!(d.hint.as_deref().unwrap_or_default().contains("themes/"), "{d:?}");
    }
}
