//! The order endpoint's HTTP side: `POST /api/orders` and `GET /api/orders/{id}`
//! (the buyer's status read, with the order's secret).
//! What an order means is decided in `accept.rs`; here are only headers, status
//! codes and moving blocking work off the async workers.

use super::accept::{accept, storage_error, Answer, Intake};
use super::listen::{BodyTimedOut, BodyTimeout};
use super::Shared;
use crate::store::now_ms;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, Path as UrlPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use microshop_core::rules::is_order_id;

/// Largest order body accepted: a full cart of long lines is far below it.
pub const MAX_ORDER_BYTES: usize = 256 * 1024;

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body,
        )
            .into_response();
        if self.replayed {
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
        }
        response
    }
}

/// axum answers an oversize body or a wrong method itself, without a body or in
/// plain text; the contract promises JSON errors (and the Allow header stays).
pub async fn json_errors(response: Response) -> Response {
    // A handler's own JSON answer (a review's or a photo's 413) says it best.
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return response;
    }
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large().into_response(),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = response.headers().get(header::ALLOW).cloned();
            let mut json = Answer::problem(
                405,
                "method_not_allowed",
                "this address takes other methods (see the Allow header)",
            )
            .into_response();
            if let Some(allow) = allow {
                json.headers_mut().insert(header::ALLOW, allow);
            }
            json
        }
        _ => response,
    }
}

fn too_large() -> Answer {
    Answer::problem(
        413,
        "too_large",
        &format!(
            "an order body may be at most {} KiB",
            MAX_ORDER_BYTES / 1024
        ),
    )
}

fn internal_error() -> Response {
    Answer::problem(500, "internal", "the request could not be processed").into_response()
}

/// `POST /api/orders`: the answer, counted in the metrics by outcome and reason.
pub async fn create_order(State(state): State<Shared>, request: Request) -> Response {
    let metrics = std::sync::Arc::clone(&state.metrics);
    let answer = order_answer(state, request).await;
    metrics.order_answered(answer.status, answer.replayed, &answer.body);
    answer.into_response()
}

/// Whether a `Content-Type` says JSON: `application/json` or a `+json` type, in any
/// case (RFC 9110: media types are case-insensitive), parameters allowed; not a
/// type that only begins like it (`application/jsonx`).
pub fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|sub| sub.ends_with("+json"))
}

async fn order_answer(state: Shared, request: Request) -> Answer {
    let headers = request.headers();
    if !is_json(headers) {
        return Answer::problem(
            415,
            "unsupported_media_type",
            "send the order as application/json",
        );
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // Bounded in time for every route (listen.rs): a body that stops arriving
    // ends in an error here and a 408 to the client; counted as such.
    let timeout = request
        .extensions()
        .get::<BodyTimeout>()
        .cloned()
        .unwrap_or_default();
    let body = match Bytes::from_request(request, &()).await {
        Ok(body) => body,
        Err(_) if timeout.is_up() => {
            return Answer::problem(408, "body_timeout", &BodyTimedOut.to_string())
        }
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return too_large()
        }
        Err(rejection) => {
            return Answer::problem(
                400,
                "malformed",
                &format!("the body could not be read: {rejection}"),
            )
        }
    };
    let random = match super::random_16() {
        Ok(random) => random,
        Err(e) => return storage_error(&e),
    };
    // The store and reading the shop block: keep them off the async workers, and
    // answer within the deadline whatever the database does.
    super::blocking_within(super::ORDER_DEADLINE, move || {
        let destinations = state.notify.for_new_orders();
        let signing = state.receipt_key.as_ref().map(|key| key.now());
        let intake = Intake {
            store: &state.store,
            now_ms: now_ms(),
            random,
            destinations: &destinations,
            signer: signing.as_deref(),
        };
        accept(&intake, || state.shop(), key.as_deref(), &body)
    })
    .await
    .unwrap_or_else(|late| match late {
        super::Late::TimedOut => storage_error(&format!(
            "the database did not answer within {} s",
            super::ORDER_DEADLINE.as_secs()
        )),
        super::Late::Failed => {
            Answer::problem(500, "internal", "the request could not be processed")
        }
    })
}

/// `GET /.well-known/microshop-receipt-key.json`: the public halves of the keys
/// that sign receipts, the current one first (docs/trust.md). 404 when serve
/// signs none, so a buyer's check says the shop publishes no key.
pub async fn receipt_keys(State(state): State<Shared>) -> Response {
    match &state.receipt_key {
        Some(key) => axum::Json(key.now().public()).into_response(),
        None => Answer::problem(
            404,
            "not_found",
            "this shop signs no receipts (serve has no --receipt-key)",
        )
        .into_response(),
    }
}

/// The header that carries the buyer's per-order secret (the 201's `order_secret`).
pub const ORDER_SECRET_HEADER: &str = "order-secret";

/// An order's public status, for the buyer who holds its secret (the
/// `Order-Secret` header). A missing or wrong secret gets the same 404 as an
/// unknown order, so the answer tells nothing about which orders exist.
pub async fn order_status(
    State(state): State<Shared>,
    headers: HeaderMap,
    id: Result<UrlPath<String>, PathRejection>,
) -> Response {
    let not_found = || Answer::problem(404, "not_found", "no such order").into_response();
    // A path that is not even UTF-8 (`%FF`) names no order either.
    let Some(UrlPath(id)) = id.ok().filter(|UrlPath(id)| is_order_id(id)) else {
        return not_found();
    };
    let Some(secret) = headers
        .get(ORDER_SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
    else {
        return not_found();
    };
    let found = tokio::task::spawn_blocking(move || state.store.public_status(&id, &secret)).await;
    match found {
        Ok(Ok(Some(status))) => {
            let mut answer = serde_json::to_value(&status).unwrap_or_default();
            // The order's reviews and problems (docs/trust.md), when it has any.
            if !status.reviews.is_empty() {
                answer["reviews"] = status
                    .reviews
                    .iter()
                    .map(super::reviews::own_review)
                    .collect();
            }
            if !status.problems.is_empty() {
                answer["problems"] = status
                    .problems
                    .iter()
                    .map(super::problems::problem_json)
                    .collect();
            }
            axum::Json(answer).into_response()
        }
        Ok(Ok(None)) => not_found(),
        Ok(Err(e)) => storage_error(&e.message).into_response(),
        Err(_) => internal_error(),
    }
}
