//! The feed's grid of a shop in parts, under the first load's toolbar and chips:
//! one page of results (`index::PER_PAGE` cards, `?page=` in the
//! URL) and links to the pages before and after it under the grid.
//!
//! Pages rather than an endless, windowed list: the mounted cards stay bounded
//! whatever the catalog's size and however far the buyer goes (10,000 products are
//! 209 pages of 48); nothing is inserted above what the buyer reads, so nothing
//! shifts; find-in-page, the keyboard and screen readers meet every card of the page
//! in order, then the link to the next page, which moves the focus to the new page's
//! list; each page has its own address, so Back, a reload and a shared link return
//! to it.

use super::cards::{cards, Coming};
use crate::catalog::feed::FeedSearch;
use crate::i18n::money::format_money;
use crate::i18n::{Msg, Say};
use crate::shop::announce::{self, use_announcer};
use crate::shop::links;
use crate::shop::use_shop;
use crate::web::address::use_address;
use leptos::prelude::*;
use microshop_core::catalog::card::Card;
use microshop_core::catalog::feed::FeedQuery;
use microshop_core::catalog::index::{Paging, PER_PAGE};

/// One page of the cards that match the feed's query, the pager, and how the rest
/// of the cards are coming.
pub fn grid() -> AnyView {
    let FeedSearch { query, focused } = expect_context::<FeedSearch>();
    let shop = use_shop();
    let cards = cards(shop);
    let address = use_address();
    let query_map = address.query;
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
    // Every card is fetched once the buyer asks for more than the first page: a
    // search (or the focus in the search box), a category, a sort or another page.
    Effect::new(move |_| {
        if focused.get() || *query.read() != FeedQuery::default() || beyond_first() {
            cards.fetch();
        }
    });
    let paging = move || Paging::of(results.read().len(), asked_page().as_deref());
    // Until every card is here, a later page is not shown as the first one.
    let shown = Memo::new(move |_| {
        if !cards.complete() && beyond_first() {
            return Vec::new();
        }
        let page = paging();
        results.with(|r| r.get(page.start..page.end).unwrap_or_default().to_vec())
    });
    // A page's cards in slots that are kept and refilled: a keystroke changes the
    // fields that change (a picture's `src` only when it changes) rather than removing
    // every card that goes and creating every one that comes (docs/performance.md,
    // "A keystroke at 10,000 products"). A slot with no card has no element, so
    // find-in-page and screen readers meet only what is shown.
    let slots = move || {
        (0..PER_PAGE)
            .map(|slot| {
                let card = Memo::new(move |_| {
                    let i = shown.with(|s| s.get(slot).copied())?;
                    cards.index().cards().get(i).map(Slot)
                });
                let filled = Memo::new(move |_| card.read().is_some());
                move || filled.get().then(|| card_view(card, slot < 4))
            })
            .collect_view()
    };
    // A search or filter says how many products it shows, once every card is searched.
    let announcer = use_announcer();
    Effect::new(move |said: Option<()>| {
        let n = results.read().len();
        if said.is_some() && cards.complete() {
            announcer.say(announce::products_shown(shop, n));
        }
    });
    let more = move || !cards.complete();
    view! {
        <Show
            when=move || !results.read().is_empty() || !cards.complete()
            fallback=move || view! {
                <div class="empty">
                    <p>{move || shop.t(Msg::NoResults)}</p>
                    // The feed without search or filter (the app keeps a chosen `lang=`).
                    <button class="button" on:click=move |_| address.go(&links::home(), false, false)>{move || shop.t(Msg::ClearFilters)}</button>
                </div>
            }>
            <ul class="grid" id="products" tabindex="-1">
                {slots()}
            </ul>
        </Show>
        <Pager paging query more/>
        // Under the grid: what comes later moves nothing the buyer is reading.
        <div class="feed__status" role="status" style=move || shown_if(matches!(cards.coming.get(), Coming::Waiting | Coming::Failed))>
            <p>{move || shop.t(if cards.coming.get() == Coming::Failed { Msg::PartNotLoaded } else { Msg::PartLoading })}</p>
            <button type="button" class="button" style=move || shown_if(cards.coming.get() == Coming::Failed) on:click=move |_| cards.fetch()>{move || shop.t(Msg::TryAgain)}</button>
        </div>
    }
    .into_any()
}

/// This part's few styles are inline, not in the first load's stylesheet (`style-src`
/// allows them: crates/cli/src/csp.rs); `hidden` would lose to a class's `display`,
/// and its code, shared with the `buying` part, would make a chunk of its own.
const HIDDEN: &str = "display:none";
const PAGER: &str =
    "display:flex;justify-content:center;gap:var(--space-3);padding:var(--space-4) 0";

/// The inline style of what shows only `if` so.
pub fn shown_if(shown: bool) -> &'static str {
    if shown {
        ""
    } else {
        HIDDEN
    }
}

/// Links to the previous and next page of results, and which page this is of how
/// many (not said while `more` cards are still to come: the count is not known yet).
/// One view whose parts hide, so the wasm carries one.
#[component]
fn Pager<P, M>(paging: P, query: Memo<FeedQuery>, more: M) -> impl IntoView
where
    P: Fn() -> Paging + Copy + Send + Sync + 'static,
    M: Fn() -> bool + Copy + Send + Sync + 'static,
{
    let shop = use_shop();
    let address = use_address();
    let link = move |step: isize| {
        let page = paging().page.saturating_add_signed(step);
        let qs = query.read().to_query_string();
        let and = if qs.is_empty() { "?" } else { "&" };
        // A chosen language stays in the address (as the feed's own links keep it).
        let lang = address
            .query
            .with(|q| q.get("lang"))
            .map_or_else(String::new, |l| {
                format!("&lang={}", microshop_core::catalog::feed::encode(&l))
            });
        format!("{}{qs}{and}page={page}{lang}#products", address.path.get())
    };
    // The new page's list takes the focus (the link followed may be gone from under
    // the keyboard), so the next Tab is its first product.
    let to_list = |_| crate::web::focus::to_id("products");
    view! {
        <div class="pager" style=move || if paging().pages == 1 && !more() { HIDDEN } else { PAGER }>
            <a class="button" rel="prev" href=move || link(-1) on:click=to_list style=move || shown_if(paging().page > 1)>{move || shop.t(Msg::PagePrevious)}</a>
            <span class="pager__of" style=move || shown_if(!more())>{move || { let p = paging(); shop.words().page_of(&p.page.to_string(), &p.pages.to_string()) }}</span>
            <a class="button" rel="next" href=move || link(1) on:click=to_list style=move || { let p = paging(); shown_if(p.page < p.pages || more()) }>{move || shop.t(Msg::PageNext)}</a>
        </div>
    }
}

/// A card in a slot of the page, compared by address: the same card does not
/// notify its slot's fields.
#[derive(Clone, Copy)]
struct Slot(&'static Card);

impl PartialEq for Slot {
    fn eq(&self, other: &Slot) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

/// A product's card (what a shop in parts publishes of it), linking to its page: the
/// same elements as the first load's `ProductCard` of a product, each field following
/// the card in the slot (those a card has not are hidden).
fn card_view(card: Memo<Option<Slot>>, eager: bool) -> impl IntoView {
    let shop = use_shop();
    let field = move |f: fn(&'static Card) -> bool| card.read().is_some_and(|c| f(c.0));
    let price = move |former: bool| {
        card.read().and_then(|c| {
            let amount = if former { c.0.was? } else { c.0.price };
            Some(format_money(
                amount,
                shop.manifest.currency,
                &shop.locale.get(),
            ))
        })
    };
    let from = move |first: bool| {
        let (before, after) = shop.words().around(Msg::From, "price");
        if first {
            before
        } else {
            after
        }
    };
    view! {
        <li class="card" class:card--sold-out=move || field(|c| c.sold_out)>
            <a href=move || card.read().map(|c| links::product(&c.0.id, None)) class="card__link">
                <div class="card__image">
                    <img src=move || card.read().and_then(|c| c.0.image.as_deref().map(|i| shop.asset(i)))
                        style=move || shown_if(field(|c| c.image.is_some()))
                        alt="" width="400" height="400"
                        loading=if eager { "eager" } else { "lazy" }
                        decoding="async"/>
                    <span class="badge badge--sold-out" style=move || shown_if(field(|c| c.sold_out))>{move || shop.t(Msg::SoldOut)}</span>
                </div>
                <h2 class="card__title">{move || card.read().map(|c| shop.text(&c.0.title))}</h2>
                <p class="card__price">
                    <span class="card__from" style=move || shown_if(field(|c| c.from))>{move || from(true)}</span>
                    <span class="price">{move || price(false)}</span>
                    <span class="card__from" style=move || shown_if(field(|c| c.from))>{move || from(false)}</span>
                    {move || field(|c| c.was.is_some()).then_some(" ")}
                    <s class="price price--former" style=move || shown_if(field(|c| c.was.is_some()))>{move || price(true)}</s>
                </p>
            </a>
        </li>
    }
}
