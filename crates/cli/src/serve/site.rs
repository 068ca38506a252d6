//! `serve --site OUT`: a folder `microshop publish` wrote, served as a static host
//! serves it (but for the files that carry stock, shown with the levels left now:
//! super::site_stock): files as they are (their `.br`/`.gz` copies when the browser accepts
//! them, else compressed on the fly: product pages have no copies), a folder's
//! `index.html`, `404.html` with status 404 for anything missing, no SPA fallback.
//! The site lives under its base path (`/teashop/`), read from the folder's marker,
//! so one published folder works both here and on its real host.
//!
//! Compressing on the fly keeps the validators honest (super::on_the_fly, shared
//! with `--dist` and the seller app).

use crate::publish::output::{Marker, MARKER};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_status::SetStatus;

fn marker(site: &Path) -> Result<Marker, String> {
    let marker_path = site.join(MARKER);
    let text = std::fs::read_to_string(&marker_path).map_err(|e| {
        format!(
            "{}: {e}; --site takes a folder written by microshop publish",
            marker_path.display()
        )
    })?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a publish marker: {e}", marker_path.display()))
}

/// The URL the folder was published for (`https://you.example/teashop/`).
pub fn base_url(site: &Path) -> Result<String, String> {
    marker(site).map(|m| m.base_url)
}

/// The base path the folder was published for (`/teashop/`), from its marker.
pub fn base_path(site: &Path) -> Result<String, String> {
    let marker_path = site.join(MARKER);
    let marker = marker(site)?;
    if !marker.base_path.starts_with('/') || !marker.base_path.ends_with('/') {
        return Err(format!(
            "{}: base_path \"{}\" must start and end with /",
            marker_path.display(),
            marker.base_path
        ));
    }
    Ok(marker.base_path)
}

/// The static routes of a published folder under `base_path`; the files that carry
/// stock with the levels left now (`live`: super::site_stock).
pub fn routes(site: &Path, base_path: &str, live: super::site_stock::LiveStock) -> Router {
    let not_found = site.join("404.html");
    let files = ServeDir::new(site)
        .precompressed_br()
        .precompressed_gzip()
        .not_found_service(
            ServeFile::new(&not_found)
                .precompressed_br()
                .precompressed_gzip(),
        );
    let router = if base_path == "/" {
        Router::new().fallback_service(files)
    } else {
        let prefix = base_path.trim_end_matches('/').to_owned();
        let home = base_path.to_owned();
        let handler = move |request: Request| {
            let (files, not_found, prefix) = (files.clone(), not_found.clone(), prefix.clone());
            async move { under_base(files, &not_found, &prefix, request).await }
        };
        Router::new()
            // The root sends a visitor to the shop, for convenience here.
            .route("/", get(move || async move { Redirect::temporary(&home) }))
            .fallback(handler)
    };
    let router = router.layer(axum::middleware::from_fn_with_state(
        std::sync::Arc::new(live),
        super::site_stock::answer,
    ));
    super::on_the_fly::compressed(router)
}

/// A request under the base path goes to the folder with the prefix taken off (and
/// put back on a redirect's Location: `/teashop/p/x` -> `/teashop/p/x/`); anything
/// else is the 404 page, as the real host would answer, since nothing is published
/// there.
async fn under_base(
    files: ServeDir<SetStatus<ServeFile>>,
    not_found: &Path,
    prefix: &str,
    request: Request,
) -> Response {
    let path = request.uri().path();
    let inner = match path.strip_prefix(prefix) {
        // The folder without its slash: a static host redirects to it with one.
        Some("") => return Redirect::permanent(&format!("{prefix}/")).into_response(),
        Some(rest) if rest.starts_with('/') => Some(rest.to_owned()),
        _ => None,
    };
    let Some(inner) = inner else {
        return match ServeFile::new(not_found).oneshot(request).await {
            Ok(response) => {
                let mut response = response.into_response();
                *response.status_mut() = StatusCode::NOT_FOUND;
                response
            }
            Err(never) => match never {},
        };
    };
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let (mut parts, body) = request.into_parts();
    match format!("{inner}{query}").parse::<Uri>() {
        Ok(uri) => parts.uri = uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    }
    let mut response = match files.oneshot(Request::from_parts(parts, body)).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    if response.status().is_redirection() {
        let moved = response
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .filter(|l| l.starts_with('/'))
            .and_then(|l| HeaderValue::from_str(&format!("{prefix}{l}")).ok());
        if let Some(location) = moved {
            response.headers_mut().insert(header::LOCATION, location);
        }
    }
    response
}
