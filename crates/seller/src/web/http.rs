//! HTTP to the desk's API over the browser's fetch: same origin, so the session
//! cookie (HttpOnly, `Path=/_seller`) goes along and the browser adds `Origin` to
//! every request that changes something, as the server asks.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

/// An answer: its status, body and the name a download should be saved as.
pub struct Reply {
    pub status: u16,
    pub body: String,
}

/// No answer at all: offline, or the server is down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreachable;

/// What a request carries.
pub enum Body<'a> {
    None,
    /// JSON text.
    Json(&'a str),
    /// Bytes of a file, with their type.
    Bytes(&'a [u8], &'a str),
}

async fn fetch(method: &str, url: &str, body: Body<'_>) -> Result<Response, Unreachable> {
    let init = RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| Unreachable)?;
    let _ = headers.set("Accept", "application/json");
    match body {
        Body::None => {}
        Body::Json(text) => {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(text));
        }
        Body::Bytes(bytes, kind) => {
            let _ = headers.set("Content-Type", kind);
            init.set_body(&js_sys::Uint8Array::from(bytes).into());
        }
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or(Unreachable)?;
    JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .ok()
        .and_then(|r| r.dyn_into::<Response>().ok())
        .ok_or(Unreachable)
}

/// Sends a request and reads the answer's text.
pub async fn send(method: &str, url: &str, body: Body<'_>) -> Result<Reply, Unreachable> {
    let response = fetch(method, url, body).await?;
    let status = response.status();
    let body = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok(Reply { status, body })
}

/// A file to save: its bytes as a Blob and the name the server gave it.
pub struct File {
    pub blob: web_sys::Blob,
    pub name: Option<String>,
}

/// GETs a download: the file when the answer is 2xx, else the answer (an error's JSON).
pub async fn download(url: &str) -> Result<Result<File, Reply>, Unreachable> {
    let response = fetch("GET", url, Body::None).await?;
    if !response.ok() {
        let status = response.status();
        let body = match response.text() {
            Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_string()),
            Err(_) => None,
        };
        return Ok(Err(Reply {
            status,
            body: body.unwrap_or_default(),
        }));
    }
    let name = response
        .headers()
        .get("Content-Disposition")
        .ok()
        .flatten()
        .and_then(|d| file_name(&d));
    let blob = JsFuture::from(response.blob().map_err(|_| Unreachable)?)
        .await
        .ok()
        .and_then(|b| b.dyn_into::<web_sys::Blob>().ok())
        .ok_or(Unreachable)?;
    Ok(Ok(File { blob, name }))
}

/// `filename="orders-2026-12-01-2026-12-05.csv"` out of a Content-Disposition header.
fn file_name(disposition: &str) -> Option<String> {
    let at = disposition.find("filename=")?;
    let name = disposition[at + 9..]
        .split(';')
        .next()?
        .trim()
        .trim_matches('"');
    let safe = !name.is_empty() && !name.contains(['/', '\\']);
    safe.then(|| name.to_owned())
}
