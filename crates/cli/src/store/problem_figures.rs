//! How many problems: the shop's public figures over a window (docs/trust.md
//! "What the figures say") and the seller's inbox counts. Reads only.

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

impl Store {
    /// How many problems of `shop_id` were raised since `since_ms`, and where
    /// they stand now.
    pub fn problem_figures(
        &self,
        shop_id: &str,
        since_ms: i64,
    ) -> Result<ProblemFigures, StoreError> {
        let rows = self.read(&mut |tx| {
            tx.rows(
                "SELECT state, COUNT(*) FROM problems WHERE shop_id = $1 AND created_ms >= $2 GROUP BY state",
                &[Arg::Text(shop_id), Arg::Int(since_ms)],
            )
        })?;
        let mut figures = ProblemFigures::default();
        for r in rows {
            let n = r.int(1);
            figures.raised += n;
            match r.text(0).as_str() {
                "resolved" => figures.resolved += n,
                "refunded" => figures.refunded += n,
                _ => figures.open += n,
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
