//! Reading money amounts, and saying in a seller's words why one cannot be read.

use super::reader::{describe, Obj, Reader};
use crate::money::{Currency, Money, MoneyError};
use crate::rules::amount_without_currency;
use serde_json::Value;

impl Reader {
    /// A money amount: a decimal string, or a JSON integer of whole units.
    pub fn money(&mut self, value: &Value, path: &str, currency: Currency) -> Option<Money> {
        let parsed = match value {
            Value::String(s) => currency.parse(s),
            Value::Number(n) => {
                match (n.as_u64(), n.as_i64()) {
                    (Some(whole), _) => currency.parse(&whole.to_string()),
                    (None, Some(_)) => Err(crate::money::MoneyError::Negative),
                    (None, None) => {
                        let text = n.to_string();
                        let example = currency
                            .parse(&text)
                            .map_or(text, |m| currency.format_plain(m));
                        self.error(
                        path,
                        format!("write the price in quotes, e.g. \"{example}\", so it is read exactly"),
                    );
                        return None;
                    }
                }
            }
            other => {
                self.error(
                    path,
                    format!(
                        "must be an amount in quotes, e.g. \"28.00\"; here it is {}",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        match parsed {
            Ok(m) => Some(m),
            Err(e) => {
                // Only a string or a number gets here. A number as the number's own
                // text (what `Value`'s `Display` writes for one), so the browser's
                // decoder carries no JSON writer (docs/performance.md).
                let shown = match value {
                    Value::String(s) => format!("\"{s}\""),
                    Value::Number(n) => n.to_string(),
                    _ => String::new(),
                };
                let text = value.as_str().unwrap_or_default();
                self.error(path, format!("{shown} {}", money_words(&e, text, currency)));
                None
            }
        }
    }

    pub fn opt_money(
        &mut self,
        obj: &mut Obj<'_>,
        key: &'static str,
        currency: Currency,
    ) -> Option<Money> {
        let (v, path) = obj.get(key)?;
        self.money(v, &path, currency)
    }
}

/// Why `text` is not an amount of `currency`, after the amount as written: what
/// is wrong and an example of what to write.
fn money_words(error: &MoneyError, text: &str, currency: Currency) -> String {
    let code = currency.code();
    // The digits before any point, for an example close to what was written.
    let whole = text.trim().split('.').next().unwrap_or("");
    let whole = if whole.is_empty() { "0" } else { whole };
    match error {
        MoneyError::Empty => "is empty; write an amount such as \"28.00\"".to_owned(),
        MoneyError::NotADecimal => match amount_without_currency(text) {
            Some(number) => {
                let example = currency
                    .parse(&number)
                    .map_or(number, |m| currency.format_plain(m));
                format!("is more than a number; write only the number, e.g. \"{example}\"")
            }
            None => "is not an amount; write only digits and a point, e.g. \"12.50\"".to_owned(),
        },
        MoneyError::TooManyDecimals { allowed: 0 } => format!(
            "has decimals, but {code} has no smaller unit; write a whole number, e.g. \"{whole}\""
        ),
        MoneyError::TooManyDecimals { allowed } => {
            let digits = usize::from(*allowed);
            let fraction: String = text
                .trim()
                .split_once('.')
                .map(|(_, f)| f.chars().take(digits).collect())
                .unwrap_or_default();
            format!(
                "has more than {allowed} decimals, more than {code} allows; write at most {allowed}, e.g. \"{whole}.{fraction}\""
            )
        }
        MoneyError::Negative => "is below zero; write 0 or more".to_owned(),
        MoneyError::Overflow => "is too large for an amount; write a smaller one".to_owned(),
    }
}
