//! One product in the feed.

use crate::i18n::Msg;
use crate::shop::links;
use crate::shop::price::{Price, PriceFrom};
use crate::shop::use_shop;
use leptos::prelude::*;
use microshop_core::Product;

/// A product card linking to the product page. `eager` for the first row, so the
/// largest paint does not wait for lazy loading.
#[component]
pub fn ProductCard(product: &'static Product, eager: bool) -> impl IntoView {
    let shop = use_shop();
    let cover = product.images.first().map(|i| shop.asset(i));
    let compare_at = product
        .variants
        .iter()
        .find(|v| product.price_of(v) == product.lowest_price())
        .and_then(|v| product.compare_at_of(v));
    let sold_out = product.sold_out();
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
                    {if product.has_price_range() {
                        view! { <PriceFrom amount=product.lowest_price()/> }.into_any()
                    } else {
                        view! { <Price amount=product.lowest_price()/> }.into_any()
                    }}
                    {compare_at.map(|c| view! { " " <Price amount=c former=true/> })}
                </p>
            </a>
        </li>
    }
}
