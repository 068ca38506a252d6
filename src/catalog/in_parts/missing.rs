//! The product page of a product a shop in parts did not come with (reached in the
//! app: a card of a later page, a search result): its file is fetched, and the first
//! load's product page shows it once it is in the catalog. Meanwhile this page; if
//! the file did not arrive (the network), a button to try again; if the shop
//! answered without it, the product is not found.

use crate::i18n::Msg;
use crate::shop::links::{self, Route};
use crate::shop::use_shop;
use crate::web::address::use_address;
use leptos::prelude::*;

/// Waiting, failed or not found: one view whose parts change, so the wasm carries one.
pub fn page() -> AnyView {
    let shop = use_shop();
    let address = use_address();
    let waiting = RwSignal::new(true);
    let failed = RwSignal::new(false);
    let fetch = move || {
        let id = address.path.with_untracked(|p| match links::route(p) {
            Route::Product(id) => Some(id.to_owned()),
            _ => None,
        });
        let Some(id) = id else { return };
        waiting.set(true);
        failed.set(false);
        leptos::task::spawn_local(async move {
            let answered = shop.fetch_products(vec![id]).await;
            waiting.try_set(false);
            failed.try_set(!answered);
        });
    };
    fetch();
    view! {
        <main class="page page--narrow" aria-busy=move || waiting.get().to_string()>
            <h1>{move || shop.t(if waiting.get() {
                Msg::PartLoading
            } else if failed.get() {
                Msg::PartNotLoaded
            } else {
                Msg::ProductNotFound
            })}</h1>
            <p>
                <button type="button" class="button" style=move || super::grid::shown_if(failed.get()) on:click=move |_| fetch()>{move || shop.t(Msg::TryAgain)}</button>
                " "
                <a href=links::home() class="button">{move || shop.t(Msg::ContinueShopping)}</a>
            </p>
        </main>
    }
    .into_any()
}
