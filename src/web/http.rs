//! HTTP for the storefront: fetching the shop's files and posting an order, over
//! the browser's fetch. Every failure is typed; the interface words it.
//!
//! Written on web_sys rather than gloo-net: gloo-net's request builder and error
//! types cost about 1.3 KB of brotli wasm for the two calls made here
//! (docs/performance.md).

use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, RequestMode, RequestRedirect, Response, ResponseType};

async fn fetch(url: &str, init: &RequestInit) -> Result<Response, FetchError> {
    let window = web_sys::window().ok_or(FetchError::Network)?;
    JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .ok()
        .and_then(|r| r.dyn_into::<Response>().ok())
        .ok_or(FetchError::Network)
}

async fn text(response: &Response) -> Option<String> {
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// Why a request got no usable answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No answer: offline, the host unreachable, or blocked by the browser (CORS).
    Network,
    /// No answer within the time limit.
    Timeout,
    /// An answer that is not 2xx.
    Status(u16),
}

/// GETs `url` and returns the body as text.
pub async fn get_text(url: &str) -> Result<String, FetchError> {
    let response = fetch(url, &RequestInit::new()).await?;
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    text(&response).await.ok_or(FetchError::Network)
}

/// GETs every one of `urls` side by side (a split shop's product and card files);
/// the answers in the same order.
pub async fn get_all(urls: &[String]) -> Vec<Result<String, FetchError>> {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::Poll;
    type Get<'a> = Pin<Box<dyn Future<Output = Result<String, FetchError>> + 'a>>;
    let mut pending: Vec<Option<Get>> = urls
        .iter()
        .map(|u| Some(Box::pin(get_text(u)) as Get))
        .collect();
    let mut answers: Vec<Option<Result<String, FetchError>>> = vec![None; urls.len()];
    std::future::poll_fn(|cx| {
        for (slot, answer) in pending.iter_mut().zip(answers.iter_mut()) {
            if let Some(get) = slot {
                if let Poll::Ready(a) = get.as_mut().poll(cx) {
                    *answer = Some(a);
                    *slot = None;
                }
            }
        }
        if pending.iter().all(Option::is_none) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    answers
        .into_iter()
        .map(|a| a.unwrap_or(Err(FetchError::Network)))
        .collect()
}

/// GETs `url` with one extra header (the buyer's `Order-Secret`), aborting after
/// `timeout_ms`: the status code and the body text.
pub async fn get_with(
    url: &str,
    header: (&str, &str),
    timeout_ms: u32,
) -> Result<(u16, String), FetchError> {
    let headers = web_sys::Headers::new().map_err(|_| FetchError::Network)?;
    headers
        .set(header.0, header.1)
        .map_err(|_| FetchError::Network)?;
    let init = RequestInit::new();
    init.set_headers(&headers);
    // The answer of a read that was redirected is not the endpoint's.
    init.set_redirect(RequestRedirect::Error);
    let limit = Limit::start(&init, timeout_ms);
    let result = match fetch(url, &init).await {
        Ok(r) => {
            let status = r.status();
            text(&r)
                .await
                .map(|body| (status, body))
                .ok_or(FetchError::Network)
        }
        Err(e) => Err(e),
    };
    limit.end();
    result
}

/// A time limit on one request and the reading of its answer: aborts it when due.
struct Limit {
    timer: Option<TimeoutHandle>,
    timed_out: Rc<Cell<bool>>,
}

impl Limit {
    fn start(init: &RequestInit, timeout_ms: u32) -> Limit {
        let timed_out = Rc::new(Cell::new(false));
        let controller = AbortController::new().ok();
        if let Some(c) = &controller {
            init.set_signal(Some(&c.signal()));
        }
        let flag = timed_out.clone();
        let timer = controller.and_then(|c| {
            set_timeout_with_handle(
                move || {
                    flag.set(true);
                    c.abort();
                },
                Duration::from_millis(u64::from(timeout_ms)),
            )
            .ok()
        });
        Limit { timer, timed_out }
    }

    /// Stops the timer; whether the limit had aborted the request.
    fn end(self) -> bool {
        if let Some(timer) = self.timer {
            timer.clear();
        }
        self.timed_out.get()
    }
}

/// A POST to send, as the order adapter renders it.
pub struct Post<'a> {
    /// Absolute URL.
    pub url: &'a str,
    /// Headers, `Content-Type` among them.
    pub headers: Vec<(&'a str, &'a str)>,
    /// The body, sent as is.
    pub body: &'a str,
    /// Abort after this long.
    pub timeout_ms: u32,
    /// Send as a request that needs no CORS preflight and whose answer the page cannot
    /// read (`mode: no-cors`), for receivers that cannot answer a browser. Only the
    /// CORS-safelisted headers survive, and redirects are followed, as fetch requires.
    pub no_cors: bool,
}

/// What came back.
pub enum Answer {
    /// A redirect, not followed (the caller decides what it means).
    Redirect,
    /// A `no_cors` request got an answer the page may not read: it reached a server.
    Opaque,
    /// A status with its body and Retry-After header.
    Status {
        status: u16,
        body: String,
        retry_after: Option<String>,
    },
}

/// POSTs without following redirects, aborting after the time limit.
pub async fn post(request: Post<'_>) -> Result<Answer, FetchError> {
    let headers = web_sys::Headers::new().map_err(|_| FetchError::Network)?;
    for (name, value) in request.headers {
        let _ = headers.set(name, value);
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(request.body));
    if request.no_cors {
        init.set_mode(RequestMode::NoCors);
        init.set_redirect(RequestRedirect::Follow);
    } else {
        init.set_redirect(RequestRedirect::Manual);
    }
    let limit = Limit::start(&init, request.timeout_ms);
    let result = read(fetch(request.url, &init).await).await;
    let timed_out = limit.end();
    match result {
        Err(_) if timed_out => Err(FetchError::Timeout),
        other => other,
    }
}

/// Whether a host answers at all, asked after a POST saw a network error: the page
/// cannot tell a refused connection from an answer without CORS headers, so it asks
/// the address in two ways that need no preflight and carry no order (`HEAD`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Nothing answered (offline, a closed port, an unknown name, or a time limit).
    Unreachable,
    /// It answered and let the page read it: it speaks CORS.
    Readable,
    /// It answered, but not to the page (no CORS headers): a receiver that cannot
    /// answer a browser.
    Opaque,
}

/// Asks `url` with a `HEAD`, first as a page may read it, then as `no-cors`.
pub async fn reach(url: &str, timeout_ms: u32) -> Reach {
    for (mode, reached) in [
        (RequestMode::Cors, Reach::Readable),
        (RequestMode::NoCors, Reach::Opaque),
    ] {
        let init = RequestInit::new();
        init.set_method("HEAD");
        init.set_mode(mode);
        let limit = Limit::start(&init, timeout_ms);
        let answered = fetch(url, &init).await.is_ok();
        limit.end();
        if answered {
            return reached;
        }
    }
    Reach::Unreachable
}

async fn read(sent: Result<Response, FetchError>) -> Result<Answer, FetchError> {
    // Offline, DNS, a refused connection and CORS all look alike from here.
    let response = sent?;
    match response.type_() {
        ResponseType::Opaqueredirect => return Ok(Answer::Redirect),
        ResponseType::Opaque => return Ok(Answer::Opaque),
        _ => {}
    }
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let status = response.status();
    // A body that cannot be read counts as empty; the status still speaks.
    let body = text(&response).await.unwrap_or_default();
    Ok(Answer::Status {
        status,
        body,
        retry_after,
    })
}
