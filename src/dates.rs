//! Dates from front matter: TOML dates, local and offset date-times, or the
//! same written as strings, all placed in the site's time zone.
//!
//! A date or date-time without an offset is a wall-clock time in the site's
//! time zone. One with an offset is an instant, shown in the site's zone, so
//! that an archive has one calendar: the day a statement is filed under is
//! its day in the site's time zone.
//!
//! Every date that comes out of here lies in [`YEARS`] in the site's time
//! zone: the formats the archive is written in (RFC 2822 in RSS, RFC 3339
//! in Atom and JSON Feed, W3C dates in the sitemap, `YYYY/` archive paths)
//! carry four-digit years only, so a date they cannot write is an error at
//! the date's line rather than a panic when the feeds are written.

use std::ops::RangeInclusive;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};
use chrono_tz::Tz;

/// The years a date may have in the site's time zone: the four-digit
/// years of RFC 2822, RFC 3339, W3C dates and archive paths.
pub const YEARS: RangeInclusive<i32> = 0..=9999;

/// A parsed front matter date, in the site's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteDate {
    pub at: DateTime<FixedOffset>,
    pub has_time: bool,
}

pub const DATE_HINT: &str = "write a date as 2017-07-05, a time as 2017-07-05T10:30:00, or with an offset as 2017-07-05T10:30:00-04:00 (no quotes needed)";

/// Reads a TOML value (a datetime or a string) as a date in `tz`.
pub fn from_toml(value: &toml::Value, tz: Tz) -> Result<SiteDate, String> {
    match value {
        toml::Value::Datetime(dt) => {
            from_toml_datetime(dt, tz).and_then(|d| writable(d, &dt.to_string(), tz))
        }
        toml::Value::String(s) => from_str(s, tz),
        other => Err(format!("expected a date, found {}", other.type_str())),
    }
}

/// `date` when every output format can write it (its year in the site's
/// time zone is in [`YEARS`]); `written` is the date as the file has it.
fn writable(date: SiteDate, written: &str, tz: Tz) -> Result<SiteDate, String> {
    if YEARS.contains(&date.at.year()) {
        return Ok(date);
    }
    Err(format!(
        "`{written}` is {} in the site's time zone ({tz}), outside the years 0000 to 9999 that feeds, \
         the sitemap and archive folders can hold; check the year and the offset",
        date.at.format("%Y-%m-%d %H:%M")
    ))
}

/// Refuses a year written outside [`YEARS`] (a string such as
/// `+12345-01-01`), before any arithmetic is done with it.
fn year_in_range(date: NaiveDate, written: &str) -> Result<NaiveDate, String> {
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "`{written}` has the year {}, outside the years 0000 to 9999 that feeds, the sitemap and \
             archive folders can hold; check the year",
            date.year()
        ))
    }
}

/// Reads a TOML value as a calendar date (no time, no zone).
pub fn naive_date_from_toml(value: &toml::Value) -> Result<NaiveDate, String> {
    match value {
        toml::Value::Datetime(toml::value::Datetime {
            date: Some(d),
            time: None,
            offset: None,
        }) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
            .ok_or_else(|| format!("{value} is not a day of the calendar")),
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| format!("`{s}` is not a date like 2017-07-05"))
            .and_then(|d| year_in_range(d, s.trim())),
        other => Err(format!("expected a date like 2017-07-05, found {other}")),
    }
}

fn from_toml_datetime(dt: &toml::value::Datetime, tz: Tz) -> Result<SiteDate, String> {
    let Some(d) = dt.date else {
        return Err(format!("`{dt}` is a time of day without a date"));
    };
    let date = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        .ok_or_else(|| format!("`{dt}` is not a day of the calendar"))?;
    let Some(t) = dt.time else {
        return local(date.and_time(NaiveTime::MIN), tz, false);
    };
    let time = NaiveTime::from_hms_nano_opt(
        t.hour.into(),
        t.minute.into(),
        t.second.unwrap_or(0).into(),
        t.nanosecond.unwrap_or(0),
    )
    .ok_or_else(|| format!("`{dt}` is not a valid time of day"))?;
    let naive = date.and_time(time);
    match dt.offset {
        None => local(naive, tz, true),
        Some(offset) => {
            let minutes = match offset {
                toml::value::Offset::Z => 0,
                toml::value::Offset::Custom { minutes } => i32::from(minutes),
            };
            let fixed = FixedOffset::east_opt(minutes * 60)
                .ok_or_else(|| format!("`{dt}` has an impossible offset"))?;
            let instant = fixed
                .from_local_datetime(&naive)
                .single()
                .ok_or_else(|| format!("`{dt}` is not a valid date-time"))?;
            Ok(SiteDate {
                at: instant.with_timezone(&tz).fixed_offset(),
                has_time: true,
            })
        }
    }
}

/// Reads a date written as a string, in the same forms as TOML's.
pub fn from_str(s: &str, tz: Tz) -> Result<SiteDate, String> {
    let s = s.trim();
    parse_str(s, tz).and_then(|d| writable(d, s, tz))
}

fn parse_str(s: &str, tz: Tz) -> Result<SiteDate, String> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(SiteDate {
            at: dt.with_timezone(&tz).fixed_offset(),
            has_time: true,
        });
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, format) {
            year_in_range(naive.date(), s)?;
            return local(naive, tz, true);
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let date = year_in_range(date, s)?;
        return local(date.and_time(NaiveTime::MIN), tz, false);
    }
    Err(format!("`{s}` is not a date"))
}

fn local(naive: NaiveDateTime, tz: Tz, has_time: bool) -> Result<SiteDate, String> {
    // In a daylight-saving overlap the earlier instant is taken; midnight
    // can fall in a gap in a few zones, in which case the first valid
    // instant of that day is used for date-only values.
    let at = match tz.from_local_datetime(&naive).earliest() {
        Some(at) => at,
        None if !has_time => (1..=3)
            .find_map(|h| {
                let later = naive.checked_add_signed(chrono::TimeDelta::hours(h))?;
                tz.from_local_datetime(&later).earliest()
            })
            .ok_or_else(|| format!("{naive} does not exist in {tz}"))?,
        None => {
            return Err(format!(
                "{naive} does not exist in {tz} (the clocks skip it for daylight saving time)"
            ));
        }
    };
    Ok(SiteDate {
        at: at.fixed_offset(),
        has_time,
    })
}

/// The abbreviation of `tz` at the instant `at` (`EDT`, `CET`; a zone
/// without one gives its offset, `+03`).
pub fn zone_abbreviation(at: DateTime<FixedOffset>, tz: Tz) -> String {
    tz.from_utc_datetime(&at.naive_utc()).format("%Z").to_string()
}

/// A time of day as pages show it, with the zone's abbreviation at that
/// instant: `10:30 a.m. EDT`, `12:05 p.m. CET`.
pub fn time_text(at: DateTime<FixedOffset>, tz: Tz) -> String {
    let meridiem = if at.hour() < 12 { "a.m." } else { "p.m." };
    format!("{} {meridiem} {}", at.format("%-I:%M"), zone_abbreviation(at, tz))
}

/// The value of a `<time datetime>`: the day alone (`2019-05-03`) for a
/// date without a time of day, else the RFC 3339 date-time.
pub fn datetime_attribute(at: DateTime<FixedOffset>, has_time: bool) -> String {
    if has_time {
        at.to_rfc3339()
    } else {
        at.format("%Y-%m-%d").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_dates_move_to_the_site_zone() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let d = from_str("2020-01-01T00:30:00+00:00", tz).unwrap();
        assert_eq!(d.at.to_rfc3339(), "2019-12-31T19:30:00-05:00");
        let d = from_str("2017-07-05", tz).unwrap();
        assert_eq!(d.at.to_rfc3339(), "2017-07-05T00:00:00-04:00");
        assert!(!d.has_time);
        assert!(from_str("2021-03-14T02:30:00", tz).is_err());
    }

    #[test]
    fn times_show_the_zone_abbreviation_of_their_day() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let summer = from_str("2021-07-04T10:30:00", tz).unwrap().at;
        assert_eq!(time_text(summer, tz), "10:30 a.m. EDT");
        let winter = from_str("2021-03-04T15:05:00", tz).unwrap().at;
        assert_eq!(time_text(winter, tz), "3:05 p.m. EST");
        let noon = from_str("2021-03-04T12:00:00", tz).unwrap().at;
        assert_eq!(time_text(noon, tz), "12:00 p.m. EST");
        let midnight = from_str("2021-03-04T00:10:00", tz).unwrap().at;
        assert_eq!(time_text(midnight, tz), "12:10 a.m. EST");
        let date = from_str("2019-05-03", tz).unwrap();
        assert_eq!(datetime_attribute(date.at, date.has_time), "2019-05-03");
        assert_eq!(datetime_attribute(summer, true), "2021-07-04T10:30:00-04:00");
    }

    /// Years the feeds cannot write are refused here, however they are
    /// written (the RSS writer panicked on them).
    #[test]
    fn dates_outside_four_digit_years_are_errors() {
        let utc = chrono_tz::UTC;
        let toml_date = |text: &str| -> toml::Value {
            toml::from_str::<toml::Table>(&format!("d = {text}")).unwrap()["d"].clone()
        };
        let err = from_toml(&toml_date("9999-12-31T20:00:00-05:00"), utc).unwrap_err();
        assert!(err.contains("+10000-01-01 01:00"), "{err}");
        assert!(from_toml(&toml_date("0000-01-01T00:00:00+05:00"), utc).is_err());
        assert!(from_toml(&toml_date("9999-12-31T18:00:00-05:00"), utc).is_ok());
        assert!(from_toml(&toml_date("0000-01-01"), utc).is_ok());
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        assert!(from_toml(&toml_date("9999-12-31T20:00:00Z"), tokyo).is_err());
        // Strings may spell years TOML cannot: refused before any arithmetic.
        for s in [
            "+12345-01-01",
            "-0001-12-31",
            "+262143-12-31T23:00:00",
            "9999-12-31T23:00:00-05:00",
        ] {
            assert!(from_str(s, utc).is_err(), "{s}");
        }
        assert!(
            from_str("+12345-01-01", utc)
                .unwrap_err()
                .contains("the year 12345")
        );
        let string = toml::Value::String("+12345-01-01".into());
        assert!(naive_date_from_toml(&string).is_err());
    }
}
