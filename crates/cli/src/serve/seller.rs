//! What only the seller sees: `GET /_seller/status`, the problems of the files as
//! they are now and which version buyers get. Answered only to this machine, since
//! a problem list can quote anything the seller typed (a header with a key).

use super::shop::CurrentShop;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use microshop_core::Problem;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;

/// The status, or 404 (as for any unknown path) to anyone but the seller.
pub async fn status(State(shop): State<Arc<CurrentShop>>, request: Request) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    if !is_seller(peer, request.headers()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Ok(serving) = tokio::task::spawn_blocking(move || shop.now()).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let latest = &serving.latest;
    let body = json!({
        "ok": latest.problems.is_empty(),
        "problems": latest.problems.iter().map(problem).collect::<Vec<_>>(),
        "warnings": latest.warnings.iter().map(problem).collect::<Vec<_>>(),
        "serving": if serving.is_fallback() {
            format!("last valid from {}", serving.reading.read_at_text())
        } else {
            "current".to_owned()
        },
    });
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

fn problem(p: &Problem) -> Value {
    json!({
        "path": p.path,
        "message": p.message,
        "subject": p.subject.as_ref().map(|s| s.name.as_str()),
    })
}

/// A request from this machine that no proxy forwarded: a reverse proxy on the
/// same machine would make every buyer's request come from 127.0.0.1.
fn is_seller(peer: Option<SocketAddr>, headers: &HeaderMap) -> bool {
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|h| headers.contains_key(*h));
    let local = peer.is_some_and(|p| p.ip().to_canonical().is_loopback());
    local && !forwarded
}

#[cfg(test)]
mod tests {
    use super::is_seller;
    use axum::http::HeaderMap;

    #[test]
    fn only_this_machine_is_the_seller() {
        let none = HeaderMap::new();
        let at = |s: &str| Some(s.parse().expect("address"));
        assert!(is_seller(at("127.0.0.1:5000"), &none));
        assert!(is_seller(at("[::1]:5000"), &none));
        assert!(is_seller(at("[::ffff:127.0.0.1]:5000"), &none));
        assert!(!is_seller(at("192.168.1.20:5000"), &none));
        assert!(!is_seller(at("[2001:db8::1]:5000"), &none));
        assert!(!is_seller(None, &none));
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", "203.0.113.9".parse().expect("value"));
        assert!(!is_seller(at("127.0.0.1:5000"), &proxied));
    }
}
