//! Files compressed on the fly with honest validators, for every folder `serve`
//! serves: a published site (`--site`), the app's folder (`--dist`) and the seller
//! app at `/_seller/`. A file with a `.br`/`.gz` copy is sent as the copy (its own
//! strong ETag); any other is compressed here when the browser accepts it, and then:
//! - its ETag is the file's made weak (`W/"..."`: the same entity, not the same
//!   bytes as the file, whose ETag it is; a strong ETag promises those very bytes,
//!   RFC 9110 8.8.1);
//! - a 304 answers with the validator the browser holds, and says
//!   `Vary: Accept-Encoding` as the 200 does;
//! - a HEAD gets the headers its GET gets (the file is opened, never read).

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::compression::CompressionLayer;

/// `router`'s answers compressed when accepted, with the validators fitted.
/// Innermost first: HEAD read as GET, responses the folder gave uncompressed marked,
/// compressed when accepted (the app-wide compression layer then leaves them alone:
/// it never compresses twice), validators fitted.
pub fn compressed<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
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
