//! Problems with an order (docs/trust.md "Problems"): raised by the holder of the
//! order's secret (a kind, a message, perhaps a photo), answered and marked
//! resolved or refunded by the seller, read back by both as a thread, and counted
//! for the shop's public 90-day figures. The rules are core's (`order::problems`).

use super::holder::holder;
use super::replays::{raised_before, said_before, take_nonce};
use super::sql::{Arg, Finish, Row, StoreError, Tx};
use super::Store;
use microshop_core::order::problems::{
    ProblemState, MAX_BUYER_MESSAGES, MAX_OPEN_PROBLEMS, MAX_ORDER_PHOTO_BYTES,
};
use microshop_core::order::review::ReviewError;

/// A buyer's photo, its type sniffed from its bytes by the caller.
#[derive(Clone, Debug)]
pub struct Photo<'a> {
    /// Lower-case hex SHA-256 of the bytes: its name (the same photo is kept once).
    pub sha256: &'a str,
    pub content_type: &'a str,
    /// The bytes as base64: the store's values are integers and text only
    /// (store/sql.rs), and photos are few and small (`MAX_PHOTO_BYTES`).
    pub base64: &'a str,
}

/// A problem to raise, its kind and message checked by core.
#[derive(Clone, Debug)]
pub struct ProblemRaise<'a> {
    pub order_id: &'a str,
    pub secret: &'a str,
    pub nonce: &'a str,
    pub kind: &'a str,
    pub text: &'a str,
    pub photo: Option<Photo<'a>>,
    pub now_ms: i64,
}

/// A message of a problem's thread.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ProblemMessage {
    /// `buyer` or `seller`.
    pub author: String,
    pub text: String,
    /// The SHA-256 of the photo it carries, if any.
    pub photo: Option<String>,
    pub at_ms: i64,
}

/// A problem and its thread, oldest message first.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub id: i64,
    pub order_id: String,
    pub kind: String,
    pub state: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub closed_ms: Option<i64>,
    pub messages: Vec<ProblemMessage>,
}

/// What became of a problem to raise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Raised {
    Done(Problem),
    /// No such order, or not its secret.
    NotFound,
    /// The nonce was used before: nothing written.
    Replayed,
    /// The order has `MAX_OPEN_PROBLEMS` open already.
    TooMany,
    /// This problem (kind, first message, photo) was raised already, whatever
    /// its state now: nothing written; the problem as it is (docs/trust.md
    /// "Replays": a request replayed after its nonce was pruned).
    Already(Problem),
    /// The order's personal data was cleared then (ms): nothing written
    /// (store/holder.rs).
    Cleared(i64),
    /// The photo would take the order's problems past `MAX_ORDER_PHOTO_BYTES`:
    /// nothing written.
    PhotosFull,
    /// A photo on an order the seller never confirmed (only ever `new`; see
    /// [`ever_confirmed`]): nothing written; words alone are taken.
    PhotoNotYet,
}

/// A buyer's message added to an open problem of their order, checked by core.
#[derive(Clone, Debug)]
pub struct BuyerMessage<'a> {
    pub order_id: &'a str,
    pub secret: &'a str,
    pub nonce: &'a str,
    pub problem_id: i64,
    pub text: &'a str,
    pub photo: Option<Photo<'a>>,
    pub now_ms: i64,
}

/// What became of a buyer's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Added {
    Done(Problem),
    /// No such order, or not its secret.
    NotFound,
    /// The order has no problem of this id.
    NoProblem,
    /// The nonce was used before: nothing written.
    Replayed,
    /// The problem is closed (its state): the buyer raises a new one.
    Closed(String),
    /// The buyer sent this text and photo to the thread already: nothing
    /// written; the thread as it is.
    Already(Problem),
    /// The order's personal data was cleared then (ms): nothing written.
    Cleared(i64),
    /// The thread has `MAX_BUYER_MESSAGES` of the buyer's already: nothing written.
    ThreadFull,
    /// The photo would take the order's problems past `MAX_ORDER_PHOTO_BYTES`:
    /// nothing written.
    PhotosFull,
    /// A photo on an order the seller never confirmed: nothing written.
    PhotoNotYet,
}

/// What became of a seller's answer or mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answered {
    Done(Problem),
    NotFound,
    /// The mark is not possible from the problem's state.
    Refused(ReviewError),
}

/// SQL: whether the seller ever confirmed the order `o` (REVIEW8 finding 5):
/// its status is past `new` now (paid, shipped, completed), or it was cancelled
/// after being paid (core's status table: `new` leads only to `paid` or
/// `cancelled`, so a cancelled order was confirmed exactly when its history has a
/// change to `paid`; store/desk.rs writes each change's event as compact JSON,
/// `{"from":"new","to":"paid"}`). An order only ever `new`, cancelled from `new`
/// included, was not: orders cost nothing to place, so its problems take no
/// photo, and the public figures count them apart (`problem_figures`).
pub(super) const CONFIRMED: &str = "(o.status IN ('paid', 'shipped', 'completed') \
     OR EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.order_id \
     AND e.kind = 'status' AND e.detail LIKE '%\"to\":\"paid\"%'))";

/// Whether the seller ever confirmed the order (see [`CONFIRMED`]).
fn ever_confirmed(tx: &mut dyn Tx, order_id: &str) -> Result<bool, StoreError> {
    let row = tx.row(
        &format!(
            "SELECT CASE WHEN {CONFIRMED} THEN 1 ELSE 0 END FROM orders o WHERE o.order_id = $1"
        ),
        &[Arg::Text(order_id)],
    )?;
    Ok(row.is_some_and(|r| r.int(0) == 1))
}

const PROBLEM_COLUMNS: &str =
    "id, order_id, kind, state, created_ms, updated_ms, closed_ms FROM problems";

fn threads(tx: &mut dyn Tx, rows: Vec<Row>) -> Result<Vec<Problem>, StoreError> {
    let mut problems = Vec::with_capacity(rows.len());
    for r in rows {
        let id = r.int(0);
        let messages = tx
            .rows(
                "SELECT author, body, media_sha256, at_ms FROM problem_messages WHERE problem_id = $1 ORDER BY id",
                &[Arg::Int(id)],
            )?
            .iter()
            .map(|m| ProblemMessage {
                author: m.text(0),
                text: m.text(1),
                photo: m.opt_text(2),
                at_ms: m.int(3),
            })
            .collect();
        problems.push(Problem {
            id,
            order_id: r.text(1),
            kind: r.text(2),
            state: r.text(3),
            created_ms: r.int(4),
            updated_ms: r.int(5),
            closed_ms: r.opt_int(6),
            messages,
        });
    }
    Ok(problems)
}

/// An order's problems, oldest first, each with its thread.
pub(super) fn of_order(tx: &mut dyn Tx, order_id: &str) -> Result<Vec<Problem>, StoreError> {
    let rows = tx.rows(
        &format!("SELECT {PROBLEM_COLUMNS} WHERE order_id = $1 ORDER BY id"),
        &[Arg::Text(order_id)],
    )?;
    threads(tx, rows)
}

fn problem(tx: &mut dyn Tx, id: i64) -> Result<Option<Problem>, StoreError> {
    let rows = tx.rows(
        &format!("SELECT {PROBLEM_COLUMNS} WHERE id = $1"),
        &[Arg::Int(id)],
    )?;
    Ok(threads(tx, rows)?.into_iter().next())
}

fn message(
    tx: &mut dyn Tx,
    problem_id: i64,
    author: &str,
    text: &str,
    photo: Option<&str>,
    at_ms: i64,
) -> Result<(), StoreError> {
    tx.exec(
        "INSERT INTO problem_messages (problem_id, author, body, media_sha256, at_ms) VALUES ($1, $2, $3, $4, $5)",
        &[
            Arg::Int(problem_id),
            Arg::Text(author),
            Arg::Text(text),
            photo.into(),
            Arg::Int(at_ms),
        ],
    )?;
    Ok(())
}

/// Keeps a photo once per content.
fn keep_photo(tx: &mut dyn Tx, photo: Option<&Photo<'_>>, now_ms: i64) -> Result<(), StoreError> {
    if let Some(photo) = photo {
        tx.exec(
            "INSERT INTO media (sha256, content_type, body_base64, created_ms) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING",
            &[
                Arg::Text(photo.sha256),
                Arg::Text(photo.content_type),
                Arg::Text(photo.base64),
                Arg::Int(now_ms),
            ],
        )?;
    }
    Ok(())
}

/// Bytes of photos kept as `chars` characters of canonical base64 (each photo a
/// multiple of 4) of which `padding` are `=`.
fn base64_bytes(chars: i64, padding: i64) -> i64 {
    chars / 4 * 3 - padding
}

/// Whether `photo` would take the order's problems past `MAX_ORDER_PHOTO_BYTES`:
/// the photos their buyer messages carry, each once, and this one unless it is
/// among them. Run after `holder`, which (PostgreSQL) holds the order's row, so
/// two writes of one order count one after the other.
fn photos_full(
    tx: &mut dyn Tx,
    order_id: &str,
    photo: Option<&Photo<'_>>,
) -> Result<bool, StoreError> {
    let Some(photo) = photo else {
        return Ok(false);
    };
    let row = tx.row(
        "SELECT COALESCE(SUM(LENGTH(body_base64)), 0), \
         COALESCE(SUM(LENGTH(body_base64) - LENGTH(RTRIM(body_base64, '='))), 0), \
         COALESCE(MAX(CASE WHEN sha256 = $2 THEN 1 ELSE 0 END), 0) \
         FROM media WHERE sha256 IN (SELECT m.media_sha256 FROM problem_messages m \
         JOIN problems p ON p.id = m.problem_id WHERE p.order_id = $1 AND m.author = 'buyer')",
        &[Arg::Text(order_id), Arg::Text(photo.sha256)],
    )?;
    let (kept, sent_before) = row.map_or((0, false), |r| {
        (base64_bytes(r.int(0), r.int(1)), r.int(2) == 1)
    });
    if sent_before {
        return Ok(false);
    }
    let length = |text: &str| i64::try_from(text.len()).unwrap_or(i64::MAX);
    let padding = length(photo.base64) - length(photo.base64.trim_end_matches('='));
    let new = base64_bytes(length(photo.base64), padding);
    Ok(kept.saturating_add(new) > MAX_ORDER_PHOTO_BYTES)
}

impl Store {
    /// A buyer adds to an open problem of their order (more detail, a photo, an
    /// answer to the seller): the nonce, the photo, the message and a `problem`
    /// event, in one transaction.
    pub fn add_buyer_message(&self, m: &BuyerMessage<'_>) -> Result<Added, StoreError> {
        self.write(&mut |tx| {
            let Some(order) = holder(tx, m.order_id, m.secret)? else {
                return Ok(Finish::Rollback(Added::NotFound));
            };
            if let Some(ms) = order.cleared_ms {
                return Ok(Finish::Rollback(Added::Cleared(ms)));
            }
            let state = tx.row(
                "SELECT state FROM problems WHERE id = $1 AND order_id = $2",
                &[Arg::Int(m.problem_id), Arg::Text(m.order_id)],
            )?;
            let Some(state) = state.map(|r| r.text(0)) else {
                return Ok(Finish::Rollback(Added::NoProblem));
            };
            if !take_nonce(tx, m.nonce, m.order_id, m.now_ms)? {
                return Ok(Finish::Rollback(Added::Replayed));
            }
            if state != ProblemState::Open.as_str() {
                return Ok(Finish::Rollback(Added::Closed(state)));
            }
            let photo = m.photo.as_ref().map(|ph| ph.sha256);
            if said_before(tx, m.problem_id, m.text, photo)? {
                return match problem(tx, m.problem_id)? {
                    Some(thread) => Ok(Finish::Rollback(Added::Already(thread))),
                    None => Err(StoreError::new("a problem just read could not be read")),
                };
            }
            // The caps (docs/trust.md "Limits"): counted after `holder`, which
            // on PostgreSQL holds the order's row, so two messages at once at the
            // cap are counted one after the other and one gets in.
            let said = tx
                .row(
                    "SELECT COUNT(*) FROM problem_messages WHERE problem_id = $1 AND author = 'buyer'",
                    &[Arg::Int(m.problem_id)],
                )?
                .map_or(0, |r| r.int(0));
            if said >= MAX_BUYER_MESSAGES {
                return Ok(Finish::Rollback(Added::ThreadFull));
            }
            if m.photo.is_some() && !ever_confirmed(tx, m.order_id)? {
                return Ok(Finish::Rollback(Added::PhotoNotYet));
            }
            if photos_full(tx, m.order_id, m.photo.as_ref())? {
                return Ok(Finish::Rollback(Added::PhotosFull));
            }
            keep_photo(tx, m.photo.as_ref(), m.now_ms)?;
            message(
                tx,
                m.problem_id,
                "buyer",
                m.text,
                m.photo.as_ref().map(|ph| ph.sha256),
                m.now_ms,
            )?;
            tx.exec(
                "UPDATE problems SET updated_ms = $1 WHERE id = $2",
                &[Arg::Int(m.now_ms), Arg::Int(m.problem_id)],
            )?;
            let detail =
                serde_json::json!({"problem": m.problem_id, "state": "open", "message": true});
            super::orders::event(tx, m.order_id, m.now_ms, "buyer", "problem", &detail)?;
            match problem(tx, m.problem_id)? {
                Some(done) => Ok(Finish::Commit(Added::Done(done))),
                None => Err(StoreError::new(
                    "a problem just written to could not be read",
                )),
            }
        })
    }

    /// Raises a problem with an order: the problem, its first message, its photo
    /// (kept once per content), the nonce and a `problem` event, in one transaction.
    pub fn raise_problem(&self, p: &ProblemRaise<'_>) -> Result<Raised, StoreError> {
        self.write(&mut |tx| {
            let Some(order) = holder(tx, p.order_id, p.secret)? else {
                return Ok(Finish::Rollback(Raised::NotFound));
            };
            if let Some(ms) = order.cleared_ms {
                return Ok(Finish::Rollback(Raised::Cleared(ms)));
            }
            if !take_nonce(tx, p.nonce, p.order_id, p.now_ms)? {
                return Ok(Finish::Rollback(Raised::Replayed));
            }
            let photo = p.photo.as_ref().map(|ph| ph.sha256);
            if let Some(id) = raised_before(tx, p.order_id, p.kind, p.text, photo)? {
                return match problem(tx, id)? {
                    Some(first) => Ok(Finish::Rollback(Raised::Already(first))),
                    None => Err(StoreError::new("a problem just read could not be read")),
                };
            }
            let open = tx
                .row(
                    "SELECT COUNT(*) FROM problems WHERE order_id = $1 AND state = 'open'",
                    &[Arg::Text(p.order_id)],
                )?
                .map_or(0, |r| r.int(0));
            if open >= MAX_OPEN_PROBLEMS {
                return Ok(Finish::Rollback(Raised::TooMany));
            }
            if p.photo.is_some() && !ever_confirmed(tx, p.order_id)? {
                return Ok(Finish::Rollback(Raised::PhotoNotYet));
            }
            if photos_full(tx, p.order_id, p.photo.as_ref())? {
                return Ok(Finish::Rollback(Raised::PhotosFull));
            }
            keep_photo(tx, p.photo.as_ref(), p.now_ms)?;
            let id = tx
                .row(
                    "INSERT INTO problems (shop_id, order_id, kind, state, created_ms, updated_ms) \
                     VALUES ($1, $2, $3, 'open', $4, $4) RETURNING id",
                    &[
                        Arg::Text(&order.shop_id),
                        Arg::Text(p.order_id),
                        Arg::Text(p.kind),
                        Arg::Int(p.now_ms),
                    ],
                )?
                .map_or(0, |r| r.int(0));
            message(
                tx,
                id,
                "buyer",
                p.text,
                p.photo.as_ref().map(|ph| ph.sha256),
                p.now_ms,
            )?;
            let detail = serde_json::json!({"problem": id, "kind": p.kind, "state": "open"});
            super::orders::event(tx, p.order_id, p.now_ms, "buyer", "problem", &detail)?;
            match problem(tx, id)? {
                Some(done) => Ok(Finish::Commit(Raised::Done(done))),
                None => Err(StoreError::new("a problem just raised could not be read")),
            }
        })
    }

    /// An order's problems, oldest first, each with its thread.
    pub fn order_problems(&self, order_id: &str) -> Result<Vec<Problem>, StoreError> {
        self.read(&mut |tx| of_order(tx, order_id))
    }

    /// Problems for the seller's inbox, most recently changed first; only those in
    /// `state` when given; at most `limit`.
    pub fn seller_problems(
        &self,
        state: Option<ProblemState>,
        limit: u32,
    ) -> Result<Vec<Problem>, StoreError> {
        let state = state.map_or("", ProblemState::as_str);
        self.read(&mut |tx| {
            let rows = tx.rows(
                &format!(
                    "SELECT {PROBLEM_COLUMNS} WHERE ($1 = '' OR state = $1) \
                     ORDER BY updated_ms DESC, id DESC LIMIT $2"
                ),
                &[Arg::Text(state), Arg::Int(i64::from(limit))],
            )?;
            threads(tx, rows)
        })
    }

    /// The seller answers a problem (`text`, checked by core) and/or marks it
    /// (`mark`: `resolved` or `refunded`, only while open), with a `problem` event,
    /// in one transaction.
    pub fn answer_problem(
        &self,
        id: i64,
        text: Option<&str>,
        mark: Option<&str>,
        now_ms: i64,
    ) -> Result<Answered, StoreError> {
        self.write(&mut |tx| {
            let row = tx.row(
                "SELECT order_id, state FROM problems WHERE id = $1",
                &[Arg::Int(id)],
            )?;
            let Some(row) = row else {
                return Ok(Finish::Rollback(Answered::NotFound));
            };
            let order_id = row.text(0);
            let state = ProblemState::parse(&row.text(1)).unwrap_or(ProblemState::Open);
            let marked = match mark.map(|m| state.mark(m)).transpose() {
                Ok(marked) => marked,
                Err(refused) => return Ok(Finish::Rollback(Answered::Refused(refused))),
            };
            if let Some(text) = text {
                message(tx, id, "seller", text, None, now_ms)?;
            }
            match marked {
                Some(to) => tx.exec(
                    "UPDATE problems SET state = $1, updated_ms = $2, closed_ms = $2 WHERE id = $3",
                    &[Arg::Text(to.as_str()), Arg::Int(now_ms), Arg::Int(id)],
                )?,
                None => tx.exec(
                    "UPDATE problems SET updated_ms = $1 WHERE id = $2",
                    &[Arg::Int(now_ms), Arg::Int(id)],
                )?,
            };
            let now_state = marked.unwrap_or(state).as_str();
            let detail =
                serde_json::json!({"problem": id, "state": now_state, "answered": text.is_some()});
            super::orders::event(tx, &order_id, now_ms, "seller", "problem", &detail)?;
            match problem(tx, id)? {
                Some(done) => Ok(Finish::Commit(Answered::Done(done))),
                None => Err(StoreError::new("a problem just answered could not be read")),
            }
        })
    }

    /// A buyer's photo: its sniffed type and its bytes as base64.
    pub fn photo(&self, sha256: &str) -> Result<Option<(String, String)>, StoreError> {
        let row = self.read(&mut |tx| {
            tx.row(
                "SELECT content_type, body_base64 FROM media WHERE sha256 = $1",
                &[Arg::Text(sha256)],
            )
        })?;
        Ok(row.map(|r| (r.text(0), r.text(1))))
    }
}
