//! The seller's desk on the server: sign-in, the inbox API, the studio API and the
//! seller app's files, all under `/_seller/` (docs/seller-api.md).
//!
//! One gate stands before every route here ([`gate`]): only the sign-in page, its
//! stylesheet, the one-time links and sign-out answer without a session; every other
//! path, known or not, gets 303 to the sign-in page (pages) or 401 (the API). A route
//! added below is behind the gate by construction, and `tests/desk_gate.rs` lists
//! every route (a unit test below fails when a route is missing from that list).

mod app;
mod as_written;
mod exports;
pub mod media;
mod orders;
mod orders_csv;
mod republish;
mod secret;
mod session;
mod signin;
mod status;
mod studio;
mod trust;
mod words;

pub use republish::Publisher;
pub use secret::SellerSecret;

use super::client::{Client, TrustedProxies};
use super::shop::CurrentShop;
use super::stock::Stockroom;
use crate::store::{now_ms, Store};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// The desk's own tab icon, inline (a bag on the desk's green): every page under
/// `/_seller/` names it, so the browser never asks for `/favicon.ico`, which a
/// published site (`serve --site`) does not have. The seller app's index.html
/// (`crates/seller/index.html`) carries the same link (a test below holds them equal).
pub const ICON_LINK: &str = "<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%232f5d50'/%3E%3Cpath d='M9 13h14l-1.5 12h-11zM12.5 13v-1a3.5 3.5 0 0 1 7 0v1' fill='none' stroke='%23fff' stroke-width='2' stroke-linejoin='round'/%3E%3C/svg%3E\">";

/// What the desk needs.
pub struct Desk {
    pub store: Arc<Store>,
    pub shop: Arc<CurrentShop>,
    /// Stock levels, reconciled with the manifest before they are shown.
    pub stock: Arc<Stockroom>,
    /// `None`: the seller side is off (the sign-in page says how to turn it on).
    pub secret: Option<SellerSecret>,
    pub proxies: TrustedProxies,
    pub throttle: secret::Throttle,
    /// The seller's manifest as the studio edits it.
    pub studio: studio::Studio,
    /// The built storefront (Trunk's dist/): the seller app is in its `seller/`.
    pub dist: PathBuf,
    /// Where the published site lives (`serve --site`), if it is one.
    pub base_url: Option<String>,
    /// Where status changes are announced (notify.json; docs/notify.md).
    pub notify: Arc<microshop_cli::notify::Config>,
    /// The public half of serve's receipt key (`--receipt-key`), for site.zip.
    pub receipt_keys: Option<microshop_cli::receipt::PublicKeys>,
    /// The files serve was given: never put into site.zip.
    pub private: crate::private_files::PrivateFiles,
}

impl Desk {
    /// Makes the desk; `manifest` is the seller's shop.json the studio edits (`None`
    /// when serve runs a published folder without its source: the studio only reads).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Arc<Store>,
        shop: Arc<CurrentShop>,
        stock: Arc<Stockroom>,
        secret: Option<SellerSecret>,
        proxies: TrustedProxies,
        manifest: PathBuf,
        editable: bool,
        publisher: Option<Publisher>,
        dist: PathBuf,
        base_url: Option<String>,
        notify: Arc<microshop_cli::notify::Config>,
        receipt_keys: Option<microshop_cli::receipt::PublicKeys>,
        private: crate::private_files::PrivateFiles,
    ) -> Desk {
        Desk {
            store,
            stock,
            secret,
            proxies,
            throttle: secret::Throttle::default(),
            studio: studio::Studio::new(manifest, editable, publisher, Arc::clone(&shop)),
            shop,
            dist,
            base_url,
            notify,
            receipt_keys,
            private,
        }
    }

    /// The client of a request (its address and whether it came over https).
    fn client(&self, request: &Request) -> Client {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| *peer);
        self.proxies.client_of(peer, request.headers())
    }
}

type Shared = Arc<Desk>;

/// Every route of the desk, behind the gate.
pub fn routes(desk: Shared) -> Router {
    Router::new()
        .route("/_seller", get(app::to_app))
        .route("/_seller/signin", get(signin::page).post(signin::submit))
        .route("/_seller/signin.css", get(signin::stylesheet))
        .route("/_seller/signin/{token}", get(signin::link))
        .route("/_seller/signout", post(signin::sign_out))
        .route("/_seller/status", get(status::status))
        .route("/_seller/api/me", get(orders::me))
        .route("/_seller/api/orders", get(orders::list))
        .route("/_seller/api/orders.csv", get(orders_csv::export))
        .route("/_seller/api/orders/{id}", get(orders::one))
        .route(
            "/_seller/api/orders/{id}/status",
            post(orders::change_status),
        )
        .route("/_seller/api/shop", get(studio::load).put(studio::save))
        .route("/_seller/api/shop/undo", post(studio::undo))
        .route("/_seller/api/media", post(media::upload))
        .route("/_seller/api/reviews", get(trust::reviews))
        .route("/_seller/api/reviews/{id}/reply", post(trust::reply))
        .route("/_seller/api/reviews/{id}/hide", post(trust::hide))
        .route("/_seller/api/reviews/{id}/show", post(trust::show))
        .route("/_seller/api/problems", get(trust::problems))
        .route("/_seller/api/problems/{id}", post(trust::answer))
        .route("/_seller/api/photos/{sha256}", get(trust::photo))
        .route("/_seller/api/export/shop.json", get(exports::manifest))
        .route("/_seller/api/export/catalog.csv", get(exports::catalog))
        .route("/_seller/api/export/site.zip", get(exports::site))
        .route("/_seller/api/{*rest}", any(api_not_found))
        // The app's files: compressed on the fly where they have no copy, as the
        // shop's are (super::on_the_fly).
        .merge(crate::serve::on_the_fly::compressed(
            Router::new()
                .route("/_seller/", get(app::serve))
                .route("/_seller/{*path}", get(app::serve)),
        ))
        // A studio save carries the whole shop; other bodies set their own limits.
        .layer(DefaultBodyLimit::max(2 * studio::MAX_MANIFEST_BYTES))
        .layer(middleware::from_fn_with_state(Arc::clone(&desk), gate))
        .with_state(desk)
}

/// Paths that answer without a session: how to sign in, and sign-out.
fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/_seller/signin" | "/_seller/signin.css" | "/_seller/signout"
    ) || path
        .strip_prefix("/_seller/signin/")
        .is_some_and(|token| !token.is_empty() && !token.contains('/'))
}

/// Paths that answer JSON (a refusal is 401 JSON, not a redirect).
fn is_api(path: &str) -> bool {
    path.starts_with("/_seller/api/") || path == "/_seller/api" || path == "/_seller/status"
}

/// The session a request carries was found live (handlers may ask).
#[derive(Clone)]
pub struct SignedIn {
    /// The cookie's value (sign-out ends it).
    pub cookie: String,
}

/// Stands before every desk route: the Origin check for requests that change
/// something, then the session (sliding its expiry), then the route; and the
/// headers every seller answer carries.
async fn gate(State(desk): State<Shared>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let client = desk.client(&request);
    request.extensions_mut().insert(client);
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let mut refreshed = None;
    if !is_public(&path) {
        let cookie = session::cookie_value(request.headers());
        let found = match (&desk.secret, cookie) {
            (Some(_), Some(value)) => {
                let store = Arc::clone(&desk.store);
                let looked = value.clone();
                let found =
                    tokio::task::spawn_blocking(move || session::find(&store, &looked, now_ms()))
                        .await;
                match found {
                    Ok(Ok(session::Found::Live { refreshed: fresh })) => {
                        if fresh {
                            refreshed = Some(value.clone());
                        }
                        Some(value)
                    }
                    Ok(Ok(session::Found::Missing)) => None,
                    Ok(Err(e)) => {
                        note!("seller session could not be read: {e}");
                        return with_seller_headers(
                            &path,
                            unavailable("the session could not be read; try again"),
                        );
                    }
                    Err(_) => None,
                }
            }
            _ => None,
        };
        let Some(cookie) = found else {
            return with_seller_headers(&path, signed_out(&path, desk.secret.is_some()));
        };
        request.extensions_mut().insert(SignedIn { cookie });
    }
    if changes && !same_origin(request.headers()) {
        return with_seller_headers(&path, cross_origin(&path));
    }
    let mut response = next.run(request).await;
    if let Some(value) = refreshed {
        response.headers_mut().append(
            header::SET_COOKIE,
            session::set_cookie(Some(&value), session::IDLE, client.https),
        );
    }
    with_seller_headers(&path, response)
}

/// No session: pages go to the sign-in page, the API says so in JSON.
fn signed_out(path: &str, on: bool) -> Response {
    if is_api(path) {
        let message = if on {
            "You are signed out; sign in at /_seller/signin."
        } else {
            "The seller's side is off: serve was started without a seller secret (microshop seller-token makes one)."
        };
        return refusal(StatusCode::UNAUTHORIZED, "signed_out", message, Vec::new());
    }
    see_other("/_seller/signin")
}

fn cross_origin(path: &str) -> Response {
    let message =
        "This request came from another site (its Origin is not this shop's); it was refused.";
    if is_api(path) {
        return refusal(StatusCode::FORBIDDEN, "cross_origin", message, Vec::new());
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// Whether a request that changes something comes from a page of this shop: its
/// `Origin` names the host the request was sent to (browsers send `Origin` with
/// every POST, PUT and DELETE), or, without one, `Sec-Fetch-Site: same-origin`.
/// The scheme is not compared, so a TLS proxy that is not declared with
/// `--trusted-proxy` does not break the desk; the cookie is SameSite=Strict anyway.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        // `null`: a page whose origin is hidden (no-referrer) or opaque (sandboxed,
        // data:); the browser's own `Sec-Fetch-Site`, which no script can set, says
        // which.
        Some(Ok("null")) => headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"same-origin"),
        Some(Ok(origin)) => {
            let authority = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .map(str::to_ascii_lowercase);
            matches!((authority, host), (Some(a), Some(h)) if a == h)
        }
        Some(Err(_)) => false,
        None => headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"same-origin"),
    }
}

/// Headers on every seller answer: nothing cached by shared caches, never framed by
/// another site, and no address (a one-time link) sent to another site as a referrer.
fn with_seller_headers(path: &str, mut response: Response) -> Response {
    let headers = response.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert("x-frame-options", HeaderValue::from_static("SAMEORIGIN"));
    // `same-origin`, not `no-referrer`: under `no-referrer` browsers send `Origin:
    // null` with a form's POST, which the Origin check cannot tell from a foreign
    // page. Nothing (a one-time link) is sent to another site either way.
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if is_api(path) {
        headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    response
}

/// 303 See Other to `location`.
fn see_other(location: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// A JSON answer.
fn json(status: StatusCode, value: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// An error in the API's shape: `{error, message, problems: [{path, message}]}`.
fn refusal(
    status: StatusCode,
    error: &str,
    message: &str,
    problems: Vec<(String, String)>,
) -> Response {
    let problems: Vec<Value> = problems
        .into_iter()
        .map(|(path, message)| json!({"path": path, "message": message}))
        .collect();
    json(
        status,
        &json!({"error": error, "message": message, "problems": problems}),
    )
}

/// 422 for one field.
fn invalid(path: &str, message: &str) -> Response {
    refusal(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        &format!("{path}: {message}"),
        vec![(path.to_owned(), message.to_owned())],
    )
}

fn unavailable(message: &str) -> Response {
    refusal(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        message,
        Vec::new(),
    )
}

fn internal(message: &str) -> Response {
    note!("seller desk: {message}");
    refusal(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "The request could not be processed; the server's log says why.",
        Vec::new(),
    )
}

async fn api_not_found() -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is no such address in the seller API (docs/seller-api.md lists them).",
        Vec::new(),
    )
}

/// Runs blocking work (the store, files) off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| internal(&format!("a task failed: {e}")))
}

/// `n` bytes from the operating system's random source.
fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seller_app_names_the_desks_icon() {
        let index = include_str!("../../../../seller/index.html");
        assert!(index.contains(ICON_LINK), "crates/seller/index.html");
    }

    #[test]
    fn only_signing_in_and_out_are_public() {
        for path in [
            "/_seller/signin",
            "/_seller/signin.css",
            "/_seller/signout",
            "/_seller/signin/0123abcd",
        ] {
            assert!(is_public(path), "{path}");
        }
        for path in [
            "/_seller",
            "/_seller/",
            "/_seller/signin/",
            "/_seller/signin/a/b",
            "/_seller/signinx",
            "/_seller/api/me",
            "/_seller/status",
            "/_seller/index.html",
        ] {
            assert!(!is_public(path), "{path}");
        }
    }

    #[test]
    fn same_origin_is_the_requests_own_host() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (n, v) in pairs {
                map.insert(*n, HeaderValue::from_static(v));
            }
            map
        };
        assert!(same_origin(&headers(&[
            ("host", "shop.example:8080"),
            ("origin", "http://shop.example:8080")
        ])));
        assert!(same_origin(&headers(&[
            ("host", "Shop.Example"),
            ("origin", "https://shop.example")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "shop.example"),
            ("origin", "https://evil.example")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "shop.example"),
            ("origin", "null")
        ])));
        assert!(same_origin(&headers(&[
            ("host", "shop.example"),
            ("origin", "null"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "shop.example"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(!same_origin(&headers(&[("host", "shop.example")])));
        assert!(same_origin(&headers(&[
            ("host", "shop.example"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "shop.example"),
            ("sec-fetch-site", "cross-site")
        ])));
    }

    /// Every route registered above is in the table of tests/desk_gate.rs, which
    /// asserts each answers 303/401 without a session: a new route cannot skip it.
    #[test]
    fn every_route_is_in_the_gate_test() {
        let source = include_str!("mod.rs");
        let table = include_str!("../../../tests/desk_gate.rs");
        let routes = source
            .lines()
            .filter_map(|l| l.trim().strip_prefix(".route(\""))
            .filter_map(|l| l.split('"').next());
        let mut count = 0;
        for route in routes {
            count += 1;
            assert!(
                table.contains(&format!("\"{route}\"")),
                "{route} is not in tests/desk_gate.rs's table of routes"
            );
        }
        assert!(count >= 9, "{count} routes found");
    }
}
