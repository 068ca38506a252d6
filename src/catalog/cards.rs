//! The cards the feed shows and searches, indexed once (`microshop_core::catalog::
//! index`). A shop with its whole catalog in the manifest has them at once; a shop
//! published in parts (docs/publishing.md, "The catalog in parts") starts with the
//! cards of its first products and fetches the rest (`data/cards.json` and the files
//! it names) the first time the buyer searches, filters, sorts or pages on. Kept for
//! the page's life, so going back to the feed does not fetch them again.

use crate::on_demand::{wasm_split, NotLoaded};
use crate::shop::ShopContext;
use crate::web::http::{get_all, get_text};
use leptos::prelude::*;
use microshop_core::catalog::card::{decode_cards, Card};
use microshop_core::catalog::index::FeedIndex;
use microshop_core::Currency;
use std::future::Future;
use std::pin::Pin;

/// How far the whole catalog's cards are.
#[derive(Clone, Copy, PartialEq)]
pub enum Coming {
    /// Not asked for yet.
    Idle,
    Waiting,
    /// The network or the files failed; asking again retries.
    Failed,
    /// Here (at once for a shop not in parts).
    All(&'static FeedIndex),
}

/// The feed's cards, shared through context.
#[derive(Clone, Copy)]
pub struct Cards {
    /// Where the whole catalog's cards are.
    pub coming: RwSignal<Coming>,
    first: &'static FeedIndex,
    shop: ShopContext,
}

/// Indexes what the shop came with and provides it.
pub fn provide_cards(shop: ShopContext) -> Cards {
    let products = &shop.catalog().products;
    let first: &'static FeedIndex = Box::leak(Box::new(FeedIndex::new(
        products[..shop.first.min(products.len())]
            .iter()
            .map(Card::of)
            .collect(),
        crate::web::intl::lowercase,
    )));
    let cards = Cards {
        coming: RwSignal::new(match shop.parts {
            None => Coming::All(first),
            Some(_) => Coming::Idle,
        }),
        first,
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
        match self.coming.get() {
            Coming::All(index) => index,
            _ => self.first,
        }
    }

    /// Whether [`Cards::index`] holds every product (tracked).
    pub fn complete(&self) -> bool {
        matches!(self.coming.get(), Coming::All(_))
    }

    /// Starts fetching the whole catalog's cards, unless they are here or coming.
    pub fn fetch(&self) {
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
        let cards = *self;
        leptos::task::spawn_local(async move {
            let indexed = match index_part(parts, cards.shop.manifest.currency).await {
                Ok(later) => later.await,
                Err(NotLoaded) => None,
            };
            cards.coming.set(match indexed {
                Some(index) => Coming::All(Box::leak(Box::new(index))),
                None => Coming::Failed,
            });
        });
    }
}

/// What fetching and indexing every card comes to, later.
type Later = Pin<Box<dyn Future<Output = Option<FeedIndex>>>>;

/// Fetching, reading and indexing the cards of a shop in parts, in a part of its own
/// (`parts`): a shop with its whole catalog in its manifest never needs it, and its
/// buyers do not download it.
#[wasm_split(parts, fallible, wasm_split_path = crate::on_demand::split)]
fn index_part(parts: &'static str, currency: Currency) -> Result<Later, NotLoaded> {
    Ok(Box::pin(async move {
        let list = all_cards(parts, currency).await?;
        Some(FeedIndex::new(list, crate::web::intl::lowercase))
    }))
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
