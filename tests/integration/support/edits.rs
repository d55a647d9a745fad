//! Random edits of an archive, and the oracle that runs them: after each
//! edit, a folder kept up to date by some faster path (`watch`'s
//! incremental rebuild, a cached `pressroom build`) must hold byte for
//! byte what a clean full build writes into a new folder — or both fail,
//! and then the kept folder must still be the last good site.
//!
//! [`Editor`] edits every kind of input an archive has: statements (bodies,
//! summaries, titles, dates, speakers, kinds, topics and countries,
//! aliases, drafts, the other front matter fields, `@/` links to
//! statements and to their headings, links to site pages, headings that
//! links point at; new, deleted, renamed and moved statements and renamed
//! folders), people files, templates in every layer (the site's
//! templates/, themes/default/ over the built-in theme, another theme
//! named in site.toml; the base layout every page extends and the
//! partials they include), static files in every layer and site.toml.
//! Edits that break the build (a link to a heading that was renamed, a
//! template that does not parse) are made too; the oracle then undoes the
//! edits since the last good build, so that a broken state does not last.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Site, list_files, snapshot};

/// A small deterministic generator (splitmix64), so a failure replays.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Up to `max` distinct items of `pool`, in a random order.
    pub(crate) fn some_of<'a>(&mut self, pool: &[&'a str], max: usize) -> Vec<&'a str> {
        let n = self.below(max.min(pool.len()) + 1);
        self.take(pool, n)
    }

    /// `n` distinct items of `pool` (at most all of them), in a random order.
    pub(crate) fn take<'a>(&mut self, pool: &[&'a str], n: usize) -> Vec<&'a str> {
        let mut left = pool.to_vec();
        (0..n.min(pool.len()))
            .map(|_| left.remove(self.below(left.len())))
            .collect()
    }
}

/// One edit: every path it created, changed or removed, folders included
/// (what a file watcher reports), and what it did, to replay a failure.
pub(crate) struct Edit {
    pub touched: BTreeSet<PathBuf>,
    pub what: String,
}

/// What an edit found at each path before it touched it, to undo it.
#[derive(Default)]
struct Journal {
    before: BTreeMap<PathBuf, Option<Vec<u8>>>,
    touched: BTreeSet<PathBuf>,
}

type EditFn = fn(&mut Editor) -> Option<String>;

/// The kinds of edit, with their weights. An edit returns `None`, having
/// touched nothing, when it does not apply to the archive as it is.
const EDITS: &[(&str, usize, EditFn)] = &[
    ("body", 3, Editor::body),
    ("title", 1, Editor::retitle),
    ("topics and countries", 1, Editor::terms),
    ("date", 2, Editor::date),
    ("speakers", 2, Editor::speakers),
    ("kind", 1, Editor::kind),
    ("aliases", 2, Editor::aliases),
    ("draft", 1, Editor::draft),
    ("other fields", 1, Editor::fields),
    ("links", 3, Editor::links),
    ("headings", 2, Editor::headings),
    ("new statement", 1, Editor::create),
    ("deleted statement", 1, Editor::delete),
    ("renamed or moved statement", 1, Editor::rename),
    ("renamed folder", 1, Editor::rename_folder),
    ("restored statement", 2, Editor::restore),
    ("restored and retitled", 1, Editor::restore_and_retitle),
    ("people", 3, Editor::people),
    ("templates", 3, Editor::templates),
    ("static files", 3, Editor::statics),
    ("site.toml", 3, Editor::config),
    ("two edits in one batch", 1, Editor::mixed),
];

const SPEAKERS: &[&str] = &[
    "Heather Nauert",
    "Spokesperson Nauert",
    "heather  NAUERT",
    "Rex W. Tillerson",
    "Secretary Tillerson",
    "José Mário Vaz",
    "Mike Pompeo",
];

const KINDS: &[&str] = &[
    "Press Statement",
    "Remarks",
    "Readout",
    "Media Note",
    "Fact Sheet",
    "Press Briefing",
    // Not a kind until site.toml lists it (see CONFIG).
    "Memo",
];

const ALIASES: &[&str] = &[
    "/old/syria/",
    "/old/a/",
    "/old/a/b/",
    "/2017/07/old-title/",
    // A file, then a folder of the same name.
    "/old/note.html",
    "/old/note.html/",
];

/// Pages and files of the site a body may link to; some exist only with
/// some settings (a taxonomy, enough statements for a second page, a
/// static file).
const SITE_LINKS: &[&str] = &[
    "/topics/",
    "/2017/",
    "/speakers/heather-nauert/",
    "/statements/page/2/",
    "/old/syria/",
    "/files/fact-sheet.txt",
];

const FIELDS: &[(&str, &[&str])] = &[
    ("location", &["\"Washington, DC\"", "\"Brussels, Belgium\""]),
    ("role", &["\"Acting Spokesperson\"", "\"Secretary of State\""]),
    ("source", &["\"https://example.org/source/{step}\""]),
    // Ids name the permanent address /id/<id>/: two statements with one
    // (`same-id`, or `Same ID` which gives the same address) are an error.
    (
        "id",
        &[
            "\"DOC-{step}\"",
            "\"same-id\"",
            "\"Same ID\"",
            "\"PRN: {step}/A & B\"",
        ],
    ),
    ("updated", &["2019-05-05", "2018-01-03T09:30:00"]),
    ("slug", &["\"custom-slug-{step}\"", "\"same-slug\""]),
    ("summary", &["\"Summary {step}.\""]),
];

/// site.toml's keys the edits set, by table, with their values; `""`
/// leaves the key out (its default).
const CONFIG: &[(&str, &str, &[&str])] = &[
    ("", "title", &["\"Fixture Archive\"", "\"Archive {step}\""]),
    (
        "",
        "base_url",
        &["\"https://example.org/\"", "\"https://example.org/archive/\""],
    ),
    (
        "",
        "description",
        &[
            "\"Statements for pressroom's tests.\"",
            "\"\"",
            "\"Edition {step}\"",
        ],
    ),
    ("", "language", &["", "\"fr\""]),
    // In every citation, COinS span, JSON-LD and data file.
    ("", "publisher", &["", "\"Office of the Spokesperson {step}\""]),
    // The image of link previews (statement pages without a speaker's).
    (
        "",
        "image",
        &[
            "",
            "\"files/seal-{step}.png\"",
            "\"https://example.org/seal.png\"",
        ],
    ),
    (
        "",
        "timezone",
        &["\"America/New_York\"", "\"UTC\"", "\"Asia/Tokyo\""],
    ),
    ("", "theme", &["", "\"plain\""]),
    (
        "",
        "permalink",
        &["", "\"/:year/:month/:slug/\"", "\"/:kind/:year/:slug/\""],
    ),
    (
        "",
        "kinds",
        &[
            "",
            "[\"Press Statement\", \"Remarks\", \"Readout\", \"Media Note\", \"Press Briefing\", \"Taken Question\", \"Memo\"]",
        ],
    ),
    (
        "",
        "taxonomies",
        &[
            "",
            "[\"speakers\", \"topics\"]",
            "[\"kinds\", \"countries\", \"speakers\"]",
        ],
    ),
    ("archive", "per_page", &["1", "2", "3", ""]),
    ("feeds", "limit", &["", "1", "2"]),
    ("feeds", "full_content", &["", "false"]),
    (
        "feeds",
        "formats",
        &["", "[\"atom\"]", "[\"rss\", \"json\"]", "[]"],
    ),
    ("feeds", "terms", &["", "false"]),
    ("links", "related", &["", "0", "1"]),
    ("search", "enabled", &["", "false"]),
    ("markdown", "raw_html", &["", "\"drop\"", "\"keep\""]),
    // Small enough that the bulk data is split by year, or not; or none.
    ("data", "split_above", &["", "1", "0"]),
    ("data", "enabled", &["", "false"]),
];

/// Templates the edits override, each with a place to change (which must
/// be in the built-in template) and what to put there.
const TEMPLATES: &[(&str, &str, &str)] = &[
    // The layout every page extends.
    (
        "base.html",
        "</footer>",
        "<p class=\"edition\">Edition {step}</p>\n</footer>",
    ),
    // The same, through a partial of its own (see `templates`).
    (
        "base.html",
        "</footer>",
        "{% include \"partials/edition.html\" %}\n</footer>",
    ),
    // Included by every listing, and by statement pages.
    (
        "partials/card.html",
        "<li class=\"card",
        "<li data-edition=\"{step}\" class=\"card",
    ),
    // Included by base.html and term.html.
    ("partials/feed_links.html", "%}Atom{%", "%}Atom {step}{%"),
    (
        "statement.html",
        "{% block content %}",
        "{% block content %}<p class=\"edition\">Edition {step}</p>",
    ),
    (
        "404.html",
        "{% block content %}",
        "{% block content %}<h2>Lost {step}</h2>",
    ),
];

/// Where templates and static files can be: the site's own folders, the
/// default theme's folder over the built-in one, and another theme's
/// (site.toml's `theme = "plain"`).
const LAYERS: &[&str] = &["", "themes/default/", "themes/plain/"];

const STATICS: &[&str] = &[
    "static/extra.css",
    "static/style.css",
    "themes/default/static/style.css",
    "themes/plain/static/style.css",
    "static/files/fact-sheet.txt",
    // Over generated files: a static file wins.
    "static/404.html",
    "static/index.html",
    "static/robots.txt",
    // people/heather-nauert.toml may name it as her image.
    "static/people/nauert.jpg",
];

/// Makes random edits of an archive, remembering what it changed since
/// the last good build to undo it.
pub(crate) struct Editor {
    root: PathBuf,
    pub rng: Rng,
    step: usize,
    /// The statements as they were at the start.
    originals: Vec<(PathBuf, String)>,
    /// The edit being made.
    journal: Journal,
    since_good: Vec<Journal>,
    /// How many edits of each kind were made.
    pub applied: BTreeMap<&'static str, usize>,
}

impl Editor {
    pub(crate) fn new(root: &Path, seed: u64) -> Editor {
        let mut editor = Editor {
            root: root.to_path_buf(),
            rng: Rng(seed),
            step: 0,
            originals: Vec::new(),
            journal: Journal::default(),
            since_good: Vec::new(),
            applied: BTreeMap::new(),
        };
        editor.originals = editor
            .statements()
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect();
        editor
    }

    /// Makes one random edit.
    pub(crate) fn edit(&mut self) -> Edit {
        self.step += 1;
        loop {
            let (kind, f) = self.pick_kind(true);
            self.journal = Journal::default();
            if let Some(what) = f(self) {
                *self.applied.entry(kind).or_default() += 1;
                let journal = std::mem::take(&mut self.journal);
                let touched = journal.touched.clone();
                self.since_good.push(journal);
                return Edit {
                    touched,
                    what: format!("{kind}: {what}"),
                };
            }
            assert!(
                self.journal.touched.is_empty(),
                "{kind}: an edit that did not apply touched files"
            );
        }
    }

    /// The build after the last edit succeeded: edits before it are kept.
    pub(crate) fn good(&mut self) {
        self.since_good.clear();
    }

    /// Undoes every edit since the last good build.
    pub(crate) fn repair(&mut self) -> Edit {
        self.journal = Journal::default();
        let undone = std::mem::take(&mut self.since_good);
        let n = undone.len();
        for journal in undone.into_iter().rev() {
            for (path, before) in journal.before {
                match before {
                    Some(bytes) => {
                        self.make_parents(&path);
                        std::fs::write(&path, bytes).unwrap();
                    }
                    None => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
                self.journal.touched.insert(path);
            }
            self.journal.touched.extend(journal.touched);
        }
        Edit {
            touched: std::mem::take(&mut self.journal).touched,
            what: format!("undid the {n} edits since the last good build"),
        }
    }

    fn pick_kind(&mut self, mixed: bool) -> (&'static str, EditFn) {
        let table: Vec<&(&str, usize, EditFn)> = EDITS
            .iter()
            .filter(|(kind, _, _)| mixed || *kind != "two edits in one batch")
            .collect();
        let total: usize = table.iter().map(|(_, weight, _)| weight).sum();
        let mut n = self.rng.below(total);
        for &&(kind, weight, f) in &table {
            if n < weight {
                return (kind, f);
            }
            n -= weight;
        }
        unreachable!()
    }

    // File operations, each remembered in the journal.

    fn remember(&mut self, path: &Path) {
        if !self.journal.before.contains_key(path) {
            self.journal
                .before
                .insert(path.to_path_buf(), std::fs::read(path).ok());
        }
        self.journal.touched.insert(path.to_path_buf());
    }

    /// Creates the folders above `path`, noting the new ones as touched.
    fn make_parents(&mut self, path: &Path) {
        let mut missing = Vec::new();
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| !d.exists()) {
            missing.push(d.to_path_buf());
            dir = d.parent();
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        self.journal.touched.extend(missing);
    }

    fn write(&mut self, path: &Path, bytes: impl AsRef<[u8]>) {
        self.remember(path);
        self.make_parents(path);
        std::fs::write(path, bytes).unwrap();
    }

    fn remove(&mut self, path: &Path) {
        self.remember(path);
        std::fs::remove_file(path).unwrap();
    }

    /// Renames a file or a folder (a real rename: the files keep their
    /// size and modification time).
    fn move_path(&mut self, from: &Path, to: &Path) {
        if from.is_dir() {
            for file in list_files(from) {
                self.remember(&from.join(&file));
                self.remember(&to.join(&file));
            }
            self.journal.touched.insert(from.to_path_buf());
            self.journal.touched.insert(to.to_path_buf());
        } else {
            self.remember(from);
            self.remember(to);
        }
        self.make_parents(to);
        std::fs::rename(from, to).unwrap();
    }

    // The archive as it is.

    fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    fn statements(&self) -> Vec<PathBuf> {
        let content = self.content();
        list_files(&content)
            .into_iter()
            .filter(|f| f.ends_with(".md"))
            .map(|f| content.join(f))
            .collect()
    }

    fn rel(&self, path: &Path) -> String {
        path.strip_prefix(self.content())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// A random statement file: its path, its path under content/ and its text.
    fn pick_statement(&mut self) -> (PathBuf, String, String) {
        let files = self.statements();
        let path = self.rng.pick(&files).clone();
        let text = std::fs::read_to_string(&path).unwrap();
        let rel = self.rel(&path);
        (path, rel, text)
    }

    /// Does a statement link to `rel` (or to one of its headings)?
    fn referenced(&self, rel: &str) -> bool {
        let link = format!("@/{rel}");
        self.statements()
            .iter()
            .any(|f| std::fs::read_to_string(f).unwrap().contains(&link))
    }

    /// Deleting, renaming or moving a statement that others link to breaks
    /// the build until it comes back: done to one in four of those.
    fn may_unlink(&mut self, rels: &[String]) -> bool {
        !rels.iter().any(|r| self.referenced(r)) || self.rng.one_in(4)
    }

    /// `(statement, heading id)` of every `## ` heading written in plain
    /// words (whose id is the words, lowercased, joined by `-`).
    fn heading_targets(&self) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for path in self.statements() {
            let text = std::fs::read_to_string(&path).unwrap();
            for line in body_of(&text).lines() {
                if let Some(words) = line.strip_prefix("## ")
                    && words.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
                {
                    let id = words.split_whitespace().collect::<Vec<_>>().join("-");
                    found.push((self.rel(&path), id.to_lowercase()));
                }
            }
        }
        found
    }

    /// Sets (or with `None` removes) front matter keys of a statement.
    fn set_field(&mut self, keys: &[&str], line: Option<String>) -> Option<String> {
        let (path, rel, text) = self.pick_statement();
        let new = with_field(&text, keys, line.clone())?;
        self.write(&path, new);
        Some(match line {
            Some(line) => format!("{rel}: {line}"),
            None => format!("{rel}: removed {}", keys.join(", ")),
        })
    }

    // The edits.

    fn body(&mut self) -> Option<String> {
        let (path, rel, text) = self.pick_statement();
        let step = self.step;
        let (new, what) = match self.rng.below(4) {
            0 => (
                format!("{text}\nA new paragraph {step}.\n"),
                "appended a paragraph",
            ),
            // The first paragraph is the summary when none is given.
            1 => (
                text.replacen("\n+++\n", &format!("\n+++\nNew opening {step}.\n\n"), 1),
                "a new first paragraph",
            ),
            2 => (
                format!("{text}\n<b>Raw {step}</b> and <!-- a note --> <span>HTML</span>.\n"),
                "appended raw HTML",
            ),
            _ => (text, "rewrote it as it was"),
        };
        self.write(&path, new);
        Some(format!("{rel}: {what}"))
    }

    fn retitle(&mut self) -> Option<String> {
        let (path, rel, text) = self.pick_statement();
        let new = text.replacen("title = \"", &format!("title = \"Step {} ", self.step), 1);
        self.write(&path, new);
        Some(format!("{rel}: a new title"))
    }

    fn terms(&mut self) -> Option<String> {
        let (key, pool): (&str, &[&str]) = *self.rng.pick(&[
            ("topics", &["Syria", "Trade", "Visas", "Topic A", "Topic B"][..]),
            (
                "countries",
                &[
                    "Syria",
                    "Russia",
                    "Côte d’Ivoire",
                    "Cote d'Ivoire",
                    "Guinea-Bissau",
                ][..],
            ),
        ]);
        let chosen = self.rng.some_of(pool, 3);
        let line = (!chosen.is_empty()).then(|| format!("{key} = {}", toml_list(&chosen)));
        self.set_field(&[key], line)
    }

    /// Moves a statement to another day, month or year, or time of day
    /// (with an offset it may fall on another day in the site's zone).
    fn date(&mut self) -> Option<String> {
        let (path, rel, text) = self.pick_statement();
        let value = field(&text, "date")?.to_string();
        let (mut y, mut m, mut d): (i32, u32, u32) = (
            value.get(0..4)?.parse().ok()?,
            value.get(5..7)?.parse().ok()?,
            value.get(8..10)?.parse().ok()?,
        );
        let mut time = value[10..].to_string();
        match self.rng.below(4) {
            0 => d = 1 + self.rng.below(28) as u32,
            1 => (m, d) = (1 + self.rng.below(12) as u32, d.min(28)),
            2 => (y, d) = (y + self.rng.pick(&[-2, -1, 1, 2]), d.min(28)),
            _ => {
                let times = ["", "T09:00:00", "T23:30:00", "T00:30:00+00:00", "T14:00:00-04:00"];
                time = self.rng.pick(&times).to_string();
            }
        }
        let line = format!("date = {y:04}-{m:02}-{d:02}{time}");
        self.write(&path, with_field(&text, &["date"], Some(line.clone()))?);
        Some(format!("{rel}: {line} (was {value})"))
    }

    fn speakers(&mut self) -> Option<String> {
        let n = *self.rng.pick(&[0, 1, 1, 2]);
        let chosen = self.rng.take(SPEAKERS, n);
        let line = match chosen.as_slice() {
            [] => None,
            [one] => Some(format!("speaker = {one:?}")),
            many => Some(format!("speakers = {}", toml_list(many))),
        };
        self.set_field(&["speaker", "speakers"], line)
    }

    fn kind(&mut self) -> Option<String> {
        let line = (!self.rng.one_in(6)).then(|| format!("kind = {:?}", self.rng.pick(KINDS)));
        self.set_field(&["kind"], line)
    }

    fn aliases(&mut self) -> Option<String> {
        let chosen = self.rng.some_of(ALIASES, 2);
        let line = (!chosen.is_empty()).then(|| format!("aliases = {}", toml_list(&chosen)));
        self.set_field(&["aliases"], line)
    }

    fn draft(&mut self) -> Option<String> {
        let (path, rel, text) = self.pick_statement();
        let line = match field(&text, "draft") {
            Some("true") if self.rng.one_in(2) => None,
            Some("true") => Some("draft = false".to_string()),
            _ => Some("draft = true".to_string()),
        };
        self.write(&path, with_field(&text, &["draft"], line.clone())?);
        Some(format!(
            "{rel}: {}",
            line.as_deref().unwrap_or("no longer a draft")
        ))
    }

    fn fields(&mut self) -> Option<String> {
        let (key, values) = *self.rng.pick(FIELDS);
        let value = self.rng.pick(values).replace("{step}", &self.step.to_string());
        let line = (!self.rng.one_in(3)).then(|| format!("{key} = {value}"));
        self.set_field(&[key], line)
    }

    /// Adds a link to a statement, to a heading of one, or to a page of
    /// the site, or removes a link.
    fn links(&mut self) -> Option<String> {
        let (path, rel, text) = self.pick_statement();
        let targets: Vec<String> = self.statements().iter().map(|p| self.rel(p)).collect();
        let link = match self.rng.below(7) {
            0 | 1 => format!("@/{}", self.rng.pick(&targets)),
            2 | 3 => {
                let headings = self.heading_targets();
                if headings.is_empty() {
                    return None;
                }
                let (target, id) = self.rng.pick(&headings);
                format!("@/{target}#{id}")
            }
            4 => format!("@/{}#no-such-heading", self.rng.pick(&targets)),
            5 => self.rng.pick(SITE_LINKS).to_string(),
            _ => {
                let lines: Vec<&str> = text.lines().collect();
                let start = lines.len() - body_of(&text).lines().count();
                let linking: Vec<usize> = (start..lines.len())
                    .filter(|&i| lines[i].contains("](@/") || lines[i].contains("](/"))
                    .collect();
                if linking.is_empty() {
                    return None;
                }
                let i = *self.rng.pick(&linking);
                let removed = lines[i].to_string();
                let kept: Vec<&str> = lines
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, l)| *l)
                    .collect();
                self.write(&path, kept.join("\n") + "\n");
                return Some(format!("{rel}: removed the line {removed:?}"));
            }
        };
        self.write(&path, format!("{text}\n[see this]({link}) {}.\n", self.step));
        Some(format!("{rel}: a link to {link}"))
    }

    /// Renames a heading (links to it break), removes one or adds one.
    fn headings(&mut self) -> Option<String> {
        let (path, rel, text) = self.pick_statement();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let start = lines.len() - body_of(&text).lines().count();
        let headings: Vec<usize> = (start..lines.len())
            .filter(|&i| lines[i].starts_with("## "))
            .collect();
        let what = match self.rng.below(3) {
            0 if !headings.is_empty() => {
                let i = *self.rng.pick(&headings);
                let what = format!("renamed the heading {:?}", lines[i]);
                lines[i] = format!("{} {}", lines[i], self.step);
                what
            }
            1 if !headings.is_empty() => {
                let i = *self.rng.pick(&headings);
                format!("removed the heading {:?}", lines.remove(i))
            }
            _ => {
                lines.extend([
                    "".into(),
                    format!("## Section {}", self.step),
                    "".into(),
                    "More.".into(),
                ]);
                format!("added the heading Section {}", self.step)
            }
        };
        self.write(&path, lines.join("\n") + "\n");
        Some(format!("{rel}: {what}"))
    }

    fn create(&mut self) -> Option<String> {
        let step = self.step;
        let dir = *self.rng.pick(&["2017", "2019", "2017/notes"]);
        let path = self.content().join(format!("{dir}/new-{step}.md"));
        if path.exists() {
            return None;
        }
        let date = *self.rng.pick(&[
            "2017-03-05",
            "2017-07-05",
            "2019-01-01T00:30:00+00:00",
            "2018-02-01T10:00",
        ]);
        let speaker = *self.rng.pick(SPEAKERS);
        let topics = toml_list(&self.rng.some_of(&["Syria", "Trade", "Topic A"], 2));
        self.write(
            &path,
            format!(
                "+++\ntitle = \"New {step}\"\ndate = {date}\nspeaker = {speaker:?}\nkind = \"Readout\"\ntopics = {topics}\n+++\nNew statement {step}.\n"
            ),
        );
        Some(format!("{dir}/new-{step}.md, dated {date}, by {speaker}"))
    }

    fn delete(&mut self) -> Option<String> {
        if self.statements().len() <= 3 {
            return None;
        }
        let (path, rel, _) = self.pick_statement();
        if !self.may_unlink(std::slice::from_ref(&rel)) {
            return None;
        }
        self.remove(&path);
        Some(rel)
    }

    fn rename(&mut self) -> Option<String> {
        let (path, rel, _) = self.pick_statement();
        if !self.may_unlink(std::slice::from_ref(&rel)) {
            return None;
        }
        let to = match *self
            .rng
            .pick(&["", "2017", "2018", "2019", "2017/notes", "archive/old"])
        {
            "" => path.with_file_name(format!("renamed-{}.md", self.step)),
            dir => self.content().join(dir).join(path.file_name()?),
        };
        if to.exists() {
            return None;
        }
        self.move_path(&path, &to);
        Some(format!("{rel} to {}", self.rel(&to)))
    }

    fn rename_folder(&mut self) -> Option<String> {
        let content = self.content();
        let mut folders: Vec<PathBuf> = walkdir::WalkDir::new(&content)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir() && e.file_name() != "people")
            .map(walkdir::DirEntry::into_path)
            .filter(|d| list_files(d).iter().any(|f| f.ends_with(".md")))
            .collect();
        folders.sort();
        if folders.is_empty() {
            return None;
        }
        let from = self.rng.pick(&folders).clone();
        let rels: Vec<String> = list_files(&from)
            .iter()
            .map(|f| self.rel(&from.join(f)))
            .collect();
        if !self.may_unlink(&rels) {
            return None;
        }
        let name = from.file_name()?.to_string_lossy().into_owned();
        let to = from.with_file_name(format!("{name}-{}", self.step));
        self.move_path(&from, &to);
        Some(format!("{} to {}", self.rel(&from), self.rel(&to)))
    }

    /// Back to how a statement was at the start: pages written by a
    /// faster path must not be mistaken for up to date. A deleted one
    /// comes back now and then.
    fn restore(&mut self) -> Option<String> {
        let (path, text) = self.rng.pick(&self.originals).clone();
        if !path.exists() && !self.rng.one_in(3) {
            return None;
        }
        self.write(&path, text);
        Some(self.rel(&path))
    }

    /// Two files in one batch: one restored, one retitled.
    fn restore_and_retitle(&mut self) -> Option<String> {
        let (pick, rel, text) = self.pick_statement();
        let (path, original) = self.rng.pick(&self.originals).clone();
        if !path.exists() || path == pick {
            return None;
        }
        self.write(&path, original);
        let new = text.replacen("title = \"", &format!("title = \"Batch {} ", self.step), 1);
        self.write(&pick, new);
        Some(format!("restored {}, retitled {rel}", self.rel(&path)))
    }

    /// Rewrites, adds or deletes a people file: names, aliases (which
    /// join spellings of a speaker into one page), bio, image and roles
    /// (which a statement without `role` shows).
    fn people(&mut self) -> Option<String> {
        let step = self.step;
        let dir = self.content().join("people");
        let (file, text) = match self.rng.below(5) {
            0 | 1 => {
                let name = *self
                    .rng
                    .pick(&["Heather Nauert", "Heather Nauert", "Heather N. Nauert"]);
                let aliases = self
                    .rng
                    .some_of(&["Spokesperson Nauert", "H. Nauert", "Heather Nauert"], 2);
                let bio =
                    *self
                        .rng
                        .pick(&["Department *spokesperson*.", "Spokesperson; edition {step}.", ""]);
                let image = self.rng.one_in(3).then_some("people/nauert.jpg");
                let roles = [
                    "title = \"Department Spokesperson\"\nfrom = 2017-04-24",
                    "title = \"Acting Under Secretary\"\nfrom = 2018-03-13\nto = 2018-10-10",
                    "title = \"Anchor\"\nfrom = 2005-01-01\nto = 2017-04-23",
                ];
                let roles = self.rng.some_of(&roles, 3);
                (
                    "heather-nauert.toml",
                    person(name, &aliases, bio, image, &roles, step),
                )
            }
            2 | 3 => {
                let aliases = self.rng.some_of(&["Rex Tillerson", "Secretary Tillerson"], 2);
                let roles = self.rng.some_of(
                    &[
                        "title = \"Secretary of State\"\nfrom = 2017-02-01\nto = 2018-03-31",
                        "title = \"Chief Executive\"\nfrom = 2006-01-01\nto = 2016-12-31",
                    ],
                    2,
                );
                let text = person(
                    "Rex W. Tillerson",
                    &aliases,
                    "Tillerson {step}.",
                    None,
                    &roles,
                    step,
                );
                ("rex-w-tillerson.toml", text)
            }
            // Its name is Heather Nauert's alias: an error while she has it.
            _ => (
                "spokesperson.toml",
                person("Spokesperson Nauert", &[], "", None, &[], step),
            ),
        };
        let path = dir.join(file);
        if path.exists() && self.rng.one_in(if file == "heather-nauert.toml" { 6 } else { 3 }) {
            self.remove(&path);
            return Some(format!("deleted {file}"));
        }
        self.write(&path, &text);
        Some(format!("people/{file}: {text:?}"))
    }

    /// Overrides a template of the theme in one of the layers, its partial,
    /// or deletes an override; now and then writes one that does not parse.
    fn templates(&mut self) -> Option<String> {
        let step = self.step.to_string();
        let layer = *self.rng.pick(LAYERS);
        let (name, at, with) = *self.rng.pick(TEMPLATES);
        let built_in = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates")
            .join(name);
        let source = std::fs::read_to_string(&built_in).unwrap();
        assert!(
            source.contains(at),
            "{name} no longer has {at:?}: update TEMPLATES"
        );
        let path = self.root.join(format!("{layer}templates/{name}"));
        let partial = self.root.join(format!("{layer}templates/partials/edition.html"));
        let what = match self.rng.below(8) {
            0 | 1 if path.exists() => {
                self.remove(&path);
                "deleted"
            }
            2 if partial.exists() => {
                self.remove(&partial);
                return Some(format!("deleted {layer}templates/partials/edition.html"));
            }
            3 => {
                let text = format!("<p class=\"edition\">Edition {step} of {{{{ page.kind }}}}</p>\n");
                self.write(&partial, text);
                return Some(format!("wrote {layer}templates/partials/edition.html"));
            }
            4 if self.rng.one_in(2) => {
                self.write(&path, format!("{source}{{% if %}}"));
                "broke"
            }
            _ => {
                self.write(&path, source.replacen(at, &with.replace("{step}", &step), 1));
                "overrode"
            }
        };
        Some(format!("{what} {layer}templates/{name} ({with:?})"))
    }

    /// Writes a static file in one of the layers, or deletes one (half
    /// the time, when there is one to delete).
    fn statics(&mut self) -> Option<String> {
        let existing: Vec<&str> = STATICS
            .iter()
            .copied()
            .filter(|rel| self.root.join(rel).exists())
            .collect();
        if !existing.is_empty() && self.rng.one_in(2) {
            let rel = *self.rng.pick(&existing);
            self.remove(&self.root.join(rel));
            return Some(format!("deleted {rel}"));
        }
        let rel = *self.rng.pick(STATICS);
        let bytes = if rel.ends_with(".jpg") {
            vec![0xff, 0xd8, 0xff, self.step as u8, 0x00, 0xd9]
        } else {
            format!("/* {rel}, edition {} */\n", self.step).into_bytes()
        };
        self.write(&self.root.join(rel), bytes);
        Some(format!("wrote {rel}"))
    }

    /// Sets or removes one key of site.toml.
    fn config(&mut self) -> Option<String> {
        let path = self.root.join("site.toml");
        let mut entries = parse_config(&std::fs::read_to_string(&path).unwrap());
        let (table, key, values) = *self.rng.pick(CONFIG);
        let value = self.rng.pick(values).replace("{step}", &self.step.to_string());
        entries.retain(|(t, k, _)| !(t == table && k == key));
        if !value.is_empty() {
            entries.push((table.to_string(), key.to_string(), value.clone()));
        }
        self.write(&path, render_config(&entries));
        let place = if table.is_empty() {
            key.to_string()
        } else {
            format!("[{table}] {key}")
        };
        Some(format!("{place} = {value}"))
    }

    fn mixed(&mut self) -> Option<String> {
        let mut done = Vec::new();
        while done.len() < 2 {
            let (kind, f) = self.pick_kind(false);
            if let Some(what) = f(self) {
                *self.applied.entry(kind).or_default() += 1;
                done.push(format!("{kind}: {what}"));
            }
        }
        Some(done.join("; and "))
    }
}

/// The front matter of a statement (its lines, each ending in a newline)
/// and the rest, from the closing `+++`.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++\n")? + 1;
    Some(rest.split_at(end))
}

/// A statement's body (after the front matter).
fn body_of(text: &str) -> &str {
    split(text).map_or("", |(_, rest)| &rest[4..])
}

/// The value of a top-level front matter key, as written.
fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    split(text)?.0.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim())
    })
}

/// `text` without the front matter lines of `keys`, and with `line` (if
/// any) at the top of the front matter.
fn with_field(text: &str, keys: &[&str], line: Option<String>) -> Option<String> {
    let (front, rest) = split(text)?;
    let kept = front.lines().filter(|l| {
        let key = l.split('=').next().unwrap_or_default().trim();
        !keys.contains(&key)
    });
    let lines: Vec<String> = line.into_iter().chain(kept.map(str::to_string)).collect();
    Some(format!("+++\n{}\n{rest}", lines.join("\n")))
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

fn person(
    name: &str,
    aliases: &[&str],
    bio: &str,
    image: Option<&str>,
    roles: &[&str],
    step: usize,
) -> String {
    let mut text = format!("name = {name:?}\naliases = {}\n", toml_list(aliases));
    if !bio.is_empty() {
        text += &format!("bio = {:?}\n", bio.replace("{step}", &step.to_string()));
    }
    if let Some(image) = image {
        text += &format!("image = {image:?}\n");
    }
    for role in roles {
        text += &format!("\n[[roles]]\n{role}\n");
    }
    text
}

/// site.toml's keys as `(table, key, value)`, in order (comments left out).
fn parse_config(text: &str) -> Vec<(String, String, String)> {
    let mut table = String::new();
    let mut entries = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = name.to_string();
        } else if let Some((key, value)) = line.split_once('=')
            && !line.starts_with('#')
        {
            entries.push((table.clone(), key.trim().to_string(), value.trim().to_string()));
        }
    }
    entries
}

fn render_config(entries: &[(String, String, String)]) -> String {
    let mut tables: Vec<&str> = Vec::new();
    for (table, _, _) in entries {
        if !tables.contains(&table.as_str()) {
            tables.push(table);
        }
    }
    tables.sort_by_key(|t| !t.is_empty());
    let mut text = String::new();
    for table in tables {
        if !table.is_empty() {
            text += &format!("\n[{table}]\n");
        }
        for (_, key, value) in entries.iter().filter(|(t, _, _)| t == table) {
            text += &format!("{key} = {value}\n");
        }
    }
    text
}

/// A way of keeping a folder up to date with the archive, and of building
/// it from scratch, for [`check`] to compare.
pub(crate) trait Builder {
    /// Brings the kept folder up to date after `edit`; the build's errors
    /// if it failed.
    fn update(&mut self, edit: &Edit) -> Result<(), String>;
    /// A clean full build into the new folder `out`.
    fn clean(&mut self, out: &Path) -> Result<(), String>;
    /// The folder it keeps up to date.
    fn kept(&self) -> PathBuf;
}

/// What a run of [`check`] did.
pub(crate) struct Outcome {
    /// Steps whose two builds succeeded and were compared.
    pub compared: usize,
    /// Steps whose two builds both failed.
    pub failed: usize,
    pub applied: BTreeMap<&'static str, usize>,
    /// The first difference found, with the edits that led to it (the
    /// run stops there).
    pub problem: Option<String>,
}

/// Runs [`check`] for each seed (`start` gets the archive's folder and the
/// seed), then panics listing every seed's first difference, if any; and
/// unless each run compared at least `min_compared` steps, some edit broke
/// the build and, with `every_kind`, every kind of edit was made (checked
/// once the runs are known to have gone all the way).
pub(crate) fn check_seeds<B: Builder>(
    seeds: &[u64],
    steps: usize,
    min_compared: usize,
    every_kind: bool,
    start: impl Fn(&Path, u64) -> B,
) {
    let mut applied: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut failed = 0;
    for &seed in seeds {
        let outcome = check(seed, steps, |root| start(root, seed));
        match outcome.problem {
            Some(problem) => problems.push(problem),
            None => assert!(
                outcome.compared >= min_compared,
                "seed {seed}: only {} steps compared",
                outcome.compared
            ),
        }
        for (kind, n) in outcome.applied {
            *applied.entry(kind).or_default() += n;
        }
        failed += outcome.failed;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    if every_kind {
        for (kind, _, _) in EDITS {
            assert!(
                applied.contains_key(kind),
                "no edit of kind {kind:?} was made: {applied:?}"
            );
        }
    }
    assert!(
        failed > 0,
        "no edit broke the build: the failure path went untested"
    );
}

/// Makes `steps` random edits of a copy of the fixture archive (seeded
/// with `seed`) and after each compares the folder `builder` keeps with a
/// clean build, stopping at the first difference. After a failed build
/// the edits since the last good one are undone (three times in four, and
/// always after three failures in a row).
pub(crate) fn check<B: Builder>(seed: u64, steps: usize, start: impl FnOnce(&Path) -> B) -> Outcome {
    let site = Site::fixture("site/archive");
    let scratch = tempfile::tempdir().unwrap();
    let mut builder = start(site.root());
    let mut editor = Editor::new(site.root(), seed);
    let mut last_good = snapshot(&builder.kept());
    assert!(
        last_good.len() > 40,
        "seed {seed}: the first build wrote {} files",
        last_good.len()
    );
    let mut history: Vec<String> = Vec::new();
    let (mut compared, mut failed, mut failing) = (0, 0, 0);
    let mut problem = None;
    for step in 0..steps {
        let edit = if failing >= 3 || (failing > 0 && !editor.rng.one_in(4)) {
            editor.repair()
        } else {
            editor.edit()
        };
        history.push(format!("  step {step}: {}", edit.what));
        let kept = builder.update(&edit);
        let full = scratch.path().join(format!("full-{step}"));
        let clean = builder.clean(&full);
        let leftovers = site.leftovers();
        let wrong = match (kept, clean) {
            _ if !leftovers.is_empty() => Some(format!("left behind: {leftovers:?}")),
            (Ok(()), Ok(())) => {
                let now = snapshot(&builder.kept());
                let diff = differences(&now, &snapshot(&full));
                last_good = now;
                editor.good();
                compared += 1;
                failing = 0;
                diff.map(|d| format!("the kept folder is not what a clean build writes: {d}"))
            }
            (Err(_), Err(_)) => {
                failed += 1;
                failing += 1;
                differences(&snapshot(&builder.kept()), &last_good)
                    .map(|d| format!("a failed build changed the kept folder: {d}"))
            }
            (kept, clean) => Some(format!(
                "the update {} but the clean build {}",
                outcome(&kept),
                outcome(&clean)
            )),
        };
        let _ = std::fs::remove_dir_all(&full);
        if let Some(wrong) = wrong {
            problem = Some(format!(
                "seed {seed} step {step}; the edits so far:\n{}\n{wrong}",
                history.join("\n")
            ));
            break;
        }
    }
    Outcome {
        compared,
        failed,
        applied: editor.applied,
        problem,
    }
}

fn outcome(result: &Result<(), String>) -> String {
    match result {
        Ok(()) => "succeeded".into(),
        Err(e) => format!("failed:\n{e}\n"),
    }
}

/// How two folders' files differ (`a` the kept one), or `None`.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    let only = |x: &BTreeMap<String, Vec<u8>>, y: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        x.keys().filter(|k| !y.contains_key(*k)).cloned().collect()
    };
    let differing: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    let (extra, missing) = (only(a, b), only(b, a));
    if extra.is_empty() && missing.is_empty() && differing.is_empty() {
        return None;
    }
    let mut text = format!(
        "only in the kept folder: {extra:?}; only in the clean build: {missing:?}; different: {differing:?}"
    );
    if let Some(file) = differing.first() {
        let (x, y) = (&a[*file], &b[*file]);
        let at = x
            .iter()
            .zip(y.iter())
            .position(|(p, q)| p != q)
            .unwrap_or(x.len().min(y.len()));
        let around = |bytes: &[u8]| {
            let from = at.saturating_sub(120);
            String::from_utf8_lossy(&bytes[from..(at + 200).min(bytes.len())]).into_owned()
        };
        text += &format!(
            "\n{file}, from byte {at}:\n  kept:  {:?}\n  clean: {:?}",
            around(x),
            around(y)
        );
    }
    Some(text)
}
