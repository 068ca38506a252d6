//! An order as plain text: for the buyer to paste into a chat, for `{{summary}}`
//! in payload mappings, and for the seller's `microshop orders`.

use super::{short_ref, OrderLine, OrderRequest};

/// The words around the order's own data, so the storefront can give the buyer the
/// text in their language; payload mappings and the seller's tools use [`TextLabels::ENGLISH`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextLabels<'a> {
    /// Before the order id.
    pub order: &'a str,
    /// The subtotal's label.
    pub subtotal: &'a str,
    /// The shipping's label.
    pub shipping: &'a str,
    /// The total's label.
    pub total: &'a str,
    /// The note's label.
    pub note: &'a str,
    /// The referral code's label.
    pub referral: &'a str,
}

impl TextLabels<'static> {
    /// English labels.
    pub const ENGLISH: TextLabels<'static> = TextLabels {
        order: "Order",
        subtotal: "Subtotal",
        shipping: "Shipping",
        total: "Total",
        note: "Note",
        referral: "Referral",
    };
}

/// One line as text: `2 × Jasmine pearls (Weight: 100g)`.
pub fn line_text(line: &OrderLine) -> String {
    let options: Vec<String> = line
        .options
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    if options.is_empty() {
        format!("{} × {}", line.quantity, line.title)
    } else {
        format!(
            "{} × {} ({})",
            line.quantity,
            line.title,
            options.join(", ")
        )
    }
}

/// The order as plain text a buyer can paste into a chat with the seller, and the
/// `{{summary}}` of a payload mapping.
/// `field_label` names a checkout field for the reader (its label in the order's
/// locale, or the id itself); the buyer's details come in the checkout's order.
pub fn order_as_text(
    order: &OrderRequest,
    labels: &TextLabels<'_>,
    field_label: &dyn Fn(&str) -> String,
) -> String {
    let mut text = format!(
        "{} {} · {} ({})\n",
        labels.order,
        short_ref(&order.order_id),
        order.order_id,
        order.created_at
    );
    for line in &order.lines {
        let options: Vec<String> = line
            .options
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        let options = if options.is_empty() {
            String::new()
        } else {
            format!(" ({})", options.join(", "))
        };
        text.push_str(&format!(
            "{} × {}{} [{}] {} {}\n",
            line.quantity, line.title, options, line.sku, line.line_total, order.currency
        ));
    }
    text.push_str(&format!(
        "{}: {} {}\n",
        labels.subtotal, order.subtotal, order.currency
    ));
    if let Some(s) = &order.shipping {
        text.push_str(&format!(
            "{} ({}): {} {}\n",
            labels.shipping, s.label, s.price, order.currency
        ));
    }
    text.push_str(&format!(
        "{}: {} {}\n",
        labels.total, order.total, order.currency
    ));
    for (field, value) in order.customer.iter() {
        text.push_str(&format!(
            "{}: {}\n",
            field_label(field),
            value.replace('\n', ", ")
        ));
    }
    if let Some(note) = &order.note {
        text.push_str(&format!("{}: {note}\n", labels.note));
    }
    if let Some(referral) = &order.referral {
        text.push_str(&format!("{}: {referral}\n", labels.referral));
    }
    text
}
