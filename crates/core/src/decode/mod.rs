//! Reading a `shop.json` (and a separate catalog file) into the manifest types,
//! reporting every problem at once with its path.

mod amount;
mod catalog;
mod encoding;
mod endpoint;
mod reader;
mod shop;
#[cfg(feature = "csv")]
pub mod spreadsheet;
#[cfg(feature = "typing-slips")]
mod syntax;
mod texts;
mod theme;
mod variants;

use crate::manifest::Catalog;
use crate::money::Currency;
use crate::problem::{Decoded, Problem, Rejected};
pub use encoding::{not_replaced, utf8, Kind};
use reader::Reader;
use serde_json::Value;

/// The manifest versions this code reads.
pub const MANIFEST_VERSION: u64 = 1;

/// Limits that keep a shop fast on a phone and keep mistakes visible.
pub mod limits {
    /// Characters in a product title.
    pub const TITLE: usize = 200;
    /// Characters in a product description.
    pub const DESCRIPTION: usize = 5_000;
    /// Products in one catalog.
    pub const PRODUCTS: usize = 10_000;
    /// Variants of one product.
    pub const VARIANTS: usize = 100;
    /// Categories in one catalog.
    pub const CATEGORIES: usize = 64;
    /// Images of one product.
    pub const IMAGES: usize = 12;
    /// Characters in the seller's bio.
    pub const BIO: usize = 500;
    /// Characters in names and labels.
    pub const LABEL: usize = 100;
    /// Characters in a policy text.
    pub const POLICY: usize = 2_000;
}

/// Parses JSON text, reporting malformed JSON with its line and column and, for
/// the usual typing slips, what was typed and what to write instead.
pub fn parse_json(text: &str) -> Result<Value, Problem> {
    // Windows editors save a byte order mark; browsers drop it when they read the file.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        // The typing-slip diagnosis is for the seller's tools (`check`, `serve`); the
        // storefront shows buyers a closed shop anyway, and leaves its bytes out.
        #[cfg(feature = "typing-slips")]
        let why = syntax::explain(text, &e);
        // Line and column only: serde's own words cost about 0.5 KB of wasm, and the
        // seller reads the full diagnosis from `check` or `serve`.
        #[cfg(not(feature = "typing-slips"))]
        let why = format!("line {}, column {}", e.line(), e.column());
        Problem::new("", format!("not valid JSON: {why}"))
    })
}

/// Reads a manifest from JSON text.
pub fn decode_manifest(text: &str) -> Result<Decoded<crate::manifest::Manifest>, Rejected> {
    decode(text, shop::manifest)
}

/// Reads a catalog file (the target of `catalog.url`) for a shop in `currency`.
pub fn decode_catalog(text: &str, currency: Currency) -> Result<Decoded<Catalog>, Rejected> {
    decode(text, |r, value| {
        let mut obj = r.object(value, "")?;
        let c = catalog::catalog(r, &mut obj, currency);
        r.finish(obj);
        c
    })
}

/// Reads a catalog from its JSON value (a spreadsheet's, made by `spreadsheet`):
/// the catalog when it has no errors, the errors and the warnings.
#[cfg(feature = "csv")]
fn catalog_from_value(
    value: &Value,
    currency: Currency,
) -> (Option<Catalog>, Vec<Problem>, Vec<Problem>) {
    let mut r = Reader::default();
    let catalog = r.object(value, "").and_then(|mut obj| {
        let c = catalog::catalog(&mut r, &mut obj, currency);
        r.finish(obj);
        c
    });
    let catalog = catalog.filter(|_| r.errors.is_empty());
    (catalog, r.errors, r.warnings)
}

/// Parses `text` and reads it with `read`: the value when nothing was wrong, else
/// every error, with the warnings either way.
fn decode<T>(
    text: &str,
    read: impl FnOnce(&mut Reader, &Value) -> Option<T>,
) -> Result<Decoded<T>, Rejected> {
    let value = parse_json(text).map_err(|p| Rejected {
        errors: vec![p],
        warnings: Vec::new(),
    })?;
    let mut r = Reader::default();
    match read(&mut r, &value) {
        Some(value) if r.errors.is_empty() => Ok(Decoded {
            value,
            warnings: r.warnings,
        }),
        _ => Err(Rejected {
            errors: r.errors,
            warnings: r.warnings,
        }),
    }
}
