//! Talking to `microshop serve` about reviews and problems (docs/trust.md): the
//! public reads for the product page, the order's status read, and the buyer's
//! writes, each with the order's secret and a new `Request-Nonce` (serve refuses a
//! request it has seen: a double tap or a captured request changes nothing).

use super::words::Word;
use crate::orders::state::use_orders;
use crate::shop::use_shop;
use crate::web::{clock, http, page};
use microshop_core::delivery::outbox::Delivery;
use microshop_core::delivery::trust::{
    self, read_refusal, OrderTrust, ProblemFigures, ProductReviews,
};

/// The header that carries the buyer's secret.
const SECRET_HEADER: &str = "Order-Secret";
/// A read or a write that takes longer than this counts as failed.
const TIMEOUT_MS: u32 = 30_000;

/// The order a review or a problem belongs to, as serve's accepted answer gave it.
#[derive(Clone, Debug)]
pub struct OrderRef {
    pub order_id: String,
    pub secret: String,
    /// The order's status URL, absolute (`…/api/orders/{id}`).
    pub status_url: String,
    /// Each product bought, once: its id and the title the order recorded.
    pub products: Vec<(String, String)>,
}

impl OrderRef {
    /// The order `order_id` as this browser keeps it, when serve accepted it with a
    /// secret and a status URL (resolved against the order endpoint, as the order
    /// page's status read does).
    pub fn kept(order_id: &str) -> Option<OrderRef> {
        let shop = use_shop();
        // Read in place (no copy of the whole record: its clone is the buying part's code).
        use_orders().outbox().with_untracked(|o| {
            let record = o.get(order_id)?;
            let Delivery::Accepted { answer } = &record.delivery else {
                return None;
            };
            let (secret, status_url) = answer
                .order_secret
                .as_ref()
                .zip(answer.status_url.as_ref())?;
            let mut products: Vec<(String, String)> = Vec::new();
            for l in &record.order.lines {
                if !products.iter().any(|(id, _)| *id == l.product_id) {
                    products.push((l.product_id.clone(), l.title.clone()));
                }
            }
            Some(OrderRef {
                order_id: answer
                    .order_id
                    .as_ref()
                    .unwrap_or(&record.order.order_id)
                    .clone(),
                secret: secret.clone(),
                status_url: page::resolve(
                    status_url,
                    &page::absolute(&shop.manifest.order.endpoint),
                ),
                products,
            })
        })
    }
}

/// A product's reviews, or `None` (not serve's answer, unreachable): nothing shown.
pub async fn product_reviews(api: &str, product_id: &str) -> Option<ProductReviews> {
    let url = format!("{api}products/{product_id}/reviews");
    let body = http::get_text(&url).await.ok()?;
    trust::read_product_reviews(product_id, &body)
}

/// The shop's 90-day problems figures.
pub async fn figures(api: &str) -> Option<ProblemFigures> {
    let body = http::get_text(&format!("{api}trust")).await.ok()?;
    trust::read_figures(&body)
}

/// The order's reviews and problems from its status read.
pub async fn order_trust(order: &OrderRef) -> Option<OrderTrust> {
    let answer = http::get_with(
        &order.status_url,
        (SECRET_HEADER, &order.secret),
        TIMEOUT_MS,
    )
    .await;
    match answer {
        Ok((200, body)) => trust::read_order_trust(&order.order_id, &body),
        _ => None,
    }
}

/// POSTs `body` to the order's `path` (`/reviews`, `/problems`, ...): the answer's
/// body when serve took it (200 or 201), else why not, in words.
pub async fn write(order: &OrderRef, path: &str, body: &str) -> Result<String, Word> {
    let nonce = clock::random_128()
        .map(|b| b.iter().map(|x| format!("{x:02x}")).collect::<String>())
        .ok_or(Word::Refused)?;
    let url = format!("{}{path}", order.status_url);
    let sent = http::post(http::Post {
        url: &url,
        headers: vec![
            ("Content-Type", "application/json"),
            (SECRET_HEADER, &order.secret),
            ("Request-Nonce", &nonce),
        ],
        body,
        timeout_ms: TIMEOUT_MS,
        no_cors: false,
    })
    .await;
    match sent {
        Ok(http::Answer::Status { status, body, .. }) if status == 200 || status == 201 => Ok(body),
        Ok(http::Answer::Status { status, body, .. }) => Err(refusal(status, &body)),
        Ok(_) => Err(Word::Refused),
        Err(_) => Err(Word::Network),
    }
}

/// What a refusal means for the buyer, by serve's code (its English message is not shown).
fn refusal(status: u16, body: &str) -> Word {
    let (code, field) = read_refusal(body).unwrap_or_default();
    match (status, code.as_str(), field.as_deref()) {
        (404, ..) => Word::UnknownOrder,
        (429, ..) => Word::RateLimited,
        (_, "replayed", _) => Word::Replayed,
        (_, "not_completed", _) => Word::NotCompleted,
        (_, "edit_closed", _) => Word::EditClosed,
        (_, "not_bought", _) => Word::NotBought,
        (_, "too_many_problems", _) => Word::TooManyProblems,
        (_, "problem_closed", _) => Word::ProblemClosed,
        (_, "too_many_messages", _) => Word::ThreadFull,
        (_, "photos_full", _) => Word::PhotosFull,
        (410, ..) | (_, "order_cleared", _) => Word::OrderCleared,
        (415, ..) | (_, "not_an_image", _) | (_, "invalid", Some("photo")) => Word::NotAnImage,
        (413, ..) => Word::PhotoTooBig,
        (_, "invalid", Some("rating")) => Word::ChooseRating,
        (_, "invalid", Some("text")) => Word::TextInvalid,
        (_, "invalid", Some("display_name")) => Word::NameInvalid,
        _ => Word::Refused,
    }
}
