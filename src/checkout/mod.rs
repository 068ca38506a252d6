//! Checkout: the draft of what the buyer typed (its only writer) and the page
//! that places the order.

pub mod page;
pub mod state;

use crate::on_demand::{wasm_split, NotLoaded, Page};
use leptos::prelude::*;

/// The checkout page, in a part of its own: only a buyer who checks out needs it.
#[wasm_split(buying, fallible, wasm_split_path = crate::on_demand::split, preload(prefetch))]
pub fn page_part() -> Result<Page, NotLoaded> {
    Ok(|| {
        use_context::<crate::orders::state::OrdersState>().inspect(|o| o.open());
        view! { <page::CheckoutPage/> }.into_any()
    })
}
