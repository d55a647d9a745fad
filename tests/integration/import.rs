//! `pressroom import`: text and HTML exports become statement files in the
//! content contract, losing no word. Fixtures: tests/fixtures/import/exports
//! (one per layout variant, all fictional but the seed) and .../broken.

use std::path::{Path, PathBuf};
use std::process::Output;

use regex::Regex;
use scraper::{Html, Selector};

use crate::support::{SITE, Site, list_files, snapshot};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(rel)
}

fn exports() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Runs `pressroom import SOURCES --into <site>/content EXTRA --root <site>`.
fn import(site: &Site, sources: &[&Path], extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["import".into()];
    args.extend(sources.iter().map(|p| p.display().to_string()));
    args.push("--into".into());
    args.push(site.root().join("content").display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    site.run(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
}

/// A statement file as written: its front matter and body.
struct Statement {
    front: toml::Table,
    body: String,
}

impl Statement {
    fn read(path: &Path) -> Statement {
        let text = std::fs::read_to_string(path).unwrap();
        let (front, _, body, _) = pressroom::content::split_front_matter(path, &text).unwrap();
        Statement {
            front: toml::from_str(front).unwrap(),
            body: body.to_string(),
        }
    }

    /// A front matter value as text (`None` when absent).
    fn get(&self, key: &str) -> Option<String> {
        self.front.get(key).map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    fn speakers(&self) -> Vec<String> {
        match (self.front.get("speaker"), self.front.get("speakers")) {
            (Some(one), None) => vec![one.as_str().unwrap().to_string()],
            (None, Some(many)) => many
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect(),
            (None, None) => Vec::new(),
            _ => panic!("both speaker and speakers"),
        }
    }

    fn paragraphs(&self) -> Vec<&str> {
        self.body.trim().split("\n\n").filter(|p| !p.is_empty()).collect()
    }
}

/// Imports one fixture of exports/ into a fresh site; returns the one file.
fn import_one(name: &str) -> Statement {
    let site = Site::new(SITE);
    let out = import(&site, &[&fixture(&format!("exports/{name}"))], &[]);
    assert_exit(&out, 0);
    let content = site.root().join("content");
    let files = list_files(&content);
    assert_eq!(files.len(), 1, "{files:?}");
    Statement::read(&content.join(&files[0]))
}

/// The words of an imported body as they read once rendered: escapes,
/// bold markers, heading markers and hard line breaks taken out.
fn rendered_words(markdown: &str) -> Vec<String> {
    let mut text = String::new();
    for line in markdown.lines() {
        let line = line.replace("**", "");
        let line = match line.strip_prefix('#') {
            Some(_) => line.trim_start_matches('#').to_string(),
            None => line,
        };
        let trailing = line.chars().rev().take_while(|c| *c == '\\').count();
        let line = if trailing % 2 == 1 {
            &line[..line.len() - 1]
        } else {
            &line[..]
        };
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
                continue;
            }
            text.push(c);
        }
        text.push('\n');
    }
    text.split_whitespace().map(str::to_string).collect()
}

fn drop_patterns() -> Vec<Regex> {
    let config = pressroom::config::Config::parse(Path::new("."), Path::new("site.toml"), SITE).unwrap();
    config
        .import_drop
        .iter()
        .map(|p| Regex::new(p).unwrap())
        .collect()
}

/// The words of a text export's body: the paragraphs from where the body
/// starts (found by its first words) to the end of the statement, less the
/// paragraphs the drop patterns remove.
fn source_body_words(source: &str, body_start: &[String]) -> Vec<String> {
    let drop = drop_patterns();
    let source = source.replace("\r\n", "\n");
    let end = Regex::new(r"(?m)^-+ ?End forwarded message ?-+$").unwrap();
    let source = match end.find(&source) {
        Some(m) => &source[..m.start()],
        None => &source[..],
    };
    let mut words = Vec::new();
    for paragraph in Regex::new(r"\n[ \t]*\n").unwrap().split(source) {
        let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        if !drop.iter().any(|re| re.is_match(&text)) {
            words.extend(text.split_whitespace().map(str::to_string));
        }
    }
    let n = body_start.len().min(8);
    let start = (0..words.len())
        .find(|&i| words[i..].starts_with(&body_start[..n]))
        .unwrap_or_else(|| {
            panic!(
                "the body's first words {:?} are not in the source",
                &body_start[..n]
            )
        });
    words.split_off(start)
}

/// The words of an HTML export's body: the article's own paragraphs,
/// headings and list items.
fn html_body_words(html: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    let selector = Selector::parse("article > p, article > h2, article li").unwrap();
    page.select(&selector)
        .flat_map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

// The seed and the DESIGN.md example --------------------------------------

#[test]
fn the_seed_imports_to_the_design_example_and_its_paragraphs() {
    let s = import_one("seed.txt");
    assert_eq!(
        s.get("title").as_deref(),
        Some("Statement From Secretary of State Rex W. Tillerson on the Current Situation in Syria")
    );
    assert_eq!(s.front.get("date").unwrap().to_string(), "2017-07-05");
    assert!(
        s.front.get("date").unwrap().is_datetime(),
        "an unquoted TOML date"
    );
    assert_eq!(s.get("kind").as_deref(), Some("Press Statement"));
    assert_eq!(s.get("speaker").as_deref(), Some("Rex W. Tillerson"));
    assert_eq!(s.get("role").as_deref(), Some("Secretary of State"));
    assert_eq!(s.get("location").as_deref(), Some("Washington, DC"));
    let keys: Vec<&str> = s.front.keys().map(String::as_str).collect();
    assert_eq!(
        keys.len(),
        6,
        "nothing invented (no topics, no summary): {keys:?}"
    );

    // The expected paragraphs, straight from the seed: after the date line,
    // without the two footer paragraphs, the broken one rejoined.
    let seed = std::fs::read_to_string(fixture("exports/seed.txt")).unwrap();
    let mut expected: Vec<String> = seed
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .skip_while(|p| !p.starts_with("Before I depart"))
        .take_while(|p| !p.starts_with("The Office of Website Management"))
        .collect();
    let broken = expected
        .iter()
        .position(|p| p.ends_with("an obligation to"))
        .unwrap();
    let next = expected.remove(broken + 1);
    assert!(next.starts_with("prevent any further use"));
    expected[broken] = format!("{} {next}", expected[broken]);
    assert_eq!(expected.len(), 6);
    assert_eq!(s.paragraphs(), expected);
    assert!(!s.body.contains("Website Management"));
    assert!(!s.body.contains("External links"));
}

// One test per layout variant ----------------------------------------------

#[test]
fn header_lines_without_blank_lines_and_a_wrapped_body() {
    let s = import_one("compact.txt");
    assert_eq!(
        s.get("title").as_deref(),
        Some("Valdoria Welcomes the Coastal Fisheries Accord")
    );
    assert_eq!(
        s.get("kind").as_deref(),
        Some("Press Statement"),
        "PRESS STATEMENT matched"
    );
    assert_eq!(s.get("date").as_deref(), Some("2017-07-05"), "5 July 2017");
    assert_eq!(s.speakers(), ["Amara Okafor-Lind"]);
    assert_eq!(s.get("role").as_deref(), Some("Minister for Foreign Affairs"));
    assert_eq!(s.get("location").as_deref(), Some("Valdor City, Valdoria"));
    assert_eq!(s.paragraphs().len(), 2, "wrapped lines stay in their paragraph");
}

#[test]
fn the_office_as_issuer_an_iso_date_and_a_non_ascii_place() {
    let s = import_one("office-speaker.txt");
    assert_eq!(s.get("kind").as_deref(), Some("Media Note"));
    assert_eq!(s.get("issuer").as_deref(), Some("Office of the Spokesperson"));
    assert!(s.speakers().is_empty(), "an office is not a speaker");
    assert_eq!(s.get("role"), None, "no role is invented");
    assert_eq!(s.get("location").as_deref(), Some("Abidjan, Côte d’Ivoire"));
    assert_eq!(s.get("date").as_deref(), Some("2018-03-14"));
    assert!(
        s.body
            .trim_start()
            .starts_with("Deputy Minister Teodora Vasquez Lindqvist will lead")
    );
}

#[test]
fn several_speakers_and_a_us_numeric_date() {
    let s = import_one("several-speakers.txt");
    assert_eq!(s.get("kind").as_deref(), Some("Joint Statement"));
    assert_eq!(
        s.speakers(),
        [
            "Minister Solberg Ananda",
            "Foreign Minister Zoë Ferreira-Nakamura"
        ]
    );
    assert!(s.front.contains_key("speakers"));
    assert_eq!(
        s.get("date").as_deref(),
        Some("2020-06-10"),
        "06/10/2020 is June 10"
    );
    assert_eq!(s.get("role"), None);
    assert_eq!(s.get("location"), None);
}

#[test]
fn a_remarks_transcript_keeps_its_turns_in_bold() {
    let s = import_one("remarks-transcript.txt");
    assert_eq!(
        s.get("title").as_deref(),
        Some("Minister Solberg Ananda at a Press Availability With Foreign Minister Marczewska-Reyes")
    );
    assert_eq!(s.get("kind").as_deref(), Some("Remarks"));
    assert_eq!(s.speakers(), ["Henrik Solberg Ananda"]);
    assert_eq!(s.get("role").as_deref(), Some("Minister for Foreign Affairs"));
    assert_eq!(
        s.get("location").as_deref(),
        Some("Press Briefing Room, Valdor City, Valdoria")
    );
    assert_eq!(
        s.get("date").as_deref(),
        Some("2017-07-05T10:30:00"),
        "a local datetime"
    );
    let p = s.paragraphs();
    assert_eq!(p.len(), 5);
    assert!(p[0].starts_with("**MINISTER SOLBERG ANANDA:** Good morning"));
    assert!(p[1].starts_with("**FOREIGN MINISTER MARCZEWSKA-REYES:** Thank you"));
    assert!(p[1].ends_with("a long history of cooperation on the northern sea routes."));
    assert_eq!(p[2], "**MODERATOR:** We have time for two questions.");
    assert!(
        p[3].starts_with("**QUESTION:** Minister, will"),
        "a label on its own line joins what was said: {}",
        p[3]
    );
    assert!(p[3].contains("\\[Inaudible\\]"));
}

#[test]
fn absent_fields_stay_absent() {
    let s = import_one("missing-fields.txt");
    assert_eq!(
        s.get("title").as_deref(),
        Some("Valdoria Marks the Anniversary of the Harbor Treaty")
    );
    assert_eq!(s.get("date").as_deref(), Some("2019-03-12"));
    let keys: Vec<&str> = s.front.keys().map(String::as_str).collect();
    assert_eq!(keys, ["date", "title"], "only what the export gives");
}

#[test]
fn a_readout_kind_line_and_title_prefix() {
    let s = import_one("readout.txt");
    assert_eq!(
        s.get("title").as_deref(),
        Some("Minister Okafor-Lind’s Call With the Secretary-General of the Northern Shelf Council")
    );
    assert_eq!(s.get("kind").as_deref(), Some("Readout"), "`Readout:` matched");
    assert_eq!(s.get("issuer").as_deref(), Some("Office of the Spokesperson"));
    assert!(s.speakers().is_empty());
    assert_eq!(s.get("date").as_deref(), Some("2019-09-30"));
}

#[test]
fn a_release_number_becomes_the_id_and_leaves_the_body() {
    let s = import_one("release-number.txt");
    assert_eq!(
        s.get("title").as_deref(),
        Some("Valdoria to Host the Regional Water Forum")
    );
    assert_eq!(s.get("kind").as_deref(), Some("Media Note"));
    assert_eq!(s.get("id").as_deref(), Some("2010/123"));
    assert_eq!(s.get("location").as_deref(), Some("Valdor City"));
    assert_eq!(s.get("date").as_deref(), Some("2010-11-02"));
    assert!(!s.body.contains("PRN"));
    assert!(!s.body.contains("IMMEDIATE"));
    assert_eq!(s.paragraphs().len(), 2);
}

#[test]
fn a_forwarding_wrapper_is_taken_off_and_an_unknown_kind_kept() {
    let site = Site::new(SITE);
    let out = import(&site, &[&fixture("exports/forwarded.txt")], &[]);
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains("\"Press Release\" (1)"),
        "the report names the unknown kind:\n{}",
        stderr(&out)
    );
    let content = site.root().join("content");
    let s = Statement::read(&content.join(&list_files(&content)[0]));
    assert_eq!(
        s.get("title").as_deref(),
        Some("Statement on the Opening of the Merrow Strait Ferry")
    );
    assert_eq!(s.get("kind").as_deref(), Some("Press Release"), "kept as written");
    assert_eq!(s.speakers(), ["Mireille Tanaka-Dubois"]);
    assert_eq!(s.get("role").as_deref(), Some("Spokesperson"));
    assert_eq!(
        s.get("date").as_deref(),
        Some("2020-09-30"),
        "not the e-mail's date"
    );
    for wrapper in ["Sharing", "Forwarded", "From:", "Subject", "Archive desk"] {
        assert!(!s.body.contains(wrapper), "{wrapper} left in:\n{}", s.body);
    }
    assert_eq!(s.paragraphs().len(), 2);
}

#[test]
fn markup_characters_are_escaped() {
    let s = import_one("markup.txt");
    assert_eq!(
        s.get("kind").as_deref(),
        Some("Fact Sheet"),
        "from the title's prefix"
    );
    assert_eq!(
        s.get("title").as_deref(),
        Some("The Valdoria–Merrow Harbor Safety Partnership")
    );
    let body = &s.body;
    for escaped in [
        "1\\. Joint patrols of the \\*outer\\*",
        "shared\\_register",
        "\\<https://example.org/register>",
        "\\[see annex A\\]",
        "\\`radio\\`",
        "\n\\# of vessels",
        "\n\\- Costs",
        "a \\\\ in the budget",
        "\\~ Figures",
        "\\&amp;",
        "\n\\> Quoted",
        "\n\\+ Annex B",
    ] {
        assert!(body.contains(escaped), "{escaped:?} not in:\n{body}");
    }
}

#[test]
fn an_html_page_gives_its_article() {
    let s = import_one("statement.html");
    assert_eq!(
        s.get("title").as_deref(),
        Some("Statement on the Merrow Strait Lighthouse Agreement")
    );
    assert_eq!(s.get("kind").as_deref(), Some("Press Statement"));
    assert_eq!(s.speakers(), ["Zoë Ferreira-Nakamura"]);
    assert_eq!(s.get("role").as_deref(), Some("Minister of Transport"));
    assert_eq!(s.get("location").as_deref(), Some("Valdor City, Valdoria"));
    assert_eq!(s.get("date").as_deref(), Some("2021-04-12"));
    assert_eq!(
        s.get("source").as_deref(),
        Some("https://mfa.valdoria.example/statements/2021/lighthouse-agreement")
    );
    assert_eq!(
        s.paragraphs(),
        [
            "Valdoria and the Federated Isles of Merrow today signed an agreement to rebuild and jointly operate the three lighthouses of the Merrow Strait.",
            "## What the agreement covers",
            "Rebuilding the North Light, damaged in the storms of 2019.",
            "A joint keeper service, staffed by both coast guards.",
            "The first works begin in June. The agreement enters into force on signature.",
        ]
    );
    for chrome in [
        "Contact",
        "Related",
        "Copyright",
        "analytics",
        "font-family",
        "Earlier statements",
    ] {
        assert!(!s.body.contains(chrome), "{chrome} left in");
    }
}

// Properties -----------------------------------------------------------------

/// Import keeps every word of a body, in order: for every fixture, the
/// words of the imported body (read as rendered) are the words of the
/// source's body less the dropped boilerplate.
#[test]
fn every_word_of_every_body_is_kept_in_order() {
    let site = Site::new(SITE);
    for source in exports() {
        let name = source.file_name().unwrap().to_string_lossy().into_owned();
        let into = site.root().join("content").join(&name);
        let out = site.run(&[
            "import",
            &source.display().to_string(),
            "--into",
            &into.display().to_string(),
        ]);
        assert_exit(&out, 0);
        let files = list_files(&into);
        assert_eq!(files.len(), 1, "{name}");
        let imported = rendered_words(&Statement::read(&into.join(&files[0])).body);
        assert!(!imported.is_empty(), "{name} has a body");
        let text = std::fs::read_to_string(&source).unwrap();
        let expected = if name.ends_with(".html") {
            html_body_words(&text)
        } else {
            source_body_words(&text, &imported)
        };
        assert_eq!(imported, expected, "{name}");
    }
}

#[test]
fn importing_twice_gives_the_same_bytes() {
    let site = Site::new(SITE);
    let folder = fixture("exports");
    let content = site.root().join("content");
    assert_exit(&import(&site, &[&folder], &[]), 0);
    let first = snapshot(&content);
    assert_eq!(first.len(), exports().len());

    let again = import(&site, &[&folder], &[]);
    assert_exit(&again, 0);
    assert!(stderr(&again).contains(&format!("0 new, 0 replaced, {} unchanged", first.len())));
    assert_eq!(snapshot(&content), first, "no -2 copies, same bytes");

    assert_exit(&import(&site, &[&folder], &["--force"]), 0);
    assert_eq!(snapshot(&content), first, "--force rewrites the same bytes");
}

// Safety -------------------------------------------------------------------

#[test]
fn dry_run_writes_nothing() {
    let site = Site::new(SITE);
    let out = import(&site, &[&fixture("exports")], &["--dry-run"]);
    assert_exit(&out, 0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.matches("would create").count(),
        exports().len(),
        "{stdout}"
    );
    assert!(stdout.contains("2017/statement-from-secretary-of-state-rex-w-tillerson"));
    assert!(stderr(&out).contains("nothing was written"));
    assert!(list_files(&site.root().join("content")).is_empty());
}

#[test]
fn never_overwrites_without_force() {
    let site = Site::new(SITE);
    let seed = fixture("exports/seed.txt");
    assert_exit(&import(&site, &[&seed], &[]), 0);
    let content = site.root().join("content");
    let path = content.join(&list_files(&content)[0]);
    let original = std::fs::read_to_string(&path).unwrap();
    let edited = format!("{original}\nAn archivist's note.\n");
    std::fs::write(&path, &edited).unwrap();

    let out = import(&site, &[&seed], &[]);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).contains("already exists with different text"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited, "untouched");
    assert_eq!(list_files(&content).len(), 1, "and no copy beside it");

    assert_exit(&import(&site, &[&seed], &["--force"]), 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn a_statement_without_a_date_is_skipped_with_the_reason() {
    let site = Site::new(SITE);
    let broken = fixture("broken/no-date.txt");
    let out = import(&site, &[&broken, &fixture("exports/seed.txt")], &[]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(err.contains("Skipped 1:"), "{err}");
    assert!(
        err.contains(&format!("{}:1:1: no date", broken.display())),
        "{err}"
    );
    assert!(err.contains("never guessed"), "{err}");
    let files = list_files(&site.root().join("content"));
    assert_eq!(files.len(), 1, "the good one is still imported: {files:?}");
}

#[test]
fn slugs_stay_unique_within_a_run_and_against_existing_files() {
    let site = Site::new(SITE);
    site.write(
        "exports/a.txt",
        "Statement on Ports\nJuly 5, 2017\n\nFirst statement.\n",
    );
    site.write(
        "exports/b.txt",
        "Statement on Ports\nAugust 9, 2017\n\nSecond statement.\n",
    );
    // Another statement already has the slug's first free name.
    site.write(
        "content/2017/statement-on-ports-2.md",
        "+++\ntitle = \"Statement on Ports\"\ndate = 2017-01-02\n+++\nOlder.\n",
    );
    let out = import(&site, &[&site.root().join("exports")], &[]);
    assert_exit(&out, 0);
    let content = site.root().join("content");
    assert_eq!(
        list_files(&content),
        [
            "2017/statement-on-ports-2.md",
            "2017/statement-on-ports-3.md",
            "2017/statement-on-ports.md"
        ]
    );
    assert!(
        Statement::read(&content.join("2017/statement-on-ports.md"))
            .body
            .contains("First")
    );
    assert!(
        Statement::read(&content.join("2017/statement-on-ports-3.md"))
            .body
            .contains("Second")
    );
    assert!(
        Statement::read(&content.join("2017/statement-on-ports-2.md"))
            .body
            .contains("Older")
    );
    let before = snapshot(&content);
    assert_exit(&import(&site, &[&site.root().join("exports")], &[]), 0);
    assert_eq!(snapshot(&content), before, "the same files the second time");
}

#[test]
fn bad_usage_exits_2() {
    let site = Site::new(SITE);
    assert_exit(&site.run(&["import", "--into", "x"]), 2);
    assert_exit(
        &site.run(&["import", &fixture("exports/seed.txt").display().to_string()]),
        2,
    );
    let missing = site.root().join("no-such-folder");
    let out = import(&site, &[&missing], &[]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("does not exist"));
}

#[test]
fn the_report_counts_missing_fields() {
    let site = Site::new(SITE);
    let out = import(&site, &[&fixture("exports")], &[]);
    assert_exit(&out, 0);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("Imported {} statements", exports().len())),
        "{err}"
    );
    // missing-fields lacks all four; readout, release-number: role; etc.
    assert!(
        err.contains("kind 1, speaker 2, role 6, location 4, body 0"),
        "{err}"
    );
}

#[test]
fn without_a_site_toml_the_default_drop_patterns_apply() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args([
            "import",
            &fixture("exports/seed.txt").display().to_string(),
            "--into",
        ])
        .arg(dir.path().join("out"))
        .arg("--root")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let out_dir = dir.path().join("out");
    let s = Statement::read(&out_dir.join(&list_files(&out_dir)[0]));
    assert!(!s.body.contains("Website Management"));
}

// The imported folder is a valid archive ------------------------------------

/// Normalises what smart punctuation changes (quotes, dashes, ellipses),
/// which is typography, not a change of words.
fn plain(text: &str) -> String {
    text.replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_imported_folder_builds_and_renders_the_source_text() {
    let site = Site::new(&format!(
        "{SITE}kinds = [\"Press Statement\", \"Remarks\", \"Readout\", \"Media Note\", \"Fact Sheet\", \"Joint Statement\", \"Press Release\"]\n"
    ));
    assert_exit(&import(&site, &[&fixture("exports")], &[]), 0);
    site.build();

    // The markup fixture renders to its source text, paragraph by paragraph.
    let source = std::fs::read_to_string(fixture("exports/markup.txt")).unwrap();
    let expected: Vec<String> = source
        .split("\n\n")
        .skip(1)
        .map(plain)
        .filter(|p| !p.is_empty())
        .collect();
    let page = site.page("2021/06/01/the-valdoria-merrow-harbor-safety-partnership/index.html");
    let rendered: Vec<String> = page.texts(".body p").iter().map(|t| plain(t)).collect();
    assert_eq!(rendered, expected);

    // So does the seed.
    let page = site.page(
        "2017/07/05/statement-from-secretary-of-state-rex-w-tillerson-on-the-current-situation-in-syria/index.html",
    );
    let rendered = plain(&page.texts(".body p").join(" "));
    assert!(
        rendered.contains("Russia also has an obligation to prevent any further use of chemical weapons")
    );
    assert!(rendered.contains("ISIS' or other terrorist groups' control"));
    assert!(!rendered.contains("Website Management"));
}
