//! The inbox: orders newest first, filtered by status and searched; one order
//! with everything the buyer sent, its history and announcements; the status
//! changes it allows; a CSV export of a date range; the problems buyers raised
//! (on the order's page) and the shop's reviews (a page of their own).

pub mod export;
pub mod list;
pub mod order;
pub mod problems;
pub mod reviews;
pub mod status;

use crate::i18n::{Msg, Words};

/// A status in the seller's words (an unknown one as the server names it).
pub fn status_word(w: &Words, status: &str) -> String {
    let msg = match status {
        "new" | "received" => Msg::StatusNew,
        "paid" => Msg::StatusPaid,
        "shipped" => Msg::StatusShipped,
        "completed" => Msg::StatusCompleted,
        "cancelled" => Msg::StatusCancelled,
        other => return other.to_owned(),
    };
    w.t(msg).to_owned()
}

/// The link to one order.
pub fn order_link(order_id: &str) -> String {
    format!(
        "{}/orders/{}",
        crate::api::APP,
        crate::api::encode(order_id)
    )
}
