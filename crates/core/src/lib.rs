//! The pure domain of microshop: the shop manifest and its validation, money,
//! the cart and the order contract.
//!
//! No browser, no clock, no randomness: whatever needs those (the time an order
//! was made, its random id) is passed in, so every rule here is tested natively
//! and shared by the storefront (wasm) and the reference endpoint (native).

pub mod cart;
pub mod checkout;
pub mod decode;
pub mod feed;
pub mod locale;
pub mod manifest;
pub mod mapping;
pub mod money;
pub mod order;
pub mod outbox;
pub mod problem;
pub mod selection;
pub mod text;
pub mod verify;

mod catalog_decode;
mod reader;

pub use decode::{decode_catalog, decode_manifest};
pub use manifest::*;
pub use money::{Currency, Money, MoneyError};
pub use problem::{Decoded, Problem, Rejected};
pub use text::Text;
