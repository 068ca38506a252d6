//! The buyer's orders in this browser: the outbox. An order is written to
//! storage before its first send and kept until the endpoint answers.

use crate::endpoint;
use crate::shop::ShopContext;
use crate::storage::{self, keys};
use leptos::prelude::*;
use microshop_core::outbox::{Delivery, OrderRecord, Outbox, Outcome};

/// The outbox as context.
#[derive(Clone, Copy)]
pub struct OrdersState {
    /// Every order of this shop in this browser.
    pub outbox: RwSignal<Outbox>,
    /// Ids being sent right now: one sender per order.
    pub in_flight: RwSignal<Vec<String>>,
    shop: ShopContext,
}

/// The orders context.
pub fn use_orders() -> OrdersState {
    expect_context::<OrdersState>()
}

/// Loads the outbox and provides it.
pub fn provide_orders(shop: ShopContext) -> OrdersState {
    let outbox = storage::get(&keys::orders(&shop.manifest.id))
        .ok()
        .flatten()
        .and_then(|t| Outbox::from_storage(&t))
        .unwrap_or_default();
    let state = OrdersState {
        outbox: RwSignal::new(outbox),
        in_flight: RwSignal::new(Vec::new()),
        shop,
    };
    provide_context(state);
    state
}

impl OrdersState {
    /// Stores the outbox now (not in an effect: an order must be on disk before it is sent).
    fn persist(&self) -> bool {
        let text = self.outbox.with_untracked(Outbox::to_storage);
        storage::set(&keys::orders(&self.shop.manifest.id), &text).is_ok()
    }

    /// Records a new order; returns whether storage kept it.
    pub fn add(&self, record: OrderRecord) -> bool {
        self.outbox.update(|o| o.put(record));
        self.persist()
    }

    /// Forgets an order the endpoint refused (it exists nowhere else).
    pub fn forget(&self, order_id: &str) {
        self.outbox
            .update(|o| o.records.retain(|r| r.order.order_id != order_id));
        self.persist();
    }

    /// Sends one attempt of a stored order and records the outcome. `None` when the
    /// order is unknown, already answered, or being sent by another call.
    pub async fn deliver(&self, order_id: &str) -> Option<Outcome> {
        let record = self.outbox.with_untracked(|o| o.get(order_id).cloned())?;
        if !record.is_pending()
            || self
                .in_flight
                .with_untracked(|f| f.iter().any(|id| id == order_id))
        {
            return None;
        }
        self.in_flight.update(|f| f.push(order_id.to_owned()));
        let outcome = endpoint::send(self.shop.manifest, &record.order).await;
        self.in_flight.update(|f| f.retain(|id| id != order_id));
        let delivery = match &outcome {
            Outcome::Accepted(answer) => Delivery::Accepted {
                answer: answer.clone(),
            },
            Outcome::Rejected { status, answer } => Delivery::Rejected {
                status: *status,
                answer: answer.clone(),
            },
            Outcome::Retry { reason, .. } => Delivery::Pending {
                last_error: Some(reason.clone()),
            },
            Outcome::Failed { reason } => Delivery::Failed {
                reason: reason.clone(),
            },
        };
        self.outbox.update(|o| {
            if let Some(r) = o.records.iter_mut().find(|r| r.order.order_id == order_id) {
                r.attempts = r.attempts.saturating_add(1);
                r.delivery = delivery;
            }
        });
        self.persist();
        Some(outcome)
    }

    /// Sends every pending order once (on start: orders left from an earlier visit).
    pub fn resume_pending(&self) {
        let ids: Vec<String> = self
            .outbox
            .with_untracked(|o| o.pending().map(|r| r.order.order_id.clone()).collect());
        for id in ids {
            let state = *self;
            leptos::task::spawn_local(async move {
                state.deliver(&id).await;
            });
        }
    }
}

impl OrdersState {
    /// The buyer asked to try again: a failed order becomes pending and is sent once.
    pub async fn retry(&self, order_id: &str) -> Option<Outcome> {
        self.outbox.update(|o| {
            if let Some(r) = o.records.iter_mut().find(|r| r.order.order_id == order_id) {
                if matches!(r.delivery, Delivery::Failed { .. }) {
                    r.delivery = Delivery::Pending { last_error: None };
                }
            }
        });
        self.persist();
        self.deliver(order_id).await
    }
}
