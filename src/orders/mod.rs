//! The buyer's orders: the outbox (state), the sender that gets each order to the
//! endpoint exactly once, the endpoint adapter, and the receipt page.

pub mod endpoint;
pub mod follow;
pub mod page;
pub mod sender;
pub mod state;

use leptos::prelude::*;
use state::OrdersState;

/// The order page (receipt, delivery state, recovery tools), in the `buying` part
/// (`app.rs`' table of its pages): a buyer reaches it only after placing an order.
pub fn page() -> AnyView {
    state::try_orders().inspect(OrdersState::open);
    view! { <page::OrderPage/> }.into_any()
}

/// The stored outbox and the sender, for a visit that did not come to check out: an
/// order left unsent by an earlier visit goes out (see `OrdersState::open`); in the
/// `buying` part with the pages.
pub fn open(orders: OrdersState) {
    orders.open();
}
