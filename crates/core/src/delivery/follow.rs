//! Following an accepted order: reading `microshop serve`'s public status answer
//! (`GET /api/orders/{id}` with `Order-Secret`, docs/order-contract.md section 6) and
//! when to read it again. No clock and no randomness here: the page passes in how
//! many reads changed nothing and a jitter it drew.

use crate::order::status::Status;
use serde_json::Value;

/// What the buyer is shown of an order's status answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderStatus {
    pub stage: Status,
    /// The seller's note on the parcel (carrier and number), as text.
    pub tracking_note: Option<String>,
    /// A tracking page, only when it is an http(s) URL.
    pub tracking_url: Option<String>,
    /// Why the seller cancelled.
    pub cancel_reason: Option<String>,
}

/// Reads a 200 answer's body for the order `order_id`. Anything else (not JSON,
/// another order's answer, a status word this storefront does not know) is `None`:
/// the page then shows no status rather than a wrong one.
pub fn read_status(order_id: &str, body: &str) -> Option<OrderStatus> {
    // Read as a `Value`, as the order's answer is: a derived reader for one more
    // struct costs the buying part more wasm than these few lookups.
    let answer: Value = serde_json::from_str(body).ok()?;
    let text = |key: &str| {
        answer
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    if text("order_id")? != order_id {
        return None;
    }
    Some(OrderStatus {
        stage: Status::parse(&text("status")?)?,
        tracking_note: text("tracking_note"),
        tracking_url: text("tracking_url").filter(|u| is_web_link(u)),
        cancel_reason: text("cancel_reason"),
    })
}

/// Whether `url` is an absolute http(s) link (no `javascript:`, `data:` or relative
/// path that would point into the shop).
pub fn is_web_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// The first wait, in milliseconds, after a read that changed something.
pub const FIRST_WAIT_MS: u32 = 20_000;
/// The longest wait between two reads of a visible page.
pub const LONGEST_WAIT_MS: u32 = 600_000;

/// How long to wait before the next read: 20 s after a change, doubling with each read
/// that changed nothing up to 10 minutes, plus `jitter_permille` (0..=1000) of up to a
/// half of it, so tabs and buyers opened together drift apart instead of reading in step.
pub fn next_wait_ms(unchanged_reads: u32, jitter_permille: u32) -> u32 {
    let base = FIRST_WAIT_MS
        .saturating_mul(1u32 << unchanged_reads.min(10))
        .min(LONGEST_WAIT_MS);
    let jitter = u64::from(base / 2) * u64::from(jitter_permille.min(1000)) / 1000;
    base.saturating_add(u32::try_from(jitter).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "ord_3f9c2a7d1e8b4c60a5f7d2e9b1c4a803";

    #[test]
    fn reads_serves_answer() {
        let body = r#"{"order_id":"ord_3f9c2a7d1e8b4c60a5f7d2e9b1c4a803","reference":"7YE2-MZ8Y","status":"shipped","tracking_note":"SF Express SF1234567890","tracking_url":"https://www.sf-express.com/track?id=SF1234567890","history":[]}"#;
        let status = read_status(ID, body).expect("a status");
        assert_eq!(status.stage, Status::Shipped);
        assert_eq!(
            status.tracking_note.as_deref(),
            Some("SF Express SF1234567890")
        );
        assert_eq!(
            status.tracking_url.as_deref(),
            Some("https://www.sf-express.com/track?id=SF1234567890")
        );
        assert!(!status.stage.is_final());
    }

    #[test]
    fn shows_nothing_false() {
        assert_eq!(read_status(ID, "<html>login</html>"), None);
        assert_eq!(read_status(ID, "{}"), None);
        assert_eq!(
            read_status(
                "ord_other",
                &format!(r#"{{"order_id":"{ID}","status":"paid"}}"#)
            ),
            None,
            "another order's answer"
        );
        assert_eq!(
            read_status(
                ID,
                &format!(r#"{{"order_id":"{ID}","status":"teleported"}}"#)
            ),
            None,
            "a status word we do not know"
        );
    }

    #[test]
    fn a_tracking_link_only_when_it_is_http() {
        for bad in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "/track",
            "//evil.example",
            "https://",
            "https:///x",
            "https://a.example/\u{0}x",
            "ftp://a.example/",
        ] {
            let body = format!(
                r#"{{"order_id":"{ID}","status":"shipped","tracking_url":{}}}"#,
                serde_json::json!(bad)
            );
            let status = read_status(ID, &body).expect("a status");
            assert_eq!(status.tracking_url, None, "{bad:?}");
        }
        assert!(is_web_link("HTTP://a.example/x"));
    }

    #[test]
    fn cancelled_carries_its_reason_and_is_final() {
        let body =
            format!(r#"{{"order_id":"{ID}","status":"cancelled","cancel_reason":"Out of stock"}}"#);
        let status = read_status(ID, &body).expect("a status");
        assert!(status.stage.is_final());
        assert_eq!(status.cancel_reason.as_deref(), Some("Out of stock"));
        assert!(Status::Completed.is_final());
    }

    #[test]
    fn waits_back_off_with_jitter_and_a_ceiling() {
        assert_eq!(next_wait_ms(0, 0), 20_000);
        assert_eq!(next_wait_ms(0, 1000), 30_000);
        assert_eq!(next_wait_ms(1, 0), 40_000);
        assert_eq!(next_wait_ms(5, 0), 600_000);
        assert_eq!(next_wait_ms(u32::MAX, 1000), 900_000);
        assert_eq!(next_wait_ms(0, u32::MAX), 30_000);
    }
}
