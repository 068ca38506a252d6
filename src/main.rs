//! The microshop storefront: a Leptos (CSR) app compiled to WebAssembly.
//!
//! Layers (held by tests/unit/app-layers.test.mjs): `web` (the browser) and
//! `reactive` <- `i18n`
//! <- `shop` <- each feature's state (`cart/state`, `checkout/state`, `orders/
//! state|sender|endpoint`) <- `embed` (the shop in another site's frame) <- the
//! features' views in the order `catalog`, `cart`, `orders`, `checkout` <- `app`
//! (wiring and routes). `share` (share button, QR codes, posters, referral links)
//! sits beside the states, below the views; `trust` (the signed receipt's check,
//! verified-buyer reviews and problems, in a part loaded on demand) sits above them,
//! below the views that show it.

mod app;
mod cart;
mod catalog;
mod checkout;
mod embed;
mod i18n;
mod on_demand;
mod orders;
mod reactive;
mod share;
mod shop;
mod trust;
mod web;

fn main() {
    // Panic messages in the console in debug builds; release builds leave out the
    // formatting machinery it needs (panics abort either way).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // The app starts in a task of its own, after the one that instantiated the wasm:
    // the instantiation, `main` and the app's first run (with the lazy compilation of
    // everything it calls first) were one task of 8-17 ms at full speed, past what
    // Lighthouse's 4x slowdown lets through under 50 ms (docs/performance.md, "session
    // 12, engineer BOOT2"). Boxed: the type whose `set_timeout` code the first load has.
    let start: Box<dyn FnOnce()> = Box::new(|| leptos::mount::mount_to_body(app::App));
    leptos::prelude::set_timeout(start, std::time::Duration::ZERO);
}
