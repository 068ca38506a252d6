//! Stock over real HTTP: concurrent buyers of the last items, the 409 a buyer gets,
//! the levels /shop.json shows, and the seller's new count.

use microshop_core::order::OrderRequest;

mod common;
use common::{get, minimal_order, post_order, start};

/// The fixture's green tea (G-1) has a count of 3.
fn green_tea_stock(server: &common::Server) -> serde_json::Value {
    let (status, body) = get(&format!("{}/shop.json", server.url));
    assert_eq!(status, 200);
    let shop: serde_json::Value = serde_json::from_str(&body).expect("json");
    shop["catalog"]["products"][0]["stock"].clone()
}

#[test]
fn concurrent_buyers_of_the_last_items_get_them_or_a_409() {
    let server = start("stock-race");
    assert_eq!(green_tea_stock(&server), 3);
    let orders: Vec<OrderRequest> = (0..8).map(|n| minimal_order(40 + n)).collect();
    let answers: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = orders
            .iter()
            .map(|o| {
                let server = &server;
                s.spawn(move || {
                    let (status, body, _) = post_order(server, o);
                    (status, body)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let accepted = answers.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(accepted, 3, "{answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != 201) {
        assert_eq!(*status, 409, "{body}");
        let refused: serde_json::Value = serde_json::from_str(body).expect("json");
        assert_eq!(refused["error"], "prices_changed", "{body}");
        assert_eq!(refused["problems"][0]["code"], "out_of_stock", "{body}");
        assert_eq!(refused["problems"][0]["sku"], "G-1", "{body}");
    }
    assert_eq!(green_tea_stock(&server), 0, "/shop.json shows what is left");

    // The seller counted again: 5 on the shelf, 3 of them sold to the three open
    // orders (not yet shipped): 2 for sale (docs/store.md "Stock").
    let manifest = server.dir.join("dist/shop.json");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, text.replace("\"stock\": 3}", "\"stock\": 5}")).expect("write");
    assert_eq!(green_tea_stock(&server), 2);
    let (status, body, _) = post_order(&server, &minimal_order(60));
    assert_eq!(status, 201, "{body}");
    assert_eq!(green_tea_stock(&server), 1);
}

#[test]
fn more_than_is_left_is_refused_with_the_quantity_allowed() {
    let server = start("stock-limit");
    let mut order = minimal_order(70);
    order.lines[0].quantity = 4;
    order.lines[0].line_total = "50.00".into();
    order.subtotal = "50.00".into();
    order.total = "60.00".into();
    let (status, body, _) = post_order(&server, &order);
    assert_eq!(status, 409, "{body}");
    let refused: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(refused["problems"][0]["code"], "out_of_stock", "{body}");
    assert_eq!(
        refused["problems"][0]["path"], "lines[0].quantity",
        "{body}"
    );
    assert_eq!(refused["problems"][0]["expected"], "1-3", "{body}");
}
