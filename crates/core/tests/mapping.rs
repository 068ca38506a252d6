//! Payload mappings: the canonical order onto other shapes, and their answers.

use microshop_core::delivery::answer::{read_answer, read_redirect, Outcome};
use microshop_core::delivery::request::request_body;
use microshop_core::delivery::template::{lookup, render};
use microshop_core::manifest::{AnswerBody, AnswerSpec, BodyFormat, OnRedirect};
use microshop_core::order::OrderRequest;
use serde_json::{json, Value};

mod common;
use common::{manifest_errors, order};

#[test]
fn a_chat_webhook_gets_one_text_message() {
    let template = json!({"text": "New order {{order_id}} from {{customer.name}}: {{total_text}}\n{{lines_text}}"});
    let (content_type, body) = request_body(BodyFormat::Json, Some(&template), &order());
    assert_eq!(content_type, "application/json");
    let body: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        body["text"],
        "New order ord_00112233445566778899aabbccddeeff from Li Wei: 104.00 CNY\n2 × Green tea 25.00\n1 × Tote (Colour: Red, Size: S) 79.00"
    );
}

#[test]
fn a_rest_api_gets_nested_records_with_typed_values() {
    let template = json!({
        "data": {
            "reference": "{{order_id}}",
            "amount": "{{total}}",
            "items": {"$each": "lines", "as": {"code": "{{sku}}", "qty": "{{quantity}}", "shop": "{{order.shop_id}}"}},
            "count": "{{item_count}}",
            "buyer": "{{customer}}"
        }
    });
    let (_, body) = request_body(BodyFormat::Json, Some(&template), &order());
    let body: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        body["data"]["items"],
        json!([
            {"code": "G-1", "qty": 2, "shop": "tiny-shop"},
            {"code": "T-RS", "qty": 1, "shop": "tiny-shop"}
        ])
    );
    assert_eq!(
        body["data"]["count"],
        json!(3),
        "a lone placeholder keeps the value's type"
    );
    assert_eq!(body["data"]["buyer"]["name"], "Li Wei");
}

#[test]
fn a_form_service_gets_url_encoded_fields() {
    let template = json!({"order": "{{order_id}}", "name": "{{customer.name}}", "total": "{{total}}", "items": "{{lines_text}}"});
    let (content_type, body) = request_body(BodyFormat::Form, Some(&template), &order());
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    assert_eq!(
        body,
        "items=2+%C3%97+Green+tea+25.00%0A1+%C3%97+Tote+%28Colour%3A+Red%2C+Size%3A+S%29+79.00&name=Li+Wei&order=ord_00112233445566778899aabbccddeeff&total=104.00"
    );
}

#[test]
fn without_a_mapping_the_body_is_the_documented_contract() {
    let o = order();
    let (_, body) = request_body(BodyFormat::Json, None, &o);
    assert_eq!(
        serde_json::from_str::<OrderRequest>(&body).expect("contract"),
        o
    );
}

#[test]
fn answers_are_read_where_the_mapping_says() {
    let spec = AnswerSpec {
        id: Some("data.id".into()),
        status: Some("data.state".into()),
        ..Default::default()
    };
    let Outcome::Accepted(a) =
        read_answer(&spec, 201, r#"{"data": {"id": 42, "state": "new"}}"#, None)
    else {
        panic!("accepted")
    };
    assert_eq!(
        (a.order_id.as_deref(), a.status.as_deref()),
        (Some("42"), Some("new"))
    );
    assert!(matches!(
        read_answer(&AnswerSpec::default(), 200, "ok", None),
        Outcome::Failed { .. }
    ));
    // A numeric id does not cost the buyer the payment link.
    let numeric = r#"{"order_id": 1042, "payment_url": "https://pay.example/1"}"#;
    let Outcome::Accepted(a) = read_answer(&AnswerSpec::default(), 201, numeric, None) else {
        panic!("accepted")
    };
    assert_eq!(
        (a.order_id.as_deref(), a.payment_url.as_deref()),
        (Some("1042"), Some("https://pay.example/1"))
    );
    let any = AnswerSpec {
        body: AnswerBody::Any,
        ..Default::default()
    };
    assert!(matches!(
        read_answer(&any, 200, "ok", None),
        Outcome::Accepted(_)
    ));
    assert!(matches!(
        read_answer(&any, 503, "busy", Some("3")),
        Outcome::Retry {
            retry_after_secs: Some(3),
            ..
        }
    ));
    assert!(matches!(
        read_redirect(&AnswerSpec::default()),
        Outcome::Failed { .. }
    ));
    let redirect_ok = AnswerSpec {
        redirect: OnRedirect::Accept,
        ..Default::default()
    };
    assert!(matches!(read_redirect(&redirect_ok), Outcome::Accepted(_)));
}

#[test]
fn the_manifest_reports_mapping_mistakes_with_their_paths() {
    let mut doc: Value = serde_json::from_str(include_str!("fixtures/minimal.json")).expect("json");
    doc["order"] = json!({
        "endpoint": "https://hooks.example/x",
        "format": "form",
        "body": ["{{order_id}}"],
        "timeout_secs": 1,
        "response": {"body": "xml", "redirect": "maybe"}
    });
    let errors = manifest_errors(&doc);
    assert_eq!(errors, vec![
        "order.timeout_secs: is 1; use 2 to 120 seconds",
        "order.body: must be an object {...} when format is \"form\": its keys become the form's fields",
        "order.response.body: must be \"json\" or \"any\"",
        "order.response.redirect: must be \"fail\" or \"accept\"",
    ]);
    doc["order"] = json!({
        "endpoint": "https://hooks.example/x",
        "body": {"text": "{{totl}}", "items": {"$each": "lines", "as": {"x": "{{skew}}", "y": "{{order.bogus}}"}}}
    });
    let errors = manifest_errors(&doc);
    assert_eq!(errors, vec![
        "order.body.items.as.x: {{skew}} names nothing in an order line; did you mean {{sku}}? A line has product_id, sku, title, options, unit_price, quantity, line_total, and order. for the whole order's fields",
        "order.body.items.as.y: {{order.bogus}} names nothing in an order; it has schema, order_id, created_at, shop_id, currency, locale, lines, subtotal, shipping, total, customer, note, referral, summary, order_ref, lines_text, total_text, item_count",
        "order.body.text: {{totl}} names nothing in an order; did you mean {{total}}? It has schema, order_id, created_at, shop_id, currency, locale, lines, subtotal, shipping, total, customer, note, referral, summary, order_ref, lines_text, total_text, item_count",
    ]);
}

#[test]
fn lookups_follow_dots_and_indexes() {
    let v = json!({"a": {"b": [{"c": 1}, {"c": 2}]}});
    assert_eq!(lookup(&v, "a.b[1].c"), Some(&json!(2)));
    assert_eq!(lookup(&v, "a.b[9].c"), None);
    assert_eq!(lookup(&v, "a.x"), None);
}

#[test]
fn templates_fill_nested_objects_and_items_that_are_not_objects() {
    // Each item of a list of plain values is `value` inside `as`; objects keep every key.
    let ctx = json!({"tags": ["green", "oolong"], "total": "12.00", "customer": {"name": "Ana"}});
    let template = json!({
        "b": {"z": "{{total}}", "a": {"who": "{{customer.name}}"}},
        "tags": {"$each": "tags", "as": {"tag": "{{value}}", "of": "{{order.total}}"}},
        "none": {"$each": "missing", "as": {"x": "{{value}}"}}
    });
    assert_eq!(
        render(&template, &ctx),
        json!({
            "b": {"a": {"who": "Ana"}, "z": "12.00"},
            "tags": [{"of": "12.00", "tag": "green"}, {"of": "12.00", "tag": "oolong"}],
            "none": []
        })
    );
}

#[test]
fn placeholders_are_checked_to_the_full_path() {
    let mut doc: Value = serde_json::from_str(include_str!("fixtures/minimal.json")).expect("json");
    doc["order"] = json!({
        "endpoint": "https://hooks.example/x",
        "body": {
            "a": "{{customer.fax}}",
            "b": "{{lines[0].titel}}",
            "c": "{{shipping.nmae}}",
            "d": "{{customer.name}} {{lines[0].options.size}} {{shipping.label}} {{lines}} {{customer}}",
            "e": "{{total.amount}}",
            "f": {"$each": "lines", "as": {"x": "{{titel}}", "y": "{{order.customer.fax}}", "z": "{{options.colour}} {{order.lines[0].sku}}"}},
        }
    });
    assert_eq!(manifest_errors(&doc), vec![
        "order.body.a: {{customer.fax}} names no checkout field of this shop; write one of {{customer.name}}, {{customer.phone}}, {{customer.address}}, {{customer.note}}",
        "order.body.b: {{lines[0].titel}} names nothing in an order line; did you mean {{lines[0].title}}? A line has product_id, sku, title, options, unit_price, quantity, line_total",
        "order.body.c: {{shipping.nmae}} names nothing in the shipping choice; it has id, label, price",
        "order.body.e: {{total.amount}} has nothing inside it; write {{total}}",
        "order.body.f.as.x: {{titel}} names nothing in an order line; did you mean {{title}}? A line has product_id, sku, title, options, unit_price, quantity, line_total, and order. for the whole order's fields",
        "order.body.f.as.y: {{order.customer.fax}} names no checkout field of this shop; write one of {{order.customer.name}}, {{order.customer.phone}}, {{order.customer.address}}, {{order.customer.note}}",
    ]);
}

#[test]
fn customer_placeholders_follow_the_shops_checkout_fields() {
    let mut doc: Value = serde_json::from_str(include_str!("fixtures/minimal.json")).expect("json");
    doc["checkout"] = json!({"fields": [{"id": "fax", "kind": "phone"}]});
    doc["order"] = json!({"endpoint": "https://hooks.example/x", "body": {"a": "{{customer.fax}}", "b": "{{customer.name}}"}});
    assert_eq!(manifest_errors(&doc), vec![
        "order.body.b: {{customer.name}} names no checkout field of this shop; write one of {{customer.fax}}",
    ]);
}
