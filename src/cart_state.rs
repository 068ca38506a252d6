//! The cart as the app holds it: a signal, saved to local storage on every
//! change, synced from other tabs, reconciled with the catalog on load.

use crate::shop::ShopContext;
use crate::storage::{self, keys};
use leptos::prelude::*;
use microshop_core::cart::{Cart, CartChange};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The cart and what the buyer should be told about it.
#[derive(Clone, Copy)]
pub struct CartState {
    /// The cart.
    pub cart: RwSignal<Cart>,
    /// Changes made to match the catalog, until the buyer dismisses them.
    pub changes: RwSignal<Vec<CartChange>>,
    /// False when the browser will not keep the cart (storage blocked or full).
    pub persistent: RwSignal<bool>,
    /// True when a stored cart was damaged or from an unknown version and was reset.
    pub was_reset: RwSignal<bool>,
}

/// The cart context.
pub fn use_cart() -> CartState {
    expect_context::<CartState>()
}

fn read_stored(key: &str) -> (Cart, bool) {
    match storage::get(key) {
        Ok(Some(text)) => match Cart::from_storage(&text) {
            Ok(cart) => (cart, false),
            Err(_) => (Cart::default(), true),
        },
        _ => (Cart::default(), false),
    }
}

/// Loads the cart, provides it as context and keeps storage in step.
pub fn provide_cart(shop: ShopContext) -> CartState {
    let key = keys::cart(&shop.manifest.id);
    let (mut cart, was_reset) = read_stored(&key);
    let changes = cart.reconcile(shop.catalog);
    let state = CartState {
        cart: RwSignal::new(cart),
        changes: RwSignal::new(changes),
        persistent: RwSignal::new(storage::works()),
        was_reset: RwSignal::new(was_reset),
    };
    provide_context(state);

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

    // Another tab changed the cart: take its version (storage events fire only in other tabs).
    let listener =
        Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            if event.key().as_deref() != Some(key.as_str()) {
                return;
            }
            let mut cart = match event.new_value() {
                Some(text) => Cart::from_storage(&text).unwrap_or_default(),
                None => Cart::default(),
            };
            let changes = cart.reconcile(shop.catalog);
            if !changes.is_empty() {
                state.changes.update(|c| c.extend(changes));
            }
            if state.cart.with_untracked(|c| c != &cart) {
                state.cart.set(cart);
            }
        });
    if let Some(window) = web_sys::window() {
        let _ =
            window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    listener.forget();
    state
}
