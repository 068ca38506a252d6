//! The output folder: checked before a publish (only an earlier output is ever
//! changed), and what every file goes through: writing, listing, compressing.

use super::record::Record;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The file that marks a folder as `microshop publish` output. It also records
/// the base URL, which `serve --site` reads to serve the site under its path.
pub const MARKER: &str = ".microshop-publish";

/// What the marker holds.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Marker {
    pub note: String,
    pub base_url: String,
    pub base_path: String,
}

/// Checks that `out` may be published into, without changing it, and reads what
/// the last publish there wrote (`None`: a new or empty folder, or one `prepare`
/// empties). A folder an earlier publish wrote (it holds the marker) keeps its files
/// when it also holds their record (the next publish rewrites only what changed and
/// removes the rest); without a readable record it is emptied. Refuses a folder that
/// exists, is not empty and has no marker: it may be the seller's own files, and
/// deleting them would be final. Refuses too when `out` holds one of `inputs` (the
/// manifest, the app's build), which emptying it would destroy before they were read.
pub fn examine(out: &Path, inputs: &[&Path]) -> Result<Option<Record>, String> {
    if !out.exists() {
        return Ok(None);
    }
    if !out.is_dir() {
        return Err(format!("{} exists and is not a folder", out.display()));
    }
    let out_real = out
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", out.display()))?;
    for input in inputs {
        if let Ok(real) = input.canonicalize() {
            if real.starts_with(&out_real) || out_real.starts_with(&real) && real.is_dir() {
                return Err(format!(
                    "{} holds (or is inside) {}: publish into a folder of its own",
                    out.display(),
                    input.display()
                ));
            }
        }
    }
    let mut entries =
        std::fs::read_dir(out).map_err(|e| format!("cannot list {}: {e}", out.display()))?;
    let empty = entries.next().is_none();
    if !empty && !out.join(MARKER).is_file() {
        return Err(format!(
            "{} is not empty and was not written by microshop publish (no {MARKER} in it); \
             refusing to empty it. Name a new or empty folder, or delete it yourself.",
            out.display()
        ));
    }
    Ok(Record::load(out))
}

/// Makes `out`, examined already (`last` is what [`examine`] found), ready for a
/// publish and returns what the last publish there wrote: a folder without a
/// record is emptied, a missing one created.
pub fn prepare(out: &Path, last: Option<Record>) -> Result<Record, String> {
    if let Some(record) = last {
        return Ok(record);
    }
    if out.exists() {
        for entry in
            std::fs::read_dir(out).map_err(|e| format!("cannot list {}: {e}", out.display()))?
        {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", out.display()))?;
            let path = entry.path();
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            let removed = if is_dir {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    } else {
        std::fs::create_dir_all(out)
            .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    }
    Ok(Record::default())
}

/// Writes `bytes` to `out/relative`, creating folders, and returns the file's size
/// and modification time as the record keeps them (read from the open file: one
/// path lookup fewer per file, of 70,000 in a 10,000-product shop).
pub fn write(out: &Path, relative: &str, bytes: &[u8]) -> Result<(u64, u64), String> {
    let path = out.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut file = std::fs::File::create(&path).map_err(failed)?;
    file.write_all(bytes).map_err(failed)?;
    let metadata = file.metadata().map_err(failed)?;
    super::record::size_and_time(&metadata)
        .ok_or_else(|| format!("cannot read back {}", path.display()))
}

/// Every file under `dir`, as paths relative to it with `/` separators.
pub fn files_under(dir: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let folder = dir.join(&relative);
        let entries = std::fs::read_dir(&folder)
            .map_err(|e| format!("cannot list {}: {e}", folder.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", folder.display()))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return Err(format!(
                    "{}: a file name that is not UTF-8",
                    folder.join(&name).display()
                ));
            };
            let path = relative.join(name);
            if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                stack.push(path);
            } else {
                found.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Extensions of text files worth compressing (wasm compresses well too).
const TEXT: &[&str] = &["html", "js", "css", "wasm", "json", "svg", "xml", "txt"];

/// Whether a file gets `.br` and `.gz` copies.
pub fn is_compressible(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    !name.starts_with('.')
        && name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| TEXT.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Brotli at `quality` (0-11) with a 4 MB window. A window fitted to each file
/// (with its size as the hint) was tried and measured worse: on 10,000 products the
/// kernel time went from 15.7 s to 88-93 s (the small-window hashers' tables,
/// allocated and zeroed for every page; docs/performance.md).
pub fn brotli(bytes: &[u8], quality: i32) -> Result<Vec<u8>, String> {
    let mut compressed = Vec::with_capacity(bytes.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut compressed, &params)
        .map_err(|e| format!("brotli: {e}"))?;
    Ok(compressed)
}

/// Gzip at its default level (6): on these files level 9 measured the same size,
/// slower.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::default(),
    );
    encoder.write_all(bytes).map_err(|e| format!("gzip: {e}"))?;
    encoder.finish().map_err(|e| format!("gzip: {e}"))
}

/// The bytes a brotli stream decodes to, if it is one.
pub fn unbrotli(compressed: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    brotli::Decompressor::new(compressed, 4096)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// The bytes a gzip stream decodes to, if it is one.
pub fn ungzip(compressed: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(compressed)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}
