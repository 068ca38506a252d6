//! The product feed: seller header, search, category chips, sort, product grid.
//! Everything the buyer chooses lives in the URL, so a link reproduces the view.
//!
//! The grid shows one page of results (`index::PER_PAGE` cards, `?page=` in the URL), with
//! links to the pages before and after it under the grid. Pages rather than an endless,
//! windowed list: the mounted cards stay bounded whatever the catalog's size and however
//! far the buyer goes (10,000 products are 209 pages of 48); nothing is inserted above
//! what the buyer reads, so nothing shifts; find-in-page, the keyboard and screen
//! readers meet every card of the page in order, then the link to the next page, which
//! moves the focus to the new page's list; each page has its own address, so Back, a
//! reload and a shared link return to it. A shop of up to `PER_PAGE` products has one
//! page and no links.

use crate::catalog::cards::{use_cards, Coming};
use crate::catalog::product_card::ProductCard;
use crate::i18n::{Msg, Say};
use crate::share::ShareBar;
use crate::shop::announce::{self, use_announcer};
use crate::shop::links::{self, Route};
use crate::shop::seller_header::SellerHeader;
use crate::shop::use_shop;
use crate::web::address::use_address;
use leptos::prelude::*;
use microshop_core::catalog::feed::{FeedQuery, Sort};
use microshop_core::catalog::index::Paging;

/// `/`: the feed.
#[component]
pub fn FeedPage() -> impl IntoView {
    let shop = use_shop();
    let cards = use_cards();
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
    // The index lowercased every title once; a keystroke lowercases its words (by the
    // browser, web/intl.rs: no case tables in the wasm) and scans ready strings.
    let results = Memo::new(move |_| {
        cards
            .index()
            .select(&query.read(), crate::web::intl::lowercase)
    });
    let asked_page = move || query_map.with(|q| q.get("page"));
    let beyond_first = move || {
        asked_page()
            .and_then(|p| p.parse::<usize>().ok())
            .is_some_and(|n| n > 1)
    };
    // A shop in parts fetches every card once the buyer asks for more than its first
    // page: a search, a category, a sort or another page.
    Effect::new(move |_| {
        if *query.read() != FeedQuery::default() || beyond_first() {
            cards.fetch();
        }
    });
    let paging = move || Paging::of(results.read().len(), asked_page().as_deref());
    // Until every card is here, a later page is not shown as the first one.
    let shown = move || {
        if !cards.complete() && beyond_first() {
            return Vec::new();
        }
        let index = cards.index();
        let page = paging();
        results.with(|r| {
            r.get(page.start..page.end)
                .unwrap_or_default()
                .iter()
                .filter_map(|&i| index.cards().get(i))
                .enumerate()
                .collect::<Vec<_>>()
        })
    };
    // A search or filter says how many products it shows (not the whole grid, which a
    // live grid would read out on every keystroke); a shop in parts says it once every
    // card is searched.
    let announcer = use_announcer();
    Effect::new(move |said: Option<()>| {
        let n = results.read().len();
        if said.is_some() && cards.complete() {
            announcer.say(announce::products_shown(shop, n));
        }
    });

    view! {
        <div class="page">
            <SellerHeader/>
            <main>
            <ShareBar path=links::home() title=Signal::derive(move || shop.text(&shop.manifest.seller.name)) referral=true/>
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
                    on:focus=move |_| cards.fetch()/>
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
            <CategoryChips query go/>
            <Show
                when=move || !results.read().is_empty() || !cards.complete()
                fallback=move || {
                    view! {
                        <div class="empty">
                            <p>{move || shop.t(Msg::NoResults)}</p>
                            <button class="button" on:click=move |_| go(FeedQuery::default(), false)>{move || shop.t(Msg::ClearFilters)}</button>
                        </div>
                    }
                }>
                <ul class="grid" id="products" tabindex="-1">
                    <For each=shown key=|(_, card)| card.id.clone() let((i, product))>
                        <ProductCard product eager={ i < 4 }/>
                    </For>
                </ul>
            </Show>
            <Pager paging more=Signal::derive(move || !cards.complete())/>
            // Under the grid: what comes later moves nothing the buyer is reading.
            <div class="feed__status" role="status" hidden=move || !matches!(cards.coming.get(), Coming::Waiting | Coming::Failed)>
                <p>{move || shop.t(if cards.coming.get() == Coming::Failed { Msg::PartNotLoaded } else { Msg::PartLoading })}</p>
                <button type="button" class="button" hidden=move || cards.coming.get() != Coming::Failed on:click=move |_| cards.fetch()>{move || shop.t(Msg::TryAgain)}</button>
            </div>
            </main>
        </div>
    }
}

/// Links to the previous and next page of results, and which page this is of how
/// many (not said while `more` cards are still to come: the count is not known yet).
/// One view whose parts hide, so the wasm carries one.
#[component]
fn Pager<P>(paging: P, more: Signal<bool>) -> impl IntoView
where
    P: Fn() -> Paging + Copy + Send + Sync + 'static,
{
    let shop = use_shop();
    let address = use_address();
    let link = move |step: isize| {
        let mut query = address.query.get();
        let page = paging().page.saturating_add_signed(step);
        query.replace("page", page.to_string());
        format!("{}{}#products", address.path.get(), query.to_query_string())
    };
    // The new page's list takes the focus (the link followed may be gone from under
    // the keyboard), so the next Tab is its first product.
    let to_list = |_| crate::web::focus::to_id("products");
    view! {
        <div class="pager" hidden=move || paging().pages == 1 && !more.get()>
            <a class="button" rel="prev" href=move || link(-1) on:click=to_list hidden=move || paging().page == 1>{move || shop.t(Msg::PagePrevious)}</a>
            <span class="pager__of" hidden=move || more.get()>{move || { let p = paging(); shop.words().page_of(&p.page.to_string(), &p.pages.to_string()) }}</span>
            <a class="button" rel="next" href=move || link(1) on:click=to_list hidden=move || { let p = paging(); p.page == p.pages && !more.get() }>{move || shop.t(Msg::PageNext)}</a>
        </div>
    }
}

/// Category chips; "All" clears the filter.
#[component]
fn CategoryChips<F>(query: Memo<FeedQuery>, go: F) -> impl IntoView
where
    F: Fn(FeedQuery, bool) + Clone + Send + Sync + 'static,
{
    let shop = use_shop();
    if shop.catalog().categories.is_empty() {
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
        .catalog()
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
