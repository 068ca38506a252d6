//! `microshop orders`: the seller's view of what arrived.

use crate::store::Store;
use microshop_core::order::{order_as_text, OrderRequest, TextLabels};
use std::io::Write;
use std::path::Path;

/// Prints a line; a closed pipe (`| head`) ends the listing quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            return Ok(());
        }
    };
}

/// Prints the orders in `db`, newest first.
pub fn run(db: &Path, json: bool) -> Result<(), String> {
    if !db.is_file() {
        return Err(format!("{} does not exist yet: no order has arrived (is `microshop serve` using another --db?)", db.display()));
    }
    let store = Store::open(db)?;
    let orders = store.orders()?;
    if json {
        for o in &orders {
            out!("{}", o.payload);
        }
        return Ok(());
    }
    if orders.is_empty() {
        out!("no orders yet in {}", db.display());
    }
    for o in &orders {
        out!(
            "{}  {}  {} {}  {}  [{}]",
            o.received_at,
            o.order_id,
            o.total,
            o.currency,
            o.customer_name,
            o.status
        );
        if let Ok(order) = serde_json::from_str::<OrderRequest>(&o.payload) {
            // The first line of the text repeats the header above.
            for line in order_as_text(&order, &TextLabels::ENGLISH).lines().skip(1) {
                out!("    {line}");
            }
        }
    }
    Ok(())
}
