//! What is wrong with a date an editor wrote, as exactly as the text allows. Apart from
//! `date`, which knows calendars and nothing of messages.

use crate::date::{Date, days_in_month};
use crate::say::{Arg, Say};

/// Why `raw` is not a date written as `YYYY-MM-DD`, as exactly as the text allows: (what is
/// wrong, what to write instead). For the message about a date field named `key`.
pub(crate) fn why_not_a_date(key: &str, raw: &str) -> (Say, Say) {
    let general = || (say!("dates.not_a_date", key = key, raw = raw), say!("dates.write_like", key = key));
    let parts: Vec<&str> = raw.split(['-', '.', '/']).collect();
    let digits = |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !parts.iter().all(|p| digits(p)) {
        return general();
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let last = |year: u32, month: u32| {
        let days = days_in_month(year as i32, month as u8);
        (days, format!("{year:04}-{month:02}-{days:02}"))
    };
    // Day first, as Danes and Norwegians write by hand: 15.08.2025, 15/8/2025, 15-08-2025.
    if parts[2].len() == 4 && parts[0].len() <= 2 {
        let (day, month, year) = (n(parts[0]), n(parts[1]), n(parts[2]));
        let iso = format!("{year:04}-{month:02}-{day:02}");
        if Date::parse(&iso).is_some() {
            return (say!("dates.day_first", key = key, raw = raw), say!("dates.write", key = key, iso = iso));
        }
        if (1..=12).contains(&month) {
            let (days, last) = last(year, month);
            return (
                say!(
                    "dates.day_first_no_such_day",
                    key = key,
                    raw = raw,
                    month = Arg::Month(month as u8),
                    year = year,
                    days = days
                ),
                say!("dates.year_first_last_day", month = Arg::Month(month as u8), year = year, last = last),
            );
        }
        return general();
    }
    if parts[0].len() != 4 || raw.contains(['.', '/']) {
        return general();
    }
    let (year, month, day) = (n(parts[0]), n(parts[1]), n(parts[2]));
    if !(1..=12).contains(&month) {
        return (say!("dates.no_month", key = key, raw = raw, month = month), say!("dates.swapped"));
    }
    let (days, last_day) = last(year, month);
    if day == 0 || day > u32::from(days) {
        let name = Arg::Month(month as u8);
        let why = if day == 0 {
            say!("dates.no_day_0", key = key, raw = raw)
        } else {
            say!("dates.no_such_day", key = key, raw = raw, month = name.clone(), year = year, days = days)
        };
        return (why, say!("dates.check_day", month = name, year = year, last = last_day));
    }
    if parts[1].len() != 2 || parts[2].len() != 2 {
        let iso = format!("{year:04}-{month:02}-{day:02}");
        return (say!("dates.two_digits", key = key, raw = raw), say!("dates.write", key = key, iso = iso));
    }
    general()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_date_is_told_exactly_what_is_wrong() {
        let why = |raw: &str| {
            let (message, hint) = why_not_a_date("started", raw);
            (message.en(), hint.en())
        };
        assert_eq!(why("15.08.2025").1, "write `started: 2025-08-15`");
        assert!(why("15.08.2025").0.contains("day first"));
        assert_eq!(why("1/8/2025").1, "write `started: 2025-08-01`");
        assert!(why("2025-13-01").0.contains("there is no month 13"), "{:?}", why("2025-13-01"));
        assert!(why("2025-02-29").0.contains("February 2025 has 28 days"));
        assert!(why("2025-02-29").1.contains("2025-02-28"));
        assert!(why("2024-02-30").0.contains("February 2024 has 29 days"));
        assert!(why("2025-04-00").0.contains("there is no day 0"));
        assert_eq!(why("2025-8-1").1, "write `started: 2025-08-01`");
        assert!(why("31.02.2025").0.contains("day first") && why("31.02.2025").0.contains("February 2025 has 28 days"));
        assert!(why("31.02.2025").1.contains("`2025-02-28`"));
        for general in ["31.13.2025", "i går", "2025", "2025-03-01T10:00", "99999-01-01"] {
            assert!(why(general).0.contains("YYYY-MM-DD"), "{general}: {:?}", why(general));
        }
    }
}
