//! The addresses of the shop's views, in the form a static host serves: a folder per
//! page (`/p/jasmine-pearls/`), and a query for what no host can know in advance
//! (`/order/?id=...`). `microshop publish` writes a file at each of these.
//!
//! Every address here is complete, with the base path a published shop lives under
//! (`/teashop/p/jasmine-pearls/`); [`route`] reads one back into the page it shows.

use crate::web::page;
use microshop_core::catalog::feed::encode;
use std::sync::OnceLock;

/// The base path, without its trailing slash: `/teashop`, or empty at the root.
fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| page::router_base().unwrap_or_default())
}

/// The feed.
pub fn home() -> String {
    format!("{}/", base())
}

/// The feed with a query string (`q=tea&cat=green`), or the feed itself.
pub fn home_with(query: &str) -> String {
    if query.is_empty() {
        home()
    } else {
        format!("{}/?{query}", base())
    }
}

/// The cart.
pub fn cart() -> String {
    format!("{}/cart/", base())
}

/// The checkout.
pub fn checkout() -> String {
    format!("{}/checkout/", base())
}

/// A product, with a variant chosen when `sku` is given.
pub fn product(id: &str, sku: Option<&str>) -> String {
    match sku {
        Some(sku) => format!("{}/p/{}/?v={}", base(), encode(id), encode(sku)),
        None => format!("{}/p/{}/", base(), encode(id)),
    }
}

/// A shared cart (`Cart::to_shared`'s text): `<base>/cart/?cart=1.sku~2`.
pub fn shared_cart(text: &str) -> String {
    format!("{}/cart/?cart={}", base(), encode(text))
}

/// `url` with one more query parameter (`?key=value`, or `&key=value` after a query).
pub fn with_param(url: &str, key: &str, value: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{key}={}", encode(value))
}

/// An order's receipt (read from this browser's outbox).
pub fn order(id: &str) -> String {
    format!("{}/order/?id={}", base(), encode(id))
}

/// The page that checks a saved signed receipt.
pub fn receipt_check() -> String {
    format!("{}/receipt/", base())
}

/// Which page an address shows, with the id its path names.
#[derive(Clone, Copy, PartialEq)]
pub enum Route<'a> {
    /// `/`, or a category's own page `/c/<id>/`.
    Feed(Option<&'a str>),
    /// `/p/<id>/`.
    Product(&'a str),
    Cart,
    Checkout,
    /// `/order/` (the id in the query) or `/order/<id>`.
    Order(Option<&'a str>),
    /// `/receipt/`: checks a saved receipt.
    Receipt,
    NotFound,
}

/// The page `path` (as the address bar has it, with the base) shows; a trailing slash
/// or none are the same page, as a static host serves them.
pub fn route(path: &str) -> Route<'_> {
    let Some(rest) = path.strip_prefix(base()) else {
        return Route::NotFound;
    };
    let mut parts = rest.split('/').filter(|p| !p.is_empty());
    let route = match (parts.next(), parts.next()) {
        (None, _) => Route::Feed(None),
        (Some("c"), Some(id)) => Route::Feed(Some(id)),
        (Some("p"), Some(id)) => Route::Product(id),
        (Some("cart"), None) => Route::Cart,
        (Some("checkout"), None) => Route::Checkout,
        (Some("order"), id) => Route::Order(id),
        (Some("receipt"), None) => Route::Receipt,
        _ => Route::NotFound,
    };
    // Nothing after the id, and the base is a whole segment of the path.
    let whole = rest.is_empty() || rest.starts_with('/');
    if parts.next().is_some() || !whole {
        Route::NotFound
    } else {
        route
    }
}
