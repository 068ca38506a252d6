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

use crate::on_demand::{wasm_split, NotLoaded, Page};
use leptos::prelude::*;

/// The cart page (with the offer of a shared cart), in a part of its own: the feed
/// and product pages show the cart bar, and a buyer opens the page by a tap.
#[wasm_split(buying, fallible, wasm_split_path = crate::on_demand::split)]
pub fn page_part() -> Result<Page, NotLoaded> {
    Ok(|| view! { <page::CartPage/> }.into_any())
}
