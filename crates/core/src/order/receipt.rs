//! A signed receipt's terms: what the shop agreed to when it accepted an order,
//! in one canonical byte form that the shop signs and anyone can check
//! (docs/trust.md). Pure: the acceptance time is passed in, and the signing and
//! its keys live in the CLI (`microshop receipt-key`, `serve`, `receipt verify`).

use super::{OrderRequest, Pairs};
use crate::manifest::Manifest;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The schema tag of the terms (and of the receipt file that carries them).
pub const RECEIPT_SCHEMA: &str = "microshop.receipt/1";

/// What the shop promised with an accepted order. Every amount is the order's
/// decimal string in its currency; there are no floats anywhere in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptTerms {
    /// Always [`RECEIPT_SCHEMA`].
    pub schema: String,
    pub order_id: String,
    /// The manifest's `id`.
    pub shop_id: String,
    /// The seller's name, in the order's locale.
    pub seller: String,
    /// The locale the texts below are in.
    pub locale: String,
    /// When the buyer placed the order (the order's `created_at`).
    pub placed_at: String,
    /// When the shop accepted it, RFC 3339 UTC, by the shop's clock.
    pub accepted_at: String,
    pub currency: String,
    pub lines: Vec<ReceiptLine>,
    pub subtotal: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<ReceiptShipping>,
    pub total: String,
    /// The seller's policies in force when the order was accepted.
    pub policies: ReceiptPolicies,
}

/// One line bought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptLine {
    pub product_id: String,
    pub sku: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Pairs::is_empty")]
    pub options: Pairs,
    pub unit_price: String,
    pub quantity: u32,
    pub line_total: String,
}

/// The shipping chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptShipping {
    pub id: String,
    pub label: String,
    pub price: String,
}

/// The policy texts a buyer relied on, in the order's locale; absent when the
/// shop states none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptPolicies {
    /// The delivery promise: the seller ships within this many days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ships_within_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guarantee: Option<String>,
}

/// The terms of `order`, verified against `manifest`'s shop, accepted at
/// `accepted_at` (RFC 3339 UTC, the caller's clock).
pub fn receipt_terms(manifest: &Manifest, order: &OrderRequest, accepted_at: &str) -> ReceiptTerms {
    let locale = order.locale.as_str();
    let fallback = manifest.default_locale();
    let text = |t: &crate::text::Text| t.get(locale, fallback).to_owned();
    let policies = &manifest.seller.policies;
    ReceiptTerms {
        schema: RECEIPT_SCHEMA.to_owned(),
        order_id: order.order_id.clone(),
        shop_id: manifest.id.clone(),
        seller: text(&manifest.seller.name),
        locale: order.locale.clone(),
        placed_at: order.created_at.clone(),
        accepted_at: accepted_at.to_owned(),
        currency: order.currency.clone(),
        lines: order
            .lines
            .iter()
            .map(|l| ReceiptLine {
                product_id: l.product_id.clone(),
                sku: l.sku.clone(),
                title: l.title.clone(),
                options: l.options.clone(),
                unit_price: l.unit_price.clone(),
                quantity: l.quantity,
                line_total: l.line_total.clone(),
            })
            .collect(),
        subtotal: order.subtotal.clone(),
        shipping: order.shipping.as_ref().map(|s| ReceiptShipping {
            id: s.id.clone(),
            label: s.label.clone(),
            price: s.price.clone(),
        }),
        total: order.total.clone(),
        policies: ReceiptPolicies {
            ships_within_days: policies.ships_within_days,
            shipping: policies.shipping.as_ref().map(text),
            returns: policies.returns.as_ref().map(text),
            guarantee: policies.guarantee.as_ref().map(text),
        },
    }
}

impl ReceiptTerms {
    /// The bytes that are signed: [`canonical_json`] of the terms.
    pub fn canonical(&self) -> String {
        // The terms hold only strings, integers, arrays and objects: always canonical.
        serde_json::to_value(self)
            .ok()
            .and_then(|v| canonical_json(&v).ok())
            .unwrap_or_default()
    }
}

/// The canonical encoding of a JSON value (docs/trust.md): no whitespace, object
/// keys sorted by their UTF-8 bytes, strings escaped as serde_json escapes them,
/// integers in plain decimal. A number with a fraction or exponent is refused:
/// the terms carry money as decimal strings, never as floats.
pub fn canonical_json(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    write_canonical(value, "terms", &mut out)?;
    Ok(out)
}

fn write_canonical(value: &Value, path: &str, out: &mut String) -> Result<(), String> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else if let Some(u) = n.as_u64() {
                out.push_str(&u.to_string());
            } else {
                return Err(format!(
                    "{path} is a number with a fraction ({n}): receipts carry no floats"
                ));
            }
        }
        Value::String(s) => out.push_str(&Value::String(s.clone()).to_string()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, &format!("{path}[{i}]"), out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            // serde_json's map (built without `preserve_order`, so a `BTreeMap<String, _>`)
            // yields its keys in `String`'s order, which is their UTF-8 bytes' order: already
            // the canonical one. Sorting them again put a copy of the standard library's
            // stable sort into the storefront's `trust` part (docs/performance.md); the
            // tests below fail if the map's order ever differs.
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, &format!("{path}.{key}"), out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// The file a buyer saves: the receipt `text` as the shop signed it, with the
/// shop's address (`home`, absolute) added first, unsigned, so `microshop receipt
/// verify` finds the shop's keys by itself. Spliced into the text rather than
/// serialized again (a writer for a receipt would be code the storefront's first
/// load shares: docs/performance.md). A text whose first key is already `shop` is
/// kept as it is; only the first key counts, since the signed terms may hold the
/// word "shop" anywhere (a shop, sku or option id). `None` when the text is no
/// JSON object.
pub fn saved_file(text: &str, home: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix('{')?;
    if rest.trim_start().starts_with("\"shop\"") {
        return Some(text.to_owned());
    }
    let shop: String = home
        .chars()
        .filter(|c| !matches!(c, '"' | '\\') && !c.is_control())
        .collect();
    let sep = if rest.trim_start().starts_with('}') {
        ""
    } else {
        ","
    };
    Some(format!("{{\"shop\":\"{shop}\"{sep}{rest}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_saved_file_names_its_shop_first_whatever_the_terms_say() {
        let home = "https://tea.example/shop/";
        // A shop whose id (or a sku, an option) is "shop": the address is still
        // added (REVIEW9 10: any "shop" in the text used to count as the address).
        let text = r#"{"terms":{"shop_id":"shop","lines":[{"sku":"shop"}]},"signature":"x"}"#;
        assert_eq!(
            super::saved_file(text, home).as_deref(),
            Some(
                r#"{"shop":"https://tea.example/shop/","terms":{"shop_id":"shop","lines":[{"sku":"shop"}]},"signature":"x"}"#
            )
        );
        let saved = r#" {"shop":"https://tea.example/","terms":{}}"#;
        assert_eq!(super::saved_file(saved, home).as_deref(), Some(saved));
        assert_eq!(
            super::saved_file("{}", "https://a\"b.example/\n").as_deref(),
            Some(r#"{"shop":"https://ab.example/"}"#)
        );
        assert_eq!(super::saved_file("[1]", home), None);
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_and_there_is_no_whitespace() {
        let v = json!({"b": [2, {"z": "é\"", "a": null}], "a": true, "A": -1});
        assert_eq!(
            canonical_json(&v).unwrap(),
            r#"{"A":-1,"a":true,"b":[2,{"a":null,"z":"é\""}]}"#
        );
    }

    #[test]
    fn keys_are_in_the_order_of_their_utf8_bytes_whatever_order_they_came_in() {
        // By bytes: "Z" 5A < "a" 61 < "ab" < "z" 7A < "~" 7E < "é" C3 A9 < "中" E4 B8 AD.
        let v: Value =
            serde_json::from_str(r#"{"中":1,"é":2,"~":3,"z":4,"ab":5,"Z":6,"a":7}"#).expect("json");
        assert_eq!(
            canonical_json(&v).unwrap(),
            r#"{"Z":6,"a":7,"ab":5,"z":4,"~":3,"é":2,"中":1}"#
        );
    }

    #[test]
    fn a_float_is_refused_with_where_it_is() {
        let err = canonical_json(&json!({"lines": [{"unit_price": 68.5}]})).unwrap_err();
        assert!(err.contains("terms.lines[0].unit_price"), "{err}");
        assert!(err.contains("no floats"), "{err}");
    }

    #[test]
    fn the_terms_are_in_the_buyers_language_with_the_policies_in_force() {
        let mut manifest =
            crate::decode::decode_manifest(include_str!("../../tests/fixtures/minimal.json"))
                .expect("valid")
                .value;
        manifest.seller.policies.ships_within_days = Some(3);
        manifest.seller.policies.returns = Some(crate::text::Text::Localized(
            [
                ("en".to_owned(), "7 days".to_owned()),
                ("zh-CN".to_owned(), "七天".to_owned()),
            ]
            .into_iter()
            .collect(),
        ));
        let order: OrderRequest = serde_json::from_value(json!({
            "schema": "microshop.order/1", "order_id": "ord_1", "created_at": "2026-11-28T10:00:00Z",
            "shop_id": "tiny-shop", "currency": "CNY", "locale": "zh-CN",
            "lines": [{"product_id": "green", "sku": "G-1", "title": "Green tea", "options": {},
                       "unit_price": "12.50", "quantity": 2, "line_total": "25.00"}],
            "subtotal": "25.00", "shipping": null, "total": "25.00", "customer": {}
        }))
        .expect("order");
        let terms = receipt_terms(&manifest, &order, "2026-11-28T10:00:03Z");
        assert_eq!(terms.seller, "小店");
        assert_eq!(terms.policies.returns.as_deref(), Some("七天"));
        assert_eq!(terms.policies.ships_within_days, Some(3));
        assert_eq!(terms.accepted_at, "2026-11-28T10:00:03Z");
        assert_eq!(terms.lines[0].quantity, 2);
        assert!(terms.canonical().contains(r#""returns":"七天""#));
        assert!(
            !terms.canonical().contains("shipping"),
            "no shipping chosen, none signed"
        );
    }

    #[test]
    fn the_same_terms_read_back_give_the_same_bytes() {
        let terms = ReceiptTerms {
            schema: RECEIPT_SCHEMA.into(),
            order_id: "o1".into(),
            shop_id: "s".into(),
            seller: "Tea".into(),
            locale: "en".into(),
            placed_at: "2026-01-01T00:00:00Z".into(),
            accepted_at: "2026-01-01T00:00:01Z".into(),
            currency: "CNY".into(),
            lines: vec![],
            subtotal: "1.00".into(),
            shipping: None,
            total: "1.00".into(),
            policies: ReceiptPolicies {
                ships_within_days: Some(2),
                returns: Some("7 days".into()),
                ..ReceiptPolicies::default()
            },
        };
        let bytes = terms.canonical();
        let back: ReceiptTerms = serde_json::from_str(&bytes).unwrap();
        assert_eq!(back.canonical(), bytes);
        assert!(bytes.starts_with(r#"{"accepted_at":"#), "{bytes}");
    }
}
