//! The search page and its index: the files say what the format in
//! themes/default/README.md says, and a query answered from them (decoded
//! here, independently of pressroom's code) finds the statements it
//! should. The page itself is tested in Chromium in browser.rs.

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
        assert_eq!(meta["version"], 1);
        Index { dir, meta }
    }

    /// The shard of a word: its first two characters, `_` for any that is
    /// not an ASCII letter or digit.
    fn shard(word: &str) -> String {
        word.chars()
            .take(2)
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    }

    /// (statement number, weight) of every statement that has `word`.
    pub(crate) fn postings(&self, word: &str) -> Vec<(u64, u64)> {
        let shard = Index::shard(word);
        let listed = self.meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == &shard);
        let path = self.dir.join(format!("terms/{shard}.json"));
        assert_eq!(listed, path.exists(), "index.json and terms/ disagree on {shard}");
        if !listed {
            return vec![];
        }
        let words = read_json(&path);
        let Some(list) = words.get(word) else {
            return vec![];
        };
        let mut id = 0;
        list.as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let p = p.as_u64().unwrap();
                id += p / 4;
                (id, p % 4)
            })
            .collect()
    }

    /// Statement number `n` as `[path, title, date, date_text, kind, [speakers], summary]`.
    pub(crate) fn doc(&self, n: u64) -> Value {
        let chunk = self.meta["chunk"].as_u64().unwrap();
        let docs = read_json(&self.dir.join(format!("docs/{}.json", n / chunk)));
        docs[(n % chunk) as usize].clone()
    }

    /// The titles with `word` and their weights, in statement order.
    pub(crate) fn titles(&self, word: &str) -> Vec<(String, u64)> {
        self.postings(word)
            .into_iter()
            .map(|(n, w)| (self.doc(n)[1].as_str().unwrap().to_string(), w))
            .collect()
    }
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Three statements about climate (in the title, a topic, the body) and
/// one that is not, newest first: Readout, Trade, Climate Finance, Unrelated.
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
        "+++\ntitle = \"Readout of a Call\"\ndate = 2020-01-03\n+++\nThe ministers discussed climate and trade.\n",
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
    // Newest first; 3 in the title, 2 in a topic, 1 in the summary.
    assert_eq!(
        index.titles("climate"),
        [
            ("Readout of a Call".to_string(), 1),
            ("Press Statement on Trade".to_string(), 2),
            ("Remarks on Climate Finance".to_string(), 3),
        ]
    );
    assert_eq!(
        index.titles("jane"),
        [("Remarks on Climate Finance".to_string(), 2)]
    );
    assert_eq!(
        index.titles("remarks"),
        [("Remarks on Climate Finance".to_string(), 3)]
    );
    assert_eq!(index.titles("unrelated"), [("Unrelated Notice".to_string(), 3)]);
    assert!(index.titles("nothing").is_empty());
    // Stop words are listed, and not indexed.
    assert!(index.meta["stop"].as_array().unwrap().iter().any(|w| w == "the"));
    assert!(index.postings("the").is_empty());

    let doc = index.doc(2);
    assert_eq!(doc[0], "2020/01/01/remarks-on-climate-finance/");
    assert_eq!(doc[2], "2020-01-01T00:00:00-05:00");
    assert_eq!(doc[3], "January 1, 2020");
    assert_eq!(doc[4], "Remarks");
    assert_eq!(doc[5], serde_json::json!(["Jane Doe"]));
    assert_eq!(doc[6], "Body of Remarks on Climate Finance.");
    assert!(site.exists(&format!("{}index.html", doc[0].as_str().unwrap())));
}

#[test]
fn the_search_page_links_its_script_and_index_under_the_base_path() {
    let site = climate_site("https://example.org/archive/");
    site.build();
    let page = site.page("search/index.html");
    assert_eq!(page.text("h1"), "Search");
    assert_eq!(page.attrs("form.search-form", "action"), ["/archive/search/"]);
    assert_eq!(page.count("input#search-q[name=q]"), 1);
    assert_eq!(page.attrs("script[data-index]", "src"), ["/archive/search.js"]);
    assert_eq!(
        page.attrs("script[data-index]", "data-index"),
        ["/archive/search/"]
    );
    assert_eq!(page.attrs("script[data-index]", "data-site"), ["/archive/"]);
    assert!(site.exists("search.js"));
    // Every page links to it.
    let home = site.page("index.html");
    assert!(
        home.attrs(".site-nav a", "href")
            .contains(&"/archive/search/".to_string())
    );
    // It is a tool, not content: not in the sitemap.
    assert!(!site.read("sitemap.xml").contains("search/"));
}

#[test]
fn the_index_is_split_into_chunks_of_statements_and_shards_of_words() {
    let site = Site::new(SITE);
    let n = 1201;
    for i in 0..n {
        let date = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(i);
        site.write(
            &format!("content/s{i}.md"),
            &statement(&format!("Statement {i} on fisheries"), &date.to_string(), ""),
        );
    }
    site.build();
    let index = Index::open(&site);
    assert_eq!(index.meta["count"], n);
    let chunk = index.meta["chunk"].as_u64().unwrap();
    assert_eq!(chunk, 500);
    let docs = |k: u64| read_json(&site.public().join(format!("search/docs/{k}.json")));
    assert_eq!(docs(0).as_array().unwrap().len(), 500);
    assert_eq!(docs(1).as_array().unwrap().len(), 500);
    assert_eq!(docs(2).as_array().unwrap().len(), 201);
    assert!(!site.exists("search/docs/3.json"));
    // Newest first: number 0 is the last one written, 1200 the first.
    assert_eq!(index.doc(0)[1], format!("Statement {} on fisheries", n - 1));
    assert_eq!(index.doc(1200)[1], "Statement 0 on fisheries");
    let fisheries = index.postings("fisheries");
    assert_eq!(fisheries.len(), n as usize);
    assert!(
        fisheries
            .iter()
            .enumerate()
            .all(|(k, &(id, w))| id == k as u64 && w == 3)
    );
    assert_eq!(index.postings("1200"), [(0, 3)]);

    // index.json lists exactly the shards there are, and each holds the
    // words that start with its name.
    let mut listed: Vec<String> = index.meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let mut files: Vec<String> = std::fs::read_dir(site.public().join("search/terms"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".json")
                .to_string()
        })
        .collect();
    listed.sort();
    files.sort();
    assert_eq!(listed, files);
    for shard in &files {
        let words = read_json(&site.public().join(format!("search/terms/{shard}.json")));
        for word in words.as_object().unwrap().keys() {
            assert_eq!(&Index::shard(word), shard);
        }
    }
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

    site.write("site.toml", &format!("{SITE}\n[search]\nenable = false\n"));
    let err = site.build_fails();
    assert!(err.contains("site.toml:"), "{err}");
    assert!(err.contains("enable"), "{err}");
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
    assert_eq!(index.titles("cavusoglu"), [(title.clone(), 3)]);
    assert_eq!(index.titles("krakow"), [(title, 3)]);
    assert!(index.postings("çavuşoğlu").is_empty());
}
