//! Import, the looks of header lines: one line in, whether it reads as a
//! person's name, an office, a role, a place or a sentence out.
//!
//! These are judgements on the shape of a line (capitalised words,
//! initials, particles such as `de` or `van`, titles such as "Secretary" or
//! "Minister", a comma between a city and a country) and on small word
//! lists below, never on the line's position. Invariant: each function
//! looks at its line only; [`super::header`] decides from their answers and
//! from the order of the lines which field a line fills.

/// Small words that join a role or a place, never a personal name.
#[rustfmt::skip]
const CONNECTIVES: &[&str] = &[
    "of", "for", "to", "on", "at", "the", "in", "and", "with", "from",
];

/// Lower-case parts of personal names (`José da Silva`, `Ursula von der Leyen`).
#[rustfmt::skip]
const PARTICLES: &[&str] = &[
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den", "ter",
    "la", "le", "al", "el", "bin", "ibn", "y", "e", "zu", "af", "av", "ben",
];

/// What may follow a name after a comma (`Martin Luther King, Jr.`).
#[rustfmt::skip]
const NAME_SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "phd", "m.d", "esq",
];

/// The nouns of titles: a line with one of them may be a role.
#[rustfmt::skip]
const ROLE_NOUNS: &[&str] = &[
    "secretary", "minister", "spokesperson", "spokesman", "spokeswoman", "ambassador", "envoy",
    "representative", "coordinator", "administrator", "director", "counselor", "counsellor",
    "adviser", "advisor", "president", "chief", "deputy", "assistant", "under", "undersecretary",
    "special", "senior", "principal", "acting", "official", "officials", "chargé", "charge",
    "consul", "chair", "chairman", "chairwoman", "chairperson", "commissioner", "governor", "mayor",
    "premier", "chancellor", "head", "secretary-general", "ambassador-at-large", "attaché",
    "attache", "officer", "negotiator", "attorney", "vice", "emissary", "spokesperson's",
];

/// Words a role may hold beside its nouns without being a name.
#[rustfmt::skip]
const ROLE_MODIFIERS: &[&str] = &[
    "foreign", "prime", "state", "defense", "defence", "press", "national", "security", "affairs",
    "public", "political", "economic", "u.s", "us", "first", "executive", "permanent", "high",
    "legal", "international", "department", "global", "general", "united", "nations", "deputy",
    "assistant", "senior", "acting", "principal", "special", "vice", "under", "white", "house",
    "federal", "cabinet", "interim", "designate", "former",
];

/// Nouns of buildings and rooms: a capitalised line with one is a place.
#[rustfmt::skip]
const PLACE_NOUNS: &[&str] = &[
    "room", "hall", "center", "centre", "building", "hotel", "palace", "airport", "base",
    "headquarters", "auditorium", "university", "ballroom", "residence", "square", "street",
    "avenue", "plaza", "stadium", "parliament", "capitol", "aircraft", "airplane", "plane",
    "theater", "theatre", "library", "museum", "forum", "house", "castle", "manor", "pavilion",
    "terminal", "port", "station", "garden", "gardens", "park", "court", "lounge", "suite",
    "chamber", "chancery", "cathedral", "institute", "college", "club", "compound", "villa",
    "tower", "arena", "lobby", "salon", "ranch", "summit", "city", "town", "village", "island",
    "islands", "county", "district", "province", "bay", "harbor", "harbour", "valley", "beach",
];

/// How a line that says where (but not in which city) starts.
#[rustfmt::skip]
const PLACE_LEADS: &[&str] = &[
    "aboard", "on-board", "onboard", "on board", "en route", "enroute", "via ", "virtual",
    "teleconference", "videoconference", "video conference", "telephonic", "by phone",
    "by telephone", "remotely",
];

/// The last word of `City, ST` lines.
#[rustfmt::skip]
const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC",
];

/// A word without the punctuation around it, in lower case.
pub(super) fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

pub(super) fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

pub(super) fn starts_upper(word: &str) -> bool {
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

/// Words of schedule banners and event names, never of a personal name
/// (`Minister's Schedule Update`, `Joint Press Availability`).
#[rustfmt::skip]
const BANNER_WORDS: &[&str] = &[
    "schedule", "update", "updates", "travel", "trip", "visit", "availability", "remarks",
    "statement", "briefing", "conference", "meeting", "ministerial", "summit", "readout", "notice",
    "alert", "release", "advisory", "program", "programme", "agenda", "itinerary", "event", "events",
];

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
        || ws
            .iter()
            .any(|w| w.ends_with("'s") || w.ends_with("’s") || BANNER_WORDS.contains(&bare(w).as_str()))
        || !ws.iter().all(|w| is_name_word(w))
        || ws.iter().all(|w| is_roleish(w))
    {
        return false;
    }
    ws.last().is_some_and(|w| {
        let b = bare(w);
        !PARTICLES.contains(&b.as_str()) && !ROLE_NOUNS.contains(&b.as_str())
    })
}

/// `Secretary of State`, `Deputy Spokesperson`, `Swedish Foreign Minister`,
/// but not `Secretary Pompeo` (a person with a title): a title's noun, and
/// a title's word last or a connective (`Minister of Foreign Affairs`).
pub(super) fn is_role(text: &str) -> bool {
    let ws = words(text);
    if ws.is_empty() || ws.len() > 16 || !starts_upper(text) || is_body_like(text) {
        return false;
    }
    let Some(noun) = ws.iter().position(|w| ROLE_NOUNS.contains(&bare(w).as_str())) else {
        return false;
    };
    // A title starts with its noun or a few words that qualify it
    // (`Swedish Foreign Minister`), never with a phrase (`Designation of
    // Officials for …` is a headline).
    let before = &ws[..noun];
    if has_connective(before) || before.iter().filter(|w| !is_roleish(w)).count() > 2 {
        return false;
    }
    if ws.last().is_some_and(|w| is_roleish(w)) {
        return true;
    }
    // `Minister for Foreign Affairs`: the title's words run up to the
    // first connective; `Secretary Blinken at a …` is a name with a title.
    let Some(connective) = ws[noun..]
        .iter()
        .position(|w| CONNECTIVES.contains(&bare(w).as_str()))
    else {
        return false;
    };
    ws[noun..noun + connective].iter().all(|w| is_roleish(w))
}

/// Does the line read as a headline of an event (`Remarks at …`,
/// `… at a Joint Press Availability`, `Secretary's Travel to …`)?
pub(super) fn is_event_headline(text: &str) -> bool {
    const EVENTS: &[&str] = &[
        "remarks",
        "statement",
        "readout",
        "availability",
        "meeting",
        "travel",
        "visit",
        "trip",
        "call",
        "interview",
        "briefing",
        "op-ed",
    ];
    let ws = words(text);
    ws.first()
        .is_some_and(|w| BANNER_WORDS.contains(&bare(w).as_str()))
        || ws.iter().any(|w| EVENTS.contains(&bare(w).as_str()))
            && !ws.last().is_some_and(|w| PLACE_NOUNS.contains(&bare(w).as_str()))
}

/// `Office of the Spokesperson`, `Bureau of …`, `U.S. Embassy Abidjan`.
pub(super) fn is_office(text: &str) -> bool {
    let lower = text.to_lowercase();
    let lower = lower
        .strip_prefix("the ")
        .unwrap_or(&lower)
        .trim_start_matches("u.s. ")
        .trim_start_matches("us ");
    let starts = [
        "office of",
        "bureau of",
        "department of",
        "ministry of",
        "embassy",
        "consulate",
        "mission ",
        "secretariat",
        "directorate",
        "spokesperson's office",
        "spokesperson’s office",
        "press office",
    ];
    let ends = [
        " office",
        " embassy",
        " consulate",
        " mission",
        " ministry",
        " bureau",
    ];
    words(text).len() <= 12
        && !is_body_like(text)
        && (starts.iter().any(|s| lower.starts_with(s)) || ends.iter().any(|e| lower.ends_with(e)))
}

/// An office that is also a building (`U.S. Embassy Algiers`): after a
/// speaker, it says where.
pub(super) fn is_venue_office(text: &str) -> bool {
    let lower = text.to_lowercase();
    is_office(text)
        && ["embassy", "consulate", "mission", "residence"]
            .iter()
            .any(|w| lower.contains(w))
}

/// `The following is attributable to Spokesperson Ned Price:` → the
/// speaker and the role the sentence names.
pub(super) fn attribution(text: &str) -> Option<(String, Option<String>)> {
    let lower = text.to_lowercase();
    let at = lower.find("attributable to ")?;
    // `The following [statement] is …`, `The below is …`, `Attributable to …`.
    if !(at == 0 || (lower.starts_with("the ") && words(&text[..at]).len() <= 5)) {
        return None;
    }
    let rest = text[at + "attributable to ".len()..]
        .trim()
        .trim_end_matches([':', '.'])
        .trim();
    if let Some((person, role)) = person_and_role(rest) {
        return Some((person, Some(role)));
    }
    let ws = words(rest);
    // The shortest title in front that leaves a name: `Secretary of State` /
    // `Antony J. Blinken`, not `Secretary of` / `State Antony J. Blinken`.
    for k in 1..ws.len() {
        let (role, name) = (ws[..k].join(" "), ws[k..].join(" "));
        if is_role(&role) && is_roleish(ws[k - 1]) && !is_roleish(ws[k]) && is_person(&name) {
            return Some((name, Some(role)));
        }
    }
    is_person(rest).then(|| (rest.to_string(), None))
}

/// `Rex W. Tillerson, Secretary of State` → (person, role).
pub(super) fn person_and_role(text: &str) -> Option<(String, String)> {
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
pub(super) fn people(text: &str) -> Option<Vec<String>> {
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
pub(super) fn is_place(text: &str) -> bool {
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
pub(super) fn is_weak_place(text: &str) -> bool {
    let ws = words(text);
    (1..=3).contains(&ws.len())
        && ws
            .iter()
            .all(|w| starts_upper(w) && !is_roleish(w) && !w.ends_with([',', '.', ':', ';']))
}

/// Does this line read as a sentence rather than a header field?
pub(super) fn is_body_like(text: &str) -> bool {
    let ws = words(text);
    if ws.is_empty() {
        return false;
    }
    if ws.len() > 14 || text.chars().count() > 110 {
        return true;
    }
    if text.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    if text.ends_with([',', ';', ':']) {
        return true;
    }
    ends_sentence(text)
}

/// Does `text` end as a sentence does: with `!`, `?` or a full stop that
/// does not end an abbreviation (`Inc.`, `D.C.`) or an initial?
pub(super) fn ends_sentence(text: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "st", "co", "inc", "ltd", "dr", "mr", "ms", "mrs", "gen", "amb", "sen", "rep", "gov", "hon", "rev",
        "no", "corp", "plc", "llc", "bros", "jr", "sr",
    ];
    if text.ends_with(['!', '?']) {
        return true;
    }
    let Some(last) = words(text).last().copied() else {
        return false;
    };
    if !text.ends_with('.') {
        return false;
    }
    let core = last.trim_end_matches('.');
    let abbreviation = core.contains('.')
        || is_initial(last)
        || ABBREVIATIONS.contains(&bare(last).as_str())
        || NAME_SUFFIXES.contains(&bare(last).as_str());
    !abbreviation
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn roles_with_a_nationality_and_people_with_a_title() {
        assert!(is_role("Swedish Foreign Minister"));
        assert!(is_role("Algerian Minister of Foreign Affairs"));
        assert!(!is_person("Swedish Foreign Minister"));
        assert!(!is_role("Foreign Minister Motegi"));
        assert!(!is_role(
            "Designation of Officials for Involvement in Gross Violations"
        ));
        assert!(is_role(
            "Permanent Representative of Valdoria to the United Nations"
        ));
        assert!(is_role("Senior Administration Official"));
        assert!(!is_role("Secretary Blinken at a Joint Press Availability"));
        assert!(is_event_headline("Remarks at the Harbor Forum"));
        assert!(!is_event_headline("Press Briefing Room"));
        assert_eq!(
            person_and_role("Ann Linde, Swedish Foreign Minister"),
            Some(("Ann Linde".into(), "Swedish Foreign Minister".into()))
        );
        assert!(is_place("Thomas Jefferson Room"));
        assert!(is_place("Via Teleconference"));
        assert!(is_venue_office("U.S. Embassy Algiers"));
    }

    #[test]
    fn attributions_name_speaker_and_role() {
        let a = |t: &str| attribution(t);
        assert_eq!(
            a("The following is attributable to Spokesperson Ned Price:"),
            Some(("Ned Price".into(), Some("Spokesperson".into())))
        );
        assert_eq!(
            a("The following is attributable to Deputy Spokesperson Jalina Porter:"),
            Some(("Jalina Porter".into(), Some("Deputy Spokesperson".into())))
        );
        assert_eq!(
            a("The following statement is attributable to Secretary of State Antony J. Blinken:"),
            Some(("Antony J. Blinken".into(), Some("Secretary of State".into())))
        );
        assert_eq!(
            a("The below is attributable to Spokesperson Ned Price:"),
            Some(("Ned Price".into(), Some("Spokesperson".into())))
        );
        assert_eq!(a("We are attributable to nobody."), None);
        assert_eq!(
            a("The losses of the last year are not attributable to Minister Lind."),
            None
        );
    }

    #[test]
    fn sentences_end_with_a_stop_not_an_abbreviation() {
        assert!(ends_sentence("We met."));
        assert!(!ends_sentence("Contract Awarded to Harbor Works Inc."));
        assert!(!ends_sentence("Meeting With Delta Shipping Ltd."));
        assert!(!ends_sentence("Washington, D.C."));
    }
}
