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
}
