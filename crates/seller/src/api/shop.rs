//! The studio's calls: the shop as saved, a save with the version it was based on,
//! one step undo, photo uploads, exports.

use super::{download, encode, get, send, send_bytes, ApiError};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The shop as saved now.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Saved {
    /// shop.json as JSON (null when there is none yet).
    pub manifest: Value,
    /// The file's sha256: what a save is based on.
    pub version: String,
    /// Whether the last save can be undone.
    pub can_undo: bool,
    /// Units open orders (placed, not shipped) hold, by sku (the server's `stock`,
    /// the levels left, is not read: the form's count less these is what is for sale).
    pub held: BTreeMap<String, i64>,
    /// The problems of the shop's files as `microshop check` reads them now
    /// (a spreadsheet catalog's included), a repeated one said once.
    pub problems: Vec<super::FileProblem>,
}

/// `GET /shop`.
pub async fn load() -> Result<Saved, ApiError> {
    get("/shop").await
}

/// What a save or an undo answers.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Written {
    pub version: String,
    pub can_undo: bool,
    pub warnings: Vec<Value>,
}

/// `PUT /shop`: writes `manifest` if the shop is still at `version`.
pub async fn save(manifest: &Value, version: &str) -> Result<Written, ApiError> {
    send(
        "PUT",
        "/shop",
        &json!({ "manifest": manifest, "version": version }),
    )
    .await
}

/// `POST /shop/undo`: puts back the shop before the last save.
pub async fn undo(version: &str) -> Result<Written, ApiError> {
    send("POST", "/shop/undo", &json!({ "version": version })).await
}

/// A stored photo.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Media {
    /// Its path beside shop.json (`images/3f2a….jpg`), for `images`.
    pub path: String,
    pub width: u32,
    pub height: u32,
}

/// `POST /media`: stores a photo.
pub async fn upload(bytes: &[u8], kind: &str) -> Result<Media, ApiError> {
    send_bytes("/media", bytes, kind).await
}

/// The downloads the studio offers.
pub async fn export_manifest() -> Result<(), ApiError> {
    download("/export/shop.json", "shop.json").await
}

/// The catalog as a spreadsheet (CSV).
pub async fn export_catalog() -> Result<(), ApiError> {
    download("/export/catalog.csv", "catalog.csv").await
}

/// The shop published for `base_url`, as a zip to upload to a static host.
pub async fn export_site(base_url: &str) -> Result<(), ApiError> {
    download(
        &format!("/export/site.zip?base_url={}", encode(base_url)),
        "site.zip",
    )
    .await
}
