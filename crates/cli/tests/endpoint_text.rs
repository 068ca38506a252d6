//! What the endpoint refuses in an order's text, the same on SQLite and PostgreSQL
//! (review5 findings 2 and 4): U+0000 was stored by SQLite and made PostgreSQL fail
//! (503 "storage", resent by the storefront and never stored); made-up `customer`
//! keys were stored and shown to the seller as checkout fields. Both are a 422
//! naming the place, on either store, and nothing is stored.

mod common;
mod stores;

use common::{minimal_order, post_order, start_args};
use microshop_cli::store::Location;
use stores::{Backend, TestDb};

fn problems(body: &str) -> Vec<(String, String)> {
    let answer: serde_json::Value = serde_json::from_str(body).expect("JSON");
    answer["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap_or_default().to_owned(),
                p["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn hidden_characters_and_made_up_keys_are_refused_alike(backend: Backend) {
    let db = TestDb::new(backend, "endpoint_text");
    let url = match &db.location {
        Location::Sqlite(path) => path.display().to_string(),
        Location::Postgres(url) => url.clone(),
    };
    let server = start_args(&format!("text-{backend:?}"), &["--db", &url]);

    let mut order = minimal_order(1);
    order.customer.insert("name".into(), "Li\u{0}Wei".into());
    let (status, body, _) = post_order(&server, &order);
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        problems(&body),
        [("customer.name".into(), "control".into())]
    );

    let mut order = minimal_order(2);
    order.created_at.push('\u{0}');
    let (status, body, _) = post_order(&server, &order);
    assert_eq!(status, 422, "{body}");
    assert_eq!(problems(&body), [("created_at".into(), String::new())]);

    let mut order = minimal_order(3);
    order
        .customer
        .insert("payment".into(), "PAID IN FULL, ship 10 units".into());
    let (status, body, _) = post_order(&server, &order);
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        problems(&body),
        [("customer.payment".into(), "unknown".into())]
    );

    // REVIEW8 section 1: `created_at` and `locale` are signed into the receipt, so
    // free text there ("placed 2026-12-07 PAID IN FULL") was a proof of payment in
    // the seller's name. Only an RFC 3339 time and a language tag are taken.
    let mut order = minimal_order(4);
    order.created_at =
        "2026-12-07 PAID IN FULL by bank transfer; seller confirms receipt of 68.00 CNY".into();
    let (status, body, _) = post_order(&server, &order);
    assert_eq!(status, 422, "{body}");
    assert_eq!(problems(&body), [("created_at".into(), String::new())]);
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["problems"][0]["code"], "created_at", "{body}");

    let mut order = minimal_order(5);
    order.locale = "en (seller guarantees delivery by 24 Dec)".into();
    let (status, body, _) = post_order(&server, &order);
    assert_eq!(status, 422, "{body}");
    assert_eq!(problems(&body), [("locale".into(), String::new())]);
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["problems"][0]["code"], "locale", "{body}");
    assert_eq!(answer["error"], "invalid_order", "{body}");

    // Nothing of them was stored: the same ids, corrected, are new orders. The first
    // has a tab in its name (a pasted spreadsheet row): taken and stored on either store.
    // The third is placed at a time with an offset, in another of the shop's languages.
    for n in 1..=3 {
        let mut order = minimal_order(n);
        if n == 1 {
            order.customer.insert("name".into(), "Li\tWei".into());
        }
        if n == 3 {
            order.created_at = "2026-11-28T18:00:00.318+08:00".into();
            order.locale = "zh-CN".into();
        }
        let (status, body, replayed) = post_order(&server, &order);
        assert_eq!((status, replayed), (201, None), "{body}");
    }
}

on_both_backends!(hidden_characters_and_made_up_keys_are_refused_alike);
