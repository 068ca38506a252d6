//! Problems with an order over HTTP (docs/trust.md "Problems"):
//! `POST /api/orders/{id}/problems` for the holder of the order's secret, with a
//! photo checked by its bytes, and `GET /api/trust`, the shop's own 90-day figures.

use super::accept::{storage_error, Answer};
use super::trust::{
    cleared, field, holder, invalid, json_body, not_found, replayed, text_of, Unread,
};
use super::Shared;
use crate::store::clock::ms_rfc3339;
use crate::store::{now_ms, Added, BuyerMessage, Photo, Problem, ProblemRaise, Raised};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path as UrlPath, Request, State};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use microshop_core::order::problems::{
    check_message, ProblemKind, MAX_BUYER_MESSAGES, MAX_ORDER_PHOTO_BYTES, MAX_PHOTO_BYTES,
    PUBLIC_WINDOW_DAYS,
};
use microshop_core::order::review::REVIEW_EDIT_DAYS;
use serde_json::{json, Value};

/// Largest problem body: its text and a photo as base64 (a third larger).
pub const MAX_PROBLEM_BYTES: usize = 4 * 1024 * 1024;

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
    // A new problem changes the shop's figures under every product's reviews: a
    // site serve keeps published is published again (docs/trust.md).
    let publisher = state.publisher.clone();
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
    if let (Ok(Ok(Raised::Done(_))), Some(site)) = (&raised, &publisher) {
        site.republish_soon();
    }
    match raised {
        Ok(Ok(Raised::Done(problem))) => Answer {
            status: 201,
            body: json!({"problem": problem_json(&problem)}).to_string(),
            replayed: false,
        }
        .into_response(),
        // Raised before (a late replay, a resend with a new nonce): that problem,
        // as the first request's answer would show it now.
        Ok(Ok(Raised::Already(problem))) => Answer {
            status: 201,
            body: json!({"problem": problem_json(&problem)}).to_string(),
            replayed: true,
        }
        .into_response(),
        Ok(Ok(Raised::NotFound)) => not_found(),
        Ok(Ok(Raised::Replayed)) => replayed(),
        Ok(Ok(Raised::Cleared(ms))) => cleared(ms),
        Ok(Ok(Raised::PhotosFull)) => photos_full(),
        Ok(Ok(Raised::PhotoNotYet)) => photo_not_yet(),
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

/// `POST /api/orders/{id}/problems/{problem}/messages`: `{"text", "photo"}`, the
/// buyer's next message in an open problem's thread.
pub async fn add_message(
    State(state): State<Shared>,
    path: Result<UrlPath<(String, String)>, PathRejection>,
    request: Request,
) -> Response {
    let (order, problem_id) = match path {
        Ok(UrlPath((order, problem))) => (Ok(UrlPath(order)), problem.parse::<i64>().ok()),
        Err(rejection) => (Err(rejection), None),
    };
    let holder = match holder(order, request.headers()) {
        Ok(h) => h,
        Err(answer) => return *answer,
    };
    let no_problem =
        || Answer::problem(404, "not_found", "this order has no such problem").into_response();
    // Not a number: no problem has that id (the store still checks the secret
    // first, so a wrong one is the unknown order's 404 as everywhere).
    let problem_id = problem_id.filter(|id| *id > 0).unwrap_or(0);
    let body = match json_body(request.into_body(), MAX_PROBLEM_BYTES, "a message").await {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let checked = (|| {
        let text = check_message("text", &text_of(&body, "text")?.unwrap_or_default())?;
        Ok((text, text_of(&body, "photo")?))
    })();
    let (text, photo) = match checked {
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
    let added = tokio::task::spawn_blocking(move || {
        state.store.add_buyer_message(&BuyerMessage {
            order_id: &holder.order_id,
            secret: &holder.secret,
            nonce: &holder.nonce,
            problem_id,
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
    match added {
        Ok(Ok(Added::Done(problem))) => Answer {
            status: 201,
            body: json!({"problem": problem_json(&problem)}).to_string(),
            replayed: false,
        }
        .into_response(),
        Ok(Ok(Added::Already(problem))) => Answer {
            status: 201,
            body: json!({"problem": problem_json(&problem)}).to_string(),
            replayed: true,
        }
        .into_response(),
        Ok(Ok(Added::NotFound)) => not_found(),
        // The secret was right; the problem is not this order's.
        Ok(Ok(Added::NoProblem)) => no_problem(),
        Ok(Ok(Added::Replayed)) => replayed(),
        Ok(Ok(Added::Cleared(ms))) => cleared(ms),
        Ok(Ok(Added::ThreadFull)) => Answer::problem(
            422,
            "too_many_messages",
            &format!(
                "this problem has {MAX_BUYER_MESSAGES} of your messages already, as many as it takes; \
                 nothing was added: the seller answers here"
            ),
        )
        .into_response(),
        Ok(Ok(Added::PhotosFull)) => photos_full(),
        Ok(Ok(Added::PhotoNotYet)) => photo_not_yet(),
        Ok(Ok(Added::Closed(state))) => Answer::problem(
            409,
            "problem_closed",
            &format!("this problem is {state}; for something new, raise another problem"),
        )
        .into_response(),
        Ok(Err(e)) => storage_error(&e.message).into_response(),
        Err(_) => {
            Answer::problem(500, "internal", "the request could not be processed").into_response()
        }
    }
}

/// The order's problems carry `MAX_ORDER_PHOTO_BYTES` of photos already (with
/// this one, more): 422, the photo named, nothing written. The words still go in
/// without it.
fn photos_full() -> Response {
    invalid(
        422,
        "photos_full",
        &field(
            "photo",
            format!(
                "would take this order's problems past {} MiB of photos, as many as they take; \
                 nothing was added: send the words without a photo",
                MAX_ORDER_PHOTO_BYTES / 1024 / 1024
            ),
        ),
    )
}

/// A photo on an order the seller never confirmed (only ever `new`: orders cost
/// nothing to place, photos 2 MiB each; REVIEW8 finding 5): 409, the photo named,
/// what to do, nothing written.
fn photo_not_yet() -> Response {
    invalid(
        409,
        "photo_not_yet",
        &field(
            "photo",
            "is taken once the seller has confirmed this order (marked it paid); the seller has \
             not confirmed this order, so nothing was added: send the words without it now, and \
             the photo to this problem once the order is confirmed",
        ),
    )
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
            "problems": f.confirmed,
            "problems_on_unconfirmed_orders": f.unconfirmed,
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
