//! Where accepted orders live: a SQLite file, with the first answer to each
//! Idempotency-Key kept so a retry gets the same answer and stores nothing new.

use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The order database.
pub struct Store {
    conn: Connection,
}

/// An order as the seller reads it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredOrder {
    pub order_id: String,
    pub status: String,
    pub created_at: String,
    pub received_at: String,
    pub currency: String,
    pub total: String,
    pub customer_name: String,
    pub payload: String,
}

/// The outcome of recording an order.
pub enum Recorded {
    /// Stored now for the first time.
    New,
    /// Already stored with the same body: here is the first answer.
    Replay { status: u16, body: String },
    /// Already stored, but with a different body: the key was reused.
    Mismatch,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS orders (
    order_id      TEXT PRIMARY KEY,
    shop_id       TEXT NOT NULL,
    status        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    currency      TEXT NOT NULL,
    total         TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    payload       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    key           TEXT PRIMARY KEY,
    body_sha256   TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response      TEXT NOT NULL
);
";

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let conn =
            Connection::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;")
            .and_then(|_| conn.execute_batch(SCHEMA))
            .map_err(|e| format!("cannot prepare {}: {e}", path.display()))?;
        Ok(Store { conn })
    }

    /// The first answer given for `key`, if any, and whether the body matches.
    pub fn replay(&self, key: &str, body_sha256: &str) -> Result<Option<Recorded>, String> {
        let found: Option<(String, u16, String)> = self
            .conn
            .query_row(
                "SELECT body_sha256, status, response FROM idempotency WHERE key = ?1",
                params![key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| e.to_string())?;
        Ok(found.map(|(hash, status, body)| {
            if hash == body_sha256 {
                Recorded::Replay { status, body }
            } else {
                Recorded::Mismatch
            }
        }))
    }

    /// Stores an accepted order and its answer in one transaction; a concurrent
    /// duplicate finds the first one's answer instead.
    pub fn record(
        &mut self,
        key: &str,
        body_sha256: &str,
        order: &StoredOrder,
        shop_id: &str,
        status: u16,
        response: &str,
    ) -> Result<Recorded, String> {
        let tx = self.conn.transaction().map_err(|e| e.to_string())?;
        let inserted = tx
            .execute(
                "INSERT INTO idempotency (key, body_sha256, status, response) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(key) DO NOTHING",
                params![key, body_sha256, status, response],
            )
            .map_err(|e| e.to_string())?;
        if inserted == 0 {
            drop(tx);
            return self
                .replay(key, body_sha256)
                .map(|r| r.unwrap_or(Recorded::Mismatch));
        }
        let stored = tx
            .execute(
                "INSERT INTO orders (order_id, shop_id, status, created_at, received_at, currency, total, customer_name, payload)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(order_id) DO NOTHING",
                params![
                    order.order_id,
                    shop_id,
                    order.status,
                    order.created_at,
                    order.received_at,
                    order.currency,
                    order.total,
                    order.customer_name,
                    order.payload
                ],
            )
            .map_err(|e| e.to_string())?;
        if stored == 0 {
            // Same order id under another key: refuse rather than store it twice.
            return Ok(Recorded::Mismatch);
        }
        tx.commit().map_err(|e| e.to_string())?;
        Ok(Recorded::New)
    }

    /// One order.
    pub fn order(&self, order_id: &str) -> Result<Option<StoredOrder>, String> {
        self.conn
            .query_row(
                "SELECT order_id, status, created_at, received_at, currency, total, customer_name, payload
                 FROM orders WHERE order_id = ?1",
                params![order_id],
                row_to_order,
            )
            .optional()
            .map_err(|e| e.to_string())
    }

    /// Every order, newest first.
    pub fn orders(&self) -> Result<Vec<StoredOrder>, String> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT order_id, status, created_at, received_at, currency, total, customer_name, payload
                 FROM orders ORDER BY received_at DESC, rowid DESC",
            )
            .map_err(|e| e.to_string())?;
        let rows = stmt
            .query_map([], row_to_order)
            .map_err(|e| e.to_string())?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())
    }
}

/// The order database as the server shares it between requests: each method holds
/// the one connection's lock for its own statements only, never while anything
/// else (reading the shop, a network fetch) happens.
pub struct OrderBook {
    store: Mutex<Store>,
}

impl OrderBook {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<OrderBook, String> {
        Ok(OrderBook {
            store: Mutex::new(Store::open(path)?),
        })
    }

    /// The one place the lock is taken. A panic while it was held cannot leave a
    /// half-written order (each write is one SQLite transaction), so a poisoned lock
    /// is used as it is rather than stopping every later order.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// See [`Store::replay`].
    pub fn replay(&self, key: &str, body_sha256: &str) -> Result<Option<Recorded>, String> {
        self.store().replay(key, body_sha256)
    }

    /// See [`Store::record`].
    pub fn record(
        &self,
        key: &str,
        body_sha256: &str,
        order: &StoredOrder,
        shop_id: &str,
        status: u16,
        response: &str,
    ) -> Result<Recorded, String> {
        self.store()
            .record(key, body_sha256, order, shop_id, status, response)
    }

    /// See [`Store::order`].
    pub fn order(&self, order_id: &str) -> Result<Option<StoredOrder>, String> {
        self.store().order(order_id)
    }
}

fn row_to_order(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredOrder> {
    Ok(StoredOrder {
        order_id: r.get(0)?,
        status: r.get(1)?,
        created_at: r.get(2)?,
        received_at: r.get(3)?,
        currency: r.get(4)?,
        total: r.get(5)?,
        customer_name: r.get(6)?,
        payload: r.get(7)?,
    })
}

/// Now, as RFC 3339 UTC (`2026-11-28T10:00:00Z`).
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

/// Unix seconds as RFC 3339 UTC (days-to-civil from Howard Hinnant's algorithm).
pub fn rfc3339(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_867_200), "2026-11-28T12:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}
