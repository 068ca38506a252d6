//! The one place an amount becomes text: exact decimal strings from core, formatted
//! by the browser's Intl for the buyer's locale.

use crate::web::intl::format_currency;
use microshop_core::{Currency, Money};

/// Formats `amount` for `locale`, e.g. `¥68.00` or `US$12.50`; `CNY 68.00` when the
/// browser cannot.
pub fn format_money(amount: Money, currency: Currency, locale: &str) -> String {
    let decimal = currency.format_plain(amount);
    format_currency(&decimal, currency.code(), currency.exponent(), locale)
        .unwrap_or_else(|| format!("{} {decimal}", currency.code()))
}
