//! Stock: the manifest's count of a variant is what the seller has on hand (units
//! of orders not yet shipped included); `stock.level` is what is left to sell now.
//! Accepting an order takes from the level (orders.rs), cancelling puts back what the
//! order took, and reading a manifest reconciles the two: a new count sets the level
//! to the count less what open orders hold (docs/store.md "Stock").

use super::sql::{Arg, Finish, Kind, StoreError, Tx};
use super::Store;
use std::collections::BTreeMap;

/// The statuses of orders that hold the counted units they took: taken at
/// placement, not yet shipped (the units are still on the seller's shelf) and not
/// given back (cancelling gives them back). `received` is `new` as the first
/// releases wrote it.
const HOLDING: &str = "('new', 'received', 'paid')";

/// What reconciling with a manifest changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Skus whose count the seller set (new, or changed since last read).
    pub set: Vec<String>,
    /// Skus that no longer have a count (now unlimited).
    pub removed: Vec<String>,
    /// Counts below what open orders hold: their level was set to 0.
    pub short: Vec<Short>,
}

/// A count below the units open orders hold of that sku.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Short {
    pub sku: String,
    /// The count the seller gave (on hand).
    pub count: i64,
    /// Units of open orders (placed, not yet shipped) that took stock of the sku.
    pub held: i64,
}

/// The stock of a shop as the studio shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OnHand {
    /// Left to sell now, by sku (the skus that have a count).
    pub levels: BTreeMap<String, i64>,
    /// Units open orders hold, by sku (counted skus; absent when none).
    pub held: BTreeMap<String, i64>,
}

impl OnHand {
    /// On hand: left to sell and held by open orders together.
    pub fn on_hand(&self, sku: &str) -> Option<i64> {
        let level = *self.levels.get(sku)?;
        Some(level + self.held.get(sku).copied().unwrap_or(0))
    }
}

impl Store {
    /// Brings the stock rows of `shop_id` in line with the manifest's `counts`
    /// (sku to count on hand, for the variants that have one): a count that differs
    /// from the one last read sets the level to the count less the units open orders
    /// hold (0 when they hold more: listed in `short`), a sku without a count loses
    /// its row, the others keep their level. Reading the same manifest again changes
    /// nothing.
    pub fn reconcile_stock(
        &self,
        shop_id: &str,
        counts: &BTreeMap<String, u32>,
    ) -> Result<Reconciled, StoreError> {
        // Without `seen` nothing is refused: a short count is in `short`.
        let done =
            self.write(&mut |tx| Ok(Finish::Commit(apply_counts(tx, shop_id, counts, None)?)))?;
        Ok(done.unwrap_or_else(|short| Reconciled {
            short,
            ..Reconciled::default()
        }))
    }

    /// The studio's save: as [`Store::reconcile_stock`], except that a count equal
    /// to what the seller's form was filled with (`seen`: sku to the count on hand
    /// the studio showed) keeps its level (untouched: orders placed or shipped since
    /// the form was read change nothing), and a count set below what open orders
    /// hold refuses the whole save (`Err`, nothing written). The units held are
    /// read in the same transaction, with the shop's stock rows locked on PostgreSQL,
    /// so an order placed at the same moment is counted once.
    pub fn save_stock_counts(
        &self,
        shop_id: &str,
        counts: &BTreeMap<String, u32>,
        seen: &BTreeMap<String, i64>,
    ) -> Result<Result<Reconciled, Vec<Short>>, StoreError> {
        self.write(&mut |tx| {
            apply_counts(tx, shop_id, counts, Some(seen)).map(|r| match r {
                Ok(done) => Finish::Commit(Ok(done)),
                Err(short) => Finish::Rollback(Err(short)),
            })
        })
    }

    /// The levels of `shop_id`'s counted skus and the units open orders hold of
    /// them (the studio shows both; on hand is their sum).
    pub fn stock_on_hand(&self, shop_id: &str) -> Result<OnHand, StoreError> {
        self.read(&mut |tx| {
            let levels: BTreeMap<String, i64> = tx
                .rows(
                    "SELECT sku, level FROM stock WHERE shop_id = $1",
                    &[Arg::Text(shop_id)],
                )?
                .iter()
                .map(|r| (r.text(0), r.int(1)))
                .collect();
            let held = held_in(tx, shop_id)?
                .into_iter()
                .filter(|(sku, n)| *n > 0 && levels.contains_key(sku))
                .collect();
            Ok(OnHand { levels, held })
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

/// Units held by `shop_id`'s open orders (statuses [`HOLDING`]) that took counted
/// stock, by sku.
fn held_in(tx: &mut dyn Tx, shop_id: &str) -> Result<BTreeMap<String, i64>, StoreError> {
    let rows = tx.rows(
        &format!(
            "SELECT i.sku, CAST(SUM(i.quantity) AS BIGINT) FROM order_items i \
             JOIN orders o ON o.order_id = i.order_id \
             WHERE o.shop_id = $1 AND o.status IN {HOLDING} AND i.from_stock > 0 \
             GROUP BY i.sku"
        ),
        &[Arg::Text(shop_id)],
    )?;
    Ok(rows.iter().map(|r| (r.text(0), r.int(1))).collect())
}

/// Sets the stock rows of `shop_id` from `counts` (on hand), as
/// [`Store::reconcile_stock`] says, or as [`Store::save_stock_counts`] says when
/// `seen` is given: then a short count is an `Err` listing every such count.
fn apply_counts(
    tx: &mut dyn Tx,
    shop_id: &str,
    counts: &BTreeMap<String, u32>,
    seen: Option<&BTreeMap<String, i64>>,
) -> Result<Result<Reconciled, Vec<Short>>, StoreError> {
    // On PostgreSQL the rows are locked first (in sku order, as orders and cancels
    // take them): an order taking stock now waits for this transaction, or this one
    // for it, and the units held are read after (READ COMMITTED reads anew per
    // statement). SQLite's write transactions are one at a time already.
    let lock = match tx.kind() {
        Kind::Postgres => " ORDER BY sku FOR UPDATE",
        Kind::Sqlite => "",
    };
    let rows = tx.rows(
        &format!("SELECT sku, manifest_level FROM stock WHERE shop_id = $1{lock}"),
        &[Arg::Text(shop_id)],
    )?;
    let known: BTreeMap<String, i64> = rows.iter().map(|r| (r.text(0), r.int(1))).collect();
    let held = held_in(tx, shop_id)?;
    let mut done = Reconciled::default();
    let mut refused = Vec::new();
    for (sku, count) in counts {
        let count = i64::from(*count);
        let last = known.get(sku).copied();
        let untouched = match seen.and_then(|s| s.get(sku)) {
            // The count the studio showed, saved as it was: the level stays.
            Some(shown) => *shown == count && last.is_some(),
            None => last == Some(count),
        };
        if untouched {
            if last != Some(count) {
                tx.exec(
                    "UPDATE stock SET manifest_level = $3 WHERE shop_id = $1 AND sku = $2",
                    &[Arg::Text(shop_id), Arg::Text(sku), Arg::Int(count)],
                )?;
            }
            continue;
        }
        let held = held.get(sku).copied().unwrap_or(0);
        if count < held {
            let short = Short {
                sku: sku.clone(),
                count,
                held,
            };
            if seen.is_some() {
                refused.push(short);
                continue;
            }
            done.short.push(short);
        }
        tx.exec(
            "INSERT INTO stock (shop_id, sku, level, manifest_level) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (shop_id, sku) DO UPDATE SET level = $3, manifest_level = $4",
            &[
                Arg::Text(shop_id),
                Arg::Text(sku),
                Arg::Int((count - held).max(0)),
                Arg::Int(count),
            ],
        )?;
        done.set.push(sku.clone());
    }
    if !refused.is_empty() {
        return Ok(Err(refused));
    }
    for sku in known.keys().filter(|sku| !counts.contains_key(*sku)) {
        tx.exec(
            "DELETE FROM stock WHERE shop_id = $1 AND sku = $2",
            &[Arg::Text(shop_id), Arg::Text(sku)],
        )?;
        done.removed.push(sku.clone());
    }
    Ok(Ok(done))
}
