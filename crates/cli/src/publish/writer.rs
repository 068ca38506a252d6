//! Writing the output folder from many threads: each file is written (and its
//! `.br`/`.gz` copies made) only when the last publish's record does not already
//! have it, unchanged, on disk. Files no longer published are removed at the end.

use super::output::{self, brotli, gzip};
use super::progress::Progress;
use super::record::{intact, sha256, Entry, Record, RECORD};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Brotli quality for what publish makes or copies from the seller: pages, data,
/// pictures. Measured on 100 product pages of a generated shop (docs/performance.md):
/// quality 6 compresses them 28 times faster than 11, for 13 % more bytes (2.3 KB
/// a page instead of 2.0 KB); on a 1.6 MB shop.json 85 times faster, 25 % more.
pub const FAST: i32 = 6;
/// Brotli quality for the app's own files (few, large, the same on every publish).
pub const BEST: i32 = 11;

/// The compressed copies a file gets.
pub enum Copies {
    /// None: not a text file.
    None,
    /// Brotli at [`FAST`] and gzip.
    Fast,
    /// Brotli at [`BEST`] and gzip.
    Best,
    /// Copies made already (Trunk's, checked to decode to the same bytes).
    Given { br: Vec<u8>, gz: Vec<u8> },
}

/// What was done, for the closing message.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Files (and copies) written because they were new or changed.
    pub written: usize,
    /// Files left as they were.
    pub kept: usize,
    /// Files of the last publish that are no longer published, removed.
    pub removed: usize,
    /// Compressed copies in the folder.
    pub compressed: usize,
}

/// What the record keeps of a page besides its bytes.
struct PageNote {
    inputs: String,
    scripts: Vec<String>,
}

pub struct Writer<'a> {
    out: &'a Path,
    old: BTreeMap<String, Entry>,
    new: Mutex<BTreeMap<String, Entry>>,
    written: AtomicUsize,
    kept: AtomicUsize,
    progress: &'a Progress,
}

impl<'a> Writer<'a> {
    pub fn new(out: &'a Path, last: Record, progress: &'a Progress) -> Writer<'a> {
        Writer {
            out,
            old: last.files,
            new: Mutex::new(BTreeMap::new()),
            written: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
            progress,
        }
    }

    /// The entry of `relative` from the last publish, if the file is still that one
    /// and `same` accepts it.
    fn unchanged(&self, relative: &str, same: impl Fn(&Entry) -> bool) -> Option<Entry> {
        self.old
            .get(relative)
            .filter(|e| same(e) && intact(&self.out.join(relative), e))
            .cloned()
    }

    fn note(&self, relative: String, entry: Entry) -> Result<(), String> {
        self.new
            .lock()
            .map_err(|_| "a publishing thread stopped unexpectedly".to_owned())?
            .insert(relative, entry);
        Ok(())
    }

    /// Writes `bytes` (whose SHA-256 is `sha`, when known) to `relative` and records it.
    fn write(
        &self,
        relative: &str,
        bytes: &[u8],
        sha: Option<String>,
        from: Option<String>,
    ) -> Result<Entry, String> {
        let (size, modified) = output::write(self.out, relative, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(Entry {
            sha256: sha.unwrap_or_else(|| sha256(bytes)),
            size,
            modified,
            from,
            inputs: None,
            scripts: None,
        })
    }

    /// Puts `bytes` at `relative` (and its compressed copies), unless they are there.
    pub fn put(&self, relative: &str, bytes: &[u8], copies: Copies) -> Result<(), String> {
        self.put_noted(relative, bytes, copies, None)
    }

    /// Puts a product page: kept without rendering it when the last publish
    /// recorded the same `inputs` and `same_policy` says the site-wide policy in its
    /// `<meta>` is unchanged, and the page is still on disk as written; else rendered
    /// and put as any file. A product page gets no compressed copies (one per
    /// product: [`super::copies_of`]); copies an older publish made are not noted,
    /// so `finish` removes them. `scripts` (the page's inline script hashes) is
    /// recorded for the next publish's policy.
    pub fn page(
        &self,
        relative: &str,
        inputs: &str,
        scripts: &[String],
        same_policy: bool,
        render: impl FnOnce() -> Vec<u8>,
    ) -> Result<(), String> {
        if same_policy {
            let kept = self.unchanged(relative, |e| {
                e.inputs.as_deref() == Some(inputs) && e.scripts.as_deref() == Some(scripts)
            });
            if let Some(page) = kept {
                self.kept.fetch_add(1, Ordering::Relaxed);
                self.note(relative.to_owned(), page)?;
                self.progress.step();
                return Ok(());
            }
        }
        let page = PageNote {
            inputs: inputs.to_owned(),
            scripts: scripts.to_vec(),
        };
        self.put_noted(relative, &render(), Copies::None, Some(page))
    }

    fn put_noted(
        &self,
        relative: &str,
        bytes: &[u8],
        copies: Copies,
        page: Option<PageNote>,
    ) -> Result<(), String> {
        let sha = sha256(bytes);
        let mut entry = match self.unchanged(relative, |e| e.sha256 == sha) {
            Some(entry) => {
                self.kept.fetch_add(1, Ordering::Relaxed);
                entry
            }
            None => self.write(relative, bytes, Some(sha.clone()), None)?,
        };
        if let Some(page) = page {
            entry.inputs = Some(page.inputs);
            entry.scripts = Some(page.scripts);
        }
        self.note(relative.to_owned(), entry)?;
        let (br, gz) = match copies {
            Copies::None => {
                self.progress.step();
                return Ok(());
            }
            Copies::Fast => (Err(FAST), None),
            Copies::Best => (Err(BEST), None),
            Copies::Given { br, gz } => (Ok(br), Some(gz)),
        };
        let br_name = format!("{relative}.br");
        let entry = match self.unchanged(&br_name, |e| e.from.as_ref() == Some(&sha)) {
            Some(entry) => entry,
            None => {
                let made = match br {
                    Ok(given) => given,
                    Err(quality) => brotli(bytes, quality)?,
                };
                self.write(&br_name, &made, None, Some(sha.clone()))?
            }
        };
        self.note(br_name, entry)?;
        let gz_name = format!("{relative}.gz");
        let entry = match self.unchanged(&gz_name, |e| e.from.as_ref() == Some(&sha)) {
            Some(entry) => entry,
            None => {
                let made = match gz {
                    Some(given) => given,
                    None => gzip(bytes)?,
                };
                self.write(&gz_name, &made, None, Some(sha.clone()))?
            }
        };
        self.note(gz_name, entry)?;
        self.progress.step();
        Ok(())
    }

    /// Puts a file made from a source whose SHA-256 is `from` (a preview drawn from a
    /// picture): made again only when the source changed.
    pub fn derive(
        &self,
        relative: &str,
        from: &str,
        make: impl FnOnce() -> Result<Vec<u8>, String>,
    ) -> Result<(), String> {
        let entry = match self.unchanged(relative, |e| e.from.as_deref() == Some(from)) {
            Some(entry) => {
                self.kept.fetch_add(1, Ordering::Relaxed);
                entry
            }
            None => self.write(relative, &make()?, None, Some(from.to_owned()))?,
        };
        self.note(relative.to_owned(), entry)?;
        self.progress.step();
        Ok(())
    }

    /// Removes what the folder holds but this publish did not write (besides the
    /// marker), then saves the record with the pages' `policy`.
    pub fn finish(self, keep: &[&str], policy: Option<String>) -> Result<Written, String> {
        let new = self
            .new
            .into_inner()
            .map_err(|_| "a publishing thread stopped unexpectedly".to_owned())?;
        let mut removed = 0;
        for relative in output::files_under(self.out)? {
            if new.contains_key(&relative)
                || relative == RECORD
                || keep.contains(&relative.as_str())
            {
                continue;
            }
            let path = self.out.join(&relative);
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            removed += 1;
        }
        // Folders empty out only when files go (a product that is gone leaves
        // `p/its-id/`); walking 10,000 of them for nothing was 3 % of a republish.
        if removed > 0 {
            remove_empty_folders(self.out)?;
        }
        let compressed = new
            .keys()
            .filter(|k| k.ends_with(".br") || k.ends_with(".gz"))
            .count();
        Record::save(new, policy, self.out)?;
        Ok(Written {
            written: self.written.into_inner(),
            kept: self.kept.into_inner(),
            removed,
            compressed,
        })
    }
}

/// Removes folders left empty under `dir` (a product that is gone leaves `p/its-id/`).
fn remove_empty_folders(dir: &Path) -> Result<bool, String> {
    let mut empty = true;
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let path = entry.path();
        if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) && remove_empty_folders(&path)? {
            std::fs::remove_dir(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        } else {
            empty = false;
        }
    }
    Ok(empty)
}
