//! The cards the feed of a shop in parts shows and searches, indexed once
//! (`microshop_core::catalog::index`). The shop starts with the cards of its first
//! products and fetches the rest (`data/cards.json` and the files it names) the first
//! time the buyer searches, filters, sorts or pages on. Kept for the page's life, so
//! going back to the feed does not fetch them again.

use crate::reactive::Lasting;
use crate::shop::ShopContext;
use crate::web::http::{get_all, get_text};
use leptos::prelude::*;
use microshop_core::catalog::card::{decode_cards, Card};
use microshop_core::catalog::index::FeedIndex;
use microshop_core::Currency;
use std::cell::Cell;

/// How far the whole catalog's cards are.
#[derive(Clone, Copy, PartialEq)]
pub enum Coming {
    /// Not asked for yet.
    Idle,
    Waiting,
    /// The network or the files failed; asking again retries.
    Failed,
    /// Here.
    All(&'static FeedIndex),
}

/// The feed's cards, one for the page's life.
pub struct Cards {
    /// Where the whole catalog's cards are (not owned by a view: it outlives the feed
    /// a buyer leaves for a product page, and the fetch that may end meanwhile).
    pub coming: Lasting<ArcRwSignal<Coming>>,
    first: FeedIndex,
    shop: ShopContext,
}

thread_local! {
    static CARDS: Cell<Option<&'static Cards>> = const { Cell::new(None) };
}

/// The shop's cards: those of its first products, indexed on the first call.
pub fn cards(shop: ShopContext) -> &'static Cards {
    CARDS.with(|kept| {
        if let Some(cards) = kept.get() {
            return cards;
        }
        let products = &shop.catalog_untracked().products;
        let first = FeedIndex::new(
            products[..shop.first.min(products.len())]
                .iter()
                .map(Card::of)
                .collect(),
            crate::web::intl::lowercase,
        );
        let cards: &'static Cards = Box::leak(Box::new(Cards {
            coming: Lasting::new(ArcRwSignal::new(Coming::Idle)),
            first,
            shop,
        }));
        kept.set(Some(cards));
        cards
    })
}

impl Cards {
    /// The index to show from now: the whole catalog's, or while it comes the first
    /// products' (tracked).
    pub fn index(&'static self) -> &'static FeedIndex {
        match self.coming.get() {
            Coming::All(index) => index,
            _ => &self.first,
        }
    }

    /// Whether [`Cards::index`] holds every product (tracked).
    pub fn complete(&self) -> bool {
        matches!(self.coming.get(), Coming::All(_))
    }

    /// Starts fetching the whole catalog's cards, unless they are here or coming.
    pub fn fetch(&'static self) {
        let Some(parts) = self.shop.parts else {
            return;
        };
        if matches!(
            self.coming.get_untracked(),
            Coming::All(_) | Coming::Waiting
        ) {
            return;
        }
        self.coming.set(Coming::Waiting);
        let currency = self.shop.manifest.currency;
        leptos::task::spawn_local(async move {
            let indexed = all_cards(parts, currency)
                .await
                .map(|list| FeedIndex::new(list, crate::web::intl::lowercase));
            self.coming.set(match indexed {
                Some(index) => Coming::All(Box::leak(Box::new(index))),
                None => Coming::Failed,
            });
        });
    }
}

/// Every card of a shop in parts, in the feed's order; `None` when a file did not
/// load or is not cards (said to the buyer, with a retry; no message text in the
/// wasm: the browser's network panel names the file).
async fn all_cards(parts: &str, currency: Currency) -> Option<Vec<Card>> {
    let list_url = format!("{parts}cards.json");
    let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    let list = json(&get_text(&list_url).await.ok()?)?;
    let urls: Vec<String> = list
        .get("files")?
        .as_array()?
        .iter()
        .map(|f| f.as_str().map(|f| crate::web::page::resolve(f, &list_url)))
        .collect::<Option<_>>()?;
    let mut cards = Vec::new();
    for answer in get_all(&urls).await {
        cards.extend(decode_cards(&json(&answer.ok()?)?, currency).ok()?);
    }
    Some(cards)
}
