//! The one place money is shown: the browser's Intl.NumberFormat, fed exact
//! decimal strings so no amount ever passes through a float.

use leptos::prelude::*;
use microshop_core::{Currency, Money};
use std::cell::RefCell;

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
            let locales = js_sys::Array::of1(&locale.into());
            let format = js_sys::Intl::NumberFormat::new(&locales, &options).format();
            *cache = Some((locale.to_owned(), currency.code().to_owned(), format));
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

/// "from ¥68.00" / "¥68.00 起": the lowest of several prices, worded for the locale.
#[component]
pub fn PriceFrom(
    /// The lowest price.
    amount: Money,
) -> impl IntoView {
    let shop = crate::shop::use_shop();
    let part = move |first: bool| {
        let template = shop.t(crate::i18n::Msg::From);
        let (before, after) = template.split_once("{price}").unwrap_or((template, ""));
        if first {
            before
        } else {
            after
        }
    };
    view! {
        <span class="card__from">{move || part(true)}</span>
        <Price amount=amount/>
        <span class="card__from">{move || part(false)}</span>
    }
}

/// An amount in the shop's currency and the buyer's locale.
#[component]
pub fn Price(
    /// The amount.
    #[prop(into)]
    amount: Signal<Money>,
    /// Shown struck through, as the former price.
    #[prop(optional)]
    former: bool,
) -> impl IntoView {
    let shop = crate::shop::use_shop();
    let text = move || format_money(amount.get(), shop.manifest.currency, &shop.locale.get());
    if former {
        view! { <s class="price price--former">{text}</s> }.into_any()
    } else {
        view! { <span class="price">{text}</span> }.into_any()
    }
}
