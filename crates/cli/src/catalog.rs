//! `microshop catalog export`: a shop's catalog as a spreadsheet (CSV) the seller
//! opens in Excel, LibreOffice, Numbers or Google Sheets, and names in shop.json
//! as `"catalog": {"url": "products.csv"}` (docs/catalog-csv.md).

use crate::check;
use crate::source::Source;
use microshop_core::decode::spreadsheet::catalog_csv;
use microshop_core::problem::group;
use std::path::Path;

/// Writes the catalog of the manifest at `manifest` (inline or a JSON file) to `out`.
/// An existing `out` is kept unless `force`: it may be the seller's edited sheet.
pub fn export(manifest: &str, out: &Path, force: bool) -> Result<(), String> {
    if out.exists() && !force {
        return Err(format!(
            "{} exists; it may be a sheet you edited, so it is kept. Name another file, or add --force to replace it",
            out.display()
        ));
    }
    let source = Source::parse(manifest);
    let shop = check::load(&source, false).map_err(|rejected| {
        let mut message = format!(
            "{manifest} has {} problem(s); fix them first (microshop check lists them):",
            rejected.errors.len()
        );
        for e in group(&rejected.errors).iter().take(20) {
            message.push_str(&format!("\n  {e}"));
        }
        message
    })?;
    let (csv, warnings) = catalog_csv(
        &shop.catalog,
        shop.manifest.currency,
        shop.manifest.default_locale(),
    )
    .map_err(|problems| {
        let mut message = "the catalog cannot be written as a spreadsheet as it is:".to_owned();
        for p in group(&problems) {
            message.push_str(&format!("\n  {p}"));
        }
        message
    })?;
    for w in group(&warnings) {
        eprintln!("  warning: {w}");
    }
    std::fs::write(out, csv.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let variants: usize = shop.catalog.products.iter().map(|p| p.variants.len()).sum();
    let name = out.file_name().map_or_else(
        || out.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    println!(
        "wrote {} products ({variants} variants) into {}; to sell from it, put it next to shop.json and write \"catalog\": {{\"url\": \"{name}\"}}",
        shop.catalog.products.len(),
        out.display()
    );
    Ok(())
}
