//! What publish reads besides the manifest's text: the catalog as the seller wrote it
//! (to publish it in parts), the seller's files to copy, and the shop's icons.

use super::image;
use super::{offline, site::Icons, touch_icon, GENERATED, GENERATED_FOLDERS};
use crate::check;
use crate::source::{site_path, Source};
use microshop_core::manifest::NamedFile;
use microshop_core::CatalogSource;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The catalog's JSON as the seller wrote it (inline, a local catalog file, or a
/// spreadsheet's), for publishing it in parts; `None` for a catalog at an http(s)
/// URL, which the storefront keeps reading from there. An inline catalog is taken
/// out of `manifest` (the storefront's manifest, parsed).
pub fn catalog_parts(
    source: &Source,
    shop: &check::Shop,
    from_sheet: bool,
    manifest: &mut Value,
) -> Result<Option<Value>, String> {
    let mut inline = || Ok(manifest.get_mut("catalog").map(Value::take));
    match &shop.manifest.catalog {
        CatalogSource::Inline(_) => inline(),
        CatalogSource::Remote { .. } if from_sheet => inline(),
        CatalogSource::Remote { url }
            if url.starts_with("http://") || url.starts_with("https://") =>
        {
            Ok(None)
        }
        CatalogSource::Remote { url } => {
            let fetched = source.join(url).read_bytes()?;
            let text =
                microshop_core::decode::utf8(&fetched.bytes, microshop_core::decode::Kind::Json)
                    .map_err(|p| format!("{url}: {p}"))?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            serde_json::from_str(text)
                .map(Some)
                .map_err(|e| format!("{url}: {e}"))
        }
    }
}

/// The site paths of the seller's files: the separate catalog (if local and not a
/// spreadsheet, which goes inside shop.json), the avatar, the payment QR, every
/// product image. Refuses one that a generated file would overwrite.
pub fn seller_files(shop: &check::Shop, from_sheet: bool) -> Result<BTreeSet<String>, String> {
    // A spreadsheet catalog is not copied: it reaches buyers inside shop.json.
    let named = shop
        .manifest
        .named_files()
        .filter(|(what, _)| !(from_sheet && *what == NamedFile::Catalog))
        .map(|(_, reference)| reference)
        .chain(
            shop.catalog
                .products
                .iter()
                .flat_map(|p| p.images.iter().map(String::as_str)),
        );
    let mut files = BTreeSet::new();
    for reference in named {
        if reference.starts_with("http://") || reference.starts_with("https://") {
            continue;
        }
        let Some(path) = site_path(reference) else {
            continue;
        };
        let first = path.split('/').next().unwrap_or("");
        if GENERATED.contains(&path.as_str())
            || path == "shop.json"
            || (path.contains('/') && GENERATED_FOLDERS.contains(&first))
        {
            return Err(format!(
                "\"{reference}\" in the manifest would be overwritten by a published page or file; \
                 move it (for example into images/)"
            ));
        }
        files.insert(path);
    }
    Ok(files)
}

/// The seller's folder (the manifest's) as its real path, links followed: what
/// [`read_seller_file`] keeps the files it reads inside of.
pub fn seller_folder(seller_dir: &Path) -> Result<PathBuf, String> {
    seller_dir.canonicalize().map_err(|e| {
        format!(
            "cannot read the shop's folder {}: {e}",
            seller_dir.display()
        )
    })
}

/// The real path (links followed) of the seller's file at site path `relative` in
/// `seller_dir` (real path `folder`, from [`seller_folder`]), if it stays inside the
/// folder. A file whose real path leaves it (a symbolic link to ~/.ssh/id_ed25519
/// named images/a.jpg, in a shop folder from a template or linked by mistake) is
/// refused, by name: publish would put it on the public site, and serve would serve
/// it. Both keep to this one check.
pub fn seller_file_inside(
    seller_dir: &Path,
    folder: &Path,
    relative: &str,
) -> Result<PathBuf, SellerFileError> {
    let path = seller_dir.join(relative);
    let real = path
        .canonicalize()
        .map_err(|e| SellerFileError::Unreadable(format!("cannot read {}: {e}", path.display())))?;
    if !real.starts_with(folder) {
        return Err(SellerFileError::Outside(format!(
            "{}: its real path {} is outside the shop's folder {} (a symbolic link?); \
             only files inside the manifest's folder are published or served: copy the \
             file in instead of linking to it",
            path.display(),
            real.display(),
            folder.display()
        )));
    }
    Ok(real)
}

/// Why [`seller_file_inside`] refused a file, said in full.
#[derive(Debug)]
pub enum SellerFileError {
    /// It cannot be read (missing, or no permission).
    Unreadable(String),
    /// Its real path leaves the seller's folder.
    Outside(String),
}

impl std::fmt::Display for SellerFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SellerFileError::Unreadable(why) | SellerFileError::Outside(why) => f.write_str(why),
        }
    }
}

/// Reads the seller's file at site path `relative` in `seller_dir` (real path
/// `folder`, from [`seller_folder`]); one whose real path leaves the folder is
/// refused ([`seller_file_inside`]).
pub fn read_seller_file(
    seller_dir: &Path,
    folder: &Path,
    relative: &str,
) -> Result<Vec<u8>, String> {
    let real = seller_file_inside(seller_dir, folder, relative).map_err(|e| e.to_string())?;
    std::fs::read(&real)
        .map_err(|e| format!("cannot read {}: {e}", seller_dir.join(relative).display()))
}

/// The favicon is the avatar itself when a browser can show it (SVG or PNG). The
/// touch icon (what a phone shows for a saved shortcut) is a PNG: a PNG avatar as it
/// is, a JPEG one linked as it is, an SVG one drawn at 180x180 on white (iOS takes
/// no SVG there). An SVG avatar resvg cannot draw (a zero size, an entity it does
/// not know: `check` does not draw pictures) gives no touch or app icons, and a
/// warning naming it in the second value, rather than no publish at all.
pub fn icons(
    manifest: &microshop_core::Manifest,
    seller_dir: &Path,
) -> Result<(Icons, Vec<String>), String> {
    let mut icons = Icons::default();
    let mut warnings = Vec::new();
    let Some(avatar) = manifest.seller.avatar.as_deref().and_then(site_path) else {
        return Ok((icons, warnings));
    };
    let bytes = read_seller_file(seller_dir, &seller_folder(seller_dir)?, &avatar)?;
    match image::mime(&avatar, &bytes) {
        Some(mime @ ("image/svg+xml" | "image/png")) => {
            icons.favicon = Some((avatar.clone(), mime));
            if mime == "image/png" {
                icons.touch = Some("apple-touch-icon.png".to_owned());
            } else {
                match drawn_icons(&bytes) {
                    Ok((touch, app)) => {
                        icons.touch = Some("apple-touch-icon.png".to_owned());
                        icons.touch_png = Some(touch);
                        for (side, drawn, png) in app {
                            icons.app.push(offline::AppIcon {
                                path: drawn.to_owned(),
                                width: side,
                                height: side,
                                mime: "image/png",
                            });
                            icons.app_png.push((drawn.to_owned(), png));
                        }
                    }
                    Err(e) => warnings.push(format!(
                        "{avatar}: cannot draw it as the shop's icons ({e}); the shop has no \
                         touch icon or app icons until the picture is fixed"
                    )),
                }
            }
        }
        Some("image/jpeg") => icons.touch = Some(avatar.clone()),
        _ => {}
    }
    // A raster avatar is its own app icon, at its own size.
    if let Some(mime @ ("image/png" | "image/jpeg")) = image::mime(&avatar, &bytes) {
        if let Some((width, height)) = image::size_of(&avatar, &bytes) {
            icons.app.push(offline::AppIcon {
                path: avatar,
                width,
                height,
                mime,
            });
        }
    }
    Ok((icons, warnings))
}

/// An SVG avatar drawn as the touch icon and each drawn app icon (side, path, PNG).
#[allow(clippy::type_complexity)]
fn drawn_icons(svg: &[u8]) -> Result<(Vec<u8>, Vec<(u32, &'static str, Vec<u8>)>), String> {
    let touch = touch_icon::from_svg(svg)?;
    let app = offline::DRAWN_ICONS
        .into_iter()
        .map(|(side, drawn)| Ok((side, drawn, touch_icon::square(svg, side)?)))
        .collect::<Result<_, String>>()?;
    Ok((touch, app))
}
