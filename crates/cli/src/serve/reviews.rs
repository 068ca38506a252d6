//! Verified-buyer reviews over HTTP (docs/trust.md "Reviews"):
//! `POST /api/orders/{id}/reviews` for the holder of a completed order's secret,
//! `GET /api/products/{id}/reviews` for anyone.

use super::accept::{storage_error, Answer};
use super::trust::{
    cleared, field, holder, invalid, json_body, not_found, replayed, text_of, Unread,
};
use super::Shared;
use crate::store::clock::ms_rfc3339;
use crate::store::{now_ms, Review, ReviewWrite, ReviewWritten};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::response::{IntoResponse, Response};
use microshop_core::order::review::{
    check_display_name, check_rating, check_review_text, edit_closed_message,
};
use microshop_core::rules::{is_id, is_locale};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Largest review body (text is at most 2,000 characters of up to 4 bytes).
pub const MAX_REVIEW_BYTES: usize = 16 * 1024;
/// Reviews a product's public read lists unless asked for another number (the
/// storefront asks for no other, and publish prerenders as many).
pub(crate) const REVIEWS_SHOWN: u32 = 10;
/// The most it lists at once.
const MAX_REVIEWS_SHOWN: u32 = 50;

/// A review as its writer reads it (in the status read and the write's answer).
pub fn own_review(r: &Review) -> Value {
    let mut v = json!({
        "id": r.id,
        "product_id": r.product_id,
        "rating": r.rating,
        "text": r.text,
        "display_name": r.display_name,
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

/// `POST /api/orders/{id}/reviews`: `{"product_id", "rating", "text",
/// "display_name", "locale"}`. Each write sets the name again: left out or empty,
/// the review is shown with no name.
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
        let display_name =
            check_display_name(&text_of(&body, "display_name")?.unwrap_or_default())?;
        let locale = text_of(&body, "locale")?.unwrap_or_else(|| "und".to_owned());
        if locale != "und" && !is_locale(&locale) {
            return Err(field(
                "locale",
                format!("\"{locale}\" is not a language tag such as en or zh-CN"),
            ));
        }
        Ok((product_id, rating, text, display_name, locale))
    })();
    let (product_id, rating, text, display_name, locale) = match checked {
        Ok(c) => c,
        Err(problem) => return invalid(422, "invalid", &problem),
    };
    let publisher = state.publisher.clone();
    let written = tokio::task::spawn_blocking(move || {
        state.store.write_review(&ReviewWrite {
            order_id: &holder.order_id,
            secret: &holder.secret,
            nonce: &holder.nonce,
            product_id: &product_id,
            rating,
            text: &text,
            display_name: &display_name,
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
    if let (Ok(Ok(ReviewWritten::Created(_) | ReviewWritten::Updated(_))), Some(site)) =
        (&written, &publisher)
    {
        site.republish_soon();
    }
    match written {
        Ok(Ok(ReviewWritten::Created(review))) => answer(201, &review),
        Ok(Ok(ReviewWritten::Updated(review))) => answer(200, &review),
        Ok(Ok(ReviewWritten::NotFound)) => not_found(),
        Ok(Ok(ReviewWritten::Replayed)) => replayed(),
        Ok(Ok(ReviewWritten::Cleared(ms))) => cleared(ms),
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

/// `GET /api/products/{product_id}/reviews?limit=`: the shown reviews of a
/// product of this shop (newest first), how many there are with their average
/// (an exact count and sum, and the average as a decimal string), and how many
/// the seller hid. No order and no name from it: "verified purchase", the date, and
/// the name the writer chose to show, if any ('' for none).
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
                "display_name": r.display_name,
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
