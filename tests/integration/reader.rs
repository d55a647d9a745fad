//! The reader's archive (issue 16): default summaries that skip lead-ins,
//! warnings in every build for an archivist's typos, `init`'s sample and
//! `new`'s stub kept from readers, and the note on a base_url with a path.

use crate::support::{CARD, Diag, SITE, Site, parse_diagnostics};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A statement file with a body of its own.
fn with_body(title: &str, front: &str, body: &str) -> String {
    format!("+++\ntitle = {title:?}\ndate = 2021-03-04\n{front}\n+++\n{body}\n")
}

/// The warnings (`path:line:col: warning: …`) in a run's stderr.
fn warnings(out: &std::process::Output, site: &Site) -> Vec<Diag> {
    parse_diagnostics(&stderr(out), site.root())
        .into_iter()
        .filter(|d| d.message.starts_with("warning: "))
        .collect()
}

const ATTRIBUTED: &str = "The following is attributable to Spokesperson Ned Price:\n\n\
The United States condemns the attack on the port. We stand with the people of Valdoria.\n";

const BRIEFING: &str = "MR PRICE: Good morning, and welcome to the Ministry. Thank you, Director. \
Today the two governments sign the Coastal Accord. It opens the bay to joint patrols.\n\n\
QUESTION: When?\n";

#[test]
fn default_summaries_skip_attribution_greetings_and_thanks_everywhere_they_are_shown() {
    let site = Site::new(SITE);
    site.write(
        "content/2021/attack.md",
        &with_body("Attack on the Port", "", ATTRIBUTED),
    );
    site.write(
        "content/2021/accord.md",
        &with_body("Coastal Accord", "", BRIEFING),
    );
    site.build();
    let attack = "The United States condemns the attack on the port. We stand with the people of Valdoria.";
    let accord = "Today the two governments sign the Coastal Accord. It opens the bay to joint patrols.";

    let page = site.page("2021/03/04/attack-on-the-port/index.html");
    assert_eq!(page.attrs("meta[name=description]", "content"), vec![attack]);
    assert_eq!(
        page.attrs("meta[property=\"og:description\"]", "content"),
        vec![attack]
    );
    let page = site.page("2021/03/04/coastal-accord/index.html");
    assert_eq!(page.attrs("meta[name=description]", "content"), vec![accord]);

    let home = site.page("index.html");
    let mut cards = home.texts(&format!("{CARD} .summary"));
    cards.sort();
    assert_eq!(cards, vec![attack, accord]);

    let feed: serde_json::Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    let mut summaries: Vec<&str> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["summary"].as_str().unwrap())
        .collect();
    summaries.sort();
    assert_eq!(summaries, vec![attack, accord]);
}

#[test]
fn a_default_summary_ends_at_a_sentence_within_280_characters() {
    let site = Site::new(SITE);
    let sentence = "The accord sets out how the two governments share the fisheries of the bay, the patrols of its waters and the research into its stocks.";
    let body = format!("{sentence} {sentence} {sentence} {sentence}");
    site.write("content/2021/long.md", &with_body("Long", "", &body));
    site.build();
    let page = site.page("2021/03/04/long/index.html");
    let summary = &page.attrs("meta[name=description]", "content")[0];
    assert_eq!(summary, &format!("{sentence} {sentence}"));
    assert!(summary.chars().count() <= 280);
}

#[test]
fn summary_skip_patterns_come_from_site_toml_and_a_change_renders_again() {
    let site = Site::new(&format!("{SITE}\n[summary]\nskip = ['^Begin memo\\.']\n"));
    site.write(
        "content/2021/memo.md",
        &with_body("Memo", "", "Begin memo. The memo itself. Thank you."),
    );
    site.build();
    let description = |site: &Site| {
        site.page("2021/03/04/memo/index.html")
            .attrs("meta[name=description]", "content")
            .remove(0)
    };
    assert_eq!(description(&site), "The memo itself. Thank you.");
    // A cached build after site.toml changed makes the summary again.
    site.write("site.toml", &format!("{SITE}\n[summary]\nskip = []\n"));
    site.build();
    assert_eq!(description(&site), "Begin memo. The memo itself. Thank you.");

    site.write("site.toml", &format!("{SITE}\n[summary]\nskip = ['(unclosed']\n"));
    let diags = site.diagnostics(&["build"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].file.as_str(), diags[0].line), ("site.toml", 6));
    assert!(
        diags[0].message.contains("[summary] skip"),
        "{}",
        diags[0].message
    );
}

#[test]
fn check_names_statements_whose_summary_is_empty_or_a_lead_in() {
    let site = Site::new(SITE);
    site.write(
        "content/2021/thanks.md",
        &with_body("Thanks", "", "Thank you.\n\nGood morning."),
    );
    site.write(
        "content/2021/given.md",
        &with_body("Given", "summary = \"Thank you, Director.\"", "A real body."),
    );
    site.write(
        "content/2021/table.md",
        &with_body("Table", "", "| a | b |\n|---|---|\n| 1 | 2 |"),
    );
    site.write(
        "content/2021/fine.md",
        &with_body("Fine", "", "A statement worth reading."),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let found = warnings(&out, &site);
    let places: Vec<(&str, usize)> = found.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(
        places,
        vec![
            ("content/2021/given.md", 4),
            ("content/2021/table.md", 6),
            ("content/2021/thanks.md", 6)
        ],
        "{found:#?}"
    );
    assert!(found[1].message.contains("no summary"), "{}", found[1].message);
    assert!(
        found[2].message.contains("\"Thank you.\""),
        "{}",
        found[2].message
    );
    // With --strict, they fail the check.
    let out = site.run(&["check", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

const TILLERSON: &str = "name = \"Rex W. Tillerson\"\naliases = [\"Secretary Tillerson\"]\n";

#[test]
fn a_misspelled_speaker_is_a_warning_in_every_build_with_the_name_it_nearly_is() {
    let site = Site::new(SITE);
    site.write("content/people/tillerson.toml", TILLERSON);
    site.write(
        "content/2017/ok.md",
        &with_body("Right", "speaker = \"Rex W. Tillerson\"", "Text."),
    );
    site.write(
        "content/2017/typo.md",
        &with_body(
            "Typo",
            "kind = \"Press Statement\"\nspeakers = [\"Ann Lee\",\n  \"Rex W. Tilerson\"]",
            "Text.",
        ),
    );
    // Far from every person: no warning (check --strict lists those).
    site.write(
        "content/2017/other.md",
        &with_body("Other", "speaker = \"Ann Lee\"", "Text."),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let found = warnings(&out, &site);
    assert_eq!(found.len(), 1, "{found:#?}");
    let w = &found[0];
    assert_eq!((w.file.as_str(), w.line, w.col), ("content/2017/typo.md", 6, 3));
    assert_eq!(
        w.message,
        "warning: speaker \"Rex W. Tilerson\" matches no people file"
    );
    assert!(
        w.hint
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean \"Rex W. Tillerson\"?"),
        "{w:?}"
    );
    assert!(
        site.public().join("index.html").is_file(),
        "warnings do not stop the build"
    );

    // --strict: the same warning fails the build, and nothing is written.
    let before = site.snapshot();
    site.write(
        "content/2017/typo2.md",
        &with_body("Typo Two", "speaker = \"Secretary Tilerson\"", "Text."),
    );
    let out = site.run(&["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(site.snapshot(), before);
    let found = parse_diagnostics(&stderr(&out), site.root());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[1]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("\"Secretary Tillerson\", an alias of Rex W. Tillerson"),
        "{found:#?}"
    );
    // --strict fails even when the last build is up to date.
    site.remove("content/2017/typo2.md");
    site.build();
    let out = site.run(&["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn topics_and_countries_that_nearly_match_another_are_warnings_at_the_rarer_spelling() {
    let site = Site::new(SITE);
    for (i, day) in ["01", "02", "03"].iter().enumerate() {
        site.write(
            &format!("content/2021/a{i}.md"),
            &format!(
                "+++\ntitle = \"A{i}\"\ndate = 2021-03-{day}\ncountries = [\"Côte d’Ivoire\", \"Iran\", \"Zambia\"]\ntopics = [\"Sanctions\", \"North Korea\"]\n+++\nText.\n"
            ),
        );
    }
    // Two names each used widely are two names, however close.
    for i in 0..3 {
        site.write(
            &format!("content/2020/g{i}.md"),
            &format!(
                "+++\ntitle = \"G{i}\"\ndate = 2020-01-0{}\ncountries = [\"Gambia\"]\n+++\nText.\n",
                i + 1
            ),
        );
    }
    site.write(
        "content/2021/b.md",
        "+++\ntitle = \"B\"\ndate = 2021-03-04\ntopics = [\"South Korea\",\n  \"Sanction\"]\ncountries = [\"Iraq\", \"Cote d'Ivoire\"]\n+++\nText.\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let found = warnings(&out, &site);
    let got: Vec<(usize, usize, &str)> = found
        .iter()
        .map(|d| (d.line, d.col, d.message.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                5,
                3,
                "warning: topic \"Sanction\" is nearly \"Sanctions\" (3 statements)"
            ),
            (
                6,
                22,
                "warning: country \"Cote d'Ivoire\" is nearly \"Côte d’Ivoire\" (3 statements)"
            ),
        ],
        "{found:#?}"
    );
    assert!(found.iter().all(|d| d.file == "content/2021/b.md"));
    assert_eq!(
        found[1].hint.as_deref().unwrap_or("").split('?').next(),
        Some("did you mean \"Côte d’Ivoire\"")
    );
    // check prints them too, and --strict fails on them.
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(warnings(&out, &site).len(), 2);
    let out = site.run(&["check", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn inits_sample_statement_is_a_draft_that_builds_leave_out() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("archive");
    let out = crate::support::pressroom(&["init", dir.to_str().unwrap()], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("--drafts"), "{}", stderr(&out));
    let out = crate::support::pressroom(&["build"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let home = crate::support::Page(scraper::Html::parse_document(
        &std::fs::read_to_string(dir.join("public/index.html")).unwrap(),
    ));
    assert_eq!(home.count(CARD), 0, "the sample reached the home page");
    assert!(!dir.join("public/2026/01/01/welcome-to-the-archive").exists());
    let out = crate::support::pressroom(&["build", "--drafts", "--no-cache"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        dir.join("public/2026/01/01/welcome-to-the-archive/index.html")
            .is_file()
    );
}

#[test]
fn new_writes_a_draft_with_a_kind_and_a_placeholder_that_builds_warn_about() {
    let site = Site::new(&format!("{SITE}kinds = [\"Readout\", \"Remarks\"]\n"));
    let out = site.run(&["new", "Call With the Minister", "--date", "2021-03-04"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rel = "content/2021/call-with-the-minister.md";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(text.contains("\nkind = \"Readout\"\n"), "{text}");
    assert!(text.contains("\ndraft = true"), "{text}");

    // A draft: the build leaves it out.
    site.build();
    assert!(!site.public().join("2021/03/04/call-with-the-minister").exists());
    // Published with the placeholder still there: a warning at its line.
    site.write(rel, &text.replace("draft = true", "draft = false"));
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let found = warnings(&out, &site);
    assert_eq!(found.len(), 1, "{found:#?}");
    let line = text
        .lines()
        .position(|l| l.starts_with("Write the statement here"))
        .unwrap()
        + 1;
    assert_eq!(
        (found[0].file.as_str(), found[0].line, found[0].col),
        (rel, line, 1)
    );
    assert!(found[0].message.contains("placeholder"), "{}", found[0].message);
    let out = site.run(&["check", "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn new_with_an_unknown_kind_suggests_the_kind_as_build_does() {
    let site = Site::new(SITE);
    let out = site.run(&["new", "A Title", "--kind", "remarks"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown kind \"remarks\""),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("hint: did you mean \"Remarks\"?"),
        "{}",
        stderr(&out)
    );
    assert!(crate::support::list_files(&site.root().join("content")).is_empty());
    // The same hint as a build gives for the same mistake.
    site.write(
        "content/2021/x.md",
        &with_body("X", "kind = \"remarks\"", "Text."),
    );
    let diags = site.diagnostics(&["build"]);
    assert_eq!(diags[0].hint.as_deref(), Some("did you mean \"Remarks\"?"));
}

#[test]
fn a_build_whose_base_url_has_a_path_says_how_to_preview_it() {
    let site = Site::new("title = \"T\"\nbase_url = \"https://example.org/archive/\"\n");
    site.write("content/2021/x.md", &with_body("X", "", "Text."));
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("note: base_url has the path /archive/"), "{err}");
    assert!(err.contains("--base-url http://localhost:8000/"), "{err}");
    let site = Site::new(SITE);
    site.write("content/2021/x.md", &with_body("X", "", "Text."));
    let out = site.run(&["build"]);
    assert!(!stderr(&out).contains("note: base_url"), "{}", stderr(&out));
}
