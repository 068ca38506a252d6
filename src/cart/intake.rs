//! A shared cart arriving in the address (`/cart/?cart=1.sku~2`): offered, never
//! silently put over the buyer's own cart. An empty cart simply takes it; otherwise the
//! buyer adds it to theirs, replaces theirs, or ignores it. What the catalog changed
//! (unknown, sold out, over a limit) is said, and a damaged link changes nothing.
//! Once handled, `cart=` leaves the address, so a reload does not offer it again.

use crate::cart::state::use_cart;
use crate::i18n::words::{shared_cart_error, shared_notice};
use crate::i18n::Msg;
use crate::shop::use_shop;
use crate::web::address::use_address;
use crate::web::page;
use leptos::prelude::*;
use microshop_core::cart::share::{decode, shared_cart, SharedCartError, SharedNotice};
use microshop_core::cart::Cart;

/// Where the offer stands.
#[derive(Clone)]
enum Intake {
    /// The buyer has a cart of their own: add, replace or ignore?
    Ask(Cart),
    /// Handled: what happened, and the lines that came in (said, so the buyer knows).
    Done(Msg, Cart),
    /// The link could not be read; nothing changed.
    Broken(SharedCartError),
}

/// The offer of a shared cart named in the address, if there is one.
#[component]
pub fn SharedCartIntake() -> impl IntoView {
    let shop = use_shop();
    let cart = use_cart();
    let address = use_address();
    let Some(text) = page::query_param("cart") else {
        return ().into_any();
    };
    let mut notices: Vec<SharedNotice> = Vec::new();
    let first = match decode(&text) {
        Err(error) => Intake::Broken(error),
        Ok(lines) => {
            let (offered, changed) = shared_cart(&shop.catalog(), &lines);
            notices = changed;
            if offered.is_empty() {
                Intake::Done(Msg::SharedNothing, Cart::default())
            } else if cart.cart().with_untracked(Cart::is_empty) {
                cart.replace_with_shared(offered.clone());
                Intake::Done(Msg::SharedTaken, offered)
            } else {
                Intake::Ask(offered)
            }
        }
    };
    if !matches!(first, Intake::Ask(_)) {
        address.forget("cart");
    }
    let intake = RwSignal::new(Some(first));
    let notices = RwSignal::new(notices);
    let finish = move |msg: Msg, more: Vec<SharedNotice>| {
        notices.update(|n| n.extend(more));
        intake.update(|i| {
            if let Some(Intake::Ask(came)) = i.take() {
                *i = Some(Intake::Done(msg, came));
            }
        });
        address.forget("cart");
    };
    let title = move |sku: &str, product_id: &str| {
        let catalog = shop.catalog();
        catalog
            .find_sku(sku)
            .map(|(p, _)| p)
            .or_else(|| catalog.product(product_id))
            .map_or_else(|| sku.to_owned(), |p| shop.text(&p.title))
    };
    let asking = move || matches!(intake.read().as_ref(), Some(Intake::Ask(_)));
    let offered = move || match intake.read().as_ref() {
        Some(Intake::Ask(cart) | Intake::Done(_, cart)) => cart.clone(),
        _ => Cart::default(),
    };
    // One paragraph, two lists and the buttons, shown or hidden: fewer view branches
    // (bytes) than a view per state.
    let headline = move || match intake.get() {
        Some(Intake::Ask(_)) => shop.t(Msg::SharedOffer).to_owned(),
        Some(Intake::Done(msg, _)) => shop.t(msg).to_owned(),
        Some(Intake::Broken(error)) => shared_cart_error(&shop.words(), &error),
        None => String::new(),
    };
    let items = move || {
        let w = shop.words();
        let offered = offered().lines.into_iter();
        let lines = offered.map(|l| format!("{} × {}", title(&l.sku, &l.product_id), l.quantity));
        let said = notices.with(|n| {
            n.iter()
                .map(|n| shared_notice(&w, n, &title))
                .collect::<Vec<_>>()
        });
        lines
            .chain(said)
            .map(|text| view! { <li>{text}</li> })
            .collect_view()
    };
    view! {
        <section class="notice shared" role="status" data-testid="shared-cart" hidden=move || intake.read().is_none()>
            <p>{headline}</p>
            <ul>{items}</ul>
            <div class="shared__choices" hidden=move || !asking()>
                <button type="button" class="button button--primary" on:click=move |_| {
                    let more = cart.merge_shared(&offered());
                    finish(Msg::SharedAdded, more);
                }>{move || shop.t(Msg::SharedAdd)}</button>
                <button type="button" class="button" on:click=move |_| {
                    cart.replace_with_shared(offered());
                    finish(Msg::SharedReplaced, Vec::new());
                }>{move || shop.t(Msg::SharedReplace)}</button>
                <button type="button" class="button button--quiet" on:click=move |_| {
                    intake.set(None);
                    address.forget("cart");
                }>{move || shop.t(Msg::SharedIgnore)}</button>
            </div>
            <button type="button" class="button button--quiet" hidden=asking on:click=move |_| intake.set(None)>
                {move || shop.t(Msg::Dismiss)}
            </button>
        </section>
    }
    .into_any()
}
