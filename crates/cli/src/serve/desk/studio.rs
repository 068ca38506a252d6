//! The studio API: the seller's shop.json read and saved (docs/seller-api.md
//! "Studio").
//!
//! A save is based on a version (the SHA-256 of the file's bytes as the seller's
//! page read them): if the file changed since (another tab, another device, an
//! editor), the save is refused with 409 and nothing is written. The new manifest
//! must pass every check `microshop check` makes (images beside it included),
//! else 422 with every problem and nothing written. Written over the file's own
//! text, so a hand-written file keeps its key order and layout (as_written.rs);
//! a new file is pretty-printed. Written atomically: a temporary
//! file beside it, fsync, the current file copied to `shop.json.previous` (one step
//! of undo), rename over shop.json, fsync of the folder. One save at a time, also
//! across two `serve` instances on one folder (a lock on the folder). Buyers see the change at
//! once: the save reads the files again into the shop `serve` answers with before
//! it answers, and with `--site` the site is published again before it answers.

use super::{blocking, internal, refusal, Publisher, Shared};
use crate::check;
use crate::serve::shop::CurrentShop;
use crate::serve::stock::{count_paths, Stockroom};
use crate::source::Source;
use crate::store::Short;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// Largest manifest a save may send (a big inline catalog is far below it).
pub const MAX_MANIFEST_BYTES: usize = 8 * 1024 * 1024;

/// The seller's manifest as the studio edits it.
pub struct Studio {
    /// shop.json.
    pub manifest: PathBuf,
    /// `false` when serve runs a published folder without its source: read only.
    pub editable: bool,
    pub publisher: Option<Publisher>,
    /// The shop buyers are served, read again after each write.
    shop: Arc<CurrentShop>,
    /// Saves and undos one at a time (the version check and the write are one step).
    one_at_a_time: Mutex<()>,
}

/// What a write answers: the new version, or why not.
pub enum Written {
    Done {
        version: String,
        can_undo: bool,
        warnings: Vec<Value>,
        /// The site could not be published again (the save stands).
        publish_error: Option<String>,
        /// What the republish says besides (`publish`'s robots.txt hint under a
        /// base path, pictures without a link preview).
        publish_notes: Vec<String>,
    },
    Stale,
    Problems(Vec<microshop_core::Problem>),
    NothingToUndo,
}

impl Studio {
    pub fn new(
        manifest: PathBuf,
        editable: bool,
        publisher: Option<Publisher>,
        shop: Arc<CurrentShop>,
    ) -> Studio {
        Studio {
            manifest,
            editable,
            publisher,
            shop,
            one_at_a_time: Mutex::new(()),
        }
    }

    /// Where the version before the last save is kept.
    pub fn previous(&self) -> PathBuf {
        let mut name = self
            .manifest
            .file_name()
            .map_or_else(|| "shop.json".into(), std::ffi::OsStr::to_os_string);
        name.push(".previous");
        self.manifest.with_file_name(name)
    }

    /// The file's bytes and version now (`None` and "" when there is no file).
    pub fn current(&self) -> Result<(Option<Vec<u8>>, String), String> {
        match std::fs::read(&self.manifest) {
            Ok(bytes) => {
                let version = version_of(&bytes);
                Ok((Some(bytes), version))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((None, String::new())),
            Err(e) => Err(format!("cannot read {}: {e}", self.manifest.display())),
        }
    }

    /// Saves `manifest` if the file is still at `based_on`: laid onto the file's own
    /// text (its key order and layout kept, as_written.rs), else as `pretty`. With
    /// `stock` (serve's stockroom and the counts the seller's form showed), its
    /// counts on hand are set in the store as the file is put in place, and a count
    /// below what open orders hold refuses the save (docs/store.md "Stock").
    pub fn save(
        &self,
        manifest: &Value,
        pretty: String,
        based_on: &str,
        stock: Option<(&Stockroom, &BTreeMap<String, i64>)>,
    ) -> Result<Written, String> {
        let _one = self
            .one_at_a_time
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let _others = self.lock_out_other_instances()?;
        let (bytes, version) = self.current()?;
        if version != based_on {
            return Ok(Written::Stale);
        }
        let text = bytes
            .as_deref()
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|written| super::as_written::rewrite(written, manifest))
            .unwrap_or(pretty);
        let text = text.as_str();
        let dir = folder(&self.manifest);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
        // Checked where it will live, so its images and catalog are found as they will be.
        let temp = self.temp_path();
        write_synced(&temp, text.as_bytes())?;
        let checked = check::load(&Source::File(temp.clone()), true);
        let shop = match checked {
            Ok(shop) => shop,
            Err(rejected) => {
                let _ = std::fs::remove_file(&temp);
                return Ok(Written::Problems(rejected.errors));
            }
        };
        let put_in_place = || {
            if let Some(bytes) = &bytes {
                write_synced(&self.previous(), bytes)?;
            }
            self.swap_in(&temp)?;
            self.serve_as_written();
            Ok(())
        };
        let placed = match stock {
            None => put_in_place().map(Ok),
            Some((stockroom, seen)) => stockroom.save_counts(&shop, seen, put_in_place),
        };
        match placed {
            Ok(Ok(())) => {}
            Ok(Err(short)) => {
                let _ = std::fs::remove_file(&temp);
                return Ok(Written::Problems(counts_below_held(manifest, &short)));
            }
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                return Err(e);
            }
        }
        let warnings = shop.warnings;
        let (publish_error, publish_notes) = self.republish();
        Ok(Written::Done {
            version: version_of(text.as_bytes()),
            can_undo: bytes.is_some(),
            warnings: warnings.iter().map(super::status::problem).collect(),
            publish_error,
            publish_notes,
        })
    }

    /// Puts back the version before the last save, if the file is still at `based_on`.
    pub fn undo(&self, based_on: &str) -> Result<Written, String> {
        let _one = self
            .one_at_a_time
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let _others = self.lock_out_other_instances()?;
        let (_, version) = self.current()?;
        if version != based_on {
            return Ok(Written::Stale);
        }
        let previous = match std::fs::read(self.previous()) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Written::NothingToUndo)
            }
            Err(e) => return Err(format!("cannot read {}: {e}", self.previous().display())),
        };
        let temp = self.temp_path();
        write_synced(&temp, &previous)?;
        self.swap_in(&temp)?;
        self.serve_as_written();
        // One step: what was undone cannot be undone again.
        std::fs::remove_file(self.previous())
            .map_err(|e| format!("cannot remove {}: {e}", self.previous().display()))?;
        let (publish_error, publish_notes) = self.republish();
        Ok(Written::Done {
            version: version_of(&previous),
            can_undo: false,
            warnings: Vec::new(),
            publish_error,
            publish_notes,
        })
    }

    /// Another `serve` on the same folder (two instances behind one proxy) has a
    /// mutex of its own: the version check and the write are one step across
    /// processes by an exclusive lock (`flock`) on the manifest's folder, held until
    /// the returned handle is dropped: no lock file left beside the seller's files.
    /// Waits for the other instance's save to end.
    fn lock_out_other_instances(&self) -> Result<std::fs::File, String> {
        let dir = folder(&self.manifest);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
        let handle =
            std::fs::File::open(&dir).map_err(|e| format!("cannot open {}: {e}", dir.display()))?;
        handle
            .lock()
            .map_err(|e| format!("cannot lock {}: {e}", dir.display()))?;
        Ok(handle)
    }

    fn temp_path(&self) -> PathBuf {
        let mut name = std::ffi::OsString::from(".");
        name.push(
            self.manifest
                .file_name()
                .unwrap_or_else(|| std::ffi::OsStr::new("shop.json")),
        );
        name.push(format!(".saving-{}", std::process::id()));
        self.manifest.with_file_name(name)
    }

    /// Renames `temp` over the manifest and makes the rename durable.
    fn swap_in(&self, temp: &Path) -> Result<(), String> {
        std::fs::rename(temp, &self.manifest).map_err(|e| {
            let _ = std::fs::remove_file(temp);
            format!("cannot replace {}: {e}", self.manifest.display())
        })?;
        // The rename itself is durable once the folder is synced (Linux, macOS).
        if let Ok(dir) = std::fs::File::open(folder(&self.manifest)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// Reads the files again now, so the answer's "buyers see it now" is true: a
    /// request arriving while another one reads the files is served the last
    /// reading (`CurrentShop::recent`), which must already be this write.
    fn serve_as_written(&self) {
        self.shop.now();
    }

    /// Publishes the site again when serve keeps one: the error, if any, and
    /// what the publish says besides.
    fn republish(&self) -> (Option<String>, Vec<String>) {
        let Some(publisher) = self.publisher.as_ref() else {
            return (None, Vec::new());
        };
        match publisher.republish() {
            Ok(notes) => (None, notes.all()),
            Err(e) => {
                note!("the site could not be published again after a save: {e}");
                (Some(e), Vec::new())
            }
        }
    }
}

/// A problem for each count below what open orders hold, at its field.
fn counts_below_held(manifest: &Value, short: &[Short]) -> Vec<microshop_core::Problem> {
    let counts = count_paths(manifest);
    short
        .iter()
        .map(|s| {
            let at = counts.iter().find(|c| c.sku == s.sku);
            let product = at
                .and_then(|c| manifest.pointer(&format!("/catalog/products/{}/id", c.product)))
                .and_then(Value::as_str)
                .map_or_else(String::new, |id| format!("product {id}, "));
            microshop_core::Problem::new(
                at.map_or("", |c| c.path.as_str()),
                format!(
                    "{product}sku {}: you counted {} on hand, but open orders (placed, not yet shipped) hold {} of them. Count at least {}, or cancel one of those orders first; nothing was saved.",
                    s.sku, s.count, s.held, s.held
                ),
            )
        })
        .collect()
}

/// The counts of `manifest`'s inline catalog by sku: what the seller's form shows.
fn counts_shown(manifest: &Value) -> serde_json::Map<String, Value> {
    count_paths(manifest)
        .into_iter()
        .map(|c| (c.sku, json!(c.count)))
        .collect()
}

/// The folder of a file (`.` for a bare name).
pub fn folder(file: &Path) -> PathBuf {
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// What a version is: the SHA-256 of the file's bytes, in hex.
pub fn version_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `bytes` to `path` and waits until they are on disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut file =
        std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn read_only() -> Response {
    refusal(
        StatusCode::CONFLICT,
        "read_only",
        "This shop is served from a published folder without its source manifest, so the studio cannot change it; start serve with --manifest (the seller's shop.json) as well as --site.",
        Vec::new(),
    )
}

fn changed_elsewhere() -> Response {
    refusal(
        StatusCode::CONFLICT,
        "changed_elsewhere",
        "The shop was changed in another tab or device; reload to see it.",
        Vec::new(),
    )
}

/// `GET /_seller/api/shop`.
pub async fn load(State(desk): State<Shared>) -> Response {
    let studio_desk = Arc::clone(&desk);
    let read = blocking(move || {
        let studio = &studio_desk.studio;
        let (bytes, version) = studio.current()?;
        let can_undo = studio.editable && studio.previous().is_file();
        Ok::<_, String>((bytes, version, can_undo))
    })
    .await;
    let (bytes, version, can_undo) = match read {
        Ok(Ok(read)) => read,
        Ok(Err(e)) => return internal(&e),
        Err(response) => return response,
    };
    let mut manifest = match &bytes {
        None => Value::Null,
        Some(bytes) => {
            let text = String::from_utf8_lossy(bytes);
            match serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) {
                Ok(value) => value,
                Err(e) => {
                    // The file is not JSON (edited by hand): the studio cannot show it.
                    return refusal(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "not_json",
                        &format!(
                            "{} is not JSON ({e}); fix it in an editor (microshop check names the place), or replace it.",
                            desk.studio.manifest.display()
                        ),
                        vec![(String::new(), e.to_string())],
                    );
                }
            }
        }
    };
    let shop_id = manifest
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let store = Arc::clone(&desk.store);
    let stockroom = Arc::clone(&desk.stock);
    let stock = match blocking(move || {
        // The levels follow the manifest's counts once it is read (docs/store.md
        // "Stock"): reconcile first, as an order or /shop.json would.
        let _ = stockroom.shop_for_orders();
        store.stock_on_hand(&shop_id)
    })
    .await
    {
        Ok(Ok(stock)) => stock,
        Ok(Err(e)) => return internal(&format!("stock could not be read: {e}")),
        Err(response) => return response,
    };
    // The form shows each count as what is on hand now (left to sell and held by
    // open orders): the file's count until an order ships. Saved untouched, it
    // changes nothing (`seen`, carried in `version`, which a save sends back).
    let mut seen = serde_json::Map::new();
    for at in count_paths(&manifest) {
        if let (Some(on_hand), Some(count)) =
            (stock.on_hand(&at.sku), manifest.pointer_mut(&at.pointer))
        {
            *count = json!(on_hand);
            seen.insert(at.sku, json!(on_hand));
        }
    }
    let held: serde_json::Map<String, Value> = stock
        .held
        .into_iter()
        .map(|(sku, n)| (sku, json!(n)))
        .collect();
    let stock: serde_json::Map<String, Value> = stock
        .levels
        .into_iter()
        .map(|(sku, level)| (sku, json!(level)))
        .collect();
    // The files' problems as `check` reads them now (a spreadsheet catalog's
    // included, which the studio's own checks cannot see), grouped. None while
    // there is no file: a new seller's studio makes it ("cannot read shop.json"
    // would only alarm them).
    let problems = if bytes.is_none() {
        Vec::new()
    } else {
        let shop = Arc::clone(&desk.shop);
        match blocking(move || shop.now()).await {
            Ok(serving) => super::status::grouped(&serving.latest.problems),
            Err(response) => return response,
        }
    };
    let version = with_counts(&version, &seen);
    super::json(
        StatusCode::OK,
        &json!({
            "manifest": manifest,
            "version": version,
            "can_undo": can_undo,
            "editable": desk.studio.editable,
            "stock": stock,
            "held": held,
            "seen": seen,
            "problems": problems,
        }),
    )
}

/// What a save or an undo sends.
#[derive(serde::Deserialize)]
struct Asked {
    manifest: Option<Value>,
    version: Option<String>,
}

fn asked(body: &Bytes) -> Result<Asked, String> {
    serde_json::from_slice(body).map_err(|e| e.to_string())
}

fn malformed(e: &str) -> Response {
    refusal(
        StatusCode::BAD_REQUEST,
        "malformed",
        &format!("The body is not the JSON this address takes: {e}."),
        Vec::new(),
    )
}

/// What the studio's form is based on: the file's version, then, when the form shows
/// counts, `.` and those counts (sku to count on hand) as base64url JSON. The seller
/// app keeps it as it came, with its draft, and sends it back with a save, which
/// tells typed counts from counts saved as shown (docs/seller-api.md "Studio").
fn with_counts(version: &str, counts: &serde_json::Map<String, Value>) -> String {
    use base64::Engine;
    if version.is_empty() || counts.is_empty() {
        return version.to_owned();
    }
    let json = Value::Object(counts.clone()).to_string();
    format!(
        "{version}.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    )
}

/// The file's version and the counts the form showed, from what a save sends
/// (counts that cannot be read count as none shown: each then follows the rule for
/// a count the form did not show).
fn split_counts(based_on: &str) -> (&str, BTreeMap<String, i64>) {
    use base64::Engine;
    let Some((version, counts)) = based_on.split_once('.') else {
        return (based_on, BTreeMap::new());
    };
    let seen = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(counts)
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok())
        .unwrap_or_default();
    (version, seen)
}

fn answer(written: Result<Result<Written, String>, Response>, shown: Option<Value>) -> Response {
    match written {
        Ok(Ok(Written::Done {
            version,
            can_undo,
            warnings,
            publish_error,
            publish_notes,
        })) => super::json(
            StatusCode::OK,
            &json!({
                "version": match &shown {
                    Some(Value::Object(counts)) => with_counts(&version, counts),
                    _ => version,
                },
                "can_undo": can_undo,
                "warnings": warnings,
                "published": publish_error.is_none(),
                "publish_error": publish_error,
                "publish_notes": publish_notes,
            }),
        ),
        Ok(Ok(Written::Stale)) => changed_elsewhere(),
        Ok(Ok(Written::Problems(problems))) => {
            let n = problems.len();
            // Every problem by path (for the fields), and grouped as `check` says
            // them (for the list: a sheet's one mistake on 10,000 rows is one line).
            super::json(
                StatusCode::UNPROCESSABLE_ENTITY,
                &json!({
                    "error": "invalid",
                    "message": format!(
                        "The shop was not saved: {} problem{} to fix first.",
                        microshop_core::problem::thousands(n),
                        if n == 1 { "" } else { "s" }
                    ),
                    "problems": problems
                        .iter()
                        .map(|p| json!({"path": p.path, "message": p.message}))
                        .collect::<Vec<_>>(),
                    "grouped": super::status::grouped(&problems),
                }),
            )
        }
        Ok(Ok(Written::NothingToUndo)) => refusal(
            StatusCode::CONFLICT,
            "nothing_to_undo",
            "There is no earlier save to go back to.",
            Vec::new(),
        ),
        Ok(Err(e)) => internal(&e),
        Err(response) => response,
    }
}

/// `PUT /_seller/api/shop` with `{manifest, version}`.
pub async fn save(State(desk): State<Shared>, body: Bytes) -> Response {
    if !desk.studio.editable {
        return read_only();
    }
    let asked = match asked(&body) {
        Ok(a) => a,
        Err(e) => return malformed(&e),
    };
    let Some(version) = asked.version else {
        return super::invalid("version", "is required: the version the shop was read at");
    };
    let manifest = match asked.manifest {
        Some(m @ Value::Object(_)) => m,
        _ => return super::invalid("manifest", "must be the shop as a JSON object"),
    };
    let text = match serde_json::to_string_pretty(&manifest) {
        Ok(text) => text + "\n",
        Err(e) => return internal(&format!("the manifest could not be written: {e}")),
    };
    if text.len() > MAX_MANIFEST_BYTES {
        return refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!(
                "A shop may be at most {} MiB as JSON.",
                MAX_MANIFEST_BYTES / 1024 / 1024
            ),
            Vec::new(),
        );
    }
    let shown = Value::Object(counts_shown(&manifest));
    let working = Arc::clone(&desk);
    answer(
        blocking(move || {
            let (version, seen) = split_counts(&version);
            let stock = Some((&*working.stock, &seen));
            working.studio.save(&manifest, text, version, stock)
        })
        .await,
        Some(shown),
    )
}

/// `POST /_seller/api/shop/undo` with `{version}`.
pub async fn undo(State(desk): State<Shared>, body: Bytes) -> Response {
    if !desk.studio.editable {
        return read_only();
    }
    let asked = match asked(&body) {
        Ok(a) => a,
        Err(e) => return malformed(&e),
    };
    let Some(version) = asked.version else {
        return super::invalid("version", "is required: the version the shop was read at");
    };
    let working = Arc::clone(&desk);
    answer(
        blocking(move || working.studio.undo(split_counts(&version).0)).await,
        None,
    )
}

#[cfg(test)]
#[path = "studio_tests.rs"]
mod tests;
