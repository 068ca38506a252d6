//! The `order` block of a manifest: the endpoint, its headers, and the payload mapping.

use super::reader::{join, Obj, Reader};
use crate::manifest::endpoint::placeholder_problems;
use crate::manifest::{AnswerBody, AnswerSpec, BodyFormat, Confirm, OnRedirect, OrderEndpoint};
use crate::rules::{endpoint_problem, invisible_char};
use serde_json::Value;

/// Reads the `order` block; `customer` is the shop's checkout field ids (the names
/// `{{customer.…}}` may use), `None` when the checkout could not be read.
pub(super) fn order_endpoint(
    r: &mut Reader,
    value: &Value,
    path: &str,
    customer: Option<&[String]>,
) -> Option<OrderEndpoint> {
    let mut obj = r.object(value, path)?;
    let endpoint = r.required(&mut obj, "endpoint").and_then(|(v, p)| {
        let url = r.string(v, &p, 2048)?;
        match endpoint_problem(&url) {
            Some(problem) => {
                r.error(p, problem);
                None
            }
            None => Some(url),
        }
    });
    let headers = match obj.get("headers") {
        Some((v, p)) => {
            let headers = r.string_map(v, &p, 20);
            for (name, value) in &headers {
                let hp = join(&p, name);
                if name.is_empty()
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                {
                    r.error(&hp, "a header name may only use letters, digits, - and _");
                } else if name.eq_ignore_ascii_case("content-type")
                    || name.eq_ignore_ascii_case("idempotency-key")
                {
                    r.error(&hp, "is set by microshop itself and cannot be changed here");
                } else if let Some((at, c)) = invisible_char(value, &['\t']) {
                    // A value goes into the HTTP request as it is: a line break would
                    // end the header there and a receiver refuses any other control
                    // character, so either is an error, not free text's warning. HTTP
                    // allows a tab.
                    r.warnings.retain(|w| w.path != hp);
                    r.invisible(&hp, at, c);
                }
            }
            headers
        }
        None => Default::default(),
    };
    let timeout_secs = r.opt_count(&mut obj, "timeout_secs");
    if let Some(t) = timeout_secs.filter(|t| !(2..=120).contains(t)) {
        r.error(
            join(path, "timeout_secs"),
            format!("is {t}; use 2 to 120 seconds"),
        );
    }
    let format = match obj.get("format") {
        None => BodyFormat::Json,
        Some((Value::String(f), _)) if f == "json" => BodyFormat::Json,
        Some((Value::String(f), _)) if f == "form" => BodyFormat::Form,
        Some((_, p)) => {
            r.error(p, "must be \"json\" or \"form\"");
            BodyFormat::Json
        }
    };
    let body = obj.get("body").map(|(v, p)| {
        if format == BodyFormat::Form && !v.is_object() {
            r.error(&p, "must be an object {...} when format is \"form\": its keys become the form's fields");
        }
        for (where_, message) in placeholder_problems(v, &p, customer) {
            r.error(where_, message);
        }
        v.clone()
    });
    let confirm = match obj.get("confirm") {
        None => Confirm::Answer,
        Some((Value::String(w), _)) if w == "answer" => Confirm::Answer,
        Some((Value::String(w), _)) if w == "none" => Confirm::None,
        Some((_, p)) => {
            r.error(
                p,
                "write \"answer\" (the endpoint confirms each order) or \"none\" (it cannot answer a browser, such as a chat webhook)",
            );
            Confirm::Answer
        }
    };
    let response = obj
        .get("response")
        .map(|(v, p)| answer_spec(r, v, &p))
        .unwrap_or_default();
    r.finish(obj);
    Some(OrderEndpoint {
        endpoint: endpoint?,
        headers,
        timeout_secs,
        format,
        body,
        response,
        confirm,
    })
}

fn answer_spec(r: &mut Reader, value: &Value, path: &str) -> AnswerSpec {
    let Some(mut obj) = r.object(value, path) else {
        return AnswerSpec::default();
    };
    let word = |r: &mut Reader, obj: &mut Obj<'_>, key: &'static str, words: [&str; 2]| -> bool {
        match obj.get(key) {
            None => false,
            Some((Value::String(w), _)) if w == words[0] => false,
            Some((Value::String(w), _)) if w == words[1] => true,
            Some((_, p)) => {
                r.error(p, format!("must be \"{}\" or \"{}\"", words[0], words[1]));
                false
            }
        }
    };
    let body = if word(r, &mut obj, "body", ["json", "any"]) {
        AnswerBody::Any
    } else {
        AnswerBody::Json
    };
    let redirect = if word(r, &mut obj, "redirect", ["fail", "accept"]) {
        OnRedirect::Accept
    } else {
        OnRedirect::Fail
    };
    let spec = AnswerSpec {
        body,
        id: r.opt_string(&mut obj, "id", 200),
        status: r.opt_string(&mut obj, "status", 200),
        redirect,
    };
    r.finish(obj);
    spec
}
