//! `microshop serve`: the built storefront and a reference order endpoint on one origin.

use crate::check;
use crate::source::Source;
use crate::store::{now_rfc3339, Recorded, Store, StoredOrder};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use microshop_core::order::{rejection, verify_order, OrderAccepted, OrderRequest};
use microshop_core::rules::is_order_id;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Writes a line to stderr, ignoring a closed stream (the server must keep running).
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Largest order body accepted: a full cart of long lines is far below it.
pub const MAX_ORDER_BYTES: usize = 256 * 1024;

/// What `serve` needs.
pub struct Options {
    /// The built app (Trunk's dist/).
    pub dist: PathBuf,
    /// The shop manifest; served as /shop.json and used to verify orders.
    pub manifest: PathBuf,
    /// The SQLite file orders go to.
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
}

struct AppState {
    manifest: PathBuf,
    store: Mutex<Store>,
}

type Shared = Arc<AppState>;

/// Runs the server until Ctrl-C.
pub fn run(options: Options) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(serve(options))
}

async fn serve(options: Options) -> Result<(), String> {
    let index = options.dist.join("index.html");
    if !index.is_file() {
        return Err(format!(
            "{} not found: build the storefront first (scripts/demo does it)",
            index.display()
        ));
    }
    // A broken manifest is still served: the storefront shows its problems to the seller.
    match check::load(&Source::File(options.manifest.clone()), false) {
        Ok(shop) => note!(
            "shop \"{}\": {} products, from {}",
            shop.manifest.id,
            shop.catalog.products.len(),
            options.manifest.display()
        ),
        Err(microshop_core::Rejected { errors, .. }) => {
            note!(
                "warning: {} has {} problem(s); orders will be refused until it is fixed:",
                options.manifest.display(),
                errors.len()
            );
            for e in errors.iter().take(20) {
                note!("  {e}");
            }
        }
    }
    let store = Store::open(&options.db)?;
    let state: Shared = Arc::new(AppState {
        manifest: options.manifest.clone(),
        store: Mutex::new(store),
    });

    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers(Any)
        .max_age(std::time::Duration::from_secs(86_400));
    let api = Router::new()
        .route("/api/orders", post(create_order))
        .route("/api/orders/{id}", get(order_status))
        .layer(DefaultBodyLimit::max(MAX_ORDER_BYTES))
        .layer(axum::middleware::map_response(json_too_large))
        .layer(cors)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state);

    // The seller's own files next to the manifest (a separate catalog, images) come
    // after the built app; only those kinds of file, so nothing else there leaks.
    let seller_dir = options
        .manifest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let seller_files = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn(only_seller_files))
        .service(ServeDir::new(seller_dir).fallback(ServeFile::new(&index)));
    let spa = ServeDir::new(&options.dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(seller_files);
    let app = Router::new()
        .route_service("/shop.json", ServeFile::new(&options.manifest))
        .merge(api)
        .fallback_service(spa)
        .layer(axum::middleware::map_response(cache_headers))
        .layer(CompressionLayer::new());

    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    // Output may go to a pipe that closes early; that must not stop the server.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "microshop is serving the shop at http://{local}/");
    let _ = writeln!(out, "orders are stored in {}", options.db.display());
    let _ = out.flush();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

/// File kinds a seller keeps next to shop.json and the storefront may fetch.
const SELLER_FILE_TYPES: &[&str] = &[
    "json", "csv", "svg", "png", "jpg", "jpeg", "webp", "avif", "gif",
];

/// Lets through requests for seller files (by extension); the rest get the app's index.html.
async fn only_seller_files(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let allowed = path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| SELLER_FILE_TYPES.contains(&ext.to_ascii_lowercase().as_str()))
        && !path.split('/').any(|segment| segment.starts_with('.'));
    if allowed {
        next.run(request).await
    } else {
        let mut request = request;
        *request.uri_mut() = axum::http::Uri::from_static("/index.html");
        next.run(request).await
    }
}

/// Hashed assets (`app-0123456789abcdef.css`) never change: cache them for a year.
/// Everything else is revalidated, so a new deploy shows at once.
async fn cache_headers(
    request_path: axum::extract::OriginalUri,
    mut response: Response,
) -> Response {
    let path = request_path.path();
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let value = if is_hashed_asset(path) && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// axum answers an oversize body in plain text; the contract promises JSON errors.
async fn json_too_large(response: Response) -> Response {
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!(
                "an order body may be at most {} KiB",
                MAX_ORDER_BYTES / 1024
            ),
        );
    }
    response
}

fn problem(status: StatusCode, error: &str, message: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "message": message, "problems": [] })),
    )
        .into_response()
}

async fn create_order(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let state = state.clone();
    // SQLite and file reads block: keep them off the async workers.
    tokio::task::spawn_blocking(move || accept_order(&state, &headers, &body))
        .await
        .unwrap_or_else(|_| {
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the order could not be processed",
            )
        })
}

fn accept_order(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the order as application/json",
        );
    }
    let order: OrderRequest = match serde_json::from_slice(body) {
        Ok(o) => o,
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "malformed",
                &format!("the body is not a microshop order: {e}"),
            );
        }
    };
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if key != order.order_id {
        return problem(
            StatusCode::BAD_REQUEST,
            "idempotency_key",
            "the Idempotency-Key header must be present and equal to order_id",
        );
    }
    let body_sha256 = hex(&Sha256::digest(body));
    let mut store = match state.store.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    match store.replay(&key, &body_sha256) {
        Ok(Some(Recorded::Replay { status, body })) => return replayed(status, body),
        Ok(Some(_)) => return key_reused(),
        Ok(None) => {}
        Err(e) => return storage_error(&e),
    }
    let shop = match check::load(&Source::File(state.manifest.clone()), false) {
        Ok(shop) => shop,
        Err(_) => {
            return problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "shop_unavailable",
                "the shop's manifest has problems; the seller must fix it (microshop check)",
            )
        }
    };
    let problems = verify_order(&shop.manifest, &shop.catalog, &order);
    if !problems.is_empty() {
        let (status, body) = rejection(problems);
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
        return (status, Json(body)).into_response();
    }
    let stored = StoredOrder {
        order_id: order.order_id.clone(),
        status: "received".into(),
        created_at: order.created_at.clone(),
        received_at: now_rfc3339(),
        currency: order.currency.clone(),
        total: order.total.clone(),
        customer_name: order.customer.get("name").cloned().unwrap_or_default(),
        payload: String::from_utf8_lossy(body).into_owned(),
    };
    let answer = OrderAccepted {
        order_id: Some(order.order_id.clone()),
        status: Some("received".into()),
        message: Some(microshop_core::order::ACCEPTED_MESSAGE.into()),
        status_url: Some(format!("/api/orders/{}", order.order_id)),
        payment_url: None,
    };
    let answer_json = serde_json::to_string(&answer).unwrap_or_default();
    match store.record(
        &key,
        &body_sha256,
        &stored,
        &shop.manifest.id,
        201,
        &answer_json,
    ) {
        Ok(Recorded::New) => {
            note!(
                "order {} received: {} {}",
                order.order_id,
                order.total,
                order.currency
            );
            json_response(StatusCode::CREATED, answer_json)
        }
        Ok(Recorded::Replay { status, body }) => replayed(status, body),
        Ok(Recorded::Mismatch) => key_reused(),
        Err(e) => storage_error(&e),
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn replayed(status: u16, body: String) -> Response {
    let mut response = json_response(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body);
    response
        .headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

fn key_reused() -> Response {
    problem(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
        "this order id was already used for a different order",
    )
}

fn storage_error(e: &str) -> Response {
    note!("storage error: {e}");
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "storage",
        "the order could not be stored; it will be retried",
    )
}

async fn order_status(State(state): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    if !is_order_id(&id) {
        return problem(StatusCode::NOT_FOUND, "not_found", "no such order");
    }
    let found = tokio::task::spawn_blocking(move || {
        let store = match state.store.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        store.order(&id)
    })
    .await;
    match found {
        Ok(Ok(Some(o))) => Json(json!({
            "order_id": o.order_id,
            "status": o.status,
            "created_at": o.created_at,
            "received_at": o.received_at,
            "currency": o.currency,
            "total": o.total,
        }))
        .into_response(),
        Ok(Ok(None)) => problem(StatusCode::NOT_FOUND, "not_found", "no such order"),
        Ok(Err(e)) => storage_error(&e),
        Err(_) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error",
        ),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashed_files() {
        assert!(is_hashed_asset("/app-910fce107b5467ed.css"));
        assert!(is_hashed_asset(
            "/microshop-storefront-edac529a5d36858e_bg.wasm"
        ));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/images/jasmine-pearls-2.svg"));
        assert!(!is_hashed_asset("/p/jasmine-pearls"));
    }
}
