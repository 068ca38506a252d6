//! Verified-buyer reviews against a real `microshop serve` over HTTP, on SQLite
//! and on PostgreSQL (docs/trust.md "Reviews"): an order completed in the desk, the
//! buyer's review (kept as text, changed, refused before completion, for a product
//! not bought, without or with another order's secret, replayed, each bad field),
//! the name it is shown under (trimmed, text, changed with it, read publicly),
//! the seller's reply and hiding with a reason, the public read and its figures;
//! a flood refused with 429 and Retry-After.

mod buyers;
mod common;
mod desk;
mod stores;

use buyers::{buyer, complete, nonce, postgres_url, public, refused, start, status_read};
use common::Server;
use desk::{order_for, place, request, Seller};
use serde_json::{json, Value};
use stores::{Backend, TestDb};

fn reviews_journey(server: &Server) {
    let seller = Seller::sign_in(server);
    let tea = order_for(51, "G-1", 1, "Li Wei", "+86 138 0000 0001");
    let tote = order_for(52, "T-RS", 1, "Ana Costa", "+351 912 345 678");
    let tea_secret = place(server, &tea);
    let tote_secret = place(server, &tote);
    let reviews = format!("/api/orders/{}/reviews", tea.order_id);
    let markup = "<script>alert(1)</script> <b>很好喝</b> & \"fresh\"";
    let name = "<i>Mei</i> & \"Li\"";
    let review = json!({"product_id": "green", "rating": 5, "text": markup,
        "display_name": format!("  {name} "), "locale": "zh-CN"});

    // Not completed yet: nothing to review.
    let early = buyer(
        server,
        &reviews,
        Some(&tea_secret),
        Some(&nonce(1)),
        &review,
    );
    refused(
        &early,
        409,
        "not_completed",
        "once the order is completed; this order is new",
    );
    complete(&seller, &tea.order_id);

    // Only the holder of this order's secret, with the same 404 as an unknown order.
    let unknown = format!("/api/orders/ord_{}/reviews", "ab".repeat(16));
    for (path, secret) in [
        (reviews.as_str(), None),
        (reviews.as_str(), Some("0123456789abcdef0123456789abcdef")),
        (reviews.as_str(), Some(tote_secret.as_str())),
        (unknown.as_str(), Some(tea_secret.as_str())),
        (
            "/api/orders/not-an-order/reviews",
            Some(tea_secret.as_str()),
        ),
    ] {
        let answer = buyer(server, path, secret, Some(&nonce(2)), &review);
        refused(&answer, 404, "not_found", "no such order");
    }
    // Without a nonce, or one that is not one.
    for bad in [None, Some("short"), Some("has spaces in it, 16+ chars")] {
        let answer = buyer(server, &reviews, Some(&tea_secret), bad, &review);
        refused(
            &answer,
            400,
            "nonce",
            "Request-Nonce header must be present",
        );
    }

    // Each bad field, named.
    for (body, path, says) in [
        (
            json!({"product_id": "green", "rating": 6}),
            "rating",
            "6 is not a rating: give 1 to 5 whole stars",
        ),
        (
            json!({"product_id": "green", "rating": 4.5}),
            "rating",
            "4.5 is not a rating",
        ),
        (json!({"product_id": "green"}), "rating", "is required"),
        (
            json!({"product_id": "green", "rating": 4, "text": "x".repeat(2001)}),
            "text",
            "2001 characters long; at most 2000",
        ),
        (
            json!({"product_id": "green", "rating": 4, "text": "a\u{7}b"}),
            "text",
            "control characters",
        ),
        (
            json!({"product_id": "green", "rating": 4, "text": 7}),
            "text",
            "must be text",
        ),
        (
            json!({"product_id": "green", "rating": 4, "display_name": "名".repeat(41)}),
            "display_name",
            "is 41 characters long; at most 40 are kept",
        ),
        (
            json!({"product_id": "green", "rating": 4, "display_name": "Mei\nLi"}),
            "display_name",
            "control characters",
        ),
        (
            json!({"product_id": "green", "rating": 4, "display_name": ["Mei"]}),
            "display_name",
            "must be text",
        ),
        (
            json!({"product_id": "green", "rating": 4, "locale": "<b>"}),
            "locale",
            "not a language tag",
        ),
        (
            json!({"product_id": "../x", "rating": 4}),
            "product_id",
            "must be the id of a product",
        ),
    ] {
        let answer = buyer(server, &reviews, Some(&tea_secret), Some(&nonce(3)), &body);
        refused(&answer, 422, "invalid", says);
        assert_eq!(
            answer.json()["problems"][0]["path"],
            path,
            "{}",
            answer.text()
        );
    }
    let not_bought = buyer(
        server,
        &reviews,
        Some(&tea_secret),
        Some(&nonce(3)),
        &json!({"product_id": "tote", "rating": 2}),
    );
    refused(&not_bought, 422, "not_bought", "no line of that product");
    let not_json = request(
        server,
        "POST",
        &reviews,
        &[
            ("content-type", "application/json"),
            ("order-secret", &tea_secret),
            ("request-nonce", &nonce(3)),
        ],
        Some(b"{not json"),
    );
    refused(&not_json, 400, "malformed", "is not a review");

    // Written: markup is kept as the text it is.
    let written = buyer(
        server,
        &reviews,
        Some(&tea_secret),
        Some(&nonce(3)),
        &review,
    );
    assert_eq!(written.status, 201, "{}", written.text());
    let written = written.json();
    assert_eq!(written["review"]["text"], markup);
    assert_eq!(written["review"]["display_name"], name, "trimmed, as text");
    assert_eq!(written["review"]["rating"], 5);
    assert_eq!(written["review"]["hidden"], false);
    let review_id = written["review"]["id"].as_i64().expect("id");

    // The same request again (same nonce) changes nothing.
    let again = buyer(
        server,
        &reviews,
        Some(&tea_secret),
        Some(&nonce(3)),
        &json!({"product_id": "green", "rating": 1, "text": "replayed"}),
    );
    refused(&again, 409, "replayed", "Request-Nonce was used already");
    // Changed by its writer with a new request: one review per product per order.
    let changed = buyer(
        server,
        &reviews,
        Some(&tea_secret),
        Some(&nonce(4)),
        &json!({"product_id": "green", "rating": 4, "text": markup, "locale": "zh-CN",
            "display_name": "梅"}),
    );
    assert_eq!(changed.status, 200, "{}", changed.text());
    assert_eq!(changed.json()["review"]["id"], review_id);
    assert_eq!(changed.json()["review"]["display_name"], "梅");

    // The public read: shown reviews, exact figures, no buyer or order named.
    let product = "/api/products/green/reviews";
    let (raw, read) = public(server, product);
    assert_eq!(read["count"], 1, "{read}");
    assert_eq!(read["stars"], 4);
    assert_eq!(read["average"], "4.00");
    assert_eq!(read["hidden"], 0);
    assert_eq!(read["reviews"][0]["text"], markup);
    assert_eq!(read["reviews"][0]["verified_purchase"], true);
    assert_eq!(
        read["reviews"][0]["display_name"], "梅",
        "the name its writer chose"
    );
    assert_eq!(read["reviews"][0]["edited"], true);
    let text = raw.text();
    for private in [tea.order_id.as_str(), "Li Wei", "138", &tea_secret] {
        assert!(
            !text.contains(private),
            "{private} in the public read: {text}"
        );
    }
    let (_, none) = public(server, "/api/products/tote/reviews");
    assert_eq!(
        (none["count"].clone(), none["average"].clone()),
        (json!(0), Value::Null)
    );
    let own = status_read(server, &tea.order_id, &tea_secret);
    assert_eq!(own["reviews"][0]["rating"], 4, "{own}");
    assert_eq!(own["reviews"][0]["display_name"], "梅", "{own}");

    // The seller replies, and hides only with a reason; the shop then says so.
    let listed = seller.get("/_seller/api/reviews");
    assert_eq!(listed.status, 200, "{}", listed.text());
    let first = &listed.json()["reviews"][0];
    assert_eq!(first["order_id"], tea.order_id.as_str());
    assert_eq!(first["display_name"], "梅");
    // What the seller's review page shows beside it: the order's reference (as the
    // inbox shows it) and the product's title as the shop names it now.
    let inbox = seller.get("/_seller/api/orders").json();
    let reference = inbox["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .find(|o| o["order_id"] == tea.order_id.as_str())
        .map(|o| o["reference"].clone())
        .expect("the order in the inbox");
    assert_eq!(first["reference"], reference, "{first}");
    assert_eq!(first["product_title"], "Green tea", "{first}");
    let reply = seller.post_json(
        &format!("/_seller/api/reviews/{review_id}/reply"),
        &json!({"reply": "Thank you! <i>谢谢</i>"}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let (_, read) = public(server, product);
    assert_eq!(
        read["reviews"][0]["reply"]["text"],
        "Thank you! <i>谢谢</i>"
    );
    let hide = format!("/_seller/api/reviews/{review_id}/hide");
    let no_reason = seller.post_json(&hide, &json!({"reason": "  "}));
    assert_eq!(no_reason.status, 422, "{}", no_reason.text());
    assert_eq!(no_reason.json()["problems"][0]["path"], "reason");
    let hidden = seller.post_json(&hide, &json!({"reason": "names a private person"}));
    assert_eq!(hidden.status, 200, "{}", hidden.text());
    let (_, read) = public(server, product);
    assert_eq!(read["count"], 0, "{read}");
    assert_eq!(read["hidden"], 1);
    assert_eq!(read["average"], Value::Null);
    assert_eq!(read["reviews"], json!([]));
    let own = status_read(server, &tea.order_id, &tea_secret);
    assert_eq!(own["reviews"][0]["hidden_reason"], "names a private person");
    let shown = seller.post_json(
        &format!("/_seller/api/reviews/{review_id}/show"),
        &json!({}),
    );
    assert_eq!(shown.status, 200, "{}", shown.text());
    let (_, read) = public(server, product);
    assert_eq!(
        (read["count"].clone(), read["hidden"].clone()),
        (json!(1), json!(0))
    );
    let missing = seller.post_json("/_seller/api/reviews/999999/reply", &json!({"reply": "x"}));
    assert_eq!(missing.status, 404, "{}", missing.text());
}

#[test]
fn reviews_on_sqlite() {
    let server = start("trust-reviews-sqlite", None, &[]);
    reviews_journey(&server);
}

#[test]
fn reviews_on_postgres() {
    let db = TestDb::new(Backend::Postgres, "trust_reviews");
    let server = start("trust-reviews-postgres", Some(&postgres_url(&db)), &[]);
    reviews_journey(&server);
}

#[test]
fn a_flood_of_reviews_is_refused_with_retry_after() {
    // One write per minute: the second, sent at once, must wait. (A refill takes
    // a minute, far longer than two requests take on a busy machine.)
    let server = start(
        "trust-flood",
        None,
        &["--buyer-writes-per-minute", "1", "--buyer-write-burst", "1"],
    );
    let tea = order_for(71, "G-1", 1, "Li Wei", "+86 138 0000 0004");
    let secret = place(&server, &tea);
    let path = format!("/api/orders/{}/reviews", tea.order_id);
    let body = json!({"product_id": "green", "rating": 5});
    let first = buyer(&server, &path, Some(&secret), Some(&nonce(20)), &body);
    refused(&first, 409, "not_completed", "this order is new");
    let second = buyer(&server, &path, Some(&secret), Some(&nonce(21)), &body);
    refused(
        &second,
        429,
        "rate_limited",
        "too many reviews and problem reports from this address",
    );
    let wait: u64 = second
        .header("retry-after")
        .and_then(|s| s.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    // Reads are not limited, nor are orders.
    let (_, read) = public(&server, "/api/products/green/reviews");
    assert_eq!(read["count"], 0);
    let another = order_for(72, "G-1", 1, "Ana", "+351 912 000 000");
    place(&server, &another);
}
