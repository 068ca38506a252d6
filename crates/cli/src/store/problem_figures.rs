//! How many problems: the shop's public figures over a window (docs/trust.md
//! "What the figures say") and the seller's inbox counts. Reads only.

use super::problems::CONFIRMED;
use super::sql::{Arg, StoreError};
use super::Store;

/// The shop's own figures over a window (docs/trust.md "What the figures say").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ProblemFigures {
    /// Problems raised in the window.
    pub raised: i64,
    /// Of those, marked resolved by the seller.
    pub resolved: i64,
    /// Of those, marked refunded by the seller.
    pub refunded: i64,
    /// Of those, still open.
    pub open: i64,
}

/// The shop's public figures, apart by whether the seller ever confirmed the
/// problem's order (docs/trust.md "What the figures say").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PublicFigures {
    /// Problems of orders the seller confirmed (their status went past `new`).
    pub confirmed: ProblemFigures,
    /// Problems of orders only ever `new` (cancelled from `new` included).
    pub unconfirmed: ProblemFigures,
}

impl Store {
    /// How many problems of `shop_id` were raised since `since_ms`, and where
    /// they stand now.
    pub fn problem_figures(
        &self,
        shop_id: &str,
        since_ms: i64,
    ) -> Result<PublicFigures, StoreError> {
        // Whether the order was confirmed is read now, not when the problem was
        // raised: a problem of an order the seller confirms later counts with the
        // confirmed orders' from then on.
        let rows = self.read(&mut |tx| {
            tx.rows(
                &format!(
                    "SELECT state, confirmed, COUNT(*) FROM (SELECT p.state AS state, \
                     CASE WHEN {CONFIRMED} THEN 1 ELSE 0 END AS confirmed \
                     FROM problems p JOIN orders o ON o.order_id = p.order_id \
                     WHERE p.shop_id = $1 AND p.created_ms >= $2) counted \
                     GROUP BY state, confirmed"
                ),
                &[Arg::Text(shop_id), Arg::Int(since_ms)],
            )
        })?;
        let mut figures = PublicFigures::default();
        for r in rows {
            let counted = if r.int(1) == 1 {
                &mut figures.confirmed
            } else {
                &mut figures.unconfirmed
            };
            let n = r.int(2);
            counted.raised += n;
            match r.text(0).as_str() {
                "resolved" => counted.resolved += n,
                "refunded" => counted.refunded += n,
                _ => counted.open += n,
            }
        }
        Ok(figures)
    }

    /// How many problems are open, over all orders (the inbox's figure).
    pub fn open_problems(&self) -> Result<i64, StoreError> {
        let row =
            self.read(&mut |tx| tx.row("SELECT COUNT(*) FROM problems WHERE state = 'open'", &[]))?;
        Ok(row.map_or(0, |r| r.int(0)))
    }

    /// How many orders have a problem open (the inbox's "has a problem" filter).
    pub fn orders_with_open_problems(&self) -> Result<i64, StoreError> {
        let row = self.read(&mut |tx| {
            tx.row(
                "SELECT COUNT(DISTINCT order_id) FROM problems WHERE state = 'open'",
                &[],
            )
        })?;
        Ok(row.map_or(0, |r| r.int(0)))
    }
}
