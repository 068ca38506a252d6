//! Prices as the browser's `Intl.NumberFormat(locale, {style: "currency"})` writes
//! them, for the locales and currencies shops use most, so a prerendered price is
//! the text the app shows once it starts. Amounts come from core's exact decimal
//! strings (`Currency::format_plain`), never from floats.

use microshop_core::{Currency, Money};

/// How a locale writes a currency amount.
struct Style {
    group: &'static str,
    decimal: &'static str,
    /// The symbol goes after the number (`12,50 €`), separated by a no-break space.
    symbol_after: bool,
    /// The locale's symbol for a currency; `None` writes the ISO code.
    symbol: fn(&str) -> Option<&'static str>,
}

fn symbol_en_us(code: &str) -> Option<&'static str> {
    Some(match code {
        "USD" => "$",
        "CNY" => "CN¥",
        "JPY" => "¥",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "TWD" => "NT$",
        "CAD" => "CA$",
        "AUD" => "A$",
        "KRW" => "₩",
        "INR" => "₹",
        _ => return None,
    })
}

fn symbol_en_other(code: &str) -> Option<&'static str> {
    match code {
        "USD" => Some("US$"),
        _ => symbol_en_us(code),
    }
}

fn symbol_zh_cn(code: &str) -> Option<&'static str> {
    Some(match code {
        "CNY" => "¥",
        "USD" => "US$",
        "JPY" => "JP¥",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "TWD" => "NT$",
        _ => return None,
    })
}

fn symbol_ja(code: &str) -> Option<&'static str> {
    Some(match code {
        "JPY" => "￥",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => return None,
    })
}

fn symbol_eu(code: &str) -> Option<&'static str> {
    Some(match code {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "JPY" => "¥",
        "CNY" => "CN¥",
        _ => return None,
    })
}

/// The style for a locale tag, or `None` for a locale this table does not know.
fn style(locale: &str) -> Option<Style> {
    let lower = locale.to_ascii_lowercase();
    let language = lower.split(['-', '_']).next().unwrap_or("");
    let prefix = |symbol| Style {
        group: ",",
        decimal: ".",
        symbol_after: false,
        symbol,
    };
    match language {
        "en" if matches!(lower.as_str(), "en" | "en-us") => Some(prefix(symbol_en_us)),
        "en" => Some(prefix(symbol_en_other)),
        // Traditional Chinese (zh-TW, zh-Hant) writes TWD as `$`: not in this table.
        "zh" if matches!(
            lower.as_str(),
            "zh" | "zh-cn" | "zh-hans" | "zh-hans-cn" | "zh-sg"
        ) =>
        {
            Some(prefix(symbol_zh_cn))
        }
        "ja" => Some(prefix(symbol_ja)),
        "de" => Some(Style {
            group: ".",
            decimal: ",",
            symbol_after: true,
            symbol: symbol_eu,
        }),
        "fr" => Some(Style {
            group: "\u{202F}",
            decimal: ",",
            symbol_after: true,
            symbol: symbol_eu,
        }),
        _ => None,
    }
}

/// `¥68.00`, `CN¥1,298.00`, `1.234,50 €`. For a locale or currency outside the
/// table: `CNY 68.00`, the app's own fallback when the browser cannot format.
pub fn format_price(amount: Money, currency: Currency, locale: &str) -> String {
    let plain = currency.format_plain(amount);
    let code = currency.code();
    let Some(style) = style(locale) else {
        return format!("{code} {plain}");
    };
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut number = group_thousands(whole, style.group);
    if !fraction.is_empty() {
        number.push_str(style.decimal);
        number.push_str(fraction);
    }
    match ((style.symbol)(code), style.symbol_after) {
        (Some(symbol), false) => format!("{sign}{symbol}{number}"),
        (Some(symbol), true) => format!("{sign}{number}\u{A0}{symbol}"),
        // Intl writes an unknown currency's code with a no-break space.
        (None, false) => format!("{sign}{code}\u{A0}{number}"),
        (None, true) => format!("{sign}{number}\u{A0}{code}"),
    }
}

fn group_thousands(whole: &str, separator: &str) -> String {
    let mut out = String::with_capacity(whole.len() + 4);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_price;
    use microshop_core::{Currency, Money};

    fn price(locale: &str, code: &str, plain: &str) -> String {
        let currency = Currency::from_code(code).expect("known currency");
        let amount = currency.parse(plain).expect("amount");
        format_price(amount, currency, locale)
    }

    /// Each expected text is what Node's Intl (ICU) writes for the same arguments.
    #[test]
    fn writes_prices_as_intl_does() {
        let table = [
            ("zh-CN", "CNY", "68", "¥68.00"),
            ("zh-CN", "CNY", "1234.5", "¥1,234.50"),
            ("zh", "CNY", "68", "¥68.00"),
            ("en", "CNY", "68", "CN¥68.00"),
            ("en-US", "CNY", "1298", "CN¥1,298.00"),
            ("en", "JPY", "1800", "¥1,800"),
            ("en", "USD", "12.5", "$12.50"),
            ("en", "EUR", "12.5", "€12.50"),
            ("en", "GBP", "12.5", "£12.50"),
            ("en-GB", "USD", "12.5", "US$12.50"),
            ("en-GB", "GBP", "1234.5", "£1,234.50"),
            ("zh-CN", "USD", "12.5", "US$12.50"),
            ("zh-CN", "JPY", "1800", "JP¥1,800"),
            ("zh-CN", "EUR", "1234.5", "€1,234.50"),
            ("ja", "JPY", "1800", "￥1,800"),
            ("ja", "USD", "12.5", "$12.50"),
            ("de", "EUR", "1234.5", "1.234,50\u{A0}€"),
            ("de-DE", "USD", "12.5", "12,50\u{A0}$"),
            ("fr", "EUR", "1234.5", "1\u{202F}234,50\u{A0}€"),
            ("en", "KWD", "1.5", "KWD\u{A0}1.500"),
            ("en", "CNY", "1234567.89", "CN¥1,234,567.89"),
            ("en", "CNY", "0", "CN¥0.00"),
        ];
        for (locale, code, plain, expected) in table {
            assert_eq!(
                price(locale, code, plain),
                expected,
                "{locale} {code} {plain}"
            );
        }
    }

    #[test]
    fn an_unknown_locale_gets_the_apps_fallback() {
        assert_eq!(price("sw", "CNY", "68"), "CNY 68.00");
        assert_eq!(Money(0).0, 0);
    }
}
