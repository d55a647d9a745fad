//! The output contract: a page at every path DESIGN.md promises, nothing
//! beyond the last page of a listing, and the content of each kind of page.

use crate::support::{CARD_TITLE, Site};

pub(crate) const FIXTURE: &str = "site/archive";

#[test]
fn writes_a_page_at_every_contract_path() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let expected = [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        // one page per statement, under its date in the site's time zone
        "2016/12/31/remarks-on-trade/index.html",
        "2017/07/05/statement-on-the-current-situation-in-syria/index.html",
        "2017/07/05/readout-of-the-call-with-jose-mario-vaz/index.html",
        "2017/08/01/media-note-travel-to-abidjan/index.html",
        "2018/01/02/department-press-briefing/index.html",
        "2018/03/15/taken-question-visa-policy/index.html",
        // date archives, paginated like every listing (per_page = 2)
        "2016/index.html",
        "2016/12/index.html",
        "2016/12/31/index.html",
        "2017/index.html",
        "2017/page/2/index.html",
        "2017/07/index.html",
        "2017/07/05/index.html",
        "2017/08/index.html",
        "2017/08/01/index.html",
        "2018/index.html",
        "2018/01/index.html",
        "2018/01/02/index.html",
        "2018/03/index.html",
        "2018/03/15/index.html",
        // the full chronological list: 6 statements, 2 a page
        "statements/index.html",
        "statements/page/2/index.html",
        "statements/page/3/index.html",
        // taxonomies and their terms
        "speakers/index.html",
        "speakers/rex-w-tillerson/index.html",
        "speakers/heather-nauert/index.html",
        "speakers/heather-nauert/page/2/index.html",
        "speakers/jose-mario-vaz/index.html",
        "topics/index.html",
        "topics/syria/index.html",
        "topics/trade/index.html",
        "kinds/index.html",
        "kinds/press-statement/index.html",
        "kinds/taken-question/index.html",
        "countries/index.html",
        "countries/cote-d-ivoire/index.html",
        "countries/guinea-bissau/index.html",
        // an alias redirects from the old URL
        "old/syria/index.html",
    ];
    let missing: Vec<&str> = expected.iter().copied().filter(|p| !site.exists(p)).collect();
    assert!(
        missing.is_empty(),
        "missing pages: {missing:?}\nwritten: {:#?}",
        site.files()
    );
}

#[test]
fn writes_no_page_past_the_last_of_a_listing() {
    let site = Site::fixture(FIXTURE);
    site.build();
    for path in [
        // page 1 lives at the listing's own address
        "statements/page/1/index.html",
        "statements/page/4/index.html",
        "2017/page/1/index.html",
        "2017/page/3/index.html",
        "2016/page/2/index.html",
        "speakers/rex-w-tillerson/page/2/index.html",
        "speakers/heather-nauert/page/3/index.html",
    ] {
        assert!(!site.exists(path), "{path} should not exist");
    }
}

#[test]
fn folders_under_content_do_not_decide_urls() {
    let site = Site::fixture(FIXTURE);
    site.build();
    // content/2017/notes/media-note.md is filed by its date and title only.
    assert!(site.exists("2017/08/01/media-note-travel-to-abidjan/index.html"));
    assert!(!site.public().join("notes").exists());
    assert!(!site.public().join("2017/notes").exists());
}

#[test]
fn a_statement_page_shows_its_front_matter() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let page = site.page("2017/07/05/statement-on-the-current-situation-in-syria/index.html");
    assert_eq!(page.text("h1"), "Statement on the Current Situation in Syria");
    assert_eq!(page.attrs("time[datetime]", "datetime")[0], "2017-07-05");
    assert_eq!(
        page.attrs("a.speaker", "href"),
        vec!["/speakers/rex-w-tillerson/"]
    );
    assert_eq!(page.texts("a.speaker"), vec!["Rex W. Tillerson"]);
    let hrefs = page.attrs("main a[href]", "href");
    for term in [
        "/kinds/press-statement/",
        "/topics/syria/",
        "/topics/russia/",
        "/countries/syria/",
        "/countries/russia/",
        // breadcrumbs: the statement's year, month and day
        "/2017/",
        "/2017/07/",
        "/2017/07/05/",
    ] {
        assert!(hrefs.iter().any(|h| h == term), "no link to {term} in {hrefs:?}");
    }
    // The body's `@/` links point at the statements' pages.
    assert!(
        hrefs.iter().any(|h| h == "/2016/12/31/remarks-on-trade/"),
        "{hrefs:?}"
    );
    assert!(
        hrefs
            .iter()
            .any(|h| h == "/2017/07/05/readout-of-the-call-with-jose-mario-vaz/#participants"),
        "{hrefs:?}"
    );
}

#[test]
fn a_statement_with_several_speakers_links_each() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let page = site.page("2017/07/05/readout-of-the-call-with-jose-mario-vaz/index.html");
    assert_eq!(
        page.attrs("a.speaker", "href"),
        vec!["/speakers/heather-nauert/", "/speakers/jose-mario-vaz/"]
    );
}

#[test]
fn the_home_page_links_into_every_archive() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let home = site.page("index.html");
    let hrefs = home.attrs("a[href]", "href");
    for target in [
        "/statements/",
        "/2016/",
        "/2017/",
        "/2018/",
        "/speakers/",
        "/topics/",
        "/kinds/",
        "/countries/",
    ] {
        assert!(
            hrefs.iter().any(|h| h == target),
            "home has no link to {target}: {hrefs:?}"
        );
    }
    // The latest statement is listed first.
    assert_eq!(
        home.attrs(&format!("{CARD_TITLE} a[href]"), "href")[0],
        "/2018/03/15/taken-question-visa-policy/"
    );
}

#[test]
fn listings_are_newest_first_including_within_a_day() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let day = site.page("2017/07/05/index.html");
    // The readout (14:00) is later on the same day than the statement (date only).
    assert_eq!(
        day.texts(CARD_TITLE),
        vec![
            "Readout of the Call With José Mário Vaz",
            "Statement on the Current Situation in Syria"
        ]
    );
    let rex = site.page("speakers/rex-w-tillerson/index.html");
    assert_eq!(
        rex.texts(CARD_TITLE),
        vec!["Statement on the Current Situation in Syria", "Remarks on Trade"]
    );
}

#[test]
fn a_taxonomy_index_lists_every_term() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let kinds = site.page("kinds/index.html");
    let mut hrefs: Vec<String> = kinds
        .attrs("main a[href]", "href")
        .into_iter()
        .filter(|h| h.starts_with("/kinds/") && h != "/kinds/")
        .collect();
    hrefs.sort();
    hrefs.dedup();
    assert_eq!(
        hrefs,
        vec![
            "/kinds/media-note/",
            "/kinds/press-briefing/",
            "/kinds/press-statement/",
            "/kinds/readout/",
            "/kinds/remarks/",
            "/kinds/taken-question/",
        ]
    );
}

#[test]
fn an_alias_redirects_to_its_statement() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let page = site.page("old/syria/index.html");
    let target = "/2017/07/05/statement-on-the-current-situation-in-syria/";
    let refresh = page.attrs("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh.len(), 1, "no meta refresh");
    assert!(refresh[0].ends_with(&format!("url={target}")), "{refresh:?}");
    assert_eq!(page.attrs("a[href]", "href"), vec![target]);
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        vec![format!("https://example.org{target}")]
    );
}

#[test]
fn the_404_page_is_at_the_root_of_the_output() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let page = site.page("404.html");
    assert!(page.count("h1") == 1);
    assert!(page.attrs("main a[href]", "href").contains(&"/".to_string()));
}

#[test]
fn output_flag_writes_the_site_elsewhere() {
    let site = Site::fixture(FIXTURE);
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("site-out");
    site.build_with(&["--output", out.to_str().unwrap()]);
    assert!(out.join("index.html").is_file());
    assert!(
        out.join("2017/07/05/statement-on-the-current-situation-in-syria/index.html")
            .is_file()
    );
    assert!(
        !site.public().exists(),
        "public/ was written although --output was given"
    );
}

#[test]
fn files_in_the_archive_static_folder_are_copied_to_the_output_root() {
    let site = Site::fixture(FIXTURE);
    site.write("static/CNAME", "press.example.org\n");
    site.write(
        "static/images/seal.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build();
    assert_eq!(site.read("CNAME"), "press.example.org\n");
    assert!(site.exists("images/seal.svg"));
    assert!(
        site.exists("style.css"),
        "the theme's own static files are still there"
    );
}

#[test]
fn a_title_too_long_for_a_file_name_gets_a_slug_of_its_first_words() {
    // Regression: a 5,000-character title failed the build with "File name
    // too long" at a path in the staging folder.
    let site = Site::new(crate::support::SITE);
    let title = "Joint Statement on the Situation ".repeat(150);
    site.write(
        "content/long.md",
        &crate::support::statement(&title, "2017-07-05", ""),
    );
    site.build();
    let pages = site.pages_on("2017/07/05/");
    assert_eq!(
        pages,
        vec!["2017/07/05/joint-statement-on-the-situation-joint-statement-on-the-situation-joint/index.html"]
    );
    // A long title that fits keeps its whole slug: no URL that could be
    // written before changes.
    let fits = "Statement From Secretary of State Rex W. Tillerson on the Current Situation in Syria and Its Neighbours";
    site.write(
        "content/long.md",
        &crate::support::statement(fits, "2017-07-05", ""),
    );
    site.build();
    assert!(site.exists(&format!(
        "2017/07/05/{}/index.html",
        fits.to_lowercase().replace(['.'], "").replace(' ', "-")
    )));
}
