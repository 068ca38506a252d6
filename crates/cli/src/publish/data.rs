//! The catalog in parts, for the storefront of a published shop (docs/publishing.md,
//! "The catalog in parts"): a large shop's first visit fetches what a small shop's
//! does, not every product.
//!
//! - `data/shop.json`: the manifest with its catalog inline, holding every category
//!   and the first [`FIRST`] products in the feed's order: the feed's first screens.
//!   A shop of up to [`FIRST`] products is all here.
//! - `data/p/{id}.json`: one product with its category (`{"categories", "products"}`,
//!   a catalog file as `decode_catalog` reads it): a product page, a cart line.
//! - `data/cards.json`: `{"version": 1, "count": N, "files": ["cards/1.json", ...]}`,
//!   and `data/cards/{n}.json`: `{"cards": [...]}`, [`CARDS_PER_FILE`] cards each in
//!   the feed's order (`microshop_core::catalog::card`): what scrolling on, search,
//!   category filter and sort read, fetched when the buyer does one of those.
//! - `data/skus/{xx}.json`: the sku index, [`skus::SHARDS`] files, each `{sku:
//!   product id}` for the skus whose [`skus::shard`] is `xx` (`{}` when none): what a
//!   shared-cart link (which names skus only) reads to fetch its products' files.
//!
//! File names do not change with their content, so a one-product change rewrites that
//! product's file, the cards file holding it, `data/shop.json` only when the
//! product is among the first, and a shard of the sku index only when a sku of the
//! product is added, removed or moved to it.

use microshop_core::catalog::card::Card;
use microshop_core::catalog::skus;
use microshop_core::{Catalog, Currency};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Products in `data/shop.json`: the feed's first page.
pub const FIRST: usize = microshop_core::catalog::index::PER_PAGE;
/// Shops of more products than this are read in parts by their storefront (the pages
/// name `data/shop.json` and `<meta name="microshop-catalog">`); smaller ones load the
/// whole `shop.json`: one file the first visit fetches at once, which also lets
/// search, filter and sort work without fetching more (docs/publishing.md, "The
/// catalog in parts", has its size).
pub const SPLIT_ABOVE: usize = 200;
/// Where the per-product files are (`data/p/{id}.json`), under the site's base.
pub const PRODUCT_FILES: &str = "data/p/";
/// Cards in one cards file: 10,000 products are ten files, fetched side by side.
pub const CARDS_PER_FILE: usize = 1000;

/// The data files, by site path.
/// `manifest` is the manifest as the storefront reads it, `catalog_json` its catalog
/// as written (in the same order as the checked `catalog`).
pub fn files(
    mut manifest: Value,
    catalog_json: &Value,
    catalog: &Catalog,
    currency: Currency,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let raw_products = catalog_json
        .get("products")
        .and_then(Value::as_array)
        .filter(|list| list.len() == catalog.products.len())
        .ok_or("the catalog's products could not be read again as they were checked")?;
    let raw_categories: Vec<&Value> = catalog_json
        .get("categories")
        .and_then(Value::as_array)
        .map(|list| list.iter().collect())
        .unwrap_or_default();
    let category_json = |id: &str| {
        raw_categories
            .iter()
            .find(|c| c.get("id").and_then(Value::as_str) == Some(id))
            .copied()
    };
    let json_bytes =
        |value: &Value| serde_json::to_vec(value).map_err(|e| format!("writing data: {e}"));

    let mut files = Vec::with_capacity(catalog.products.len() + 16);
    let first: Vec<&Value> = raw_products.iter().take(FIRST).collect();
    let object = manifest
        .as_object_mut()
        .ok_or("the manifest is not a JSON object")?;
    object.insert(
        "catalog".to_owned(),
        json!({"categories": raw_categories, "products": first}),
    );
    files.push(("data/shop.json".to_owned(), json_bytes(&manifest)?));

    for (product, raw) in catalog.products.iter().zip(raw_products) {
        let categories: Vec<&Value> = product
            .category
            .as_deref()
            .and_then(category_json)
            .into_iter()
            .collect();
        // `{"categories": [..], "products": [raw]}`, written without copying the
        // product's JSON into a new value first (10,000 of them).
        let mut bytes = Vec::with_capacity(2048);
        bytes.extend_from_slice(b"{\"categories\":");
        serde_json::to_writer(&mut bytes, &categories)
            .and_then(|()| {
                bytes.extend_from_slice(b",\"products\":[");
                serde_json::to_writer(&mut bytes, raw)
            })
            .map_err(|e| format!("writing data: {e}"))?;
        bytes.extend_from_slice(b"]}");
        files.push((format!("{PRODUCT_FILES}{}.json", product.id), bytes));
    }

    let mut names = Vec::new();
    for (n, part) in catalog.products.chunks(CARDS_PER_FILE).enumerate() {
        let name = format!("cards/{}.json", n + 1);
        let cards: Vec<Value> = part.iter().map(|p| Card::of(p).to_json(currency)).collect();
        files.push((
            format!("data/{name}"),
            json_bytes(&json!({"cards": cards}))?,
        ));
        names.push(name);
    }
    files.extend(sku_files(catalog)?);
    files.push((
        "data/cards.json".to_owned(),
        json_bytes(&json!({
            "version": 1,
            "count": catalog.products.len(),
            "files": names,
        }))?,
    ));
    Ok(files)
}

/// The sku index (`data/skus/{xx}.json`): every shard, each sku's product id, the
/// skus in byte order (the same bytes for the same catalog).
fn sku_files(catalog: &Catalog) -> Result<Vec<(String, Vec<u8>)>, String> {
    // `SHARDS` is 256: every `u8` names one.
    let mut shards: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); skus::SHARDS];
    for product in &catalog.products {
        for variant in &product.variants {
            if let Some(shard) = shards.get_mut(usize::from(skus::shard_of(&variant.sku))) {
                shard.insert(&variant.sku, &product.id);
            }
        }
    }
    shards
        .iter()
        .enumerate()
        .map(|(n, shard)| {
            let bytes = serde_json::to_vec(shard).map_err(|e| format!("writing data: {e}"))?;
            Ok((format!("data/{}{n:02x}.json", skus::SKU_FILES), bytes))
        })
        .collect()
}
