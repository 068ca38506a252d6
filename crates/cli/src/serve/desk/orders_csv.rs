//! `GET /_seller/api/orders.csv?from=YYYY-MM-DD&to=YYYY-MM-DD`: the orders received
//! on those days (UTC, both included) for a spreadsheet, one row per order line.
//!
//! UTF-8 with a byte order mark, so spreadsheet programs that otherwise guess a
//! legacy encoding (Excel on Windows) read Chinese, Japanese and Arabic names right.
//! A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! prefixed with `'`, so a buyer's name can never run as a formula (CSV injection).

use super::{blocking, internal, invalid, Shared};
use crate::store::clock::{ms_rfc3339, parse_rfc3339_ms};
use crate::store::OrderRecord;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
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

/// A cell as written: a leading formula character made harmless.
pub fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
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
    let store = Arc::clone(&desk.store);
    let orders = match blocking(move || store.orders_between(None, from_ms, to_ms + DAY_MS)).await {
        Ok(Ok(orders)) => orders,
        Ok(Err(e)) => return internal(&format!("orders could not be read: {e}")),
        Err(response) => return response,
    };
    let bytes = match write(&orders) {
        Ok(bytes) => bytes,
        Err(e) => return internal(&format!("the CSV could not be written: {e}")),
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

/// The CSV of `orders`: a header row, then a row per line of each order.
pub fn write(orders: &[OrderRecord]) -> Result<Vec<u8>, String> {
    let requests: Vec<_> = orders.iter().map(OrderRecord::request).collect();
    // A column per checkout field any of these orders has, in the order first seen.
    let mut fields: Vec<String> = Vec::new();
    for request in requests.iter().flatten() {
        for (id, _) in request.customer.iter() {
            if !fields.contains(id) {
                fields.push(id.clone());
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
                request
                    .as_ref()
                    .and_then(|r| r.shipping.as_ref())
                    .map(|s| s.label.clone())
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
                        request
                            .as_ref()
                            .and_then(|r| r.customer.get(f).cloned())
                            .unwrap_or_default(),
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
                row.extend(std::iter::repeat_n(String::new(), 6));
                tail(&mut row);
                csv.write_record(row.iter().map(|c| cell(c)))
                    .map_err(|e| e.to_string())?;
            }
            for line in lines {
                let options: Vec<String> = line
                    .options
                    .iter()
                    .map(|(n, v)| format!("{n}: {v}"))
                    .collect();
                let mut row: Vec<String> = head.to_vec();
                row.extend([
                    line.sku.clone(),
                    line.title.clone(),
                    options.join("; "),
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
        assert_eq!(cell(""), "");
    }
}
