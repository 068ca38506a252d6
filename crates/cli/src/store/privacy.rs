//! Buyers' personal data: exported or erased on request, and cleared from
//! completed orders after the seller's retention time. The order itself stays for
//! the books (lines, totals, times, status); what identifies the buyer goes: the
//! name, phone and e-mail columns, the payload's `customer` and `note`, and the
//! name their reviews were shown under (the reviews stay, with no name). Each
//! of these records an event in the order's history. From then on the order takes
//! no new buyer write (store/holder.rs: `Cleared`), so nothing the buyer writes is
//! kept past their personal data.

use super::desk::{record, OrderRecord, RECORD_COLUMNS};
use super::orders::event;
use super::sql::{Arg, Finish, StoreError, Tx};
use super::{email_key, phone_digits, Store};
use microshop_core::order::{OrderRequest, Pairs};

/// Whose data: a buyer found by e-mail address or phone number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Buyer {
    Email(String),
    Phone(String),
}

impl Buyer {
    /// The column and the value it must equal.
    fn matching(&self) -> Result<(&'static str, String), StoreError> {
        let (column, key) = match self {
            Buyer::Email(e) => ("customer_email", email_key(e)),
            Buyer::Phone(p) => ("customer_phone", phone_digits(p)),
        };
        if key.is_empty() {
            return Err(StoreError::new(match self {
                Buyer::Email(_) => "an empty e-mail address matches no buyer",
                Buyer::Phone(_) => "a phone number needs digits to match a buyer",
            }));
        }
        Ok((column, key))
    }
}

/// The payload with the buyer's details taken out: `customer` emptied, `note`
/// null. A payload serde_json cannot read as a `Value` but can as an order (one
/// stored before serve refused unknown fields, with one nested deeper than 128
/// levels: REVIEW8 minor 1) is written again from the order's own fields, its
/// lines and totals kept, the unknown field dropped. Anything else is replaced by
/// an empty object.
fn without_personal(payload: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(payload) {
        Ok(mut value) if value.is_object() => {
            value["customer"] = serde_json::json!({});
            value["note"] = serde_json::Value::Null;
            value.to_string()
        }
        Ok(_) => "{}".to_owned(),
        Err(_) => match serde_json::from_str::<OrderRequest>(payload) {
            Ok(mut order) => {
                order.customer = Pairs::new();
                order.note = None;
                serde_json::to_string(&order).unwrap_or_else(|_| "{}".to_owned())
            }
            Err(_) => "{}".to_owned(),
        },
    }
}

/// Clears the personal fields of the orders `rows` names, with an `erased` event.
fn clear(
    tx: &mut dyn Tx,
    orders: &[(String, String)],
    now_ms: i64,
    actor: &str,
    why: &str,
) -> Result<u64, StoreError> {
    for (order_id, payload) in orders {
        tx.exec(
            "UPDATE orders SET customer_name = '', customer_name_folded = '', customer_phone = '', customer_email = '', \
             payload = $1, personal_cleared_ms = $2 WHERE order_id = $3",
            &[
                Arg::Text(&without_personal(payload)),
                Arg::Int(now_ms),
                Arg::Text(order_id),
            ],
        )?;
        clear_problem_messages(tx, order_id)?;
        tx.exec(
            "UPDATE reviews SET display_name = '' WHERE order_id = $1",
            &[Arg::Text(order_id)],
        )?;
        event(
            tx,
            order_id,
            now_ms,
            actor,
            "erased",
            &serde_json::json!({ "reason": why }),
        )?;
    }
    Ok(u64::try_from(orders.len()).unwrap_or(u64::MAX))
}

/// The buyer's messages about an order's problems may name them or show their
/// address (a photo of the label): their texts are emptied and their photos
/// dropped (a photo no other message shows is deleted). The problems themselves,
/// their states and the seller's answers stay, as the order does, for the books
/// and the shop's figures. Reviews stay too (stars, text, reply), with the name
/// they were shown under cleared in `clear`.
fn clear_problem_messages(tx: &mut dyn Tx, order_id: &str) -> Result<(), StoreError> {
    const OF_ORDER: &str =
        "author = 'buyer' AND problem_id IN (SELECT id FROM problems WHERE order_id = $1)";
    let photos = tx.rows(
        &format!("SELECT DISTINCT media_sha256 FROM problem_messages WHERE {OF_ORDER} AND media_sha256 IS NOT NULL"),
        &[Arg::Text(order_id)],
    )?;
    tx.exec(
        &format!("UPDATE problem_messages SET body = '', media_sha256 = NULL WHERE {OF_ORDER}"),
        &[Arg::Text(order_id)],
    )?;
    for photo in photos {
        tx.exec(
            "DELETE FROM media WHERE sha256 = $1 AND NOT EXISTS \
             (SELECT 1 FROM problem_messages WHERE media_sha256 = $1)",
            &[Arg::Text(&photo.text(0))],
        )?;
    }
    Ok(())
}

impl Store {
    /// Every order of `buyer`, oldest first, for handing their data to them; each
    /// gets an `exported` event.
    pub fn export_buyer(&self, buyer: &Buyer, now_ms: i64) -> Result<Vec<OrderRecord>, StoreError> {
        let (column, key) = buyer.matching()?;
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM orders WHERE {column} = $1 ORDER BY received_ms, order_id"
        );
        self.write(&mut |tx| {
            let found: Vec<OrderRecord> = tx
                .rows(&sql, &[Arg::Text(&key)])?
                .iter()
                .map(record)
                .collect();
            for o in &found {
                event(
                    tx,
                    &o.order_id,
                    now_ms,
                    "seller",
                    "exported",
                    &serde_json::json!({ "by": column }),
                )?;
            }
            Ok(Finish::Commit(found))
        })
    }

    /// Erases `buyer`'s personal data from every order of theirs; how many orders.
    pub fn erase_buyer(&self, buyer: &Buyer, now_ms: i64) -> Result<u64, StoreError> {
        let (column, key) = buyer.matching()?;
        let sql = format!(
            "SELECT order_id, payload FROM orders WHERE {column} = $1 AND personal_cleared_ms IS NULL"
        );
        self.write(&mut |tx| {
            let found: Vec<(String, String)> = tx
                .rows(&sql, &[Arg::Text(&key)])?
                .iter()
                .map(|r| (r.text(0), r.text(1)))
                .collect();
            clear(tx, &found, now_ms, "seller", "erased on request").map(Finish::Commit)
        })
    }

    /// Clears the personal data of orders completed or cancelled before
    /// `done_before_ms` (the retention time); how many orders. An order still open
    /// (new, paid, shipped) keeps it: the seller has work to do with it.
    pub fn clear_personal_before(
        &self,
        done_before_ms: i64,
        now_ms: i64,
    ) -> Result<u64, StoreError> {
        self.write(&mut |tx| {
            let found: Vec<(String, String)> = tx
                .rows(
                    "SELECT order_id, payload FROM orders WHERE status IN ('completed', 'cancelled') \
                     AND status_ms < $1 AND personal_cleared_ms IS NULL",
                    &[Arg::Int(done_before_ms)],
                )?
                .iter()
                .map(|r| (r.text(0), r.text(1)))
                .collect();
            clear(tx, &found, now_ms, "system", "retention").map(Finish::Commit)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::without_personal;

    #[test]
    fn keeps_the_books_and_drops_the_buyer() {
        let cleared = without_personal(
            r#"{"order_id":"ord_1","customer":{"name":"Li Wei","phone":"138"},"note":"gift","total":"9.00"}"#,
        );
        assert_eq!(
            cleared,
            r#"{"customer":{},"note":null,"order_id":"ord_1","total":"9.00"}"#
        );
        assert_eq!(without_personal("not json"), "{}");
    }
}
