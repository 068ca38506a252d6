//! Copying text for the buyer (an order to paste into a chat with the seller).

/// Puts text on the clipboard; false where the browser refuses or has no clipboard
/// (the text stays selectable on the page).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    // `navigator.clipboard` is missing on insecure origins and in some in-app browsers;
    // web_sys does not model that, so look before calling.
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::has(&navigator, &"clipboard".into()).unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
