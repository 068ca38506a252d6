//! One product in the feed.

use crate::i18n::Msg;
use crate::shop::links;
use crate::shop::price::{Price, PriceFrom};
use crate::shop::use_shop;
use leptos::prelude::*;
use microshop_core::catalog::card::Card;

/// A product card linking to the product page, drawn from the product's card (what
/// a shop in parts publishes of it for the feed). `eager` for the first row, so the
/// largest paint does not wait for lazy loading.
#[component]
pub fn ProductCard(product: &'static Card, eager: bool) -> impl IntoView {
    let shop = use_shop();
    let cover = product.image.as_ref().map(|i| shop.asset(i));
    let compare_at = product.was;
    let sold_out = product.sold_out;
    view! {
        <li class="card" class:card--sold-out=sold_out>
            <a href=links::product(&product.id, None) class="card__link">
                <div class="card__image">
                    {cover.map(|src| view! {
                        <img src=src alt="" width="400" height="400"
                            loading=if eager { "eager" } else { "lazy" }
                            decoding="async"/>
                    })}
                    {sold_out.then(|| view! { <span class="badge badge--sold-out">{move || shop.t(Msg::SoldOut)}</span> })}
                </div>
                <h2 class="card__title">{move || shop.text(&product.title)}</h2>
                <p class="card__price">
                    {if product.from {
                        view! { <PriceFrom amount=product.price/> }.into_any()
                    } else {
                        view! { <Price amount=product.price/> }.into_any()
                    }}
                    {compare_at.map(|c| view! { " " <Price amount=c former=true/> })}
                </p>
            </a>
        </li>
    }
}
