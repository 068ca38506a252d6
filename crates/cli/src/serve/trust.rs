//! The buyer's and the public's half of reviews and problems (docs/trust.md):
//! `POST /api/orders/{id}/reviews` and `POST /api/orders/{id}/problems` for the
//! holder of the order's secret, `GET /api/products/{id}/reviews` and
//! `GET /api/trust` for anyone. The rules are core's (`order::review`,
//! `order::problems`); the store applies them in one transaction each.
//!
//! Every write carries the order's secret (`Order-Secret`, the same 404 as the
//! status read when it is wrong) and a `Request-Nonce` that is taken once: a
//! request captured and sent again changes nothing (409 `replayed`).

use super::accept::{storage_error, Answer};
use super::api::ORDER_SECRET_HEADER;
use super::Shared;
use crate::store::clock::ms_rfc3339;
use crate::store::{
    now_ms, Photo, Problem, ProblemRaise, Raised, Review, ReviewWrite, ReviewWritten,
};
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use microshop_core::order::problems::{
    check_message, ProblemKind, MAX_PHOTO_BYTES, PUBLIC_WINDOW_DAYS,
};
use microshop_core::order::review::{
    check_rating, check_review_text, edit_closed_message, ReviewError, REVIEW_EDIT_DAYS,
};
use microshop_core::rules::{is_id, is_locale, is_order_id};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The header that makes a buyer's write unique: taken once, refused after.
pub const NONCE_HEADER: &str = "request-nonce";
/// Largest review body (text is at most 2,000 characters of up to 4 bytes).
pub const MAX_REVIEW_BYTES: usize = 16 * 1024;
/// Largest problem body: its text and a photo as base64 (a third larger).
pub const MAX_PROBLEM_BYTES: usize = 4 * 1024 * 1024;
/// Reviews a product's public read lists unless asked for another number.
const REVIEWS_SHOWN: u32 = 10;
/// The most it lists at once.
const MAX_REVIEWS_SHOWN: u32 = 50;

fn not_found() -> Response {
    Answer::problem(404, "not_found", "no such order").into_response()
}

/// A refusal naming the field at fault.
fn invalid(status: u16, error: &str, problem: &ReviewError) -> Response {
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

fn field(field: &'static str, message: impl Into<String>) -> ReviewError {
    ReviewError {
        field,
        message: message.into(),
    }
}

fn replayed() -> Response {
    Answer::problem(
        409,
        "replayed",
        "this request was received before (its Request-Nonce was used already), so nothing was changed; a new request needs a new nonce",
    )
    .into_response()
}

/// What every buyer's write needs before its body: the order, its secret and a
/// fresh nonce; else the answer.
struct Holder {
    order_id: String,
    secret: String,
    nonce: String,
}

fn holder(
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
    if !headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
    {
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
async fn json_body(
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

fn text_of(
    body: &serde_json::Map<String, Value>,
    name: &'static str,
) -> Result<Option<String>, ReviewError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(field(name, "must be text")),
    }
}

/// A review as its writer reads it (in the status read and the write's answer).
pub fn own_review(r: &Review) -> Value {
    let mut v = json!({
        "id": r.id,
        "product_id": r.product_id,
        "rating": r.rating,
        "text": r.text,
        "locale": r.locale,
        "created_at": ms_rfc3339(r.created_ms),
        "updated_at": ms_rfc3339(r.updated_ms),
        "editable_until": ms_rfc3339(r.created_ms.saturating_add(microshop_core::order::review::REVIEW_EDIT_MS)),
        "hidden": r.hidden(),
    });
    if !r.reply.is_empty() {
        v["reply"] = json!({"text": r.reply, "at": r.reply_ms.map(ms_rfc3339)});
    }
    if r.hidden() {
        v["hidden_reason"] = json!(r.hidden_reason);
    }
    v
}

/// A problem and its thread as the buyer and the seller read it.
pub fn problem_json(p: &Problem) -> Value {
    let messages: Vec<Value> = p
        .messages
        .iter()
        .map(|m| {
            let mut v = json!({"author": m.author, "text": m.text, "at": ms_rfc3339(m.at_ms)});
            if let Some(photo) = &m.photo {
                v["photo"] = json!(photo);
            }
            v
        })
        .collect();
    json!({
        "id": p.id,
        "order_id": p.order_id,
        "kind": p.kind,
        "state": p.state,
        "created_at": ms_rfc3339(p.created_ms),
        "updated_at": ms_rfc3339(p.updated_ms),
        "closed_at": p.closed_ms.map(ms_rfc3339),
        "messages": messages,
    })
}

/// `POST /api/orders/{id}/reviews`: `{"product_id", "rating", "text", "locale"}`.
pub async fn write_review(
    State(state): State<Shared>,
    id: Result<UrlPath<String>, PathRejection>,
    request: Request,
) -> Response {
    let holder = match holder(id, request.headers()) {
        Ok(h) => h,
        Err(answer) => return *answer,
    };
    let body = match json_body(request.into_body(), MAX_REVIEW_BYTES, "a review").await {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let checked = (|| {
        let product_id = text_of(&body, "product_id")?
            .filter(|p| is_id(p))
            .ok_or_else(|| field("product_id", "must be the id of a product of the order"))?;
        let rating = match body.get("rating") {
            Some(Value::Number(n)) => n
                .as_i64()
                .ok_or_else(|| {
                    field(
                        "rating",
                        format!("{n} is not a rating: give 1 to 5 whole stars"),
                    )
                })
                .and_then(check_rating)?,
            _ => return Err(field("rating", "is required: 1 to 5 whole stars")),
        };
        let text = check_review_text(&text_of(&body, "text")?.unwrap_or_default())?;
        let locale = text_of(&body, "locale")?.unwrap_or_else(|| "und".to_owned());
        if locale != "und" && !is_locale(&locale) {
            return Err(field(
                "locale",
                format!("\"{locale}\" is not a language tag such as en or zh-CN"),
            ));
        }
        Ok((product_id, rating, text, locale))
    })();
    let (product_id, rating, text, locale) = match checked {
        Ok(c) => c,
        Err(problem) => return invalid(422, "invalid", &problem),
    };
    let written = tokio::task::spawn_blocking(move || {
        state.store.write_review(&ReviewWrite {
            order_id: &holder.order_id,
            secret: &holder.secret,
            nonce: &holder.nonce,
            product_id: &product_id,
            rating,
            text: &text,
            locale: &locale,
            now_ms: now_ms(),
        })
    })
    .await;
    let answer = |status: u16, review: &Review| {
        Answer {
            status,
            body: json!({"review": own_review(review)}).to_string(),
            replayed: false,
        }
        .into_response()
    };
    match written {
        Ok(Ok(ReviewWritten::Created(review))) => answer(201, &review),
        Ok(Ok(ReviewWritten::Updated(review))) => answer(200, &review),
        Ok(Ok(ReviewWritten::NotFound)) => not_found(),
        Ok(Ok(ReviewWritten::Replayed)) => replayed(),
        Ok(Ok(ReviewWritten::NotCompleted(status))) => Answer::problem(
            409,
            "not_completed",
            &format!("reviews open once the order is completed; this order is {status}"),
        )
        .into_response(),
        Ok(Ok(ReviewWritten::NotBought)) => invalid(
            422,
            "not_bought",
            &field(
                "product_id",
                "this order has no line of that product: a review is of something bought",
            ),
        ),
        Ok(Ok(ReviewWritten::EditClosed)) => {
            Answer::problem(409, "edit_closed", &edit_closed_message()).into_response()
        }
        Ok(Err(e)) => storage_error(&e.message).into_response(),
        Err(_) => {
            Answer::problem(500, "internal", "the request could not be processed").into_response()
        }
    }
}

/// A photo sent as base64: checked by its bytes (the type is sniffed, never
/// taken from a name), at most `MAX_PHOTO_BYTES`. Its SHA-256, type and base64.
fn photo_of(encoded: &str) -> Result<(String, &'static str, String), Box<Response>> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| {
            invalid(
                422,
                "invalid",
                &field("photo", "is not a photo's bytes as base64"),
            )
        })?;
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(Box::new(invalid(
            413,
            "too_large",
            &field(
                "photo",
                format!(
                    "is {} KiB; a photo may be at most {} MiB (save it smaller or as JPEG)",
                    bytes.len().div_ceil(1024),
                    MAX_PHOTO_BYTES / 1024 / 1024
                ),
            ),
        )));
    }
    use super::desk::media::{sniff, Sniffed};
    let content_type = match sniff(&bytes) {
        Sniffed::Jpeg => "image/jpeg",
        Sniffed::Png => "image/png",
        Sniffed::Webp => "image/webp",
        Sniffed::Other(what) => {
            return Err(Box::new(invalid(
                415,
                "not_an_image",
                &field(
                    "photo",
                    format!("is {what}; send a JPEG, PNG or WebP photo"),
                ),
            )))
        }
    };
    if imagesize::blob_size(&bytes).is_err() {
        return Err(Box::new(invalid(
            415,
            "not_an_image",
            &field(
                "photo",
                "starts like a photo but its size cannot be read: it is damaged or cut short",
            ),
        )));
    }
    let sha = crate::store::sha256_bytes_hex(&bytes);
    let canonical = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok((sha, content_type, canonical))
}

/// `POST /api/orders/{id}/problems`: `{"kind", "text", "photo"}` (photo: base64).
pub async fn raise_problem(
    State(state): State<Shared>,
    id: Result<UrlPath<String>, PathRejection>,
    request: Request,
) -> Response {
    let holder = match holder(id, request.headers()) {
        Ok(h) => h,
        Err(answer) => return *answer,
    };
    let body = match json_body(request.into_body(), MAX_PROBLEM_BYTES, "a problem report").await {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let checked = (|| {
        let kind = match text_of(&body, "kind")? {
            Some(word) => ProblemKind::parse(&word)?,
            None => {
                return Err(field(
                    "kind",
                    "is required: not_received, not_as_described, damaged or other",
                ))
            }
        };
        let text = check_message("text", &text_of(&body, "text")?.unwrap_or_default())?;
        Ok((kind, text, text_of(&body, "photo")?))
    })();
    let (kind, text, photo) = match checked {
        Ok(c) => c,
        Err(problem) => return invalid(422, "invalid", &problem),
    };
    let photo = match photo
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(photo_of)
        .transpose()
    {
        Ok(p) => p,
        Err(answer) => return *answer,
    };
    let raised = tokio::task::spawn_blocking(move || {
        state.store.raise_problem(&ProblemRaise {
            order_id: &holder.order_id,
            secret: &holder.secret,
            nonce: &holder.nonce,
            kind: kind.as_str(),
            text: &text,
            photo: photo.as_ref().map(|(sha256, content_type, base64)| Photo {
                sha256,
                content_type,
                base64,
            }),
            now_ms: now_ms(),
        })
    })
    .await;
    match raised {
        Ok(Ok(Raised::Done(problem))) => Answer {
            status: 201,
            body: json!({"problem": problem_json(&problem)}).to_string(),
            replayed: false,
        }
        .into_response(),
        Ok(Ok(Raised::NotFound)) => not_found(),
        Ok(Ok(Raised::Replayed)) => replayed(),
        Ok(Ok(Raised::TooMany)) => Answer::problem(
            409,
            "too_many_problems",
            &format!(
                "this order has {} problems open already; the seller answers them first",
                microshop_core::order::problems::MAX_OPEN_PROBLEMS
            ),
        )
        .into_response(),
        Ok(Err(e)) => storage_error(&e.message).into_response(),
        Err(_) => {
            Answer::problem(500, "internal", "the request could not be processed").into_response()
        }
    }
}

/// `GET /api/products/{product_id}/reviews?limit=`: the shown reviews of a
/// product of this shop (newest first), how many there are with their average
/// (an exact count and sum, and the average as a decimal string), and how many
/// the seller hid. No buyer's name or order: "verified purchase" and the date.
pub async fn product_reviews(
    State(state): State<Shared>,
    id: Result<UrlPath<String>, PathRejection>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(UrlPath(product_id)) = id.ok().filter(|UrlPath(id)| is_id(id)) else {
        return Answer::problem(404, "not_found", "no such product").into_response();
    };
    let limit = match params.get("limit").map(|l| l.parse::<u32>()) {
        None => REVIEWS_SHOWN,
        Some(Ok(n)) if (1..=MAX_REVIEWS_SHOWN).contains(&n) => n,
        Some(_) => {
            return Answer::problem(
                400,
                "malformed",
                &format!("limit must be a whole number from 1 to {MAX_REVIEWS_SHOWN}"),
            )
            .into_response()
        }
    };
    let read = tokio::task::spawn_blocking(move || {
        let shop = state.shop().map_err(Unread::Shop)?;
        state
            .store
            .product_reviews(&shop.manifest.id, &product_id, limit)
            .map(|r| (product_id, r))
            .map_err(|e| Unread::Store(e.message))
    })
    .await;
    let (product_id, found) = match read {
        Ok(Ok(found)) => found,
        Ok(Err(unread)) => return unread.answer(),
        Err(_) => {
            return Answer::problem(500, "internal", "the request could not be processed")
                .into_response()
        }
    };
    let reviews: Vec<Value> = found
        .reviews
        .iter()
        .map(|r| {
            let mut v = json!({
                "rating": r.rating,
                "text": r.text,
                "locale": r.locale,
                "date": ms_rfc3339(r.created_ms).get(..10).unwrap_or_default(),
                "verified_purchase": true,
                "edited": r.updated_ms != r.created_ms,
            });
            if !r.reply.is_empty() {
                v["reply"] = json!({"text": r.reply, "date": r.reply_ms.map(|ms| ms_rfc3339(ms).get(..10).unwrap_or_default().to_owned())});
            }
            v
        })
        .collect();
    axum::Json(json!({
        "product_id": product_id,
        "count": found.rating.count,
        "stars": found.rating.stars,
        "average": found.rating.average(2),
        "hidden": found.hidden,
        "reviews": reviews,
    }))
    .into_response()
}

/// `GET /api/trust`: the shop's own problem figures over the last 90 days.
pub async fn figures(State(state): State<Shared>) -> Response {
    let now = now_ms();
    let since = now - PUBLIC_WINDOW_DAYS * 24 * 60 * 60 * 1_000;
    let read = tokio::task::spawn_blocking(move || {
        let shop = state.shop().map_err(Unread::Shop)?;
        state
            .store
            .problem_figures(&shop.manifest.id, since)
            .map_err(|e| Unread::Store(e.message))
    })
    .await;
    match read {
        Ok(Ok(f)) => axum::Json(json!({
            "window_days": PUBLIC_WINDOW_DAYS,
            "since": ms_rfc3339(since),
            "problems": f,
            "review_edit_days": REVIEW_EDIT_DAYS,
            "source": "the seller's own records (microshop serve), not checked by anyone else",
        }))
        .into_response(),
        Ok(Err(unread)) => unread.answer(),
        Err(_) => {
            Answer::problem(500, "internal", "the request could not be processed").into_response()
        }
    }
}

/// Why a public read could not be answered.
enum Unread {
    /// The shop's files have problems: which shop this is is not known.
    Shop(String),
    Store(String),
}

impl Unread {
    fn answer(self) -> Response {
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
