//! The context of each page: what a template receives, as typed structs.
//!
//! Each page kind has one [`Context`] variant, built by [`page`]. The same
//! value is what rendering hands to Tera and what the page's key is made
//! of ([`crate::key::of`]): a page is rendered again exactly when what its
//! template would receive changed, with nothing kept by hand beside it.
//! Statement "cards" (the short form used in every listing) are built
//! once per statement with their key ([`Card`]) and shared by every page
//! that lists them. The variables are documented for theme authors in
//! themes/default/README.md; keep the two in step.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::archive::{Archive, PageKind, PageSpec, Period, TaxonomyIndex, Term};
use crate::config::Taxonomy;
use crate::key::Hashed;
use crate::model::Statement;
use crate::render::SiteData;

/// A statement's card as templates receive it, built once, with its key.
pub type Card = Hashed<Value>;

thread_local! {
    /// The statements read while [`page_reading`] builds a context.
    static READS: std::cell::RefCell<Option<Vec<u32>>> = const { std::cell::RefCell::new(None) };
}

fn note(i: usize) {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.push(i as u32);
        }
    });
}

/// What contexts are built from: the site and its cards. A statement, its
/// body or its card is reached only through [`Inputs::statement`],
/// [`Inputs::body`] and [`Inputs::card`], which note it: so what a page
/// read is known without being written down (see [`page_reading`]). The
/// rest — configuration, archive, people, cross-links, the number of
/// statements — is the site's structure, which every page may read.
pub struct Inputs<'a> {
    site: SiteData<'a>,
    cards: &'a [OnceLock<Card>],
}

impl<'a> Inputs<'a> {
    pub fn new(site: SiteData<'a>, cards: &'a [OnceLock<Card>]) -> Inputs<'a> {
        Inputs { site, cards }
    }

    fn statement(&self, i: usize) -> &'a Statement {
        note(i);
        &self.site.statements[i]
    }

    fn body(&self, i: usize) -> &'a crate::model::Body {
        note(i);
        &self.site.bodies[i]
    }

    /// Statement `i`'s card, made the first time a page lists it.
    fn card(&self, i: usize) -> &'a Card {
        note(i);
        self.cards[i].get_or_init(|| {
            let speakers = term_links(self, Taxonomy::Speakers, &self.statement(i).speakers);
            Hashed::new(Value::from_serializable(&card_view(i, self, speakers)))
        })
    }

    fn cards_of(&self, items: &[usize]) -> Vec<&'a Card> {
        items.iter().map(|&i| self.card(i)).collect()
    }

    fn count(&self) -> usize {
        self.site.statements.len()
    }

    fn config(&self) -> &'a crate::config::Config {
        self.site.config
    }

    fn archive(&self) -> &'a Archive {
        self.site.archive
    }

    fn people(&self) -> &'a crate::model::People {
        self.site.people
    }

    fn links(&self) -> &'a crate::links::LinkGraph {
        self.site.links
    }
}

#[derive(Serialize)]
struct Link {
    name: String,
    url: String,
}

/// The `url` of a term of `taxonomy`, when the site has that taxonomy.
fn term_link(data: &Inputs, taxonomy: Taxonomy, name: &str) -> Link {
    let url = data
        .archive()
        .taxonomy(taxonomy)
        .and_then(|index| {
            index
                .find(name)
                .map(|term| data.config().base_url.url(&index.term_path(term)))
        })
        .unwrap_or_default();
    Link {
        name: name.to_string(),
        url,
    }
}

fn term_links(data: &Inputs, taxonomy: Taxonomy, names: &[String]) -> Vec<Link> {
    names.iter().map(|n| term_link(data, taxonomy, n)).collect()
}

/// `statement` in listings: `{title, url, permalink, path, date, has_time,
/// datetime, time, zone, kind, speakers, location, summary, id}`; on a statement's own page the
/// same fields come first, with each speaker's role (`S`).
#[derive(Serialize)]
struct CardView<'a, S> {
    title: &'a str,
    url: String,
    permalink: String,
    path: &'a str,
    date: String,
    has_time: bool,
    /// What `<time datetime>` says: the day alone without a time of day.
    datetime: String,
    /// The time of day with the zone's abbreviation (`10:30 a.m. EDT`),
    /// or null without one.
    time: Option<String>,
    /// The zone's abbreviation at the statement's time, or null without one.
    zone: Option<String>,
    kind: Option<Link>,
    speakers: Vec<S>,
    location: &'a Option<String>,
    summary: &'a str,
    id: &'a Option<String>,
    /// The stable document id (`id`, else derived from the file's path).
    doc_id: &'a str,
    /// The title of the statement's COinS span (OpenURL, unescaped).
    coins: String,
}

fn card_view<'a, S>(i: usize, data: &Inputs<'a>, speakers: Vec<S>) -> CardView<'a, S> {
    let s = data.statement(i);
    let base = &data.config().base_url;
    let tz = data.config().timezone;
    CardView {
        title: &s.title,
        url: base.url(&s.site_path),
        permalink: base.absolute(&s.site_path),
        path: &s.site_path,
        date: s.date.to_rfc3339(),
        has_time: s.has_time,
        datetime: crate::dates::datetime_attribute(s.date, s.has_time),
        time: s.has_time.then(|| crate::dates::time_text(s.date, tz)),
        zone: s.has_time.then(|| crate::dates::zone_abbreviation(s.date, tz)),
        kind: s.kind.as_ref().map(|k| term_link(data, Taxonomy::Kinds, k)),
        speakers,
        location: &s.location,
        summary: &data.body(i).summary,
        id: &s.id,
        doc_id: &s.doc_id,
        coins: crate::cite::coins(&crate::cite::Citation::new(s, data.config(), data.people())),
    }
}

/// A place for the card of every statement, in the statements' order,
/// holding the ones `reuse(i)` knows to be what they would be built; the
/// others are made the first time a page lists them ([`Inputs::card`]).
pub fn cards(data: &SiteData, reuse: impl Fn(usize) -> Option<Card> + Sync) -> Vec<OnceLock<Card>> {
    (0..data.statements.len())
        .into_par_iter()
        .map(|i| reuse(i).map_or_else(OnceLock::new, OnceLock::from))
        .collect()
}

#[derive(Serialize)]
struct FeedLink {
    format: &'static str,
    mime: &'static str,
    url: String,
}

/// The feeds of a folder (`` for the site's).
fn feed_links(config: &crate::config::Config, dir: &str) -> Vec<FeedLink> {
    let base = &config.base_url;
    config
        .feeds
        .formats
        .iter()
        .map(|f| FeedLink {
            format: f.name(),
            mime: f.mime(),
            url: base.url(&format!("{dir}{}", f.file_name())),
        })
        .collect()
}

#[derive(Serialize)]
struct TaxonomyLink {
    name: &'static str,
    title: &'static str,
    singular: &'static str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    count: usize,
}

/// The site-wide `site` value every template sees.
#[derive(Serialize)]
pub struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    url: String,
    language: &'a str,
    timezone: &'a str,
    taxonomies: Vec<TaxonomyLink>,
    years: Vec<YearLink>,
    feeds: Vec<FeedLink>,
    statement_count: usize,
    statements_url: String,
    search_url: Option<String>,
    generator: &'static str,
}

pub fn site<'a>(data: &SiteData<'a>) -> SiteView<'a> {
    let c = data.config;
    let base = &c.base_url;
    SiteView {
        title: &c.title,
        description: &c.description,
        base_url: base.to_string(),
        url: base.url(""),
        language: &c.language,
        timezone: c.timezone.name(),
        taxonomies: data
            .archive
            .taxonomies
            .iter()
            .map(|t| TaxonomyLink {
                name: t.taxonomy.name(),
                title: t.taxonomy.title(),
                singular: t.taxonomy.singular(),
                url: base.url(&t.site_path()),
                count: t.terms.len(),
            })
            .collect(),
        years: data
            .archive
            .years
            .iter()
            .map(|y| YearLink {
                year: y.year,
                url: base.url(&y.site_path()),
                count: y.statements.len(),
            })
            .collect(),
        feeds: feed_links(c, ""),
        statement_count: data.statements.len(),
        statements_url: base.url("statements/"),
        search_url: c.search.then(|| base.url(crate::search::DIR)),
        generator: concat!("pressroom ", env!("CARGO_PKG_VERSION")),
    }
}

/// `page`, which every template receives.
#[derive(Serialize)]
pub struct PageView<'a> {
    kind: &'static str,
    title: String,
    description: &'a str,
    url: String,
    permalink: String,
    path: &'a str,
    number: usize,
    feeds: Vec<FeedLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect_permalink: Option<String>,
}

fn page_view<'a>(
    spec: &'a PageSpec,
    data: &Inputs,
    kind: &'static str,
    title: String,
    description: &'a str,
) -> PageView<'a> {
    let base = &data.config().base_url;
    PageView {
        kind,
        title,
        description,
        url: base.url(&spec.site_path),
        permalink: base.absolute(&spec.site_path),
        path: &spec.site_path,
        number: spec.page,
        feeds: Vec::new(),
        redirect_to: None,
        redirect_permalink: None,
    }
}

#[derive(Serialize)]
struct PagerLink {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
pub struct Paginator {
    current: usize,
    total: usize,
    per_page: usize,
    total_items: usize,
    first_url: String,
    last_url: String,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PagerLink>,
}

fn paginator(spec: &PageSpec, data: &Inputs, total_items: usize) -> Paginator {
    let base = &data.config().base_url;
    let url = |n: usize| base.url(&spec.page_path(n));
    // A window around the current page keeps each page's context small
    // however long the listing is.
    let lo = spec.page.saturating_sub(3).max(1);
    let hi = (spec.page + 3).min(spec.total_pages);
    Paginator {
        current: spec.page,
        total: spec.total_pages,
        per_page: data.config().per_page,
        total_items,
        first_url: url(1),
        last_url: url(spec.total_pages),
        prev_url: (spec.page > 1).then(|| url(spec.page - 1)),
        next_url: (spec.page < spec.total_pages).then(|| url(spec.page + 1)),
        pages: (lo..=hi)
            .map(|n| PagerLink {
                number: n,
                url: url(n),
                current: n == spec.page,
            })
            .collect(),
    }
}

/// The cards a page of a listing shows.
fn listed<'a>(spec: &PageSpec, data: &Inputs<'a>, items: &[usize]) -> Vec<&'a Card> {
    data.cards_of(&items[spec.range(data.config().per_page, items.len())])
}

fn page_suffix(spec: &PageSpec) -> String {
    if spec.page > 1 {
        format!(" — page {} of {}", spec.page, spec.total_pages)
    } else {
        String::new()
    }
}

fn period_title(p: &Period) -> String {
    let date = NaiveDate::from_ymd_opt(p.year, p.month.unwrap_or(1), p.day.unwrap_or(1));
    match (date, p.month, p.day) {
        (Some(d), Some(_), Some(_)) => d.format("%B %-d, %Y").to_string(),
        (Some(d), Some(_), None) => d.format("%B %Y").to_string(),
        _ => format!("{}", p.year),
    }
}

#[derive(Serialize)]
struct PeriodLink {
    title: String,
    url: String,
    count: usize,
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

fn period_link(p: &Period, data: &Inputs) -> PeriodLink {
    PeriodLink {
        title: period_title(p),
        url: data.config().base_url.url(&p.site_path()),
        count: p.statements.len(),
        year: p.year,
        month: p.month,
        day: p.day,
    }
}

/// `archive` on year, month and day pages.
#[derive(Serialize)]
pub struct ArchiveView {
    title: String,
    url: String,
    count: usize,
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
    level: &'static str,
    children: Vec<PeriodLink>,
    parent: Option<PeriodLink>,
    /// The period before (older) and after (newer) this one at the same
    /// level that has statements.
    previous: Option<PeriodLink>,
    next: Option<PeriodLink>,
}

/// One month of the timeline: `{month, name, title, url, count, level}`.
#[derive(Serialize)]
struct TimelineMonth {
    month: u32,
    /// `Jan`.
    name: String,
    /// `January 2017`.
    title: String,
    /// Null for a month without statements.
    url: Option<String>,
    count: usize,
    /// 0 for none, else 1 to 4 by the count's share of the busiest month.
    level: usize,
}

/// One year of the timeline, with its twelve months from January.
#[derive(Serialize)]
struct TimelineYear {
    year: i32,
    url: String,
    count: usize,
    /// The count as a percentage of the busiest year's (1 to 100).
    share: usize,
    months: Vec<TimelineMonth>,
}

/// `timeline` on the home page and the first page of `statements/`: the
/// whole archive by year and month, newest year first.
#[derive(Serialize)]
pub struct TimelineView {
    years: Vec<TimelineYear>,
    /// The largest count of a year, and of a month.
    max_year: usize,
    max_month: usize,
}

/// The timeline of the whole archive, from its structure alone.
fn timeline(data: &Inputs) -> TimelineView {
    let archive = data.archive();
    let base = &data.config().base_url;
    let max_year = archive
        .years
        .iter()
        .map(|y| y.statements.len())
        .max()
        .unwrap_or(0);
    let max_month = archive
        .months
        .iter()
        .flatten()
        .map(|m| m.statements.len())
        .max()
        .unwrap_or(0);
    let years = archive
        .years
        .iter()
        .zip(&archive.months)
        .map(|(year, months)| TimelineYear {
            year: year.year,
            url: base.url(&year.site_path()),
            count: year.statements.len(),
            share: (year.statements.len() * 100).div_ceil(max_year.max(1)),
            months: (1..=12)
                .map(|month| {
                    let found = months.iter().find(|p| p.month == Some(month));
                    let count = found.map_or(0, |p| p.statements.len());
                    let first = NaiveDate::from_ymd_opt(year.year, month, 1);
                    TimelineMonth {
                        month,
                        name: first.map(|d| d.format("%b").to_string()).unwrap_or_default(),
                        title: first.map(|d| d.format("%B %Y").to_string()).unwrap_or_default(),
                        url: found.map(|p| base.url(&p.site_path())),
                        count,
                        level: (count * 4).div_ceil(max_month.max(1)),
                    }
                })
                .collect(),
        })
        .collect();
    TimelineView {
        years,
        max_year,
        max_month,
    }
}

/// How many statements "on this day" shows at most.
const ON_THIS_DAY: usize = 10;

/// `on_this_day` on the home page: `{title, statements}`.
#[derive(Serialize)]
pub struct OnThisDay<'a> {
    /// The newest statement's month and day, `March 4`.
    title: String,
    /// Statements of that month and day in earlier years, newest first.
    statements: Vec<&'a Card>,
}

fn on_this_day<'a>(data: &Inputs<'a>) -> Option<OnThisDay<'a>> {
    let (day, statements) = data.archive().on_this_day();
    let (month, day) = day?;
    if statements.is_empty() {
        return None;
    }
    // Any leap year has every month and day.
    let title = NaiveDate::from_ymd_opt(2000, month, day)?
        .format("%B %-d")
        .to_string();
    Some(OnThisDay {
        title,
        statements: data.cards_of(&statements[..statements.len().min(ON_THIS_DAY)]),
    })
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

/// The breadcrumbs year › month › day of a date.
fn breadcrumbs(s: &Statement, data: &Inputs) -> Vec<Crumb> {
    let (y, m, d) = (s.date.year(), s.date.month(), s.date.day());
    let crumb = |month: Option<u32>, day: Option<u32>| {
        let p = Period {
            year: y,
            month,
            day,
            statements: vec![],
        };
        Crumb {
            title: period_title(&p),
            url: data.config().base_url.url(&p.site_path()),
        }
    };
    vec![crumb(None, None), crumb(Some(m), None), crumb(Some(m), Some(d))]
}

#[derive(Serialize)]
struct Speaker {
    name: String,
    url: String,
    role: Option<String>,
}

/// `statement` on its own page: the card's fields, then what only the
/// statement's page shows.
#[derive(Serialize)]
pub struct StatementView<'a> {
    #[serde(flatten)]
    card: CardView<'a, Speaker>,
    role: Option<String>,
    issuer: &'a Option<String>,
    topics: Vec<Link>,
    countries: Vec<Link>,
    source: &'a Option<String>,
    updated: Option<String>,
    /// What `<time datetime>` says for `updated` (the day alone for a
    /// date without a time).
    updated_datetime: Option<String>,
    extra: &'a serde_json::Value,
    words: usize,
    rel: &'a str,
    breadcrumbs: Vec<Crumb>,
    headings: &'a [String],
    content: &'a str,
    previous: Option<&'a Card>,
    next: Option<&'a Card>,
    backlinks: Vec<&'a Card>,
    related: Vec<&'a Card>,
    previous_by_speaker: Option<&'a Card>,
    next_by_speaker: Option<&'a Card>,
    cite: Box<CiteView<'a>>,
    /// The image of link previews (absolute): the first speaker's with
    /// one, else site.toml's `image`.
    image: Option<String>,
}

/// A file beside the statement's page.
#[derive(Serialize)]
struct CiteFile {
    format: &'static str,
    name: &'static str,
    mime: &'static str,
    url: String,
}

/// `statement.cite`: what the citation box and the page's metadata show.
#[derive(Serialize)]
pub struct CiteView<'a> {
    /// The stable document id.
    id: &'a str,
    /// The permanent address, absolute (`…/id/<id>/`), and as a link.
    permanent_url: String,
    id_url: String,
    publisher: &'a str,
    /// The citation in each style: `{style, name, html, text}`.
    styles: Vec<crate::cite::Formatted>,
    /// cite.bib, cite.ris, cite.json and index.json: `{format, name, mime, url}`.
    files: Vec<CiteFile>,
    /// The page's schema.org JSON-LD (safe inside a script element).
    json_ld: String,
    /// `citation_*` values: the authors' names (the office when no
    /// speaker), the date as `YYYY/MM/DD`.
    authors: Vec<String>,
    date: String,
}

fn cite_view<'a>(i: usize, s: &'a Statement, data: &Inputs<'a>, image: Option<&str>) -> CiteView<'a> {
    let config = data.config();
    let base = &config.base_url;
    let citation = crate::cite::Citation::new(s, config, data.people());
    let abs = |link: &Link| {
        if link.url.is_empty() {
            String::new()
        } else {
            format!("{}{}", base.origin, link.url)
        }
    };
    let speaker_urls = s
        .speakers
        .iter()
        .map(|n| abs(&term_link(data, Taxonomy::Speakers, n)))
        .collect();
    let topics = s
        .topics
        .iter()
        .map(|n| (n.as_str(), abs(&term_link(data, Taxonomy::Topics, n))))
        .collect();
    let countries = s
        .countries
        .iter()
        .map(|n| (n.as_str(), abs(&term_link(data, Taxonomy::Countries, n))))
        .collect();
    let page_url = base.absolute(&s.site_path);
    let site_url = base.absolute("");
    let summary = &data.body(i).summary;
    let links = crate::cite::PageLinks {
        page_url: &page_url,
        site_url: &site_url,
        speaker_urls,
        topics,
        countries,
        summary,
        image,
        source: s.source.as_deref(),
    };
    let file = |format, name, mime, file: &str| CiteFile {
        format,
        name,
        mime,
        url: base.url(&format!("{}{file}", s.site_path)),
    };
    let d = s.date;
    CiteView {
        id: &s.doc_id,
        permanent_url: citation.url.clone(),
        id_url: base.url(&s.id_path),
        publisher: &config.publisher,
        styles: crate::cite::styles(&citation),
        files: [
            file("bibtex", "BibTeX", "application/x-bibtex", "cite.bib"),
            file("ris", "RIS", "application/x-research-info-systems", "cite.ris"),
            file(
                "csl-json",
                "CSL-JSON",
                "application/vnd.citationstyles.csl+json",
                "cite.json",
            ),
        ]
        .into_iter()
        .chain(
            config
                .data
                .then(|| file("json", "Data (JSON)", "application/json", "index.json")),
        )
        .collect(),
        json_ld: crate::cite::json_ld(&citation, &links),
        authors: citation.authors().into_iter().map(|n| n.full).collect(),
        date: format!("{:04}/{:02}/{:02}", d.year(), d.month(), d.day()),
    }
}

fn statement_view<'a>(i: usize, data: &Inputs<'a>) -> StatementView<'a> {
    let s: &'a Statement = data.statement(i);
    let body = &data.body(i);
    // Each speaker's role on the statement's date.
    let roles = crate::cite::roles(s, data.people());
    let people = data.people();
    let image = s
        .speakers
        .iter()
        .filter_map(|name| people.list[people.find(name)?].image.as_deref())
        .next()
        .or(data.config().image.as_deref())
        .map(|i| {
            if i.contains("://") {
                i.to_string()
            } else {
                data.config().base_url.absolute(i)
            }
        });
    let speakers = s
        .speakers
        .iter()
        .zip(&roles)
        .map(|(name, role)| {
            let link = term_link(data, Taxonomy::Speakers, name);
            Speaker {
                name: link.name,
                url: link.url,
                role: role.clone(),
            }
        })
        .collect();
    // Newest first: the previous statement is the next index.
    let at = |j: Option<usize>| j.map(|j| data.card(j));
    let list = |items: &[usize]| data.cards_of(items);
    let links = data.links();
    StatementView {
        card: card_view(i, data, speakers),
        role: roles.first().cloned().flatten(),
        issuer: &s.issuer,
        topics: term_links(data, Taxonomy::Topics, &s.topics),
        countries: term_links(data, Taxonomy::Countries, &s.countries),
        source: &s.source,
        updated: s.updated.map(|u| u.to_rfc3339()),
        updated_datetime: s
            .updated
            .map(|u| crate::dates::datetime_attribute(u, s.updated_has_time)),
        extra: &s.extra,
        words: body.words,
        rel: &s.rel,
        breadcrumbs: breadcrumbs(s, data),
        headings: &body.heading_ids,
        content: &body.html.get().html,
        previous: at(Some(i + 1).filter(|&j| j < data.count())),
        next: at(i.checked_sub(1)),
        backlinks: list(&links.backlinks[i]),
        related: list(&links.related[i]),
        previous_by_speaker: at(links.previous_by_speaker[i]),
        next_by_speaker: at(links.next_by_speaker[i]),
        cite: Box::new(cite_view(i, s, data, image.as_deref())),
        image,
    }
}

/// `taxonomy` on taxonomy and term pages.
#[derive(Serialize)]
pub struct TaxonomyView {
    name: &'static str,
    title: &'static str,
    singular: &'static str,
    url: String,
}

fn taxonomy_view(index: &TaxonomyIndex, data: &Inputs) -> TaxonomyView {
    let t = index.taxonomy;
    TaxonomyView {
        name: t.name(),
        title: t.title(),
        singular: t.singular(),
        url: data.config().base_url.url(&index.site_path()),
    }
}

/// One entry of `terms` on a taxonomy page.
#[derive(Serialize, Clone)]
pub struct TermEntry<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    latest: Option<String>,
    /// The name as the index sorts and shows it (`Tillerson, Rex W.`
    /// for a speaker, the name for other terms), and its letter (`T`, or
    /// `#`).
    sort_name: &'a str,
    letter: char,
    /// The years of the oldest and newest statements.
    first_year: i32,
    last_year: i32,
    /// Speakers: the role held now or last (the people file's, else the
    /// newest statement's); null for other terms.
    role: Option<&'a str>,
    /// The day the people file says that role ended (`YYYY-MM-DD`); null
    /// while it is held, and for a role from statements.
    role_to: Option<String>,
}

/// The terms under one letter, in index order: `{letter, id, terms}`.
#[derive(Serialize)]
pub struct LetterGroup<'a> {
    letter: char,
    /// The group's element id, `letter-t` (`letter-other` for `#`).
    id: String,
    terms: Vec<TermEntry<'a>>,
}

/// The terms of an index grouped by letter, sorted by sort name.
fn letter_groups<'a>(entries: &[TermEntry<'a>]) -> Vec<LetterGroup<'a>> {
    let mut sorted: Vec<(String, &TermEntry<'a>)> = entries
        .iter()
        .map(|e| (crate::permalink::slugify(e.sort_name), e))
        .collect();
    sorted.sort_by(|a, b| {
        (a.1.letter == '#')
            .cmp(&(b.1.letter == '#'))
            .then(a.0.cmp(&b.0))
            .then(a.1.slug.cmp(b.1.slug))
    });
    let mut groups: Vec<LetterGroup<'a>> = Vec::new();
    for (_, entry) in sorted {
        match groups.last_mut() {
            Some(g) if g.letter == entry.letter => g.terms.push(entry.clone()),
            _ => groups.push(LetterGroup {
                letter: entry.letter,
                id: if entry.letter == '#' {
                    "letter-other".into()
                } else {
                    format!("letter-{}", entry.letter.to_ascii_lowercase())
                },
                terms: vec![entry.clone()],
            }),
        }
    }
    groups
}

/// The role a speaker holds now or held last, and when the people file
/// says it ended: the file's open role that began last, else the one that
/// ended last; else the role of the newest of the speaker's statements
/// that has one.
fn current_role<'a>(term: &'a Term, people: &'a crate::model::People) -> (Option<&'a str>, Option<String>) {
    let from_file = term.person.and_then(|p| {
        people.list[p]
            .roles
            .iter()
            .max_by_key(|r| (r.to.is_none(), r.to, r.from))
    });
    match from_file {
        Some(r) => (Some(&r.title), r.to.map(|to| to.format("%Y-%m-%d").to_string())),
        None => (term.roles.last().map(|r| r.title.as_str()), None),
    }
}

/// One role of `roles` on a term page: `{title, from, to, source}`.
#[derive(Serialize)]
pub struct RoleEntry<'a> {
    title: &'a str,
    /// `YYYY-MM-DD`.
    from: String,
    /// `YYYY-MM-DD`, or null while the role is held (people files only).
    to: Option<String>,
    /// `people` (the people file's roles) or `statements` (the first and
    /// last statement with the role).
    source: &'static str,
}

/// A speaker's roles, oldest first: the people file's when it lists
/// any, else the spans of their statements' roles.
fn role_entries<'a>(term: &'a Term, people: &'a crate::model::People) -> Vec<RoleEntry<'a>> {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let file_roles = term
        .person
        .map(|p| &people.list[p].roles)
        .filter(|r| !r.is_empty());
    match file_roles {
        Some(roles) => roles
            .iter()
            .map(|r| RoleEntry {
                title: &r.title,
                from: day(r.from),
                to: r.to.map(day),
                source: "people",
            })
            .collect(),
        None => term
            .roles
            .iter()
            .map(|r| RoleEntry {
                title: &r.title,
                from: day(r.from),
                to: Some(day(r.to)),
                source: "statements",
            })
            .collect(),
    }
}

/// `term` on a term page.
#[derive(Serialize)]
pub struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    sort_name: &'a str,
    /// The days of the oldest and newest statements, `YYYY-MM-DD`.
    first: String,
    last: String,
}

/// Statements of one year on a term page.
#[derive(Serialize)]
pub struct YearGroup<'a> {
    year: i32,
    statements: Vec<&'a Card>,
}

/// A person as templates see it: `{name, slug, aliases, bio (HTML), image,
/// roles: [{title, from, to}]}`.
#[derive(Serialize)]
pub struct PersonView<'a> {
    name: &'a str,
    slug: &'a str,
    aliases: &'a [String],
    bio: String,
    image: Option<String>,
    roles: Vec<RoleView<'a>>,
}

#[derive(Serialize)]
struct RoleView<'a> {
    title: &'a str,
    from: String,
    to: Option<String>,
}

fn person_view<'a>(p: &'a crate::model::Person, data: &Inputs) -> PersonView<'a> {
    PersonView {
        name: &p.name,
        slug: &p.slug,
        aliases: &p.aliases,
        bio: crate::markdown::to_html(&p.bio, data.config().raw_html),
        image: p.image.as_ref().map(|i| data.config().base_url.url(i)),
        roles: p
            .roles
            .iter()
            .map(|r| RoleView {
                title: &r.title,
                from: r.from.format("%Y-%m-%d").to_string(),
                to: r.to.map(|t| t.format("%Y-%m-%d").to_string()),
            })
            .collect(),
    }
}

/// `search` on the search page.
#[derive(Serialize)]
pub struct SearchView {
    index_url: String,
    count: usize,
}

/// What one page's template receives (besides `site`), by page kind.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Context<'a> {
    Home {
        page: PageView<'a>,
        statements: Vec<&'a Card>,
        timeline: TimelineView,
        on_this_day: Option<OnThisDay<'a>>,
    },
    Statement {
        page: PageView<'a>,
        statement: StatementView<'a>,
    },
    Redirect {
        page: PageView<'a>,
        statement: &'a Card,
    },
    List {
        page: PageView<'a>,
        statements: Vec<&'a Card>,
        paginator: Paginator,
        /// On the first page only.
        timeline: Option<TimelineView>,
    },
    Archive {
        page: PageView<'a>,
        statements: Vec<&'a Card>,
        paginator: Paginator,
        archive: ArchiveView,
    },
    Taxonomy {
        page: PageView<'a>,
        taxonomy: TaxonomyView,
        terms: Vec<TermEntry<'a>>,
        letters: Vec<LetterGroup<'a>>,
    },
    Term {
        page: PageView<'a>,
        statements: Vec<&'a Card>,
        paginator: Paginator,
        taxonomy: TaxonomyView,
        term: TermView<'a>,
        groups: Vec<YearGroup<'a>>,
        person: Option<PersonView<'a>>,
        roles: Vec<RoleEntry<'a>>,
    },
    NotFound {
        page: PageView<'a>,
    },
    Search {
        page: PageView<'a>,
        search: SearchView,
    },
}

/// The context of one page, and the statements it read (each index once,
/// in order): the page's context changes only when one of those does, or
/// the site's structure.
pub fn page_reading<'a>(spec: &'a PageSpec, data: &Inputs<'a>) -> (Context<'a>, Vec<u32>) {
    let before = READS.with(|r| r.replace(Some(Vec::new())));
    let context = page(spec, data);
    let mut reads = READS.with(|r| r.replace(before)).unwrap_or_default();
    reads.sort_unstable();
    reads.dedup();
    (context, reads)
}

/// The context of one page.
pub fn page<'a>(spec: &'a PageSpec, data: &Inputs<'a>) -> Context<'a> {
    let archive: &'a Archive = data.archive();
    let base = &data.config().base_url;
    let config = data.config();
    match &spec.kind {
        PageKind::Home => Context::Home {
            page: page_view(spec, data, "home", config.title.clone(), &config.description),
            statements: data.cards_of(&(0..config.per_page.min(data.count())).collect::<Vec<_>>()),
            timeline: timeline(data),
            on_this_day: on_this_day(data),
        },
        PageKind::Statement(i) => Context::Statement {
            page: page_view(
                spec,
                data,
                "statement",
                data.statement(*i).title.clone(),
                &data.body(*i).summary,
            ),
            statement: statement_view(*i, data),
        },
        PageKind::Alias(i) => {
            let s = &data.statement(*i);
            let mut page = page_view(spec, data, "redirect", s.title.clone(), "");
            page.redirect_to = Some(base.url(&s.site_path));
            page.redirect_permalink = Some(base.absolute(&s.site_path));
            Context::Redirect {
                page,
                statement: data.card(*i),
            }
        }
        // Page n of the full list is a range of the (newest-first) order.
        PageKind::List => Context::List {
            page: page_view(
                spec,
                data,
                "list",
                format!("All statements{}", page_suffix(spec)),
                "",
            ),
            statements: data.cards_of(&spec.range(config.per_page, data.count()).collect::<Vec<_>>()),
            paginator: paginator(spec, data, data.count()),
            timeline: (spec.page == 1).then(|| timeline(data)),
        },
        PageKind::Year(y) | PageKind::Month(y, _) | PageKind::Day(y, _, _) => {
            let month = |(y, m): (usize, usize)| &archive.months[y][m];
            let (period, level, children, parent, (previous, next)) = match spec.kind {
                PageKind::Month(_, m) => {
                    let (older, newer) = archive.month_neighbours(*y, m);
                    (
                        &archive.months[*y][m],
                        "month",
                        Some(&archive.days[*y][m]),
                        Some(&archive.years[*y]),
                        (older.map(month), newer.map(month)),
                    )
                }
                PageKind::Day(_, m, d) => (
                    &archive.days[*y][m][d],
                    "day",
                    None,
                    Some(&archive.months[*y][m]),
                    archive.day_neighbours(*y, m, d),
                ),
                _ => (
                    &archive.years[*y],
                    "year",
                    Some(&archive.months[*y]),
                    None,
                    archive.year_neighbours(*y),
                ),
            };
            let link = period_link(period, data);
            let title = format!("{}{}", link.title, page_suffix(spec));
            Context::Archive {
                page: page_view(spec, data, level, title, ""),
                statements: listed(spec, data, &period.statements),
                paginator: paginator(spec, data, period.statements.len()),
                archive: ArchiveView {
                    title: link.title,
                    url: link.url,
                    count: link.count,
                    year: link.year,
                    month: link.month,
                    day: link.day,
                    level,
                    children: children
                        .map(|c| c.iter().map(|p| period_link(p, data)).collect())
                        .unwrap_or_default(),
                    parent: parent.map(|p| period_link(p, data)),
                    previous: previous.map(|p| period_link(p, data)),
                    next: next.map(|p| period_link(p, data)),
                },
            }
        }
        PageKind::TaxonomyIndex(t) => {
            let index = &archive.taxonomies[*t];
            let speakers = index.taxonomy == Taxonomy::Speakers;
            let terms: Vec<TermEntry> = index
                .terms
                .iter()
                .map(|term| {
                    let (role, role_to) = if speakers {
                        current_role(term, data.people())
                    } else {
                        (None, None)
                    };
                    TermEntry {
                        name: &term.name,
                        slug: &term.slug,
                        url: base.url(&index.term_path(term)),
                        count: term.statements.len(),
                        latest: term
                            .statements
                            .first()
                            .map(|&i| data.statement(i).date.to_rfc3339()),
                        sort_name: &term.sort_name,
                        letter: crate::archive::index_letter(&term.sort_name),
                        first_year: term.first.year(),
                        last_year: term.last.year(),
                        role,
                        role_to,
                    }
                })
                .collect();
            Context::Taxonomy {
                page: page_view(spec, data, "taxonomy", index.taxonomy.title().to_string(), ""),
                taxonomy: taxonomy_view(index, data),
                letters: letter_groups(&terms),
                terms,
            }
        }
        PageKind::Term(t, i) => {
            let index = &archive.taxonomies[*t];
            let term = &index.terms[*i];
            let mut page = page_view(
                spec,
                data,
                "term",
                format!("{}{}", term.name, page_suffix(spec)),
                "",
            );
            if config.feeds.terms {
                page.feeds = feed_links(config, &index.term_path(term));
            }
            let statements = listed(spec, data, &term.statements);
            let range = spec.range(config.per_page, term.statements.len());
            Context::Term {
                page,
                groups: by_year(&term.statements[range], data),
                statements,
                paginator: paginator(spec, data, term.statements.len()),
                taxonomy: taxonomy_view(index, data),
                term: TermView {
                    name: &term.name,
                    slug: &term.slug,
                    url: base.url(&index.term_path(term)),
                    count: term.statements.len(),
                    sort_name: &term.sort_name,
                    first: term.first.format("%Y-%m-%d").to_string(),
                    last: term.last.format("%Y-%m-%d").to_string(),
                },
                person: term.person.map(|p| person_view(&data.people().list[p], data)),
                roles: role_entries(term, data.people()),
            }
        }
        PageKind::NotFound => Context::NotFound {
            page: page_view(spec, data, "404", "Page not found".into(), ""),
        },
        PageKind::Search => Context::Search {
            page: page_view(spec, data, "search", "Search".into(), ""),
            search: SearchView {
                index_url: base.url(crate::search::DIR),
                count: data.count(),
            },
        },
    }
}

/// Statements grouped by year, newest year first.
fn by_year<'a>(items: &[usize], data: &Inputs<'a>) -> Vec<YearGroup<'a>> {
    let mut groups: Vec<YearGroup> = Vec::new();
    for &i in items {
        let year = data.statement(i).date.year();
        match groups.last_mut() {
            Some(g) if g.year == year => g.statements.push(data.card(i)),
            _ => groups.push(YearGroup {
                year,
                statements: vec![data.card(i)],
            }),
        }
    }
    groups
}
