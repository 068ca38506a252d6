//! A buyer's data on request (`microshop buyer export|erase`) and the seller's
//! backups (`microshop backup`, taken while orders keep arriving, then restored by
//! copying the file back and served again).

use std::process::Command;

mod common;
use common::{agent, start_full, Server};

/// The minimal shop without stock counts, so a test can take many orders.
fn unlimited_shop(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let text = include_str!("../../core/tests/fixtures/minimal.json")
        .replace("\"stock\": 3", "\"stock\": 100000");
    let mut manifest: serde_json::Value = serde_json::from_str(&text).expect("fixture");
    manifest["checkout"] = serde_json::json!({"fields": [
        {"id": "name", "kind": "name", "required": true},
        {"id": "phone", "kind": "phone", "required": true},
        {"id": "email", "kind": "email"},
        {"id": "address", "kind": "address", "required": true}
    ]});
    let path = dir.join("dist/shop.json");
    std::fs::write(&path, manifest.to_string()).expect("manifest");
    Some(path)
}

fn microshop(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn order_of(id_byte: u8, email: &str) -> (String, String) {
    let mut order = serde_json::to_value(common::minimal_order(id_byte)).expect("json");
    order["customer"]["email"] = email.into();
    let id = order["order_id"].as_str().expect("id").to_owned();
    (id, order.to_string())
}

fn db_of(server: &Server) -> String {
    server.dir.join("orders.sqlite").display().to_string()
}

#[test]
fn a_buyer_gets_their_data_and_can_have_it_erased() {
    let server = start_full("buyer", unlimited_shop, &[]);
    let (mine, body) = order_of(1, "Zoe@Example.org");
    assert_eq!(common::post(&server, &body, Some(&mine)).0, 201);
    let (theirs, body) = order_of(2, "someone@example.org");
    assert_eq!(common::post(&server, &body, Some(&theirs)).0, 201);
    let db = db_of(&server);

    let (ok, out, err) = microshop(&["buyer", "export", "--email", "zoe@EXAMPLE.org", "--db", &db]);
    assert!(ok, "{err}");
    let export: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let orders = export["orders"].as_array().expect("orders");
    assert_eq!(orders.len(), 1, "only this buyer's: {out}");
    assert_eq!(orders[0]["order_id"], mine.as_str());
    assert_eq!(orders[0]["customer_name"], "Li Wei");
    assert_eq!(
        orders[0]["order_as_sent"]["customer"]["address"],
        "1 Tea Street"
    );

    let (ok, out, err) = microshop(&["buyer", "erase", "--email", "zoe@example.org", "--db", &db]);
    assert!(ok, "{err}");
    assert!(out.contains("from 1 order(s)"), "{out}");
    let (_, out, _) = microshop(&["buyer", "export", "--phone", "138 0000 0000", "--db", &db]);
    let export: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let orders = export["orders"].as_array().expect("orders");
    assert_eq!(
        orders.len(),
        1,
        "the erased order no longer matches the phone: {out}"
    );
    assert_eq!(orders[0]["order_id"], theirs.as_str());
    let (_, listing, _) = microshop(&["orders", "--json", "--db", &db]);
    assert_eq!(listing.matches("1 Tea Street").count(), 1, "{listing}");

    for (args, says) in [
        (
            vec!["buyer", "erase", "--db", db.as_str()],
            "--email or with --phone",
        ),
        (
            vec!["buyer", "export", "--email", " ", "--db", db.as_str()],
            "empty e-mail",
        ),
        (
            vec![
                "buyer",
                "export",
                "--email",
                "a@b.c",
                "--db",
                "/nonexistent/x.sqlite",
            ],
            "does not exist",
        ),
    ] {
        let (ok, _, err) = microshop(&args);
        assert!(!ok && err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn a_backup_taken_while_orders_arrive_restores_every_order_acknowledged_before_it() {
    let server = start_full("backup", unlimited_shop, &["--orders-per-minute", "0"]);
    let db = db_of(&server);
    let url = server.url.clone();
    // Orders keep arriving on another thread while the backup runs.
    let flow = std::thread::spawn(move || {
        let mut acknowledged = Vec::new();
        for n in 1..=120u8 {
            let (id, body) = order_of(n, "a@example.org");
            let mut response = agent()
                .post(format!("{url}/api/orders"))
                .header("content-type", "application/json")
                .header("idempotency-key", &id)
                .send(&body)
                .expect("answers");
            if response.status().as_u16() == 201 {
                let answer: serde_json::Value =
                    serde_json::from_str(&response.body_mut().read_to_string().expect("body"))
                        .expect("json");
                acknowledged.push((
                    id,
                    answer["order_secret"].as_str().expect("secret").to_owned(),
                ));
            }
        }
        acknowledged
    });
    // Wait until some orders are in, so the backup runs in the middle of the flow.
    server.log_line("order ord_0a0a");
    let backup = server.dir.join("backup.sqlite");
    let backup_path = backup.display().to_string();
    let (ok, out, err) = microshop(&["backup", "--db", &db, &backup_path]);
    assert!(ok, "{err}");
    assert!(out.starts_with("backed up "), "{out}");
    let acknowledged = flow.join().expect("flow");
    assert_eq!(acknowledged.len(), 120);
    let (ok, _, err) = microshop(&["backup", "--db", &db, &backup_path]);
    assert!(
        !ok && err.contains("--force"),
        "an existing backup is kept: {err}"
    );
    let (ok, _, err) = microshop(&["backup", "--db", "postgres://u@127.0.0.1:1/x", "/tmp/x"]);
    assert!(!ok && err.contains("pg_dump"), "{err}");

    // Restore: the backup copied in as the database of a new server.
    let restored = start_full(
        "restored",
        |dir| {
            std::fs::copy(&backup, dir.join("orders.sqlite")).expect("restore");
            unlimited_shop(dir)
        },
        &[],
    );
    let held: Vec<&(String, String)> = acknowledged
        .iter()
        .filter(|(id, secret)| {
            let response = agent()
                .get(format!("{}/api/orders/{id}", restored.url))
                .header("order-secret", secret)
                .call()
                .expect("answers");
            response.status().as_u16() == 200
        })
        .collect();
    // A snapshot: the first orders are in, in order, with no gap.
    assert!(
        held.len() >= 10,
        "the orders before the backup are in it: {}",
        held.len()
    );
    assert_eq!(
        held.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        acknowledged[..held.len()]
            .iter()
            .map(|(id, _)| id.clone())
            .collect::<Vec<_>>(),
        "a consistent snapshot has no gaps"
    );
    // And an order taken after the restore is stored as usual.
    let (id, body) = order_of(200, "b@example.org");
    assert_eq!(common::post(&restored, &body, Some(&id)).0, 201);
}
