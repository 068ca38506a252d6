//! Web Locks (`navigator.locks`): one holder at a time across this browser's tabs of
//! the shop's origin. localStorage has no compare-and-set; a lock is what makes "only
//! one tab sends this order" true rather than likely.
//!
//! Reached through js_sys (`Reflect`, `Function`, `Promise`) rather than web-sys's
//! typed `LockManager`, which would add its bindings to the wasm for one call.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What asking for a lock without waiting gave.
pub enum Lock {
    /// This page holds the lock until the value is dropped.
    Held(Held),
    /// Another page (or another request of this one) holds it now.
    Taken,
    /// The browser has no Web Locks (older in-app browsers, pages not served over
    /// HTTPS or from localhost), or refused the request: the caller does without.
    Unsupported,
}

/// A held lock; dropping it lets the next holder in.
pub struct Held {
    release: Function,
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

/// Asks for the lock `name` with `ifAvailable`: never waits behind another holder.
pub async fn try_hold(name: &str) -> Lock {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Lock::Unsupported;
    };
    let Some(locks) = Reflect::get(&navigator, &JsValue::from_str("locks"))
        .ok()
        .filter(|l| l.is_object())
    else {
        return Lock::Unsupported;
    };
    let Ok(request) =
        Reflect::get(&locks, &JsValue::from_str("request")).and_then(|r| r.dyn_into::<Function>())
    else {
        return Lock::Unsupported;
    };
    let options = Object::new();
    if Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE).is_err() {
        return Lock::Unsupported;
    }
    // The lock is held while the callback's promise is unsettled. The callback hands
    // this function [lock or null, the resolve that ends that promise].
    let mut granted_resolve = None;
    let granted = Promise::new(&mut |resolve, _| granted_resolve = Some(resolve));
    let Some(granted_resolve) = granted_resolve else {
        return Lock::Unsupported;
    };
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        Promise::new(&mut |release, _| {
            let _ = granted_resolve.call1(&JsValue::NULL, &Array::of2(&lock, &release));
        })
    });
    let Ok(requested) = request.call3(&locks, &JsValue::from_str(name), &options, &callback) else {
        return Lock::Unsupported;
    };
    // The request's own promise settles first only when it is refused (it resolves
    // after the lock is let go, long after `granted`).
    let first = Promise::race(&Array::of2(&granted, &requested));
    let Ok(pair) = JsFuture::from(first).await else {
        return Lock::Unsupported;
    };
    let Ok(pair) = pair.dyn_into::<Array>() else {
        return Lock::Unsupported;
    };
    let Ok(release) = pair.get(1).dyn_into::<Function>() else {
        return Lock::Unsupported;
    };
    let held = Held { release };
    if pair.get(0).is_null() {
        // Not granted: `held` is dropped here, settling the callback's promise.
        Lock::Taken
    } else {
        Lock::Held(held)
    }
}
