//! The browser's clock, timers and random numbers, which core never reads itself.

use leptos::prelude::set_timeout;
use std::time::Duration;

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    let ms = js_sys::Date::now();
    if ms.is_finite() && ms > 0.0 {
        // A clock reading, not money: whole milliseconds.
        ms as u64
    } else {
        0
    }
}

/// The current time as RFC 3339 UTC.
pub fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A time (ms since the Unix epoch) as RFC 3339 UTC, the form orders record.
pub fn rfc3339_at(ms: u64) -> String {
    // A clock reading, not money: exact in an f64 for the next 285,000 years.
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    String::from(date.to_iso_string())
}

/// 16 bytes from the browser's CSPRNG (`crypto.getRandomValues`); `None` if it is missing.
pub fn random_128() -> Option<[u8; 16]> {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// Waits `ms` milliseconds (Leptos' timer, awaited through a promise).
pub async fn sleep_ms(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        set_timeout(
            move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            },
            Duration::from_millis(ms),
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
