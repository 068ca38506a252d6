//! Stock between the seller's files and the store: each new reading of the shop is
//! reconciled with the stock table once (docs/store.md "Stock"), orders are verified
//! against the levels left now, and the served /shop.json shows those levels in place
//! of the file's counts.

use super::shop::CurrentShop;
use crate::check::Shop;
use crate::store::{Short, Store};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// The shop's stock as the store keeps it.
pub struct Stockroom {
    pub store: Arc<Store>,
    shop: Arc<CurrentShop>,
    /// The reading last reconciled: a reading is reconciled once, not per order.
    reconciled: Mutex<Option<Arc<Shop>>>,
}

impl Stockroom {
    pub fn new(store: Arc<Store>, shop: Arc<CurrentShop>) -> Stockroom {
        Stockroom {
            store,
            shop,
            reconciled: Mutex::new(None),
        }
    }

    /// Reconciles the store's stock with `shop`'s counts, unless this reading was.
    fn reconcile(&self, shop: &Arc<Shop>) -> Result<(), String> {
        let mut last = self
            .reconciled
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if last.as_ref().is_some_and(|l| Arc::ptr_eq(l, shop)) {
            return Ok(());
        }
        let counts = counts_of(shop);
        let done = self
            .store
            .reconcile_stock(&shop.manifest.id, &counts)
            .map_err(|e| format!("its stock could not be read: {e}"))?;
        if !done.set.is_empty() {
            note!(
                "stock of {} sku(s) set from the manifest (on hand, less what open orders hold): {}",
                done.set.len(),
                done.set.join(", ")
            );
        }
        for short in &done.short {
            note!(
                "stock of {}: the manifest counts {} on hand, but open orders (placed, not yet shipped) hold {}: none is for sale; count again, or cancel an order",
                short.sku,
                short.count,
                short.held
            );
        }
        *last = Some(Arc::clone(shop));
        Ok(())
    }

    /// The studio's save of `shop` (checked, not yet in place): its counts set as
    /// [`Store::save_stock_counts`] sets them against what the seller's form showed
    /// (`seen`), then `put_in_place` (the file written and read again), with no
    /// reconciling meanwhile: an older reading cannot set its counts in between.
    /// `Err` lists the counts below what open orders hold: nothing was written.
    pub fn save_counts(
        &self,
        shop: &Shop,
        seen: &BTreeMap<String, i64>,
        put_in_place: impl FnOnce() -> Result<(), String>,
    ) -> Result<Result<(), Vec<Short>>, String> {
        let mut last = self
            .reconciled
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let done = match self
            .store
            .save_stock_counts(&shop.manifest.id, &counts_of(shop), seen)
            .map_err(|e| format!("the stock could not be saved: {e}"))?
        {
            Ok(done) => done,
            Err(short) => return Ok(Err(short)),
        };
        if !done.set.is_empty() {
            note!(
                "stock of {} sku(s) counted in the studio (on hand, less what open orders hold): {}",
                done.set.len(),
                done.set.join(", ")
            );
        }
        put_in_place()?;
        // The new reading's counts are the store's now: reconciling it changes nothing.
        *last = None;
        Ok(Ok(()))
    }

    /// The shop orders are verified against, its stock reconciled.
    pub fn shop_for_orders(&self) -> Result<Arc<Shop>, String> {
        let shop = self.shop.now().reading.shop.clone()?;
        self.reconcile(&shop)?;
        Ok(shop)
    }

    /// The manifest buyers get (see `files.rs`), with current stock levels; or,
    /// when it is not UTF-8, its bytes as they are.
    pub fn shop_json(&self) -> (Option<String>, Option<Arc<[u8]>>) {
        let serving = self.shop.recent();
        let raw = serving.reading.raw.clone();
        let Some(text) = serving.reading.text.clone() else {
            return (None, raw);
        };
        (Some(self.with_stock(&serving.reading, &text)), raw)
    }

    /// The manifest buyers get with the file's own counts (no database): when the
    /// levels do not come in time.
    pub fn shop_json_as_written(&self) -> (Option<String>, Option<Arc<[u8]>>) {
        let serving = self.shop.recent();
        (
            serving.reading.text.as_deref().map(str::to_owned),
            serving.reading.raw.clone(),
        )
    }

    /// The shop as read now with the levels left now of its skus (reconciled first):
    /// what `serve --site` shows in the site's data files (`site_stock.rs`).
    pub fn levels(&self) -> Result<(Arc<Shop>, BTreeMap<String, i64>), String> {
        let shop = self.shop.recent().reading.shop.clone()?;
        self.reconcile(&shop)?;
        let levels = self
            .store
            .stock_levels(&shop.manifest.id)
            .map_err(|e| e.to_string())?;
        Ok((shop, levels))
    }

    fn with_stock(&self, reading: &super::shop::Reading, text: &str) -> String {
        let Ok(shop) = &reading.shop else {
            return text.to_owned();
        };
        let levels = self
            .reconcile(shop)
            .and_then(|()| {
                self.store
                    .stock_levels(&shop.manifest.id)
                    .map_err(|e| e.to_string())
            })
            .unwrap_or_else(|e| {
                // The file's counts are the best there is; orders still check levels.
                note!("stock levels could not be read for /shop.json: {e}");
                BTreeMap::new()
            });
        // Nothing sold since the count was set: the seller's file as it is, byte
        // for byte (most shops, most of the time), without a JSON round trip.
        if levels_are_counts(shop, &levels) {
            return text.to_owned();
        }
        with_levels(text, &levels).unwrap_or_else(|| text.to_owned())
    }
}

/// The count on hand of each variant of `shop` that has one, by sku.
fn counts_of(shop: &Shop) -> BTreeMap<String, u32> {
    shop.catalog
        .products
        .iter()
        .flat_map(|p| &p.variants)
        .filter_map(|v| Some((v.sku.clone(), v.stock?)))
        .collect()
}

/// A count of an inline catalog, where it is in the manifest's JSON.
pub struct CountAt {
    pub sku: String,
    /// The product's index in `catalog.products`.
    pub product: usize,
    /// The path of its `stock`, as problems name it (`catalog.products[1].variants[0].stock`).
    pub path: String,
    /// The same as a JSON pointer (`/catalog/products/1/variants/0/stock`).
    pub pointer: String,
    pub count: u64,
}

/// Every count of an inline catalog in the manifest's JSON (a product without
/// variants is sold by its `sku`, or its `id` without one). Counts that are not
/// whole numbers are left out (such a shop does not check).
pub fn count_paths(manifest: &serde_json::Value) -> Vec<CountAt> {
    use serde_json::Value;
    let mut found = Vec::new();
    let products = manifest
        .pointer("/catalog/products")
        .and_then(Value::as_array);
    for (i, product) in products.into_iter().flatten().enumerate() {
        let mut add = |item: &Value, sku: Option<&Value>, path: String, pointer: String| {
            if let (Some(sku), Some(count)) = (
                sku.and_then(Value::as_str),
                item.get("stock").and_then(Value::as_u64),
            ) {
                found.push(CountAt {
                    sku: sku.to_owned(),
                    product: i,
                    path,
                    pointer,
                    count,
                });
            }
        };
        match product.get("variants").and_then(Value::as_array) {
            Some(variants) if !variants.is_empty() => {
                for (v, variant) in variants.iter().enumerate() {
                    add(
                        variant,
                        variant.get("sku"),
                        format!("catalog.products[{i}].variants[{v}].stock"),
                        format!("/catalog/products/{i}/variants/{v}/stock"),
                    );
                }
            }
            _ => add(
                product,
                product.get("sku").or_else(|| product.get("id")),
                format!("catalog.products[{i}].stock"),
                format!("/catalog/products/{i}/stock"),
            ),
        }
    }
    found
}

/// The manifest's text with every `stock` of an object whose `sku` has a level set
/// to that level (inline catalogs: products without variants and variants alike).
/// `None` when the text is not JSON (it is then served as it is).
/// Whether every level is its count (nothing sold since the counts were set: most
/// shops, most of the time), so the seller's files say the levels already.
pub(super) fn levels_are_counts(shop: &Shop, levels: &BTreeMap<String, i64>) -> bool {
    shop.catalog
        .products
        .iter()
        .flat_map(|p| &p.variants)
        .all(|v| match (levels.get(&v.sku), v.stock) {
            (Some(level), Some(count)) => *level == i64::from(count),
            (None, _) => true,
            (Some(_), None) => false,
        })
}

pub fn with_levels(text: &str, levels: &BTreeMap<String, i64>) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    overlay(&mut value, levels);
    serde_json::to_string(&value).ok()
}

fn overlay(value: &mut serde_json::Value, levels: &BTreeMap<String, i64>) {
    match value {
        serde_json::Value::Object(map) => {
            // A count's key is its sku, or the product's id where it has none (as
            // `count_paths` reads them).
            let level = map
                .get("sku")
                .or_else(|| map.get("stock").and_then(|_| map.get("id")))
                .and_then(serde_json::Value::as_str)
                .and_then(|sku| levels.get(sku))
                .copied();
            if let (Some(level), Some(stock)) = (level, map.get_mut("stock")) {
                *stock = serde_json::Value::from(level.max(0));
            }
            for child in map.values_mut() {
                overlay(child, levels);
            }
        }
        serde_json::Value::Array(items) => {
            for child in items {
                overlay(child, levels);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{count_paths, with_levels};
    use std::collections::BTreeMap;

    #[test]
    fn finds_each_count_of_an_inline_catalog_by_sku() {
        let manifest = serde_json::json!({"catalog": {"products": [
            {"id": "a", "options": [], "variants": [{"sku": "A-1", "stock": 5}, {"sku": "A-2"}, {"sku": "A-3", "stock": "3"}]},
            {"id": "b", "sku": "B", "stock": 1},
            {"id": "c", "stock": 0},
            {"id": "d"}]}});
        let found: Vec<(String, usize, String, String, u64)> = count_paths(&manifest)
            .into_iter()
            .map(|c| (c.sku, c.product, c.path, c.pointer, c.count))
            .collect();
        let at = |sku: &str, i: usize, path: &str, pointer: &str, n: u64| {
            (sku.to_owned(), i, path.to_owned(), pointer.to_owned(), n)
        };
        assert_eq!(
            found,
            [
                at(
                    "A-1",
                    0,
                    "catalog.products[0].variants[0].stock",
                    "/catalog/products/0/variants/0/stock",
                    5
                ),
                at(
                    "B",
                    1,
                    "catalog.products[1].stock",
                    "/catalog/products/1/stock",
                    1
                ),
                at(
                    "c",
                    2,
                    "catalog.products[2].stock",
                    "/catalog/products/2/stock",
                    0
                ),
            ]
        );
        assert!(count_paths(&serde_json::json!({"catalog": {"url": "catalog.json"}})).is_empty());
    }

    /// A product without variants and without a sku is counted by its id
    /// (`count_paths`); its level must show in place of its count too (it kept
    /// the file's count: REVIEW10 follow-up, seen by LIVE9 and STOCK9).
    #[test]
    fn a_product_sold_by_its_id_shows_its_level() {
        let levels = BTreeMap::from([("d".to_owned(), 1)]);
        let text = r#"{"catalog":{"categories":[{"id":"d"}],"products":[{"id":"d","stock":4}]}}"#;
        let served: serde_json::Value =
            serde_json::from_str(&with_levels(text, &levels).expect("json")).expect("json");
        assert_eq!(served["catalog"]["products"][0]["stock"], 1);
        assert!(served["catalog"]["categories"][0].get("stock").is_none());
    }

    #[test]
    fn shows_levels_in_place_of_counts() {
        let levels = BTreeMap::from([("A-1".to_owned(), 2), ("B".to_owned(), 0)]);
        let text = r#"{"catalog":{"products":[
            {"id":"a","variants":[{"sku":"A-1","stock":5},{"sku":"A-2","stock":5},{"sku":"A-3"}]},
            {"id":"b","sku":"B","stock":1},
            {"id":"c","sku":"C"}]}}"#;
        let served: serde_json::Value =
            serde_json::from_str(&with_levels(text, &levels).expect("json")).expect("json");
        let products = &served["catalog"]["products"];
        assert_eq!(products[0]["variants"][0]["stock"], 2);
        assert_eq!(products[0]["variants"][1]["stock"], 5);
        assert!(products[0]["variants"][2].get("stock").is_none());
        assert_eq!(products[1]["stock"], 0);
        assert!(products[2].get("stock").is_none());
        assert_eq!(with_levels("not json", &levels), None);
    }
}
