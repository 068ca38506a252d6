//! The one module that knows the seller's order endpoint: it POSTs an order and
//! reads the answer into an [`Outcome`]. Everything else deals in orders.

use crate::browser;
use microshop_core::order::OrderRequest;
use microshop_core::outbox::{classify, Outcome};
use microshop_core::Manifest;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long one attempt may take before it is abandoned (and retried later).
pub const TIMEOUT_MS: i32 = 15_000;

fn network(why: &str) -> Outcome {
    Outcome::Retry {
        reason: format!("no answer from the shop's server ({why})"),
        retry_after_secs: None,
    }
}

/// Sends one attempt of `order` to the shop's endpoint.
pub async fn send(manifest: &Manifest, order: &OrderRequest) -> Outcome {
    let Ok(body) = serde_json::to_string(order) else {
        return Outcome::Failed {
            reason: "the order could not be written".into(),
        };
    };
    let Some(window) = web_sys::window() else {
        return network("no window");
    };
    let Ok(headers) = web_sys::Headers::new() else {
        return network("no headers");
    };
    let _ = headers.set("Content-Type", "application/json");
    let _ = headers.set("Idempotency-Key", &order.order_id);
    for (name, value) in &manifest.order.headers {
        let _ = headers.set(name, value);
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body));
    let controller = web_sys::AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let timer = controller.as_ref().and_then(|c| {
        let c = c.clone();
        let abort = Closure::once_into_js(move || c.abort());
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                abort.unchecked_ref(),
                TIMEOUT_MS,
            )
            .ok()
    });
    let url = browser::absolute(&manifest.order.endpoint);
    let result = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await;
    let outcome = match result {
        Err(_) => network("offline, timed out or blocked"),
        Ok(value) => match value.dyn_into::<web_sys::Response>() {
            Err(_) => network("not a response"),
            Ok(response) => {
                let status = response.status();
                let retry_after = response.headers().get("Retry-After").ok().flatten();
                let text = match response.text() {
                    Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_string()),
                    Err(_) => None,
                };
                classify(
                    status,
                    text.as_deref().unwrap_or(""),
                    retry_after.as_deref(),
                )
            }
        },
    };
    if let Some(id) = timer {
        window.clear_timeout_with_handle(id);
    }
    outcome
}
