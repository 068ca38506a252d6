//! Accepting an order (one transaction: idempotency, stock, the order, its first
//! history event, its announcements) and what a buyer may read of it.

use super::clock::ms_rfc3339;
use super::sql::{Arg, Finish, Row, StoreError, Tx};
use super::{sha256_hex, Store};
use microshop_core::order::short_ref;
use std::collections::BTreeMap;
use subtle::ConstantTimeEq;

/// An announcement to enqueue with an event: one row per destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Announce {
    /// The notify destination's name.
    pub destination: String,
    /// The event as JSON, rendered for the destination when it is sent.
    pub body: String,
}

/// An order the caller has verified and wants stored.
#[derive(Clone, Debug)]
pub struct NewOrder<'a> {
    /// The Idempotency-Key (equal to `order_id`).
    pub key: &'a str,
    /// SHA-256 (hex) of the request body as received: tells a resend from a reuse.
    pub body_sha256: &'a str,
    pub order_id: &'a str,
    pub shop_id: &'a str,
    /// As the buyer sent it.
    pub created_at: &'a str,
    /// The server's clock.
    pub received_ms: i64,
    pub currency: &'a str,
    /// The decimal string of the contract.
    pub total: &'a str,
    /// The same in minor units.
    pub total_minor: i64,
    pub customer_name: &'a str,
    /// As typed; kept as digits only ([`super::phone_digits`]).
    pub customer_phone: &'a str,
    /// As typed; kept trimmed and lower case.
    pub customer_email: &'a str,
    /// The request body, byte for byte.
    pub payload: &'a str,
    /// The buyer's per-order secret, made by the caller from randomness: only its
    /// SHA-256 is kept with the order. (It is also in `response`, which is given
    /// again to a resend, see docs/store.md.)
    pub secret: &'a str,
    /// Sku and quantity of each line: taken from stock where the sku has a count.
    pub items: &'a [(String, u32)],
    /// The answer to give (201) and to give again to a resend.
    pub status: u16,
    pub response: &'a str,
    /// The signed receipt (JSON, docs/trust.md), or '' when the shop signs none.
    pub receipt: &'a str,
    /// Announcements of the new order.
    pub announce: &'a [Announce],
}

/// A sku there is not enough of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortage {
    pub sku: String,
    /// How many are left now.
    pub left: i64,
}

/// What became of an order to accept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accepted {
    /// Stored now.
    New,
    /// Already stored with the same body: the first answer.
    Replay { status: u16, body: String },
    /// The key (or order id) was used for another body: nothing stored.
    Mismatch,
    /// Not enough stock of these skus: nothing stored.
    Short(Vec<Shortage>),
}

/// What a buyer holding the order's secret may read: no personal details.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PublicStatus {
    pub order_id: String,
    pub reference: String,
    pub status: String,
    pub created_at: String,
    pub received_at: String,
    /// When the status last changed, RFC 3339 UTC.
    pub status_at: String,
    pub currency: String,
    pub total: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tracking_note: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tracking_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cancel_reason: String,
    /// Each status the order had, oldest first, with when it began.
    pub history: Vec<PublicStep>,
    /// The receipt the shop signed when it accepted the order (docs/trust.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt: Option<serde_json::Value>,
    /// The order's reviews (shown and hidden: the writer sees why); the server
    /// words them for the answer (docs/trust.md).
    #[serde(skip)]
    pub reviews: Vec<super::Review>,
    /// The order's problems, each with its thread.
    #[serde(skip)]
    pub problems: Vec<super::Problem>,
}

/// A status an order had, and since when (RFC 3339 UTC).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PublicStep {
    pub status: String,
    pub at: String,
}

fn replay_of(row: &Row, body_sha256: &str) -> Accepted {
    if row.text(0) == body_sha256 {
        Accepted::Replay {
            status: u16::try_from(row.int(1)).unwrap_or(500),
            body: row.text(2),
        }
    } else {
        Accepted::Mismatch
    }
}

const IDEMPOTENCY: &str = "SELECT body_sha256, status, response FROM idempotency WHERE key = $1";

impl Store {
    /// The first answer given for `key`, if any, and whether `body_sha256` matches it.
    pub fn replay(&self, key: &str, body_sha256: &str) -> Result<Option<Accepted>, StoreError> {
        self.read(&mut |tx| {
            Ok(tx
                .row(IDEMPOTENCY, &[Arg::Text(key)])?
                .map(|row| replay_of(&row, body_sha256)))
        })
    }

    /// What accepting needs to know first, in one read: the first answer given for
    /// `key` (as [`Store::replay`]) and, when there is none, the stock left of the
    /// order's `skus` (as [`Store::stock_of`]) to verify the order against.
    pub fn before_accept(
        &self,
        key: &str,
        body_sha256: &str,
        shop_id: &str,
        skus: &[&str],
    ) -> Result<(Option<Accepted>, BTreeMap<String, i64>), StoreError> {
        self.read(&mut |tx| {
            if let Some(row) = tx.row(IDEMPOTENCY, &[Arg::Text(key)])? {
                return Ok((Some(replay_of(&row, body_sha256)), BTreeMap::new()));
            }
            Ok((None, super::stock::levels_in(tx, shop_id, skus)?))
        })
    }

    /// Stores a verified order in one transaction, or nothing: its idempotency
    /// answer, its stock decrements, the order, its first history event and its
    /// announcements. The key's row is written first, so a copy of the same key
    /// racing on another connection (or instance) waits for this one and then gets
    /// its answer.
    ///
    /// Orders accepted at the same moment share one transaction and one commit
    /// (group.rs); each still gets the answer it would get alone.
    pub fn accept(&self, order: &NewOrder<'_>) -> Result<Accepted, StoreError> {
        self.accept_grouped(order)
    }

    /// The public status of an order, only for the holder of its secret. A wrong
    /// secret reads as an unknown order.
    pub fn public_status(
        &self,
        order_id: &str,
        secret: &str,
    ) -> Result<Option<PublicStatus>, StoreError> {
        let presented = sha256_hex(secret);
        let (row, events, reviews, problems) = self.read(&mut |tx| {
            let row = tx.row(
                "SELECT order_id, reference, status, created_at, received_at, status_ms, currency, total, \
                 tracking_note, tracking_url, cancel_reason, access_sha256, receipt FROM orders WHERE order_id = $1",
                &[Arg::Text(order_id)],
            )?;
            // Only the status changes: the rest of the history is the seller's.
            let events = tx.rows(
                "SELECT at_ms, kind, detail FROM order_events WHERE order_id = $1 \
                 AND kind IN ('created', 'status') ORDER BY id",
                &[Arg::Text(order_id)],
            )?;
            // Read only for the holder (a wrong secret must not cost more work).
            let holds = row.as_ref().is_some_and(|r| {
                let stored = r.text(11);
                !stored.is_empty() && bool::from(stored.as_bytes().ct_eq(presented.as_bytes()))
            });
            let (reviews, problems) = if holds {
                (
                    super::reviews::of_order(tx, order_id)?,
                    super::problems::of_order(tx, order_id)?,
                )
            } else {
                (Vec::new(), Vec::new())
            };
            Ok((row, events, reviews, problems))
        })?;
        let history: Vec<PublicStep> = events
            .iter()
            .filter_map(|e| {
                let status = if e.text(1) == "created" {
                    "new".to_owned()
                } else {
                    let detail: serde_json::Value = serde_json::from_str(&e.text(2)).ok()?;
                    detail.get("to")?.as_str()?.to_owned()
                };
                Some(PublicStep {
                    status,
                    at: ms_rfc3339(e.int(0)),
                })
            })
            .collect();
        Ok(row.and_then(|r| {
            let stored = r.text(11);
            let matches =
                !stored.is_empty() && bool::from(stored.as_bytes().ct_eq(presented.as_bytes()));
            matches.then(|| PublicStatus {
                order_id: r.text(0),
                reference: r.text(1),
                status: r.text(2),
                created_at: r.text(3),
                received_at: r.text(4),
                status_at: ms_rfc3339(r.int(5)),
                currency: r.text(6),
                total: r.text(7),
                tracking_note: r.text(8),
                tracking_url: r.text(9),
                cancel_reason: r.text(10),
                history,
                receipt: serde_json::from_str(&r.text(12)).ok(),
                reviews,
                problems,
            })
        }))
    }
}

pub(super) fn accept_in(tx: &mut dyn Tx, o: &NewOrder<'_>) -> Result<Finish<Accepted>, StoreError> {
    let inserted = tx.exec(
        "INSERT INTO idempotency (key, body_sha256, status, response) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO NOTHING",
        &[
            Arg::Text(o.key),
            Arg::Text(o.body_sha256),
            Arg::Int(i64::from(o.status)),
            Arg::Text(o.response),
        ],
    )?;
    if inserted == 0 {
        let first = tx.row(IDEMPOTENCY, &[Arg::Text(o.key)])?;
        let answer = first.map_or(Accepted::Mismatch, |row| replay_of(&row, o.body_sha256));
        return Ok(Finish::Rollback(answer));
    }
    // Skus in one order everywhere, so two orders taking the same two skus lock
    // their stock rows in the same order and cannot deadlock.
    let mut items: Vec<&(String, u32)> = o.items.iter().collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let mut short = Vec::new();
    let mut taken = Vec::with_capacity(items.len());
    for (sku, quantity) in items {
        let quantity = i64::from(*quantity);
        // One conditional update decides: it cannot take more than is left, even
        // with another instance decrementing the same row at the same moment.
        let decremented = tx.exec(
            "UPDATE stock SET level = level - $1 WHERE shop_id = $2 AND sku = $3 AND level >= $1",
            &[Arg::Int(quantity), Arg::Text(o.shop_id), Arg::Text(sku)],
        )?;
        if decremented == 1 {
            taken.push((sku, quantity, 1));
            continue;
        }
        let left = tx.row(
            "SELECT level FROM stock WHERE shop_id = $1 AND sku = $2",
            &[Arg::Text(o.shop_id), Arg::Text(sku)],
        )?;
        match left {
            Some(row) => short.push(super::Shortage {
                sku: sku.clone(),
                left: row.int(0),
            }),
            // No count for this sku: unlimited, nothing to take.
            None => taken.push((sku, quantity, 0)),
        }
    }
    if !short.is_empty() {
        return Ok(Finish::Rollback(Accepted::Short(short)));
    }
    let stored = tx.exec(
        "INSERT INTO orders (order_id, shop_id, status, created_at, received_at, currency, total, \
         customer_name, payload, reference, received_ms, total_minor, customer_phone, customer_email, \
         access_sha256, status_ms, receipt) \
         VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $10, $15) \
         ON CONFLICT (order_id) DO NOTHING",
        &[
            Arg::Text(o.order_id),
            Arg::Text(o.shop_id),
            Arg::Text(o.created_at),
            Arg::Text(&ms_rfc3339(o.received_ms)),
            Arg::Text(o.currency),
            Arg::Text(o.total),
            Arg::Text(o.customer_name),
            Arg::Text(o.payload),
            Arg::Text(&short_ref(o.order_id)),
            Arg::Int(o.received_ms),
            Arg::Int(o.total_minor),
            Arg::Text(&super::phone_digits(o.customer_phone)),
            Arg::Text(&super::email_key(o.customer_email)),
            Arg::Text(&sha256_hex(o.secret)),
            Arg::Text(o.receipt),
        ],
    )?;
    if stored == 0 {
        // The same order id under another key: refuse rather than store it twice.
        return Ok(Finish::Rollback(Accepted::Mismatch));
    }
    for (sku, quantity, from_stock) in taken {
        tx.exec(
            "INSERT INTO order_items (order_id, sku, quantity, from_stock) VALUES ($1, $2, $3, $4)",
            &[
                Arg::Text(o.order_id),
                Arg::Text(sku),
                Arg::Int(quantity),
                Arg::Int(from_stock),
            ],
        )?;
    }
    super::orders::event(
        tx,
        o.order_id,
        o.received_ms,
        "buyer",
        "created",
        &serde_json::json!({"status": "new"}),
    )?;
    super::outbox::enqueue_in(
        tx,
        &format!("{}:created", o.order_id),
        o.order_id,
        o.announce,
        o.received_ms,
    )?;
    Ok(Finish::Commit(Accepted::New))
}

/// Appends an event to an order's history.
pub(super) fn event(
    tx: &mut dyn Tx,
    order_id: &str,
    at_ms: i64,
    actor: &str,
    kind: &str,
    detail: &serde_json::Value,
) -> Result<(), StoreError> {
    tx.exec(
        "INSERT INTO order_events (order_id, at_ms, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)",
        &[
            Arg::Text(order_id),
            Arg::Int(at_ms),
            Arg::Text(actor),
            Arg::Text(kind),
            Arg::Text(&detail.to_string()),
        ],
    )?;
    Ok(())
}
