//! Feeds: every feed the build writes, read back with an independent
//! parser (feed-rs) and checked for counts, order, dates, links, ids and
//! escaping.

use crate::support::{Site, list_files, statement};

const NASTY: &str = "AT&T <b>\"x\"</b> — Côte d’Ivoire";

const SITE: &str = r#"title = "Feed Archive"
base_url = "https://example.org/archive/"
timezone = "America/New_York"
description = "Statements & more"
"#;

fn feed_site(extra_config: &str) -> Site {
    let site = Site::new(&format!("{SITE}{extra_config}"));
    // Three statements by two speakers; one with a nasty title and a
    // control character, one with an `id`, one in winter (EST) and one in
    // summer (EDT).
    site.write(
        "content/2019/nasty.md",
        &format!(
            "+++\ntitle = {NASTY:?}\ndate = 2019-07-04T23:30:00\nkind = \"Readout\"\nspeaker = \"Zoë Ferreira\"\ntopics = [\"Trade\"]\n+++\nA body\u{1} with a [relative link](../../../../2018/03/01/old-statement/) and a [site link](/topics/).\n"
        ),
    );
    site.write(
        "content/2020/winter.md",
        &statement(
            "Winter Statement",
            "2020-01-15T09:00:00",
            "kind = \"Press Statement\"\nspeaker = \"Zoë Ferreira\"\ntopics = [\"Trade\", \"Climate\"]\nid = \"PR-2020-001\"\nupdated = 2020-01-16",
        ),
    );
    site.write(
        "content/2018/old.md",
        &statement(
            "Old Statement",
            "2018-03-01",
            "kind = \"Remarks\"\nspeakers = [\"Ana Ruiz\", \"Zoë Ferreira\"]\naliases = [\"/old/first-url/\"]",
        ),
    );
    site.build();
    site
}

fn parse(site: &Site, rel: &str) -> feed_rs::model::Feed {
    let text = site.read(rel);
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

#[test]
fn site_feeds_list_every_statement_newest_first_in_all_three_formats() {
    let site = feed_site("");
    for file in ["atom.xml", "rss.xml", "feed.json"] {
        let feed = parse(&site, file);
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(titles, vec!["Winter Statement", NASTY, "Old Statement"], "{file}");
        let links: Vec<&str> = feed.entries.iter().map(|e| e.links[0].href.as_str()).collect();
        assert_eq!(
            links,
            vec![
                "https://example.org/archive/2020/01/15/winter-statement/",
                "https://example.org/archive/2019/07/04/at-t-b-x-b-cote-d-ivoire/",
                "https://example.org/archive/2018/03/01/old-statement/",
            ],
            "{file}"
        );
    }
}

#[test]
fn dates_carry_the_site_time_zone_offset() {
    let site = feed_site("");
    let atom = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let published: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("published"))
        .map(|n| n.text().unwrap())
        .collect();
    assert_eq!(
        published,
        vec![
            "2020-01-15T09:00:00-05:00",
            "2019-07-04T23:30:00-04:00",
            "2018-03-01T00:00:00-05:00"
        ]
    );
    // Feed-level updated is the newest entry's last change (its `updated`).
    let feed_updated = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("updated"))
        .unwrap();
    assert_eq!(feed_updated.text(), Some("2020-01-16T00:00:00-05:00"));

    let rss = site.read("rss.xml");
    let doc = roxmltree::Document::parse(&rss).unwrap();
    let pub_dates: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("pubDate"))
        .map(|n| n.text().unwrap())
        .collect();
    assert_eq!(pub_dates[0], "Wed, 15 Jan 2020 09:00:00 -0500");
    assert_eq!(pub_dates[1], "Thu, 4 Jul 2019 23:30:00 -0400");

    let json: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["items"][0]["date_published"], "2020-01-15T09:00:00-05:00");
    assert_eq!(json["items"][0]["date_modified"], "2020-01-16T00:00:00-05:00");
}

#[test]
fn ids_are_stable_across_title_corrections() {
    let site = feed_site("");
    let feed = parse(&site, "atom.xml");
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids[0], "tag:example.org,2020-01-15:PR-2020-001",
        "an `id` gives a tag URI"
    );
    assert_eq!(
        ids[2], "https://example.org/archive/old/first-url/",
        "the first alias is the first permalink"
    );

    // Correcting the title changes the URL but not the id (the old URL
    // goes into aliases, as the README says).
    let before = ids[1].to_string();
    site.write(
        "content/2019/nasty.md",
        "+++\ntitle = \"Corrected Title\"\ndate = 2019-07-04T23:30:00\nkind = \"Readout\"\nspeaker = \"Zoë Ferreira\"\naliases = [\"/2019/07/04/at-t-b-x-b-cote-d-ivoire/\"]\n+++\nBody.\n",
    );
    site.build();
    let feed = parse(&site, "atom.xml");
    assert_eq!(feed.entries[1].id, before);
    assert_eq!(feed.entries[1].title.as_ref().unwrap().content, "Corrected Title");
}

#[test]
fn nasty_titles_and_bodies_are_escaped_and_links_made_absolute() {
    let site = feed_site("");
    for file in ["atom.xml", "rss.xml", "feed.json"] {
        let feed = parse(&site, file);
        let entry = &feed.entries[1];
        assert_eq!(entry.title.as_ref().unwrap().content, NASTY, "{file}");
        let body = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
        assert!(!body.contains('\u{1}'), "{file}: control character kept");
        let fragment = scraper::Html::parse_fragment(&body);
        let sel = scraper::Selector::parse("a").unwrap();
        let hrefs: Vec<&str> = fragment
            .select(&sel)
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(
            hrefs,
            vec![
                "https://example.org/archive/2018/03/01/old-statement/",
                "https://example.org/archive/topics/"
            ],
            "{file}"
        );
    }
}

#[test]
fn authors_and_categories_come_from_speakers_kind_and_topics() {
    let site = feed_site("");
    let feed = parse(&site, "atom.xml");
    let old = &feed.entries[2];
    let authors: Vec<&str> = old.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(authors, vec!["Ana Ruiz", "Zoë Ferreira"]);
    let winter = &feed.entries[0];
    let cats: Vec<&str> = winter.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(cats, vec!["Press Statement", "Trade", "Climate"]);
}

#[test]
fn every_term_has_its_own_feeds() {
    let site = feed_site("");
    let feed = parse(&site, "speakers/zoe-ferreira/atom.xml");
    assert_eq!(feed.entries.len(), 3);
    let feed = parse(&site, "speakers/ana-ruiz/rss.xml");
    assert_eq!(feed.entries.len(), 1);
    let feed = parse(&site, "topics/trade/feed.json");
    assert_eq!(feed.entries.len(), 2);
    assert!(site.exists("kinds/readout/atom.xml"));
    // The term page links its own feeds, and every page the site's.
    let page = site.page("topics/trade/index.html");
    let alternates = page.attrs("link[rel=alternate]", "href");
    assert!(
        alternates.contains(&"/archive/atom.xml".to_string()),
        "{alternates:?}"
    );
    assert!(
        alternates.contains(&"/archive/topics/trade/atom.xml".to_string()),
        "{alternates:?}"
    );
    assert!(
        alternates.contains(&"/archive/topics/trade/feed.json".to_string()),
        "{alternates:?}"
    );
}

#[test]
fn feeds_config_limits_formats_terms_and_content() {
    let site = feed_site("[feeds]\nlimit = 2\nfull_content = false\nformats = [\"atom\"]\nterms = false\n");
    assert!(!site.exists("rss.xml"));
    assert!(!site.exists("feed.json"));
    assert!(!site.exists("topics/trade/atom.xml"));
    let feed = parse(&site, "atom.xml");
    assert_eq!(feed.entries.len(), 2);
    assert!(feed.entries.iter().all(|e| e.content.is_none()), "summary only");
    assert_eq!(
        feed.entries[0].summary.as_ref().unwrap().content,
        "Body of Winter Statement."
    );
    let home = site.page("index.html");
    assert_eq!(
        home.attrs("link[rel=alternate]", "href"),
        vec!["/archive/atom.xml"]
    );
}

#[test]
fn every_xml_file_is_well_formed() {
    let site = feed_site("");
    let xml: Vec<String> = list_files(&site.public())
        .into_iter()
        .filter(|f| f.ends_with(".xml"))
        .collect();
    assert!(xml.len() > 10, "{xml:?}");
    for file in xml {
        let text = site.read(&file);
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

/// The text of every `<tag>` element of an XML document.
fn xml_texts(xml: &str, tag: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name(tag))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

/// Elements of an HTML fragment, by tag name.
fn html_elements(html: &str) -> Vec<String> {
    let fragment = scraper::Html::parse_fragment(html);
    fragment
        .root_element()
        .descendants()
        .filter_map(|n| n.value().as_element().map(|e| e.name().to_string()))
        .filter(|name| name != "html")
        .collect()
}

/// RSS put the summary in `<description>` (HTML, by RSS's definition)
/// without escaping it, so markup in a summary, or body text that was
/// escaped in Markdown, became live HTML in feed readers.
#[test]
fn a_summary_is_text_in_rss_descriptions_as_in_atom_and_json_feed() {
    let site = Site::new(&format!("{SITE}[feeds]\nfull_content = false\n"));
    let given = "<img src=x onerror=alert(1)> & ]]> AT&amp;T";
    site.write(
        "content/given.md",
        &statement("Given", "2020-01-02", &format!("summary = {given:?}")),
    );
    // No summary: the first paragraph, where Markdown escaped the markup.
    site.write(
        "content/first.md",
        "+++\ntitle = \"First\"\ndate = 2020-01-01\n+++\n\\<img src=x onerror=alert(2)> and \\<b>bold\\</b>\n",
    );
    site.build();
    let first = "<img src=x onerror=alert(2)> and <b>bold</b>";

    let rss = site.read("rss.xml");
    let descriptions = xml_texts(&rss, "description");
    // The channel's description, then the items'.
    assert_eq!(descriptions.len(), 3, "{descriptions:?}");
    for (html, text) in descriptions[1..].iter().zip([given, first]) {
        assert_eq!(html_elements(html), Vec::<String>::new(), "markup in {html:?}");
        let shown: String = scraper::Html::parse_fragment(html)
            .root_element()
            .text()
            .collect();
        assert_eq!(shown, text, "a reader shows the summary as it was written");
    }
    let feed = feed_rs::parser::parse(rss.as_bytes()).unwrap();
    let summary = feed.entries[0].summary.as_ref().unwrap();
    assert!(html_elements(&summary.content).is_empty(), "{summary:?}");

    // Atom and JSON Feed carry it as text.
    for file in ["atom.xml", "feed.json"] {
        let feed = feed_rs::parser::parse(site.read(file).as_bytes()).unwrap();
        let summaries: Vec<&str> = feed
            .entries
            .iter()
            .map(|e| e.summary.as_ref().unwrap().content.as_str())
            .collect();
        assert_eq!(summaries, vec![given, first], "{file}");
    }
}
