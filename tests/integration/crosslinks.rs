//! Cross-links (issue 4): `@/` references and the "Referenced in" lists
//! they make, related statements ranked by shared terms, previous/next by
//! speaker, people with their roles and aliases, and `check --strict`.
//!
//! Fixtures: tests/fixtures/crosslinks/references (a chain a → b → c, a
//! second citer d of c, an anchor) and tests/fixtures/crosslinks/people
//! (one person with two consecutive roles, spelled four ways, and a speaker
//! without a people file). Ranking cases are written in code, each with
//! only the statements its expectation depends on.

use std::collections::BTreeMap;

use crate::support::{Diag, Page, SITE, Site, diag_for, statement};

const REFERENCES: &str = "crosslinks/references";
const PEOPLE: &str = "crosslinks/people";

/// The side column's sections on a statement page (statement.html).
const BACKLINKS: &str = "section[aria-labelledby=backlinks-heading]";
const RELATED: &str = "section[aria-labelledby=related-heading]";

/// The output file of a root-relative URL under base path `/`.
fn file_of(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// The titles of the cards in a side-column section, in order.
fn rail_titles(page: &Page, section: &str) -> Vec<String> {
    page.texts(&format!("{section} .card-title a"))
}

/// The links of the cards in a side-column section, in order.
fn rail_urls(page: &Page, section: &str) -> Vec<String> {
    page.attrs(&format!("{section} .card-title a"), "href")
}

/// The related statements' titles on each statement page, by page.
fn related_lists(site: &Site) -> BTreeMap<String, Vec<String>> {
    site.html_pages()
        .into_iter()
        .filter(|(_, page)| page.count("article.statement") == 1)
        .map(|(file, page)| {
            let titles = rail_titles(&page, RELATED);
            (file, titles)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// References and backlinks

const A: &str = "2017/07/10/latest-update/index.html";
const B: &str = "2017/07/05/follow-up-statement/index.html";
const C: &str = "2017/07/01/original-announcement/index.html";
const D: &str = "2017/07/03/earlier-note/index.html";

#[test]
fn each_statement_lists_exactly_the_statements_that_reference_it_oldest_first() {
    let site = Site::fixture(REFERENCES);
    site.build();

    // c is cited by b (07-05) and d (07-03): oldest first, though b's file
    // comes first by name. b cites c twice and is listed once.
    let c = site.page(C);
    assert_eq!(c.text(&format!("{BACKLINKS} h2")), "Referenced in");
    assert_eq!(
        rail_titles(&c, BACKLINKS),
        vec!["Earlier Note", "Follow-Up Statement"]
    );
    assert_eq!(
        rail_urls(&c, BACKLINKS),
        vec!["/2017/07/03/earlier-note/", "/2017/07/05/follow-up-statement/"]
    );
    assert_eq!(
        c.texts(&format!("{BACKLINKS} .card time")),
        vec!["July 3, 2017", "July 5, 2017"]
    );
    assert_eq!(
        c.attrs(&format!("{BACKLINKS} .card time"), "datetime"),
        vec!["2017-07-03", "2017-07-05"]
    );

    let b = site.page(B);
    assert_eq!(rail_titles(&b, BACKLINKS), vec!["Latest Update"]);
    assert_eq!(b.texts(&format!("{BACKLINKS} .card time")), vec!["July 10, 2017"]);

    // Nothing cites a or d: no "Referenced in" at all.
    for file in [A, D] {
        let page = site.page(file);
        assert_eq!(page.count(BACKLINKS), 0, "{file}");
        assert_eq!(page.count("#backlinks-heading"), 0, "{file}");
    }
}

#[test]
fn an_at_link_in_a_body_resolves_to_the_statements_url() {
    let site = Site::fixture(REFERENCES);
    site.build();
    let a = site.page(A);
    assert_eq!(
        a.attrs(".body a", "href"),
        vec!["/2017/07/05/follow-up-statement/"]
    );
    assert_eq!(a.text(".body a"), "we remain committed");
    // No `@/` is left in any page.
    for (file, page) in site.html_pages() {
        let raw: Vec<String> = page.links().into_iter().filter(|l| l.contains("@/")).collect();
        assert!(raw.is_empty(), "{file}: {raw:?}");
    }
}

#[test]
fn an_at_link_honours_a_base_url_with_a_path() {
    let site = Site::fixture(REFERENCES);
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let toml = toml.replace("https://example.org/\"", "https://example.org/archive/\"");
    assert!(toml.contains("/archive/"), "{toml}");
    site.write("site.toml", &toml);
    site.build();

    let a = site.page(A);
    assert_eq!(
        a.attrs(".body a", "href"),
        vec!["/archive/2017/07/05/follow-up-statement/"]
    );
    let b = site.page(B);
    assert_eq!(
        b.attrs(".body a", "href"),
        vec![
            "/archive/2017/07/01/original-announcement/",
            "/archive/2017/07/01/original-announcement/#funding"
        ]
    );
    assert_eq!(
        rail_urls(&site.page(C), BACKLINKS),
        vec![
            "/archive/2017/07/03/earlier-note/",
            "/archive/2017/07/05/follow-up-statement/"
        ]
    );
}

#[test]
fn an_at_link_with_an_anchor_resolves_to_an_id_on_the_target_page() {
    let site = Site::fixture(REFERENCES);
    site.build();
    let b = site.page(B);
    let hrefs = b.attrs(".body a", "href");
    assert_eq!(
        hrefs,
        vec![
            "/2017/07/01/original-announcement/",
            "/2017/07/01/original-announcement/#funding"
        ]
    );
    let (target, fragment) = hrefs[1].split_once('#').unwrap();
    let ids = site.page(&file_of(target)).ids();
    assert!(
        ids.contains(&fragment.to_string()),
        "no id {fragment:?} in {ids:?}"
    );
}

#[test]
fn a_reference_cycle_builds_and_each_lists_the_other() {
    let site = Site::new(SITE);
    // x also links to itself, which is not a backlink.
    site.write(
        "content/x.md",
        "+++\ntitle = \"Ex\"\ndate = 2017-07-01\n+++\nSee [why](@/y.md) and [above](@/x.md).\n",
    );
    site.write(
        "content/y.md",
        "+++\ntitle = \"Why\"\ndate = 2017-07-02\n+++\nAs [said](@/x.md).\n",
    );
    site.build();
    let x = site.page("2017/07/01/ex/index.html");
    let y = site.page("2017/07/02/why/index.html");
    assert_eq!(rail_urls(&x, BACKLINKS), vec!["/2017/07/02/why/"]);
    assert_eq!(rail_urls(&y, BACKLINKS), vec!["/2017/07/01/ex/"]);
    assert_eq!(
        x.attrs(".body a", "href"),
        vec!["/2017/07/02/why/", "/2017/07/01/ex/"]
    );
    assert_eq!(y.attrs(".body a", "href"), vec!["/2017/07/01/ex/"]);
}

/// What errors.rs does not cover: an anchor with no close heading, and
/// `check` locating a body's bad link exactly as `build` does.
#[test]
fn a_missing_anchor_far_from_every_heading_lists_the_headings_in_build_and_check() {
    let site = Site::fixture(REFERENCES);
    site.write(
        "content/2017/e.md",
        "+++\ntitle = \"E\"\ndate = 2017-07-11\n+++\nIntro.\n\nOn costs, see [c](@/2017/c.md#zzzz).\n",
    );
    let build = site.diagnostics(&["build"]);
    let d = diag_for(&build, "content/2017/e.md");
    assert_eq!((d.line, d.col), (7, 15), "{d:?}");
    assert!(d.message.contains("#zzzz"), "{d:?}");
    assert_eq!(
        d.hint.as_deref(),
        Some("its headings are: #background, #funding"),
        "{d:?}"
    );
    assert!(!site.public().exists());
    assert_eq!(site.diagnostics(&["check"]), build);
}

#[test]
fn a_missing_target_far_from_every_path_says_what_at_links_name() {
    let site = Site::fixture(REFERENCES);
    site.write(
        "content/2017/e.md",
        "+++\ntitle = \"E\"\ndate = 2017-07-11\n+++\n[x](@/1999/unrelated-file-name.md)\n",
    );
    let diags = site.diagnostics(&["check"]);
    let d = diag_for(&diags, "content/2017/e.md");
    assert_eq!((d.line, d.col), (5, 1), "{d:?}");
    assert!(d.message.contains("@/1999/unrelated-file-name.md"), "{d:?}");
    let hint = d.hint.clone().unwrap_or_default();
    assert!(
        !hint.starts_with("did you mean") && hint.contains("relative to content/"),
        "{d:?}"
    );
}

// ---------------------------------------------------------------------------
// Related statements

/// A site of statements `(file, title, date, front matter lines)`.
fn site_of(site_toml: &str, statements: &[(&str, &str, &str, &str)]) -> Site {
    let site = Site::new(site_toml);
    for (file, title, date, extra) in statements {
        site.write(&format!("content/{file}"), &statement(title, date, extra));
    }
    site
}

/// The page of a statement whose slug is its title lowercased (titles here
/// are single words).
fn page_at(site: &Site, date: &str, title: &str) -> Page {
    let path = date.replace('-', "/");
    site.page(&format!("{path}/{}/index.html", title.to_lowercase()))
}

#[test]
fn a_rare_shared_topic_outranks_a_common_one() {
    // x shares "Fisheries" (2 statements) with rare and "Sanctions"
    // (5 statements) with four others; rare is also the farthest in time.
    let site = site_of(
        SITE,
        &[
            (
                "x.md",
                "Subject",
                "2017-06-15",
                "topics = [\"Sanctions\", \"Fisheries\"]",
            ),
            ("r.md", "Rare", "2017-01-02", "topics = [\"Fisheries\"]"),
            ("c1.md", "Common1", "2017-06-14", "topics = [\"Sanctions\"]"),
            ("c2.md", "Common2", "2017-06-10", "topics = [\"Sanctions\"]"),
            ("c3.md", "Common3", "2017-06-20", "topics = [\"Sanctions\"]"),
            ("c4.md", "Common4", "2017-05-01", "topics = [\"Sanctions\"]"),
        ],
    );
    site.build();
    let x = page_at(&site, "2017-06-15", "Subject");
    assert_eq!(x.text(&format!("{RELATED} h2")), "Related statements");
    let related = rail_titles(&x, RELATED);
    assert_eq!(related.len(), 5, "{related:?}");
    assert_eq!(related[0], "Rare", "{related:?}");
    let mut rest = related[1..].to_vec();
    rest.sort();
    assert_eq!(rest, vec!["Common1", "Common2", "Common3", "Common4"]);
    // Rare shares nothing with the common ones.
    assert_eq!(
        rail_titles(&page_at(&site, "2017-01-02", "Rare"), RELATED),
        vec!["Subject"]
    );
}

#[test]
fn more_shared_terms_rank_higher_and_the_limit_keeps_the_top() {
    // Terms shared with x: top (topic, country, speaker), second (topic,
    // country), low1 and low2 (topic only). Scores differ clearly.
    let statements = [
        (
            "x.md",
            "Subject",
            "2017-06-15",
            "topics = [\"Trade\"]\ncountries = [\"Chile\"]\nspeaker = \"Ann Lee\"",
        ),
        (
            "top.md",
            "Top",
            "2017-03-01",
            "topics = [\"Trade\"]\ncountries = [\"Chile\"]\nspeaker = \"Ann Lee\"",
        ),
        (
            "second.md",
            "Second",
            "2017-04-01",
            "topics = [\"Trade\"]\ncountries = [\"Chile\"]",
        ),
        ("low1.md", "Lowone", "2017-06-14", "topics = [\"Trade\"]"),
        ("low2.md", "Lowtwo", "2017-06-16", "topics = [\"Trade\"]"),
    ];
    let related = |n: Option<usize>| {
        let toml = match n {
            Some(n) => format!("{SITE}[links]\nrelated = {n}\n"),
            None => SITE.to_string(),
        };
        let site = site_of(&toml, &statements);
        site.build();
        rail_titles(&page_at(&site, "2017-06-15", "Subject"), RELATED)
    };
    // The default (5) shows all four.
    let all = related(None);
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(all[..2], ["Top", "Second"], "{all:?}");
    assert_eq!(related(Some(2)), vec!["Top", "Second"]);
    assert_eq!(related(Some(1)), vec!["Top"]);
}

#[test]
fn related_zero_shows_no_related_statements_anywhere() {
    let site = site_of(
        &format!("{SITE}[links]\nrelated = 0\n"),
        &[
            (
                "x.md",
                "Subject",
                "2017-06-15",
                "topics = [\"Trade\"]\nspeaker = \"Ann Lee\"",
            ),
            (
                "y.md",
                "Other",
                "2017-06-16",
                "topics = [\"Trade\"]\nspeaker = \"Ann Lee\"",
            ),
        ],
    );
    site.build();
    let lists = related_lists(&site);
    assert_eq!(lists.len(), 2, "{lists:?}");
    for (file, page) in site.html_pages() {
        assert_eq!(page.count(RELATED), 0, "{file}");
        assert_eq!(page.count("#related-heading"), 0, "{file}");
    }
    // The speaker links still work: related = 0 turns off only related.
    let x = page_at(&site, "2017-06-15", "Subject");
    assert_eq!(x.count("ul.by-speaker li"), 1);
}

#[test]
fn related_statements_share_a_topic_a_country_or_a_speaker_and_a_loner_has_none() {
    let site = site_of(
        SITE,
        &[
            (
                "x.md",
                "Subject",
                "2017-06-15",
                "topics = [\"Trade\"]\ncountries = [\"Chile\"]\nspeaker = \"Ann Lee\"",
            ),
            ("t.md", "Bytopic", "2017-06-01", "topics = [\"trade\"]"),
            ("c.md", "Bycountry", "2017-06-02", "countries = [\"Chile\"]"),
            // Another spelling of the same speaker (no people file needed).
            ("s.md", "Byspeaker", "2017-06-03", "speaker = \"ann  LEE\""),
            (
                "l.md",
                "Loner",
                "2017-06-16",
                "topics = [\"Fisheries\"]\ncountries = [\"Peru\"]\nspeaker = \"Bo Chan\"",
            ),
        ],
    );
    site.build();
    let mut related = rail_titles(&page_at(&site, "2017-06-15", "Subject"), RELATED);
    related.sort();
    assert_eq!(related, vec!["Bycountry", "Byspeaker", "Bytopic"]);
    let loner = page_at(&site, "2017-06-16", "Loner");
    assert_eq!(loner.count(RELATED), 0);
    assert!(rail_titles(&loner, RELATED).is_empty());
}

#[test]
fn statements_linked_either_way_are_not_repeated_under_related() {
    // All four share a topic. x cites y; z cites x; w is unlinked.
    let site = Site::new(SITE);
    site.write(
        "content/x.md",
        "+++\ntitle = \"Subject\"\ndate = 2017-06-15\ntopics = [\"Trade\"]\n+++\nSee [y](@/y.md).\n",
    );
    site.write(
        "content/y.md",
        &statement("Cited", "2017-06-10", "topics = [\"Trade\"]"),
    );
    site.write(
        "content/z.md",
        "+++\ntitle = \"Citer\"\ndate = 2017-06-20\ntopics = [\"Trade\"]\n+++\nSee [x](@/x.md).\n",
    );
    site.write(
        "content/w.md",
        &statement("Unlinked", "2017-06-01", "topics = [\"Trade\"]"),
    );
    site.build();

    let x = page_at(&site, "2017-06-15", "Subject");
    assert_eq!(rail_titles(&x, BACKLINKS), vec!["Citer"]);
    assert_eq!(rail_titles(&x, RELATED), vec!["Unlinked"]);
    // y is cited by x, so x is not related to y; z cites x, likewise.
    let y = page_at(&site, "2017-06-10", "Cited");
    assert_eq!(rail_titles(&y, BACKLINKS), vec!["Subject"]);
    let mut y_related = rail_titles(&y, RELATED);
    y_related.sort();
    assert_eq!(y_related, vec!["Citer", "Unlinked"]);
    let z = page_at(&site, "2017-06-20", "Citer");
    let mut z_related = rail_titles(&z, RELATED);
    z_related.sort();
    assert_eq!(z_related, vec!["Cited", "Unlinked"]);
}

#[test]
fn related_ties_at_the_same_distance_in_time_go_to_the_newer() {
    // Equal scores; later and earlier are both three days from x. The
    // file names put the older one first, so name order would be wrong.
    let site = site_of(
        SITE,
        &[
            ("x.md", "Subject", "2017-06-15", "topics = [\"Trade\"]"),
            ("a.md", "Earlier", "2017-06-12", "topics = [\"Trade\"]"),
            ("b.md", "Later", "2017-06-18", "topics = [\"Trade\"]"),
        ],
    );
    site.build();
    assert_eq!(
        rail_titles(&page_at(&site, "2017-06-15", "Subject"), RELATED),
        vec!["Later", "Earlier"]
    );
}

#[test]
fn related_ties_go_to_the_statement_nearest_in_time() {
    // Equal scores: near is one day before x, far ten days after. Each is
    // x's neighbour in the archive, so only their dates tell them apart.
    let site = site_of(
        SITE,
        &[
            ("x.md", "Subject", "2017-06-15", "topics = [\"Trade\"]"),
            ("near.md", "Near", "2017-06-14", "topics = [\"Trade\"]"),
            ("far.md", "Far", "2017-06-25", "topics = [\"Trade\"]"),
        ],
    );
    site.build();
    assert_eq!(
        rail_titles(&page_at(&site, "2017-06-15", "Subject"), RELATED),
        vec!["Near", "Far"]
    );
}

#[test]
fn related_ties_ignore_unrelated_statements_in_between() {
    // later and earlier are both three days from x, but two unrelated
    // statements fall between x and later: later is still the newer of two
    // equally near ones and comes first.
    let site = site_of(
        SITE,
        &[
            ("x.md", "Subject", "2017-06-15", "topics = [\"Trade\"]"),
            ("a.md", "Earlier", "2017-06-12", "topics = [\"Trade\"]"),
            ("b.md", "Later", "2017-06-18", "topics = [\"Trade\"]"),
            ("f1.md", "Fillerone", "2017-06-16", "topics = [\"Fisheries\"]"),
            ("f2.md", "Fillertwo", "2017-06-17", "topics = [\"Fisheries\"]"),
        ],
    );
    site.build();
    assert_eq!(
        rail_titles(&page_at(&site, "2017-06-15", "Subject"), RELATED),
        vec!["Later", "Earlier"]
    );
}

#[test]
fn related_lists_are_the_same_on_every_build() {
    // Twelve statements on one day sharing a topic (all tied), a few also
    // sharing a country: many ties, one answer.
    let mut files = Vec::new();
    for n in 0..12 {
        let country = if n % 3 == 0 {
            "\ncountries = [\"Chile\"]"
        } else {
            ""
        };
        files.push((
            format!("s{n:02}.md"),
            format!("Statement{n:02}"),
            format!("topics = [\"Trade\"]{country}"),
        ));
    }
    let make = |reverse: bool| {
        let site = Site::new(SITE);
        let mut order: Vec<&(String, String, String)> = files.iter().collect();
        if reverse {
            order.reverse();
        }
        for (file, title, extra) in order {
            site.write(&format!("content/{file}"), &statement(title, "2017-06-15", extra));
        }
        site
    };
    let site = make(false);
    site.build();
    let first = related_lists(&site);
    assert_eq!(first.len(), 12);
    assert!(first.values().all(|r| r.len() == 5), "{first:#?}");
    site.build();
    assert_eq!(related_lists(&site), first, "a second build differs");
    let other = make(true);
    other.build();
    assert_eq!(
        related_lists(&other),
        first,
        "files written in another order give other lists"
    );
}

// ---------------------------------------------------------------------------
// Navigation

/// (label, title) of the "More from" speaker cards.
fn by_speaker(page: &Page) -> Vec<(String, String)> {
    let labels = page.texts("ul.by-speaker li .card-label");
    let titles = page.texts("ul.by-speaker li .card-title a");
    assert_eq!(labels.len(), titles.len());
    labels.into_iter().zip(titles).collect()
}

/// (previous, next) titles of the whole-archive navigation.
fn prev_next(page: &Page) -> (Vec<String>, Vec<String>) {
    (
        page.texts(".prev-next li.prev .title"),
        page.texts(".prev-next li.next .title"),
    )
}

fn pair(label: &str, title: &str) -> (String, String) {
    (label.to_string(), title.to_string())
}

// The people fixture, oldest first: early (Ann), deputy (Ann), last-day
// ("  ann   b. LEE "), first-day ("spokesperson lee"), toner (Mark Toner),
// acting (Ann), joint (Mark Toner, "A. Lee").
const EARLY: &str = "2015/03/02/before-any-role/index.html";
const DEPUTY: &str = "2016/05/10/remarks-as-deputy/index.html";
const LAST_DAY: &str = "2017/06/30/last-day-as-deputy/index.html";
const FIRST_DAY: &str = "2017/07/01/first-day-as-spokesperson/index.html";
const TONER: &str = "2017/07/15/briefing-by-mark-toner/index.html";
const ACTING: &str = "2017/08/01/acting-remarks/index.html";
const JOINT: &str = "2017/09/01/joint-briefing/index.html";

#[test]
fn previous_and_next_overall_follow_the_archives_date_order() {
    let site = Site::fixture(PEOPLE);
    site.build();
    let s = |v: &[&str]| v.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    assert_eq!(prev_next(&site.page(EARLY)), (s(&[]), s(&["Remarks as Deputy"])));
    assert_eq!(
        prev_next(&site.page(FIRST_DAY)),
        (s(&["Last Day as Deputy"]), s(&["Briefing by Mark Toner"]))
    );
    assert_eq!(
        prev_next(&site.page(ACTING)),
        (s(&["Briefing by Mark Toner"]), s(&["Joint Briefing"]))
    );
    assert_eq!(prev_next(&site.page(JOINT)), (s(&["Acting Remarks"]), s(&[])));
    assert_eq!(
        site.page(FIRST_DAY).attrs(".prev-next a[rel=next]", "href"),
        vec!["/2017/07/15/briefing-by-mark-toner/"]
    );
}

#[test]
fn previous_and_next_by_speaker_skip_other_speakers_and_match_aliases() {
    let site = Site::fixture(PEOPLE);
    site.build();
    // first-day is "spokesperson lee", last-day "  ann   b. LEE ": one
    // speaker with acting's "Ann B. Lee"; toner, in between, is skipped.
    assert_eq!(
        by_speaker(&site.page(FIRST_DAY)),
        vec![
            pair("Previous", "Last Day as Deputy"),
            pair("Next", "Acting Remarks")
        ]
    );
    assert_eq!(
        by_speaker(&site.page(LAST_DAY)),
        vec![
            pair("Previous", "Remarks as Deputy"),
            pair("Next", "First Day as Spokesperson")
        ]
    );
    assert_eq!(
        by_speaker(&site.page(ACTING))[0],
        pair("Previous", "First Day as Spokesperson")
    );
    assert_eq!(
        by_speaker(&site.page(EARLY)),
        vec![pair("Next", "Remarks as Deputy")]
    );
    // By the first speaker: joint's is Mark Toner.
    assert_eq!(
        by_speaker(&site.page(JOINT)),
        vec![pair("Previous", "Briefing by Mark Toner")]
    );
    assert_eq!(
        by_speaker(&site.page(TONER)),
        vec![pair("Next", "Joint Briefing")]
    );
    assert_eq!(
        site.page(FIRST_DAY)
            .attrs("ul.by-speaker li .card-title a", "href"),
        vec!["/2017/06/30/last-day-as-deputy/", "/2017/08/01/acting-remarks/"]
    );
}

// ---------------------------------------------------------------------------
// People

#[test]
fn a_statement_without_role_shows_the_role_held_on_its_date() {
    let site = Site::fixture(PEOPLE);
    site.build();
    let speakers = |file: &str| site.page(file).texts("ul.speakers li");
    // Before the first role: no role at all.
    assert_eq!(speakers(EARLY), vec!["Ann B. Lee"]);
    assert_eq!(site.page(EARLY).count("ul.speakers .role"), 0);
    assert_eq!(speakers(DEPUTY), vec!["Ann B. Lee, Deputy Spokesperson"]);
    // A role's last day is still in it; the next one's first day is in the next.
    assert_eq!(speakers(LAST_DAY), vec!["ann b. LEE, Deputy Spokesperson"]);
    assert_eq!(speakers(FIRST_DAY), vec!["spokesperson lee, Spokesperson"]);
    // A statement's own `role` wins.
    assert_eq!(speakers(ACTING), vec!["Ann B. Lee, Acting Under Secretary"]);
    // A second speaker gets the role held too; a speaker with no file none.
    assert_eq!(speakers(JOINT), vec!["Mark Toner", "A. Lee, Spokesperson"]);
}

#[test]
fn the_speaker_page_shows_bio_roles_and_statements_by_year() {
    let site = Site::fixture(PEOPLE);
    site.build();
    let page = site.page("speakers/ann-lee/index.html");
    assert_eq!(page.text("main h1"), "Ann B. Lee");
    // The bio is Markdown, rendered.
    assert_eq!(page.count(".person .bio p"), 2);
    assert_eq!(page.text(".person .bio em"), "deputy");
    assert_eq!(
        page.attrs(".person .bio a", "href"),
        vec!["https://example.com/ohio"]
    );
    assert!(!page.text(".person .bio").contains('*'));
    // Both roles, with their dates, as a timeline.
    assert_eq!(
        page.texts(".role-timeline li"),
        vec![
            "Deputy Spokesperson January 1, 2016 – June 30, 2017",
            "Spokesperson July 1, 2017 – now"
        ]
    );
    assert_eq!(
        page.attrs(".role-timeline time", "datetime"),
        vec!["2016-01-01", "2017-06-30", "2017-07-01"]
    );
    // Statements under year headings, newest first, every spelling included.
    assert_eq!(
        page.texts(".year-group .year-heading"),
        vec!["2017", "2016", "2015"]
    );
    let year = |y: &str| page.texts(&format!("section[aria-labelledby=year-{y}] .card-title"));
    assert_eq!(
        year("2017"),
        vec![
            "Joint Briefing",
            "Acting Remarks",
            "First Day as Spokesperson",
            "Last Day as Deputy"
        ]
    );
    assert_eq!(year("2016"), vec!["Remarks as Deputy"]);
    assert_eq!(year("2015"), vec!["Before Any Role"]);
}

#[test]
fn every_spelling_of_a_person_lands_on_one_page_named_by_the_people_file() {
    let site = Site::fixture(PEOPLE);
    site.build();
    for file in [EARLY, LAST_DAY, FIRST_DAY, ACTING, JOINT] {
        let hrefs = site.page(file).attrs("a.speaker", "href");
        assert!(
            hrefs.contains(&"/speakers/ann-lee/".to_string()),
            "{file}: {hrefs:?}"
        );
    }
    // The file is ann-lee.toml; no page for the name's own slug or an alias.
    let term_pages: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.starts_with("speakers/") && f.ends_with("/index.html") && f.matches('/').count() == 2)
        .collect();
    assert_eq!(
        term_pages,
        vec!["speakers/ann-lee/index.html", "speakers/mark-toner/index.html"]
    );
    for absent in ["ann-b-lee", "spokesperson-lee", "a-lee"] {
        assert!(!site.exists(&format!("speakers/{absent}/index.html")), "{absent}");
    }
    let index = site.page("speakers/index.html");
    assert_eq!(
        index.texts(".people-index .person-name"),
        vec!["Lee, Ann B.", "Toner, Mark"]
    );
    let counts: Vec<String> = index
        .texts(".people-index .person-meta")
        .into_iter()
        .map(|m| m.rsplit(" · ").next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(counts, vec!["6 statements", "2 statements"]);
}

#[test]
fn a_speaker_without_a_people_file_still_gets_a_page() {
    let site = Site::fixture(PEOPLE);
    site.build();
    let page = site.page("speakers/mark-toner/index.html");
    assert_eq!(page.text("main h1"), "Mark Toner");
    assert_eq!(page.count(".person"), 0);
    assert_eq!(page.texts(".year-group .year-heading"), vec!["2017"]);
    assert_eq!(
        page.texts(".year-group .card-title"),
        vec!["Joint Briefing", "Briefing by Mark Toner"]
    );
}

#[test]
fn check_strict_lists_speakers_without_files_and_files_without_statements() {
    let site = Site::fixture(PEOPLE);
    site.write("content/people/nobody.toml", "name = \"Nobody Here\"\n");

    // Plain check is content with both.
    let out = site.run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.public().exists());

    let diags = site.diagnostics(&["check", "--strict"]);
    assert!(!site.public().exists());
    assert_eq!(diags.len(), 2, "{diags:#?}");
    let nobody = diag_for(&diags, "content/people/nobody.toml");
    assert!(nobody.message.contains("Nobody Here"), "{nobody:?}");
    assert!(nobody.hint.is_some(), "{nobody:?}");
    // Mark Toner speaks in two statements and is reported once, at one of them.
    let toner: Vec<&Diag> = diags
        .iter()
        .filter(|d| d.message.contains("Mark Toner"))
        .collect();
    assert_eq!(toner.len(), 1, "{diags:#?}");
    assert!(
        ["content/2017/toner.md", "content/2017/joint.md"].contains(&toner[0].file.as_str()),
        "{diags:#?}"
    );
    assert!(
        toner[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("content/people/mark-toner.toml"),
        "{diags:#?}"
    );
    // Ann B. Lee, under every spelling, has her file: never reported.
    assert!(
        !diags.iter().any(|d| d.message.to_lowercase().contains("lee")),
        "{diags:#?}"
    );

    // With a file for Mark Toner and none for nobody, strict passes.
    site.remove("content/people/nobody.toml");
    site.write("content/people/mark-toner.toml", "name = \"Mark Toner\"\n");
    let out = site.run(&["check", "--strict"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A site with one good statement and `text` as content/people/<file>;
/// builds it expecting failure and returns that file's one diagnostic.
fn people_error(file: &str, text: &str) -> Diag {
    let site = Site::new(SITE);
    site.write(
        "content/a.md",
        &statement("A", "2017-07-05", "speaker = \"Ann Lee\""),
    );
    let rel = format!("content/people/{file}");
    site.write(&rel, text);
    let diags = site.diagnostics(&["build"]);
    assert!(!site.public().exists(), "a failed build wrote public/");
    assert_eq!(site.diagnostics(&["check"]), diags, "check and build differ");
    diag_for(&diags, &rel).clone()
}

#[test]
fn an_unknown_key_in_a_people_file_is_located_with_a_did_you_mean_hint() {
    let d = people_error(
        "ann-lee.toml",
        "name = \"Ann Lee\"\nalias = [\"Spokesperson Lee\"]\n",
    );
    assert_eq!((d.line, d.col), (2, 1), "{d:?}");
    assert!(d.message.contains("alias"), "{d:?}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `aliases`?"), "{d:?}");

    let d = people_error(
        "ann-lee.toml",
        "name = \"Ann Lee\"\n\n[[roles]]\ntitel = \"Spokesperson\"\nfrom = 2017-01-01\n",
    );
    assert_eq!((d.line, d.col), (4, 1), "{d:?}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"), "{d:?}");
}

#[test]
fn a_bad_date_in_a_role_is_located_at_its_value() {
    let d = people_error(
        "ann-lee.toml",
        "name = \"Ann Lee\"\n\n[[roles]]\ntitle = \"Spokesperson\"\nfrom = \"March 2017\"\n",
    );
    assert_eq!((d.line, d.col), (5, 8), "{d:?}");
    assert!(d.message.contains("`from`"), "{d:?}");
    assert!(d.message.contains("March 2017"), "{d:?}");

    let d = people_error(
        "ann-lee.toml",
        "name = \"Ann Lee\"\n\n[[roles]]\ntitle = \"Spokesperson\"\nfrom = 2017-01-01\nto = 2017-02-30\n",
    );
    assert_eq!((d.line, d.col), (6, 6), "{d:?}");
    assert!(d.message.contains("`to`"), "{d:?}");

    // Ends before it starts: at `to`.
    let d = people_error(
        "ann-lee.toml",
        "name = \"Ann Lee\"\n\n[[roles]]\ntitle = \"Spokesperson\"\nfrom = 2017-05-01\nto = 2017-01-01\n",
    );
    assert_eq!((d.line, d.col), (6, 6), "{d:?}");
}

#[test]
fn a_bad_date_in_a_role_has_a_hint_with_the_date_format() {
    let d = people_error(
        "ann-lee.toml",
        "name = \"Ann Lee\"\n\n[[roles]]\ntitle = \"Spokesperson\"\nfrom = \"March 2017\"\n",
    );
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("2017-07-05"),
        "{d:?}"
    );
}

#[test]
fn a_people_file_without_a_name_is_an_error_with_a_hint() {
    let d = people_error(
        "ann-lee.toml",
        "aliases = [\"Spokesperson Lee\"]\nbio = \"Diplomat.\"\n",
    );
    assert_eq!((d.line, d.col), (1, 1), "{d:?}");
    assert!(d.message.contains("`name`"), "{d:?}");
    assert!(d.hint.as_deref().unwrap_or_default().contains("name ="), "{d:?}");
}

#[test]
fn every_bad_people_file_is_reported_in_one_run() {
    let site = Site::new(SITE);
    site.write(
        "content/a.md",
        &statement("A", "2017-07-05", "speaker = \"Ann Lee\""),
    );
    site.write("content/people/one.toml", "name = \"One\"\nbiography = \"x\"\n");
    site.write("content/people/two.toml", "bio = \"x\"\n");
    site.write(
        "content/people/three.toml",
        "name = \"Three\"\n[[roles]]\ntitle = \"T\"\nfrom = \"soon\"\n",
    );
    // and a bad statement alongside
    site.write(
        "content/b.md",
        "+++\ntitle = \"B\"\ndate = 2017-07-05\nkind = \"Memo\"\n+++\n",
    );
    let diags = site.diagnostics(&["build"]);
    let mut files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    files.sort();
    assert_eq!(
        files,
        vec![
            "content/b.md",
            "content/people/one.toml",
            "content/people/three.toml",
            "content/people/two.toml"
        ],
        "{diags:#?}"
    );
    assert!(!site.public().exists());
}

/// Two people files; the second claims, in another case and spacing, a
/// name the first already has.
fn two_people_one_alias() -> Site {
    let site = Site::new(SITE);
    site.write(
        "content/a.md",
        &statement("A", "2017-07-05", "speaker = \"Spokesperson Lee\""),
    );
    site.write(
        "content/people/ann-lee.toml",
        "name = \"Ann Lee\"\naliases = [\"Spokesperson Lee\"]\n",
    );
    site.write(
        "content/people/lee-ann.toml",
        "name = \"Lee Ann\"\naliases = [\"Deputy Lee\", \"spokesperson  LEE\"]\n",
    );
    site
}

#[test]
fn two_people_claiming_one_alias_is_an_error() {
    let site = two_people_one_alias();
    let diags = site.diagnostics(&["build"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    let (this, other) = if d.file.ends_with("lee-ann.toml") {
        ("lee-ann.toml", "ann-lee.toml")
    } else {
        ("ann-lee.toml", "lee-ann.toml")
    };
    assert_eq!(d.file, format!("content/people/{this}"), "{d:?}");
    assert!(d.message.contains(other), "{d:?}");
    assert!(d.message.to_lowercase().contains("spokesperson"), "{d:?}");
    assert!(d.hint.is_some(), "{d:?}");
    assert!(!site.public().exists());
    // A person's name claimed as another's alias is the same error.
    site.write(
        "content/people/lee-ann.toml",
        "name = \"Lee Ann\"\naliases = [\"ANN LEE\"]\n",
    );
    let diags = site.diagnostics(&["build"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0].message.contains("ANN LEE") || diags[0].message.contains("Ann Lee"));
}

#[test]
fn two_people_claiming_one_alias_is_located_at_the_alias() {
    let site = two_people_one_alias();
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/people/lee-ann.toml");
    assert_eq!((d.line, d.col), (2, 26), "{d:?}");
}
