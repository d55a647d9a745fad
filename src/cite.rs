//! Citations: a statement in, every way to cite it out.
//!
//! [`Citation`] gathers what a citation names — speakers (with the role
//! each held that day) or else the issuing office, title, kind, publisher,
//! place, date, document id and permanent address — from the model and
//! the configuration. From it come the files beside each statement page
//! (BibTeX [`bibtex`], RIS [`ris`], CSL-JSON [`csl_json`]), the visible
//! citations in two styles ([`Style`]), the COinS span of listings
//! ([`coins`]) and the schema.org JSON-LD of the page ([`json_ld`]).
//! Each writer escapes for its own format; none fails on any input.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use serde_json::{Value, json};

use crate::config::Config;
use crate::model::{People, Statement};

/// A person or office as citations name it.
#[derive(Debug, Clone)]
pub struct Name {
    /// As written (`José Mário Álvarez`).
    pub full: String,
    /// Family name with its particles (`von der Leyen`), for a person.
    pub family: Option<String>,
    pub given: Option<String>,
    /// `Jr.`, `III`.
    pub suffix: Option<String>,
    /// The role held on the statement's date.
    pub role: Option<String>,
}

impl Name {
    /// A speaker's name, split into given and family names: `Family,
    /// Given` when written with a comma, else the last word (with the
    /// lower-case particles before it, and a suffix after it) is the
    /// family name. A single word stays whole.
    pub fn person(full: &str, role: Option<String>) -> Name {
        let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut name = Name {
            full: full.clone(),
            family: None,
            given: None,
            suffix: None,
            role,
        };
        if let Some((family, given)) = full.split_once(", ") {
            if !family.is_empty() && !given.is_empty() {
                name.family = Some(family.to_string());
                name.given = Some(given.to_string());
            }
            return name;
        }
        let mut words: Vec<&str> = full.split(' ').collect();
        if words.len() > 2
            && let Some(last) = words.last()
            && ["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"].contains(last)
        {
            name.suffix = Some(last.to_string());
            words.pop();
        }
        if words.len() < 2 {
            name.suffix = None;
            return name;
        }
        let mut start = words.len() - 1;
        while start > 1 && words[start - 1].chars().next().is_some_and(char::is_lowercase) {
            start -= 1;
        }
        name.family = Some(words[start..].join(" "));
        name.given = Some(words[..start].join(" "));
        name
    }

    /// An office or organisation: one name, never split.
    pub fn office(full: &str) -> Name {
        Name {
            full: full.to_string(),
            family: None,
            given: None,
            suffix: None,
            role: None,
        }
    }

    fn is_person(&self) -> bool {
        self.family.is_some()
    }

    /// `Álvarez, José Mário` (or the name whole).
    fn inverted(&self) -> String {
        match (&self.family, &self.given) {
            (Some(f), Some(g)) => match &self.suffix {
                Some(s) => format!("{f}, {g}, {s}"),
                None => format!("{f}, {g}"),
            },
            _ => self.full.clone(),
        }
    }

    /// `Álvarez, J. M.` (APA).
    fn initials(&self) -> String {
        match (&self.family, &self.given) {
            (Some(f), Some(g)) => {
                let initials: Vec<String> = g
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        // Hyphenated given names keep the hyphen: J.-P.
                        w.split('-')
                            .filter_map(|p| p.chars().next())
                            .map(|c| format!("{c}."))
                            .collect::<Vec<_>>()
                            .join("-")
                    })
                    .collect();
                let mut out = format!("{f}, {}", initials.join(" "));
                if let Some(s) = &self.suffix {
                    out.push_str(", ");
                    out.push_str(s);
                }
                out
            }
            _ => self.full.clone(),
        }
    }
}

/// Each speaker's role on the statement's date: the front matter's
/// `roles` entry, or `role` for the first speaker, else the role the
/// person held then.
pub fn roles(s: &Statement, people: &People) -> Vec<Option<String>> {
    s.speaker_roles(people)
}

/// Everything a citation of one statement names.
#[derive(Debug, Clone)]
pub struct Citation<'a> {
    /// The stable document id ([`Statement::doc_id`]), unique in the
    /// archive: the key of BibTeX and CSL-JSON.
    pub id: &'a str,
    /// The document number a citation shows: `id`, else the stable id.
    pub number: &'a str,
    pub title: &'a str,
    pub kind: Option<&'a str>,
    /// The speakers; none when the statement has none (then the
    /// publisher is its author).
    pub speakers: Vec<Name>,
    /// The issuing office (front matter `issuer`), when there is one.
    pub issuer: Option<&'a str>,
    pub publisher: &'a str,
    /// The archive's title (site.toml's `title`).
    pub archive: &'a str,
    pub place: Option<&'a str>,
    pub date: DateTime<FixedOffset>,
    pub has_time: bool,
    pub updated: Option<DateTime<FixedOffset>>,
    /// The permanent address (`…/id/<id>/`), which citations give.
    pub url: String,
    pub language: &'a str,
    pub topics: &'a [String],
    pub countries: &'a [String],
}

impl<'a> Citation<'a> {
    pub fn new(s: &'a Statement, config: &'a Config, people: &People) -> Citation<'a> {
        let speakers = s
            .speakers
            .iter()
            .zip(roles(s, people))
            .map(|(name, role)| Name::person(name, role))
            .collect();
        Citation {
            id: &s.doc_id,
            number: s.id.as_deref().unwrap_or(&s.doc_id),
            title: &s.title,
            kind: s.kind.as_deref(),
            speakers,
            issuer: s.issuer.as_deref(),
            publisher: &config.publisher,
            archive: &config.title,
            place: s.location.as_deref(),
            date: s.date,
            has_time: s.has_time,
            updated: s.updated,
            url: config.base_url.absolute(&s.id_path),
            language: &config.language,
            topics: &s.topics,
            countries: &s.countries,
        }
    }

    /// The authors: the speakers, else the issuing office, else the
    /// publisher as an office.
    pub fn authors(&self) -> Vec<Name> {
        if self.speakers.is_empty() {
            vec![Name::office(self.issuer.unwrap_or(self.publisher))]
        } else {
            self.speakers.clone()
        }
    }

    /// The CSL item type: `speech` for what is said aloud (remarks,
    /// briefings, speeches, and any kind whose name says so), `interview`
    /// for interviews (CSL has the type, and reference managers show the
    /// interviewer and medium fields for it), `document` for what is
    /// issued in writing (statements, readouts, notes, fact sheets).
    pub fn csl_type(&self) -> &'static str {
        let kind = self.kind.unwrap_or("").to_lowercase();
        if kind.contains("interview") {
            "interview"
        } else if [
            "remarks",
            "briefing",
            "speech",
            "address",
            "testimony",
            "press conference",
        ]
        .iter()
        .any(|w| kind.contains(w))
        {
            "speech"
        } else {
            "document"
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(d: &DateTime<FixedOffset>) -> &'static str {
    MONTHS[d.month0() as usize]
}

/// `10:30 a.m.` (Chicago's form of a time).
fn clock(d: &DateTime<FixedOffset>) -> String {
    let (pm, hour) = d.hour12();
    format!("{hour}:{:02} {}", d.minute(), if pm { "p.m." } else { "a.m." })
}

/// `March 4, 2021` (with `, 10:30 a.m.` when the time is known).
fn long_date(c: &Citation) -> String {
    let d = &c.date;
    let mut out = format!("{} {}, {}", month_name(d), d.day(), d.year());
    if c.has_time {
        out.push_str(", ");
        out.push_str(&clock(d));
    }
    out
}

/// `A`, `A and B`, `A, B, and C`.
fn and_list(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} {and} {b}"),
        [rest @ .., last] => format!("{}, {and} {last}", rest.join(", ")),
    }
}

/// HTML text: `&`, `<`, `>`, `"` and `'` escaped.
pub use crate::markdown::escape_html as html_escape;

/// A visible citation style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Style {
    /// Chicago Manual of Style, 17th edition, note form.
    Chicago,
    /// APA, 7th edition, reference-list form.
    Apa,
}

/// A citation in one style: HTML (escaped, with italics and a slot that
/// the reader's browser fills with the access date) and plain text (with
/// no access date).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Formatted {
    pub style: &'static str,
    pub name: &'static str,
    pub html: String,
    pub text: String,
}

/// Ends `text` with a full stop unless it ends with punctuation already.
fn close(text: &str) -> &'static str {
    if text.ends_with(['.', '?', '!']) { "" } else { "." }
}

/// One citation in `style`, HTML and plain text.
pub fn format(c: &Citation, style: Style) -> Formatted {
    let e = html_escape;
    match style {
        Style::Chicago => {
            // Names, “Title,” Kind no. ID, Publisher, Archive, Place, Date, accessed …, URL.
            let names: Vec<String> = c.authors().iter().map(|n| n.full.clone()).collect();
            let title = c.title;
            let comma = if title.ends_with(['?', '!']) { "" } else { "," };
            let mut parts: Vec<String> = Vec::new();
            match c.kind {
                Some(kind) => parts.push(format!("{kind} no. {}", c.number)),
                None => parts.push(format!("no. {}", c.number)),
            }
            if !c.speakers.is_empty() {
                parts.push(c.publisher.to_string());
            }
            // The archive, when it is not the publisher already.
            if c.archive != c.publisher {
                parts.push(c.archive.to_string());
            }
            parts.extend(c.place.map(str::to_string));
            parts.push(long_date(c));
            let head = format!(
                "{}, “{title}{comma}” {}",
                and_list(&names, "and"),
                parts.join(", ")
            );
            Formatted {
                style: "chicago",
                name: "Chicago",
                html: format!(
                    "{}<span class=\"cite-accessed\" hidden>, accessed <span data-accessed=\"chicago\"></span></span>, <span class=\"cite-url\">{}</span>.",
                    e(&head),
                    e(&c.url)
                ),
                text: format!("{head}, {}.", c.url),
            }
        }
        Style::Apa => {
            // Family, G., & Family, G. (2021, March 4). Title (Kind No. ID). Publisher. URL
            let authors: Vec<String> = c.authors().iter().map(Name::initials).collect();
            let names = match authors.as_slice() {
                [] => String::new(),
                [one] => one.clone(),
                [rest @ .., last] => format!("{}, & {last}", rest.join(", ")),
            };
            let d = &c.date;
            let date = format!("({}, {} {})", d.year(), month_name(d), d.day());
            let number = match c.kind {
                Some(kind) => format!("{kind} No. {}", c.number),
                None => format!("No. {}", c.number),
            };
            let publisher = if c.speakers.is_empty() {
                String::new()
            } else {
                format!(" {}{}", c.publisher, close(c.publisher))
            };
            let names_end = close(&names);
            let head = format!("{names}{names_end} {date}. ");
            let after = format!(" ({number}).{publisher}");
            Formatted {
                style: "apa",
                name: "APA",
                html: format!(
                    "{}<i>{}</i>{} <span class=\"cite-accessed\" hidden>Retrieved <span data-accessed=\"apa\"></span>, from </span><span class=\"cite-url\">{}</span>",
                    e(&head),
                    e(c.title),
                    e(&after),
                    e(&c.url)
                ),
                text: format!("{head}{}{after} {}", c.title, c.url),
            }
        }
    }
}

/// Both visible styles.
pub fn styles(c: &Citation) -> Vec<Formatted> {
    vec![format(c, Style::Chicago), format(c, Style::Apa)]
}

/// A BibTeX key: the document id with only `[A-Za-z0-9_:.-]` kept.
pub fn bibtex_key(id: &str) -> String {
    let key: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let key = key.trim_matches('-').to_string();
    if key.is_empty() { "statement".into() } else { key }
}

/// A value inside BibTeX braces: LaTeX's special characters escaped, so
/// braces always balance and `%`, `&`, `#`, `$`, `_`, `~`, `^` and `\` print
/// as themselves. Letters outside ASCII stay as they are (the file is
/// UTF-8, which biber and bibtexparser read; classic BibTeX with
/// `\usepackage[utf8]{inputenc}` prints them too).
pub fn bibtex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '%' | '&' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

/// An author for BibTeX: `Family, Given` (`Family, Suffix, Given`), or a
/// name in braces (an office, or one word), which BibTeX never splits.
/// A name with " and " in it is braced too, as `and` separates authors.
fn bibtex_name(n: &Name) -> String {
    match (&n.family, &n.given) {
        (Some(f), Some(g)) if !n.full.to_lowercase().contains(" and ") => {
            // Lower-case particles stay unbraced: BibTeX reads `von der
            // Leyen, Ursula` as von `von der`, last `Leyen`, as it should.
            let family = bibtex_escape(f);
            match &n.suffix {
                Some(s) => format!("{family}, {}, {}", bibtex_escape(s), bibtex_escape(g)),
                None => format!("{family}, {}", bibtex_escape(g)),
            }
        }
        _ => format!("{{{}}}", bibtex_escape(&n.full)),
    }
}

const BIB_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `cite.bib`: one `@techreport` entry, which BibTeX styles print with
/// its type (the kind), number (the document id), institution (the
/// publisher) and address (the place), biblatex reads as `@report`, and
/// reference managers import as a report. biblatex's `date`, `location`
/// and `langid`-free `language` sit beside BibTeX's `year` and `month`.
pub fn bibtex(c: &Citation) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let authors: Vec<String> = c.authors().iter().map(bibtex_name).collect();
    fields.push(("author", format!("{{{}}}", authors.join(" and "))));
    // Double braces keep the title's capitals in styles that lower-case titles.
    fields.push(("title", format!("{{{{{}}}}}", bibtex_escape(c.title))));
    fields.push((
        "type",
        format!("{{{}}}", bibtex_escape(c.kind.unwrap_or("Statement"))),
    ));
    fields.push(("number", format!("{{{}}}", bibtex_escape(c.number))));
    fields.push(("institution", format!("{{{{{}}}}}", bibtex_escape(c.publisher))));
    if let Some(place) = c.place {
        fields.push(("address", format!("{{{}}}", bibtex_escape(place))));
        fields.push(("location", format!("{{{}}}", bibtex_escape(place))));
    }
    let d = &c.date;
    fields.push((
        "date",
        format!("{{{:04}-{:02}-{:02}}}", d.year(), d.month(), d.day()),
    ));
    fields.push(("year", format!("{{{:04}}}", d.year())));
    fields.push(("month", BIB_MONTHS[d.month0() as usize].to_string()));
    fields.push(("url", format!("{{{}}}", bibtex_escape(&c.url))));
    fields.push(("language", format!("{{{}}}", bibtex_escape(c.language))));
    let keywords: Vec<&str> = c.topics.iter().chain(c.countries).map(String::as_str).collect();
    if !keywords.is_empty() {
        fields.push(("keywords", format!("{{{}}}", bibtex_escape(&keywords.join(", ")))));
    }
    if let Some(u) = &c.updated {
        fields.push((
            "note",
            format!(
                "{{Updated {}}}",
                bibtex_escape(&format!("{} {}, {}", month_name(u), u.day(), u.year()))
            ),
        ));
    }
    let mut out = format!("% Encoding: UTF-8\n@techreport{{{},\n", bibtex_key(c.id));
    for (n, (name, value)) in fields.iter().enumerate() {
        let comma = if n + 1 < fields.len() { "," } else { "" };
        out.push_str(&format!("  {name:<11} = {value}{comma}\n"));
    }
    out.push_str("}\n");
    out
}

/// A value on one RIS line: line breaks and other control characters
/// become spaces (an RIS field is one line), and it is cut to 255 bytes
/// at a character boundary for the tags that the format limits so.
fn ris_value(text: &str, limit: bool) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if limit && one_line.len() > 255 {
        let mut cut = 255;
        while !one_line.is_char_boundary(cut) {
            cut -= 1;
        }
        one_line[..cut].to_string()
    } else {
        one_line
    }
}

/// `cite.ris`: one `RPRT` (report) record, which Zotero, Mendeley,
/// EndNote and RefWorks import as a report (never `GEN`, which some
/// import as a journal article). Lines are `TAG  - value`, ended by CR LF
/// as the format asks; `AU` names are `Family, Given`.
pub fn ris(c: &Citation) -> String {
    let mut lines: Vec<(&str, String)> = vec![("TY", "RPRT".into())];
    for a in c.authors() {
        let tag = if a.is_person() { "AU" } else { "A2" };
        // An office without speakers is the author, as in the other formats.
        let tag = if c.speakers.is_empty() { "AU" } else { tag };
        lines.push((tag, ris_value(&a.inverted(), true)));
    }
    lines.push(("TI", ris_value(c.title, false)));
    if let Some(kind) = c.kind {
        lines.push(("M3", ris_value(kind, true)));
    }
    lines.push(("SN", ris_value(c.number, true)));
    lines.push(("PB", ris_value(c.publisher, true)));
    if let Some(place) = c.place {
        lines.push(("CY", ris_value(place, true)));
    }
    let d = &c.date;
    lines.push(("PY", format!("{:04}", d.year())));
    lines.push(("DA", format!("{:04}/{:02}/{:02}/", d.year(), d.month(), d.day())));
    lines.push(("UR", ris_value(&c.url, false)));
    lines.push(("LA", ris_value(c.language, true)));
    lines.push(("DB", ris_value(c.archive, true)));
    for k in c.topics.iter().chain(c.countries) {
        lines.push(("KW", ris_value(k, true)));
    }
    let mut out = String::new();
    for (tag, value) in lines {
        out.push_str(tag);
        out.push_str("  - ");
        out.push_str(&value);
        out.push_str("\r\n");
    }
    out.push_str("ER  - \r\n");
    out
}

/// A CSL-JSON name.
fn csl_name(n: &Name) -> Value {
    match (&n.family, &n.given) {
        (Some(f), Some(g)) => {
            let mut v = json!({ "family": f, "given": g });
            if let Some(s) = &n.suffix {
                v["suffix"] = json!(s);
            }
            v
        }
        _ => json!({ "literal": n.full }),
    }
}

fn date_parts(d: &DateTime<FixedOffset>) -> Value {
    json!({ "date-parts": [[d.year(), d.month(), d.day()]] })
}

/// `cite.json`: a CSL-JSON array of one item (what citeproc processors,
/// Zotero and pandoc read). `type` is [`Citation::csl_type`], `genre` the
/// kind, `number` the document id.
pub fn csl_json(c: &Citation) -> Value {
    let mut item = serde_json::Map::new();
    item.insert("id".into(), json!(c.id));
    item.insert("type".into(), json!(c.csl_type()));
    item.insert("title".into(), json!(c.title));
    item.insert(
        "author".into(),
        Value::Array(c.authors().iter().map(csl_name).collect()),
    );
    if let Some(kind) = c.kind {
        item.insert("genre".into(), json!(kind));
    }
    item.insert("number".into(), json!(c.number));
    item.insert("publisher".into(), json!(c.publisher));
    if let Some(place) = c.place {
        item.insert("event-place".into(), json!(place));
    }
    item.insert("issued".into(), date_parts(&c.date));
    item.insert("URL".into(), json!(c.url));
    item.insert("language".into(), json!(c.language));
    // The archive, when it is not the publisher already (which styles
    // would print twice).
    if c.archive != c.publisher {
        item.insert("archive".into(), json!(c.archive));
    }
    let keywords: Vec<&str> = c.topics.iter().chain(c.countries).map(String::as_str).collect();
    if !keywords.is_empty() {
        item.insert("keyword".into(), json!(keywords.join(", ")));
    }
    Value::Array(vec![Value::Object(item)])
}

/// `cite.json`'s bytes: pretty-printed, ending in a newline.
pub fn csl_json_bytes(c: &Citation) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&csl_json(c)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Percent-encoding for a KEV (`key=value&…`) query string.
fn kev_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The title of a COinS span (ContextObjects in Spans, OpenURL 1.0 KEV):
/// a book-format context object of genre `report`, which Zotero imports
/// as a report, with authors, title, publisher, place, date, document id
/// and permanent address. Unescaped for HTML (the template escapes it).
pub fn coins(c: &Citation) -> String {
    let mut kev: Vec<(&str, String)> = vec![
        ("ctx_ver", "Z39.88-2004".into()),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book".into()),
        ("rft_id", c.url.clone()),
        ("rft.genre", "report".into()),
        ("rft.btitle", c.title.to_string()),
    ];
    for a in c.authors() {
        match (&a.family, &a.given) {
            (Some(f), Some(g)) if kev.iter().all(|(k, _)| *k != "rft.aulast") => {
                kev.push(("rft.aulast", f.clone()));
                kev.push(("rft.aufirst", g.clone()));
            }
            (Some(_), Some(_)) => kev.push(("rft.au", a.full.clone())),
            _ => kev.push(("rft.aucorp", a.full.clone())),
        }
    }
    kev.push(("rft.pub", c.publisher.to_string()));
    if let Some(place) = c.place {
        kev.push(("rft.place", place.to_string()));
    }
    let d = &c.date;
    kev.push((
        "rft.date",
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
    ));
    if let Some(kind) = c.kind {
        kev.push(("rft.series", kind.to_string()));
    }
    kev.push(("rft.identifier", c.number.to_string()));
    kev.push(("rft.language", c.language.to_string()));
    kev.iter()
        .map(|(k, v)| format!("{k}={}", kev_escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// What [`json_ld`] needs beyond the citation.
pub struct PageLinks<'a> {
    /// The statement page's absolute URL.
    pub page_url: &'a str,
    pub site_url: &'a str,
    /// Absolute URL of each speaker's page, in order (empty when none).
    pub speaker_urls: Vec<String>,
    /// Topics and countries with their pages' absolute URLs.
    pub topics: Vec<(&'a str, String)>,
    pub countries: Vec<(&'a str, String)>,
    pub summary: &'a str,
    pub image: Option<&'a str>,
    pub source: Option<&'a str>,
}

/// The schema.org description of a statement page, for a
/// `<script type="application/ld+json">`: an `Article` with its headline,
/// dates, authors (each a `Person` with the `jobTitle` held that day, or
/// the office as an `Organization`), publisher, language, identifier,
/// topics and countries (`about`) and the archive it is part of. `<`, `>`
/// and `&` are written as `\u003c`… so that no text can end the script.
pub fn json_ld(c: &Citation, links: &PageLinks) -> String {
    let authors: Vec<Value> = if c.speakers.is_empty() {
        vec![json!({ "@type": "Organization", "name": c.issuer.unwrap_or(c.publisher) })]
    } else {
        c.speakers
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut p = json!({ "@type": "Person", "name": n.full });
                if let Some(role) = &n.role {
                    p["jobTitle"] = json!(role);
                }
                if let Some(url) = links.speaker_urls.get(i).filter(|u| !u.is_empty()) {
                    p["url"] = json!(url);
                }
                p
            })
            .collect()
    };
    let thing = |kind: &str, (name, url): &(&str, String)| {
        let mut t = json!({ "@type": kind, "name": name });
        if !url.is_empty() {
            t["url"] = json!(url);
        }
        t
    };
    let about: Vec<Value> = links
        .topics
        .iter()
        .map(|t| thing("Thing", t))
        .chain(links.countries.iter().map(|t| thing("Country", t)))
        .collect();
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": links.page_url,
        "url": links.page_url,
        "mainEntityOfPage": links.page_url,
        "headline": c.title,
        "name": c.title,
        "datePublished": c.date.to_rfc3339(),
        "dateModified": c.updated.unwrap_or(c.date).to_rfc3339(),
        "author": authors,
        "publisher": { "@type": "Organization", "name": c.publisher },
        "inLanguage": c.language,
        "identifier": c.number,
        "sameAs": c.url,
        "isPartOf": { "@type": "WebSite", "name": c.archive, "url": links.site_url },
    });
    if let Some(kind) = c.kind {
        ld["genre"] = json!(kind);
    }
    if !links.summary.is_empty() {
        ld["description"] = json!(links.summary);
    }
    if let Some(place) = c.place {
        ld["locationCreated"] = json!({ "@type": "Place", "name": place });
    }
    if !about.is_empty() {
        ld["about"] = Value::Array(about);
    }
    if let Some(image) = links.image {
        ld["image"] = json!(image);
    }
    if let Some(source) = links.source {
        ld["isBasedOn"] = json!(source);
    }
    let text = serde_json::to_string(&ld).unwrap_or_default();
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_the_family_name() {
        let n = Name::person("Ursula von der Leyen", None);
        assert_eq!(n.family.as_deref(), Some("von der Leyen"));
        assert_eq!(n.given.as_deref(), Some("Ursula"));
        let n = Name::person("Martin Luther King Jr.", None);
        assert_eq!(n.family.as_deref(), Some("King"));
        assert_eq!(n.suffix.as_deref(), Some("Jr."));
        let n = Name::person("Álvarez, José Mário", None);
        assert_eq!(n.initials(), "Álvarez, J. M.");
        assert!(Name::person("Madonna", None).family.is_none());
    }

    #[test]
    fn bibtex_escapes_what_latex_reads() {
        assert_eq!(
            bibtex_escape("50% {x} & y_z \\ ~"),
            "50\\% \\{x\\} \\& y\\_z \\textbackslash{} \\textasciitilde{}"
        );
        assert_eq!(bibtex_key("PRN: 2017/0123"), "PRN:-2017-0123");
    }

    #[test]
    fn ris_values_are_one_line() {
        assert_eq!(ris_value("a\r\nER  - b", false), "a ER - b");
    }
}
