//! One statement file (front matter + Markdown body) through what a build
//! does with it: `content::parse` (split, TOML, validation), then
//! `markdown::heading_ids` and `markdown::render` with the statement as the
//! only link target, so `@/2017/x.md#anchor` links resolve against it.
//!
//! Asserts: no panic; an error is a non-empty list of diagnostics inside
//! the file; a parsed statement keeps the promises of the content contract
//! (a trimmed title, a slug, a well-formed site path and aliases, the body
//! as it is in the file at the line it says); the ids `heading_ids` gives
//! (which `@/…#anchor` links are checked against) are the ids the rendered
//! page has.

#![no_main]

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use pressroom::config::Config;
use pressroom::{content, markdown, permalink};
use pressroom_fuzz::{check_diagnostics, check_site_path};

static CONFIG: LazyLock<Config> = LazyLock::new(pressroom_fuzz::config);

const REL: &str = "2017/x.md";

fuzz_target!(|data: &[u8]| {
    // A build reads statements with read_to_string: a file that is not
    // UTF-8 is an I/O diagnostic and never reaches the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("/fuzz/content/2017/x.md");
    let text_of = |p: &Path| (p == path).then_some(text);
    let statement = match content::parse(path, REL, text, &CONFIG) {
        Ok(s) => s,
        Err(diags) => {
            check_diagnostics(&diags, text_of);
            return;
        }
    };
    assert!(!statement.title.is_empty() && statement.title.trim() == statement.title);
    assert!(permalink::is_slug(&statement.slug), "slug {:?}", statement.slug);
    check_site_path(&statement.site_path);
    for alias in &statement.aliases {
        assert!(
            !alias.starts_with('/') && !alias.contains(".."),
            "alias {alias:?}"
        );
    }
    assert_eq!(statement.aliases.len(), statement.alias_positions.len());
    assert!(text.ends_with(&statement.body));
    if !statement.body.is_empty() {
        let before = &text[..text.len() - statement.body.len()];
        assert_eq!(
            before.matches('\n').count() + 1,
            statement.body_line,
            "body_line is not the line the body starts on"
        );
    }

    let ids = markdown::heading_ids(&statement.body);
    let statements = vec![Arc::new(statement)];
    let all_ids: Vec<&[String]> = vec![&ids];
    let unavailable = HashMap::new();
    let targets = markdown::LinkTargets::new(&CONFIG, &statements, &all_ids, &unavailable);
    match markdown::render(&statements[0], &targets) {
        Ok(body) => {
            // Lines ended by a lone CR once hid every heading from
            // `heading_ids` (artifacts-kept/front_matter/heading-ids-lone-cr.md).
            assert_eq!(
                body.heading_ids, ids,
                "the anchors links are checked against are not the page's heading ids"
            );
            assert!(body.references.iter().all(|r| r == REL));
            assert_eq!(body.summary.trim(), body.summary);
            for link in &body.local_links {
                assert!(link.line >= statements[0].body_line && link.col >= 1);
            }
        }
        Err(diags) => check_diagnostics(&diags, text_of),
    }
});
