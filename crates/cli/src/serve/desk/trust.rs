//! The seller's half of reviews and problems (docs/seller-api.md "Reviews and
//! problems"): the reviews to reply to or hide (with a reason), the problems to
//! answer and mark resolved or refunded, and a buyer's photo. Behind the desk's
//! gate like every `/_seller/` route.

use super::{blocking, internal, invalid, refusal, Shared};
use crate::serve::problems::problem_json;
use crate::store::clock::ms_rfc3339;
use crate::store::{Answered, Review};
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use microshop_core::order::problems::{check_message, ProblemState};
use microshop_core::order::review::{check_text, MAX_REPLY_CHARS};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Reviews or problems a list holds unless the app asks for another number.
const PAGE: u32 = 50;
/// The most a list may hold.
const MAX_PAGE: u32 = 200;

/// A review as the seller reads it: everything, with the order it came from.
pub fn seller_review(r: &Review) -> Value {
    json!({
        "id": r.id,
        "order_id": r.order_id,
        "product_id": r.product_id,
        "rating": r.rating,
        "text": r.text,
        "display_name": r.display_name,
        "locale": r.locale,
        "created_at": ms_rfc3339(r.created_ms),
        "updated_at": ms_rfc3339(r.updated_ms),
        "reply": r.reply,
        "reply_at": r.reply_ms.map(ms_rfc3339),
        "hidden": r.hidden(),
        "hidden_reason": r.hidden_reason,
        "hidden_at": r.hidden_ms.map(ms_rfc3339),
    })
}

fn limit_of(params: &HashMap<String, String>) -> Result<u32, Box<Response>> {
    match params.get("limit").map(|l| l.parse::<u32>()) {
        None => Ok(PAGE),
        Some(Ok(n)) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        Some(_) => Err(Box::new(invalid(
            "limit",
            &format!("must be a whole number from 1 to {MAX_PAGE}"),
        ))),
    }
}

fn not_found(what: &str) -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "not_found",
        &format!("There is no such {what}."),
        Vec::new(),
    )
}

/// The JSON object a request carries, or 400.
fn body_of(body: &Bytes) -> Result<serde_json::Map<String, Value>, Box<Response>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Box::new(refusal(
            StatusCode::BAD_REQUEST,
            "malformed",
            "The body is not the JSON object this address takes (docs/seller-api.md).",
            Vec::new(),
        ))),
    }
}

fn text_field(
    body: &serde_json::Map<String, Value>,
    name: &str,
) -> Result<Option<String>, Box<Response>> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Box::new(invalid(name, "must be text"))),
    }
}

/// The one text field of a seller's reply or hiding reason, from the JSON body,
/// checked like every public text of the seller's (required, reply-sized).
fn seller_text(body: &Bytes, name: &'static str) -> Result<String, Box<Response>> {
    let text = text_field(&body_of(body)?, name)?.unwrap_or_default();
    check_text(name, &text, MAX_REPLY_CHARS, false)
        .map_err(|problem| Box::new(invalid(problem.field, &problem.message)))
}

fn id_of(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|n| *n > 0)
}

/// `GET /_seller/api/reviews?limit=`: most recently written or changed first.
pub async fn reviews(
    State(desk): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let limit = match limit_of(&params) {
        Ok(l) => l,
        Err(response) => return *response,
    };
    // The desk's language for the products' titles (the shop's first one without it).
    let locale = params.get("locale").cloned().unwrap_or_default();
    let store = Arc::clone(&desk.store);
    let shop = Arc::clone(&desk.shop);
    let found = blocking(move || {
        let found = store.seller_reviews(limit)?;
        Ok::<_, crate::store::StoreError>((found, shop.now()))
    })
    .await;
    match found {
        Ok(Ok((found, serving))) => {
            let catalog = serving.reading.shop.as_ref().ok();
            let list: Vec<Value> = found
                .iter()
                .map(|(review, reference)| {
                    let mut v = seller_review(review);
                    v["reference"] = json!(reference);
                    v["product_title"] = json!(product_title(catalog, &review.product_id, &locale));
                    v
                })
                .collect();
            super::json(StatusCode::OK, &json!({"reviews": list}))
        }
        Ok(Err(e)) => internal(&format!("reviews could not be read: {e}")),
        Err(response) => response,
    }
}

/// A product's title as the shop names it now, in `locale` or else the shop's first
/// language (`null` when the catalog no longer has it: the seller app then shows the id).
fn product_title(shop: Option<&Arc<crate::check::Shop>>, product_id: &str, locale: &str) -> Value {
    shop.and_then(|s| {
        let fallback = s.manifest.default_locale();
        let locale = if locale.is_empty() { fallback } else { locale };
        let product = s.catalog.product(product_id)?;
        Some(json!(product.title.get(locale, fallback)))
    })
    .unwrap_or(Value::Null)
}

/// `POST /_seller/api/reviews/{id}/reply` with `{"reply"}`: the seller's public
/// answer (replaces an earlier one).
pub async fn reply(
    State(desk): State<Shared>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> Response {
    let Some(id) = id_of(&id) else {
        return not_found("review");
    };
    let text = match seller_text(&body, "reply") {
        Ok(t) => t,
        Err(response) => return *response,
    };
    let store = Arc::clone(&desk.store);
    let now = crate::store::now_ms();
    match blocking(move || store.reply_to_review(id, &text, now)).await {
        Ok(Ok(Some(review))) => {
            republish_soon(&desk);
            super::json(StatusCode::OK, &json!({"review": seller_review(&review)}))
        }
        Ok(Ok(None)) => not_found("review"),
        Ok(Err(e)) => internal(&format!("a reply could not be saved: {e}")),
        Err(response) => response,
    }
}

/// `POST /_seller/api/reviews/{id}/hide` with `{"reason"}` (required: the shop
/// says how many are hidden, and the writer reads why).
pub async fn hide(
    State(desk): State<Shared>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> Response {
    let Some(id) = id_of(&id) else {
        return not_found("review");
    };
    let reason = match seller_text(&body, "reason") {
        Ok(t) => t,
        Err(response) => return *response,
    };
    visibility(&desk, id, Some(reason)).await
}

/// `POST /_seller/api/reviews/{id}/show`: a hidden review shown again.
pub async fn show(State(desk): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(id) = id_of(&id) else {
        return not_found("review");
    };
    visibility(&desk, id, None).await
}

/// A reply, a review hidden or shown, or a problem marked resolved or refunded (the
/// shop's figures under every product's reviews) changes the product pages: a site
/// serve keeps published is published again (docs/trust.md).
fn republish_soon(desk: &Shared) {
    if let Some(publisher) = &desk.studio.publisher {
        publisher.republish_soon();
    }
}

async fn visibility(desk: &Shared, id: i64, reason: Option<String>) -> Response {
    let store = Arc::clone(&desk.store);
    let now = crate::store::now_ms();
    match blocking(move || store.hide_review(id, reason.as_deref(), now)).await {
        Ok(Ok(Some(review))) => {
            republish_soon(desk);
            super::json(StatusCode::OK, &json!({"review": seller_review(&review)}))
        }
        Ok(Ok(None)) => not_found("review"),
        Ok(Err(e)) => internal(&format!("a review could not be changed: {e}")),
        Err(response) => response,
    }
}

/// `GET /_seller/api/problems?state=&limit=`: most recently changed first, with
/// how many are open over all.
pub async fn problems(
    State(desk): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let state = match params.get("state").map(String::as_str) {
        None | Some("" | "all") => None,
        Some(word) => match ProblemState::parse(word) {
            Some(s) => Some(s),
            None => {
                return invalid(
                    "state",
                    &format!("\"{word}\" is not a state of a problem (open, resolved or refunded)"),
                )
            }
        },
    };
    let limit = match limit_of(&params) {
        Ok(l) => l,
        Err(response) => return *response,
    };
    let store = Arc::clone(&desk.store);
    let found = blocking(move || {
        let list = store.seller_problems(state, limit)?;
        let open = store.open_problems()?;
        Ok::<_, crate::store::StoreError>((list, open))
    })
    .await;
    match found {
        Ok(Ok((list, open))) => {
            let list: Vec<Value> = list.iter().map(problem_json).collect();
            super::json(StatusCode::OK, &json!({"problems": list, "open": open}))
        }
        Ok(Err(e)) => internal(&format!("problems could not be read: {e}")),
        Err(response) => response,
    }
}

/// `POST /_seller/api/problems/{id}` with `{"answer", "mark"}` (either or both):
/// the seller's answer added to the thread, and/or the problem marked `resolved`
/// or `refunded`.
pub async fn answer(
    State(desk): State<Shared>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> Response {
    let Some(id) = id_of(&id) else {
        return not_found("problem");
    };
    let body = match body_of(&body) {
        Ok(b) => b,
        Err(response) => return *response,
    };
    let (answer, mark) = match (text_field(&body, "answer"), text_field(&body, "mark")) {
        (Ok(a), Ok(m)) => (a, m),
        (Err(response), _) | (_, Err(response)) => return *response,
    };
    if answer.is_none() && mark.is_none() {
        return invalid(
            "answer",
            "give an answer, a mark (resolved or refunded), or both",
        );
    }
    let answer = match answer.map(|a| check_message("answer", &a)).transpose() {
        Ok(a) => a,
        Err(problem) => return invalid(problem.field, &problem.message),
    };
    let store = Arc::clone(&desk.store);
    let now = crate::store::now_ms();
    let marked = mark.is_some();
    match blocking(move || store.answer_problem(id, answer.as_deref(), mark.as_deref(), now)).await
    {
        Ok(Ok(Answered::Done(problem))) => {
            // Resolved or refunded: the shop's figures under the reviews change.
            if marked {
                republish_soon(&desk);
            }
            super::json(StatusCode::OK, &json!({"problem": problem_json(&problem)}))
        }
        Ok(Ok(Answered::NotFound)) => not_found("problem"),
        Ok(Ok(Answered::Refused(problem))) => invalid(problem.field, &problem.message),
        Ok(Err(e)) => internal(&format!("an answer could not be saved: {e}")),
        Err(response) => response,
    }
}

/// `GET /_seller/api/photos/{sha256}`: a buyer's photo, with its sniffed type.
pub async fn photo(State(desk): State<Shared>, UrlPath(sha): UrlPath<String>) -> Response {
    let valid = sha.len() == 64 && sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !valid {
        return not_found("photo");
    }
    let store = Arc::clone(&desk.store);
    let found = match blocking(move || store.photo(&sha)).await {
        Ok(Ok(found)) => found,
        Ok(Err(e)) => return internal(&format!("a photo could not be read: {e}")),
        Err(response) => return response,
    };
    let Some((content_type, encoded)) = found else {
        return not_found("photo");
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(encoded) else {
        return internal("a stored photo is not base64");
    };
    let mut response = (StatusCode::OK, bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    // A buyer's photo may show an address label: nothing keeps it, not even the
    // seller's browser (a shared computer after sign-out); it is never shown as
    // anything but an image.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    response
}
