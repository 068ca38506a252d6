//! Checkout: the draft of what the buyer typed (its only writer) and the page
//! that places the order.

pub mod page;
pub mod state;

use leptos::prelude::*;

/// The checkout page, in the `buying` part (`app.rs`' table of its pages): only a
/// buyer who checks out needs it.
pub fn page() -> AnyView {
    crate::orders::state::try_orders().inspect(|o| o.open());
    view! { <page::CheckoutPage/> }.into_any()
}
