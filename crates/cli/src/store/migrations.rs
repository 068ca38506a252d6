//! The schema's numbered migrations, the same list for both backends
//! (docs/store.md). Applied at start and by `microshop migrate`, each in its own
//! transaction; PostgreSQL takes an advisory lock inside each, so instances
//! starting together apply each migration once and the others wait, then see it.

use super::clock::parse_rfc3339_ms;
use super::sql::{Arg, Finish, Kind, StoreError, Tx};
use super::Store;
use microshop_core::order::short_ref;
use microshop_core::Currency;

/// One step of the schema.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    sql: &'static str,
}

/// Every migration, in order. Append only: a released migration never changes.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "the first release (orders, idempotency)",
        sql: include_str!("migrations/001_first_release.sql"),
    },
    Migration {
        version: 2,
        name: "the seller's desk and running past one machine",
        sql: include_str!("migrations/002_desk_and_scale.sql"),
    },
    Migration {
        version: 3,
        name: "signed receipts",
        sql: include_str!("migrations/003_signed_receipts.sql"),
    },
    Migration {
        version: 4,
        name: "reviews and problems with an order",
        sql: include_str!("migrations/004_reviews_and_problems.sql"),
    },
    Migration {
        version: 5,
        name: "old nonces pruned",
        sql: include_str!("migrations/005_nonces_pruned.sql"),
    },
    Migration {
        version: 6,
        name: "reviews' display names",
        sql: include_str!("migrations/006_review_display_names.sql"),
    },
    Migration {
        version: 7,
        name: "unique order references",
        sql: include_str!("migrations/007_unique_references.sql"),
    },
    Migration {
        version: 8,
        name: "names searched in any script's case",
        sql: include_str!("migrations/008_folded_names.sql"),
    },
];

/// The newest schema this binary knows.
pub const LATEST: i64 = 8;

/// Held (for the transaction) by whoever migrates a PostgreSQL database: "microsho".
const ADVISORY_LOCK: &str = "SELECT pg_advisory_xact_lock(7883959304095443055)";

/// What a run of the migrations did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The schema version found.
    pub from: i64,
    /// The schema version now.
    pub to: i64,
}

fn lock(tx: &mut dyn Tx) -> Result<(), StoreError> {
    if tx.kind() == Kind::Postgres {
        tx.exec(ADVISORY_LOCK, &[])?;
    }
    Ok(())
}

fn table_exists(tx: &mut dyn Tx, table: &str) -> Result<bool, StoreError> {
    let sql = match tx.kind() {
        Kind::Sqlite => "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
        Kind::Postgres => {
            "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1"
        }
    };
    Ok(tx.row(sql, &[Arg::Text(table)])?.is_some())
}

fn current(tx: &mut dyn Tx) -> Result<i64, StoreError> {
    Ok(tx
        .row("SELECT MAX(version) FROM schema_migrations", &[])?
        .and_then(|r| r.opt_int(0))
        .unwrap_or(0))
}

/// The schema version of the database (0: empty), creating the bookkeeping table
/// and recognising a database of the first release.
fn version(store: &Store, now_ms: i64) -> Result<i64, StoreError> {
    store.write(&mut |tx| {
        lock(tx)?;
        tx.batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL)",
        )?;
        let mut found = current(tx)?;
        if found == 0 && table_exists(tx, "orders")? {
            // Written by the first release, which had no bookkeeping.
            tx.exec(
                "INSERT INTO schema_migrations (version, applied_ms) VALUES (1, $1)",
                &[Arg::Int(now_ms)],
            )?;
            found = 1;
        }
        Ok(Finish::Commit(found))
    })
}

/// Refuses a database that a newer microshop has migrated.
fn refuse_newer(found: i64) -> Result<(), StoreError> {
    if found > LATEST {
        return Err(StoreError::new(format!(
            "the database has schema version {found}, newer than this microshop knows ({LATEST}): \
             a newer microshop has used it. Run that version (or newer), or point --db at another database"
        )));
    }
    Ok(())
}

/// The schema version, refusing a newer database; migrates nothing.
pub fn check(store: &Store, now_ms: i64) -> Result<i64, StoreError> {
    let found = version(store, now_ms)?;
    refuse_newer(found)?;
    Ok(found)
}

/// Applies every migration the database has not had yet.
pub fn migrate(store: &Store, now_ms: i64) -> Result<Report, StoreError> {
    let from = check(store, now_ms)?;
    let mut to = from;
    for migration in MIGRATIONS.iter().filter(|m| m.version > from) {
        let sql = match store.kind() {
            Kind::Sqlite => migration.sql.replace("{serial}", "INTEGER"),
            Kind::Postgres => migration.sql.replace("{serial}", "BIGSERIAL"),
        };
        to = store.write(&mut |tx| {
            lock(tx)?;
            // Another instance may have applied it while this one waited.
            let now = current(tx)?;
            refuse_newer(now)?;
            if now >= migration.version {
                return Ok(Finish::Rollback(now));
            }
            tx.batch(&sql).map_err(|e| {
                StoreError::new(format!(
                    "migration {} ({}) failed: {e}",
                    migration.version, migration.name
                ))
            })?;
            if migration.version == 2 {
                fill_first_release_orders(tx)?;
            }
            if migration.version == 8 {
                fill_folded_names(tx)?;
            }
            tx.exec(
                "INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, $2)",
                &[Arg::Int(migration.version), Arg::Int(now_ms)],
            )?;
            Ok(Finish::Commit(migration.version))
        })?;
    }
    if to >= 7 {
        // Orders an older instance stored after this database went past 7.
        store.write(&mut |tx| hold_late_references(tx).map(Finish::Commit))?;
    }
    if to >= 8 {
        // Orders an older instance stored after this database went past 8.
        store.write(&mut |tx| fill_folded_names(tx).map(Finish::Commit))?;
    }
    Ok(Report { from, to })
}

/// Orders an older microshop stored during a rolling upgrade past migration 7
/// have no `unique_reference` (NULL), so their references escaped the rule that
/// one order per shop holds a reference (REVIEW8 15). At every start, each such
/// reference goes to its oldest order without one, unless an order of the shop
/// already holds it: as migration 7 did, duplicates stay readable in `reference`
/// and the start never fails on them. One statement: on PostgreSQL its
/// subqueries see the table as it was, so two orders sharing a reference cannot
/// both take it.
fn hold_late_references(tx: &mut dyn Tx) -> Result<(), StoreError> {
    tx.exec(
        "UPDATE orders SET unique_reference = reference
          WHERE unique_reference IS NULL AND reference <> ''
            AND NOT EXISTS (SELECT 1 FROM orders h
                 WHERE h.shop_id = orders.shop_id AND h.unique_reference = orders.reference)
            AND NOT EXISTS (SELECT 1 FROM orders o
                 WHERE o.shop_id = orders.shop_id AND o.reference = orders.reference
                   AND o.unique_reference IS NULL
                   AND (o.received_ms < orders.received_ms
                        OR (o.received_ms = orders.received_ms AND o.order_id < orders.order_id)))",
        &[],
    )
    .map(|_| ())
}

/// Orders without `customer_name_folded` (stored before migration 8, or by an
/// older microshop still answering during a rolling upgrade) get it from their
/// name, folded in Rust as new orders are ([`super::search_fold`]): no SQL function
/// folds the same on both backends. Run by migration 8 and at every start after it.
fn fill_folded_names(tx: &mut dyn Tx) -> Result<(), StoreError> {
    let rows = tx.rows(
        "SELECT order_id, customer_name FROM orders WHERE customer_name <> '' AND customer_name_folded = ''",
        &[],
    )?;
    for row in rows {
        tx.exec(
            "UPDATE orders SET customer_name_folded = $1 WHERE order_id = $2",
            &[
                Arg::Text(&super::search_fold(&row.text(1))),
                Arg::Text(&row.text(0)),
            ],
        )?;
    }
    Ok(())
}

/// Orders of the first release get the columns migration 2 added, from what they
/// kept: the reference from the id, times from `received_at`, the total in minor
/// units, phone and e-mail from the payload's customer fields of those names (the
/// release did not know field kinds). They have no buyer secret: their status is
/// not readable by buyers, as it was not before.
fn fill_first_release_orders(tx: &mut dyn Tx) -> Result<(), StoreError> {
    let rows = tx.rows(
        "SELECT order_id, received_at, currency, total, payload FROM orders WHERE reference = ''",
        &[],
    )?;
    for row in rows {
        let order_id = row.text(0);
        let received_ms = parse_rfc3339_ms(&row.text(1)).unwrap_or(0);
        let total_minor = Currency::from_code(&row.text(2))
            .and_then(|c| c.parse(&row.text(3)).ok())
            .map_or(0, |m| m.0);
        let payload: serde_json::Value =
            serde_json::from_str(&row.text(4)).unwrap_or(serde_json::Value::Null);
        let field = |name: &str| {
            payload["customer"][name]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        };
        tx.exec(
            "UPDATE orders SET reference = $1, received_ms = $2, status_ms = $2, total_minor = $3, \
             customer_phone = $4, customer_email = $5 WHERE order_id = $6",
            &[
                Arg::Text(&short_ref(&order_id)),
                Arg::Int(received_ms),
                Arg::Int(total_minor),
                Arg::Text(&super::phone_digits(&field("phone"))),
                Arg::Text(&super::email_key(&field("email"))),
                Arg::Text(&order_id),
            ],
        )?;
        tx.exec(
            "INSERT INTO order_events (order_id, at_ms, actor, kind, detail) VALUES ($1, $2, 'system', 'created', $3)",
            &[
                Arg::Text(&order_id),
                Arg::Int(received_ms),
                Arg::Text(r#"{"status":"new","migrated":true}"#),
            ],
        )?;
    }
    Ok(())
}
