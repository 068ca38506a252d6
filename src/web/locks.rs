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
    // `granted` [lock or null, the resolve that ends that promise]; a refused request
    // rejects `granted` instead.
    let mut ends = None;
    let granted = Promise::new(&mut |resolve, reject| ends = Some((resolve, reject)));
    let Some((granted_resolve, granted_reject)) = ends else {
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
    // `requested.then(undefined, reject)`, through Reflect: Promise.race and a typed
    // closure would each add glue to the first load's JS (docs/performance.md).
    let Ok(then) =
        Reflect::get(&requested, &JsValue::from_str("then")).and_then(|t| t.dyn_into::<Function>())
    else {
        return Lock::Unsupported;
    };
    if then
        .call2(&requested, &JsValue::UNDEFINED, &granted_reject)
        .is_err()
    {
        return Lock::Unsupported;
    }
    let Ok(pair) = JsFuture::from(granted).await else {
        return Lock::Unsupported;
    };
    // Only the callback above resolves `granted`, always with that pair.
    let pair = pair.unchecked_into::<Array>();
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
