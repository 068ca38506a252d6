//! The store test suite's ground: each test runs on SQLite and on PostgreSQL
//! (`on_both_backends!`), each in a database of its own.
//!
//! PostgreSQL is the server `scripts/postgres.sh start` runs; its URL comes in
//! `MICROSHOP_TEST_POSTGRES` (scripts/test.sh sets it). Without it the PostgreSQL
//! half fails, saying so: CI must run it, so it never skips.
#![allow(dead_code)]

use microshop_cli::store::{Announce, Location, NewOrder, StatusChange, Store};
use microshop_core::order::status::Change;
use std::path::PathBuf;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database of one test, removed when dropped.
pub struct TestDb {
    pub location: Location,
    admin: Option<String>,
    name: String,
    dir: Option<PathBuf>,
}

const POSTGRES_VAR: &str = "MICROSHOP_TEST_POSTGRES";

fn admin_url() -> String {
    std::env::var(POSTGRES_VAR).unwrap_or_else(|_| {
        panic!(
            "{POSTGRES_VAR} is not set: the store tests run on PostgreSQL too. Start the test server with \
             `export {POSTGRES_VAR}=$(scripts/postgres.sh start)` (scripts/test.sh does it), \
             then `scripts/postgres.sh stop` after"
        )
    })
}

/// `postgres://…/postgres` with another database name.
fn with_database(url: &str, database: &str) -> String {
    let (base, _) = url.rsplit_once('/').unwrap_or((url, ""));
    format!("{base}/{database}")
}

impl TestDb {
    /// A fresh, empty database for the test `name`.
    pub fn new(backend: Backend, name: &str) -> TestDb {
        let name = format!("ms_{}_{}", name.to_lowercase(), std::process::id());
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("microshop-store-{name}"));
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).expect("temp dir");
                TestDb {
                    location: Location::Sqlite(dir.join("orders.sqlite")),
                    admin: None,
                    name,
                    dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let admin = admin_url();
                let mut client = postgres::Client::connect(&admin, postgres::NoTls)
                    .unwrap_or_else(|e| panic!("cannot reach {admin} ({POSTGRES_VAR}): {e}"));
                // One statement each: a batch would run as one transaction, which
                // DROP/CREATE DATABASE refuse.
                client
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .expect("drop database");
                client
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create database");
                TestDb {
                    location: Location::Postgres(with_database(&admin, &name)),
                    admin: Some(admin),
                    name,
                    dir: None,
                }
            }
        }
    }

    /// A new handle on this database, migrated (as an instance starting up).
    pub fn store(&self) -> Store {
        Store::open(&self.location).expect("opens")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(admin) = &self.admin {
            if let Ok(mut client) = postgres::Client::connect(admin, postgres::NoTls) {
                let _ = client.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ));
            }
        }
    }
}

/// Generates `sqlite::name` and `postgres::name` for each test function `name(Backend)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $test() { super::$test($crate::stores::Backend::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $test() { super::$test($crate::stores::Backend::Postgres) } )*
        }
    };
}

/// Runs `write(i, store)` on `threads` threads that start together, thread `i` on
/// `instances[i % instances.len()]` (several store handles stand for several
/// instances on one database); the answers in thread order.
pub fn race<T: Send>(
    instances: &[Store],
    threads: usize,
    write: impl Fn(usize, &Store) -> T + Sync,
) -> Vec<T> {
    let start = std::sync::Barrier::new(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let (store, start, write) = (&instances[i % instances.len()], &start, &write);
                scope.spawn(move || {
                    start.wait();
                    write(i, store)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    })
}

/// `ord_` and 32 hex digits from one byte.
pub fn order_id(n: u8) -> String {
    format!("ord_{}", format!("{n:02x}").repeat(16))
}

/// The parts of a [`NewOrder`] a test varies; the rest is filled in.
pub struct Sample {
    pub order_id: String,
    pub body: String,
    pub body_sha256: String,
    pub items: Vec<(String, u32)>,
    pub secret: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub received_ms: i64,
    pub announce: Vec<Announce>,
    /// The 201 body kept for replays.
    pub response: String,
}

impl Sample {
    /// An order `n` for one item of `sku`.
    pub fn new(n: u8, sku: &str) -> Sample {
        let order_id = order_id(n);
        let body = format!(
            r#"{{"order_id":"{order_id}","customer":{{"name":"Buyer {n}","phone":"+86 138 0000 00{n:02}"}},"note":"ring twice","lines":[]}}"#
        );
        Sample {
            body_sha256: microshop_cli::store::sha256_hex(&body),
            order_id,
            body,
            items: vec![(sku.to_owned(), 1)],
            secret: format!("secret-{n}"),
            name: format!("Buyer {n}"),
            phone: format!("+86 138 0000 00{n:02}"),
            email: format!("Buyer{n}@Mail.example"),
            received_ms: 1_800_000_000_000 + i64::from(n) * 1000,
            announce: Vec::new(),
            response: format!(r#"{{"order_id":"{}"}}"#, self::order_id(n)),
        }
    }

    /// The order as the store takes it; its answer names the order.
    pub fn order(&self) -> NewOrder<'_> {
        NewOrder {
            key: &self.order_id,
            body_sha256: &self.body_sha256,
            order_id: &self.order_id,
            shop_id: "tea",
            created_at: "2026-11-28T10:00:00Z",
            received_ms: self.received_ms,
            currency: "CNY",
            total: "12.50",
            total_minor: 1250,
            customer_name: &self.name,
            customer_phone: &self.phone,
            customer_email: &self.email,
            payload: &self.body,
            secret: &self.secret,
            items: &self.items,
            status: 201,
            response: &self.response,
            receipt: "",
            announce: &self.announce,
        }
    }
}

/// Order `n` of one green tea, accepted and completed; its sample (the secret).
pub fn completed_order(store: &Store, n: u8) -> Sample {
    completed_order_of(store, n, "green", "G-1")
}

/// Order `n` of one `product` (variant `sku`), accepted and marked completed by the
/// seller; its sample (the secret).
pub fn completed_order_of(store: &Store, n: u8, product: &str, sku: &str) -> Sample {
    let mut sample = Sample::new(n, sku);
    sample.body = format!(
        r#"{{"order_id":"{}","customer":{{"name":"Buyer {n}"}},"lines":[{{"product_id":"{product}","sku":"{sku}","quantity":1}}]}}"#,
        sample.order_id
    );
    sample.body_sha256 = microshop_cli::store::sha256_hex(&sample.body);
    store.accept(&sample.order()).expect("accepted");
    let changes = [
        Change::Paid,
        Change::Shipped {
            tracking_note: "SF 1".into(),
            tracking_url: None,
        },
        Change::Completed,
    ];
    for change in &changes {
        store
            .change_status(&StatusChange {
                order_id: &sample.order_id,
                change,
                expected_version: None,
                actor: "seller",
                now_ms: sample.received_ms + 1,
                announce: &[],
            })
            .expect("changed");
    }
    sample
}
