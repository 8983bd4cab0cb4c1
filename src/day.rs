//! Days: the one date type of the engine (a day count, so that dates
//! compare and subtract as integers), and the ISO form it is written in.
//! A leaf module: reading cells (`ingest`) and the KPIs (`model`, `kpi`)
//! both use it, neither through the other.

use chrono::{Datelike, NaiveDate};

/// Days since 0001-01-01 (chrono's day count from the common era).
pub type Day = i32;

#[inline]
pub fn day_from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
    NaiveDate::from_ymd_opt(year, month, day).map(|date| date.num_days_from_ce())
}

/// Days of the years 1900–2100: a date outside is a typo (`0024`, `9999`)
/// that would stretch the selection over thousands of periods.
pub const PLAUSIBLE_DAYS: std::ops::RangeInclusive<Day> = 693_596..=767_009;

pub fn date_of(day: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN)
}

/// `YYYY-MM-DD`, as chrono's `%Y-%m-%d` writes it (without chrono's format
/// parser in the module).
pub fn format_day(day: Day) -> String {
    let date = date_of(day);
    let sign = match date.year() {
        ..0 => "-",
        10_000.. => "+",
        _ => "",
    };
    format!("{sign}{:04}-{:02}-{:02}", date.year().unsigned_abs(), date.month(), date.day())
}

/// Parses `YYYY-MM-DD` exactly (configuration and CLI dates).
pub fn parse_iso_day(text: &str) -> Option<Day> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => day_from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_format_as_chrono_does() {
        assert_eq!(format_day(parse_iso_day("2024-02-29").unwrap()), "2024-02-29");
        let samples = [NaiveDate::MIN, NaiveDate::MAX].map(|d| d.num_days_from_ce());
        for day in samples.into_iter().chain((-800_000..3_700_000).step_by(997)) {
            assert_eq!(format_day(day), date_of(day).format("%Y-%m-%d").to_string(), "day {day}");
        }
    }
}
