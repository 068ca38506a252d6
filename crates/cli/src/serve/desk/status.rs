//! `GET /_seller/status`: the problems of the seller's files as they are now and
//! which version buyers get (the last valid one while the latest is broken). Behind
//! the session like the rest of the desk: a problem list can quote anything the
//! seller typed (a header with a key).

use super::{blocking, Shared};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
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
