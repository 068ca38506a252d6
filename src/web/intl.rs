//! The browser's Intl and string functions, for what they do better and in fewer bytes
//! than a crate: currency formatting for every locale, and lowercasing.

use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    static FORMATTER: RefCell<Option<(String, String, wasm_bindgen::JsValue)>> = const { RefCell::new(None) };
}

/// An exact decimal string (`"68.00"`) formatted as `currency` for `locale`, e.g.
/// `¥68.00`, with `digits` after the point (the currency's minor unit as core has it,
/// ISO 4217's: Intl's own default, CLDR's, has none for HUF, IDR, COP and PKR and 0
/// for IQD, and would round what the order carries); `None` when Intl refuses the
/// locale or the currency. Intl reads the string exactly, so no amount passes through
/// a float. The formatter kept is keyed by locale and currency (a currency has one
/// minor unit). Made and called through [`construct`] and [`call`], as every other
/// Intl object here (its own copy of that code was about 640 B of the first load,
/// raw, after wasm-opt: docs/performance.md, session 17).
pub fn format_currency(decimal: &str, currency: &str, digits: u8, locale: &str) -> Option<String> {
    FORMATTER.with(|cell| {
        let mut cache = cell.borrow_mut();
        if !matches!(&*cache, Some((l, c, _)) if l == locale && c == currency) {
            // A number option may be given as a string (Intl reads it as a number).
            let digits = usize::from(digits);
            let digits = "0123456789".get(digits..=digits)?;
            // Through Reflect, so that a locale Intl refuses is an error here, not a
            // thrown exception that would stop the app (core's rules accept only tags
            // Intl accepts; this is the second guard).
            *cache = construct(
                "NumberFormat",
                locale,
                &[
                    ("style", "currency"),
                    ("currency", currency),
                    ("minimumFractionDigits", digits),
                    ("maximumFractionDigits", digits),
                ],
            )
            .map(|f| (locale.to_owned(), currency.to_owned(), f));
        }
        let (_, _, format) = cache.as_ref()?;
        call(format, "format", &decimal.into())
    })
}

/// An `Intl` constructor called with `[locale]` and `options` (a list of key, value),
/// or `None` when Intl refuses them.
fn construct(name: &str, locale: &str, options: &[(&str, &str)]) -> Option<wasm_bindgen::JsValue> {
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

/// Calls `method` of an Intl object with one argument, for a string.
fn call(
    object: &wasm_bindgen::JsValue,
    method: &str,
    arg: &wasm_bindgen::JsValue,
) -> Option<String> {
    js_sys::Reflect::get(object, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(object, arg).ok())
        .and_then(|v| v.as_string())
}

thread_local! {
    static PLURALS: RefCell<Option<(String, wasm_bindgen::JsValue)>> = const { RefCell::new(None) };
}

/// The plural category of `n` in `locale` (`"one"`, `"few"`, `"other"`...), by
/// `Intl.PluralRules`; `None` when Intl refuses the locale.
pub fn plural_category(locale: &str, n: u32) -> Option<String> {
    PLURALS.with(|cell| {
        let mut cache = cell.borrow_mut();
        if !matches!(&*cache, Some((l, _)) if l == locale) {
            *cache = construct("PluralRules", locale, &[]).map(|r| (locale.to_owned(), r));
        }
        let (_, rules) = cache.as_ref()?;
        call(rules, "select", &f64::from(n).into())
    })
}

/// A language's own name for itself (`"日本語"` for `ja`), by `Intl.DisplayNames`;
/// `None` when Intl cannot name it.
pub fn language_name(locale: &str) -> Option<String> {
    let names = construct("DisplayNames", locale, &[("type", "language")])?;
    call(&names, "of", &locale.into()).filter(|name| !name.is_empty())
}

/// `text` lowercased by the browser (`String.prototype.toLowerCase`: Unicode's default
/// case mapping, as Rust's `str::to_lowercase`), so the feed's search carries no case
/// tables of its own (docs/performance.md).
pub fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// A calendar date (`2026-12-05`, as serve gives a review's) in `locale`'s own words,
/// e.g. "5 Dec 2026" or "2026年12月5日"; the date as given when Intl cannot.
pub fn format_date(date: &str, locale: &str) -> String {
    let formatted = (|| {
        // Read and shown in UTC: the date is a day, not an instant.
        let format = construct(
            "DateTimeFormat",
            locale,
            &[("dateStyle", "medium"), ("timeZone", "UTC")],
        )?;
        // An invalid date makes `format` throw: an error here, the date shown as given.
        let day = js_sys::Date::new(&format!("{date}T00:00:00Z").into());
        call(&format, "format", &day)
    })();
    formatted.unwrap_or_else(|| date.to_owned())
}
