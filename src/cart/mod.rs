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
