//! The language switch: a labelled list of the shop's locales, each named in its
//! own language; shown only when the shop is written in more than one.

use super::use_shop;
use crate::i18n::Msg;
use crate::web::intl::language_name;
use leptos::prelude::*;

/// The switch, in the page's footer.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let shop = use_shop();
    let locales = &shop.manifest.locales;
    if locales.len() < 2 {
        return ().into_any();
    }
    view! {
        <footer class="site-footer">
            <label class="site-footer__label" for="language">{move || shop.t(Msg::Language)}</label>
            " "
            <select id="language" class="toolbar__sort" data-testid="language"
                on:change=move |ev| shop.choose_locale(&event_target_value(&ev))>
                {locales.iter().map(|tag| {
                    let name = language_name(tag).unwrap_or_else(|| tag.clone());
                    let selected = tag.clone();
                    view! {
                        <option value=tag.clone() lang=tag.clone()
                            selected=move || shop.locale.with(|l| *l == selected)>{name}</option>
                    }
                }).collect_view()}
            </select>
        </footer>
    }
    .into_any()
}
