//! Shipping choice and the subtotal / shipping / total table, computed in core.

use crate::cart::state::use_cart;
use crate::checkout::state::use_checkout;
use crate::i18n::money::format_money;
use crate::i18n::{Msg, Say};
use crate::shop::price::Price;
use crate::shop::use_shop;
use leptos::prelude::*;
use microshop_core::cart::Totals;

/// The totals for the current cart and shipping choice.
pub fn use_totals() -> Signal<Option<Totals>> {
    let shop = use_shop();
    let cart = use_cart();
    let checkout = use_checkout();
    Signal::derive(move || {
        let shipping_id = checkout.draft().with(|d| d.shipping_id.clone());
        let option = shop
            .manifest
            .shipping
            .iter()
            .find(|s| Some(&s.id) == shipping_id.as_ref());
        cart.cart().with(|c| c.totals(option).ok())
    })
}

/// Radio buttons for the shop's shipping options, with each one's cost for this cart.
#[component]
pub fn ShippingChoice() -> impl IntoView {
    let shop = use_shop();
    let cart = use_cart();
    let checkout = use_checkout();
    if shop.manifest.shipping.is_empty() {
        return ().into_any();
    }
    let subtotal = move || cart.cart().with(|c| c.subtotal().unwrap_or_default());
    view! {
        <fieldset class="shipping">
            <legend>{move || shop.t(Msg::Shipping)}</legend>
            {shop.manifest.shipping.iter().map(|option| {
                let id = option.id.clone();
                let checked = {
                    let id = id.clone();
                    move || checkout.draft().with(|d| d.shipping_id.as_ref() == Some(&id))
                };
                let cost = move || option.cost_for(subtotal());
                view! {
                    <label class="shipping__option">
                        <input type="radio" name="shipping" value=id.clone() prop:checked=checked
                            on:change=move |_| checkout.choose_shipping(&id)/>
                        <span class="shipping__label">{move || shop.text(&option.label)}</span>
                        <span class="shipping__cost">
                            {move || if cost().minor() == 0 {
                                view! { <span>{shop.t(Msg::Free)}</span> }.into_any()
                            } else {
                                view! { <Price amount=Signal::derive(cost)/> }.into_any()
                            }}
                        </span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}

/// Subtotal, shipping and total.
#[component]
pub fn TotalsTable() -> impl IntoView {
    let shop = use_shop();
    let totals = use_totals();
    let has_shipping = !shop.manifest.shipping.is_empty();
    let cart = use_cart();
    let checkout = use_checkout();
    // "Add ¥12.00 more for free shipping": the rule before the buyer hits it.
    let free_shipping_in = move || {
        let shipping_id = checkout.draft().with(|d| d.shipping_id.clone());
        let option = shop
            .manifest
            .shipping
            .iter()
            .find(|s| Some(&s.id) == shipping_id.as_ref())?;
        let threshold = option.free_over?;
        let subtotal = cart.cart().with(|c| c.subtotal().ok())?;
        let missing = threshold
            .checked_sub(subtotal)
            .ok()
            .filter(|m| m.minor() > 0)?;
        (option.price.minor() > 0).then(|| {
            shop.words().free_shipping_in(&format_money(
                missing,
                shop.manifest.currency,
                &shop.locale.get(),
            ))
        })
    };
    let part = move |f: fn(&Totals) -> microshop_core::Money| {
        Signal::derive(move || totals.get().map(|t| f(&t)).unwrap_or_default())
    };
    view! {
        <dl class="totals" data-testid="totals">
            <div class="totals__row"><dt>{move || shop.t(Msg::Subtotal)}</dt><dd><Price amount=part(|t| t.subtotal)/></dd></div>
            {has_shipping.then(|| view! {
                <div class="totals__row"><dt>{move || shop.t(Msg::Shipping)}</dt><dd><Price amount=part(|t| t.shipping)/></dd></div>
            })}
            <div class="totals__row totals__row--total"><dt>{move || shop.t(Msg::Total)}</dt><dd data-testid="total"><Price amount=part(|t| t.total)/></dd></div>
        </dl>
        {move || free_shipping_in().map(|hint| view! { <p class="totals__hint" data-testid="free-shipping-hint">{hint}</p> })}
    }
}
