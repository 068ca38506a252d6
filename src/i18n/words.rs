//! Core speaks in types (a delivery failure, a refused order's problem codes, why
//! an order could not be built); this is where they become words in the buyer's
//! language. Nothing English from core or an endpoint reaches the buyer.

use super::{t, Msg};
use crate::web::http::FetchError;
use microshop_core::cart::share::{SharedCartError, SharedNotice};
use microshop_core::delivery::answer::Failure;
use microshop_core::order::{BuildError, OrderProblem, TextLabels};

fn with_n(locale: &str, msg: Msg, n: impl ToString) -> String {
    t(locale, msg).replace("{n}", &n.to_string())
}

/// Why a delivery attempt failed; `gave_up_after` when automatic attempts ran out.
pub fn failure(locale: &str, failure: Failure, gave_up_after: Option<u32>) -> String {
    let reason = match failure {
        Failure::Network => t(locale, Msg::FailNetwork).to_owned(),
        Failure::Timeout => t(locale, Msg::FailTimeout).to_owned(),
        Failure::Busy { status } => with_n(locale, Msg::FailBusy, status),
        Failure::NotConfirmation { status } => with_n(locale, Msg::FailNotConfirmation, status),
        Failure::Refused { status } => with_n(locale, Msg::FailRefused, status),
        Failure::Redirect => t(locale, Msg::FailRedirect).to_owned(),
        Failure::Unknown => t(locale, Msg::FailUnknown).to_owned(),
    };
    match gave_up_after {
        Some(n) => format!("{reason} {}", with_n(locale, Msg::GaveUp, n)),
        None => reason,
    }
}

/// Why the shop's own files could not be fetched.
pub fn fetch_error(locale: &str, error: FetchError) -> String {
    match error {
        FetchError::Network => t(locale, Msg::FailNetwork).to_owned(),
        FetchError::Timeout => t(locale, Msg::FailTimeout).to_owned(),
        FetchError::Status(n) => with_n(locale, Msg::StatusN, n),
    }
}

/// What the shop needs in words the buyer reads, for the names of items and fields.
pub struct ProblemNames<'a> {
    /// The item's title for a sku.
    pub item: &'a dyn Fn(&str) -> String,
    /// The field's label for a field id.
    pub field: &'a dyn Fn(&str) -> String,
    /// A decimal amount in the shop's currency, formatted.
    pub price: &'a dyn Fn(&str) -> String,
}

/// One problem of a refused order, by its code (the endpoint's English message is not shown).
pub fn problem(locale: &str, p: &OrderProblem, names: &ProblemNames<'_>) -> String {
    let item = || (names.item)(p.sku.as_deref().unwrap_or(""));
    match p.code.as_str() {
        "unknown_sku" | "out_of_stock" if !p.path.ends_with(".quantity") => {
            t(locale, Msg::LineRemoved).replace("{item}", &item())
        }
        "price_changed" => t(locale, Msg::PriceChanged)
            .replace("{item}", &item())
            .replace(
                "{price}",
                &(names.price)(p.expected.as_deref().unwrap_or("")),
            ),
        "quantity" | "out_of_stock" => t(locale, Msg::ProblemQuantity).replace("{item}", &item()),
        "field" => t(locale, Msg::ProblemField).replace(
            "{field}",
            &(names.field)(p.field.as_deref().unwrap_or(&p.path)),
        ),
        _ => t(locale, Msg::ProblemOther).to_owned(),
    }
}

/// The summary of a refusal, by its error code.
pub fn rejection(locale: &str, error: &str) -> &'static str {
    match error {
        "prices_changed" => t(locale, Msg::PricesChanged),
        "invalid_fields" => t(locale, Msg::InvalidFields),
        _ => t(locale, Msg::ProblemOther),
    }
}

/// Why an order could not be built from the cart.
pub fn build_error(locale: &str, error: &BuildError) -> &'static str {
    match error {
        BuildError::EmptyCart => t(locale, Msg::CartEmpty),
        BuildError::Fields(_) => t(locale, Msg::FixFields),
        BuildError::Shipping => t(locale, Msg::ChooseShipping),
        BuildError::UnknownSku(_) => t(locale, Msg::CartChanged),
        BuildError::Money(_) => t(locale, Msg::TotalTooLarge),
    }
}

/// The labels of an order's text form, for the buyer to paste into a chat.
pub fn text_labels(locale: &str) -> TextLabels<'static> {
    TextLabels {
        order: t(locale, Msg::TextOrder),
        subtotal: t(locale, Msg::Subtotal),
        shipping: t(locale, Msg::Shipping),
        total: t(locale, Msg::Total),
        note: t(locale, Msg::FieldNote),
        referral: t(locale, Msg::Referral),
    }
}

// --- embed ---

/// `msg` with its `{name}` placeholders filled in one pass (a value that itself holds
/// `{n}`, such as a product title, is never filled again).
fn fill(locale: &str, msg: Msg, values: &[(&str, &str)]) -> String {
    let mut rest = t(locale, msg);
    let mut out = String::with_capacity(rest.len() + 16);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        match values.iter().find(|(name, _)| *name == &after[..close]) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..(open + close + 2).min(rest.len())]),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// What happened to one entry of a shared cart; `title` names an item by sku and product id.
pub fn shared_notice(
    locale: &str,
    notice: &SharedNotice,
    title: &dyn Fn(&str, &str) -> String,
) -> String {
    match notice {
        SharedNotice::Unknown { sku } => fill(locale, Msg::SharedUnknown, &[("item", sku)]),
        SharedNotice::SoldOut { sku, product_id } => fill(
            locale,
            Msg::SharedSoldOut,
            &[("item", &title(sku, product_id))],
        ),
        SharedNotice::Changed {
            sku,
            product_id,
            asked,
            now,
        } => fill(
            locale,
            Msg::SharedLowered,
            &[
                ("item", &title(sku, product_id)),
                ("n", &now.to_string()),
                ("asked", &asked.to_string()),
            ],
        ),
    }
}

/// Why a shared-cart link could not be read (the buyer's cart is left as it was).
pub fn shared_cart_error(locale: &str, error: &SharedCartError) -> String {
    match error {
        SharedCartError::Empty => t(locale, Msg::SharedEmpty).to_owned(),
        SharedCartError::UnknownVersion(_) => t(locale, Msg::SharedNewer).to_owned(),
        SharedCartError::Damaged { entry } => with_n(locale, Msg::SharedDamaged, entry),
        SharedCartError::TooMany => t(locale, Msg::SharedTooMany).to_owned(),
    }
}
