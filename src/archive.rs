//! Archive: statements in, indexes and the plan of listing pages out.
//!
//! Groups the (newest-first) statements by year, month and day and by the
//! terms of each taxonomy, in one pass each: nothing here compares pairs of
//! statements. What pages need of the archive's shape — a period's
//! neighbours, "on this day", a term's first and last day, a speaker's
//! sort name and role spans — is read from these groups, never by
//! scanning the statements again. The plan lists every page the site has,
//! with its site path, so that rendering is a map over the plan.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use crate::config::{Config, Taxonomy};
use crate::model::{People, Statement, normalize_name};
use crate::permalink;

/// Statements of one year, month or day, newest first (indexes into the
/// site's statements).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Period {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub statements: Vec<usize>,
}

impl Period {
    pub fn site_path(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}/{m:02}/{d:02}/", self.year),
            (Some(m), None) => format!("{:04}/{m:02}/", self.year),
            _ => format!("{:04}/", self.year),
        }
    }
}

/// One term of a taxonomy (a speaker, a topic, …) and its statements.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Newest first.
    pub statements: Vec<usize>,
    /// For speakers: the person (index into `People::list`) the term is.
    pub person: Option<usize>,
    /// How indexes sort and show the name: for a speaker the people file's
    /// `sort_name`, else [`sort_name`] of the name (`Tillerson, Rex W.`);
    /// for other terms the name.
    pub sort_name: String,
    /// The days of the term's oldest and newest statements.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// For speakers: the roles the statements give them (or their people
    /// file says they held on the day), oldest first, one span per run of
    /// statements with the same role.
    pub roles: Vec<RoleSpan>,
}

/// A role a speaker's statements give them, from the first to the last
/// statement with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RoleSpan {
    pub title: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Suffixes that follow a family name (`Jr.`, `III`), compared without
/// case and full stops.
const NAME_SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq", "qc", "kc"];

/// Particles that, written in lower case, belong with the given names
/// when a name is sorted (`Ursula von der Leyen` → `Leyen, Ursula von der`);
/// written with a capital they are part of the family name
/// (`Martin Van Buren` → `Van Buren, Martin`).
const NAME_PARTICLES: &[&str] = &[
    "af", "al", "av", "bin", "binti", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos",
    "du", "el", "ibn", "la", "le", "ten", "ter", "van", "von", "y", "zu",
];

/// A person's name as an index sorts and shows it, family name first:
/// `Rex W. Tillerson` → `Tillerson, Rex W.`. The family name is the last
/// word, not counting suffixes such as `Jr.` or `III` (which go last:
/// `King, Martin Luther, Jr.`), together with the capitalised particles
/// before it (`Van Buren, Martin`); lower-case particles go after the
/// given names (`Gogh, Vincent van`). A name of one word, or one with a
/// comma already, is kept as it is. Names whose family name comes first
/// (`Xi Jinping`) need a people file with `sort_name`.
pub fn sort_name(name: &str) -> String {
    let is_suffix = |word: &str| NAME_SUFFIXES.contains(&word.replace('.', "").to_lowercase().as_str());
    // A comma, but before a suffix (`King, Jr.`): family name first already.
    if name.split(',').skip(1).any(|part| !is_suffix(part.trim())) {
        return name.to_string();
    }
    let unsuffixed = name.replace(',', " ");
    let mut words: Vec<&str> = unsuffixed.split_whitespace().collect();
    let mut suffixes = Vec::new();
    while words.len() > 2 {
        let last = words[words.len() - 1];
        if !is_suffix(last) {
            break;
        }
        suffixes.insert(0, last);
        words.pop();
    }
    if words.len() < 2 {
        return name.to_string();
    }
    let mut family_start = words.len() - 1;
    let mut particles_start = family_start;
    // Capitalised particles join the family name; lower-case ones follow
    // the given names.
    while particles_start > 1 {
        let word = words[particles_start - 1];
        if !NAME_PARTICLES.contains(&word.to_lowercase().as_str()) {
            break;
        }
        particles_start -= 1;
        if word.chars().next().is_some_and(char::is_uppercase) && particles_start + 1 == family_start {
            family_start = particles_start;
        }
    }
    let family = words[family_start..].join(" ");
    let given = words[..particles_start].join(" ");
    let particles = words[particles_start..family_start].join(" ");
    let mut out = format!("{family}, {given}");
    if !particles.is_empty() {
        out.push(' ');
        out.push_str(&particles);
    }
    for suffix in suffixes {
        out.push_str(", ");
        out.push_str(suffix);
    }
    out
}

/// The letter an index files a sort name under: its first letter without
/// diacritics, `A` to `Z` (other scripts transliterated), or `#` for a
/// name that starts with anything else.
pub fn index_letter(sort_name: &str) -> char {
    match permalink::slugify(sort_name).chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
        _ => '#',
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TaxonomyIndex {
    pub taxonomy: Taxonomy,
    /// Sorted by slug.
    pub terms: Vec<Term>,
    /// Every spelling seen (normalised) -> index into `terms`.
    lookup: HashMap<String, usize>,
}

impl TaxonomyIndex {
    pub fn site_path(&self) -> String {
        format!("{}/", self.taxonomy.name())
    }

    pub fn term_path(&self, term: &Term) -> String {
        format!("{}/{}/", self.taxonomy.name(), term.slug)
    }

    /// The term a name (in any spelling seen) belongs to.
    pub fn find(&self, name: &str) -> Option<&Term> {
        self.position(name).map(|i| &self.terms[i])
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.lookup.get(&normalize_name(name)).copied()
    }
}

/// A month as `(year, month)` indexes into [`Archive::months`].
pub type MonthIndex = (usize, usize);

/// The indexes of an archive.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Archive {
    /// Newest year first.
    pub years: Vec<Period>,
    /// Per year (same order as `years`): its months, newest first.
    pub months: Vec<Vec<Period>>,
    /// Per year and month: its days, newest first.
    pub days: Vec<Vec<Vec<Period>>>,
    pub taxonomies: Vec<TaxonomyIndex>,
}

/// The slug of a term name (never empty).
pub fn term_slug(name: &str) -> String {
    let slug = permalink::slugify(name);
    if slug.is_empty() { "term".into() } else { slug }
}

impl Archive {
    /// Indexes `statements`, which must be sorted newest first.
    pub fn new(config: &Config, statements: &[Arc<Statement>], people: &People) -> Archive {
        let mut tree: BTreeMap<i32, BTreeMap<u32, BTreeMap<u32, Vec<usize>>>> = BTreeMap::new();
        for (i, s) in statements.iter().enumerate() {
            tree.entry(s.date.year())
                .or_default()
                .entry(s.date.month())
                .or_default()
                .entry(s.date.day())
                .or_default()
                .push(i);
        }
        let (mut years, mut months, mut days) = (Vec::new(), Vec::new(), Vec::new());
        for (&year, by_month) in tree.iter().rev() {
            let mut year_months = Vec::new();
            let mut year_days = Vec::new();
            let mut year_statements = Vec::new();
            for (&month, by_day) in by_month.iter().rev() {
                let mut month_days = Vec::new();
                let mut month_statements = Vec::new();
                for (&day, list) in by_day.iter().rev() {
                    month_statements.extend(list);
                    month_days.push(Period {
                        year,
                        month: Some(month),
                        day: Some(day),
                        statements: list.clone(),
                    });
                }
                year_statements.extend(&month_statements);
                year_months.push(Period {
                    year,
                    month: Some(month),
                    day: None,
                    statements: month_statements,
                });
                year_days.push(month_days);
            }
            years.push(Period {
                year,
                month: None,
                day: None,
                statements: year_statements,
            });
            months.push(year_months);
            days.push(year_days);
        }
        let taxonomies = config
            .taxonomies
            .iter()
            .map(|&taxonomy| index_taxonomy(taxonomy, statements, people))
            .collect();
        Archive {
            years,
            months,
            days,
            taxonomies,
        }
    }

    /// The older and the newer year than year `y` (both with statements).
    pub fn year_neighbours(&self, y: usize) -> (Option<&Period>, Option<&Period>) {
        (
            self.years.get(y + 1),
            y.checked_sub(1).and_then(|y| self.years.get(y)),
        )
    }

    /// The older and the newer month than month `m` of year `y`, across
    /// years: `(y, m)` indexes as in `months`.
    pub fn month_neighbours(&self, y: usize, m: usize) -> (Option<MonthIndex>, Option<MonthIndex>) {
        let older = if m + 1 < self.months[y].len() {
            Some((y, m + 1))
        } else {
            (y + 1 < self.years.len()).then_some((y + 1, 0))
        };
        let newer = match m.checked_sub(1) {
            Some(m) => Some((y, m)),
            None => y
                .checked_sub(1)
                .and_then(|y| Some((y, self.months[y].len().checked_sub(1)?))),
        };
        (older, newer)
    }

    /// The older and the newer day than day `d` of month `(y, m)`, across
    /// months and years.
    pub fn day_neighbours(&self, y: usize, m: usize, d: usize) -> (Option<&Period>, Option<&Period>) {
        let days = &self.days[y][m];
        let (older_month, newer_month) = self.month_neighbours(y, m);
        let older = match days.get(d + 1) {
            Some(p) => Some(p),
            None => older_month.and_then(|(y, m)| self.days[y][m].first()),
        };
        let newer = match d.checked_sub(1) {
            Some(d) => days.get(d),
            None => newer_month.and_then(|(y, m)| self.days[y][m].last()),
        };
        (older, newer)
    }

    /// The statements of month `month`, day `day` in every year but the
    /// newest: "on this day" for the newest statement's day. Newest first.
    pub fn on_this_day(&self) -> (Option<(u32, u32)>, Vec<usize>) {
        let Some(newest) = self.days.first().and_then(|m| m.first()).and_then(|d| d.first()) else {
            return (None, Vec::new());
        };
        let (Some(month), Some(day)) = (newest.month, newest.day) else {
            return (None, Vec::new());
        };
        let mut out = Vec::new();
        for (y, months) in self.months.iter().enumerate().skip(1) {
            let Some(m) = months.iter().position(|p| p.month == Some(month)) else {
                continue;
            };
            if let Some(p) = self.days[y][m].iter().find(|p| p.day == Some(day)) {
                out.extend(&p.statements);
            }
        }
        (Some((month, day)), out)
    }

    pub fn taxonomy(&self, taxonomy: Taxonomy) -> Option<&TaxonomyIndex> {
        self.taxonomies.iter().find(|t| t.taxonomy == taxonomy)
    }
}

fn index_taxonomy(taxonomy: Taxonomy, statements: &[Arc<Statement>], people: &People) -> TaxonomyIndex {
    // A term is keyed by its slug: a speaker who is a person by the
    // person's file name, so that every alias lands on one page.
    struct Group<'a> {
        spellings: BTreeMap<&'a str, usize>,
        statements: Vec<usize>,
        person: Option<usize>,
        /// Speakers: the role of each statement, newest first.
        roles: Vec<(NaiveDate, Option<String>)>,
    }
    let mut groups: HashMap<String, Group> = HashMap::new();
    for (i, s) in statements.iter().enumerate() {
        let roles = if taxonomy == Taxonomy::Speakers {
            s.speaker_roles(people)
        } else {
            Vec::new()
        };
        for (n, name) in s.terms(taxonomy).iter().enumerate() {
            let person = if taxonomy == Taxonomy::Speakers {
                people.find(name)
            } else {
                None
            };
            let key = match person {
                Some(p) => people.list[p].slug.clone(),
                None => term_slug(name),
            };
            let group = groups.entry(key).or_insert_with(|| Group {
                spellings: BTreeMap::new(),
                statements: Vec::new(),
                person,
                roles: Vec::new(),
            });
            *group.spellings.entry(name.as_str()).or_default() += 1;
            if group.statements.last() != Some(&i) {
                group.statements.push(i);
                if taxonomy == Taxonomy::Speakers {
                    group
                        .roles
                        .push((s.date.date_naive(), roles.get(n).cloned().flatten()));
                }
            }
        }
    }
    let mut lookup = HashMap::new();
    let mut terms: Vec<(Term, Vec<String>)> = groups
        .into_iter()
        .map(|(slug, g)| {
            // A person's name names the term; otherwise the most used
            // spelling, ties going to the first in order.
            let name = match g.person {
                Some(p) => people.list[p].name.clone(),
                None => g
                    .spellings
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(n, _)| n.to_string())
                    .unwrap_or_default(),
            };
            let spellings = g.spellings.keys().map(|s| s.to_string()).collect();
            let day = |i: Option<&usize>| i.map_or(NaiveDate::MIN, |&i| statements[i].date.date_naive());
            let sort = match taxonomy {
                Taxonomy::Speakers => g
                    .person
                    .and_then(|p| people.list[p].sort_name.clone())
                    .unwrap_or_else(|| sort_name(&name)),
                _ => name.clone(),
            };
            (
                Term {
                    first: day(g.statements.last()),
                    last: day(g.statements.first()),
                    roles: role_spans(&g.roles),
                    sort_name: sort,
                    name,
                    slug,
                    statements: g.statements,
                    person: g.person,
                },
                spellings,
            )
        })
        .collect();
    terms.sort_by(|a, b| a.0.slug.cmp(&b.0.slug));
    for (i, (term, spellings)) in terms.iter().enumerate() {
        lookup.insert(normalize_name(&term.name), i);
        for s in spellings {
            lookup.insert(normalize_name(s), i);
        }
    }
    TaxonomyIndex {
        taxonomy,
        terms: terms.into_iter().map(|(t, _)| t).collect(),
        lookup,
    }
}

/// Runs of one role, oldest first, from a speaker's statements' roles
/// (newest first).
fn role_spans(roles: &[(NaiveDate, Option<String>)]) -> Vec<RoleSpan> {
    let mut spans: Vec<RoleSpan> = Vec::new();
    for (date, role) in roles.iter().rev() {
        let Some(title) = role else { continue };
        match spans.last_mut() {
            Some(span) if &span.title == title => span.to = *date,
            _ => spans.push(RoleSpan {
                title: title.clone(),
                from: *date,
                to: *date,
            }),
        }
    }
    spans
}

/// What a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Statement(usize),
    /// The full chronological list.
    List,
    /// Indexes into `Archive::years` / `months` / `days`.
    Year(usize),
    Month(usize, usize),
    Day(usize, usize, usize),
    /// Index into `Archive::taxonomies`.
    TaxonomyIndex(usize),
    /// Taxonomy index, term index.
    Term(usize, usize),
    NotFound,
    /// The search page (`search/`), when the site has search.
    Search,
    /// A redirect from an old URL to a statement.
    Alias(usize),
}

/// One page to render.
#[derive(Debug, Clone)]
pub struct PageSpec {
    pub kind: PageKind,
    /// Site path of the page (`statements/page/2/`); a file path for
    /// files that are not folders (`404.html`).
    pub site_path: String,
    /// 1-based page number among `total_pages` of a paginated listing.
    pub page: usize,
    pub total_pages: usize,
    /// Site path of page 1 of this listing.
    pub first_path: String,
}

impl PageSpec {
    fn single(kind: PageKind, site_path: String) -> PageSpec {
        PageSpec {
            kind,
            first_path: site_path.clone(),
            site_path,
            page: 1,
            total_pages: 1,
        }
    }

    /// The site path of page `n` of this page's listing.
    pub fn page_path(&self, n: usize) -> String {
        page_path(&self.first_path, n)
    }

    /// Which items of a listing this page shows.
    pub fn range(&self, per_page: usize, len: usize) -> std::ops::Range<usize> {
        let start = ((self.page - 1) * per_page).min(len);
        start..(start + per_page).min(len)
    }
}

/// Page `n` of a listing whose first page is at `first`.
pub fn page_path(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

fn paginated(kind: PageKind, first: String, items: usize, per_page: usize, out: &mut Vec<PageSpec>) {
    let total = items.div_ceil(per_page).max(1);
    for page in 1..=total {
        out.push(PageSpec {
            kind: kind.clone(),
            site_path: page_path(&first, page),
            page,
            total_pages: total,
            first_path: first.clone(),
        });
    }
}

/// Every page of the site.
pub fn plan(config: &Config, statements: &[Arc<Statement>], archive: &Archive) -> Vec<PageSpec> {
    let per_page = config.per_page;
    let mut out = Vec::new();
    out.push(PageSpec::single(PageKind::Home, String::new()));
    out.push(PageSpec::single(PageKind::NotFound, "404.html".into()));
    if config.search {
        out.push(PageSpec::single(PageKind::Search, crate::search::DIR.into()));
    }
    for (i, s) in statements.iter().enumerate() {
        out.push(PageSpec::single(PageKind::Statement(i), s.site_path.clone()));
        for alias in &s.aliases {
            out.push(PageSpec::single(PageKind::Alias(i), alias.clone()));
        }
        // The permanent address redirects like an alias.
        out.push(PageSpec::single(PageKind::Alias(i), s.id_path.clone()));
    }
    paginated(
        PageKind::List,
        "statements/".into(),
        statements.len(),
        per_page,
        &mut out,
    );
    for (y, year) in archive.years.iter().enumerate() {
        paginated(
            PageKind::Year(y),
            year.site_path(),
            year.statements.len(),
            per_page,
            &mut out,
        );
        for (m, month) in archive.months[y].iter().enumerate() {
            paginated(
                PageKind::Month(y, m),
                month.site_path(),
                month.statements.len(),
                per_page,
                &mut out,
            );
            for (d, day) in archive.days[y][m].iter().enumerate() {
                paginated(
                    PageKind::Day(y, m, d),
                    day.site_path(),
                    day.statements.len(),
                    per_page,
                    &mut out,
                );
            }
        }
    }
    for (t, index) in archive.taxonomies.iter().enumerate() {
        out.push(PageSpec::single(PageKind::TaxonomyIndex(t), index.site_path()));
        for (i, term) in index.terms.iter().enumerate() {
            paginated(
                PageKind::Term(t, i),
                index.term_path(term),
                term.statements.len(),
                per_page,
                &mut out,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_names_put_the_family_name_first() {
        for (name, sorted) in [
            ("Rex W. Tillerson", "Tillerson, Rex W."),
            ("José Mário Álvarez", "Álvarez, José Mário"),
            ("Amara Okafor-Lind", "Okafor-Lind, Amara"),
            ("Ursula von der Leyen", "Leyen, Ursula von der"),
            ("Charles de Gaulle", "Gaulle, Charles de"),
            ("Martin Van Buren", "Van Buren, Martin"),
            ("Robert De Niro", "De Niro, Robert"),
            ("Martin Luther King Jr.", "King, Martin Luther, Jr."),
            ("Martin Luther King, Jr.", "King, Martin Luther, Jr."),
            ("John Smith III", "Smith, John, III"),
            ("Tillerson, Rex", "Tillerson, Rex"),
            ("Madonna", "Madonna"),
            // Two words, the last a "suffix": a family name after all.
            ("Henry V", "V, Henry"),
        ] {
            assert_eq!(sort_name(name), sorted, "{name}");
        }
    }

    #[test]
    fn index_letters_ignore_diacritics_and_file_the_rest_under_other() {
        assert_eq!(index_letter("Álvarez, José"), 'A');
        assert_eq!(index_letter("Łucja"), 'L');
        assert_eq!(index_letter("Москва"), 'M');
        assert_eq!(index_letter("1st Battalion"), '#');
        assert_eq!(index_letter(""), '#');
    }
}
