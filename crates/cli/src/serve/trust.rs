//! The buyer's and the public's half of reviews and problems (docs/trust.md):
//! what their requests share. The reviews are in `reviews.rs`, the problems and
//! the shop's figures in `problems.rs`; the rules are core's (`order::review`,
//! `order::problems`); the store applies them in one transaction each.
//!
//! Every write carries the order's secret (`Order-Secret`, the same 404 as the
//! status read when it is wrong) and a `Request-Nonce` that is taken once: a
//! request captured and sent again changes nothing (409 `replayed`).

use super::accept::Answer;
use super::api::ORDER_SECRET_HEADER;
use crate::store::clock::ms_rfc3339;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::Path as UrlPath;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use microshop_core::order::review::ReviewError;
use microshop_core::rules::is_order_id;
use serde_json::{json, Value};

/// The header that makes a buyer's write unique: taken once, refused after.
pub const NONCE_HEADER: &str = "request-nonce";
pub(super) fn not_found() -> Response {
    Answer::problem(404, "not_found", "no such order").into_response()
}

/// A refusal naming the field at fault.
pub(super) fn invalid(status: u16, error: &str, problem: &ReviewError) -> Response {
    Answer {
        status,
        body: json!({
            "error": error,
            "message": problem.to_string(),
            "problems": [{"code": error, "path": problem.field, "message": problem.message}],
        })
        .to_string(),
        replayed: false,
    }
    .into_response()
}

pub(super) fn field(field: &'static str, message: impl Into<String>) -> ReviewError {
    ReviewError {
        field,
        message: message.into(),
    }
}

pub(super) fn replayed() -> Response {
    Answer::problem(
        409,
        "replayed",
        "this request was received before (its Request-Nonce was used already), so nothing was changed; a new request needs a new nonce",
    )
    .into_response()
}

/// An order whose personal data was cleared (`buyer erase`, or retention after
/// completion) takes no new buyer write (store/holder.rs): 410, with the date, so
/// the buyer knows why and where to turn instead.
pub(super) fn cleared(cleared_ms: i64) -> Response {
    let date = ms_rfc3339(cleared_ms);
    Answer::problem(
        410,
        "order_cleared",
        &format!(
            "this order's details were cleared on {}, so it takes no new reviews, problems or messages; nothing was changed: write to the seller directly",
            date.get(..10).unwrap_or(&date)
        ),
    )
    .into_response()
}

/// What every buyer's write needs before its body: the order, its secret and a
/// fresh nonce; else the answer.
pub(super) struct Holder {
    pub order_id: String,
    pub secret: String,
    pub nonce: String,
}

pub(super) fn holder(
    id: Result<UrlPath<String>, PathRejection>,
    headers: &HeaderMap,
) -> Result<Holder, Box<Response>> {
    let Some(UrlPath(order_id)) = id.ok().filter(|UrlPath(id)| is_order_id(id)) else {
        return Err(Box::new(not_found()));
    };
    let Some(secret) = headers
        .get(ORDER_SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return Err(Box::new(not_found()));
    };
    let nonce = headers
        .get(NONCE_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|n| is_nonce(n));
    let Some(nonce) = nonce else {
        return Err(Box::new(Answer::problem(
            400,
            "nonce",
            "the Request-Nonce header must be present: 16 to 128 letters, digits, - or _, new for every request (the storefront makes 128 random bits)",
        )
        .into_response()));
    };
    if !super::api::is_json(headers) {
        return Err(Box::new(
            Answer::problem(
                415,
                "unsupported_media_type",
                "send the request as application/json",
            )
            .into_response(),
        ));
    }
    Ok(Holder {
        order_id,
        secret: secret.to_owned(),
        nonce: nonce.to_owned(),
    })
}

/// 16 to 128 of `A-Za-z0-9_-`.
pub fn is_nonce(nonce: &str) -> bool {
    (16..=128).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The body as a JSON object, read up to `limit` bytes.
pub(super) async fn json_body(
    body: Body,
    limit: usize,
    what: &str,
) -> Result<serde_json::Map<String, Value>, Response> {
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Err(Answer::problem(
                413,
                "too_large",
                &format!("{what} may be at most {} KiB", limit / 1024),
            )
            .into_response())
        }
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) | Err(_) => Err(Answer::problem(
            400,
            "malformed",
            &format!("the body is not {what} (a JSON object, docs/trust.md)"),
        )
        .into_response()),
    }
}

pub(super) fn text_of(
    body: &serde_json::Map<String, Value>,
    name: &'static str,
) -> Result<Option<String>, ReviewError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(field(name, "must be text")),
    }
}

/// Why a public read could not be answered.
pub(super) enum Unread {
    /// The shop's files have problems: which shop this is is not known.
    Shop(String),
    Store(String),
}

impl Unread {
    pub(super) fn answer(self) -> Response {
        match self {
            Unread::Shop(e) => {
                note!("reviews read without a shop: {e}");
                Answer::problem(
                    503,
                    "shop_unavailable",
                    "the shop's files have problems; try again later",
                )
                .into_response()
            }
            Unread::Store(e) => {
                note!("reviews could not be read: {e}");
                Answer::problem(
                    503,
                    "storage",
                    "the shop's records cannot be read now; try again later",
                )
                .into_response()
            }
        }
    }
}
