//! Shared by the reviews and problems tests (tests/trust_*.rs): a real `microshop
//! serve` with the desk on, a buyer's writes with the order's secret and a nonce,
//! reads, and an order completed through the desk's API.
#![allow(dead_code)]

use crate::common::Server;
use crate::desk::{request, start_desk_with, Answer, Seller};
use crate::stores::TestDb;
use serde_json::{json, Value};

/// A JPEG of 3 x 2 (its size is read from its SOF marker).
pub const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x02, 0x00, 0x03, 0x03, 0x01, 0x22,
    0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9,
];
/// A PNG's signature and IHDR of 5 x 4 (its size is read from these bytes).
pub const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, b'I', b'H', b'D', b'R',
    0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x04, 0x08, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00,
];

pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The journeys send many refusals on purpose: without the per-client limit
/// (`a_flood_of_reviews_is_refused_with_retry_after` tests it), unless `args` set one.
pub fn start(name: &str, db: Option<&str>, args: &[&str]) -> Server {
    let args: Vec<&str> = if args.is_empty() {
        vec!["--buyer-writes-per-minute", "0"]
    } else {
        args.to_vec()
    };
    start_desk_with(
        name,
        |_| None,
        |command| {
            if let Some(db) = db {
                command.arg("--db").arg(db);
            }
            command.args(&args);
        },
    )
}

/// A new nonce for each request of a test: `n` written out to 32 hex digits.
pub fn nonce(n: u32) -> String {
    format!("{n:032x}")
}

/// A buyer's write: JSON `body` to `path` with the order's secret and a nonce.
pub fn buyer(
    server: &Server,
    path: &str,
    secret: Option<&str>,
    nonce: Option<&str>,
    body: &Value,
) -> Answer {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(secret) = secret {
        headers.push(("order-secret", secret));
    }
    if let Some(nonce) = nonce {
        headers.push(("request-nonce", nonce));
    }
    request(
        server,
        "POST",
        path,
        &headers,
        Some(body.to_string().as_bytes()),
    )
}

/// A write sent again with a new nonce (a resend, or a replay once its nonce was
/// pruned): 201 with `Idempotent-Replayed: true`, answered with `first`, the first
/// request's answer (nothing written).
pub fn resent_as_before(
    server: &Server,
    path: &str,
    secret: &str,
    nonce: &str,
    body: &Value,
    first: &Value,
) {
    let resent = buyer(server, path, Some(secret), Some(nonce), body);
    assert_eq!(resent.status, 201, "{path}: {}", resent.text());
    assert_eq!(
        resent.header("idempotent-replayed").as_deref(),
        Some("true"),
        "{path}"
    );
    assert_eq!(resent.json(), *first, "{path}");
}

pub fn status_read(server: &Server, id: &str, secret: &str) -> Value {
    let answer = request(
        server,
        "GET",
        &format!("/api/orders/{id}"),
        &[("order-secret", secret)],
        None,
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()
}

pub fn public(server: &Server, path: &str) -> (Answer, Value) {
    let answer = request(server, "GET", path, &[], None);
    assert_eq!(answer.status, 200, "{path}: {}", answer.text());
    let json = answer.json();
    (answer, json)
}

/// Asserts a refusal: its status, its error code and a part of its message.
pub fn refused(answer: &Answer, status: u16, error: &str, says: &str) {
    assert_eq!(answer.status, status, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["error"], error, "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains(says), "{message:?} should say {says:?}");
}

pub fn complete(seller: &Seller<'_>, id: &str) {
    confirm(seller, id);
    ship_and_complete(seller, id);
}

/// The seller marks the new order `id` paid: confirmed, it takes problems' photos
/// (docs/trust.md "Problems").
pub fn confirm(seller: &Seller<'_>, id: &str) {
    status_change(seller, id, &json!({"to": "paid", "version": 1}));
}

/// The paid order `id` shipped, then completed.
pub fn ship_and_complete(seller: &Seller<'_>, id: &str) {
    let steps = [
        json!({"to": "shipped", "version": 2, "tracking_note": "SF 1234"}),
        json!({"to": "completed", "version": 3}),
    ];
    for step in steps {
        status_change(seller, id, &step);
    }
}

/// The seller changes order `id`'s status (`{"to", "version", ...}`): 200.
pub fn status_change(seller: &Seller<'_>, id: &str, step: &Value) {
    let answer = seller.post_json(&format!("/_seller/api/orders/{id}/status"), step);
    assert_eq!(answer.status, 200, "{}", answer.text());
}

pub fn postgres_url(db: &TestDb) -> String {
    match &db.location {
        microshop_cli::store::Location::Postgres(url) => url.clone(),
        microshop_cli::store::Location::Sqlite(_) => unreachable!("a PostgreSQL database"),
    }
}
