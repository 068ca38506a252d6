//! The product feed: seller header, search, category chips, sort, product grid.
//! Everything the buyer chooses lives in the URL, so a link reproduces the view.
//!
//! A shop with its whole catalog in its manifest shows every product that matches;
//! a shop published in parts shows one page of cards at a time, with the grid of
//! the `parts` part (`catalog::in_parts`), which only such a shop downloads.

use crate::cart::cart_bar::CartBar;
use crate::catalog::in_parts::{FromParts, InParts};
use crate::catalog::product_card::ProductCard;
use crate::catalog::seller_header::SellerHeader;
use crate::i18n::Msg;
use crate::reactive::once_shown;
use crate::share::ShareBar;
use crate::shop::announce::{self, use_announcer};
use crate::shop::links::{self, Route};
use crate::shop::use_shop;
use crate::web::address::use_address;
use crate::web::page;
use leptos::prelude::*;
use microshop_core::catalog::feed::{feed_lowercased_by, FeedQuery, Sort};

/// What the grid of a shop in parts reads of the feed page ([`feed_search`]).
#[derive(Clone, Copy)]
pub struct FeedSearch {
    /// What the buyer asks for.
    pub query: Memo<FeedQuery>,
    /// Whether the search box has had the focus: a search will likely follow, and
    /// what it needs may start coming.
    pub focused: RwSignal<bool>,
}

thread_local! {
    /// The feed page's search, for its grid (a shop in parts): set by the feed page
    /// before it shows the grid, so the grid reads the page's own. A thread-local, not
    /// a Leptos context: the context look-up's code (a hash map's) was in the `parts`
    /// part for this one use (docs/performance.md, session 17).
    static SEARCH: std::cell::Cell<Option<FeedSearch>> = const { std::cell::Cell::new(None) };
}

/// The search of the feed page that shows the grid.
pub fn feed_search() -> FeedSearch {
    SEARCH
        .with(std::cell::Cell::get)
        .expect("set by the feed page")
}

/// `/`: the feed.
#[component]
pub fn FeedPage() -> impl IntoView {
    let shop = use_shop();
    let address = use_address();
    let query_map = address.query;
    // A category's own page (`/c/tea/`, written by `microshop publish`) or `?cat=tea`.
    let query = Memo::new(move |_| {
        let q = query_map.read();
        FeedQuery {
            search: q.get("q").unwrap_or_default(),
            category: q
                .get("cat")
                .or_else(|| {
                    address.path.with(|p| match links::route(p) {
                        Route::Feed(category) => category.map(str::to_owned),
                        _ => None,
                    })
                })
                .filter(|c| shop.catalog().categories.iter().any(|k| &k.id == c)),
            sort: Sort::from_param(&q.get("sort").unwrap_or_default()),
        }
    });
    // Typing replaces the history entry; choosing a chip or sort adds one, so Back undoes it.
    let go = move |next: FeedQuery, replace: bool| {
        let qs = next.to_query_string();
        let mut url = links::home_with(&qs);
        if let Some(lang) = query_map.get_untracked().get("lang") {
            url.push_str(if qs.is_empty() { "?" } else { "&" });
            url.push_str(&format!(
                "lang={}",
                microshop_core::catalog::feed::encode(&lang)
            ));
        }
        address.go(&url, replace, false);
    };
    let focused = RwSignal::new(false);
    let grid = if shop.parts.is_some() {
        SEARCH.with(|s| s.set(Some(FeedSearch { query, focused })));
        view! { <FromParts show=|part: InParts| (part.grid)()/> }.into_any()
    } else {
        // The browser lowercases for the search (web/intl.rs): no case tables in the wasm.
        let products = Memo::new(move |_| {
            feed_lowercased_by(shop.came_with, &query.read(), crate::web::intl::lowercase)
        });
        // A search or filter says how many products it shows (not the whole grid, which a
        // live grid would read out on every keystroke).
        let announcer = use_announcer();
        Effect::new(move |shown: Option<()>| {
            let n = products.read().len();
            if shown.is_some() {
                announcer.say(announce::products_shown(shop, n));
            }
        });
        // The first feed of a visit mounts its cards a few a task, each task queueing the
        // next, after the task that draws the page: the demo's 29 cards in one task were
        // a long task at start (docs/performance.md, "Where the feed's boot time goes").
        // The first batch is what `microshop publish` prerenders, and comes before the
        // step that shows the page (src/app.rs), so the takeover replaces no prerendered
        // card by nothing; the rest are below the first screen (`.page` fills it), so
        // nothing the buyer sees moves. A later feed (Back from a product) mounts every
        // card at once, so the browser can restore its scroll position.
        // Without a prerendered screen (a first feed after another page, or a page not
        // published) the first batch is drawn with the page, not a frame after it.
        let first = !FEED_SHOWN.swap(true, std::sync::atomic::Ordering::Relaxed);
        let start = match (first, page::has_boot_screen()) {
            (false, _) => usize::MAX,
            (true, true) => 0,
            (true, false) => FIRST_CARDS,
        };
        let mounted = RwSignal::new(start);
        let total = shop.came_with.products.len();
        if start < total {
            mount_more(mounted, start, total);
        }
        view! {
            <Show
                when=move || !products.read().is_empty()
                fallback=move || {
                    view! {
                        <div class="empty">
                            <p>{move || shop.t(Msg::NoResults)}</p>
                            <button class="button" on:click=move |_| go(FeedQuery::default(), false)>{move || shop.t(Msg::ClearFilters)}</button>
                        </div>
                    }
                }>
                <ul class="grid">
                    <For each=move || products.get().into_iter().take(mounted.get()).enumerate() key=|(_, p)| p.id.clone() let((i, product))>
                        <ProductCard product eager={ i < 4 }/>
                    </For>
                </ul>
            </Show>
        }
        .into_any()
    };

    // Behind a prerendered screen, the seller's header is drawn in a task after the
    // page's, and the share bar and the chips in a task after that (queued while the page
    // is drawn, so before the step that shows the page: src/app.rs): the page's task was
    // 12-14 ms at full speed, most of it the first compilation of what it calls, and
    // with the header still 10-15 ms, the feed's longest task in Lighthouse's runs
    // (docs/performance.md, "session 12, engineer BOOT2" and "session 14, engineer
    // TBT4").
    let rest = RwSignal::new(!page::has_boot_screen());
    let head = RwSignal::new(rest.get_untracked());
    if !rest.get_untracked() {
        let draw_head: Box<dyn FnOnce()> = Box::new(move || {
            let _ = head.try_set(true);
        });
        set_timeout(draw_head, std::time::Duration::ZERO);
        let draw: Box<dyn FnOnce()> = Box::new(move || {
            let _ = rest.try_set(true);
        });
        set_timeout(draw, std::time::Duration::ZERO);
    }
    let header = once_shown(head, Box::new(move || view! { <SellerHeader/> }.into_any()));
    let share = once_shown(
        rest,
        Box::new(move || {
            view! { <ShareBar path=links::home() title=Signal::derive(move || shop.text(&shop.manifest.seller.name)) referral=true/> }
                .into_any()
        }),
    );
    let chips = once_shown(
        rest,
        Box::new(move || view! { <CategoryChips query go/> }.into_any()),
    );
    view! {
        <div class="page">
            {header}
            <main>
            {share}
            <div class="toolbar" role="search">
                <label class="visually-hidden" for="feed-search">{move || shop.t(Msg::Search)}</label>
                <input id="feed-search" class="toolbar__search" type="search" enterkeyhint="search" autocomplete="off"
                    placeholder=move || shop.t(Msg::SearchPlaceholder)
                    prop:value=move || query.read().search.clone()
                    on:input=move |ev| {
                        let mut next = query.get_untracked();
                        next.search = event_target_value(&ev);
                        go(next, true);
                    }
                    on:focus=move |_| if shop.parts.is_some() { focused.set(true) }/>
                <label class="visually-hidden" for="feed-sort">{move || shop.t(Msg::Sort)}</label>
                <select id="feed-sort" class="toolbar__sort"
                    on:change=move |ev| {
                        let mut next = query.get_untracked();
                        next.sort = Sort::from_param(&event_target_value(&ev));
                        go(next, false);
                    }>
                    {Sort::ALL.into_iter().map(|s| {
                        let label = match s {
                            Sort::Featured => Msg::SortFeatured,
                            Sort::PriceUp => Msg::SortPriceUp,
                            Sort::PriceDown => Msg::SortPriceDown,
                            Sort::Newest => Msg::SortNewest,
                        };
                        view! { <option value=s.param() selected=move || query.read().sort == s>{move || shop.t(label)}</option> }
                    }).collect_view()}
                </select>
            </div>
            {chips}
            {grid}
            // Back on the feed from a product, the buyer still sees what the cart holds.
            <CartBar/>
            </main>
        </div>
    }
}

/// Cards the first feed of a visit mounts per task, the first batch before the page is
/// shown: what
/// `microshop publish` prerenders (`PRERENDERED_CARDS` in crates/cli/src/publish/body.rs),
/// so the takeover replaces no prerendered card by nothing; a task of 6 cards is well
/// under 50 ms on a slow phone (docs/performance.md).
const FIRST_CARDS: usize = 6;

/// Mounts `FIRST_CARDS` more cards than `n` in a task of its own, which queues the next
/// batch until `total` are in: one batch a task, each after whatever was queued
/// meanwhile. The chain ends when the feed is gone (the buyer left it before its last
/// cards): `mounted` is then disposed, and only written (`try_set`), never read (a
/// disposed signal's read panics; publish.test.mjs taps a card as the app shows).
fn mount_more(mounted: RwSignal<usize>, n: usize, total: usize) {
    // Boxed: the first load has `set_timeout`'s code for this type already
    // (web/idle.rs), not for a new closure type.
    let more: Box<dyn FnOnce()> = Box::new(move || {
        let n = n + FIRST_CARDS;
        if mounted.try_set(n).is_none() && n < total {
            mount_more(mounted, n, total);
        }
    });
    set_timeout(more, std::time::Duration::ZERO);
}

/// Whether a feed was shown in this visit (only the first mounts its cards in steps).
static FEED_SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Category chips; "All" clears the filter.
#[component]
fn CategoryChips<F>(query: Memo<FeedQuery>, go: F) -> impl IntoView
where
    F: Fn(FeedQuery, bool) + Clone + Send + Sync + 'static,
{
    let shop = use_shop();
    // The catalog the shop came with: every category (a shop in parts names them all
    // in its first file).
    if shop.came_with.categories.is_empty() {
        return ().into_any();
    }
    let chip = move |id: Option<String>, label: Signal<String>| {
        let go = go.clone();
        let selected_id = id.clone();
        let selected = move || query.read().category == selected_id;
        view! {
            <li>
                <button type="button" class="chip" aria-pressed=move || selected().to_string()
                    on:click=move |_| {
                        let mut next = query.get_untracked();
                        next.category = id.clone();
                        go(next, false);
                    }>{label}</button>
            </li>
        }
    };
    let all = chip(None, Signal::derive(move || shop.t(Msg::All).to_owned()));
    let rest = shop
        .came_with
        .categories
        .iter()
        .map(|c| {
            chip(
                Some(c.id.clone()),
                Signal::derive(move || shop.text(&c.name)),
            )
        })
        .collect_view();
    view! {
        <nav class="chips" aria-label=move || shop.t(Msg::Categories)>
            <ul class="chips__list">{all}{rest}</ul>
        </nav>
    }
    .into_any()
}
