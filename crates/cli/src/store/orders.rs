//! Accepting an order (one transaction: idempotency, stock, the order, its first
//! history event, its announcements) and what a buyer may read of it.

use super::clock::ms_rfc3339;
use super::sql::{Arg, Finish, Kind, Row, StoreError, Tx};
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
    /// Another order of the shop has this order's reference (`short_ref`, the
    /// first 40 bits of its id): nothing stored (docs/store.md "References").
    ReferenceTaken { reference: String },
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
    replay_from(row, 0, body_sha256)
}

/// The answer for a resend, from a row whose columns `at`, `at + 1` and `at + 2`
/// are the key's `body_sha256`, `status` and `response`.
fn replay_from(row: &Row, at: usize, body_sha256: &str) -> Accepted {
    if row.text(at) == body_sha256 {
        Accepted::Replay {
            status: u16::try_from(row.int(at + 1)).unwrap_or(500),
            body: row.text(at + 2),
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
            if tx.kind() == Kind::Postgres {
                return before_accept_in_one_statement(tx, key, body_sha256, shop_id, skus);
            }
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

/// PostgreSQL's [`Store::before_accept`]: the key's first answer and the stock
/// levels of `skus` in one statement, one round trip instead of one per sku and one
/// for the key (docs/performance.md, "Orders under load").
fn before_accept_in_one_statement(
    tx: &mut dyn Tx,
    key: &str,
    body_sha256: &str,
    shop_id: &str,
    skus: &[&str],
) -> Result<(Option<Accepted>, BTreeMap<String, i64>), StoreError> {
    let skus = serde_json::to_string(skus)
        .map_err(|e| StoreError::new(format!("the order's skus as JSON: {e}")))?;
    let rows = tx.rows(
        "SELECT 0, body_sha256, status, response FROM idempotency WHERE key = $1 \
         UNION ALL SELECT 1, sku, level, NULL FROM stock WHERE shop_id = $2 \
         AND sku IN (SELECT json_array_elements_text($3::text::json))",
        &[Arg::Text(key), Arg::Text(shop_id), Arg::Text(&skus)],
    )?;
    let mut levels = BTreeMap::new();
    for row in &rows {
        if row.int(0) == 0 {
            return Ok((Some(replay_from(row, 1, body_sha256)), BTreeMap::new()));
        }
        levels.insert(row.text(1), row.int(2));
    }
    Ok((None, levels))
}

/// PostgreSQL: what [`accept_in`] writes for an order stored without a hitch, in
/// one statement that is its own transaction: one round trip, and one statement to
/// plan and run, instead of eight (BEGIN, the key, each sku's stock and its
/// level, the order, its items, its event, its announcements, COMMIT; see
/// docs/performance.md, "Orders under load"). It writes the key's row, the stock
/// decrements, the order, its items, its first event and its announcements.
///
/// The same rules as [`accept_in`]: the key's row is written first (a copy of the
/// key racing on another connection or instance waits for this statement, then
/// finds the key taken); stock is taken only after the key's row, by a conditional
/// UPDATE that PostgreSQL re-checks against the newest version of the row, so it
/// cannot oversell; the stock rows are locked in sku order (`ORDER BY sku FOR
/// UPDATE`), as [`accept_in`] takes them, so two orders cannot deadlock; the order
/// is stored only when every sku with a count was taken.
///
/// Anything but that common case is left to [`accept_in`], which tells the cases
/// apart statement by statement in a transaction: `None` then. The key already
/// taken (a resend): the statement wrote nothing. A sku short or the order id
/// taken, or its reference another order's: the key's row and some decrements
/// were written, so the statement fails on purpose (`NOT_STORED`) and PostgreSQL
/// undoes all of it.
fn accept_in_one_statement(
    tx: &mut dyn Tx,
    o: &NewOrder<'_>,
) -> Result<Option<Accepted>, StoreError> {
    let lines: Vec<serde_json::Value> = o
        .items
        .iter()
        .map(|(sku, quantity)| serde_json::json!({"sku": sku, "quantity": quantity}))
        .collect();
    let announce: Vec<serde_json::Value> = o
        .announce
        .iter()
        .map(|a| serde_json::json!({"destination": a.destination, "body": a.body}))
        .collect();
    let as_json = |v: &[serde_json::Value]| {
        serde_json::to_string(v).map_err(|e| StoreError::new(format!("an order as JSON: {e}")))
    };
    let (lines, announce) = (as_json(&lines)?, as_json(&announce)?);
    let event_key = format!("{}:created", o.order_id);
    // The last CASE: 1 stored, 0 nothing written (the key was taken), else a
    // failed cast (computed when run, so never folded at planning) undoes it all.
    let sql = format!(
        "WITH idem AS (\
           INSERT INTO idempotency (key, body_sha256, status, response) VALUES ($16, $17, $18, $19) \
           ON CONFLICT (key) DO NOTHING RETURNING key), \
         lines AS MATERIALIZED (\
           SELECT l.sku, l.quantity FROM json_to_recordset($20::text::json) AS l(sku text, quantity bigint)), \
         counted AS MATERIALIZED (\
           SELECT s.sku FROM stock s WHERE s.shop_id = $2 AND s.sku IN (SELECT sku FROM lines) \
           AND EXISTS (SELECT 1 FROM idem) ORDER BY s.sku FOR UPDATE), \
         taken AS (\
           UPDATE stock s SET level = s.level - l.quantity FROM counted c JOIN lines l ON l.sku = c.sku \
           WHERE s.shop_id = $2 AND s.sku = c.sku AND s.level >= l.quantity RETURNING s.sku), \
         ord AS (\
           INSERT INTO orders ({ORDER_COLUMNS}) \
           SELECT $1::text, $2::text, 'new', $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, \
           $9::text, $10::bigint, $11::bigint, $12::text, $13::text, $14::text, $10::bigint, $15::text, \
           $9::text, $24::text FROM idem \
           WHERE (SELECT count(*) FROM taken) = (SELECT count(*) FROM counted) \
           ON CONFLICT DO NOTHING RETURNING order_id), \
         items AS (\
           INSERT INTO order_items (order_id, sku, quantity, from_stock) \
           SELECT ord.order_id, l.sku, l.quantity, CASE WHEN l.sku IN (SELECT sku FROM taken) THEN 1 ELSE 0 END \
           FROM ord, lines l), \
         events AS (\
           INSERT INTO order_events (order_id, at_ms, actor, kind, detail) \
           SELECT order_id, $10::bigint, 'buyer', 'created', $21::text FROM ord), \
         announced AS (\
           INSERT INTO announcements (event_key, destination, order_id, body, state, next_at_ms, created_ms) \
           SELECT $22::text, a.destination, ord.order_id, a.body, 'pending', $10::bigint, $10::bigint \
           FROM ord, json_to_recordset($23::text::json) AS a(destination text, body text) \
           ON CONFLICT (event_key, destination) DO NOTHING) \
         SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM idem) THEN 0 \
           WHEN (SELECT count(*) FROM ord) = 1 THEN 1 \
           ELSE CAST('{NOT_STORED} ' || (SELECT count(*) FROM ord) AS bigint) END"
    );
    let columns = OrderColumns::of(o);
    let mut args = columns.args(o).to_vec();
    args.extend([
        Arg::Text(o.key),
        Arg::Text(o.body_sha256),
        Arg::Int(i64::from(o.status)),
        Arg::Text(o.response),
        Arg::Text(&lines),
        Arg::Text(CREATED_DETAIL),
        Arg::Text(&event_key),
        Arg::Text(&announce),
        Arg::Text(&columns.name_folded),
    ]);
    let answer = tx.rows(&sql, &args);
    match answer {
        Ok(rows) if rows.first().map(|r| r.int(0)) == Some(1) => Ok(Some(Accepted::New)),
        Ok(_) => Ok(None),
        // Undone on purpose, or undone by PostgreSQL (a deadlock, a serialization
        // failure): the statements one by one decide.
        Err(e) if e.retry || e.message.contains(NOT_STORED) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The text of the failure [`accept_in_one_statement`] causes to undo itself.
const NOT_STORED: &str = "microshop: not stored in one statement, undone";

impl Store {
    /// PostgreSQL: `one` stored by [`accept_in_one_statement`], or `None` when
    /// anything was not the common case and nothing of it was kept: then
    /// [`accept_in`] must decide.
    pub(super) fn accept_alone(&self, one: &NewOrder<'_>) -> Option<Result<Accepted, StoreError>> {
        match self.one_statement(&mut |tx| accept_in_one_statement(tx, one).map(Finish::Commit)) {
            Ok(Some(accepted)) => Some(Ok(accepted)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// The detail of an order's first event (`created`).
const CREATED_DETAIL: &str = r#"{"status":"new"}"#;

/// The `orders` columns a new order writes, in the order of [`OrderColumns::args`]
/// (`status` is `'new'` and `status_ms` repeats `received_ms`, `$10`;
/// `unique_reference` repeats `reference`, `$9`), then `customer_name_folded`,
/// which each statement binds after its own values.
const ORDER_COLUMNS: &str = "order_id, shop_id, status, created_at, received_at, currency, total, \
     customer_name, payload, reference, received_ms, total_minor, customer_phone, customer_email, \
     access_sha256, status_ms, receipt, unique_reference, customer_name_folded";

/// What a new order stores that is derived from it, owned, for [`Self::args`].
struct OrderColumns {
    received_at: String,
    reference: String,
    phone: String,
    email: String,
    access_sha256: String,
    /// The name as the desk's search matches it ([`super::search_fold`]).
    name_folded: String,
}

impl OrderColumns {
    fn of(o: &NewOrder<'_>) -> Self {
        OrderColumns {
            received_at: ms_rfc3339(o.received_ms),
            reference: short_ref(o.order_id),
            phone: super::phone_digits(o.customer_phone),
            email: super::email_key(o.customer_email),
            access_sha256: sha256_hex(o.secret),
            name_folded: super::search_fold(o.customer_name),
        }
    }

    /// The order's row as `$1`-`$15`: both ways of storing an order bind these.
    fn args<'a>(&'a self, o: &NewOrder<'a>) -> [Arg<'a>; 15] {
        [
            Arg::Text(o.order_id),
            Arg::Text(o.shop_id),
            Arg::Text(o.created_at),
            Arg::Text(&self.received_at),
            Arg::Text(o.currency),
            Arg::Text(o.total),
            Arg::Text(o.customer_name),
            Arg::Text(o.payload),
            Arg::Text(&self.reference),
            Arg::Int(o.received_ms),
            Arg::Int(o.total_minor),
            Arg::Text(&self.phone),
            Arg::Text(&self.email),
            Arg::Text(&self.access_sha256),
            Arg::Text(o.receipt),
        ]
    }
}

/// Whether an order can go through [`accept_in_one_statement`]: each sku once
/// (two lines of one sku are [`accept_in`]'s to handle, line by line).
pub(super) fn one_statement_fits(o: &NewOrder<'_>) -> bool {
    let mut skus: Vec<&str> = o.items.iter().map(|(sku, _)| sku.as_str()).collect();
    skus.sort_unstable();
    skus.windows(2).all(|w| w[0] != w[1])
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
    let columns = OrderColumns::of(o);
    let stored = tx.exec(
        &format!(
            "INSERT INTO orders ({ORDER_COLUMNS}) \
             VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $10, $15, $9, $16) \
             ON CONFLICT DO NOTHING"
        ),
        &[
            &columns.args(o)[..],
            &[Arg::Text(&columns.name_folded)],
        ]
        .concat(),
    )?;
    if stored == 0 {
        // Not stored because of the order id or of the reference (both unique): a
        // statement that waited for another transaction storing either sees it now.
        let same_id = tx.row(
            "SELECT 1 FROM orders WHERE order_id = $1",
            &[Arg::Text(o.order_id)],
        )?;
        return Ok(Finish::Rollback(if same_id.is_some() {
            // The same order id under another key: refuse rather than store it twice.
            Accepted::Mismatch
        } else {
            // Another order id with this reference: refuse, so the reference a
            // buyer quotes when paying names one order.
            Accepted::ReferenceTaken {
                reference: columns.reference,
            }
        }));
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
