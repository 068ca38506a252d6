//! The seller's inbox: orders newest first, filtered by status, searched by
//! reference, name or phone, paged by a cursor.

use super::sql::{like_pattern, Arg, StoreError};
use super::Store;
use microshop_core::order::status::Status;

/// A line of the inbox.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OrderSummary {
    pub order_id: String,
    pub reference: String,
    pub status: String,
    pub received_ms: i64,
    pub status_ms: i64,
    pub customer_name: String,
    pub currency: String,
    pub total: String,
    pub version: i64,
    /// Items in the order (its lines' quantities summed).
    pub items: i64,
    /// Problems with the order still open (docs/trust.md "Problems").
    pub open_problems: i64,
}

/// Which orders the inbox shows.
#[derive(Clone, Debug, Default)]
pub struct InboxQuery {
    /// Only this shop's orders (`None`: every shop the database has seen).
    pub shop_id: Option<String>,
    pub status: Option<Status>,
    /// Part of the reference, the buyer's name, or the phone number's digits.
    pub search: Option<String>,
    /// Only orders with a problem still open (docs/trust.md "Problems").
    pub open_problem: bool,
    /// From a previous page's `next`.
    pub cursor: Option<String>,
    /// At most this many (1-200).
    pub limit: u32,
}

/// One page of the inbox.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InboxPage {
    pub orders: Vec<OrderSummary>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

/// A value for a statement built piece by piece.
enum Bound {
    Text(String),
    Int(i64),
}

/// `received_ms:order_id` of the last order shown.
fn cursor_of(o: &OrderSummary) -> String {
    format!("{}:{}", o.received_ms, o.order_id)
}

fn read_cursor(cursor: &str) -> Result<(i64, String), StoreError> {
    cursor
        .split_once(':')
        .and_then(|(ms, id)| Some((ms.parse().ok()?, id.to_owned())))
        .ok_or_else(|| StoreError::new(format!("\"{cursor}\" is not an inbox cursor")))
}

impl Store {
    /// How many orders each status has (statuses without orders are left out);
    /// `shop_id: None` counts every shop's.
    pub fn status_counts(
        &self,
        shop_id: Option<&str>,
    ) -> Result<std::collections::BTreeMap<String, i64>, StoreError> {
        let shop = shop_id.unwrap_or("");
        let rows = self.read(&mut |tx| {
            tx.rows(
                "SELECT status, COUNT(*) FROM orders WHERE ($1 = '' OR shop_id = $1) GROUP BY status",
                &[Arg::Text(shop)],
            )
        })?;
        Ok(rows.iter().map(|r| (r.text(0), r.int(1))).collect())
    }

    /// Orders newest first, filtered and paged.
    pub fn inbox(&self, query: &InboxQuery) -> Result<InboxPage, StoreError> {
        let limit = i64::from(query.limit.clamp(1, 200));
        let cursor = query.cursor.as_deref().map(read_cursor).transpose()?;
        let search = query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let mut sql = String::from(
            "SELECT order_id, reference, status, received_ms, status_ms, customer_name, currency, total, version, \
             (SELECT CAST(COALESCE(SUM(i.quantity), 0) AS BIGINT) FROM order_items i WHERE i.order_id = orders.order_id), \
             (SELECT COUNT(*) FROM problems p WHERE p.order_id = orders.order_id AND p.state = 'open') \
             FROM orders WHERE 1 = 1",
        );
        // Each value is bound to the next placeholder number, written where `#` is.
        let mut binds: Vec<Bound> = Vec::new();
        let mut clause = |sql: &mut String, text: &str, values: Vec<Bound>| {
            let mut parts = text.split('#');
            sql.push_str(parts.next().unwrap_or(""));
            for (part, value) in parts.zip(values) {
                binds.push(value);
                sql.push_str(&format!("${}", binds.len()));
                sql.push_str(part);
            }
        };
        if let Some(shop) = &query.shop_id {
            clause(
                &mut sql,
                " AND shop_id = #",
                vec![Bound::Text(shop.clone())],
            );
        }
        if let Some(status) = query.status {
            clause(
                &mut sql,
                " AND status = #",
                vec![Bound::Text(status.as_str().to_owned())],
            );
        }
        if query.open_problem {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM problems p WHERE p.order_id = orders.order_id AND p.state = 'open')",
            );
        }
        if let Some(typed) = search {
            // Names are compared folded by Rust on both sides (`search_fold`), never
            // by the database's LOWER; references are ASCII, so LOWER serves them.
            let words = like_pattern(&super::search_fold(typed));
            // Digits are matched against phones only when what was typed looks like
            // (part of) a phone number: "buyer 3" must not match every "138…".
            let phone_like = typed
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
            let digits = if phone_like {
                super::phone_digits(typed)
            } else {
                String::new()
            };
            let matches = " AND (LOWER(reference) LIKE # ESCAPE '\\' OR customer_name_folded LIKE # ESCAPE '\\'";
            let mut values = vec![Bound::Text(words.clone()), Bound::Text(words)];
            let phone = if digits.is_empty() {
                ")".to_owned()
            } else {
                values.push(Bound::Text(like_pattern(&digits)));
                " OR customer_phone LIKE # ESCAPE '\\')".to_owned()
            };
            clause(&mut sql, &format!("{matches}{phone}"), values);
        }
        if let Some((ms, id)) = cursor {
            clause(
                &mut sql,
                " AND (received_ms < # OR (received_ms = # AND order_id < #))",
                vec![Bound::Int(ms), Bound::Int(ms), Bound::Text(id)],
            );
        }
        clause(
            &mut sql,
            " ORDER BY received_ms DESC, order_id DESC LIMIT #",
            vec![Bound::Int(limit + 1)],
        );
        let args: Vec<Arg<'_>> = binds
            .iter()
            .map(|b| match b {
                Bound::Text(text) => Arg::Text(text),
                Bound::Int(int) => Arg::Int(*int),
            })
            .collect();
        let rows = self.read(&mut |tx| tx.rows(&sql, &args))?;
        let mut orders: Vec<OrderSummary> = rows
            .iter()
            .map(|r| OrderSummary {
                order_id: r.text(0),
                reference: r.text(1),
                status: r.text(2),
                received_ms: r.int(3),
                status_ms: r.int(4),
                customer_name: r.text(5),
                currency: r.text(6),
                total: r.text(7),
                version: r.int(8),
                items: r.int(9),
                open_problems: r.int(10),
            })
            .collect();
        let more = orders.len() > usize::try_from(limit).unwrap_or(usize::MAX);
        orders.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let next = more.then(|| orders.last().map(cursor_of)).flatten();
        Ok(InboxPage { orders, next })
    }
}
