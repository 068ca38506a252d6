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

/// The `trust` part's one entry: the panel for the page it is shown on. The order
/// page provides its order (`OrderRef`: serve accepted it) and gets the review forms
/// and problems; the product page provides none and gets the product's reviews, read
/// from the API the manifest names (the page asks only when it names one). One split
/// point returning a `Page` builder: each split point costs the first load a loader
/// stub, and `OnDemand`'s types for a `Page` are the first load's own already.
#[wasm_split(trust, fallible, wasm_split_path = crate::on_demand::split)]
pub fn panel_part() -> Result<Page, NotLoaded> {
    Ok(|| {
        if let Some(order) = use_context::<OrderRef>() {
            return view! { <order::OrderTrustView order/> }.into_any();
        }
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
