//! Non-ASCII titles and names: slugs are ASCII (our slug crate turns
//! `Côte d’Ivoire` into `cote-d-ivoire`), while pages show every name as
//! written, and spellings that share a slug are one term.

use crate::paths::FIXTURE;
use crate::support::{CARD_TITLE, SITE, Site, statement};

#[test]
fn accented_titles_and_names_get_ascii_slugs_and_keep_their_spelling() {
    let site = Site::new(SITE);
    site.write(
        "content/2017/a.md",
        &statement(
            "Déclaration sur la Côte d’Ivoire",
            "2017-07-05",
            "speaker = \"José Mário Vaz\"\ncountries = [\"Côte d’Ivoire\"]\ntopics = [\"Coopération économique\"]",
        ),
    );
    site.build();
    let page = site.page("2017/07/05/declaration-sur-la-cote-d-ivoire/index.html");
    assert_eq!(page.text("h1"), "Déclaration sur la Côte d’Ivoire");
    assert_eq!(page.texts("a.speaker"), vec!["José Mário Vaz"]);
    assert_eq!(page.attrs("a.speaker", "href"), vec!["/speakers/jose-mario-vaz/"]);
    let hrefs = page.attrs("main a[href]", "href");
    assert!(
        hrefs.contains(&"/countries/cote-d-ivoire/".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/topics/cooperation-economique/".to_string()),
        "{hrefs:?}"
    );
    assert_eq!(
        site.page("speakers/jose-mario-vaz/index.html").text("h1"),
        "José Mário Vaz"
    );
    assert_eq!(
        site.page("countries/cote-d-ivoire/index.html").text("h1"),
        "Côte d’Ivoire"
    );
    assert_eq!(
        site.page("topics/cooperation-economique/index.html").text("h1"),
        "Coopération économique"
    );
}

#[test]
fn spellings_with_one_slug_are_one_term() {
    // The fixture spells the country "Côte d’Ivoire" once and "Cote d'Ivoire" once.
    let site = Site::fixture(FIXTURE);
    site.build();
    let term = site.page("countries/cote-d-ivoire/index.html");
    assert_eq!(
        term.texts(CARD_TITLE),
        vec!["Media Note: Travel to Abidjan", "Remarks on Trade"]
    );
    let index = site.page("countries/index.html");
    let links: Vec<String> = index
        .attrs("main a[href]", "href")
        .into_iter()
        .filter(|h| h.starts_with("/countries/cote"))
        .collect();
    assert_eq!(links, vec!["/countries/cote-d-ivoire/"]);
    assert!(
        !site
            .files()
            .iter()
            .any(|f| f.starts_with("countries/cote-divoire"))
    );
}

#[test]
fn a_title_in_another_script_gets_an_ascii_slug() {
    let site = Site::new(SITE);
    site.write(
        "content/a.md",
        &statement("Заявление для прессы", "2017-07-05", ""),
    );
    site.write("content/b.md", &statement("記者会見", "2017-07-06", ""));
    site.build();
    for (day, title) in [
        ("2017/07/05/", "Заявление для прессы"),
        ("2017/07/06/", "記者会見"),
    ] {
        let pages: Vec<String> = site
            .files()
            .into_iter()
            .filter(|f| f.starts_with(day) && f.ends_with("/index.html") && f.len() > day.len() + 10)
            .collect();
        assert_eq!(pages.len(), 1, "{pages:?}");
        let slug = pages[0].trim_start_matches(day).trim_end_matches("/index.html");
        assert!(
            !slug.is_empty()
                && slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "slug {slug:?} of {title}"
        );
        assert_eq!(site.page(&pages[0]).text("h1"), title);
    }
}

#[test]
fn an_explicit_slug_replaces_the_title_slug() {
    let site = Site::new(SITE);
    site.write(
        "content/a.md",
        &statement(
            "Statement on Côte d’Ivoire",
            "2017-07-05",
            "slug = \"cote-divoire\"",
        ),
    );
    site.build();
    assert!(site.exists("2017/07/05/cote-divoire/index.html"));
    assert!(!site.exists("2017/07/05/statement-on-cote-d-ivoire/index.html"));
}

#[test]
fn markup_characters_in_titles_and_names_are_escaped() {
    let site = Site::new(SITE);
    let title = "Q&A on <Trade> \"Tariffs\" & ‘Quotas’";
    // (The body is plain: Markdown bodies may hold raw HTML on purpose.)
    site.write(
        "content/a.md",
        &format!("+++\ntitle = {title:?}\ndate = 2017-07-05\nspeaker = \"O'Brien & <Sons>\"\n+++\nBody.\n"),
    );
    site.build();
    let rel = "2017/07/05/q-a-on-trade-tariffs-quotas/index.html";
    let page = site.page(rel);
    assert_eq!(page.text("h1"), title);
    assert_eq!(page.texts("a.speaker"), vec!["O'Brien & <Sons>"]);
    // Nothing in the title became markup.
    assert_eq!(page.count("main h1 *"), 0);
    assert_eq!(page.count("trade"), 0);
    assert_eq!(page.count("sons"), 0);
    assert!(page.text("title").contains(title), "{}", page.text("title"));
}
