//! The live preview in a real browser: headless Chromium (Debian's
//! `chromium` and `chromium-driver`, which `.ci/run` installs), driven over
//! WebDriver by fantoccini, on a page served by `pressroom serve`.

use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;

use crate::paths::FIXTURE;
use crate::serve::edit;
use crate::support::server::{Running, WAIT, eventually, try_get};
use crate::support::{Site, diag_for};

const CHROMIUM: &str = "/usr/bin/chromium";
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
struct Driver {
    child: Child,
    url: String,
    /// A fresh Chromium profile for this test alone.
    profile: tempfile::TempDir,
}

impl Driver {
    /// Starts chromedriver, or returns None (after a loud note) when the
    /// browser is not installed and CI is not set.
    fn start() -> Option<Driver> {
        let chromedriver = match find_browser() {
            Ok(path) => path,
            Err(why) if std::env::var("CI").as_deref() == Ok("true") => panic!(
                "the browser test needs Chromium and chromedriver ({why}); .ci/run installs them with `apt-get install chromium chromium-driver`"
            ),
            Err(why) => {
                // Straight to stderr: the test harness captures eprintln!,
                // and a skipped browser test must not go unnoticed.
                let _ = writeln!(
                    std::io::stderr(),
                    "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                     !!! SKIPPED the browser test: {why}.\n\
                     !!! Install them with `apt-get install chromium chromium-driver`;\n\
                     !!! with CI=true this test fails instead.\n\
                     !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
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

    async fn connect(&self) -> Client {
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
                    format!("--user-data-dir={}", self.profile.path().display()),
                ],
            },
        });
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
async fn eventually_in<T, F, Fut>(what: &str, mut f: F) -> T
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
async fn js(client: &Client, script: &str) -> serde_json::Value {
    try_js(client, script).await.unwrap()
}

/// Runs a script, or says why it could not (the page is reloading).
async fn try_js(client: &Client, script: &str) -> Result<serde_json::Value, String> {
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
async fn in_browser(test: impl AsyncFnOnce(&Client)) {
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

        // Twenty at a time.
        let first: Vec<String> = (5..25).rev().map(|i| format!("Fisheries Note {i}")).collect();
        let first: Vec<&str> = first.iter().map(String::as_str).collect();
        search_for(client, "fisheries", "25 statements match.", &first).await;
        click(client, "#search-more").await;
        eventually_in("all 25 results", || async move {
            let n = try_js(
                client,
                "return document.querySelectorAll('#search-results .card').length;",
            )
            .await?;
            if n == 25 { Ok(()) } else { Err(n.to_string()) }
        })
        .await;
        assert_eq!(
            js(client, "return document.getElementById('search-more').hidden;").await,
            true
        );

        // A result is a link to its statement.
        click(client, "#search-results .card-title a").await;
        wait_for_title(client, "Fisheries Note 24").await;
    })
    .await;
}
