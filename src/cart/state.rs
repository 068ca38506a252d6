//! The cart as the app holds it. This module alone writes the cart: every change
//! goes through a verb here, is saved to local storage, and is synced from other
//! tabs and from the back/forward cache; the catalog reconciles it on load.

use crate::reactive::{Lasting, ReadOnly};
use crate::shop::ShopContext;
use crate::web::storage::{self, keys};
use leptos::ev;
use leptos::prelude::*;
use microshop_core::cart::share::SharedNotice;
use microshop_core::cart::{Cart, CartChange, CartError, Correction};

/// The cart and what the buyer should be told about it. Read through the
/// accessors; change through the verbs.
#[derive(Clone, Copy)]
pub struct CartState {
    cart: RwSignal<Cart>,
    changes: RwSignal<Vec<CartChange>>,
    persistent: RwSignal<bool>,
    was_reset: RwSignal<bool>,
    shop: ShopContext,
}

thread_local! {
    /// The page's one cart ([`provide_cart`]): a thread-local, not a Leptos context, whose
    /// generic look-up compiled about 650 B of wasm per type (docs/performance.md,
    /// session 17).
    static STATE: std::cell::Cell<Option<CartState>> = const { std::cell::Cell::new(None) };
}

/// The cart context.
#[inline(never)]
pub fn use_cart() -> CartState {
    STATE
        .with(std::cell::Cell::get)
        .expect("provided by the app at start")
}

/// What storage holds: a cart, nothing, a damaged record, or no storage at all.
enum Stored {
    Cart(Cart),
    Empty,
    Damaged,
    Unavailable,
}

fn read_stored(key: &str) -> Stored {
    match storage::get(key) {
        Ok(Some(text)) => Cart::from_storage(&text).map_or(Stored::Damaged, Stored::Cart),
        Ok(None) => Stored::Empty,
        Err(_) => Stored::Unavailable,
    }
}

/// The products of the cart stored for this shop (a shop in parts fetches them
/// with the shop, so the cart is checked against them, not against their absence).
pub fn stored_product_ids(shop_id: &str) -> Vec<String> {
    match read_stored(&keys::cart(shop_id)) {
        Stored::Cart(cart) => product_ids(&cart),
        _ => Vec::new(),
    }
}

thread_local! {
    /// The cart, for the `parts` part: a shop in parts keeps the cart's products.
    static CART: std::cell::Cell<Option<RwSignal<Cart>>> = const { std::cell::Cell::new(None) };
}

/// The products of the cart (the `parts` part's catalog keeps them: a product missing
/// from the catalog is a line the cart drops).
pub fn product_ids_in_cart() -> Vec<String> {
    CART.with(std::cell::Cell::get)
        .map(|cart| cart.with_untracked(product_ids))
        .unwrap_or_default()
}

fn product_ids(cart: &Cart) -> Vec<String> {
    cart.lines.iter().map(|l| l.product_id.clone()).collect()
}

/// Loads the cart, provides it as context and keeps storage in step.
pub fn provide_cart(shop: ShopContext) -> CartState {
    let key = keys::cart(&shop.manifest.id);
    let (mut cart, was_reset) = match read_stored(&key) {
        Stored::Cart(cart) => (cart, false),
        Stored::Damaged => (Cart::default(), true),
        Stored::Empty | Stored::Unavailable => (Cart::default(), false),
    };
    let changes = cart.reconcile(&shop.catalog());
    let state = CartState {
        cart: RwSignal::new(cart),
        changes: RwSignal::new(changes),
        persistent: RwSignal::new(storage::works()),
        was_reset: RwSignal::new(was_reset),
        shop,
    };
    STATE.with(|s| s.set(Some(state)));
    CART.with(|c| c.set(Some(state.cart)));

    // Save every change. A write that fails (quota, private mode) leaves the cart in memory.
    let save_key = key.clone();
    Effect::new(move |_| {
        let text = state.cart.with(Cart::to_storage);
        let stored = storage::get(&save_key).ok().flatten();
        if stored.as_deref() != Some(text.as_str()) {
            let ok = if state.cart.with(Cart::is_empty) {
                storage::remove(&save_key).is_ok()
            } else {
                storage::set(&save_key, &text).is_ok()
            };
            state.persistent.set(ok);
        }
    });

    // Another tab changed the cart (storage events fire only in other tabs).
    let storage_listener = window_event_listener(ev::storage, move |event| {
        if event.key().as_deref() == Some(key.as_str()) {
            state.sync_from_storage();
        }
    });
    // Restored from the back/forward cache: another tab may have ordered meanwhile.
    let pageshow_listener = window_event_listener(ev::pageshow, move |event| {
        if event.persisted() {
            state.sync_from_storage();
        }
    });
    on_cleanup(move || {
        storage_listener.remove();
        pageshow_listener.remove();
    });
    state
}

impl CartState {
    /// The cart (views of every page read it: those that go leave it, `Lasting`).
    pub fn cart(&self) -> Lasting<ReadOnly<Cart>> {
        Lasting::new(ReadOnly::new(self.cart))
    }

    /// Changes made to match the catalog, until the buyer dismisses them.
    pub fn changes(&self) -> ReadOnly<Vec<CartChange>> {
        ReadOnly::new(self.changes)
    }

    /// False when the browser will not keep the cart (storage blocked or full).
    pub fn persistent(&self) -> ReadOnly<bool> {
        ReadOnly::new(self.persistent)
    }

    /// True when a stored cart was damaged or from an unknown version and was reset.
    pub fn was_reset(&self) -> ReadOnly<bool> {
        ReadOnly::new(self.was_reset)
    }

    /// Adds `quantity` of a variant; returns the line's new quantity.
    pub fn add(&self, sku: &str, quantity: u32) -> Result<u32, CartError> {
        let mut result = Err(CartError::Unknown);
        self.cart
            .update(|c| result = c.add(&self.shop.catalog(), sku, quantity));
        result
    }

    /// Sets a line's quantity within its limits; 0 removes it.
    pub fn set_quantity(&self, sku: &str, quantity: u32) {
        self.cart
            .update(|c| c.set_quantity(&self.shop.catalog(), sku, quantity));
    }

    /// Removes a line.
    pub fn remove(&self, sku: &str) {
        self.cart.update(|c| c.remove(sku));
    }

    /// Takes out what an accepted order contained (in every tab, through storage).
    pub fn remove_ordered<'a>(&self, skus: impl IntoIterator<Item = &'a str>) {
        self.cart.update(|c| c.remove_ordered(skus));
    }

    /// Follows what an endpoint said when it refused an order, and tells the buyer.
    pub fn apply_corrections(&self, corrections: &[Correction]) {
        let mut changes = Vec::new();
        self.cart
            .update(|c| changes = c.apply_corrections(corrections));
        self.tell(changes);
    }

    /// Puts a shared cart (checked against the catalog by `share::shared_cart`) in
    /// place of this one: the buyer's cart was empty, or they chose to replace it.
    pub fn replace_with_shared(&self, shared: Cart) {
        self.cart.set(shared);
    }

    /// Adds a shared cart's lines to this one; returns the lines that had to be lowered.
    pub fn merge_shared(&self, shared: &Cart) -> Vec<SharedNotice> {
        let mut notices = Vec::new();
        self.cart
            .update(|c| notices = c.merge(&self.shop.catalog(), shared));
        notices
    }

    /// Takes the stored cart as the truth: another tab, or an order accepted while
    /// this page slept, may have changed it. Without storage this page's cart stays.
    pub fn sync_from_storage(&self) {
        let key = keys::cart(&self.shop.manifest.id);
        let cart = match read_stored(&key) {
            Stored::Cart(cart) => cart,
            Stored::Empty | Stored::Damaged => Cart::default(),
            Stored::Unavailable => return,
        };
        // A shop in parts fetches the products another tab added before checking
        // the cart against them: one not loaded yet is not one gone.
        if self.shop.parts.is_none() {
            return self.take(cart);
        }
        let ids = product_ids(&cart);
        let state = *self;
        leptos::task::spawn_local(async move {
            if state.shop.fetch_products(ids).await {
                state.take(cart);
            }
        });
    }

    fn take(&self, mut cart: Cart) {
        let changes = cart.reconcile(&self.shop.catalog());
        self.tell(changes);
        if self.cart.with_untracked(|c| c != &cart) {
            self.cart.set(cart);
        }
    }

    /// The buyer has read the changes.
    pub fn dismiss_changes(&self) {
        self.changes.set(Vec::new());
    }

    /// The buyer has read that the stored cart was reset.
    pub fn dismiss_reset(&self) {
        self.was_reset.set(false);
    }

    fn tell(&self, changes: Vec<CartChange>) {
        if !changes.is_empty() {
            self.changes.update(|c| c.extend(changes));
        }
    }
}
