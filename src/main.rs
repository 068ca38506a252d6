//! The microshop storefront: a Leptos (CSR) app compiled to WebAssembly.

mod app;
mod browser;
mod cart_state;
mod checkout_state;
mod components;
mod endpoint;
mod i18n;
mod money;
mod net;
mod orders_state;
mod pages;
mod shop;
mod storage;

fn main() {
    console_error_panic_hook::set_once();
    // The static skeleton in index.html has done its job once the app can draw.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
