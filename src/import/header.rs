//! Import, header: the top lines of an export in, the statement's fields
//! (title, kind, date, speakers, role, location, release number) and where
//! its body starts out.
//!
//! Lines are read by what they look like, not by where they are: a date
//! line parses as a date, a kind line names a kind, a name looks like a
//! name, a role holds a title such as "Secretary" or "Minister", a location
//! has a place's shape (`Washington, DC`, `Press Briefing Room`). Invariant:
//! the header ends at the first line that is none of these (a sentence, a
//! transcript turn, a second location…), and that line and everything after
//! it is body, so a line the header cannot place is never lost; a field the
//! export does not give stays empty.

use super::Rules;
use super::body;
use super::date::{self, Date};
use super::source::Line;

/// How many non-blank lines a header can have at most.
const MAX_HEADER_LINES: usize = 14;

/// A statement's kind as the export wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// The site's spelling for a known kind, the export's for an unknown one.
    pub name: String,
    /// Is it one of site.toml's kinds?
    pub known: bool,
}

/// The fields found in a header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub kind: Option<Kind>,
    pub speakers: Vec<String>,
    pub role: Option<String>,
    pub location: Option<String>,
    /// The publisher's release number (`PRN: 2010/123`).
    pub id: Option<String>,
    /// The index (in the lines given) of the body's first line.
    pub body_start: usize,
    /// The file line of the title and of the header's last line (0: unknown).
    pub title_line: usize,
    pub last_line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    None,
    Speaker,
    Role,
    Location,
}

/// Reads the header at the top of `lines`. `title` is the title when the
/// format marks it (HTML); otherwise the first line that is not a kind, a
/// date or a release number is the title.
pub fn read(lines: &[Line], title: Option<&str>, rules: &Rules) -> Header {
    let mut h = Header::default();
    let mut prefix_kind = None;
    if let Some(t) = title {
        let (t, k) = strip_prefixes(&super::source::clean(t), rules);
        h.title = Some(t).filter(|t| !t.is_empty());
        prefix_kind = k;
    }
    let mut roles: Vec<String> = Vec::new();
    let mut last = Slot::None;
    let mut seen = 0;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        if seen >= MAX_HEADER_LINES || (line.heading.is_some() && h.title.is_some()) {
            break;
        }
        let text = line.text.as_str();
        let mut consumed = true;
        if h.id.is_none()
            && let Some(id) = release_number(text)
        {
            h.id = Some(id);
        } else if is_ignorable(text) || rules.drops(text) {
        } else if h.kind.is_none()
            && let Some(kind) = kind_line(text, rules)
        {
            h.kind = Some(kind);
        } else if h.date.is_none()
            && let Some((date, place)) = date::parse_line(text)
            .filter(|(_, place)| place.is_none() || (h.title.is_some() && h.location.is_none()))
        {
            h.date = Some(date);
            if let Some(place) = place {
                h.location = Some(place);
                last = Slot::Location;
            }
        } else if h.title.is_none() {
            if !is_title_like(text) {
                break;
            }
            let mut title = text.to_string();
            while i + 1 < lines.len() && !lines[i + 1].is_blank() && continues(&title) {
                i += 1;
                title.push(' ');
                title.push_str(&lines[i].text);
            }
            let (t, k) = strip_prefixes(&title, rules);
            h.title = Some(t);
            h.title_line = line.number;
            prefix_kind = k;
        } else if body::turn(text).is_some() || is_body_like(text) {
            consumed = false;
        } else {
            let next_is_role = lines[i + 1..]
                .iter()
                .find(|l| !l.is_blank())
                .is_some_and(|l| is_role(&l.text));
            consumed = assign(&mut h, &mut roles, &mut last, text, next_is_role);
        }
        if !consumed {
            break;
        }
        seen += 1;
        h.last_line = lines[i].number;
        i += 1;
    }
    h.body_start = i;
    if h.kind.is_none() {
        h.kind = prefix_kind;
    }
    // One role belongs to the one speaker (or to nobody named); with
    // several people and several roles, which is whose is not guessed.
    if roles.len() == 1 && h.speakers.len() <= 1 {
        h.role = roles.pop();
    }
    h
}

/// Places one header line in the speaker, role or location field; false
/// when it fits none of them (then it is where the body starts).
fn assign(h: &mut Header, roles: &mut Vec<String>, last: &mut Slot, text: &str, next_is_role: bool) -> bool {
    let no_speaker = h.speakers.is_empty();
    if is_office(text) && no_speaker {
        h.speakers.push(text.to_string());
        *last = Slot::Speaker;
    } else if is_office(text) && *last == Slot::Role && roles.len() == 1 {
        // "Assistant Secretary" / "Bureau of African Affairs"
        if let Some(role) = roles.last_mut() {
            role.push_str(", ");
            role.push_str(text);
        }
    } else if let Some((person, role)) = person_and_role(text).filter(|_| no_speaker && roles.is_empty()) {
        h.speakers.push(person);
        roles.push(role);
        *last = Slot::Role;
    } else if let Some(people) = people(text).filter(|_| no_speaker) {
        h.speakers = people;
        *last = Slot::Speaker;
    } else if is_role(text) && (roles.is_empty() || (*last == Slot::Speaker && h.speakers.len() > roles.len())) {
        roles.push(text.to_string());
        *last = Slot::Role;
    } else if is_person(text) && !is_place(text) && no_speaker {
        h.speakers.push(text.to_string());
        *last = Slot::Speaker;
    } else if is_person(text) && *last == Slot::Role && next_is_role && h.location.is_none() {
        // Name / role / name / role: several speakers on lines of their own.
        h.speakers.push(text.to_string());
        *last = Slot::Speaker;
    } else if is_place(text)
        || (is_weak_place(text) && h.date.is_none() && (!no_speaker || !roles.is_empty()))
    {
        match &mut h.location {
            None => h.location = Some(text.to_string()),
            // "Press Briefing Room" / "Washington, DC"
            Some(place) if *last == Slot::Location => {
                place.push_str(", ");
                place.push_str(text);
            }
            Some(_) => return false,
        }
        *last = Slot::Location;
    } else {
        return false;
    }
    true
}

const CONNECTIVES: &[&str] = &["of", "for", "to", "on", "at", "the", "in", "and", "with", "from"];

const PARTICLES: &[&str] = &[
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den", "ter", "la",
    "le", "al", "el", "bin", "ibn", "y", "e", "zu", "af", "av", "ben",
];

const NAME_SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "phd", "m.d", "esq"];

const ROLE_NOUNS: &[&str] = &[
    "secretary", "minister", "spokesperson", "spokesman", "spokeswoman", "ambassador", "envoy",
    "representative", "coordinator", "administrator", "director", "counselor", "counsellor",
    "adviser", "advisor", "president", "chief", "deputy", "assistant", "under", "undersecretary",
    "special", "senior", "principal", "acting", "official", "officials", "chargé", "charge",
    "consul", "chair", "chairman", "chairwoman", "chairperson", "commissioner", "governor",
    "mayor", "premier", "chancellor", "head", "secretary-general", "ambassador-at-large",
    "attaché", "attache", "officer", "negotiator", "attorney", "vice", "emissary", "spokesperson's",
];

/// Words a role may hold beside its nouns without being a name.
const ROLE_MODIFIERS: &[&str] = &[
    "foreign", "prime", "state", "defense", "defence", "press", "national", "security", "affairs",
    "public", "political", "economic", "u.s", "us", "first", "executive", "permanent", "high",
    "legal", "international", "department", "global", "general", "united", "nations", "deputy",
    "assistant", "senior", "acting", "principal", "special", "vice", "under", "white", "house",
    "federal", "cabinet", "interim", "designate", "former",
];

const PLACE_NOUNS: &[&str] = &[
    "room", "hall", "center", "centre", "building", "hotel", "palace", "airport", "base",
    "headquarters", "auditorium", "university", "ballroom", "residence", "square", "street",
    "avenue", "plaza", "stadium", "parliament", "capitol", "aircraft", "airplane", "plane",
    "theater", "theatre", "library", "museum", "forum",
];

const PLACE_LEADS: &[&str] = &[
    "aboard", "on-board", "onboard", "on board", "en route", "enroute", "via ", "virtual",
    "teleconference", "videoconference", "video conference", "telephonic", "by phone",
    "by telephone", "remotely",
];

const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
    "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
    "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
];

/// The nouns that end a kind's name (`Press Statement`, `Media Note`).
const KIND_NOUNS: &[&str] = &[
    "statement", "release", "note", "remarks", "remark", "readout", "briefing", "interview",
    "speech", "question", "sheet", "communiqué", "communique", "declaration", "advisory",
    "availability", "announcement", "notice", "op-ed", "oped", "testimony", "transcript",
    "alert", "update", "message", "letter", "address", "report", "call", "conference",
    "proclamation", "memorandum", "bulletin",
];

/// The other words a kind's name is made of.
const KIND_WORDS: &[&str] = &[
    "press", "media", "joint", "special", "background", "department", "daily", "on-the-record",
    "on", "the", "record", "taken", "fact", "travel", "video", "photo", "news", "to", "of", "by",
    "for", "and", "telephonic", "ministerial", "opening", "closing", "keynote", "public",
    "official", "policy", "weekly", "regular", "written", "embassy", "readout:",
];

/// Section names an export puts before a title (`Press Releases: …`).
const SECTIONS: &[&str] = &[
    "pressreleases", "pressrelease", "pressstatements", "statements", "remarks", "speeches",
    "remarksandreleases", "briefings", "departmentpressbriefings", "pressbriefings", "readouts",
    "medianotes", "factsheets", "noticestothepress", "takenquestions", "news", "latestnews",
    "releases", "archive", "newsroom", "pressroom", "fwd", "fw", "pressreleasesandstatements",
];

/// A word without the punctuation around it, in lower case.
fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn starts_upper(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

fn is_initial(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (1..=3).contains(&letters) && word.chars().all(|c| c.is_uppercase() || c == '.') && word.contains('.')
        || (word.chars().count() == 1 && starts_upper(word))
}

/// Is `word` part of a personal name: a capitalised word, an initial, a
/// particle (`de`, `van`) or an elided one (`d’Ivoire`, `l'Abbé`)?
fn is_name_word(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '"', '“']);
    let b = bare(word);
    if PARTICLES.contains(&b.as_str()) || NAME_SUFFIXES.contains(&b.as_str()) || is_initial(word) {
        return true;
    }
    if starts_upper(word) {
        return true;
    }
    match word.split_once(['\'', '’']) {
        Some((pre, rest)) => pre.chars().count() <= 2 && starts_upper(rest),
        None => false,
    }
}

fn is_roleish(word: &str) -> bool {
    let b = bare(word);
    ROLE_NOUNS.contains(&b.as_str()) || ROLE_MODIFIERS.contains(&b.as_str())
}

fn has_connective(ws: &[&str]) -> bool {
    ws.iter().any(|w| CONNECTIVES.contains(&bare(w).as_str()))
}

/// `Rex W. Tillerson`, `José Mário Vaz`, `Secretary Pompeo`, `Martin Luther King, Jr.`
pub(super) fn is_person(text: &str) -> bool {
    if text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let main = match text.rsplit_once(", ") {
        Some((main, suffix)) if NAME_SUFFIXES.contains(&bare(suffix).as_str()) => main,
        _ => text,
    };
    let ws = words(main);
    if !(2..=7).contains(&ws.len())
        || ws.iter().any(|w| w.ends_with([',', ';', ':', '!', '?']))
        || has_connective(&ws)
        || !ws.iter().all(|w| is_name_word(w))
        || ws.iter().all(|w| is_roleish(w))
    {
        return false;
    }
    ws.last()
        .is_some_and(|w| !PARTICLES.contains(&bare(w).as_str()))
}

/// `Secretary of State`, `Deputy Spokesperson`, `Foreign Minister`, but
/// not `Secretary Pompeo` (a person with a title).
pub(super) fn is_role(text: &str) -> bool {
    let ws = words(text);
    if ws.is_empty() || ws.len() > 16 || !starts_upper(text) || is_body_like(text) {
        return false;
    }
    if !ws.iter().any(|w| ROLE_NOUNS.contains(&bare(w).as_str())) {
        return false;
    }
    has_connective(&ws) || ws.iter().all(|w| is_roleish(w))
}

/// `Office of the Spokesperson`, `Bureau of …`, `U.S. Embassy Abidjan`.
fn is_office(text: &str) -> bool {
    let lower = text.to_lowercase();
    let lower = lower
        .strip_prefix("the ")
        .unwrap_or(&lower)
        .trim_start_matches("u.s. ")
        .trim_start_matches("us ");
    let starts = [
        "office of", "bureau of", "department of", "ministry of", "embassy", "consulate", "mission ",
        "secretariat", "directorate", "spokesperson's office", "spokesperson’s office", "press office",
    ];
    let ends = [" office", " embassy", " consulate", " mission", " ministry", " bureau"];
    words(text).len() <= 12
        && !is_body_like(text)
        && (starts.iter().any(|s| lower.starts_with(s)) || ends.iter().any(|e| lower.ends_with(e)))
}

/// `Rex W. Tillerson, Secretary of State` → (person, role).
fn person_and_role(text: &str) -> Option<(String, String)> {
    for sep in [", ", " - ", " – ", " — ", " | "] {
        if let Some((person, role)) = text.split_once(sep)
            && is_person(person.trim())
            && is_role(role.trim())
        {
            return Some((person.trim().to_string(), role.trim().to_string()));
        }
    }
    None
}

/// `Secretary Pompeo and Foreign Minister Motegi` → both names.
fn people(text: &str) -> Option<Vec<String>> {
    let text = text.replace(" & ", " and ");
    if !text.contains(" and ") && !text.contains("; ") {
        return None;
    }
    let parts: Vec<String> = text
        .split("; ")
        .flat_map(|p| p.split(", "))
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("and ").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    (parts.len() >= 2 && parts.iter().all(|p| is_person(p))).then_some(parts)
}

/// A place by its shape: `Washington, DC`, `Press Briefing Room`,
/// `Aboard the Aircraft`, `Abidjan, Côte d’Ivoire`.
fn is_place(text: &str) -> bool {
    let ws = words(text);
    if ws.is_empty() || ws.len() > 9 || !starts_upper(text) {
        return false;
    }
    let lower = text.to_lowercase();
    if PLACE_LEADS.iter().any(|l| lower.starts_with(l)) {
        return true;
    }
    if ws.iter().any(|w| ROLE_NOUNS.contains(&bare(w).as_str())) {
        return false;
    }
    if ws
        .iter()
        .any(|w| starts_upper(w) && PLACE_NOUNS.contains(&bare(w).as_str()))
    {
        return true;
    }
    let state = |w: &str| {
        let w = w.trim_end_matches([',', '.']);
        w == "D.C" || w == "D.C." || US_STATES.contains(&w)
    };
    if ws.len() >= 2 && ws.last().is_some_and(|w| state(w)) {
        return true;
    }
    if text.contains(", ") {
        let parts: Vec<&str> = text.split(", ").collect();
        let suffix = parts
            .last()
            .is_some_and(|p| NAME_SUFFIXES.contains(&bare(p).as_str()));
        return !suffix
            && parts.iter().all(|p| {
                let pw = words(p);
                !pw.is_empty()
                    && pw.len() <= 4
                    && pw
                        .iter()
                        .all(|w| is_name_word(w) || matches!(bare(w).as_str(), "of" | "the"))
            });
    }
    false
}

/// A short capitalised name that, after a speaker or role, is a place
/// (`Geneva`, `New York City`).
fn is_weak_place(text: &str) -> bool {
    let ws = words(text);
    (1..=3).contains(&ws.len())
        && ws
            .iter()
            .all(|w| starts_upper(w) && !is_roleish(w) && !w.ends_with([',', '.', ':', ';']))
}

/// Does this line read as a sentence rather than a header field?
pub(super) fn is_body_like(text: &str) -> bool {
    let ws = words(text);
    let Some(last) = ws.last() else {
        return false;
    };
    if ws.len() > 14 || text.chars().count() > 110 {
        return true;
    }
    if text.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    if text.ends_with([',', ';', ':']) {
        return true;
    }
    if text.ends_with(['.', '!', '?']) {
        let core = last.trim_end_matches('.');
        let abbreviation = core.contains('.')
            || is_initial(last)
            || (starts_upper(last) && core.chars().count() <= 3)
            || NAME_SUFFIXES.contains(&bare(last).as_str());
        return !abbreviation || text.ends_with(['!', '?']);
    }
    false
}

/// Could this first line be a title (not a paragraph of body text)?
fn is_title_like(text: &str) -> bool {
    let ws = words(text);
    let sentences = text.matches(". ").count();
    !ws.is_empty()
        && ws.len() <= 40
        && text.chars().count() <= 300
        && !text.chars().next().is_some_and(char::is_lowercase)
        && !(text.ends_with('.') && is_body_like(text) && (ws.len() > 12 || sentences >= 1))
}

/// Does a title line go on to the next line (`… Situation in` / `Syria`)?
fn continues(title: &str) -> bool {
    const JOINERS: &[&str] = &[
        "to", "of", "on", "and", "the", "in", "for", "with", "by", "at", "from", "a", "an",
    ];
    title.ends_with([',', ':', '-', '–', '—'])
        || words(title)
            .last()
            .is_some_and(|w| JOINERS.contains(&w.to_lowercase().as_str()))
}

/// Takes section names off the front of a title (`Press Releases: …`);
/// a section that is one of the kinds is returned as the statement's kind.
fn strip_prefixes(title: &str, rules: &Rules) -> (String, Option<Kind>) {
    let mut title = title.trim().to_string();
    let mut kind = None;
    while let Some((prefix, rest)) = title.split_once(':') {
        let rest = rest.trim();
        if rest.is_empty() || words(prefix).len() > 5 {
            break;
        }
        let key: String = prefix
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let known = rules.known_kind(prefix);
        if !SECTIONS.contains(&key.as_str()) && known.is_none() {
            break;
        }
        if let Some(name) = known {
            kind = Some(Kind { name, known: true });
        }
        title = rest.to_string();
    }
    (title, kind)
}

/// A line that names a kind: one of site.toml's (in any case or spelling:
/// `PRESS STATEMENT`, `Readout:`, `Read-out`), or, kept as written, a
/// name of the same shape that is not in the list (`Press Release`).
fn kind_line(text: &str, rules: &Rules) -> Option<Kind> {
    if let Some(name) = rules.known_kind(text) {
        return Some(Kind { name, known: true });
    }
    let written = text.trim().trim_end_matches(':').trim();
    let ws = words(written);
    let last = bare(ws.last()?);
    let is_kind = (1..=5).contains(&ws.len())
        && ws.iter().all(|w| starts_upper(w) || KIND_WORDS.contains(&bare(w).as_str()))
        && KIND_NOUNS.contains(&last.trim_end_matches('s'))
        && ws.iter().all(|w| {
            let b = bare(w);
            KIND_WORDS.contains(&b.as_str()) || KIND_NOUNS.contains(&b.trim_end_matches('s'))
        });
    is_kind.then(|| Kind {
        name: written.to_string(),
        known: false,
    })
}

/// `PRN: 2010/123`, `Release No. 17-123` → the number.
fn release_number(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let rest = ["prn", "release no.", "release no", "release number", "media note no."]
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(|_| &text[p.len()..]))?;
    let number = rest.trim_start_matches([':', '#', ' ']).trim();
    (!number.is_empty() && !number.contains(' ') && number.chars().any(|c| c.is_ascii_digit()))
        .then(|| number.to_string())
}

/// Lines an export puts in a header that are no field and no body.
fn is_ignorable(text: &str) -> bool {
    let b: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .to_lowercase();
    matches!(
        b.trim(),
        "for immediate release" | "share" | "print" | "email" | "share this page" | "print this page"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::defaults()
    }

    fn header(text: &str) -> Header {
        let doc = super::super::source::text_document(text);
        read(&doc.lines, None, &rules())
    }

    #[test]
    fn looks_of_lines() {
        assert!(is_person("Rex W. Tillerson"));
        assert!(is_person("José Mário Vaz"));
        assert!(is_person("Secretary Pompeo"));
        assert!(!is_person("Secretary of State"));
        assert!(!is_person("Deputy Spokesperson"));
        assert!(is_role("Secretary of State"));
        assert!(is_role("Deputy Spokesperson"));
        assert!(!is_role("Secretary Pompeo"));
        assert!(is_office("Office of the Spokesperson"));
        assert!(is_place("Washington, DC"));
        assert!(is_place("Abidjan, Côte d’Ivoire"));
        assert!(is_place("Press Briefing Room"));
        assert!(!is_place("Rex W. Tillerson"));
        assert!(is_body_like("Good morning."));
        assert!(!is_body_like("Washington, D.C."));
        assert!(!is_body_like("Rex W. Tillerson"));
        assert_eq!(
            people("Secretary Pompeo and Foreign Minister Motegi"),
            Some(vec!["Secretary Pompeo".into(), "Foreign Minister Motegi".into()])
        );
        assert_eq!(release_number("PRN: 2010/123").as_deref(), Some("2010/123"));
    }

    #[test]
    fn kinds_in_any_spelling() {
        let r = rules();
        assert_eq!(kind_line("PRESS STATEMENT", &r).map(|k| k.name).as_deref(), Some("Press Statement"));
        assert_eq!(kind_line("Readout:", &r).map(|k| k.name).as_deref(), Some("Readout"));
        assert_eq!(kind_line("Media notes", &r).map(|k| k.name).as_deref(), Some("Media Note"));
        let unknown = kind_line("Press Release", &r).unwrap();
        assert!(!unknown.known);
        assert_eq!(unknown.name, "Press Release");
        assert_eq!(kind_line("Rex W. Tillerson", &r), None);
        assert_eq!(kind_line("Secretary's Remarks", &r), None);
    }

    #[test]
    fn reads_the_seed_layout() {
        let h = header(
            "\n\nPress Releases: Statement on Syria\n\nPress Statement\nRex W. Tillerson\n\nSecretary of State\n\nWashington, DC\nJuly 5, 2017\n\nBefore I depart for the summit, I would like to comment on the situation.\n",
        );
        assert_eq!(h.title.as_deref(), Some("Statement on Syria"));
        assert_eq!(h.kind.map(|k| k.name).as_deref(), Some("Press Statement"));
        assert_eq!(h.speakers, ["Rex W. Tillerson"]);
        assert_eq!(h.role.as_deref(), Some("Secretary of State"));
        assert_eq!(h.location.as_deref(), Some("Washington, DC"));
        assert_eq!(h.date.map(|d| d.toml()).as_deref(), Some("2017-07-05"));
        assert_eq!(h.body_start, 12);
    }

    #[test]
    fn ends_at_a_line_it_cannot_place() {
        let h = header("Statement on Trade\nJuly 5, 2017\nWe welcome the agreement\n");
        assert_eq!(h.body_start, 2);
        assert!(h.speakers.is_empty());
        let h = header("Title Here\nSECRETARY POMPEO: Good morning.\n");
        assert_eq!(h.body_start, 1);
    }
}
