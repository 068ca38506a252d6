//! Accepting an order, apart from HTTP: idempotency, verification and storage in
//! one function, so the rules of docs/order-contract.md (sections 4 to 6) are in
//! one place and can be tested with a real database and no server.

use crate::check::Shop;
use crate::store::{now_rfc3339, OrderBook, Recorded, StoredOrder};
use microshop_core::order::{rejection, verify_order, OrderAccepted, OrderRequest};
use serde_json::json;
use sha2::{Digest, Sha256};

/// What to answer: a status and a JSON body.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// Always a JSON document (the contract promises JSON errors).
    pub body: String,
    /// The first answer to this Idempotency-Key, given again (`Idempotent-Replayed: true`).
    pub replayed: bool,
}

impl Answer {
    /// An error in the `OrderRejected` shape, with no problems listed.
    pub fn problem(status: u16, error: &str, message: &str) -> Answer {
        Answer {
            status,
            body: json!({ "error": error, "message": message, "problems": [] }).to_string(),
            replayed: false,
        }
    }

    fn replay(status: u16, body: String) -> Answer {
        Answer {
            status,
            body,
            replayed: true,
        }
    }
}

/// Accepts one order request: `key` is the Idempotency-Key header (if any), `body`
/// the raw bytes as received (their SHA-256 identifies a resend), and `shop`
/// reads the shop the order is verified against.
///
/// In this order:
/// 1. a body that is not an order: 400 `malformed`;
/// 2. a key missing or not equal to `order_id`: 400 `idempotency_key`;
/// 3. a key already accepted with the same body: the first answer again, `replayed`,
///    nothing stored and the shop not read (a resend of an accepted order must not
///    be refused because the catalog changed or cannot be read meanwhile);
/// 4. a key already accepted with another body: 422 `idempotency_key_reused`;
/// 5. a shop that cannot be read: 503 `shop_unavailable` (the storefront resends);
/// 6. problems found by `verify_order`: 409 or 422 with each problem, nothing stored;
/// 7. else the order and its answer are stored in one transaction: 201. Two copies
///    racing here store one order; the later gets the first's answer, `replayed`.
///    A storage failure is 503 `storage`.
///
/// The database lock is held only inside steps 3 and 7, never while `shop` runs,
/// so a slow catalog host delays only the orders that need it.
pub fn accept<F>(book: &OrderBook, shop: F, key: Option<&str>, body: &[u8]) -> Answer
where
    F: FnOnce() -> Result<std::sync::Arc<Shop>, String>,
{
    let order: OrderRequest = match serde_json::from_slice(body) {
        Ok(o) => o,
        Err(e) => {
            return Answer::problem(
                400,
                "malformed",
                &format!("the body is not a microshop order: {e}"),
            )
        }
    };
    let key = key.unwrap_or("");
    if key != order.order_id {
        return Answer::problem(
            400,
            "idempotency_key",
            "the Idempotency-Key header must be present and equal to order_id",
        );
    }
    let body_sha256 = hex(&Sha256::digest(body));
    match book.replay(key, &body_sha256) {
        Ok(Some(Recorded::Replay { status, body })) => return Answer::replay(status, body),
        Ok(Some(_)) => return key_reused(),
        Ok(None) => {}
        Err(e) => return storage_error(&e),
    }
    let shop = match shop() {
        Ok(shop) => shop,
        Err(why) => {
            return Answer::problem(
                503,
                "shop_unavailable",
                &format!("the shop cannot take orders now: {why}"),
            )
        }
    };
    let problems = verify_order(&shop.manifest, &shop.catalog, &order);
    if !problems.is_empty() {
        let (status, rejected) = rejection(problems);
        return Answer {
            status,
            body: serde_json::to_string(&rejected).unwrap_or_default(),
            replayed: false,
        };
    }
    let stored = StoredOrder {
        order_id: order.order_id.clone(),
        status: "received".into(),
        created_at: order.created_at.clone(),
        received_at: now_rfc3339(),
        currency: order.currency.clone(),
        total: order.total.clone(),
        customer_name: order.customer.get("name").cloned().unwrap_or_default(),
        payload: String::from_utf8_lossy(body).into_owned(),
    };
    let answer = OrderAccepted {
        order_id: Some(order.order_id.clone()),
        status: Some("received".into()),
        message: Some(microshop_core::order::ACCEPTED_MESSAGE.into()),
        status_url: Some(format!("/api/orders/{}", order.order_id)),
        payment_url: None,
    };
    let answer_json = serde_json::to_string(&answer).unwrap_or_default();
    match book.record(
        key,
        &body_sha256,
        &stored,
        &shop.manifest.id,
        201,
        &answer_json,
    ) {
        Ok(Recorded::New) => {
            note!(
                "order {} received: {} {}",
                order.order_id,
                order.total,
                order.currency
            );
            Answer {
                status: 201,
                body: answer_json,
                replayed: false,
            }
        }
        Ok(Recorded::Replay { status, body }) => Answer::replay(status, body),
        Ok(Recorded::Mismatch) => key_reused(),
        Err(e) => storage_error(&e),
    }
}

fn key_reused() -> Answer {
    Answer::problem(
        422,
        "idempotency_key_reused",
        "this order id was already used for a different order",
    )
}

/// The details go to the seller's terminal; the buyer's storefront only needs to resend.
pub fn storage_error(e: &str) -> Answer {
    note!("storage error: {e}");
    Answer::problem(
        503,
        "storage",
        "the order could not be stored; it will be retried",
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[path = "accept_tests.rs"]
mod tests;
