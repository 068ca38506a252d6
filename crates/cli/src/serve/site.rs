//! `serve --site OUT`: a folder `microshop publish` wrote, served as a static host
//! serves it: files as they are (their `.br`/`.gz` copies when the browser accepts
//! them, else compressed on the fly: product pages have no copies), a folder's
//! `index.html`, `404.html` with status 404 for anything missing, no SPA fallback.
//! The site lives under its base path (`/teashop/`), read from the folder's marker,
//! so one published folder works both here and on its real host.
//!
//! Compressing on the fly keeps the validators honest: a response compressed here
//! carries its file's ETag as a weak one (`W/"..."`: the same entity, not the same
//! bytes as the file, whose ETag it is), a 304 answers with the validator the
//! browser holds, and says `Vary: Accept-Encoding` as the 200 does; a HEAD gets the
//! headers its GET gets (the file is opened, never read).

use crate::publish::output::{Marker, MARKER};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use std::path::Path;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
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

/// The static routes of a published folder under `base_path`.
pub fn routes(site: &Path, base_path: &str) -> Router {
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
    // Innermost first: HEAD read as GET, responses the folder gave uncompressed
    // marked, compressed when accepted (the app-wide compression layer then leaves
    // them alone: it never compresses twice), validators fitted.
    router
        .layer(middleware::map_response(mark_uncoded))
        .layer(middleware::map_request(head_as_get))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(fit_validators))
}

/// A HEAD is answered as its GET would be, compressed the same way, so its headers
/// (`Content-Encoding`, `ETag`, no `Content-Length` when compressed here) are the
/// GET's; the server sends no body in answer to a HEAD, so the file is not read.
/// ServeDir's own HEAD answer is never compressed (its empty body is below the
/// compression layer's 32 bytes), which would tell a HEAD `identity` and the GET
/// `br`.
async fn head_as_get(mut request: Request) -> Request {
    if request.method() == Method::HEAD {
        *request.method_mut() = Method::GET;
    }
    request
}

/// Marks a response the folder gave without a `Content-Encoding` (not a `.br`/`.gz`
/// copy), so [`fit_validators`] knows the compression layer encoded it.
#[derive(Clone, Copy)]
struct Uncoded;

async fn mark_uncoded(mut response: Response) -> Response {
    if !response.headers().contains_key(header::CONTENT_ENCODING) {
        response.extensions_mut().insert(Uncoded);
    }
    response
}

/// A response compressed here carries its file's ETag as a weak one: the ETag is
/// the file's (its size and modification time), and a strong ETag promises those
/// very bytes (RFC 9110 8.8.1), which a brotli body is not. A copy published as
/// `.br` has its own ETag and stays strong. A 304 answers with the validator the
/// browser sent (ServeDir matches `If-None-Match` weakly and answers the file's
/// strong ETag), and with `Vary: Accept-Encoding` like every 200 of the folder.
async fn fit_validators(request: Request, next: Next) -> Response {
    let asked = request.headers().get(header::IF_NONE_MATCH).cloned();
    let mut response = next.run(request).await;
    let coded_here = response.extensions().get::<Uncoded>().is_some()
        && response.headers().contains_key(header::CONTENT_ENCODING);
    if coded_here {
        weaken_etag(&mut response);
    }
    if response.status() == StatusCode::NOT_MODIFIED {
        let held_weak = match (response.headers().get(header::ETAG), &asked) {
            (Some(etag), Some(asked)) => {
                let weak = format!("W/{}", String::from_utf8_lossy(etag.as_bytes()));
                String::from_utf8_lossy(asked.as_bytes())
                    .split(',')
                    .any(|tag| tag.trim() == weak)
            }
            _ => false,
        };
        if held_weak {
            weaken_etag(&mut response);
        }
        if !response.headers().contains_key(header::VARY) {
            response
                .headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
    response
}

/// `"x"` becomes `W/"x"`; a weak ETag stays as it is.
fn weaken_etag(response: &mut Response) {
    let weak = response
        .headers()
        .get(header::ETAG)
        .filter(|etag| !etag.as_bytes().starts_with(b"W/"))
        .and_then(|etag| {
            let mut weak = b"W/".to_vec();
            weak.extend_from_slice(etag.as_bytes());
            HeaderValue::from_bytes(&weak).ok()
        });
    if let Some(weak) = weak {
        response.headers_mut().insert(header::ETAG, weak);
    }
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
