//! Import, dates: a header line in, the statement's date out, read as the
//! export wrote it and never guessed.
//!
//! Input: one line of a statement's header. Output: a [`Date`] (day, and a
//! time and an offset when the line gives them) plus the place the line
//! names before the date (`WASHINGTON, July 5, 2017`), or nothing when the
//! line is not a date line. Invariant: a line is a date line only when the
//! date is the whole of it apart from a weekday, a label (`Date:`), a time, a
//! time zone and a leading place; numeric dates are read month first
//! (`06/10/2020` is June 10) and two-digit years are refused, not completed.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::{Captures, Regex};

/// A statement's date as its export gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub day: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Minutes east of UTC, when the line names a time zone.
    pub offset: Option<i32>,
}

impl Date {
    /// The front matter value: `2017-07-05`, `2017-07-05T10:30:00`, or
    /// `2017-07-05T10:30:00-04:00` (TOML dates, unquoted).
    pub fn toml(&self) -> String {
        let day = self.day.format("%Y-%m-%d");
        match (self.time, self.offset) {
            (None, _) => day.to_string(),
            (Some(t), None) => format!("{day}T{}", t.format("%H:%M:%S")),
            (Some(t), Some(minutes)) => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let m = minutes.abs();
                format!("{day}T{}{sign}{:02}:{:02}", t.format("%H:%M:%S"), m / 60, m % 60)
            }
        }
    }
}

/// A built-in pattern: a constant checked by the unit tests below, so a
/// failure here is a bug in pressroom, never a problem in the user's data.
#[allow(clippy::expect_used)]
pub(super) fn pattern(p: &str) -> Regex {
    Regex::new(p).expect("built-in pattern compiles")
}

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// The date forms, each with the capture order of (year, month, day).
static FORMS: LazyLock<Vec<(Regex, [usize; 3])>> = LazyLock::new(|| {
    vec![
        // July 5, 2017 / Jul. 5th 2017
        (
            pattern(&format!(
                r"(?i)\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(\d{{4}})\b"
            )),
            [3, 1, 2],
        ),
        // 5 July 2017 / 5th July, 2017
        (
            pattern(&format!(
                r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\s*,?\s+(\d{{4}})\b"
            )),
            [3, 2, 1],
        ),
        // 2017-07-05 / 2017/07/05 (no word boundary after: 2017-07-05T10:30)
        (pattern(r"\b(\d{4})([-/])(\d{1,2})[-/](\d{1,2})"), [1, 3, 4]),
        // 06/10/2020: the U.S. order, month first
        (pattern(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), [3, 1, 2]),
    ]
});

/// A time right after the date: `- 10:30 a.m.`, `at 10 AM`, `T10:30:00`, `14:30 EDT`.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^(?:\s*(?:[-–—,|@]|\bat\b)\s*|\s+|T)(?:(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(a\.?\s?m\b\.?|p\.?\s?m\b\.?)?|(noon))",
    )
});

/// A time zone after the time.
static ZONE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^\s*\(?\b(EDT|EST|CDT|CST|MDT|MST|PDT|PST|UTC|GMT|Z|CET|CEST|BST)\b\)?"));

/// Words that may sit around a date without making the line anything else.
const FILLER: &[&str] = &[
    "date",
    "dated",
    "released",
    "release",
    "published",
    "issued",
    "on",
    "for",
    "immediate",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "et",
    "eastern",
    "local",
    "time",
];

fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?;
    months
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn number(caps: &Captures, i: usize) -> Option<u32> {
    let text = caps.get(i)?.as_str();
    text.parse().ok().or_else(|| month_number(text))
}

fn zone_offset(name: &str) -> Option<i32> {
    let hours = match name.to_ascii_uppercase().as_str() {
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        "UTC" | "GMT" | "Z" => 0,
        "CET" | "BST" => 1,
        "CEST" => 2,
        _ => return None,
    };
    Some(hours * 60)
}

/// Is `rest` only separators and filler words?
fn is_filler(rest: &str) -> bool {
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| FILLER.contains(&w.to_lowercase().as_str()))
}

/// Reads a time at the start of `rest`; returns it and the length it took.
fn time_after(rest: &str) -> Option<(NaiveTime, usize)> {
    let caps = TIME.captures(rest)?;
    let end = caps.get(0)?.end();
    if caps.get(5).is_some() {
        return Some((NaiveTime::from_hms_opt(12, 0, 0)?, end));
    }
    let hour: u32 = caps.get(1)?.as_str().parse().ok()?;
    let minute: u32 = caps.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
    let second: u32 = caps.get(3).map_or(Some(0), |m| m.as_str().parse().ok())?;
    let meridiem = caps.get(4).map(|m| m.as_str().to_ascii_lowercase());
    // A bare number after a date ("July 5, 2017 10") is not a time.
    if caps.get(2).is_none() && meridiem.is_none() {
        return None;
    }
    let hour = match meridiem.as_deref() {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(m) if m.starts_with('a') => hour % 12,
        Some(_) => hour % 12 + 12,
        None => hour,
    };
    Some((NaiveTime::from_hms_opt(hour, minute, second)?, end))
}

/// Reads `line` as a date line. Returns the date and the place written
/// before it, if any.
pub(super) fn parse_line(line: &str) -> Option<(Date, Option<String>)> {
    for (re, [y, m, d]) in FORMS.iter() {
        let Some(caps) = re.captures(line) else {
            continue;
        };
        let whole = caps.get(0)?;
        let day = NaiveDate::from_ymd_opt(
            i32::try_from(number(&caps, *y)?).ok()?,
            number(&caps, *m)?,
            number(&caps, *d)?,
        )?;
        let mut rest = &line[whole.end()..];
        let mut date = Date {
            day,
            time: None,
            offset: None,
        };
        if let Some((time, used)) = time_after(rest) {
            date.time = Some(time);
            rest = &rest[used..];
            if let Some(zone) = ZONE.captures(rest) {
                date.offset = zone.get(1).and_then(|z| zone_offset(z.as_str()));
                rest = &rest[zone.get(0).map_or(0, |z| z.end())..];
            }
        }
        if !is_filler(rest) {
            return None;
        }
        let before = line[..whole.start()]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '—' | ':' | '|'));
        if is_filler(before) {
            return Some((date, None));
        }
        return Some((date, Some(before.trim().to_string())));
    }
    None
}

/// Reads `line` as a line that gives only a time of day (`2:00 p.m. EDT`,
/// `10:30 a.m. Local`): the time, and the offset when a zone is named.
pub(super) fn parse_time_line(line: &str) -> Option<(NaiveTime, Option<i32>)> {
    let padded = format!(" {}", line.trim());
    let (time, used) = time_after(&padded)?;
    let mut rest = &padded[used..];
    let mut offset = None;
    if let Some(zone) = ZONE.captures(rest) {
        offset = zone.get(1).and_then(|z| zone_offset(z.as_str()));
        rest = &rest[zone.get(0).map_or(0, |z| z.end())..];
    }
    is_filler(rest).then_some((time, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(line: &str) -> Option<String> {
        parse_line(line).map(|(d, _)| d.toml())
    }

    #[test]
    fn reads_the_forms_exports_use() {
        assert_eq!(toml("July 5, 2017").as_deref(), Some("2017-07-05"));
        assert_eq!(toml("5 July 2017").as_deref(), Some("2017-07-05"));
        assert_eq!(toml("2017-07-05").as_deref(), Some("2017-07-05"));
        assert_eq!(toml("06/10/2020").as_deref(), Some("2020-06-10"));
        assert_eq!(toml("Sept. 30th, 2019").as_deref(), Some("2019-09-30"));
        assert_eq!(toml("Wednesday, July 5, 2017").as_deref(), Some("2017-07-05"));
        assert_eq!(toml("Date: 5 July 2017").as_deref(), Some("2017-07-05"));
        assert_eq!(
            toml("July 5, 2017 - 10:30 a.m.").as_deref(),
            Some("2017-07-05T10:30:00")
        );
        assert_eq!(
            toml("July 5, 2017 at 2 PM").as_deref(),
            Some("2017-07-05T14:00:00")
        );
        assert_eq!(
            toml("July 5, 2017 - 10:30 a.m. EDT").as_deref(),
            Some("2017-07-05T10:30:00-04:00")
        );
        assert_eq!(
            toml("2017-07-05T10:30:00").as_deref(),
            Some("2017-07-05T10:30:00")
        );
        assert_eq!(
            toml("July 5, 2017 12:15 p.m.").as_deref(),
            Some("2017-07-05T12:15:00")
        );
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        assert_eq!(toml("06/10/20"), None);
        assert_eq!(toml("February 30, 2017"), None);
        assert_eq!(toml("Statement on the July 5, 2017 Attack"), None);
        assert_eq!(toml("On July 5, 2017, the Secretary met the Minister."), None);
        assert_eq!(toml("Rex W. Tillerson"), None);
    }

    #[test]
    fn keeps_the_place_before_the_date() {
        let (date, place) = parse_line("WASHINGTON, July 5, 2017").unwrap();
        assert_eq!(date.toml(), "2017-07-05");
        assert_eq!(place.as_deref(), Some("WASHINGTON"));
        assert_eq!(parse_line("July 5, 2017").unwrap().1, None);
    }

    #[test]
    fn reads_a_line_with_only_a_time() {
        let (t, offset) = parse_time_line("2:00 p.m. EDT").unwrap();
        assert_eq!((t.to_string().as_str(), offset), ("14:00:00", Some(-240)));
        assert_eq!(parse_time_line("10:30 a.m.").map(|t| t.1), Some(None));
        assert_eq!(parse_time_line("2021"), None);
        assert_eq!(parse_time_line("2 ministers"), None);
    }
}
