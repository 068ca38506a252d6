//! `accept` without HTTP: a real SQLite file in a temporary directory.

use super::{accept, Answer, Intake};
use crate::check::Shop;
use crate::store::Store;
use microshop_core::cart::Cart;
use microshop_core::order::{build_order, order_id_from_bytes, CheckoutInput, OrderRequest};
use microshop_core::{decode_manifest, CatalogSource};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn book(name: &str) -> (Store, Scratch) {
    let dir = std::env::temp_dir().join(format!("microshop-accept-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let book = Store::open_sqlite(&dir.join("orders.sqlite")).expect("opens");
    (book, Scratch(dir))
}

/// The server's clock and randomness, chosen by the test.
fn intake(store: &Store) -> Intake<'_> {
    Intake {
        store,
        now_ms: 1_795_867_200_000,
        random: [0xab; 16],
        destinations: &[],
        signer: None,
    }
}

fn shop() -> Result<Arc<Shop>, String> {
    let manifest = decode_manifest(include_str!("../../../core/tests/fixtures/minimal.json"))
        .map_err(|r| format!("{:?}", r.errors))?
        .value;
    let CatalogSource::Inline(catalog) = manifest.catalog.clone() else {
        return Err("the fixture's catalog is inline".into());
    };
    Ok(Arc::new(Shop {
        manifest,
        catalog,
        warnings: Vec::new(),
    }))
}

fn order(id_byte: u8) -> OrderRequest {
    let shop = shop().expect("fixture");
    let mut cart = Cart::default();
    cart.add(&shop.catalog, "G-1", 1).expect("add");
    let input = CheckoutInput {
        customer: BTreeMap::from([
            ("name".to_owned(), "Li Wei".to_owned()),
            ("phone".to_owned(), "13800000000".to_owned()),
            ("address".to_owned(), "1 Tea Street".to_owned()),
        ]),
        shipping_id: Some("post".to_owned()),
        referral: None,
    };
    build_order(
        &shop.manifest,
        &shop.catalog,
        &cart,
        &input,
        "en",
        order_id_from_bytes([id_byte; 16]),
        "2026-11-28T10:00:00Z".to_owned(),
    )
    .expect("builds")
}

fn send(book: &Store, order: &OrderRequest) -> Answer {
    let body = serde_json::to_vec(order).expect("json");
    accept(&intake(book), shop, Some(&order.order_id), &body)
}

fn error_of(answer: &Answer) -> String {
    serde_json::from_str::<serde_json::Value>(&answer.body).expect("json body")["error"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[test]
fn accepts_once_then_replays_without_reading_the_shop() {
    let (book, _dir) = book("replay");
    let o = order(1);
    let first = send(&book, &o);
    assert_eq!(
        (first.status, first.replayed),
        (201, false),
        "{}",
        first.body
    );
    // The shop cannot be read now; a resend of the accepted order still succeeds.
    let body = serde_json::to_vec(&o).expect("json");
    let again = accept(
        &intake(&book),
        || Err("the catalog host is down".to_owned()),
        Some(&o.order_id),
        &body,
    );
    assert_eq!(
        again,
        Answer {
            replayed: true,
            ..first
        }
    );
}

#[test]
fn refuses_in_the_documented_order() {
    let (book, _dir) = book("refuse");
    let o = order(2);
    let body = serde_json::to_vec(&o).expect("json");
    let malformed = accept(&intake(&book), shop, Some(&o.order_id), b"{}");
    assert_eq!(
        (malformed.status, error_of(&malformed).as_str()),
        (400, "malformed")
    );
    let no_key = accept(&intake(&book), shop, None, &body);
    assert_eq!(
        (no_key.status, error_of(&no_key).as_str()),
        (400, "idempotency_key")
    );
    let closed = accept(&intake(&book), || Err("x".into()), Some(&o.order_id), &body);
    assert_eq!(
        (closed.status, error_of(&closed).as_str()),
        (503, "shop_unavailable")
    );
    let mut cheap = o.clone();
    cheap.lines[0].unit_price = "0.01".into();
    let changed = send(&book, &cheap);
    assert_eq!(
        (changed.status, error_of(&changed).as_str()),
        (409, "prices_changed")
    );
    // Refusals are not remembered: the right order under the same id is accepted.
    assert_eq!(send(&book, &o).status, 201);
    let mut other = o.clone();
    other.note = Some("another body".into());
    let reused = send(&book, &other);
    assert_eq!(
        (reused.status, error_of(&reused).as_str()),
        (422, "idempotency_key_reused")
    );
}

#[test]
fn the_answer_carries_the_buyer_secret_and_the_store_keeps_its_hash() {
    let (book, _dir) = book("secret");
    let o = order(3);
    let answer = send(&book, &o);
    let body: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    let secret = "ab".repeat(16);
    assert_eq!(body["order_secret"], secret.as_str(), "{}", answer.body);
    assert_eq!(body["status"], "new");
    let status = book
        .public_status(&o.order_id, &secret)
        .expect("read")
        .expect("the secret reads it");
    assert_eq!(status.received_at, "2026-11-28T12:00:00Z");
    let stored = book.order(&o.order_id).expect("read").expect("stored");
    assert_eq!(
        (stored.customer_phone.as_str(), stored.total_minor),
        ("13800000000", 2250),
        "phone by its field kind, total in minor units"
    );
}

#[test]
fn stock_left_now_is_what_verification_sees() {
    let (book, _dir) = book("stock");
    // The fixture has no count for G-1; the store says 1 is left.
    book.reconcile_stock(
        "tiny-shop",
        &std::collections::BTreeMap::from([("G-1".into(), 1)]),
    )
    .expect("stock");
    let mut two = order(4);
    two.lines[0].quantity = 2;
    two.lines[0].line_total = "25.00".into();
    two.subtotal = "25.00".into();
    two.total = "35.00".into();
    let refused = send(&book, &two);
    assert_eq!(
        (refused.status, error_of(&refused).as_str()),
        (409, "prices_changed"),
        "{}",
        refused.body
    );
    let body: serde_json::Value = serde_json::from_str(&refused.body).expect("json");
    assert_eq!(body["problems"][0]["code"], "out_of_stock");
    assert_eq!(body["problems"][0]["expected"], "1-1");
    assert_eq!(send(&book, &order(5)).status, 201);
    let sold_out = send(&book, &order(6));
    assert_eq!(sold_out.status, 409, "{}", sold_out.body);
    assert!(
        sold_out.body.contains("\"message\":\"is sold out\""),
        "{}",
        sold_out.body
    );
    assert_eq!(book.all_orders().expect("orders").len(), 1);
}

/// The contract's key lists `unknown_fields` checks against are the keys the
/// storefront sends: `OrderRequest` serialized (every field, `null` included),
/// its line and its shipping, so a field added to the type is never refused.
#[test]
fn the_contracts_keys_are_the_order_types_keys() {
    let sent = serde_json::to_value(order(9)).expect("json");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        keys
    };
    let sorted = |list: &[&str]| -> Vec<String> {
        let mut list: Vec<String> = list.iter().map(|k| (*k).to_owned()).collect();
        list.sort();
        list
    };
    assert_eq!(keys(&sent), sorted(&super::ORDER_KEYS));
    assert_eq!(keys(&sent["lines"][0]), sorted(&super::LINE_KEYS));
    assert_eq!(keys(&sent["shipping"]), sorted(&super::SHIPPING_KEYS));
}
