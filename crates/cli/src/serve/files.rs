//! The static side of `serve`: the built app (with SPA fallback, precompressed
//! files and the rest compressed on the fly: super::on_the_fly), the manifest as /shop.json, the seller's own files next to it, and how
//! long browsers may cache each.

use super::shop::CurrentShop;
use super::stock::Stockroom;
use crate::private_files::PrivateFiles;
use crate::source::site_path;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// What the seller-file handler needs.
#[derive(Clone)]
struct SellerFiles {
    /// The manifest's directory: the site root for the files it names.
    dir: PathBuf,
    index: PathBuf,
    shop: Arc<CurrentShop>,
    /// The files serve was given (its receipt key, secret, database): never served.
    private: PrivateFiles,
}

/// The static routes: /shop.json, then the app, then the seller's files the manifest
/// names, then the app's index.html for everything else (the app's own routes).
pub fn routes(
    dist: &Path,
    manifest: &Path,
    shop: Arc<CurrentShop>,
    stock: Arc<Stockroom>,
    private: PrivateFiles,
) -> Router {
    let seller = SellerFiles {
        dir: manifest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), PathBuf::from),
        index: dist.join("index.html"),
        shop,
        private,
    };
    let seller_files = axum::handler::Handler::with_state(seller_file, seller);
    let spa = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(seller_files);
    // Compressed on the fly, as `--site` is, where a file has no copy.
    super::on_the_fly::compressed(
        Router::new()
            .route(
                "/shop.json",
                axum::routing::get(shop_json).with_state(stock),
            )
            .fallback_service(spa),
    )
}

/// The manifest buyers get: the current one, or the last valid one while the
/// seller's latest edit is broken (a shop that never was valid is served as it is,
/// so the storefront can say it is closed); with the stock levels left now.
async fn shop_json(State(stock): State<Arc<Stockroom>>) -> Response {
    let levels = Arc::clone(&stock);
    // The levels come from the database: one that does not answer in time gets the
    // file's own counts (orders still check the levels), not a page that waits.
    let served = match super::blocking_within(super::READ_DEADLINE, move || levels.shop_json())
        .await
    {
        Err(super::Late::TimedOut) => {
            note!(
                "stock levels did not come within {} s for /shop.json: the file's counts were served",
                super::READ_DEADLINE.as_secs()
            );
            tokio::task::spawn_blocking(move || stock.shop_json_as_written())
                .await
                .ok()
        }
        done => done.ok(),
    };
    match served {
        Some((Some(text), _)) => {
            ([(header::CONTENT_TYPE, "application/json")], text).into_response()
        }
        // Not UTF-8: as it is, so the storefront shows the seller the encoding problem.
        Some((None, Some(raw))) => {
            ([(header::CONTENT_TYPE, "application/json")], raw.to_vec()).into_response()
        }
        _ => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

/// A file from the manifest's directory if the manifest or its catalog names it
/// (the separate catalog, product images, the avatar); else the app's index.html.
/// The whole directory is not public: a seller keeps other things there
/// (package.json, an orders export, drafts). The path is decoded before it is
/// compared, so `%2E` and `%2F` cannot slip a dotfile or another folder past it.
async fn seller_file(State(seller): State<SellerFiles>, request: Request) -> Response {
    let wanted = site_path(request.uri().path());
    let named = match wanted {
        Some(path) => {
            let shop = Arc::clone(&seller.shop);
            // Reading the manifest blocks (and may fetch a catalog): off the async workers.
            let files = tokio::task::spawn_blocking(move || shop.recent())
                .await
                .map(|serving| {
                    let reading = &serving.reading;
                    (
                        reading.files.contains(&path),
                        reading.not_pictures.contains(&path),
                    )
                });
            match files {
                // Named as a picture, and no picture (the receipt key named as a
                // product image): an error of the reading, never served.
                Ok((true, true)) => return axum::http::StatusCode::NOT_FOUND.into_response(),
                Ok((true, false)) => Some(path),
                _ => None,
            }
        }
        None => None,
    };
    if named.is_none() {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned);
        let path = request.uri().path().to_owned();
        if let Some(page) = product_page(&seller, path, host).await {
            return page;
        }
    }
    let file = match named {
        None => seller.index.clone(),
        Some(path) => match inside_the_folder(seller.dir.clone(), path, seller.private).await {
            Some(file) => file,
            None => return axum::http::StatusCode::NOT_FOUND.into_response(),
        },
    };
    match ServeFile::new(file).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

/// The file to serve for the named site path `path`: its real path, or, where it
/// cannot be read, the path as it is (answered 404 by the file service). `None`
/// (answered 404, nothing of the file read) when its real path leaves the seller's
/// folder, a symbolic link out of it, as publish refuses it
/// ([`crate::publish::sources::seller_file_inside`]), and when it is one of the
/// files serve was given (`private`), as publish refuses those too.
async fn inside_the_folder(dir: PathBuf, path: String, private: PrivateFiles) -> Option<PathBuf> {
    use crate::publish::sources::{seller_file_inside, seller_folder, SellerFileError};
    // Following links touches the disk: off the async workers.
    let found = tokio::task::spawn_blocking(move || {
        let folder = seller_folder(&dir).map_err(SellerFileError::Unreadable);
        match folder.and_then(|folder| seller_file_inside(&dir, &folder, &path)) {
            Ok(real) => match private.refuse(&path, &real) {
                Ok(()) => Some(real),
                Err(why) => {
                    note!("not served: {why}");
                    None
                }
            },
            Err(SellerFileError::Unreadable(_)) => Some(dir.join(&path)),
            Err(SellerFileError::Outside(why)) => {
                note!("not served: {why}");
                None
            }
        }
    })
    .await;
    found.ok().flatten()
}

/// A product's address (`/p/{id}/`) answered with the app's index.html carrying the
/// product's oEmbed discovery link, so a site that reads it can embed the product.
async fn product_page(
    seller: &SellerFiles,
    path: String,
    host: Option<String>,
) -> Option<Response> {
    let id = path
        .strip_prefix("/p/")
        .map(|rest| rest.strip_suffix('/').unwrap_or(rest))
        .filter(|id| !id.is_empty() && !id.contains('/'))?
        .to_owned();
    let host = host.filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))?;
    let (shop, index) = (Arc::clone(&seller.shop), seller.index.clone());
    tokio::task::spawn_blocking(move || {
        let serving = shop.recent();
        let shop = serving.reading.shop.as_ref().ok()?;
        let product = shop.catalog.product(&id)?;
        let locale = shop.manifest.default_locale();
        let html = std::fs::read_to_string(&index).ok()?;
        let origin = format!("http://{host}/");
        let link = crate::publish::head::oembed_link(
            &crate::publish::head::oembed_endpoint(&origin, &format!("{origin}p/{id}/")),
            product.title.get(locale, locale),
        );
        // Before `</head>`; a bare index.html without one still has its head at the end.
        let at = html
            .find("</head>")
            .or_else(|| html.find("<body"))
            .unwrap_or(html.len());
        let page = format!("{}  {link}\n{}", &html[..at], &html[at..]);
        Some(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response())
    })
    .await
    .ok()
    .flatten()
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

pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    // Only the app's kinds of file: a seller's picture named by a date is not a build's.
    let Some((stem, extension)) = name.split_once('.') else {
        return false;
    };
    if !matches!(extension, "wasm" | "js" | "css" | "txt") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        // Trunk writes its 64-bit hash without leading zeros: 15 digits one build in
        // 16, 14 one in 256, fewer than 10 about one in 17 million.
        .is_some_and(|(_, hash)| {
            (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashed_files() {
        assert!(is_hashed_asset("/app-910fce107b5467ed.css"));
        assert!(is_hashed_asset(
            "/microshop-storefront-45707aaa8eab2fc_bg.wasm"
        ));
        assert!(is_hashed_asset(
            "/microshop-storefront-edac529a5d36858e_bg.wasm"
        ));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/images/jasmine-pearls-2.svg"));
        assert!(!is_hashed_asset("/p/jasmine-pearls"));
        // Trunk writes its 64-bit hash without leading zeros: 14 digits one build in
        // 256 (CI's build of 0aa1d0b had `microshop-storefront-27eba431779a30_bg.wasm`).
        assert!(is_hashed_asset(
            "/microshop-storefront-27eba431779a30_bg.wasm"
        ));
        assert!(is_hashed_asset("/split_buying-0000067e7898fd.wasm"));
        assert!(is_hashed_asset("/words/ja-c1aeec42762978.txt"));
        // A seller's picture named by a date is the seller's, not a build's.
        assert!(!is_hashed_asset("/images/photo-2024120512.jpg"));
        assert!(!is_hashed_asset("/images/photo-20241205123456.png"));
    }
}
