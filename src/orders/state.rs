//! The buyer's orders in this browser: the outbox. This feature alone writes it.
//!
//! An order is written to storage before its first send and kept until the endpoint
//! answers (see `sender.rs` for how it gets there). What the endpoint said is
//! published to one listener, given when the state is made: the app wires it into
//! the cart and the checkout in one place, so this feature writes no one else's state.

use crate::reactive::ReadOnly;
use crate::shop::ShopContext;
use crate::web::storage::{self, keys};
use crate::web::{clock, page};
use leptos::prelude::*;
use microshop_core::delivery::answer::Outcome;
use microshop_core::delivery::outbox::{Delivery, OrderRecord, Outbox};
use microshop_core::delivery::receipt::KEEP_DETAILS_MS;
use microshop_core::order::OrderRequest;

/// Told of every answer an endpoint gave for an order of this tab.
pub type OutcomeListener = std::rc::Rc<dyn Fn(&OrderRequest, &Outcome)>;

/// The outbox as context. Read through the accessors; the sender and the verbs
/// here change it.
#[derive(Clone, Copy)]
pub struct OrdersState {
    pub(super) outbox: RwSignal<Outbox>,
    pub(super) in_flight: RwSignal<Vec<String>>,
    pub(super) online: RwSignal<bool>,
    saved: RwSignal<bool>,
    was_reset: RwSignal<bool>,
    /// Whether the stored outbox was read and the sender started (`open`).
    opened: StoredValue<bool>,
    /// The app's owner: the sender's listeners live as long as the app, not as the
    /// page that happened to open the outbox.
    owner: StoredValue<Option<Owner>, LocalStorage>,
    pub(super) tab: StoredValue<String>,
    /// Orders a `deliver` call of this tab is working on (not reactive: a guard).
    pub(super) claims: StoredValue<Vec<String>>,
    /// The pending timer of each order (a list: a few orders at most, and a map's
    /// code of its own in the `buying` part was bytes over its line).
    pub(super) timers: StoredValue<Vec<(String, TimeoutHandle)>>,
    listener: StoredValue<OutcomeListener, LocalStorage>,
    pub(super) shop: ShopContext,
}

thread_local! {
    /// The page's one outbox ([`provide_orders`]): a thread-local, not a Leptos context, whose
    /// generic look-up compiled about 650 B of wasm per type (docs/performance.md,
    /// session 17).
    static STATE: std::cell::Cell<Option<OrdersState>> = const { std::cell::Cell::new(None) };
}

/// The orders context, `None` before the app provides it.
#[inline(never)]
pub fn try_orders() -> Option<OrdersState> {
    STATE.with(std::cell::Cell::get)
}

/// The orders context.
pub fn use_orders() -> OrdersState {
    try_orders().expect("provided by the app at start")
}

fn read_stored(shop_id: &str) -> Result<Option<Outbox>, ()> {
    match storage::get(&keys::orders(shop_id)) {
        Ok(Some(text)) => Outbox::from_storage(&text).map(Some).ok_or(()),
        _ => Ok(None),
    }
}

/// Provides the outbox, empty until [`OrdersState::open`] reads the stored one and
/// starts the sender (from the parts that need them: the first load has neither);
/// `listener` hears every answer.
pub fn provide_orders(shop: ShopContext, listener: OutcomeListener) -> OrdersState {
    let tab = clock::random_128().map_or_else(
        || format!("tab-{}", clock::now_ms()),
        |b| b.iter().take(8).map(|x| format!("{x:02x}")).collect(),
    );
    let state = OrdersState {
        outbox: RwSignal::new(Outbox::default()),
        in_flight: RwSignal::new(Vec::new()),
        online: RwSignal::new(page::is_online()),
        saved: RwSignal::new(true),
        was_reset: RwSignal::new(false),
        opened: StoredValue::new(false),
        owner: StoredValue::new_local(Owner::current()),
        tab: StoredValue::new(tab),
        claims: StoredValue::new(Vec::new()),
        timers: StoredValue::new(Vec::new()),
        listener: StoredValue::new_local(listener),
        shop,
    };
    STATE.with(|s| s.set(Some(state)));
    state
}

impl OrdersState {
    /// Whether this browser keeps orders of this shop (then the sender has work to look at).
    pub fn has_stored(&self) -> bool {
        matches!(storage::get(&keys::orders(&self.shop.manifest.id)), Ok(Some(t)) if !t.is_empty())
    }

    /// Reads the stored outbox, starts the sender and sends what is due; once per page.
    /// Called by the parts that use orders (checkout, order page, and the outbox part
    /// the app loads when orders are stored), never by the first load: the outbox's
    /// reading, storing and sending code lives in those parts.
    pub fn open(&self) {
        if self.opened.get_value() {
            return;
        }
        self.opened.set_value(true);
        match read_stored(&self.shop.manifest.id) {
            Ok(found) => {
                let mut outbox = found.unwrap_or_default();
                // A settled order older than the documented time keeps only a receipt
                // (core::delivery::receipt); stored at once so storage forgets too.
                let before = clock::rfc3339_at(clock::now_ms().saturating_sub(KEEP_DETAILS_MS));
                let pruned = outbox.prune_details(&before);
                self.outbox.set(outbox);
                if pruned {
                    self.persist();
                }
            }
            Err(()) => self.was_reset.set(true),
        }
        let state = *self;
        match self.owner.get_value() {
            Some(owner) => owner.with(|| super::sender::listen(state)),
            None => super::sender::listen(state),
        }
        self.resume_pending();
    }

    /// Every order of this shop in this browser.
    pub fn outbox(&self) -> ReadOnly<Outbox> {
        ReadOnly::new(self.outbox)
    }

    /// Whether this tab is sending `order_id` right now.
    pub fn is_sending(&self, order_id: &str) -> bool {
        self.in_flight.with(|f| f.iter().any(|id| id == order_id))
    }

    /// What the browser says about the network.
    pub fn online(&self) -> ReadOnly<bool> {
        ReadOnly::new(self.online)
    }

    /// False when the last write to storage failed: orders live only in this page.
    pub fn saved(&self) -> ReadOnly<bool> {
        ReadOnly::new(self.saved)
    }

    /// True when a stored outbox could not be read and was reset.
    pub fn was_reset(&self) -> ReadOnly<bool> {
        ReadOnly::new(self.was_reset)
    }

    /// The buyer has read that saved orders were reset.
    pub fn dismiss_reset(&self) {
        self.was_reset.set(false);
    }

    /// Stores the outbox now (not in an effect: an order must be on disk before it is sent).
    pub(super) fn persist(&self) -> bool {
        let text = self.outbox.with_untracked(Outbox::to_storage);
        let ok = storage::set(&keys::orders(&self.shop.manifest.id), &text).is_ok();
        if self.saved.get_untracked() != ok {
            self.saved.set(ok);
        }
        ok
    }

    /// Takes the stored outbox as the truth (another tab may have changed it).
    /// Without working storage, the page's own outbox is the only one and stays.
    pub(super) fn reload(&self) {
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

    /// Tells the app what an endpoint said about an order.
    pub(super) fn publish(&self, order: &OrderRequest, outcome: &Outcome) {
        let listener = self.listener.get_value();
        listener(order, outcome);
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
                        Delivery::Pending { .. } | Delivery::Failed { .. }
                    )
                })
                .map(|r| r.order.order_id.clone())
        })
    }

    /// The newest order placed since `since_ms` (ms since the epoch) by the browser's
    /// clock, to show on a checkout that a reload emptied.
    pub fn latest_since(&self, since_ms: u64) -> Option<OrderRecord> {
        let since = clock::rfc3339_at(since_ms);
        self.outbox.with(|o| {
            o.records
                .iter()
                .rev()
                .find(|r| r.order.created_at >= since)
                .cloned()
        })
    }
}
