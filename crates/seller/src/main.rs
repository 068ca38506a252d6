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

use leptos::prelude::*;
use microshop_words::Lang;

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // The seller's language is fetched before the first word is drawn (English is
    // compiled in; a file that cannot be had leaves the desk in English). The
    // browser's own spawn: Leptos' executor is only set up by the mount below.
    wasm_bindgen_futures::spawn_local(async {
        let wanted = i18n::initial_language();
        let lang = if i18n::fetch_words(wanted).await {
            wanted
        } else {
            Lang::En
        };
        leptos::mount::mount_to_body(move || view! { <app::App lang/> });
    });
}
