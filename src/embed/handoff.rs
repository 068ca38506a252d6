//! `/checkout` inside a frame: no form, only the way on to a top-level tab. No order
//! is ever sent from a frame, whose storage the browser may drop (it could not keep
//! an unsent order).

use super::handoff_url;
use crate::cart::state::use_cart;
use crate::i18n::Msg;
use crate::shop::use_shop;
use leptos::prelude::*;

/// The checkout page of a framed shop.
#[component]
pub fn FramedCheckout() -> impl IntoView {
    let shop = use_shop();
    let cart = use_cart();
    view! {
        <main class="page page--narrow">
            <h1>{move || shop.t(Msg::Checkout)}</h1>
            <p>{move || shop.t(Msg::FrameCheckout)}</p>
            <a class="button button--primary button--block" href=move || cart.cart().with(handoff_url)
                target="_blank" rel="noopener" data-testid="handoff">{move || shop.t(Msg::BuyInNewTab)}</a>
        </main>
    }
}
