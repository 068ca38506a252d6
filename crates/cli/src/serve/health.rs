//! For load balancers and supervisors: `GET /healthz` says the process answers
//! (restart it if not); `GET /readyz` says it can take orders: the database answers,
//! its schema is the one this version knows, and the server is not stopping (a load
//! balancer then sends buyers elsewhere while it drains). Both are plain JSON,
//! `Cache-Control: no-store`, and tell nothing about orders.

use super::shutdown::Shutdown;
use crate::store::{migrations, Store};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;

fn answer(status: StatusCode, body: &serde_json::Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// `GET /healthz`: 200 while the process serves requests.
pub async fn healthz() -> Response {
    answer(StatusCode::OK, &json!({ "status": "ok" }))
}

/// `GET /readyz`: 200 when orders can be taken, else 503 with the reason.
pub async fn readyz(State((store, shutdown)): State<(Arc<Store>, Shutdown)>) -> Response {
    if shutdown.is_stopping() {
        return answer(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({ "status": "stopping", "message": "this instance is shutting down" }),
        );
    }
    let version =
        super::blocking_within(super::READ_DEADLINE, move || store.schema_version()).await;
    match version {
        Ok(Ok(v)) if v == migrations::LATEST => answer(
            StatusCode::OK,
            &json!({ "status": "ready", "schema_version": v }),
        ),
        Ok(Ok(v)) => answer(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({
                "status": "not_ready",
                "message": format!("the database has schema version {v}; this microshop needs {}: run microshop migrate", migrations::LATEST),
            }),
        ),
        Ok(Err(e)) => {
            note!("readyz: the database does not answer: {e}");
            answer(
                StatusCode::SERVICE_UNAVAILABLE,
                &json!({ "status": "not_ready", "message": "the database does not answer" }),
            )
        }
        Err(super::Late::TimedOut) => {
            note!(
                "readyz: the database did not answer within {} s",
                super::READ_DEADLINE.as_secs()
            );
            answer(
                StatusCode::SERVICE_UNAVAILABLE,
                &json!({ "status": "not_ready", "message": "the database does not answer" }),
            )
        }
        Err(super::Late::Failed) => answer(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({ "status": "not_ready", "message": "internal error" }),
        ),
    }
}
