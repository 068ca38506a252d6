//! `microshop check`: every problem in a manifest (and its separate catalog), with its path.

use crate::source::Source;
use crate::unsellable::{min_above_zero_max, unsendable_headers, zero_max_qty, CatalogAt};
use microshop_core::decode::spreadsheet::decode_csv_catalog;
use microshop_core::decode::Kind;
use microshop_core::manifest::{BodyFormat, Confirm};
use microshop_core::problem::{group, thousands};
use microshop_core::rules::{chat_webhook, is_local_host, url_host};
use microshop_core::{
    decode_catalog, decode_manifest, Catalog, CatalogSource, Decoded, Manifest, Problem, Rejected,
    Subject,
};
use serde_json::Value;
use std::process::ExitCode;

/// A manifest that passed, with its catalog loaded.
pub struct Shop {
    pub manifest: Manifest,
    pub catalog: Catalog,
    /// Things that did not stop the shop but are probably mistakes.
    pub warnings: Vec<Problem>,
}

fn rejected(errors: Vec<Problem>, warnings: Vec<Problem>) -> Rejected {
    Rejected { errors, warnings }
}

/// Loads a manifest and its catalog; returns every error and warning.
/// With `check_files`, relative image paths must point at files next to the manifest.
pub fn load(source: &Source, check_files: bool) -> Result<Shop, Rejected> {
    load_with_sheet(source, check_files).map(|(shop, _)| shop)
}

/// A catalog read from a spreadsheet: what the storefront reads in its place, and
/// where each product is, to name its row.
pub struct Sheet {
    /// The catalog as shop.json's `catalog` object.
    pub json: Value,
    /// The spreadsheet's name as the seller gave it.
    pub file: String,
    /// Each product's first row.
    pub rows: Vec<u32>,
}

/// Like [`load`], with the catalog's JSON when it was read from a spreadsheet
/// (the storefront reads JSON: `publish` writes this in the manifest's place).
pub fn load_with_sheet(
    source: &Source,
    check_files: bool,
) -> Result<(Shop, Option<Sheet>), Rejected> {
    let (manifest, warnings) = load_manifest(source)?;
    let (catalog, sheet, mut warnings) = load_catalog_with_sheet(source, &manifest, warnings)?;
    if check_files {
        warnings.extend(outside_files(source, &manifest, &catalog, sheet.as_ref()));
    }
    let file = catalog_file(source, &manifest);
    warnings.extend(ids_differing_in_case(
        &catalog,
        &catalog_at(&manifest, &file, sheet.as_ref()),
    ));
    let missing = if check_files {
        let mut missing = missing_files(source, &manifest, &catalog, sheet.as_ref());
        missing.extend(stylesheet_problems(source, &manifest));
        missing.extend(crate::pictures::problems(
            source,
            &manifest,
            &catalog,
            sheet.as_ref(),
        ));
        missing
    } else {
        Vec::new()
    };
    if !missing.is_empty() {
        return Err(rejected(missing, warnings));
    }
    Ok((
        Shop {
            manifest,
            catalog,
            warnings,
        },
        sheet,
    ))
}

/// Ids that differ only in case (`Tea`, `tea`) are distinct ids, but their pages
/// (`p/Tea/`, `p/tea/`) are one folder on a file system that ignores case (macOS,
/// Windows: where a seller may publish, or unzip the desk's site.zip), where one
/// page silently replaces the other. A warning for each later one, named where the
/// catalog is (the manifest, a catalog file, a spreadsheet's row).
fn ids_differing_in_case(catalog: &Catalog, at: &CatalogAt<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut check = |kind: &str, folder: &str, ids: Vec<&str>| {
        let mut first: std::collections::HashMap<String, usize> = Default::default();
        for (i, id) in ids.iter().enumerate() {
            match first.entry(id.to_ascii_lowercase()) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    let (j, other) = (*o.get(), ids[*o.get()]);
                    if other == *id {
                        continue; // the same id twice: the decoder refuses that
                    }
                    let (_, path) = at.id_of(catalog, kind, i);
                    let (other_at, _) = at.id_of(catalog, kind, j);
                    let mut problem = Problem::new(
                        path,
                        format!(
                            "\"{id}\" differs from \"{other}\" ({other_at}) only in case: \
                             on macOS and Windows their pages {folder}/{id}/ and {folder}/{other}/ are \
                             one folder, and one replaces the other; rename one"
                        ),
                    );
                    if kind == "products" {
                        problem.subject = Some(at.subject(i, id));
                    }
                    problems.push(problem);
                }
            }
        }
    };
    check(
        "products",
        "p",
        catalog.products.iter().map(|p| p.id.as_str()).collect(),
    );
    check(
        "categories",
        "c",
        catalog.categories.iter().map(|c| c.id.as_str()).collect(),
    );
    problems
}

/// The name a separate catalog is reported under (its file or URL as `source`
/// joins it); empty for a catalog inside the manifest.
fn catalog_file(source: &Source, manifest: &Manifest) -> String {
    match &manifest.catalog {
        CatalogSource::Inline(_) => String::new(),
        CatalogSource::Remote { url } => source.join(url).to_string(),
    }
}

/// Where the catalog's products are named from: the manifest, the catalog file
/// `file`, or the spreadsheet.
fn catalog_at<'a>(manifest: &Manifest, file: &'a str, sheet: Option<&'a Sheet>) -> CatalogAt<'a> {
    match (&manifest.catalog, sheet) {
        (CatalogSource::Inline(_), _) => CatalogAt::Manifest,
        (_, Some(sheet)) => CatalogAt::Sheet(sheet),
        (_, None) => CatalogAt::File(file),
    }
}

/// The rules `check` adds to core's decoding (crate::unsellable): a product
/// nobody can buy, an order header a browser cannot send.
fn unsellable(manifest: &Manifest, catalog: &Catalog, at: &CatalogAt<'_>) -> Vec<Problem> {
    let mut errors = unsendable_headers(&manifest.order);
    errors.extend(zero_max_qty(catalog, at));
    errors
}

/// The first half of [`load`]: the manifest alone, and its warnings.
pub fn load_manifest(source: &Source) -> Result<(Manifest, Vec<Problem>), Rejected> {
    manifest_from(&read_manifest(source)?)
}

/// The manifest's text, or why it cannot be read.
pub fn read_manifest(source: &Source) -> Result<String, Rejected> {
    source
        .read()
        .map_err(|e| rejected(vec![Problem::new("", e)], Vec::new()))
}

/// The manifest in `text`, and its warnings.
pub fn manifest_from(text: &str) -> Result<(Manifest, Vec<Problem>), Rejected> {
    let twice = crate::written_twice::keys_written_twice(text);
    let decoded = decode_manifest(text).map_err(|mut rejected| {
        rejected.errors = rejected
            .errors
            .into_iter()
            .map(min_above_zero_max)
            .collect();
        rejected.errors.extend(twice.clone());
        rejected
    })?;
    if !twice.is_empty() {
        return Err(rejected(twice, decoded.warnings));
    }
    let mut warnings = decoded.warnings;
    warnings.extend(unanswerable_endpoint(&decoded.value));
    Ok((decoded.value, warnings))
}

/// A warning when orders go where the buyer's browser cannot read the answer and
/// the manifest does not say so with `"confirm": "none"`: the storefront finds out
/// only when a first send fails (and a JSON order's preflight is wasted on each
/// order), then treats the order as `confirm: none` would (src/orders/endpoint.rs).
fn unanswerable_endpoint(manifest: &Manifest) -> Option<Problem> {
    let order = &manifest.order;
    if order.confirm == Confirm::None {
        return None;
    }
    let path = "order.endpoint";
    if let Some((host, service)) = chat_webhook(&order.endpoint) {
        return Some(Problem::new(path, format!(
            "{host} is a chat webhook ({service}); it cannot answer a browser, so the buyer's browser cannot read its answer. Without \"confirm\": \"none\" the storefront finds that out when a first send fails, then sends each order once without reading the answer, shown to the buyer as sent, not confirmed. Write \"confirm\": \"none\" in \"order\" to say so"
        )));
    }
    let host = url_host(&order.endpoint)?;
    // A JSON body needs a CORS preflight; a form post does not.
    if is_local_host(&host) || order.format != BodyFormat::Json {
        return None;
    }
    Some(Problem::new(path, format!(
        "{host} is another site and gets JSON; unless it answers with CORS headers (Access-Control-Allow-Origin), the buyer's browser cannot read its answer: the storefront then sends each order once without reading it, shown to the buyer as sent, not confirmed, and never resent. If it does not, write \"confirm\": \"none\" in \"order\" to say so"
    )))
}

/// The second half of [`load`]: the manifest's catalog (read from where `catalog.url`
/// points, relative to `source`), with `warnings` so far and its own added; and
/// the catalog's JSON when `catalog.url` is a spreadsheet (a CSV file or a
/// published sheet), which the storefront cannot read.
pub fn load_catalog_with_sheet(
    source: &Source,
    manifest: &Manifest,
    mut warnings: Vec<Problem>,
) -> Result<(Catalog, Option<Sheet>, Vec<Problem>), Rejected> {
    let url = match &manifest.catalog {
        CatalogSource::Inline(c) => {
            let errors = unsellable(manifest, c, &CatalogAt::Manifest);
            if !errors.is_empty() {
                return Err(rejected(errors, warnings));
            }
            return Ok((c.clone(), None, warnings));
        }
        CatalogSource::Remote { url } => url,
    };
    let catalog_source = source.join(url);
    let fetched = catalog_source
        .read_bytes()
        .map_err(|e| rejected(vec![Problem::new("catalog.url", e)], warnings.clone()))?;
    let file = catalog_source.to_string();
    let in_file = |p: Problem| {
        if p.path.is_empty() {
            Problem::new(file.clone(), p.message)
        } else {
            p.within(&format!("{file}: "))
        }
    };
    let decoded = if catalog_source.is_spreadsheet(&fetched) {
        decode_csv_catalog(&fetched.bytes, manifest.currency, manifest.default_locale()).map(|d| {
            Decoded {
                value: (
                    d.value.catalog,
                    Some(Sheet {
                        json: d.value.json,
                        file: file.clone(),
                        rows: d.value.rows,
                    }),
                ),
                warnings: d.warnings,
            }
        })
    } else {
        match microshop_core::decode::utf8(&fetched.bytes, Kind::Json) {
            Ok(text) => {
                let twice = crate::written_twice::keys_written_twice(text);
                match decode_catalog(text, manifest.currency) {
                    Ok(d) if twice.is_empty() => Ok(Decoded {
                        value: (d.value, None),
                        warnings: d.warnings,
                    }),
                    Ok(d) => Err(rejected(twice, d.warnings)),
                    Err(mut r) => {
                        r.errors.extend(twice);
                        Err(r)
                    }
                }
            }
            Err(p) => Err(rejected(vec![p], Vec::new())),
        }
    };
    match decoded {
        Ok(d) => {
            warnings.extend(d.warnings.into_iter().map(in_file));
            let (catalog, sheet) = d.value;
            let errors = unsellable(
                manifest,
                &catalog,
                &catalog_at(manifest, &file, sheet.as_ref()),
            );
            if !errors.is_empty() {
                return Err(rejected(errors, warnings));
            }
            Ok((catalog, sheet, warnings))
        }
        Err(r) => {
            warnings.extend(r.warnings.into_iter().map(in_file));
            let mut errors: Vec<Problem> = r
                .errors
                .into_iter()
                .map(|p| min_above_zero_max(in_file(p)))
                .collect();
            errors.extend(unsendable_headers(&manifest.order));
            Err(rejected(errors, warnings))
        }
    }
}

/// The manifest as the storefront reads it: `text` with its `catalog` replaced by
/// the spreadsheet's catalog as JSON. `None` when `text` is not a JSON object.
pub fn with_catalog_inline(text: &str, catalog: &Value) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut manifest: Value = serde_json::from_str(text).ok()?;
    manifest
        .as_object_mut()?
        .insert("catalog".to_owned(), catalog.clone());
    serde_json::to_string_pretty(&manifest).ok()
}

/// The seller's files a manifest and its catalog name: where each is named, the
/// reference as written, and for a spreadsheet's image its row (to name the product).
fn named_files<'a>(
    manifest: &'a Manifest,
    catalog: &'a Catalog,
    sheet: Option<&Sheet>,
) -> Vec<(String, &'a str, Option<Subject>)> {
    let mut refs: Vec<(String, &str, Option<Subject>)> = Vec::new();
    if let Some(a) = &manifest.seller.avatar {
        refs.push(("seller.avatar".into(), a, None));
    }
    if let Some(qr) = manifest.payment.as_ref().and_then(|p| p.qr.as_ref()) {
        refs.push(("payment.qr".into(), qr, None));
    }
    for (i, font) in manifest.theme.fonts.iter().enumerate() {
        refs.push((format!("theme.fonts[{i}].src"), &font.src, None));
    }
    if let Some(css) = &manifest.theme.stylesheet {
        refs.push(("theme.stylesheet".into(), css, None));
    }
    // A spreadsheet's images after the rest, by row.
    let mut rows: Vec<(String, &str, Option<Subject>)> = Vec::new();
    for (i, p) in catalog.products.iter().enumerate() {
        for (j, img) in p.images.iter().enumerate() {
            match sheet.and_then(|s| Some((&s.file, s.rows.get(i)?))) {
                Some((file, row)) => rows.push((
                    format!("{file}: row {row}, images"),
                    img,
                    Some(Subject {
                        at: format!("{file}: row {row}"),
                        name: p.id.clone(),
                    }),
                )),
                None => refs.push((format!("catalog.products[{i}].images[{j}]"), img, None)),
            }
        }
    }
    refs.extend(rows);
    let local = |r: &str| !r.contains(':') && !r.starts_with("//");
    refs.retain(|(_, r, _)| local(r));
    refs
}

/// Relative image paths of a local manifest that point at no file; a product of
/// a spreadsheet is named by its row.
pub fn missing_files(
    source: &Source,
    manifest: &Manifest,
    catalog: &Catalog,
    sheet: Option<&Sheet>,
) -> Vec<Problem> {
    let Source::File(_) = source else {
        return Vec::new();
    };
    let missing = |r: &str| match source.join(r) {
        Source::File(f) if !f.is_file() => {
            Some(format!("\"{r}\" points at no file ({})", f.display()))
        }
        _ => None,
    };
    named_files(manifest, catalog, sheet)
        .into_iter()
        .filter_map(|(path, r, subject)| {
            let mut problem = Problem::new(path, missing(r)?);
            problem.subject = subject;
            Some(problem)
        })
        .collect()
}

/// Warnings for the named files of a local manifest whose real path leaves its
/// folder (a symbolic link out of it): serve answers 404 for them and publish
/// refuses them ([`crate::publish::sources::seller_file_inside`], the same check),
/// so the seller hears of it before a buyer misses a picture. A warning: the shop
/// works without the file.
pub fn outside_files(
    source: &Source,
    manifest: &Manifest,
    catalog: &Catalog,
    sheet: Option<&Sheet>,
) -> Vec<Problem> {
    use crate::publish::sources::{seller_file_inside, seller_folder, SellerFileError};
    let Source::File(file) = source else {
        return Vec::new();
    };
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::Path::new("."));
    let Ok(folder) = seller_folder(dir) else {
        return Vec::new();
    };
    named_files(manifest, catalog, sheet)
        .into_iter()
        .filter_map(|(path, r, subject)| {
            let site = crate::source::site_path(r)?;
            match seller_file_inside(dir, &folder, &site) {
                Err(SellerFileError::Outside(why)) => {
                    let mut problem = Problem::new(
                        path,
                        format!("{why}; serve answers 404 for \"{r}\" until then"),
                    );
                    problem.subject = subject;
                    Some(problem)
                }
                // Missing or unreadable: missing_files says so.
                Ok(_) | Err(SellerFileError::Unreadable(_)) => None,
            }
        })
        .collect()
}

/// What a local manifest's `theme.stylesheet` would load from another host, each with
/// the file and line (`theme.stylesheet: theme.css:3: url("https://...") ...`). A
/// stylesheet that is not there is reported by [`missing_files`].
pub fn stylesheet_problems(source: &Source, manifest: &Manifest) -> Vec<Problem> {
    let (Source::File(_), Some(css)) = (source, &manifest.theme.stylesheet) else {
        return Vec::new();
    };
    let Source::File(file) = source.join(css) else {
        return Vec::new();
    };
    let Ok(bytes) = std::fs::read(&file) else {
        return Vec::new();
    };
    microshop_core::theme::stylesheet::remote_loads(&String::from_utf8_lossy(&bytes))
        .into_iter()
        .map(|found| {
            Problem::new(
                "theme.stylesheet",
                format!("{css}:{}: {}", found.line, found.message),
            )
        })
        .collect()
}

/// Runs `microshop check`: the manifest, then notify.json (`notify`, else beside
/// a local manifest, when there is one).
pub fn run(arg: &str, notify: Option<&std::path::Path>) -> ExitCode {
    let source = Source::parse(arg);
    let shop = check_shop(&source);
    let notify = match &source {
        Source::File(manifest) => microshop_cli::notify::locate(notify, manifest),
        Source::Url(_) => notify.map(std::path::Path::to_path_buf),
    };
    let announcing = notify.map_or(ExitCode::SUCCESS, |path| check_notify(&path));
    if shop == ExitCode::SUCCESS {
        announcing
    } else {
        shop
    }
}

/// Checks notify.json in this process's environment (a secret named by an
/// environment variable must be set where `serve` runs: here too).
fn check_notify(path: &std::path::Path) -> ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    let shown = path.display();
    match microshop_cli::notify::Config::read(path, &env) {
        Ok((config, warnings)) => {
            for w in group(&warnings) {
                eprintln!("  warning: {shown}: {w}");
            }
            let names: Vec<String> = config
                .destinations
                .iter()
                .map(|d| format!("{} ({})", d.name, d.kind.name()))
                .collect();
            println!(
                "ok: {shown}: {} destination{}: {}",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(Rejected { errors, warnings }) => {
            for w in group(&warnings) {
                eprintln!("  warning: {shown}: {w}");
            }
            eprintln!(
                "{shown}: {} problem{}:",
                thousands(errors.len()),
                if errors.len() == 1 { "" } else { "s" }
            );
            for e in group(&errors) {
                eprintln!("  error: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

fn check_shop(source: &Source) -> ExitCode {
    match load(source, true) {
        Ok(shop) => {
            print_warnings(&shop.warnings);
            let variants: usize = shop.catalog.products.iter().map(|p| p.variants.len()).sum();
            println!(
                "ok: {source}: shop \"{}\", {} products in {} categories, {} variants, {} shipping options",
                shop.manifest.id,
                shop.catalog.products.len(),
                shop.catalog.categories.len(),
                variants,
                shop.manifest.shipping.len()
            );
            ExitCode::SUCCESS
        }
        Err(Rejected { errors, warnings }) => {
            print_warnings(&warnings);
            eprintln!(
                "{source}: {} problem{}:",
                thousands(errors.len()),
                if errors.len() == 1 { "" } else { "s" }
            );
            for e in group(&errors) {
                eprintln!("  error: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Warnings, one repeated on many rows or products said once.
fn print_warnings(warnings: &[Problem]) {
    for w in group(warnings) {
        eprintln!("  warning: {w}");
    }
}

/// The manifest's JSON Schema, pretty-printed.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Manifest);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
