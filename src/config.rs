//! Configuration: `site.toml` in, a validated [`Config`] out.
//!
//! [`RawConfig`] mirrors the file (unknown keys are errors); [`Config`] is
//! what the rest of the pipeline reads: a parsed time zone, a base URL split
//! into origin and path, a checked permalink pattern and known taxonomies.
//! Every key has a default except `title` and `base_url`.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::Deserialize;

use crate::diag::{self, Diagnostic, Diagnostics};
use crate::permalink::Permalink;

pub const DEFAULT_KINDS: &[&str] = &[
    "Press Statement",
    "Remarks",
    "Readout",
    "Media Note",
    "Fact Sheet",
    "Notice to the Press",
    "Taken Question",
    "Joint Statement",
    "Press Briefing",
    "Interview",
    "Speech",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<toml::Spanned<String>>,
    #[serde(default)]
    description: String,
    language: Option<String>,
    publisher: Option<toml::Spanned<String>>,
    image: Option<toml::Spanned<String>>,
    timezone: Option<toml::Spanned<String>>,
    theme: Option<toml::Spanned<String>>,
    output_dir: Option<String>,
    permalink: Option<toml::Spanned<String>>,
    kinds: Option<Vec<String>>,
    taxonomies: Option<toml::Spanned<Vec<String>>>,
    #[serde(default)]
    archive: RawArchive,
    #[serde(default)]
    feeds: RawFeeds,
    #[serde(default)]
    links: RawLinks,
    #[serde(default)]
    import: RawImport,
    #[serde(default)]
    search: RawSearch,
    #[serde(default)]
    data: RawData,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    summary: RawSummary,
}

/// `table.key` is a key of that table: written elsewhere, it is told where it belongs.
const TOP_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "publisher",
    "image",
    "timezone",
    "theme",
    "output_dir",
    "permalink",
    "kinds",
    "taxonomies",
    "archive",
    "feeds",
    "links",
    "import",
    "archive.per_page",
    "feeds.limit",
    "feeds.full_content",
    "feeds.formats",
    "feeds.terms",
    "links.related",
    "import.drop",
    "search",
    "search.enabled",
    "data",
    "data.enabled",
    "data.split_above",
    "markdown",
    "markdown.raw_html",
    "summary",
    "summary.skip",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArchive {
    per_page: Option<toml::Spanned<usize>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeeds {
    limit: Option<usize>,
    full_content: Option<bool>,
    formats: Option<toml::Spanned<Vec<String>>>,
    terms: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    related: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    enabled: Option<bool>,
    split_above: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    enabled: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    raw_html: Option<toml::Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSummary {
    skip: Option<toml::Spanned<Vec<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport {
    drop: Option<Vec<String>>,
}

/// The four taxonomies an archive can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Taxonomy {
    Speakers,
    Topics,
    Kinds,
    Countries,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 4] = [
        Taxonomy::Speakers,
        Taxonomy::Topics,
        Taxonomy::Kinds,
        Taxonomy::Countries,
    ];

    /// The name in site.toml, which is also the output folder.
    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Speakers => "speakers",
            Taxonomy::Topics => "topics",
            Taxonomy::Kinds => "kinds",
            Taxonomy::Countries => "countries",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Taxonomy::Speakers => "Speakers",
            Taxonomy::Topics => "Topics",
            Taxonomy::Kinds => "Kinds",
            Taxonomy::Countries => "Countries",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Taxonomy::Speakers => "Speaker",
            Taxonomy::Topics => "Topic",
            Taxonomy::Kinds => "Kind",
            Taxonomy::Countries => "Country",
        }
    }

    fn parse(name: &str) -> Option<Taxonomy> {
        Taxonomy::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// What raw HTML in Markdown (`<b>`, `<script>`, `<div>` blocks) becomes:
/// `[markdown] raw_html`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RawHtml {
    /// Shown as the text it is: nothing is lost and nothing runs (the default).
    #[default]
    Escape,
    /// Left out of the page.
    Drop,
    /// Passed into the page as written (CommonMark's rule): for archives
    /// whose every author is trusted.
    Keep,
}

impl RawHtml {
    pub const ALL: [RawHtml; 3] = [RawHtml::Escape, RawHtml::Drop, RawHtml::Keep];

    pub fn name(self) -> &'static str {
        match self {
            RawHtml::Escape => "escape",
            RawHtml::Drop => "drop",
            RawHtml::Keep => "keep",
        }
    }
}

/// The feed formats pressroom writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeedFormat {
    Atom,
    Rss,
    Json,
}

impl FeedFormat {
    pub const ALL: [FeedFormat; 3] = [FeedFormat::Atom, FeedFormat::Rss, FeedFormat::Json];

    pub fn name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom",
            FeedFormat::Rss => "rss",
            FeedFormat::Json => "json",
        }
    }

    /// The file written in each feed folder.
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Json => "feed.json",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Json => "application/feed+json",
        }
    }
}

#[derive(Debug, Clone)]
pub struct FeedsConfig {
    pub limit: usize,
    pub full_content: bool,
    pub formats: Vec<FeedFormat>,
    pub terms: bool,
}

/// A base URL split into its origin (`https://example.org`) and its path,
/// which always starts and ends with `/` (`/archive/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    pub origin: String,
    pub path: String,
}

impl BaseUrl {
    /// Parses a base URL. It goes into every link of every page and feed,
    /// so it must be plain: http(s), a host, and a folder path without
    /// `.` or `..` segments, query, fragment, or characters that would
    /// need escaping.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("`{url}` is not an absolute URL"))?;
        if scheme != "http" && scheme != "https" {
            return Err(format!("`{url}` must start with https:// or http://"));
        }
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (host, path) = rest.split_at(host_end);
        if host.is_empty() {
            return Err(format!("`{url}` has no host name"));
        }
        if host.contains('@') {
            return Err(format!(
                "`{url}` has a user name before its host; write the host alone"
            ));
        }
        if !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']'))
        {
            return Err(format!("`{url}` has a character a host name cannot hold"));
        }
        if path.contains(['?', '#']) {
            return Err(format!(
                "`{url}` must not have a query (`?…`) or a fragment (`#…`)"
            ));
        }
        if path
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\^`{|}".contains(c))
        {
            return Err(format!(
                "`{url}` has a space, a quote or another character that a URL path cannot hold as it is"
            ));
        }
        // Browsers resolve `.` and `..` (also written `%2e`) away, so the
        // site would not be where its links say.
        let dot_segment = |seg: &str| {
            let seg = seg.to_ascii_lowercase().replace("%2e", ".");
            seg == "." || seg == ".."
        };
        if path.split('/').any(dot_segment) {
            return Err(format!(
                "`{url}` has a `.` or `..` segment in its path; write the folder the site is served from as it is, e.g. https://example.org/archive/"
            ));
        }
        let mut path = if path.is_empty() {
            "/".to_string()
        } else {
            path.to_string()
        };
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{scheme}://{host}"),
            path,
        })
    }

    /// A root-relative URL (`/archive/2017/`) for a site path (`2017/`).
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// An absolute URL (`https://example.org/archive/2017/`) for a site path.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.url(site_path))
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.origin, self.path)
    }
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub base_url: BaseUrl,
    pub description: String,
    pub language: String,
    /// Who publishes the statements, as citations name it (`publisher`,
    /// default: the site's title).
    pub publisher: String,
    /// The site's default image for link previews (`image`): a path under
    /// static/ or an `https://` address.
    pub image: Option<String>,
    pub timezone: Tz,
    pub theme: String,
    pub output_dir: PathBuf,
    pub permalink: Permalink,
    pub kinds: Vec<String>,
    pub taxonomies: Vec<Taxonomy>,
    pub per_page: usize,
    pub feeds: FeedsConfig,
    pub related: usize,
    /// Past how many statements the bulk data is split by year
    /// (`[data] split_above`, default [`crate::data::SPLIT_ABOVE`]).
    pub data_split_above: usize,
    /// Write the archive as data: `index.json` beside each statement and
    /// the `data/` folder (`[data] enabled`, default true).
    pub data: bool,
    /// Write the search page and its index (`[search] enabled`, default true).
    pub search: bool,
    /// What raw HTML in Markdown becomes (`[markdown] raw_html`).
    pub raw_html: RawHtml,
    pub import_drop: Vec<String>,
    /// The lead-in sentences a default summary skips (`[summary] skip`,
    /// default [`crate::markdown::summary::DEFAULT_SKIP`]).
    pub summary_skip: Vec<regex::Regex>,
    /// The key ([`crate::key`]) of site.toml's text and the command line's
    /// overrides: what every output that reads the configuration depends on.
    pub key: crate::key::Key,
}

impl Config {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    pub fn has_taxonomy(&self, taxonomy: Taxonomy) -> bool {
        self.taxonomies.contains(&taxonomy)
    }

    /// Parses site.toml's text. `path` is used in diagnostics only.
    pub fn parse(root: &Path, path: &Path, text: &str) -> Result<Config, Diagnostics> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| Diagnostics::from(diag::toml_error(path, text, 0, &e, TOP_KEYS)))?;
        let mut diags = Diagnostics::default();
        let at =
            |span: std::ops::Range<usize>, msg: String| Diagnostic::at_offset(path, text, span.start, msg);

        let title = raw.title.unwrap_or_default();
        if title.trim().is_empty() {
            diags.push(
                Diagnostic::file(path, "site.toml has no `title`")
                    .with_hint("add a line such as: title = \"Press Statements Archive\""),
            );
        }
        let base_url = match &raw.base_url {
            None => {
                diags.push(
                    Diagnostic::file(path, "site.toml has no `base_url`").with_hint(
                        "add the address the site will be served from, e.g. base_url = \"https://example.org/archive/\"",
                    ),
                );
                None
            }
            Some(url) => match BaseUrl::parse(url.get_ref()) {
                Ok(b) => Some(b),
                Err(msg) => {
                    diags.push(
                        at(url.span(), format!("bad `base_url`: {msg}"))
                            .with_hint("write it in full, e.g. \"https://example.org/archive/\""),
                    );
                    None
                }
            },
        };
        let timezone = match &raw.timezone {
            None => Some(chrono_tz::UTC),
            Some(tz) => match tz.get_ref().parse::<Tz>() {
                Ok(tz) => Some(tz),
                Err(_) => {
                    let mut d = at(tz.span(), format!("unknown time zone `{}`", tz.get_ref()));
                    d = d.with_hint(
                        match diag::did_you_mean(
                            tz.get_ref(),
                            chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()),
                        ) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None => {
                                "use an IANA name such as \"America/New_York\" or \"Europe/Paris\"".into()
                            }
                        },
                    );
                    diags.push(d);
                    None
                }
            },
        };
        let permalink = match &raw.permalink {
            None => Some(Permalink::default()),
            Some(p) => match Permalink::parse(p.get_ref()) {
                Ok(p) => Some(p),
                Err(msg) => {
                    diags.push(at(p.span(), format!("bad `permalink`: {msg}")).with_hint(
                        "use the placeholders :year, :month, :day and :slug, e.g. \"/:year/:month/:day/:slug/\"",
                    ));
                    None
                }
            },
        };
        let mut taxonomies = Vec::new();
        match &raw.taxonomies {
            None => taxonomies.extend(Taxonomy::ALL),
            Some(list) => {
                for name in list.get_ref() {
                    match Taxonomy::parse(name) {
                        Some(t) if !taxonomies.contains(&t) => taxonomies.push(t),
                        Some(_) => {}
                        None => diags.push(at(list.span(), format!("unknown taxonomy `{name}`")).with_hint(
                            "the taxonomies are \"speakers\", \"topics\", \"kinds\" and \"countries\"",
                        )),
                    }
                }
            }
        }
        let mut formats = Vec::new();
        match &raw.feeds.formats {
            None => formats.extend(FeedFormat::ALL),
            Some(list) => {
                for name in list.get_ref() {
                    match FeedFormat::ALL.into_iter().find(|f| f.name() == name) {
                        Some(f) if !formats.contains(&f) => formats.push(f),
                        Some(_) => {}
                        None => diags.push(
                            at(list.span(), format!("unknown feed format `{name}`"))
                                .with_hint("the formats are \"atom\", \"rss\" and \"json\""),
                        ),
                    }
                }
            }
        }
        let per_page = match &raw.archive.per_page {
            Some(p) if *p.get_ref() == 0 => {
                diags.push(
                    at(p.span(), "`[archive] per_page` must be at least 1".into())
                        .with_hint("the default is 50"),
                );
                1
            }
            Some(p) => *p.get_ref(),
            None => 50,
        };
        let raw_html = match &raw.markdown.raw_html {
            None => RawHtml::default(),
            Some(v) => RawHtml::ALL
                .into_iter()
                .find(|r| r.name() == v.get_ref().trim())
                .unwrap_or_else(|| {
                    diags.push(
                        at(v.span(), format!("unknown `[markdown] raw_html` \"{}\"", v.get_ref()))
                            .with_hint("write \"escape\" (show raw HTML as text, the default), \"drop\" (leave it out) or \"keep\" (pass it through: trusted authors only)"),
                    );
                    RawHtml::default()
                }),
        };
        let theme = match &raw.theme {
            None => "default".to_string(),
            Some(t) => {
                let name = t.get_ref().trim();
                if !is_folder_name(name) {
                    diags.push(
                        at(t.span(), format!("`theme` \"{}\" is not the name of a folder", t.get_ref().escape_debug()))
                            .with_hint("a theme is a folder in themes/: write its name alone, e.g. theme = \"default\" or theme = \"archive-2020\" for themes/archive-2020/"),
                    );
                }
                name.to_string()
            }
        };
        let publisher = match &raw.publisher {
            Some(p) if p.get_ref().trim().is_empty() => {
                diags.push(
                    at(p.span(), "`publisher` is empty".into())
                        .with_hint("name who publishes the statements, e.g. publisher = \"U.S. Department of State, Office of the Spokesperson\", or remove the line to cite the site's title"),
                );
                None
            }
            Some(p) => Some(p.get_ref().trim().to_string()),
            None => None,
        };
        let image = raw.image.as_ref().and_then(|i| {
            let value = i.get_ref().trim();
            if let Some(rest) = value
                .strip_prefix("https://")
                .or_else(|| value.strip_prefix("http://"))
            {
                if !rest.is_empty()
                    && !value
                        .chars()
                        .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
                {
                    return Some(value.to_string());
                }
            } else if !value.is_empty()
                && !value.contains("://")
                && !value.contains(':')
                && !value.split('/').any(|part| part == ".." || part == ".")
                && !value
                    .chars()
                    .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>' || c == '\\')
            {
                return Some(value.trim_start_matches('/').to_string());
            }
            diags.push(
                at(
                    i.span(),
                    format!(
                        "bad `image` \"{}\": expected a path under static/ or an https:// address",
                        value.escape_debug()
                    ),
                )
                .with_hint("e.g. image = \"images/seal.png\" for static/images/seal.png"),
            );
            None
        });
        let summary_skip = match &raw.summary.skip {
            None => crate::markdown::summary::DEFAULT_SKIP
                .iter()
                .map(|p| p.to_string())
                .collect(),
            Some(list) => list.get_ref().clone(),
        };
        let summary_skip = crate::markdown::summary::compile(&summary_skip).unwrap_or_else(|(i, msg)| {
            let span = raw.summary.skip.as_ref().map_or(0..0, |l| l.span());
            let message = msg.lines().last().unwrap_or_default().trim().to_string();
            diags.push(
                at(
                    span,
                    format!(
                        "`[summary] skip`: pattern {} is not a regular expression: {message}",
                        i + 1
                    ),
                )
                .with_hint(
                    "write each pattern as a regular expression in single quotes, e.g. '(?i)^thank you\\b'",
                ),
            );
            Vec::new()
        });
        let kinds = raw
            .kinds
            .unwrap_or_else(|| DEFAULT_KINDS.iter().map(|k| k.to_string()).collect());

        let (Some(base_url), Some(timezone), Some(permalink)) = (base_url, timezone, permalink) else {
            return diags.into_result(()).and_then(|_| unreachable_config(path));
        };
        let publisher = publisher.unwrap_or_else(|| title.trim().to_string());
        diags.into_result(Config {
            key: crate::key::of(text),
            root: root.to_path_buf(),
            title,
            base_url,
            description: raw.description,
            language: raw.language.unwrap_or_else(|| "en".into()),
            publisher,
            image,
            timezone,
            theme,
            output_dir: root.join(raw.output_dir.unwrap_or_else(|| "public".into())),
            permalink,
            kinds,
            taxonomies,
            per_page: per_page.max(1),
            feeds: FeedsConfig {
                limit: raw.feeds.limit.unwrap_or(50),
                full_content: raw.feeds.full_content.unwrap_or(true),
                formats,
                terms: raw.feeds.terms.unwrap_or(true),
            },
            related: raw.links.related.unwrap_or(5),
            search: raw.search.enabled.unwrap_or(true),
            data_split_above: raw.data.split_above.unwrap_or(crate::data::SPLIT_ABOVE),
            data: raw.data.enabled.unwrap_or(true),
            raw_html,
            summary_skip,
            import_drop: raw.import.drop.unwrap_or_else(|| {
                vec![
                    "^The Office of Website Management, Bureau of Public Affairs".into(),
                    "^External links to other Internet sites should not be construed".into(),
                    "^PRN: ".into(),
                ]
            }),
        })
    }

    /// Reads `ROOT/site.toml`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::file(&path, format!("cannot read site.toml: {e}")).with_hint(
                "run pressroom in the archive's folder, pass --root DIR, or create one with `pressroom init DIR`",
            )
        })?;
        Config::parse(root, &path, &text)
    }
}

/// A theme name is one plain folder name: not empty, no `/` or `\\`, not
/// `.` or `..` and not hidden, so that `themes/<name>/` stays in themes/.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control())
}

/// Reached only if a required value failed without a diagnostic; kept as an
/// error rather than a panic.
fn unreachable_config(path: &Path) -> Result<Config, Diagnostics> {
    Err(Diagnostic::file(path, "site.toml is not valid").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_path() {
        let b = BaseUrl::parse("https://example.org/archive").unwrap();
        assert_eq!(b.path, "/archive/");
        assert_eq!(b.url("2017/"), "/archive/2017/");
        assert_eq!(b.absolute("/x/"), "https://example.org/archive/x/");
        assert!(BaseUrl::parse("example.org").is_err());
    }

    /// `https://example.org/../../` was accepted, and every link of the
    /// site pointed somewhere else than the site.
    #[test]
    fn base_url_paths_are_plain_folders() {
        for bad in [
            "https://example.org/../../",
            "https://example.org/archive/./",
            "https://example.org/a/%2E%2e/",
            "https://example.org/archive/?x=1",
            "https://example.org?x=1",
            "https://example.org/#top",
            "https://example.org/a b/",
            "https://example.org/\"><script>/",
            "https://user@example.org/",
            "https://exa<mple.org/",
            "javascript://example.org/%0aalert(1)",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad} accepted");
        }
        for good in [
            "https://example.org",
            "http://localhost:1111/",
            "https://example.org/archive/2020.v1/",
            "https://[::1]:8080/a/",
        ] {
            assert!(BaseUrl::parse(good).is_ok(), "{good} refused");
        }
    }

    #[test]
    fn theme_names_are_plain_folder_names() {
        for bad in [
            "../../../../etc",
            "a/b",
            "..",
            ".hidden",
            "",
            "/etc",
            "c:\\x",
            "a\\b",
        ] {
            assert!(!is_folder_name(bad), "{bad:?} accepted");
        }
        for good in ["default", "archive-2020", "my theme", "v1.2"] {
            assert!(is_folder_name(good), "{good:?} refused");
        }
    }
}
