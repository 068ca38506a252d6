//! Getting an order to the seller's endpoint: the request it is sent as (the
//! contract, or a mapping's template), what the answer means, and the browser's
//! outbox that keeps every order until an endpoint answers, with its retry policy.

pub mod answer;
pub mod follow;
pub mod outbox;
pub mod receipt;
pub mod request;
pub mod retry;
pub mod template;
