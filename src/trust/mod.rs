//! Verified-buyer reviews and problems with an order, the buyer's half (docs/trust.md):
//! the product page's reviews and the shop's 90-day problems figures, and on the order
//! page the review form of a completed order and "Report a problem" with its thread.
//! All of it is the `trust` part, fetched only for a shop whose endpoint is
//! `microshop serve`: the product page asks for it when idle and only when the
//! manifest names serve's API (`trust.api`); the order page only for an order serve
//! accepted (it gave the order's secret and status URL).

pub mod api;
pub mod order;
pub mod problems;
pub mod product;
pub mod words;

use crate::on_demand::{wasm_split, NotLoaded, Page};
use crate::shop::links::{self, Route};
use crate::shop::use_shop;
use crate::web::address::use_address;
use api::OrderRef;
use leptos::prelude::*;

/// The product page's reviews, in the `trust` part: the product the address shows,
/// read from the API the manifest names (the page asks only when it names one).
/// A `Page` builder, not a function of the product: `OnDemand`'s types are then the
/// first load's own, and it pays no new copy of them.
#[wasm_split(trust, fallible, wasm_split_path = crate::on_demand::split)]
pub fn product_part() -> Result<Page, NotLoaded> {
    Ok(|| {
        let shop = use_shop();
        let id = use_address()
            .path
            .with_untracked(|p| match links::route(p) {
                Route::Product(id) => Some(id.to_owned()),
                _ => None,
            });
        match (id, shop.manifest.trust.as_ref()) {
            (Some(product_id), Some(trust)) => {
                let api = shop.asset(&trust.api);
                view! { <product::ProductReviewsView product_id api/> }.into_any()
            }
            _ => ().into_any(),
        }
    })
}

/// The order page's reviews and problems, in the `trust` part, for the order the
/// page provides (`OrderRef` in context: serve accepted it).
#[wasm_split(trust, fallible, wasm_split_path = crate::on_demand::split)]
pub fn order_part() -> Result<Page, NotLoaded> {
    Ok(|| match use_context::<OrderRef>() {
        Some(order) => view! { <order::OrderTrustView order/> }.into_any(),
        None => ().into_any(),
    })
}
