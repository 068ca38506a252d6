//! Reviews and problems with an order against a real `microshop serve` over HTTP,
//! on SQLite and on PostgreSQL (docs/trust.md): an order completed in the desk,
//! the buyer's review (kept as text, changed, refused before completion, for a
//! product not bought, without or with another order's secret, replayed), the
//! seller's reply and hiding with a reason, the public read and its figures; a
//! problem raised with a photo (sniffed, limited), answered and resolved, seen in
//! the inbox and in the buyer's status read; the public 90-day figures; a flood
//! refused with 429 and Retry-After.

mod common;
mod desk;
mod stores;

use common::Server;
use desk::{order_for, place, request, start_desk_with, Answer, Seller};
use serde_json::{json, Value};
use stores::{Backend, TestDb};

/// A PNG's signature and IHDR of 5 x 4 (its size is read from these bytes).
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, b'I', b'H', b'D', b'R',
    0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x04, 0x08, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00,
];

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The journeys send many refusals on purpose: without the per-client limit
/// (`a_flood_of_reviews_is_refused_with_retry_after` tests it), unless `args` set one.
fn start(name: &str, db: Option<&str>, args: &[&str]) -> Server {
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
fn nonce(n: u32) -> String {
    format!("{n:032x}")
}

/// A buyer's write: JSON `body` to `path` with the order's secret and a nonce.
fn buyer(
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

fn status_read(server: &Server, id: &str, secret: &str) -> Value {
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

fn public(server: &Server, path: &str) -> (Answer, Value) {
    let answer = request(server, "GET", path, &[], None);
    assert_eq!(answer.status, 200, "{path}: {}", answer.text());
    let json = answer.json();
    (answer, json)
}

/// Asserts a refusal: its status, its error code and a part of its message.
fn refused(answer: &Answer, status: u16, error: &str, says: &str) {
    assert_eq!(answer.status, status, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["error"], error, "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains(says), "{message:?} should say {says:?}");
}

fn complete(seller: &Seller<'_>, id: &str) {
    let steps = [
        json!({"to": "paid", "version": 1}),
        json!({"to": "shipped", "version": 2, "tracking_note": "SF 1234"}),
        json!({"to": "completed", "version": 3}),
    ];
    for step in steps {
        let answer = seller.post_json(&format!("/_seller/api/orders/{id}/status"), &step);
        assert_eq!(answer.status, 200, "{}", answer.text());
    }
}

fn reviews_journey(server: &Server) {
    let seller = Seller::sign_in(server);
    let tea = order_for(51, "G-1", 1, "Li Wei", "+86 138 0000 0001");
    let tote = order_for(52, "T-RS", 1, "Ana Costa", "+351 912 345 678");
    let tea_secret = place(server, &tea);
    let tote_secret = place(server, &tote);
    let reviews = format!("/api/orders/{}/reviews", tea.order_id);
    let markup = "<script>alert(1)</script> <b>很好喝</b> & \"fresh\"";
    let review = json!({"product_id": "green", "rating": 5, "text": markup, "locale": "zh-CN"});

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
        &json!({"product_id": "green", "rating": 4, "text": markup, "locale": "zh-CN"}),
    );
    assert_eq!(changed.status, 200, "{}", changed.text());
    assert_eq!(changed.json()["review"]["id"], review_id);

    // The public read: shown reviews, exact figures, no buyer or order named.
    let product = "/api/products/green/reviews";
    let (raw, read) = public(server, product);
    assert_eq!(read["count"], 1, "{read}");
    assert_eq!(read["stars"], 4);
    assert_eq!(read["average"], "4.00");
    assert_eq!(read["hidden"], 0);
    assert_eq!(read["reviews"][0]["text"], markup);
    assert_eq!(read["reviews"][0]["verified_purchase"], true);
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

    // The seller replies, and hides only with a reason; the shop then says so.
    let listed = seller.get("/_seller/api/reviews");
    assert_eq!(listed.status, 200, "{}", listed.text());
    assert_eq!(
        listed.json()["reviews"][0]["order_id"],
        tea.order_id.as_str()
    );
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

fn problems_journey(server: &Server) {
    let seller = Seller::sign_in(server);
    let tote = order_for(61, "T-RS", 1, "Chen Jie", "+86 139 0000 0002");
    let tea = order_for(62, "G-1", 1, "Li Wei", "+86 138 0000 0003");
    let secret = place(server, &tote);
    let tea_secret = place(server, &tea);
    let path = format!("/api/orders/{}/problems", tote.order_id);
    let text = "The tote came torn <img src=x onerror=alert(1)>";
    let problem = json!({"kind": "damaged", "text": text, "photo": base64(PNG)});

    // Another order's secret, none, a wrong one: the 404 of an unknown order.
    for secret in [
        None,
        Some(tea_secret.as_str()),
        Some("ffffffffffffffffffffffffffffffff"),
    ] {
        let answer = buyer(server, &path, secret, Some(&nonce(10)), &problem);
        refused(&answer, 404, "not_found", "no such order");
    }
    // Each bad part, named.
    let mut svg =
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    svg.resize(200, b' ');
    let mut oversized = PNG.to_vec();
    oversized.resize(2 * 1024 * 1024 + 1, 0);
    let mut cut = PNG[..12].to_vec();
    cut.extend_from_slice(b"IHxx");
    for (body, status, error, says) in [
        (
            json!({"kind": "late", "text": "x"}),
            422,
            "invalid",
            "\"late\" is not a kind of problem",
        ),
        (json!({"text": "x"}), 422, "invalid", "kind: is required"),
        (
            json!({"kind": "other", "text": " "}),
            422,
            "invalid",
            "text: is required and is empty",
        ),
        (
            json!({"kind": "other", "text": "x", "photo": "not base64!"}),
            422,
            "invalid",
            "photo: is not a photo's bytes as base64",
        ),
        (
            json!({"kind": "other", "text": "x", "photo": base64(&svg)}),
            415,
            "not_an_image",
            "an SVG drawing",
        ),
        (
            json!({"kind": "other", "text": "x", "photo": base64(b"<html><script>x</script></html>")}),
            415,
            "not_an_image",
            "an HTML page",
        ),
        (
            json!({"kind": "other", "text": "x", "photo": base64(&cut)}),
            415,
            "not_an_image",
            "its size cannot be read",
        ),
        (
            json!({"kind": "other", "text": "x", "photo": base64(b"plain words")}),
            415,
            "not_an_image",
            "not an image the shop can show",
        ),
        (
            json!({"kind": "other", "text": "x", "photo": base64(&oversized)}),
            413,
            "too_large",
            "a photo may be at most 2 MiB",
        ),
    ] {
        let answer = buyer(server, &path, Some(&secret), Some(&nonce(10)), &body);
        refused(&answer, status, error, says);
    }
    // A body over the limit is refused (only a little over: the server stops
    // reading at the limit, and the rest must fit the socket's buffers).
    let huge = json!({"kind": "other", "text": "x", "photo": "A".repeat(4 * 1024 * 1024)});
    let answer = buyer(server, &path, Some(&secret), Some(&nonce(10)), &huge);
    refused(
        &answer,
        413,
        "too_large",
        "a problem report may be at most 4096 KiB",
    );

    // Raised, with its photo; the same request again changes nothing.
    let raised = buyer(server, &path, Some(&secret), Some(&nonce(10)), &problem);
    assert_eq!(raised.status, 201, "{}", raised.text());
    let raised = raised.json();
    assert_eq!(raised["problem"]["state"], "open");
    assert_eq!(raised["problem"]["messages"][0]["text"], text);
    let photo = raised["problem"]["messages"][0]["photo"]
        .as_str()
        .expect("photo")
        .to_owned();
    let id = raised["problem"]["id"].as_i64().expect("id");
    let replay = buyer(server, &path, Some(&secret), Some(&nonce(10)), &problem);
    refused(&replay, 409, "replayed", "nothing was changed");

    // The seller's inbox: a count per order and the list, the photo as sent.
    let inbox = seller.get("/_seller/api/orders").json();
    let row = inbox["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .find(|o| o["order_id"] == tote.order_id.as_str())
        .expect("the order")
        .clone();
    assert_eq!(row["open_problems"], 1, "{row}");
    let list = seller.get("/_seller/api/problems?state=open").json();
    assert_eq!(list["open"], 1, "{list}");
    assert_eq!(list["problems"][0]["id"], id);
    let image = seller.get(&format!("/_seller/api/photos/{photo}"));
    assert_eq!(image.status, 200);
    assert_eq!(image.header("content-type").as_deref(), Some("image/png"));
    assert_eq!(image.body, PNG);
    let bad_state = seller.get("/_seller/api/problems?state=lost");
    assert_eq!(bad_state.status, 422, "{}", bad_state.text());

    // Answered and resolved; a second mark is refused with the reason.
    let answer = format!("/_seller/api/problems/{id}");
    let empty = seller.post_json(&answer, &json!({}));
    assert_eq!(empty.status, 422, "{}", empty.text());
    let done = seller.post_json(
        &answer,
        &json!({"answer": "Sorry! A new tote left today.", "mark": "resolved"}),
    );
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["problem"]["state"], "resolved");
    let twice = seller.post_json(&answer, &json!({"mark": "refunded"}));
    assert_eq!(twice.status, 422, "{}", twice.text());
    assert!(
        twice.text().contains("the problem is already resolved"),
        "{}",
        twice.text()
    );

    // The buyer reads the thread in the status read.
    let own = status_read(server, &tote.order_id, &secret);
    let thread = &own["problems"][0];
    assert_eq!(thread["state"], "resolved", "{own}");
    assert_eq!(thread["messages"][0]["author"], "buyer");
    assert_eq!(thread["messages"][1]["author"], "seller");
    assert_eq!(
        thread["messages"][1]["text"],
        "Sorry! A new tote left today."
    );
    // Another order's status read carries none of it.
    assert!(status_read(server, &tea.order_id, &tea_secret)
        .get("problems")
        .is_none());

    // The shop's own figures over 90 days.
    let (_, figures) = public(server, "/api/trust");
    assert_eq!(figures["window_days"], 90);
    assert_eq!(
        figures["problems"],
        json!({"raised": 1, "resolved": 1, "refunded": 0, "open": 0})
    );
    assert!(figures["source"]
        .as_str()
        .unwrap_or_default()
        .contains("the seller's own records"));
}

fn postgres_url(db: &TestDb) -> String {
    match &db.location {
        microshop_cli::store::Location::Postgres(url) => url.clone(),
        microshop_cli::store::Location::Sqlite(_) => unreachable!("a PostgreSQL database"),
    }
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
fn problems_on_sqlite() {
    let server = start("trust-problems-sqlite", None, &[]);
    problems_journey(&server);
}

#[test]
fn problems_on_postgres() {
    let db = TestDb::new(Backend::Postgres, "trust_problems");
    let server = start("trust-problems-postgres", Some(&postgres_url(&db)), &[]);
    problems_journey(&server);
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
