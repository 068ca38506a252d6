//! The holder of an order's secret, as every buyer write (a review, a problem, a
//! message to a problem) finds the order first, in the write's transaction.
//!
//! An order whose personal data was cleared (`buyer erase`, or retention after
//! completion: store/privacy.rs) takes no new buyer write: each verb answers
//! `Cleared(when)` and writes nothing. So a buyer's words never outlive the
//! order's personal data: what they wrote before is cleared with it (problem
//! messages) or was written for the public (reviews, docs/trust.md "Reviews"),
//! and nothing comes after; a problem replayed after an erasure, whose cleared
//! first message no longer matches it, is not raised again either.

use super::sha256_hex;
use super::sql::{Arg, Kind, StoreError, Tx};
use subtle::ConstantTimeEq;

/// The order the presented secret opens.
pub(super) struct Holder {
    pub shop_id: String,
    pub status: String,
    pub payload: String,
    /// When its personal data was cleared; `Some` refuses the write.
    pub cleared_ms: Option<i64>,
}

/// The order `secret` opens, inside a transaction; `None` for an unknown order or
/// another secret (compared in constant time, as the status read does).
pub(super) fn holder(
    tx: &mut dyn Tx,
    order_id: &str,
    secret: &str,
) -> Result<Option<Holder>, StoreError> {
    let presented = sha256_hex(secret);
    // PostgreSQL: the order's row stays locked to the end of the write, so one
    // order's buyer writes from several instances run one after another and the
    // checks that read before writing (3 open problems, the same problem raised
    // again) hold; an erasure or retention sweep (an UPDATE of the row) waits for
    // the write, or the write sees the row it cleared. SQLite has one writer anyway.
    let lock = match tx.kind() {
        Kind::Postgres => " FOR UPDATE",
        Kind::Sqlite => "",
    };
    let row = tx.row(
        &format!(
            "SELECT shop_id, status, payload, access_sha256, personal_cleared_ms FROM orders \
             WHERE order_id = $1{lock}"
        ),
        &[Arg::Text(order_id)],
    )?;
    Ok(row.and_then(|r| {
        let stored = r.text(3);
        let matches =
            !stored.is_empty() && bool::from(stored.as_bytes().ct_eq(presented.as_bytes()));
        matches.then(|| Holder {
            shop_id: r.text(0),
            status: r.text(1),
            payload: r.text(2),
            cleared_ms: r.opt_int(4),
        })
    }))
}
