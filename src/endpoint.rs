//! The one module that knows the seller's order endpoint: it POSTs an order in the
//! shape the manifest asks for and reads the answer into an [`Outcome`]. Everything
//! else deals in orders.

use crate::browser;
use microshop_core::mapping::{read_answer, read_redirect, request_body};
use microshop_core::outbox::{OrderRecord, Outcome};
use microshop_core::Manifest;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn network(why: &str) -> Outcome {
    Outcome::Retry {
        reason: format!("no answer from the shop's server ({why})"),
        retry_after_secs: None,
    }
}

/// Sends one attempt of `order` (the documented contract, or the manifest's mapping)
/// and reads the answer. Never panics; every failure is an [`Outcome`].
pub async fn send(manifest: &Manifest, record: &OrderRecord) -> Outcome {
    let target = &manifest.order;
    let order = &record.order;
    // The request as rendered when the order was placed, byte for byte; older records
    // (stored before requests were kept) are rendered now.
    let (content_type, body) = match &record.request {
        Some(r) => (r.content_type.as_str(), r.body.clone()),
        None => {
            let (content_type, body) = request_body(target.format, target.body.as_ref(), order);
            (content_type, body)
        }
    };
    let Some(window) = web_sys::window() else {
        return network("no window");
    };
    let Ok(headers) = web_sys::Headers::new() else {
        return network("no headers");
    };
    let _ = headers.set("Content-Type", content_type);
    // A form post stays a "simple" request with no CORS preflight, which form services
    // and spreadsheet scripts cannot answer; they deduplicate on an order_id field instead.
    if content_type == "application/json" {
        let _ = headers.set("Idempotency-Key", &order.order_id);
    }
    for (name, value) in &target.headers {
        let _ = headers.set(name, value);
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body));
    // A redirect is not followed: it is a failure or, for services that always
    // redirect after a POST, an acceptance; the mapping decides.
    init.set_redirect(web_sys::RequestRedirect::Manual);
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
                i32::try_from(target.timeout_ms()).unwrap_or(15_000),
            )
            .ok()
    });
    let url = browser::absolute(&target.endpoint);
    let result = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await;
    let outcome = match result {
        // Offline, DNS, a refused connection, CORS and our own timeout all look alike here.
        Err(_) => network("offline, timed out, or blocked by the browser"),
        Ok(value) => match value.dyn_into::<web_sys::Response>() {
            Err(_) => network("not a response"),
            Ok(response) if response.type_() == web_sys::ResponseType::Opaqueredirect => {
                read_redirect(&target.response)
            }
            Ok(response) => {
                let status = response.status();
                let retry_after = response.headers().get("Retry-After").ok().flatten();
                let text = match response.text() {
                    Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_string()),
                    Err(_) => None,
                };
                read_answer(
                    &target.response,
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
