//! The page for a URL the shop does not have.

use crate::i18n::Msg;
use crate::shop::links;
use crate::shop::use_shop;
use leptos::prelude::*;

/// Unknown URL.
#[component]
pub fn NotFound() -> impl IntoView {
    let shop = use_shop();
    view! {
        <main class="page page--narrow">
            <h1>{move || shop.t(Msg::NotFound)}</h1>
            <p><a href=links::home()>{move || shop.t(Msg::ContinueShopping)}</a></p>
        </main>
    }
}
