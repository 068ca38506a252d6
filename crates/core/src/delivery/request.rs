//! The request body an order is sent as: the canonical JSON of the contract, or
//! the manifest's mapping, encoded as JSON or as a form.

use super::template::{as_text, context, render};
use crate::manifest::{BodyFormat, Confirm, OrderEndpoint};
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

/// The content type and headers an order's request is sent with, after the body's
/// own content type: without CORS (`confirm: none`) JSON travels as text, since only
/// safelisted content types need no preflight; the Idempotency-Key goes only with
/// JSON, so form posts stay "simple" requests too; then the manifest's headers.
pub fn sent_headers<'a>(
    target: &'a OrderEndpoint,
    order_id: &'a str,
    content_type: &'a str,
) -> Vec<(&'a str, &'a str)> {
    headers_for(
        target,
        order_id,
        content_type,
        target.confirm == Confirm::None,
    )
}

/// [`sent_headers`] as if the manifest said `confirm: none` when `no_cors`: the
/// storefront's one send to a receiver found to be reachable but unable to answer a
/// browser (see [`needs_preflight`]).
pub fn headers_for<'a>(
    target: &'a OrderEndpoint,
    order_id: &'a str,
    content_type: &'a str,
    no_cors: bool,
) -> Vec<(&'a str, &'a str)> {
    let content_type = if no_cors && content_type == "application/json" {
        "text/plain;charset=UTF-8"
    } else {
        content_type
    };
    let mut headers = vec![("Content-Type", content_type)];
    if content_type == "application/json" {
        headers.push(("Idempotency-Key", order_id));
    }
    headers.extend(target.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    headers
}

/// Whether a browser asks another site first (a CORS preflight `OPTIONS`) before
/// it POSTs with these headers: any header beyond the safelisted ones, or a content
/// type other than a form's or plain text's (the Fetch standard's "CORS-safelisted
/// request header"). Without a preflight the POST itself reaches a receiver that
/// cannot answer a browser, so the order arrived even though the page saw a network
/// error; with one, a receiver without CORS never got the order.
pub fn needs_preflight(headers: &[(&str, &str)]) -> bool {
    headers.iter().any(|(name, value)| {
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        let essence = value.split(';').next().unwrap_or("").trim();
        let safe_type = [
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "text/plain",
        ]
        .iter()
        .any(|t| essence.eq_ignore_ascii_case(t));
        let safe = is("accept")
            || is("accept-language")
            || is("content-language")
            || (is("content-type") && safe_type);
        !safe || value.len() > 128
    })
}

#[cfg(test)]
mod tests {
    use super::needs_preflight;

    #[test]
    fn only_safelisted_headers_go_without_a_preflight() {
        let form = ("Content-Type", "application/x-www-form-urlencoded");
        assert!(!needs_preflight(&[form]));
        assert!(!needs_preflight(&[(
            "content-type",
            "text/plain;charset=UTF-8"
        )]));
        assert!(!needs_preflight(&[form, ("Accept-Language", "ja")]));
        assert!(needs_preflight(&[("Content-Type", "application/json")]));
        assert!(needs_preflight(&[form, ("Idempotency-Key", "ord_1")]));
        assert!(needs_preflight(&[form, ("Authorization", "Bearer x")]));
        let long = "x".repeat(129);
        assert!(needs_preflight(&[form, ("Accept", long.as_str())]));
    }
}
