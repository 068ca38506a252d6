//! Reviews and problems (docs/seller-api.md "Reviews and problems"): the shop's
//! reviews to reply to or hide with a reason, and a buyer's problem to answer and
//! mark resolved or refunded. Texts come back as the buyer wrote them; the pages
//! show them as text, never as markup.

use super::{encode, get, send, ApiError, BASE};
use serde::Deserialize;
use serde_json::{json, Value};

/// A review as the seller reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Review {
    pub id: i64,
    pub order_id: String,
    /// The order's reference, as the inbox shows it (only in the list).
    pub reference: String,
    pub product_id: String,
    /// The product's title as the shop names it now (only in the list; `None` when
    /// the catalog no longer has it).
    pub product_title: Option<String>,
    /// 1 to 5 whole stars.
    pub rating: u8,
    pub text: String,
    /// The name the buyer chose to show it under ('' for none; not verified).
    pub display_name: String,
    pub locale: String,
    pub created_at: String,
    /// The seller's public reply ('' without one).
    pub reply: String,
    pub hidden: bool,
    pub hidden_reason: String,
}

#[derive(Deserialize)]
struct Reviews {
    reviews: Vec<Review>,
}

#[derive(Deserialize)]
struct OneReview {
    review: Review,
}

/// `GET /reviews`: the shop's reviews, shown and hidden, last written first, the
/// products named in `locale` (the desk's language) where the shop has it.
pub async fn reviews(locale: &str) -> Result<Vec<Review>, ApiError> {
    get::<Reviews>(&format!("/reviews?limit=200&locale={}", encode(locale)))
        .await
        .map(|r| r.reviews)
}

/// `POST /reviews/{id}/reply`: the seller's public reply (replaces an earlier one).
pub async fn reply(id: i64, text: &str) -> Result<Review, ApiError> {
    let body = json!({ "reply": text.trim() });
    send::<OneReview>("POST", &format!("/reviews/{id}/reply"), &body)
        .await
        .map(|r| r.review)
}

/// `POST /reviews/{id}/hide` with the reason the writer will read.
pub async fn hide(id: i64, reason: &str) -> Result<Review, ApiError> {
    let body = json!({ "reason": reason.trim() });
    send::<OneReview>("POST", &format!("/reviews/{id}/hide"), &body)
        .await
        .map(|r| r.review)
}

/// `POST /reviews/{id}/show`: a hidden review shown again.
pub async fn show(id: i64) -> Result<Review, ApiError> {
    send::<OneReview>("POST", &format!("/reviews/{id}/show"), &json!({}))
        .await
        .map(|r| r.review)
}

/// A message of a problem's thread.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Message {
    /// `buyer` or `seller`.
    pub author: String,
    pub text: String,
    pub at: String,
    /// The SHA-256 of the buyer's photo, when they sent one.
    pub photo: Option<String>,
}

/// A problem a buyer raised with an order, with its thread.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Problem {
    pub id: i64,
    pub order_id: String,
    /// `not_received`, `not_as_described`, `damaged` or `other`.
    pub kind: String,
    /// `open`, `resolved` or `refunded`.
    pub state: String,
    pub created_at: String,
    pub messages: Vec<Message>,
}

#[derive(Deserialize)]
struct OneProblem {
    problem: Problem,
}

/// `POST /problems/{id}`: an answer added to the thread and/or a mark (`resolved`,
/// `refunded`); the problem as it is now.
pub async fn answer(id: i64, answer: &str, mark: Option<&str>) -> Result<Problem, ApiError> {
    let mut body = json!({});
    if !answer.trim().is_empty() {
        body["answer"] = Value::String(answer.trim().to_owned());
    }
    if let Some(mark) = mark {
        body["mark"] = Value::String(mark.to_owned());
    }
    send::<OneProblem>("POST", &format!("/problems/{id}"), &body)
        .await
        .map(|p| p.problem)
}

/// Where a buyer's photo is read (behind the seller's session).
pub fn photo_url(sha256: &str) -> String {
    format!("{BASE}/photos/{}", encode(sha256))
}
