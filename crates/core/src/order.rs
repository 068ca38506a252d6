//! The order contract: what the storefront POSTs to the seller's endpoint, what
//! the endpoint may answer, and how an order is built from a cart (the checks an
//! endpoint runs against the catalog are in `verify.rs`).
//!
//! Amounts travel as decimal strings in the shop's currency (`"68.00"`), so an
//! endpoint in any language (a sheet script in JavaScript included) reads them
//! exactly. See docs/order-contract.md.

use crate::cart::Cart;
use crate::checkout::{check_customer, FieldError};
use crate::manifest::{Catalog, FieldKind, Manifest};
use crate::money::MoneyError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// The schema tag of this version of the order payload.
pub const ORDER_SCHEMA: &str = "microshop.order/1";

/// The order the storefront sends: `POST` with `Idempotency-Key: <order_id>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OrderRequest {
    /// Always `microshop.order/1`.
    pub schema: String,
    /// Made by the buyer's browser from 128 random bits; the same on every retry.
    pub order_id: String,
    /// When the buyer placed the order, RFC 3339 in UTC.
    pub created_at: String,
    /// The manifest's `id`.
    pub shop_id: String,
    /// ISO 4217 code; every amount below is in it.
    pub currency: String,
    /// The locale the buyer shopped in.
    pub locale: String,
    /// What was bought.
    pub lines: Vec<OrderLine>,
    /// Sum of the line totals.
    pub subtotal: String,
    /// The chosen shipping option, if the shop has any.
    pub shipping: Option<OrderShipping>,
    /// Subtotal plus shipping.
    pub total: String,
    /// Checkout field id to what the buyer typed.
    pub customer: BTreeMap<String, String>,
    /// The buyer's note to the seller.
    pub note: Option<String>,
    /// Who referred the buyer (the `ref` link parameter).
    pub referral: Option<String>,
}

/// One line of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OrderLine {
    /// The product's id.
    pub product_id: String,
    /// The variant's sku.
    pub sku: String,
    /// The title in the buyer's locale.
    pub title: String,
    /// Option name to chosen value, in the buyer's locale (`{"Size": "M"}`).
    pub options: BTreeMap<String, String>,
    /// Price of one item.
    pub unit_price: String,
    /// How many.
    pub quantity: u32,
    /// `unit_price * quantity`.
    pub line_total: String,
}

/// The shipping option and its cost for this order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OrderShipping {
    /// The option's id.
    pub id: String,
    /// Its label in the buyer's locale.
    pub label: String,
    /// What it costs for this subtotal.
    pub price: String,
}

/// A 2xx answer's optional JSON body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OrderAccepted {
    /// The endpoint's own order number, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// A status word such as `received`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A message for the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Where the order's status can be read (GET, JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_url: Option<String>,
    /// Where to send the buyer to pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_url: Option<String>,
}

/// A 409 or 422 answer's JSON body: what the buyer must fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OrderRejected {
    /// `prices_changed` (409), `invalid_order` (422), `invalid_fields` (422).
    pub error: String,
    /// A summary for the buyer.
    pub message: String,
    /// Each problem.
    #[serde(default)]
    pub problems: Vec<OrderProblem>,
}

/// One thing wrong with an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OrderProblem {
    /// A stable code: `unknown_sku`, `price_changed`, `out_of_stock`, `quantity`,
    /// `duplicate_line`, `line_total`, `subtotal`, `shipping`, `total`, `amount`,
    /// `currency`, `shop`, `schema`, `order_id`, `field` (with `field`), `empty`.
    pub code: String,
    /// Where in the payload (`lines[0].unit_price`, `customer.phone`).
    pub path: String,
    /// What is wrong, in English.
    pub message: String,
    /// The sku concerned, for line problems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The checkout field concerned, for field problems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The value the shop expected (a price, a quantity limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// For field problems, why: `missing`, `bad_email`, `bad_phone` or `too_long`
    /// (the storefront shows its own translated message for each).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl OrderProblem {
    pub(crate) fn new(
        code: &str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> OrderProblem {
        OrderProblem {
            code: code.to_owned(),
            path: path.into(),
            message: message.into(),
            sku: None,
            field: None,
            expected: None,
            reason: None,
        }
    }

    /// Whether this problem comes from the catalog having changed (answered 409).
    pub fn is_conflict(&self) -> bool {
        matches!(
            self.code.as_str(),
            "price_changed" | "out_of_stock" | "unknown_sku"
        )
    }
}

/// What the buyer chose at checkout.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckoutInput {
    /// Checkout field id to value (the note field included).
    pub customer: BTreeMap<String, String>,
    /// The chosen shipping option's id.
    pub shipping_id: Option<String>,
    /// The referral code from the link, if any.
    pub referral: Option<String>,
}

/// Why an order could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// Nothing in the cart.
    EmptyCart,
    /// Fields the buyer must fix: field id to error.
    Fields(BTreeMap<String, FieldError>),
    /// The shop has shipping options and none (or an unknown one) was chosen.
    Shipping,
    /// A line's sku is not in the catalog (reconcile the cart first).
    UnknownSku(String),
    /// Amounts too large to add up.
    Money(MoneyError),
}

impl From<MoneyError> for BuildError {
    fn from(e: MoneyError) -> Self {
        BuildError::Money(e)
    }
}

/// A fresh order id from 16 random bytes (the caller gets them from a CSPRNG).
pub fn order_id_from_bytes(bytes: [u8; 16]) -> String {
    let mut id = String::with_capacity(35);
    id.push_str("ord_");
    for b in bytes {
        id.push_str(&format!("{b:02x}"));
    }
    id
}

/// Whether the storefront may send the buyer to `url` (an endpoint's `payment_url`):
/// https, a path on the shop's own site, or this machine during development.
pub fn is_safe_redirect(url: &str) -> bool {
    crate::decode::endpoint_problem(url).is_none()
}

/// Whether `code` may be a referral code: 1-64 of letters, digits, `-` and `_`.
pub fn is_referral_code(code: &str) -> bool {
    (1..=64).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `id` has the shape of an order id (`ord_` and 32 hex digits).
pub fn is_order_id(id: &str) -> bool {
    id.strip_prefix("ord_").is_some_and(|hex| {
        hex.len() == 32
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn option_labels(
    manifest: &Manifest,
    catalog: &Catalog,
    sku: &str,
    locale: &str,
) -> BTreeMap<String, String> {
    let fallback = manifest.default_locale();
    let Some((product, variant)) = catalog.find_sku(sku) else {
        return BTreeMap::new();
    };
    product
        .options
        .iter()
        .filter_map(|o| {
            let value_id = variant.options.get(&o.id)?;
            let value = o.values.iter().find(|v| &v.id == value_id)?;
            Some((
                o.name.get(locale, fallback).to_owned(),
                value.label.get(locale, fallback).to_owned(),
            ))
        })
        .collect()
}

/// Builds the order payload from a reconciled cart; the id and time come from outside.
pub fn build_order(
    manifest: &Manifest,
    catalog: &Catalog,
    cart: &Cart,
    input: &CheckoutInput,
    locale: &str,
    order_id: String,
    created_at: String,
) -> Result<OrderRequest, BuildError> {
    if cart.is_empty() {
        return Err(BuildError::EmptyCart);
    }
    let field_errors = check_customer(&manifest.checkout.fields, &input.customer);
    if !field_errors.is_empty() {
        return Err(BuildError::Fields(field_errors));
    }
    let shipping = match (&manifest.shipping[..], &input.shipping_id) {
        ([], _) => None,
        (options, Some(id)) => Some(
            options
                .iter()
                .find(|o| &o.id == id)
                .ok_or(BuildError::Shipping)?,
        ),
        (_, None) => return Err(BuildError::Shipping),
    };
    let currency = manifest.currency;
    let fallback = manifest.default_locale();
    let mut lines = Vec::new();
    for line in &cart.lines {
        let (product, _) = catalog
            .find_sku(&line.sku)
            .ok_or_else(|| BuildError::UnknownSku(line.sku.clone()))?;
        lines.push(OrderLine {
            product_id: line.product_id.clone(),
            sku: line.sku.clone(),
            title: product.title.get(locale, fallback).to_owned(),
            options: option_labels(manifest, catalog, &line.sku, locale),
            unit_price: currency.format_plain(line.unit_price),
            quantity: line.quantity,
            line_total: currency.format_plain(line.unit_price.checked_mul(line.quantity)?),
        });
    }
    let totals = cart.totals(shipping)?;
    let note_ids: Vec<&str> = manifest
        .checkout
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Note)
        .map(|f| f.id.as_str())
        .collect();
    let mut customer = BTreeMap::new();
    let mut note = None;
    for field in &manifest.checkout.fields {
        let value = input.customer.get(&field.id).map_or("", |v| v.trim());
        if value.is_empty() {
            continue;
        }
        if note_ids.contains(&field.id.as_str()) {
            note = Some(value.to_owned());
        } else {
            customer.insert(field.id.clone(), value.to_owned());
        }
    }
    Ok(OrderRequest {
        schema: ORDER_SCHEMA.to_owned(),
        order_id,
        created_at,
        shop_id: manifest.id.clone(),
        currency: currency.code().to_owned(),
        locale: locale.to_owned(),
        lines,
        subtotal: currency.format_plain(totals.subtotal),
        shipping: shipping.map(|s| OrderShipping {
            id: s.id.clone(),
            label: s.label.get(locale, fallback).to_owned(),
            price: currency.format_plain(totals.shipping),
        }),
        total: currency.format_plain(totals.total),
        customer,
        note,
        referral: input.referral.clone(),
    })
}

pub use crate::verify::{rejection, verify_order};

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
pub fn order_as_text(order: &OrderRequest) -> String {
    let mut text = format!("Order {} ({})\n", order.order_id, order.created_at);
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
        "Subtotal: {} {}\n",
        order.subtotal, order.currency
    ));
    if let Some(s) = &order.shipping {
        text.push_str(&format!(
            "Shipping ({}): {} {}\n",
            s.label, s.price, order.currency
        ));
    }
    text.push_str(&format!("Total: {} {}\n", order.total, order.currency));
    for (field, value) in &order.customer {
        text.push_str(&format!("{field}: {}\n", value.replace('\n', ", ")));
    }
    if let Some(note) = &order.note {
        text.push_str(&format!("Note: {note}\n"));
    }
    if let Some(referral) = &order.referral {
        text.push_str(&format!("Referral: {referral}\n"));
    }
    text
}
