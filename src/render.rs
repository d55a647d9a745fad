//! Rendering: the model, the archive plan and the theme in; one HTML page
//! per [`PageSpec`] out.
//!
//! Every page is a pure function of its context: all data a template sees
//! enters through the context built in [`context`] (plus the site-wide
//! `site` value), never through a template function that reaches into the
//! site. Templates are Tera 2; pressroom adds the filters `date`, `url`,
//! `abs_url`, `slugify` and `markdown`.

pub mod context;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::archive::{Archive, PageKind, PageSpec};
use crate::config::{BaseUrl, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::key::Key;
use crate::links::LinkGraph;
use crate::model::{Body, People, Statement};
use crate::paths;
use crate::theme::ThemeFiles;

/// Everything a page can be rendered from.
#[derive(Clone, Copy)]
pub struct SiteData<'a> {
    pub config: &'a Config,
    pub statements: &'a [Arc<Statement>],
    pub bodies: &'a [Arc<Body>],
    pub archive: &'a Archive,
    pub people: &'a People,
    pub links: &'a LinkGraph,
}

/// A rendered output file.
pub struct Rendered {
    /// Path under the output folder, `/`-separated (`2017/index.html`).
    pub file: String,
    pub bytes: Vec<u8>,
}

/// The template engine, loaded with the layered theme and pressroom's filters.
pub struct Renderer {
    tera: Tera,
    theme: Arc<ThemeFiles>,
    /// Per template: the key of its text and of every template it
    /// extends, includes or imports, through any depth (see [`template_keys`]).
    template_keys: HashMap<String, Key>,
    /// The key of every template's name and text.
    all_templates: Key,
    /// The key of the `site` value set last.
    site_key: Key,
}

/// The templates a theme must provide (the built-in theme has all of them).
pub const TEMPLATES: &[&str] = &[
    "index.html",
    "statement.html",
    "list.html",
    "archive.html",
    "taxonomy.html",
    "term.html",
    "404.html",
    "redirect.html",
    "search.html",
];

impl Renderer {
    pub fn new(config: &Config, theme: Arc<ThemeFiles>) -> Result<Renderer, Diagnostics> {
        let mut tera = Tera::new();
        register_filters(&mut tera, config);
        let mut diags = Diagnostics::default();
        let mut sources = Vec::new();
        for (name, source) in &theme.templates {
            match source.read() {
                Ok(bytes) => match String::from_utf8(bytes.into_owned()) {
                    Ok(text) => sources.push((name.clone(), text)),
                    Err(_) => diags.push(Diagnostic::file(
                        source.display_path(name, "templates"),
                        "template is not UTF-8 text",
                    )),
                },
                Err(d) => diags.push(d),
            }
        }
        diags.into_result(())?;
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| tera_diagnostic(&e, &theme))?;
        Ok(Renderer {
            tera,
            theme,
            template_keys: template_keys(&sources),
            all_templates: crate::key::of(&sources),
            site_key: Key::default(),
        })
    }

    /// Sets the `site` value every template sees.
    pub fn set_site(&mut self, site: &context::SiteView) {
        self.site_key = crate::key::of(site);
        self.tera
            .global_context()
            .insert_value("site", Value::from_serializable(site));
    }

    /// The key of everything every page sees besides its context: the
    /// templates and the `site` value.
    pub fn globals(&self) -> Key {
        crate::key::of(&(self.all_templates, self.site_key))
    }

    /// The key of a page: of what its template receives (`context` and
    /// `site`), of the template with what it includes and extends, and of
    /// this version of pressroom (whose code turns one into the other).
    pub fn key(&self, spec: &PageSpec, context: &context::Context) -> Key {
        let template = template_for(&spec.kind);
        crate::key::of(&(
            env!("CARGO_PKG_VERSION"),
            self.template_keys.get(template),
            self.site_key,
            context,
        ))
    }

    /// Renders one page from its context.
    pub fn render_context(&self, spec: &PageSpec, ctx: &context::Context) -> Result<Rendered, Diagnostic> {
        let template = template_for(&spec.kind);
        let html = tera::Context::from_serialize(ctx)
            .and_then(|ctx| self.tera.render(template, &ctx))
            .map_err(|e| tera_diagnostic(&e, &self.theme))?;
        Ok(Rendered {
            file: paths::output_file(&spec.site_path),
            bytes: html.into_bytes(),
        })
    }

    /// Renders a named template with a context (feeds of later stages, tests).
    pub fn render_template(&self, template: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map_err(|e| tera_diagnostic(&e, &self.theme))
    }
}

/// Which template renders a page kind.
pub fn template_for(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::Home => "index.html",
        PageKind::Statement(_) => "statement.html",
        PageKind::List => "list.html",
        PageKind::Year(_) | PageKind::Month(..) | PageKind::Day(..) => "archive.html",
        PageKind::TaxonomyIndex(_) => "taxonomy.html",
        PageKind::Term(..) => "term.html",
        PageKind::NotFound => "404.html",
        PageKind::Search => "search.html",
        PageKind::Alias(_) => "redirect.html",
    }
}

/// Each template's key: of its own text and of the templates it names in
/// `extends`, `include` and `import` tags, through any depth. A template
/// that names one by an expression rather than a quoted name could reach
/// any of them: its key is that of every template.
fn template_keys(sources: &[(String, String)]) -> HashMap<String, Key> {
    let tag = regex::Regex::new(r#"\{%-?\s*(?:extends|include|import)\s+([^\s%]+)"#).ok();
    let texts: HashMap<&str, &str> = sources.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let all = crate::key::of(sources);
    // Per template: the names it refers to, or None when one is not quoted.
    let refers: HashMap<&str, Option<Vec<String>>> = sources
        .iter()
        .map(|(name, text)| {
            let mut names = Some(Vec::new());
            for c in tag.iter().flat_map(|re| re.captures_iter(text)) {
                let arg = c.get(1).map_or("", |m| m.as_str());
                let quoted = arg
                    .strip_prefix('"')
                    .and_then(|a| a.strip_suffix('"'))
                    .or_else(|| arg.strip_prefix('\'').and_then(|a| a.strip_suffix('\'')));
                match (quoted, names.as_mut()) {
                    (Some(n), Some(list)) => list.push(n.to_string()),
                    _ => names = None,
                }
            }
            (name.as_str(), names)
        })
        .collect();
    sources
        .iter()
        .map(|(name, _)| {
            let mut seen = std::collections::BTreeSet::new();
            let mut todo = vec![name.as_str()];
            let mut dynamic = false;
            while let Some(n) = todo.pop() {
                if !seen.insert(n) {
                    continue;
                }
                match refers.get(n) {
                    Some(Some(list)) => todo.extend(list.iter().map(String::as_str)),
                    Some(None) => dynamic = true,
                    None => {}
                }
            }
            let key = if dynamic {
                all
            } else {
                let parts: Vec<(&str, Option<&&str>)> = seen.iter().map(|n| (*n, texts.get(n))).collect();
                crate::key::of(&parts)
            };
            (name.clone(), key)
        })
        .collect()
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn tera_diagnostic(error: &tera::Error, theme: &ThemeFiles) -> Diagnostic {
    use tera::ErrorKind;
    let locate = |name: &str| {
        theme
            .templates
            .get(name)
            .map(|s| s.display_path(name, "templates"))
            .unwrap_or_else(|| std::path::PathBuf::from(format!("templates/{name}")))
    };
    let mut source_msg = String::new();
    let mut src = std::error::Error::source(error);
    while let Some(e) = src {
        let _ = write!(source_msg, ": {e}");
        src = e.source();
    }
    match error.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::new(locate(r.filename()), span.start_line, span.start_col + 1, format!("{}{source_msg}", r.message()))
                .with_hint("see the theme documentation (themes/default/README.md) for the variables each template receives")
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::file(locate(name), format!("template `{name}` not found"))
                .with_hint("a theme's templates/ folder may override any built-in template; check the name")
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::file(
            locate(current),
            format!("`{current}` extends `{parent}`, which does not exist"),
        ),
        other => Diagnostic::file(PathBuf::from("templates"), format!("{other}{source_msg}")),
    }
}

use std::path::PathBuf;

fn register_filters(tera: &mut Tera, config: &Config) {
    let base_url = &config.base_url;
    let base = base_url.clone();
    tera.register_filter("url", move |path: &str, _: Kwargs, _: &State| {
        link(&base, path, false)
    });
    let base = base_url.clone();
    tera.register_filter("abs_url", move |path: &str, _: Kwargs, _: &State| {
        link(&base, path, true)
    });
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| {
        crate::permalink::slugify(text)
    });
    let raw_html = config.raw_html;
    tera.register_filter("markdown", move |text: &str, _: Kwargs, _: &State| {
        Value::safe_string(&crate::markdown::to_html(text, raw_html))
    });
    tera.register_filter("date", date_filter);
}

/// `url` and `abs_url`: a site path to a link that honours base_url. Links
/// that are already absolute, or only a fragment, are left as they are.
fn link(base: &BaseUrl, path: &str, absolute: bool) -> String {
    if path.contains("://") || path.starts_with('#') || path.starts_with("mailto:") {
        return path.to_string();
    }
    let path = path.strip_prefix(base.path.as_str()).unwrap_or(path);
    if absolute {
        base.absolute(path)
    } else {
        base.url(path)
    }
}

/// `{{ value | date(format="%B %-d, %Y") }}`: formats an RFC 3339 date-time
/// or a `YYYY-MM-DD` date with a chrono format. The time zone of the value
/// is kept (the site's zone for statement dates).
fn date_filter(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let format: &str = kwargs.get("format")?.unwrap_or("%B %-d, %Y");
    let mut out = String::new();
    with_format_items(format, |items| {
        let items = items
            .as_ref()
            .map_err(|_| tera::Error::message(format!("`{format}` is not a valid date format")))?;
        let written = if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(value) {
            write!(out, "{}", dt.format_with_items(items.iter()))
        } else if let Ok(d) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            write!(out, "{}", d.format_with_items(items.iter()))
        } else {
            return Err(tera::Error::message(format!(
                "the `date` filter needs a date such as 2017-07-05 or 2017-07-05T10:30:00-04:00, got `{value}`"
            )));
        };
        // A format the value cannot fill (a time for a date) fails here.
        written.map_err(|_| tera::Error::message(format!("`{format}` does not fit `{value}`")))
    })?;
    Ok(out)
}

type FormatItems = Result<Vec<chrono::format::Item<'static>>, chrono::format::ParseError>;

/// Runs `f` with the parsed items of a date format. A theme uses a handful
/// of formats thousands of times: each is parsed once per thread.
fn with_format_items<R>(format: &str, f: impl FnOnce(&FormatItems) -> R) -> R {
    thread_local! {
        static PARSED: std::cell::RefCell<std::collections::HashMap<String, FormatItems>> =
            Default::default();
    }
    PARSED.with(|cell| {
        let mut parsed = cell.borrow_mut();
        if !parsed.contains_key(format) {
            let items = chrono::format::StrftimeItems::new(format).parse_to_owned();
            parsed.insert(format.to_string(), items);
        }
        f(&parsed[format])
    })
}
