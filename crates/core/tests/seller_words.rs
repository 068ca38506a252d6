//! Problems as a seller reads them: every problem inside a product names the
//! product, every message says what to write, and the usual typing slips of a
//! Chinese keyboard are recognised in a file that is not valid JSON.

use microshop_core::{decode_manifest, CatalogSource};
use serde_json::{json, Value};

mod common;
use common::manifest_errors as errors_of;

const MINIMAL: &str = include_str!("fixtures/minimal.json");

fn base() -> Value {
    serde_json::from_str(MINIMAL).expect("fixture is JSON")
}

/// The only error of `text`, which is not valid JSON.
fn syntax_error(text: &str) -> String {
    let errors = decode_manifest(text).expect_err("not valid JSON").errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0].to_string()
}

#[test]
fn a_problem_inside_a_product_names_the_product() {
    let mut doc = base();
    doc["catalog"]["products"][1]["variants"][1]["stock"] = json!("3");
    doc["catalog"]["products"][0]["price"] = json!("twelve");
    let decoded = decode_manifest(&doc.to_string()).expect_err("invalid");
    let shown: Vec<String> = decoded.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        vec![
            "catalog.products[0] (green).price: \"twelve\" is not an amount; write only digits and a point, e.g. \"12.50\"",
            "catalog.products[1] (tote).variants[1].stock: write 3 without quotes",
        ]
    );
    // The machine path is kept as it was.
    assert_eq!(
        decoded.errors[1].path,
        "catalog.products[1].variants[1].stock"
    );
    assert_eq!(
        decoded.errors[1].located(),
        "catalog.products[1] (tote).variants[1].stock"
    );
}

#[test]
fn a_product_without_an_id_is_named_by_its_title() {
    let mut doc = base();
    doc["catalog"]["products"][0]
        .as_object_mut()
        .expect("object")
        .remove("id");
    assert_eq!(
        errors_of(&doc),
        vec!["catalog.products[0] (Green tea).id: is required; add \"id\" inside catalog.products[0]"]
    );
}

#[test]
fn messages_say_what_to_write() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("/catalog/products/0/stock", json!("0"), "catalog.products[0] (green).stock: write 0 without quotes"),
        ("/catalog/products/0/stock", json!("many"), "catalog.products[0] (green).stock: must be a whole number without quotes, e.g. 3; here it is text in quotes"),
        ("/catalog/products/0/stock", json!(2.5), "catalog.products[0] (green).stock: must be a whole number, e.g. 3, not 2.5"),
        ("/catalog/products/0/stock", json!(-1), "catalog.products[0] (green).stock: is below zero; write 0 or more"),
        ("/catalog/products/0/price", json!(28.5), "catalog.products[0] (green).price: write the price in quotes, e.g. \"28.50\", so it is read exactly"),
        ("/catalog/products/0/price", json!("28元"), "catalog.products[0] (green).price: \"28元\" is more than a number; write only the number, e.g. \"28.00\""),
        ("/catalog/products/0/price", json!("¥28"), "catalog.products[0] (green).price: \"¥28\" is more than a number; write only the number, e.g. \"28.00\""),
        ("/catalog/products/0/price", json!("RMB 12.5"), "catalog.products[0] (green).price: \"RMB 12.5\" is more than a number; write only the number, e.g. \"12.50\""),
        ("/catalog/products/0/price", json!(true), "catalog.products[0] (green).price: must be an amount in quotes, e.g. \"28.00\"; here it is true or false"),
        ("/catalog/products/0/price", json!("12.345"), "catalog.products[0] (green).price: \"12.345\" has more than 2 decimals, more than CNY allows; write at most 2, e.g. \"12.34\""),
        ("/catalog/products/0/price", json!("-5"), "catalog.products[0] (green).price: \"-5\" is below zero; write 0 or more"),
        ("/catalog/products/0/title", json!(""), "catalog.products[0] (green).title: is empty; write some text between the quotes"),
        ("/catalog/products/0/title", json!(12), "catalog.products[0] (green).title: write it in quotes: \"12\""),
        ("/catalog/products/0/title", json!({}), "catalog.products[0] (green).title: has no language; write text in quotes, or e.g. {\"en\": \"...\"}"),
        ("/catalog/products/0/title", json!(["a"]), "catalog.products[0] (green).title: must be text in quotes, or one text per language such as {\"en\": \"...\", \"zh-CN\": \"...\"}; here it is a list in [ ]"),
        ("/catalog/products/0/images", json!("a.jpg"), "catalog.products[0] (green).images: must be a list in [ ]; write [\"a.jpg\"]"),
        ("/catalog/products/0/id", json!("Green Tea!"), "catalog.products[0] (Green Tea!).id: \"Green Tea!\" may only use letters a-z, digits, - and _; write e.g. \"green-tea\""),
        ("/catalog/products/0/tags", json!({"a": 1}), "catalog.products[0] (green).tags: must be a list in [ ], e.g. [\"...\"]; here it is a group in { }"),
        ("/seller", json!("Tiny"), "seller: must be a group of keys in { }, such as {\"name\": \"...\"}; here it is text in quotes"),
        ("/seller/name", json!({"English": "Tiny"}), "seller.name.English: \"English\" is not a language tag; write one such as \"en\" or \"zh-CN\""),
        ("/catalog/products/0/category", json!("coffee"), "catalog.products[0] (green).category: \"coffee\" is not one of catalog.categories; write one of: tea"),
    ];
    for (pointer, value, expected) in cases {
        let mut doc = base();
        let (parent, key) = pointer.rsplit_once('/').expect("a /");
        doc.pointer_mut(parent).expect("parent exists")[key] = value;
        assert_eq!(errors_of(&doc), vec![expected.to_owned()], "{pointer}");
    }
}

#[test]
fn a_product_without_options_may_leave_out_its_sku() {
    let mut doc = base();
    doc["catalog"]["products"][0]
        .as_object_mut()
        .expect("object")
        .remove("sku");
    let decoded = decode_manifest(&doc.to_string()).expect("valid without a sku");
    let CatalogSource::Inline(catalog) = &decoded.value.catalog else {
        panic!("inline")
    };
    let green = catalog.product("green").expect("green");
    assert_eq!(green.variants[0].sku, "green");
    assert_eq!(green.sku.as_deref(), Some("green"));
    // The id, as a sku, must not clash with another product's.
    doc["catalog"]["products"][1]["variants"][0]["sku"] = json!("green");
    assert_eq!(
        errors_of(&doc),
        vec!["catalog.products[1] (tote).variants[0].sku: \"green\" is used by an earlier product or variant; skus must be unique"]
    );
}

#[test]
fn unknown_keys_suggest_the_nearest_known_key() {
    let mut doc = base();
    doc["catalog"]["products"][0]["prise"] = json!("1");
    let decoded = decode_manifest(&doc.to_string()).expect("still valid");
    assert!(
        decoded.warnings[0].to_string().starts_with(
            "catalog.products[0] (green).prise: unknown key, ignored; did you mean \"price\"? (known keys here: id, title,"
        ),
        "{}",
        decoded.warnings[0]
    );
}

#[test]
fn curly_quotes_are_recognised() {
    assert_eq!(
        syntax_error("{\n  \"version\": 1,\n  “id”: \"x\"\n}"),
        "not valid JSON: line 3, column 3: “ is a curly quote; write the straight quote \" instead (switch the keyboard to English punctuation)"
    );
    assert_eq!(
        syntax_error("{\"id\": 「x」}"),
        "not valid JSON: line 1, column 8: 「 is a corner quote; write the straight quote \" instead (switch the keyboard to English punctuation)"
    );
    assert_eq!(
        syntax_error("{\"id\": ‘x’}"),
        "not valid JSON: line 1, column 8: ‘ is a curly quote; write the straight quote \" instead (switch the keyboard to English punctuation)"
    );
}

#[test]
fn curly_quotes_inside_text_are_fine() {
    let mut doc = base();
    doc["catalog"]["products"][0]["title"] = json!("“好”茶，「新」");
    assert!(errors_of(&doc).is_empty());
}

#[test]
fn a_curly_quote_closing_a_straight_one_is_found() {
    assert_eq!(
        syntax_error("{\n  \"id\": \"x”,\n  \"currency\": \"CNY\"\n}"),
        "not valid JSON: line 2, column 11: ” is a curly quote; write the straight quote \" instead (switch the keyboard to English punctuation)"
    );
}

#[test]
fn full_width_punctuation_is_recognised() {
    assert_eq!(
        syntax_error("{\n  \"version\": 1，\n  \"id\": \"x\"\n}"),
        "not valid JSON: line 2, column 15: ， is a full-width comma; write , instead (switch the keyboard to English punctuation)"
    );
    assert_eq!(
        syntax_error("{\"version\"： 1}"),
        "not valid JSON: line 1, column 11: ： is a full-width colon; write : instead (switch the keyboard to English punctuation)"
    );
    assert_eq!(
        syntax_error("{\"locales\": ［\"en\"]}"),
        "not valid JSON: line 1, column 13: ［ is a full-width bracket; write [ instead (switch the keyboard to English punctuation)"
    );
    assert_eq!(
        syntax_error("｛\"version\": 1}"),
        "not valid JSON: line 1, column 1: ｛ is a full-width brace; write { instead (switch the keyboard to English punctuation)"
    );
}

#[test]
fn a_missing_comma_is_reported_where_it_belongs() {
    assert_eq!(
        syntax_error("{\n  \"version\": 1,\n  \"id\": \"x\"\n  \"currency\": \"CNY\"\n}"),
        "not valid JSON: line 3, column 12: a comma is missing; add , right after \"x\""
    );
    assert_eq!(
        syntax_error("{\"locales\": [\"en\"\n  \"zh-CN\"]}"),
        "not valid JSON: line 1, column 18: a comma is missing; add , right after \"en\""
    );
}

#[test]
fn other_slips_are_worded_too() {
    assert_eq!(
        syntax_error("{\n  \"version\": 1,\n}"),
        "not valid JSON: line 2, column 15: remove this comma; nothing may follow it before } or ]"
    );
    assert_eq!(
        syntax_error("{\n  version: 1\n}"),
        "not valid JSON: line 2, column 3: write the key in straight double quotes, e.g. \"version\""
    );
    assert_eq!(
        syntax_error("{\"id\": \"a\nb\"}"),
        "not valid JSON: line 1, column 10: a line break inside text in quotes; close the quote before the line ends, or write \\n"
    );
}

#[test]
fn a_byte_order_mark_is_not_a_mistake() {
    let text = format!("\u{feff}{MINIMAL}");
    assert!(decode_manifest(&text).is_ok());
}
