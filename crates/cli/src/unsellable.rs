//! Shops that decode but could not sell, refused by `check` and by everything that
//! loads a shop through it (`publish`, `serve` at start and on each change, the
//! desk's save and its republish). These rules live here, not in core's decoder:
//! the storefront reads only what check let through, and the same rules in core
//! cost the storefront's first-load wasm bytes it does not have (REVIEW7 §6's
//! first fix, 8816a2e, put it 10 B over its line).
//!
//! - `max_qty: 0`: a product nobody can buy (its page says "At most 0 per order",
//!   the cart takes a line of 0);
//! - an order header's value with a character a browser cannot send: fetch throws
//!   on a code point above U+00FF, and U+0080..U+00FF go out as bytes each server
//!   reads its own way; either way every order fails to send.

use crate::check::Sheet;
use microshop_core::manifest::OrderEndpoint;
use microshop_core::{Catalog, Problem, Subject};

/// Where a catalog's products and categories are, to name them as the seller
/// finds them: in the manifest (`catalog.products[3]`), in a catalog file of its
/// own (`catalog.json: products[3]`) or on a spreadsheet's row (`products.csv:
/// row 4`).
pub enum CatalogAt<'a> {
    Manifest,
    File(&'a str),
    Sheet(&'a Sheet),
}

impl CatalogAt<'_> {
    /// Where product `i` is, within its document (`catalog.products[3]`,
    /// `products[3]`, `row 4`), and the prefix naming the document (`` or
    /// `catalog.json: `).
    fn product(&self, i: usize) -> (String, String) {
        match self {
            CatalogAt::Manifest => (format!("catalog.products[{i}]"), String::new()),
            CatalogAt::File(file) => (format!("products[{i}]"), format!("{file}: ")),
            CatalogAt::Sheet(sheet) => (
                sheet
                    .rows
                    .get(i)
                    .map_or_else(|| format!("products[{i}]"), |row| format!("row {row}")),
                format!("{}: ", sheet.file),
            ),
        }
    }

    /// A product's key: its path, and the subject naming the product by its id.
    pub fn product_key(&self, i: usize, id: &str, key: &str, column: &str) -> Problem {
        let (at, file) = self.product(i);
        let path = match self {
            CatalogAt::Sheet(_) => format!("{file}{at}, {column}"),
            _ => format!("{file}{at}.{key}"),
        };
        let mut problem = Problem::new(path, String::new());
        problem.subject = Some(Subject {
            at: format!("{file}{at}"),
            name: id.to_owned(),
        });
        problem
    }

    /// Where item `i` of `kind` (`products`, `categories`) is: its path within its
    /// document, for a message, and the path of its id, for the problem. A
    /// spreadsheet's category is named by the first product row that names it.
    pub fn id_of(&self, catalog: &Catalog, kind: &str, i: usize) -> (String, String) {
        match (self, kind) {
            (CatalogAt::Sheet(_), "products") => {
                let (at, file) = self.product(i);
                (at.clone(), format!("{file}{at}, id"))
            }
            (CatalogAt::Sheet(sheet), _) => {
                let id = catalog.categories.get(i).map(|c| c.id.as_str());
                let first = catalog
                    .products
                    .iter()
                    .position(|p| p.category.as_deref() == id);
                let at = first
                    .and_then(|p| sheet.rows.get(p))
                    .map_or_else(|| format!("categories[{i}]"), |row| format!("row {row}"));
                (at.clone(), format!("{}: {at}, category", sheet.file))
            }
            (CatalogAt::Manifest, _) => {
                let at = format!("catalog.{kind}[{i}]");
                (at.clone(), format!("{at}.id"))
            }
            (CatalogAt::File(file), _) => {
                let at = format!("{kind}[{i}]");
                (at.clone(), format!("{file}: {at}.id"))
            }
        }
    }

    /// The product's subject (its path with the document's prefix, and its id).
    pub fn subject(&self, i: usize, id: &str) -> Subject {
        let (at, file) = self.product(i);
        Subject {
            at: format!("{file}{at}"),
            name: id.to_owned(),
        }
    }
}

/// What a `max_qty` of 0 is told.
const ZERO_MAX: &str = "is 0, so nobody could buy this product; write at least 1, or leave it out for the default, 99 per order";

/// Products with `max_qty: 0`.
pub fn zero_max_qty(catalog: &Catalog, at: &CatalogAt<'_>) -> Vec<Problem> {
    catalog
        .products
        .iter()
        .enumerate()
        .filter(|(_, p)| p.max_qty == Some(0))
        .map(|(i, p)| {
            let mut problem = at.product_key(i, &p.id, "max_qty", "max qty");
            problem.message = ZERO_MAX.to_owned();
            problem
        })
        .collect()
}

/// Core's "min_qty: is N, more than max_qty (0)" said as the max_qty's problem
/// (the one the seller should change), at the same place; others unchanged.
pub fn min_above_zero_max(problem: Problem) -> Problem {
    if !problem.message.ends_with("more than max_qty (0)") {
        return problem;
    }
    let Some(before) = problem
        .path
        .strip_suffix("min_qty")
        .or_else(|| problem.path.strip_suffix("min qty"))
    else {
        return problem;
    };
    let column = if problem.path.ends_with("min qty") {
        "max qty"
    } else {
        "max_qty"
    };
    Problem {
        path: format!("{before}{column}"),
        message: ZERO_MAX.to_owned(),
        subject: problem.subject,
    }
}

/// Order headers whose value holds a character a browser cannot send. A control
/// character is core's error already (a tab is allowed): this is every other
/// character outside visible ASCII and the space.
pub fn unsendable_headers(order: &OrderEndpoint) -> Vec<Problem> {
    order
        .headers
        .iter()
        .filter_map(|(name, value)| {
            let (at, c) = value
                .chars()
                .enumerate()
                .find(|(_, c)| !c.is_ascii() && !c.is_control())?;
            Some(Problem::new(
                format!("order.headers.{name}"),
                format!(
                    "contains {} (character {}), which a browser cannot send in a header: \
                     every order would fail to send; use only ASCII letters, digits, punctuation and spaces",
                    shown(c),
                    at + 1
                ),
            ))
        })
        .collect()
}

/// A character as a problem quotes it: as itself in quotes, or escaped when it
/// cannot be seen (a space other than the ASCII one, a zero-width character).
fn shown(c: char) -> String {
    let invisible = c.is_whitespace()
        || matches!(
            c,
            '\u{ad}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{feff}'
        );
    if invisible {
        format!("\"\\u{{{:x}}}\"", u32::from(c))
    } else {
        format!("\"{c}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_min_above_a_zero_max_is_said_as_the_max() {
        let p = Problem::new("x.json: products[1].min_qty", "is 2, more than max_qty (0)");
        assert_eq!(min_above_zero_max(p).path, "x.json: products[1].max_qty");
        let p = Problem::new("a.csv: row 3, min qty", "is 2, more than max_qty (0)");
        assert_eq!(min_above_zero_max(p).path, "a.csv: row 3, max qty");
        let p = Problem::new("catalog.products[1].min_qty", "is 4, more than max_qty (2)");
        assert_eq!(min_above_zero_max(p.clone()), p);
    }

    #[test]
    fn characters_are_quoted_as_seen() {
        assert_eq!(shown('€'), "\"€\"");
        assert_eq!(shown('\u{a0}'), "\"\\u{a0}\"");
        assert_eq!(shown('\u{200b}'), "\"\\u{200b}\"");
    }
}
