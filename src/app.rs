//! The root: load the shop (or explain why it cannot open), provide each feature's
//! state, wire what the orders feature publishes into the cart and the checkout
//! (the one place features meet), and route.

use crate::cart;
use crate::cart::state::provide_cart;
use crate::catalog::in_parts;
use crate::catalog::{feed::FeedPage, not_found::NotFound, product::ProductPage};
use crate::checkout;
use crate::checkout::state::provide_checkout;
use crate::embed;
use crate::i18n::{self, Msg};
use crate::on_demand::{self, wasm_split, NotLoaded, OnDemand, Page};
use crate::orders;
use crate::orders::state::{provide_orders, OrdersState};
use crate::reactive::once_shown;
use crate::shop::announce::{provide_announcer, LiveRegion};
use crate::shop::contacts::ContactList;
use crate::shop::language::LanguageSwitch;
use crate::shop::links::{self, Route};
use crate::shop::unavailable::{browser_locale, Loading, ShopError};
use crate::shop::{load, LoadError, Loaded, ShopContext};
use crate::trust;
use crate::web::address::{provide_address, Address};
use crate::web::{focus, page};
use leptos::prelude::*;
use microshop_core::delivery::answer::Outcome;
use microshop_core::order::corrections;
use std::rc::Rc;

/// The whole storefront.
#[component]
pub fn App() -> impl IntoView {
    embed::start();
    let address = provide_address(page::router_base().unwrap_or_default());
    // A signal set once by a task, not a `LocalResource`: the resource's async-derived
    // machinery cost about 3 KB of brotli wasm for this one load (docs/performance.md).
    let shop = RwSignal::new_local(None);
    // Intl's one-time set-up (a renderer's first `NumberFormat` or `DisplayNames`:
    // 15-45 ms at full speed) is done off the main thread by the worker a published
    // page's loader starts (crates/cli/src/publish/loader.rs), not in a task here
    // (docs/performance.md, "Intl's set-up off the main thread").
    // The shop's loading starts in a task after the one that mounts the app (its first
    // run compiles most of what it calls: docs/performance.md, "session 12, engineer
    // BOOT2"); the manifest is preloaded by the page, so nothing waits for it.
    let load_shop: Box<dyn FnOnce()> = Box::new(move || {
        leptos::task::spawn_local(async move {
            // The part of the page the buyer lands on downloads alongside the shop, so the
            // prerendered screen is replaced once, by the page itself, not by a frame.
            let path = page::pathname();
            let on_product = matches!(links::route(&path), Route::Product(_));
            leptos::task::spawn_local(entry_part(path.clone()));
            // A shop in parts comes with the page's own product and the cart's.
            let wanted = |manifest: &microshop_core::Manifest| {
                let mut ids = cart::state::stored_product_ids(&manifest.id);
                if let Route::Product(id) = links::route(&path) {
                    ids.push(id.to_owned());
                }
                ids
            };
            crate::shop::product_files_from(in_parts::entries_for_shop);
            let loaded = load(page::manifest_url(), wanted).await;
            // Only the buyer's language comes with the first load (and on a product page
            // the prerendered page's, which it is taken over in first: `Storefront`; the
            // feed is taken over in the buyer's language at once, so it neither fetches
            // nor reads the prerendered language's words).
            match &loaded {
                Ok(loaded) => {
                    let locale = buyer_locale(page::query_param("lang"), &loaded.manifest.locales);
                    i18n::fetch_words(&locale).await;
                    if let Some(boot) = page::boot_locale().filter(|b| on_product && *b != locale) {
                        i18n::fetch_words(&boot).await;
                    }
                }
                // The page that says why the shop cannot open speaks the browser's language.
                Err(_) => {
                    i18n::fetch_words(&browser_locale()).await;
                }
            }
            entry_part(path).await;
            // Leaked once, as the shop context keeps it for the page's life: the signal
            // then hands out a reference, and the first load carries no code to clone a
            // manifest and catalog (measured: about 1 KB of brotli wasm).
            let loaded: &'static Result<Loaded, LoadError> = Box::leak(Box::new(loaded));
            // The set-up in a task after the shop's decoding: when no words are fetched
            // (English, or the buyer's language on the feed) they were one task of about
            // 20 ms at full speed (docs/performance.md, "session 12, engineer BOOT2").
            let ready: Box<dyn FnOnce()> = Box::new(move || shop.set(Some(loaded)));
            set_timeout(ready, std::time::Duration::ZERO);
        })
    });
    set_timeout(load_shop, std::time::Duration::ZERO);
    move || match shop.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => view! { <ShopError error=Some(error.clone())/> }.into_any(),
        Some(Ok(loaded)) => view! { <Storefront loaded address/> }.into_any(),
    }
}

/// Fetches the part that shows `path` (a part that does not arrive is said by the
/// page, with a retry). A second call waits for the first one's download.
async fn entry_part(path: String) {
    // A shop in parts needs its part on every page: its feed, and the product files
    // that come with the shop.
    if page::catalog_parts().is_some() {
        let _ = in_parts::prefetch().await;
    }
    if ["/cart", "/checkout", "/order"]
        .iter()
        .any(|p| path.contains(p))
    {
        let _ = prefetch_buying().await;
    }
    if path.contains("/receipt") {
        let _ = trust::prefetch().await;
    }
}

/// The locale the buyer gets: the address's `lang=`, else the browser's languages,
/// against the shop's locales.
fn buyer_locale(asked: Option<String>, locales: &[String]) -> String {
    let mut wanted = Vec::new();
    wanted.extend(asked);
    wanted.extend(page::languages());
    microshop_core::locale::negotiate(&wanted, locales)
}

/// The shop itself, once loaded.
#[component]
fn Storefront(loaded: &'static Loaded, address: Address) -> impl IntoView {
    let asked = address.query.with_untracked(|q| q.get("lang"));
    let locale = buyer_locale(asked.clone(), &loaded.manifest.locales);
    // A prerendered product page is taken over in its own language first, and switched
    // to the buyer's after that first frame: the switch then only changes the text of
    // elements already painted, where a new, larger title would count as a later
    // largest paint (measured: LCP 2.8 s -> 1.0 s). The feed is taken over in the
    // buyer's language at once: its largest element is a picture, which no language
    // changes, while switching its text in place would move the grid (CLS 0.15).
    let on_product = address
        .path
        .with_untracked(|p| matches!(links::route(p), Route::Product(_)));
    let prerendered = page::boot_locale()
        .filter(|l| on_product && *l != locale && loaded.manifest.locales.contains(l));
    page::apply_theme(&loaded.manifest.theme, &loaded.base);
    let shop = ShopContext::new(
        loaded,
        prerendered.clone().unwrap_or_else(|| locale.clone()),
    );
    let chosen = asked.is_some();
    if prerendered.is_some() {
        shop.settling.set(true);
    } else {
        shop.chosen.set(chosen);
    }
    // The takeover in short tasks, not one long one (docs/performance.md, "Where the
    // feed's boot time goes", "The takeover's tasks at about 10 ms"): this one sets the
    // shop up; the next draws the page (and queues what the page mounts in steps, the
    // feed's first cards); a task after those shows the page by removing the prerendered
    // screen (`#boot`, which hides what follows it in style/app.css), so nothing the
    // buyer sees moves; the next draws the language switch and the footer, below the
    // first screen. The page's task queues a task that queues the showing one, so that
    // comes after the tasks the page queued while it was drawn.
    let built = RwSignal::new(!page::has_boot_screen());
    // Set once, by the showing step (with or without a prerendered screen).
    let below = RwSignal::new(false);
    let show: Box<dyn FnOnce()> = Box::new(move || {
        page::remove_boot_screen();
        let rest: Box<dyn FnOnce()> = Box::new(move || below.set(true));
        set_timeout(rest, std::time::Duration::ZERO);
        if prerendered.is_some() {
            crate::web::idle::after_frame(Box::new(move || {
                shop.locale.set(locale);
                shop.chosen.set(chosen);
                shop.settling.set(false);
            }));
        }
    });
    let build: Box<dyn FnOnce()> = Box::new(move || {
        built.set(true);
        let later: Box<dyn FnOnce()> =
            Box::new(move || set_timeout(show, std::time::Duration::ZERO));
        set_timeout(later, std::time::Duration::ZERO);
    });
    set_timeout(build, std::time::Duration::ZERO);
    crate::shop::provide_shop(shop);
    let announcer = provide_announcer();
    let cart = provide_cart(shop);
    let checkout = provide_checkout(shop);
    // What an endpoint said reaches the cart and the checkout only through here.
    let orders = provide_orders(
        shop,
        Rc::new(move |order, outcome| match outcome {
            // The seller has it (or, from an endpoint that cannot confirm, most likely
            // has it): what was ordered leaves the cart (in every tab, through storage),
            // and the draft forgets its note and referral.
            Outcome::Accepted(_) | Outcome::Sent => {
                cart.remove_ordered(order.lines.iter().map(|l| l.sku.as_str()));
                checkout.forget_after_order(shop.manifest);
            }
            // The shop changed under the buyer: the cart follows what the endpoint expects.
            Outcome::Rejected { answer, .. } => {
                cart.apply_corrections(&corrections(&answer.problems, shop.manifest.currency));
            }
            Outcome::Retry { .. } | Outcome::Failed { .. } => {}
        }),
    );
    // Orders left unsent by an earlier visit (closed tab, lost network) go out as soon
    // as the browser is idle; the outbox's code is a part, fetched only when this
    // browser keeps orders. A failed fetch is tried again on the next visit, or by
    // the checkout and order pages, which open the outbox themselves.
    if orders.has_stored() {
        crate::web::idle::when_idle(Box::new(move || {
            leptos::task::spawn_local(async move {
                if let Ok(part) = buying().await {
                    (part.open)(orders);
                }
            })
        }));
    }
    // A buyer with something in the cart will likely check out: the buying part (cart,
    // checkout and order pages) is fetched when the browser is idle, once.
    Effect::new(move |fetched: Option<bool>| {
        if fetched == Some(true) {
            return true;
        }
        let wanted = cart.cart().with(|c| !c.lines.is_empty());
        if wanted {
            on_demand::prefetch(prefetch_buying);
        }
        wanted
    });
    // Each page's title says what it is, then whose shop (as `microshop publish` writes
    // them). A new page (not the feed refiltered, not another variant) takes the focus
    // to its heading, so a keyboard or screen-reader user starts there, not at the old link.
    let pathname = address.path;
    let shown = std::cell::RefCell::new(None::<String>);
    Effect::new(move |_| {
        let locale = shop.locale.get();
        page::set_document_language(&locale, microshop_core::locale::is_rtl(&locale));
        let seller = shop
            .manifest
            .seller
            .name
            .get(&locale, shop.manifest.default_locale());
        let path = pathname.get();
        let key = page_key(&path);
        if shown.replace(Some(key.clone())).is_some_and(|b| b != key) {
            focus::to_page_heading(false);
        }
        announcer.clear();
        let what = if let Some(id) = path.split("/p/").nth(1) {
            let id = id.split('/').next().unwrap_or_default();
            shop.catalog().product(id).map(|p| shop.text(&p.title))
        } else {
            [
                ("/cart", Msg::Cart),
                ("/checkout", Msg::Checkout),
                ("/order", Msg::TextOrder),
            ]
            .into_iter()
            .find(|(p, _)| path.contains(p))
            .map(|(_, m)| shop.t(m).to_owned())
        };
        match what {
            Some(what) => page::set_title(&format!("{what} · {seller}")),
            None => page::set_title(seller),
        }
    });
    // A language the buyer chose stays in the address on every page (`lang=`), so a
    // link they share opens in it; replaced in place, no history entry added.
    Effect::new(move |_| {
        let locale = shop.locale.get();
        let mut query = address.query.get();
        if shop.chosen.get() && query.get_str("lang") != Some(locale.as_str()) {
            query.replace("lang", locale);
            let url = format!(
                "{}{}{}",
                address.path.get(),
                query.to_query_string(),
                address.hash_untracked()
            );
            address.go(&url, true, false);
        }
    });
    // The page the address shows: a new page only when the path names another kind of
    // page (another product, category or query is the same page, which follows it).
    let kind = Memo::new(move |_| match built.get() {
        true => address.path.with(|p| Shown::of(links::route(p))),
        false => Shown::NotYet,
    });
    let page = move || match kind.get() {
        Shown::NotYet => ().into_any(),
        Shown::Feed => view! { <FeedPage/> }.into_any(),
        Shown::Product => view! { <ProductPage/> }.into_any(),
        Shown::Cart => view! { <BuyingPart shown=Shown::Cart/> }.into_any(),
        Shown::Checkout => view! { <BuyingPart shown=Shown::Checkout/> }.into_any(),
        Shown::Order => view! { <BuyingPart shown=Shown::Order/> }.into_any(),
        Shown::Receipt => view! { <ReceiptCheckPart/> }.into_any(),
        Shown::NotFound => view! { <NotFound/> }.into_any(),
    };
    // An `AnyView` as the page's: the view code for it is in the first load already (an
    // `Option` of this view was 2-3 KB raw of its own).
    let below = once_shown(
        below,
        Box::new(move || {
            view! {
                <LanguageSwitch/>
                <footer class="site-footer">
                    <p class="site-footer__name">{move || shop.text(&shop.manifest.seller.name)}</p>
                    <ContactList/>
                </footer>
            }
            .into_any()
        }),
    );
    view! {
        {page}
        {below}
        <LiveRegion/>
    }
}

/// The kinds of page, each one view that follows its address.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    /// Not drawn yet: the takeover's first task.
    NotYet,
    Feed,
    Product,
    Cart,
    Checkout,
    Order,
    Receipt,
    NotFound,
}

impl Shown {
    fn of(route: Route<'_>) -> Shown {
        match route {
            Route::Feed(_) => Shown::Feed,
            Route::Product(_) => Shown::Product,
            Route::Cart => Shown::Cart,
            Route::Checkout => Shown::Checkout,
            Route::Order(_) => Shown::Order,
            Route::Receipt => Shown::Receipt,
            Route::NotFound => Shown::NotFound,
        }
    }
}

/// The `buying` part's pages and the outbox: plain function pointers, so the first
/// load calls them without their code. One split point and one table, not one per
/// page: each split point is a loader stub in the main module and each `OnDemand`
/// showing one is a copy of its shell (docs/performance.md).
#[derive(Clone, Copy)]
struct Buying {
    cart: Page,
    checkout: Page,
    order: Page,
    /// Opens the stored outbox and starts the sender (`orders::open`).
    open: fn(OrdersState),
}

/// The `buying` part (cart, checkout and order pages, the outbox and the sender).
#[wasm_split(buying, fallible, wasm_split_path = crate::on_demand::split, preload(prefetch_buying))]
fn buying() -> Result<Buying, NotLoaded> {
    Ok(Buying {
        cart: cart::page,
        checkout: checkout::page,
        order: orders::page,
        open: orders::open,
    })
}

/// `/cart`, `/checkout` or `/order`, from the `buying` part, with the page's heading
/// while it loads.
#[component]
fn BuyingPart(shown: Shown) -> impl IntoView {
    let title = match shown {
        Shown::Cart => Msg::Cart,
        Shown::Checkout => Msg::Checkout,
        _ => Msg::TextOrder,
    };
    let show = move |part: Buying| match shown {
        Shown::Cart => (part.cart)(),
        Shown::Checkout => (part.checkout)(),
        _ => (part.order)(),
    };
    view! { <OnDemand load=buying show title/> }
}

/// `/receipt`, from the `trust` part. No heading while it loads: the page's words
/// live in the part (trust::receipt_words), not in the first load. Shown as the
/// product page's reviews are (`trust::page_panel`, which chooses by the address):
/// one `OnDemand` in the first load for both.
#[component]
fn ReceiptCheckPart() -> impl IntoView {
    view! { <OnDemand load=trust::part show=trust::page_panel/> }
}

/// Which page a path shows: the feed's own paths (`/`, `/c/tea/`) are one page.
fn page_key(path: &str) -> String {
    let page = ["/p/", "/cart", "/checkout", "/order", "/receipt"]
        .iter()
        .any(|p| path.contains(p));
    if page {
        path.trim_end_matches('/').to_owned()
    } else {
        String::new()
    }
}
