//! The one place money is shown: the browser's Intl.NumberFormat, fed exact
//! decimal strings so no amount ever passes through a float.

use microshop_core::{Currency, Money};
use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    static FORMATTER: RefCell<Option<(String, String, js_sys::Function)>> = const { RefCell::new(None) };
}

/// Formats `amount` for `locale`, e.g. `¥68.00` or `US$12.50`.
pub fn format_money(amount: Money, currency: Currency, locale: &str) -> String {
    let decimal = currency.format_plain(amount);
    FORMATTER.with(|cell| {
        let mut cache = cell.borrow_mut();
        let fresh = !matches!(&*cache, Some((l, c, _)) if l == locale && c == currency.code());
        if fresh {
            let options = js_sys::Object::new();
            let set =
                |k: &str, v: &str| js_sys::Reflect::set(&options, &k.into(), &v.into()).is_ok();
            let _ = set("style", "currency") && set("currency", currency.code());
            // Built through Reflect so that a locale Intl refuses is an error here, not a
            // thrown exception that would stop the app (core's rules accept only tags
            // Intl accepts; this is the second guard).
            let args = js_sys::Array::of2(&js_sys::Array::of1(&locale.into()), &options);
            let format = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
                .and_then(|intl| js_sys::Reflect::get(&intl, &"NumberFormat".into()))
                .ok()
                .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
                .and_then(|c| js_sys::Reflect::construct(&c, &args).ok())
                .and_then(|f| js_sys::Reflect::get(&f, &"format".into()).ok())
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            *cache = format.map(|f| (locale.to_owned(), currency.code().to_owned(), f));
        }
        cache
            .as_ref()
            .and_then(|(_, _, f)| {
                f.call1(&wasm_bindgen::JsValue::NULL, &decimal.as_str().into())
                    .ok()
            })
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| format!("{} {decimal}", currency.code()))
    })
}
