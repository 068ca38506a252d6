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
        "AUD" => "A$",
        "BRL" => "R$",
        "CAD" => "CA$",
        "CNY" => "CN¥",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "ILS" => "₪",
        "INR" => "₹",
        "JPY" => "¥",
        "KRW" => "₩",
        "MXN" => "MX$",
        "NZD" => "NZ$",
        "PHP" => "₱",
        "TWD" => "NT$",
        "USD" => "$",
        "VND" => "₫",
        "XAF" => "FCFA",
        "XOF" => "F\u{202F}CFA",
        "XPF" => "CFPF",
        _ => return None,
    })
}

fn symbol_en_gb(code: &str) -> Option<&'static str> {
    Some(match code {
        "AUD" => "A$",
        "BRL" => "R$",
        "CAD" => "CA$",
        "CNY" => "CN¥",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "ILS" => "₪",
        "INR" => "₹",
        "JPY" => "JP¥",
        "KRW" => "₩",
        "MXN" => "MX$",
        "NZD" => "NZ$",
        "PHP" => "₱",
        "TWD" => "NT$",
        "USD" => "US$",
        "VND" => "₫",
        "XAF" => "FCFA",
        "XOF" => "F\u{202F}CFA",
        "XPF" => "CFPF",
        _ => return None,
    })
}

fn symbol_zh_cn(code: &str) -> Option<&'static str> {
    Some(match code {
        "AUD" => "AU$",
        "BRL" => "R$",
        "CAD" => "CA$",
        "CNY" => "¥",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "ILS" => "₪",
        "INR" => "₹",
        "JPY" => "JP¥",
        "KRW" => "₩",
        "MXN" => "MX$",
        "NZD" => "NZ$",
        "TWD" => "NT$",
        "USD" => "US$",
        "VND" => "₫",
        "XAF" => "FCFA",
        "XOF" => "F\u{202F}CFA",
        "XPF" => "CFPF",
        _ => return None,
    })
}

fn symbol_ja(code: &str) -> Option<&'static str> {
    Some(match code {
        "AUD" => "A$",
        "BRL" => "R$",
        "CAD" => "CA$",
        "CNY" => "元",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "ILS" => "₪",
        "INR" => "₹",
        "JPY" => "￥",
        "KRW" => "₩",
        "MXN" => "MX$",
        "NZD" => "NZ$",
        "TWD" => "NT$",
        "USD" => "$",
        "VND" => "₫",
        "XAF" => "FCFA",
        "XOF" => "F\u{202F}CFA",
        "XPF" => "CFPF",
        _ => return None,
    })
}

fn symbol_de(code: &str) -> Option<&'static str> {
    Some(match code {
        "AUD" => "AU$",
        "BRL" => "R$",
        "CAD" => "CA$",
        "CNY" => "CN¥",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "ILS" => "₪",
        "INR" => "₹",
        "JPY" => "¥",
        "KRW" => "₩",
        "MXN" => "MX$",
        "NZD" => "NZ$",
        "THB" => "฿",
        "TWD" => "NT$",
        "USD" => "$",
        "VND" => "₫",
        "XAF" => "FCFA",
        "XOF" => "F\u{202F}CFA",
        "XPF" => "CFPF",
        _ => return None,
    })
}

fn symbol_fr(code: &str) -> Option<&'static str> {
    Some(match code {
        "ARS" => "$AR",
        "AUD" => "$AU",
        "BRL" => "R$",
        "CAD" => "$CA",
        "CLP" => "$CL",
        "COP" => "$CO",
        "EUR" => "€",
        "GBP" => "£GB",
        "ILS" => "₪",
        "INR" => "₹",
        "KRW" => "₩",
        "MXN" => "$MX",
        "NZD" => "$NZ",
        "SGD" => "$SG",
        "USD" => "$US",
        "VND" => "₫",
        "XAF" => "FCFA",
        "XOF" => "F\u{202F}CFA",
        "XPF" => "FCFP",
        _ => return None,
    })
}

/// The style for a locale tag, or `None` for a tag this table does not know.
///
/// Only the tags written here, each of which Intl (Node's, ICU) formats exactly as the
/// row's language for every currency core knows (the test `every_tag_writes_as_intl`
/// checks this against Node): a regional tag can write otherwise (en-CA's CAD is `$`,
/// en-AU writes most currencies as codes, en-IN groups by lakh, de-AT and de-CH put
/// the symbol first, de-CH groups with `'`, fr-CA groups with U+00A0, zh-SG's CNY is
/// `CN¥`), so any other tag gets the app's fallback, `CNY 68.00`: text that is not the
/// app's, but never another locale's.
fn style(locale: &str) -> Option<Style> {
    let prefix = |symbol| Style {
        group: ",",
        decimal: ".",
        symbol_after: false,
        symbol,
    };
    let suffix = |group, symbol| Style {
        group,
        decimal: ",",
        symbol_after: true,
        symbol,
    };
    Some(match locale.to_ascii_lowercase().as_str() {
        "en" | "en-us" => prefix(symbol_en_us),
        "en-gb" | "en-ie" | "en-001" => prefix(symbol_en_gb),
        "zh" | "zh-cn" | "zh-hans" | "zh-hans-cn" => prefix(symbol_zh_cn),
        "ja" | "ja-jp" => prefix(symbol_ja),
        "de" | "de-de" | "de-lu" | "de-be" => suffix(".", symbol_de),
        "fr" | "fr-fr" | "fr-be" => suffix("\u{202F}", symbol_fr),
        _ => return None,
    })
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
    // Intl writes a currency without a symbol in the locale as its code.
    let symbol = (style.symbol)(code).unwrap_or(code);
    if style.symbol_after {
        return format!("{sign}{number}\u{A0}{symbol}");
    }
    // Before the number, a symbol that ends in a letter (a code, `FCFA`, `元`) is
    // set apart by a no-break space (CLDR's currency spacing); `$`, `CN¥` are not.
    let space = if symbol.chars().last().is_some_and(char::is_alphabetic) {
        "\u{A0}"
    } else {
        ""
    };
    format!("{sign}{symbol}{space}{number}")
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
            // Currencies whose minor unit Intl's own default leaves out (CLDR gives them
            // 0 digits, ISO 4217 and core 2 or 3): the app passes core's digits to Intl
            // (`minimumFractionDigits` = `maximumFractionDigits` = the exponent), and
            // this writes every digit too, so both show what the order carries.
            ("en", "HUF", "1999.99", "HUF\u{A0}1,999.99"),
            ("de", "HUF", "1999.99", "1.999,99\u{A0}HUF"),
            ("fr", "HUF", "1999.99", "1\u{202F}999,99\u{A0}HUF"),
            ("zh-CN", "HUF", "1999.99", "HUF\u{A0}1,999.99"),
            ("en", "IDR", "15000.5", "IDR\u{A0}15,000.50"),
            ("en", "COP", "1999.99", "COP\u{A0}1,999.99"),
            ("en", "PKR", "0.5", "PKR\u{A0}0.50"),
            ("en", "IQD", "1.25", "IQD\u{A0}1.250"),
            ("ja", "IQD", "1.25", "IQD\u{A0}1.250"),
        ];
        for (locale, code, plain, expected) in table {
            assert_eq!(
                price(locale, code, plain),
                expected,
                "{locale} {code} {plain}"
            );
        }
    }

    /// Every tag of the table, for every currency core knows and a few amounts, against
    /// Node's Intl (with core's minor digits, as the app asks for them).
    #[test]
    fn every_tag_writes_as_intl() {
        let tags = [
            "en",
            "en-US",
            "en-GB",
            "en-IE",
            "en-001",
            "zh",
            "zh-CN",
            "zh-Hans",
            "zh-Hans-CN",
            "ja",
            "ja-JP",
            "de",
            "de-DE",
            "de-LU",
            "de-BE",
            "fr",
            "fr-FR",
            "fr-BE",
        ];
        // Core's table, read from its source (it has no list of its own to give).
        let source = include_str!("../../core/src/money.rs");
        let mut codes: Vec<&str> = source
            .split('"')
            .filter(|s| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()))
            .filter(|s| Currency::from_code(s).is_some())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        assert!(codes.len() > 50, "{codes:?}");
        let mut cases = Vec::new();
        for tag in tags {
            for code in &codes {
                let currency = Currency::from_code(code).expect("known");
                for minor in [0, 5, 123_450, 123_456_789] {
                    let amount = Money(minor);
                    let digits = currency.exponent();
                    cases.push((
                        tag,
                        *code,
                        digits,
                        currency.format_plain(amount),
                        format_price(amount, currency, tag),
                    ));
                }
            }
        }
        let script = "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n\
            const made = new Map();\n\
            const intl = (t, c, d) => made.get(`${t} ${c}`) ?? made.set(`${t} ${c}`, new Intl.NumberFormat(t, \
            { style: 'currency', currency: c, minimumFractionDigits: d, maximumFractionDigits: d })).get(`${t} ${c}`);\n\
            console.log(JSON.stringify(cases.map(([t, c, d, v]) => intl(t, c, d).format(v))));";
        let input = serde_json::to_string(
            &cases
                .iter()
                .map(|(t, c, d, v, _)| (t, c, d, v))
                .collect::<Vec<_>>(),
        )
        .expect("json");
        let mut child = std::process::Command::new("node")
            .args(["-e", script])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("node runs (the test suite needs Node, as scripts/setup.sh installs it)");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), input.as_bytes())
            .expect("writes");
        let out = child.wait_with_output().expect("node answers");
        let intl: Vec<String> = serde_json::from_slice(&out.stdout).expect("node's json");
        let wrong: Vec<String> = cases
            .iter()
            .zip(&intl)
            .filter(|((.., ours), theirs)| ours != *theirs)
            .map(|((t, c, _, v, ours), theirs)| format!("{t} {c} {v}: {ours:?}, Intl {theirs:?}"))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn a_tag_the_table_does_not_know_gets_the_apps_fallback() {
        // Regional tags Intl writes otherwise than their language (REVIEW7 section 14).
        for (tag, code, plain, fallback) in [
            ("en-CA", "CAD", "5", "CAD 5.00"),
            ("en-AU", "AUD", "5", "AUD 5.00"),
            ("en-IN", "INR", "123456", "INR 123456.00"),
            ("en-IN", "USD", "12.5", "USD 12.50"),
            ("de-AT", "EUR", "1234.5", "EUR 1234.50"),
            ("de-CH", "EUR", "1234.5", "EUR 1234.50"),
            ("fr-CA", "EUR", "1234.5", "EUR 1234.50"),
            ("zh-SG", "CNY", "68", "CNY 68.00"),
        ] {
            assert_eq!(price(tag, code, plain), fallback, "{tag}");
        }
    }

    #[test]
    fn an_unknown_locale_gets_the_apps_fallback() {
        assert_eq!(price("sw", "CNY", "68"), "CNY 68.00");
        assert_eq!(Money(0).0, 0);
    }
}
