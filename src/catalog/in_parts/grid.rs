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
use crate::catalog::feed::{feed_search, FeedSearch};
use crate::i18n::money::format_money;
use crate::i18n::{Msg, Say};
use crate::shop::announce::{self, use_announcer};
use crate::shop::links;
use crate::shop::{use_shop, ShopContext};
use crate::web::address::use_address;
use crate::web::dom::{by_id, child, complete, text_in, window_moves, Element, Screen, Text};
use leptos::prelude::*;
use leptos::tachys::renderer::Rndr;
use microshop_core::catalog::card::Card;
use microshop_core::catalog::feed::FeedQuery;
use microshop_core::catalog::index::{Found, Paging};
use microshop_core::theme::Feed;
use microshop_core::Money;
use std::cell::RefCell;
use std::rc::Rc;

// `Slots::show` keeps one bit a card of the page in a `u64`.
const _: () = assert!(microshop_core::catalog::index::PER_PAGE <= 64);

/// One page of the cards that match the feed's query, the pager, and how the rest
/// of the cards are coming.
pub fn grid() -> AnyView {
    let FeedSearch { query, focused } = feed_search();
    let shop = use_shop();
    let cards = cards(shop);
    let address = use_address();
    let query_map = address.query;
    // The index lowercased every title once; a keystroke lowercases its words (by the
    // browser, web/intl.rs: no case tables in the wasm) and scans ready strings: only
    // those of what the key before found when this one adds to the search.
    let found = Memo::new(move |before: Option<&Found>| {
        cards
            .index()
            .select(&query.read(), crate::web::intl::lowercase, before)
    });
    let results = move || found.read().at.len();
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
    let paging = move || Paging::of(results(), asked_page().as_deref());
    // A page's cards in slots that are kept and refilled (`Slots`): a keystroke
    // sets the fields that change (a picture's `src` only when it changes) rather than
    // removing every card that goes and creating every one that comes
    // (docs/performance.md, "A keystroke at 10,000 products"). A slot with no card is
    // taken out of the list, so find-in-page and screen readers meet only what is
    // shown. Filled after the grid's render (the list is there). The cards below the
    // screen are refilled in a task after the frame (`Slots::show`); the deferred
    // task shares the slots.
    let slots: Rc<RefCell<Slots>> = Rc::default();
    Effect::new(move |_| {
        // Until every card is here, a later page is not shown as the first one.
        let hold = !cards.complete() && beyond_first();
        let page = paging();
        let index = cards.index();
        found.with(|r| {
            let shown = r.at.get(page.start..page.end).filter(|_| !hold);
            if let Some(ul) = by_id("products") {
                let shown = shown.unwrap_or_default().iter();
                let cards = shown.filter_map(|&i| index.cards().get(i));
                if slots.borrow_mut().show(&ul, cards, shop) {
                    let slots = slots.clone();
                    crate::web::idle::after_frame(Box::new(move || {
                        slots.borrow_mut().fill_later(shop);
                    }));
                }
            }
        });
    });
    // A search or filter says how many products it shows, once every card is searched.
    let announcer = use_announcer();
    Effect::new(move |said: Option<()>| {
        let n = results();
        if said.is_some() && cards.complete() {
            announcer.say(announce::products_shown(shop, n));
        }
    });
    let more = move || !cards.complete();
    let any = move || results() > 0 || more();
    view! {
        <div class="feed__grid">
        // Both always there, one hidden: the list stays the one its items are in.
        <ul class="grid" id="products" tabindex="-1" style=move || shown_if(any())></ul>
        <div class="empty" style=move || shown_if(!any())>
            <p>{move || shop.t(Msg::NoResults)}</p>
            // The feed without search or filter (the app keeps a chosen `lang=`).
            <button class="button" on:click=move |_| address.go(&links::home(), false, false)>{move || shop.t(Msg::ClearFilters)}</button>
        </div>
        <Pager paging query more/>
        // Under the grid: what comes later moves nothing the buyer is reading.
        <div class="feed__status" role="status" style=move || shown_if(matches!(cards.coming.get(), Coming::Waiting | Coming::Failed))>
            <p>{move || shop.t(if cards.coming.get() == Coming::Failed { Msg::PartNotLoaded } else { Msg::PartLoading })}</p>
            <button type="button" class="button" style=move || shown_if(cards.coming.get() == Coming::Failed) on:click=move |_| cards.fetch()>{move || shop.t(Msg::TryAgain)}</button>
        </div>
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

/// Each card's: the browser skips the style, layout and paint of the cards off the
/// screen (most of a page of 48) until they come near it, so a keystroke's frame lays
/// out and paints the few cards in view. Their text stays in the page for find-in-page
/// and the accessibility tree. A card never shown counts as a placeholder's height,
/// then as high as it was last shown (`auto`).
///
/// The placeholder's height is the layout's (`theme.layout.feed`, measured at a
/// phone's 390 px and at 768 and 1280 px): a grid's card is about as tall as its
/// column is wide plus its two lines (56vw + 44px at two columns on a phone, about 310
/// px on wider screens), a dense grid's the same on a phone and a little less on wider
/// screens (more, narrower columns), a list's row 124 px. A placeholder far from the
/// real height put Back's restored scroll position far from the card the buyer had
/// opened (docs/performance.md, session 12).
fn off_screen(feed: Feed) -> &'static str {
    match feed {
        Feed::Grid => {
            "content-visibility:auto;contain-intrinsic-block-size:auto min(56vw + 44px,310px)"
        }
        Feed::Dense => {
            "content-visibility:auto;contain-intrinsic-block-size:auto min(56vw + 44px,262px)"
        }
        Feed::List => "content-visibility:auto;contain-intrinsic-block-size:auto 124px",
    }
}

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
        // `to_query_string` has no `?` of its own.
        let qs = query.read().to_query_string();
        let (qs, and) = if qs.is_empty() {
            (qs, "?")
        } else {
            (format!("?{qs}"), "&")
        };
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

/// The cards of a page in the list's items, made once and refilled: the same
/// elements as the first load's `ProductCard` of a product, those a card has not
/// (a picture, the sold-out badge, "from", a former price) hidden. Only the card's
/// fields are set, as text and attributes (no HTML from the catalog), and only those
/// that differ from the card the item showed. The DOM calls are the renderer's
/// (`Rndr`), which the first load has: no new imports into the first load's glue.
#[derive(Default)]
struct Slots {
    /// The list the items are in (another after the grid was shown again).
    list: Option<Element>,
    items: Vec<Item>,
    /// How many items are in the list, the first ones.
    mounted: usize,
    /// The locale the items were filled in.
    locale: String,
    /// Whether a task after the frame is to fill the items' `later` cards.
    queued: bool,
    /// Whether the list says it is busy (`aria-busy`): some items wait for their card.
    busy: bool,
    /// Which items are on the screen or above it (one bit each, as [`Slots::fill`]
    /// takes them), asked in the task after the frame, with the window's
    /// [`window_moves`] then: a key's own task reads it rather than asking, while the
    /// window has not scrolled or changed size since. Asking there laid the page out
    /// a second time in the key's task (a change written before the question, such
    /// as the pager's count, made the layout stale: docs/performance.md, session 18).
    screen: Option<(u32, u64)>,
}

/// One item's elements, and the card it shows.
struct Item {
    li: Element,
    link: Element,
    img: Element,
    badge: Element,
    was: Element,
    /// The sold-out badge's, the title's, "from" before and after the price, the
    /// price's and the former price's.
    texts: [Text; 6],
    card: Option<&'static Card>,
    /// The card this item is to show once the frame is drawn (it is off the screen).
    later: Option<&'static Card>,
    /// The picture this item is to show once the frame is drawn: one the browser did
    /// not have ready (see [`Item::fill`]).
    picture: Option<&'static str>,
}

impl Slots {
    /// Shows `cards` in `list`, in order: at once in the items on the screen (and
    /// any above it), in the ones below it by [`Slots::fill_later`], which the caller
    /// runs in a task after the frame when this returns true (a keystroke's frame then
    /// sets the few cards in view, 4-6 on a phone, not the page's 48, nor the 14 the
    /// browser draws with its margin: docs/performance.md, sessions 12 and 13). Until
    /// then the list is `aria-busy`. Every item is filled at once when the items are
    /// new, the language changed or items are taken out (the list grows shorter and
    /// the scroll position may move to items not filled yet).
    fn show(
        &mut self,
        list: &Element,
        cards: impl Iterator<Item = &'static Card>,
        shop: ShopContext,
    ) -> bool {
        if self.list.as_ref() != Some(list) {
            *self = Slots {
                list: Some(list.clone()),
                ..Slots::default()
            };
        }
        let locale = shop.locale.get();
        // One bit an item (`PER_PAGE` is 48): whether it is filled at once
        // ([`Slots::on_screen`]): the answer the task after the previous frame got,
        // while the window has not moved since, else asked now, before anything is
        // written here. After another language every item is set again, at once.
        // What this writes changes what is on the screen: asked again after the frame.
        let mut drawn = u64::MAX;
        let known = self.screen.take();
        if locale != self.locale {
            self.locale = locale;
            for item in &mut self.items {
                item.card = None;
            }
        } else {
            drawn = match known {
                Some((at, drawn)) if at == window_moves() => drawn,
                _ => self.on_screen(),
            };
        }
        let style = off_screen(shop.manifest.theme.layout.feed);
        let mut n = 0;
        for card in cards {
            if n == self.items.len() {
                self.items.push(Item::new(n < 4, style));
            }
            let item = &mut self.items[n];
            if n >= self.mounted {
                Rndr::insert_node(list, &item.li, None);
            }
            item.later = Some(card);
            n += 1;
        }
        for item in self.items.iter().take(self.mounted).skip(n) {
            Rndr::remove(&item.li);
        }
        if n < self.mounted {
            drawn = u64::MAX;
        }
        self.mounted = n;
        let later = self.fill(drawn, false, shop);
        self.say_busy(later);
        // Also to ask what is on the screen once the frame is drawn.
        let queue = !self.queued;
        self.queued = true;
        queue
    }

    /// Which of the mounted items are on the screen or above it, one bit each: all
    /// before the first one below it (the items come in the page's order; the search
    /// box is at the top of the feed), and any new ones when none is below. The
    /// question lays the page out if a write made it stale.
    fn on_screen(&self) -> u64 {
        let Some(list) = &self.list else {
            return u64::MAX;
        };
        let ask = Screen::new(list);
        match self
            .items
            .iter()
            .take(self.mounted)
            .position(|item| ask.below(&item.li))
        {
            Some(i) => (1 << i) - 1,
            None => u64::MAX,
        }
    }

    /// After the frame [`Slots::show`] drew: asks what is on the screen (the page was
    /// just laid out, so asking lays nothing out) for the next key, then fills the
    /// items that wait for their card. The answer is kept only if none of those is on
    /// the screen: filling one there may move the items after it.
    fn fill_later(&mut self, shop: ShopContext) {
        self.queued = false;
        let drawn = self.on_screen();
        let moves = self
            .items
            .iter()
            .enumerate()
            .any(|(i, item)| drawn >> i & 1 == 1 && item.later.is_some());
        self.screen = (!moves).then(|| (window_moves(), drawn));
        self.fill(u64::MAX, true, shop);
        self.say_busy(false);
    }

    /// Fills the items `drawn` has a bit for (one place that fills, so one copy of
    /// `Item::fill` in the wasm), with every picture when `after` the frame; says
    /// whether others (or pictures) wait.
    fn fill(&mut self, drawn: u64, after: bool, shop: ShopContext) -> bool {
        let mut later = false;
        for (i, item) in self.items.iter_mut().enumerate() {
            if drawn >> i & 1 == 1 {
                item.fill(after, shop);
                if let Some(image) = item.picture.filter(|_| after) {
                    item.picture = None;
                    Rndr::set_attribute(&item.img, "src", &shop.asset(image));
                }
            }
            later |= item.later.is_some() || item.picture.is_some();
        }
        later
    }

    /// The list's `aria-busy`, set while items wait for their card (tests wait for
    /// the settled page by it: tests/e2e/wait.mjs, `shopShown`).
    fn say_busy(&mut self, busy: bool) {
        if let Some(list) = self.list.as_ref().filter(|_| busy != self.busy) {
            if busy {
                Rndr::set_attribute(list, "aria-busy", "true");
            } else {
                Rndr::remove_attribute(list, "aria-busy");
            }
            self.busy = busy;
        }
    }
}

impl Item {
    fn new(eager: bool, style: &str) -> Item {
        let li = child(None, "li", "card");
        Rndr::set_attribute(&li, "style", style);
        let link = child(Some(&li), "a", "card__link");
        let image = child(Some(&link), "div", "card__image");
        let img = child(Some(&image), "img", "");
        for (name, value) in [
            ("alt", ""),
            ("width", "400"),
            ("height", "400"),
            ("loading", if eager { "eager" } else { "lazy" }),
            ("decoding", "async"),
        ] {
            Rndr::set_attribute(&img, name, value);
        }
        let badge = child(Some(&image), "span", "badge badge--sold-out");
        let title = child(Some(&link), "h2", "card__title");
        let price = child(Some(&link), "p", "card__price");
        let before = child(Some(&price), "span", "card__from");
        let amount = child(Some(&price), "span", "price");
        let after = child(Some(&price), "span", "card__from");
        let was = child(Some(&price), "span", "");
        text_in(&was, " ");
        let former = child(Some(&was), "s", "price price--former");
        let texts = [
            text_in(&badge, ""),
            text_in(&title, ""),
            text_in(&before, ""),
            text_in(&amount, ""),
            text_in(&after, ""),
            text_in(&former, ""),
        ];
        Item {
            li,
            link,
            img,
            badge,
            was,
            texts,
            card: None,
            later: None,
            picture: None,
        }
    }

    /// Shows the card waiting (`later`), if any: sets what differs between it and the
    /// card shown, in the buyer's language (all of it for an item that shows none).
    /// Before the frame (not `after` it) a picture the browser does not have ready
    /// (its list of available images: `complete` at once when its `src` is set)
    /// waits for the task after the frame, unless the item is new: the frame cannot
    /// draw it, and its request (started in a microtask after the `src` is set, so
    /// never when the `src` goes first) and its decoding (an SVG's is a document of
    /// its own, 3-5 ms of the main thread) then come after the frame, not before it
    /// or in it. Until then the item shows no picture, as the browser draws a picture
    /// still loading (docs/performance.md, session 15).
    fn fill(&mut self, after: bool, shop: ShopContext) {
        let Some(card) = self.later.take() else {
            return;
        };
        let old = self.card.replace(card);
        if old.is_some_and(|c| std::ptr::eq(c, card)) {
            return;
        }
        // Whether a field is new: always for an item never filled.
        let new = |f: fn(&Card) -> Option<&str>| old.is_none_or(|o| f(o) != f(card));
        let flag = |f: fn(&Card) -> bool| old.is_none_or(|o| f(o) != f(card));
        if flag(|c| c.sold_out) {
            let class = if card.sold_out {
                "card card--sold-out"
            } else {
                "card"
            };
            Rndr::set_attribute(&self.li, "class", class);
            Rndr::set_attribute(&self.badge, "style", shown_if(card.sold_out));
        }
        Rndr::set_attribute(&self.link, "href", &links::product(&card.id, None));
        if new(|c| c.image.as_deref()) {
            self.picture = None;
            match card.image.as_deref() {
                Some(image) => {
                    Rndr::set_attribute(&self.img, "src", &shop.asset(image));
                    if !(after || old.is_none() || complete(&self.img)) {
                        Rndr::remove_attribute(&self.img, "src");
                        self.picture = Some(image);
                    }
                }
                None => Rndr::remove_attribute(&self.img, "src"),
            }
        }
        // A part a card may not have is shown or hidden only when that differs: every
        // `style` written changes what is shown (docs/performance.md, session 13).
        if flag(|c| c.image.is_some()) {
            Rndr::set_attribute(&self.img, "style", shown_if(card.image.is_some()));
        }
        // "from" is its two texts, empty on a card of one price (the spans have no
        // box of their own: `.card__from` has no margin, padding or border): two text
        // writes where two `style` writes were (45 of a key's 61, session 13).
        if flag(|c| c.from) {
            let (before, after) = if card.from {
                shop.words().around(Msg::From, "price")
            } else {
                ("", "")
            };
            Rndr::set_text(&self.texts[2], before);
            Rndr::set_text(&self.texts[4], after);
        }
        if flag(|c| c.was.is_some()) {
            Rndr::set_attribute(&self.was, "style", shown_if(card.was.is_some()));
        }
        if old.is_none() {
            Rndr::set_text(&self.texts[0], shop.t(Msg::SoldOut));
        }
        // A text only when it differs (the browser writes and lays out an equal one too).
        let all = old.is_none();
        Rndr::set_text(&self.texts[1], &shop.text(&card.title));
        if all || old.is_some_and(|o| o.price != card.price) {
            Rndr::set_text(&self.texts[3], &price(card.price, shop));
        }
        if all || old.is_some_and(|o| o.was != card.was) {
            let former = card.was.map(|w| price(w, shop));
            Rndr::set_text(&self.texts[5], former.as_deref().unwrap_or_default());
        }
    }
}

/// An amount in the shop's currency and the buyer's locale (as `Price` shows it).
fn price(amount: Money, shop: ShopContext) -> String {
    format_money(amount, shop.manifest.currency, &shop.locale.get())
}
