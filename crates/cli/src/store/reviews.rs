//! Verified-buyer reviews (docs/trust.md "Reviews"): written by the holder of a
//! completed order's secret, one per product per order, changed by its writer for
//! `REVIEW_EDIT_DAYS`; replied to or hidden (with a reason) by the seller; read
//! per product with how many are hidden. The rules are core's (`order::review`);
//! here the one transaction that applies them.

use super::holder::holder;
use super::replays::take_nonce;
use super::sql::{Arg, Finish, Row, StoreError, Tx};
use super::Store;
use microshop_core::order::review::{may_edit, Rating};

/// A review as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Review {
    pub id: i64,
    pub shop_id: String,
    pub order_id: String,
    pub product_id: String,
    pub rating: i64,
    pub text: String,
    /// The name its writer chose to show ('' for none; cleared with their
    /// personal data).
    pub display_name: String,
    pub locale: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// The seller's public reply ('' without one).
    pub reply: String,
    pub reply_ms: Option<i64>,
    /// Why the seller hid it ('' while it is shown).
    pub hidden_reason: String,
    pub hidden_ms: Option<i64>,
}

impl Review {
    pub fn hidden(&self) -> bool {
        self.hidden_ms.is_some()
    }
}

const COLUMNS: &str = "id, shop_id, order_id, product_id, rating, body, locale, created_ms, \
     updated_ms, reply, reply_ms, hidden_reason, hidden_ms, display_name";

fn review_of(r: &Row) -> Review {
    Review {
        id: r.int(0),
        shop_id: r.text(1),
        order_id: r.text(2),
        product_id: r.text(3),
        rating: r.int(4),
        text: r.text(5),
        locale: r.text(6),
        created_ms: r.int(7),
        updated_ms: r.int(8),
        reply: r.text(9),
        reply_ms: r.opt_int(10),
        hidden_reason: r.text(11),
        hidden_ms: r.opt_int(12),
        display_name: r.text(13),
    }
}

/// A buyer's review to write (or change), already checked by core.
#[derive(Clone, Debug)]
pub struct ReviewWrite<'a> {
    pub order_id: &'a str,
    /// The order's secret, as presented (the `Order-Secret` header).
    pub secret: &'a str,
    /// The request's nonce: a request is taken once (docs/trust.md "Replays").
    pub nonce: &'a str,
    pub product_id: &'a str,
    pub rating: u8,
    pub text: &'a str,
    /// The name to show it under ('' for none): set again by every write.
    pub display_name: &'a str,
    pub locale: &'a str,
    pub now_ms: i64,
}

/// What became of a review to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewWritten {
    Created(Review),
    Updated(Review),
    /// No such order, or not its secret: the same answer.
    NotFound,
    /// The nonce was used before: nothing written.
    Replayed,
    /// The order is not completed (its status now).
    NotCompleted(String),
    /// The order has no line of this product.
    NotBought,
    /// Written more than `REVIEW_EDIT_DAYS` ago.
    EditClosed,
    /// The order's personal data was cleared then (ms): it takes no new buyer
    /// write (store/holder.rs); nothing written.
    Cleared(i64),
}

/// The product ids of an order's lines, from its payload.
fn bought(payload: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
    value["lines"]
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .filter_map(|l| l["product_id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The reviews of one order, oldest first.
pub(super) fn of_order(tx: &mut dyn Tx, order_id: &str) -> Result<Vec<Review>, StoreError> {
    let rows = tx.rows(
        &format!("SELECT {COLUMNS} FROM reviews WHERE order_id = $1 ORDER BY id"),
        &[Arg::Text(order_id)],
    )?;
    Ok(rows.iter().map(review_of).collect())
}

fn one(tx: &mut dyn Tx, id: i64) -> Result<Option<Review>, StoreError> {
    Ok(tx
        .row(
            &format!("SELECT {COLUMNS} FROM reviews WHERE id = $1"),
            &[Arg::Int(id)],
        )?
        .map(|r| review_of(&r)))
}

/// A product's shown reviews, newest first, and its figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductReviews {
    /// The shown reviews, newest first (at most the limit asked).
    pub reviews: Vec<Review>,
    /// Stars of every shown review (not only those listed).
    pub rating: Rating,
    /// How many the seller hid (each with a reason, never deleted).
    pub hidden: u64,
}

impl Store {
    /// Writes a buyer's review, or changes the one this order has of the product,
    /// in one transaction with its nonce and a `review` event.
    pub fn write_review(&self, w: &ReviewWrite<'_>) -> Result<ReviewWritten, StoreError> {
        self.write(&mut |tx| write_in(tx, w))
    }

    /// The reviews of one order (shown and hidden: the writer sees why).
    pub fn order_reviews(&self, order_id: &str) -> Result<Vec<Review>, StoreError> {
        self.read(&mut |tx| of_order(tx, order_id))
    }

    /// What buyers may read of a product's reviews: the shown ones (newest first,
    /// at most `limit`), the figures of all shown ones, and how many are hidden.
    pub fn product_reviews(
        &self,
        shop_id: &str,
        product_id: &str,
        limit: u32,
    ) -> Result<ProductReviews, StoreError> {
        self.read(&mut |tx| {
            let rows = tx.rows(
                &format!(
                    "SELECT {COLUMNS} FROM reviews WHERE shop_id = $1 AND product_id = $2 \
                     AND hidden_ms IS NULL ORDER BY created_ms DESC, id DESC LIMIT $3"
                ),
                &[
                    Arg::Text(shop_id),
                    Arg::Text(product_id),
                    Arg::Int(i64::from(limit)),
                ],
            )?;
            let figures = tx.row(
                "SELECT CAST(COUNT(*) FILTER (WHERE hidden_ms IS NULL) AS BIGINT), \
                 CAST(COALESCE(SUM(rating) FILTER (WHERE hidden_ms IS NULL), 0) AS BIGINT), \
                 CAST(COUNT(*) FILTER (WHERE hidden_ms IS NOT NULL) AS BIGINT) \
                 FROM reviews WHERE shop_id = $1 AND product_id = $2",
                &[Arg::Text(shop_id), Arg::Text(product_id)],
            )?;
            let count = |i: usize| {
                figures
                    .as_ref()
                    .map_or(0, |f| u64::try_from(f.int(i)).unwrap_or(0))
            };
            Ok(ProductReviews {
                reviews: rows.iter().map(review_of).collect(),
                rating: Rating {
                    count: count(0),
                    stars: count(1),
                },
                hidden: count(2),
            })
        })
    }

    /// Reviews for the seller, most recently written or changed first (shown and
    /// hidden), at most `limit`, each with its order's reference (what the seller
    /// reads in the inbox; '' if the order is gone).
    pub fn seller_reviews(&self, limit: u32) -> Result<Vec<(Review, String)>, StoreError> {
        let rows = self.read(&mut |tx| {
            tx.rows(
                &format!(
                    "SELECT {COLUMNS}, (SELECT o.reference FROM orders o WHERE o.order_id = reviews.order_id) \
                     FROM reviews ORDER BY updated_ms DESC, id DESC LIMIT $1"
                ),
                &[Arg::Int(i64::from(limit))],
            )
        })?;
        Ok(rows.iter().map(|r| (review_of(r), r.text(14))).collect())
    }

    /// Sets the seller's public reply (checked by core); `None` for an unknown review.
    pub fn reply_to_review(
        &self,
        id: i64,
        reply: &str,
        now_ms: i64,
    ) -> Result<Option<Review>, StoreError> {
        self.write(&mut |tx| {
            let changed = tx.exec(
                "UPDATE reviews SET reply = $1, reply_ms = $2 WHERE id = $3",
                &[Arg::Text(reply), Arg::Int(now_ms), Arg::Int(id)],
            )?;
            if changed == 0 {
                return Ok(Finish::Rollback(None));
            }
            let review = one(tx, id)?;
            if let Some(r) = &review {
                let detail =
                    serde_json::json!({"review": id, "product_id": r.product_id, "replied": true});
                super::orders::event(tx, &r.order_id, now_ms, "seller", "review", &detail)?;
            }
            Ok(Finish::Commit(review))
        })
    }

    /// Hides a review with the seller's reason (`Some`), or shows it again (`None`).
    /// A hidden review is kept and counted, never deleted.
    pub fn hide_review(
        &self,
        id: i64,
        reason: Option<&str>,
        now_ms: i64,
    ) -> Result<Option<Review>, StoreError> {
        self.write(&mut |tx| {
            let changed = match reason {
                Some(reason) => tx.exec(
                    "UPDATE reviews SET hidden_reason = $1, hidden_ms = $2 WHERE id = $3",
                    &[Arg::Text(reason), Arg::Int(now_ms), Arg::Int(id)],
                )?,
                None => tx.exec(
                    "UPDATE reviews SET hidden_reason = '', hidden_ms = NULL WHERE id = $1",
                    &[Arg::Int(id)],
                )?,
            };
            if changed == 0 {
                return Ok(Finish::Rollback(None));
            }
            let review = one(tx, id)?;
            if let Some(r) = &review {
                let detail = serde_json::json!({"review": id, "product_id": r.product_id,
                    "hidden": reason.is_some(), "reason": reason.unwrap_or_default()});
                super::orders::event(tx, &r.order_id, now_ms, "seller", "review", &detail)?;
            }
            Ok(Finish::Commit(review))
        })
    }
}

fn write_in(tx: &mut dyn Tx, w: &ReviewWrite<'_>) -> Result<Finish<ReviewWritten>, StoreError> {
    let Some(order) = holder(tx, w.order_id, w.secret)? else {
        return Ok(Finish::Rollback(ReviewWritten::NotFound));
    };
    if let Some(ms) = order.cleared_ms {
        return Ok(Finish::Rollback(ReviewWritten::Cleared(ms)));
    }
    let (shop_id, status, payload) = (order.shop_id, order.status, order.payload);
    if !take_nonce(tx, w.nonce, w.order_id, w.now_ms)? {
        return Ok(Finish::Rollback(ReviewWritten::Replayed));
    }
    if status != "completed" {
        return Ok(Finish::Rollback(ReviewWritten::NotCompleted(status)));
    }
    if !bought(&payload).iter().any(|p| p == w.product_id) {
        return Ok(Finish::Rollback(ReviewWritten::NotBought));
    }
    let rating = i64::from(w.rating);
    // The first write inserts; a write that finds the row (a change, or the loser
    // of two first writes racing from two tabs or instances: PostgreSQL's ON
    // CONFLICT waits for the winner to commit, SQLite's write lock orders them)
    // changes it, within the edit window.
    let inserted = tx.row(
        "INSERT INTO reviews (shop_id, order_id, product_id, rating, body, locale, created_ms, updated_ms, display_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) ON CONFLICT (order_id, product_id) DO NOTHING RETURNING id",
        &[
            Arg::Text(&shop_id),
            Arg::Text(w.order_id),
            Arg::Text(w.product_id),
            Arg::Int(rating),
            Arg::Text(w.text),
            Arg::Text(w.locale),
            Arg::Int(w.now_ms),
            Arg::Text(w.display_name),
        ],
    )?;
    let (id, created) = match inserted {
        Some(row) => (row.int(0), true),
        None => {
            let Some(row) = tx.row(
                "SELECT id, created_ms FROM reviews WHERE order_id = $1 AND product_id = $2",
                &[Arg::Text(w.order_id), Arg::Text(w.product_id)],
            )?
            else {
                return Err(StoreError::new("a review that exists could not be read"));
            };
            if !may_edit(row.int(1), w.now_ms) {
                return Ok(Finish::Rollback(ReviewWritten::EditClosed));
            }
            tx.exec(
                "UPDATE reviews SET rating = $1, body = $2, locale = $3, updated_ms = $4, \
                 display_name = $5 WHERE id = $6",
                &[
                    Arg::Int(rating),
                    Arg::Text(w.text),
                    Arg::Text(w.locale),
                    Arg::Int(w.now_ms),
                    Arg::Text(w.display_name),
                    Arg::Int(row.int(0)),
                ],
            )?;
            (row.int(0), false)
        }
    };
    let detail = serde_json::json!({"review": id, "product_id": w.product_id, "rating": rating,
        "changed": !created});
    super::orders::event(tx, w.order_id, w.now_ms, "buyer", "review", &detail)?;
    let Some(review) = one(tx, id)? else {
        return Err(StoreError::new("a review just written could not be read"));
    };
    Ok(Finish::Commit(if created {
        ReviewWritten::Created(review)
    } else {
        ReviewWritten::Updated(review)
    }))
}
