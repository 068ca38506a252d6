//! Stock: the manifest's count of a variant is the seller's word; `stock.level` is
//! what is left now. Accepting an order takes from it (orders.rs), cancelling puts
//! back what the order took, and reading a manifest reconciles the two.

use super::sql::{Arg, Finish, StoreError, Tx};
use super::Store;
use std::collections::BTreeMap;

/// What reconciling with a manifest changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Skus whose count the seller set (new, or changed since last read).
    pub set: Vec<String>,
    /// Skus that no longer have a count (now unlimited).
    pub removed: Vec<String>,
}

impl Store {
    /// Brings the stock rows of `shop_id` in line with the manifest's `counts`
    /// (sku to count, for the variants that have one): a count that differs from
    /// the one last read sets the level to it, a sku without a count loses its row,
    /// the others keep their level. Reading the same manifest again changes nothing.
    pub fn reconcile_stock(
        &self,
        shop_id: &str,
        counts: &BTreeMap<String, u32>,
    ) -> Result<Reconciled, StoreError> {
        self.write(&mut |tx| {
            let rows = tx.rows(
                "SELECT sku, manifest_level FROM stock WHERE shop_id = $1",
                &[Arg::Text(shop_id)],
            )?;
            let known: BTreeMap<String, i64> =
                rows.iter().map(|r| (r.text(0), r.int(1))).collect();
            let mut done = Reconciled::default();
            for (sku, count) in counts {
                let count = i64::from(*count);
                if known.get(sku) == Some(&count) {
                    continue;
                }
                tx.exec(
                    "INSERT INTO stock (shop_id, sku, level, manifest_level) VALUES ($1, $2, $3, $3) \
                     ON CONFLICT (shop_id, sku) DO UPDATE SET level = $3, manifest_level = $3",
                    &[Arg::Text(shop_id), Arg::Text(sku), Arg::Int(count)],
                )?;
                done.set.push(sku.clone());
            }
            for sku in known.keys().filter(|sku| !counts.contains_key(*sku)) {
                tx.exec(
                    "DELETE FROM stock WHERE shop_id = $1 AND sku = $2",
                    &[Arg::Text(shop_id), Arg::Text(sku)],
                )?;
                done.removed.push(sku.clone());
            }
            Ok(Finish::Commit(done))
        })
    }

    /// The current level of every sku of `shop_id` that has a count.
    pub fn stock_levels(&self, shop_id: &str) -> Result<BTreeMap<String, i64>, StoreError> {
        let rows = self.read(&mut |tx| {
            tx.rows(
                "SELECT sku, level FROM stock WHERE shop_id = $1",
                &[Arg::Text(shop_id)],
            )
        })?;
        Ok(rows.iter().map(|r| (r.text(0), r.int(1))).collect())
    }

    /// The current level of each of `skus` that has a count (an order's lines).
    pub fn stock_of(
        &self,
        shop_id: &str,
        skus: &[&str],
    ) -> Result<BTreeMap<String, i64>, StoreError> {
        self.read(&mut |tx| levels_in(tx, shop_id, skus))
    }
}

/// The current level of each of `skus` that has a count.
pub(super) fn levels_in(
    tx: &mut dyn Tx,
    shop_id: &str,
    skus: &[&str],
) -> Result<BTreeMap<String, i64>, StoreError> {
    let mut levels = BTreeMap::new();
    for sku in skus {
        if let Some(row) = tx.row(
            "SELECT level FROM stock WHERE shop_id = $1 AND sku = $2",
            &[Arg::Text(shop_id), Arg::Text(sku)],
        )? {
            levels.insert((*sku).to_owned(), row.int(0));
        }
    }
    Ok(levels)
}

/// Puts back what `order_id` took from stock (a cancelled order). A sku that lost
/// its count meanwhile stays unlimited.
pub(super) fn put_back(tx: &mut dyn Tx, shop_id: &str, order_id: &str) -> Result<(), StoreError> {
    let taken = tx.rows(
        "SELECT sku, quantity FROM order_items WHERE order_id = $1 AND from_stock = 1 ORDER BY sku",
        &[Arg::Text(order_id)],
    )?;
    for row in taken {
        tx.exec(
            "UPDATE stock SET level = level + $1 WHERE shop_id = $2 AND sku = $3",
            &[
                Arg::Int(row.int(1)),
                Arg::Text(shop_id),
                Arg::Text(&row.text(0)),
            ],
        )?;
    }
    Ok(())
}
