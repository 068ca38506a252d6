//! Files the buyer saves or picks: a text made into a link that downloads it, and
//! the text of a file picked or dropped onto the page. Read through `Reflect`, not
//! web-sys' typed `File`/`DataTransfer` bindings, whose JS shims would land in the
//! first load's glue (see `crypto.rs`).

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// A `data:` URL of `json`, for an `<a download>`: the file is made from the page's
/// own text, nothing is fetched (it works offline and in a frame).
pub fn json_data_url(json: &str) -> String {
    format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(json))
    )
}

/// A picked or dropped file.
pub struct Picked(JsValue);

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into()).ok()
}

fn first_of(files: JsValue) -> Option<Picked> {
    let file = Reflect::get(&files, &JsValue::from(0u32)).ok()?;
    file.is_object().then_some(Picked(file))
}

/// The file a file input's `change` event picked.
pub fn picked(event: &web_sys::Event) -> Option<Picked> {
    let input: JsValue = event.target()?.into();
    first_of(get(&input, "files")?)
}

/// The first file a `drop` event dropped.
pub fn dropped(event: &web_sys::Event) -> Option<Picked> {
    first_of(get(&get(event, "dataTransfer")?, "files")?)
}

/// A file's text, read as UTF-8 (`None` when the browser cannot read it).
pub async fn text(file: &Picked) -> Option<String> {
    let promise = super::crypto::call(&file.0, "text", &[])?;
    JsFuture::from(promise).await.ok()?.as_string()
}
