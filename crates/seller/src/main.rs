//! The seller app: the desk on the phone, a Leptos (CSR) app of its own (its own
//! Trunk entry, binary and words), served by `microshop serve` at `/_seller/`
//! behind the seller's session. Two parts: the inbox (orders and their statuses)
//! and the studio (the shop made and kept without touching JSON).
//!
//! Layers (held by tests/unit/seller-layers.test.mjs): `web` (the browser) <-
//! `i18n` <- `api` (the desk's HTTP API) <- `session` <- `inbox` <- `studio` <- `app`.

mod api;
mod app;
mod i18n;
mod inbox;
mod session;
mod studio;
mod web;

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
