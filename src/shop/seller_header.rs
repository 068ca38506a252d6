//! Who sells: name, avatar, bio and the promises that make a buyer trust the shop.

use crate::i18n::{Msg, Say};
use crate::shop::use_shop;
use leptos::prelude::*;

/// The seller's header (the page's banner) with a one-line trust strip that opens to
/// policies and contacts; Escape closes the strip.
#[component]
pub fn SellerHeader(
    /// More for the opened strip, built when a buyer first opens it (the feed's
    /// "Receipts signed by <domain>", which lives in an on-demand part this layer
    /// does not know).
    opened_more: fn() -> AnyView,
) -> impl IntoView {
    let shop = use_shop();
    let seller = &shop.manifest.seller;
    let policies = &seller.policies;
    let avatar = seller.avatar.as_ref().map(|a| shop.asset(a));
    let opened = RwSignal::new(false);
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
        <details class="trust" on:keydown=crate::web::focus::escape_closes_details on:toggle=move |_| opened.set(true)>
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
            {move || if opened.get() { opened_more() } else { ().into_any() }}
        </details>
        </header>
    }
}

/// The seller's contacts as links a phone can act on.
#[component]
pub fn ContactList() -> impl IntoView {
    let shop = use_shop();
    let c = &shop.manifest.seller.contacts;
    let tel = |n: &str| {
        format!(
            "tel:{}",
            n.chars()
                .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                .collect::<String>()
        )
    };
    view! {
        <ul class="contacts" aria-label=move || shop.t(Msg::Contact)>
            {c.wechat.as_ref().map(|w| view! { <li><span class="contacts__label">"WeChat"</span><span class="contacts__value">{w.clone()}</span></li> })}
            {c.phone.as_ref().map(|p| view! { <li><a href=tel(p)>{p.clone()}</a></li> })}
            {c.email.as_ref().map(|e| view! { <li><a href=format!("mailto:{e}")>{e.clone()}</a></li> })}
            {c.whatsapp.as_ref().map(|w| view! { <li><a href=format!("https://wa.me/{}", w.chars().filter(char::is_ascii_digit).collect::<String>()) rel="noopener">"WhatsApp"</a></li> })}
            {c.telegram.as_ref().map(|t| view! { <li><a href=format!("https://t.me/{}", t.trim_start_matches('@')) rel="noopener">"Telegram"</a></li> })}
            {c.links.iter().map(|l| view! { <li><a href=l.url.clone() rel="noopener">{move || shop.text(&l.label)}</a></li> }).collect_view()}
        </ul>
    }
}
