//! Prometheus metrics, on a listener of their own (`--metrics-addr`), so they are
//! never public by accident: orders accepted and refused by reason, each request's
//! time by route, rate-limited requests, the announcement outbox's backlog and
//! failures, CSP violations browsers reported. Names and labels are in
//! docs/operating.md; label values come only from this code (never from a request),
//! so their number stays bounded.

use crate::store::Store;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OrderLabels {
    /// accepted | replayed | refused
    pub outcome: &'static str,
    /// The error code of a refusal (`out_of_stock`, `rate_limited`…), else empty.
    pub reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: &'static str,
}

/// Every metric the server keeps.
pub struct Metrics {
    registry: Registry,
    pub orders: Family<OrderLabels, Counter>,
    pub latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    pub rate_limited: Counter,
    pub csp_reports: Counter,
    /// Announcement sends that failed (the worker counts them).
    #[allow(dead_code)] // incremented by the announcement worker (crates/cli/src/notify)
    pub announcement_failures: Counter,
    outbox_pending: Gauge,
    outbox_dead: Gauge,
}

fn latency_histogram() -> Histogram {
    // 0.25 ms to about 4 s: an order on SQLite takes a few ms, a stalled one seconds.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("microshop");
        let orders = Family::<OrderLabels, Counter>::default();
        let latency: Family<RouteLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        let (rate_limited, csp_reports, announcement_failures) =
            (Counter::default(), Counter::default(), Counter::default());
        let (outbox_pending, outbox_dead) = (Gauge::default(), Gauge::default());
        registry.register(
            "orders",
            "Order requests answered, by outcome (accepted, replayed, refused) and refusal reason",
            orders.clone(),
        );
        registry.register(
            "request_duration_seconds",
            "Time from a request's head to its answer's head, by route",
            latency.clone(),
        );
        registry.register(
            "rate_limited",
            "Order requests refused with 429 by the per-client limit",
            rate_limited.clone(),
        );
        registry.register(
            "csp_violations",
            "Content-Security-Policy violations reported by browsers",
            csp_reports.clone(),
        );
        registry.register(
            "announcement_failures",
            "Announcement sends that failed (each attempt)",
            announcement_failures.clone(),
        );
        registry.register(
            "outbox_pending",
            "Announcements waiting to be sent (read at scrape time)",
            outbox_pending.clone(),
        );
        registry.register(
            "outbox_dead",
            "Announcements given up on (read at scrape time)",
            outbox_dead.clone(),
        );
        Metrics {
            registry,
            orders,
            latency,
            rate_limited,
            csp_reports,
            announcement_failures,
            outbox_pending,
            outbox_dead,
        }
    }
}

impl Metrics {
    /// Counts an order answer by its status and JSON body.
    pub fn order_answered(&self, status: u16, replayed: bool, body: &str) {
        let (outcome, reason) = match (status, replayed) {
            (200..=299, true) => ("replayed", String::new()),
            (200..=299, false) => ("accepted", String::new()),
            _ => ("refused", error_code(body)),
        };
        self.orders
            .get_or_create(&OrderLabels { outcome, reason })
            .inc();
    }

    /// The text exposition, with the outbox read from the store now.
    pub fn render(&self, store: &Store) -> Result<String, String> {
        let (pending, dead) = store.outbox_backlog().map_err(|e| e.message)?;
        self.outbox_pending.set(pending);
        self.outbox_dead.set(dead);
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)
            .map_err(|e| e.to_string())?;
        Ok(text)
    }
}

/// The `error` of a refusal body, kept to the codes this server writes (a known
/// shape of lower-case words), so a label never carries what a client sent.
fn error_code(body: &str) -> String {
    let code = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
        .unwrap_or_default();
    if !code.is_empty()
        && code.len() <= 40
        && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
    {
        code
    } else {
        "other".to_owned()
    }
}

/// The route a request counts under: a few fixed names, never the raw path.
fn route_of(request: &Request) -> &'static str {
    let matched = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    let path = request.uri().path();
    match matched {
        Some("/api/orders") => "order_create",
        Some("/api/orders/{id}") => "order_status",
        Some("/shop.json") => "shop_json",
        Some("/healthz" | "/readyz") => "health",
        _ if path.starts_with("/_seller") => "seller",
        _ if path.ends_with(".wasm") || path.ends_with(".js") || path.ends_with(".css") => "asset",
        _ if path.contains("/images/") => "image",
        _ => "page",
    }
}

/// Times every request (middleware over the whole app).
pub async fn time_requests(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let route = route_of(&request);
    let started = Instant::now();
    let response = next.run(request).await;
    metrics
        .latency
        .get_or_create(&RouteLabels { route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics` on the metrics listener.
pub async fn scrape(State((metrics, store)): State<(Arc<Metrics>, Arc<Store>)>) -> Response {
    match tokio::task::spawn_blocking(move || metrics.render(&store)).await {
        Ok(Ok(text)) => (
            [(
                header::CONTENT_TYPE,
                prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
            )],
            text,
        )
            .into_response(),
        Ok(Err(e)) => (StatusCode::SERVICE_UNAVAILABLE, format!("store: {e}\n")).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_orders_by_outcome_and_reason() {
        let metrics = Metrics::default();
        metrics.order_answered(201, false, "{}");
        metrics.order_answered(201, true, "{}");
        metrics.order_answered(409, false, r#"{"error":"out_of_stock","problems":[]}"#);
        metrics.order_answered(400, false, r#"{"error":"<script>"}"#);
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &metrics.registry)
            .expect("encodes");
        assert!(
            text.contains("microshop_orders_total{outcome=\"accepted\",reason=\"\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("outcome=\"refused\",reason=\"out_of_stock\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("outcome=\"refused\",reason=\"other\"} 1"),
            "{text}"
        );
    }
}
