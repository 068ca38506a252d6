//! The announcements outbox: a row per event and destination, written in the
//! transaction of the event itself, so a restart loses none; taken by one worker
//! at a time with a lease, sent outside any transaction, then marked.
//!
//! Claiming is one statement. On PostgreSQL its inner SELECT takes the rows
//! `FOR UPDATE SKIP LOCKED`, so two workers (two instances) claiming at once get
//! different rows instead of waiting for each other; on SQLite, writes are one at a
//! time anyway, and the conditional UPDATE sees the other worker's lease.

use super::orders::{event, Announce};
use super::sql::{Arg, Finish, Kind, Row, StoreError, Tx};
use super::Store;

/// An announcement, as a worker or the order's history reads it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Announcement {
    pub id: i64,
    /// `order_id:created`, `order_id:status:shipped`, ...
    pub event_key: String,
    pub destination: String,
    pub order_id: String,
    /// The event as JSON.
    pub body: String,
    /// `pending`, `sent` or `dead`.
    pub state: String,
    /// Claims so far, this one included.
    pub attempts: i64,
    pub next_at_ms: i64,
    pub last_error: String,
    pub created_ms: i64,
    pub sent_ms: Option<i64>,
}

/// Which announcements a worker takes (REVIEW9 5: instances that run different
/// notify.json, one restarted with a new destination, or shops sharing one
/// database, took each other's rows and gave them up, or sent them to their own
/// chat of the same name).
#[derive(Clone, Copy, Debug)]
pub struct ClaimScope<'a> {
    /// The worker's shop: rows of another shop's orders are never its.
    pub shop_id: &'a str,
    /// The destinations its notify.json has.
    pub destinations: &'a [String],
    /// A row of a destination it does not have is taken only when created before
    /// this (the event's age past `give_up_after_hours`): no instance that has it
    /// sent it in time, so it is given up rather than left pending for ever.
    pub abandoned_before_ms: i64,
}

const COLUMNS: &str = "id, event_key, destination, order_id, body, state, attempts, next_at_ms, \
                       last_error, created_ms, sent_ms";

fn announcement(r: &Row) -> Announcement {
    Announcement {
        id: r.int(0),
        event_key: r.text(1),
        destination: r.text(2),
        order_id: r.text(3),
        body: r.text(4),
        state: r.text(5),
        attempts: r.int(6),
        next_at_ms: r.int(7),
        last_error: r.text(8),
        created_ms: r.int(9),
        sent_ms: r.opt_int(10),
    }
}

/// Enqueues `announce` for `event_key`, once per destination (a second enqueue of
/// the same event and destination adds nothing). The number of rows added.
pub(super) fn enqueue_in(
    tx: &mut dyn Tx,
    event_key: &str,
    order_id: &str,
    announce: &[Announce],
    now_ms: i64,
) -> Result<u64, StoreError> {
    let mut added = 0;
    for a in announce {
        added += tx.exec(
            "INSERT INTO announcements (event_key, destination, order_id, body, state, next_at_ms, created_ms) \
             VALUES ($1, $2, $3, $4, 'pending', $5, $5) ON CONFLICT (event_key, destination) DO NOTHING",
            &[
                Arg::Text(event_key),
                Arg::Text(&a.destination),
                Arg::Text(order_id),
                Arg::Text(&a.body),
                Arg::Int(now_ms),
            ],
        )?;
    }
    Ok(added)
}

impl Store {
    /// Enqueues announcements of an event of `order_id` (outside an order's own
    /// transactions, e.g. a test message); the number of rows added.
    pub fn enqueue_announcements(
        &self,
        event_key: &str,
        order_id: &str,
        announce: &[Announce],
        now_ms: i64,
    ) -> Result<u64, StoreError> {
        self.write(&mut |tx| {
            enqueue_in(tx, event_key, order_id, announce, now_ms).map(Finish::Commit)
        })
    }

    /// Takes up to `limit` due announcements of `scope` for `owner` until
    /// `now_ms + lease_ms`: pending ones whose time has come and whose lease (if
    /// any) ran out. Each claim counts as an attempt.
    pub fn claim_announcements(
        &self,
        owner: &str,
        scope: &ClaimScope<'_>,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError> {
        self.write(&mut |tx| {
            // The due rows are chosen once, in a materialized CTE: PostgreSQL may
            // evaluate an `IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` subquery
            // more than once, and a claim then took every due row whatever its limit
            // (tests/store_outbox.rs). SQLite writes one at a time: no locking clause.
            let (materialized, skip_locked) = match tx.kind() {
                Kind::Postgres => (" MATERIALIZED", " FOR UPDATE SKIP LOCKED"),
                Kind::Sqlite => ("", ""),
            };
            // $1-$6 below, then one placeholder per destination this worker knows.
            let known = if scope.destinations.is_empty() {
                "1 = 0".to_owned()
            } else {
                let marks: Vec<String> = (0..scope.destinations.len())
                    .map(|i| format!("${}", i + 7))
                    .collect();
                format!("destination IN ({})", marks.join(", "))
            };
            let sql = format!(
                "WITH due AS{materialized} (SELECT id AS due_id FROM announcements WHERE state = 'pending' AND next_at_ms <= $3 \
                 AND (lease_until_ms IS NULL OR lease_until_ms <= $3) \
                 AND ({known} OR created_ms < $5) \
                 AND NOT EXISTS (SELECT 1 FROM orders WHERE orders.order_id = announcements.order_id AND orders.shop_id <> $6) \
                 ORDER BY next_at_ms, id LIMIT $4{skip_locked}) \
                 UPDATE announcements SET lease_owner = $1, lease_until_ms = $2, attempts = attempts + 1 \
                 WHERE id IN (SELECT due_id FROM due) \
                 AND state = 'pending' AND (lease_until_ms IS NULL OR lease_until_ms <= $3) \
                 RETURNING {COLUMNS}"
            );
            let mut args = vec![
                Arg::Text(owner),
                Arg::Int(now_ms.saturating_add(lease_ms)),
                Arg::Int(now_ms),
                Arg::Int(i64::from(limit)),
                Arg::Int(scope.abandoned_before_ms),
                Arg::Text(scope.shop_id),
            ];
            args.extend(scope.destinations.iter().map(Arg::from));
            let rows = tx.rows(&sql, &args)?;
            let mut claimed: Vec<Announcement> = rows.iter().map(announcement).collect();
            claimed.sort_by_key(|a| (a.next_at_ms, a.id));
            Ok(Finish::Commit(claimed))
        })
    }

    /// Marks a claimed announcement sent, with an `announced` event in the order's
    /// history. `false` when `owner` no longer holds it (its lease ran out and
    /// another worker took it): the caller then knows it may have sent twice.
    pub fn announcement_sent(&self, id: i64, owner: &str, now_ms: i64) -> Result<bool, StoreError> {
        self.write(&mut |tx| {
            let Some(row) = tx.row(
                "UPDATE announcements SET state = 'sent', sent_ms = $1, lease_owner = NULL, lease_until_ms = NULL \
                 WHERE id = $2 AND lease_owner = $3 AND state = 'pending' RETURNING order_id, destination, attempts",
                &[Arg::Int(now_ms), Arg::Int(id), Arg::Text(owner)],
            )?
            else {
                return Ok(Finish::Rollback(false));
            };
            let detail = serde_json::json!({"destination": row.text(1), "attempts": row.int(2)});
            event(tx, &row.text(0), now_ms, "system", "announced", &detail)?;
            Ok(Finish::Commit(true))
        })
    }

    /// Marks a claimed announcement failed: to be tried again at `retry_at_ms`, or
    /// given up (`dead`) when that is `None`; an `announce_failed` event records
    /// the error. `false` when `owner` no longer holds it.
    pub fn announcement_failed(
        &self,
        id: i64,
        owner: &str,
        error: &str,
        retry_at_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        self.write(&mut |tx| {
            let (state, next) = match retry_at_ms {
                Some(at) => ("pending", at),
                None => ("dead", now_ms),
            };
            let Some(row) = tx.row(
                "UPDATE announcements SET state = $1, next_at_ms = $2, last_error = $3, lease_owner = NULL, \
                 lease_until_ms = NULL WHERE id = $4 AND lease_owner = $5 AND state = 'pending' \
                 RETURNING order_id, destination, attempts",
                &[
                    Arg::Text(state),
                    Arg::Int(next),
                    Arg::Text(error),
                    Arg::Int(id),
                    Arg::Text(owner),
                ],
            )?
            else {
                return Ok(Finish::Rollback(false));
            };
            let detail = serde_json::json!({
                "destination": row.text(1),
                "attempts": row.int(2),
                "error": error,
                "will_retry": retry_at_ms.is_some(),
            });
            event(tx, &row.text(0), now_ms, "system", "announce_failed", &detail)?;
            Ok(Finish::Commit(true))
        })
    }

    /// An order's announcements, oldest first (its history shows their delivery).
    pub fn announcements_of(&self, order_id: &str) -> Result<Vec<Announcement>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM announcements WHERE order_id = $1 ORDER BY id");
        let rows = self.read(&mut |tx| tx.rows(&sql, &[Arg::Text(order_id)]))?;
        Ok(rows.iter().map(announcement).collect())
    }

    /// How many announcements wait (pending) and how many were given up (dead).
    pub fn outbox_backlog(&self) -> Result<(i64, i64), StoreError> {
        let row = self.read(&mut |tx| {
            tx.row(
                "SELECT CAST(COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0) AS BIGINT), \
                 CAST(COALESCE(SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END), 0) AS BIGINT) FROM announcements",
                &[],
            )
        })?;
        Ok(row.map_or((0, 0), |r| (r.int(0), r.int(1))))
    }
}
