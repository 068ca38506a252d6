//! The microshop storefront: a Leptos (CSR) app compiled to WebAssembly.
//!
//! Layers (held by tests/unit/app-layers.test.mjs): `web` (the browser) <- `i18n`
//! <- `shop` <- each feature's state (`cart/state`, `checkout/state`, `orders/
//! state|sender|endpoint`) <- the features' views in the order `catalog`, `cart`,
//! `orders`, `checkout` <- `app` (wiring and routes).

mod app;
mod cart;
mod catalog;
mod checkout;
mod i18n;
mod orders;
mod shop;
mod web;

fn main() {
    console_error_panic_hook::set_once();
    web::page::remove_boot_skeleton();
    leptos::mount::mount_to_body(app::App);
}
