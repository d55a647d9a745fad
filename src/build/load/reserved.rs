//! What the site writes besides statement pages, which no statement URL
//! or alias may take: the plan's pages, the feeds, the sitemaps,
//! robots.txt, the search folder, and the theme's static files, each with
//! words for what it is (the error names it).

use std::sync::Arc;

use crate::archive::{self, Archive, PageKind, PageSpec};
use crate::config::{Config, FeedFormat};
use crate::content::Reserved;
use crate::feeds;
use crate::model::Statement;
use crate::paths;
use crate::theme::{Source, ThemeFiles};

/// The files pressroom generates besides statement pages (listings,
/// archives, taxonomy pages, feeds, sitemaps, robots.txt, the search
/// page and its index), each with what it is, which no statement URL or
/// alias may take.
pub(super) fn generated(config: &Config, statements: &[Arc<Statement>], archive: &Archive) -> Reserved {
    let mut reserved = Reserved::default();
    for spec in archive::plan(config, statements, archive) {
        if let Some(what) = describe_page(&spec, archive) {
            reserved.file(
                paths::output_file(&spec.site_path),
                format!("{what}, which pressroom generates"),
            );
        }
    }
    for spec in feeds::plan(config, statements, archive) {
        for format in &config.feeds.formats {
            let name = match format {
                FeedFormat::Atom => "Atom",
                FeedFormat::Rss => "RSS",
                FeedFormat::Json => "JSON",
            };
            let of = if spec.dir.is_empty() {
                format!("the site's {name} feed")
            } else {
                format!("the {name} feed of /{}", spec.dir)
            };
            reserved.file(
                format!("{}{}", spec.dir, format.file_name()),
                format!("{of}, which pressroom generates"),
            );
        }
    }
    reserved.file("sitemap.xml", "the sitemap, which pressroom generates");
    let most = crate::sitemap::MAX_URLS;
    reserved.sitemap_parts(format!(
        "where pressroom writes a part of the sitemap when the site has more than {},{:03} URLs (sitemap-1.xml, sitemap-2.xml, …)",
        most / 1000,
        most % 1000
    ));
    reserved.file("robots.txt", "robots.txt, which pressroom generates");
    if config.search {
        reserved.folder(
            crate::search::DIR,
            "the folder of the search page and its index files (index.json, docs/, terms/)",
        );
    }
    reserved
}

/// What a generated page is, in words (`None` for statements and aliases,
/// which are checked against each other).
fn describe_page(spec: &PageSpec, archive: &Archive) -> Option<String> {
    let what = match &spec.kind {
        PageKind::Statement(_) | PageKind::Alias(_) => return None,
        PageKind::Home => "the home page".to_string(),
        PageKind::NotFound => "the \"page not found\" page".to_string(),
        PageKind::Search => "the search page".to_string(),
        PageKind::List => "the list of all statements".to_string(),
        PageKind::Year(..) | PageKind::Month(..) | PageKind::Day(..) => {
            format!("the date archive /{}", spec.first_path)
        }
        PageKind::TaxonomyIndex(t) => format!("the list of all {}", archive.taxonomies[*t].taxonomy.name()),
        PageKind::Term(t, i) => {
            let index = &archive.taxonomies[*t];
            format!(
                "the page of the {} \"{}\"",
                index.taxonomy.singular().to_lowercase(),
                index.terms[*i].name
            )
        }
    };
    Some(if spec.page > 1 {
        format!("page {} of {what}", spec.page)
    } else {
        what
    })
}

/// The files of the theme's static folders (and the site's own static/),
/// which are copied to the output as they are. A theme that cannot be
/// read gives none here: rendering reports it.
pub(super) fn static_files(config: &Config) -> Reserved {
    let mut reserved = Reserved::default();
    let Ok(theme) = ThemeFiles::load(config) else {
        return reserved;
    };
    for (name, source) in &theme.statics {
        let from = match source {
            Source::Embedded(_) => format!("static/{name} of the built-in default theme"),
            Source::Disk(path) => paths::rel_path(&config.root, path),
        };
        reserved.file(
            name.clone(),
            format!("a file the theme's static/ folder writes ({from})"),
        );
    }
    reserved
}
