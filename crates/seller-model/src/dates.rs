//! The CSV export's date range: two `YYYY-MM-DD` days from `<input type=date>`,
//! checked before asking the server (which checks again).

/// What is wrong with a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeProblem {
    /// The first day is missing or not a date.
    From,
    /// The last day is missing or not a date.
    To,
    /// The last day is before the first.
    Reversed,
}

/// Whether `day` is a real calendar day written `YYYY-MM-DD`.
pub fn is_day(day: &str) -> bool {
    let b = day.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| day.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !day
        .bytes()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// The range `from..=to`, or the first thing wrong with it.
pub fn check_range(from: &str, to: &str) -> Result<(), RangeProblem> {
    if !is_day(from) {
        return Err(RangeProblem::From);
    }
    if !is_day(to) {
        return Err(RangeProblem::To);
    }
    // Same fixed-width form, so text order is date order.
    if to < from {
        return Err(RangeProblem::Reversed);
    }
    Ok(())
}

/// The day (`YYYY-MM-DD`, UTC) of a time in milliseconds since the Unix epoch.
pub fn day_of(ms: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = ms.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_checked_as_calendar_days() {
        assert!(is_day("2026-02-28"));
        assert!(is_day("2024-02-29"));
        assert!(!is_day("2026-02-29"));
        assert!(!is_day("2026-13-01"));
        assert!(!is_day("2026-1-01"));
        assert!(!is_day("2026-01-0a"));
        assert!(!is_day("+026-01-01"));
        assert!(!is_day(""));
    }

    #[test]
    fn a_range_names_its_first_problem() {
        assert_eq!(check_range("2026-12-01", "2026-12-05"), Ok(()));
        assert_eq!(check_range("2026-12-05", "2026-12-05"), Ok(()));
        assert_eq!(check_range("", "2026-12-05"), Err(RangeProblem::From));
        assert_eq!(check_range("2026-12-05", "x"), Err(RangeProblem::To));
        assert_eq!(
            check_range("2026-12-05", "2026-12-01"),
            Err(RangeProblem::Reversed)
        );
    }

    #[test]
    fn days_of_times() {
        assert_eq!(day_of(0), "1970-01-01");
        assert_eq!(day_of(951_782_400_000), "2000-02-29");
        assert_eq!(day_of(1_796_428_799_999), "2026-12-04");
        assert_eq!(day_of(-1), "1969-12-31");
    }
}
