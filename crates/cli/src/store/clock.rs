//! Times as the store keeps them: integer milliseconds since the Unix epoch, read
//! from the clock by the caller (never by SQL: instances' clocks and backends'
//! `now()` differ), and RFC 3339 UTC text where a person or the contract reads them.

/// Now, in milliseconds since the Unix epoch (the server's clock).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Now, as RFC 3339 UTC (`2026-11-28T10:00:00Z`).
pub fn now_rfc3339() -> String {
    rfc3339(u64::try_from(now_ms() / 1000).unwrap_or(0))
}

/// Milliseconds as RFC 3339 UTC, to the second.
pub fn ms_rfc3339(ms: i64) -> String {
    rfc3339(u64::try_from(ms.max(0) / 1000).unwrap_or(0))
}

/// Unix seconds as RFC 3339 UTC (days-to-civil from Howard Hinnant's algorithm).
pub fn rfc3339(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]Z` (what the store writes) as milliseconds.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |from: usize, to: usize| -> Option<i64> {
        text.get(from..to)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?
            .parse()
            .ok()
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hh, mm, ss) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let millis = match text.get(19..)? {
        "Z" => 0,
        rest => {
            let digits = rest.strip_prefix('.')?.strip_suffix('Z')?;
            let first3: String = digits.chars().chain("000".chars()).take(3).collect();
            if !digits.bytes().all(|c| c.is_ascii_digit()) || digits.is_empty() {
                return None;
            }
            first3.parse().ok()?
        }
    };
    // Days from civil (Howard Hinnant).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400 + hh * 3600 + mm * 60 + ss) * 1000) + millis)
}

/// Whether `text` is an RFC 3339 date and time (`2026-11-28T10:42:07.318Z`,
/// `2026-11-28T18:42:07+08:00`): a real calendar day, hours to 23, minutes to 59,
/// seconds to 60 (a leap second), at most 9 fraction digits, and `Z` or a `±HH:MM`
/// offset; `T` and `Z` in either case, as the RFC's grammar allows; nothing before
/// or after. What serve takes as an order's `created_at` (docs/order-contract.md).
pub fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let num = |from: usize, to: usize| -> Option<u32> {
        let digits = b.get(from..to)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let at = |i: usize, c: u8| b.get(i).is_some_and(|x| x.eq_ignore_ascii_case(&c));
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        num(0, 4),
        num(5, 7),
        num(8, 10),
        num(11, 13),
        num(14, 16),
        num(17, 19),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let separated = at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':');
    let in_range = (1..=12).contains(&month)
        && (1..=days).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 60;
    if !(separated && in_range) {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return false;
        }
        i += 1 + digits;
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i + 6 == b.len()
                && at(i + 3, b':')
                && num(i + 1, i + 3).is_some_and(|h| h <= 23)
                && num(i + 4, i + 6).is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_reads_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_867_200), "2026-11-28T12:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(
            parse_rfc3339_ms("2026-11-28T12:00:00Z"),
            Some(1_795_867_200_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2000-02-29T00:00:00.25Z"),
            Some(951_782_400_250)
        );
        assert_eq!(parse_rfc3339_ms("2026-13-28T12:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms("yesterday"), None);
        assert_eq!(ms_rfc3339(1_795_867_200_999), "2026-11-28T12:00:00Z");
    }

    /// REVIEW8 section 1: an order's `created_at` is signed as the receipt's "placed".
    #[test]
    fn only_an_rfc3339_date_and_time_is_one() {
        for good in [
            "2026-11-28T10:42:07.318Z",
            "2026-11-28T10:42:07Z",
            "2026-11-28T18:42:07+08:00",
            "2026-11-28T05:12:07.5-05:30",
            "2028-02-29T23:59:60Z",
            "2000-02-29T00:00:00.123456789Z",
            "2026-11-28t10:42:07z",
        ] {
            assert!(is_date_time(good), "{good}");
        }
        for bad in [
            "2026-12-07 PAID IN FULL by bank transfer; seller confirms receipt of 68.00 CNY",
            "2026-11-28T10:42:07.318Z PAID",
            "2026-11-28 10:42:07Z",
            "2026-11-28",
            "2026-11-28T10:42Z",
            "2026-13-28T10:42:07Z",
            "2026-02-29T10:42:07Z",
            "1900-02-29T10:42:07Z",
            "2026-11-31T10:42:07Z",
            "2026-11-28T24:00:00Z",
            "2026-11-28T10:42:07",
            "2026-11-28T10:42:07.Z",
            "2026-11-28T10:42:07.1234567890Z",
            "2026-11-28T10:42:07+0800",
            "2026-11-28T10:42:07+24:00",
            "2026-11-28T10:42:07+08:00 PAID",
            "\u{ff12}026-11-28T10:42:07Z",
            "",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }
}
