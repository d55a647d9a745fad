//! The search page and its index: the files say what the format in
//! themes/default/README.md ("The search index") says, and a query
//! answered from them (decoded here, independently of pressroom's code)
//! finds the statements it should. The page itself, with phrases,
//! exclusion, prefixes, facets and dates, is tested in Chromium in
//! browser.rs.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use crate::support::{SITE, Site, statement};

/// The search index of a built site, read back through its documented format.
pub(crate) struct Index {
    dir: PathBuf,
    pub meta: Value,
}

impl Index {
    pub(crate) fn open(site: &Site) -> Index {
        let dir = site.public().join("search");
        let meta = read_json(&dir.join("index.json"));
        assert_eq!(meta["version"], 3);
        Index { dir, meta }
    }

    /// The dictionary block that holds `word`: the last whose first word
    /// is not after it.
    fn block(&self, word: &str) -> Option<Value> {
        let blocks = self.meta["blocks"].as_array().unwrap();
        let at = blocks.iter().rposition(|b| b[0].as_str().unwrap() <= word)?;
        Some(read_json(
            &self
                .dir
                .join(format!("d/{}.json", blocks[at][1].as_str().unwrap())),
        ))
    }

    /// (statement number, impact) of every statement that has `word`.
    pub(crate) fn postings(&self, word: &str) -> Vec<(u64, u64)> {
        let Some(entry) = self.block(word).and_then(|b| b.get(word).cloned()) else {
            return vec![];
        };
        let list = match entry {
            Value::String(name) => read_json(&self.dir.join(format!("w/{name}.json"))),
            list => list,
        };
        let mut n = 0;
        list.as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let p = p.as_u64().unwrap();
                n += p / 16;
                let impact = p % 16;
                assert!((1..=15).contains(&impact), "impact {impact} of {word}");
                (n, impact)
            })
            .collect()
    }

    /// Statement number `n` as `[path, title, date, date_text, kind, [speakers]]`.
    pub(crate) fn doc(&self, n: u64) -> Value {
        let chunk = self.meta["chunk"].as_u64().unwrap();
        let docs = read_json(&self.dir.join(format!("docs/{}.json", n / chunk)));
        docs[(n % chunk) as usize].clone()
    }

    /// The titles with `word` and their impacts, by number (oldest first).
    pub(crate) fn titles(&self, word: &str) -> Vec<(String, u64)> {
        self.postings(word)
            .into_iter()
            .map(|(n, w)| (self.doc(n)[1].as_str().unwrap().to_string(), w))
            .collect()
    }

    /// The titles with every word of `all` and none of `none`.
    pub(crate) fn query(&self, all: &[&str], none: &[&str]) -> BTreeSet<String> {
        let numbers = |w: &str| -> BTreeSet<u64> { self.postings(w).into_iter().map(|p| p.0).collect() };
        let mut found = numbers(all[0]);
        for w in &all[1..] {
            found = found.intersection(&numbers(w)).copied().collect();
        }
        for w in none {
            found = found.difference(&numbers(w)).copied().collect();
        }
        found
            .into_iter()
            .map(|n| self.doc(n)[1].as_str().unwrap().to_string())
            .collect()
    }

    /// The values of facet `param` (`[slug, name, count]`) and, for each
    /// statement by number, the values it has.
    pub(crate) fn facet(&self, param: &str) -> (Vec<Value>, Vec<Vec<String>>) {
        let facet = self.meta["facets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["param"] == param)
            .unwrap_or_else(|| panic!("no facet {param}"));
        let values = facet["values"].as_array().unwrap().clone();
        let text = std::fs::read_to_string(self.dir.join(format!("facets/{param}.txt"))).unwrap();
        let lines: Vec<&str> = text.strip_suffix('\n').unwrap_or(&text).split('\n').collect();
        assert_eq!(lines.len() as u64, self.meta["count"].as_u64().unwrap());
        let of = lines
            .iter()
            .map(|line| {
                line.split(',')
                    .filter(|v| !v.is_empty())
                    .map(|v| {
                        let id = usize::from_str_radix(v, 36).unwrap();
                        values[id][0].as_str().unwrap().to_string()
                    })
                    .collect()
            })
            .collect();
        (values, of)
    }

    /// The numbers of the statements that have value `slug` of facet
    /// `param`, from the value's own list (`facets/PARAM/NAME.json`).
    pub(crate) fn value_list(&self, param: &str, slug: &str) -> Vec<u64> {
        let facet = self.meta["facets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["param"] == param)
            .unwrap_or_else(|| panic!("no facet {param}"));
        let value = facet["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v[0] == slug)
            .unwrap_or_else(|| panic!("no value {slug} of {param}"));
        let name = value.get(3).and_then(Value::as_str).unwrap_or(slug);
        let gaps = read_json(&self.dir.join(format!("facets/{param}/{name}.json")));
        let mut n = 0;
        gaps.as_array()
            .unwrap()
            .iter()
            .map(|g| {
                n += g.as_u64().unwrap();
                n
            })
            .collect()
    }
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Three statements about climate (in the title, a topic, the body) and
/// one that is not, oldest first: Unrelated, Climate Finance, Trade, Readout.
pub(crate) fn climate_site(base_url: &str) -> Site {
    let site = Site::new(&format!(
        "title = \"Test Archive\"\nbase_url = \"{base_url}\"\ntimezone = \"America/New_York\"\n"
    ));
    site.write(
        "content/2020/finance.md",
        &statement(
            "Remarks on Climate Finance",
            "2020-01-01",
            "speakers = [\"Jane Doe\"]\nkind = \"Remarks\"",
        ),
    )
    .write(
        "content/2020/trade.md",
        &statement("Press Statement on Trade", "2020-01-02", "topics = [\"Climate\"]"),
    )
    .write(
        "content/2020/readout.md",
        "+++\ntitle = \"Readout of a Call\"\ndate = 2020-01-03\nkind = \"Readout\"\n+++\nThe ministers discussed climate and trade.\n\nLater they spoke of fisheries, of the de-confliction of the strait and of the caliphate.\n",
    )
    .write(
        "content/2019/other.md",
        &statement("Unrelated Notice", "2019-05-05", ""),
    );
    site
}

#[test]
fn a_word_finds_the_statements_that_have_it_weighted_by_where_it_is() {
    let site = climate_site("https://example.org/");
    site.build();
    let index = Index::open(&site);
    assert_eq!(index.meta["count"], 4);
    let climate = index.titles("climate");
    let titles: Vec<&str> = climate.iter().map(|(t, _)| t.as_str()).collect();
    // Oldest first.
    assert_eq!(
        titles,
        [
            "Remarks on Climate Finance",
            "Press Statement on Trade",
            "Readout of a Call"
        ]
    );
    // The title counts most, then a topic, then the body.
    let impact = |title: &str| climate.iter().find(|(t, _)| t == title).unwrap().1;
    assert!(impact("Remarks on Climate Finance") > impact("Press Statement on Trade"));
    assert!(impact("Press Statement on Trade") > impact("Readout of a Call"));
    assert_eq!(index.query(&["jane"], &[]), set(&["Remarks on Climate Finance"]));
    assert_eq!(
        index.query(&["remarks"], &[]),
        set(&["Remarks on Climate Finance"])
    );
    assert_eq!(index.query(&["unrelated"], &[]), set(&["Unrelated Notice"]));
    // The date as the page shows it: `press statement 2020` finds it.
    assert_eq!(
        index.query(&["press", "statement", "2020"], &[]),
        set(&["Press Statement on Trade"])
    );
    assert!(index.titles("nothing").is_empty());
    // Stop words are listed, and not indexed.
    assert!(index.meta["stop"].as_array().unwrap().iter().any(|w| w == "the"));
    assert!(index.postings("the").is_empty());

    let doc = index.doc(1);
    assert_eq!(doc[0], "2020/01/01/remarks-on-climate-finance/");
    assert_eq!(doc[1], "Remarks on Climate Finance");
    assert_eq!(doc[2], "2020-01-01");
    assert_eq!(doc[3], "January 1, 2020");
    assert_eq!(doc[4], "Remarks");
    assert_eq!(doc[5], serde_json::json!(["Jane Doe"]));
    assert!(site.exists(&format!("{}index.html", doc[0].as_str().unwrap())));
}

fn set(titles: &[&str]) -> BTreeSet<String> {
    titles.iter().map(|t| t.to_string()).collect()
}

/// The issue that asked for full text: words of the body past its first
/// paragraph (the summary) were not searchable.
#[test]
fn a_word_only_the_body_has_finds_the_statement() {
    let site = climate_site("https://example.org/");
    site.build();
    let index = Index::open(&site);
    for word in ["caliphate", "fisheries", "strait", "ministers"] {
        assert_eq!(index.query(&[word], &[]), set(&["Readout of a Call"]), "{word}");
    }
    // AND and NOT over the postings.
    assert_eq!(
        index.query(&["climate", "trade"], &[]),
        set(&["Press Statement on Trade", "Readout of a Call"])
    );
    assert_eq!(
        index.query(&["climate"], &["trade"]),
        set(&["Remarks on Climate Finance"])
    );
}

#[test]
fn hyphenated_words_are_found_joined_and_apart() {
    let site = climate_site("https://example.org/");
    site.build();
    let index = Index::open(&site);
    // `de-confliction` is indexed as its parts and as one word: a query
    // `de-confliction` or `deconfliction` looks up the joined word,
    // `de confliction` the two parts.
    for words in [&["deconfliction"][..], &["de", "confliction"]] {
        assert_eq!(index.query(words, &[]), set(&["Readout of a Call"]), "{words:?}");
    }
}

#[test]
fn latin_letters_with_diacritics_are_found_without_them() {
    let site = Site::new(SITE);
    site.write(
        "content/a.md",
        &statement(
            "Meeting With Foreign Minister Çavuşoğlu in Kraków",
            "2020-01-01",
            "",
        ),
    );
    site.build();
    let index = Index::open(&site);
    assert_eq!(index.meta["fold"]["ğ"], "g");
    assert_eq!(index.meta["fold"]["ó"], "o");
    let title = "Meeting With Foreign Minister Çavuşoğlu in Kraków".to_string();
    assert_eq!(index.query(&["cavusoglu"], &[]), set(&[&title]));
    assert_eq!(index.query(&["krakow"], &[]), set(&[&title]));
    assert!(index.postings("çavuşoğlu").is_empty());
}

#[test]
fn speakers_are_found_by_their_people_files_names_and_aliases() {
    let site = climate_site("https://example.org/");
    site.write(
        "content/people/jane-doe.toml",
        "name = \"Jane Doe\"\naliases = [\"Secretary Doe\", \"J. Q. Doe\"]\n",
    );
    site.build();
    let index = Index::open(&site);
    assert_eq!(
        index.query(&["secretary"], &[]),
        set(&["Remarks on Climate Finance"])
    );
    let (values, of) = index.facet("speaker");
    assert_eq!(values, [serde_json::json!(["jane-doe", "Jane Doe", 1])]);
    assert_eq!(of[1], ["jane-doe"]);
}

#[test]
fn facets_have_their_values_counts_and_a_column_of_each_statements_values() {
    let site = climate_site("https://example.org/");
    site.build();
    let index = Index::open(&site);
    let (kinds, of) = index.facet("kind");
    assert_eq!(
        kinds,
        [
            serde_json::json!(["readout", "Readout", 1]),
            serde_json::json!(["remarks", "Remarks", 1])
        ]
    );
    assert_eq!(
        of,
        [
            vec![],
            vec!["remarks".to_string()],
            vec![],
            vec!["readout".to_string()]
        ]
    );
    let (topics, of) = index.facet("topic");
    assert_eq!(topics, [serde_json::json!(["climate", "Climate", 1])]);
    assert_eq!(of[2], ["climate"]);
    // Each value's own list: what a query with that value chosen fetches.
    assert_eq!(index.value_list("kind", "readout"), [3]);
    assert_eq!(index.value_list("kind", "remarks"), [1]);
    assert_eq!(index.value_list("topic", "climate"), [2]);
    // Numbers follow dates: each year's first number, each day's.
    assert_eq!(index.meta["years"], serde_json::json!([[2019, 0], [2020, 1]]));
    assert_eq!(
        read_json(&site.public().join("search/dates.json")),
        serde_json::json!([[20190505, 0], [20200101, 1], [20200102, 2], [20200103, 3]])
    );
}

/// Many statements: postings of frequent words move to files of their
/// own, and every word is in the block index.json says.
#[test]
fn the_index_is_split_into_blocks_of_words_and_chunks_of_statements() {
    let site = Site::new(SITE);
    let n = 131;
    for i in 0..n {
        let date = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(i);
        site.write(
            &format!("content/s{i}.md"),
            &format!(
                "+++\ntitle = \"Statement {i} on fisheries\"\ndate = {date}\n+++\nWord{i} and word{} and fisheries.\n",
                i * 7
            ),
        );
    }
    site.build();
    let index = Index::open(&site);
    assert_eq!(index.meta["count"], n);
    let chunk = index.meta["chunk"].as_u64().unwrap();
    assert_eq!(chunk, 20);
    let docs = |k: u64| read_json(&site.public().join(format!("search/docs/{k}.json")));
    assert_eq!(docs(0).as_array().unwrap().len(), 20);
    assert_eq!(docs(6).as_array().unwrap().len(), 11);
    assert!(!site.exists("search/docs/7.json"));
    // Oldest first: number 0 is the first written.
    assert_eq!(index.doc(0)[1], "Statement 0 on fisheries");
    assert_eq!(index.doc(130)[1], "Statement 130 on fisheries");
    let fisheries = index.postings("fisheries");
    assert_eq!(fisheries.len(), n as usize);
    assert!(fisheries.iter().enumerate().all(|(k, &(id, _))| id == k as u64));
    assert!(site.exists("search/w/fisheries.json"));
    assert_eq!(
        index.postings("word14").iter().map(|p| p.0).collect::<Vec<_>>(),
        [2, 14]
    );

    // Each block holds the words from its first to the next block's first.
    let blocks = index.meta["blocks"].as_array().unwrap();
    assert!(blocks.len() > 1, "{blocks:?}");
    let firsts: Vec<&str> = blocks.iter().map(|b| b[0].as_str().unwrap()).collect();
    let mut sorted = firsts.clone();
    sorted.sort();
    assert_eq!(firsts, sorted);
    let mut files: Vec<String> = std::fs::read_dir(site.public().join("search/d"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    files.sort();
    let mut named: Vec<String> = blocks
        .iter()
        .map(|b| format!("{}.json", b[1].as_str().unwrap()))
        .collect();
    named.sort();
    assert_eq!(files, named);
    for (k, b) in blocks.iter().enumerate() {
        let words = read_json(
            &site
                .public()
                .join(format!("search/d/{}.json", b[1].as_str().unwrap())),
        );
        for word in words.as_object().unwrap().keys() {
            assert!(word.as_str() >= firsts[k], "{word} before block {}", firsts[k]);
            assert!(k + 1 == firsts.len() || word.as_str() < firsts[k + 1]);
        }
    }
}

/// Point 6 of the search issue: the same input gives the same bytes, and
/// one edit rewrites only the index files it changes.
#[test]
fn an_edit_rewrites_only_the_index_files_it_changes() {
    let site = Site::new(SITE);
    write_daily(&site, 120, (2001, 1, 1), "", |i| {
        (
            format!("Note {i}"),
            format!(
                "The envoy{} met the delegation{} about harbor matters.",
                i % 13,
                i % 17
            ),
        )
    });
    site.build();
    // A value's list holds every statement that has it, as the column says.
    let index = Index::open(&site);
    let (_, of) = index.facet("kind");
    let readouts: Vec<u64> = (0..of.len() as u64)
        .filter(|&n| of[n as usize] == ["readout"])
        .collect();
    assert_eq!(readouts.len(), 120);
    assert_eq!(index.value_list("kind", "readout"), readouts);
    let search = |site: &Site| -> std::collections::BTreeMap<String, Vec<u8>> {
        crate::support::snapshot(&site.public().join("search"))
    };
    let before = search(&site);
    // A clean build of the same input: the same bytes.
    std::fs::remove_dir_all(site.public()).unwrap();
    site.build();
    assert_eq!(search(&site), before);

    // A new word in one body, the rest as it was.
    let path = "content/s60.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &text.replace("harbor matters", "harbor matters and aardvarks"),
    );
    site.build();
    let after = search(&site);
    let changed: Vec<&String> = after
        .keys()
        .chain(before.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|f| before.get(*f) != after.get(*f))
        .collect();
    // The block of the new word; at most index.json besides (when the
    // new word starts a block) and the postings of a word whose impact
    // moved with the longer body. Blocks cut by count instead of by hash
    // would all move (12 files here).
    assert!(changed.iter().any(|f| f.starts_with("d/")), "{changed:?}");
    assert!(changed.len() <= 3, "{} files changed: {changed:?}", changed.len());
    assert!(
        !changed
            .iter()
            .any(|f| f.starts_with("docs/") || f.starts_with("facets/")),
        "{changed:?}"
    );
    let total = after.len();
    assert!(total > 20, "{total}");
}

#[test]
fn search_can_be_turned_off() {
    let site = climate_site("https://example.org/");
    site.write("site.toml", &format!("{SITE}\n[search]\nenabled = false\n"));
    site.build();
    assert!(!site.exists("search"));
    let home = site.page("index.html");
    assert!(
        !home
            .attrs(".site-nav a", "href")
            .iter()
            .any(|h| h.contains("search"))
    );
    assert_eq!(home.count("form.site-search"), 0);

    site.write("site.toml", &format!("{SITE}\n[search]\nenable = false\n"));
    let err = site.build_fails();
    assert!(err.contains("site.toml:"), "{err}");
    assert!(err.contains("enable"), "{err}");
}

#[test]
fn the_search_page_links_its_script_and_index_under_the_base_path() {
    let site = climate_site("https://example.org/archive/");
    site.build();
    let page = site.page("search/index.html");
    assert_eq!(page.text("h1"), "Search");
    assert_eq!(page.attrs("form.search-form", "action"), ["/archive/search/"]);
    assert_eq!(page.count("input#search-q[name=q]"), 1);
    assert_eq!(page.count("input#search-from[name=from][type=date]"), 1);
    assert_eq!(page.count("input#search-newest[name=sort][value=newest]"), 1);
    assert_eq!(page.count("#search-facets"), 1);
    // It explains itself before a query.
    assert!(page.text("#search-help").contains("quotes"));
    assert_eq!(page.attrs("script[data-index]", "src"), ["/archive/search.js"]);
    assert_eq!(
        page.attrs("script[data-index]", "data-index"),
        ["/archive/search/"]
    );
    assert_eq!(page.attrs("script[data-index]", "data-site"), ["/archive/"]);
    assert!(site.exists("search.js"));
    // No second box in its header.
    assert_eq!(page.count("form.site-search"), 0);
    // Every other page has a box in its header that leads here, and the
    // 404 page one more.
    for file in [
        "index.html",
        "404.html",
        "2020/01/01/remarks-on-climate-finance/index.html",
    ] {
        let other = site.page(file);
        assert_eq!(
            other.attrs("header form.site-search", "action"),
            ["/archive/search/"],
            "{file}"
        );
        assert_eq!(other.count("header form.site-search input[name=q]"), 1, "{file}");
        assert!(
            other
                .attrs(".site-nav a", "href")
                .contains(&"/archive/search/".to_string())
        );
    }
    assert_eq!(
        site.page("404.html").attrs("main form[role=search]", "action"),
        ["/archive/search/"]
    );
    // Without JavaScript the page leads to the archives.
    let noscript = site.read("search/index.html");
    assert!(noscript.contains("<noscript>"));
    assert!(noscript.contains("href=\"/archive/statements/\""));
    // It is a tool, not content: not in the sitemap.
    assert!(!site.read("sitemap.xml").contains("search/"));
}

/// Runs `pressroom build` with stage timings on; returns stderr.
fn build_timed(site: &Site, extra: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .arg("build")
        .args(extra)
        .arg("--root")
        .arg(site.root())
        .env("PRESSROOM_TIMINGS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "build failed:\n{stderr}");
    stderr
}

/// The cached build keeps the index in .pressroom/search.bin and, after
/// an edit, re-reads only the statements whose version changed (it used
/// to make the index from every body on every build): the bytes must be
/// those of a clean build, and a damaged file must be made anew silently.
#[test]
fn a_cached_build_patches_the_kept_index_to_the_bytes_of_a_clean_build() {
    let site = Site::new(SITE);
    write_daily(&site, 40, (2003, 1, 1), "topics = [\"Harbors\"]\n", |i| {
        (
            format!("Briefing {i}"),
            format!(
                "The minister{} spoke of harbor{} tariffs and the fleet.",
                i % 7,
                i % 11
            ),
        )
    });
    let first = build_timed(&site, &[]);
    assert!(first.contains("search words"), "{first}");
    let kept = site.root().join(".pressroom/search.bin");
    assert!(kept.exists());
    let search = |site: &Site| crate::support::snapshot(&site.public().join("search"));
    let clean = |site: &Site| {
        std::fs::remove_dir_all(site.public()).unwrap();
        build_timed(site, &["--no-cache"]);
        search(site)
    };

    // A body that loses words ("fleet", "tariffs") and gains one, and a
    // title changed: the kept index is patched, not made anew.
    let edit = |path: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(site.root().join(path)).unwrap();
        assert!(text.contains(from), "{path}: {from}");
        site.write(path, &text.replace(from, to));
    };
    edit(
        "content/s12.md",
        "harbor1 tariffs and the fleet",
        "harbor1 and an aardvark",
    );
    edit("content/s30.md", "Briefing 30", "Briefing on the fleet 30");
    let patched = build_timed(&site, &[]);
    assert!(patched.contains("search index read and patched"), "{patched}");
    assert!(!patched.contains("search words"), "{patched}");
    let cached = search(&site);
    assert!(cached.keys().any(|f| f.starts_with("d/")));
    let index = Index::open(&site);
    assert_eq!(index.query(&["aardvark"], &[]), set(&["Briefing 12"]));
    assert!(!index.query(&["fleet"], &[]).contains("Briefing 12"));
    assert_eq!(clean(&site), cached);

    // A damaged file: the index is made anew, with the same bytes.
    site.build();
    let bytes = std::fs::read(&kept).unwrap();
    std::fs::write(&kept, &bytes[..bytes.len() / 2]).unwrap();
    edit("content/s5.md", "the fleet", "the fleet and the harbormaster");
    let anew = build_timed(&site, &[]);
    assert!(anew.contains("search words"), "{anew}");
    let cached = search(&site);
    assert_eq!(clean(&site), cached);
    // A statement added: numbers shift, the index is made anew (and kept).
    site.build();
    site.write(
        "content/later.md",
        "+++\ntitle = \"Later\"\ndate = 2004-01-01\n+++\nThe fleet again.\n",
    );
    build_timed(&site, &[]);
    let cached = search(&site);
    assert_eq!(clean(&site), cached);
}

/// Writes `n` readouts `content/s{i}.md`, one a day from `first` (year,
/// month, day), each with the front matter `extra` and the title and body
/// `made(i)` gives.
fn write_daily(
    site: &Site,
    n: u64,
    first: (i32, u32, u32),
    extra: &str,
    made: impl Fn(u64) -> (String, String),
) {
    let first = chrono::NaiveDate::from_ymd_opt(first.0, first.1, first.2).unwrap();
    for i in 0..n {
        let date = first + chrono::Days::new(i);
        let (title, body) = made(i);
        site.write(
            &format!("content/s{i}.md"),
            &format!("+++\ntitle = \"{title}\"\ndate = {date}\nkind = \"Readout\"\n{extra}+++\n{body}\n"),
        );
    }
}
