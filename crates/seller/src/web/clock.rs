//! The time, read here and passed to the rules that need it.

/// Milliseconds since the Unix epoch, by the browser's clock.
pub fn now_ms() -> i64 {
    // A float from JS: whole milliseconds, far inside f64's exact integers.
    js_sys::Date::now() as i64
}

/// An RFC 3339 time as the API writes it (`2026-12-05T16:40:00Z`), in ms; `None`
/// when the browser cannot read it.
pub fn parse_ms(rfc3339: &str) -> Option<i64> {
    let ms = js_sys::Date::parse(rfc3339);
    // NaN for what is not a date; whole milliseconds otherwise.
    ms.is_finite().then_some(ms as i64)
}
