//! The order contract: what the storefront POSTs to the seller's endpoint and what
//! the endpoint may answer. Building an order from a cart is in `build`, its text
//! form in `text`, the endpoint's checks in `verify`, what a refusal means for
//! the cart in `corrections`, an accepted order's statuses in `status`, and the
//! terms a signed receipt carries in `receipt` and how a saved one is checked in
//! `receipt_check`, the rules of verified-buyer reviews in `review` and of problems
//! with an order in `problems` (docs/trust.md).
//!
//! Amounts travel as decimal strings in the shop's currency (`"68.00"`), so an
//! endpoint in any language (a sheet script in JavaScript included) reads them
//! exactly. See docs/order-contract.md.

mod build;
mod corrections;
mod pairs;
pub mod problems;
pub mod receipt;
pub mod receipt_check;
pub mod review;
pub mod status;
mod text;
mod verify;

pub use build::{
    build_order, order_id_from_bytes, short_ref, variant_labels, BuildError, CheckoutInput,
};
pub use corrections::corrections;
pub use pairs::Pairs;
pub use text::{line_text, order_as_text, TextLabels};
pub use verify::{is_stock_message, rejection, verify_order, ACCEPTED_MESSAGE, STOCK_MESSAGES};

use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// The schema tag of this version of the order payload.
pub const ORDER_SCHEMA: &str = "microshop.order/1";

/// The order the storefront sends: `POST` with `Idempotency-Key: <order_id>`.
/// `microshop serve` refuses a key not listed here (422 `unknown_field`).
// The schema says so; serde still skips unknown keys (serve finds them itself,
// serve/accept.rs), so the storefront's code and bytes stay as they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
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
    /// Checkout field id to what the buyer typed, in the checkout's order.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, String>")
    )]
    pub customer: Pairs,
    /// The buyer's note to the seller.
    pub note: Option<String>,
    /// Who referred the buyer (the `ref` link parameter).
    pub referral: Option<String>,
}

/// One line of an order.
/// `microshop serve` refuses a key not listed here (422 `unknown_field`).
// The schema says so; serde still skips unknown keys (serve finds them itself,
// serve/accept.rs), so the storefront's code and bytes stay as they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct OrderLine {
    /// The product's id.
    pub product_id: String,
    /// The variant's sku.
    pub sku: String,
    /// The title in the buyer's locale.
    pub title: String,
    /// Option name to chosen value, in the buyer's locale and the manifest's order (`{"Size": "M"}`).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, String>")
    )]
    pub options: Pairs,
    /// Price of one item.
    pub unit_price: String,
    /// How many.
    pub quantity: u32,
    /// `unit_price * quantity`.
    pub line_total: String,
}

/// The shipping option and its cost for this order.
/// `microshop serve` refuses a key not listed here (422 `unknown_field`).
// The schema says so; serde still skips unknown keys (serve finds them itself,
// serve/accept.rs), so the storefront's code and bytes stay as they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
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
    /// The signed receipt (`receipt_check::ReceiptFile`) as JSON text, kept as the
    /// endpoint gave it so the buyer can save and check it (docs/trust.md). The
    /// endpoint's answer carries it as an object; the OpenAPI document describes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub receipt: Option<String>,
    /// `microshop serve`'s per-order secret (its 201 answer's `order_secret`): the
    /// receipt keeps it to read the order's status. Not part of the schema other
    /// endpoints answer with; serve's 201 adds it beside these fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub order_secret: Option<String>,
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
    /// `currency`, `shop`, `schema`, `order_id`, `field` (with `field`), `empty`,
    /// `created_at`, `locale`, `referral`; from `microshop serve`, `unknown_field`
    /// (a key the contract does not have, at its path: `x`, `lines[0].x`, `shipping.x`).
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
    /// For field problems, why: `missing`, `bad_email`, `bad_phone`, `too_long` or
    /// `control` (a control character but a tab) (the storefront shows its own
    /// translated message for each); `unknown` (a `customer` key that is not a
    /// checkout field of the shop), which the storefront shows as "please check this".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl OrderProblem {
    pub fn new(code: &str, path: impl Into<String>, message: impl Into<String>) -> OrderProblem {
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
