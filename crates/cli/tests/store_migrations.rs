//! Migrations on SQLite and PostgreSQL: instances starting together, a database
//! newer than the binary, `microshop migrate`, and a database of the first release
//! upgraded in place, orders sharing a reference (stored before references
//! were unique) kept through migration 7, and names stored before migration 8
//! folded by it for the desk's search.

mod stores;

use microshop_cli::store::migrations::LATEST;
use microshop_cli::store::{Location, Store};
use std::process::Command;
use stores::{Backend, Sample, TestDb};

on_both_backends!(
    instances_starting_together_migrate_once,
    a_newer_database_is_refused,
    migrate_command_reports_and_is_idempotent,
    orders_sharing_a_reference_before_migration_7_stay_readable,
    names_stored_before_migration_8_are_found_in_any_case,
    references_an_older_instance_stored_after_migration_7_are_held_at_the_next_start,
);

fn instances_starting_together_migrate_once(backend: Backend) {
    let db = TestDb::new(backend, "together");
    let barrier = std::sync::Barrier::new(4);
    let versions: Vec<i64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (db, barrier) = (&db, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    db.store().schema_version().expect("version")
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    assert_eq!(versions, [LATEST; 4]);
    // Usable at once, from any handle.
    let sample = Sample::new(1, "TEA");
    db.store().accept(&sample.order()).expect("accept");
}

fn bump_version(db: &TestDb, version: i64) {
    match &db.location {
        Location::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).expect("open");
            conn.execute(
                "INSERT INTO schema_migrations (version, applied_ms) VALUES (?1, 0)",
                [version],
            )
            .expect("insert");
        }
        Location::Postgres(url) => {
            let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).expect("connect");
            client
                .execute(
                    "INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, 0)",
                    &[&version],
                )
                .expect("insert");
        }
    }
}

fn a_newer_database_is_refused(backend: Backend) {
    let db = TestDb::new(backend, "newer");
    drop(db.store());
    bump_version(&db, LATEST + 1);
    let refused = Store::open(&db.location).map(|_| ()).expect_err("refused");
    assert_eq!(
        refused.message,
        format!(
            "the database has schema version {}, newer than this microshop knows ({LATEST}): \
             a newer microshop has used it. Run that version (or newer), or point --db at another database",
            LATEST + 1
        )
    );
    // serve says so and does not start.
    let dist = std::env::temp_dir().join(format!(
        "microshop-newer-dist-{}-{backend:?}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>shop</title>",
    )
    .expect("index");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/tests/fixtures/minimal.json"
        ),
        dist.join("shop.json"),
    )
    .expect("manifest");
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(["serve", "--addr", "127.0.0.1:0", "--dist"])
        .arg(&dist)
        .arg("--db")
        .arg(location_arg(&db.location))
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir_all(&dist);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("newer than this microshop knows"),
        "{stderr}"
    );
    assert!(!stderr.contains("password"), "{stderr}");
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .arg("migrate")
        .env("MICROSHOP_DB", location_arg(&db.location))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("newer than this microshop knows"),
        "{stderr}"
    );
}

fn location_arg(location: &Location) -> String {
    match location {
        Location::Sqlite(path) => path.display().to_string(),
        Location::Postgres(url) => url.clone(),
    }
}

fn migrate_command_reports_and_is_idempotent(backend: Backend) {
    let db = TestDb::new(backend, "command");
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
            .args(["migrate", "--db"])
            .arg(location_arg(&db.location))
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = run();
    assert!(
        first.ends_with(&format!(": schema version 0 -> {LATEST}\n")),
        "{first}"
    );
    assert!(!first.contains("password"), "{first}");
    let second = run();
    assert!(
        second.ends_with(&format!(" is up to date (schema version {LATEST})\n")),
        "{second}"
    );
}

/// The schema and the writes of the first release, as its code made them.
const FIRST_RELEASE_SCHEMA: &str = "
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

#[test]
fn a_first_release_sqlite_file_upgrades_in_place() {
    let db = TestDb::new(Backend::Sqlite, "first_release");
    let Location::Sqlite(path) = &db.location else {
        unreachable!()
    };
    {
        let conn = rusqlite::Connection::open(path).expect("open");
        conn.execute_batch("PRAGMA journal_mode=WAL;").expect("wal");
        conn.execute_batch(FIRST_RELEASE_SCHEMA).expect("schema");
        let id = stores::order_id(7);
        let payload = format!(
            r#"{{"order_id":"{id}","customer":{{"name":"Li Wei","phone":"+86 138 0000 0000","email":"Li.Wei@Mail.example"}},"lines":[]}}"#
        );
        conn.execute(
            "INSERT INTO idempotency (key, body_sha256, status, response) VALUES (?1, 'abc', 201, ?2)",
            [id.as_str(), r#"{"status":"received"}"#],
        )
        .expect("key");
        conn.execute(
            "INSERT INTO orders VALUES (?1, 'tiny-shop', 'received', '2026-11-28T10:00:00Z', \
             '2026-11-28T12:00:00Z', 'CNY', '22.50', 'Li Wei', ?2)",
            [id.as_str(), payload.as_str()],
        )
        .expect("order");
    }
    let store = db.store();
    assert_eq!(store.schema_version(), Ok(LATEST));
    let orders = store.all_orders().expect("orders");
    assert_eq!(orders.len(), 1);
    let o = &orders[0];
    assert_eq!(
        (
            o.status.as_str(),
            o.reference.as_str(),
            o.received_ms,
            o.total_minor,
            o.customer_phone.as_str(),
            o.customer_email.as_str(),
        ),
        (
            "new",
            "0W3G-E1R7",
            1_795_867_200_000,
            2250,
            "8613800000000",
            "li.wei@mail.example"
        )
    );
    assert_eq!(
        store.history(&o.order_id).expect("history")[0].kind,
        "created"
    );
    // Its first answer is still given to a resend; its status has no secret to read it by.
    assert!(store.replay(&o.order_id, "abc").expect("replay").is_some());
    assert_eq!(store.public_status(&o.order_id, ""), Ok(None));
    // New orders go in beside it, and `microshop orders` lists both.
    store
        .accept(&Sample::new(8, "TEA").order())
        .expect("accept");
    drop(store);
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(["orders", "--db"])
        .arg(path)
        .output()
        .expect("runs");
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("22.50 CNY  Li Wei  [new]"), "{listing}");
    assert!(listing.contains("Buyer 8  [new]"), "{listing}");
}

/// `microshop orders` reads either backend through `--db` or `MICROSHOP_DB`.
fn orders_command_lists_from_either_backend(backend: Backend) {
    let db = TestDb::new(backend, "orders_command");
    db.store()
        .accept(&Sample::new(9, "TEA").order())
        .expect("accept");
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(["orders", "--manifest", "/nonexistent/shop.json"])
        .env("MICROSHOP_DB", location_arg(&db.location))
        .output()
        .expect("runs");
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(listing.contains("12.50 CNY  Buyer 9  [new]"), "{listing}");
}

mod either {
    #[test]
    fn sqlite() {
        super::orders_command_lists_from_either_backend(super::Backend::Sqlite);
    }
    #[test]
    fn postgres() {
        super::orders_command_lists_from_either_backend(super::Backend::Postgres);
    }
}

/// A database that cannot be opened is named (without its password) with the
/// reason, at once.
#[test]
fn an_unreachable_database_is_named_with_the_reason() {
    let migrate = |db: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
            .args(["migrate", "--db", db])
            .output()
            .expect("runs");
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert_eq!(
        migrate("postgres://shop:hunter2@127.0.0.1:1/orders"),
        "error: postgres://shop:***@127.0.0.1:1/orders: cannot connect to PostgreSQL: error connecting to server: Connection refused (os error 111)\n"
    );
    let admin = std::env::var("MICROSHOP_TEST_POSTGRES")
        .expect("MICROSHOP_TEST_POSTGRES: run scripts/postgres.sh start");
    let missing = format!(
        "{}/no_such_database",
        admin.rsplit_once('/').map_or("", |(b, _)| b)
    );
    assert!(
        migrate(&missing).ends_with(
            "cannot connect to PostgreSQL: database \"no_such_database\" does not exist (3D000)\n"
        ),
        "{}",
        migrate(&missing)
    );
    let file = std::env::temp_dir().join(format!("microshop-not-a-dir-{}", std::process::id()));
    std::fs::write(&file, "a file, not a folder").expect("file");
    let under_a_file = file.join("orders.sqlite");
    let said = migrate(&under_a_file.display().to_string());
    let _ = std::fs::remove_file(&file);
    assert!(
        said.starts_with(&format!(
            "error: {}: cannot create {}: ",
            under_a_file.display(),
            file.display()
        )),
        "{said}"
    );
}

/// Many instances opening one fresh SQLite file at the same moment (CI saw "cannot
/// prepare …: database is locked" when four started together: switching a new file to
/// WAL takes the exclusive lock, and two connections that both read the header first
/// deadlock, which SQLite answers with BUSY at once, without waiting). Every opener
/// must get a working store; 20 fresh files by 8 openers each.
#[test]
fn many_instances_opening_a_fresh_sqlite_file_together_all_open() {
    for round in 0..20 {
        let db = TestDb::new(Backend::Sqlite, &format!("open_together_{round}"));
        let Location::Sqlite(path) = db.location.clone() else {
            unreachable!("a SQLite test database")
        };
        let barrier = std::sync::Barrier::new(8);
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    let (path, barrier) = (&path, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        Store::open_sqlite(path).and_then(|store| store.schema_version())
                    })
                })
                .collect();
            for handle in handles {
                let version = handle.join().expect("thread");
                assert_eq!(version.map_err(|e| e.message), Ok(LATEST), "round {round}");
            }
        });
    }
}

/// Runs `sql` (statements separated by `;`) on the test's database, around the store.
fn raw(db: &TestDb, sql: &str) {
    match &db.location {
        Location::Sqlite(path) => rusqlite::Connection::open(path)
            .expect("open")
            .execute_batch(sql)
            .expect("sql"),
        Location::Postgres(url) => ::postgres::Client::connect(url, ::postgres::NoTls)
            .expect("connect")
            .batch_execute(sql)
            .expect("sql"),
    }
}

/// A database where three orders share one reference (as before migration 7 they
/// could, finding 5b) migrates without failing: all three stay readable and found
/// by that reference; the oldest holds it, so a new order with it is refused.
fn orders_sharing_a_reference_before_migration_7_stay_readable(backend: Backend) {
    use microshop_cli::store::{Accepted, InboxQuery};
    let db = TestDb::new(backend, "shared_refs");
    let samples: Vec<Sample> = (80..83u8).map(|n| Sample::new(n, "TEA")).collect();
    {
        let store = db.store();
        for sample in &samples {
            assert_eq!(store.accept(&sample.order()), Ok(Accepted::New));
        }
    }
    let reference = microshop_core::order::short_ref(&samples[0].order_id);
    // The database as version 6 left it, the later two given the first's reference.
    raw(
        &db,
        &format!(
            "ALTER TABLE orders DROP COLUMN customer_name_folded; \
             DROP INDEX orders_unique_reference; ALTER TABLE orders DROP COLUMN unique_reference; \
             DELETE FROM schema_migrations WHERE version >= 7; \
             UPDATE orders SET reference = '{reference}' WHERE order_id IN ('{}', '{}')",
            samples[1].order_id, samples[2].order_id
        ),
    );
    let store = db.store();
    assert_eq!(store.schema_version(), Ok(LATEST));
    let found = store
        .inbox(&InboxQuery {
            shop_id: Some("tea".into()),
            status: None,
            search: Some(reference.clone()),
            open_problem: false,
            cursor: None,
            limit: 50,
        })
        .expect("inbox");
    assert_eq!(found.orders.len(), 3, "{found:?}");
    for sample in &samples {
        let order = store.order(&sample.order_id).expect("read").expect("kept");
        assert_eq!(order.reference, reference);
    }
    // The oldest holds the reference: another id with it is refused, nothing stored.
    let mut later = Sample::new(80, "TEA");
    later.order_id = format!("{}{}", &later.order_id[..14], "ff".repeat(11));
    later.body_sha256 = "f".repeat(64);
    assert_eq!(
        store.accept(&later.order()),
        Ok(Accepted::ReferenceTaken {
            reference: reference.clone()
        })
    );
    assert_eq!(store.all_orders().expect("orders").len(), 3);
}

/// Orders stored before migration 8 (no `customer_name_folded`) get it from
/// their names when it runs, so the desk's search finds them in any case, as it
/// finds new ones.
/// The ids of the orders the desk's search finds for `typed`.
fn search_in(store: &microshop_cli::store::Store, typed: &str) -> Vec<String> {
    store
        .inbox(&microshop_cli::store::InboxQuery {
            search: Some(typed.into()),
            limit: 50,
            ..microshop_cli::store::InboxQuery::default()
        })
        .expect("inbox")
        .orders
        .into_iter()
        .map(|o| o.order_id)
        .collect()
}

fn names_stored_before_migration_8_are_found_in_any_case(backend: Backend) {
    let db = TestDb::new(backend, "folded_names");
    let mut samples: Vec<Sample> = (90..93u8).map(|n| Sample::new(n, "TEA")).collect();
    for (sample, name) in samples.iter_mut().zip(["Иван Петров", "Élodie Martin", ""]) {
        sample.name = name.to_owned();
    }
    {
        let store = db.store();
        for sample in &samples {
            store.accept(&sample.order()).expect("accept");
        }
    }
    // The database as version 7 left it.
    raw(
        &db,
        "ALTER TABLE orders DROP COLUMN customer_name_folded; \
         DELETE FROM schema_migrations WHERE version = 8",
    );
    let store = db.store();
    assert_eq!(store.schema_version(), Ok(LATEST));
    let search = |typed: &str| search_in(&store, typed);
    assert_eq!(search("иван"), [samples[0].order_id.clone()]);
    assert_eq!(search("ИВАН"), [samples[0].order_id.clone()]);
    assert_eq!(search("ÉLODIE"), [samples[1].order_id.clone()]);
    assert_eq!(search("élodie martin"), [samples[1].order_id.clone()]);
    drop(store);
    // An older microshop still answering during a rolling upgrade stores orders
    // without the folded name (REVIEW8 13): the next start fills it in.
    let mut late = Sample::new(93, "TEA");
    late.name = "Ольга Смирнова".into();
    db.store().accept(&late.order()).expect("accept");
    raw(
        &db,
        &format!(
            "UPDATE orders SET customer_name_folded = '' WHERE order_id = '{}'",
            late.order_id
        ),
    );
    let store = db.store();
    assert_eq!(search_in(&store, "ольга"), [late.order_id.clone()]);
}

/// An older microshop still answering during a rolling upgrade past migration 7
/// stores orders without `unique_reference` (NULL), so they escaped the
/// reference's uniqueness for good (REVIEW8 15). The next start gives each such
/// reference to its oldest order when no order of the shop holds it yet; a
/// reference already held stays with its holder, and the start never fails on
/// duplicates.
fn references_an_older_instance_stored_after_migration_7_are_held_at_the_next_start(
    backend: Backend,
) {
    use microshop_cli::store::Accepted;
    let db = TestDb::new(backend, "late_refs");
    let samples: Vec<Sample> = (70..74u8).map(|n| Sample::new(n, "TEA")).collect();
    {
        let store = db.store();
        for sample in &samples {
            assert_eq!(store.accept(&sample.order()), Ok(Accepted::New));
        }
    }
    let own = |n: usize| microshop_core::order::short_ref(&samples[n].order_id);
    // As the older instance left them: 70 alone, 71 and 72 sharing 71's
    // reference (a client choosing its ids), all without `unique_reference`;
    // 73 shares 70's reference though 70 will hold it.
    raw(
        &db,
        &format!(
            "UPDATE orders SET unique_reference = NULL WHERE order_id IN ('{0}', '{1}', '{2}', '{3}'); \
             UPDATE orders SET reference = '{4}' WHERE order_id = '{2}'; \
             UPDATE orders SET reference = '{5}' WHERE order_id = '{3}'",
            samples[0].order_id,
            samples[1].order_id,
            samples[2].order_id,
            samples[3].order_id,
            own(1),
            own(0),
        ),
    );
    let store = db.store();
    assert_eq!(store.schema_version(), Ok(LATEST));
    for (n, reference) in [(0, own(0)), (1, own(1))] {
        let mut other = Sample::new(60 + n as u8, "TEA");
        other.order_id = format!("{}{}", &samples[n].order_id[..14], "ee".repeat(11));
        other.body_sha256 = "e".repeat(64);
        assert_eq!(
            store.accept(&other.order()),
            Ok(Accepted::ReferenceTaken { reference }),
            "order {n}'s reference is held again"
        );
    }
    assert_eq!(store.all_orders().expect("orders").len(), 4, "nothing lost");
    for sample in &samples {
        assert!(store.order(&sample.order_id).expect("read").is_some());
    }
    drop(store);
    // Starting again changes nothing and does not fail.
    assert_eq!(db.store().schema_version(), Ok(LATEST));
}
