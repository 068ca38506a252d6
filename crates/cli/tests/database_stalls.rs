//! A database that stops answering (a partition, a failover, a lock held by a stuck
//! session) must not leave buyers without an answer (REVIEW8 6): `/shop.json` gives
//! the file's counts, `/readyz` says 503, an order is answered 503 `storage` (the
//! storefront sends it again) and, once the database answers, the resend is stored
//! once. On PostgreSQL, with another session holding every table the requests need.
//! And a graceful stop on PostgreSQL exits 0.

mod common;
mod stores;

use std::time::Duration;
use stores::{Backend, TestDb};

/// An HTTP client that gives up long after serve's deadlines: without them the
/// requests below would wait for as long as the lock is held.
fn patient() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn answer_of(answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, String) {
    let mut answer = answer.expect("an answer before the client gives up");
    (
        answer.status().as_u16(),
        answer.body_mut().read_to_string().unwrap_or_default(),
    )
}

fn get(url: &str) -> (u16, String) {
    answer_of(patient().get(url).call())
}

fn post(url: &str, body: &str, key: &str) -> (u16, String) {
    answer_of(
        patient()
            .post(url)
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .send(body),
    )
}

#[test]
fn a_database_that_does_not_answer_leaves_no_request_waiting() {
    let db = TestDb::new(Backend::Postgres, "stalls");
    let url = match &db.location {
        microshop_cli::store::Location::Postgres(url) => url.clone(),
        microshop_cli::store::Location::Sqlite(_) => unreachable!("PostgreSQL"),
    };
    let server = common::start_args("stalls", &["--db", &url]);
    // The fixture counts 3 of G-1; one order takes one.
    let first = common::minimal_order(1);
    assert_eq!(common::post_order(&server, &first).0, 201);
    let (status, body) = get(&format!("{}/shop.json", server.url));
    assert_eq!(status, 200);
    assert!(body.contains("\"stock\":2"), "the level: {body}");

    // Another session takes every table and holds them.
    let mut holder = postgres::Client::connect(&url, postgres::NoTls).expect("connects");
    let mut held = holder.transaction().expect("begins");
    held.batch_execute(
        "LOCK TABLE stock, orders, idempotency, schema_migrations IN ACCESS EXCLUSIVE MODE",
    )
    .expect("locks");

    let (status, body) = get(&format!("{}/shop.json", server.url));
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("\"stock\": 3") || body.contains("\"stock\":3"),
        "the file's count while the levels do not come: {body}"
    );
    let (status, body) = get(&format!("{}/readyz", server.url));
    assert_eq!(status, 503, "{body}");
    let second = common::minimal_order(2);
    let order = serde_json::to_string(&second).expect("json");
    let orders = format!("{}/api/orders", server.url);
    let (status, body) = post(&orders, &order, &second.order_id);
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"storage\""), "{body}");

    held.rollback().expect("lets go");
    // Sent again (the storefront's outbox does): stored once, whether the first
    // try's write went through after the lock or not.
    let (status, body) = post(&orders, &order, &second.order_id);
    assert_eq!(status, 201, "{body}");
    let (status, _) = post(&orders, &order, &second.order_id);
    assert_eq!(status, 201, "a replay");
    let (status, body) = get(&format!("{}/readyz", server.url));
    assert_eq!(status, 200, "{body}");
    let store = microshop_cli::store::Store::open(&db.location).expect("opens");
    assert_eq!(
        store.stock_levels("tiny-shop").expect("levels")["G-1"],
        1,
        "two orders, one unit each"
    );
}

/// SIGTERM on PostgreSQL ends as on SQLite: "stopped", exit 0 (REVIEW8 12: dropping
/// the store's connections on the runtime's thread panicked and aborted, exit 134,
/// a core dump and a failure on every deploy).
#[test]
fn a_graceful_stop_on_postgresql_exits_0() {
    let db = TestDb::new(Backend::Postgres, "pg_stop");
    let url = match &db.location {
        microshop_cli::store::Location::Postgres(url) => url.clone(),
        microshop_cli::store::Location::Sqlite(_) => unreachable!("PostgreSQL"),
    };
    let mut server = common::start_args("pg-stop", &["--db", &url]);
    assert_eq!(
        common::post_order(&server, &common::minimal_order(3)).0,
        201
    );
    server.terminate();
    server.log_line("stopped");
    let status = server.wait();
    assert!(status.success(), "{status:?}: {:?}", server.rest_of_log());
}
