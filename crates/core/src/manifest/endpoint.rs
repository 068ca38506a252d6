//! Where orders go and in what shape: the `order` block of a manifest.
//!
//! The body template's placeholder language is part of the manifest format, so its
//! syntax and the names it may use live here; filling a template is the delivery
//! layer's job.

use crate::rules::nearest;
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
/// The fields of an order line, as a template names them (`{{lines[0].title}}`,
/// or `{{title}}` inside `$each` over `lines`).
pub const LINE_FIELDS: &[&str] = &[
    "product_id",
    "sku",
    "title",
    "options",
    "unit_price",
    "quantity",
    "line_total",
];
/// The fields of the order's shipping choice (`{{shipping.label}}`).
pub const SHIPPING_FIELDS: &[&str] = &["id", "label", "price"];

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

/// Every placeholder of a template that names nothing an order has, checked to
/// its full path (`{{lines[0].titel}}`, `{{customer.fax}}` in a shop without a
/// `fax` field), with its JSON path and a message that says what is there.
/// `customer` is the shop's checkout field ids; `None` accepts any.
pub fn placeholder_problems(
    template: &Value,
    path: &str,
    customer: Option<&[String]>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(template, path, customer, false, &mut out);
    out
}

fn walk(
    template: &Value,
    path: &str,
    customer: Option<&[String]>,
    in_line: bool,
    out: &mut Vec<(String, String)>,
) {
    match template {
        Value::String(s) => {
            for (_, _, name) in placeholders(s) {
                let checked = if in_line {
                    line_name(name, customer)
                } else {
                    order_name(name, "", customer)
                };
                if let Err(message) = checked {
                    out.push((path.to_owned(), message));
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
                walk(t, &format!("{path}.as"), customer, true, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                walk(v, &format!("{path}.{k}"), customer, in_line, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{path}[{i}]"), customer, in_line, out);
            }
        }
        _ => {}
    }
}

/// One step of a placeholder's path: a name and its `[n]` indexes.
struct Step<'a> {
    name: &'a str,
    indexed: bool,
}

fn steps(path: &str) -> Vec<Step<'_>> {
    path.split('.')
        .map(|segment| match segment.find('[') {
            Some(i) => Step {
                name: &segment[..i],
                indexed: true,
            },
            None => Step {
                name: segment,
                indexed: false,
            },
        })
        .collect()
}

/// `; did you mean {{prefix+guess}}? ` and the capitalised `It has`, or `; it has`.
fn suggestion(word: &str, known: &[&str], shown: impl Fn(&str) -> String) -> String {
    match nearest(word, known) {
        Some(guess) => format!("; did you mean {{{{{}}}}}? ", shown(guess)),
        None => "; ".to_owned(),
    }
}

fn capitalise_after(lead: &str, rest: &str) -> String {
    if lead.ends_with("? ") {
        let mut chars = rest.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        format!(
            "{lead}{}{}",
            first.map(String::from).unwrap_or_default(),
            chars.as_str()
        )
    } else {
        format!("{lead}{rest}")
    }
}

/// Checks `name` (the placeholder as written, `prefix` being `order.` inside `$each`)
/// against the order's shape.
fn order_name(name: &str, prefix: &str, customer: Option<&[String]>) -> Result<(), String> {
    let full = format!("{prefix}{name}");
    let steps = steps(name);
    let Some(root) = steps.first() else {
        return Ok(());
    };
    if !ORDER_ROOTS.contains(&root.name) {
        let lead = suggestion(root.name, ORDER_ROOTS, |g| format!("{prefix}{g}"));
        return Err(format!(
            "{{{{{full}}}}} names nothing in an order{}",
            capitalise_after(&lead, &format!("it has {}", ORDER_ROOTS.join(", ")))
        ));
    }
    let rest = &steps[1..];
    match root.name {
        "lines" => {
            if !root.indexed {
                return match rest.first() {
                    None => Ok(()),
                    Some(_) => Err(format!(
                        "{{{{{full}}}}}: lines is a list; write {{{{{prefix}lines[0].{}}}}} for the first line's, or use $each",
                        rest.iter().map(|s| s.name).collect::<Vec<_>>().join(".")
                    )),
                };
            }
            line_fields(rest, &full, &format!("{prefix}lines[0]."), false)
        }
        "shipping" => match rest {
            [] => Ok(()),
            [field] if SHIPPING_FIELDS.contains(&field.name) && !field.indexed => Ok(()),
            _ => Err(format!(
                "{{{{{full}}}}} names nothing in the shipping choice; it has {}",
                SHIPPING_FIELDS.join(", ")
            )),
        },
        "customer" => match (rest, customer) {
            ([], _) | (_, None) => Ok(()),
            ([field], Some(ids)) if !field.indexed && ids.iter().any(|id| id == field.name) => {
                Ok(())
            }
            (_, Some(ids)) => {
                let fields: Vec<String> = ids
                    .iter()
                    .map(|id| format!("{{{{{prefix}customer.{id}}}}}"))
                    .collect();
                Err(format!(
                    "{{{{{full}}}}} names no checkout field of this shop; write one of {}",
                    fields.join(", ")
                ))
            }
        },
        _ if rest.is_empty() && !root.indexed => Ok(()),
        other => Err(format!(
            "{{{{{full}}}}} has nothing inside it; write {{{{{prefix}{other}}}}}"
        )),
    }
}

/// Checks the steps after a line (`title`, `options.size`).
fn line_fields(steps: &[Step<'_>], full: &str, prefix: &str, in_each: bool) -> Result<(), String> {
    let Some(field) = steps.first() else {
        return Ok(());
    };
    let fine = LINE_FIELDS.contains(&field.name)
        && !field.indexed
        && match field.name {
            // Options are the product's own (`options.size`): any one id.
            "options" => steps.len() <= 2,
            _ => steps.len() == 1,
        };
    if fine {
        return Ok(());
    }
    let lead = suggestion(field.name, LINE_FIELDS, |g| format!("{prefix}{g}"));
    let whole = if in_each {
        ", and order. for the whole order's fields"
    } else {
        ""
    };
    Err(format!(
        "{{{{{full}}}}} names nothing in an order line{}",
        capitalise_after(
            &lead,
            &format!("a line has {}{whole}", LINE_FIELDS.join(", "))
        )
    ))
}

/// A placeholder inside `$each` over `lines`: a line's field, or `order.` and a
/// field of the whole order.
fn line_name(name: &str, customer: Option<&[String]>) -> Result<(), String> {
    match name.strip_prefix("order") {
        Some("") => Ok(()),
        Some(rest) if rest.starts_with('.') => order_name(&rest[1..], "order.", customer),
        _ => line_fields(&steps(name), name, "", true),
    }
}
