//! Seller sessions: a random value in a cookie, only its SHA-256 in the store.
//!
//! The cookie is `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's
//! page sends it), `Path=/_seller` (buyers' pages never carry it) and `Secure` when
//! the request came over https. A session lasts [`IDLE`] since it was last used
//! (sliding: used at least every [`TOUCH_EVERY`] it is extended) and never more than
//! [`LIFETIME`] since it began; then the seller signs in again.

use crate::store::{sha256_hex, Store};
use axum::http::{header, HeaderMap, HeaderValue};
use std::time::Duration;

/// The cookie's name.
pub const COOKIE: &str = "microshop_seller";
/// A session unused this long ends.
pub const IDLE: Duration = Duration::from_secs(14 * 24 * 3600);
/// A session ends this long after sign-in however much it is used.
pub const LIFETIME: Duration = Duration::from_secs(90 * 24 * 3600);
/// A session's expiry is moved at most this often (not a write per request).
pub const TOUCH_EVERY: Duration = Duration::from_secs(3600);

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The session cookie's value in a request, if it has one that could be ours.
pub fn cookie_value(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` of a session (`max_age` from now), or of its removal (`None`).
pub fn set_cookie(value: Option<&str>, max_age: Duration, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match value {
        Some(value) => format!(
            "{COOKIE}={value}; Max-Age={}; Path=/_seller; HttpOnly; SameSite=Strict{secure}",
            max_age.as_secs()
        ),
        None => format!("{COOKIE}=; Max-Age=0; Path=/_seller; HttpOnly; SameSite=Strict{secure}"),
    };
    // Only hex, digits and fixed words: always a valid header value.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Starts a session: stores the hash of a fresh random value, returns the value.
pub fn begin(store: &Store, random: [u8; 32], now_ms: i64) -> Result<String, String> {
    let value: String = random.iter().map(|b| format!("{b:02x}")).collect();
    store
        .create_session(&sha256_hex(&value), now_ms, now_ms + ms(IDLE))
        .map_err(|e| e.to_string())?;
    // Sign-in is rare: a good moment to forget sessions and links that expired.
    let _ = store.expire_sessions(now_ms);
    Ok(value)
}

/// What the gate found.
pub enum Found {
    /// A live session; `refreshed` when its expiry moved (send the cookie again).
    Live {
        refreshed: bool,
    },
    Missing,
}

/// Looks the cookie's session up and slides its expiry when due.
pub fn find(store: &Store, value: &str, now_ms: i64) -> Result<Found, String> {
    let id = sha256_hex(value);
    let Some(session) = store.session(&id, now_ms).map_err(|e| e.to_string())? else {
        return Ok(Found::Missing);
    };
    let ends = session.created_ms.saturating_add(ms(LIFETIME));
    if ends <= now_ms {
        let _ = store.delete_session(&id);
        return Ok(Found::Missing);
    }
    if now_ms - session.last_seen_ms < ms(TOUCH_EVERY) {
        return Ok(Found::Live { refreshed: false });
    }
    let expires = now_ms.saturating_add(ms(IDLE)).min(ends);
    let touched = store
        .touch_session(&id, now_ms, expires)
        .map_err(|e| e.to_string())?;
    Ok(if touched {
        Found::Live { refreshed: true }
    } else {
        Found::Missing
    })
}

/// Ends the session of `value` (sign-out).
pub fn end(store: &Store, value: &str) -> Result<(), String> {
    store
        .delete_session(&sha256_hex(value))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_read_only_when_it_could_be_ours() {
        let mut headers = HeaderMap::new();
        let value = "ab".repeat(32);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("theme=dark; {COOKIE}={value}; x=y")).expect("value"),
        );
        assert_eq!(cookie_value(&headers), Some(value));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("microshop_seller=../../etc"),
        );
        assert_eq!(cookie_value(&headers), None);
    }

    #[test]
    fn a_session_slides_while_used_and_ends_at_its_lifetime() {
        let dir = std::env::temp_dir().join(format!("microshop-session-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let store = Store::open_sqlite(&dir.join("s.sqlite")).expect("store");
        let start = 1_000_000_000_000;
        let value = begin(&store, [7; 32], start).expect("begun");
        assert!(matches!(
            find(&store, &value, start + 1_000),
            Ok(Found::Live { refreshed: false })
        ));
        // Used after an hour: the expiry moves (the cookie is sent again).
        let later = start + ms(TOUCH_EVERY) + 1;
        assert!(matches!(
            find(&store, &value, later),
            Ok(Found::Live { refreshed: true })
        ));
        // Idle for longer than IDLE since then: gone.
        let idle = later + ms(IDLE) + 1;
        assert!(matches!(find(&store, &value, idle), Ok(Found::Missing)));
        // Used every day, it still ends at its lifetime.
        let value = begin(&store, [8; 32], start).expect("begun");
        let mut now = start;
        while now < start + ms(LIFETIME) - ms(IDLE) {
            now += 24 * 3600 * 1000;
            assert!(
                matches!(find(&store, &value, now), Ok(Found::Live { .. })),
                "{now}"
            );
        }
        let end = start + ms(LIFETIME);
        assert!(matches!(find(&store, &value, end), Ok(Found::Missing)));
        assert!(matches!(
            find(&store, &"ab".repeat(32), start),
            Ok(Found::Missing)
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_cookie_has_every_flag() {
        let set = set_cookie(Some("ab"), IDLE, true);
        let text = set.to_str().expect("ascii");
        for part in [
            "HttpOnly",
            "SameSite=Strict",
            "Path=/_seller",
            "Secure",
            "Max-Age=1209600",
        ] {
            assert!(text.contains(part), "{text}");
        }
        let plain = set_cookie(Some("ab"), IDLE, false);
        assert!(!plain.to_str().expect("ascii").contains("Secure"));
        let gone = set_cookie(None, IDLE, false);
        assert!(gone.to_str().expect("ascii").contains("Max-Age=0"));
    }
}
