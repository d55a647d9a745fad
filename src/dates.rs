//! Dates from front matter: TOML dates, local and offset date-times, or the
//! same written as strings, all placed in the site's time zone.
//!
//! A date or date-time without an offset is a wall-clock time in the site's
//! time zone. One with an offset is an instant, shown in the site's zone, so
//! that an archive has one calendar: the day a statement is filed under is
//! its day in the site's time zone.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

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
        toml::Value::Datetime(dt) => from_toml_datetime(dt, tz),
        toml::Value::String(s) => from_str(s, tz),
        other => Err(format!("expected a date, found {}", other.type_str())),
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
            .map_err(|_| format!("`{s}` is not a date like 2017-07-05")),
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
            return local(naive, tz, true);
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
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
                tz.from_local_datetime(&(naive + chrono::Duration::hours(h)))
                    .earliest()
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
}
