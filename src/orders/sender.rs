//! The sender: gets each order of the outbox to the endpoint exactly once.
//!
//! Attempts that get no answer are retried with backoff (Retry-After wins), paused
//! while offline, resumed when the network, focus or a later visit returns.
//!
//! One tab sends a given order at a time. Each attempt holds the Web Lock
//! `microshop-send:<shop id>:<order id>` from start to end: inside it the tab reads
//! the stored outbox again, checks the order is still pending, due and not leased by
//! another tab, writes its lease, sends, records the answer and stores it; only then
//! is the lock let go, so the next holder reads the answer. A tab that finds the lock
//! taken looks again when the holder's lease ends, or at once when the holder's
//! stored answer reaches it (the `storage` event). The lease in the stored record
//! remains: it tells other tabs when to look again, and it is the whole guard where
//! the browser has no Web Locks (older in-app browsers, plain-HTTP hosts): there the
//! tab writes its lease, waits 80 ms and reads back whose it is, which two tabs on a
//! loaded machine can both win. The endpoint's Idempotency-Key check makes a repeat
//! harmless anyway (one order, two attempts).

use super::endpoint;
use super::state::OrdersState;
use crate::web::locks::{self, Lock};
use crate::web::storage::keys;
use crate::web::{clock, page};
use leptos::ev;
use leptos::prelude::*;
use microshop_core::delivery::answer::Outcome;
use microshop_core::delivery::outbox::Delivery;
use microshop_core::delivery::retry::RetryPolicy;
use std::time::Duration;

/// Wakes the sender on the browser's events; the listeners end with the state's owner.
pub(super) fn listen(state: OrdersState) {
    let key = keys::orders(&state.shop.manifest.id);
    let handles = [
        window_event_listener(ev::online, move |_| {
            state.online.set(true);
            state.resume_pending();
        }),
        window_event_listener(ev::offline, move |_| state.online.set(false)),
        window_event_listener(ev::focus, move |_| state.resume_pending()),
        // Restored from the back/forward cache: show what storage says now, then resume.
        window_event_listener(ev::pageshow, move |event| {
            if event.persisted() {
                state.reload();
                state.resume_pending();
            }
        }),
        // Leaving (reload, close, navigation): give up this tab's leases, so the next
        // page sends at once instead of waiting for them to expire. The endpoint's
        // idempotency makes a send that was still on its way harmless.
        window_event_listener(ev::pagehide, move |_| state.release_leases()),
        // Another tab sent or placed an order: show the truth here too, and take over
        // when due (the tab that was retrying may be gone).
        window_event_listener(ev::storage, move |event| {
            if event.key().as_deref() == Some(key.as_str()) {
                state.reload();
                state.resume_pending();
            }
        }),
        // `visibilitychange` fires at the document and bubbles to the window.
        window_event_listener(ev::visibilitychange, move |_| {
            if page::is_visible() {
                state.resume_pending();
            }
        }),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
}

impl OrdersState {
    fn release_leases(&self) {
        let tab = self.tab.get_value();
        let mut released = false;
        self.outbox.update(|o| {
            for r in &mut o.records {
                if r.lease.as_ref().is_some_and(|l| l.tab == tab) {
                    r.lease = None;
                    released = true;
                }
            }
        });
        if released {
            self.persist();
        }
    }

    /// Sends one attempt of a stored order and records the outcome. `None` when the
    /// order is unknown, already answered, not due, being sent by this tab, or leased
    /// by another tab.
    pub async fn deliver(&self, order_id: &str) -> Option<Outcome> {
        // Claimed before the first await: focus, visibility, online and timers often
        // fire together, and each may call this for the same order.
        let claimed = self.claims.try_update_value(|c| {
            if c.iter().any(|id| id == order_id) {
                false
            } else {
                c.push(order_id.to_owned());
                true
            }
        });
        if claimed != Some(true) {
            return None;
        }
        let outcome = self.deliver_claimed(order_id).await;
        self.claims.update_value(|c| c.retain(|id| id != order_id));
        outcome
    }

    async fn deliver_claimed(&self, order_id: &str) -> Option<Outcome> {
        let name = format!("microshop-send:{}:{order_id}", self.shop.manifest.id);
        match locks::try_hold(&name).await {
            Lock::Held(held) => {
                let outcome = self.attempt(order_id, true).await;
                // Let go only now: the answer is stored for the next holder to read.
                drop(held);
                outcome
            }
            Lock::Taken => {
                // Another tab is in an attempt; its stored answer wakes this tab
                // (storage event), or its lease's end does.
                self.reload();
                self.after_lease(order_id);
                None
            }
            Lock::Unsupported => self.attempt(order_id, false).await,
        }
    }

    /// One attempt, if the order is pending, due and not another tab's. `exclusive`:
    /// this tab holds the order's Web Lock, so its lease needs no read-back.
    async fn attempt(&self, order_id: &str, exclusive: bool) -> Option<Outcome> {
        self.reload();
        let now = clock::now_ms();
        let tab = self.tab.get_value();
        let lease_ms = self.lease_ms();
        let mut leased = false;
        let mut not_before = None;
        self.outbox.update(|o| {
            if let Some(r) = o.records.iter_mut().find(|r| r.order.order_id == order_id) {
                if r.is_pending() && !r.is_due(now) {
                    // A backoff or Retry-After is still running (a stale timer fired).
                    not_before = r.next_attempt_at;
                } else {
                    leased = r.is_pending() && r.try_lease(&tab, now, lease_ms);
                }
            }
        });
        if let Some(at) = not_before {
            self.schedule(order_id.to_owned(), at);
            return None;
        }
        if !leased {
            self.after_lease(order_id);
            return None;
        }
        self.in_flight.update(|f| f.push(order_id.to_owned()));
        let outcome = self.send_leased(order_id, &tab, exclusive).await;
        self.in_flight.update(|f| f.retain(|id| id != order_id));
        outcome
    }

    /// How long a lease lasts. One attempt is up to four requests, each with the time
    /// limit: the POST, and after a network error two HEADs and the POST once without
    /// CORS (endpoint.rs).
    fn lease_ms(&self) -> u64 {
        4 * u64::from(self.shop.manifest.order.timeout_ms()) + 5_000
    }

    async fn send_leased(&self, order_id: &str, tab: &str, exclusive: bool) -> Option<Outcome> {
        self.persist();
        if !exclusive {
            // Without Web Locks: localStorage has no compare-and-set, so two tabs may
            // both have written a lease. The later write wins; after a pause each tab
            // reads back whose it is (both can still win on a loaded machine).
            clock::sleep_ms(80).await;
            self.reload();
            let ours = self.outbox.with_untracked(|o| {
                o.get(order_id).is_some_and(|r| {
                    r.is_pending() && r.lease.as_ref().is_some_and(|l| l.tab == tab)
                })
            });
            if !ours && self.saved().get_untracked() {
                self.after_lease(order_id);
                return None;
            }
        }
        let record = self.outbox.with_untracked(|o| o.get(order_id).cloned())?;
        let outcome = endpoint::send(&self.shop.manifest.order, &record).await;
        let jitter = clock::random_128()
            .map_or(500, |b| u32::from(u16::from_le_bytes([b[0], b[1]])) % 1_001);
        // Another tab may have settled the order while this attempt was out (this tab
        // was frozen past its lease): an answered order is never downgraded.
        self.reload();
        let mut next = None;
        let mut applied = false;
        self.outbox.update(|o| {
            if let Some(r) = o.records.iter_mut().find(|r| r.order.order_id == order_id) {
                if r.is_pending() || matches!(r.delivery, Delivery::Failed { .. }) {
                    r.record(&outcome, clock::now_ms(), jitter, &RetryPolicy::default());
                    next = r.next_attempt_at.filter(|_| r.is_pending());
                    applied = true;
                }
            }
        });
        if !applied {
            return None;
        }
        self.persist();
        self.publish(&record.order, &outcome);
        if let Some(at) = next {
            self.schedule(order_id.to_owned(), at);
        }
        Some(outcome)
    }

    /// Another tab holds the order: look again when its lease ends. A lock holder
    /// whose lease is not stored yet gets a whole lease's time; its stored answer
    /// (the storage event) usually wakes this tab long before.
    fn after_lease(&self, order_id: &str) {
        let lease_ms = self.lease_ms();
        let until = self.outbox.with_untracked(|o| {
            o.get(order_id).filter(|r| r.is_pending()).map(|r| {
                r.lease
                    .as_ref()
                    .map_or_else(|| clock::now_ms() + lease_ms, |l| l.until)
            })
        });
        if let Some(until) = until {
            self.schedule(order_id.to_owned(), until + 100);
        }
    }

    /// Sends an order when `at` (ms since the epoch) comes, if the browser is online
    /// then. One timer per order: a new schedule replaces the old one.
    fn schedule(&self, order_id: String, at: u64) {
        let state = *self;
        let wait = Duration::from_millis(at.saturating_sub(clock::now_ms()));
        let key = order_id.clone();
        let handle = set_timeout_with_handle(
            move || {
                state
                    .timers
                    .update_value(|t| t.retain(|(id, _)| *id != order_id));
                if state.online.get_untracked() {
                    leptos::task::spawn_local(async move {
                        state.deliver(&order_id).await;
                    });
                }
            },
            wait,
        );
        if let Ok(handle) = handle {
            let old = self
                .timers
                .try_update_value(|t| {
                    let old = t.iter().position(|(id, _)| *id == key);
                    let old = old.map(|at| t.swap_remove(at).1);
                    t.push((key, handle));
                    old
                })
                .flatten();
            if let Some(old) = old {
                old.clear();
            }
        }
    }

    /// Sends every pending order that is due; schedules the others.
    pub fn resume_pending(&self) {
        // The browser's word, not the last event: events missed while the page sat in
        // the back/forward cache would leave a stale flag.
        let online = page::is_online();
        if self.online.get_untracked() != online {
            self.online.set(online);
        }
        if !online {
            return;
        }
        self.reload();
        let now = clock::now_ms();
        let pending: Vec<(String, Option<u64>)> = self.outbox.with_untracked(|o| {
            o.pending()
                .map(|r| {
                    (
                        r.order.order_id.clone(),
                        r.next_attempt_at.filter(|_| !r.is_due(now)),
                    )
                })
                .collect()
        });
        for (id, later) in pending {
            match later {
                Some(at) => self.schedule(id, at),
                None => {
                    let state = *self;
                    leptos::task::spawn_local(async move {
                        state.deliver(&id).await;
                    });
                }
            }
        }
    }

    /// The buyer asked to try again now.
    pub async fn retry(&self, order_id: &str) -> Option<Outcome> {
        self.reload();
        self.outbox.update(|o| {
            if let Some(r) = o.records.iter_mut().find(|r| r.order.order_id == order_id) {
                r.retry_now();
            }
        });
        self.persist();
        self.deliver(order_id).await
    }
}
