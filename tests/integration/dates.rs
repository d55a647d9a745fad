//! Dates near midnight across time zones: a statement is filed under its
//! day in the site's time zone, its `time[datetime]` carries that zone's
//! offset (or is the day alone, for a date without a time), and its feed
//! entry the instant.

use crate::support::{CARD_TITLE, Site, diag_for, statement};

fn site_in(timezone: &str) -> Site {
    let tz = if timezone.is_empty() {
        String::new()
    } else {
        format!("timezone = \"{timezone}\"\n")
    };
    Site::new(&format!(
        "title = \"Dates\"\nbase_url = \"https://example.org/\"\n{tz}"
    ))
}

/// Builds a site in `timezone` with one statement dated `date` (TOML), and
/// checks that its page is at `day`/<slug>/ and its feed entry published
/// at `datetime`; the page's `datetime` is that instant, or the day alone
/// when `date` has no time.
fn filed_under(timezone: &str, date: &str, day: &str, datetime: &str) {
    let site = site_in(timezone);
    site.write("content/s.md", &statement("Late Statement", date, ""));
    site.build();
    let rel = format!("{day}/late-statement/index.html");
    assert!(
        site.exists(&rel),
        "{date} in {timezone:?}: expected {rel}, got {:?}",
        site.files()
    );
    let page = site.page(&rel);
    let shown = if date.contains(':') {
        datetime.to_string()
    } else {
        day.replace('/', "-")
    };
    assert_eq!(
        page.attrs("time[datetime]", "datetime")[0],
        shown,
        "{date} in {timezone:?}"
    );
    let atom = site.read("atom.xml");
    assert!(
        atom.contains(&format!("<published>{datetime}</published>")),
        "{date} in {timezone:?}: {atom}"
    );
    // The day archive lists it, and only that day exists.
    let day_page = site.page(&format!("{day}/index.html"));
    assert_eq!(day_page.texts(CARD_TITLE), vec!["Late Statement"]);
    let days: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.ends_with("/late-statement/index.html"))
        .collect();
    assert_eq!(days.len(), 1, "{days:?}");
}

#[test]
fn an_utc_time_after_midnight_is_the_previous_day_in_new_york() {
    // 02:30 UTC on July 6 is 22:30 EDT on July 5.
    filed_under(
        "America/New_York",
        "2017-07-06T02:30:00Z",
        "2017/07/05",
        "2017-07-05T22:30:00-04:00",
    );
}

#[test]
fn a_time_shortly_after_midnight_in_tokyo_is_the_previous_day_in_new_york() {
    filed_under(
        "America/New_York",
        "2017-07-05T00:30:00+09:00",
        "2017/07/04",
        "2017-07-04T11:30:00-04:00",
    );
}

#[test]
fn an_evening_utc_time_is_the_next_day_in_tokyo() {
    filed_under(
        "Asia/Tokyo",
        "2017-07-05T20:00:00Z",
        "2017/07/06",
        "2017-07-06T05:00:00+09:00",
    );
}

#[test]
fn a_local_time_one_second_before_midnight_stays_on_its_day() {
    filed_under(
        "America/New_York",
        "2017-07-05T23:59:59",
        "2017/07/05",
        "2017-07-05T23:59:59-04:00",
    );
    filed_under(
        "America/New_York",
        "2017-07-06T00:00:00",
        "2017/07/06",
        "2017-07-06T00:00:00-04:00",
    );
}

#[test]
fn new_year_in_utc_is_still_the_old_year_in_new_york() {
    let site = site_in("America/New_York");
    site.write(
        "content/s.md",
        &statement("Late Statement", "2020-01-01T03:00:00Z", ""),
    );
    site.build();
    assert!(site.exists("2019/12/31/late-statement/index.html"));
    assert_eq!(
        site.page("2019/index.html").texts(CARD_TITLE),
        vec!["Late Statement"]
    );
    assert!(!site.exists("2020/index.html"));
}

#[test]
fn a_date_without_a_time_is_midnight_in_the_site_zone_with_its_season_offset() {
    filed_under(
        "America/New_York",
        "2017-01-15",
        "2017/01/15",
        "2017-01-15T00:00:00-05:00",
    );
    filed_under(
        "America/New_York",
        "2017-07-15",
        "2017/07/15",
        "2017-07-15T00:00:00-04:00",
    );
}

#[test]
fn without_a_timezone_the_site_is_in_utc() {
    filed_under(
        "",
        "2017-07-05T23:30:00-04:00",
        "2017/07/06",
        "2017-07-06T03:30:00+00:00",
    );
}

#[test]
fn a_date_written_as_a_string_is_read_like_a_toml_date() {
    filed_under(
        "America/New_York",
        "\"2017-07-06T02:30:00Z\"",
        "2017/07/05",
        "2017-07-05T22:30:00-04:00",
    );
}

#[test]
fn a_day_whose_midnight_is_skipped_by_daylight_saving_starts_at_the_first_valid_instant() {
    // Brazil moved its clocks from 00:00 to 01:00 on 2018-11-04.
    filed_under(
        "America/Sao_Paulo",
        "2018-11-04",
        "2018/11/04",
        "2018-11-04T01:00:00-02:00",
    );
}

#[test]
fn an_ambiguous_local_time_takes_the_earlier_instant() {
    // 01:30 happens twice in New York on 2017-11-05: first in EDT.
    filed_under(
        "America/New_York",
        "2017-11-05T01:30:00",
        "2017/11/05",
        "2017-11-05T01:30:00-04:00",
    );
}

#[test]
fn a_local_time_skipped_by_daylight_saving_is_an_error_at_the_date() {
    let site = site_in("America/New_York");
    site.write(
        "content/s.md",
        &statement("Spring Forward", "2021-03-14T02:30:00", ""),
    );
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/s.md");
    assert_eq!((d.line, d.col), (3, 8), "{d:?}");
    assert!(d.message.contains("date"), "{d:?}");
    assert!(d.message.contains("does not exist"), "{d:?}");
    assert!(!site.public().exists());
}

#[test]
fn the_shown_date_is_the_day_in_the_site_zone() {
    let site = site_in("America/New_York");
    site.write(
        "content/s.md",
        &statement("Late Statement", "2017-07-06T02:30:00Z", ""),
    );
    site.build();
    let page = site.page("2017/07/05/late-statement/index.html");
    let shown = page.text("main time[datetime]");
    assert!(shown.contains("July 5, 2017"), "{shown}");
    assert!(!shown.contains("July 6"), "{shown}");
}

/// A date whose year in the site's zone is past 9999 or before 0 reached
/// the RSS writer, which panicked (exit 101) in `build` and `check`: now it
/// is an error at the date, with a hint, and nothing is written.
#[test]
fn a_date_outside_four_digit_years_in_the_site_zone_is_an_error_not_a_panic() {
    for (timezone, date) in [
        ("UTC", "9999-12-31T20:00:00-05:00"),
        ("UTC", "0000-01-01T00:00:00+05:00"),
        ("Asia/Tokyo", "9999-12-31T20:00:00Z"),
        ("UTC", "\"+12345-01-01\""),
        ("UTC", "\"-0001-06-01\""),
    ] {
        let site = site_in(timezone);
        site.write("content/ok.md", &statement("Fine", "2017-07-05", ""));
        site.write("content/far.md", &statement("Far", date, ""));
        for command in ["build", "check"] {
            let out = site.run(&[command]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{command} {date} in {timezone}:\n{stderr}"
            );
            let diags = crate::support::parse_diagnostics(&stderr, site.root());
            let d = diag_for(&diags, "content/far.md");
            assert_eq!((d.line, d.col), (3, 8), "{d:?}");
            assert!(d.message.starts_with("bad `date`"), "{d:?}");
            assert!(d.message.contains("0000 to 9999"), "{d:?}");
            assert!(d.hint.is_some(), "{d:?}");
        }
        assert!(!site.public().exists(), "{date}: nothing is written");
    }
}

#[test]
fn an_updated_date_outside_four_digit_years_is_an_error_at_updated() {
    let site = site_in("UTC");
    site.write(
        "content/s.md",
        &statement("Corrected", "2017-07-05", "updated = 9999-12-31T23:00:00-02:00"),
    );
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/s.md");
    assert_eq!((d.line, d.col), (4, 11), "{d:?}");
    assert!(d.message.starts_with("bad `updated`"), "{d:?}");
}

#[test]
fn a_role_date_outside_four_digit_years_is_an_error_at_the_role() {
    let site = site_in("UTC");
    site.write(
        "content/s.md",
        &statement("Fine", "2017-07-05", "speaker = \"Ann Lee\""),
    );
    site.write(
        "content/people/ann-lee.toml",
        "name = \"Ann Lee\"\n[[roles]]\ntitle = \"Envoy\"\nfrom = \"+20170-01-01\"\n",
    );
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/people/ann-lee.toml");
    assert_eq!((d.line, d.col), (4, 8), "{d:?}");
    assert!(d.message.contains("20170"), "{d:?}");
}

#[test]
fn the_last_and_first_writable_instants_build_and_their_feeds_parse() {
    let site = site_in("America/New_York");
    site.write(
        "content/last.md",
        &statement("Last", "9999-12-31T23:59:59-05:00", ""),
    );
    site.write("content/first.md", &statement("First", "0000-01-01", ""));
    site.build();
    assert!(site.exists("9999/12/31/last/index.html"));
    assert!(site.exists("0000/01/01/first/index.html"));
    let rss = site.read("rss.xml");
    let doc = roxmltree::Document::parse(&rss).unwrap();
    let pub_dates: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("pubDate"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(pub_dates[0], "Fri, 31 Dec 9999 23:59:59 -0500");
    assert_eq!(pub_dates.len(), 2, "{pub_dates:?}");
    for file in ["atom.xml", "rss.xml", "feed.json"] {
        let feed = feed_rs::parser::parse(site.read(file).as_bytes()).unwrap();
        assert_eq!(feed.entries.len(), 2, "{file}");
    }
}
