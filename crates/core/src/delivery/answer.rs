//! What an endpoint's answer means for an order: accepted, refused with problems
//! the buyer can fix, worth another try, or a failure the buyer must decide about.
//!
//! Failures are typed, never sentences: the storefront words them in the buyer's
//! language, and stored orders keep the type.

use super::template::{as_text, lookup};
use crate::manifest::{AnswerBody, AnswerSpec, OnRedirect};
use crate::order::{OrderAccepted, OrderRejected};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why an attempt did not get an order through. Stored as a short code
/// (`busy:503`, see [`Failure::code`]): anything else read back, such as the
/// sentence an older version wrote, is [`Failure::Unknown`], so the order is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer: offline, the host unreachable, or the browser blocked it (CORS).
    Network,
    /// No answer within the endpoint's time limit.
    Timeout,
    /// The server is busy or failing (408, 425, 429, 5xx).
    Busy {
        /// HTTP status.
        status: u16,
    },
    /// A 2xx whose body is not an order confirmation, as a captive portal or a
    /// login page answers: the order may not have arrived.
    NotConfirmation {
        /// HTTP status.
        status: u16,
    },
    /// Refused without a reason the buyer can act on (a 4xx, or 409/422 without
    /// the contract's JSON body).
    Refused {
        /// HTTP status.
        status: u16,
    },
    /// A redirect instead of a confirmation.
    Redirect,
    /// Written by another version of the app in a form this one does not know.
    Unknown,
}

impl Failure {
    /// A short stable code: `network`, `timeout`, `busy:503`, `not_confirmation:200`,
    /// `refused:404`, `redirect`, `unknown`.
    pub fn code(self) -> String {
        match self {
            Failure::Network => "network".into(),
            Failure::Timeout => "timeout".into(),
            Failure::Busy { status } => format!("busy:{status}"),
            Failure::NotConfirmation { status } => format!("not_confirmation:{status}"),
            Failure::Refused { status } => format!("refused:{status}"),
            Failure::Redirect => "redirect".into(),
            Failure::Unknown => "unknown".into(),
        }
    }

    /// Reads [`Failure::code`]; anything else is [`Failure::Unknown`].
    pub fn from_code(code: &str) -> Failure {
        let (kind, status) = code.split_once(':').unwrap_or((code, ""));
        let status = status.parse::<u16>();
        match (kind, status) {
            ("network", _) => Failure::Network,
            ("timeout", _) => Failure::Timeout,
            ("busy", Ok(status)) => Failure::Busy { status },
            ("not_confirmation", Ok(status)) => Failure::NotConfirmation { status },
            ("refused", Ok(status)) => Failure::Refused { status },
            ("redirect", _) => Failure::Redirect,
            _ => Failure::Unknown,
        }
    }

    /// The HTTP status involved, if there was an answer.
    pub fn status(self) -> Option<u16> {
        match self {
            Failure::Busy { status }
            | Failure::NotConfirmation { status }
            | Failure::Refused { status } => Some(status),
            _ => None,
        }
    }
}

impl Serialize for Failure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Failure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Failure, D::Error> {
        d.deserialize_any(FailureVisitor)
    }
}

/// Reads a code; any other value (an older version's sentence, a newer version's
/// object) is `Unknown` rather than an error that would reset the whole outbox.
struct FailureVisitor;

impl<'de> serde::de::Visitor<'de> for FailureVisitor {
    type Value = Failure;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a failure code")
    }

    fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<Failure, E> {
        Ok(Failure::from_code(code))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Failure, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Failure::Unknown)
    }
}

/// What an endpoint's answer means for an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: done.
    Accepted(OrderAccepted),
    /// 409/422 with a JSON body: the buyer fixes and places the order again.
    Rejected { status: u16, answer: OrderRejected },
    /// Worth another try later with the same id: network errors, timeouts, 5xx, 429.
    Retry {
        failure: Failure,
        retry_after_secs: Option<u32>,
    },
    /// Not worth retrying by itself: other 4xx, or answers that make no sense.
    Failed { failure: Failure },
    /// Sent to an endpoint that cannot answer a browser: no answer to read, and none
    /// to wait for.
    Sent,
}

impl Outcome {
    /// No answer arrived (offline, blocked, or our own time limit).
    pub fn no_answer(timed_out: bool) -> Outcome {
        Outcome::Retry {
            failure: if timed_out {
                Failure::Timeout
            } else {
                Failure::Network
            },
            retry_after_secs: None,
        }
    }
}

/// Reads an answer of the documented contract. `body` is the response text; a 2xx may
/// have none. A 2xx with a body that is not JSON is not taken as accepted: it is what a
/// captive portal or a login page answers, so the buyer is told and the order kept.
pub fn classify(status: u16, body: &str, retry_after: Option<&str>) -> Outcome {
    match status {
        200..=299 if body.trim().is_empty() => Outcome::Accepted(OrderAccepted::default()),
        200..=299 => match serde_json::from_str::<Value>(body) {
            Ok(value) => Outcome::Accepted(accepted_from(&value, &AnswerSpec::default())),
            Err(_) => Outcome::Failed {
                failure: Failure::NotConfirmation { status },
            },
        },
        409 | 422 => match serde_json::from_str::<OrderRejected>(body) {
            Ok(answer) => Outcome::Rejected { status, answer },
            Err(_) => Outcome::Failed {
                failure: Failure::Refused { status },
            },
        },
        408 | 425 | 429 | 500..=599 => Outcome::Retry {
            failure: Failure::Busy { status },
            retry_after_secs: retry_after.and_then(|v| v.trim().parse().ok()),
        },
        _ => Outcome::Failed {
            failure: Failure::Refused { status },
        },
    }
}

/// Reads an answer according to `spec`.
pub fn read_answer(
    spec: &AnswerSpec,
    status: u16,
    body: &str,
    retry_after: Option<&str>,
) -> Outcome {
    if !(200..=299).contains(&status) {
        return classify(status, body, retry_after);
    }
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    if spec.body == AnswerBody::Json && parsed.is_none() && !body.trim().is_empty() {
        return classify(status, body, retry_after);
    }
    let Some(json) = parsed else {
        return Outcome::Accepted(OrderAccepted::default());
    };
    Outcome::Accepted(accepted_from(&json, spec))
}

/// The fields of a 2xx JSON answer, each read on its own, so that one field of an
/// unexpected type (a numeric id) does not lose the others (a payment URL).
pub fn accepted_from(json: &Value, spec: &AnswerSpec) -> OrderAccepted {
    let text_at = |path: &str| lookup(json, path).map(as_text).filter(|s| !s.is_empty());
    OrderAccepted {
        order_id: text_at(spec.id.as_deref().unwrap_or("order_id")),
        status: text_at(spec.status.as_deref().unwrap_or("status")),
        message: text_at("message"),
        status_url: text_at("status_url"),
        payment_url: text_at("payment_url"),
        // Only an object can be a receipt; checked when it is shown or saved. Written
        // with `Value`'s Display, the writer the order's JSON body already uses
        // (request.rs): `serde_json::to_string` would be a second copy of it in the
        // storefront's `buying` part (docs/performance.md).
        receipt: lookup(json, "receipt")
            .filter(|r| r.is_object())
            .map(|r| r.to_string()),
        order_secret: text_at("order_secret").filter(|s| is_order_secret(s)),
    }
}

/// Whether `text` can be an order secret sent back in a header: serve's are 32
/// lowercase hex digits; anything else (another endpoint's field of that name that
/// could not travel in a header) is not kept.
pub fn is_order_secret(text: &str) -> bool {
    (16..=128).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// What a redirect (which the browser does not follow) means under `spec`.
pub fn read_redirect(spec: &AnswerSpec) -> Outcome {
    match spec.redirect {
        OnRedirect::Accept => Outcome::Accepted(OrderAccepted::default()),
        OnRedirect::Fail => Outcome::Failed {
            failure: Failure::Redirect,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_an_order_secret_that_can_travel_in_a_header() {
        let read = |secret: &str| {
            let body = serde_json::json!({"order_id": "A-1", "order_secret": secret}).to_string();
            match classify(201, &body, None) {
                Outcome::Accepted(a) => a.order_secret,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            read("9b0e6f3c2d4a1b8e7f6a5c4d3e2b1a09").as_deref(),
            Some("9b0e6f3c2d4a1b8e7f6a5c4d3e2b1a09")
        );
        for bad in [
            "short",
            "with space 0123456789abcdef",
            "line\nbreak0123456789abcdef",
            "",
        ] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
        assert_eq!(read(&"a".repeat(129)), None);
    }

    #[test]
    fn classifies_answers() {
        assert_eq!(
            classify(201, "", None),
            Outcome::Accepted(OrderAccepted::default())
        );
        assert!(matches!(
            classify(200, "<html>hotel wifi</html>", None),
            Outcome::Failed { .. }
        ));
        assert_eq!(
            classify(200, "{\"anything\": 1}", None),
            Outcome::Accepted(OrderAccepted::default())
        );
        let accepted = classify(
            200,
            r#"{"order_id":"A-1","payment_url":"https://pay.example/1"}"#,
            None,
        );
        assert!(matches!(accepted, Outcome::Accepted(a) if a.order_id.as_deref() == Some("A-1")));
        let body = r#"{"error":"prices_changed","message":"m","problems":[]}"#;
        assert!(matches!(
            classify(409, body, None),
            Outcome::Rejected { status: 409, .. }
        ));
        assert!(matches!(
            classify(422, "<html>", None),
            Outcome::Failed { .. }
        ));
        assert!(matches!(
            classify(503, "", Some("7")),
            Outcome::Retry {
                retry_after_secs: Some(7),
                ..
            }
        ));
        assert!(matches!(
            classify(429, "", None),
            Outcome::Retry {
                retry_after_secs: None,
                ..
            }
        ));
        assert!(matches!(classify(404, "", None), Outcome::Failed { .. }));
    }

    #[test]
    fn failures_are_typed() {
        assert_eq!(
            classify(200, "<html>hotel wifi</html>", None),
            Outcome::Failed {
                failure: Failure::NotConfirmation { status: 200 }
            }
        );
        assert_eq!(
            classify(404, "", None),
            Outcome::Failed {
                failure: Failure::Refused { status: 404 }
            }
        );
        assert_eq!(
            classify(503, "", None),
            Outcome::Retry {
                failure: Failure::Busy { status: 503 },
                retry_after_secs: None
            }
        );
        assert_eq!(
            read_redirect(&AnswerSpec::default()),
            Outcome::Failed {
                failure: Failure::Redirect
            }
        );
        assert_eq!(Failure::Busy { status: 503 }.status(), Some(503));
        for f in [
            Failure::Network,
            Failure::Timeout,
            Failure::Busy { status: 503 },
            Failure::NotConfirmation { status: 200 },
            Failure::Refused { status: 404 },
            Failure::Redirect,
            Failure::Unknown,
        ] {
            assert_eq!(Failure::from_code(&f.code()), f);
        }
        assert_eq!(Failure::from_code("busy:"), Failure::Unknown);
        assert_eq!(Failure::Timeout.status(), None);
    }
}
