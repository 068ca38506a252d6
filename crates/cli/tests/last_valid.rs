//! A seller's edit that breaks a working shop never reaches a buyer: `serve` keeps
//! the last valid manifest (as /shop.json and for verifying orders), says so on
//! stderr, and lists the problems at /_seller/status for the signed-in seller.

mod common;
mod desk;
use common::{get, minimal_order, post_order};
use desk::{request, start_desk_with, Seller};
use serde_json::Value;

const MINIMAL: &str = include_str!("../../core/tests/fixtures/minimal.json");

fn start(name: &str) -> common::Server {
    start_desk_with(name, |_| None, |_| {})
}

fn start_with(
    name: &str,
    seller: impl FnOnce(&std::path::Path) -> Option<std::path::PathBuf>,
) -> common::Server {
    start_desk_with(name, seller, |_| {})
}

fn status(server: &common::Server) -> (u16, Value) {
    let answer = Seller::sign_in(server).get("/_seller/status");
    (
        answer.status,
        serde_json::from_slice(&answer.body).unwrap_or(Value::Null),
    )
}

#[test]
fn a_broken_edit_keeps_the_last_valid_shop() {
    let server = start("last-valid");
    let (code, served) = get(&format!("{}/shop.json", server.url));
    assert_eq!(code, 200);
    assert_eq!(served, MINIMAL);
    let (code, body) = status(&server);
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(body["serving"], "current", "{body}");

    let broken = MINIMAL.replace("\"price\": \"12.50\"", "\"price\": \"28元\"");
    assert_ne!(broken, MINIMAL);
    std::fs::write(server.dir.join("dist/shop.json"), &broken).expect("edits");

    let (_, served) = get(&format!("{}/shop.json", server.url));
    assert_eq!(served, MINIMAL, "buyers still get the last valid manifest");
    let (code, answer, _) = post_order(&server, &minimal_order(1));
    assert_eq!(code, 201, "orders are verified against it: {answer}");

    let (_, body) = status(&server);
    assert_eq!(body["ok"], false, "{body}");
    let serving = body["serving"].as_str().unwrap_or_default();
    assert!(serving.starts_with("last valid from 20"), "{body}");
    let problems = body["problems"].as_array().cloned().unwrap_or_default();
    assert_eq!(problems.len(), 1, "{body}");
    assert_eq!(problems[0]["path"], "catalog.products[0].price");
    assert_eq!(
        problems[0]["message"],
        "\"28元\" is more than a number; write only the number, e.g. \"28.00\""
    );
    assert_eq!(problems[0]["subject"], "green");
    server.log_line("buyers still see the last valid version");
    server.log_line("catalog.products[0] (green).price: \"28元\" is more than a number");

    std::fs::write(
        server.dir.join("dist/shop.json"),
        MINIMAL.replace("12.50", "13.50"),
    )
    .expect("fixes");
    let (_, body) = status(&server);
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(body["serving"], "current", "{body}");
    let (_, served) = get(&format!("{}/shop.json", server.url));
    assert!(served.contains("13.50"), "the fixed manifest is served");
    server.log_line("is fixed");
}

#[test]
fn a_manifest_that_was_never_valid_refuses_orders() {
    let server = start_with("never-valid", |root| {
        let path = root.join("seller/shop.json");
        std::fs::create_dir_all(root.join("seller")).expect("dir");
        std::fs::write(&path, MINIMAL.replace("\"12.50\"", "\"¥12.50\"")).expect("writes");
        Some(path)
    });
    let (code, answer, _) = post_order(&server, &minimal_order(2));
    assert_eq!(code, 503, "{answer}");
    let (code, body) = status(&server);
    assert_eq!(code, 200);
    assert_eq!(body["ok"], false, "{body}");
    assert_eq!(body["serving"], "current", "{body}");
    assert_eq!(
        body["problems"][0]["path"], "catalog.products[0].price",
        "{body}"
    );
    // The broken manifest itself is served, so the storefront can say the shop is closed.
    let (_, served) = get(&format!("{}/shop.json", server.url));
    assert!(served.contains("¥12.50"));
    server.log_line("orders will be refused until it is fixed");
}

#[test]
fn start_up_reports_what_check_reports() {
    // The seller's directory has no images/avatar.svg, which the manifest names.
    let server = start_with("startup-report", |root| {
        let path = root.join("seller/shop.json");
        std::fs::create_dir_all(root.join("seller")).expect("dir");
        std::fs::write(&path, MINIMAL).expect("writes");
        Some(path)
    });
    server.log_line("seller.avatar: \"images/avatar.svg\" points at no file");
    let (_, body) = status(&server);
    assert_eq!(body["ok"], false, "{body}");
    assert_eq!(body["serving"], "current", "{body}");
    // A missing image does not close the shop.
    let (code, answer, _) = post_order(&server, &minimal_order(3));
    assert_eq!(code, 201, "{answer}");
}

#[test]
fn the_status_is_only_for_the_signed_in_seller() {
    let server = start("status-signed-out");
    // Not even this machine without a session: a reverse proxy on it would make
    // every buyer's request local.
    let answer = request(&server, "GET", "/_seller/status", &[], None);
    assert_eq!(answer.status, 401, "{}", answer.text());
    let answer = request(
        &server,
        "GET",
        "/_seller/status",
        &[("x-forwarded-for", "203.0.113.9")],
        None,
    );
    assert_eq!(answer.status, 401);
    let (code, body) = status(&server);
    assert_eq!(code, 200);
    assert_eq!(body["ok"], true, "{body}");
}

/// `max_qty: 0` (a product nobody can buy) and an order header a browser cannot
/// send ("€": every order fails to send) passed `check`, so `serve` started a shop
/// that could not sell. Both are problems at start now, named by path, as
/// `check` names them: orders are refused until they are fixed.
#[test]
fn start_up_refuses_a_max_qty_of_zero_and_a_header_a_browser_cannot_send() {
    let server = start_with("startup-unsellable", |root| {
        let path = root.join("seller/shop.json");
        std::fs::create_dir_all(root.join("seller/images")).expect("dir");
        std::fs::write(root.join("seller/images/avatar.svg"), "<svg/>").expect("avatar");
        let mut doc: Value = serde_json::from_str(MINIMAL).expect("json");
        doc["catalog"]["products"][0]["max_qty"] = 0.into();
        doc["order"]["headers"] = serde_json::json!({"X-Shop-Key": "5€"});
        std::fs::write(&path, doc.to_string()).expect("writes");
        Some(path)
    });
    server.log_line("orders will be refused until it is fixed");
    let (code, answer, _) = post_order(&server, &minimal_order(4));
    assert_eq!(code, 503, "{answer}");
    let (_, body) = status(&server);
    assert_eq!(body["ok"], false, "{body}");
    let paths: Vec<&str> = body["problems"]
        .as_array()
        .map(|list| list.iter().filter_map(|p| p["path"].as_str()).collect())
        .unwrap_or_default();
    assert!(paths.contains(&"order.headers.X-Shop-Key"), "{body}");
    assert!(paths.contains(&"catalog.products[0].max_qty"), "{body}");
}
