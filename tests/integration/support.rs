//! Test helpers: copy a fixture (or write a site) into a temp folder, run
//! pressroom on it, and read back what it wrote as parsed HTML.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub(crate) mod edits;
pub(crate) mod server;

/// A site in a temporary folder.
pub(crate) struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty site with the given site.toml.
    pub(crate) fn new(site_toml: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), site_toml).unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        Site { dir }
    }

    /// A copy of tests/fixtures/<name>.
    pub(crate) fn fixture(name: &str) -> Site {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&src, dir.path());
        Site { dir }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file relative to the site root, creating folders.
    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Runs `pressroom ARGS --root <site>`.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pressroom"));
        cmd.args(args).arg("--root").arg(self.root());
        cmd.output().unwrap()
    }

    /// Builds the site; panics with the tool's stderr if it fails.
    pub(crate) fn build(&self) -> &Self {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }

    /// Builds, expecting failure with exit status 1; returns stderr.
    pub(crate) fn build_fails(&self) -> String {
        let out = self.run(&["build"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "expected exit 1, stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// Reads an output file (relative to public/).
    pub(crate) fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// Parses an output page.
    pub(crate) fn page(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.read(rel)))
    }
}

/// A parsed HTML page.
pub(crate) struct Page(pub Html);

impl Page {
    /// The trimmed text of every element matching `selector`.
    pub(crate) fn texts(&self, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap();
        self.0
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub(crate) fn text(&self, selector: &str) -> String {
        let texts = self.texts(selector);
        assert!(!texts.is_empty(), "nothing matches {selector}");
        texts[0].clone()
    }

    /// An attribute of every element matching `selector`.
    pub(crate) fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap();
        self.0
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub(crate) fn count(&self, selector: &str) -> usize {
        let sel = Selector::parse(selector).unwrap();
        self.0.select(&sel).count()
    }

    /// Every `href` and `src` in the page (links, stylesheets, scripts, images).
    pub(crate) fn links(&self) -> Vec<String> {
        let sel = Selector::parse("[href], [src]").unwrap();
        self.0
            .select(&sel)
            .flat_map(|e| [e.value().attr("href"), e.value().attr("src")])
            .flatten()
            .map(str::to_string)
            .collect()
    }

    /// Every `id` in the page (what `#fragment` links can target).
    pub(crate) fn ids(&self) -> Vec<String> {
        self.attrs("[id]", "id")
    }
}

pub(crate) fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted.
pub(crate) fn list_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// A minimal statement file.
pub(crate) fn statement(title: &str, date: &str, extra: &str) -> String {
    format!("+++\ntitle = {title:?}\ndate = {date}\n{extra}\n+++\nBody of {title}.\n")
}

/// A statement's card in a listing, and the title in it (the default
/// theme's classes; keep these in step with partials/card.html).
pub(crate) const CARD: &str = ".statement-list > .card";
pub(crate) const CARD_TITLE: &str = ".statement-list > .card .card-title";

pub(crate) const SITE: &str =
    "title = \"Test Archive\"\nbase_url = \"https://example.org/\"\ntimezone = \"America/New_York\"\n";

impl Site {
    /// Runs `pressroom ARGS` in the site's folder, without adding `--root`
    /// (for `init`, and for checking that `--root` defaults to the current folder).
    pub(crate) fn run_here(&self, args: &[&str]) -> Output {
        pressroom(args, self.root())
    }

    /// Builds with extra arguments (`--drafts`, `--base-url …`); panics with
    /// the tool's stderr if it fails.
    pub(crate) fn build_with(&self, args: &[&str]) -> &Self {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "build {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }

    /// Runs a command expected to fail with exit status 1 and parses the
    /// diagnostics it printed.
    pub(crate) fn diagnostics(&self, args: &[&str]) -> Vec<Diag> {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(1),
            "expected exit 1 from {args:?}, stderr:\n{stderr}"
        );
        parse_diagnostics(&stderr, self.root())
    }

    /// Deletes a file relative to the site root.
    pub(crate) fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    /// Every file of the output folder with its bytes.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.public())
    }

    /// Every output file, relative to public/, sorted.
    pub(crate) fn files(&self) -> Vec<String> {
        list_files(&self.public())
    }

    /// The statement pages under a day's folder (`2017/07/05/`), without
    /// the day's own archive page.
    pub(crate) fn pages_on(&self, day: &str) -> Vec<String> {
        let archive = format!("{day}index.html");
        self.files()
            .into_iter()
            // Pages only: not the citation and data files beside them.
            .filter(|f| f.starts_with(day) && *f != archive && f.ends_with(".html"))
            .collect()
    }

    /// Every HTML file of the output, parsed, by path relative to public/.
    pub(crate) fn html_pages(&self) -> Vec<(String, Page)> {
        self.files()
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| {
                let page = self.page(&f);
                (f, page)
            })
            .collect()
    }

    /// Staging folders and temporary files (`*.pressroom-*`) a build left
    /// in the site root or in the output folder.
    pub(crate) fn leftovers(&self) -> Vec<String> {
        let mut found: Vec<String> = std::fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".pressroom-"))
            .collect();
        if self.public().is_dir() {
            found.extend(
                walkdir::WalkDir::new(self.public())
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().contains(".pressroom-"))
                    // The mark of pressroom's own output folder.
                    .filter(|e| !(e.depth() == 1 && e.file_name() == ".pressroom-output"))
                    .map(|e| e.path().display().to_string()),
            );
        }
        found
    }
}

/// Runs `pressroom ARGS` in `cwd`.
pub(crate) fn pressroom(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

/// Every file under `dir` with its bytes, by relative path.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    list_files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// Asserts two snapshots are equal, naming the first files that differ.
pub(crate) fn assert_same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "{what}: different sets of files");
    let differing: Vec<&String> = a.iter().filter(|(k, v)| b[*k] != **v).map(|(k, _)| k).collect();
    assert!(differing.is_empty(), "{what}: these files differ: {differing:?}");
}

/// One diagnostic as printed by pressroom: `path:line:col: message`, then
/// an optional `  hint: …` line. `file` is relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diag {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// Parses pressroom's stderr into diagnostics; lines that are not
/// diagnostics (progress, the summary line) are skipped.
pub(crate) fn parse_diagnostics(stderr: &str, root: &Path) -> Vec<Diag> {
    let root = root.to_string_lossy().replace('\\', "/");
    let mut out: Vec<Diag> = Vec::new();
    for line in stderr.lines() {
        if let Some(hint) = line.strip_prefix("  hint: ") {
            if let Some(last) = out.last_mut() {
                last.hint = Some(hint.to_string());
            }
            continue;
        }
        if let Some(d) = parse_diagnostic_line(line) {
            let file = d.0.replace('\\', "/");
            let file = file
                .strip_prefix(&root)
                .or_else(|| file.strip_prefix("."))
                .unwrap_or(&file)
                .trim_start_matches('/')
                .to_string();
            out.push(Diag {
                file,
                line: d.1,
                col: d.2,
                message: d.3,
                hint: None,
            });
        }
    }
    out
}

/// Splits `path:line:col: message` (the path may itself contain `:`).
fn parse_diagnostic_line(line: &str) -> Option<(String, usize, usize, String)> {
    for (i, _) in line.match_indices(':') {
        let rest = &line[i + 1..];
        let (l, rest) = rest.split_once(':')?;
        let Some((c, message)) = rest.split_once(": ") else {
            continue;
        };
        if let (Ok(l), Ok(c)) = (l.parse(), c.parse()) {
            return Some((line[..i].to_string(), l, c, message.to_string()));
        }
    }
    None
}

/// The diagnostic reported for `file` (relative to the site root); panics
/// listing all of them if there is not exactly one.
pub(crate) fn diag_for<'a>(diags: &'a [Diag], file: &str) -> &'a Diag {
    let found: Vec<&Diag> = diags.iter().filter(|d| d.file == file).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one diagnostic for {file}, got: {diags:#?}"
    );
    found[0]
}

/// Today's date in a time zone, as `YYYY-MM-DD`.
pub(crate) fn today_in(tz: &str) -> String {
    let tz: chrono_tz::Tz = tz.parse().unwrap();
    chrono::Utc::now()
        .with_timezone(&tz)
        .format("%Y-%m-%d")
        .to_string()
}

/// A test's outside tool is missing: with CI=true that is a failure (CI
/// installs every tool, see .ci/run); elsewhere the test skips, saying so
/// loudly on stderr (straight to it: the harness captures `eprintln!`,
/// and a skipped test must not go unnoticed). `what` names the test ("the
/// browser test"), `needs` the tool, `install` how to get it.
pub(crate) fn tool_missing(what: &str, needs: &str, why: &str, install: &str) {
    use std::io::Write as _;
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{what} needs {needs} ({why}); {install}");
    }
    let bar = "!".repeat(68);
    let _ = writeln!(
        std::io::stderr(),
        "\n{bar}\n!!! SKIPPED {what}: {needs} missing: {why}.\n!!! {install}; with CI=true this test fails instead.\n{bar}\n"
    );
}
