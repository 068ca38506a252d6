//! HTTP for the storefront: fetching the shop's files and posting an order, over
//! gloo-net (the browser's fetch). Every failure is typed; the interface words it.

use gloo_net::http::{Request, Response};
use leptos::prelude::set_timeout_with_handle;
use std::time::Duration;
use web_sys::{AbortController, RequestRedirect, ResponseType};

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
    let response = Request::get(url)
        .send()
        .await
        .map_err(|_| FetchError::Network)?;
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    response.text().await.map_err(|_| FetchError::Network)
}

/// A POST to send, as the order adapter renders it.
pub struct Post<'a> {
    /// Absolute URL.
    pub url: &'a str,
    /// `Content-Type`.
    pub content_type: &'a str,
    /// Further headers.
    pub headers: Vec<(&'a str, &'a str)>,
    /// The body, sent as is.
    pub body: &'a str,
    /// Abort after this long.
    pub timeout_ms: u32,
}

/// What came back.
pub enum Answer {
    /// A redirect, not followed (the caller decides what it means).
    Redirect,
    /// A status with its body and Retry-After header.
    Status {
        status: u16,
        body: String,
        retry_after: Option<String>,
    },
}

/// POSTs without following redirects, aborting after the time limit.
pub async fn post(request: Post<'_>) -> Result<Answer, FetchError> {
    let controller = AbortController::new().ok();
    let mut builder = Request::post(request.url)
        .header("Content-Type", request.content_type)
        .redirect(RequestRedirect::Manual)
        .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
    for (name, value) in request.headers {
        builder = builder.header(name, value);
    }
    let Ok(prepared) = builder.body(request.body) else {
        return Err(FetchError::Network);
    };
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let timer = controller.clone().and_then(|c| {
        let timed_out = timed_out.clone();
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                c.abort();
            },
            Duration::from_millis(u64::from(request.timeout_ms)),
        )
        .ok()
    });
    let result = read(prepared.send().await).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    match result {
        Err(_) if timed_out.get() => Err(FetchError::Timeout),
        other => other,
    }
}

async fn read(sent: Result<Response, gloo_net::Error>) -> Result<Answer, FetchError> {
    // Offline, DNS, a refused connection and CORS all look alike from here.
    let response = sent.map_err(|_| FetchError::Network)?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Ok(Answer::Redirect);
    }
    let retry_after = response.headers().get("Retry-After");
    let status = response.status();
    // A body that cannot be read counts as empty; the status still speaks.
    let body = response.text().await.unwrap_or_default();
    Ok(Answer::Status {
        status,
        body,
        retry_after,
    })
}
