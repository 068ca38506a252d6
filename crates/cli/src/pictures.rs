//! The pictures a manifest and its catalog name (the avatar, the payment QR code,
//! product images) must be pictures, by their bytes: JPEG, PNG, WebP, GIF, AVIF or
//! SVG. serve answers the files the manifest names and publish copies them into the
//! public site, so a name is all it takes to publish a file of the seller's folder:
//! a desk session (or a collaborator's spreadsheet) naming `receipt-key.json` or
//! `seller-secret` as a product image would publish the shop's private key
//! (REVIEW8 section 8). Such a file is an error in `check`, the studio's save,
//! serve's reading (which then answers 404 for it) and `publish`.
//!
//! The kinds are read from the bytes as the desk's photo upload reads them
//! ([`crate::serve::desk::media::sniff`]), with the kinds a browser shows that the
//! upload does not take (GIF, AVIF, SVG) added.

use crate::check::Sheet;
use crate::source::{site_path, Source};
use microshop_core::manifest::NamedFile;
use microshop_core::{Catalog, Manifest, Problem, Subject};
use std::io::Read;
use std::path::Path;

/// How much of a file is read to tell its kind: an SVG may start with an XML
/// declaration, comments and a doctype before its `<svg`.
const HEAD_BYTES: u64 = 16 * 1024;

/// The kind of picture `bytes` start like, or what they seem to be instead.
pub fn kind(bytes: &[u8]) -> Result<&'static str, &'static str> {
    use crate::serve::desk::media::{sniff, Sniffed};
    match sniff(bytes) {
        Sniffed::Jpeg => Ok("JPEG"),
        Sniffed::Png => Ok("PNG"),
        Sniffed::Webp => Ok("WebP"),
        Sniffed::Other(_) if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") => {
            Ok("GIF")
        }
        Sniffed::Other(_) if is_avif(bytes) => Ok("AVIF"),
        Sniffed::Other(_) if is_svg(bytes) => Ok("SVG"),
        // The upload's words suggest converting a photo; here it is the wrong file.
        Sniffed::Other(what) if what.starts_with("an SVG") => Err("XML that is no SVG drawing"),
        Sniffed::Other(what) if what.starts_with("a HEIC") => {
            Err("a HEIC photo or a video (save it as JPEG)")
        }
        Sniffed::Other(what) => Err(what),
    }
}

/// An ISO media file (`ftyp` box first) whose brands say AVIF.
fn is_avif(bytes: &[u8]) -> bool {
    if bytes.get(4..8) != Some(b"ftyp") {
        return false;
    }
    let size = bytes
        .get(..4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, |b: [u8; 4]| u32::from_be_bytes(b) as usize);
    let brands = bytes.get(8..size.min(bytes.len())).unwrap_or(&[]);
    // The major brand, the minor version (4 bytes, never a brand), the compatible ones.
    brands
        .chunks_exact(4)
        .enumerate()
        .any(|(i, brand)| i != 1 && matches!(brand, b"avif" | b"avis"))
}

/// An SVG drawing: after an optional byte order mark, white space, an XML
/// declaration or processing instructions, comments and a doctype, the first
/// element is `<svg`.
fn is_svg(bytes: &[u8]) -> bool {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    loop {
        rest = rest.trim_ascii_start();
        let skip_past = |rest: &[u8], end: &[u8]| -> Option<usize> {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|at| at + end.len())
        };
        let skipped = if rest.starts_with(b"<?") {
            skip_past(rest, b"?>")
        } else if rest.starts_with(b"<!--") {
            skip_past(rest, b"-->")
        } else if rest.starts_with(b"<!DOCTYPE") || rest.starts_with(b"<!doctype") {
            // An internal subset (`[ … ]`) may hold `>`: past its `]`, then the `>`.
            let close = rest.iter().position(|&b| b == b'>');
            match rest.iter().position(|&b| b == b'[') {
                Some(open) if close.is_none_or(|close| open < close) => skip_past(rest, b"]")
                    .and_then(|at| {
                        let gap = rest[at..].len() - rest[at..].trim_ascii_start().len();
                        (rest.get(at + gap) == Some(&b'>')).then_some(at + gap + 1)
                    }),
                _ => close.map(|at| at + 1),
            }
        } else {
            return rest.strip_prefix(b"<svg").is_some_and(|after| {
                after
                    .first()
                    .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
            });
        };
        match skipped {
            Some(at) => rest = &rest[at..],
            None => return false,
        }
    }
}

/// How much is read first: every kind but SVG is told by its first bytes.
const FIRST_BYTES: u64 = 1024;

/// The kind of picture the file at `path` is ([`kind`]), reading its first
/// [`FIRST_BYTES`], and up to [`HEAD_BYTES`] only for markup that may be an SVG
/// with a long prolog (a 10,000-product shop's photos are not read whole).
fn kind_of_file(path: &Path) -> std::io::Result<Result<&'static str, &'static str>> {
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    (&mut file).take(FIRST_BYTES).read_to_end(&mut bytes)?;
    let found = kind(&bytes);
    let markup = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&bytes)
        .trim_ascii_start()
        .starts_with(b"<");
    if found.is_ok() || !markup || (bytes.len() as u64) < FIRST_BYTES {
        return Ok(found);
    }
    file.take(HEAD_BYTES - FIRST_BYTES)
        .read_to_end(&mut bytes)?;
    Ok(kind(&bytes))
}

/// A named picture whose bytes are no picture.
pub struct NotPicture {
    /// Its site path (what serve answers it at).
    pub site: String,
    /// The error, where it is named.
    pub problem: Problem,
}

/// The pictures a manifest and its catalog name, where each is named and, for a
/// spreadsheet's image, its row (as `check` names a missing file).
fn named_pictures<'a>(
    manifest: &'a Manifest,
    catalog: &'a Catalog,
    sheet: Option<&Sheet>,
) -> Vec<(String, &'a str, Option<Subject>)> {
    let mut named: Vec<(String, &str, Option<Subject>)> = manifest
        .named_files()
        .filter_map(|(what, reference)| match what {
            NamedFile::Avatar => Some(("seller.avatar".to_owned(), reference, None)),
            NamedFile::PaymentQr => Some(("payment.qr".to_owned(), reference, None)),
            _ => None,
        })
        .collect();
    for (i, product) in catalog.products.iter().enumerate() {
        for (j, image) in product.images.iter().enumerate() {
            named.push(match sheet.and_then(|s| Some((&s.file, s.rows.get(i)?))) {
                Some((file, row)) => (
                    format!("{file}: row {row}, images"),
                    image,
                    Some(Subject {
                        at: format!("{file}: row {row}"),
                        name: product.id.clone(),
                    }),
                ),
                None => (format!("catalog.products[{i}].images[{j}]"), image, None),
            });
        }
    }
    named
}

/// Every named picture of a local manifest whose file is there but is no picture
/// (a missing one is `check`'s missing-file error). Each file is read once
/// (its first [`HEAD_BYTES`]), however often it is named.
pub fn not_pictures(
    source: &Source,
    manifest: &Manifest,
    catalog: &Catalog,
    sheet: Option<&Sheet>,
) -> Vec<NotPicture> {
    let Source::File(_) = source else {
        return Vec::new();
    };
    let mut kinds: std::collections::HashMap<String, Option<&'static str>> = Default::default();
    let mut found = Vec::new();
    for (at, reference, subject) in named_pictures(manifest, catalog, sheet) {
        let Some(site) = site_path(reference) else {
            continue;
        };
        let Source::File(file) = source.join(reference) else {
            continue;
        };
        let wrong = *kinds.entry(site.clone()).or_insert_with(|| {
            // Unreadable or missing: said elsewhere (missing_files, outside_files).
            kind_of_file(&file).ok().and_then(Result::err)
        });
        if let Some(what) = wrong {
            let mut problem = Problem::new(
                at,
                format!(
                    "\"{reference}\" is not a picture ({} is {what}); name a JPEG, PNG, WebP, GIF, \
                     AVIF or SVG picture here: serve and publish never give this file to buyers",
                    file.display()
                ),
            );
            problem.subject = subject;
            found.push(NotPicture { site, problem });
        }
    }
    found
}

/// [`not_pictures`] as `check`'s errors.
pub fn problems(
    source: &Source,
    manifest: &Manifest,
    catalog: &Catalog,
    sheet: Option<&Sheet>,
) -> Vec<Problem> {
    not_pictures(source, manifest, catalog, sheet)
        .into_iter()
        .map(|n| n.problem)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{is_svg, kind, kind_of_file};

    #[test]
    fn a_file_is_read_further_only_for_an_svgs_long_prolog() {
        let dir = std::env::temp_dir().join(format!("microshop-kinds-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let long = format!(
            "<?xml version=\"1.0\"?>\n<!-- {} -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "licence text ".repeat(400)
        );
        std::fs::write(dir.join("long.svg"), &long).expect("svg");
        std::fs::write(
            dir.join("key.json"),
            format!("{{\"k\": \"{}\"}}", "0".repeat(4000)),
        )
        .expect("json");
        std::fs::write(
            dir.join("page.html"),
            format!("<html>{}</html>", "x".repeat(4000)),
        )
        .expect("html");
        let of = |name: &str| kind_of_file(&dir.join(name)).expect("read");
        assert_eq!(of("long.svg"), Ok("SVG"));
        assert!(of("key.json").is_err());
        assert!(of("page.html").is_err());
        assert!(kind_of_file(&dir.join("missing.png")).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn pictures_are_told_by_their_bytes() {
        for (bytes, expected) in [
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF".as_slice(), "JPEG"),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG"),
            (b"RIFF\0\0\0\0WEBPVP8 ", "WebP"),
            (b"GIF87a\x01\0", "GIF"),
            (b"GIF89a\x01\0", "GIF"),
            (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf", "AVIF"),
            (b"\0\0\0\x20ftypmif1\0\0\0\0mif1avifmiafMA1B", "AVIF"),
            (b"<svg/>", "SVG"),
            (b"  <svg xmlns='http://www.w3.org/2000/svg'>", "SVG"),
        ] {
            assert_eq!(
                kind(bytes),
                Ok(expected),
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
        for bytes in [
            b"{\"schema\": \"microshop.receipt-key/1\", \"secret_key\": \"03\"}".as_slice(),
            b"s3cr3t-seller-secret-0123456789\n",
            b"SQLite format 3\0",
            b"id,title,price\n",
            b"",
            b"<html><svg/></html>",
            b"<?xml version='1.0'?><notes>svg</notes>",
            // HEIC (no AVIF brand; the minor version is no brand).
            b"\0\0\0\x18ftypheic\0\0avifmif1heic",
            b"%PDF-1.7",
        ] {
            assert!(kind(bytes).is_err(), "{}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn an_svg_may_start_with_a_declaration_comments_and_a_doctype() {
        assert!(is_svg(
            b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Generator: a drawing app -->\n\
              <!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n\
              <svg version=\"1.1\"/>"
        ));
        assert!(is_svg(
            b"<?xml version=\"1.0\"?><!DOCTYPE svg [ <!ENTITY ns \"http://www.w3.org/2000/svg\"> ]>\n<svg xmlns=\"&ns;\"/>"
        ));
        assert!(is_svg(b"<svg>"));
        assert!(!is_svg(b"<svgx/>"));
        assert!(!is_svg(b"<!-- unclosed <svg/>"));
        assert!(!is_svg(b"<svg"));
        assert!(!is_svg(b"text <svg/>"));
    }
}
