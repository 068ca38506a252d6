//! Fetching text over HTTP with the browser's fetch.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a fetch failed, in words a buyer or seller can act on.
#[derive(Clone, Debug, PartialEq)]
pub enum FetchError {
    /// No answer: offline, DNS, CORS, or the request was aborted.
    Network(String),
    /// An answer that is not 2xx.
    Status(u16),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Network(why) => write!(f, "no answer ({why})"),
            FetchError::Status(code) => write!(f, "the server answered {code}"),
        }
    }
}

fn js_error(value: wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// GETs `url` and returns the body as text.
pub async fn get_text(url: &str) -> Result<String, FetchError> {
    let window = web_sys::window().ok_or_else(|| FetchError::Network("no window".into()))?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| FetchError::Network(js_error(e)))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| FetchError::Network("not a response".into()))?;
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    let text = response
        .text()
        .map_err(|e| FetchError::Network(js_error(e)))?;
    JsFuture::from(text)
        .await
        .map_err(|e| FetchError::Network(js_error(e)))?
        .as_string()
        .ok_or_else(|| FetchError::Network("body is not text".into()))
}
