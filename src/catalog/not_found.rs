//! The page for a URL the shop does not have.

use crate::i18n::Msg;
use crate::shop::links;
use crate::shop::use_shop;
use leptos::prelude::*;
use leptos_router::components::A;

/// Unknown URL.
#[component]
pub fn NotFound() -> impl IntoView {
    let shop = use_shop();
    view! {
        <main class="page page--narrow">
            <h1>{move || shop.t(Msg::NotFound)}</h1>
            <p><A href=links::home()>{move || shop.t(Msg::ContinueShopping)}</A></p>
        </main>
    }
}
