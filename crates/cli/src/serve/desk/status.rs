//! `GET /_seller/status`: the problems of the seller's files as they are now and
//! which version buyers get (the last valid one while the latest is broken). Behind
//! the session like the rest of the desk: a problem list can quote anything the
//! seller typed (a header with a key).

use super::{blocking, Shared};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use microshop_core::problem::group;
use microshop_core::Problem;
use serde_json::{json, Value};
use std::sync::Arc;

pub async fn status(State(desk): State<Shared>) -> Response {
    let shop = Arc::clone(&desk.shop);
    let serving = match blocking(move || shop.now()).await {
        Ok(serving) => serving,
        Err(response) => return response,
    };
    let latest = &serving.latest;
    super::json(
        StatusCode::OK,
        &json!({
            "ok": latest.problems.is_empty(),
            "problems": latest.problems.iter().map(problem).collect::<Vec<_>>(),
            "grouped": grouped(&latest.problems),
            "warnings": latest.warnings.iter().map(problem).collect::<Vec<_>>(),
            "serving": if serving.is_fallback() {
                format!("last valid from {}", serving.reading.read_at_text())
            } else {
                "current".to_owned()
            },
        }),
    )
}

/// A problem with its subject (the product's id) when it has one.
pub fn problem(p: &Problem) -> Value {
    json!({
        "path": p.path,
        "message": p.message,
        "subject": p.subject.as_ref().map(|s| s.name.as_str()),
    })
}

/// Problems as `microshop check` says them: one repeated on many rows or products
/// said once with where (`… — the same on 9,998 rows: 2, 3, 4, …`), so the seller
/// app shows a line per kind of mistake, never one per row of a 10,000-row sheet.
pub fn grouped(problems: &[Problem]) -> Vec<Value> {
    group(problems)
        .iter()
        .map(|g| {
            json!({
                "path": g.first.path,
                "message": g.first.message,
                "subject": g.first.subject.as_ref().map(|s| s.name.as_str()),
                "count": g.count,
                "said": g.to_string(),
            })
        })
        .collect()
}
