//! The inbox API: who is signed in to which shop, the list of orders (filters,
//! search, paging, counts), one order in full, and status changes
//! (docs/seller-api.md "Inbox"). The transition table and its sentences are core's
//! (`order::status`); the store applies a change in one transaction.

use super::{blocking, internal, refusal, Shared};
use crate::store::clock::ms_rfc3339;
use crate::store::{Changed, InboxQuery, OrderRecord, StatusChange};
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use microshop_core::manifest::FieldKind;
use microshop_core::order::status::{can_follow, Change, ChangeError, Status};
use microshop_core::Manifest;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Orders a page of the inbox holds unless the app asks for another number.
const PAGE: u32 = 50;
/// The most a page may hold.
const MAX_PAGE: u32 = 200;

/// The shop buyers are served now (the last valid one while the latest is
/// broken), if there is one.
pub(super) async fn shop(desk: &Shared) -> Result<Option<Arc<crate::check::Shop>>, Response> {
    let shop = Arc::clone(&desk.shop);
    let serving = blocking(move || shop.now()).await?;
    Ok(serving.reading.shop.as_ref().ok().map(Arc::clone))
}

/// The manifest buyers are served now, if there is one.
async fn manifest(desk: &Shared) -> Result<Option<Manifest>, Response> {
    Ok(shop(desk).await?.map(|s| s.manifest.clone()))
}

/// `GET /_seller/api/me`.
pub async fn me(State(desk): State<Shared>) -> Response {
    let manifest = match manifest(&desk).await {
        Ok(m) => m,
        Err(response) => return response,
    };
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let body = match manifest {
        Some(m) => {
            let default_locale = m.locales.first().cloned().unwrap_or_else(|| "en".into());
            json!({
                "shop_id": m.id,
                "shop_name": m.seller.name.get(&default_locale, &default_locale),
                "locales": m.locales,
                "default_locale": default_locale,
                "currency": m.currency.code(),
                "base_url": desk.base_url,
                "statuses": statuses,
            })
        }
        // No valid shop yet (a new seller's first manifest is broken): the desk still
        // opens, so the studio can fix it.
        None => json!({
            "shop_id": "", "shop_name": "", "locales": ["en"], "default_locale": "en",
            "currency": "", "base_url": desk.base_url, "statuses": statuses,
        }),
    };
    super::json(StatusCode::OK, &body)
}

fn invalid(path: &str, message: &str) -> Response {
    super::invalid(path, message)
}

/// `GET /_seller/api/orders?status=&q=&cursor=&limit=`.
pub async fn list(
    State(desk): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let status = match params.get("status").map(String::as_str) {
        None | Some("" | "all") => None,
        Some(word) => match Status::parse(word) {
            Some(s) => Some(s),
            None => {
                return invalid(
                    "status",
                    &format!(
                        "\"{word}\" is not a status (new, paid, shipped, completed or cancelled)"
                    ),
                )
            }
        },
    };
    let limit = match params.get("limit").map(|l| l.parse::<u32>()) {
        None => PAGE,
        Some(Ok(n)) if (1..=MAX_PAGE).contains(&n) => n,
        Some(_) => {
            return invalid(
                "limit",
                &format!("must be a whole number from 1 to {MAX_PAGE}"),
            )
        }
    };
    // `problem=open`: only orders a buyer raised a problem with that is still open.
    let open_problem = match params.get("problem").map(String::as_str) {
        None | Some("" | "all") => false,
        Some("open") => true,
        Some(word) => {
            return invalid(
                "problem",
                &format!("\"{word}\" is not a problem filter (open, or all)"),
            )
        }
    };
    let cursor = params.get("cursor").filter(|c| !c.is_empty()).cloned();
    if let Some(c) = &cursor {
        let valid = c
            .split_once(':')
            .is_some_and(|(ms, id)| ms.parse::<i64>().is_ok() && !id.is_empty());
        if !valid {
            return invalid(
                "cursor",
                "is not a cursor this API gave (use \"next\" as it came)",
            );
        }
    }
    // "#7YE2-MZ8Y" as printed on a receipt is the reference "7YE2-MZ8Y".
    let search = params
        .get("q")
        .map(|q| q.trim().trim_start_matches('#').trim().to_owned())
        .filter(|q| !q.is_empty());
    if search.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return invalid("q", "is longer than 200 characters");
    }
    let query = InboxQuery {
        shop_id: None,
        status,
        search,
        open_problem,
        cursor,
        limit,
    };
    let store = Arc::clone(&desk.store);
    let found = blocking(move || {
        let page = store.inbox(&query)?;
        let counts = store.status_counts(None)?;
        let with_problems = store.orders_with_open_problems()?;
        Ok::<_, crate::store::StoreError>((page, counts, with_problems))
    })
    .await;
    let (page, counts, with_problems) = match found {
        Ok(Ok(found)) => found,
        Ok(Err(e)) => return internal(&format!("the inbox could not be read: {e}")),
        Err(response) => return response,
    };
    let orders: Vec<Value> = page
        .orders
        .iter()
        .map(|o| {
            json!({
                "order_id": o.order_id,
                "reference": o.reference,
                "status": o.status,
                "customer_name": o.customer_name,
                "total": o.total,
                "currency": o.currency,
                "received_at": ms_rfc3339(o.received_ms),
                "received_ms": o.received_ms,
                "status_ms": o.status_ms,
                "version": o.version,
                "lines": o.items,
                "open_problems": o.open_problems,
            })
        })
        .collect();
    // Every status is counted, with 0 for those without orders, so the chips show all.
    let mut all = serde_json::Map::new();
    for s in Status::ALL {
        all.insert(
            s.as_str().to_owned(),
            json!(counts.get(s.as_str()).copied().unwrap_or(0)),
        );
    }
    super::json(
        StatusCode::OK,
        &json!({"orders": orders, "next": page.next, "counts": all, "with_open_problems": with_problems}),
    )
}

/// An order's id as the address names it, or 404.
fn order_id(id: &str) -> Option<String> {
    microshop_core::rules::is_order_id(id).then(|| id.to_owned())
}

fn not_found() -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is no such order.",
        Vec::new(),
    )
}

/// A checkout field's label for the seller: the manifest's own label in the order's
/// language, or the kind's name.
fn label(manifest: Option<&Manifest>, id: &str, locale: &str) -> String {
    let Some(m) = manifest else {
        return id.to_owned();
    };
    let fallback = m.locales.first().map_or("en", String::as_str);
    let Some(field) = m.checkout.fields.iter().find(|f| f.id == id) else {
        return id.to_owned();
    };
    if let Some(text) = &field.label {
        return text.get(locale, fallback).to_owned();
    }
    match field.kind {
        FieldKind::Name => "Name",
        FieldKind::Phone => "Phone",
        FieldKind::Email => "E-mail",
        FieldKind::Address => "Address",
        FieldKind::Note => "Note",
        FieldKind::Text => id,
    }
    .to_owned()
}

fn non_empty(text: &str) -> Value {
    if text.is_empty() {
        Value::Null
    } else {
        Value::String(text.to_owned())
    }
}

/// An order in full: the order, its history, its announcements, what may follow.
async fn full(desk: &Shared, id: String) -> Response {
    let shop = match shop(desk).await {
        Ok(shop) => shop,
        Err(response) => return response,
    };
    let store = Arc::clone(&desk.store);
    let found = blocking(move || {
        let Some(order) = store.order(&id)? else {
            return Ok(None);
        };
        let history = store.history(&id)?;
        let announcements = store.announcements_of(&id)?;
        let reviews = store.order_reviews(&id)?;
        let problems = store.order_problems(&id)?;
        Ok::<_, crate::store::StoreError>(Some((order, history, announcements, reviews, problems)))
    })
    .await;
    let (order, history, announcements, reviews, problems) = match found {
        Ok(Ok(Some(found))) => found,
        Ok(Ok(None)) => return not_found(),
        Ok(Err(e)) => return internal(&format!("an order could not be read: {e}")),
        Err(response) => return response,
    };
    let history: Vec<Value> = history
        .iter()
        .map(|e| {
            json!({
                "at_ms": e.at_ms,
                "at": ms_rfc3339(e.at_ms),
                "actor": e.actor,
                "kind": e.kind,
                "detail": serde_json::from_str::<Value>(&e.detail).unwrap_or_else(|_| json!({})),
            })
        })
        .collect();
    let announcements: Vec<Value> = announcements
        .iter()
        .map(|a| {
            json!({
                "destination": a.destination,
                "event": a.event_key.strip_prefix(&format!("{}:", a.order_id)).unwrap_or(&a.event_key),
                "state": a.state,
                "attempts": a.attempts,
                "last_error": a.last_error,
                "sent_ms": a.sent_ms,
            })
        })
        .collect();
    let next: Vec<&str> = Status::parse(&order.status).map_or_else(Vec::new, |from| {
        Status::ALL
            .into_iter()
            .filter(|to| can_follow(from, *to))
            .map(Status::as_str)
            .collect()
    });
    super::json(
        StatusCode::OK,
        &json!({
            "order": order_json(&order, shop.as_deref()),
            "history": history,
            "announcements": announcements,
            "next_statuses": next,
            "reviews": reviews.iter().map(super::trust::seller_review).collect::<Vec<_>>(),
            "problems": problems.iter().map(crate::serve::problems::problem_json).collect::<Vec<_>>(),
        }),
    )
}

/// A line's title and option labels as the shop's catalog has them for its sku, in
/// `locale` (else the shop's first language); `None` for a sku the catalog no
/// longer has (serve's shop_words, which the signed receipt takes too).
pub(super) fn catalog_words(
    shop: &crate::check::Shop,
    sku: &str,
    locale: &str,
) -> Option<(String, Vec<(String, String)>)> {
    crate::serve::shop_words::line_words(shop, sku, locale)
}

/// The shipping chosen, for the seller: the shop's label for its id (the endpoint
/// checks the id and the price, not the label a buyer's client sends), and what was
/// sent as `sent_label` only where it differs. An id the manifest no longer has
/// keeps the label sent.
fn shipping_json(
    shipping: &microshop_core::order::OrderShipping,
    shop: Option<&crate::check::Shop>,
    locale: &str,
) -> Value {
    let mut out = json!({"id": shipping.id, "label": shipping.label, "price": shipping.price});
    if let Some(label) =
        shop.and_then(|s| crate::serve::shop_words::shipping_label(s, &shipping.id, locale))
    {
        if label != shipping.label {
            out["sent_label"] = json!(shipping.label);
            out["label"] = json!(label);
        }
    }
    out
}

/// An order's lines for the seller: the catalog's title and option labels for each
/// sku (a buyer's client may send any words: the contract relies on the sku), and
/// what the buyer sent as `sent_title` / `sent_options` only where it differs. A
/// sku the catalog no longer has keeps the words sent (`microshop orders` does
/// the same).
fn lines_json(
    request: &microshop_core::order::OrderRequest,
    shop: Option<&crate::check::Shop>,
) -> Vec<Value> {
    let as_map =
        |pairs: &mut dyn Iterator<Item = (&String, &String)>| -> serde_json::Map<String, Value> {
            pairs
                .map(|(n, v)| (n.clone(), Value::String(v.clone())))
                .collect()
        };
    request
        .lines
        .iter()
        .map(|l| {
            let sent_options = as_map(&mut l.options.iter());
            let catalog = shop.and_then(|s| catalog_words(s, &l.sku, &request.locale));
            let mut line = json!({
                "product_id": l.product_id,
                "sku": l.sku,
                "title": l.title,
                "options": sent_options,
                "quantity": l.quantity,
                "unit_price": l.unit_price,
                "line_total": l.line_total,
            });
            if let Some((title, options)) = catalog {
                let options = as_map(&mut options.iter().map(|(n, v)| (n, v)));
                if title != l.title {
                    line["sent_title"] = json!(l.title);
                    line["title"] = json!(title);
                }
                if options != sent_options {
                    line["sent_options"] = Value::Object(sent_options);
                    line["options"] = Value::Object(options);
                }
            }
            line
        })
        .collect()
}

fn order_json(order: &OrderRecord, shop: Option<&crate::check::Shop>) -> Value {
    let manifest = shop.map(|s| &s.manifest);
    let request = order.request();
    let locale = request.as_ref().map_or("", |r| r.locale.as_str());
    let lines: Vec<Value> = request
        .as_ref()
        .map_or_else(Vec::new, |r| lines_json(r, shop));
    let customer: Vec<Value> = request.as_ref().map_or_else(Vec::new, |r| {
        // The checkout's order (the manifest's), then anything it no longer asks.
        // Looked up by id, not by a scan per id: an old order may hold thousands of
        // made-up keys.
        let values: HashMap<&str, &str> = r
            .customer
            .iter()
            .map(|(id, value)| (id.as_str(), value.as_str()))
            .collect();
        let mut ids: Vec<&str> = manifest
            .map(|m| {
                m.checkout
                    .fields
                    .iter()
                    .map(|f| f.id.as_str())
                    .filter(|id| values.contains_key(id))
                    .collect()
            })
            .unwrap_or_default();
        let asked: HashSet<&str> = ids.iter().copied().collect();
        ids.extend(
            r.customer
                .iter()
                .map(|(id, _)| id.as_str())
                .filter(|id| !asked.contains(id)),
        );
        ids.into_iter()
            .filter_map(|id| {
                let value = values.get(id)?;
                Some(json!({"id": id, "label": label(manifest, id, locale), "value": value}))
            })
            .collect()
    });
    json!({
        "order_id": order.order_id,
        "reference": order.reference,
        "status": order.status,
        "customer_name": order.customer_name,
        "total": order.total,
        "currency": order.currency,
        "received_at": order.received_at,
        "received_ms": order.received_ms,
        "status_ms": order.status_ms,
        "version": order.version,
        "tracking_note": non_empty(&order.tracking_note),
        "tracking_url": non_empty(&order.tracking_url),
        "cancel_reason": non_empty(&order.cancel_reason),
        "created_at": order.created_at,
        "locale": locale,
        "lines": lines,
        "subtotal": request.as_ref().map(|r| r.subtotal.clone()),
        "shipping": request.as_ref().and_then(|r| r.shipping.as_ref()).map(|s| shipping_json(s, shop, locale)),
        "customer": customer,
        "note": request.as_ref().and_then(|r| r.note.clone()),
        "referral": request.as_ref().and_then(|r| r.referral.clone()),
        "personal_cleared": order.personal_cleared_ms.is_some(),
    })
}

/// `GET /_seller/api/orders/{id}`.
pub async fn one(
    State(desk): State<Shared>,
    id: Result<UrlPath<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    match id.ok().and_then(|UrlPath(id)| order_id(&id)) {
        Some(id) => full(&desk, id).await,
        None => not_found(),
    }
}

/// What a status change asks for.
#[derive(serde::Deserialize)]
struct Asked {
    to: Option<String>,
    version: Option<i64>,
    #[serde(default)]
    tracking_note: Option<String>,
    #[serde(default)]
    tracking_url: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// A sentence of core's as the API says it: capitalised, with a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

fn transition_refused(e: &ChangeError) -> Response {
    match e {
        ChangeError::Impossible { .. } => refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "transition",
            &sentence(&e.to_string()),
            Vec::new(),
        ),
        ChangeError::Invalid { field, message } => refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            &sentence(&e.to_string()),
            vec![((*field).to_owned(), message.clone())],
        ),
    }
}

/// `POST /_seller/api/orders/{id}/status` with `{to, version, tracking_note?,
/// tracking_url?, reason?}`: the order as it is after the change.
pub async fn change_status(
    State(desk): State<Shared>,
    id: Result<UrlPath<String>, axum::extract::rejection::PathRejection>,
    body: Bytes,
) -> Response {
    let Some(id) = id.ok().and_then(|UrlPath(id)| order_id(&id)) else {
        return not_found();
    };
    let asked: Asked = match serde_json::from_slice(&body) {
        Ok(asked) => asked,
        Err(e) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "malformed",
                &format!("The body is not the JSON of a status change: {e}."),
                Vec::new(),
            )
        }
    };
    let Some(version) = asked.version else {
        return invalid(
            "version",
            "is required: the order's version as it was shown",
        );
    };
    let to = asked.to.unwrap_or_default();
    let text = |t: Option<String>| t.unwrap_or_default();
    let change = match Status::parse(&to) {
        Some(Status::Paid) => Change::Paid,
        Some(Status::Shipped) => Change::Shipped {
            tracking_note: text(asked.tracking_note),
            tracking_url: asked
                .tracking_url
                .map(|u| u.trim().to_owned())
                .filter(|u| !u.is_empty()),
        },
        Some(Status::Completed) => Change::Completed,
        Some(Status::Cancelled) => Change::Cancelled {
            reason: text(asked.reason),
        },
        Some(Status::New) => {
            // Nothing leads back to new; say so from where the order stands.
            let store = Arc::clone(&desk.store);
            let looked = id.clone();
            return match blocking(move || store.order(&looked)).await {
                Ok(Ok(Some(order))) => match Status::parse(&order.status) {
                    Some(from) => transition_refused(&ChangeError::Impossible {
                        from,
                        to: Status::New,
                    }),
                    None => internal(&format!("order {id} has status {}", order.status)),
                },
                Ok(Ok(None)) => not_found(),
                Ok(Err(e)) => internal(&format!("an order could not be read: {e}")),
                Err(response) => response,
            };
        }
        None => {
            return invalid(
                "to",
                &format!("\"{to}\" is not a status (paid, shipped, completed or cancelled)"),
            )
        }
    };
    let store = Arc::clone(&desk.store);
    let changing = id.clone();
    // The destinations that asked for this status, written in the change's own
    // transaction (docs/notify.md).
    let announce = desk.notify.status_announcements(&id, change.target());
    let changed = blocking(move || {
        store.change_status(&StatusChange {
            order_id: &changing,
            change: &change,
            expected_version: Some(version),
            actor: "seller",
            now_ms: crate::store::now_ms(),
            announce: &announce,
        })
    })
    .await;
    match changed {
        Ok(Ok(Changed::Done { .. })) => full(&desk, id).await,
        Ok(Ok(Changed::NotFound)) => not_found(),
        Ok(Ok(Changed::Stale { .. })) => refusal(
            StatusCode::CONFLICT,
            "changed_elsewhere",
            "The order was changed in another tab or device; reload to see it.",
            Vec::new(),
        ),
        Ok(Ok(Changed::Refused(e))) => transition_refused(&e),
        Ok(Err(e)) => internal(&format!("a status could not be changed: {e}")),
        Err(response) => response,
    }
}
