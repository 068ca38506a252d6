//! Spreadsheet catalogs: a CSV file with one row per variant (docs/catalog-csv.md),
//! read into the same catalog a shop.json holds and checked by the same rules,
//! every problem said by its row (as the spreadsheet numbers it, header = row 1)
//! and column. Behind the `csv` feature: the seller's tools read it and hand the
//! storefront JSON, so the buyer's wasm carries no CSV reader.

mod categories;
mod cells;
mod columns;
mod export;
mod options;
mod products;
mod rows;

pub use export::catalog_csv;

use super::encoding::{utf8, Kind};
use crate::manifest::Catalog;
use crate::money::Currency;
use crate::problem::{Decoded, Problem, Rejected, Subject};
use cells::{Built, Place};
use serde_json::Value;

/// A catalog read from a spreadsheet.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetCatalog {
    /// The catalog.
    pub catalog: Catalog,
    /// The same catalog as shop.json's `catalog` object, for the storefront.
    pub json: Value,
    /// Each product's first row (header = 1), to say where a product is.
    pub rows: Vec<u32>,
}

/// Reads a CSV catalog for a shop in `currency` whose first language is
/// `default_locale` (a plain `title` next to `title:en` is that language's).
pub fn decode_csv_catalog(
    bytes: &[u8],
    currency: Currency,
    default_locale: &str,
) -> Result<Decoded<SheetCatalog>, Rejected> {
    let only = |errors: Vec<Problem>| Rejected {
        errors,
        warnings: Vec::new(),
    };
    let text = utf8(bytes, Kind::Spreadsheet).map_err(|p| only(vec![p]))?;
    let (sheet, row_errors) = rows::read(text).map_err(only)?;
    let (columns, header_errors, mut warnings) = columns::header(&sheet.header);
    let built = products::build(&sheet, &columns, default_locale);
    let (catalog, reader_errors, reader_warnings) =
        super::catalog_from_value(&built.catalog, currency);
    let mut errors: Vec<(Option<u32>, Problem)> = header_errors
        .into_iter()
        .map(|p| (Some(1), p))
        .chain(row_errors.into_iter().map(|p| (row_of(&p.path), p)))
        .chain(built.errors.iter().map(|p| (row_of(&p.path), p.clone())))
        .collect();
    for problem in reader_errors {
        let (problem, place) = locate(problem, &built);
        if !built.reported.contains(&place) {
            errors.push((place.row, problem));
        }
    }
    warnings.extend(reader_warnings.into_iter().map(|p| locate(p, &built).0));
    // Top to bottom, as the seller reads the sheet; problems of one row in the
    // order they were found.
    errors.sort_by_key(|(row, _)| row.unwrap_or(0));
    let errors: Vec<Problem> = errors.into_iter().map(|(_, p)| p).collect();
    match catalog {
        Some(catalog) if errors.is_empty() => Ok(Decoded {
            value: SheetCatalog {
                catalog,
                json: built.catalog,
                rows: built.first_rows,
            },
            warnings,
        }),
        _ => Err(Rejected { errors, warnings }),
    }
}

/// The row a `row 12, price` path names.
fn row_of(path: &str) -> Option<u32> {
    let rest = path.strip_prefix("row ")?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// A problem the catalog's checks found at a JSON path, said at the row and
/// column its value came from, with the product named.
fn locate(problem: Problem, built: &Built) -> (Problem, Place) {
    let mut key = problem.path.as_str();
    let place = loop {
        if let Some(place) = built.places.get(key) {
            break place.clone();
        }
        match key.rfind(['.', '[']) {
            Some(i) => key = &key[..i],
            None => break Place::default(),
        }
    };
    let mut located = Problem::new(place.path(), problem.message);
    if let (Some(subject), Some(row)) = (problem.subject, place.row) {
        located.subject = Some(Subject {
            at: format!("row {row}"),
            name: subject.name,
        });
    }
    (located, place)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
