//! Import, header: the top lines of an export in, the statement's fields
//! (title, kind, date, speakers each with their role, issuing office,
//! location, release number), the header lines that fill no field, and
//! where its body starts out.
//!
//! Lines are read by what they look like, not by where they are: a date
//! line parses as a date, a kind line names a kind ([`labels`]), a name
//! looks like a name, a role holds a title such as "Secretary" or
//! "Minister", an office is an office ("Office of the Spokesperson"), a
//! location has a place's shape (`Washington, DC`, `Press Briefing Room`)
//! ([`super::looks`]). The header runs to the first sentence or transcript
//! turn and ends with the last line that fills a field. Invariant: every
//! header line fills a field or is kept, in order, to open the body, so no
//! line is lost (only the labels and links of the page an export was saved
//! from go); a field the export does not give stays empty.

use chrono::NaiveTime;

use super::Rules;
use super::body;
use super::date::{self, Date};
use super::looks::{
    attribution, bare, ends_sentence, is_body_like, is_event_headline, is_office, is_person, is_place,
    is_role, is_venue_office, is_weak_place, people, person_and_role, words,
};
use super::source::{Line, visible};

mod labels;

pub(super) use labels::is_ignorable;
use labels::{Prefixed, continues, is_title_like, kind_line, release_number, strip_prefixes};

/// How many non-blank lines a header can have at most.
const MAX_HEADER_LINES: usize = 24;

/// A statement's kind as the export wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// The site's spelling for a known kind, the export's for an unknown one.
    pub name: String,
    /// Is it one of site.toml's kinds?
    pub known: bool,
}

/// A speaker the header names, with the role it gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    pub role: Option<String>,
}

/// The fields found in a header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Header {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub kind: Option<Kind>,
    pub speakers: Vec<Speaker>,
    /// A role given with nobody named.
    pub role: Option<String>,
    /// The office that issued the statement (`Office of the Spokesperson`).
    pub issuer: Option<String>,
    pub location: Option<String>,
    /// The publisher's release number (`PRN: 2010/123`).
    pub id: Option<String>,
    /// The index (in the lines given) of the first line after the header.
    pub body_start: usize,
    /// The indices of the lines among the header's that fill no field
    /// (a schedule banner, a second kind line): they open the body.
    pub kept: Vec<usize>,
    /// The file line of the title, of the header's first and of its last
    /// line (0: unknown).
    pub title_line: usize,
    pub first_line: usize,
    pub last_line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    None,
    Speaker,
    Role,
    Location,
}

/// What the reading of a header holds for later lines: a role before any
/// name, a time of day on a line of its own.
#[derive(Debug, Default)]
struct Pending {
    role: Option<(String, usize)>,
    time: Option<((NaiveTime, Option<i32>), usize)>,
    last: Option<Slot>,
}

/// Reads the header at the top of `lines`. `title` is the title when the
/// format marks it (HTML), and `title_at` the line where it stood (lines
/// above it that are no field are skipped as page furniture); otherwise the
/// first line that is not a kind, a date or a release number is the title.
///
/// The header runs to the first sentence or transcript turn (or
/// [`MAX_HEADER_LINES`] lines); it ends with the last line that fills a
/// field. A line before that which fills none is kept for the body.
pub(super) fn read(lines: &[Line], title: Option<&str>, title_at: usize, rules: &Rules) -> Header {
    let mut h = Header::default();
    let mut prefixed = Prefixed::default();
    let mut raw_title = String::new();
    if let Some(t) = title {
        raw_title = visible(&super::source::clean(t));
        prefixed = strip_prefixes(&raw_title, rules);
        h.title = Some(prefixed.title.clone()).filter(|t| !t.is_empty());
    }
    let mut pending = Pending::default();
    let mut unplaced: Vec<usize> = Vec::new();
    let mut placed_end = 0;
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
        if h.first_line == 0 {
            h.first_line = line.number;
        }
        // A page's menus above its marked title do not use up the header.
        if i >= title_at {
            seen += 1;
        }
        let owned = visible(&line.text);
        let text = owned.as_str();
        let next_is_role = lines[i + 1..]
            .iter()
            .find(|l| !l.is_blank())
            .is_some_and(|l| is_role(&visible(&l.text)));
        // A field above the title (`Ned Price, Department Spokesperson`,
        // then the date, then the title) is read as the field it is.
        // So is a trip's banner above the title (`Secretary Blinken's
        // Travel to Sweden`, then `… at a Joint Press Availability`).
        let field_first = h.title.is_none()
            && (field_shaped(text, next_is_role) || is_trip_banner(text))
            && plain_title_ahead(lines, i, rules);
        let placed = if h.id.is_none()
            && let Some(id) = release_number(text)
        {
            h.id = Some(id);
            true
        } else if is_ignorable(text) || rules.drops(text) {
            true
        } else if h.kind.is_none()
            && let Some(kind) = kind_line(text, rules)
        {
            h.kind = Some(kind);
            true
        } else if h.date.is_none()
            && let Some((date, place)) = date::parse_line(text)
                .filter(|(_, place)| place.is_none() || (h.title.is_some() && h.location.is_none()))
        {
            h.date = Some(date);
            if let Some(place) = place {
                h.location = Some(place);
                pending.last = Some(Slot::Location);
            }
            true
        } else if h.title.is_none() && !field_first {
            if !is_title_like(text) {
                break;
            }
            let mut title = text.to_string();
            h.title_line = line.number;
            while i + 1 < lines.len() && !lines[i + 1].is_blank() && continues(&title) {
                i += 1;
                title.push(' ');
                title.push_str(&visible(&lines[i].text));
            }
            prefixed = strip_prefixes(&title, rules);
            raw_title = title;
            h.title = Some(prefixed.title.clone());
            true
        } else if same_words(text, &raw_title) || h.title.as_deref().is_some_and(|t| same_words(text, t)) {
            // The title again, as exports of web pages repeat it.
            true
        } else if ends_header(text) {
            if i < title_at {
                i += 1;
                continue;
            }
            break;
        } else if pending.time.is_none()
            && h.date.is_none_or(|d| d.time.is_none())
            && let Some(time) = date::parse_time_line(text)
        {
            pending.time = Some((time, i));
            true
        } else {
            assign(&mut h, &mut pending, text, i, next_is_role)
        };
        if placed {
            placed_end = i + 1;
            h.last_line = lines[i].number;
        } else if i >= title_at {
            unplaced.push(i);
        }
        i += 1;
    }
    if let Some(((time, offset), at)) = pending.time {
        match &mut h.date {
            Some(d) if d.time.is_none() => {
                d.time = Some(time);
                d.offset = offset;
            }
            _ => unplaced.push(at),
        }
    }
    if let Some((role, at)) = pending.role {
        match h.speakers.as_mut_slice() {
            [] => h.role = Some(role),
            [one] if one.role.is_none() => one.role = Some(role),
            _ => unplaced.push(at),
        }
    }
    unplaced.sort_unstable();
    h.kept = unplaced.into_iter().filter(|&u| u < placed_end).collect();
    h.body_start = placed_end.max(title_at).min(lines.len());
    if h.date.is_none() && h.title.is_some() {
        read_dateline(&mut h, lines);
    }
    read_attribution(&mut h, lines);
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
    h
}

/// Does this line start the body: a transcript turn or a sentence? A long
/// line that does not end as a sentence does (a second headline, a banner)
/// is still the header's.
fn ends_header(text: &str) -> bool {
    let headline = !ends_sentence(text)
        && !text.ends_with([',', ';', ':'])
        && !text
            .match_indices(". ")
            .any(|(at, _)| ends_sentence(&text[..=at]))
        && !text.chars().next().is_some_and(char::is_lowercase)
        && words(text).len() <= 80;
    body::turn(text).is_some() || (is_body_like(text) && !headline)
}

/// Does the line have the shape of a field other than the title: a
/// speaker with a role, an office, a place, a role, or a name with its
/// role on the next line?
fn field_shaped(text: &str, next_is_role: bool) -> bool {
    if is_event_headline(text) {
        return false;
    }
    person_and_role(text).is_some()
        || is_office(text)
        || is_place(text)
        || is_role(text)
        || (is_person(text) && next_is_role)
}

/// `Secretary Blinken's Travel to Sweden`, `The Minister's Visit to Merrow`.
fn is_trip_banner(text: &str) -> bool {
    let ws = words(text);
    ws.len() <= 10
        && ws.iter().any(|w| w.ends_with("'s") || w.ends_with("’s"))
        && ws.iter().any(|w| {
            matches!(
                bare(w).as_str(),
                "travel" | "trip" | "visit" | "schedule" | "tour"
            )
        })
}

/// Is there, below line `at` and still in the header, a line that can be
/// the title and has no other field's shape?
fn plain_title_ahead(lines: &[Line], at: usize, rules: &Rules) -> bool {
    let rest: Vec<String> = lines[at + 1..]
        .iter()
        .filter(|l| !l.is_blank())
        .take(MAX_HEADER_LINES)
        .map(|l| visible(&l.text))
        .collect();
    for (n, text) in rest.iter().enumerate() {
        if ends_header(text) {
            return false;
        }
        let other_field = release_number(text).is_some()
            || is_ignorable(text)
            || kind_line(text, rules).is_some()
            || date::parse_line(text).is_some()
            || date::parse_time_line(text).is_some();
        let next_is_role = rest.get(n + 1).is_some_and(|t| is_role(t));
        if !other_field && is_title_like(text) && !field_shaped(text, next_is_role) {
            return true;
        }
    }
    false
}

/// Are `a` and `b` the same words, in any case and punctuation?
fn same_words(a: &str, b: &str) -> bool {
    let key = |s: &str| -> Vec<String> {
        words(s)
            .iter()
            .map(|w| bare(w))
            .filter(|w| !w.is_empty())
            .collect()
    };
    let ka = key(a);
    !ka.is_empty() && ka == key(b)
}

/// A wire-style dateline opening the body (`WASHINGTON, July 5, 2017 — The
/// Ministry today…`) gives the date (and the place) the header lacks; the
/// body keeps its words.
fn read_dateline(h: &mut Header, lines: &[Line]) {
    let Some(first) = lines[h.body_start..].iter().find(|l| !l.is_blank()) else {
        return;
    };
    let text = visible(&first.text);
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

/// `The following is attributable to Spokesperson Ned Price:` opening the
/// body names the speaker and the role the header lacks; the sentence
/// stays in the body.
fn read_attribution(h: &mut Header, lines: &[Line]) {
    let first = h
        .kept
        .iter()
        .map(|&k| &lines[k])
        .chain(&lines[h.body_start..])
        .find(|l| !l.is_blank());
    let Some((name, role)) = first.and_then(|l| attribution(&visible(&l.text))) else {
        return;
    };
    match h.speakers.as_mut_slice() {
        [] => h.speakers.push(Speaker { name, role }),
        [one] if one.name == name && one.role.is_none() => one.role = role,
        _ => {}
    }
}

/// Places one header line (the `at`-th) in the speaker, role, issuer or
/// location field; false when it fits none of them.
fn assign(h: &mut Header, pending: &mut Pending, text: &str, at: usize, next_is_role: bool) -> bool {
    let last = pending.last.unwrap_or(Slot::None);
    let no_speaker = h.speakers.is_empty();
    let last_lacks_role = h.speakers.last().is_some_and(|s| s.role.is_none());
    if is_office(text) {
        if no_speaker && h.issuer.is_none() && h.location.is_none() && pending.role.is_none() {
            h.issuer = Some(text.to_string());
            pending.last = Some(Slot::None);
            return true;
        }
        if last == Slot::Role
            && !is_venue_office(text)
            && let Some(role) = h.speakers.last_mut().and_then(|s| s.role.as_mut())
        {
            // "Assistant Secretary" / "Bureau of African Affairs"
            role.push_str(", ");
            role.push_str(text);
            return true;
        }
        if is_venue_office(text) && (!no_speaker || h.issuer.is_some()) {
            return add_location(h, pending, text);
        }
        if h.issuer.is_none() {
            h.issuer = Some(text.to_string());
            return true;
        }
        return false;
    }
    if let Some((name, role)) = person_and_role(text) {
        h.speakers.push(Speaker {
            name,
            role: Some(role),
        });
        pending.last = Some(Slot::Role);
        return true;
    }
    if no_speaker && let Some(people) = people(text) {
        h.speakers = people
            .into_iter()
            .map(|name| Speaker { name, role: None })
            .collect();
        pending.last = Some(Slot::Speaker);
        return true;
    }
    if is_role(text) {
        if last == Slot::Speaker && last_lacks_role {
            if let Some(s) = h.speakers.last_mut() {
                s.role = Some(text.to_string());
            }
        } else if no_speaker && pending.role.is_none() && h.role.is_none() {
            pending.role = Some((text.to_string(), at));
        } else {
            return false;
        }
        pending.last = Some(Slot::Role);
        return true;
    }
    if is_person(text) && !is_place(text) {
        if no_speaker {
            let role = pending.role.take().map(|(r, _)| r);
            h.speakers.push(Speaker {
                name: text.to_string(),
                role,
            });
        } else if last == Slot::Role && next_is_role && h.location.is_none() {
            // Name / role / name / role: several speakers on lines of their own.
            h.speakers.push(Speaker {
                name: text.to_string(),
                role: None,
            });
        } else {
            return false;
        }
        pending.last = Some(Slot::Speaker);
        return true;
    }
    let after_someone = !no_speaker || pending.role.is_some() || h.issuer.is_some();
    if is_place(text) || (is_weak_place(text) && h.date.is_none() && after_someone) {
        return add_location(h, pending, text);
    }
    false
}

/// Adds a place to the location: "Thomas Jefferson Room" / "Washington, DC".
fn add_location(h: &mut Header, pending: &mut Pending, text: &str) -> bool {
    match &mut h.location {
        None => h.location = Some(text.to_string()),
        Some(place) if pending.last == Some(Slot::Location) || is_place(text) => {
            place.push_str(", ");
            place.push_str(text);
        }
        Some(_) => return false,
    }
    pending.last = Some(Slot::Location);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules::defaults()
    }

    fn names(h: &Header) -> Vec<&str> {
        h.speakers.iter().map(|s| s.name.as_str()).collect()
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
        assert_eq!(h.kind.as_ref().map(|k| k.name.as_str()), Some("Press Statement"));
        assert_eq!(names(&h), ["Rex W. Tillerson"]);
        assert_eq!(h.speakers[0].role.as_deref(), Some("Secretary of State"));
        assert_eq!(h.location.as_deref(), Some("Washington, DC"));
        assert_eq!(h.date.map(|d| d.toml()).as_deref(), Some("2017-07-05"));
        assert_eq!(h.body_start, 11, "the blank line after the date");
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
        assert_eq!(h.body_start, 1);
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

    #[test]
    fn a_line_it_cannot_place_does_not_end_the_header() {
        let h = header(
            "Secretary Blinken at a Joint Press Availability\nRemarks\nSecretary's Travel to Sweden\nAntony J. Blinken, Secretary of State\nAnn Linde, Swedish Foreign Minister\nRosenbad\nStockholm, Sweden\nJune 3, 2021\n2:00 p.m. CEST\n\nFOREIGN MINISTER LINDE: Welcome.\n",
        );
        assert_eq!(
            h.date.map(|d| d.toml()).as_deref(),
            Some("2021-06-03T14:00:00+02:00")
        );
        assert_eq!(names(&h), ["Antony J. Blinken", "Ann Linde"]);
        assert_eq!(h.speakers[1].role.as_deref(), Some("Swedish Foreign Minister"));
        assert_eq!(h.kept, [2], "the schedule banner goes to the body");
        assert_eq!(h.location.as_deref(), Some("Rosenbad, Stockholm, Sweden"));
    }

    #[test]
    fn an_office_issues_and_a_venue_is_a_place() {
        let h = header(
            "Statement on Ports\nPress Statement\nOffice of the Spokesperson\nJune 3, 2021\n\nThe United States welcomes it.\n",
        );
        assert_eq!(h.issuer.as_deref(), Some("Office of the Spokesperson"));
        assert!(h.speakers.is_empty());
        let h = header(
            "Remarks at the Embassy\nAntony J. Blinken, Secretary of State\nU.S. Embassy Algiers\nAlgiers, Algeria\nMarch 30, 2022\n\nGood morning.\n",
        );
        assert_eq!(h.issuer, None);
        assert_eq!(
            h.location.as_deref(),
            Some("U.S. Embassy Algiers, Algiers, Algeria")
        );
    }

    #[test]
    fn the_attribution_sentence_names_the_speaker() {
        let h = header(
            "Statement on Ports\nJune 3, 2021\n\nThe following is attributable to Spokesperson Ned Price:\u{200e}\n\nWe welcome it.\n",
        );
        assert_eq!(names(&h), ["Ned Price"]);
        assert_eq!(h.speakers[0].role.as_deref(), Some("Spokesperson"));
        assert_eq!(h.role, None);
    }

    #[test]
    fn long_titles_are_titles() {
        let long = "Joint Statement on the Conclusion of the Fourth Round of the Strategic Dialogue Between the Republic of Valdoria and the Federated Isles of Merrow on Maritime Security, Fisheries, Energy, Climate, Trade, Education and the Protection of Cultural Heritage in the Northern Shelf Region";
        let h = header(&format!("{long}\nJune 3, 2021\n\nText.\n"));
        assert_eq!(h.title.as_deref(), Some(long));
        let h = header(
            "Contract Awarded to Merrow Harbor Works and Dredging Services of the Northern Shelf Ltd.\nJune 3, 2021\n",
        );
        assert!(h.title.is_some_and(|t| t.ends_with("Ltd.")));
    }

    #[test]
    fn a_field_above_the_title_is_that_field() {
        let h = header(
            "Press Statement\nNed Price, Department Spokesperson\nWashington, DC\nJanuary 20, 2022\n\nDesignation of Officials for Involvement in Gross Violations\n\nThe United States is designating two officials.\n",
        );
        assert_eq!(
            h.title.as_deref(),
            Some("Designation of Officials for Involvement in Gross Violations")
        );
        assert_eq!(names(&h), ["Ned Price"]);
        assert_eq!(h.speakers[0].role.as_deref(), Some("Department Spokesperson"));
        assert_eq!(h.location.as_deref(), Some("Washington, DC"));
        let h = header(
            "Hillary Rodham Clinton\nSecretary of State\nTreaty Room\nJuly 15, 2009\n\nRemarks at the Harbor Forum\n\nThank you very much.\n",
        );
        assert_eq!(h.title.as_deref(), Some("Remarks at the Harbor Forum"));
        assert_eq!(names(&h), ["Hillary Rodham Clinton"]);
    }

    #[test]
    fn a_second_long_headline_does_not_end_the_header() {
        let h = header(
            "Minister Okafor-Lind's Travel to Merrow\nMinister Amara K. Okafor-Lind and Merrowan Foreign Minister Ilona Marczewska-Reyes at a Joint Press Availability\nRemarks\nJune 3, 2021\n\nMINISTER OKAFOR-LIND: Welcome.\n",
        );
        assert_eq!(h.date.map(|d| d.toml()).as_deref(), Some("2021-06-03"));
        assert_eq!(
            h.title.as_deref(),
            Some(
                "Minister Amara K. Okafor-Lind and Merrowan Foreign Minister Ilona Marczewska-Reyes at a Joint Press Availability"
            )
        );
        assert_eq!(h.kept, [0], "the trip's banner opens the body");
    }

    #[test]
    fn a_long_menu_above_a_marked_title_leaves_the_header_its_lines() {
        let mut text: String = (1..=40).map(|n| format!("Menu Item {n}\n")).collect();
        let title_at = 40;
        text.push_str("Press Statement\nJune 3, 2021\n\nThe Ministry welcomes it.\n");
        let doc = super::super::source::text_document(&text);
        let h = read(&doc.lines, Some("Statement on Ports"), title_at, &rules());
        assert_eq!(h.date.map(|d| d.toml()).as_deref(), Some("2021-06-03"));
        assert_eq!(h.kind.map(|k| k.name).as_deref(), Some("Press Statement"));
        assert!(h.kept.is_empty(), "the menu is not the statement's: {:?}", h.kept);
    }
}
