//! A published site kept in step with the seller's manifest (`serve --manifest
//! SRC --site OUT`): after each studio save the site is published again, so buyers
//! see the change at once.
//!
//! Never half-written for a buyer: the new site is published whole into a folder
//! beside it (`.OUT.publishing`), then the two folders are exchanged in one atomic
//! rename (Linux `renameat2(RENAME_EXCHANGE)`), and the old one is deleted. A
//! request is answered from the old folder or the new one, never a mix of pages
//! being written. (Where the exchange is not available, two renames leave a moment
//! in which the site is missing and a buyer may get a 404; the next reload works.)

use crate::publish;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// What a publish says besides its figures, as `publish` prints it.
pub struct Notes {
    /// Under a base path, the `Sitemap:` line to add to the host's root robots.txt.
    pub robots_hint: Option<String>,
    /// Pictures published without their link preview, each naming its file.
    pub warnings: Vec<String>,
}

impl Notes {
    /// Each note, the robots.txt hint first.
    pub fn all(self) -> Vec<String> {
        self.robots_hint.into_iter().chain(self.warnings).collect()
    }
}

/// Publishes one site from one manifest, one publish at a time.
#[derive(Clone)]
pub struct Publisher {
    inner: Arc<Inner>,
}

struct Inner {
    site: PathBuf,
    dist: PathBuf,
    manifest: PathBuf,
    base_url: String,
    /// Who may frame the site (serve's `--frame-ancestors`).
    framing: crate::csp::Framing,
    /// The public half of serve's receipt key, written into the site as `publish
    /// --receipt-key` does, so a site copied to a static host still publishes it.
    receipt_keys: Option<microshop_cli::receipt::PublicKeys>,
    /// serve's store: each product's first reviews on its page (docs/trust.md).
    reviews: Option<Arc<crate::store::Store>>,
    one_at_a_time: Mutex<()>,
    /// A publish asked for by [`Publisher::republish_soon`] that has not started.
    waiting: AtomicBool,
    /// The files serve was given: never published into the site.
    private: crate::private_files::PrivateFiles,
}

impl Publisher {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        site: PathBuf,
        dist: PathBuf,
        manifest: PathBuf,
        base_url: String,
        framing: crate::csp::Framing,
        receipt_keys: Option<microshop_cli::receipt::PublicKeys>,
        reviews: Option<Arc<crate::store::Store>>,
        private: crate::private_files::PrivateFiles,
    ) -> Publisher {
        Publisher {
            inner: Arc::new(Inner {
                site,
                dist,
                manifest,
                base_url,
                framing,
                receipt_keys,
                reviews,
                one_at_a_time: Mutex::new(()),
                waiting: AtomicBool::new(false),
                private,
            }),
        }
    }

    /// Where the site is published for.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Publishes the manifest as it is now and swaps the result in; what the
    /// seller should hear of it (the robots.txt line to add under a base path,
    /// pictures published without their preview), as `publish` prints it.
    pub fn republish(&self) -> Result<Notes, String> {
        let _one = self
            .inner
            .one_at_a_time
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        self.publish_now()
    }

    /// Publishes again in the background, after a review was written, replied to,
    /// hidden or shown, or a problem raised, resolved or refunded, so the product
    /// pages say so. Requests coalesce: while one
    /// publish runs, any number of new ones make one more publish after it (which
    /// reads the store then), never a queue of them; a flood of reviews (rate-limited
    /// per address anyway) costs at most one publish at a time.
    pub fn republish_soon(&self) {
        if self.inner.reviews.is_none() || self.inner.waiting.swap(true, Ordering::AcqRel) {
            return;
        }
        let publisher = self.clone();
        tokio::task::spawn_blocking(move || {
            let inner = &publisher.inner;
            let _one = inner
                .one_at_a_time
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            // Cleared once this publish holds the lock: a change from now on is
            // after the store is read, and asks for the next one.
            inner.waiting.store(false, Ordering::Release);
            if let Err(e) = publisher.publish_now() {
                note!(
                    "warning: {} could not be published again after a review or a problem changed ({e}); buyers get it as it was",
                    inner.site.display()
                );
            }
        });
    }

    /// The publish itself; the caller holds `one_at_a_time`. Returns its notes
    /// ([`Publisher::republish`]).
    fn publish_now(&self) -> Result<Notes, String> {
        let inner = &self.inner;
        let site = &inner.site;
        let parent = site
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = site
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| format!("{}: not a folder name", site.display()))?;
        let fresh = parent.join(format!(".{name}.publishing"));
        if fresh.exists() {
            // Left by a publish that was stopped half-way.
            std::fs::remove_dir_all(&fresh)
                .map_err(|e| format!("cannot remove {}: {e}", fresh.display()))?;
        }
        let published = publish::run(&publish::Options {
            manifest: inner.manifest.clone(),
            out: fresh.clone(),
            base_url: inner.base_url.clone(),
            dist: inner.dist.clone(),
            framing: inner.framing.clone(),
            progress: publish::progress::When::Never,
            exits_after: false,
            // serve answers the well-known path itself too; the file is for the
            // folder's life on a static host.
            receipt_keys: inner.receipt_keys.clone(),
            // The reviews as they are at this publish, when the shop names serve's API
            // (a new review shows on the page at the next publish; the storefront
            // reads serve meanwhile).
            reviews_from: inner.reviews.clone().map(|store| publish::ReviewsFrom {
                store,
                required: false,
            }),
            private: inner.private.clone(),
        })
        .inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&fresh);
        })?;
        for warning in &published.warnings {
            note!("warning: {} published: {warning}", site.display());
        }
        let notes = Notes {
            robots_hint: published.robots_hint,
            warnings: published.warnings,
        };
        if !site.exists() {
            return std::fs::rename(&fresh, site).map(|()| notes).map_err(|e| {
                format!("cannot move {} to {}: {e}", fresh.display(), site.display())
            });
        }
        exchange(&fresh, site)?;
        // `fresh` holds the previous site now; a buyer still reading one of its
        // files keeps reading it (an open file outlives its name).
        if let Err(e) = std::fs::remove_dir_all(&fresh) {
            note!(
                "warning: the previous site in {} could not be removed: {e}",
                fresh.display()
            );
        }
        Ok(notes)
    }
}

/// Exchanges two folders' names at once.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<(), String> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| format!("{}: a NUL in the path", p.display()))
    };
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that live through the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(());
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        // Not supported by this kernel or file system: two renames.
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => two_renames(a, b),
        _ => Err(format!(
            "cannot swap {} and {}: {error}",
            a.display(),
            b.display()
        )),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<(), String> {
    two_renames(a, b)
}

fn two_renames(a: &Path, b: &Path) -> Result<(), String> {
    let aside = b.with_extension("previous-publish");
    let _ = std::fs::remove_dir_all(&aside);
    std::fs::rename(b, &aside).map_err(|e| format!("cannot move {} aside: {e}", b.display()))?;
    std::fs::rename(a, b)
        .map_err(|e| format!("cannot move {} to {}: {e}", a.display(), b.display()))?;
    std::fs::rename(&aside, a)
        .map_err(|e| format!("cannot move {} to {}: {e}", aside.display(), a.display()))
}

#[cfg(test)]
mod tests {
    use super::exchange;

    #[test]
    fn exchanges_two_folders() {
        let root = std::env::temp_dir().join(format!("microshop-exchange-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let (a, b) = (root.join("a"), root.join("b"));
        std::fs::create_dir_all(&a).expect("a");
        std::fs::create_dir_all(&b).expect("b");
        std::fs::write(a.join("x"), "new").expect("x");
        std::fs::write(b.join("x"), "old").expect("x");
        exchange(&a, &b).expect("exchanged");
        assert_eq!(std::fs::read_to_string(b.join("x")).expect("b/x"), "new");
        assert_eq!(std::fs::read_to_string(a.join("x")).expect("a/x"), "old");
        let _ = std::fs::remove_dir_all(&root);
    }
}
