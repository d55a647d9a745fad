//! Accessibility in a real browser: axe-core (npm's `axe-core`, which
//! .ci/run installs beside citeproc and names with PRESSROOM_NODE_PATH)
//! runs in headless Chromium on every kind of page of the example archive
//! (the repository's own content/ and site.toml), built with a base_url
//! that has a path, at a desktop and a phone width, and in the dark
//! scheme at the desktop width. A serious or critical violation fails the
//! test.
//!
//! With PRESSROOM_SCREENSHOTS set to a folder, the test also saves a
//! full-page screenshot of each page at both widths there
//! (`1280-home.png`, `390-speaker.png`, …), to look at.

use std::path::{Path, PathBuf};

use fantoccini::Client;
use futures_util::FutureExt;

use crate::browser::{Driver, eventually_in, js, try_js};

/// The widths every page is checked at: a desktop and a phone.
const WIDTHS: [u32; 2] = [1280, 390];
/// The height of the window while axe runs.
const HEIGHT: u32 = 900;
/// Chromium's switch for `prefers-color-scheme: dark` (Blink's
/// `PreferredColorScheme::kDark` is 0).
const DARK: &str = "--blink-settings=preferredColorScheme=0";

/// axe-core's script (`axe.min.js`), or None (after a loud note) when it
/// is not installed and CI is not set; with CI=true its absence fails.
fn axe_source() -> Option<String> {
    let found = match std::env::var_os("PRESSROOM_NODE_PATH").map(PathBuf::from) {
        Some(dir) => {
            let path = dir.join("axe-core/axe.min.js");
            std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
        }
        None => Err("PRESSROOM_NODE_PATH is not set".to_string()),
    };
    match found {
        Ok(source) => Some(source),
        Err(why) => {
            crate::support::tool_missing(
                "the accessibility test",
                "npm's axe-core",
                &why,
                ".ci/run installs it and sets PRESSROOM_NODE_PATH",
            );
            None
        }
    }
}

/// Serves `public` under `/archive/` on `listener` until the test ends.
fn serve(listener: std::net::TcpListener, public: &Path) {
    listener.set_nonblocking(true).unwrap();
    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
    let app = axum::Router::new().nest_service("/archive", tower_http::services::ServeDir::new(public));
    tokio::spawn(async move { axum::serve(listener, app).await });
}

/// Builds the example archive for `base_url` into `out`.
fn build_example(base_url: &str, out: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = crate::support::pressroom(
        &[
            "build",
            "--root",
            &root.display().to_string(),
            "--output",
            &out.display().to_string(),
            "--base-url",
            base_url,
        ],
        root,
    );
    assert!(
        output.status.success(),
        "the example archive does not build: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Sets the page's width (the window's inner width) to `width`.
async fn set_width(client: &Client, width: u32, height: u32) {
    client.set_window_size(width, height).await.unwrap();
    // The window may be wider than its page: make the page `width` wide.
    let inner = js(client, "return window.innerWidth;")
        .await
        .as_u64()
        .unwrap_or(0) as u32;
    if inner != width {
        client
            .set_window_size(width + width.saturating_sub(inner), height)
            .await
            .unwrap();
    }
}

/// Opens `url` and waits until it has loaded (and, on the search page,
/// shown its results).
async fn open(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    eventually_in(&format!("{url} to load"), || async move {
        let state = try_js(
            client,
            "const s = document.getElementById('search-status'); \
             return document.readyState === 'complete' && (!s || s.textContent.trim() !== '');",
        )
        .await?;
        if state == true {
            Ok(())
        } else {
            Err(state.to_string())
        }
    })
    .await;
}

/// The absolute address of the first element `css` selects on the page.
async fn href(client: &Client, css: &str) -> String {
    let script = format!("const a = document.querySelector({css:?}); return a ? a.href : null;");
    match js(client, &script).await {
        serde_json::Value::String(href) => href,
        other => panic!("no {css} on {:?}: {other}", client.current_url().await),
    }
}

/// Runs axe-core on the open page: its serious and critical violations,
/// each as `rule (impact): help — the first elements`.
async fn axe(client: &Client, source: &str) -> Vec<String> {
    client.execute(source, vec![]).await.unwrap();
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] }).then(
            r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} — ` +
                    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; '))),
            e => done({ error: String(e) }));
    "#;
    let result = client.execute_async(script, vec![]).await.unwrap();
    match result {
        serde_json::Value::Array(found) => found
            .into_iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect(),
        other => panic!("axe-core did not run: {other}"),
    }
}

/// Saves a screenshot of the whole page as `dir/WIDTH-NAME.png`.
async fn screenshot(client: &Client, dir: &Path, width: u32, name: &str) {
    let height = js(client, "return document.documentElement.scrollHeight;")
        .await
        .as_u64()
        .unwrap_or(u64::from(HEIGHT)) as u32;
    set_width(client, width, height.clamp(HEIGHT, 8000)).await;
    let png = client.screenshot().await.unwrap();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(format!("{width}-{name}.png")), png).unwrap();
    set_width(client, width, HEIGHT).await;
}

/// axe-core finds no serious or critical violation on any kind of page of
/// the example archive, at a desktop and a phone width and in the dark
/// scheme: home, statement,
/// year, month, day, the full list and its second page, speakers, a
/// speaker, topics, a topic, countries, a country, search (with results)
/// and 404.
///
/// Needs Chromium and chromedriver (as the browser tests) and axe-core:
/// with CI=true it fails without them; otherwise it skips with a loud note.
#[tokio::test]
async fn axe_finds_no_serious_violation_on_any_kind_of_page() {
    let Some(source) = axe_source() else { return };
    let Some(driver) = Driver::start() else { return };
    let light = driver.connect().await;
    let client = &light;
    let outcome = std::panic::AssertUnwindSafe(async {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!(
            "http://127.0.0.1:{}/archive/",
            listener.local_addr().unwrap().port()
        );
        let out = tempfile::tempdir().unwrap();
        let public = out.path().join("public");
        build_example(&base, &public);
        serve(listener, &public);

        // The pages, found the way a reader would: by following links.
        let mut pages: Vec<(&str, String)> = Vec::new();
        let at = |path: &str| format!("{base}{path}");
        set_width(client, WIDTHS[0], HEIGHT).await;
        open(client, &at("")).await;
        pages.push(("home", at("")));
        pages.push(("statement", href(client, ".latest .card-title a").await));
        let year = href(client, ".year-bars a").await;
        open(client, &year).await;
        let month = href(client, ".periods a").await;
        open(client, &month).await;
        let day = href(client, ".periods a").await;
        pages.extend([("year", year), ("month", month), ("day", day)]);
        open(client, &at("statements/")).await;
        pages.push(("statements", at("statements/")));
        pages.push(("statements-page-2", href(client, ".pagination a[rel=next]").await));
        for (index, term, css) in [
            ("speakers", "speaker", ".person-name"),
            ("topics", "topic", ".terms-index a"),
            ("countries", "country", ".terms-index a"),
        ] {
            open(client, &at(&format!("{index}/"))).await;
            pages.push((index, at(&format!("{index}/"))));
            pages.push((term, href(client, css).await));
        }
        pages.push(("search", at("search/?q=climate")));
        pages.push(("404", at("404.html")));

        let shots = std::env::var_os("PRESSROOM_SCREENSHOTS").map(PathBuf::from);
        let mut found = Vec::new();
        for width in WIDTHS {
            set_width(client, width, HEIGHT).await;
            for (name, url) in &pages {
                open(client, url).await;
                let h1 = js(client, "return document.querySelectorAll('h1').length;").await;
                assert_eq!(h1, 1, "{name} ({url}) has no single h1");
                for violation in axe(client, &source).await {
                    found.push(format!("{name} at {width}px ({url}): {violation}"));
                }
                if let Some(dir) = &shots {
                    screenshot(client, dir, width, name).await;
                }
            }
        }
        // And in the dark scheme, at the desktop width.
        let dark = driver.connect_with(&[DARK]).await;
        let outcome = std::panic::AssertUnwindSafe(async {
            set_width(&dark, WIDTHS[0], HEIGHT).await;
            for (name, url) in &pages {
                open(&dark, url).await;
                let scheme = js(
                    &dark,
                    "return matchMedia('(prefers-color-scheme: dark)').matches;",
                )
                .await;
                assert_eq!(scheme, true, "{DARK} did not give the dark scheme on {name}");
                for violation in axe(&dark, &source).await {
                    found.push(format!("{name} in the dark scheme ({url}): {violation}"));
                }
                if let Some(dir) = &shots {
                    screenshot(&dark, dir, WIDTHS[0], &format!("dark-{name}")).await;
                }
            }
        })
        .catch_unwind()
        .await;
        let _ = dark.close().await;
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
        assert!(
            found.is_empty(),
            "axe-core found serious or critical violations:\n{}",
            found.join("\n")
        );
    })
    .catch_unwind()
    .await;
    let _ = light.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
