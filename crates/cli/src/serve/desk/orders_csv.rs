//! `GET /_seller/api/orders.csv?from=YYYY-MM-DD&to=YYYY-MM-DD`: the orders received
//! on those days (UTC, both included) for a spreadsheet, one row per order line.
//!
//! UTF-8 with a byte order mark, so spreadsheet programs that otherwise guess a
//! legacy encoding (Excel on Windows) read Chinese, Japanese and Arabic names right.
//! A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! prefixed with `'`, so a buyer's name can never run as a formula (CSV injection);
//! so is one right after a `;` inside a cell: Excel set to separate cells with `;`
//! (much of Europe) splits a comma-separated line at every `;`, quotes or not.

use super::{blocking, internal, invalid, Shared};
use crate::store::clock::{ms_rfc3339, parse_rfc3339_ms};
use crate::store::OrderRecord;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

const DAY_MS: i64 = 86_400_000;
/// The longest range one export covers (a few years of orders at most).
const MAX_DAYS: i64 = 3 * 366;

/// A `YYYY-MM-DD` day as the milliseconds of its start (UTC); `None` for anything
/// else, a 31 February included.
pub fn day_start(text: &str) -> Option<i64> {
    if text.len() != 10 {
        return None;
    }
    let ms = parse_rfc3339_ms(&format!("{text}T00:00:00Z"))?;
    // The day read back must be the day given (2026-02-31 is not one).
    ms_rfc3339(ms).starts_with(text).then_some(ms)
}

/// A cell as written: a formula character at its start, or right after a `;`
/// (where a spreadsheet reading `;` as the separator starts a cell), made harmless.
pub fn cell(text: &str) -> String {
    let formula = |c: Option<char>| matches!(c, Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let mut out = String::with_capacity(text.len() + 1);
    if formula(text.chars().next()) {
        out.push('\'');
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == ';' && formula(chars.peek().copied()) {
            out.push('\'');
        }
    }
    out
}

pub async fn export(
    State(desk): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    // A day, or the 422's field and sentence.
    let day = |name: &'static str| -> Result<(String, i64), (&'static str, String)> {
        let text = params.get(name).map_or("", |t| t.trim());
        if text.is_empty() {
            return Err((name, "is required: a day as YYYY-MM-DD".to_owned()));
        }
        day_start(text)
            .map(|ms| (text.to_owned(), ms))
            .ok_or_else(|| (name, format!("\"{text}\" is not a day as YYYY-MM-DD")))
    };
    let ((from, from_ms), (to, to_ms)) = match (day("from"), day("to")) {
        (Ok(from), Ok(to)) => (from, to),
        (Err((field, message)), _) | (_, Err((field, message))) => return invalid(field, &message),
    };
    if to_ms < from_ms {
        return invalid("to", "The last day is before the first.");
    }
    if (to_ms - from_ms) / DAY_MS >= MAX_DAYS {
        return invalid(
            "to",
            &format!("A range may cover at most {MAX_DAYS} days; export it in parts."),
        );
    }
    let shop = match super::orders::shop(&desk).await {
        Ok(shop) => shop,
        Err(response) => return response,
    };
    let store = Arc::clone(&desk.store);
    let orders = match blocking(move || store.orders_between(None, from_ms, to_ms + DAY_MS)).await {
        Ok(Ok(orders)) => orders,
        Ok(Err(e)) => return internal(&format!("orders could not be read: {e}")),
        Err(response) => return response,
    };
    let bytes = match written(orders, shop).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        bytes,
    )
        .into_response();
    // Both days are checked digits and dashes: always a valid header.
    if let Ok(value) =
        HeaderValue::from_str(&format!("attachment; filename=\"orders-{from}-{to}.csv\""))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The CSV of `orders` (see [`write`]), written on a blocking thread: an export of
/// many orders, or of orders with many fields, takes a while, and the shop's other
/// requests must not wait for it behind the async workers (two).
async fn written(
    orders: Vec<OrderRecord>,
    shop: Option<Arc<crate::check::Shop>>,
) -> Result<Vec<u8>, Response> {
    match blocking(move || write(&orders, shop.as_deref())).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(internal(&format!("the CSV could not be written: {e}"))),
        Err(response) => Err(response),
    }
}

/// The CSV of `orders`: a header row, then a row per line of each order. A line's
/// `title` and `options` are `shop`'s catalog's for its sku in the order's locale
/// (as the desk's order shows them); what the buyer sent, when it differs, is in
/// `sent_title` / `sent_options` (a client may send any words with a line).
pub fn write(orders: &[OrderRecord], shop: Option<&crate::check::Shop>) -> Result<Vec<u8>, String> {
    let requests: Vec<_> = orders.iter().map(OrderRecord::request).collect();
    // A column per checkout field any of these orders has, in the order first seen
    // (a set says which were seen: time linear in the fields of all orders).
    let mut fields: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for request in requests.iter().flatten() {
        for (id, _) in request.customer.iter() {
            if seen.insert(id.as_str()) {
                fields.push(id.as_str());
            }
        }
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut header: Vec<String> = [
            "received_at",
            "reference",
            "order_id",
            "status",
            "currency",
            "total",
            "subtotal",
            "shipping",
            "shipping_price",
            "sku",
            "title",
            "options",
            "sent_title",
            "sent_options",
            "quantity",
            "unit_price",
            "line_total",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        header.extend(fields.iter().map(|f| format!("customer.{f}")));
        header.extend(
            [
                "note",
                "referral",
                "tracking_note",
                "tracking_url",
                "cancel_reason",
            ]
            .iter()
            .map(|s| (*s).to_owned()),
        );
        csv.write_record(&header).map_err(|e| e.to_string())?;
        for (order, request) in orders.iter().zip(&requests) {
            // The order's own fields, looked up by id (not a scan per column).
            let customer: HashMap<&str, &str> = request
                .iter()
                .flat_map(|r| r.customer.iter())
                .map(|(id, value)| (id.as_str(), value.as_str()))
                .collect();
            let head = [
                order.received_at.clone(),
                order.reference.clone(),
                order.order_id.clone(),
                order.status.clone(),
                order.currency.clone(),
                order.total.clone(),
                request
                    .as_ref()
                    .map(|r| r.subtotal.clone())
                    .unwrap_or_default(),
                // The shop's label for the option chosen, not the one sent (REVIEW8 §4).
                request
                    .as_ref()
                    .and_then(|r| {
                        let s = r.shipping.as_ref()?;
                        Some(
                            shop.and_then(|shop| {
                                crate::serve::shop_words::shipping_label(shop, &s.id, &r.locale)
                            })
                            .unwrap_or_else(|| s.label.clone()),
                        )
                    })
                    .unwrap_or_default(),
                request
                    .as_ref()
                    .and_then(|r| r.shipping.as_ref())
                    .map(|s| s.price.clone())
                    .unwrap_or_default(),
            ];
            let tail = |row: &mut Vec<String>| {
                for f in &fields {
                    row.push(
                        customer
                            .get(f)
                            .map_or_else(String::new, |v| (*v).to_owned()),
                    );
                }
                row.push(
                    request
                        .as_ref()
                        .and_then(|r| r.note.clone())
                        .unwrap_or_default(),
                );
                row.push(
                    request
                        .as_ref()
                        .and_then(|r| r.referral.clone())
                        .unwrap_or_default(),
                );
                row.push(order.tracking_note.clone());
                row.push(order.tracking_url.clone());
                row.push(order.cancel_reason.clone());
            };
            let lines = request.as_ref().map(|r| r.lines.as_slice()).unwrap_or(&[]);
            if lines.is_empty() {
                // An order whose payload was cleared still has its row for the books.
                let mut row: Vec<String> = head.to_vec();
                row.extend(std::iter::repeat_n(String::new(), 8));
                tail(&mut row);
                csv.write_record(row.iter().map(|c| cell(c)))
                    .map_err(|e| e.to_string())?;
            }
            for line in lines {
                let joined = |pairs: &mut dyn Iterator<Item = (&String, &String)>| {
                    pairs
                        .map(|(n, v)| format!("{n}: {v}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                let sent_options = joined(&mut line.options.iter());
                let locale = request.as_ref().map_or("", |r| r.locale.as_str());
                let catalog = shop.and_then(|s| super::orders::catalog_words(s, &line.sku, locale));
                // The catalog's words, and the buyer's where they differ (options in any order).
                let (title, options, sent_title, sent) = match catalog {
                    None => (
                        line.title.clone(),
                        sent_options,
                        String::new(),
                        String::new(),
                    ),
                    Some((title, options)) => {
                        let mut ours: Vec<(&String, &String)> =
                            options.iter().map(|(n, v)| (n, v)).collect();
                        let mut theirs: Vec<(&String, &String)> = line.options.iter().collect();
                        let joined_ours = joined(&mut ours.iter().copied());
                        ours.sort();
                        theirs.sort();
                        let sent_title = if title == line.title {
                            String::new()
                        } else {
                            line.title.clone()
                        };
                        let sent = if ours == theirs {
                            String::new()
                        } else {
                            sent_options
                        };
                        (title, joined_ours, sent_title, sent)
                    }
                };
                let mut row: Vec<String> = head.to_vec();
                row.extend([
                    line.sku.clone(),
                    title,
                    options,
                    sent_title,
                    sent,
                    line.quantity.to_string(),
                    line.unit_price.clone(),
                    line.line_total.clone(),
                ]);
                tail(&mut row);
                csv.write_record(row.iter().map(|c| cell(c)))
                    .map_err(|e| e.to_string())?;
            }
        }
        csv.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_real_days() {
        assert_eq!(day_start("2026-11-28"), Some(1_795_824_000_000));
        assert_eq!(day_start("2026-02-31"), None);
        assert_eq!(day_start("2026-1-1"), None);
        assert_eq!(day_start("yesterday!"), None);
        assert_eq!(day_start("2026-11-28T00:00:00Z"), None);
    }

    #[test]
    fn formula_cells_are_made_harmless() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+86 138"), "'+86 138");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Li Wei"), "Li Wei");
        assert_eq!(cell("a;=b;c; =d"), "a;'=b;c; =d");
        assert_eq!(cell("=a;-b"), "'=a;'-b");
        assert_eq!(cell(""), "");
    }

    /// An order as stored, with these customer fields and no lines (a row of its
    /// own, as an order whose payload was cleared has).
    fn record(n: usize, customer: &serde_json::Value) -> OrderRecord {
        let order_id = format!("ord_{n:032}");
        let payload = serde_json::json!({
            "schema": "microshop.order/1",
            "order_id": order_id,
            "created_at": "2026-12-07T10:00:00Z",
            "shop_id": "tea",
            "currency": "CNY",
            "locale": "en",
            "lines": [],
            "subtotal": "1.00",
            "shipping": null,
            "total": "1.00",
            "customer": customer,
            "note": null,
            "referral": null,
        });
        OrderRecord {
            order_id,
            shop_id: "tea".to_owned(),
            reference: format!("R{n}"),
            status: "new".to_owned(),
            created_at: "2026-12-07T10:00:00Z".to_owned(),
            received_at: "2026-12-07T10:00:01Z".to_owned(),
            received_ms: 0,
            status_ms: 0,
            currency: "CNY".to_owned(),
            total: "1.00".to_owned(),
            total_minor: 100,
            customer_name: String::new(),
            customer_phone: String::new(),
            customer_email: String::new(),
            tracking_note: String::new(),
            tracking_url: String::new(),
            cancel_reason: String::new(),
            version: 1,
            personal_cleared_ms: None,
            payload: payload.to_string(),
        }
    }

    /// `orders` orders, each with a name and `own` fields no other order has.
    fn orders_with_own_fields(orders: usize, own: usize) -> Vec<OrderRecord> {
        (0..orders)
            .map(|n| {
                let mut customer = serde_json::Map::new();
                customer.insert("name".to_owned(), format!("Buyer {n}").into());
                for i in 0..own {
                    customer.insert(format!("o{n}k{i:05}"), format!("{n}.{i}").into());
                }
                record(n, &serde_json::Value::Object(customer))
            })
            .collect()
    }

    /// Excel in much of Europe opens a `.csv` with `;` between cells: a buyer's
    /// name with a `;` must not split into a cell that begins with a formula
    /// (REVIEW8 12: `Bob;=1+1;@SUM(1+1)` gave the cells `=1+1` and `@SUM(1+1)`).
    /// Such an Excel reads a comma-separated line's quotes only at its start (after
    /// the first cell's closing quote the rest is text), so every `;` splits: what
    /// follows each must not start a formula.
    #[test]
    fn a_semicolon_in_a_name_does_not_make_formula_cells() {
        let customer = serde_json::json!({"name": "Bob;=1+1;@SUM(1+1)", "note": "a;+2;-3;\tx"});
        let bytes = write(&[record(1, &customer)], None).expect("written");
        let text = std::str::from_utf8(&bytes).expect("utf-8");
        for line in text.lines() {
            for piece in line.split(';').skip(1) {
                assert!(
                    !piece.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a cell {piece:?} in {line:?}"
                );
            }
        }
        // What the seller reads keeps the buyer's words.
        assert!(text.contains("Bob;'=1+1;'@SUM(1+1)"), "{text}");
    }

    /// A column per field any order has, once, in the order first seen; every
    /// row has every column, its own values in its own.
    #[test]
    fn a_column_per_field_once_in_the_order_first_seen() {
        let orders = orders_with_own_fields(20, 500);
        let bytes = write(&orders, None).expect("written");
        let text = std::str::from_utf8(&bytes).expect("utf-8");
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("a header")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header.len(), 17 + 1 + 20 * 500 + 5);
        assert_eq!(header[17], "customer.name");
        assert_eq!(header[18], "customer.o0k00000");
        assert_eq!(header[17 + 500], "customer.o0k00499");
        assert_eq!(header[17 + 501], "customer.o1k00000");
        assert_eq!(header[header.len() - 6], "customer.o19k00499");
        let unique: std::collections::HashSet<&String> = header.iter().collect();
        assert_eq!(unique.len(), header.len(), "no column twice");
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
        assert_eq!(rows.len(), 20);
        for (n, row) in rows.iter().enumerate() {
            assert_eq!(row.len(), header.len());
            assert_eq!(&row[17], format!("Buyer {n}"));
            assert_eq!(&row[18 + n * 500 + 7], format!("{n}.7"));
            let filled = row.iter().skip(17).filter(|c| !c.is_empty()).count();
            assert_eq!(filled, 1 + 500, "only its own fields");
        }
    }

    /// The CSV is written on a blocking thread, not on the async worker that
    /// runs the request: the first poll of the export finds it still being
    /// written (a worker busy writing would have written it all in that poll).
    #[test]
    fn the_csv_is_written_off_the_async_workers() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let orders = orders_with_own_fields(20, 500);
        runtime.block_on(async {
            let mut csv = std::pin::pin!(written(orders, None));
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            assert!(
                std::future::Future::poll(csv.as_mut(), &mut cx).is_pending(),
                "the worker was busy writing the CSV"
            );
            let bytes = csv.await.expect("written");
            assert!(bytes.len() > 20 * 500 * 8);
        });
    }
}
