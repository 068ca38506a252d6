//! How long ago an order came, in the unit a person would say it ("3 min ago",
//! "yesterday"), for `Intl.RelativeTimeFormat`.

/// A unit `Intl.RelativeTimeFormat` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    /// Its name in `Intl.RelativeTimeFormat.format(value, unit)`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// `then_ms` seen from `now_ms` as a negative count of the largest unit that fits
/// (`(-3, Minute)` for three minutes ago), rounded down so "59 minutes" never reads
/// as "1 hour". A time in the future (a clock that differs) reads as "now": `(0, Second)`.
pub fn age(now_ms: i64, then_ms: i64) -> (i64, Unit) {
    let ago = now_ms.saturating_sub(then_ms);
    if ago < MINUTE {
        return (0, Unit::Second);
    }
    let (size, unit) = match ago {
        a if a < HOUR => (MINUTE, Unit::Minute),
        a if a < DAY => (HOUR, Unit::Hour),
        a if a < 7 * DAY => (DAY, Unit::Day),
        a if a < 30 * DAY => (7 * DAY, Unit::Week),
        a if a < 365 * DAY => (30 * DAY, Unit::Month),
        _ => (365 * DAY, Unit::Year),
    };
    (-(ago / size), unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_unit_that_fits_rounded_down() {
        let now = 1_800_000_000_000;
        assert_eq!(age(now, now), (0, Unit::Second));
        assert_eq!(age(now, now - 59 * SECOND), (0, Unit::Second));
        assert_eq!(age(now, now - 3 * MINUTE - 5 * SECOND), (-3, Unit::Minute));
        assert_eq!(age(now, now - 59 * MINUTE), (-59, Unit::Minute));
        assert_eq!(age(now, now - HOUR), (-1, Unit::Hour));
        assert_eq!(age(now, now - 25 * HOUR), (-1, Unit::Day));
        assert_eq!(age(now, now - 8 * DAY), (-1, Unit::Week));
        assert_eq!(age(now, now - 40 * DAY), (-1, Unit::Month));
        assert_eq!(age(now, now - 800 * DAY), (-2, Unit::Year));
    }

    #[test]
    fn a_time_ahead_of_the_clock_is_now() {
        assert_eq!(age(1_000, 90_000), (0, Unit::Second));
        assert_eq!(age(i64::MIN, i64::MAX), (0, Unit::Second));
    }
}
