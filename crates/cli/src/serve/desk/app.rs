//! The seller app (its own Trunk build, `dist/seller/`, by the seller app's engineer)
//! at `/_seller/`: its index.html for every page of the app, its hashed files as
//! they are. Only with a session (the gate), like everything under `/_seller/`.

use super::{see_other, Shared};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// `/_seller` without its slash.
pub async fn to_app() -> Response {
    see_other("/_seller/")
}

/// A file of the seller app, or its index.html for the app's own routes.
pub async fn serve(State(desk): State<Shared>, request: Request) -> Response {
    let dir = desk.dist.join("seller");
    let index = dir.join("index.html");
    if !index.is_file() {
        return not_built(&desk.dist);
    }
    let rest = request
        .uri()
        .path()
        .strip_prefix("/_seller")
        .unwrap_or("/")
        .to_owned();
    let hashed = crate::serve::files::is_hashed_asset(&rest);
    let (mut parts, body) = request.into_parts();
    match rest.parse::<Uri>() {
        Ok(uri) => parts.uri = uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    }
    let files = ServeDir::new(&dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(&index));
    let mut response = match files.oneshot(Request::from_parts(parts, body)).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    // The app's code is no secret, but it is served only behind the session: no
    // shared cache may keep it. Hashed files never change, so the browser may.
    let cache = if hashed && response.status().is_success() {
        "private, max-age=31536000, immutable"
    } else {
        "no-store"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// 503 until the seller app is built.
fn not_built(dist: &std::path::Path) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>The seller app was not built</title>\n{}\n<link rel=\"stylesheet\" href=\"/_seller/signin.css\">\n</head>\n\
         <body>\n<main class=\"signin\">\n<h1>The seller app was not built</h1>\n\
         <p>You are signed in, but {} has no seller app (seller/index.html). Build it with \
         <code>bash scripts/build.sh</code> (or start the shop with <code>bash scripts/demo.sh</code>), then reload this page. \
         The seller API under /_seller/api/ works meanwhile.</p>\n</main>\n</body>\n</html>\n",
        super::ICON_LINK,
        crate::publish::escape::html(&dist.display().to_string())
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}
