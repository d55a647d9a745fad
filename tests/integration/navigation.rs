//! The reader's ways through the archive: earlier and later years, months
//! and days; the timeline and "on this day"; speakers by family name with
//! role, years and count; letter indexes; a speaker's positions; and
//! honest dates (zone abbreviations, date-only `datetime`s).

use crate::support::{CARD_TITLE, SITE, Site, statement};

/// Statements on 2016-04-12, 2016-11-03, 2018-03-22, 2018-03-27 (a gap
/// year: 2017 has none).
fn gap_site() -> Site {
    let site = Site::new(SITE);
    for (file, title, date) in [
        ("a", "April Statement", "2016-04-12"),
        ("b", "November Statement", "2016-11-03"),
        ("c", "Early March Statement", "2018-03-22"),
        ("d", "Late March Statement", "2018-03-27T18:45:00"),
    ] {
        site.write(&format!("content/{file}.md"), &statement(title, date, ""));
    }
    site.build();
    site
}

/// The link of a period nav's `previous` or `next` entry, if any.
fn period_link(site: &Site, page: &str, which: &str) -> Option<String> {
    site.page(page)
        .attrs(&format!(".period-nav .period-{which} a"), "href")
        .into_iter()
        .next()
}

#[test]
fn years_months_and_days_link_the_neighbours_that_have_statements() {
    let site = gap_site();
    let link = |page: &str, which: &str| period_link(&site, page, which);
    // Years skip 2017, which has none.
    assert_eq!(link("2016/index.html", "prev"), None);
    assert_eq!(link("2016/index.html", "next").as_deref(), Some("/2018/"));
    assert_eq!(link("2018/index.html", "prev").as_deref(), Some("/2016/"));
    assert_eq!(link("2018/index.html", "next"), None);
    // Months go across years.
    assert_eq!(link("2016/04/index.html", "prev"), None);
    assert_eq!(link("2016/04/index.html", "next").as_deref(), Some("/2016/11/"));
    assert_eq!(link("2016/11/index.html", "next").as_deref(), Some("/2018/03/"));
    assert_eq!(link("2018/03/index.html", "prev").as_deref(), Some("/2016/11/"));
    assert_eq!(link("2018/03/index.html", "next"), None);
    // Days go across months and years.
    assert_eq!(
        link("2016/11/03/index.html", "prev").as_deref(),
        Some("/2016/04/12/")
    );
    assert_eq!(
        link("2016/11/03/index.html", "next").as_deref(),
        Some("/2018/03/22/")
    );
    assert_eq!(
        link("2018/03/22/index.html", "next").as_deref(),
        Some("/2018/03/27/")
    );
    assert_eq!(
        link("2018/03/27/index.html", "prev").as_deref(),
        Some("/2018/03/22/")
    );
    assert_eq!(link("2018/03/27/index.html", "next"), None);
    // The link says which period it is and how many statements it has.
    let nav = site.page("2016/index.html").text(".period-nav .period-next a");
    assert!(nav.contains("2018") && nav.contains("2 statements"), "{nav}");
}

#[test]
fn a_year_shows_its_months_and_a_month_its_days_with_counts() {
    let site = gap_site();
    let year = site.page("2018/index.html");
    assert_eq!(year.texts(".periods a"), ["March 2018 2 statements"]);
    let year = site.page("2016/index.html");
    assert_eq!(
        year.texts(".periods a"),
        ["November 2016 1 statement", "April 2016 1 statement"]
    );
    let month = site.page("2018/03/index.html");
    assert_eq!(
        month.texts(".periods a"),
        ["March 27, 2018 1 statement", "March 22, 2018 1 statement"]
    );
}

#[test]
fn the_home_page_and_the_full_list_show_the_whole_range() {
    let site = gap_site();
    let home = site.page("index.html");
    assert_eq!(
        home.texts(".year-bars li"),
        ["2018 2 statements", "2016 2 statements"]
    );
    assert_eq!(home.attrs(".year-bars a", "href"), ["/2018/", "/2016/"]);
    let list = site.page("statements/index.html");
    // A row per year, a cell per month; a month with statements links to it.
    assert_eq!(list.count(".timeline-table tbody tr"), 2);
    assert_eq!(list.count(".timeline-table tbody td"), 24);
    assert_eq!(
        list.attrs(".timeline-table td a", "href"),
        ["/2018/03/", "/2016/04/", "/2016/11/"]
    );
    assert_eq!(
        list.texts(".timeline-table td a"),
        ["March 2018: 2", "April 2016: 1", "November 2016: 1"]
    );
}

#[test]
fn on_this_day_shows_the_newest_statements_day_in_earlier_years() {
    let site = gap_site();
    // Nothing else was said on March 27: no section.
    assert_eq!(site.page("index.html").count(".on-this-day"), 0);
    site.write("content/e.md", &statement("A Year Later", "2019-03-27", ""));
    site.write("content/f.md", &statement("Newest", "2020-03-27", ""));
    site.write("content/g.md", &statement("Another Day", "2019-03-28", ""));
    site.build();
    let home = site.page("index.html");
    assert_eq!(home.text(".on-this-day h2"), "On this day: March 27");
    assert_eq!(
        home.texts(".on-this-day .card-title"),
        ["A Year Later", "Late March Statement"]
    );
}

#[test]
fn speakers_are_sorted_by_family_name_and_grouped_by_letter() {
    let site = Site::new(SITE);
    let speakers = [
        (
            "a",
            "Rex W. Tillerson",
            "2017-07-05",
            "role = \"Secretary of State\"",
        ),
        ("b", "Ursula von der Leyen", "2020-01-02", ""),
        ("c", "Martin Luther King Jr.", "2019-01-02", ""),
        ("d", "Martin Van Buren", "2018-01-02", ""),
        ("e", "Xi Jinping", "2018-05-02", ""),
        ("f", "Ángela Álvarez", "2016-01-02", ""),
        ("g", "Ángela Álvarez", "2021-01-02", "role = \"Minister\""),
    ];
    for (file, speaker, date, extra) in speakers {
        site.write(
            &format!("content/{file}.md"),
            &statement(
                &format!("By {file}"),
                date,
                &format!("speaker = {speaker:?}\n{extra}"),
            ),
        );
    }
    // A people file's sort_name wins over the rule (family name first).
    site.write(
        "content/people/xi-jinping.toml",
        "name = \"Xi Jinping\"\nsort_name = \"Xi Jinping\"\n[[roles]]\ntitle = \"President\"\nfrom = 2013-03-14\n",
    );
    // A role that ended says so.
    site.write(
        "content/people/rex-w-tillerson.toml",
        "name = \"Rex W. Tillerson\"\n[[roles]]\ntitle = \"Secretary of State\"\nfrom = 2017-02-01\nto = 2018-03-31\n",
    );
    site.build();
    let page = site.page("speakers/index.html");
    assert_eq!(
        page.texts(".people-index .person-name"),
        [
            "Álvarez, Ángela",
            "King, Martin Luther, Jr.",
            "Leyen, Ursula von der",
            "Tillerson, Rex W.",
            "Van Buren, Martin",
            "Xi Jinping",
        ]
    );
    assert_eq!(page.texts(".letter-index a"), ["A", "K", "L", "T", "V", "X"]);
    assert_eq!(page.attrs(".letter-index a", "href")[2], "#letter-l");
    assert_eq!(page.texts(".letter-group h2"), ["A", "K", "L", "T", "V", "X"]);
    assert_eq!(page.count("#letter-l"), 1);
    // Role now or last, years active and number of statements.
    let entries = page.texts(".people-index li");
    assert!(
        entries[0].contains("Minister") && entries[0].contains("2016–2021"),
        "{}",
        entries[0]
    );
    assert!(entries[0].contains("2 statements"), "{}", entries[0]);
    assert!(entries[3].contains("2017 · 1 statement"), "{}", entries[3]);
    assert!(
        entries[3].contains("Secretary of State, until March 2018"),
        "{}",
        entries[3]
    );
    assert!(entries[5].contains("President"), "{}", entries[5]);
}

#[test]
fn long_term_indexes_get_a_letter_index_and_short_ones_do_not() {
    let site = Site::new(SITE);
    let topics: Vec<String> = (0..31)
        .map(|i| format!("\"{}opic {i}\"", (b'A' + (i % 26) as u8) as char))
        .collect();
    site.write(
        "content/a.md",
        &statement(
            "Many Topics",
            "2020-01-01",
            &format!(
                "topics = [{}]\ncountries = [\"Chile\", \"Peru\"]",
                topics.join(", ")
            ),
        ),
    );
    site.build();
    let topics = site.page("topics/index.html");
    assert_eq!(topics.count(".letter-index a"), 26);
    assert_eq!(topics.count(".letter-group .terms-index li"), 31);
    assert_eq!(topics.texts(".letter-group h2")[0], "A");
    let countries = site.page("countries/index.html");
    assert_eq!(countries.count(".letter-index"), 0);
    assert_eq!(countries.texts(".terms-index a"), ["Chile", "Peru"]);
}

#[test]
fn a_speaker_page_lists_roles_as_a_timeline() {
    let site = Site::new(SITE);
    for (file, date, role) in [
        ("a", "2016-02-01", "Deputy Minister"),
        ("b", "2016-09-01", "Deputy Minister"),
        ("c", "2018-01-10", "Minister"),
        ("d", "2019-05-05", "Minister"),
    ] {
        site.write(
            &format!("content/{file}.md"),
            &statement(
                &format!("By {file}"),
                date,
                &format!("speaker = \"Ann Lee\"\nrole = {role:?}"),
            ),
        );
    }
    site.build();
    let page = site.page("speakers/ann-lee/index.html");
    assert_eq!(
        page.texts(".role-timeline .role-title"),
        ["Deputy Minister", "Minister"]
    );
    assert_eq!(
        page.attrs(".role-timeline time", "datetime"),
        ["2016-02-01", "2016-09-01", "2018-01-10", "2019-05-05"]
    );
    assert!(
        page.text(".term-heading .lede")
            .contains("4 statements, 2016–2019")
    );

    // A people file's roles are the timeline when it has them.
    site.write(
        "content/people/ann-lee.toml",
        "name = \"Ann Lee\"\n[[roles]]\ntitle = \"Envoy\"\nfrom = 2015-01-01\nto = 2015-12-31\n[[roles]]\ntitle = \"Minister\"\nfrom = 2017-06-01\n",
    );
    site.build();
    let page = site.page("speakers/ann-lee/index.html");
    assert_eq!(page.texts(".role-timeline .role-title"), ["Envoy", "Minister"]);
    assert!(page.texts(".role-timeline .role-dates")[1].ends_with("– now"));
}

#[test]
fn times_show_their_zone_and_date_only_statements_their_day() {
    let site = Site::new(SITE);
    site.write("content/a.md", &statement("Summer", "2021-07-04T10:30:00", ""));
    site.write("content/b.md", &statement("Winter", "2021-03-04T15:05:00", ""));
    site.write(
        "content/c.md",
        &statement("Offset", "2021-03-05T12:00:00+00:00", ""),
    );
    site.write(
        "content/d.md",
        &statement("Day Only", "2019-05-03", "updated = 2019-05-04"),
    );
    site.build();
    let byline = |path: &str| {
        let page = site.page(path);
        (
            page.text(".byline time"),
            page.attrs(".byline time", "datetime").remove(0),
        )
    };
    assert_eq!(
        byline("2021/07/04/summer/index.html"),
        (
            "July 4, 2021, 10:30 a.m. EDT".into(),
            "2021-07-04T10:30:00-04:00".into()
        )
    );
    assert_eq!(
        byline("2021/03/04/winter/index.html").0,
        "March 4, 2021, 3:05 p.m. EST"
    );
    // An instant with another offset is shown in the site's zone.
    assert_eq!(
        byline("2021/03/05/offset/index.html").0,
        "March 5, 2021, 7:00 a.m. EST"
    );
    assert_eq!(
        byline("2019/05/03/day-only/index.html"),
        ("May 3, 2019".into(), "2019-05-03".into())
    );
    let updated = site.page("2019/05/03/day-only/index.html");
    assert_eq!(updated.attrs(".updated time", "datetime"), ["2019-05-04"]);
    // Cards too: the day alone for a date, the instant for a time.
    let list = site.page("statements/index.html");
    assert_eq!(list.texts(CARD_TITLE)[3], "Day Only");
    assert_eq!(
        list.attrs(".statement-list .card time", "datetime"),
        [
            "2021-07-04T10:30:00-04:00",
            "2021-03-05T07:00:00-05:00",
            "2021-03-04T15:05:00-05:00",
            "2019-05-03"
        ]
    );
    // Feeds keep full timestamps: a date-only statement is stamped at the
    // start of its day in the site's zone.
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<published>2019-05-03T00:00:00-04:00</published>"),
        "{atom}"
    );
    let rss = site.read("rss.xml");
    assert!(
        rss.contains("<pubDate>Fri, 3 May 2019 00:00:00 -0400</pubDate>"),
        "{rss}"
    );
}
