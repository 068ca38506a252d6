//! Checkout: the draft of what the buyer typed (its only writer) and the page
//! that places the order.

pub mod page;
pub mod state;
