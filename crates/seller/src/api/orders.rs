//! The inbox's calls: the list (filters, search, paging, counts), one order, a
//! status change, the CSV export.

use super::{encode, get, send, ApiError};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One row of the inbox.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Summary {
    pub order_id: String,
    pub reference: String,
    pub status: String,
    pub customer_name: String,
    /// A decimal string in `currency` (`"68.00"`).
    pub total: String,
    pub currency: String,
    pub received_at: String,
    pub received_ms: i64,
    pub lines: u32,
    /// Problems the buyer raised with it that are still open.
    pub open_problems: u32,
}

/// A page of the inbox.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Page {
    pub orders: Vec<Summary>,
    /// The cursor of the next page; `None` on the last.
    pub next: Option<String>,
    /// Orders per status (all of them, not only this page's).
    pub counts: BTreeMap<String, u64>,
    /// Orders with a problem open (all of them, not only this page's).
    pub with_open_problems: u64,
}

/// What the inbox shows: a status (none: all), only orders with a problem open,
/// and a search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub status: Option<String>,
    pub problem: bool,
    pub q: String,
}

/// `GET /orders`: a page of orders newest first, after `cursor`.
pub async fn list(query: &Query, cursor: Option<&str>) -> Result<Page, ApiError> {
    let mut url = String::from("/orders?limit=50");
    if let Some(status) = &query.status {
        url.push_str(&format!("&status={}", encode(status)));
    }
    if query.problem {
        url.push_str("&problem=open");
    }
    if !query.q.trim().is_empty() {
        url.push_str(&format!("&q={}", encode(query.q.trim())));
    }
    if let Some(cursor) = cursor {
        url.push_str(&format!("&cursor={}", encode(cursor)));
    }
    get(&url).await
}

/// A line of an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Line {
    pub sku: String,
    pub title: String,
    /// Option name to chosen value.
    pub options: BTreeMap<String, String>,
    pub quantity: u32,
    pub unit_price: String,
    pub line_total: String,
    /// What the buyer's page sent as the title, only where it differs from the
    /// catalog's `title` (docs/seller-api.md); empty otherwise.
    pub sent_title: String,
    /// What the buyer's page sent as the options, only where they differ.
    pub sent_options: BTreeMap<String, String>,
}

/// A checkout field as the buyer filled it, labelled from the manifest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Detail {
    pub id: String,
    pub label: String,
    pub value: String,
}

/// One order in full.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Order {
    pub order_id: String,
    pub reference: String,
    pub status: String,
    pub customer_name: String,
    pub total: String,
    pub currency: String,
    pub received_at: String,
    pub received_ms: i64,
    /// Changes with every status change: sent back so a stale page is refused.
    pub version: i64,
    pub tracking_note: Option<String>,
    pub tracking_url: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub locale: String,
    pub lines: Vec<Line>,
    pub subtotal: String,
    /// The shipping option chosen: `{id, label, price}`.
    pub shipping: Option<Value>,
    pub customer: Vec<Detail>,
    pub note: Option<String>,
    pub referral: Option<String>,
}

/// An entry of an order's history.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Event {
    pub at_ms: i64,
    /// `buyer`, `seller` or `system`.
    pub actor: String,
    /// `created`, `status`, `announced`, `announce_failed`...
    pub kind: String,
    /// `{from, to, reason, tracking_note, tracking_url, destination, error}` as it applies.
    pub detail: Value,
}

/// An announcement of the order to one of the seller's destinations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Announcement {
    pub destination: String,
    /// `pending`, `sent` or `dead`.
    pub state: String,
    pub attempts: u32,
    pub last_error: String,
    pub sent_ms: Option<i64>,
}

/// `GET /orders/{id}`: the order, its history, its announcements and what it may become.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Full {
    pub order: Order,
    pub history: Vec<Event>,
    pub announcements: Vec<Announcement>,
    pub next_statuses: Vec<String>,
    /// Problems the buyer raised with the order, each with its thread.
    pub problems: Vec<super::trust::Problem>,
}

/// `GET /orders/{id}`.
pub async fn one(order_id: &str) -> Result<Full, ApiError> {
    get(&format!("/orders/{}", encode(order_id))).await
}

/// A status change as the seller asked for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    pub to: String,
    pub version: i64,
    pub tracking_note: String,
    pub tracking_url: String,
    pub reason: String,
}

/// `POST /orders/{id}/status`: the order as it is now.
pub async fn change_status(order_id: &str, change: &Change) -> Result<Full, ApiError> {
    let mut body = json!({ "to": change.to, "version": change.version });
    for (key, value) in [
        ("tracking_note", &change.tracking_note),
        ("tracking_url", &change.tracking_url),
        ("reason", &change.reason),
    ] {
        if !value.trim().is_empty() {
            body[key] = Value::String(value.trim().to_owned());
        }
    }
    send(
        "POST",
        &format!("/orders/{}/status", encode(order_id)),
        &body,
    )
    .await
}

/// `GET /orders.csv?from=&to=`: saves the file.
pub async fn export_csv(from: &str, to: &str) -> Result<(), ApiError> {
    super::download(
        &format!("/orders.csv?from={}&to={}", encode(from), encode(to)),
        &format!("orders-{from}-{to}.csv"),
    )
    .await
}
