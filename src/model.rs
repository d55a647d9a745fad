//! The model: plain data passed between pipeline stages.
//!
//! `content` produces [`Statement`]s, `markdown` produces a [`Body`] for each,
//! `archive` and `links` index them. Nothing here does I/O or depends on any
//! stage; every type is a value that a later stage can read without knowing
//! how it was made.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

/// One statement, validated, with its URL decided.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Statement {
    /// The file, as found (for diagnostics).
    #[serde(skip)]
    pub path: PathBuf,
    /// Path relative to content/, with `/` separators: what `@/` links name.
    pub rel: String,
    pub title: String,
    /// In the site's time zone.
    pub date: DateTime<FixedOffset>,
    /// False when front matter gave a date without a time of day.
    pub has_time: bool,
    /// One of site.toml's kinds, when given.
    pub kind: Option<String>,
    pub speakers: Vec<String>,
    pub role: Option<String>,
    /// Each speaker's role, in the order of `speakers` (`""`: none given);
    /// may be shorter than `speakers`.
    pub roles: Vec<String>,
    /// The office that issued the statement (`Office of the Spokesperson`),
    /// which is not a speaker.
    pub issuer: Option<String>,
    pub location: Option<String>,
    pub topics: Vec<String>,
    pub countries: Vec<String>,
    /// From front matter; the body's first paragraph is used when absent.
    pub summary: Option<String>,
    pub slug: String,
    /// Where the original was published.
    pub source: Option<String>,
    /// The publisher's document number.
    pub id: Option<String>,
    /// The statement's stable document id: `id`, else one derived from
    /// its file's path under content/ (see [`crate::permalink::document_id`]),
    /// which a corrected title does not change.
    pub doc_id: String,
    /// Site path of the statement's permanent address (`id/<slug>/`),
    /// which redirects to its page.
    pub id_path: String,
    /// Line and column of `id` (of the file's start when there is none),
    /// for diagnostics.
    #[serde(skip)]
    pub id_position: (usize, usize),
    pub updated: Option<DateTime<FixedOffset>>,
    /// False when `updated` is a date without a time of day.
    pub updated_has_time: bool,
    /// Old site paths (no leading slash; a folder ends in `/`, a file such
    /// as `old.html` does not) that redirect here.
    pub aliases: Vec<String>,
    /// Line and column of each alias in the file, for diagnostics.
    #[serde(skip)]
    pub alias_positions: Vec<(usize, usize)>,
    pub draft: bool,
    pub extra: serde_json::Value,
    /// The Markdown body.
    #[serde(skip)]
    pub body: String,
    /// 1-based line of the file on which the body starts.
    #[serde(skip)]
    pub body_line: usize,
    /// Site path of the statement's page (`2017/07/05/slug/`).
    pub site_path: String,
    /// Line and column of what decides the URL (`slug`, else `title`), for
    /// diagnostics.
    #[serde(skip)]
    pub url_position: (usize, usize),
}

impl Statement {
    /// The values this statement has in a taxonomy.
    pub fn terms(&self, taxonomy: crate::config::Taxonomy) -> &[String] {
        use crate::config::Taxonomy;
        match taxonomy {
            Taxonomy::Speakers => &self.speakers,
            Taxonomy::Topics => &self.topics,
            Taxonomy::Kinds => self.kind.as_slice(),
            Taxonomy::Countries => &self.countries,
        }
    }

    /// Each speaker's role on this statement, in the order of `speakers`:
    /// the role the front matter gives (`roles`, and `role` for the first
    /// speaker), else the role the speaker's people file says they held
    /// on the statement's date.
    pub fn speaker_roles(&self, people: &People) -> Vec<Option<String>> {
        self.speakers
            .iter()
            .enumerate()
            .map(|(n, name)| {
                let held = || {
                    let person = &people.list[people.find(name)?];
                    person.role_on(self.date.date_naive()).map(|r| r.title.clone())
                };
                let given = self.roles.get(n).filter(|r| !r.is_empty()).cloned();
                if n == 0 {
                    given.or_else(|| self.role.clone()).or_else(held)
                } else {
                    given.or_else(held)
                }
            })
            .collect()
    }

    /// The date shown as "last changed": `updated`, else `date`.
    pub fn last_modified(&self) -> DateTime<FixedOffset> {
        self.updated.unwrap_or(self.date)
    }
}

/// A statement's body rendered to HTML.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Body {
    /// The HTML, for the page and for feeds.
    pub html: Html,
    /// Plain text: front matter `summary`, else the first paragraph.
    pub summary: String,
    /// Ids of the headings, in order (what `#anchor` links can target).
    pub heading_ids: Vec<String>,
    /// Content paths (`2017/x.md`) of the statements this body links to
    /// with `@/`, in order of first appearance, without repeats.
    pub references: Vec<String>,
    /// Number of words in the body (for reading time and the search index).
    pub words: usize,
    /// Links in the body to other pages of the site (not `@/` links, which
    /// are resolved and checked as they are rendered), to check once the
    /// site's files are known.
    #[serde(skip)]
    pub local_links: Vec<LocalLink>,
    /// Statements (content paths) linked with `@/` that had errors of
    /// their own when this body was rendered: the body is rendered again
    /// once they load.
    #[serde(skip)]
    pub unresolved: Vec<String>,
}

/// A body's HTML as rendered: for the statement's page and for feeds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    pub html: String,
    /// The same HTML with every link and image made absolute, for feeds;
    /// `None` when it would equal `html`'s absolute form already (no
    /// site-relative links in the body).
    pub feed_html: Option<String>,
}

/// Where HTML kept outside memory is read from (the build cache, see
/// [`crate::build::state`]). A source that cannot read what it kept
/// gives empty HTML and remembers the failure, which the build reports
/// before anything is written.
pub trait HtmlSource: Send + Sync {
    fn read(&self, at: u64) -> Rendered;
}

/// A body's HTML: rendered in this run, or kept by the build cache and
/// read from it the first time a page or feed needs it. Most pages of a
/// build after one edit are not made again, so most kept bodies are never
/// read.
#[derive(Clone, Default)]
pub struct Html {
    cell: std::sync::OnceLock<Rendered>,
    source: Option<(std::sync::Arc<dyn HtmlSource>, u64)>,
}

impl Html {
    pub fn new(rendered: Rendered) -> Html {
        Html {
            cell: std::sync::OnceLock::from(rendered),
            source: None,
        }
    }

    /// HTML kept by `source` at `at`, read when first needed.
    pub fn kept(source: std::sync::Arc<dyn HtmlSource>, at: u64) -> Html {
        Html {
            cell: std::sync::OnceLock::new(),
            source: Some((source, at)),
        }
    }

    pub fn get(&self) -> &Rendered {
        self.cell.get_or_init(|| match &self.source {
            Some((source, at)) => source.read(*at),
            None => Rendered::default(),
        })
    }

    /// Where the build cache keeps this HTML, when it was read from there
    /// (and so is kept there already).
    pub fn kept_at(&self, source: &std::sync::Arc<dyn HtmlSource>) -> Option<u64> {
        match &self.source {
            Some((s, at)) if std::sync::Arc::ptr_eq(s, source) => Some(*at),
            _ => None,
        }
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cell.get() {
            Some(r) => r.fmt(f),
            None => f.write_str("Html(kept)"),
        }
    }
}

impl serde::Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}

/// A link in a body to a site path, and where it is written.
#[derive(Debug, Clone)]
pub struct LocalLink {
    /// Site path without query or fragment (`topics/`, `2017/x/`, `a.pdf`).
    pub target: String,
    pub line: usize,
    pub col: usize,
}

/// A person described in `content/people/<slug>.toml`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Person {
    #[serde(skip)]
    pub path: PathBuf,
    pub slug: String,
    pub name: String,
    /// How indexes sort and show the name (`Tillerson, Rex W.`), when the
    /// file gives one; else it is derived from `name`
    /// ([`crate::archive::sort_name`]).
    pub sort_name: Option<String>,
    pub aliases: Vec<String>,
    /// Line and column of `name` and of each alias, for diagnostics.
    #[serde(skip)]
    pub name_positions: Vec<(usize, usize)>,
    /// Markdown.
    pub bio: String,
    pub image: Option<String>,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Role {
    pub title: String,
    pub from: chrono::NaiveDate,
    pub to: Option<chrono::NaiveDate>,
}

impl Person {
    /// The role held on `date`, the latest-starting one if several overlap.
    pub fn role_on(&self, date: chrono::NaiveDate) -> Option<&Role> {
        self.roles
            .iter()
            .filter(|r| r.from <= date && r.to.is_none_or(|to| date <= to))
            .max_by_key(|r| r.from)
    }
}

/// A name as people match it: case-insensitive, whitespace collapsed.
pub fn normalize_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The people of an archive, found by any of their names.
#[derive(Debug, Clone, Default)]
pub struct People {
    pub list: Vec<Person>,
    by_name: std::collections::HashMap<String, usize>,
}

impl People {
    pub fn new(list: Vec<Person>) -> People {
        let mut by_name = std::collections::HashMap::new();
        for (i, p) in list.iter().enumerate() {
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                by_name.entry(normalize_name(name)).or_insert(i);
            }
        }
        People { list, by_name }
    }

    /// The person a speaker name refers to.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.by_name.get(&normalize_name(name)).copied()
    }
}

/// A JSON value kept as its text, for formats that cannot hold any value
/// without a schema (postcard, in the build cache).
pub mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
