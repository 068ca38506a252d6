//! The buyer's orders: the outbox (state), the sender that gets each order to the
//! endpoint exactly once, the endpoint adapter, and the receipt page.

pub mod endpoint;
pub mod page;
pub mod sender;
pub mod state;
