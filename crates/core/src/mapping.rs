//! Reaching endpoints of any shape: a declarative payload mapping in the manifest
//! turns the canonical order into the JSON (or form) another service expects, and
//! says where that service's answer keeps its order id and status.
//!
//! A body template is any JSON value. In strings, `{{path}}` is replaced by the
//! order's value at `path` (`customer.name`, `lines[0].title`, `total`); a string
//! that is exactly one placeholder inserts the value itself (a number, a list).
//! `{"$each": "lines", "as": {...}}` makes one item per order line; inside it,
//! paths name the line's fields, and `order.` names the whole order's.
//! Besides the order's fields, templates may use `summary` (the whole order as
//! text), `lines_text`, `total_text` and `item_count`.

use crate::order::{line_text, order_as_text, OrderAccepted, OrderRequest};
use crate::outbox::{classify, Outcome};
use serde_json::{Map, Value};

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

/// The order as the template sees it: its fields and the extras.
pub fn context(order: &OrderRequest) -> Value {
    let mut ctx = serde_json::to_value(order).unwrap_or(Value::Null);
    let lines_text: Vec<String> = order
        .lines
        .iter()
        .map(|l| format!("{} {}", line_text(l), l.line_total))
        .collect();
    if let Value::Object(map) = &mut ctx {
        map.insert("summary".into(), Value::String(order_as_text(order)));
        map.insert("lines_text".into(), Value::String(lines_text.join("\n")));
        map.insert(
            "total_text".into(),
            Value::String(format!("{} {}", order.total, order.currency)),
        );
        let items: u64 = order.lines.iter().map(|l| u64::from(l.quantity)).sum();
        map.insert("item_count".into(), Value::from(items));
    }
    ctx
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

/// The value at a dotted path such as `lines[0].title`.
pub fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = value;
    for segment in path.split('.') {
        let (name, indexes) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        if !name.is_empty() {
            current = current.get(name)?;
        }
        for index in indexes.split('[').skip(1) {
            let i: usize = index.strip_suffix(']')?.parse().ok()?;
            current = current.get(i)?;
        }
    }
    Some(current)
}

fn as_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Placeholders in a string, as (start, end, path) byte positions.
fn placeholders(s: &str) -> Vec<(usize, usize, &str)> {
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

/// Fills a template from a context.
pub fn render(template: &Value, ctx: &Value) -> Value {
    match template {
        Value::String(s) => {
            let found = placeholders(s);
            if let [(0, end, path)] = found[..] {
                if end == s.len() {
                    return lookup(ctx, path).cloned().unwrap_or(Value::Null);
                }
            }
            let mut out = String::with_capacity(s.len());
            let mut last = 0;
            for (start, end, path) in found {
                out.push_str(&s[last..start]);
                out.push_str(&lookup(ctx, path).map(as_text).unwrap_or_default());
                last = end;
            }
            out.push_str(&s[last..]);
            Value::String(out)
        }
        Value::Object(map) if map.contains_key("$each") => {
            let path = map.get("$each").and_then(Value::as_str).unwrap_or("");
            let item_template = map.get("as").unwrap_or(&Value::Null);
            let items = lookup(ctx, path)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            Value::Array(
                items
                    .into_iter()
                    .map(|item| {
                        let mut item_ctx = match item {
                            Value::Object(m) => m,
                            other => Map::from_iter([("value".to_owned(), other)]),
                        };
                        item_ctx.insert("order".into(), ctx.clone());
                        render(item_template, &Value::Object(item_ctx))
                    })
                    .collect(),
            )
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), render(v, ctx)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| render(v, ctx)).collect()),
        other => other.clone(),
    }
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

/// Reads an answer according to `spec`.
pub fn read_answer(
    spec: &AnswerSpec,
    status: u16,
    body: &str,
    retry_after: Option<&str>,
) -> Outcome {
    if !(200..=299).contains(&status) {
        return classify(status, body, retry_after);
    }
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    if spec.body == AnswerBody::Json && parsed.is_none() && !body.trim().is_empty() {
        return classify(status, body, retry_after);
    }
    let Some(json) = parsed else {
        return Outcome::Accepted(OrderAccepted::default());
    };
    Outcome::Accepted(accepted_from(&json, spec))
}

/// The fields of a 2xx JSON answer, each read on its own, so that one field of an
/// unexpected type (a numeric id) does not lose the others (a payment URL).
pub fn accepted_from(json: &Value, spec: &AnswerSpec) -> OrderAccepted {
    let text_at = |path: &str| lookup(json, path).map(as_text).filter(|s| !s.is_empty());
    OrderAccepted {
        order_id: text_at(spec.id.as_deref().unwrap_or("order_id")),
        status: text_at(spec.status.as_deref().unwrap_or("status")),
        message: text_at("message"),
        status_url: text_at("status_url"),
        payment_url: text_at("payment_url"),
    }
}

/// What a redirect (which the browser does not follow) means under `spec`.
pub fn read_redirect(spec: &AnswerSpec) -> Outcome {
    match spec.redirect {
        OnRedirect::Accept => Outcome::Accepted(OrderAccepted::default()),
        OnRedirect::Fail => Outcome::Failed {
            reason: "the shop's server answered with a redirect instead of a confirmation; the order may not have arrived".into(),
        },
    }
}
