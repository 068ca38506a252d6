//! What an endpoint must check before it accepts an order: every price, sum, limit
//! and field against its own copy of the catalog, never the client's word.

use super::{OrderProblem, OrderRejected, OrderRequest, ORDER_SCHEMA};
use crate::checkout::{check_customer, FieldError};
use crate::manifest::{Catalog, FieldKind, Manifest};
use crate::money::{Currency, Money};
use crate::rules::{invisible_char, is_order_id, is_referral_code};

fn amount(
    currency: Currency,
    text: &str,
    path: &str,
    problems: &mut Vec<OrderProblem>,
) -> Option<Money> {
    match currency.parse(text) {
        Ok(m) => Some(m),
        Err(e) => {
            problems.push(OrderProblem::new("amount", path, format!("\"{text}\" {e}")));
            None
        }
    }
}

/// Checks an order against the shop, as an endpoint must: never trust the client's prices.
/// Every problem is returned; none means the order is consistent with the catalog.
pub fn verify_order(
    manifest: &Manifest,
    catalog: &Catalog,
    order: &OrderRequest,
) -> Vec<OrderProblem> {
    let mut problems = Vec::new();
    let currency = manifest.currency;
    if order.schema != ORDER_SCHEMA {
        problems.push(OrderProblem::new(
            "schema",
            "schema",
            format!("must be \"{ORDER_SCHEMA}\""),
        ));
    }
    if !is_order_id(&order.order_id) {
        problems.push(OrderProblem::new(
            "order_id",
            "order_id",
            "must be ord_ followed by 32 hex digits",
        ));
    }
    if order.shop_id != manifest.id {
        problems.push(OrderProblem::new(
            "shop",
            "shop_id",
            format!("this endpoint serves shop \"{}\"", manifest.id),
        ));
    }
    if order.currency != currency.code() {
        problems.push(OrderProblem::new(
            "currency",
            "currency",
            format!("the shop sells in {}", currency.code()),
        ));
    }
    if order
        .referral
        .as_deref()
        .is_some_and(|r| !is_referral_code(r))
    {
        problems.push(OrderProblem::new(
            "referral",
            "referral",
            "must be 1-64 letters, digits, - or _",
        ));
    }
    if order.lines.is_empty() {
        problems.push(OrderProblem::new(
            "empty",
            "lines",
            "an order needs at least one line",
        ));
    }
    let mut subtotal = Money::ZERO;
    let mut subtotal_ok = true;
    let mut seen_skus: Vec<&str> = Vec::new();
    for (i, line) in order.lines.iter().enumerate() {
        let path = format!("lines[{i}]");
        // One line per sku, so per-order limits and stock cannot be split across lines.
        if seen_skus.contains(&line.sku.as_str()) {
            let mut p = OrderProblem::new(
                "duplicate_line",
                format!("{path}.sku"),
                "the same sku is on an earlier line",
            );
            p.sku = Some(line.sku.clone());
            problems.push(p);
        }
        seen_skus.push(&line.sku);
        let with_sku = |mut p: OrderProblem| {
            p.sku = Some(line.sku.clone());
            p
        };
        let Some((product, variant)) = catalog
            .find_sku(&line.sku)
            .filter(|(p, _)| p.id == line.product_id)
        else {
            problems.push(with_sku(OrderProblem::new(
                "unknown_sku",
                format!("{path}.sku"),
                "is not in the shop",
            )));
            subtotal_ok = false;
            continue;
        };
        let price = product.price_of(variant);
        let unit = amount(
            currency,
            &line.unit_price,
            &format!("{path}.unit_price"),
            &mut problems,
        );
        if unit.is_some_and(|u| u != price) {
            let mut p = with_sku(OrderProblem::new(
                "price_changed",
                format!("{path}.unit_price"),
                format!("the price is now {}", currency.format_plain(price)),
            ));
            p.expected = Some(currency.format_plain(price));
            problems.push(p);
        }
        if variant.stock == Some(0) {
            problems.push(with_sku(OrderProblem::new(
                "out_of_stock",
                format!("{path}.sku"),
                "is sold out",
            )));
        }
        let (min, max) = (product.min_quantity(), product.max_quantity(variant));
        if variant.stock != Some(0) && (line.quantity < min || line.quantity > max) {
            let mut p = with_sku(OrderProblem::new(
                if variant.stock.is_some_and(|s| line.quantity > s) {
                    "out_of_stock"
                } else {
                    "quantity"
                },
                format!("{path}.quantity"),
                format!("must be from {min} to {max}"),
            ));
            p.expected = Some(format!("{min}-{max}"));
            problems.push(p);
        }
        let line_total = amount(
            currency,
            &line.line_total,
            &format!("{path}.line_total"),
            &mut problems,
        );
        match (
            unit,
            line_total,
            unit.and_then(|u| u.checked_mul(line.quantity).ok()),
        ) {
            (Some(_), Some(given), Some(computed)) if given != computed => {
                problems.push(with_sku(OrderProblem::new(
                    "line_total",
                    format!("{path}.line_total"),
                    format!(
                        "unit_price x quantity is {}",
                        currency.format_plain(computed)
                    ),
                )));
                subtotal_ok = false;
            }
            (Some(_), Some(given), Some(_)) => match subtotal.checked_add(given) {
                Ok(s) => subtotal = s,
                Err(_) => {
                    problems.push(OrderProblem::new(
                        "amount",
                        "subtotal",
                        "the lines add up to more than an amount can hold",
                    ));
                    subtotal_ok = false;
                }
            },
            // Too large to compute: reported, never skipped (a skipped check would
            // let made-up totals through).
            (Some(_), Some(_), None) => {
                problems.push(with_sku(OrderProblem::new(
                    "amount",
                    format!("{path}.line_total"),
                    "unit_price x quantity is more than an amount can hold",
                )));
                subtotal_ok = false;
            }
            // An amount that does not parse was reported by `amount`.
            _ => subtotal_ok = false,
        }
    }
    let given_subtotal = amount(currency, &order.subtotal, "subtotal", &mut problems);
    if subtotal_ok && given_subtotal.is_some_and(|g| g != subtotal) {
        problems.push(OrderProblem::new(
            "subtotal",
            "subtotal",
            format!("the lines add up to {}", currency.format_plain(subtotal)),
        ));
    }
    let shipping_cost = match (&manifest.shipping[..], &order.shipping) {
        ([], None) => Some(Money::ZERO),
        ([], Some(_)) => {
            problems.push(OrderProblem::new(
                "shipping",
                "shipping",
                "this shop has no shipping options",
            ));
            None
        }
        (_, None) => {
            problems.push(OrderProblem::new(
                "shipping",
                "shipping",
                "choose a shipping option",
            ));
            None
        }
        (options, Some(chosen)) => match options.iter().find(|o| o.id == chosen.id) {
            None => {
                problems.push(OrderProblem::new(
                    "shipping",
                    "shipping.id",
                    format!("\"{}\" is not a shipping option", chosen.id),
                ));
                None
            }
            Some(option) => {
                let expected = option.cost_for(given_subtotal.unwrap_or(subtotal));
                let given = amount(currency, &chosen.price, "shipping.price", &mut problems);
                if given.is_some_and(|g| g != expected) {
                    let mut p = OrderProblem::new(
                        "shipping",
                        "shipping.price",
                        format!("shipping costs {}", currency.format_plain(expected)),
                    );
                    p.expected = Some(currency.format_plain(expected));
                    problems.push(p);
                }
                Some(expected)
            }
        },
    };
    let given_total = amount(currency, &order.total, "total", &mut problems);
    if let (Some(sub), Some(ship), Some(total)) = (given_subtotal, shipping_cost, given_total) {
        if sub.checked_add(ship).ok() != Some(total) {
            problems.push(OrderProblem::new(
                "total",
                "total",
                "must be subtotal plus shipping",
            ));
        }
    }
    for (code, text) in [("created_at", &order.created_at), ("locale", &order.locale)] {
        if invisible_char(text, &[]).is_some() {
            problems.push(OrderProblem::new(code, code, CONTROL));
        }
    }
    // Only the shop's checkout fields: a made-up key would be stored and shown to the
    // seller as if the shop had asked for it. The note travels in `note`. Ten are
    // named, the rest counted, so thousands of them make a short answer.
    let unknown: Vec<&String> = order
        .customer
        .iter()
        .map(|(key, _)| key)
        .filter(|key| {
            !manifest
                .checkout
                .fields
                .iter()
                .any(|f| &f.id == *key && f.kind != FieldKind::Note)
        })
        .collect();
    for key in unknown.iter().take(UNKNOWN_KEYS_NAMED) {
        let mut p = OrderProblem::new(
            "field",
            format!("customer.{key}"),
            "is not a checkout field of this shop",
        );
        p.field = Some((*key).clone());
        p.reason = Some("unknown".to_owned());
        problems.push(p);
    }
    if unknown.len() > UNKNOWN_KEYS_NAMED {
        let mut p = OrderProblem::new(
            "field",
            "customer",
            format!(
                "has {} more keys that are not checkout fields of this shop",
                unknown.len() - UNKNOWN_KEYS_NAMED
            ),
        );
        p.reason = Some("unknown".to_owned());
        problems.push(p);
    }
    let mut values: std::collections::BTreeMap<String, String> = order
        .customer
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for field in manifest
        .checkout
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Note)
    {
        if let Some(note) = &order.note {
            values.insert(field.id.clone(), note.clone());
        }
    }
    let note_fields = manifest
        .checkout
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Note)
        .count();
    if order.note.is_some() && note_fields == 0 {
        problems.push(OrderProblem::new(
            "field",
            "note",
            "this shop's checkout has no note field",
        ));
    }
    let shipping_id = order.shipping.as_ref().map(|s| s.id.as_str());
    for (field, error) in check_customer(&manifest.checkout.fields, &values, shipping_id) {
        let mut p = OrderProblem::new("field", format!("customer.{field}"), field_message(error));
        p.field = Some(field);
        p.reason = Some(error.code().to_owned());
        problems.push(p);
    }
    problems
}

/// What is wrong with a text holding a control character.
const CONTROL: &str = "contains an invisible control character";

/// How many unknown `customer` keys an answer names one by one.
const UNKNOWN_KEYS_NAMED: usize = 10;

fn field_message(error: FieldError) -> &'static str {
    match error {
        FieldError::Missing => "is required",
        FieldError::BadEmail => "is not an e-mail address",
        FieldError::BadPhone => "is not a phone number",
        FieldError::TooLong => "is too long",
        FieldError::Control => CONTROL,
        FieldError::Invalid => "is not accepted",
    }
}

/// The English messages of the reference endpoint's answers: a storefront shows its
/// own translated words instead of these, and an endpoint's other messages (the
/// seller's own words) beside them.
pub const STOCK_MESSAGES: [&str; 4] = [
    "The shop changed since the cart was filled: check prices and stock.",
    "Some details are missing or not valid.",
    "The order does not match the shop.",
    "Order received. The seller will contact you to confirm payment and delivery.",
];

/// The message a reference endpoint gives an accepted order.
pub const ACCEPTED_MESSAGE: &str = STOCK_MESSAGES[3];

/// Whether `message` is one of [`STOCK_MESSAGES`] (so not worth showing over the
/// storefront's own words).
pub fn is_stock_message(message: &str) -> bool {
    STOCK_MESSAGES.contains(&message.trim())
}

/// The answer an endpoint gives for these problems: 409 when the catalog changed under
/// the buyer, else 422; with a body the storefront shows.
pub fn rejection(problems: Vec<OrderProblem>) -> (u16, OrderRejected) {
    let conflict = problems.iter().any(OrderProblem::is_conflict);
    let fields = !problems.is_empty() && problems.iter().all(|p| p.code == "field");
    let (status, error, message) = if conflict {
        (409, "prices_changed", STOCK_MESSAGES[0])
    } else if fields {
        (422, "invalid_fields", STOCK_MESSAGES[1])
    } else {
        (422, "invalid_order", STOCK_MESSAGES[2])
    };
    (
        status,
        OrderRejected {
            error: error.to_owned(),
            message: message.to_owned(),
            problems,
        },
    )
}
