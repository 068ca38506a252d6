//! The browser's WebCrypto for checking a signed receipt: Ed25519 verification, native
//! in the browser (Chromium 137+, Safari 17+, Firefox 129+), so the storefront ships
//! no signature code of its own (docs/trust.md).
//!
//! Called through `Reflect` and `Function.prototype.apply` rather than web-sys' typed
//! `SubtleCrypto`: every typed binding adds a shim to the JS glue, which is part of
//! the buyer's first load even when only a part calls it (the typed bindings cost
//! 401 B of brotli glue; these calls reuse shims the app has already).

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// This browser has no WebCrypto, or its WebCrypto knows no Ed25519.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoEd25519;

/// An Ed25519 public key WebCrypto made (a `CryptoKey`).
pub struct Key(JsValue);

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into()).ok()
}

fn subtle() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    get(&get(&window, "crypto")?, "subtle").filter(JsValue::is_object)
}

/// `args` as a JS array.
fn array(args: &[&JsValue]) -> Array {
    let out = Array::of1(&JsValue::UNDEFINED);
    for (i, a) in args.iter().enumerate() {
        let _ = Reflect::set(&out, &JsValue::from(i as u32), a);
    }
    out
}

/// A copy of `bytes` as a `Uint8Array` (the call must not see wasm memory, which may move).
pub(super) fn bytes(bytes: &[u8]) -> JsValue {
    let Some(buffer) =
        get(&js_sys::global(), "Uint8Array").and_then(|c| c.dyn_into::<Function>().ok())
    else {
        return JsValue::UNDEFINED;
    };
    let Ok(made) = Reflect::construct(&buffer, &Array::of1(&JsValue::from(bytes.len() as u32)))
    else {
        return JsValue::UNDEFINED;
    };
    made.unchecked_ref::<Uint8Array>().copy_from(bytes);
    made
}

/// `target.<method>(...args)`, expecting a promise.
pub(super) fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Option<Promise> {
    let f = get(target, method)?.dyn_into::<Function>().ok()?;
    let apply = get(&f, "apply")?.dyn_into::<Function>().ok()?;
    apply
        .call2(&f, target, &array(args))
        .ok()?
        .dyn_into::<Promise>()
        .ok()
}

/// The Ed25519 key of `public` (32 bytes). `Ok(None)` when the bytes are not a key
/// (WebCrypto refuses them); `Err` when the browser cannot do Ed25519 at all.
pub async fn ed25519_key(public: &[u8; 32]) -> Result<Option<Key>, NoEd25519> {
    let subtle = subtle().ok_or(NoEd25519)?;
    let usages = Array::of1(&"verify".into());
    let args: [&JsValue; 5] = [
        &"raw".into(),
        &bytes(public),
        &"Ed25519".into(),
        &JsValue::TRUE,
        &usages,
    ];
    let promise = call(&subtle, "importKey", &args).ok_or(NoEd25519)?;
    match JsFuture::from(promise).await {
        Ok(key) => Ok(Some(Key(key))),
        // NotSupportedError: no Ed25519 here. Anything else (DataError): not a key.
        Err(e) => {
            let name = get(&e, "name")
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            if name == "NotSupportedError" {
                Err(NoEd25519)
            } else {
                Ok(None)
            }
        }
    }
}

/// Whether `signature` (64 bytes) over `message` verifies with `key`.
pub async fn ed25519_verifies(key: &Key, signature: &[u8; 64], message: &[u8]) -> bool {
    let Some(subtle) = subtle() else {
        return false;
    };
    let args: [&JsValue; 4] = [
        &"Ed25519".into(),
        &key.0,
        &bytes(signature),
        &bytes(message),
    ];
    let Some(promise) = call(&subtle, "verify", &args) else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .is_ok_and(|v| v == JsValue::TRUE)
}
