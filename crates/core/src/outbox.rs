//! The buyer's orders as this browser keeps them: written before the first send,
//! kept until an endpoint answers, and kept afterwards as the buyer's receipt.

use crate::order::{OrderAccepted, OrderRejected, OrderRequest};
use serde::{Deserialize, Serialize};

/// Version of the stored outbox format.
pub const OUTBOX_STORAGE_VERSION: u32 = 1;

/// Where an order is on its way to the seller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Delivery {
    /// Not acknowledged yet: (re)send it with the same id.
    Pending {
        /// Why the last attempt did not get through, if one was made.
        #[serde(default)]
        last_error: Option<String>,
    },
    /// The endpoint accepted it.
    Accepted {
        /// The endpoint's answer.
        answer: OrderAccepted,
    },
    /// The endpoint refused it (409/422); the buyer must fix and place it again.
    Rejected {
        /// HTTP status.
        status: u16,
        /// What to fix.
        answer: OrderRejected,
    },
    /// The endpoint gave an answer that cannot be retried automatically.
    Failed {
        /// What happened.
        reason: String,
    },
}

/// One order and its delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRecord {
    /// The payload, sent byte for byte the same on every attempt.
    pub order: OrderRequest,
    /// Where it is.
    pub delivery: Delivery,
    /// Attempts made so far.
    #[serde(default)]
    pub attempts: u32,
}

/// Every order of a shop in this browser, newest last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// Format version.
    pub version: u32,
    /// The records.
    pub records: Vec<OrderRecord>,
}

/// How many finished orders to keep as receipts; pending ones are never dropped.
pub const KEEP_FINISHED: usize = 20;

impl Default for Outbox {
    fn default() -> Self {
        Outbox::new()
    }
}

impl Outbox {
    /// An empty outbox.
    pub fn new() -> Outbox {
        Outbox {
            version: OUTBOX_STORAGE_VERSION,
            records: Vec::new(),
        }
    }

    /// Reads a stored outbox; `None` if it is damaged or of an unknown version.
    pub fn from_storage(text: &str) -> Option<Outbox> {
        let outbox: Outbox = serde_json::from_str(text).ok()?;
        (outbox.version == OUTBOX_STORAGE_VERSION).then_some(outbox)
    }

    /// The outbox as JSON.
    pub fn to_storage(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The record of an order.
    pub fn get(&self, order_id: &str) -> Option<&OrderRecord> {
        self.records.iter().find(|r| r.order.order_id == order_id)
    }

    /// Adds or replaces a record, then forgets the oldest finished ones beyond [`KEEP_FINISHED`].
    pub fn put(&mut self, record: OrderRecord) {
        match self
            .records
            .iter_mut()
            .find(|r| r.order.order_id == record.order.order_id)
        {
            Some(existing) => *existing = record,
            None => self.records.push(record),
        }
        let finished = self.records.iter().filter(|r| !r.is_pending()).count();
        let mut excess = finished.saturating_sub(KEEP_FINISHED);
        self.records.retain(|r| {
            if excess > 0 && !r.is_pending() {
                excess -= 1;
                false
            } else {
                true
            }
        });
    }

    /// Orders still waiting for an answer.
    pub fn pending(&self) -> impl Iterator<Item = &OrderRecord> {
        self.records.iter().filter(|r| r.is_pending())
    }
}

impl OrderRecord {
    /// A new order, before its first send.
    pub fn new(order: OrderRequest) -> OrderRecord {
        OrderRecord {
            order,
            delivery: Delivery::Pending { last_error: None },
            attempts: 0,
        }
    }

    /// Whether it still waits for an answer.
    pub fn is_pending(&self) -> bool {
        matches!(self.delivery, Delivery::Pending { .. })
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
        reason: String,
        retry_after_secs: Option<u32>,
    },
    /// Not worth retrying by itself: other 4xx, or answers that make no sense.
    Failed { reason: String },
}

/// Reads an endpoint's answer. `body` is the response text; a 2xx may have none.
pub fn classify(status: u16, body: &str, retry_after: Option<&str>) -> Outcome {
    match status {
        200..=299 => {
            let answer = if body.trim().is_empty() {
                OrderAccepted::default()
            } else {
                // A 2xx body that is not our JSON still means accepted: many endpoints answer "ok".
                serde_json::from_str(body).unwrap_or_default()
            };
            Outcome::Accepted(answer)
        }
        409 | 422 => match serde_json::from_str::<OrderRejected>(body) {
            Ok(answer) => Outcome::Rejected { status, answer },
            Err(_) => Outcome::Failed {
                reason: format!(
                    "the shop's server refused the order ({status}) without saying why"
                ),
            },
        },
        408 | 425 | 429 | 500..=599 => Outcome::Retry {
            reason: format!("the shop's server is busy or failing ({status})"),
            retry_after_secs: retry_after.and_then(|v| v.trim().parse().ok()),
        },
        _ => Outcome::Failed {
            reason: format!("the shop's server refused the order ({status})"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(id: &str) -> OrderRequest {
        OrderRequest {
            schema: crate::order::ORDER_SCHEMA.into(),
            order_id: id.into(),
            created_at: "2026-11-28T10:00:00Z".into(),
            shop_id: "s".into(),
            currency: "CNY".into(),
            locale: "en".into(),
            lines: Vec::new(),
            subtotal: "0.00".into(),
            shipping: None,
            total: "0.00".into(),
            customer: Default::default(),
            note: None,
            referral: None,
        }
    }

    #[test]
    fn classifies_answers() {
        assert_eq!(
            classify(201, "", None),
            Outcome::Accepted(OrderAccepted::default())
        );
        assert_eq!(
            classify(200, "ok", None),
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
    fn keeps_pending_orders_and_recent_receipts() {
        let mut outbox = Outbox::new();
        outbox.put(OrderRecord::new(order("pending")));
        for i in 0..30 {
            let mut r = OrderRecord::new(order(&format!("done{i}")));
            r.delivery = Delivery::Accepted {
                answer: OrderAccepted::default(),
            };
            outbox.put(r);
        }
        assert_eq!(outbox.records.len(), KEEP_FINISHED + 1);
        assert!(outbox.get("pending").is_some());
        assert!(outbox.get("done0").is_none());
        assert!(outbox.get("done29").is_some());
        assert_eq!(Outbox::from_storage(&outbox.to_storage()), Some(outbox));
        let empty = Outbox::default();
        assert_eq!(
            Outbox::from_storage(&empty.to_storage()),
            Some(empty),
            "a new outbox reads back"
        );
        assert_eq!(Outbox::from_storage("garbage"), None);
        assert_eq!(Outbox::from_storage(r#"{"version":2,"records":[]}"#), None);
    }
}
