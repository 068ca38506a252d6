//! The buyer's orders: the outbox (state), the sender that gets each order to the
//! endpoint exactly once, the endpoint adapter, and the receipt page.

pub mod endpoint;
pub mod follow;
pub mod page;
pub mod sender;
pub mod state;

use crate::on_demand::{wasm_split, NotLoaded, Page};
use leptos::prelude::*;
use state::OrdersState;

/// The order page (receipt, delivery state, recovery tools), in a part of its own:
/// a buyer reaches it only after placing an order.
#[wasm_split(buying, fallible, wasm_split_path = crate::on_demand::split)]
pub fn page_part() -> Result<Page, NotLoaded> {
    Ok(|| {
        use_context::<OrdersState>().inspect(OrdersState::open);
        view! { <page::OrderPage/> }.into_any()
    })
}

/// The stored outbox and the sender, for a visit that did not come to check out: an
/// order left unsent by an earlier visit goes out (see `OrdersState::open`).
#[wasm_split(buying, fallible, wasm_split_path = crate::on_demand::split)]
pub fn open_part(orders: OrdersState) -> Result<(), NotLoaded> {
    orders.open();
    Ok(())
}
