//! Prices on screen: the one component that shows an amount, in the shop's
//! currency and the buyer's locale.

use crate::i18n::money::format_money;
use crate::i18n::Msg;
use crate::shop::use_shop;
use leptos::prelude::*;
use microshop_core::Money;

/// "from ¥68.00" / "¥68.00 起": the lowest of several prices, worded for the locale.
#[component]
pub fn PriceFrom(
    /// The lowest price.
    amount: Money,
) -> impl IntoView {
    let shop = use_shop();
    let part = move |first: bool| {
        let (before, after) = shop.words().around(Msg::From, "price");
        if first {
            before
        } else {
            after
        }
    };
    view! {
        <span class="card__from">{move || part(true)}</span>
        <Price amount=amount/>
        <span class="card__from">{move || part(false)}</span>
    }
}

/// An amount in the shop's currency and the buyer's locale.
#[component]
pub fn Price(
    /// The amount.
    #[prop(into)]
    amount: Signal<Money>,
    /// Shown struck through, as the former price.
    #[prop(optional)]
    former: bool,
) -> impl IntoView {
    let shop = use_shop();
    let text = move || format_money(amount.get(), shop.manifest.currency, &shop.locale.get());
    if former {
        view! { <s class="price price--former">{text}</s> }.into_any()
    } else {
        view! { <span class="price">{text}</span> }.into_any()
    }
}
