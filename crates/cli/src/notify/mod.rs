//! New orders (and, where a destination asks, status changes) announced where the
//! seller is: chat groups, bots and signed webhooks (docs/notify.md).
//!
//! The store's outbox (`announcements`) gets a row per event and destination in
//! the event's own transaction; the worker inside `microshop serve` takes due rows
//! with a lease, renders each for its destination when it sends it, sends it from
//! the server (no browser, no CORS), and records each attempt in the order's
//! history. Destinations and their secrets live in notify.json, beside shop.json
//! but never served or published.
//!
//! - `config`: reading notify.json, every problem with its path; `secret`: where
//!   each secret comes from, never printed
//! - `facts`: what a message says, gathered at send time; `message` + `words`: the
//!   message in the shop's language; `formats`: each kind's request and escaping;
//!   `sign`: HMAC signatures
//! - `send`: one HTTP attempt; `worker`: claim, send, mark, backoff; `runner`: the
//!   worker as `serve` runs it, with its graceful stop; `trial`: `microshop notify
//!   test`, a test message sent at once

pub mod config;
pub mod facts;
pub mod formats;
pub mod message;
mod read;
mod read_target;
pub mod runner;
pub mod secret;
pub mod send;
pub mod sign;
pub mod trial;
pub mod words;
pub mod worker;

pub use config::{locate, Config, Delivery, Destination, Events, Kind, FILE_NAME};
pub use facts::{Facts, NoShop, Shopfront};
pub use secret::Secret;
pub use send::{Outcome, Sender};
pub use worker::{Clock, Delivered, Worker};
