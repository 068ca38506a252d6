//! Shared by the integration tests: the minimal fixture shop and an order from it.
#![allow(dead_code)]

use microshop_core::cart::Cart;
use microshop_core::order::*;
use microshop_core::{decode_manifest, Catalog, CatalogSource, Manifest};
use serde_json::Value;
use std::collections::BTreeMap;

pub fn shop() -> (Manifest, Catalog) {
    let m = decode_manifest(include_str!("../fixtures/minimal.json"))
        .expect("valid")
        .value;
    let c = match &m.catalog {
        CatalogSource::Inline(c) => c.clone(),
        CatalogSource::Remote { .. } => panic!("inline"),
    };
    (m, c)
}

pub fn input() -> CheckoutInput {
    CheckoutInput {
        customer: BTreeMap::from([
            ("name".to_owned(), "Li Wei".to_owned()),
            ("phone".to_owned(), "+86 138 0000 0000".to_owned()),
            ("address".to_owned(), "1 Tea Street\nFuzhou".to_owned()),
            ("note".to_owned(), "Ring twice".to_owned()),
        ]),
        shipping_id: Some("post".to_owned()),
        referral: Some("amy".to_owned()),
    }
}

pub const ID: &str = "ord_00112233445566778899aabbccddeeff";

pub fn order() -> OrderRequest {
    let (m, c) = shop();
    let mut cart = Cart::default();
    cart.add(&c, "G-1", 2).expect("add");
    cart.add(&c, "T-RS", 1).expect("add");
    build_order(
        &m,
        &c,
        &cart,
        &input(),
        "en",
        ID.to_owned(),
        "2026-11-28T10:00:00Z".to_owned(),
    )
    .expect("builds")
}

/// Every error of a manifest document, as printed.
pub fn manifest_errors(doc: &Value) -> Vec<String> {
    match decode_manifest(&doc.to_string()) {
        Ok(_) => Vec::new(),
        Err(r) => r.errors.iter().map(ToString::to_string).collect(),
    }
}
