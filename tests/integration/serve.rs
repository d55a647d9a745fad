//! `pressroom serve`: pages over HTTP, links that stay on the local server,
//! the live-reload script (served pages only), every kind of file change
//! seen over HTTP, bursts, path traversal, the port, Ctrl-C and SIGTERM.
//! HTTP byte for byte (HEAD, ranges, timeouts) is in serve/http.rs.
//!
//! Each test spawns `pressroom serve --port 0` on a copy of the fixture
//! archive (see support/server.rs) and waits for changes with a bounded poll.

use std::path::Path;

mod http;
mod overlay;

use crate::paths::FIXTURE;
use crate::support::server::{Response, Running, eventually};
use crate::support::{Site, list_files, snapshot, statement};

pub(crate) const SYRIA: &str = "/2017/07/05/statement-on-the-current-situation-in-syria/";
pub(crate) const SYRIA_FILE: &str = "content/2017/syria.md";
pub(crate) const SCRIPT: &str = r#"script[src="/__pressroom/live.js"]"#;

/// The statement title (`h1#statement-title`) of a served page, if any.
pub(crate) fn title(r: &Response) -> Option<String> {
    r.page().texts("h1#statement-title").into_iter().next()
}

/// A check for `wait_for_page`: the statement title is `want`.
pub(crate) fn has_title(want: &str) -> impl Fn(&Response) -> Result<(), String> + '_ {
    move |r| match title(r) {
        Some(t) if t == want => Ok(()),
        other => Err(format!("title {other:?}")),
    }
}

/// The text of a served statement's body.
fn body_text(r: &Response) -> String {
    r.page().texts(".statement .body").join(" ")
}

/// Replaces `from` by `to` in a file of the site (which must contain it).
pub(crate) fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_pages_folders_redirects_and_misses() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    let preview = server.preview_dir();

    let page = server.get(SYRIA);
    assert_eq!(page.status, 200);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    assert_eq!(
        title(&page).as_deref(),
        Some("Statement on the Current Situation in Syria")
    );

    for (path, content_type) in [
        ("/style.css", "text/css"),
        ("/feed.json", "application/json"),
        ("/robots.txt", "text/plain"),
        ("/sitemap.xml", "xml"),
        ("/atom.xml", "xml"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.content_type.contains(content_type),
            "{path} served as {:?}, expected {content_type}",
            r.content_type
        );
    }

    // A folder is its index.html.
    let folder = server.get("/2017/");
    assert_eq!(folder.status, 200);
    let on_disk = crate::support::Page(scraper::Html::parse_document(
        &std::fs::read_to_string(preview.join("2017/index.html")).unwrap(),
    ));
    assert_eq!(folder.page().texts("h1"), on_disk.texts("h1"));
    assert_eq!(folder.page().texts(".card-title"), on_disk.texts(".card-title"));
    assert!(!on_disk.texts(".card-title").is_empty());

    // A folder without its slash is redirected to it.
    let redirect = server.get("/2017");
    assert!(
        (300..400).contains(&redirect.status),
        "/2017 answered {}",
        redirect.status
    );
    assert_eq!(redirect.location.as_deref(), Some("/2017/"));

    // A miss is 404.html with status 404.
    let miss = server.get("/2017/no-such-statement/");
    assert_eq!(miss.status, 404);
    assert!(
        miss.content_type.starts_with("text/html"),
        "{}",
        miss.content_type
    );
    let not_found = crate::support::Page(scraper::Html::parse_document(
        &std::fs::read_to_string(preview.join("404.html")).unwrap(),
    ));
    assert_eq!(miss.page().texts("h1"), not_found.texts("h1"));
    assert_eq!(server.get("/missing.css").status, 404);
}

#[test]
fn served_files_link_to_the_local_server_not_to_base_url() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    let files = list_files(&server.preview_dir());
    assert!(files.len() > 50, "{files:?}");
    for file in &files {
        let path = format!("/{}", file.strip_suffix("index.html").unwrap_or(file));
        let r = server.get(&path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            !r.body.contains("example.org"),
            "{path} still names base_url (https://example.org/)"
        );
        if file.ends_with(".html") {
            for link in r.page().links() {
                assert!(
                    !link.starts_with("http") || link.starts_with(server.url()),
                    "{path} links to {link}, not to {}",
                    server.url()
                );
            }
        }
    }
    // And the links of a statement page lead to pages this server has.
    for link in server.get(SYRIA).page().links() {
        let local = link
            .strip_prefix(server.url().trim_end_matches('/'))
            .unwrap_or(&link);
        if local.starts_with('/') && !local.starts_with("//") {
            let path = local.split('#').next().unwrap();
            assert_eq!(server.get(path).status, 200, "{link} on {SYRIA}");
        }
    }
}

#[test]
fn the_live_script_is_injected_into_served_pages_but_never_written() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let before = site.snapshot();
    let server = Running::serve(site.root(), &[]);

    for path in ["/", SYRIA, "/2017/", "/speakers/", "/no-such-page/"] {
        let page = server.get(path).page();
        assert_eq!(page.count(SCRIPT), 1, "{path} has no live-reload script");
        assert_eq!(
            page.count(&format!("body > {SCRIPT}")),
            1,
            "{path}: script outside <body>"
        );
    }
    let script = server.get("/__pressroom/live.js");
    assert_eq!(script.status, 200);
    assert!(
        script.content_type.contains("javascript"),
        "{}",
        script.content_type
    );
    assert!(script.body.contains("EventSource(\"/__pressroom/events\")"));
    for path in ["/style.css", "/feed.json", "/atom.xml"] {
        assert!(
            !server.get(path).body.contains("__pressroom"),
            "{path} was rewritten"
        );
    }

    // Not in the files it serves from, nor in the production build, which
    // serve leaves alone.
    let preview = snapshot(&server.preview_dir());
    assert!(preview.contains_key("index.html"));
    for (file, bytes) in &preview {
        assert!(
            !String::from_utf8_lossy(bytes).contains("__pressroom"),
            "{file} on disk has the live script"
        );
    }
    crate::support::assert_same_files(&before, &site.snapshot(), "public/ after serve");
}

#[test]
fn an_edited_title_moves_the_page_over_http() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    assert_eq!(server.get(SYRIA).status, 200);

    edit(
        &site,
        SYRIA_FILE,
        "title = \"Statement on the Current Situation in Syria\"",
        "title = \"Statement on Syria, Revised\"",
    );
    server.wait_for_page(
        "/2017/07/05/statement-on-syria-revised/",
        "the new title",
        has_title("Statement on Syria, Revised"),
    );
    // The old URL goes in the same rebuild (just after the new files are written).
    server.wait_for_status(SYRIA, 404);
}

#[test]
fn an_atomically_replaced_statement_is_served_updated() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    assert!(body_text(&server.get(SYRIA)).contains("committed to a political solution"));

    // What editors do on save: write a temporary file, rename it over.
    let path = site.root().join(SYRIA_FILE);
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "The United States is committed to a political solution.",
        "Replaced in one rename.",
    );
    let tmp = path.with_file_name("syria.md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();

    server.wait_for_page(SYRIA, "the replaced body", |r| {
        let body = body_text(r);
        if body.contains("Replaced in one rename.") {
            Ok(())
        } else {
            Err(body)
        }
    });

    // Vim's way: try a scratch file `4913`, move the original to a backup
    // `syria.md~`, write a new file, delete the backup.
    let dir = path.parent().unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::rename(&path, dir.join("syria.md~")).unwrap();
    let text = std::fs::read_to_string(dir.join("syria.md~")).unwrap();
    std::fs::write(
        &path,
        text.replace("Replaced in one rename.", "Saved the Vim way."),
    )
    .unwrap();
    std::fs::remove_file(dir.join("syria.md~")).unwrap();
    server.wait_for_page(SYRIA, "the body saved the Vim way", |r| {
        let body = body_text(r);
        if body.contains("Saved the Vim way.") {
            Ok(())
        } else {
            Err(body)
        }
    });
}

#[test]
fn a_new_statement_in_a_new_folder_is_served() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    site.write(
        "content/2019/01/new-statement.md",
        &statement("A New Statement", "2019-01-10", ""),
    );
    server.wait_for_page(
        "/2019/01/10/a-new-statement/",
        "the new statement",
        has_title("A New Statement"),
    );
    // and the listings that hold it
    server.wait_for_page("/2019/", "the new year", |r| {
        let cards = r.page().texts(".card-title");
        if cards == ["A New Statement"] {
            Ok(())
        } else {
            Err(format!("{cards:?}"))
        }
    });
    // A second file in the folder that appeared while serving is seen too.
    site.write(
        "content/2019/01/second.md",
        &statement("A Second Statement", "2019-01-11", ""),
    );
    server.wait_for_page(
        "/2019/01/11/a-second-statement/",
        "the second statement",
        has_title("A Second Statement"),
    );
}

#[test]
fn a_deleted_statement_is_no_longer_served() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    let page = "/2018/03/15/taken-question-visa-policy/";
    assert_eq!(server.get(page).status, 200);
    site.remove("content/2018/taken-question.md");
    server.wait_for_status(page, 404);
    // nor listed
    let cards = server.get("/2018/").page().texts(".card-title");
    assert!(!cards.iter().any(|c| c.contains("Visa Policy")), "{cards:?}");
    assert!(!server.preview_dir().join(&page[1..]).exists());
}

#[test]
fn a_renamed_statement_follows_its_file() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    let page = "/2018/03/15/taken-question-visa-policy/";
    let attic = site.root().join("attic");
    std::fs::create_dir(&attic).unwrap();

    // Moved out of content/: gone.
    std::fs::rename(
        site.root().join("content/2018/taken-question.md"),
        attic.join("taken-question.md"),
    )
    .unwrap();
    server.wait_for_status(page, 404);

    // Moved back in, under another name and folder: served again.
    std::fs::rename(
        attic.join("taken-question.md"),
        site.root().join("content/2017/visas.md"),
    )
    .unwrap();
    server.wait_for_page(
        page,
        "the statement again",
        has_title("Taken Question: Visa Policy"),
    );

    // Renamed to a name that is not a statement: gone again.
    std::fs::rename(
        site.root().join("content/2017/visas.md"),
        site.root().join("content/2017/visas.md.txt"),
    )
    .unwrap();
    server.wait_for_status(page, 404);
}

/// Writes `n` new statements as fast as it can (what a `git checkout`
/// does), waits until the server has every page, and returns the rebuild
/// lines the burst caused.
fn burst(n: usize) -> Vec<String> {
    let site = Site::fixture(FIXTURE);
    std::fs::create_dir_all(site.root().join("content/2019")).unwrap();
    let server = Running::serve(site.root(), &[]);
    let before = server.rebuilds().len();
    for i in 0..n {
        site.write(
            &format!("content/2019/burst-{i:04}.md"),
            &statement(&format!("Burst {i:04}"), "2019-05-01", ""),
        );
    }
    let last = format!("Burst {:04}", n - 1);
    // A thousand files take the debug binary a while to read on a loaded
    // machine: this waits for the rebuilds, it does not time them.
    server.wait_for_page_within(
        std::time::Duration::from_secs(60),
        &format!("/2019/05/01/burst-{:04}/", n - 1),
        "the last statement",
        has_title(&last),
    );
    let preview = server.preview_dir();
    eventually("every statement of the burst to be served", || {
        let missing: Vec<usize> = (0..n)
            .filter(|i| {
                !preview
                    .join(format!("2019/05/01/burst-{i:04}/index.html"))
                    .is_file()
            })
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("missing {missing:?}"))
        }
    });
    // The rebuild that wrote the last page prints its line just after.
    server.wait_for_rebuilds_after(before);
    server.rebuilds().split_off(before)
}

/// A rebuild starts on the first event, and what arrives while it runs is
/// the next one (issue 17 point 1, which replaced issue 5's "a `git
/// checkout` touching 1,000 files gives one rebuild"): a burst is a few
/// rebuilds, never one per file, and ends with every page (see [`burst`]).
#[test]
fn a_burst_of_new_statements_is_a_few_rebuilds() {
    let rebuilds = burst(200);
    assert!(
        rebuilds.len() <= 5,
        "200 new files gave {} rebuilds: {rebuilds:#?}",
        rebuilds.len()
    );
}

#[test]
fn a_checkout_of_a_thousand_files_is_a_few_rebuilds() {
    let rebuilds = burst(1000);
    assert!(
        rebuilds.len() <= 5,
        "1,000 new files gave {} rebuilds: {rebuilds:#?}",
        rebuilds.len()
    );
}

/// Raw request targets that try to leave the output folder. The secret
/// files sit where each would land if it worked: the site root, the
/// folder above the preview, and /etc.
const TRAVERSALS: &[&str] = &[
    "/../site.toml",
    "/%2e%2e/site.toml",
    "/%2E%2E/site.toml",
    "/.%2e/site.toml",
    "/..%2fsite.toml",
    "/..%2Fsite.toml",
    "/..%5csite.toml",
    "/2017/..%2f..%2fsite.toml",
    "/2017/%2e%2e/%2e%2e/site.toml",
    "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/../../../../../../etc/passwd",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/%252e%252e/site.toml",
    "/secret/../../site.toml",
];

#[test]
fn traversal_attempts_stay_inside_the_output() {
    let site = Site::fixture(FIXTURE);
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    std::fs::write(
        site.root().join("site.toml"),
        format!("{toml}\n# SECRET-OF-THE-SITE\n"),
    )
    .unwrap();
    let server = Running::serve(site.root(), &[]);
    // Next to the preview folder, where `/../x` would land.
    std::fs::write(server.tmp().join("site.toml"), "SECRET-NEXT-TO-THE-PREVIEW").unwrap();
    std::fs::create_dir_all(server.tmp().join("etc")).unwrap();
    std::fs::write(server.tmp().join("etc/passwd"), "SECRET-PASSWD").unwrap();
    assert!(server.preview_dir().starts_with(server.tmp()));

    let port = server.port();
    let absolute: Vec<String> = ["/../site.toml", "/%2e%2e/site.toml", "/%2e%2e%2fsite.toml"]
        .iter()
        .map(|p| format!("http://127.0.0.1:{port}{p}"))
        .collect();
    for target in TRAVERSALS
        .iter()
        .copied()
        .chain(absolute.iter().map(String::as_str))
    {
        let r = server.raw_get(target);
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{target} answered {}:\n{}",
            r.status,
            r.text
        );
        for secret in [
            "SECRET-OF-THE-SITE",
            "SECRET-NEXT-TO-THE-PREVIEW",
            "SECRET-PASSWD",
            "root:x:0:0",
        ] {
            assert!(!r.text.contains(secret), "{target} leaked {secret}:\n{}", r.text);
        }
    }
    // The same server still serves its own files.
    assert_eq!(server.raw_get(SYRIA).status, 200);
    assert_eq!(
        server.raw_get(&format!("http://127.0.0.1:{port}{SYRIA}")).status,
        200
    );
}

/// A redirect to a folder's slash must stay on this server: `//x` as a
/// Location is a protocol-relative URL (host `x`), and an absolute-form
/// request target must not choose the host either.
#[test]
fn folder_redirects_stay_on_this_server() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    for target in [
        "//statements",
        "///statements",
        "http://attacker.example/statements",
    ] {
        let r = server.raw_get(target);
        let location = r
            .text
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("location")
                    .then(|| value.trim().to_string())
            })
            .unwrap_or_default();
        assert!(
            !(300..400).contains(&r.status) || (location.starts_with('/') && !location.starts_with("//")),
            "{target} redirects off this server, to {location:?}"
        );
    }
}

#[test]
fn port_0_takes_a_free_port_and_prints_it() {
    let site = Site::fixture(FIXTURE);
    let server = Running::serve(site.root(), &[]);
    assert_ne!(server.port(), 0);
    assert_eq!(server.get("/").status, 200);
    // Another server on the same site gets another port.
    let other = Running::serve(site.root(), &[]);
    assert_ne!(other.port(), server.port());
    assert_eq!(other.get("/").status, 200);
}

/// A port in use is a failure while running (exit 1), not bad usage
/// (exit 2): the same command works once the port is free.
#[test]
fn a_taken_port_is_a_clear_error_with_exit_status_1() {
    let site = Site::fixture(FIXTURE);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status = eventually("serve on a taken port to exit", || {
        child
            .try_wait()
            .unwrap()
            .ok_or_else(|| "still running".to_string())
    });
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert!(stderr.contains("already in use"), "{stderr}");
    assert!(
        stderr.contains("--port"),
        "the error should say how to pick another port: {stderr}"
    );
    drop(taken);
}

/// Every entry of a folder, recursively, with its bytes (folders as empty).
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (rel, bytes)
        })
        .collect()
}

#[test]
fn ctrl_c_stops_within_a_second_and_leaves_nothing_behind() {
    let site = Site::fixture(FIXTURE);
    let mut expected = tree(site.root());
    let mut server = Running::serve(site.root(), &[]);
    // A page is open (its event stream held), and a rebuild has happened.
    let _page = crate::support::server::Events::connect(&server);
    edit(&site, SYRIA_FILE, "a political solution", "a lasting solution");
    server.wait_for_page(SYRIA, "the edit", |r| {
        let body = body_text(r);
        if body.contains("a lasting solution") {
            Ok(())
        } else {
            Err(body)
        }
    });
    let edited = std::fs::read(site.root().join(SYRIA_FILE)).unwrap();
    for (name, bytes) in &mut expected {
        if *name == SYRIA_FILE {
            *bytes = edited.clone();
        }
    }
    assert!(server.preview_dir().is_dir());

    let (status, took) = server.interrupt();
    assert!(status.success(), "exit status {status} after Ctrl-C");
    assert!(
        took < std::time::Duration::from_secs(1),
        "Ctrl-C took {took:?} to stop serve"
    );
    server.wait_for_line("Stopped.");
    // The site is as the user left it: nothing added to content/ or
    // anywhere else (no public/, no cache), and the preview folder is gone.
    let after = tree(site.root());
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&after), names(&expected));
    assert!(after == expected, "serve changed a file of the site");
    let left: Vec<String> = std::fs::read_dir(server.tmp())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "serve left {left:?} in its temporary folder");
}

/// What `kill`, systemd and container runtimes send: serve must clean up
/// as on Ctrl-C, not die with its preview folder left behind.
#[test]
fn sigterm_stops_cleanly_like_ctrl_c() {
    let site = Site::fixture(FIXTURE);
    let mut server = Running::serve(site.root(), &[]);
    let _page = crate::support::server::Events::connect(&server);
    assert!(server.preview_dir().is_dir());

    let (status, took) = server.terminate();
    assert!(status.success(), "exit status {status} after SIGTERM");
    assert!(
        took < std::time::Duration::from_secs(1),
        "SIGTERM took {took:?} to stop serve"
    );
    server.wait_for_line("Stopped.");
    assert!(
        !server.preview_dir().exists(),
        "serve left its preview folder behind"
    );
}
