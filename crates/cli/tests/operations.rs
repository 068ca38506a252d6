//! Running `microshop serve` as a service, over real HTTP and real signals: health
//! and readiness, Prometheus metrics on their own listener, JSON log lines without a
//! buyer's personal data, SIGTERM finishing the order in flight and refusing new
//! connections, the retention sweep clearing old completed orders, and SQLite's
//! commit setting (`--sqlite-sync`).

use microshop_cli::store::{Location, Store};
use microshop_core::order::status::Change;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

mod common;
use common::{get, start_args, start_full};

#[test]
fn healthz_and_readyz_answer() {
    let server = start_args("health", &[]);
    let (status, body) = get(&format!("{}/healthz", server.url));
    assert_eq!((status, body.as_str()), (200, r#"{"status":"ok"}"#));
    let (status, body) = get(&format!("{}/readyz", server.url));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"status\":\"ready\""), "{body}");
    let version = format!(
        "\"schema_version\":{}",
        microshop_cli::store::migrations::LATEST
    );
    assert!(body.contains(&version), "{body}");
}

#[test]
fn metrics_count_orders_by_outcome_on_their_own_listener() {
    let server = start_args("metrics", &["--metrics-addr", "127.0.0.1:0"]);
    let metrics = server.metrics_url.clone().expect("metrics address printed");
    let order = common::minimal_order(1);
    assert_eq!(common::post_order(&server, &order).0, 201);
    assert_eq!(common::post_order(&server, &order).0, 201, "a resend");
    assert_eq!(common::post(&server, "{", Some("ord_x")).0, 400);
    let (status, text) = get(&metrics);
    assert_eq!(status, 200);
    for line in [
        "microshop_orders_total{outcome=\"accepted\",reason=\"\"} 1",
        "microshop_orders_total{outcome=\"replayed\",reason=\"\"} 1",
        "microshop_orders_total{outcome=\"refused\",reason=\"malformed\"} 1",
        "microshop_rate_limited_total 0",
        "microshop_outbox_pending 0",
        "microshop_outbox_dead 0",
        "microshop_request_duration_seconds_count{route=\"order_create\"} 3",
    ] {
        assert!(text.contains(line), "no {line:?} in:\n{text}");
    }
    // The shop's own address does not publish them.
    let (_, page) = get(&format!("{}/metrics", server.url));
    assert!(!page.contains("microshop_orders_total"));
}

/// A buyer whose every detail the test looks for in the log.
const NAME: &str = "Zoe Quistbuyer";
const PHONE: &str = "+44 7700 900123";
const EMAIL: &str = "zoe.quist@example.org";
const ADDRESS: &str = "42 Lantern Lane";
const NOTE: &str = "leave it with Mrs Quistbuyer";

fn shop_with_email(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let mut manifest: serde_json::Value =
        serde_json::from_str(include_str!("../../core/tests/fixtures/minimal.json"))
            .expect("fixture");
    manifest["checkout"] = serde_json::json!({"fields": [
        {"id": "name", "kind": "name", "required": true},
        {"id": "phone", "kind": "phone", "required": true},
        {"id": "email", "kind": "email", "required": true},
        {"id": "address", "kind": "address", "required": true},
        {"id": "note", "kind": "note"}
    ]});
    let path = dir.join("dist/shop.json");
    std::fs::write(&path, manifest.to_string()).expect("manifest");
    Some(path)
}

fn known_buyer_order(id_byte: u8, price: &str) -> String {
    let mut order = serde_json::to_value(common::minimal_order(id_byte)).expect("json");
    order["customer"] = serde_json::json!({
        "name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS
    });
    order["note"] = NOTE.into();
    order["lines"][0]["unit_price"] = price.into();
    order.to_string()
}

#[test]
fn json_logs_carry_no_personal_data_of_a_known_buyer() {
    let mut server = start_full(
        "redaction",
        shop_with_email,
        &[
            "--log-format",
            "json",
            "--orders-per-minute",
            "1",
            "--order-burst",
            "2",
        ],
    );
    let id = |b: u8| common::minimal_order(b).order_id;
    let (status, body, _) = common::post(&server, &known_buyer_order(1, "12.50"), Some(&id(1)));
    assert_eq!(status, 201, "{body}");
    // A tampered price (409), a body that is not an order, and the rate limit.
    let (status, body, _) = common::post(&server, &known_buyer_order(2, "1.00"), Some(&id(2)));
    assert_eq!(status, 409, "{body}");
    let broken = format!("{{\"customer\": \"{NAME} {PHONE} {EMAIL} {ADDRESS}\"");
    assert_eq!(common::post(&server, &broken, Some(&id(3))).0, 429);
    server.terminate();
    assert!(server.wait().success());
    let log = server.rest_of_log();
    assert!(
        log.iter()
            .any(|l| l.contains(&format!("order {} received", id(1)))),
        "the log says what happened: {log:#?}"
    );
    for line in &log {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(value["ts"].is_string() && value["level"].is_string() && value["msg"].is_string());
        for secret in [NAME, "Quistbuyer", PHONE, "7700", EMAIL, ADDRESS, NOTE] {
            assert!(!line.contains(secret), "{secret:?} in the log: {line}");
        }
    }
}

#[test]
fn sigterm_finishes_the_order_in_flight_and_takes_no_new_connection() {
    let mut server = start_args("graceful", &["--shutdown-grace", "60"]);
    let order = common::minimal_order(7);
    let body = serde_json::to_string(&order).expect("json");
    let address = server.url.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&address).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    // `Expect: 100-continue`: the server says "100 Continue" once the order's handler
    // reads the body, so the request is surely in flight (accepted, its head read)
    // when the signal comes; a connection still in the listen queue is not.
    write!(
        stream,
        "POST /api/orders HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n\
         Expect: 100-continue\r\nIdempotency-Key: {}\r\nContent-Length: {}\r\n\r\n",
        order.order_id,
        body.len()
    )
    .expect("writes the head");
    stream.flush().expect("flush");
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).expect("100 Continue");
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    server.terminate();
    server.log_line("stopping: no new connections");
    // The listener is closed: a new buyer is refused at once (a load balancer then
    // tries another instance).
    assert!(
        TcpStream::connect(&address).is_err(),
        "a new connection was accepted while stopping"
    );
    stream.write_all(body.as_bytes()).expect("writes the body");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(server.wait().success(), "exits cleanly");
    let store = Store::open_sqlite(&server.dir.join("orders.sqlite")).expect("opens");
    assert!(
        store.order(&order.order_id).expect("reads").is_some(),
        "stored"
    );
}

#[test]
fn sigterm_right_after_the_serving_line_is_a_clean_stop() {
    // Before the fix the signal listener was registered after the serving line was
    // printed, so a SIGTERM sent at once killed serve with the default action.
    for n in 0..20 {
        let mut server = start_args(&format!("early-term-{n}"), &[]);
        server.terminate();
        server.log_line("stop signal received");
        assert!(server.wait().success(), "exits cleanly (start {n})");
    }
}

#[test]
fn retention_clears_personal_data_of_orders_completed_long_ago() {
    let old = microshop_cli::store::now_ms() - 3 * 86_400_000;
    let recent_id = common::minimal_order(2).order_id;
    let old_id = common::minimal_order(1).order_id;
    let server = start_full(
        "retention",
        |dir| {
            // Two orders in the database before serve starts: both completed, one
            // three days ago, one just now.
            let store = Store::open(&Location::Sqlite(dir.join("orders.sqlite"))).expect("db");
            for (sample, when) in [(1u8, old), (2u8, microshop_cli::store::now_ms())] {
                let order_id = stored_order(&store, sample, when - 1000, &[("G-1", 1)]);
                let shipped = Change::Shipped {
                    tracking_note: "SF 123".into(),
                    tracking_url: None,
                };
                for (step, change) in [Change::Paid, shipped, Change::Completed]
                    .iter()
                    .enumerate()
                {
                    let at = when - 500 + i64::try_from(step).expect("small");
                    store
                        .change_status(&microshop_cli::store::StatusChange {
                            order_id: &order_id,
                            change,
                            expected_version: None,
                            actor: "seller",
                            now_ms: at,
                            announce: &[],
                        })
                        .expect("changes");
                }
            }
            None
        },
        &["--retention-days", "1"],
    );
    server.log_line("retention: cleared the personal data of 1 order(s)");
    let store = Store::open_sqlite(&server.dir.join("orders.sqlite")).expect("opens");
    let cleared = store
        .order(&old_id)
        .expect("reads")
        .expect("kept for the books");
    assert_eq!(
        (
            cleared.customer_name.as_str(),
            cleared.customer_phone.as_str(),
            cleared.customer_email.as_str()
        ),
        ("", "", "")
    );
    assert!(!cleared.payload.contains("Li Wei") && !cleared.payload.contains("Tea Street"));
    assert_eq!(cleared.total, "22.50", "the books keep the amount");
    let kept = store.order(&recent_id).expect("reads").expect("there");
    assert_eq!(kept.customer_name, "Li Wei", "completed just now: kept");
}

/// An order in the database before serve starts, received at `when`, of `items`.
fn stored_order(store: &Store, sample: u8, when: i64, items: &[(&str, u32)]) -> String {
    let order = common::minimal_order(sample);
    let payload = serde_json::to_string(&order).expect("json");
    let items: Vec<(String, u32)> = items.iter().map(|(s, q)| ((*s).to_owned(), *q)).collect();
    store
        .accept(&microshop_cli::store::NewOrder {
            key: &order.order_id,
            body_sha256: "x",
            order_id: &order.order_id,
            shop_id: "tiny-shop",
            created_at: &order.created_at,
            received_ms: when,
            currency: "CNY",
            total: &order.total,
            total_minor: 2250,
            customer_name: "Li Wei",
            customer_phone: "13800000000",
            customer_email: "li@example.org",
            payload: &payload,
            secret: "s",
            items: &items,
            status: 201,
            response: "{}",
            receipt: "",
            announce: &[],
        })
        .expect("stored");
    order.order_id
}

#[test]
fn unpaid_orders_give_their_stock_back_after_the_hold() {
    // The fixture's `G-1` counts 3; `T-RS` has no count. Before serve starts: an
    // unpaid order of two G-1 from two days ago (due), a paid one of one G-1 from two
    // days ago (paid: kept), an unpaid one of T-RS only from two days ago (holds no
    // counted unit: left to the seller), and none of G-1 is left.
    let old = microshop_cli::store::now_ms() - 2 * 86_400_000;
    let ids = std::sync::OnceLock::new();
    let server = start_full(
        "unpaid-hold",
        |dir| {
            let store = Store::open(&Location::Sqlite(dir.join("orders.sqlite"))).expect("db");
            store
                .reconcile_stock(
                    "tiny-shop",
                    &std::collections::BTreeMap::from([("G-1".into(), 3)]),
                )
                .expect("stock");
            let due = stored_order(&store, 1, old, &[("G-1", 2)]);
            let paid = stored_order(&store, 2, old + 1, &[("G-1", 1)]);
            let uncounted = stored_order(&store, 3, old + 2, &[("T-RS", 1)]);
            store
                .change_status(&microshop_cli::store::StatusChange {
                    order_id: &paid,
                    change: &Change::Paid,
                    expected_version: None,
                    actor: "seller",
                    now_ms: old + 10,
                    announce: &[],
                })
                .expect("paid");
            assert_eq!(store.stock_levels("tiny-shop").expect("levels")["G-1"], 0);
            ids.set((due, paid, uncounted)).expect("once");
            None
        },
        &["--unpaid-hold", "1d"],
    );
    let (due, paid, uncounted) = ids.get().expect("set up");
    let line = server.log_line("unpaid hold: cancelled 1 unpaid order(s) older than 1 day");
    assert!(line.contains(due.as_str()), "{line}");
    let store = Store::open_sqlite(&server.dir.join("orders.sqlite")).expect("opens");
    let cancelled = store.order(due).expect("reads").expect("kept");
    assert_eq!(
        (cancelled.status.as_str(), cancelled.cancel_reason.as_str()),
        (
            "cancelled",
            "Not paid within 1 day: the items went back on sale."
        )
    );
    let last = store.history(due).expect("history");
    let last = last.last().expect("an event");
    assert_eq!(
        (last.actor.as_str(), last.kind.as_str()),
        ("system", "status")
    );
    assert_eq!(
        store.stock_levels("tiny-shop").expect("levels")["G-1"],
        2,
        "the two units are on sale again"
    );
    for (id, status) in [(paid, "paid"), (uncounted, "new")] {
        let kept = store.order(id).expect("reads").expect("there");
        assert_eq!(kept.status, status, "{id}");
    }
    // The stock the buyers see says so: a buyer can order the two again.
    let (code, body) = get(&format!("{}/shop.json", server.url));
    assert_eq!(code, 200);
    assert!(body.contains("\"stock\":2"), "{body}");
}

#[test]
fn a_bad_unpaid_hold_is_refused_at_start() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(["serve", "--unpaid-hold", "48", "--addr", "127.0.0.1:0"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--unpaid-hold \"48\"") && err.contains("48h"),
        "{err}"
    );
}

#[test]
fn sqlite_waits_for_the_disk_unless_the_operator_says_normal() {
    let dir = std::env::temp_dir().join(format!("microshop-sync-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::open(&Location::Sqlite(dir.join("orders.sqlite"))).expect("opens");
    assert_eq!(
        store.sqlite_synchronous().expect("reads"),
        Some(2),
        "FULL by default"
    );
    store.sqlite_synchronous_normal().expect("sets");
    assert_eq!(
        store.sqlite_synchronous().expect("reads"),
        Some(1),
        "NORMAL when asked"
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);

    // serve says so at start, and takes orders as before.
    let server = start_args("sync-normal", &["--sqlite-sync", "normal"]);
    server.log_line("--sqlite-sync normal");
    assert_eq!(
        common::post_order(&server, &common::minimal_order(7)).0,
        201
    );
}
