//! The buyer's orders as this browser keeps them: written before the first send,
//! kept until an endpoint answers, and kept afterwards as the buyer's receipt.

use super::answer::{Failure, Outcome};
use super::request::request_body;
use super::retry::RetryPolicy;
use crate::manifest::OrderEndpoint;
use crate::order::{OrderAccepted, OrderProblem, OrderRejected, OrderRequest};
use serde::{Deserialize, Deserializer, Serialize};

/// Version of the stored outbox format.
pub const OUTBOX_STORAGE_VERSION: u32 = 1;

/// Where an order is on its way to the seller. Stored as `{"state": "pending", ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Delivery {
    /// Not acknowledged yet: (re)send it with the same id.
    Pending {
        /// Why the last attempt did not get through, if one was made.
        #[serde(default)]
        last_error: Option<Failure>,
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
    /// Sent once to an endpoint that cannot answer a browser (`confirm: none`): it
    /// probably arrived, nobody can say; never resent automatically.
    Sent,
    /// The endpoint gave an answer that cannot be retried automatically.
    Failed {
        /// What happened.
        reason: Failure,
        /// Set when the automatic attempts ran out: how many were made.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gave_up_after: Option<u32>,
    },
}

/// Every field any state of a stored [`Delivery`] may have. Read as one flat record
/// and then sorted by `state`: serde's derived reading of a tagged enum buffers the
/// whole value first, which cost about 10 KB of wasm (docs/performance.md).
#[derive(Deserialize)]
struct StoredDelivery {
    state: String,
    #[serde(default)]
    last_error: Option<Failure>,
    #[serde(default)]
    answer: StoredAnswer,
    #[serde(default)]
    status: u16,
    #[serde(default)]
    reason: Option<Failure>,
    #[serde(default)]
    gave_up_after: Option<u32>,
}

/// The fields of an accepted and of a refused answer together.
#[derive(Default, Deserialize)]
#[serde(default)]
struct StoredAnswer {
    order_id: Option<String>,
    status: Option<String>,
    message: Option<String>,
    status_url: Option<String>,
    payment_url: Option<String>,
    receipt: Option<String>,
    order_secret: Option<String>,
    error: String,
    problems: Vec<OrderProblem>,
}

impl<'de> Deserialize<'de> for Delivery {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Delivery, D::Error> {
        let stored = StoredDelivery::deserialize(d)?;
        let answer = stored.answer;
        Ok(match stored.state.as_str() {
            "pending" => Delivery::Pending {
                last_error: stored.last_error,
            },
            "accepted" => Delivery::Accepted {
                answer: OrderAccepted {
                    order_id: answer.order_id,
                    status: answer.status,
                    message: answer.message,
                    status_url: answer.status_url,
                    payment_url: answer.payment_url,
                    receipt: answer.receipt,
                    order_secret: answer.order_secret,
                },
            },
            "sent" => Delivery::Sent,
            "rejected" => Delivery::Rejected {
                status: stored.status,
                answer: OrderRejected {
                    error: answer.error,
                    message: answer.message.unwrap_or_default(),
                    problems: answer.problems,
                },
            },
            // "failed", or a state a newer version wrote: the buyer decides, nothing is lost.
            _ => Delivery::Failed {
                reason: stored.reason.unwrap_or(Failure::Unknown),
                gave_up_after: stored.gave_up_after,
            },
        })
    }
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
    /// Automatic attempts since the buyer last pressed "try again".
    #[serde(default)]
    pub auto_attempts: u32,
    /// When the next automatic attempt is due (ms since the Unix epoch).
    #[serde(default)]
    pub next_attempt_at: Option<u64>,
    /// The tab sending it right now, so that no other tab sends it at the same time.
    #[serde(default)]
    pub lease: Option<Lease>,
    /// The request as first rendered (content type and body), sent byte for byte on
    /// every attempt even if the shop's mapping changes meanwhile.
    #[serde(default)]
    pub request: Option<RenderedRequest>,
}

/// A request body ready to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedRequest {
    /// `application/json` or `application/x-www-form-urlencoded`.
    pub content_type: String,
    /// The body.
    pub body: String,
}

/// A tab's claim to send an order, until a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    /// The claiming tab's random id.
    pub tab: String,
    /// Until when (ms since the Unix epoch).
    pub until: u64,
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
            auto_attempts: 0,
            next_attempt_at: None,
            lease: None,
            request: None,
        }
    }

    /// A new order with its request rendered once, for the endpoint the shop names now.
    pub fn rendered(order: OrderRequest, endpoint: &OrderEndpoint) -> OrderRecord {
        let (content_type, body) = request_body(endpoint.format, endpoint.body.as_ref(), &order);
        let mut record = OrderRecord::new(order);
        record.request = Some(RenderedRequest {
            content_type: content_type.to_owned(),
            body,
        });
        record
    }

    /// Whether it still waits for an answer.
    pub fn is_pending(&self) -> bool {
        matches!(self.delivery, Delivery::Pending { .. })
    }

    /// Whether an automatic attempt is due at `now`.
    pub fn is_due(&self, now: u64) -> bool {
        self.is_pending() && self.next_attempt_at.is_none_or(|at| at <= now)
    }

    /// Claims the order for `tab` until `now + duration_ms`, unless another tab holds it.
    pub fn try_lease(&mut self, tab: &str, now: u64, duration_ms: u64) -> bool {
        if self
            .lease
            .as_ref()
            .is_some_and(|l| l.tab != tab && l.until > now)
        {
            return false;
        }
        self.lease = Some(Lease {
            tab: tab.to_owned(),
            until: now.saturating_add(duration_ms),
        });
        true
    }

    /// The buyer pressed "try again": a failed order becomes pending, due now.
    pub fn retry_now(&mut self) {
        if matches!(
            self.delivery,
            Delivery::Failed { .. } | Delivery::Pending { .. }
        ) {
            self.delivery = Delivery::Pending { last_error: None };
            self.auto_attempts = 0;
            self.next_attempt_at = None;
        }
    }

    /// Records the outcome of one attempt made at `now`.
    pub fn record(
        &mut self,
        outcome: &Outcome,
        now: u64,
        jitter_permille: u32,
        policy: &RetryPolicy,
    ) {
        self.attempts = self.attempts.saturating_add(1);
        self.auto_attempts = self.auto_attempts.saturating_add(1);
        self.lease = None;
        self.next_attempt_at = None;
        self.delivery = match outcome {
            Outcome::Accepted(answer) => Delivery::Accepted {
                answer: answer.clone(),
            },
            Outcome::Rejected { status, answer } => Delivery::Rejected {
                status: *status,
                answer: answer.clone(),
            },
            Outcome::Sent => Delivery::Sent,
            Outcome::Failed { failure } => Delivery::Failed {
                reason: *failure,
                gave_up_after: None,
            },
            Outcome::Retry { failure, .. } if self.auto_attempts >= policy.max_auto_attempts => {
                Delivery::Failed {
                    reason: *failure,
                    gave_up_after: Some(self.auto_attempts),
                }
            }
            Outcome::Retry {
                failure,
                retry_after_secs,
            } => {
                let wait = policy.delay_ms(self.auto_attempts, jitter_permille, *retry_after_secs);
                self.next_attempt_at = Some(now.saturating_add(wait));
                Delivery::Pending {
                    last_error: Some(*failure),
                }
            }
        };
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
    fn retries_a_bounded_number_of_times_then_asks_the_buyer() {
        let policy = RetryPolicy::default();
        let mut r = OrderRecord::new(order("a"));
        let retry = Outcome::no_answer(false);
        for i in 1..policy.max_auto_attempts {
            r.record(&retry, 10_000, 1_000, &policy);
            assert!(r.is_pending(), "attempt {i}");
            assert!(!r.is_due(10_000) && r.is_due(10_000 + policy.delay_ms(i, 1_000, None)));
        }
        r.record(&retry, 20_000, 1_000, &policy);
        assert!(
            r.delivery
                == Delivery::Failed {
                    reason: Failure::Network,
                    gave_up_after: Some(6)
                }
        );
        assert!(!r.is_due(u64::MAX));
        r.retry_now();
        assert!(r.is_due(0) && r.auto_attempts == 0);
        r.record(
            &Outcome::Accepted(OrderAccepted::default()),
            30_000,
            0,
            &policy,
        );
        assert!(matches!(r.delivery, Delivery::Accepted { .. }));
        assert_eq!(r.attempts, 7);
    }

    #[test]
    fn one_tab_sends_at_a_time() {
        let mut r = OrderRecord::new(order("a"));
        assert!(r.try_lease("tab1", 1_000, 5_000));
        assert!(!r.try_lease("tab2", 2_000, 5_000), "tab1 holds it");
        assert!(r.try_lease("tab1", 2_000, 5_000), "the holder may renew");
        assert!(
            r.try_lease("tab2", 7_001, 5_000),
            "an expired lease is free"
        );
        r.record(
            &Outcome::Retry {
                failure: Failure::Busy { status: 503 },
                retry_after_secs: Some(1),
            },
            8_000,
            0,
            &RetryPolicy::default(),
        );
        assert_eq!(r.lease, None);
        assert_eq!(r.next_attempt_at, Some(9_000));
    }

    #[test]
    fn reads_records_written_before_retries_existed() {
        let old = r#"{"version":1,"records":[{"order":ORDER,"delivery":{"state":"pending"},"attempts":2}]}"#
            .replace("ORDER", &serde_json::to_string(&order("old")).expect("json"));
        let outbox = Outbox::from_storage(&old).expect("reads");
        assert!(outbox.records[0].is_due(0));
    }

    #[test]
    fn reads_failure_sentences_written_by_older_versions() {
        let old = r#"{"version":1,"records":[
            {"order":ORDER_A,"delivery":{"state":"pending","last_error":"no answer from the shop's server (offline)"},"attempts":2},
            {"order":ORDER_B,"delivery":{"state":"failed","reason":"the shop's server refused the order (404)"},"attempts":1},
            {"order":ORDER_C,"delivery":{"state":"failed","reason":{"kind":"from_the_future","x":[1]}},"attempts":1}
        ]}"#
        .replace("ORDER_A", &serde_json::to_string(&order("a")).expect("json"))
        .replace("ORDER_B", &serde_json::to_string(&order("b")).expect("json"))
        .replace("ORDER_C", &serde_json::to_string(&order("c")).expect("json"));
        let outbox = Outbox::from_storage(&old).expect("an older outbox still reads");
        assert_eq!(
            outbox.records[0].delivery,
            Delivery::Pending {
                last_error: Some(Failure::Unknown)
            }
        );
        assert!(outbox.records[0].is_pending(), "still sent");
        for r in &outbox.records[1..] {
            assert_eq!(
                r.delivery,
                Delivery::Failed {
                    reason: Failure::Unknown,
                    gave_up_after: None
                }
            );
        }
        // Typed failures round-trip.
        let mut typed = Outbox::new();
        let mut r = OrderRecord::new(order("t"));
        r.delivery = Delivery::Failed {
            reason: Failure::NotConfirmation { status: 200 },
            gave_up_after: None,
        };
        typed.put(r);
        assert_eq!(Outbox::from_storage(&typed.to_storage()), Some(typed));
    }

    #[test]
    fn every_state_round_trips() {
        let rejected = OrderRejected {
            error: "prices_changed".into(),
            message: "m".into(),
            problems: vec![OrderProblem {
                code: "price_changed".into(),
                path: "lines[0].unit_price".into(),
                message: "now 13.00".into(),
                sku: Some("G-1".into()),
                field: None,
                expected: Some("13.00".into()),
                reason: None,
            }],
        };
        let accepted = OrderAccepted {
            order_id: Some("A-1".into()),
            status: Some("received".into()),
            message: Some("thanks".into()),
            status_url: Some("/s".into()),
            payment_url: Some("https://pay.example/1".into()),
            receipt: Some("{\"receipt\":\"microshop.receipt/1\"}".into()),
            order_secret: Some("9b0e6f3c2d4a1b8e7f6a5c4d3e2b1a09".into()),
        };
        let mut outbox = Outbox::new();
        for (i, delivery) in [
            Delivery::Pending { last_error: None },
            Delivery::Pending {
                last_error: Some(Failure::Timeout),
            },
            Delivery::Accepted { answer: accepted },
            Delivery::Rejected {
                status: 409,
                answer: rejected,
            },
            Delivery::Failed {
                reason: Failure::Refused { status: 404 },
                gave_up_after: Some(6),
            },
            Delivery::Sent,
        ]
        .into_iter()
        .enumerate()
        {
            let mut r = OrderRecord::new(order(&format!("o{i}")));
            r.delivery = delivery;
            outbox.put(r);
        }
        assert_eq!(Outbox::from_storage(&outbox.to_storage()), Some(outbox));
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
