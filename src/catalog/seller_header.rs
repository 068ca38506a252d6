//! Who sells: name, avatar, bio and the promises that make a buyer trust the shop,
//! at the top of the feed.

use crate::i18n::{Msg, Say};
use crate::on_demand::OnDemand;
use crate::shop::contacts::ContactList;
use crate::shop::use_shop;
use crate::trust;
use leptos::prelude::*;

/// The seller's header (the page's banner) with a one-line trust strip that opens to
/// policies and contacts; Escape closes the strip. In a shop that may sign receipts
/// (it names its key list, or serve's API), the opened strip also says "Receipts
/// signed by <domain>" when the domain vouches for the key: the `trust` part, fetched
/// when the browser is idle, as the product page's reviews and the order page's
/// receipt do (the buyer's next page needs it anyway). Waiting for the strip to open
/// instead was measured: a listener of its own is first-load code
/// (docs/performance.md).
#[component]
pub fn SellerHeader() -> impl IntoView {
    let shop = use_shop();
    let seller = &shop.manifest.seller;
    let policies = &seller.policies;
    let avatar = seller.avatar.as_ref().map(|a| shop.asset(a));
    let may_sign = shop.manifest.receipts.is_some() || shop.manifest.trust.is_some();
    let policy = move |label: Msg, text: &'static microshop_core::Text| {
        view! { <dt>{move || shop.t(label)}</dt><dd class="prose">{move || shop.text(text)}</dd> }
    };
    view! {
        <header class="masthead">
        <div class="seller">
            {avatar.map(|src| view! { <img class="seller__avatar" src=src alt="" width="56" height="56"/> })}
            <div class="seller__text">
                <h1 class="seller__name">{move || shop.text(&seller.name)}</h1>
                {seller.location.as_ref().map(|l| view! { <p class="seller__location">{move || shop.text(l)}</p> })}
            </div>
        </div>
        {seller.bio.as_ref().map(|b| view! { <p class="seller__bio">{move || shop.text(b)}</p> })}
        <details class="trust" on:keydown=crate::web::focus::escape_closes_details>
            <summary class="trust__summary">
                <span class="trust__title">{move || shop.t(Msg::Policies)}</span>
                {policies.ships_within_days.map(|days| view! {
                    <span class="trust__item">{move || shop.words().ships_within(days)}</span>
                })}
                {policies.returns.as_ref().map(|_| view! { <span class="trust__item">{move || shop.t(Msg::Returns)}</span> })}
                {policies.guarantee.as_ref().map(|_| view! { <span class="trust__item">{move || shop.t(Msg::Guarantee)}</span> })}
                <span class="trust__item">{move || shop.t(Msg::Contact)}</span>
            </summary>
            <dl class="trust__details">
                {policies.shipping.as_ref().map(|t| policy(Msg::Shipping, t))}
                {policies.returns.as_ref().map(|t| policy(Msg::Returns, t))}
                {policies.guarantee.as_ref().map(|t| policy(Msg::Guarantee, t))}
                <dt>{move || shop.t(Msg::Contact)}</dt>
                <dd><ContactList/></dd>
            </dl>
            {if may_sign {
                view! { <OnDemand load=trust::part show=crate::trust::page_panel idle=true/> }.into_any()
            } else {
                ().into_any()
            }}
        </details>
        </header>
    }
}
