//! `microshop buyer export|erase --email … | --phone …`: a buyer's right to their
//! data. `export` prints every order of theirs as JSON (what they typed, what they
//! bought, each order's history); `erase` clears their name, phone, e-mail, address
//! and note from every order, keeping the order for the books (docs/store.md,
//! "The verbs"). Both are recorded in each order's history.

use crate::store::{now_ms, Buyer, Location, Store};
use serde_json::{json, Value};

/// The buyer named by `--email` or `--phone` (exactly one).
pub fn buyer(email: Option<String>, phone: Option<String>) -> Result<Buyer, String> {
    match (email, phone) {
        (Some(email), None) => Ok(Buyer::Email(email)),
        (None, Some(phone)) => Ok(Buyer::Phone(phone)),
        _ => Err("name the buyer with --email or with --phone (one of them)".to_owned()),
    }
}

fn open(db: &Location) -> Result<Store, String> {
    if let Location::Sqlite(file) = db {
        if !file.is_file() {
            return Err(format!("{} does not exist: no orders", file.display()));
        }
    }
    Store::open(db).map_err(|e| format!("{}: {e}", db.describe()))
}

/// The buyer's orders as one JSON document.
pub fn export(db: &Location, who: &Buyer) -> Result<String, String> {
    let store = open(db)?;
    let orders = store.export_buyer(who, now_ms())?;
    let mut out = Vec::with_capacity(orders.len());
    for order in &orders {
        let history = store.history(&order.order_id)?;
        let payload: Value = serde_json::from_str(&order.payload).unwrap_or(Value::Null);
        out.push(json!({
            "order_id": order.order_id,
            "reference": order.reference,
            "shop_id": order.shop_id,
            "status": order.status,
            "received_at": order.received_at,
            "total": order.total,
            "currency": order.currency,
            "customer_name": order.customer_name,
            "customer_phone": order.customer_phone,
            "customer_email": order.customer_email,
            "tracking_note": order.tracking_note,
            "tracking_url": order.tracking_url,
            "cancel_reason": order.cancel_reason,
            "order_as_sent": payload,
            "history": history.iter().map(|e| json!({
                "at": crate::store::clock::ms_rfc3339(e.at_ms),
                "actor": e.actor,
                "kind": e.kind,
                "detail": serde_json::from_str::<Value>(&e.detail).unwrap_or(Value::Null),
            })).collect::<Vec<_>>(),
        }));
    }
    let document = json!({
        "buyer": match who {
            Buyer::Email(e) => json!({ "email": e }),
            Buyer::Phone(p) => json!({ "phone": p }),
        },
        "exported_at": crate::store::now_rfc3339(),
        "orders": out,
    });
    serde_json::to_string_pretty(&document).map_err(|e| e.to_string())
}

/// Erases the buyer's personal data; how many orders it was in.
pub fn erase(db: &Location, who: &Buyer) -> Result<u64, String> {
    let store = open(db)?;
    Ok(store.erase_buyer(who, now_ms())?)
}
