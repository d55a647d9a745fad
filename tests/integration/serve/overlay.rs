//! What pages are told over `/__pressroom/events`: bad content as an
//! `errors` event carrying the diagnostics exactly as the build prints them
//! (the page shows them as an overlay) while the last good site is still
//! served; `reload` or `ok` once fixed; `css` when only a stylesheet changed.
//! When there is no good site (the first build failed), every page is a
//! page of the errors that reloads into the site once they are fixed.

use super::{SCRIPT, SYRIA, SYRIA_FILE, edit, has_title};
use crate::paths::FIXTURE;
use crate::support::server::{Events, Running, eventually};
use crate::support::{Site, diag_for, parse_diagnostics};

const BRIEFING: &str = "/2018/01/02/department-press-briefing/";
const BRIEFING_FILE: &str = "content/2018/briefing.md";
const GOOD: &str = "title = \"Department Press Briefing\"";
/// The same line with its closing quote lost.
const BROKEN: &str = "title = \"Department Press Briefing";

#[test]
fn a_front_matter_error_is_pushed_to_pages_and_the_last_good_site_kept() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    let mut page = Events::connect(&server);

    edit(&site, BRIEFING_FILE, GOOD, BROKEN);
    // What the build prints for this mistake, `path:line:col: message`.
    let expected = site.diagnostics(&["check"]);
    let diag = diag_for(&expected, BRIEFING_FILE);
    assert_eq!(diag.line, 2, "{diag:?}");
    let location = format!("{}:{}:{}: ", diag.file, diag.line, diag.col);

    let errors = page.next("errors");
    assert!(
        errors.data.contains(&location),
        "{location} not in {:?}",
        errors.data
    );
    assert_eq!(parse_diagnostics(&errors.data, site.root()), expected);
    // The terminal says it too.
    eventually("the terminal to show the error", || {
        let lines = server.lines();
        if lines.iter().any(|l| l.contains(&location)) {
            Ok(())
        } else {
            Err(format!("{lines:?}"))
        }
    });

    // The last good site is still served.
    let r = server.get(BRIEFING);
    assert_eq!(r.status, 200);
    assert_eq!(super::title(&r).as_deref(), Some("Department Press Briefing"));
    assert_eq!(server.get(SYRIA).status, 200);
    // A page opened now is told at once.
    let mut late = Events::connect(&server);
    assert_eq!(late.next("errors").data, errors.data);

    // The fix changes the page and its URL: every page reloads, and one
    // open at the URL of the last good site goes to the new one (`moved`
    // is a reload that says where each moved statement went).
    edit(
        &site,
        BRIEFING_FILE,
        BROKEN,
        "title = \"Department Press Briefing, Corrected\"",
    );
    let moved = page.next("moved");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&moved.data).unwrap(),
        serde_json::json!({ BRIEFING: "/2018/01/02/department-press-briefing-corrected/" })
    );
    late.next("moved");
    server.wait_for_page(
        "/2018/01/02/department-press-briefing-corrected/",
        "the corrected title",
        has_title("Department Press Briefing, Corrected"),
    );
    // A page opened after the fix is not told of the old errors: the first
    // thing it hears is the next rebuild.
    let mut after = Events::connect(&server);
    edit(&site, SYRIA_FILE, "a political solution", "a lasting solution");
    after.next("reload");
}

/// The tester's report: after a failed first build, `GET /` was an empty
/// 404 while the terminal said the last good site was served.
#[test]
fn a_failed_first_build_serves_the_errors_until_the_site_builds() {
    let site = Site::fixture(FIXTURE);
    edit(&site, BRIEFING_FILE, GOOD, BROKEN);
    let expected = site.diagnostics(&["check"]);
    let server = Running::serve(site.root(), &[]);

    // The terminal says there is nothing to serve, not that a site is.
    let lines = server.lines();
    let first = lines
        .iter()
        .find(|l| l.starts_with("first build: "))
        .unwrap_or_else(|| panic!("no first build line in {lines:?}"));
    assert!(first.contains("no site to serve yet"), "{first}");
    assert!(!lines.iter().any(|l| l.contains("last good site")), "{lines:?}");

    // Every page is the errors, with the live script.
    for path in ["/", SYRIA, BRIEFING, "/no-such-page/"] {
        let r = server.get(path);
        assert_eq!(r.status, 503, "{path}");
        assert!(
            r.content_type.starts_with("text/html"),
            "{path}: {}",
            r.content_type
        );
        let page = r.page();
        assert_eq!(
            page.count(&format!("body > {SCRIPT}")),
            1,
            "{path}: no live script"
        );
        let selector = scraper::Selector::parse("#pressroom-errors").unwrap();
        let shown: String = page.0.select(&selector).flat_map(|e| e.text()).collect();
        assert_eq!(parse_diagnostics(&shown, site.root()), expected, "{path}");
    }
    let mut page = Events::connect(&server);
    page.next("errors");

    // The fix reloads the page into the site.
    edit(&site, BRIEFING_FILE, BROKEN, GOOD);
    page.next("reload");
    let r = server.get(BRIEFING);
    assert_eq!(r.status, 200);
    assert_eq!(super::title(&r).as_deref(), Some("Department Press Briefing"));
    assert_eq!(server.get("/").status, 200);

    // From now on there is a last good site, and the terminal says so.
    edit(&site, BRIEFING_FILE, GOOD, BROKEN);
    page.next("errors");
    let line = server.wait_for_rebuilds_after(1).pop().unwrap();
    assert!(line.contains("the last good site is still served"), "{line}");
    assert_eq!(server.get(BRIEFING).status, 200);
}

#[test]
fn undoing_a_mistake_clears_the_errors() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    let mut page = Events::connect(&server);
    edit(&site, BRIEFING_FILE, GOOD, BROKEN);
    page.next("errors");
    // Back to exactly the last good text: nothing to write, but the
    // overlay must go.
    edit(&site, BRIEFING_FILE, BROKEN, GOOD);
    let event = page.next_any();
    assert!(
        event.kind == "ok" || event.kind == "reload",
        "after the fix, expected `ok` or `reload`, got {event:?}"
    );
    let r = server.get(BRIEFING);
    assert_eq!(super::title(&r).as_deref(), Some("Department Press Briefing"));
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let site = Site::fixture(FIXTURE);
    site.write("static/style.css", "body { color: black; }\n");
    let server = Running::serve(site.root(), &[]);
    assert!(server.get("/style.css").body.contains("color: black"));
    let mut page = Events::connect(&server);

    site.write("static/style.css", "body { color: navy; }\n");
    page.next("css");
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(css.body.contains("color: navy"), "{}", css.body);

    // A page change next to it is a reload.
    site.write("static/style.css", "body { color: teal; }\n");
    edit(&site, SYRIA_FILE, "a political solution", "a lasting solution");
    let event = page.next_any();
    assert!(
        event.kind == "reload" || event.kind == "css",
        "unexpected {event:?}"
    );
    if event.kind == "css" {
        // The two changes came in two batches: the page's must be a reload.
        page.next("reload");
    }
}

#[test]
fn a_static_folder_created_while_serving_is_watched() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    site.write("static/style.css", "body { color: black; }\n");
    server.wait_for_page("/style.css", "the new stylesheet", |r| {
        if r.body.contains("color: black") {
            Ok(())
        } else {
            Err(r.body.clone())
        }
    });
    site.write("static/style.css", "body { color: navy; }\n");
    server.wait_for_page("/style.css", "the edited stylesheet", |r| {
        if r.body.contains("color: navy") {
            Ok(())
        } else {
            Err(r.body.clone())
        }
    });
}
