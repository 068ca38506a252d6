//! Core speaks in types (a delivery failure, a refused order's problem codes, why
//! an order could not be built); this is where they become words in the buyer's
//! language. Nothing English from core or an endpoint reaches the buyer.

use super::{Msg, Say, Words};
use crate::web::http::FetchError;
use microshop_core::cart::share::{SharedCartError, SharedNotice};
use microshop_core::delivery::answer::Failure;
use microshop_core::order::{BuildError, OrderProblem, TextLabels};

/// Why a delivery attempt failed; `gave_up_after` when automatic attempts ran out.
pub fn failure(w: &Words, failure: Failure, gave_up_after: Option<u32>) -> String {
    let reason = match failure {
        Failure::Network => w.t(Msg::FailNetwork).to_owned(),
        Failure::Timeout => w.t(Msg::FailTimeout).to_owned(),
        Failure::Busy { status } => w.fail_busy(&status.to_string()),
        Failure::NotConfirmation { status } => w.fail_not_confirmation(&status.to_string()),
        Failure::Refused { status } => w.fail_refused(&status.to_string()),
        Failure::Redirect => w.t(Msg::FailRedirect).to_owned(),
        Failure::Unknown => w.t(Msg::FailUnknown).to_owned(),
    };
    match gave_up_after {
        Some(n) => format!("{reason} {}", w.gave_up(n)),
        None => reason,
    }
}

/// Why the shop's own files could not be fetched.
pub fn fetch_error(w: &Words, error: FetchError) -> String {
    match error {
        FetchError::Network => w.t(Msg::FailNetwork).to_owned(),
        FetchError::Timeout => w.t(Msg::FailTimeout).to_owned(),
        FetchError::Status(n) => w.status_n(&n.to_string()),
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
pub fn problem(w: &Words, p: &OrderProblem, names: &ProblemNames<'_>) -> String {
    let item = || (names.item)(p.sku.as_deref().unwrap_or(""));
    match p.code.as_str() {
        "unknown_sku" | "out_of_stock" if !p.path.ends_with(".quantity") => w.line_removed(&item()),
        "price_changed" => {
            w.price_changed(&item(), &(names.price)(p.expected.as_deref().unwrap_or("")))
        }
        "quantity" | "out_of_stock" => w.problem_quantity(&item()),
        "field" => w.problem_field(&(names.field)(p.field.as_deref().unwrap_or(&p.path))),
        _ => w.t(Msg::ProblemOther).to_owned(),
    }
}

/// The summary of a refusal, by its error code.
pub fn rejection(w: &Words, error: &str) -> &'static str {
    match error {
        "prices_changed" => w.t(Msg::PricesChanged),
        "invalid_fields" => w.t(Msg::InvalidFields),
        _ => w.t(Msg::ProblemOther),
    }
}

/// Why an order could not be built from the cart.
pub fn build_error(w: &Words, error: &BuildError) -> &'static str {
    match error {
        BuildError::EmptyCart => w.t(Msg::CartEmpty),
        BuildError::Fields(_) => w.t(Msg::FixFields),
        BuildError::Shipping => w.t(Msg::ChooseShipping),
        BuildError::UnknownSku(_) => w.t(Msg::CartChanged),
        BuildError::Money(_) => w.t(Msg::TotalTooLarge),
    }
}

/// The labels of an order's text form, for the buyer to paste into a chat.
pub fn text_labels(w: &Words) -> TextLabels<'static> {
    TextLabels {
        order: w.t(Msg::TextOrder),
        subtotal: w.t(Msg::Subtotal),
        shipping: w.t(Msg::Shipping),
        total: w.t(Msg::Total),
        note: w.t(Msg::FieldNote),
        referral: w.t(Msg::Referral),
    }
}

// --- embed ---

/// What happened to one entry of a shared cart; `title` names an item by sku and product id.
pub fn shared_notice(
    w: &Words,
    notice: &SharedNotice,
    title: &dyn Fn(&str, &str) -> String,
) -> String {
    match notice {
        SharedNotice::Unknown { sku } => w.shared_unknown(sku),
        SharedNotice::SoldOut { sku, product_id } => w.shared_sold_out(&title(sku, product_id)),
        SharedNotice::Changed {
            sku,
            product_id,
            asked,
            now,
        } => w.shared_lowered(&title(sku, product_id), *now, &asked.to_string()),
    }
}

/// Why a shared-cart link could not be read (the buyer's cart is left as it was).
pub fn shared_cart_error(w: &Words, error: &SharedCartError) -> String {
    match error {
        SharedCartError::Empty => w.t(Msg::SharedEmpty).to_owned(),
        SharedCartError::UnknownVersion(_) => w.t(Msg::SharedNewer).to_owned(),
        SharedCartError::Damaged { entry } => {
            w.shared_damaged(u32::try_from(*entry).unwrap_or(u32::MAX))
        }
        SharedCartError::TooMany => w.t(Msg::SharedTooMany).to_owned(),
    }
}
