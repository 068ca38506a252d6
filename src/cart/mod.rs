//! The cart: its state (the only writer of the cart), its page, and the pieces
//! other pages show (the cart bar, notices, the quantity stepper, totals), and the
//! offer of a shared cart that arrives in a link.

pub mod cart_bar;
pub mod intake;
pub mod notices;
pub mod page;
pub mod quantity;
pub mod state;
pub mod totals;

use leptos::prelude::*;

/// The cart page (with the offer of a shared cart), in the `buying` part (`app.rs`'
/// table of its pages): the feed and product pages show the cart bar, and a buyer
/// opens the page by a tap.
pub fn page() -> AnyView {
    view! { <page::CartPage/> }.into_any()
}
