//! The cards the feed shows and searches, indexed once (`microshop_core::catalog::
//! index`). A shop with its whole catalog in the manifest has them at once; a shop
//! published in parts (docs/publishing.md, "The catalog in parts") starts with the
//! cards of its first products and fetches the rest (`data/cards.json` and the files
//! it names) the first time the buyer searches, filters, sorts or pages on. Kept for
//! the page's life, so going back to the feed does not fetch them again.

use crate::shop::ShopContext;
use crate::web::http::{get_all, get_text};
use leptos::prelude::*;
use microshop_core::catalog::card::{decode_cards, Card};
use microshop_core::catalog::index::FeedIndex;

/// How far the whole catalog's cards are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coming {
    /// Not asked for (or here already).
    Idle,
    Waiting,
    /// The network or the files failed; asking again retries.
    Failed,
}

/// The feed's cards, shared through context.
#[derive(Clone, Copy)]
pub struct Cards {
    all: RwSignal<Option<&'static FeedIndex>>,
    first: &'static FeedIndex,
    /// Where the whole catalog's cards are.
    pub coming: RwSignal<Coming>,
    shop: ShopContext,
}

/// Indexes what the shop came with and provides it.
pub fn provide_cards(shop: ShopContext) -> Cards {
    let catalog = shop.catalog();
    let index = |products: &[microshop_core::Product]| -> &'static FeedIndex {
        Box::leak(Box::new(FeedIndex::new(
            products.iter().map(Card::of).collect(),
            crate::web::intl::lowercase,
        )))
    };
    let first = index(&catalog.products[..shop.first.min(catalog.products.len())]);
    let cards = Cards {
        all: RwSignal::new(shop.parts.is_none().then_some(first)),
        first,
        coming: RwSignal::new(Coming::Idle),
        shop,
    };
    provide_context(cards);
    cards
}

/// The cards context.
pub fn use_cards() -> Cards {
    expect_context::<Cards>()
}

impl Cards {
    /// The index to show from now: the whole catalog's, or while it comes the first
    /// products' (tracked).
    pub fn index(&self) -> &'static FeedIndex {
        self.all.get().unwrap_or(self.first)
    }

    /// Whether [`Cards::index`] holds every product (tracked).
    pub fn complete(&self) -> bool {
        self.all.with(Option::is_some)
    }

    /// Starts fetching the whole catalog's cards, unless they are here or coming.
    pub fn fetch(&self) {
        let Some(parts) = self.shop.parts else {
            return;
        };
        if self.all.with_untracked(Option::is_some)
            || self.coming.get_untracked() == Coming::Waiting
        {
            return;
        }
        self.coming.set(Coming::Waiting);
        let cards = *self;
        leptos::task::spawn_local(async move {
            match all_cards(parts, cards.shop.manifest.currency).await {
                Some(list) => {
                    let index = FeedIndex::new(list, crate::web::intl::lowercase);
                    cards.all.set(Some(Box::leak(Box::new(index))));
                    cards.coming.set(Coming::Idle);
                }
                None => cards.coming.set(Coming::Failed),
            }
        });
    }
}

/// Every card of a shop in parts, in the feed's order; `None` when a file did not
/// load or is not cards (said to the buyer, with a retry; no message text in the
/// wasm: the browser's network panel names the file).
async fn all_cards(parts: &str, currency: microshop_core::Currency) -> Option<Vec<Card>> {
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
