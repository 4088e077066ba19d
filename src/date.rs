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

fn days_in_month(year: i32, month: u8) -> u8 {
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
