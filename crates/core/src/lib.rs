//! The pure domain of microshop: the shop manifest and its validation, money,
//! the cart, the order contract and the delivery of orders.
//!
//! No browser, no clock, no randomness: whatever needs those (the time an order
//! was made, its random id) is passed in, so every rule here is tested natively
//! and shared by the storefront (wasm) and the reference endpoint (native).
//!
//! Modules form layers; each imports only from layers below it (held by
//! `tests/layers.rs`):
//!
//! 1. `money`, `text`, `problem`, `locale`: values with no knowledge of a shop
//! 2. `rules`: every check on a piece of text (ids, URLs, locales, e-mail, phone)
//! 3. `theme`: presets, layout options, token kinds and the theme's CSS
//! 4. `manifest`: the types a shop.json decodes into, the order endpoint included
//! 5. `decode`: reading a shop.json, reporting every problem with its path
//! 6. `catalog`: the feed query and variant selection
//! 7. `cart`, `checkout`: the buyer's cart and the checkout fields
//! 8. `order`: the order contract, building an order, its text, verification
//! 9. `delivery`: templates, requests, answers, the outbox and its retry policy

pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod decode;
pub mod delivery;
pub mod locale;
pub mod manifest;
pub mod money;
pub mod order;
pub mod problem;
pub mod rules;
pub mod text;
pub mod theme;

pub use decode::{decode_catalog, decode_manifest};
pub use manifest::*;
pub use money::{Currency, Money, MoneyError};
pub use problem::{Decoded, Problem, Rejected, Subject};
pub use text::Text;
