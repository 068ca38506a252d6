//! Money as integer minor units of an ISO 4217 currency. No floating point anywhere.

use std::fmt;

/// An ISO 4217 currency with the number of digits after the decimal point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    code: &'static str,
    exponent: u8,
}

/// Currencies whose minor unit is not 1/100 (ISO 4217 table, as of 2024).
const EXPONENT_0: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
const EXPONENT_3: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
const EXPONENT_4: &[&str] = &["CLF", "UYW"];
/// Currencies with two-digit minor units that shops are likely to use.
const EXPONENT_2: &[&str] = &[
    "AED", "ARS", "AUD", "BDT", "BGN", "BRL", "CAD", "CHF", "CNY", "COP", "CZK", "DKK", "EGP",
    "EUR", "GBP", "GHS", "HKD", "HUF", "IDR", "ILS", "INR", "KES", "KZT", "LKR", "MAD", "MXN",
    "MYR", "NGN", "NOK", "NPR", "NZD", "PEN", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB",
    "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "UZS", "ZAR",
];

impl Currency {
    /// Looks up an upper-case ISO 4217 code; `None` for codes this table does not know.
    pub fn from_code(code: &str) -> Option<Currency> {
        for (table, exponent) in [
            (EXPONENT_2, 2),
            (EXPONENT_0, 0),
            (EXPONENT_3, 3),
            (EXPONENT_4, 4),
        ] {
            if let Some(found) = table.iter().find(|c| **c == code) {
                return Some(Currency {
                    code: found,
                    exponent,
                });
            }
        }
        None
    }

    /// The ISO 4217 code, e.g. `CNY`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Digits after the decimal point: JPY 0, CNY 2, KWD 3.
    pub fn exponent(&self) -> u8 {
        self.exponent
    }

    /// Parses a decimal string such as `"12.5"` into minor units, exactly.
    pub fn parse(&self, text: &str) -> Result<Money, MoneyError> {
        parse_minor(text, self.exponent).map(Money)
    }

    /// Writes an amount as a plain decimal with all minor digits (`1250` CNY -> `12.50`).
    pub fn format_plain(&self, amount: Money) -> String {
        let minor = amount.0;
        let sign = if minor < 0 { "-" } else { "" };
        let abs = minor.unsigned_abs();
        if self.exponent == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10u64.pow(u32::from(self.exponent));
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = usize::from(self.exponent)
        )
    }
}

/// An amount in minor units (fen, cents, yen). Arithmetic is checked: overflow is an error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

/// Why an amount could not be read or computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    NotADecimal,
    TooManyDecimals { allowed: u8 },
    Negative,
    Overflow,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Empty => write!(f, "is empty; write an amount such as \"12.50\""),
            MoneyError::NotADecimal => {
                write!(f, "is not a decimal amount; write digits with an optional point, such as \"12.50\"")
            }
            MoneyError::TooManyDecimals { allowed: 0 } => {
                write!(
                    f,
                    "has decimals, but this currency has no minor unit; write a whole number"
                )
            }
            MoneyError::TooManyDecimals { allowed } => {
                write!(
                    f,
                    "has more than {allowed} decimals, more than this currency allows"
                )
            }
            MoneyError::Negative => write!(f, "must not be negative"),
            MoneyError::Overflow => write!(f, "is too large"),
        }
    }
}

impl std::error::Error for MoneyError {}

fn parse_minor(text: &str, exponent: u8) -> Result<i64, MoneyError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(MoneyError::Empty);
    }
    if let Some(rest) = text.strip_prefix('-') {
        if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return Err(MoneyError::Negative);
        }
        return Err(MoneyError::NotADecimal);
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits_only(whole) || !digits_only(fraction) || (text.ends_with('.')) {
        return Err(MoneyError::NotADecimal);
    }
    // Trailing zeros beyond the exponent are harmless ("12.500" CNY is 12.50).
    let significant = fraction.trim_end_matches('0');
    if significant.len() > usize::from(exponent) {
        return Err(MoneyError::TooManyDecimals { allowed: exponent });
    }
    let mut minor: i64 = 0;
    for b in whole.bytes() {
        minor = minor
            .checked_mul(10)
            .and_then(|m| m.checked_add(i64::from(b - b'0')))
            .ok_or(MoneyError::Overflow)?;
    }
    let fraction_digits = significant.as_bytes();
    for i in 0..usize::from(exponent) {
        let digit = fraction_digits.get(i).map_or(0, |b| i64::from(b - b'0'));
        minor = minor
            .checked_mul(10)
            .and_then(|m| m.checked_add(digit))
            .ok_or(MoneyError::Overflow)?;
    }
    Ok(minor)
}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// `self + other`, or `Overflow`.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_add(other.0)
            .map(Money)
            .ok_or(MoneyError::Overflow)
    }

    /// `self - other`, or `Overflow`.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_sub(other.0)
            .map(Money)
            .ok_or(MoneyError::Overflow)
    }

    /// `self * quantity`, or `Overflow`.
    pub fn checked_mul(self, quantity: u32) -> Result<Money, MoneyError> {
        self.0
            .checked_mul(i64::from(quantity))
            .map(Money)
            .ok_or(MoneyError::Overflow)
    }

    /// Sums amounts, or `Overflow`.
    pub fn sum<I: IntoIterator<Item = Money>>(amounts: I) -> Result<Money, MoneyError> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, Money::checked_add)
    }

    /// The amount in minor units.
    pub fn minor(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).expect("known currency")
    }

    #[test]
    fn exponents_follow_iso_4217() {
        assert_eq!(cur("JPY").exponent(), 0);
        assert_eq!(cur("CNY").exponent(), 2);
        assert_eq!(cur("USD").exponent(), 2);
        assert_eq!(cur("KWD").exponent(), 3);
        assert_eq!(Currency::from_code("XYZ"), None);
        assert_eq!(Currency::from_code("cny"), None);
    }

    #[test]
    fn parses_decimals_exactly() {
        let cny = cur("CNY");
        assert_eq!(cny.parse("12.5"), Ok(Money(1250)));
        assert_eq!(cny.parse("12.50"), Ok(Money(1250)));
        assert_eq!(cny.parse("12"), Ok(Money(1200)));
        assert_eq!(cny.parse("0.01"), Ok(Money(1)));
        assert_eq!(cny.parse("0.10"), Ok(Money(10)));
        assert_eq!(cny.parse("12.500"), Ok(Money(1250)));
        assert_eq!(cur("JPY").parse("1200"), Ok(Money(1200)));
        assert_eq!(cur("KWD").parse("1.234"), Ok(Money(1234)));
        assert_eq!(cur("KWD").parse("1.2"), Ok(Money(1200)));
    }

    #[test]
    fn refuses_bad_amounts() {
        let cny = cur("CNY");
        assert_eq!(
            cny.parse("12.345"),
            Err(MoneyError::TooManyDecimals { allowed: 2 })
        );
        assert_eq!(
            cur("JPY").parse("12.5"),
            Err(MoneyError::TooManyDecimals { allowed: 0 })
        );
        assert_eq!(cny.parse("-1"), Err(MoneyError::Negative));
        assert_eq!(cny.parse(""), Err(MoneyError::Empty));
        for bad in [
            "abc", "1,00", "1.", ".5", "1e3", "+1", "1.2.3", "- 1", "１２",
        ] {
            assert_eq!(cny.parse(bad), Err(MoneyError::NotADecimal), "{bad}");
        }
        assert_eq!(cny.parse("92233720368547758.08"), Err(MoneyError::Overflow));
        assert_eq!(cny.parse("92233720368547758.07"), Ok(Money(i64::MAX)));
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(Money(150).checked_mul(3), Ok(Money(450)));
        assert_eq!(
            Money(i64::MAX).checked_add(Money(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money(i64::MAX / 2 + 1).checked_mul(2),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money(i64::MIN).checked_sub(Money(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(Money::sum([Money(1), Money(2)]), Ok(Money(3)));
        assert_eq!(
            Money::sum([Money(i64::MAX), Money(1)]),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn formats_plain_decimals() {
        assert_eq!(cur("CNY").format_plain(Money(1250)), "12.50");
        assert_eq!(cur("CNY").format_plain(Money(5)), "0.05");
        assert_eq!(cur("JPY").format_plain(Money(1200)), "1200");
        assert_eq!(cur("KWD").format_plain(Money(1234)), "1.234");
        assert_eq!(cur("CNY").format_plain(Money(-1250)), "-12.50");
    }
}
