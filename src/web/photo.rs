//! A photo the buyer picks (`<input type=file>`): its size, read before anything is
//! sent, and its bytes as base64 for a JSON body (serve takes photos so; its type is
//! read from the bytes there, never from the file's name).

use base64::Engine;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The file picked in the input with `id`, if any: its size in bytes, and the file.
pub fn picked(id: &str) -> Option<(f64, web_sys::File)> {
    let input = web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let file = input.files()?.get(0)?;
    Some((file.size(), file))
}

/// Empties the input with `id` (after its photo was sent).
pub fn clear(id: &str) {
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value("");
    }
}

/// The file's bytes as standard base64; `None` when the browser cannot read it.
pub async fn base64_of(file: &web_sys::File) -> Option<String> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Some(base64::engine::general_purpose::STANDARD.encode(bytes))
}
