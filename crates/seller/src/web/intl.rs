//! The browser's Intl: money, relative ages, dates and plural forms in the
//! seller's language, with no tables in the wasm. Each constructor is reached
//! through Reflect, so a tag Intl refuses is `None` here, not a thrown exception.

use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

/// `new Intl[name]([locale], options)`, or `None` when Intl refuses them.
fn construct(name: &str, locale: &str, options: &[(&str, &str)]) -> Option<JsValue> {
    let object = js_sys::Object::new();
    for (k, v) in options {
        js_sys::Reflect::set(&object, &(*k).into(), &(*v).into()).ok()?;
    }
    let args = js_sys::Array::of2(&js_sys::Array::of1(&locale.into()), &object);
    js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
        .and_then(|intl| js_sys::Reflect::get(&intl, &name.into()))
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
        .and_then(|c| js_sys::Reflect::construct(&c, &args).ok())
}

/// `object[method](args...)` as a string.
fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Option<String> {
    let f = js_sys::Reflect::get(object, &method.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let result = match args {
        [a] => f.call1(object, a),
        [a, b] => f.call2(object, a, b),
        _ => f.call0(object),
    };
    result.ok()?.as_string()
}

thread_local! {
    /// Formatters by (kind, locale, option): made once, used for every row of a list.
    static CACHE: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

fn cached(key: String, make: impl FnOnce() -> Option<JsValue>) -> Option<JsValue> {
    CACHE.with(|cache| {
        if let Some((_, f)) = cache.borrow().iter().find(|(k, _)| *k == key) {
            return Some(f.clone());
        }
        let f = make()?;
        cache.borrow_mut().push((key, f.clone()));
        Some(f)
    })
}

/// An exact decimal string (`"68.00"`) as `currency` in `locale` (`¥68.00`), with
/// `digits` after the point when given: the currency's minor unit as core has it
/// (ISO 4217's). Intl's own default (CLDR's) has none for HUF, IDR, COP and PKR and 0
/// for IQD, and would round what the order carries (HUF 1999.99 as "HUF 2,000"), as
/// the storefront's `web::intl::format_currency`. Intl reads the string exactly, so no
/// amount passes through a float. Kept by locale and currency (a currency has one
/// minor unit).
pub fn format_currency(
    decimal: &str,
    currency: &str,
    digits: Option<u8>,
    locale: &str,
) -> Option<String> {
    let f = cached(format!("money|{locale}|{currency}"), || {
        // A number option may be given as a string (Intl reads it as a number).
        let digits = digits.map(|d| String::from(char::from(b'0' + d)));
        let mut options = vec![("style", "currency"), ("currency", currency)];
        if let Some(d) = &digits {
            options.extend([
                ("minimumFractionDigits", &**d),
                ("maximumFractionDigits", d),
            ]);
        }
        construct("NumberFormat", locale, &options)
    })?;
    call(&f, "format", &[decimal.into()])
}

/// `value` `unit`s from now in words (`-3, "minute"` is "3 minutes ago"; `0,
/// "second"` is "now").
pub fn relative(value: i64, unit: &str, locale: &str) -> Option<String> {
    let f = cached(format!("rel|{locale}"), || {
        construct("RelativeTimeFormat", locale, &[("numeric", "auto")])
    })?;
    // A count of units, never money: exact in a float.
    call(
        &f,
        "format",
        &[JsValue::from_f64(value as f64), unit.into()],
    )
}

/// A time (ms since the epoch) as a date and time in `locale`, in the browser's time zone.
pub fn date_time(ms: i64, locale: &str) -> Option<String> {
    let f = cached(format!("dt|{locale}"), || {
        construct(
            "DateTimeFormat",
            locale,
            &[("dateStyle", "medium"), ("timeStyle", "short")],
        )
    })?;
    call(&f, "format", &[JsValue::from_f64(ms as f64)])
}

/// The plural category of `n` in `locale` (`"one"`, `"few"`, `"other"`...).
pub fn plural_category(locale: &str, n: u32) -> Option<String> {
    let f = cached(format!("pl|{locale}"), || {
        construct("PluralRules", locale, &[])
    })?;
    call(&f, "select", &[JsValue::from_f64(f64::from(n))])
}

/// A language's own name for itself (`"日本語"` for `ja`).
pub fn language_name(tag: &str) -> Option<String> {
    let names = construct("DisplayNames", tag, &[("type", "language")])?;
    call(&names, "of", &[tag.into()]).filter(|n| !n.is_empty())
}

/// A language's name in another language (`"Japanese"` for `ja` in `en`).
pub fn language_name_in(tag: &str, locale: &str) -> Option<String> {
    let names = cached(format!("dn|{locale}"), || {
        construct("DisplayNames", locale, &[("type", "language")])
    })?;
    call(&names, "of", &[tag.into()]).filter(|n| !n.is_empty())
}

/// A number in `locale`'s digits (`1,234`).
pub fn number(n: u64, locale: &str) -> String {
    cached(format!("num|{locale}"), || {
        construct("NumberFormat", locale, &[])
    })
    .and_then(|f| call(&f, "format", &[JsValue::from_f64(n as f64)]))
    .unwrap_or_else(|| n.to_string())
}
