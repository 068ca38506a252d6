//! No seller page and no seller API answers without a session. The table below lists
//! every route of `serve/desk/mod.rs` (a unit test there fails when one is missing
//! here), each with a real path: without a session every one answers 303 to the
//! sign-in page (pages) or 401 JSON (the API); with one, none does.

mod common;
mod desk;

use desk::{request, start_desk, Seller};

/// Method, route as registered, a path of it.
const GATED: &[(&str, &str, &str)] = &[
    ("GET", "/_seller", "/_seller"),
    ("GET", "/_seller/", "/_seller/"),
    (
        "GET",
        "/_seller/{*path}",
        "/_seller/orders/ord_00000000000000000000000000000000",
    ),
    ("GET", "/_seller/{*path}", "/_seller/index.html"),
    ("GET", "/_seller/status", "/_seller/status"),
    ("GET", "/_seller/api/me", "/_seller/api/me"),
    (
        "GET",
        "/_seller/api/orders",
        "/_seller/api/orders?status=new",
    ),
    (
        "GET",
        "/_seller/api/orders.csv",
        "/_seller/api/orders.csv?from=2026-01-01&to=2026-01-31",
    ),
    (
        "GET",
        "/_seller/api/orders/{id}",
        "/_seller/api/orders/ord_00000000000000000000000000000000",
    ),
    (
        "POST",
        "/_seller/api/orders/{id}/status",
        "/_seller/api/orders/ord_00000000000000000000000000000000/status",
    ),
    ("GET", "/_seller/api/shop", "/_seller/api/shop"),
    ("PUT", "/_seller/api/shop", "/_seller/api/shop"),
    ("POST", "/_seller/api/shop/undo", "/_seller/api/shop/undo"),
    ("POST", "/_seller/api/media", "/_seller/api/media"),
    ("GET", "/_seller/api/reviews", "/_seller/api/reviews"),
    (
        "POST",
        "/_seller/api/reviews/{id}/reply",
        "/_seller/api/reviews/1/reply",
    ),
    (
        "POST",
        "/_seller/api/reviews/{id}/hide",
        "/_seller/api/reviews/1/hide",
    ),
    (
        "POST",
        "/_seller/api/reviews/{id}/show",
        "/_seller/api/reviews/1/show",
    ),
    ("GET", "/_seller/api/problems", "/_seller/api/problems"),
    (
        "POST",
        "/_seller/api/problems/{id}",
        "/_seller/api/problems/1",
    ),
    (
        "GET",
        "/_seller/api/photos/{sha256}",
        "/_seller/api/photos/0000000000000000000000000000000000000000000000000000000000000000",
    ),
    (
        "GET",
        "/_seller/api/export/shop.json",
        "/_seller/api/export/shop.json",
    ),
    (
        "GET",
        "/_seller/api/export/catalog.csv",
        "/_seller/api/export/catalog.csv",
    ),
    (
        "GET",
        "/_seller/api/export/site.zip",
        "/_seller/api/export/site.zip?base_url=https://shop.example/",
    ),
    ("GET", "/_seller/api/{*rest}", "/_seller/api/nothing-here"),
    ("DELETE", "/_seller/api/{*rest}", "/_seller/api/orders"),
];

/// The routes that answer without a session (each tested in desk_signin.rs).
const PUBLIC: &[(&str, &str)] = &[
    ("GET", "/_seller/signin"),
    ("POST", "/_seller/signin"),
    ("GET", "/_seller/signin.css"),
    ("GET", "/_seller/signin/{token}"),
    ("POST", "/_seller/signout"),
];

fn is_api(path: &str) -> bool {
    path.starts_with("/_seller/api") || path == "/_seller/status"
}

fn assert_refused(answer: &desk::Answer, method: &str, path: &str) {
    if is_api(path) {
        assert_eq!(answer.status, 401, "{method} {path}: {}", answer.text());
        assert_eq!(answer.json()["error"], "signed_out", "{method} {path}");
    } else {
        assert_eq!(answer.status, 303, "{method} {path}: {}", answer.text());
        assert_eq!(
            answer.header("location").as_deref(),
            Some("/_seller/signin"),
            "{method} {path}"
        );
    }
    assert_eq!(answer.header("cache-control").as_deref(), Some("no-store"));
}

#[test]
fn every_seller_route_refuses_without_a_session() {
    let server = start_desk("gate");
    let origin = server.url.clone();
    for (method, _, path) in GATED {
        let body = Some(&b"{}"[..]);
        // No cookie at all.
        let answer = request(&server, method, path, &[("origin", &origin)], body);
        assert_refused(&answer, method, path);
        // A cookie no session has (made up, or from another server).
        let made_up = format!("microshop_seller={}", "ab".repeat(32));
        let answer = request(
            &server,
            method,
            path,
            &[("origin", &origin), ("cookie", &made_up)],
            body,
        );
        assert_refused(&answer, method, path);
    }
}

#[test]
fn with_a_session_every_route_answers() {
    let server = start_desk("gate-open");
    // Public routes first: a wrong secret there must not slow the sign-in below.
    for (method, route) in PUBLIC {
        let path = route.replace("{token}", "0123456789abcdef0123456789abcdef");
        let answer = request(
            &server,
            method,
            &path,
            &[
                ("origin", &server.url),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            Some(b"secret=wrong-but-long-enough-123"),
        );
        assert_ne!(answer.status, 404, "{method} {path}");
        assert_ne!(
            answer.header("location").as_deref(),
            Some("/_seller/signin"),
            "{method} {path} answers itself without a session"
        );
    }
    let seller = Seller::sign_in(&server);
    for (method, _, path) in GATED {
        let answer = seller.send(method, path, "application/json", b"{}");
        assert!(
            answer.status != 401 && answer.header("location").as_deref() != Some("/_seller/signin"),
            "{method} {path} answers a signed-in seller: {} {}",
            answer.status,
            answer.text()
        );
    }
}

#[test]
fn without_a_secret_the_seller_side_is_off_and_says_how_to_turn_it_on() {
    let server = common::start("gate-off");
    for (method, _, path) in GATED {
        let answer = request(
            &server,
            method,
            path,
            &[("origin", &server.url)],
            Some(b"{}"),
        );
        assert_refused(&answer, method, path);
        if is_api(path) {
            let message = answer.json()["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(message.contains("seller-token"), "{message}");
        }
    }
    let page = request(&server, "GET", "/_seller/signin", &[], None);
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("microshop seller-token"),
        "{}",
        page.text()
    );
    assert!(!page.text().contains("<form"), "nothing to sign in to");
    let tried = desk::sign_in_with(&server, desk::SECRET);
    assert_eq!(tried.status, 503, "no secret opens it");
    assert!(tried.session().is_none());
}

#[test]
fn a_request_that_changes_something_must_come_from_the_shop() {
    let server = start_desk("gate-origin");
    let seller = Seller::sign_in(&server);
    let cookie = format!("microshop_seller={}", seller.cookie);
    for (origin, expected) in [
        (Some("https://evil.example"), 403),
        (Some("null"), 403),
        (None, 403),
    ] {
        let mut headers = vec![
            ("cookie", cookie.as_str()),
            ("content-type", "application/json"),
        ];
        if let Some(origin) = origin {
            headers.push(("origin", origin));
        }
        let answer = request(
            &server,
            "POST",
            "/_seller/api/shop/undo",
            &headers,
            Some(b"{}"),
        );
        assert_eq!(answer.status, expected, "{origin:?}: {}", answer.text());
        assert_eq!(answer.json()["error"], "cross_origin");
    }
    // A browser's same-origin fetch without Origin says so in Sec-Fetch-Site.
    let answer = request(
        &server,
        "POST",
        "/_seller/api/shop/undo",
        &[
            ("cookie", &cookie),
            ("content-type", "application/json"),
            ("sec-fetch-site", "same-origin"),
        ],
        Some(b"{}"),
    );
    assert_ne!(answer.status, 403, "{}", answer.text());
    // Sign-in from another site's form is refused too (login CSRF).
    let answer = request(
        &server,
        "POST",
        "/_seller/signin",
        &[
            ("origin", "https://evil.example"),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        Some(format!("secret={}", desk::SECRET).as_bytes()),
    );
    assert_eq!(answer.status, 403);
    assert!(answer.session().is_none());
}

/// The desk is framed by nothing but its own origin: its pages carry the shop's page
/// policy, whose `frame-ancestors *` (the embed default) made browsers ignore the
/// desk's `X-Frame-Options: SAMEORIGIN`, so a page of another port or a sibling
/// subdomain (same site: the session cookie is sent) could frame the signed-in
/// seller's inbox and lure clicks (REVIEW9 3).
#[test]
fn seller_pages_are_framed_by_their_own_origin_only() {
    let server = start_desk("gate-frames");
    let seller = Seller::sign_in(&server);
    let mut pages = 0;
    let signin = request(&server, "GET", "/_seller/signin", &[], None);
    let answers = GATED
        .iter()
        .filter(|(method, _, _)| *method == "GET")
        .map(|(_, _, path)| (*path, seller.get(path)))
        .chain([("/_seller/signin", signin)]);
    for (path, answer) in answers {
        let Some(policy) = answer.header("content-security-policy") else {
            assert!(
                !answer
                    .header("content-type")
                    .is_some_and(|t| t.starts_with("text/html")),
                "{path}: a page without a policy"
            );
            continue;
        };
        pages += 1;
        let ancestors = policy
            .split("; ")
            .find(|d| d.starts_with("frame-ancestors"))
            .unwrap_or_default();
        assert_eq!(ancestors, "frame-ancestors 'self'", "{path}: {policy}");
    }
    assert!(pages >= 2, "the sign-in page and the desk's app are pages");
}
