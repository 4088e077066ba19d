//! Calendar dates and months as the content model writes them (ISO `2025-03-01`, `2025-03`).

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn number(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

impl Date {
    /// Parses `YYYY-MM-DD`; `None` for anything else, including days that do not exist.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let (year, month, day) = (number(y, 4)? as i32, number(m, 2)? as u8, number(d, 2)? as u8);
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    pub fn month(self) -> Month {
        Month { year: self.year, month: self.month }
    }

    /// Days from 1970-01-01 to this date (negative before it), by Howard Hinnant's
    /// `days_from_civil`.
    pub fn days_since_1970(self) -> i64 {
        let (m, y) = (i64::from(self.month), i64::from(self.year) - i64::from(self.month <= 2));
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl Date {
    /// Whole months from this date to `later` (negative when `later` is earlier): from
    /// 2025-01-31 to 2025-02-28 is 0 months, to 2025-03-01 is 1.
    pub fn months_to(self, later: Date) -> i32 {
        let months = (later.year - self.year) * 12 + i32::from(later.month) - i32::from(self.month);
        if later.day < self.day { months - 1 } else { months }
    }
}

/// Today's date where the editor is (the computer's time zone): a file that `nyttig new` makes
/// just after midnight is dated the new day.
pub fn today() -> Date {
    let now = jiff::ZonedDateTime::now().date();
    Date { year: i32::from(now.year()), month: now.month() as u8, day: now.day() as u8 }
}

impl Month {
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        let (year, month) = (number(y, 4)? as i32, number(m, 2)? as u8);
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// Months from `self` to `other`, both included; 0 when `other` is earlier.
    pub fn span_to(self, other: Month) -> i32 {
        let a = self.year * 12 + i32::from(self.month);
        let b = other.year * 12 + i32::from(other.month);
        (b - a + 1).max(0)
    }

    pub fn index(self) -> i32 {
        self.year * 12 + i32::from(self.month) - 1
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_1970_count_leap_days() {
        let days = |s: &str| Date::parse(s).unwrap().days_since_1970();
        assert_eq!(days("1970-01-01"), 0);
        assert_eq!(days("1969-12-31"), -1);
        assert_eq!(days("2000-03-01") - days("2000-02-28"), 2);
        assert_eq!(days("2100-03-01") - days("2100-02-28"), 1);
        assert_eq!(days("2026-11-22"), 20_779);
    }

    #[test]
    fn whole_months_are_counted_to_the_day() {
        let months = |a: &str, b: &str| Date::parse(a).unwrap().months_to(Date::parse(b).unwrap());
        assert_eq!(months("2025-01-31", "2025-02-28"), 0);
        assert_eq!(months("2025-01-31", "2025-03-01"), 1);
        assert_eq!(months("2025-06-01", "2026-06-01"), 12);
        assert_eq!(months("2025-06-02", "2026-06-01"), 11);
        assert_eq!(months("2025-12-15", "2026-01-15"), 1);
    }

    #[test]
    fn today_is_the_local_date() {
        let d = today();
        let local = jiff::ZonedDateTime::now();
        assert!(d.year >= 2024 && Date::parse(&d.to_string()) == Some(d));
        assert_eq!((d.month, d.day), (local.month() as u8, local.day() as u8));
    }

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(Date::parse("2024-02-29"), Some(Date { year: 2024, month: 2, day: 29 }));
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(Date::parse("2025-13-01"), None);
        assert_eq!(Date::parse("2025-3-01"), None);
        assert_eq!(Date::parse("1. marts 2025"), None);
        assert_eq!(Date::parse("2025-03-01-01"), None);
        assert_eq!(Month::parse("2025-03"), Some(Month { year: 2025, month: 3 }));
        assert_eq!(Month::parse("2025-00"), None);
    }

    #[test]
    fn month_spans_include_both_ends() {
        let (a, b) = (Month::parse("2025-11").unwrap(), Month::parse("2026-02").unwrap());
        assert_eq!(a.span_to(b), 4);
        assert_eq!(b.span_to(a), 0);
        assert!(Date::parse("2024-12-31") < Date::parse("2025-01-01"));
    }
}
