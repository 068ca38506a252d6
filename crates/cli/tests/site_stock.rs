//! `microshop serve --site` (the demo's setup) answers the site's files that carry
//! stock with the levels left now, as `/shop.json` is answered without `--site`
//! (REVIEW10 6: after the last unit was sold, the product's data file still offered
//! it, and the buyer was refused at checkout with "The shop changed").

mod common;
mod publishing;
mod stores;

use serde_json::Value;
use std::path::PathBuf;
use stores::{Backend, TestDb};

/// Two products: `cup` (sku `CUP`, one left) and `pot` (no options and no sku: its
/// id is its sku; two left).
fn manifest() -> Value {
    serde_json::json!({
        "version": 1, "id": "live-stock", "currency": "USD", "locales": ["en"],
        "seller": {"name": "Eve"},
        "catalog": {
            "categories": [{"id": "ware", "name": "Ware"}],
            "products": [
                {"id": "cup", "title": "Cup", "category": "ware", "images": ["images/a.svg"],
                 "sku": "CUP", "price": "5.00", "stock": 1},
                {"id": "pot", "title": "Pot", "category": "ware", "price": "9.00", "stock": 2}
            ]
        },
        "shipping": [{"id": "post", "label": "Post", "price": "1"}],
        "order": {"endpoint": "/api/orders"}
    })
}

/// The last cup and one pot.
fn order() -> microshop_core::order::OrderRequest {
    use microshop_core::cart::Cart;
    use microshop_core::order::{build_order, CheckoutInput};
    use microshop_core::{decode_manifest, CatalogSource};
    use std::collections::BTreeMap;
    let m = decode_manifest(&manifest().to_string())
        .expect("valid")
        .value;
    let CatalogSource::Inline(c) = &m.catalog else {
        panic!("inline")
    };
    let mut cart = Cart::default();
    cart.add(c, "CUP", 1).expect("add");
    cart.add(c, "pot", 1).expect("add");
    let input = CheckoutInput {
        customer: BTreeMap::from([
            ("name".to_owned(), "Li Wei".to_owned()),
            ("phone".to_owned(), "13800000000".to_owned()),
            ("address".to_owned(), "1 Tea Street".to_owned()),
        ]),
        shipping_id: Some("post".to_owned()),
        referral: None,
    };
    let id = microshop_core::order::order_id_from_bytes([9; 16]);
    build_order(
        &m,
        c,
        &cart,
        &input,
        "en",
        id,
        "2026-12-07T10:00:00Z".to_owned(),
    )
    .expect("builds")
}

/// GET `url` with these request headers: status, the answer's headers asked for, body.
fn get(url: &str, headers: &[(&str, &str)], wanted: &[&str]) -> (u16, Vec<String>, String) {
    let mut request = common::agent().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.call().expect("answers");
    let found = wanted
        .iter()
        .map(|name| {
            response
                .headers()
                .get(*name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    (
        response.status().as_u16(),
        found,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON ({e}): {body}"))
}

/// The `stock` of product `id` in a manifest or catalog file.
fn stock_of(file: &Value, id: &str) -> Value {
    let catalog = file.get("catalog").unwrap_or(file);
    catalog["products"]
        .as_array()
        .and_then(|products| products.iter().find(|p| p["id"] == id))
        .map_or(Value::Null, |p| p["stock"].clone())
}

/// The shop published under `/teashop/` into `scratch`; `None` without a built app.
fn published(scratch: &publishing::Scratch) -> Option<PathBuf> {
    let real_dist = publishing::dist()?;
    let (manifest, dist) =
        publishing::seller_and_template(&scratch.0, &real_dist, &manifest(), 600);
    let site = scratch.0.join("site");
    let (ok, stdout, stderr) =
        publishing::publish(&manifest, &site, "http://127.0.0.1/teashop/", &dist);
    assert!(ok, "{stdout}\n{stderr}");
    Some(site)
}

#[test]
fn serve_site_shows_the_levels_left_in_the_sites_data_files() {
    let scratch = publishing::Scratch::new("site-stock");
    let Some(site) = published(&scratch) else {
        return;
    };
    let server = common::start_site(&site, "site-stock");
    let base = format!("{}/teashop/", server.url);

    // Before any order: the published counts, revalidated on every visit.
    let validators = ["cache-control", "last-modified", "etag"];
    let (status, before, body) = get(&format!("{base}data/p/cup.json"), &[], &validators);
    assert_eq!(status, 200, "{body}");
    assert_eq!(stock_of(&json(&body), "cup"), 1, "{body}");
    assert!(!before[0].contains("immutable"), "{before:?}");

    let (status, body, _) = common::post_order(&server, &order());
    assert_eq!(status, 201, "{body}");

    // The buyer's browser revalidates the copy it has: it must get the level, not
    // "not modified" (the file on disk did not change).
    let mut conditional = Vec::new();
    if !before[1].is_empty() {
        conditional.push(("if-modified-since", before[1].as_str()));
    }
    if !before[2].is_empty() {
        conditional.push(("if-none-match", before[2].as_str()));
    }
    let (status, headers, body) = get(
        &format!("{base}data/p/cup.json"),
        &conditional,
        &["cache-control", "content-type"],
    );
    assert_eq!(status, 200, "{headers:?} {body}");
    assert_eq!(stock_of(&json(&body), "cup"), 0, "sold out: {body}");
    assert!(headers[0].contains("no-cache"), "{headers:?}");
    assert!(!headers[0].contains("immutable"), "{headers:?}");
    assert!(headers[1].starts_with("application/json"), "{headers:?}");

    // A product without a sku: its id is its sku.
    let (status, _, body) = get(&format!("{base}data/p/pot.json"), &[], &[]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(stock_of(&json(&body), "pot"), 1, "{body}");

    // The first page of a shop in parts, and the whole shop.json of a small one.
    for file in ["data/shop.json", "shop.json"] {
        let (status, headers, body) = get(&format!("{base}{file}"), &[], &["cache-control"]);
        assert_eq!(status, 200, "{file}: {body}");
        let value = json(&body);
        assert_eq!(stock_of(&value, "cup"), 0, "{file}: {body}");
        assert_eq!(stock_of(&value, "pot"), 1, "{file}: {body}");
        assert!(!headers[0].contains("immutable"), "{file}: {headers:?}");
    }
    // The feed's cards (search, filter, sort of a shop in parts) say sold out.
    let (status, _, body) = get(&format!("{base}data/cards/1.json"), &[], &[]);
    assert_eq!(status, 200, "{body}");
    let cards = json(&body);
    let card = |id: &str| {
        cards["cards"]
            .as_array()
            .and_then(|cards| cards.iter().find(|c| c["id"] == id))
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(card("cup")["sold_out"], true, "{body}");
    assert_eq!(card("pot").get("sold_out"), None, "{body}");
    // Compressed on the fly as the other files are.
    let (status, headers, _) = get(
        &format!("{base}data/shop.json"),
        &[("accept-encoding", "br")],
        &["content-encoding"],
    );
    assert_eq!((status, headers[0].as_str()), (200, "br"));

    // The prerendered page keeps what was published (its JSON-LD says InStock):
    // the app shows the level once it reads the data file.
    let (status, _, page) = get(&format!("{base}p/cup/"), &[], &[]);
    assert_eq!(status, 200);
    assert!(page.contains("InStock"), "{page}");
}

/// A database that does not answer (another session holds the tables): the files
/// as published after serve's deadline, as `/shop.json` (tests/database_stalls.rs),
/// not an answer that waits as long as the lock.
#[test]
fn a_database_that_does_not_answer_gets_the_files_as_published() {
    let scratch = publishing::Scratch::new("site-stock-stall");
    let Some(site) = published(&scratch) else {
        return;
    };
    let db = TestDb::new(Backend::Postgres, "site_stall");
    let url = match &db.location {
        microshop_cli::store::Location::Postgres(url) => url.clone(),
        microshop_cli::store::Location::Sqlite(_) => unreachable!("PostgreSQL"),
    };
    let server = common::start_site_args(&site, "site-stock-stall", &["--db", &url]);
    let base = format!("{}/teashop/", server.url);
    let (status, body, _) = common::post_order(&server, &order());
    assert_eq!(status, 201, "{body}");
    // An HTTP client that gives up long after serve's deadline.
    let patient: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .build()
        .into();
    let cup = |file: &str| {
        let mut answer = patient
            .get(format!("{base}{file}"))
            .call()
            .expect("an answer before the client gives up");
        let body = answer.body_mut().read_to_string().unwrap_or_default();
        assert_eq!(answer.status().as_u16(), 200, "{file}: {body}");
        stock_of(&json(&body), "cup")
    };
    assert_eq!(cup("data/p/cup.json"), 0);

    let mut holder = postgres::Client::connect(&url, postgres::NoTls).expect("connects");
    let mut held = holder.transaction().expect("begins");
    held.batch_execute(
        "LOCK TABLE stock, orders, idempotency, schema_migrations IN ACCESS EXCLUSIVE MODE",
    )
    .expect("locks");
    assert_eq!(
        cup("data/p/cup.json"),
        1,
        "the file's count while the levels do not come"
    );
    assert_eq!(
        cup("data/shop.json"),
        1,
        "the file's count while the levels do not come"
    );
    held.rollback().expect("lets go");
    assert_eq!(cup("data/p/cup.json"), 0, "the level again");
}

/// A manifest whose catalog is a separate JSON file (`"catalog": {"url":
/// "catalog.json"}`): publish copies it beside shop.json, and `serve --site` answers
/// it with the levels too.
#[test]
fn a_separate_catalog_file_shows_the_levels() {
    let Some(real_dist) = publishing::dist() else {
        return;
    };
    let scratch = publishing::Scratch::new("site-stock-catalog");
    let mut whole = manifest();
    let catalog = whole["catalog"].take();
    whole["catalog"] = serde_json::json!({"url": "catalog.json"});
    let (manifest, dist) = publishing::seller_and_template(&scratch.0, &real_dist, &whole, 600);
    std::fs::write(scratch.0.join("seller/catalog.json"), catalog.to_string()).expect("catalog");
    let site = scratch.0.join("site");
    let (ok, stdout, stderr) =
        publishing::publish(&manifest, &site, "http://127.0.0.1/teashop/", &dist);
    assert!(ok, "{stdout}\n{stderr}");
    let server = common::start_site(&site, "site-stock-catalog");
    let base = format!("{}/teashop/", server.url);
    let (status, _, body) = get(&format!("{base}catalog.json"), &[], &[]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(stock_of(&json(&body), "cup"), 1, "{body}");
    let (status, body, _) = common::post_order(&server, &order());
    assert_eq!(status, 201, "{body}");
    let (status, _, body) = get(&format!("{base}catalog.json"), &[], &[]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(stock_of(&json(&body), "cup"), 0, "{body}");
    assert_eq!(stock_of(&json(&body), "pot"), 1, "{body}");
    let (status, _, body) = get(&format!("{base}data/p/cup.json"), &[], &[]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(stock_of(&json(&body), "cup"), 0, "{body}");
}
