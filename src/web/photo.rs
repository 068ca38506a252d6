//! A photo the buyer picks (`<input type=file>`): its size, read before anything is
//! sent, and its bytes as base64 for a JSON body (serve takes photos so, and reads
//! their type from the bytes, never from the file's name). Read through `Reflect`
//! and the browser's own `FileReader.readAsDataURL` (whose answer is base64 already),
//! not web-sys' typed `File` bindings and a base64 crate: those JS shims would land
//! in the first load's glue, and the encoding would be wasm the browser already has.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A picked file.
pub struct Picked(JsValue);

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn input(id: &str) -> Option<JsValue> {
    Some(web_sys::window()?.document()?.get_element_by_id(id)?.into())
}

/// The file picked in the input `id`, if any, and its size in bytes.
pub fn picked(id: &str) -> Option<(u64, Picked)> {
    let file = get(&get(&input(id)?, "files")?, "0")?;
    // The size as text (`String(size)`), read as a whole number: `JsValue::as_f64`
    // is one more JS shim in the first load's glue, and a size is a count.
    let size = get(&js_sys::global(), "String")?
        .dyn_into::<Function>()
        .ok()?
        .call1(&JsValue::NULL, &get(&file, "size")?)
        .ok()?
        .as_string()?
        .parse()
        .ok()?;
    Some((size, Picked(file)))
}

/// Empties the input `id` (after its photo was sent).
pub fn clear(id: &str) {
    if let Some(input) = input(id) {
        let _ = Reflect::set(&input, &"value".into(), &"".into());
    }
}

/// The file's bytes as standard base64; `None` when the browser cannot read it.
pub async fn base64_of(file: &Picked) -> Option<String> {
    let constructor = get(&js_sys::global(), "FileReader")?
        .dyn_into::<Function>()
        .ok()?;
    let reader = Reflect::construct(&constructor, &js_sys::Array::of1(&JsValue::UNDEFINED)).ok()?;
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = Reflect::set(&reader, &"onload".into(), &resolve);
        let _ = Reflect::set(&reader, &"onerror".into(), &reject);
    });
    get(&reader, "readAsDataURL")?
        .dyn_into::<Function>()
        .ok()?
        .call1(&reader, &file.0)
        .ok()?;
    JsFuture::from(done).await.ok()?;
    let url = get(&reader, "result")?.as_string()?;
    url.split_once(";base64,").map(|(_, data)| data.to_owned())
}
