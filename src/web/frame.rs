//! The page inside a frame of another site's page (the embed snippet): whether it is
//! framed, which page framed it, and telling that page how tall the content is.
//! Values read from other objects go through `Reflect`, so a browser without one of
//! these APIs gives `None` instead of an exception.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Whether this page is shown inside a frame (not as the top-level page of a tab).
pub fn in_frame() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.top() {
        Ok(Some(top)) => JsValue::from(top) != JsValue::from(w),
        // A browser that hides the top window from a frame: framed all the same.
        _ => true,
    }
}

/// `given` (the `parent=` of the frame's address) when it is an origin and agrees with
/// what the browser says framed this page: `location.ancestorOrigins` (Chromium,
/// WebKit), else the referrer. With neither, `given` stands: `postMessage` delivers to
/// that origin only, so a wrong one reaches nobody.
pub fn parent_origin(given: &str) -> Option<String> {
    let url = web_sys::Url::new(given).ok()?;
    let origin = url.origin();
    if origin != given || !(given.starts_with("https://") || given.starts_with("http://")) {
        return None;
    }
    let w = web_sys::window()?;
    let ancestors = Reflect::get(&w.location(), &"ancestorOrigins".into()).ok();
    let first = ancestors
        .filter(|a| a.is_object())
        .and_then(|a| Reflect::get(&a, &JsValue::from(0)).ok())
        .and_then(|v| v.as_string());
    if let Some(first) = first {
        return (first == given).then_some(origin);
    }
    let referrer = w.document().map(|d| d.referrer()).unwrap_or_default();
    if !referrer.is_empty() {
        let from = web_sys::Url::new(&referrer).ok()?.origin();
        return (from == given).then_some(origin);
    }
    Some(origin)
}

/// Tells the framing page at `origin` the content's height, in CSS pixels.
pub fn post_height(origin: &str, height: i32) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = Reflect::set(&message, &"microshop".into(), &"size".into());
    let _ = Reflect::set(&message, &"height".into(), &height.into());
    let _ = parent.post_message(&message, origin);
}

/// Calls `on_change` with the body's height now and whenever it changes (a
/// ResizeObserver, kept for the page's life).
pub fn watch_height(on_change: impl Fn(i32) + 'static) {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let measured = body.clone();
    let last = std::cell::Cell::new(-1);
    let callback = Closure::<dyn Fn()>::new(move || {
        // Not money: a height in CSS pixels, rounded up so nothing is cut off.
        let height = measured.get_bounding_client_rect().height().ceil() as i32;
        if height != last.replace(height) {
            on_change(height);
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
        std::mem::forget(observer);
    }
    callback.forget();
}

/// Puts `data-embed="<layout>"` on `<html>`, for the compact layout's styles.
pub fn mark_document(layout: &str) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("data-embed", layout);
    }
}
