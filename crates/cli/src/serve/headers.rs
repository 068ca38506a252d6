//! Security headers on every answer: `X-Content-Type-Options: nosniff` and a
//! `Referrer-Policy` everywhere; on pages the shop's Content-Security-Policy
//! (crate::csp: no inline script but the pages' own, by hash; frame-ancestors as the
//! seller set it); on SVG pictures a policy that runs no script at all (`sandbox`),
//! so an SVG opened directly cannot act on the shop's origin whoever made it.
//!
//! The inline scripts' hashes are computed from the HTML files served, at start and
//! again when the app's index.html changes (a new build), so a page never carries a
//! script its own policy forbids.

use super::metrics::Metrics;
use super::shop::CurrentShop;
use crate::csp::{Framing, Policy};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

/// Where browsers report violations (counted in metrics, noted in the log).
pub const REPORT_PATH: &str = "/_csp-report";

/// The studio's preview (the storefront's page in a frame of the seller app,
/// behind the seller's session, scripts/seller-preview.mjs).
const PREVIEW_PATH: &str = "/_seller/preview/";

/// The shop's page policy for the studio's preview: the storefront there reads the
/// seller's unsaved draft from a same-origin `blob:` URL (connect-src), and only
/// the seller app itself frames it, whatever the shop's embed setting says.
fn preview_policy(page: &str) -> String {
    page.split("; ")
        .map(|directive| {
            if directive.starts_with("connect-src ") {
                format!("{directive} blob:")
            } else if directive.starts_with("frame-ancestors ") {
                "frame-ancestors 'self'".to_string()
            } else {
                directive.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The seller's pages (the desk, its sign-in): the shop's page policy, framed by
/// their own origin only whatever the shop's embed setting says (with the shop's
/// `frame-ancestors *` browsers ignore the desk's `X-Frame-Options`).
fn seller_policy(page: &str) -> String {
    page.split("; ")
        .map(|directive| {
            if directive.starts_with("frame-ancestors ") {
                "frame-ancestors 'self'"
            } else {
                directive
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What an SVG may do: show itself, with its own styles and embedded pictures.
const SVG_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/// HTML files read for their inline scripts, at most (a published site has a page
/// per product; every page carries the same boot script).
const MAX_PAGES: usize = 50_000;

/// What the security headers need.
pub struct Security {
    framing: Framing,
    /// The folder served (the app's build or a published site).
    root: PathBuf,
    shop: Arc<CurrentShop>,
    /// The hashes of the pages' inline scripts, and the index.html stamp they were read at.
    scripts: Mutex<(Policy, Option<SystemTime>)>,
    /// The header last made, for the shop reading it was made from.
    made: Mutex<Option<(usize, Arc<str>)>>,
}

impl Security {
    pub fn new(root: &Path, shop: Arc<CurrentShop>, framing: Framing) -> Security {
        let security = Security {
            framing,
            root: root.to_path_buf(),
            shop,
            scripts: Mutex::new((Policy::default(), None)),
            made: Mutex::new(None),
        };
        security.rescan_if_rebuilt();
        security
    }

    fn index_stamp(&self) -> Option<SystemTime> {
        std::fs::metadata(self.root.join("index.html"))
            .and_then(|m| m.modified())
            .ok()
    }

    /// Reads the pages' inline scripts again when index.html changed; whether it did.
    fn rescan_if_rebuilt(&self) -> bool {
        let stamp = self.index_stamp();
        let mut scripts = self.scripts.lock().unwrap_or_else(PoisonError::into_inner);
        if scripts.1.is_some() && scripts.1 == stamp {
            return false;
        }
        let mut policy = Policy::default();
        let mut pages = Vec::new();
        html_files(&self.root, &mut pages);
        for page in pages {
            if let Ok(html) = std::fs::read_to_string(&page) {
                policy.add_page(&html);
            }
        }
        *scripts = (policy, stamp);
        true
    }

    /// The page policy for the shop as it is now (blocking: reads the shop's files).
    fn page_policy(&self) -> Arc<str> {
        let rebuilt = self.rescan_if_rebuilt();
        let serving = self.shop.recent();
        let key = match &serving.reading.shop {
            Ok(shop) => Arc::as_ptr(shop) as usize,
            Err(_) => 0,
        };
        let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((made_for, header)) = made.as_ref() {
            if *made_for == key && !rebuilt {
                return Arc::clone(header);
            }
        }
        let mut policy = self
            .scripts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .0
            .clone();
        if let Ok(shop) = &serving.reading.shop {
            policy.add_shop(shop);
        }
        let header: Arc<str> = policy.header(&self.framing, Some(REPORT_PATH)).into();
        *made = Some((key, Arc::clone(&header)));
        header
    }
}

/// Every `.html` file under `dir`, up to [`MAX_PAGES`].
fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if out.len() >= MAX_PAGES {
            return;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => html_files(&path, out),
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "html") => out.push(path),
            _ => {}
        }
    }
}

fn is(response: &Response, kind: &str) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with(kind))
}

/// Adds the security headers to an answer (middleware over the whole app).
pub async fn secure(
    State(security): State<Arc<Security>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let preview = request.uri().path().starts_with(PREVIEW_PATH);
    let seller = request.uri().path().starts_with("/_seller");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // An answer that set its own policy keeps it (the desk's `same-origin`).
    if !headers.contains_key(header::REFERRER_POLICY) {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
    }
    if is(&response, "image/svg+xml") {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SVG_POLICY),
        );
    } else if is(&response, "text/html") {
        let policy = {
            let security = Arc::clone(&security);
            tokio::task::spawn_blocking(move || security.page_policy()).await
        };
        let policy = policy.map(|p| {
            if preview {
                preview_policy(&p)
            } else if seller {
                seller_policy(&p)
            } else {
                p.to_string()
            }
        });
        if let Ok(value) = policy.map(|p| HeaderValue::from_str(&p)) {
            match value {
                Ok(value) => {
                    response
                        .headers_mut()
                        .insert(header::CONTENT_SECURITY_POLICY, value);
                }
                Err(_) => note!("the Content-Security-Policy could not be made a header"),
            }
        }
        if preview || seller {
            response.headers_mut().insert(
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("SAMEORIGIN"),
            );
        } else if let Some(xfo) = security.framing.x_frame_options() {
            response
                .headers_mut()
                .insert(header::X_FRAME_OPTIONS, HeaderValue::from_static(xfo));
        }
    }
    response
}

/// Reports logged, at most: the first ones, then one in a thousand (a page that
/// violates the policy for every buyer must not fill the disk).
static REPORTS: AtomicU64 = AtomicU64::new(0);

/// `POST /_csp-report`: a browser's violation report, counted; the directive and the
/// blocked resource's origin noted (never the page's address, which may name an order).
pub async fn report(State(metrics): State<Arc<Metrics>>, body: Bytes) -> Response {
    metrics.csp_reports.inc();
    let seen = REPORTS.fetch_add(1, Ordering::Relaxed) + 1;
    if seen <= 100 || seen.is_multiple_of(1000) {
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let report = value.get("csp-report").unwrap_or(&value);
        let field = |name: &str| {
            report
                .get(name)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .chars()
                .take(80)
                .collect::<String>()
        };
        let blocked = field("blocked-uri");
        let blocked = crate::csp::origin_of(&blocked).unwrap_or(blocked);
        note!(
            "CSP violation reported by a browser (#{seen}): {} blocked {}",
            field("violated-directive"),
            if blocked.is_empty() {
                "(inline)"
            } else {
                &blocked
            }
        );
    }
    StatusCode::NO_CONTENT.into_response()
}

#[cfg(test)]
mod tests {
    use super::preview_policy;

    #[test]
    fn the_preview_may_read_a_blob_draft_and_is_framed_only_by_the_shop() {
        let page = "default-src 'self'; connect-src 'self' https://orders.example; frame-ancestors *; report-uri /_csp-report";
        assert_eq!(
            preview_policy(page),
            "default-src 'self'; connect-src 'self' https://orders.example blob:; frame-ancestors 'self'; report-uri /_csp-report"
        );
    }
}
