//! The addresses of the shop's views, in the form a static host serves: a folder per
//! page (`/p/jasmine-pearls/`), and a query for what no host can know in advance
//! (`/order/?id=...`). `microshop publish` writes a file at each of these; the router
//! adds the base path a published shop lives under.

use microshop_core::catalog::feed::encode;

/// The feed.
pub const HOME: &str = "/";
/// The cart.
pub const CART: &str = "/cart/";
/// The checkout.
pub const CHECKOUT: &str = "/checkout/";

/// A product, with a variant chosen when `sku` is given.
pub fn product(id: &str, sku: Option<&str>) -> String {
    match sku {
        Some(sku) => format!("/p/{}/?v={}", encode(id), encode(sku)),
        None => format!("/p/{}/", encode(id)),
    }
}

/// An order's receipt (read from this browser's outbox).
pub fn order(id: &str) -> String {
    format!("/order/?id={}", encode(id))
}
