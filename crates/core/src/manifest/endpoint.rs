//! Where orders go and in what shape: the `order` block of a manifest.
//!
//! The body template's placeholder language is part of the manifest format, so its
//! syntax and the names it may use live here; filling a template is the delivery
//! layer's job.

use serde_json::Value;
use std::collections::BTreeMap;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// Where orders go.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OrderEndpoint {
    /// https URL; `http://localhost` and `http://127.0.0.1` for development; or a path on the shop's origin.
    pub endpoint: String,
    /// Extra request headers, e.g. an API key meant to be public.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub headers: BTreeMap<String, String>,
    /// Seconds one attempt may take before it is abandoned and retried later (2-120, default 15).
    pub timeout_secs: Option<u32>,
    /// How the body is encoded: `json` (default) or `form`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub format: BodyFormat,
    /// A body template mapping the order onto another shape (see docs/payload-mapping.md);
    /// absent: the documented order contract.
    pub body: Option<serde_json::Value>,
    /// How to read the endpoint's answer.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub response: AnswerSpec,
    /// Whether the endpoint confirms orders to the browser: `answer` (default) or `none`
    /// for receivers that cannot answer a browser (chat webhooks send no CORS headers).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub confirm: Confirm,
}

/// Whether an endpoint's answer can be read by the buyer's browser.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename_all = "lowercase"))]
pub enum Confirm {
    /// The endpoint answers (with CORS headers): an order is resent until it does.
    #[default]
    Answer,
    /// The endpoint cannot answer a browser: each order is sent once, as a request that
    /// needs no CORS preflight, and recorded as sent but not confirmed; never resent
    /// automatically, since a resend could not be told apart from a second order.
    None,
}

impl OrderEndpoint {
    /// The timeout of one attempt, in milliseconds.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_secs.unwrap_or(15).clamp(2, 120) * 1_000
    }
}

/// How the request body is encoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename_all = "lowercase"))]
pub enum BodyFormat {
    /// `application/json`.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`, for form services; the body template must be an object.
    Form,
}

/// What a 2xx answer's body must be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename_all = "lowercase"))]
pub enum AnswerBody {
    /// JSON or empty; anything else (a captive portal's page) is not taken as accepted.
    #[default]
    Json,
    /// Anything: chat webhooks answer `ok` as text.
    Any,
}

/// What a redirect answer means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename_all = "lowercase"))]
pub enum OnRedirect {
    /// Not accepted: the buyer is told and the order kept.
    #[default]
    Fail,
    /// Accepted: services such as spreadsheet web apps answer every POST with a redirect.
    Accept,
}

/// How to read the endpoint's answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnswerSpec {
    /// What a 2xx body must be.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub body: AnswerBody,
    /// Path of the endpoint's order id in a JSON answer (default `order_id`).
    pub id: Option<String>,
    /// Path of the order's status in a JSON answer (default `status`).
    pub status: Option<String>,
    /// What a redirect means.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub redirect: OnRedirect,
}

/// The top-level names a template may use.
pub const ORDER_ROOTS: &[&str] = &[
    "schema",
    "order_id",
    "created_at",
    "shop_id",
    "currency",
    "locale",
    "lines",
    "subtotal",
    "shipping",
    "total",
    "customer",
    "note",
    "referral",
    "summary",
    "order_ref",
    "lines_text",
    "total_text",
    "item_count",
];
/// The names a template may use inside `$each` over `lines`.
pub const LINE_ROOTS: &[&str] = &[
    "product_id",
    "sku",
    "title",
    "options",
    "unit_price",
    "quantity",
    "line_total",
    "order",
];

/// Placeholders in a string, as (start, end, path) byte positions.
pub fn placeholders(s: &str) -> Vec<(usize, usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = s[from..].find("{{").map(|i| i + from) {
        let Some(close) = s[open..].find("}}").map(|i| i + open) else {
            break;
        };
        found.push((open, close + 2, s[open + 2..close].trim()));
        from = close + 2;
    }
    found
}

/// Placeholders in a template that name nothing an order has, with their JSON paths.
pub fn unknown_placeholders(template: &Value, path: &str, roots: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match template {
        Value::String(s) => {
            for (_, _, name) in placeholders(s) {
                let root = name.split(['.', '[']).next().unwrap_or("");
                let ok = roots.contains(&root)
                    && (root != "order" || {
                        let rest = name.trim_start_matches("order").trim_start_matches('.');
                        ORDER_ROOTS.contains(&rest.split(['.', '[']).next().unwrap_or(""))
                    });
                if !ok {
                    out.push((path.to_owned(), name.to_owned()));
                }
            }
        }
        Value::Object(map) if map.contains_key("$each") => {
            if map.get("$each").and_then(Value::as_str) != Some("lines") {
                out.push((
                    format!("{path}.$each"),
                    "$each must be \"lines\"".to_owned(),
                ));
            }
            if let Some(t) = map.get("as") {
                out.extend(unknown_placeholders(t, &format!("{path}.as"), LINE_ROOTS));
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                out.extend(unknown_placeholders(v, &format!("{path}.{k}"), roots));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                out.extend(unknown_placeholders(v, &format!("{path}[{i}]"), roots));
            }
        }
        _ => {}
    }
    out
}
