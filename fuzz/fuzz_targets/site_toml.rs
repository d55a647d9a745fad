//! site.toml through `Config::parse` (TOML, then validation), and what the
//! rest of a build derives from the config at once: the permalink's site
//! paths and the import rules.
//!
//! Asserts: no panic; an error is a non-empty list of diagnostics inside
//! the file; a valid config has a title, a base URL whose path starts and
//! ends with `/` and that reads back as itself, at least one statement per
//! page, no taxonomy or feed format twice, and a permalink that gives
//! well-formed site paths for any date and slug.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pressroom::config::{BaseUrl, Config};
use pressroom::import::Rules;
use pressroom_fuzz::{check_diagnostics, check_site_path};

fuzz_target!(|data: &[u8]| {
    // Config::load reads with read_to_string: not UTF-8 is an I/O error.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("/fuzz/site.toml");
    let config = match Config::parse(Path::new("/fuzz"), path, text) {
        Ok(c) => c,
        Err(diags) => {
            check_diagnostics(&diags.0, |p| (p == path).then_some(text));
            return;
        }
    };
    assert!(!config.title.trim().is_empty());
    let base = &config.base_url;
    assert!(base.path.starts_with('/') && base.path.ends_with('/'), "{base:?}");
    assert!(
        base.origin.starts_with("https://") || base.origin.starts_with("http://"),
        "{base:?}"
    );
    assert_eq!(BaseUrl::parse(&base.to_string()).as_ref(), Ok(base));
    assert!(config.per_page >= 1);
    for (i, t) in config.taxonomies.iter().enumerate() {
        assert!(!config.taxonomies[..i].contains(t), "taxonomy {t:?} twice");
    }
    for (i, f) in config.feeds.formats.iter().enumerate() {
        assert!(!config.feeds.formats[..i].contains(f), "feed format {f:?} twice");
    }
    for (date, slug, kind) in [
        ("2017-07-05T10:30:00-04:00", "a-title", "press-statement"),
        ("0001-01-01T00:00:00+00:00", "x", ""),
        ("9999-12-31T23:59:59+14:00", "z.9_", "a"),
    ] {
        let Ok(date) = chrono::DateTime::parse_from_rfc3339(date) else {
            unreachable!()
        };
        let site_path = config.permalink.site_path(&date, slug, kind);
        // An empty kind slug gives an empty segment; the build's statements
        // without a kind do that too (reported separately, not asserted).
        if !kind.is_empty() {
            check_site_path(&site_path);
        }
    }
    // Import builds its rules from the config; a pattern that is not a
    // regular expression is an error it reports, not a panic.
    let _ = Rules::for_site(&config);
});
