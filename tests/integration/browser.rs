//! The live preview in a real browser: headless Chromium (Debian's
//! `chromium` and `chromium-driver`, which `.ci/run` installs), driven over
//! WebDriver by fantoccini, on a page served by `pressroom serve`.

use std::future::Future;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;

use crate::paths::FIXTURE;
use crate::serve::edit;
use crate::support::server::{Running, WAIT, eventually, try_get};
use crate::support::{Site, diag_for};

pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
const OVERLAY: &str = "#pressroom-error-overlay";
const TITLE: &str = "h1#statement-title";

/// `chromedriver` on PATH, if both it and Chromium are installed.
fn find_browser() -> Result<PathBuf, String> {
    if !std::path::Path::new(CHROMIUM).is_file() {
        return Err(format!("{CHROMIUM} is missing"));
    }
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
        .ok_or_else(|| "chromedriver is not on PATH".to_string())
}

/// A chromedriver child process on a free port, killed on drop.
pub(crate) struct Driver {
    child: Child,
    url: String,
    /// A fresh Chromium profile for this test alone.
    profile: tempfile::TempDir,
}

impl Driver {
    /// Starts chromedriver, or returns None (after a loud note) when the
    /// browser is not installed and CI is not set.
    pub(crate) fn start() -> Option<Driver> {
        let chromedriver = match find_browser() {
            Ok(path) => path,
            Err(why) => {
                crate::support::tool_missing(
                    "the browser test",
                    "Chromium and chromedriver",
                    &why,
                    ".ci/run installs them with `apt-get install chromium chromium-driver`",
                );
                return None;
            }
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            profile: tempfile::tempdir().unwrap(),
        };
        eventually("chromedriver to be ready", || {
            let r = try_get(&format!("{}/status", driver.url))?;
            let status: serde_json::Value = serde_json::from_str(&r.body).map_err(|e| e.to_string())?;
            if status["value"]["ready"] == true {
                Ok(())
            } else {
                Err(r.body)
            }
        });
        Some(driver)
    }

    pub(crate) async fn connect(&self) -> Client {
        self.connect_with(&[]).await
    }

    /// A Chromium session started with `extra` arguments besides ours
    /// (a session of its own: each needs its own profile folder).
    pub(crate) async fn connect_with(&self, extra: &[&str]) -> Client {
        static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Inside the driver's profile folder, which goes with it.
        let profile = self.profile.path().join(format!("session-{n}"));
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        });
        let mut capabilities = capabilities;
        if let Some(args) = capabilities["goog:chromeOptions"]["args"].as_array_mut() {
            args.extend(extra.iter().map(|a| serde_json::json!(a)));
        }
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("cannot start Chromium through chromedriver: {e}"))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `f` every 100 ms until it returns `Ok`, for at most [`WAIT`].
pub(crate) async fn eventually_in<T, F, Fut>(what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let start = Instant::now();
    loop {
        match f().await {
            Ok(v) => return v,
            Err(last) if start.elapsed() >= WAIT => panic!("waited {WAIT:?} for {what}; last saw: {last}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// The page's statement title, or why there is none yet (mid-reload).
async fn title(client: &Client) -> Result<String, String> {
    let h1 = client
        .find(Locator::Css(TITLE))
        .await
        .map_err(|e| e.to_string())?;
    h1.text().await.map_err(|e| e.to_string())
}

async fn wait_for_title(client: &Client, want: &str) {
    eventually_in(&format!("the page to show the title {want:?}"), || async move {
        let t = title(client).await?;
        if t == want { Ok(()) } else { Err(t) }
    })
    .await;
}

/// Runs a script in the page and returns its value.
pub(crate) async fn js(client: &Client, script: &str) -> serde_json::Value {
    try_js(client, script).await.unwrap()
}

/// Runs a script, or says why it could not (the page is reloading).
pub(crate) async fn try_js(client: &Client, script: &str) -> Result<serde_json::Value, String> {
    client.execute(script, vec![]).await.map_err(|e| e.to_string())
}

/// The overlay's text if the page shows it; Err while the page reloads.
async fn overlay(client: &Client) -> Result<Option<String>, String> {
    let script = format!("const e = document.querySelector('{OVERLAY}'); return e ? e.textContent : null;");
    Ok(try_js(client, &script).await?.as_str().map(str::to_string))
}

/// Waits until the page shows the overlay; returns its text.
async fn wait_for_overlay(client: &Client) -> String {
    eventually_in("the error overlay", || async move {
        overlay(client).await?.ok_or_else(|| "no overlay".to_string())
    })
    .await
}

/// Waits until the page no longer shows the overlay.
async fn wait_for_no_overlay(client: &Client) {
    eventually_in("the overlay to go", || async move {
        match overlay(client).await? {
            None => Ok(()),
            Some(text) => Err(text),
        }
    })
    .await
}

const LIVE_FILE: &str = "content/2019/live.md";
const LIVE_PAGE: &str = "2019/06/01/live-page/";

/// Starts Chromium, runs `test` with it, and closes it however `test`
/// ends. Without the browser, fails when CI=true and otherwise skips
/// `test` after a loud note (see [`Driver::start`]).
pub(crate) async fn in_browser(test: impl AsyncFnOnce(&Client)) {
    let Some(driver) = Driver::start() else { return };
    let client = driver.connect().await;
    let outcome = std::panic::AssertUnwindSafe(test(&client)).catch_unwind().await;
    let _ = client.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// The fixture archive and a statement whose explicit slug keeps its URL
/// when the test changes its title.
fn live_site() -> Site {
    let site = Site::fixture(FIXTURE);
    site.write(
        LIVE_FILE,
        "+++\ntitle = \"Before the Edit\"\ndate = 2019-06-01\nslug = \"live-page\"\n+++\nA page the test edits.\n",
    );
    site
}

/// Opens the live page and waits until it has fully loaded (its event
/// stream opened); returns its URL.
async fn open_live_page(client: &Client, server: &Running) -> String {
    let url = format!("{}{LIVE_PAGE}", server.url());
    client.goto(&url).await.unwrap();
    assert_eq!(title(client).await.as_deref(), Ok("Before the Edit"));
    eventually_in("the page to finish loading", || async move {
        let state = try_js(client, "return document.readyState;").await?;
        if state == "complete" {
            Ok(())
        } else {
            Err(state.to_string())
        }
    })
    .await;
    url
}

/// Opens a statement page, edits the file, and sees the page reload
/// itself (the marker the test set is gone, and the test never navigated);
/// breaks the front matter and sees the overlay with `path:line:col`,
/// while the page keeps the last good content; fixes it and sees the
/// overlay go.
///
/// Needs `/usr/bin/chromium` and `chromedriver` (Debian's `chromium` and
/// `chromium-driver`). If they are missing, the test FAILS when the
/// environment has CI=true, and otherwise prints a loud note to stderr and
/// passes without testing anything.
#[tokio::test]
async fn a_statement_page_reloads_itself_and_shows_the_error_overlay() {
    in_browser(async |client| {
        let site = live_site();
        let server = Running::serve(site.root(), &[]);
        live_page(client, &site, &server).await;
    })
    .await;
}

/// The page's event stream reconnects after the server restarts, and the
/// page reloads to show what changed meanwhile.
///
/// Needs the browser, as above: fails with CI=true without it, else skips
/// with a loud note.
#[tokio::test]
async fn a_page_reloads_itself_after_the_server_restarts() {
    in_browser(async |client| {
        let site = live_site();
        let mut server = Running::serve(site.root(), &[]);
        let url = open_live_page(client, &server).await;
        js(client, "window.__marker = 1;").await;
        let port = server.port();
        let (status, _) = server.interrupt();
        assert!(status.success());
        edit(&site, LIVE_FILE, "Before the Edit", "Changed While Stopped");
        let _again = Running::serve_on(site.root(), port, &[]);
        wait_for_title(client, "Changed While Stopped").await;
        assert_eq!(js(client, "return window.__marker === undefined;").await, true);
        assert_eq!(client.current_url().await.unwrap().as_str(), url);
    })
    .await;
}

/// A title edit moves the open statement to a new URL: the page goes
/// there (the old one is gone) instead of reloading as "Page not found",
/// keeping its `#fragment`; a page open elsewhere just reloads.
///
/// Needs the browser, as above: fails with CI=true without it, else skips
/// with a loud note.
#[tokio::test]
async fn the_open_page_follows_its_statement_to_a_new_url() {
    in_browser(async |client| {
        let site = Site::fixture(FIXTURE);
        site.write(
            LIVE_FILE,
            "+++\ntitle = \"Before the Move\"\ndate = 2019-06-01\n+++\nA page the test moves.\n\n## Details\n\nMore.\n",
        );
        let server = Running::serve(site.root(), &[]);
        let old = format!("{}2019/06/01/before-the-move/", server.url());
        client.goto(&format!("{old}#details")).await.unwrap();
        wait_for_title(client, "Before the Move").await;
        eventually_in("the page to finish loading", || async move {
            let state = try_js(client, "return document.readyState;").await?;
            if state == "complete" { Ok(()) } else { Err(state.to_string()) }
        })
        .await;
        js(client, "window.__marker = 1;").await;

        edit(&site, LIVE_FILE, "Before the Move", "After the Move");
        wait_for_title(client, "After the Move").await;
        let new = format!("{}2019/06/01/after-the-move/#details", server.url());
        assert_eq!(client.current_url().await.unwrap().as_str(), new);
        assert_eq!(js(client, "return window.__marker === undefined;").await, true);
        assert_eq!(try_get(&old).map(|r| r.status), Ok(404), "the old URL is gone");

        // A page open at another statement reloads where it is.
        client.goto(&format!("{}{LIVE_PAGE_OTHER}", server.url())).await.unwrap();
        wait_for_title(client, "Statement on the Current Situation in Syria").await;
        js(client, "window.__marker = 2;").await;
        edit(&site, LIVE_FILE, "After the Move", "Moved Again");
        eventually_in("the other page to reload", || async move {
            match try_js(client, "return window.__marker === undefined;").await? {
                serde_json::Value::Bool(true) => Ok(()),
                other => Err(other.to_string()),
            }
        })
        .await;
        assert_eq!(
            client.current_url().await.unwrap().as_str(),
            format!("{}{LIVE_PAGE_OTHER}", server.url())
        );
    })
    .await;
}

/// A page of the fixture that the move test does not edit.
const LIVE_PAGE_OTHER: &str = "2017/07/05/statement-on-the-current-situation-in-syria/";

async fn live_page(client: &Client, site: &Site, server: &Running) {
    let url = open_live_page(client, server).await;

    // An edit on disk: the page reloads itself.
    js(client, "window.__marker = 1;").await;
    edit(site, LIVE_FILE, "Before the Edit", "After the Edit");
    wait_for_title(client, "After the Edit").await;
    assert_eq!(
        js(client, "return window.__marker === undefined;").await,
        true,
        "the title changed but the page did not reload"
    );
    assert_eq!(client.current_url().await.unwrap().as_str(), url);
    assert_eq!(overlay(client).await, Ok(None));

    // A broken front matter: the overlay, and the last good page.
    js(client, "window.__marker = 2;").await;
    edit(
        site,
        LIVE_FILE,
        "title = \"After the Edit\"",
        "title = \"After the Edit",
    );
    let diags = site.diagnostics(&["check"]);
    let diag = diag_for(&diags, LIVE_FILE);
    let location = format!("{}:{}:{}: ", diag.file, diag.line, diag.col);
    let text = wait_for_overlay(client).await;
    assert!(
        text.contains(&location),
        "{location} is not in the overlay: {text}"
    );
    assert!(
        text.contains(&diag.message),
        "{} is not in the overlay: {text}",
        diag.message
    );
    let shown = client.find(Locator::Css(OVERLAY)).await.unwrap();
    assert!(shown.is_displayed().await.unwrap(), "the overlay is hidden");
    assert_eq!(title(client).await.as_deref(), Ok("After the Edit"));
    assert_eq!(
        js(client, "return window.__marker;").await,
        2,
        "errors reloaded the page"
    );

    // The fix: the overlay goes and the page shows the fixed statement.
    edit(site, LIVE_FILE, "title = \"After the Edit", "title = \"Fixed\"");
    wait_for_title(client, "Fixed").await;
    wait_for_no_overlay(client).await;

    // Broken and put back exactly as it was: the overlay goes too.
    edit(site, LIVE_FILE, "title = \"Fixed\"", "title = \"Fixed");
    wait_for_overlay(client).await;
    edit(site, LIVE_FILE, "title = \"Fixed", "title = \"Fixed\"");
    wait_for_no_overlay(client).await;
    assert_eq!(title(client).await.as_deref(), Ok("Fixed"));
}

/// Waits until the search page says `status` above exactly the results
/// `titles`.
async fn wait_for_results(client: &Client, status: &str, titles: &[&str]) {
    let want = serde_json::json!([status, titles]);
    eventually_in(&format!("the search page to show {want}"), || {
        let want = want.clone();
        async move {
            let shown = try_js(
                client,
                "return [document.getElementById('search-status').textContent, \
                 Array.from(document.querySelectorAll('#search-results .card-title a')).map(a => a.textContent)];",
            )
            .await?;
            if shown == want { Ok(()) } else { Err(shown.to_string()) }
        }
    })
    .await
}

/// Clicks the first element that `css` selects, scrolled into view at
/// once: the theme scrolls smoothly, and a click while the page moves
/// lands on whatever is under the pointer.
async fn click(client: &Client, css: &str) {
    let script =
        format!("document.querySelector({css:?}).scrollIntoView({{block: 'center', behavior: 'instant'}});");
    js(client, &script).await;
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Types `query` and waits for the page to say `status` above `titles`.
async fn search_for(client: &Client, query: &str, status: &str, titles: &[&str]) {
    type_query(client, query).await;
    wait_for_results(client, status, titles).await;
}

/// Types `query` into the search box as a reader would.
async fn type_query(client: &Client, query: &str) {
    let input = client.find(Locator::Css("#search-q")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(query).await.unwrap();
}

/// The search page, in Chromium: a query in the address finds the
/// statements with every word, best match first; the reader types
/// another (a word being typed matches the words it begins), orders by
/// date, follows a result; a long result list comes 20 at a time.
///
/// Needs the browser, as above: fails with CI=true without it, else skips
/// with a loud note.
#[tokio::test]
async fn the_search_page_finds_statements() {
    in_browser(async |client| {
        let site = crate::search::climate_site("https://example.org/");
        for i in 0..25 {
            site.write(
                &format!("content/2018/f{i}.md"),
                &crate::support::statement(
                    &format!("Fisheries Note {i}"),
                    &format!("2018-02-{:02}", i + 1),
                    "",
                ),
            );
        }
        site.write(
            "content/2017/erdogan.md",
            &crate::support::statement("Talks With Erdoğan", "2017-03-03", ""),
        );
        let server = Running::serve(site.root(), &[]);
        client
            .goto(&format!("{}search/?q=climate", server.url()))
            .await
            .unwrap();
        wait_for_results(
            client,
            "3 statements match.",
            &[
                "Remarks on Climate Finance",
                "Press Statement on Trade",
                "Readout of a Call",
            ],
        )
        .await;

        // Every word must be there; the last one may be a beginning.
        search_for(
            client,
            "trade clim",
            "2 statements match.",
            &["Press Statement on Trade", "Readout of a Call"],
        )
        .await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .as_str()
                .ends_with("search/?q=trade+clim")
        );

        // Newest first instead.
        click(client, "#search-newest").await;
        wait_for_results(
            client,
            "2 statements match.",
            &["Readout of a Call", "Press Statement on Trade"],
        )
        .await;

        search_for(client, "zebra", "No statements match “zebra”.", &[]).await;

        // Diacritics or none, either way (from a page of no results each
        // time, so that each wait sees its own query's results).
        search_for(
            client,
            "ERDOĞAN ",
            "1 statement matches.",
            &["Talks With Erdoğan"],
        )
        .await;
        search_for(client, "zebra", "No statements match “zebra”.", &[]).await;
        search_for(client, "erdogan", "1 statement matches.", &["Talks With Erdoğan"]).await;

        // Twenty at a time (still newest first: the readout, which has
        // the word in its body, then the notes).
        let first: Vec<String> = std::iter::once("Readout of a Call".to_string())
            .chain((6..25).rev().map(|i| format!("Fisheries Note {i}")))
            .collect();
        let first: Vec<&str> = first.iter().map(String::as_str).collect();
        search_for(client, "fisheries", "26 statements match.", &first).await;
        click(client, "#search-more").await;
        eventually_in("all 26 results", || async move {
            let n = try_js(
                client,
                "return document.querySelectorAll('#search-results .card').length;",
            )
            .await?;
            if n == 26 { Ok(()) } else { Err(n.to_string()) }
        })
        .await;
        assert_eq!(
            js(client, "return document.getElementById('search-more').hidden;").await,
            true
        );

        // A result is a link to its statement.
        click(client, "#search-results .card-title a").await;
        wait_for_title(client, "Readout of a Call").await;
    })
    .await;
}

/// The labels of the values a facet shows (`Readout (1)`).
async fn facet_labels(client: &Client, param: &str) -> Result<Vec<String>, String> {
    let script = format!(
        "return Array.from(document.querySelectorAll('#search-facets details[data-param={param}] label')).map(l => l.textContent.trim());"
    );
    let v = try_js(client, &script).await?;
    Ok(v.as_array()
        .ok_or("no array")?
        .iter()
        .filter_map(|l| l.as_str().map(str::to_string))
        .collect())
}

async fn wait_for_facet(client: &Client, param: &str, want: &[&str]) {
    eventually_in(&format!("the {param} facet to show {want:?}"), || async move {
        let shown = facet_labels(client, param).await?;
        if shown == want {
            Ok(())
        } else {
            Err(format!("{shown:?}"))
        }
    })
    .await
}

/// Opens the search page at `query` (the part after `search/?`) and
/// waits for `status` above `titles`.
async fn search_at(client: &Client, server: &Running, query: &str, status: &str, titles: &[&str]) {
    client
        .goto(&format!("{}search/?{query}", server.url()))
        .await
        .unwrap();
    wait_for_results(client, status, titles).await;
}

/// Full text, facets and the address, as a reader uses them: a word only
/// a body has; a facet that narrows the results and changes the other
/// facets' counts; a result followed; the address reloaded to the same
/// state. Then the query language: phrases, exclusion, prefixes,
/// hyphens, a date range, and facets without words (browsing).
///
/// Needs the browser, as above: fails with CI=true without it, else skips
/// with a loud note.
#[tokio::test]
async fn the_search_page_searches_full_text_with_facets_in_its_address() {
    in_browser(async |client| {
        let site = crate::search::climate_site("https://example.org/");
        site.write(
            "content/2019/older.md",
            "+++\ntitle = \"An Older Readout\"\ndate = 2019-03-03\nkind = \"Readout\"\n+++\nClimate talks, once more.\n",
        );
        let server = Running::serve(site.root(), &[]);
        client.goto(&format!("{}search/", server.url())).await.unwrap();
        // Empty, the page explains itself and offers every facet.
        assert_eq!(
            js(client, "return document.getElementById('search-help').hidden;").await,
            false
        );
        wait_for_facet(client, "kind", &["Readout (2)", "Remarks (1)"]).await;

        // A word only the body has, typed.
        search_for(client, "caliphate", "1 statement matches.", &["Readout of a Call"]).await;
        eventually_in("a snippet with the word marked", || async move {
            let mark = try_js(
                client,
                "const m = document.querySelector('#search-results .search-snippet mark'); return m ? m.textContent : null;",
            )
            .await?;
            if mark == "caliphate" { Ok(()) } else { Err(mark.to_string()) }
        })
        .await;

        search_for(
            client,
            "climate",
            "4 statements match.",
            // The two bodies weigh the same: the newer first.
            &[
                "Remarks on Climate Finance",
                "Press Statement on Trade",
                "Readout of a Call",
                "An Older Readout",
            ],
        )
        .await;
        wait_for_facet(client, "kind", &["Readout (2)", "Remarks (1)"]).await;
        wait_for_facet(client, "year", &["2020 (3)", "2019 (1)"]).await;

        // A facet: the results narrow, the other facets' counts follow,
        // and the facet keeps the counts of its other values (OR within).
        click(client, "#facet-kind-readout").await;
        wait_for_results(
            client,
            "2 statements match.",
            &["Readout of a Call", "An Older Readout"],
        )
        .await;
        wait_for_facet(client, "year", &["2020 (1)", "2019 (1)"]).await;
        wait_for_facet(client, "kind", &["Readout (2)", "Remarks (1)"]).await;
        click(client, "#facet-year-2020").await;
        wait_for_results(client, "1 statement matches.", &["Readout of a Call"]).await;
        let address = client.current_url().await.unwrap().to_string();
        assert!(
            address.ends_with("search/?q=climate&kind=readout&year=2020"),
            "{address}"
        );

        // Followed, and the address reloaded: the same state.
        click(client, "#search-results .card-title a").await;
        wait_for_title(client, "Readout of a Call").await;
        client.goto(&address).await.unwrap();
        wait_for_results(client, "1 statement matches.", &["Readout of a Call"]).await;
        assert_eq!(
            js(client, "return [document.getElementById('search-q').value, document.getElementById('facet-kind-readout').checked, document.getElementById('facet-year-2020').checked];").await,
            serde_json::json!(["climate", true, true])
        );
        // And back in history: the state before.
        client.back().await.unwrap();
        wait_for_title(client, "Readout of a Call").await;

        // Phrases: the words in order.
        search_at(
            client,
            &server,
            "q=%22climate+and+trade%22",
            "1 statement matches.",
            &["Readout of a Call"],
        )
        .await;
        search_at(
            client,
            &server,
            "q=%22trade+and+climate%22",
            "No statements match “\"trade and climate\"”.",
            &[],
        )
        .await;
        // Exclusion.
        search_at(
            client,
            &server,
            "q=climate+-trade+-readout",
            "1 statement matches.",
            &["Remarks on Climate Finance"],
        )
        .await;
        // The word being typed is a beginning; a finished one is not.
        search_at(client, &server, "q=calip", "1 statement matches.", &["Readout of a Call"]).await;
        search_at(client, &server, "q=calip+", "No statements match “calip”.", &[]).await;
        // Hyphens, whichever way the reader writes the word.
        for q in ["de-confliction", "de+confliction", "deconfliction", "DE%E2%80%91CONFLICTION"] {
            search_at(client, &server, &format!("q={q}"), "1 statement matches.", &["Readout of a Call"]).await;
        }
        // A date range.
        search_at(
            client,
            &server,
            "q=climate&from=2020-01-02&to=2020-01-02",
            "1 statement matches.",
            &["Press Statement on Trade"],
        )
        .await;
        // Facets alone browse, newest first.
        search_at(
            client,
            &server,
            "kind=readout",
            "2 statements match.",
            &["Readout of a Call", "An Older Readout"],
        )
        .await;
        // A stop word is said to be left out, not dropped silently.
        search_at(client, &server, "q=the+caliphate", "1 statement matches.", &["Readout of a Call"]).await;
        let notes = js(client, "return document.getElementById('search-notes').textContent;").await;
        assert!(notes.as_str().unwrap().contains("“the”"), "{notes}");
    })
    .await;
}

/// The search page splits text into words exactly as the index does
/// (src/search/text.rs): the same tokens, of the same kinds, for texts
/// with case, diacritics, hyphens, apostrophes, full stops, digits and
/// other scripts.
///
/// Needs the browser, as above: fails with CI=true without it, else skips
/// with a loud note.
#[tokio::test]
async fn the_search_page_splits_words_as_the_index_does() {
    in_browser(async |client| {
        let site = crate::search::climate_site("https://example.org/");
        let server = Running::serve(site.root(), &[]);
        client.goto(&format!("{}search/", server.url())).await.unwrap();
        let texts = [
            "The Secretary's Remarks on the G-20, in São Paulo (2017)",
            "ÇAVUŞOĞLU, Erdoğan, Straße, Łódź, Nguyễn, Москва, Ελλάδα ΟΔΟΣ",
            "de-confliction de‑confliction de‐confliction -de- --x-- a-b-c",
            "U.S.-Russia talks; e.g. 3.5% of 1,000 … end.Next",
            "rock’n’roll l'été O'Brien don't",
            "İstanbul ǅemal ﬁnance Ⅻ ²³ 五輪 العربية",
            "",
        ];
        for text in texts {
            let folded = pressroom::search::text::fold(text);
            let mut want = Vec::new();
            pressroom::search::text::tokens(&folded, |w, kind| {
                want.push(serde_json::json!([w, kind.name()]));
            });
            let got = client
                .execute(
                    "return window.pressroomSearch.tokens(arguments[0]);",
                    vec![serde_json::json!(text)],
                )
                .await
                .unwrap();
            assert_eq!(got, serde_json::json!(want), "{text}");
        }
    })
    .await;
}
