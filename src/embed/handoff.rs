//! From a framed shop to a top-level tab: a plain link (`target=_blank`,
//! `rel=noopener`) to the cart page with the cart in its address, which the new tab
//! offers as a shared cart. No order is ever sent from a frame, whose storage the
//! browser may drop (it could not keep an unsent order).

use crate::cart::state::use_cart;
use crate::i18n::Msg;
use crate::shop::{links, use_shop};
use crate::web::page;
use leptos::prelude::*;

/// The link that continues in a new tab, carrying the cart (or the shop, when empty).
#[component]
pub fn Handoff() -> impl IntoView {
    let shop = use_shop();
    let cart = use_cart();
    let href = move || {
        let text = cart.cart().with(|c| (!c.is_empty()).then(|| c.to_shared()));
        page::absolute(&text.map_or_else(links::home, |t| links::shared_cart(&t)))
    };
    view! {
        <a class="button button--primary button--block handoff" href=href target="_blank" rel="noopener" data-testid="handoff">
            {move || shop.t(Msg::BuyInNewTab)}
        </a>
    }
}

/// `/checkout` inside a frame: no form, the way on to a top-level tab.
#[component]
pub fn FramedCheckout() -> impl IntoView {
    let shop = use_shop();
    view! {
        <main class="page page--narrow">
            <h1>{move || shop.t(Msg::Checkout)}</h1>
            <p>{move || shop.t(Msg::FrameCheckout)}</p>
            <Handoff/>
        </main>
    }
}
