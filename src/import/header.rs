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
use super::looks::{
    bare, is_body_like, is_office, is_person, is_place, is_role, is_weak_place, people, person_and_role,
    starts_upper, words,
};
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
pub(super) struct Header {
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
/// format marks it (HTML), and `title_at` the line where it stood (lines
/// above it that are no field are skipped as page furniture); otherwise the
/// first line that is not a kind, a date or a release number is the title.
pub(super) fn read(lines: &[Line], title: Option<&str>, title_at: usize, rules: &Rules) -> Header {
    let mut h = Header::default();
    let mut prefixed = Prefixed::default();
    if let Some(t) = title {
        prefixed = strip_prefixes(&super::source::clean(t), rules);
        h.title = Some(prefixed.title.clone()).filter(|t| !t.is_empty());
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
            if i < title_at {
                i += 1;
                continue;
            }
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
            prefixed = strip_prefixes(&title, rules);
            h.title = Some(prefixed.title.clone());
            h.title_line = line.number;
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
            if i < title_at {
                i += 1;
                continue;
            }
            break;
        }
        seen += 1;
        h.last_line = lines[i].number;
        i += 1;
    }
    h.body_start = i;
    if h.date.is_none() && h.title.is_some() {
        read_dateline(&mut h, lines);
    }
    // `Readout: A Call …` is a readout titled "A Call …", unless the
    // export names another kind, in which case the prefix is the title's.
    if let Some((kind, rest)) = prefixed.kind_prefix
        && h.kind.as_ref().is_none_or(|k| *k == kind)
    {
        h.kind = Some(kind);
        h.title = Some(rest);
    }
    if h.kind.is_none() {
        h.kind = prefixed.section_kind;
    }
    // One role belongs to the one speaker (or to nobody named); with
    // several people and several roles, which is whose is not guessed.
    if roles.len() == 1 && h.speakers.len() <= 1 {
        h.role = roles.pop();
    }
    h
}

/// A wire-style dateline opening the body (`WASHINGTON, July 5, 2017 — The
/// Ministry today…`) gives the date (and the place) the header lacks; the
/// body keeps its words.
fn read_dateline(h: &mut Header, lines: &[Line]) {
    let Some(first) = lines[h.body_start..].iter().find(|l| !l.is_blank()) else {
        return;
    };
    let text = first.text.as_str();
    let Some(end) = [" — ", " – ", " -- ", " - "]
        .iter()
        .filter_map(|sep| text.find(sep))
        .min()
    else {
        return;
    };
    if let Some((date, place)) = date::parse_line(&text[..end]) {
        h.date = Some(date);
        if h.location.is_none() {
            h.location = place;
        }
    }
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
    } else if is_role(text)
        && (roles.is_empty() || (*last == Slot::Speaker && h.speakers.len() > roles.len()))
    {
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

/// The nouns that end a kind's name (`Press Statement`, `Media Note`).
#[rustfmt::skip]
const KIND_NOUNS: &[&str] = &[
    "statement", "release", "note", "remarks", "remark", "readout", "briefing", "interview",
    "speech", "question", "sheet", "communiqué", "communique", "declaration", "advisory",
    "availability", "announcement", "notice", "op-ed", "oped", "testimony", "transcript", "alert",
    "update", "message", "letter", "address", "report", "call", "conference", "proclamation",
    "memorandum", "bulletin",
];

/// The other words a kind's name is made of.
#[rustfmt::skip]
const KIND_WORDS: &[&str] = &[
    "press", "media", "joint", "special", "background", "department", "daily", "on-the-record",
    "on", "the", "record", "taken", "fact", "travel", "video", "photo", "news", "to", "of", "by",
    "for", "and", "telephonic", "ministerial", "opening", "closing", "keynote", "public",
    "official", "policy", "weekly", "regular", "written", "embassy", "readout:",
];

/// Section names an export puts before a title (`Press Releases: …`).
#[rustfmt::skip]
const SECTIONS: &[&str] = &[
    "pressreleases", "pressrelease", "pressstatements", "statements", "remarks", "speeches",
    "remarksandreleases", "briefings", "departmentpressbriefings", "pressbriefings", "readouts",
    "medianotes", "factsheets", "noticestothepress", "takenquestions", "news", "latestnews",
    "releases", "archive", "newsroom", "pressroom", "fwd", "fw", "pressreleasesandstatements",
];

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

/// A title with the section names an export put before it taken off.
#[derive(Debug, Default)]
struct Prefixed {
    title: String,
    /// The kind a section name gives (`Remarks: …`), for want of a kind line.
    section_kind: Option<Kind>,
    /// A kind before the title (`Readout: A Call …`) and the title after it:
    /// taken off only when it agrees with the kind (see [`read`]).
    kind_prefix: Option<(Kind, String)>,
}

/// Takes section names off the front of a title (`Press Releases: …`).
fn strip_prefixes(title: &str, rules: &Rules) -> Prefixed {
    let mut out = Prefixed {
        title: title.trim().to_string(),
        ..Prefixed::default()
    };
    while let Some((prefix, rest)) = out.title.split_once(':') {
        let rest = rest.trim().to_string();
        if rest.is_empty() || words(prefix).len() > 5 {
            break;
        }
        let kind = rules.known_kind(prefix).map(|name| Kind { name, known: true });
        let key: String = prefix
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if SECTIONS.contains(&key.as_str()) {
            out.section_kind = out.section_kind.or(kind);
            out.title = rest;
        } else {
            out.kind_prefix = kind.map(|k| (k, rest));
            break;
        }
    }
    out
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
        && ws
            .iter()
            .all(|w| starts_upper(w) || KIND_WORDS.contains(&bare(w).as_str()))
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
    let rest = [
        "prn",
        "release no.",
        "release no",
        "release number",
        "media note no.",
    ]
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
        read(&doc.lines, None, 0, &rules())
    }

    #[test]
    fn reads_release_numbers() {
        assert_eq!(release_number("PRN: 2010/123").as_deref(), Some("2010/123"));
        assert_eq!(release_number("Print"), None);
    }

    #[test]
    fn kinds_in_any_spelling() {
        let r = rules();
        assert_eq!(
            kind_line("PRESS STATEMENT", &r).map(|k| k.name).as_deref(),
            Some("Press Statement")
        );
        assert_eq!(
            kind_line("Readout:", &r).map(|k| k.name).as_deref(),
            Some("Readout")
        );
        assert_eq!(
            kind_line("Media notes", &r).map(|k| k.name).as_deref(),
            Some("Media Note")
        );
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
    fn a_kind_prefix_leaves_the_title_only_when_it_agrees() {
        let h = header("Readout: A Call With the Minister\nJuly 5, 2017\n");
        assert_eq!(h.title.as_deref(), Some("A Call With the Minister"));
        assert_eq!(h.kind.map(|k| k.name).as_deref(), Some("Readout"));
        let h = header("Notice to the Press: Office Closure\nMedia Note\nJuly 5, 2017\n");
        assert_eq!(h.title.as_deref(), Some("Notice to the Press: Office Closure"));
        assert_eq!(h.kind.map(|k| k.name).as_deref(), Some("Media Note"));
    }

    #[test]
    fn takes_the_date_from_a_dateline() {
        let h = header(
            "Ministry Announces a Ferry Route\n\nVALDOR CITY, July 5, 2017 — The Ministry today announced a route.\n",
        );
        assert_eq!(h.date.map(|d| d.toml()).as_deref(), Some("2017-07-05"));
        assert_eq!(h.location.as_deref(), Some("VALDOR CITY"));
        assert_eq!(h.body_start, 2);
    }

    #[test]
    fn ends_at_a_line_it_cannot_place() {
        let h = header("Statement on Trade\nJuly 5, 2017\nWe welcome the agreement\n");
        assert_eq!(h.body_start, 2);
        assert!(h.speakers.is_empty());
        let h = header("Title Here\nSECRETARY POMPEO: Good morning.\n");
        assert_eq!(h.body_start, 1);
        let h = header("Title Here\nDeputy Minister Lind spoke today with Foreign Minister Bo Tan.\n");
        assert_eq!(h.body_start, 1);
    }
}
