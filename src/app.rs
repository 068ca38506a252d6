//! The root: load the shop, then route; or explain why the shop cannot open.

use crate::browser;
use crate::i18n::{t, Msg};
use crate::pages::{
    cart::CartPage, checkout::CheckoutPage, feed::FeedPage, not_found::NotFound, order::OrderPage,
    product::ProductPage,
};
use crate::shop::{load, LoadError, Loaded, ShopContext};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole storefront.
#[component]
pub fn App() -> impl IntoView {
    let shop = LocalResource::new(|| load(browser::manifest_url()));
    view! {
        <Router>
            {move || match shop.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ShopError error/> }.into_any(),
                Some(Ok(loaded)) => view! { <Storefront loaded/> }.into_any(),
            }}
        </Router>
    }
}

/// Skeleton cards while the manifest loads: the layout does not jump when it arrives.
#[component]
fn Loading() -> impl IntoView {
    let locale = browser::languages().into_iter().next().unwrap_or_default();
    view! {
        <main class="page" aria-busy="true">
            <p class="visually-hidden" role="status">{t(&locale, Msg::Loading)}</p>
            <div class="seller seller--skeleton" aria-hidden="true"></div>
            <ul class="grid" aria-hidden="true">
                {(0..6).map(|_| view! { <li class="card card--skeleton"><div class="card__image"></div><div class="card__line"></div><div class="card__line card__line--short"></div></li> }).collect_view()}
            </ul>
        </main>
    }
}

/// The page a broken manifest gets instead of a blank screen.
#[component]
fn ShopError(error: LoadError) -> impl IntoView {
    let locale = browser::languages().into_iter().next().unwrap_or_default();
    let body = match error {
        LoadError::Invalid { url, problems } => view! {
            <h1>{t(&locale, Msg::ShopBroken)}</h1>
            <p>{t(&locale, Msg::ShopBrokenHelp)}</p>
            <p><code>{url}</code></p>
            <ul class="problems">
                {problems.into_iter().map(|p| view! {
                    <li><code class="problems__path">{p.path}</code>" "<span>{p.message}</span></li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
        LoadError::Unreachable { url, why } => view! {
            <h1>{t(&locale, Msg::ShopUnreachable)}</h1>
            <p><code>{url}</code>": "{why.to_string()}</p>
        }
        .into_any(),
    };
    view! { <main class="page shop-error" role="alert">{body}</main> }
}

/// The shop itself, once loaded.
#[component]
fn Storefront(loaded: Loaded) -> impl IntoView {
    let mut wanted = Vec::new();
    if let Some(lang) = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("lang")
    {
        wanted.push(lang);
    }
    wanted.extend(browser::languages());
    let locale = microshop_core::locale::negotiate(&wanted, &loaded.manifest.locales);
    browser::apply_theme_tokens(loaded.manifest.theme.tokens.iter());
    let ctx = ShopContext::new(loaded, locale);
    provide_context(ctx);
    let cart = crate::cart_state::provide_cart(ctx);
    let checkout = crate::checkout_state::provide_checkout(ctx);
    let orders = crate::orders_state::provide_orders(ctx, cart, checkout);
    // Orders left unsent by an earlier visit (closed tab, lost network) go out now.
    orders.resume_pending();
    Effect::new(move |_| {
        let locale = ctx.locale.get();
        browser::set_document_language(&locale);
        browser::set_title(
            ctx.manifest
                .seller
                .name
                .get(&locale, ctx.manifest.default_locale()),
        );
    });
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/") view=FeedPage/>
            <Route path=path!("/p/:id") view=ProductPage/>
            <Route path=path!("/cart") view=CartPage/>
            <Route path=path!("/checkout") view=CheckoutPage/>
            <Route path=path!("/order/:id") view=OrderPage/>
        </Routes>
    }
}
