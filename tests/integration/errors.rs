//! Content errors: each is reported as `path:line:col: message` with a
//! hint, lines counted from the top of the file; a run reports all of them,
//! exits 1 and writes nothing.

use crate::support::{Diag, SITE, Site, diag_for, statement};

/// A site whose only statement is `text`, at content/2017/a.md; builds it
/// expecting failure and returns that file's one diagnostic.
fn one_error(text: &str) -> Diag {
    let site = Site::new(SITE);
    site.write("content/2017/a.md", text);
    let diags = site.diagnostics(&["build"]);
    assert!(!site.public().exists(), "a failed build wrote public/");
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
    diag_for(&diags, "content/2017/a.md").clone()
}

#[test]
fn an_unknown_front_matter_key_is_located_with_a_did_you_mean_hint() {
    let d = one_error("+++\ntitle = \"A\"\ndate = 2017-07-05\ntopcs = [\"Syria\"]\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (4, 1), "{d:?}");
    assert!(d.message.contains("topcs"), "{d:?}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `topics`?"), "{d:?}");
}

#[test]
fn lines_count_from_the_top_of_the_file_not_the_front_matter() {
    // Blank lines and comments before the bad key move it down the file.
    let d = one_error(
        "+++\n# A comment\n\ntitle = \"A\"\ndate = 2017-07-05\n\n  speakr = \"Ann Lee\"\n+++\nBody.\n",
    );
    assert_eq!((d.line, d.col), (7, 3), "{d:?}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `speaker`?"), "{d:?}");
}

#[test]
fn a_missing_title_is_an_error_with_a_hint() {
    let d = one_error("+++\ndate = 2017-07-05\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (1, 1), "{d:?}");
    assert!(d.message.contains("title"), "{d:?}");
    assert!(d.hint.as_deref().unwrap_or_default().contains("title ="), "{d:?}");
}

#[test]
fn an_empty_title_is_an_error_at_the_title() {
    let d = one_error("+++\ndate = 2017-07-05\ntitle = \"  \"\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (3, 9), "{d:?}");
    assert!(d.message.contains("title"), "{d:?}");
}

#[test]
fn a_missing_date_is_an_error_with_a_hint() {
    let d = one_error("+++\ntitle = \"A\"\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (1, 1), "{d:?}");
    assert!(d.message.contains("date"), "{d:?}");
    assert!(
        d.hint
            .as_deref()
            .unwrap_or_default()
            .contains("date = 2017-07-05"),
        "{d:?}"
    );
}

#[test]
fn a_date_that_does_not_parse_is_located_at_its_value() {
    let d = one_error("+++\ntitle = \"A\"\ndate = \"July 5th\"\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (3, 8), "{d:?}");
    assert!(d.message.contains("`date`"), "{d:?}");
    assert!(d.message.contains("July 5th"), "{d:?}");
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("2017-07-05"),
        "{d:?}"
    );
}

#[test]
fn a_date_that_is_not_a_day_of_the_calendar_is_located_at_its_value() {
    let d = one_error("+++\ntitle = \"A\"\ndate = 2017-02-30\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (3, 8), "{d:?}");
    assert!(d.message.contains("date"), "{d:?}");
}

#[test]

fn an_impossible_toml_date_names_the_field_and_shows_the_date_format() {
    let d = one_error("+++\ntitle = \"A\"\ndate = 2017-13-45\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (3, 8), "{d:?}");
    assert!(d.message.contains("`date`"), "{d:?}");
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("2017-07-05"),
        "{d:?}"
    );
}

#[test]
fn a_date_of_the_wrong_type_is_an_error() {
    let d = one_error("+++\ntitle = \"A\"\ndate = 20170705\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (3, 8), "{d:?}");
    assert!(d.message.contains("date"), "{d:?}");
}

#[test]
fn an_unknown_kind_is_located_with_a_did_you_mean_hint() {
    let d = one_error("+++\ntitle = \"A\"\ndate = 2017-07-05\nkind = \"Press Statment\"\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (4, 8), "{d:?}");
    assert!(d.message.contains("Press Statment"), "{d:?}");
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean \"Press Statement\"?"),
        "{d:?}"
    );
}

#[test]
fn an_unknown_kind_far_from_any_lists_the_kinds() {
    let d = one_error("+++\ntitle = \"A\"\ndate = 2017-07-05\nkind = \"Haiku\"\n+++\nBody.\n");
    let hint = d.hint.unwrap_or_default();
    assert!(
        hint.contains("Press Statement") && hint.contains("Readout"),
        "{hint}"
    );
}

#[test]
fn bad_toml_is_located_where_it_goes_wrong() {
    let d = one_error("+++\ntitle = \"A\"\ndate = 2017-07-05\nspeaker = Ann Lee\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (4, 11), "{d:?}");
    let d = one_error("+++\ntitle = \"A\ndate = 2017-07-05\n+++\nBody.\n");
    assert_eq!(d.line, 2, "{d:?}");
}

#[test]
fn front_matter_that_is_missing_or_unclosed_is_an_error() {
    let d = one_error("title = \"A\"\ndate = 2017-07-05\nBody.\n");
    assert_eq!(d.line, 1, "{d:?}");
    assert!(d.hint.is_some(), "{d:?}");
    let d = one_error("+++\ntitle = \"A\"\ndate = 2017-07-05\nBody.\n");
    assert!(d.message.contains("not closed"), "{d:?}");
}

#[test]
fn a_title_without_letters_or_digits_needs_a_slug() {
    let d = one_error("+++\ntitle = \"!!!\"\ndate = 2017-07-05\n+++\nBody.\n");
    assert!(d.message.contains("slug"), "{d:?}");
    assert!(d.hint.as_deref().unwrap_or_default().contains("slug ="), "{d:?}");
}

#[test]
fn a_slug_that_is_not_a_slug_is_an_error_with_the_slug_it_could_be() {
    let d = one_error("+++\ntitle = \"A\"\ndate = 2017-07-05\nslug = \"Côte d’Ivoire\"\n+++\nBody.\n");
    assert_eq!((d.line, d.col), (4, 8), "{d:?}");
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("cote-d-ivoire"),
        "{d:?}"
    );
}

#[test]
fn two_statements_with_one_url_are_an_error_naming_both() {
    let site = Site::new(SITE);
    site.write("content/2017/a.md", &statement("Same Title", "2017-07-05", ""));
    site.write(
        "content/2017/b.md",
        &statement("Same Title", "2017-07-05T18:00:00", ""),
    );
    let diags = site.diagnostics(&["build"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    let other = if d.file == "content/2017/a.md" {
        "b.md"
    } else {
        "a.md"
    };
    assert!(d.file.starts_with("content/2017/"), "{d:?}");
    assert!(d.message.contains("/2017/07/05/same-title/"), "{d:?}");
    assert!(d.message.contains(other), "{d:?}");
    assert!(d.hint.as_deref().unwrap_or_default().contains("slug"), "{d:?}");
    assert!(!site.public().exists());
}

#[test]
fn an_alias_that_is_another_statements_url_is_an_error() {
    let site = Site::new(SITE);
    site.write("content/a.md", &statement("First", "2017-07-05", ""));
    site.write(
        "content/b.md",
        &statement("Second", "2017-07-06", "aliases = [\"/2017/07/05/first/\"]"),
    );
    let diags = site.diagnostics(&["build"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0].message.contains("/2017/07/05/first/"), "{diags:?}");
}

#[test]
fn a_link_to_a_missing_statement_is_located_in_the_body() {
    let site = Site::new(SITE);
    site.write("content/2017/earlier.md", &statement("Earlier", "2017-07-01", ""));
    site.write(
        "content/2017/a.md",
        "+++\ntitle = \"A\"\ndate = 2017-07-05\n+++\nFirst paragraph.\n\nSee [the earlier one](@/2017/erlier.md).\n",
    );
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/2017/a.md");
    assert_eq!((d.line, d.col), (7, 5), "{d:?}");
    assert!(d.message.contains("@/2017/erlier.md"), "{d:?}");
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean `@/2017/earlier.md`?"),
        "{d:?}"
    );
}

#[test]
fn a_link_to_a_missing_heading_names_the_headings() {
    let site = Site::new(SITE);
    site.write(
        "content/2017/earlier.md",
        "+++\ntitle = \"Earlier\"\ndate = 2017-07-01\n+++\n## Background\n\nText.\n",
    );
    site.write(
        "content/2017/a.md",
        "+++\ntitle = \"A\"\ndate = 2017-07-05\n+++\nSee [it](@/2017/earlier.md#backgrund).\n",
    );
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/2017/a.md");
    assert_eq!((d.line, d.col), (5, 5), "{d:?}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `#background`?"), "{d:?}");
}

#[test]
fn an_unknown_site_toml_key_is_located_with_a_did_you_mean_hint() {
    let site = Site::new("title = \"T\"\nbase_url = \"https://example.org/\"\ntimezon = \"UTC\"\n");
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "site.toml");
    assert_eq!((d.line, d.col), (3, 1), "{d:?}");
    assert!(d.message.contains("timezon"), "{d:?}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `timezone`?"), "{d:?}");
}

#[test]
fn an_unknown_key_in_a_site_toml_table_is_located() {
    let site = Site::new("title = \"T\"\nbase_url = \"https://example.org/\"\n\n[archive]\nper_pag = 10\n");
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "site.toml");
    assert_eq!((d.line, d.col), (5, 1), "{d:?}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `per_page`?"), "{d:?}");
}

#[test]
fn bad_toml_in_site_toml_is_located() {
    let site = Site::new("title = \"T\"\nbase_url = \"https://example.org/\"\n[archive\nper_page = 3\n");
    let diags = site.diagnostics(&["build"]);
    assert_eq!(diag_for(&diags, "site.toml").line, 3, "{diags:?}");
}

#[test]
fn an_unknown_time_zone_is_located_with_a_did_you_mean_hint() {
    let site =
        Site::new("title = \"T\"\nbase_url = \"https://example.org/\"\ntimezone = \"America/New_Yrok\"\n");
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "site.toml");
    assert_eq!((d.line, d.col), (3, 12), "{d:?}");
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean `America/New_York`?"),
        "{d:?}"
    );
}

#[test]
fn site_toml_without_title_and_base_url_reports_both() {
    let site = Site::new("description = \"No title, no base URL\"\n");
    let diags = site.diagnostics(&["build"]);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert!(diags.iter().any(|d| d.message.contains("`title`")), "{diags:#?}");
    assert!(
        diags.iter().any(|d| d.message.contains("`base_url`")),
        "{diags:#?}"
    );
}

/// Five statements, each with a different front matter problem, and one good one.
fn site_with_five_errors() -> Site {
    let site = Site::new(SITE);
    site.write("content/good.md", &statement("Good", "2017-07-01", ""));
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2017-07-05\ntopcs = []\n+++\n",
    );
    site.write("content/b.md", "+++\ndate = 2017-07-05\n+++\n");
    site.write("content/c.md", "+++\ntitle = \"C\"\n+++\n");
    site.write("content/d.md", "+++\ntitle = \"D\"\ndate = \"soon\"\n+++\n");
    site.write(
        "content/e.md",
        "+++\ntitle = \"E\"\ndate = 2017-07-05\nkind = \"Memo\"\n+++\n",
    );
    site
}

#[test]
fn every_error_is_reported_in_one_run() {
    let site = site_with_five_errors();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let diags = crate::support::parse_diagnostics(&stderr, site.root());
    let mut files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    files.sort();
    assert_eq!(
        files,
        vec![
            "content/a.md",
            "content/b.md",
            "content/c.md",
            "content/d.md",
            "content/e.md"
        ],
        "{stderr}"
    );
    assert!(stderr.contains("5 problems"), "{stderr}");
    assert!(!site.public().exists());
    // The report is the same, in the same order, every time.
    let again = site.run(&["build"]);
    assert_eq!(String::from_utf8_lossy(&again.stderr), stderr);
}

#[test]
fn check_reports_the_same_errors_as_build() {
    let site = site_with_five_errors();
    let build = site.diagnostics(&["build"]);
    let check = site.diagnostics(&["check"]);
    assert_eq!(build, check);
}

#[test]

fn errors_of_every_stage_are_reported_in_one_run() {
    let site = Site::new(SITE);
    // a front matter error …
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2017-07-05\ntopcs = []\n+++\n",
    );
    // … two other statements sharing one URL …
    site.write("content/b1.md", &statement("Same", "2017-07-06", ""));
    site.write("content/b2.md", &statement("Same", "2017-07-06", ""));
    // … and a broken link in a fourth.
    site.write(
        "content/c.md",
        "+++\ntitle = \"C\"\ndate = 2017-07-07\n+++\nSee [b](@/nope.md).\n",
    );
    let diags = site.diagnostics(&["build"]);
    let mut files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    files.sort();
    files.dedup();
    assert!(files.contains(&"content/a.md"), "{diags:#?}");
    assert!(
        files.contains(&"content/b1.md") || files.contains(&"content/b2.md"),
        "URL collision not reported: {diags:#?}"
    );
    assert!(
        files.contains(&"content/c.md"),
        "broken link not reported: {diags:#?}"
    );
}

#[test]

fn an_alias_that_is_a_generated_page_is_an_error() {
    for alias in ["/statements/", "/2017/", "/404.html", "/speakers/"] {
        let site = Site::new(SITE);
        site.write(
            "content/a.md",
            &format!("+++\ntitle = \"A\"\ndate = 2017-07-05\naliases = [\"{alias}\"]\n+++\nBody.\n"),
        );
        let out = site.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "alias {alias} was accepted:\n{stderr}"
        );
        let diags = crate::support::parse_diagnostics(&stderr, site.root());
        let d = diag_for(&diags, "content/a.md");
        assert_eq!(d.line, 4, "{d:?}");
        assert!(d.message.contains(alias), "{d:?}");
    }
}

#[test]

fn a_statement_url_that_is_a_generated_page_is_an_error() {
    let site = Site::new(&format!("{SITE}permalink = \"/:slug/\"\n"));
    site.write("content/a.md", &statement("Statements", "2017-07-05", ""));
    site.write("content/b.md", &statement("Other", "2017-07-06", ""));
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/a.md");
    assert!(d.message.contains("/statements/"), "{d:?}");
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_read_and_located() {
    let site = Site::new(SITE);
    site.write(
        "content/a.md",
        "\u{feff}+++\r\ntitle = \"Windows\"\r\ndate = 2017-07-05\r\n+++\r\nBody.\r\n",
    );
    site.write(
        "content/b.md",
        "\u{feff}+++\r\ntitle = \"B\"\r\ndate = 2017-07-04\r\nkind = \"Memo\"\r\n+++\r\nBody.\r\n",
    );
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/b.md");
    assert_eq!((d.line, d.col), (4, 8), "{d:?}");
    site.remove("content/b.md");
    site.build();
    assert_eq!(site.page("2017/07/05/windows/index.html").text("h1"), "Windows");
}

#[test]
fn the_extra_table_is_free_for_themes() {
    let site = Site::new(SITE);
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2017-07-05\n[extra]\nanything = \"goes\"\nnested = { deep = [1, 2] }\n+++\nBody.\n",
    );
    site.build();
    assert!(site.exists("2017/07/05/a/index.html"));
}

#[test]
fn site_toml_value_errors_are_all_reported_at_their_values() {
    let site = Site::new(
        "title = \"T\"\nbase_url = \"example.org\"\npermalink = \"/:year/\"\ntaxonomies = [\"speakers\", \"people\"]\n[feeds]\nformats = [\"atom\", \"rdf\"]\n",
    );
    let diags = site.diagnostics(&["build"]);
    let found: Vec<(usize, usize, bool)> = diags
        .iter()
        .map(|d| (d.line, d.col, d.file == "site.toml" && d.hint.is_some()))
        .collect();
    assert_eq!(
        found,
        vec![(2, 12, true), (3, 13, true), (4, 14, true), (6, 11, true)],
        "{diags:#?}"
    );
    assert!(diags[0].message.contains("base_url"), "{diags:#?}");
    assert!(diags[1].message.contains("permalink"), "{diags:#?}");
    assert!(diags[2].message.contains("people"), "{diags:#?}");
    assert!(diags[3].message.contains("rdf"), "{diags:#?}");
}

#[test]

fn a_zero_per_page_is_located_at_its_value() {
    let site = Site::new(&format!("{SITE}[archive]\nper_page = 0\n"));
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "site.toml");
    assert_eq!((d.line, d.col), (5, 12), "{d:?}");
}

#[test]
fn a_slug_too_long_for_a_file_name_is_an_error_at_the_slug() {
    let slug = "word-".repeat(60) + "end";
    let d = one_error(&format!(
        "+++\ntitle = \"A\"\ndate = 2017-07-05\nslug = \"{slug}\"\n+++\nBody.\n"
    ));
    assert_eq!((d.line, d.col), (4, 8), "{d:?}");
    assert!(d.message.contains("303 bytes"), "{d:?}");
    let hint = d.hint.unwrap_or_default();
    assert!(hint.contains("shorter `slug`"), "{hint}");
    // The suggestion is one that fits.
    let suggested = hint.split('"').nth(1).unwrap_or_default();
    assert!(!suggested.is_empty() && suggested.len() <= 80, "{hint}");
}

#[test]
fn an_alias_too_long_for_a_file_name_is_an_error_at_the_alias() {
    // Regression: this failed at the write, naming the staging folder
    // ("File name too long"), not the statement.
    let part = "x".repeat(300);
    let d = one_error(&format!(
        "+++\ntitle = \"A\"\ndate = 2017-07-05\naliases = [\"/ok/\", \"/{part}/\"]\n+++\nBody.\n"
    ));
    assert_eq!((d.line, d.col), (4, 20), "{d:?}");
    assert!(d.message.contains("300 bytes"), "{d:?}");
    assert!(d.hint.is_some(), "{d:?}");
}

#[test]
fn an_alias_whose_whole_path_is_too_long_is_an_error_at_the_alias() {
    let alias = "/folder".repeat(200) + "/";
    let d = one_error(&format!(
        "+++\ntitle = \"A\"\ndate = 2017-07-05\naliases = [\"{alias}\"]\n+++\nBody.\n"
    ));
    assert_eq!((d.line, d.col), (4, 12), "{d:?}");
    assert!(d.message.contains("at most 1024"), "{d:?}");
}

#[test]
fn two_long_titles_that_share_their_first_words_are_a_duplicate_url_error() {
    // Both slugs are cut to the same first words: that must not be silent.
    let site = Site::new(SITE);
    let words = "word ".repeat(100);
    site.write(
        "content/a.md",
        &statement(&format!("{words} first"), "2017-07-05", ""),
    );
    site.write(
        "content/b.md",
        &statement(&format!("{words} second"), "2017-07-05", ""),
    );
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/b.md");
    assert_eq!((d.line, d.col), (2, 9), "{d:?}");
    assert!(d.message.contains("content/a.md"), "{d:?}");
    assert!(
        d.hint
            .as_deref()
            .unwrap_or_default()
            .contains("too long for a URL"),
        "{d:?}"
    );
}

#[test]
fn a_permalink_part_too_long_is_an_error_in_site_toml() {
    let long = "x".repeat(300);
    let site = Site::new(&format!("{SITE}permalink = \"/{long}/:slug/\"\n"));
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "site.toml");
    assert_eq!((d.line, d.col), (4, 13), "{d:?}");
    assert!(d.message.contains("300 bytes"), "{d:?}");
}

#[test]
fn a_topic_too_long_for_a_url_is_an_error_at_topics() {
    let topic = "word ".repeat(60);
    let d = one_error(&format!(
        "+++\ntitle = \"A\"\ndate = 2017-07-05\ntopics = [\"Syria\", \"{topic}\"]\n+++\nBody.\n"
    ));
    assert_eq!((d.line, d.col), (4, 10), "{d:?}");
    assert!(d.message.contains("`topics`"), "{d:?}");
}

#[test]
fn a_kind_permalink_needs_a_kind_in_every_statement() {
    let site = Site::new(&format!("{SITE}permalink = \"/:kind/:slug/\"\n"));
    site.write(
        "content/a.md",
        &statement("With Kind", "2017-07-05", "kind = \"Readout\""),
    );
    site.write("content/b.md", &statement("Without", "2017-07-05", ""));
    let diags = site.diagnostics(&["build"]);
    let d = diag_for(&diags, "content/b.md");
    assert!(d.message.contains("no `kind`"), "{d:?}");
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("kind = \""),
        "{d:?}"
    );
    site.remove("content/b.md");
    site.build();
    assert!(site.exists("readout/with-kind/index.html"));
}

#[test]
fn a_table_key_written_at_the_top_of_site_toml_says_which_table_it_belongs_in() {
    // Regression: `per_page = 50` at the top got "did you mean `per_page`?".
    for (line, key, table) in [
        ("per_page = 50", "per_page", "archive"),
        ("limit = 10", "limit", "feeds"),
        ("full_content = false", "full_content", "feeds"),
        ("formats = [\"atom\"]", "formats", "feeds"),
        ("terms = false", "terms", "feeds"),
        ("related = 3", "related", "links"),
        ("drop = [\"^PRN\"]", "drop", "import"),
        ("enabled = false", "enabled", "search"),
    ] {
        let site = Site::new(&format!("{SITE}{line}\n"));
        let diags = site.diagnostics(&["build"]);
        let d = diag_for(&diags, "site.toml");
        assert_eq!((d.line, d.col), (4, 1), "{d:?}");
        assert_eq!(
            d.hint.as_deref(),
            Some(
                format!("`{key}` belongs in the [{table}] table: move it below a line `[{table}]`").as_str()
            ),
            "{d:?}"
        );
    }
}

#[test]
fn a_key_in_the_wrong_table_of_site_toml_says_where_it_belongs() {
    let site = Site::new(&format!("{SITE}[feeds]\nper_page = 5\n"));
    let diags = site.diagnostics(&["build"]);
    let hint = diag_for(&diags, "site.toml").hint.clone().unwrap_or_default();
    assert!(hint.contains("belongs in the [archive] table"), "{hint}");
    let site = Site::new(&format!("{SITE}[archive]\ntimezone = \"UTC\"\n"));
    let diags = site.diagnostics(&["build"]);
    let hint = diag_for(&diags, "site.toml").hint.clone().unwrap_or_default();
    assert!(hint.contains("belongs at the top"), "{hint}");
    // A typo of a table's key at the top says both.
    let site = Site::new(&format!("{SITE}per_pag = 5\n"));
    let diags = site.diagnostics(&["build"]);
    let hint = diag_for(&diags, "site.toml").hint.clone().unwrap_or_default();
    assert!(
        hint.starts_with("did you mean `per_page`?") && hint.contains("[archive]"),
        "{hint}"
    );
}
