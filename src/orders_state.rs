//! The buyer's orders in this browser: the outbox, and the sender that gets each
//! order to the endpoint exactly once.
//!
//! An order is written to storage before its first send and kept until the endpoint
//! answers. Attempts that get no answer are retried with backoff (Retry-After wins),
//! paused while offline, resumed when the network, focus or a later visit returns.
//! One tab sends a given order at a time (a lease in the stored record), and the
//! endpoint's Idempotency-Key check makes a repeat harmless anyway.

use crate::browser;
use crate::cart_state::CartState;
use crate::checkout_state::{clear_after_order, CheckoutState};
use crate::endpoint;
use crate::shop::ShopContext;
use crate::storage::{self, keys};
use leptos::prelude::*;
use microshop_core::outbox::{Delivery, OrderRecord, Outbox, Outcome, RetryPolicy};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The outbox as context.
#[derive(Clone, Copy)]
pub struct OrdersState {
    /// Every order of this shop in this browser.
    pub outbox: RwSignal<Outbox>,
    /// Ids this tab is sending right now.
    pub in_flight: RwSignal<Vec<String>>,
    /// What the browser says about the network.
    pub online: RwSignal<bool>,
    /// False when the last write to storage failed: orders live only in this page.
    pub saved: RwSignal<bool>,
    /// True when a stored outbox could not be read and was reset.
    pub was_reset: RwSignal<bool>,
    tab: StoredValue<String>,
    /// Orders a `deliver` call of this tab is working on (not reactive: a guard).
    claims: StoredValue<Vec<String>>,
    /// The pending timer of each order.
    timers: StoredValue<std::collections::BTreeMap<String, i32>>,
    shop: ShopContext,
    cart: CartState,
    checkout: CheckoutState,
}

/// The orders context.
pub fn use_orders() -> OrdersState {
    expect_context::<OrdersState>()
}

fn read_stored(shop_id: &str) -> Result<Option<Outbox>, ()> {
    match storage::get(&keys::orders(shop_id)) {
        Ok(Some(text)) => Outbox::from_storage(&text).map(Some).ok_or(()),
        _ => Ok(None),
    }
}

fn listen(target: &web_sys::EventTarget, event: &str, handler: impl Fn(web_sys::Event) + 'static) {
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // Listeners live as long as the page.
    closure.forget();
}

/// Loads the outbox, provides it, and starts the sender.
pub fn provide_orders(shop: ShopContext, cart: CartState, checkout: CheckoutState) -> OrdersState {
    let (outbox, was_reset) = match read_stored(&shop.manifest.id) {
        Ok(found) => (found.unwrap_or_default(), false),
        Err(()) => (Outbox::default(), true),
    };
    let tab = browser::random_128().map_or_else(
        || format!("tab-{}", browser::now_ms()),
        |b| b.iter().take(8).map(|x| format!("{x:02x}")).collect(),
    );
    let state = OrdersState {
        outbox: RwSignal::new(outbox),
        in_flight: RwSignal::new(Vec::new()),
        online: RwSignal::new(browser::is_online()),
        saved: RwSignal::new(true),
        was_reset: RwSignal::new(was_reset),
        tab: StoredValue::new(tab),
        claims: StoredValue::new(Vec::new()),
        timers: StoredValue::new(Default::default()),
        shop,
        cart,
        checkout,
    };
    provide_context(state);

    if let Some(window) = web_sys::window() {
        let w: &web_sys::EventTarget = window.as_ref();
        listen(w, "online", move |_| {
            state.online.set(true);
            state.resume_pending();
        });
        listen(w, "offline", move |_| state.online.set(false));
        listen(w, "focus", move |_| state.resume_pending());
        // Restored from the back/forward cache: show what storage says now, then resume.
        listen(w, "pageshow", move |event| {
            let restored = event
                .dyn_ref::<web_sys::PageTransitionEvent>()
                .is_some_and(|e| e.persisted());
            if restored {
                state.reload();
                state.cart_reload();
                state.resume_pending();
            }
        });
        // Leaving (reload, close, navigation): give up this tab's leases, so the next
        // page sends at once instead of waiting for them to expire. The endpoint's
        // idempotency makes a send that was still on its way harmless.
        listen(w, "pagehide", move |_| state.release_leases());
        // Another tab sent or placed an order: show the truth here too.
        let key = keys::orders(&shop.manifest.id);
        listen(w, "storage", move |event| {
            if let Some(e) = event.dyn_ref::<web_sys::StorageEvent>() {
                if e.key().as_deref() == Some(key.as_str()) {
                    state.reload();
                    // The tab that was retrying may be gone: this one takes over when due.
                    state.resume_pending();
                }
            }
        });
        if let Some(document) = window.document() {
            let d: &web_sys::EventTarget = document.as_ref();
            listen(d, "visibilitychange", move |_| {
                if web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
                {
                    state.resume_pending();
                }
            });
        }
    }
    state
}

impl OrdersState {
    /// Stores the outbox now (not in an effect: an order must be on disk before it is sent).
    fn persist(&self) -> bool {
        let text = self.outbox.with_untracked(Outbox::to_storage);
        let ok = storage::set(&keys::orders(&self.shop.manifest.id), &text).is_ok();
        if self.saved.get_untracked() != ok {
            self.saved.set(ok);
        }
        ok
    }

    /// Takes the stored outbox as the truth (another tab may have changed it).
    /// Without working storage, the page's own outbox is the only one and stays.
    fn reload(&self) {
        // When our own writes fail, storage holds an older outbox than this page: keep ours.
        if !self.saved.get_untracked() {
            return;
        }
        if let Ok(Some(stored)) = read_stored(&self.shop.manifest.id) {
            if self.outbox.with_untracked(|o| o != &stored) {
                self.outbox.set(stored);
            }
        }
    }

    fn cart_reload(&self) {
        let key = keys::cart(&self.shop.manifest.id);
        let stored = match storage::get(&key) {
            // No key: the cart was emptied (an order was accepted) while this page slept.
            Ok(None) => Some(String::new()),
            Ok(Some(text)) => Some(text),
            Err(_) => None,
        };
        if let Some(text) = stored {
            let parsed = if text.is_empty() {
                Ok(microshop_core::cart::Cart::default())
            } else {
                microshop_core::cart::Cart::from_storage(&text)
            };
            if let Ok(mut cart) = parsed {
                let changes = cart.reconcile(self.shop.catalog);
                self.cart.cart.set(cart);
                if !changes.is_empty() {
                    self.cart.changes.update(|c| c.extend(changes));
                }
            }
        }
    }

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

    /// Records a new order before its first send; returns whether storage kept it.
    pub fn add(&self, record: OrderRecord) -> bool {
        self.outbox.update(|o| o.put(record));
        self.persist()
    }

    /// Forgets an order (refused by the endpoint, or given up by the buyer).
    pub fn forget(&self, order_id: &str) {
        self.outbox
            .update(|o| o.records.retain(|r| r.order.order_id != order_id));
        self.persist();
    }

    /// The order still on its way, if any: a new one waits until it is settled.
    pub fn unsettled(&self) -> Option<String> {
        self.outbox.with(|o| {
            o.records
                .iter()
                .find(|r| {
                    matches!(
                        r.delivery,
                        microshop_core::outbox::Delivery::Pending { .. }
                            | microshop_core::outbox::Delivery::Failed { .. }
                    )
                })
                .map(|r| r.order.order_id.clone())
        })
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
        self.reload();
        let now = browser::now_ms();
        let tab = self.tab.get_value();
        let lease_ms = u64::from(self.shop.manifest.order.timeout_ms()) + 5_000;
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
        let outcome = self.send_leased(order_id, &tab).await;
        self.in_flight.update(|f| f.retain(|id| id != order_id));
        outcome
    }

    async fn send_leased(&self, order_id: &str, tab: &str) -> Option<Outcome> {
        self.persist();
        // localStorage has no compare-and-set: two tabs may both have written a lease.
        // The later write wins; after a pause each tab reads back whose it is.
        browser::sleep_ms(80).await;
        self.reload();
        let ours = self.outbox.with_untracked(|o| {
            o.get(order_id)
                .is_some_and(|r| r.is_pending() && r.lease.as_ref().is_some_and(|l| l.tab == tab))
        });
        if !ours && self.saved.get_untracked() {
            self.after_lease(order_id);
            return None;
        }
        let record = self.outbox.with_untracked(|o| o.get(order_id).cloned())?;
        let outcome = endpoint::send(self.shop.manifest, &record).await;
        let jitter = browser::random_128()
            .map_or(500, |b| u32::from(u16::from_le_bytes([b[0], b[1]])) % 1_001);
        // Another tab may have settled the order while this attempt was out (this tab
        // was frozen past its lease): an answered order is never downgraded.
        self.reload();
        let mut next = None;
        let mut applied = false;
        self.outbox.update(|o| {
            if let Some(r) = o.records.iter_mut().find(|r| r.order.order_id == order_id) {
                if r.is_pending() || matches!(r.delivery, Delivery::Failed { .. }) {
                    r.record(&outcome, browser::now_ms(), jitter, &RetryPolicy::default());
                    next = r.next_attempt_at.filter(|_| r.is_pending());
                    applied = true;
                }
            }
        });
        if !applied {
            return None;
        }
        self.persist();
        match &outcome {
            Outcome::Accepted(_) => {
                // The seller has it: what was ordered leaves the cart (in every tab,
                // through storage), and the draft forgets its note and referral.
                let skus: Vec<String> = record.order.lines.iter().map(|l| l.sku.clone()).collect();
                self.cart
                    .cart
                    .update(|c| c.lines.retain(|l| !skus.contains(&l.sku)));
                clear_after_order(self.checkout, self.shop.manifest);
            }
            Outcome::Rejected { answer, .. } => {
                // The shop changed under the buyer: the cart follows what the endpoint expects.
                let mut changes = Vec::new();
                self.cart.cart.update(|c| {
                    changes = c.apply_rejection(&answer.problems, self.shop.manifest.currency)
                });
                if !changes.is_empty() {
                    self.cart.changes.update(|c| c.extend(changes));
                }
            }
            Outcome::Retry { .. } | Outcome::Failed { .. } => {}
        }
        if let Some(at) = next {
            self.schedule(order_id.to_owned(), at);
        }
        Some(outcome)
    }

    /// Another tab holds the order: look again when its lease ends.
    fn after_lease(&self, order_id: &str) {
        let until = self.outbox.with_untracked(|o| {
            o.get(order_id)
                .filter(|r| r.is_pending())
                .and_then(|r| r.lease.as_ref())
                .map(|l| l.until)
        });
        if let Some(until) = until {
            self.schedule(order_id.to_owned(), until + 100);
        }
    }

    /// Sends an order when `at` (ms since the epoch) comes, if the browser is online
    /// then. One timer per order: a new schedule replaces the old one.
    fn schedule(&self, order_id: String, at: u64) {
        let state = *self;
        let wait = at.saturating_sub(browser::now_ms()).min(i32::MAX as u64);
        let key = order_id.clone();
        let handle = browser::after_ms(i32::try_from(wait).unwrap_or(i32::MAX), move || {
            state.timers.update_value(|t| {
                t.remove(&order_id);
            });
            if state.online.get_untracked() {
                leptos::task::spawn_local(async move {
                    state.deliver(&order_id).await;
                });
            }
        });
        if let Some(handle) = handle {
            let old = self
                .timers
                .try_update_value(|t| t.insert(key, handle))
                .flatten();
            if let Some(old) = old {
                browser::cancel_timer(old);
            }
        }
    }

    /// Sends every pending order that is due; schedules the others.
    pub fn resume_pending(&self) {
        // The browser's word, not the last event: events missed while the page sat in
        // the back/forward cache would leave a stale flag.
        let online = browser::is_online();
        if self.online.get_untracked() != online {
            self.online.set(online);
        }
        if !online {
            return;
        }
        self.reload();
        let now = browser::now_ms();
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
