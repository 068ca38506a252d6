//! Work that can wait for a quiet moment (fetching a part the buyer will likely
//! need): `requestIdleCallback` where the browser has it, else a short timer
//! (Safari before 18 has none).

use leptos::prelude::set_timeout;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Runs `f` once the browser is idle, and within 3 s at the latest. Boxed, not
/// generic: each closure type would compile its own copy of wasm-bindgen's callback
/// code into the first load.
pub fn when_idle(f: Box<dyn FnOnce()>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Function>().ok());
    match idle {
        Some(request) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &3000.into());
            let callback = Closure::once_into_js(f);
            let _ = request.call2(&window, &callback, &options);
        }
        None => set_timeout(f, Duration::from_millis(1500)),
    }
}

/// Runs `f` in a task after the next frame (queued from its `requestAnimationFrame`
/// callback): what the frame does not need waits until it is drawn. Boxed, as above.
pub fn after_frame(f: Box<dyn FnOnce()>) {
    leptos::prelude::request_animation_frame(move || set_timeout(f, Duration::ZERO));
}
