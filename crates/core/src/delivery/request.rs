//! The request body an order is sent as: the canonical JSON of the contract, or
//! the manifest's mapping, encoded as JSON or as a form.

use super::template::{as_text, context, render};
use crate::manifest::BodyFormat;
use crate::order::OrderRequest;
use serde_json::Value;

/// The request body for an order: the canonical JSON, or the mapped template.
pub fn request_body(
    format: BodyFormat,
    template: Option<&Value>,
    order: &OrderRequest,
) -> (&'static str, String) {
    let body = match template {
        None => serde_json::to_value(order).unwrap_or(Value::Null),
        Some(t) => render(t, &context(order)),
    };
    match format {
        BodyFormat::Json => ("application/json", body.to_string()),
        BodyFormat::Form => {
            let pairs: Vec<String> = match &body {
                Value::Object(map) => map
                    .iter()
                    .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(&as_text(v))))
                    .collect(),
                other => vec![format!("order={}", form_encode(&other.to_string()))],
            };
            ("application/x-www-form-urlencoded", pairs.join("&"))
        }
    }
}

fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || b"-_.*".contains(&b) => out.push(char::from(b)),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
