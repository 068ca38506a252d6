//! One product in the feed.

use crate::i18n::Msg;
use crate::shop::links;
use crate::shop::price::{Price, PriceFrom};
use crate::shop::use_shop;
use leptos::prelude::*;
use microshop_core::catalog::card::Card;
use microshop_core::text::Text;
use microshop_core::{Money, Product};

/// What a card shows of a product: read from the product itself (a shop with its
/// whole catalog), or from its card (what a shop in parts publishes of it for the
/// feed). One card view for both; the second's code is only in the `parts` part.
pub trait OnCard: Send + Sync + 'static {
    fn id(&self) -> &str;
    fn title(&self) -> &Text;
    fn cover(&self) -> Option<&String>;
    /// The lowest price, and whether other variants cost more ("from").
    fn price(&self) -> (Money, bool);
    /// The cheapest variant's former price.
    fn was(&self) -> Option<Money>;
    fn sold_out(&self) -> bool;
}

impl OnCard for Product {
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &Text {
        &self.title
    }
    fn cover(&self) -> Option<&String> {
        self.images.first()
    }
    fn price(&self) -> (Money, bool) {
        (self.lowest_price(), self.has_price_range())
    }
    fn was(&self) -> Option<Money> {
        self.variants
            .iter()
            .find(|v| self.price_of(v) == self.lowest_price())
            .and_then(|v| self.compare_at_of(v))
    }
    fn sold_out(&self) -> bool {
        Product::sold_out(self)
    }
}

impl OnCard for Card {
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &Text {
        &self.title
    }
    fn cover(&self) -> Option<&String> {
        self.image.as_ref()
    }
    fn price(&self) -> (Money, bool) {
        (self.price, self.from)
    }
    fn was(&self) -> Option<Money> {
        self.was
    }
    fn sold_out(&self) -> bool {
        self.sold_out
    }
}

/// A product card linking to the product page. `eager` for the first row, so the
/// largest paint does not wait for lazy loading.
#[component]
pub fn ProductCard<P: OnCard>(product: &'static P, eager: bool) -> impl IntoView {
    let shop = use_shop();
    let cover = product.cover().map(|i| shop.asset(i));
    let compare_at = product.was();
    let sold_out = product.sold_out();
    let (price, from) = product.price();
    view! {
        <li class="card" class:card--sold-out=sold_out>
            <a href=links::product(product.id(), None) class="card__link">
                <div class="card__image">
                    {cover.map(|src| view! {
                        <img src=src alt="" width="400" height="400"
                            loading=if eager { "eager" } else { "lazy" }
                            decoding="async"/>
                    })}
                    {sold_out.then(|| view! { <span class="badge badge--sold-out">{move || shop.t(Msg::SoldOut)}</span> })}
                </div>
                <h2 class="card__title">{move || shop.text(product.title())}</h2>
                <p class="card__price">
                    {if from {
                        view! { <PriceFrom amount=price/> }.into_any()
                    } else {
                        view! { <Price amount=price/> }.into_any()
                    }}
                    {compare_at.map(|c| view! { " " <Price amount=c former=true/> })}
                </p>
            </a>
        </li>
    }
}
