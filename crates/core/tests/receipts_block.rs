//! The manifest's `receipts` block (docs/manifest.md, docs/trust.md): the key list's
//! address, one bad fixture each with the exact problem, as in validation.rs.

use microshop_core::decode_manifest;
use serde_json::{json, Value};

mod common;
use common::manifest_errors as errors_of;

const MINIMAL: &str = include_str!("fixtures/minimal.json");

fn with_receipts(receipts: Value) -> Value {
    let mut doc: Value = serde_json::from_str(MINIMAL).expect("fixture is JSON");
    doc["receipts"] = receipts;
    doc
}

#[test]
fn the_key_lists_address_is_read() {
    let doc = with_receipts(json!({"keys": "/.well-known/microshop-receipt-key.json"}));
    let decoded = decode_manifest(&doc.to_string()).expect("valid");
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    assert_eq!(
        decoded.value.receipts.map(|r| r.keys).as_deref(),
        Some("/.well-known/microshop-receipt-key.json")
    );
    let none = decode_manifest(MINIMAL).expect("valid");
    assert_eq!(none.value.receipts, None, "absent: the well-known path");
}

#[test]
fn a_bad_receipts_block_names_what_and_where() {
    for (receipts, expected) in [
        (json!("keys.json"), "receipts: must be a group of keys in { }"),
        (json!({}), "receipts.keys: is required"),
        (
            json!({"keys": "javascript:alert(1)"}),
            "receipts.keys: uses the javascript: scheme; only https:// or http:// URLs and relative paths are allowed",
        ),
        (json!({"keys": 7}), "receipts.keys: write it in quotes"),
    ] {
        let errors = errors_of(&with_receipts(receipts.clone()));
        assert_eq!(errors.len(), 1, "{receipts}: {errors:?}");
        assert!(errors[0].starts_with(expected), "{receipts}: {errors:?}");
    }
}
