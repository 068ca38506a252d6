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

use crate::on_demand::{wasm_split, NotLoaded};
use api::OrderRef;
use leptos::prelude::*;

/// Builds a product's reviews: its id and serve's buyer API (absolute, ending in `/`).
pub type ProductPanel = fn(&'static str, String) -> AnyView;
/// Builds an order's reviews and problems.
pub type OrderPanel = fn(OrderRef) -> AnyView;

/// The product page's reviews, in the `trust` part.
#[wasm_split(trust, fallible, wasm_split_path = crate::on_demand::split, preload(prefetch))]
pub fn product_part() -> Result<ProductPanel, NotLoaded> {
    Ok(|product_id, api| view! { <product::ProductReviewsView product_id api/> }.into_any())
}

/// The order page's reviews and problems, in the `trust` part.
#[wasm_split(trust, fallible, wasm_split_path = crate::on_demand::split)]
pub fn order_part() -> Result<OrderPanel, NotLoaded> {
    Ok(|order| view! { <order::OrderTrustView order/> }.into_any())
}
