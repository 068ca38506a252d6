//! The record of what a publish wrote (`.microshop-files` in the output folder):
//! each file's SHA-256, size and modification time. The next publish into the
//! same folder writes a file only when its content differs from the record's, or
//! when the file on disk is not the one recorded (someone changed, replaced or
//! deleted it: its size or modification time moved). Unchanged files are not
//! touched, so their modification times stay and a sync to the host
//! (`rsync`, `aws s3 sync`) uploads only what changed.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::UNIX_EPOCH;

/// The record's file name in the output folder.
pub const RECORD: &str = ".microshop-files";

/// The record's format; another version is not read (the folder is then emptied
/// and written again).
const VERSION: u32 = 1;

/// One written file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// SHA-256 of the content, hex.
    pub sha256: String,
    pub size: u64,
    /// Modification time after writing, in nanoseconds since 1970.
    pub modified: u64,
    /// For a file made from another (a `.br` copy, a preview drawn from a picture):
    /// the SHA-256 of what it was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// For a page: the SHA-256 of everything it is rendered from but the site-wide
    /// policy (`pages::Inputs`). A page whose inputs and the record's `policy` are
    /// unchanged is not rendered again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<String>,
    /// For a page: the `'sha256-…'` of its inline scripts, which the site-wide
    /// Content-Security-Policy must hold even when the page is not rendered again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scripts: Option<Vec<String>>,
    /// For an app file of the build before (or its copy), kept for the pages still
    /// open on it: the build that replaced it (`writer::build_of`). Removed once
    /// another build replaces that one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<String>,
}

/// Every written file, by its path in the folder.
#[derive(Default, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    /// SHA-256 of the Content-Security-Policy every page carries in its `<meta>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    pub files: BTreeMap<String, Entry>,
}

impl Record {
    /// The folder's record, if it has a readable one of this version.
    pub fn load(out: &Path) -> Option<Record> {
        let text = std::fs::read_to_string(out.join(RECORD)).ok()?;
        serde_json::from_str::<Record>(&text)
            .ok()
            .filter(|r| r.version == VERSION)
    }

    /// Writes the record (last, once every file it lists is written).
    pub fn save(
        files: BTreeMap<String, Entry>,
        policy: Option<String>,
        out: &Path,
    ) -> Result<(), String> {
        let record = Record {
            version: VERSION,
            policy,
            files,
        };
        let text = serde_json::to_string(&record).map_err(|e| e.to_string())?;
        let path = out.join(RECORD);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// SHA-256 of `bytes`, hex. Publish hashes every file it makes (90 MB of pages for
/// 10,000 products, again on every republish): ring's assembly does it several times
/// faster than `sha2` as this workspace builds it (at opt-level "z", for the wasm,
/// which needs sha2), measured with perf (docs/performance.md).
pub fn sha256(bytes: &[u8]) -> String {
    sha256_of(&[bytes])
}

/// SHA-256 of `parts` one after the other, hex.
pub fn sha256_of(parts: &[&[u8]]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    for part in parts {
        context.update(part);
    }
    let digest = context.finish();
    let mut hex = String::with_capacity(64);
    for b in digest.as_ref() {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

/// The size and modification time of a file on disk, as the record keeps them.
pub fn stat(path: &Path) -> Option<(u64, u64)> {
    size_and_time(&std::fs::metadata(path).ok()?)
}

/// The size and modification time in `meta`, as the record keeps them.
pub fn size_and_time(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    let modified = meta
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((meta.len(), u64::try_from(modified).ok()?))
}

/// Whether the file at `path` is still the one `entry` recorded.
pub fn intact(path: &Path, entry: &Entry) -> bool {
    stat(path) == Some((entry.size, entry.modified))
}
