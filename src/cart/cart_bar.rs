//! The sticky bar at the bottom of shopping pages: item count and subtotal, to the cart.

use crate::cart::state::use_cart;
use crate::embed::{framed, handoff_url, new_tab};
use crate::i18n::money::format_money;
use crate::i18n::Msg;
use crate::shop::links;
use crate::shop::use_shop;
use leptos::prelude::*;

/// Shown while the cart has something.
#[component]
pub fn CartBar() -> impl IntoView {
    let shop = use_shop();
    let cart = use_cart();
    let count = move || cart.cart().with(|c| c.count());
    let subtotal = move || {
        cart.cart()
            .with(|c| c.subtotal().ok())
            .map(|s| format_money(s, shop.manifest.currency, &shop.locale.get()))
            .unwrap_or_default()
    };
    view! {
        <Show when=move || { count() > 0 }>
            <div class="cart-bar">
                // In another site's frame the cart goes on to a tab of its own.
                <a href=move || match framed() {
                        Some(_) => cart.cart().with(handoff_url),
                        None => links::cart(),
                    }
                    class="button button--primary button--block cart-bar__link"
                    target=new_tab() rel=new_tab().map(|_| "noopener")>
                    <span>{move || shop.t(if framed().is_some() { Msg::BuyInNewTab } else { Msg::ViewCart })}</span>
                    <span class="cart-bar__count" data-testid="cart-count">{count}</span>
                    <span class="cart-bar__total">{subtotal}</span>
                </a>
            </div>
        </Show>
    }
}
