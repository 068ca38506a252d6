//! How long the buyer's browser keeps their personal details with an order. An
//! order is stored in full until it is settled (it must still be sent, byte for
//! byte); once confirmed it stays as the buyer's receipt, and after
//! [`KEEP_DETAILS_DAYS`] the receipt keeps only what a receipt needs: the order id,
//! when it was placed, the lines, the totals and the seller's answer. The name,
//! phone, address, e-mail and note (the checkout's fields and the request body
//! they were rendered into) are cleared. Documented in docs/operating.md.

use super::outbox::{Delivery, Outbox};
use crate::order::Pairs;

/// Days after an order was placed that a settled order keeps the buyer's details
/// in their browser: the same span as the checkout form's
/// ([`crate::checkout::DETAILS_KEPT_DAYS`]).
pub const KEEP_DETAILS_DAYS: u64 = crate::checkout::DETAILS_KEPT_DAYS;

/// Milliseconds of [`KEEP_DETAILS_DAYS`], to subtract from the clock's now.
pub const KEEP_DETAILS_MS: u64 = KEEP_DETAILS_DAYS * 86_400_000;

impl Outbox {
    /// Clears the buyer's details from every settled order placed before `before`
    /// (RFC 3339 in UTC, written as `created_at` is); returns whether any changed.
    /// Orders still on their way, or that the buyer must decide about (failed),
    /// keep everything.
    pub fn prune_details(&mut self, before: &str) -> bool {
        let mut changed = false;
        for record in &mut self.records {
            let settled = matches!(
                record.delivery,
                Delivery::Accepted { .. } | Delivery::Sent | Delivery::Rejected { .. }
            );
            let has_details = !record.order.customer.is_empty()
                || record.order.note.is_some()
                || record.request.is_some();
            if settled && has_details && record.order.created_at.as_str() < before {
                record.order.customer = Pairs::new();
                record.order.note = None;
                record.request = None;
                changed = true;
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::outbox::{OrderRecord, RenderedRequest};
    use crate::order::{OrderAccepted, OrderRequest, ORDER_SCHEMA};

    fn record(id: &str, created_at: &str, delivery: Delivery) -> OrderRecord {
        let order = OrderRequest {
            schema: ORDER_SCHEMA.into(),
            order_id: id.into(),
            created_at: created_at.into(),
            shop_id: "s".into(),
            currency: "CNY".into(),
            locale: "en".into(),
            lines: Vec::new(),
            subtotal: "68.00".into(),
            shipping: None,
            total: "68.00".into(),
            customer: [("name", "Li Wei"), ("phone", "13800000000")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            note: Some("ring twice".into()),
            referral: Some("friend".into()),
        };
        let mut r = OrderRecord::new(order);
        r.delivery = delivery;
        r.request = Some(RenderedRequest {
            content_type: "application/json".into(),
            body: "{\"name\":\"Li Wei\"}".into(),
        });
        r
    }

    fn accepted() -> Delivery {
        Delivery::Accepted {
            answer: OrderAccepted {
                order_id: Some("A-1".into()),
                ..OrderAccepted::default()
            },
        }
    }

    #[test]
    fn an_old_confirmed_order_keeps_a_receipt_without_the_buyers_details() {
        let mut outbox = Outbox::new();
        outbox.put(record("old", "2026-10-01T10:00:00Z", accepted()));
        outbox.put(record("new", "2026-11-20T10:00:00Z", accepted()));
        assert!(outbox.prune_details("2026-11-01T00:00:00Z"));
        let old = outbox.get("old").expect("kept as a receipt");
        assert!(old.order.customer.is_empty() && old.order.note.is_none() && old.request.is_none());
        assert_eq!(
            (old.order.total.as_str(), old.order.created_at.as_str()),
            ("68.00", "2026-10-01T10:00:00Z")
        );
        assert_eq!(old.delivery, accepted(), "the seller's answer stays");
        let new = outbox.get("new").expect("new");
        assert_eq!(
            new.order.customer.len(),
            2,
            "a recent receipt keeps the details"
        );
        assert!(new.request.is_some());
        assert!(
            !outbox.prune_details("2026-11-01T00:00:00Z"),
            "nothing left to clear"
        );
        let text = outbox.to_storage();
        assert_eq!(
            text.matches("Li Wei").count(),
            2,
            "only the recent order's name and body: {text}"
        );
        assert_eq!(
            text.matches("13800000000").count(),
            1,
            "only the recent order's phone"
        );
    }

    #[test]
    fn an_order_not_yet_settled_keeps_everything_it_must_send() {
        let mut outbox = Outbox::new();
        outbox.put(record(
            "pending",
            "2020-01-01T00:00:00Z",
            Delivery::Pending { last_error: None },
        ));
        outbox.put(record(
            "failed",
            "2020-01-01T00:00:00Z",
            Delivery::Failed {
                reason: crate::delivery::answer::Failure::Network,
                gave_up_after: Some(6),
            },
        ));
        assert!(!outbox.prune_details("2026-11-01T00:00:00Z"));
        assert!(outbox
            .records
            .iter()
            .all(|r| r.request.is_some() && !r.order.customer.is_empty()));
    }
}
