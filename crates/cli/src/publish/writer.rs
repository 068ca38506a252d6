//! Writing the output folder from many threads: each file is written (and its
//! `.br`/`.gz` copies made) only when the last publish's record does not already
//! have it, unchanged, on disk. Files no longer published are removed at the end,
//! but the app files of the build before: a page still open on it (a tab without the
//! offline worker, an embed's frame) fetches its parts lazily, and finds them.

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
    /// App files of the build before (and their copies), kept for the pages still
    /// open on it until another build replaces this one.
    pub retained: usize,
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

    fn note(&self, relative: String, mut entry: Entry) -> Result<(), String> {
        // Published again (a build put back): no longer of a build before.
        entry.retired = None;
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
            retired: None,
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
    /// marker), then saves the record with the pages' `policy`. The app files of the
    /// build before this one's stay one build longer (docs/publishing.md): a page
    /// opened before the publish, without the offline worker, loads its parts (the
    /// cart's, the share panel's, a language's words) lazily, by their hashed names,
    /// and would get 404s; hashed names never change content, so keeping them is safe.
    pub fn finish(self, keep: &[&str], policy: Option<String>) -> Result<Written, String> {
        let mut new = self
            .new
            .into_inner()
            .map_err(|_| "a publishing thread stopped unexpectedly".to_owned())?;
        let build = build_of(&new);
        let mut retired = BTreeMap::new();
        let mut removed = 0;
        for relative in output::files_under(self.out)? {
            if new.contains_key(&relative)
                || relative == RECORD
                || keep.contains(&relative.as_str())
            {
                continue;
            }
            let path = self.out.join(&relative);
            let last = self
                .old
                .get(&relative)
                .filter(|e| of_a_build(&relative) && intact(&path, e));
            // Of the build the last publish served, or of the one before it while the
            // build that replaced it is still this one.
            if let Some(last) = last.filter(|e| e.retired.as_ref().is_none_or(|by| *by == build)) {
                let entry = Entry {
                    retired: Some(build.clone()),
                    ..last.clone()
                };
                retired.insert(relative, entry);
                continue;
            }
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
        let retained = retired.len();
        new.append(&mut retired);
        Record::save(new, policy, self.out)?;
        Ok(Written {
            written: self.written.into_inner(),
            kept: self.kept.into_inner(),
            removed,
            retained,
            compressed,
        })
    }
}

/// Whether `relative` is an app file with a build hash in its name
/// (`split_buying-0123456789abcdef.wasm`, `words/ja-….txt`) or a compressed copy of one.
fn of_a_build(relative: &str) -> bool {
    let file = relative
        .strip_suffix(".br")
        .or_else(|| relative.strip_suffix(".gz"))
        .unwrap_or(relative);
    crate::serve::files::is_hashed_asset(file)
}

/// The build a publish serves, named by its app files (their names hold their
/// content's hash): the same build, republished with a new price, is the same name.
fn build_of(files: &BTreeMap<String, Entry>) -> String {
    let names: Vec<&str> = files
        .keys()
        .filter(|k| of_a_build(k))
        .map(String::as_str)
        .collect();
    sha256(names.join("\n").as_bytes())[..16].to_owned()
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
