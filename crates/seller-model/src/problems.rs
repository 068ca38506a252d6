//! The problems `microshop check` would report, found by core's decoder on the
//! draft, and where each one belongs: beside the field with its path, on the
//! studio's page for that part of the shop.

use crate::path::within;
use microshop_core::{decode_manifest, Problem};
use serde_json::Value;

/// Every error and warning core's decoder finds in `draft`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// What stops the shop (a save is refused while there is one).
    pub errors: Vec<Problem>,
    /// What is probably a mistake (an unknown key).
    pub warnings: Vec<Problem>,
}

impl Checked {
    /// The problems at `path` or inside it, errors first.
    pub fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.errors
            .iter()
            .chain(&self.warnings)
            .filter(move |p| within(&p.path, path))
    }

    /// The errors on a page of the studio.
    pub fn errors_in(&self, page: Page) -> impl Iterator<Item = &Problem> + '_ {
        self.errors.iter().filter(move |p| page_of(&p.path) == page)
    }
}

/// Runs core's decoder (the one `microshop check` runs) on the draft.
pub fn check(draft: &Value) -> Checked {
    match serde_json::to_string(draft).map(|text| decode_manifest(&text)) {
        Ok(Ok(decoded)) => Checked {
            errors: Vec::new(),
            warnings: decoded.warnings,
        },
        Ok(Err(rejected)) => Checked {
            errors: rejected.errors,
            warnings: rejected.warnings,
        },
        Err(e) => Checked {
            errors: vec![Problem::new("", e.to_string())],
            warnings: Vec::new(),
        },
    }
}

/// A page of the studio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// The shop's name, languages, the seller and policies.
    Profile,
    /// Categories and the list of products.
    Products,
    /// One product (its index in `catalog.products`).
    Product(usize),
    /// Shipping options, checkout fields, payment.
    Selling,
    /// The theme.
    Look,
    /// Anything else (the order endpoint, own words): shown on the studio's first page.
    Other,
}

/// The studio page where a problem at `path` is fixed.
pub fn page_of(path: &str) -> Page {
    let head = path.split(['.', '[']).next().unwrap_or("");
    match head {
        "seller" | "id" | "currency" | "locales" | "version" => Page::Profile,
        "shipping" | "checkout" | "payment" => Page::Selling,
        "theme" => Page::Look,
        "catalog" => match path.strip_prefix("catalog.products[") {
            Some(rest) => rest
                .split(']')
                .next()
                .and_then(|n| n.parse().ok())
                .map_or(Page::Products, Page::Product),
            None => Page::Products,
        },
        _ => Page::Other,
    }
}

/// An element id for the field at `path` (`f-catalog-products-3-price`), so a
/// problem in a list can link to its field.
pub fn field_id(path: &str) -> String {
    let mut out = String::from("f-");
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::starter::starter;
    use serde_json::json;

    #[test]
    fn the_decoders_problems_with_their_paths() {
        let mut doc = starter("lantern", "CNY", "zh-CN", "灯笼茶铺");
        assert_eq!(check(&doc).errors, [], "the starter shop is valid");
        crate::path::set(
            &mut doc,
            "catalog.products[0]",
            json!({"id": "tea", "title": "Tea", "price": "12元"}),
        );
        let checked = check(&doc);
        let at: Vec<&str> = checked
            .at("catalog.products[0].price")
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(at.len(), 1, "{checked:?}");
        assert!(at[0].contains("12元"), "{at:?}");
        assert_eq!(checked.errors_in(Page::Product(0)).count(), 1);
        assert_eq!(checked.errors_in(Page::Profile).count(), 0);
    }

    #[test]
    fn a_draft_that_is_not_a_shop_is_one_problem_at_the_top() {
        let checked = check(&json!([1, 2]));
        assert!(!checked.errors.is_empty());
        assert_eq!(page_of(&checked.errors[0].path), Page::Other);
    }

    #[test]
    fn pages_by_path() {
        assert_eq!(page_of("seller.name.en"), Page::Profile);
        assert_eq!(page_of("locales[1]"), Page::Profile);
        assert_eq!(
            page_of("catalog.products[12].variants[0].sku"),
            Page::Product(12)
        );
        assert_eq!(page_of("catalog.categories[0].id"), Page::Products);
        assert_eq!(page_of("catalog"), Page::Products);
        assert_eq!(page_of("shipping[1].price"), Page::Selling);
        assert_eq!(page_of("checkout.fields[0].kind"), Page::Selling);
        assert_eq!(page_of("theme.tokens.color-accent"), Page::Look);
        assert_eq!(page_of("order.endpoint"), Page::Other);
        assert_eq!(page_of(""), Page::Other);
    }

    #[test]
    fn field_ids() {
        assert_eq!(
            field_id("catalog.products[3].price"),
            "f-catalog-products-3-price"
        );
        assert_eq!(field_id("seller.name.zh-CN"), "f-seller-name-zh-cn");
    }
}
