//! A PostgreSQL store through `pg_dump` and `pg_restore` (docs/operating.md,
//! "Backups"), with the project's PostgreSQL (scripts/postgres.sh) and Debian's
//! client tools of the same version: the restored database holds every order,
//! key, stock level and announcement, is at the same schema version, and takes
//! new orders (its id sequences continue after the restored rows).

mod stores;

use microshop_cli::store::{Accepted, Announce, Location, Store};
use std::collections::BTreeMap;
use std::path::PathBuf;
use stores::{Backend, Sample, TestDb};

/// Debian's newest PostgreSQL client tool `name` (what scripts/postgres.sh runs).
fn tool(name: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("Debian's postgresql is installed (scripts/postgres.sh install)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin").join(name)))
        .filter(|p| p.is_file())
        .collect();
    found.sort_by_key(|p| {
        p.components()
            .nth(4)
            .and_then(|c| c.as_os_str().to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found
        .pop()
        .unwrap_or_else(|| panic!("no {name} under /usr/lib/postgresql/*/bin"))
}

fn url(db: &TestDb) -> &str {
    match &db.location {
        Location::Postgres(url) => url,
        Location::Sqlite(_) => unreachable!("a PostgreSQL test database"),
    }
}

fn run(tool_name: &str, args: &[&str]) {
    let out = std::process::Command::new(tool(tool_name))
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{tool_name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn snapshot(store: &Store, samples: &[Sample]) -> String {
    let mut orders = store.all_orders().expect("orders");
    orders.sort_by(|a, b| a.order_id.cmp(&b.order_id));
    let mut out = serde_json::to_string(&orders).expect("json");
    out.push_str(&format!("{:?}", store.stock_levels("tea").expect("levels")));
    for s in samples {
        out.push_str(&format!(
            "{:?}{:?}{:?}",
            store.replay(&s.order_id, &s.body_sha256).expect("replay"),
            store.history(&s.order_id).expect("history"),
            store.announcements_of(&s.order_id).expect("outbox"),
        ));
    }
    out
}

#[test]
fn a_pg_dump_restored_with_pg_restore_holds_every_order_and_takes_new_ones() {
    let original = TestDb::new(Backend::Postgres, "dumped");
    let store = original.store();
    store
        .reconcile_stock("tea", &BTreeMap::from([("LAST".into(), 5)]))
        .expect("stock");
    let samples: Vec<Sample> = (1..=4)
        .map(|n| {
            let mut s = Sample::new(n, "LAST");
            s.announce = vec![Announce {
                destination: "chat".into(),
                body: r#"{"event":"order.created"}"#.into(),
            }];
            s
        })
        .collect();
    for s in &samples {
        assert_eq!(store.accept(&s.order()), Ok(Accepted::New));
    }
    let before = snapshot(&store, &samples);
    let version = store.schema_version().expect("version");

    let dir = std::env::temp_dir().join(format!("microshop-pg-dump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let dump = dir.join("shop.dump");
    let dump_path = dump.to_str().expect("utf-8 path");
    // As docs/operating.md says to take and restore it.
    run(
        "pg_dump",
        &[
            "--format=custom",
            &format!("--file={dump_path}"),
            url(&original),
        ],
    );
    let restored = TestDb::new(Backend::Postgres, "restored");
    run(
        "pg_restore",
        &[&format!("--dbname={}", url(&restored)), dump_path],
    );
    let _ = std::fs::remove_dir_all(&dir);

    let again = restored.store();
    assert_eq!(again.schema_version(), Ok(version));
    assert_eq!(snapshot(&again, &samples), before);
    // A resend of a restored order gets its first answer; a new order is taken
    // (its history and outbox rows get ids after the restored ones).
    assert_eq!(
        again.accept(&samples[0].order()),
        Ok(Accepted::Replay {
            status: 201,
            body: samples[0].response.clone()
        })
    );
    let mut new = Sample::new(9, "LAST");
    new.announce = samples[0].announce.clone();
    assert_eq!(again.accept(&new.order()), Ok(Accepted::New));
    assert_eq!(again.stock_levels("tea").expect("levels")["LAST"], 0);
    assert_eq!(again.history(&new.order_id).expect("history").len(), 1);
    assert_eq!(
        again.announcements_of(&new.order_id).expect("outbox").len(),
        1
    );
    assert_eq!(again.all_orders().expect("orders").len(), 5);
}
