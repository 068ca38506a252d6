//! What a buyer sees before the shop is there: skeleton cards while it loads, and
//! a page that says why when it cannot open (never a blank screen).

use super::LoadError;
use crate::i18n::words::fetch_error;
use crate::i18n::{t, Msg, Words};
use crate::web::page;
use leptos::prelude::*;

/// The browser's first language: what the pages before (or without) a shop speak.
pub fn browser_locale() -> String {
    page::languages().into_iter().next().unwrap_or_default()
}

/// While the manifest loads: the page's own first screen (`#boot`: the skeleton of
/// index.html, or the shop prerendered by `microshop publish`) stays as it is; without
/// one, skeleton cards. Either way the layout does not jump when the shop arrives.
#[component]
pub fn Loading() -> impl IntoView {
    if page::has_boot_screen() {
        return ().into_any();
    }
    let locale = browser_locale();
    view! {
        <main class="page" aria-busy="true">
            <p class="visually-hidden" role="status">{t(&locale, Msg::Loading)}</p>
            <div class="seller seller--skeleton" aria-hidden="true"></div>
            <ul class="grid" aria-hidden="true">
                {(0..6).map(|_| view! { <li class="card card--skeleton"><div class="card__image"></div><div class="card__line"></div><div class="card__line card__line--short"></div></li> }).collect_view()}
            </ul>
        </main>
    }
    .into_any()
}

/// The page a broken or unreachable manifest gets instead of a blank screen.
#[component]
pub fn ShopError(
    /// What went wrong; `None` for an error that is not the shop's loading.
    error: Option<LoadError>,
) -> impl IntoView {
    page::remove_boot_screen();
    let locale = browser_locale();
    let body = match error {
        // A seller's mistake never reaches a buyer: buyers see the shop closed for a
        // moment, in their language; the seller (on this machine, or with `?seller`)
        // sees what to fix.
        Some(LoadError::Invalid { .. }) if !page::is_seller_view() => view! {
            <h1>{t(&locale, Msg::ShopClosed)}</h1>
            <p>{t(&locale, Msg::ShopClosedText)}</p>
        }
        .into_any(),
        Some(LoadError::Invalid { url, problems }) => view! {
            <h1>{t(&locale, Msg::ShopBroken)}</h1>
            <p>{t(&locale, Msg::ShopBrokenHelp)}</p>
            <p><code>{url}</code></p>
            <ul class="problems">
                {problems.into_iter().map(|p| view! {
                    <li><code class="problems__path">{p.located()}</code>" "<span>{p.message}</span></li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
        Some(LoadError::Unreachable { url, why }) => view! {
            <h1>{t(&locale, Msg::ShopUnreachable)}</h1>
            <p><code>{url}</code>": "{fetch_error(&Words::plain(locale.clone()), why)}</p>
        }
        .into_any(),
        None => view! { <h1>{t(&locale, Msg::ShopUnreachable)}</h1> }.into_any(),
    };
    view! { <main class="page shop-error" role="alert">{body}</main> }
}
