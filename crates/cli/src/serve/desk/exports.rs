//! The studio's downloads for a seller who hosts the shop elsewhere: shop.json as
//! saved, the catalog as a spreadsheet (core's CSV writer, as `microshop catalog
//! export`), and the shop published for an address as a zip to upload to a static
//! host (as `microshop publish` writes it).

use super::{blocking, internal, invalid, refusal, Shared};
use crate::check;
use crate::publish;
use crate::source::Source;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use microshop_core::decode::spreadsheet::catalog_csv;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

fn download(content_type: &'static str, name: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type)],
        bytes,
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
    );
    response
}

fn not_exportable(message: String, problems: Vec<(String, String)>) -> Response {
    refusal(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        &message,
        problems,
    )
}

/// `GET /_seller/api/export/shop.json`: the file as saved, byte for byte.
pub async fn manifest(State(desk): State<Shared>) -> Response {
    let working = Arc::clone(&desk);
    match blocking(move || working.studio.current()).await {
        Ok(Ok((Some(bytes), _))) => download("application/json", "shop.json", bytes),
        Ok(Ok((None, _))) => refusal(
            StatusCode::NOT_FOUND,
            "not_found",
            "There is no shop.json yet: save the shop first.",
            Vec::new(),
        ),
        Ok(Err(e)) => internal(&e),
        Err(response) => response,
    }
}

/// `GET /_seller/api/export/catalog.csv`.
pub async fn catalog(State(desk): State<Shared>) -> Response {
    let path = desk.studio.manifest.clone();
    let made = blocking(move || {
        let shop = check::load(&Source::File(path), false).map_err(|rejected| {
            (
                "The shop has problems; fix them first.".to_owned(),
                pairs(&rejected.errors),
            )
        })?;
        let (csv, _warnings) = catalog_csv(
            &shop.catalog,
            shop.manifest.currency,
            shop.manifest.default_locale(),
        )
        .map_err(|problems| {
            (
                "The catalog cannot be written as a spreadsheet as it is.".to_owned(),
                pairs(&problems),
            )
        })?;
        Ok::<_, (String, Vec<(String, String)>)>(csv)
    })
    .await;
    match made {
        Ok(Ok(csv)) => download("text/csv; charset=utf-8", "catalog.csv", csv.into_bytes()),
        Ok(Err((message, problems))) => not_exportable(message, problems),
        Err(response) => response,
    }
}

fn pairs(problems: &[microshop_core::Problem]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| (p.path.clone(), p.message.clone()))
        .collect()
}

/// `GET /_seller/api/export/site.zip?base_url=https://…`: published into a
/// temporary folder, zipped, the folder removed.
pub async fn site(
    State(desk): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(base_url) = params
        .get("base_url")
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
    else {
        return invalid(
            "base_url",
            "is required: the address the shop will be served at (https://…/)",
        );
    };
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        return invalid(
            "base_url",
            &format!("\"{base_url}\" is not an http(s) address"),
        );
    }
    let manifest = desk.studio.manifest.clone();
    let dist = desk.dist.clone();
    let receipt_keys = desk.receipt_keys.clone();
    let private = desk.private.clone();
    let reviews = std::sync::Arc::clone(&desk.store);
    let made = blocking(move || {
        let out = std::env::temp_dir().join(format!(
            "microshop-site-{}-{}",
            std::process::id(),
            super::random::<8>()
                .map(|b| b.iter().map(|x| format!("{x:02x}")).collect::<String>())
                .unwrap_or_default()
        ));
        let published = publish::run(&publish::Options {
            manifest,
            out: out.clone(),
            base_url,
            dist,
            // As `microshop publish` by default: any site may frame it (docs/embedding.md).
            framing: crate::csp::Framing::Any,
            // Serve's log is not a terminal; a desk save waits for the answer instead.
            progress: publish::progress::When::Never,
            exits_after: false,
            // The site goes to a static host: it publishes the key list itself.
            receipt_keys,
            // The shop's reviews as they are now, when it names serve's API.
            reviews_from: Some(publish::ReviewsFrom {
                store: reviews,
                required: false,
            }),
            // serve's own files never go into the site.
            private,
        });
        let zipped = published.and_then(|_| zip_folder(&out));
        let _ = std::fs::remove_dir_all(&out);
        zipped
    })
    .await;
    match made {
        Ok(Ok(bytes)) => download("application/zip", "site.zip", bytes),
        // publish's own sentence names the problem (a base URL, the shop's problems).
        Ok(Err(e)) => not_exportable(e, Vec::new()),
        Err(response) => response,
    }
}

/// Every file under `dir` in a zip, paths relative to it.
fn zip_folder(dir: &Path) -> Result<Vec<u8>, String> {
    let files = publish::output::files_under(dir)?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for relative in files {
        let bytes = std::fs::read(dir.join(&relative))
            .map_err(|e| format!("cannot read {relative}: {e}"))?;
        zip.start_file(relative.as_str(), options)
            .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
            .map_err(|e| format!("cannot zip {relative}: {e}"))?;
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| format!("cannot zip the site: {e}"))
}
