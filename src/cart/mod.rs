//! The cart: its state (the only writer of the cart), its page, and the pieces
//! other pages show (the cart bar, notices, the quantity stepper, totals).

pub mod cart_bar;
pub mod notices;
pub mod page;
pub mod quantity;
pub mod state;
pub mod totals;
