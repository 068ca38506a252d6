//! kill -9 while orders flow: every order that got a 2xx is in the database exactly
//! once after a restart, and buyers' resends of the orders that got no answer are
//! stored once too (the storefront resends with the same Idempotency-Key).
//! Small and bounded: four senders, a few hundred orders, one kill.

use microshop_cli::store::Store;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

mod common;
use common::{agent, start_full};

fn unlimited_shop(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let text = include_str!("../../core/tests/fixtures/minimal.json")
        .replace("\"stock\": 3", "\"stock\": 100000");
    let path = dir.join("dist/shop.json");
    std::fs::write(&path, text).expect("manifest");
    Some(path)
}

/// Order `n` of sender `s` (ids unique across senders).
fn order(s: u8, n: u8) -> (String, String) {
    let mut order = serde_json::to_value(common::minimal_order(s)).expect("json");
    let id = format!("ord_{s:02x}{n:02x}{}", "0".repeat(28));
    order["order_id"] = id.clone().into();
    (id, order.to_string())
}

/// POSTs an order; its status, or `None` when no answer came (the server died).
fn send(url: &str, id: &str, body: &str) -> Option<u16> {
    agent()
        .post(format!("{url}/api/orders"))
        .header("content-type", "application/json")
        .header("idempotency-key", id)
        .send(body)
        .ok()
        .map(|r| r.status().as_u16())
}

#[test]
fn every_acknowledged_order_survives_kill_9_exactly_once() {
    let mut server = start_full("crash", unlimited_shop, &["--orders-per-minute", "0"]);
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let unanswered = Arc::new(Mutex::new(Vec::new()));
    let killed = Arc::new(AtomicBool::new(false));
    let senders: Vec<_> = (1..=4u8)
        .map(|s| {
            let (url, ack, lost, killed) = (
                server.url.clone(),
                Arc::clone(&acknowledged),
                Arc::clone(&unanswered),
                Arc::clone(&killed),
            );
            std::thread::spawn(move || {
                for n in 0..=200u8 {
                    let (id, body) = order(s, n);
                    match send(&url, &id, &body) {
                        Some(201) => {
                            ack.lock().expect("lock").insert(id);
                        }
                        Some(other) => panic!("{id}: {other}"),
                        None => {
                            lost.lock().expect("lock").push((id, body));
                            if killed.load(Ordering::SeqCst) {
                                return;
                            }
                        }
                    }
                }
            })
        })
        .collect();
    // Kill once orders are flowing: the 40th acknowledged order of sender 1 or so.
    server.log_line(&format!("order {} received", order(1, 40).0));
    killed.store(true, Ordering::SeqCst);
    server.kill();
    for sender in senders {
        sender.join().expect("sender");
    }
    let db = server.dir.join("orders.sqlite");
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(acknowledged.len() >= 40, "{}", acknowledged.len());

    // Restart on the same file; the buyers' browsers resend what got no answer.
    let restarted = start_full(
        "crash-restart",
        |dir| {
            // The file and its write-ahead log, as the dead process left them
            // (SQLite rebuilds the shared-memory index itself).
            for suffix in ["", "-wal"] {
                let from = db.with_file_name(format!("orders.sqlite{suffix}"));
                if from.exists() {
                    std::fs::copy(&from, dir.join(format!("orders.sqlite{suffix}"))).expect("copy");
                }
            }
            unlimited_shop(dir)
        },
        &["--orders-per-minute", "0"],
    );
    let resent: Vec<(String, String)> = unanswered.lock().expect("lock").clone();
    for (id, body) in &resent {
        assert_eq!(send(&restarted.url, id, body), Some(201), "{id} resent");
    }
    let store = Store::open_sqlite(&restarted.dir.join("orders.sqlite")).expect("opens");
    let stored: Vec<String> = store
        .all_orders()
        .expect("reads")
        .into_iter()
        .map(|o| o.order_id)
        .collect();
    let distinct: BTreeSet<&String> = stored.iter().collect();
    assert_eq!(distinct.len(), stored.len(), "no order stored twice");
    for id in &acknowledged {
        assert!(
            distinct.contains(id),
            "{id} got 201 before the kill but is not stored"
        );
    }
    for (id, _) in &resent {
        assert!(
            distinct.contains(id),
            "{id} resent after the restart is not stored"
        );
    }
    let expected: BTreeSet<&String> = acknowledged
        .iter()
        .chain(resent.iter().map(|(id, _)| id))
        .collect();
    assert_eq!(
        distinct, expected,
        "exactly the acknowledged and resent orders"
    );
}
