//! Tells the buyer what changed in the cart to match the shop: never silently.

use crate::cart::state::use_cart;
use crate::i18n::money::format_money;
use crate::i18n::{Msg, Say};
use crate::shop::{use_shop, ShopContext};
use leptos::prelude::*;
use microshop_core::cart::CartChange;

/// A dismissable list of cart changes, and storage warnings.
#[component]
pub fn CartNotices() -> impl IntoView {
    let shop = use_shop();
    let cart = use_cart();
    let orders = crate::orders::state::use_orders();
    let title_of = move |sku: &str, product_id: &str| {
        shop.catalog()
            .find_sku(sku)
            .map(|(p, _)| shop.text(&p.title))
            .or_else(|| {
                shop.catalog()
                    .product(product_id)
                    .map(|p| shop.text(&p.title))
            })
            .unwrap_or_else(|| sku.to_owned())
    };
    let describe = move |change: &CartChange| match change {
        CartChange::Removed { product_id, sku } => {
            shop.words().line_removed(&title_of(sku, product_id))
        }
        CartChange::PriceChanged { sku, now, .. } => shop.words().price_changed(
            &title_of(sku, ""),
            &format_money(*now, shop.manifest.currency, &shop.locale.get()),
        ),
        CartChange::QuantityChanged { sku, now, .. } => {
            shop.words().quantity_reduced(&title_of(sku, ""), *now)
        }
    };
    let dismissed = RwSignal::new(false);
    crate::web::room::keep_room_for_bar();
    view! {
        // Storage notices come late (a save that fails when the buyer changes a
        // quantity; saved orders read by the outbox part after the page is drawn):
        // pinned to the bottom of the viewport in the cart bar's place, as on the
        // order page, so nothing moves. The bar is always in the page, not drawn while
        // it is empty (`.cart-bar:empty`): the page's room for it under its last line
        // (`.page:has(.cart-bar)`) is there from the start, as tall as the bar is
        // (`--bar-h`, src/web/room.rs), and a focused field scrolls clear of it.
        <div class="cart-bar" id="notices">
            // Dismissed for this page only: the buyer can act without it, and the next
            // page (cart, checkout) says it again; the order page's own notice that
            // its order is not saved has no Dismiss.
            <Show when=move || !cart.persistent().get() && !dismissed.get()>
                {warning(shop, Msg::StorageUnavailable, Box::new(move || dismissed.set(true)))}
            </Show>
            <Show when=move || orders.was_reset().get()>
                {warning(shop, Msg::OutboxReset, Box::new(move || orders.dismiss_reset()))}
            </Show>
        </div>
        <Show when=move || cart.was_reset().get()>
            {warning(shop, Msg::CartReset, Box::new(move || cart.dismiss_reset()))}
        </Show>
        <Show when=move || !cart.changes().with(|c| c.is_empty())>
            <div class="notice" role="alert" data-testid="cart-changes" tabindex="-1">
                <p>{move || shop.t(Msg::CartChanged)}</p>
                <ul>{move || cart.changes().get().iter().map(|c| view! { <li>{describe(c)}</li> }).collect_view()}</ul>
                <button type="button" class="button button--quiet" on:click=move |_| dismiss_then_heading(&|| cart.dismiss_changes())>{move || shop.t(Msg::Dismiss)}</button>
            </div>
        </Show>
    }
}

/// A warning the buyer can dismiss: one view's code for the three of them (the
/// dismissing boxed, not a type of its own each).
fn warning(shop: ShopContext, msg: Msg, dismiss: Box<dyn Fn()>) -> impl IntoView {
    view! {
        <div class="notice notice--warning" role="status">
            <p>{move || shop.t(msg)}</p>
            <button type="button" class="button button--quiet" on:click=move |_| dismiss_then_heading(&*dismiss)>{move || shop.t(Msg::Dismiss)}</button>
        </div>
    }
}

/// Dismisses a notice; the button that had the focus goes with it, so the page's
/// heading takes the focus, as when a cart line is removed (not `<body>`: a
/// keyboard or screen-reader buyer would start again from the top).
fn dismiss_then_heading(dismiss: &dyn Fn()) {
    dismiss();
    crate::web::focus::heading_if_lost();
}
