//! `/cart`: lines with steppers, shipping choice and totals, then checkout.

use crate::cart::intake::SharedCartIntake;
use crate::cart::notices::CartNotices;
use crate::cart::quantity::QuantityStepper;
use crate::cart::state::use_cart;
use crate::cart::totals::{ShippingChoice, TotalsTable};
use crate::embed::{framed, handoff_url, new_tab};
use crate::i18n::Msg;
use crate::share::ShareBar;
use crate::shop::announce::{self, use_announcer};
use crate::shop::links;
use crate::shop::price::Price;
use crate::shop::use_shop;
use leptos::prelude::*;
use microshop_core::cart::CartLine;

/// The cart page.
#[component]
pub fn CartPage() -> impl IntoView {
    let shop = use_shop();
    let cart = use_cart();
    let skus = move || {
        cart.cart()
            .with(|c| c.lines.iter().map(|l| l.sku.clone()).collect::<Vec<_>>())
    };
    view! {
        <div class="page page--narrow">
            <header><nav class="backbar"><a href=links::home() class="backbar__link">{move || format!("{} {}", shop.back_arrow(), shop.t(Msg::ContinueShopping))}</a></nav></header>
            <main>
            <h1>{move || shop.t(Msg::Cart)}</h1>
            <SharedCartIntake/>
            <CartNotices/>
            <Show
                when=move || !cart.cart().plain().with(|c| c.is_empty())
                fallback=move || view! {
                    <div class="empty">
                        <p>{move || shop.t(Msg::CartEmpty)}</p>
                        <a href=links::home() class="button">{move || shop.t(Msg::ContinueShopping)}</a>
                    </div>
                }>
                <ul class="lines">
                    <For each=skus key=|sku| sku.clone() let(sku)>
                        <CartLineView sku/>
                    </For>
                </ul>
                <ShippingChoice/>
                <TotalsTable/>
                // In another site's frame the checkout is a tab of its own, the cart in the link.
                <a href=move || match framed() {
                        Some(_) => cart.cart().plain().with(handoff_url),
                        None => links::checkout(),
                    }
                    class="button button--primary button--block"
                    target=new_tab() rel=new_tab().map(|_| "noopener")>
                    {move || shop.t(if framed().is_some() { Msg::BuyInNewTab } else { Msg::Checkout })}
                </a>
                <ShareBar path=Signal::derive(move || links::shared_cart(&cart.cart().plain().with(|c| c.to_shared())))
                    title=Signal::derive(move || format!("{}: {}", shop.t(Msg::Cart), shop.text(&shop.manifest.seller.name)))/>
            </Show>
            </main>
        </div>
    }
}

#[component]
fn CartLineView(sku: String) -> impl IntoView {
    let shop = use_shop();
    let cart = use_cart();
    // Held for the line's life: a shop in parts may replace its catalog meanwhile.
    let Some((held, variant)) = shop.sku(&sku) else {
        return ().into_any();
    };
    // Closures keep clones of it (a few: the title is a signal).
    let title = {
        let held = held.clone();
        Signal::derive(move || shop.text(&held.title))
    };
    let line = {
        let sku = sku.clone();
        Memo::new(move |_| {
            cart.cart()
                .with(|c| c.lines.iter().find(|l| l.sku == sku).cloned())
        })
    };
    let quantity = RwSignal::new(line.get_untracked().map_or(1, |l| l.quantity));
    // Follow changes made elsewhere (another tab, reconciliation).
    Effect::new(move |_| {
        if let Some(l) = line.get() {
            if quantity.get_untracked() != l.quantity {
                quantity.set(l.quantity);
            }
        }
    });
    let announcer = use_announcer();
    let set_sku = sku.clone();
    let on_change = Callback::new(move |n: u32| {
        cart.set_quantity(&set_sku, n);
        let title = title.get_untracked();
        announcer.say(match line.get_untracked() {
            Some(l) => announce::quantity_now(shop, &title, l.quantity),
            None => announce::removed(shop, &title),
        });
    });
    let remove_sku = sku.clone();
    let variant = &held.variants[variant];
    // The line's option values, by index (the closures keep the held product).
    let options: Vec<(usize, usize)> = held
        .options
        .iter()
        .enumerate()
        .filter_map(|(o, option)| {
            let value = variant.options.get(&option.id)?;
            option
                .values
                .iter()
                .position(|v| &v.id == value)
                .map(|v| (o, v))
        })
        .collect();
    let cover = held.images.first().map(|i| shop.asset(i));
    let (min, max) = (held.min_quantity(), held.max_quantity(variant));
    let href = links::product(&held.id, Some(&sku));
    let options = (!options.is_empty()).then(move || {
        view! {
            <p class="line__options">{options.into_iter().map(|(o, v)| {
                let (name, label) = (held.clone(), held.clone());
                view! { <span>{move || shop.text(&name.options[o].name)}": "{move || shop.text(&label.options[o].values[v].label)}" "</span> }
            }).collect_view()}</p>
        }
    });
    let line_total = move || {
        line.get()
            .and_then(|l: CartLine| l.unit_price.checked_mul(l.quantity).ok())
            .unwrap_or_default()
    };
    let unit = move || line.get().map(|l| l.unit_price).unwrap_or_default();
    view! {
        <li class="line" data-sku=sku.clone()>
            {cover.map(|src| view! { <img class="line__image" src=src alt="" width="72" height="72"/> })}
            <div class="line__body">
                <a href=href class="line__title">{title}</a>
                {options}
                <p class="line__unit"><Price amount=Signal::derive(unit)/></p>
                <div class="line__actions">
                    <QuantityStepper value=quantity min max
                        label=title on_change/>
                    <button type="button" class="button button--quiet" on:click=move |_| {
                        cart.remove(&remove_sku);
                        announcer.say(announce::removed(shop, &title.get_untracked()));
                        // The focused button is gone with its line: the page's heading takes the focus.
                        crate::web::focus::to_page_heading(true);
                    }>
                        {move || shop.t(Msg::Remove)}<span class="visually-hidden">" "{title}</span>
                    </button>
                </div>
            </div>
            <p class="line__total"><Price amount=Signal::derive(line_total)/></p>
        </li>
    }
    .into_any()
}
