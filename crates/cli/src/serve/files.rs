//! The static side of `serve`: the built app (with SPA fallback and precompressed
//! files), the manifest as /shop.json, the seller's own files next to it, and how
//! long browsers may cache each.

use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::{ServeDir, ServeFile};

/// The static routes: /shop.json, then the app, then seller files, then index.html.
pub fn routes(dist: &Path, manifest: &Path) -> Router {
    let index = dist.join("index.html");
    // The seller's own files next to the manifest (a separate catalog, images) come
    // after the built app; only those kinds of file, so nothing else there leaks.
    let seller_dir = manifest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let seller_files = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn(only_seller_files))
        .service(ServeDir::new(seller_dir).fallback(ServeFile::new(&index)));
    let spa = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(seller_files);
    Router::new()
        .route_service("/shop.json", ServeFile::new(manifest))
        .fallback_service(spa)
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
pub async fn cache_headers(
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
