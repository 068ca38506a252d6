//! The parts of the `microshop` tool that other programs and the integration tests
//! use directly: the store (docs/store.md), announcements of orders where the
//! seller is (docs/notify.md), signed receipts (docs/trust.md) and prices as people read them. The commands are in
//! `main.rs`.

pub mod notify;
pub mod price;
pub mod receipt;
pub mod store;
