//! Passing a link on: the system's share sheet (the Web Share API), and which
//! in-app browser the page is open in.

use wasm_bindgen::{JsCast, JsValue};

/// What came of asking the browser to share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shared {
    /// The share sheet was shown and the buyer picked a target.
    Done,
    /// The buyer closed the share sheet: nothing to say.
    Cancelled,
    /// The browser refused (no share sheet, not allowed here).
    Failed,
}

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

/// Whether the browser has the Web Share API (`navigator.share`); web_sys models it
/// only behind unstable flags, so look it up by name.
pub fn can_share() -> bool {
    navigator().is_some_and(|n| js_sys::Reflect::has(&n, &"share".into()).unwrap_or(false))
}

/// Opens the system's share sheet for `url`, with a title and a line of text.
pub async fn share(title: &str, text: &str, url: &str) -> Shared {
    let Some(navigator) = navigator() else {
        return Shared::Failed;
    };
    let data = js_sys::Object::new();
    for (key, value) in [("title", title), ("text", text), ("url", url)] {
        let _ = js_sys::Reflect::set(&data, &key.into(), &value.into());
    }
    let promise = js_sys::Reflect::get(&navigator, &"share".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&navigator, &data).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let Some(promise) = promise else {
        return Shared::Failed;
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Shared::Done,
        Err(error) if error_name(&error).as_deref() == Some("AbortError") => Shared::Cancelled,
        Err(_) => Shared::Failed,
    }
}

fn error_name(error: &JsValue) -> Option<String> {
    js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
}

/// Whether the page is open in WeChat's in-app browser (its user agent says
/// `MicroMessenger`), which shares a page from its own menu, top right.
pub fn is_wechat() -> bool {
    navigator()
        .and_then(|n| n.user_agent().ok())
        .is_some_and(|ua| ua.contains("MicroMessenger"))
}
