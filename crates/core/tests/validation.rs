//! Every validation rule of the manifest, one bad fixture each: a valid minimal
//! manifest with one change, and the exact problem it must produce.

use microshop_core::{decode_manifest, CatalogSource, Money};
use serde_json::{json, Value};

mod common;
use common::manifest_errors as errors_of;

const MINIMAL: &str = include_str!("fixtures/minimal.json");

fn base() -> Value {
    serde_json::from_str(MINIMAL).expect("fixture is JSON")
}

/// Sets (or with `None`, removes) the value at a JSON pointer.
fn edit(mut doc: Value, pointer: &str, value: Option<Value>) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a /");
    let target = doc.pointer_mut(parent).expect("parent exists");
    match (target, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_owned(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (Value::Array(items), Some(v)) => {
            let i: usize = key.parse().expect("index");
            if i == items.len() {
                items.push(v);
            } else {
                items[i] = v;
            }
        }
        _ => panic!("cannot edit {pointer}"),
    }
    doc
}

fn assert_only(doc: Value, expected: &str) {
    assert_eq!(errors_of(&doc), vec![expected.to_owned()]);
}

#[test]
fn minimal_fixture_is_valid() {
    let decoded = decode_manifest(MINIMAL).expect("valid");
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    let CatalogSource::Inline(catalog) = &decoded.value.catalog else {
        panic!("inline catalog")
    };
    let green = catalog.product("green").expect("green");
    assert_eq!(
        green.variants.len(),
        1,
        "a product without options gets one variant"
    );
    assert_eq!(green.price_of(&green.variants[0]), Money(1250));
    let tote = catalog.product("tote").expect("tote");
    assert_eq!(tote.price_of(&tote.variants[1]), Money(8900));
    assert_eq!(tote.lowest_price(), Money(7900));
    assert!(tote.has_price_range());
    assert!(!tote.sold_out());
}

#[cfg(feature = "typing-slips")]
#[test]
fn malformed_json_names_line_and_column() {
    let errors =
        decode_manifest("{\n  \"version\": 1,\n  \"id\": \"x\"\n  \"currency\": \"CNY\"\n}")
            .expect_err("malformed")
            .errors;
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].to_string(),
        "not valid JSON: line 3, column 12: a comma is missing; add , right after \"x\""
    );
    let eof = decode_manifest("{\"version\": 1,")
        .expect_err("truncated")
        .errors;
    assert!(eof[0].message.contains("ends too early"), "{}", eof[0]);
}

/// Without the seller's typing-slip diagnosis (the storefront's build), a file that
/// is not JSON is still reported with its line and column.
#[cfg(not(feature = "typing-slips"))]
#[test]
fn malformed_json_names_line_and_column() {
    let errors =
        decode_manifest("{\n  \"version\": 1,\n  \"id\": \"x\"\n  \"currency\": \"CNY\"\n}")
            .expect_err("malformed")
            .errors;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].to_string(), "not valid JSON: line 4, column 3");
}

#[test]
fn unknown_version() {
    assert_only(
        edit(base(), "/version", Some(json!(2))),
        "version: unknown version 2; this microshop reads version 1",
    );
    assert_only(
        edit(base(), "/version", None),
        "version: is required; write \"version\": 1",
    );
}

#[test]
fn missing_required_fields_are_all_reported() {
    let doc = edit(base(), "/seller/name", None);
    let doc = edit(doc, "/catalog/products/0/title", None);
    let doc = edit(doc, "/catalog/products/1/variants/0/sku", None);
    let doc = edit(doc, "/order", None);
    assert_eq!(
        errors_of(&doc),
        vec![
            "seller.name: is required; add \"name\" inside seller",
            "catalog.products[0] (green).title: is required; add \"title\" inside catalog.products[0]",
            "catalog.products[1] (tote).variants[0].sku: is required; add \"sku\" inside catalog.products[1].variants[0]",
            "order: is required; add \"order\" at the top of the file",
        ]
    );
}

#[test]
fn wrong_types() {
    assert_only(
        edit(base(), "/seller", Some(json!("Tiny"))),
        "seller: must be a group of keys in { }, such as {\"name\": \"...\"}; here it is text in quotes",
    );
    assert_only(
        edit(base(), "/catalog/products/0/stock", Some(json!("3"))),
        "catalog.products[0] (green).stock: write 3 without quotes",
    );
    assert_only(
        edit(base(), "/catalog/products/0/stock", Some(json!(-1))),
        "catalog.products[0] (green).stock: is below zero; write 0 or more",
    );
}

#[test]
fn unknown_currency() {
    assert_only(
        edit(base(), "/currency", Some(json!("XYZ"))),
        "currency: \"XYZ\" is not an ISO 4217 currency code this shop knows; write one such as CNY, USD, EUR, JPY",
    );
}

#[test]
fn duplicate_product_ids_and_skus() {
    let doc = edit(base(), "/catalog/products/1/id", Some(json!("green")));
    assert_only(
        doc,
        "catalog.products[1] (green).id: \"green\" is used by an earlier product; ids must be unique",
    );
    let doc = edit(
        base(),
        "/catalog/products/1/variants/1/sku",
        Some(json!("G-1")),
    );
    assert_only(
        doc,
        "catalog.products[1] (tote).variants[1].sku: \"G-1\" is used by an earlier product or variant; skus must be unique",
    );
}

#[test]
fn negative_and_malformed_prices() {
    assert_only(
        edit(
            base(),
            "/catalog/products/1/variants/1/price",
            Some(json!("-5")),
        ),
        "catalog.products[1] (tote).variants[1].price: \"-5\" is below zero; write 0 or more",
    );
    assert_only(
        edit(base(), "/catalog/products/0/price", Some(json!("12.345"))),
        "catalog.products[0] (green).price: \"12.345\" has more than 2 decimals, more than CNY allows; write at most 2, e.g. \"12.34\"",
    );
    assert_only(
        edit(base(), "/catalog/products/0/price", Some(json!("twelve"))),
        "catalog.products[0] (green).price: \"twelve\" is not an amount; write only digits and a point, e.g. \"12.50\"",
    );
    assert_only(
        edit(base(), "/catalog/products/0/price", Some(json!(12.5))),
        "catalog.products[0] (green).price: write the price in quotes, e.g. \"12.50\", so it is read exactly",
    );
    assert_only(
        edit(base(), "/catalog/products/0/price", Some(json!(-3))),
        "catalog.products[0] (green).price: -3 is below zero; write 0 or more",
    );
    assert_only(
        edit(base(), "/catalog/products/0/compare_at", Some(json!("10"))),
        "catalog.products[0] (green).compare_at: must be above price (it is the former price shown struck through)",
    );
    assert_only(
        edit(base(), "/shipping/0/free_over", Some(json!("1.001"))),
        "shipping[0].free_over: \"1.001\" has more than 2 decimals, more than CNY allows; write at most 2, e.g. \"1.00\"",
    );
}

#[test]
fn whole_units_in_zero_exponent_currency() {
    let doc = edit(base(), "/currency", Some(json!("JPY")));
    assert_eq!(
        errors_of(&doc),
        vec!["catalog.products[0] (green).price: \"12.50\" has decimals, but JPY has no smaller unit; write a whole number, e.g. \"12\""]
    );
}

#[test]
fn variant_option_values_must_exist() {
    assert_only(
        edit(base(), "/catalog/products/1/variants/0/options/size", Some(json!("XL"))),
        "catalog.products[1] (tote).variants[0].options.size: \"XL\" is not a value of option \"size\" (values: S, L)",
    );
    assert_only(
        edit(base(), "/catalog/products/1/variants/0/options/size", None),
        "catalog.products[1] (tote).variants[0].options: has no value for option \"size\"",
    );
    assert_only(
        edit(base(), "/catalog/products/1/variants/0/options/fabric", Some(json!("silk"))),
        "catalog.products[1] (tote).variants[0].options.fabric: \"fabric\" is not an option of this product",
    );
    assert_only(
        edit(base(), "/catalog/products/1/variants/1/options", Some(json!({"colour": "red", "size": "S"}))),
        "catalog.products[1] (tote).variants[1].options: the same combination is used by an earlier variant",
    );
}

#[test]
fn min_above_max_quantity() {
    let doc = edit(base(), "/catalog/products/0/min_qty", Some(json!(5)));
    let doc = edit(doc, "/catalog/products/0/max_qty", Some(json!(2)));
    assert_only(
        doc,
        "catalog.products[0] (green).min_qty: is 5, more than max_qty (2)",
    );
}

#[test]
fn unsafe_urls() {
    assert_only(
        edit(base(), "/seller/contacts/links/0/url", Some(json!("javascript:alert(1)"))),
        "seller.contacts.links[0].url: uses the javascript: scheme; only https:// or http:// URLs and relative paths are allowed",
    );
    assert_only(
        edit(base(), "/seller/contacts/links/0/url", Some(json!("data:text/html,hi"))),
        "seller.contacts.links[0].url: uses the data: scheme; only https:// or http:// URLs and relative paths are allowed",
    );
    assert_only(
        edit(
            base(),
            "/catalog/products/0/images",
            Some(json!(["data:text/html,<script>"])),
        ),
        "catalog.products[0] (green).images[0]: a data: URL here must be an image (data:image/...)",
    );
    assert!(errors_of(&edit(
        base(),
        "/catalog/products/0/images",
        Some(json!(["data:image/png;base64,AA=="]))
    ))
    .is_empty());
    assert_only(
        edit(base(), "/seller/avatar", Some(json!("JavaScript:alert(1)"))),
        "seller.avatar: uses the javascript: scheme; only https:// or http:// URLs and relative paths are allowed",
    );
}

#[test]
fn order_endpoint_must_be_https() {
    assert_only(
        edit(base(), "/order/endpoint", Some(json!("http://orders.example.com/hook"))),
        "order.endpoint: \"http://orders.example.com/hook\" is not https; orders carry buyers' names and addresses, so they must go over https (http only to localhost or 127.0.0.1 for development)",
    );
    for ok in [
        "http://localhost:8080/api/orders",
        "http://127.0.0.1/x",
        "/api/orders",
        "https://a.example/o",
    ] {
        assert!(
            errors_of(&edit(base(), "/order/endpoint", Some(json!(ok)))).is_empty(),
            "{ok}"
        );
    }
    assert_only(
        edit(base(), "/order/endpoint", Some(json!("api/orders"))),
        "order.endpoint: \"api/orders\" must be an https:// URL or a path on this shop's own site starting with / (such as /api/orders)",
    );
    assert_only(
        edit(base(), "/order/endpoint", Some(json!("http://localhost.evil.example/o"))),
        "order.endpoint: \"http://localhost.evil.example/o\" is not https; orders carry buyers' names and addresses, so they must go over https (http only to localhost or 127.0.0.1 for development)",
    );
}

#[test]
fn order_headers_cannot_replace_the_contract_headers() {
    assert_only(
        edit(
            base(),
            "/order/headers",
            Some(json!({"Idempotency-Key": "x"})),
        ),
        "order.headers.Idempotency-Key: is set by microshop itself and cannot be changed here",
    );
    assert_only(
        edit(base(), "/order/headers", Some(json!({"X-Key": "a\nb"}))),
        "order.headers.X-Key: contains the invisible character \\n (character 2); remove it",
    );
}

/// A header value goes into the order's HTTP request as it is: a line break ends the
/// header there, and a receiver's parser refuses any other control character, so
/// every order would fail. It is an error naming the header, not free text's warning
/// (FIX6B); a tab is one HTTP allows inside a value.
#[test]
fn a_control_character_in_a_header_value_is_an_error() {
    for (value, shown) in [
        ("a\rb", "\\r"),
        ("ab\u{b}", "\\u{b}"),
        ("a\u{0}", "\\u{0}"),
        ("a\u{1b}[2J", "\\u{1b}"),
        ("a\u{7f}", "\\u{7f}"),
        ("a\u{85}", "\\u{85}"),
    ] {
        let doc = edit(base(), "/order/headers", Some(json!({"X-Key": value})));
        let at = value.chars().position(char::is_control).expect("has one") + 1;
        assert_only(
            doc.clone(),
            &format!("order.headers.X-Key: contains the invisible character {shown} (character {at}); remove it"),
        );
        let refused = decode_manifest(&doc.to_string()).expect_err("refused");
        let warnings: Vec<String> = refused.warnings.iter().map(ToString::to_string).collect();
        assert!(warnings.is_empty(), "not also a warning: {warnings:?}");
    }
    let doc = edit(base(), "/order/headers", Some(json!({"X-Key": "a\tb"})));
    let decoded = decode_manifest(&doc.to_string()).expect("a tab is taken");
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    assert_eq!(decoded.value.order.headers["X-Key"], "a\tb");
}

#[test]
fn oversize_fields() {
    assert_only(
        edit(
            base(),
            "/catalog/products/0/title",
            Some(json!("x".repeat(201))),
        ),
        "catalog.products[0] (green).title: is 201 characters long; the limit is 200, so remove 1",
    );
    assert_only(
        edit(
            base(),
            "/catalog/products/0/description",
            Some(json!({"en": "y".repeat(5001)})),
        ),
        "catalog.products[0] (green).description.en: is 5001 characters long; the limit is 5000, so remove 1",
    );
    let product = json!({"id": "p", "title": "P", "sku": "S", "price": "1"});
    let mut many: Vec<Value> = (0..10_001)
        .map(|i| {
            let mut p = product.clone();
            p["id"] = json!(format!("p{i}"));
            p["sku"] = json!(format!("s{i}"));
            p
        })
        .collect();
    many.truncate(10_001);
    assert_only(
        edit(base(), "/catalog/products", Some(Value::Array(many))),
        "catalog.products: has 10001 items; the limit is 10000, so remove 1",
    );
}

#[test]
fn unknown_category_and_bad_ids() {
    assert_only(
        edit(
            base(),
            "/catalog/products/0/category",
            Some(json!("coffee")),
        ),
        "catalog.products[0] (green).category: \"coffee\" is not one of catalog.categories; write one of: tea",
    );
    assert_only(
        edit(base(), "/catalog/products/0/id", Some(json!("green tea"))),
        "catalog.products[0] (green tea).id: \"green tea\" may only use letters a-z, digits, - and _; write e.g. \"green-tea\"",
    );
}

#[test]
fn product_structure() {
    assert_only(
        edit(base(), "/catalog/products/0/price", None),
        "catalog.products[0] (green).price: is required",
    );
    assert_only(
        edit(base(), "/catalog/products/1/variants", None),
        "catalog.products[1] (tote).variants: is required when the product has options",
    );
    let doc = edit(base(), "/catalog/products/1/price", None);
    assert_only(
        doc,
        "catalog.products[1] (tote).variants[0].price: is required, because the product has no price",
    );
}

#[test]
fn text_maps_need_locale_tags() {
    assert_only(
        edit(base(), "/seller/name", Some(json!({"English": "Tiny"}))),
        "seller.name.English: \"English\" is not a language tag; write one such as \"en\" or \"zh-CN\"",
    );
}

#[test]
fn unknown_keys_are_warnings_not_errors() {
    let doc = edit(base(), "/catalog/products/0/prise", Some(json!("1")));
    let decoded = decode_manifest(&doc.to_string()).expect("still valid");
    assert_eq!(decoded.warnings.len(), 1);
    assert!(decoded.warnings[0].to_string().starts_with(
        "catalog.products[0] (green).prise: unknown key, ignored; did you mean \"price\"? (known keys here: id, title,"
    ));
}

#[test]
fn theme_tokens_cannot_inject_css() {
    assert_only(
        edit(base(), "/theme", Some(json!({"tokens": {"color-accent": "red; } body { display:none"}}))),
        "theme.tokens.color-accent: \"red; } body { display:none\" contains ';', which is not allowed in a token value (; { } \\ @ < > : ! * and the like are refused)",
    );
}

#[test]
fn the_demo_shop_is_valid() {
    let text = include_str!("../../../public/shop.json");
    let decoded = decode_manifest(text).expect("demo shop is valid");
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    let CatalogSource::Inline(catalog) = &decoded.value.catalog else {
        panic!("inline")
    };
    assert!(catalog.products.len() >= 24);
    assert!(catalog.categories.len() >= 4);
    assert!(catalog.products.iter().any(|p| p.sold_out()));
    assert!(
        catalog
            .products
            .iter()
            .filter(|p| !p.options.is_empty())
            .count()
            >= 3
    );
}

#[test]
fn a_field_required_for_shipping_names_options_that_exist() {
    let doc = edit(
        base(),
        "/checkout",
        Some(
            json!({"fields": [{"id": "address", "kind": "address", "required": ["post", "boat"]}]}),
        ),
    );
    assert_only(
        doc,
        "checkout.fields[0].required[1]: \"boat\" is not a shipping option of this shop; use one of: post",
    );
    let doc = edit(
        base(),
        "/checkout",
        Some(json!({"fields": [{"id": "address", "kind": "address", "required": "yes"}]})),
    );
    assert_only(
        doc,
        "checkout.fields[0].required: write true, false, or a list of shipping option ids such as [\"post\"]",
    );
}

#[test]
fn payment_needs_a_text_or_a_code() {
    assert_only(
        edit(base(), "/payment", Some(json!({}))),
        "payment: give a \"text\" telling buyers how to pay, a \"qr\" image of your payment code, or both",
    );
    let ok = edit(base(), "/payment", Some(json!({"qr": "images/pay.svg"})));
    assert!(errors_of(&ok).is_empty(), "{:?}", errors_of(&ok));
    assert_only(
        edit(base(), "/payment", Some(json!({"qr": "javascript:alert(1)"}))),
        "payment.qr: uses the javascript: scheme; only https:// or http:// URLs and relative paths are allowed",
    );
}

#[test]
fn trust_names_serves_api() {
    let ok = edit(base(), "/trust", Some(json!({"api": "/api/"})));
    assert!(errors_of(&ok).is_empty(), "{:?}", errors_of(&ok));
    let decoded = decode_manifest(&ok.to_string()).expect("valid");
    assert_eq!(decoded.value.trust.map(|t| t.api).as_deref(), Some("/api/"));
    assert_eq!(decode_manifest(MINIMAL).expect("valid").value.trust, None);
    assert_only(
        edit(base(), "/trust", Some(json!({}))),
        "trust.api: is required; add \"api\" inside trust",
    );
    assert_only(
        edit(base(), "/trust", Some(json!({"api": "javascript:alert(1)"}))),
        "trust.api: uses the javascript: scheme; only https:// or http:// URLs and relative paths are allowed",
    );
    assert_only(edit(base(), "/trust", Some(json!("/api/"))), "trust: must be a group of keys in { }, such as {\"name\": \"...\"}; here it is text in quotes");
}

#[test]
fn confirm_is_answer_or_none() {
    assert_only(
        edit(base(), "/order/confirm", Some(json!("maybe"))),
        "order.confirm: write \"answer\" (the endpoint confirms each order) or \"none\" (it cannot answer a browser, such as a chat webhook)",
    );
    let none = edit(base(), "/order/confirm", Some(json!("none")));
    let m = decode_manifest(&none.to_string()).expect("valid").value;
    assert_eq!(m.order.confirm, microshop_core::Confirm::None);
}

#[test]
fn texts_override_interface_words_with_their_placeholders() {
    use microshop_words::{Msg, Plural};
    let doc = edit(
        base(),
        "/texts",
        Some(json!({
            "zh-CN": {
                "what_next_text": "我们会在 24 小时内联系你。",
                "ships_within": { "one": "次日发货", "other": "{n} 天内发货" }
            },
            "en": { "pay_amount": "Send {amount}, note {ref}." }
        })),
    );
    let decoded = decode_manifest(&doc.to_string()).expect("valid");
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    let texts = &decoded.value.texts;
    assert_eq!(
        texts.get("zh-CN", Msg::WhatNextText),
        Some(&[(Plural::Other, "我们会在 24 小时内联系你。".to_owned())][..])
    );
    assert_eq!(
        texts.get("zh-CN", Msg::ShipsWithin).map(<[_]>::len),
        Some(2)
    );
    assert_eq!(texts.get("en", Msg::WhatNextText), None);

    let doc = edit(
        base(),
        "/texts",
        Some(json!({ "en": { "pay_amount": "Send {amount}, note {reference}." } })),
    );
    assert_only(doc, "texts.en.pay_amount: uses {reference}, which this message does not have (it has {amount}, {ref})");
    let doc = edit(
        base(),
        "/texts",
        Some(json!({ "en": { "cart": { "one": "Cart", "other": "Carts" } } })),
    );
    assert_only(
        doc,
        "texts.en.cart: has plural forms, but the message has no count {n} to choose them by",
    );
    let doc = edit(
        base(),
        "/texts",
        Some(json!({ "en": { "only_left": { "several": "{n}" } } })),
    );
    assert_only(doc, "texts.en.only_left.several: is not a plural form; write the text, or forms named zero, one, two, few, many and other");
    let doc = edit(base(), "/texts", Some(json!({ "en": { "cart": "" } })));
    assert_only(
        doc,
        "texts.en.cart: is empty; write some text between the quotes",
    );
    let doc = edit(base(), "/texts", Some(json!(["en"])));
    assert_eq!(errors_of(&doc).len(), 1);
}

/// U+0000 in a sku passed `check`, and then PostgreSQL refused to read the shop's
/// stock: every order of the shop was a 503 (SQLite took it). Control characters
/// and bidi overrides in a sku are refused, named by their code point, not echoed.
#[test]
fn control_and_bidi_characters_in_skus_are_refused() {
    assert_only(
        edit(base(), "/catalog/products/0/sku", Some(json!("G-1\u{0}"))),
        "catalog.products[0] (green).sku: contains the invisible character \\u{0} (character 4); remove it",
    );
    assert_only(
        edit(
            base(),
            "/catalog/products/1/variants/0/sku",
            Some(json!("T\u{1b}RS")),
        ),
        "catalog.products[1] (tote).variants[0].sku: contains the invisible character \\u{1b} (character 2); remove it",
    );
    for bidi in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{7f}'] {
        let errors = errors_of(&edit(
            base(),
            "/catalog/products/0/sku",
            Some(json!(format!("G{bidi}1"))),
        ));
        assert_eq!(
            errors,
            vec![format!(
                "catalog.products[0] (green).sku: contains the invisible character {} (character 2); remove it",
                bidi.escape_default()
            )]
        );
    }
}

/// A control character in free text (a title, a description, a label) is a warning,
/// not an error: U+000B is Word's manual line break, and a shop that had one was
/// valid before control characters were looked at; refusing it would take the live
/// shop down (`serve` and the storefront decode with the same rules). `check` still
/// says where and which. The server keeps such text only inside JSON (the order's
/// payload, a notification's body), where U+0000 is written escaped, so U+0000 in
/// free text is a warning too. In a sku or an id it stays an error.
#[test]
fn control_characters_in_free_text_are_warnings() {
    let doc = edit(
        base(),
        "/catalog/products/0/description",
        Some(json!("Two lines,\u{b}a bell\u{7}")),
    );
    let doc = edit(
        doc,
        "/catalog/products/0/title",
        Some(json!("Green\u{0} tea")),
    );
    let decoded = decode_manifest(&doc.to_string()).expect("decodes with warnings");
    let warnings: Vec<String> = decoded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        vec![
            "catalog.products[0] (green).title: contains the invisible character \\u{0} (character 6); remove it".to_owned(),
            "catalog.products[0] (green).description: contains the invisible character \\u{b} (character 11); remove it".to_owned(),
        ]
    );
    let CatalogSource::Inline(catalog) = &decoded.value.catalog else {
        panic!("inline catalog")
    };
    let green = catalog.product("green").expect("green");
    assert!(format!("{:?}", green.description).contains("lines,\\u{b}a"));
    let doc = edit(
        base(),
        "/catalog/products/0/description",
        Some(json!("Two lines,\r\nand a\ttab")),
    );
    let decoded = decode_manifest(&doc.to_string()).expect("valid");
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    // Still an error in a sku, the stock's key in the store.
    assert_only(
        edit(base(), "/catalog/products/0/sku", Some(json!("G-1\u{0}"))),
        "catalog.products[0] (green).sku: contains the invisible character \\u{0} (character 4); remove it",
    );
}

/// An id with a bidi override (it reorders the seller's terminal line) is refused
/// and shown with the override as U+FFFD (�), where it is.
#[test]
fn refused_ids_are_shown_without_their_invisible_characters() {
    let errors = errors_of(&edit(
        base(),
        "/catalog/products/0/id",
        Some(json!("abc\u{202E}gpj.exe")),
    ));
    assert_eq!(
        errors,
        vec!["catalog.products[0] (abc\u{FFFD}gpj.exe).id: \"abc\u{FFFD}gpj.exe\" may only use letters a-z, digits, - and _; write e.g. \"abcgpjexe\"".to_owned()]
    );
}

/// A stock too large for a count is "too large", whatever way it is written.
#[test]
fn a_count_too_large_says_so() {
    let doc: Value =
        serde_json::from_str(&MINIMAL.replace("\"stock\": 3", "\"stock\": 100000000000000000000"))
            .expect("JSON");
    assert_only(
        doc,
        "catalog.products[0] (green).stock: is too large; the most is 4294967295",
    );
}
