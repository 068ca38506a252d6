//! The time, read here and passed to the rules that need it.

/// Milliseconds since the Unix epoch, by the browser's clock.
pub fn now_ms() -> i64 {
    // A float from JS: whole milliseconds, far inside f64's exact integers.
    js_sys::Date::now() as i64
}
