//! The context of each page: what a template receives.
//!
//! The variables are documented for theme authors in
//! themes/default/README.md; keep the two in step. Statement "cards" (the
//! short form used in every listing) are built once per statement and
//! shared by every page that lists it.

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value as Json, json};
use tera::{Context, Value};

use crate::archive::{Archive, PageKind, PageSpec, Period, TaxonomyIndex};
use crate::config::Taxonomy;
use crate::model::Statement;
use crate::render::{SiteData, template_for};

#[derive(Serialize)]
struct Link {
    name: String,
    url: String,
}

/// The `url` of a term of `taxonomy`, when the site has that taxonomy.
fn term_link(archive: &Archive, data: &SiteData, taxonomy: Taxonomy, name: &str) -> Link {
    let url = archive
        .taxonomy(taxonomy)
        .and_then(|index| {
            index
                .find(name)
                .map(|term| data.config.base_url.url(&index.term_path(term)))
        })
        .unwrap_or_default();
    Link {
        name: name.to_string(),
        url,
    }
}

fn term_links(data: &SiteData, taxonomy: Taxonomy, names: &[String]) -> Vec<Link> {
    names
        .iter()
        .map(|n| term_link(data.archive, data, taxonomy, n))
        .collect()
}

/// A template map of `entries`, in their order. Building the values a page
/// alone needs this way, rather than through JSON, halves the cost of a
/// statement's context.
fn object<const N: usize>(entries: [(&'static str, Value); N]) -> tera::Map {
    let mut map = tera::Map::with_capacity(N);
    for (key, value) in entries {
        map.insert(key.into(), value);
    }
    map
}

fn link_value(link: Link) -> Value {
    Value::from(object([("name", link.name.into()), ("url", link.url.into())]))
}

fn term_values(data: &SiteData, taxonomy: Taxonomy, names: &[String]) -> Value {
    Value::from(
        names
            .iter()
            .map(|n| link_value(term_link(data.archive, data, taxonomy, n)))
            .collect::<Vec<_>>(),
    )
}

fn card_json(i: usize, data: &SiteData) -> Json {
    let s = &data.statements[i];
    let base = &data.config.base_url;
    json!({
        "title": s.title,
        "url": base.url(&s.site_path),
        "permalink": base.absolute(&s.site_path),
        "path": s.site_path,
        "date": s.date.to_rfc3339(),
        "has_time": s.has_time,
        "kind": s.kind.as_ref().map(|k| term_link(data.archive, data, Taxonomy::Kinds, k)),
        "speakers": term_links(data, Taxonomy::Speakers, &s.speakers),
        "location": s.location,
        "summary": data.bodies[i].summary,
        "id": s.id,
    })
}

/// The card of every statement, in the statements' order.
pub fn cards(data: &SiteData) -> Vec<Value> {
    (0..data.statements.len())
        .into_par_iter()
        .map(|i| Value::from_serializable(&card_json(i, data)))
        .collect()
}

fn hash_text(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A statement's card and a hash of everything in it (for incremental
/// rebuilds: a page listing the card changes when the hash does).
pub fn card_with_hash(i: usize, data: &SiteData) -> (Value, u64) {
    let json = card_json(i, data);
    let hash = hash_text(&json.to_string());
    (Value::from_serializable(&json), hash)
}

/// The site-wide `site` value and a hash of it.
pub fn site_with_hash(data: &SiteData) -> (Value, u64) {
    let json = site_json(data);
    let hash = hash_text(&json.to_string());
    (Value::from_serializable(&json), hash)
}

/// The site-wide `site` value.
pub fn site(data: &SiteData) -> Value {
    Value::from_serializable(&site_json(data))
}

fn site_json(data: &SiteData) -> Json {
    let c = data.config;
    let base = &c.base_url;
    let taxonomies: Vec<Json> = data
        .archive
        .taxonomies
        .iter()
        .map(|t| {
            json!({
                "name": t.taxonomy.name(),
                "title": t.taxonomy.title(),
                "singular": t.taxonomy.singular(),
                "url": base.url(&t.site_path()),
                "count": t.terms.len(),
            })
        })
        .collect();
    let years: Vec<Json> = data
        .archive
        .years
        .iter()
        .map(|y| json!({"year": y.year, "url": base.url(&y.site_path()), "count": y.statements.len()}))
        .collect();
    let feeds = feed_links(data, "");
    json!({
        "title": c.title,
        "description": c.description,
        "base_url": base.to_string(),
        "url": base.url(""),
        "language": c.language,
        "timezone": c.timezone.name(),
        "taxonomies": taxonomies,
        "years": years,
        "feeds": feeds,
        "statement_count": data.statements.len(),
        "statements_url": base.url("statements/"),
        "search_url": c.search.then(|| base.url(crate::search::DIR)),
        "generator": concat!("pressroom ", env!("CARGO_PKG_VERSION")),
    })
}

/// The feeds of a folder (`` for the site's): `[{format, mime, url}]`.
fn feed_links(data: &SiteData, dir: &str) -> Json {
    let base = &data.config.base_url;
    data.config
        .feeds
        .formats
        .iter()
        .map(|f| json!({"format": f.name(), "mime": f.mime(), "url": base.url(&format!("{dir}{}", f.file_name()))}))
        .collect()
}

fn page_value(
    spec: &PageSpec,
    data: &SiteData,
    kind: &'static str,
    title: String,
    description: &str,
) -> tera::Map {
    let base = &data.config.base_url;
    object([
        ("kind", kind.into()),
        ("title", title.into()),
        ("description", description.into()),
        ("url", base.url(&spec.site_path).into()),
        ("permalink", base.absolute(&spec.site_path).into()),
        ("path", spec.site_path.as_str().into()),
        ("number", spec.page.into()),
        ("feeds", Value::from(Vec::<Value>::new())),
    ])
}

fn paginator(spec: &PageSpec, data: &SiteData, total_items: usize) -> Json {
    let base = &data.config.base_url;
    let url = |n: usize| base.url(&spec.page_path(n));
    // A window around the current page keeps each page's context small
    // however long the listing is.
    let lo = spec.page.saturating_sub(3).max(1);
    let hi = (spec.page + 3).min(spec.total_pages);
    let pages: Vec<Json> = (lo..=hi)
        .map(|n| json!({"number": n, "url": url(n), "current": n == spec.page}))
        .collect();
    json!({
        "current": spec.page,
        "total": spec.total_pages,
        "per_page": data.config.per_page,
        "total_items": total_items,
        "first_url": url(1),
        "last_url": url(spec.total_pages),
        "prev_url": if spec.page > 1 { Some(url(spec.page - 1)) } else { None },
        "next_url": if spec.page < spec.total_pages { Some(url(spec.page + 1)) } else { None },
        "pages": pages,
    })
}

fn listing(spec: &PageSpec, data: &SiteData, cards: &[Value], items: &[usize]) -> (Value, Json) {
    let range = spec.range(data.config.per_page, items.len());
    let list: Vec<Value> = items[range].iter().map(|&i| cards[i].clone()).collect();
    (Value::from(list), paginator(spec, data, items.len()))
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

fn period_link(p: &Period, data: &SiteData) -> Json {
    json!({
        "title": period_title(p),
        "url": data.config.base_url.url(&p.site_path()),
        "count": p.statements.len(),
        "year": p.year,
        "month": p.month,
        "day": p.day,
    })
}

/// The breadcrumbs year › month › day of a date.
fn breadcrumbs(s: &Statement, data: &SiteData) -> Value {
    let (y, m, d) = (s.date.year(), s.date.month(), s.date.day());
    let crumb = |month: Option<u32>, day: Option<u32>| {
        let p = Period {
            year: y,
            month,
            day,
            statements: vec![],
        };
        Value::from(object([
            ("title", period_title(&p).into()),
            ("url", data.config.base_url.url(&p.site_path()).into()),
        ]))
    };
    Value::from(vec![
        crumb(None, None),
        crumb(Some(m), None),
        crumb(Some(m), Some(d)),
    ])
}

fn statement_json(i: usize, data: &SiteData, cards: &[Value]) -> Value {
    let s = &data.statements[i];
    let body = &data.bodies[i];
    // Each speaker's role on the statement's date: the front matter's
    // `role` for the first speaker, else the role the person held then.
    let roles: Vec<Option<String>> = s
        .speakers
        .iter()
        .enumerate()
        .map(|(n, name)| {
            let held = || {
                let person = &data.people.list[data.people.find(name)?];
                person.role_on(s.date.date_naive()).map(|r| r.title.clone())
            };
            if n == 0 {
                s.role.clone().or_else(held)
            } else {
                held()
            }
        })
        .collect();
    let speakers: Vec<Value> = s
        .speakers
        .iter()
        .zip(&roles)
        .map(|(name, role)| {
            let link = term_link(data.archive, data, Taxonomy::Speakers, name);
            Value::from(object([
                ("name", link.name.into()),
                ("url", link.url.into()),
                ("role", role.clone().into()),
            ]))
        })
        .collect();
    // The card (built once per statement) plus what only the statement's
    // own page shows; the body goes in as it is.
    let mut map = cards[i].as_map().cloned().unwrap_or_default();
    // Newest first: the previous statement is the next index.
    let card = |j: Option<usize>| j.map_or(Value::none(), |j| cards[j].clone());
    let list = |items: &[usize]| Value::from(items.iter().map(|&j| cards[j].clone()).collect::<Vec<_>>());
    let links = data.links;
    let extra = [
        ("speakers", Value::from(speakers)),
        ("role", roles.first().cloned().flatten().into()),
        ("topics", term_values(data, Taxonomy::Topics, &s.topics)),
        ("countries", term_values(data, Taxonomy::Countries, &s.countries)),
        ("source", s.source.clone().into()),
        ("updated", s.updated.map(|u| u.to_rfc3339()).into()),
        ("extra", Value::from_serializable(&s.extra)),
        ("words", body.words.into()),
        ("rel", s.rel.as_str().into()),
        ("breadcrumbs", breadcrumbs(s, data)),
        ("headings", body.heading_ids.clone().into()),
        ("content", body.html.as_str().into()),
        ("previous", card(Some(i + 1).filter(|&j| j < cards.len()))),
        ("next", card(i.checked_sub(1))),
        ("backlinks", list(&links.backlinks[i])),
        ("related", list(&links.related[i])),
        ("previous_by_speaker", card(links.previous_by_speaker[i])),
        ("next_by_speaker", card(links.next_by_speaker[i])),
    ];
    map.reserve(extra.len());
    for (key, value) in extra {
        map.insert(key.into(), value);
    }
    Value::from(map)
}

fn taxonomy_json(index: &TaxonomyIndex, data: &SiteData) -> Json {
    let t = index.taxonomy;
    json!({
        "name": t.name(),
        "title": t.title(),
        "singular": t.singular(),
        "url": data.config.base_url.url(&index.site_path()),
    })
}

/// The template and context of one page.
pub fn page(spec: &PageSpec, data: &SiteData, cards: &[Value]) -> (&'static str, Context) {
    let mut ctx = Context::new();
    let archive = data.archive;
    let base = &data.config.base_url;
    let page = match &spec.kind {
        PageKind::Home => {
            let n = data.config.per_page.min(data.statements.len());
            ctx.insert_value("statements", Value::from(cards[..n].to_vec()));
            page_value(
                spec,
                data,
                "home",
                data.config.title.clone(),
                &data.config.description,
            )
        }
        PageKind::Statement(i) => {
            let s = &data.statements[*i];
            ctx.insert_value("statement", statement_json(*i, data, cards));
            page_value(spec, data, "statement", s.title.clone(), &data.bodies[*i].summary)
        }
        PageKind::Alias(i) => {
            let s = &data.statements[*i];
            ctx.insert_value("statement", cards[*i].clone());
            let mut p = page_value(spec, data, "redirect", s.title.clone(), "");
            p.insert("redirect_to".into(), base.url(&s.site_path).into());
            p.insert("redirect_permalink".into(), base.absolute(&s.site_path).into());
            p
        }
        PageKind::List => {
            // Page n of the full list is a range of the (newest-first) order.
            let range = spec.range(data.config.per_page, data.statements.len());
            let list = Value::from(cards[range].to_vec());
            let pager = paginator(spec, data, data.statements.len());
            ctx.insert_value("statements", list);
            ctx.insert("paginator", &pager);
            page_value(
                spec,
                data,
                "list",
                format!("All statements{}", page_suffix(spec)),
                "",
            )
        }
        PageKind::Year(y) | PageKind::Month(y, _) | PageKind::Day(y, _, _) => {
            let (period, level, children, parent) = match spec.kind {
                PageKind::Month(_, m) => (
                    &archive.months[*y][m],
                    "month",
                    Some(&archive.days[*y][m]),
                    Some(&archive.years[*y]),
                ),
                PageKind::Day(_, m, d) => {
                    (&archive.days[*y][m][d], "day", None, Some(&archive.months[*y][m]))
                }
                _ => (&archive.years[*y], "year", Some(&archive.months[*y]), None),
            };
            let (list, pager) = listing(spec, data, cards, &period.statements);
            ctx.insert_value("statements", list);
            ctx.insert("paginator", &pager);
            let mut a = period_link(period, data);
            a["level"] = json!(level);
            a["children"] = json!(
                children
                    .map(|c| c.iter().map(|p| period_link(p, data)).collect::<Vec<_>>())
                    .unwrap_or_default()
            );
            a["parent"] = json!(parent.map(|p| period_link(p, data)));
            let title = format!("{}{}", period_title(period), page_suffix(spec));
            ctx.insert("archive", &a);
            page_value(spec, data, level, title, "")
        }
        PageKind::TaxonomyIndex(t) => {
            let index = &archive.taxonomies[*t];
            let terms: Vec<Json> = index
                .terms
                .iter()
                .map(|term| {
                    json!({
                        "name": term.name,
                        "slug": term.slug,
                        "url": base.url(&index.term_path(term)),
                        "count": term.statements.len(),
                        "latest": term.statements.first().map(|&i| data.statements[i].date.to_rfc3339()),
                    })
                })
                .collect();
            ctx.insert("taxonomy", &taxonomy_json(index, data));
            ctx.insert("terms", &terms);
            page_value(spec, data, "taxonomy", index.taxonomy.title().to_string(), "")
        }
        PageKind::Term(t, i) => {
            let index = &archive.taxonomies[*t];
            let term = &index.terms[*i];
            let (list, pager) = listing(spec, data, cards, &term.statements);
            ctx.insert_value("statements", list);
            ctx.insert("paginator", &pager);
            ctx.insert("taxonomy", &taxonomy_json(index, data));
            ctx.insert(
                "term",
                &json!({
                    "name": term.name,
                    "slug": term.slug,
                    "url": base.url(&index.term_path(term)),
                    "count": term.statements.len(),
                }),
            );
            ctx.insert_value(
                "groups",
                by_year(&items_of(spec, data, &term.statements), data, cards),
            );
            let person = term.person.map(|p| person_json(&data.people.list[p], data));
            ctx.insert("person", &person);
            let mut p = page_value(
                spec,
                data,
                "term",
                format!("{}{}", term.name, page_suffix(spec)),
                "",
            );
            if data.config.feeds.terms {
                p.insert(
                    "feeds".into(),
                    Value::from_serializable(&feed_links(data, &index.term_path(term))),
                );
            }
            p
        }
        PageKind::NotFound => page_value(spec, data, "404", "Page not found".into(), ""),
        PageKind::Search => {
            ctx.insert(
                "search",
                &json!({
                    "index_url": base.url(crate::search::DIR),
                    "count": data.statements.len(),
                }),
            );
            page_value(spec, data, "search", "Search".into(), "")
        }
    };
    ctx.insert_value("page", Value::from(page));
    (template_for(&spec.kind), ctx)
}

/// The statements a page of a listing shows.
fn items_of(spec: &PageSpec, data: &SiteData, items: &[usize]) -> Vec<usize> {
    items[spec.range(data.config.per_page, items.len())].to_vec()
}

/// Statements grouped by year, newest year first: `[{year, statements}]`.
fn by_year(items: &[usize], data: &SiteData, cards: &[Value]) -> Value {
    let mut groups: Vec<(i32, Vec<Value>)> = Vec::new();
    for &i in items {
        let year = data.statements[i].date.year();
        match groups.last_mut() {
            Some((y, list)) if *y == year => list.push(cards[i].clone()),
            _ => groups.push((year, vec![cards[i].clone()])),
        }
    }
    Value::from(
        groups
            .into_iter()
            .map(|(year, list)| {
                let mut map = tera::Map::new();
                map.insert("year".into(), Value::from(year));
                map.insert("statements".into(), Value::from(list));
                Value::from(map)
            })
            .collect::<Vec<_>>(),
    )
}

/// A person as templates see it: `{name, slug, aliases, bio (HTML), image,
/// roles: [{title, from, to}]}`.
fn person_json(p: &crate::model::Person, data: &SiteData) -> Json {
    json!({
        "name": p.name,
        "slug": p.slug,
        "aliases": p.aliases,
        "bio": crate::markdown::to_html(&p.bio, data.config.raw_html),
        "image": p.image.as_ref().map(|i| data.config.base_url.url(i)),
        "roles": p.roles.iter().map(|r| json!({
            "title": r.title,
            "from": r.from.format("%Y-%m-%d").to_string(),
            "to": r.to.map(|t| t.format("%Y-%m-%d").to_string()),
        })).collect::<Vec<_>>(),
    })
}
