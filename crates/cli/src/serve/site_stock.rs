//! `serve --site`: the site's files that carry stock answered with the levels left
//! now, as `/shop.json` is without `--site` (`files.rs`, `stock.rs`): a product sold
//! out through this server shows sold out on the next visit, not at checkout
//! (REVIEW10 6; docs/store.md "Stock"). The files, as `microshop publish` writes them
//! (`crate::publish::data`, docs/publishing.md "The catalog in parts"):
//! - `shop.json` (a small shop's storefront reads it) and `data/shop.json` (the first
//!   page of a shop in parts): a manifest with its catalog inline;
//! - `data/p/{id}.json` and the separate catalog file the manifest names: catalogs;
//! - `data/cards/{n}.json`: the feed's cards, whose `sold_out` follows the levels.
//!
//! The sku shards carry no stock. The prerendered pages (their JSON-LD `InStock`)
//! stay as published: the app shows the level once it reads the data file.
//!
//! A file whose levels are the published counts (nothing sold since) is the file as
//! it is, with its copies and validators. One with other levels is made here, with
//! no validators (a browser's `If-Modified-Since` from the file would be answered
//! "not modified", with the count), `Cache-Control: no-cache`. When the database
//! does not answer within `READ_DEADLINE`, the file as it is (orders still check the
//! levels), as `/shop.json` does.

use super::shop::CurrentShop;
use super::stock::Stockroom;
use crate::check::Shop;
use crate::source::site_path;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use microshop_core::CatalogSource;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What the answers need.
#[derive(Clone)]
pub struct LiveStock {
    /// The published folder.
    pub site: PathBuf,
    /// Its base path (`/teashop/`), ending with `/`.
    pub base: String,
    pub shop: Arc<CurrentShop>,
    pub stock: Arc<Stockroom>,
}

/// How a file is answered.
enum Answer {
    /// As it is on disk (not a file with stock, nothing sold, no levels).
    AsItIs,
    /// With the levels.
    Live(Vec<u8>),
}

/// The middleware over the site's files: a file with stock whose levels differ from
/// its counts is answered here; everything else goes on to the folder.
pub async fn answer(State(live): State<Arc<LiveStock>>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return next.run(request).await;
    }
    let Some(relative) = request
        .uri()
        .path()
        .strip_prefix(live.base.as_str())
        .and_then(site_path)
        .filter(|relative| relative.ends_with(".json"))
    else {
        return next.run(request).await;
    };
    let work = Arc::clone(&live);
    let wanted = relative.clone();
    match super::blocking_within(super::READ_DEADLINE, move || work.file(&wanted)).await {
        Ok(Answer::Live(body)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            body,
        )
            .into_response(),
        Ok(Answer::AsItIs) => next.run(request).await,
        Err(super::Late::TimedOut) => {
            note!(
                "stock levels did not come within {} s for {relative}: the file's counts were served",
                super::READ_DEADLINE.as_secs()
            );
            next.run(request).await
        }
        Err(_) => next.run(request).await,
    }
}

impl LiveStock {
    /// The answer for the site path `relative` (blocking: reads the shop, the store
    /// and the file).
    fn file(&self, relative: &str) -> Answer {
        if !self.carries_stock(relative) {
            return Answer::AsItIs;
        }
        let (shop, levels) = match self.stock.levels() {
            Ok(found) => found,
            Err(e) => {
                // The file's counts are the best there is; orders still check levels.
                note!("stock levels could not be read for {relative}: {e}");
                return Answer::AsItIs;
            }
        };
        if super::stock::levels_are_counts(&shop, &levels) {
            return Answer::AsItIs;
        }
        let Ok(bytes) = std::fs::read(self.site.join(relative)) else {
            return Answer::AsItIs;
        };
        let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
            return Answer::AsItIs;
        };
        overlay(&mut value, &shop, &levels);
        serde_json::to_vec(&value).map_or(Answer::AsItIs, Answer::Live)
    }

    /// Whether the storefront reads stock from this file of the site.
    fn carries_stock(&self, relative: &str) -> bool {
        let one_level_under = |folder: &str| {
            relative
                .strip_prefix(folder)
                .is_some_and(|name| !name.contains('/'))
        };
        if relative == "shop.json"
            || relative == "data/shop.json"
            || one_level_under("data/p/")
            || one_level_under("data/cards/")
        {
            return true;
        }
        // The separate catalog file the manifest names, published beside it.
        let serving = self.shop.recent();
        let Ok(shop) = &serving.reading.shop else {
            return false;
        };
        match &shop.manifest.catalog {
            CatalogSource::Remote { url } => site_path(url).as_deref() == Some(relative),
            CatalogSource::Inline(_) => false,
        }
    }
}

/// A manifest (its `catalog`), a catalog (`products`) or a cards file (`cards`) with
/// the levels in place of the counts.
fn overlay(value: &mut Value, shop: &Shop, levels: &BTreeMap<String, i64>) {
    let Some(map) = value.as_object_mut() else {
        return;
    };
    if let Some(catalog) = map.get_mut("catalog") {
        overlay(catalog, shop, levels);
    }
    if let Some(Value::Array(products)) = map.get_mut("products") {
        for product in products {
            product_levels(product, levels);
        }
    }
    if let Some(Value::Array(cards)) = map.get_mut("cards") {
        for card in cards {
            card_sold_out(card, shop, levels);
        }
    }
}

/// A product as the seller wrote it: each variant's `stock` by its sku; a product
/// without variants has its own, by its sku or else its id (docs/manifest.md).
fn product_levels(product: &mut Value, levels: &BTreeMap<String, i64>) {
    let Some(product) = product.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(variants)) = product.get_mut("variants") {
        for variant in variants.iter_mut().filter_map(Value::as_object_mut) {
            let sku = variant
                .get("sku")
                .and_then(Value::as_str)
                .map(str::to_owned);
            set_level(variant, sku.as_deref(), levels);
        }
        return;
    }
    let sku = product
        .get("sku")
        .or_else(|| product.get("id"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    set_level(product, sku.as_deref(), levels);
}

fn set_level(
    object: &mut serde_json::Map<String, Value>,
    sku: Option<&str>,
    levels: &BTreeMap<String, i64>,
) {
    let level = sku.and_then(|sku| levels.get(sku)).copied();
    if let (Some(level), Some(stock)) = (level, object.get_mut("stock")) {
        *stock = Value::from(level.max(0));
    }
}

/// A card's `sold_out` as the levels say: every variant at 0 (`Product::sold_out`).
fn card_sold_out(card: &mut Value, shop: &Shop, levels: &BTreeMap<String, i64>) {
    let Some(card) = card.as_object_mut() else {
        return;
    };
    let Some(product) = card
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| shop.catalog.product(id))
    else {
        return;
    };
    let sold_out = product.variants.iter().all(|v| {
        let level = levels
            .get(&v.sku)
            .map(|level| (*level).max(0))
            .or(v.stock.map(i64::from));
        level == Some(0)
    });
    if sold_out {
        card.insert("sold_out".to_owned(), Value::Bool(true));
    } else {
        card.remove("sold_out");
    }
}
