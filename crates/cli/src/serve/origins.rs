//! Which web pages may send orders from a browser (CORS on `/api/orders`). By default
//! the shop's own pages (the origin the request was sent to) and the published site
//! (`microshop publish --base-url`, read from `--site`'s folder), so a site on a
//! static host can use this server as its endpoint; others only when the seller
//! names them (`--allow-origin https://…`), and any page only with `--allow-origin '*'`.
//!
//! A browser asks first (the preflight) and gets no permission for another origin;
//! a POST that comes anyway with a forbidden `Origin` is refused with 403, so a
//! misconfigured page shows a clear error rather than an order silently taken.

use super::accept::Answer;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

/// The origins allowed besides the shop's own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origins {
    any: bool,
    list: Vec<String>,
}

impl Origins {
    /// From `--allow-origin` values (`*`, or `https://host[:port]`), and the
    /// published site's base URL when there is one.
    pub fn parse(values: &[String], published: Option<&str>) -> Result<Origins, String> {
        let mut origins = Origins::default();
        for value in values.iter().flat_map(|v| v.split(',')).map(str::trim) {
            if value.is_empty() {
                continue;
            }
            if value == "*" {
                origins.any = true;
                continue;
            }
            let origin = crate::csp::origin_of(value)
                .filter(|o| o.starts_with("http"))
                .filter(|o| value.trim_end_matches('/').eq_ignore_ascii_case(o))
                .ok_or_else(|| {
                    format!(
                        "--allow-origin \"{value}\" is not an origin such as https://shop.example (scheme and host, no path), or *"
                    )
                })?;
            origins.list.push(origin);
        }
        if let Some(origin) = published.and_then(crate::csp::origin_of) {
            origins.list.push(origin);
        }
        Ok(origins)
    }

    /// Whether a page of `origin` may send to a server reached as `host`.
    pub fn allows(&self, origin: &str, host: Option<&str>) -> bool {
        if self.any {
            return true;
        }
        let origin = origin.to_ascii_lowercase();
        // The shop's own page: the origin's host and port are where the request went
        // (the scheme may differ behind a proxy that ends TLS).
        let authority = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        if let (Some(authority), Some(host)) = (authority, host) {
            if authority.eq_ignore_ascii_case(host) {
                return true;
            }
        }
        self.list.contains(&origin)
    }

    /// The CORS layer for the order API.
    pub fn layer(self: &Arc<Self>) -> CorsLayer {
        let origins = Arc::clone(self);
        CorsLayer::new()
            .allow_origin(AllowOrigin::predicate(
                move |origin: &HeaderValue, parts: &Parts| {
                    let host = parts
                        .headers
                        .get(header::HOST)
                        .and_then(|h| h.to_str().ok());
                    origin
                        .to_str()
                        .is_ok_and(|origin| origins.allows(origin, host))
                },
            ))
            .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
            .allow_headers(AllowHeaders::mirror_request())
            .expose_headers([
                header::RETRY_AFTER,
                axum::http::HeaderName::from_static("idempotent-replayed"),
            ])
            .max_age(std::time::Duration::from_secs(86_400))
    }
}

/// Refuses a request whose `Origin` is not allowed (403, JSON). Requests without
/// an `Origin` (other servers, command-line clients) are not browsers' and pass.
pub async fn check_origin(
    State(origins): State<Arc<Origins>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let refused = headers
        .get(header::ORIGIN)
        .map(|o| o.to_str().map_or(true, |o| !origins.allows(o, host)));
    if refused == Some(true) {
        return Answer::problem(
            403,
            "origin_not_allowed",
            "pages of this origin may not send orders here; the seller can allow it with serve --allow-origin",
        )
        .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::Origins;

    #[test]
    fn the_shop_itself_and_the_named_origins() {
        let origins = Origins::parse(
            &["https://blog.example".into()],
            Some("https://shop.example/tea/"),
        )
        .expect("parses");
        assert!(origins.allows("http://127.0.0.1:8080", Some("127.0.0.1:8080")));
        assert!(origins.allows("https://shop.example", Some("orders.example")));
        assert!(origins.allows("https://blog.example", Some("orders.example")));
        assert!(!origins.allows("https://evil.example", Some("orders.example")));
        assert!(!origins.allows("null", Some("orders.example")));
        assert!(!origins.allows("https://blog.example.evil", Some("orders.example")));
        let any = Origins::parse(&["*".into()], None).expect("parses");
        assert!(any.allows("https://anyone.example", None));
        let bad = Origins::parse(&["https://shop.example/path".into()], None);
        assert!(bad.unwrap_err().contains("no path"));
    }
}
