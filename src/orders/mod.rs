//! The buyer's orders: the outbox (state), the sender that gets each order to the
//! endpoint exactly once, the endpoint adapter, and the receipt page.

pub mod check_page;
pub mod endpoint;
pub mod follow;
pub mod page;
pub mod receipt;
pub mod receipt_words;
pub mod sender;
pub mod state;

use crate::on_demand::{wasm_split, NotLoaded, Page};
use leptos::prelude::*;
use state::OrdersState;

/// The order page (receipt, delivery state, recovery tools), in a part of its own:
/// a buyer reaches it only after placing an order. The receipt check page
/// (`/receipt/`) comes through it too, next to the order page a buyer reaches it
/// from: the first load holds one on-demand page for both (a part of its own was
/// measured: its loader and the chunks it shares with `share` cost the first load's
/// JS 300 B of brotli, docs/performance.md).
#[wasm_split(buying, fallible, wasm_split_path = crate::on_demand::split)]
pub fn page_part() -> Result<Page, NotLoaded> {
    Ok(|| {
        use_context::<OrdersState>().inspect(OrdersState::open);
        view! { <page::OrdersPages/> }.into_any()
    })
}

/// The stored outbox and the sender, for a visit that did not come to check out: an
/// order left unsent by an earlier visit goes out (see `OrdersState::open`).
#[wasm_split(buying, fallible, wasm_split_path = crate::on_demand::split)]
pub fn open_part(orders: OrdersState) -> Result<(), NotLoaded> {
    orders.open();
    Ok(())
}
