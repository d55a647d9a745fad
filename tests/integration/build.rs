//! `pressroom build`: the pages of the output contract.

use crate::support::{SITE, Site, statement};

#[test]
fn builds_a_statement_page_with_its_metadata() {
    let site = Site::new(SITE);
    site.write(
        "content/2017/syria.md",
        &statement(
            "Statement on Syria",
            "2017-07-05",
            "kind = \"Press Statement\"\nspeaker = \"Rex W. Tillerson\"\nrole = \"Secretary of State\"\nlocation = \"Washington, DC\"\ntopics = [\"Syria\"]\ncountries = [\"Côte d’Ivoire\"]",
        ),
    );
    site.build();
    let page = site.page("2017/07/05/statement-on-syria/index.html");
    assert_eq!(page.text("h1"), "Statement on Syria");
    // A date without a time: the day alone, no made-up midnight.
    assert_eq!(page.attrs("time", "datetime")[0], "2017-07-05");
    assert_eq!(
        page.attrs("a.speaker", "href"),
        vec!["/speakers/rex-w-tillerson/"]
    );
    assert!(site.exists("countries/cote-d-ivoire/index.html"));
}
