//! Filling a payload mapping's body template from an order, so that endpoints of
//! any shape can be reached (the template's syntax is checked by the decoder).
//!
//! A body template is any JSON value. In strings, `{{path}}` is replaced by the
//! order's value at `path` (`customer.name`, `lines[0].title`, `total`); a string
//! that is exactly one placeholder inserts the value itself (a number, a list).
//! `{"$each": "lines", "as": {...}}` makes one item per order line; inside it,
//! paths name the line's fields, and `order.` names the whole order's.
//! Besides the order's fields, templates may use `summary` (the whole order as
//! text), `lines_text`, `total_text` and `item_count`.

use crate::manifest::endpoint::placeholders;
use crate::order::{line_text, order_as_text, OrderRequest, TextLabels};
use serde_json::{Map, Value};

/// The order as the template sees it: its fields and the extras.
pub fn context(order: &OrderRequest) -> Value {
    let mut ctx = serde_json::to_value(order).unwrap_or(Value::Null);
    let lines_text: Vec<String> = order
        .lines
        .iter()
        .map(|l| format!("{} {}", line_text(l), l.line_total))
        .collect();
    if let Value::Object(map) = &mut ctx {
        map.insert(
            "summary".into(),
            Value::String(order_as_text(order, &TextLabels::ENGLISH, &|id| {
                id.to_owned()
            })),
        );
        map.insert("lines_text".into(), Value::String(lines_text.join("\n")));
        map.insert(
            "total_text".into(),
            Value::String(format!("{} {}", order.total, order.currency)),
        );
        map.insert(
            "order_ref".into(),
            Value::String(crate::order::short_ref(&order.order_id)),
        );
        let items: u64 = order.lines.iter().map(|l| u64::from(l.quantity)).sum();
        map.insert("item_count".into(), Value::from(items));
    }
    ctx
}

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

pub(super) fn as_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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
                            other => {
                                let mut m = Map::new();
                                m.insert("value".to_owned(), other);
                                m
                            }
                        };
                        item_ctx.insert("order".into(), ctx.clone());
                        render(item_template, &Value::Object(item_ctx))
                    })
                    .collect(),
            )
        }
        // Built by inserting, not `collect`: a map collected is sorted first, and each
        // such sort is a copy of the standard library's stable sort (about 4 KB) in the
        // storefront's `buying` part (docs/performance.md).
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(k.clone(), render(v, ctx));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| render(v, ctx)).collect()),
        other => other.clone(),
    }
}
