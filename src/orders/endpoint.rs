//! The one module that knows the seller's order endpoint: it POSTs an order in the
//! shape the manifest asks for and reads the answer into an [`Outcome`]. Everything
//! else deals in orders.

use crate::web::http::{self, Answer, FetchError, Post, Reach};
use crate::web::page;
use microshop_core::delivery::answer::{read_answer, read_redirect, Failure, Outcome};
use microshop_core::delivery::outbox::OrderRecord;
use microshop_core::delivery::request::{headers_for, needs_preflight, request_body};
use microshop_core::manifest::{Confirm, OrderEndpoint};

/// Sends one attempt of `record` (the documented contract, or the manifest's mapping)
/// and reads the answer. Never panics; every failure is an [`Outcome`].
pub async fn send(target: &OrderEndpoint, record: &OrderRecord) -> Outcome {
    let order = &record.order;
    // The request as rendered when the order was placed, byte for byte; older records
    // (stored before requests were kept) are rendered now.
    let (content_type, body) = match &record.request {
        Some(r) => (r.content_type.as_str(), r.body.clone()),
        None => request_body(target.format, target.body.as_ref(), order),
    };
    let no_cors = target.confirm == Confirm::None;
    let url = page::absolute(&target.endpoint);
    let post = |no_cors| {
        http::post(Post {
            url: &url,
            // The same headers `microshop request` shows a seller: core decides them.
            headers: headers_for(target, &order.order_id, content_type, no_cors),
            body: &body,
            timeout_ms: target.timeout_ms(),
            no_cors,
        })
    };
    let sent = post(no_cors).await;
    if no_cors {
        return sent_once(sent);
    }
    // A network error from another site may be a receiver that cannot answer a
    // browser (no CORS headers), undeclared: find out, and if it answers at all, treat
    // the order as `confirm: none` would. Only a host that cannot be reached is retried.
    if matches!(sent, Err(FetchError::Network)) && page::is_other_origin(&url) {
        match http::reach(&url, target.timeout_ms()).await {
            Reach::Opaque => {
                // A "simple" POST went without a preflight, so it reached the receiver
                // already; one that needed a preflight was stopped by it and is sent
                // now, once, as a request that needs none.
                let headers = headers_for(target, &order.order_id, content_type, false);
                if !needs_preflight(&headers) {
                    return Outcome::Sent;
                }
                return sent_once(post(true).await);
            }
            Reach::Readable | Reach::Unreachable => {}
        }
    }
    match sent {
        // A redirect is not followed: a failure or, for services that always redirect
        // after a POST, an acceptance; the mapping decides.
        Ok(Answer::Redirect) => read_redirect(&target.response),
        // Only a no-cors request gets an opaque answer; handled above.
        Ok(Answer::Opaque) => Outcome::Sent,
        Ok(Answer::Status {
            status,
            body,
            retry_after,
        }) => read_answer(&target.response, status, &body, retry_after.as_deref()),
        Err(FetchError::Timeout) => Outcome::no_answer(true),
        Err(FetchError::Network | FetchError::Status(_)) => Outcome::no_answer(false),
    }
}

/// Sent once, never again by itself: a resend could not be told from a second order.
fn sent_once(sent: Result<Answer, FetchError>) -> Outcome {
    match sent {
        Ok(_) => Outcome::Sent,
        Err(FetchError::Timeout) => Outcome::Failed {
            failure: Failure::Timeout,
        },
        Err(_) => Outcome::Failed {
            failure: Failure::Network,
        },
    }
}
