//! Links: every internal link of every page resolves to a written file (and
//! its `#fragment` to an id on that page), and every link honours base_url,
//! including a base_url with a path.

use std::collections::HashMap;

use crate::paths::FIXTURE;
use crate::support::{Page, Site};

/// The output file a root-relative URL path (`/archive/2017/`) names, given
/// the base path (`/archive/`), or None if it is outside the site.
fn file_of(url_path: &str, base_path: &str) -> Option<String> {
    let rel = url_path.strip_prefix(base_path)?;
    Some(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    })
}

/// Every link of every page that does not resolve, as "page: link (why)".
/// `origin` and `base_path` are base_url's two halves.
fn broken_links(site: &Site, origin: &str, base_path: &str) -> Vec<String> {
    let pages: HashMap<String, Page> = site.html_pages().into_iter().collect();
    let mut broken = Vec::new();
    for (file, page) in &pages {
        for link in page.links() {
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let target = target.split('?').next().unwrap_or_default().to_string();
            let target_file = if target.is_empty() {
                file.clone()
            } else if let Some(path) = target.strip_prefix(origin) {
                match file_of(path, base_path) {
                    Some(f) => f,
                    None => {
                        broken.push(format!("{file}: {link} (outside base_url {origin}{base_path})"));
                        continue;
                    }
                }
            } else if target.contains("://") || target.starts_with("mailto:") {
                continue; // an external link, such as a statement's `source`
            } else if target.starts_with('/') {
                match file_of(&target, base_path) {
                    Some(f) => f,
                    None => {
                        broken.push(format!("{file}: {link} (does not start with {base_path})"));
                        continue;
                    }
                }
            } else {
                broken.push(format!("{file}: {link} (relative link)"));
                continue;
            };
            if !site.exists(&target_file) {
                broken.push(format!("{file}: {link} (no file {target_file})"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let has_id = match pages.get(&target_file) {
                    Some(p) => p.ids().contains(&fragment),
                    None => false,
                };
                if !has_id {
                    broken.push(format!("{file}: {link} (no id {fragment:?} in {target_file})"));
                }
            }
        }
    }
    broken.sort();
    broken
}

#[test]
fn every_internal_link_resolves() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let broken = broken_links(&site, "https://example.org", "/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_link_checker_notices_a_missing_page() {
    // The checker itself must be able to fail: delete a page that others link to.
    let site = Site::fixture(FIXTURE);
    site.build();
    std::fs::remove_file(site.public().join("2016/12/31/remarks-on-trade/index.html")).unwrap();
    let broken = broken_links(&site, "https://example.org", "/");
    assert!(
        broken.iter().any(|b| b.contains("/2016/12/31/remarks-on-trade/")),
        "{broken:?}"
    );
}

/// The fixture with base_url = "https://example.org/archive/".
fn fixture_under_archive() -> Site {
    let site = Site::fixture(FIXTURE);
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let toml = toml.replace(
        "base_url = \"https://example.org/\"",
        "base_url = \"https://example.org/archive/\"",
    );
    assert!(toml.contains("/archive/"));
    site.write("site.toml", &toml);
    site
}

/// Links in `pages` that neither start with `base_path` nor are absolute
/// or a fragment, and absolute links to `origin` outside `base_path`.
fn links_outside(site: &Site, origin: &str, base_path: &str) -> Vec<String> {
    let mut bad = Vec::new();
    for (file, page) in site.html_pages() {
        let mut links = page.links();
        // A redirect's target is a link too.
        for refresh in page.attrs("meta[http-equiv=refresh]", "content") {
            if let Some((_, url)) = refresh.split_once("url=") {
                links.push(url.to_string());
            }
        }
        for link in links {
            let ok = if let Some(path) = link.strip_prefix(origin) {
                path.starts_with(base_path)
            } else {
                link.starts_with(base_path)
                    || link.starts_with('#')
                    || link.contains("://")
                    || link.starts_with("mailto:")
            };
            if !ok {
                bad.push(format!("{file}: {link}"));
            }
        }
    }
    bad
}

#[test]
fn every_href_and_src_honours_a_base_url_with_a_path() {
    let site = fixture_under_archive();
    site.build();
    let bad = links_outside(&site, "https://example.org", "/archive/");
    assert!(bad.is_empty(), "links outside /archive/:\n{}", bad.join("\n"));
    let broken = broken_links(&site, "https://example.org", "/archive/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // The canonical link of a statement is its absolute URL under the path.
    let page = site.page("2017/07/05/statement-on-the-current-situation-in-syria/index.html");
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        vec!["https://example.org/archive/2017/07/05/statement-on-the-current-situation-in-syria/"]
    );
    assert_eq!(
        page.attrs("a.speaker", "href"),
        vec!["/archive/speakers/rex-w-tillerson/"]
    );
}

#[test]
fn a_base_url_with_a_path_still_writes_404_at_the_root_of_the_output() {
    let site = fixture_under_archive();
    site.build();
    // The server maps /archive/ to the output folder: its files are not
    // nested under another archive/ folder.
    assert!(site.exists("404.html"));
    assert!(site.exists("index.html"));
    assert!(!site.public().join("archive").exists());
    let page = site.page("404.html");
    let hrefs = page.attrs("main a[href]", "href");
    assert!(hrefs.contains(&"/archive/".to_string()), "{hrefs:?}");
    // A 404 page is served at any depth, so its links must not be relative.
    let relative: Vec<String> = page
        .links()
        .into_iter()
        .filter(|l| !(l.starts_with('/') || l.starts_with('#') || l.contains("://")))
        .collect();
    assert!(relative.is_empty(), "relative links in 404.html: {relative:?}");
}

#[test]
fn the_base_url_flag_overrides_site_toml() {
    let site = Site::fixture(FIXTURE);
    site.build_with(&["--base-url", "https://press.example.net/records/"]);
    let bad = links_outside(&site, "https://press.example.net", "/records/");
    assert!(bad.is_empty(), "links outside /records/:\n{}", bad.join("\n"));
    let home = site.page("index.html");
    assert_eq!(
        home.attrs("link[rel=canonical]", "href"),
        vec!["https://press.example.net/records/"]
    );
}

#[test]
fn the_link_check_of_base_paths_can_fail() {
    // Built for "/", the site's links are outside "/archive/".
    let site = Site::fixture(FIXTURE);
    site.build();
    assert!(!links_outside(&site, "https://example.org", "/archive/").is_empty());
}
