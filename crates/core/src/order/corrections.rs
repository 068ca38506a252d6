//! What an endpoint's refusal means for the buyer's cart: the order layer reads
//! the problems of the contract, the cart only knows [`Correction`]s.

use super::OrderProblem;
use crate::cart::Correction;
use crate::money::Currency;

/// The cart corrections an endpoint asked for in its 409/422 problems: prices it
/// expects, quantity limits (`expected: "1-2"`), skus it no longer sells. Problems
/// without a sku, or that say nothing the cart can apply, give none.
pub fn corrections(problems: &[OrderProblem], currency: Currency) -> Vec<Correction> {
    problems
        .iter()
        .filter_map(|p| {
            let sku = p.sku.clone()?;
            let expected = p.expected.as_deref();
            let max_allowed = expected
                .and_then(|e| e.rsplit_once('-'))
                .and_then(|(_, max)| max.parse::<u32>().ok());
            match (p.code.as_str(), expected.map(|e| currency.parse(e))) {
                ("price_changed", Some(Ok(now))) => Some(Correction::Price { sku, now }),
                ("out_of_stock" | "quantity", _) if p.path.ends_with(".quantity") => {
                    match max_allowed {
                        Some(0) => Some(Correction::Gone { sku }),
                        Some(max) => Some(Correction::AtMost { sku, max }),
                        None => None,
                    }
                }
                ("out_of_stock" | "unknown_sku", _) => Some(Correction::Gone { sku }),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    fn problem(code: &str, path: &str, sku: &str, expected: Option<&str>) -> OrderProblem {
        OrderProblem {
            code: code.into(),
            path: path.into(),
            message: String::new(),
            sku: Some(sku.into()),
            field: None,
            expected: expected.map(Into::into),
            reason: None,
        }
    }

    #[test]
    fn reads_prices_limits_and_gone_skus() {
        let cny = Currency::from_code("CNY").expect("CNY");
        let found = corrections(
            &[
                problem("price_changed", "lines[0].unit_price", "G-1", Some("13.00")),
                problem("out_of_stock", "lines[0].quantity", "G-1", Some("1-2")),
                problem("unknown_sku", "lines[1].sku", "T-RS", None),
                problem(
                    "price_changed",
                    "lines[2].unit_price",
                    "X",
                    Some("not money"),
                ),
                problem("line_total", "lines[3].line_total", "Y", None),
            ],
            cny,
        );
        assert_eq!(
            found,
            vec![
                Correction::Price {
                    sku: "G-1".into(),
                    now: Money(1300)
                },
                Correction::AtMost {
                    sku: "G-1".into(),
                    max: 2
                },
                Correction::Gone { sku: "T-RS".into() },
            ]
        );
    }
}
