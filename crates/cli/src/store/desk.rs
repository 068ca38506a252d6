//! The seller's side of orders: one order with its history, date ranges for the
//! CSV export, and status changes (one transaction: the new status, its history
//! event, stock put back on cancel, announcements). The inbox is in `inbox.rs`.

use super::orders::{event, Announce};
use super::outbox::enqueue_in;
use super::sql::{Arg, Finish, Row, StoreError, Tx};
use super::Store;
use microshop_core::order::status::{apply, Change, ChangeError, Status};
use microshop_core::order::OrderRequest;

/// An order as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OrderRecord {
    pub order_id: String,
    pub shop_id: String,
    /// The short reference a buyer reads out (`short_ref`).
    pub reference: String,
    pub status: String,
    pub created_at: String,
    pub received_at: String,
    pub received_ms: i64,
    pub status_ms: i64,
    pub currency: String,
    pub total: String,
    pub total_minor: i64,
    pub customer_name: String,
    /// Digits only.
    pub customer_phone: String,
    /// Lower case.
    pub customer_email: String,
    pub tracking_note: String,
    pub tracking_url: String,
    pub cancel_reason: String,
    /// Optimistic concurrency: a change names the version it was made from.
    pub version: i64,
    /// When personal fields were cleared (retention, erasure), if they were.
    pub personal_cleared_ms: Option<i64>,
    /// The request body as received (personal fields blanked once cleared).
    pub payload: String,
}

impl OrderRecord {
    /// The order as the buyer's browser sent it: lines, options, customer details.
    pub fn request(&self) -> Option<OrderRequest> {
        serde_json::from_str(&self.payload).ok()
    }
}

pub(super) const RECORD_COLUMNS: &str = "order_id, shop_id, reference, status, created_at, received_at, \
    received_ms, status_ms, currency, total, total_minor, customer_name, customer_phone, customer_email, \
    tracking_note, tracking_url, cancel_reason, version, personal_cleared_ms, payload";

pub(super) fn record(r: &Row) -> OrderRecord {
    OrderRecord {
        order_id: r.text(0),
        shop_id: r.text(1),
        reference: r.text(2),
        status: r.text(3),
        created_at: r.text(4),
        received_at: r.text(5),
        received_ms: r.int(6),
        status_ms: r.int(7),
        currency: r.text(8),
        total: r.text(9),
        total_minor: r.int(10),
        customer_name: r.text(11),
        customer_phone: r.text(12),
        customer_email: r.text(13),
        tracking_note: r.text(14),
        tracking_url: r.text(15),
        cancel_reason: r.text(16),
        version: r.int(17),
        personal_cleared_ms: r.opt_int(18),
        payload: r.text(19),
    }
}

/// An entry of an order's history.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OrderEvent {
    pub id: i64,
    pub at_ms: i64,
    /// `buyer`, `seller` or `system`.
    pub actor: String,
    /// `created`, `status`, `announced`, `announce_failed`, `exported`, `erased`.
    pub kind: String,
    /// A JSON object.
    pub detail: String,
}

/// A status change the seller asked for.
#[derive(Clone, Debug)]
pub struct StatusChange<'a> {
    pub order_id: &'a str,
    pub change: &'a Change,
    /// The version the seller saw; `None` skips the check (a command line).
    pub expected_version: Option<i64>,
    pub actor: &'a str,
    pub now_ms: i64,
    pub announce: &'a [Announce],
}

/// What became of a status change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changed {
    Done {
        status: Status,
        version: i64,
    },
    NotFound,
    /// Someone changed the order since the seller saw it.
    Stale {
        status: String,
        version: i64,
    },
    /// The table or the change's texts refuse it (a sentence in `Display`).
    Refused(ChangeError),
}

impl Store {
    /// One order.
    pub fn order(&self, order_id: &str) -> Result<Option<OrderRecord>, StoreError> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM orders WHERE order_id = $1");
        let row = self.read(&mut |tx| tx.row(&sql, &[Arg::Text(order_id)]))?;
        Ok(row.as_ref().map(record))
    }

    /// Every order, newest first (`microshop orders`).
    pub fn all_orders(&self) -> Result<Vec<OrderRecord>, StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM orders ORDER BY received_ms DESC, received_at DESC, order_id DESC"
        );
        let rows = self.read(&mut |tx| tx.rows(&sql, &[]))?;
        Ok(rows.iter().map(record).collect())
    }

    /// Orders received from `from_ms` (included) to `to_ms` (excluded), oldest
    /// first: what a CSV export of a date range holds.
    pub fn orders_between(
        &self,
        shop_id: Option<&str>,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<OrderRecord>, StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM orders WHERE received_ms >= $1 AND received_ms < $2 \
             AND ($3 = '' OR shop_id = $3) ORDER BY received_ms, order_id"
        );
        let shop = shop_id.unwrap_or("");
        let rows = self.read(&mut |tx| {
            tx.rows(&sql, &[Arg::Int(from_ms), Arg::Int(to_ms), Arg::Text(shop)])
        })?;
        Ok(rows.iter().map(record).collect())
    }

    /// An order's history, oldest first.
    pub fn history(&self, order_id: &str) -> Result<Vec<OrderEvent>, StoreError> {
        let rows = self.read(&mut |tx| {
            tx.rows(
                "SELECT id, at_ms, actor, kind, detail FROM order_events WHERE order_id = $1 ORDER BY id",
                &[Arg::Text(order_id)],
            )
        })?;
        Ok(rows
            .iter()
            .map(|r| OrderEvent {
                id: r.int(0),
                at_ms: r.int(1),
                actor: r.text(2),
                kind: r.text(3),
                detail: r.text(4),
            })
            .collect())
    }

    /// The orders of `shop_id` still `new` (unpaid) that were received before
    /// `before_ms` and hold counted stock (an `order_items` row with `from_stock`),
    /// oldest first, at most `limit`: each with its version, for a status change
    /// that loses to any other (`serve --unpaid-hold`, serve/unpaid.rs). An order
    /// that took no counted unit keeps nobody else from buying: never listed.
    pub fn unpaid_holding_stock(
        &self,
        shop_id: &str,
        before_ms: i64,
        limit: i64,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = self.read(&mut |tx| {
            tx.rows(
                "SELECT o.order_id, o.version FROM orders o \
                 WHERE o.shop_id = $1 AND o.status IN ('new', 'received') AND o.received_ms < $2 \
                 AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.order_id AND i.from_stock > 0) \
                 ORDER BY o.received_ms, o.order_id LIMIT $3",
                &[Arg::Text(shop_id), Arg::Int(before_ms), Arg::Int(limit)],
            )
        })?;
        Ok(rows.iter().map(|r| (r.text(0), r.int(1))).collect())
    }

    /// Changes an order's status as the table in core allows.
    pub fn change_status(&self, change: &StatusChange<'_>) -> Result<Changed, StoreError> {
        self.write(&mut |tx| change_in(tx, change))
    }
}

fn change_in(tx: &mut dyn Tx, c: &StatusChange<'_>) -> Result<Finish<Changed>, StoreError> {
    let lock = match tx.kind() {
        super::sql::Kind::Postgres => " FOR UPDATE",
        super::sql::Kind::Sqlite => "",
    };
    let sql = format!("SELECT status, version, shop_id FROM orders WHERE order_id = $1{lock}");
    let Some(row) = tx.row(&sql, &[Arg::Text(c.order_id)])? else {
        return Ok(Finish::Rollback(Changed::NotFound));
    };
    let (word, version, shop_id) = (row.text(0), row.int(1), row.text(2));
    if c.expected_version.is_some_and(|v| v != version) {
        return Ok(Finish::Rollback(Changed::Stale {
            status: word,
            version,
        }));
    }
    let Some(from) = Status::parse(&word) else {
        return Err(StoreError::new(format!(
            "order {} has an unknown status \"{word}\"",
            c.order_id
        )));
    };
    let (to, checked) = match apply(from, c.change) {
        Ok(done) => done,
        Err(e) => return Ok(Finish::Rollback(Changed::Refused(e))),
    };
    let (note, url, reason) = match &checked {
        Change::Shipped {
            tracking_note,
            tracking_url,
        } => (
            tracking_note.as_str(),
            tracking_url.as_deref().unwrap_or(""),
            "",
        ),
        Change::Cancelled { reason } => ("", "", reason.as_str()),
        _ => ("", "", ""),
    };
    let mut detail = serde_json::json!({"from": from.as_str(), "to": to.as_str()});
    // Texts are set only by the change that carries them; a later change keeps them.
    let (set, extra): (&str, Vec<Arg<'_>>) = match &checked {
        Change::Shipped { .. } => {
            detail["tracking_note"] = note.into();
            if !url.is_empty() {
                detail["tracking_url"] = url.into();
            }
            (
                ", tracking_note = $5, tracking_url = $6",
                vec![Arg::Text(note), Arg::Text(url)],
            )
        }
        Change::Cancelled { .. } => {
            detail["reason"] = reason.into();
            (", cancel_reason = $5", vec![Arg::Text(reason)])
        }
        _ => ("", Vec::new()),
    };
    let sql = format!(
        "UPDATE orders SET status = $1, status_ms = $2, version = version + 1{set} \
         WHERE order_id = $3 AND version = $4"
    );
    let mut args = vec![
        Arg::Text(to.as_str()),
        Arg::Int(c.now_ms),
        Arg::Text(c.order_id),
        Arg::Int(version),
    ];
    args.extend(extra);
    if tx.exec(&sql, &args)? != 1 {
        return Ok(Finish::Rollback(Changed::Stale {
            status: word,
            version,
        }));
    }
    if to == Status::Cancelled {
        super::stock::put_back(tx, &shop_id, c.order_id)?;
    }
    event(tx, c.order_id, c.now_ms, c.actor, "status", &detail)?;
    enqueue_in(
        tx,
        &format!("{}:status:{}", c.order_id, to.as_str()),
        c.order_id,
        c.announce,
        c.now_ms,
    )?;
    Ok(Finish::Commit(Changed::Done {
        status: to,
        version: version + 1,
    }))
}
