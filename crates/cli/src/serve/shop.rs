//! The shop as the seller's files say now: decoded once and kept until the files
//! change, so an order does not re-read and re-decode the manifest (or fetch a
//! remote catalog) every time, and an edit is still seen by the next order.
//!
//! An edit that breaks a shop that worked does not reach buyers: the last valid
//! reading is kept and served (as /shop.json and for verifying orders) until the
//! files are valid again, and the seller is told on stderr, once per change.

use crate::check::{self, Shop};
use crate::source::{site_path, Source};
use crate::store::rfc3339;
use microshop_core::problem::{group, thousands};
use microshop_core::{Catalog, CatalogSource, Manifest, Problem, Rejected};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant, SystemTime};

/// How long a catalog fetched over http is trusted. There is no file to watch, so
/// it is fetched again after this; a seller's price change shows within a minute.
const REMOTE_CATALOG_MAX_AGE: Duration = Duration::from_secs(60);
/// A failed fetch is retried sooner, but not by every order that arrives meanwhile.
const FAILED_FETCH_MAX_AGE: Duration = Duration::from_secs(5);

/// One reading of the seller's files.
pub struct Reading {
    /// The shop, or why it cannot take orders (said to the buyer's storefront).
    pub shop: Result<Arc<Shop>, String>,
    /// The manifest's text as read (served as /shop.json), with a spreadsheet
    /// catalog put inline as JSON; `None` when unreadable.
    pub text: Option<Arc<str>>,
    /// The manifest's bytes when they are not UTF-8, served as they are so the
    /// storefront tells the seller.
    pub raw: Option<Arc<[u8]>>,
    /// Every error `microshop check` reports for these files, missing images
    /// included (those do not stop orders), and the warnings.
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// The named files answered 404 because their real path leaves the seller's
    /// folder (a link out of it), as warnings (also among `warnings`).
    pub outside: Vec<Problem>,
    /// Site paths of the files named as pictures whose bytes are no picture (the
    /// receipt key named as a product image): answered 404, and errors among
    /// `problems` (crate::pictures).
    pub not_pictures: BTreeSet<String>,
    /// When the files were read.
    pub read_at: SystemTime,
    /// Site paths (see [`site_path`]) of the seller's files the manifest and catalog
    /// name: the separate catalog, product images, the seller's avatar. Only these
    /// are served from the manifest's directory.
    pub files: BTreeSet<String>,
    /// The local files read, as they were; a change to any means read again.
    stamps: Vec<(PathBuf, Option<Stamp>)>,
    /// When a catalog was fetched over http (or failed to be), if one was.
    fetched: Option<(Instant, bool)>,
    /// A file was modified just before it was read: another edit within the file
    /// system's clock granularity would keep its stamp, so the next request reads
    /// again rather than trust it (git's "racily clean" rule).
    racy: bool,
}

/// How close to its reading a file's modification counts as racy: more than any file
/// system's timestamp granularity (FAT has two seconds).
const RACY_WINDOW: Duration = Duration::from_secs(3);

/// What tells a file changed without reading it. Size too, since a file system's
/// clock may be coarser than two quick edits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().map(|m| Stamp {
        modified: m.modified().ok(),
        len: m.len(),
    })
}

impl Reading {
    /// Whether this reading can take orders.
    pub fn is_valid(&self) -> bool {
        self.shop.is_ok()
    }

    /// When the files were read, as RFC 3339 UTC.
    pub fn read_at_text(&self) -> String {
        let secs = self
            .read_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        rfc3339(secs)
    }

    fn is_current(&self) -> bool {
        let files_unchanged = self.stamps.iter().all(|(path, was)| stamp(path) == *was);
        let fetch_fresh = self.fetched.is_none_or(|(at, ok)| {
            let max_age = if ok {
                REMOTE_CATALOG_MAX_AGE
            } else {
                FAILED_FETCH_MAX_AGE
            };
            at.elapsed() < max_age
        });
        !self.racy && files_unchanged && fetch_fresh
    }
}

/// What `serve` answers with.
pub struct Serving {
    /// What buyers get and orders are verified against: the latest reading, or
    /// the last valid one while the latest is broken.
    pub reading: Arc<Reading>,
    /// The latest reading, whose problems the seller is told.
    pub latest: Arc<Reading>,
}

impl Serving {
    /// Whether an older, valid reading stands in for a broken latest one.
    pub fn is_fallback(&self) -> bool {
        !Arc::ptr_eq(&self.reading, &self.latest)
    }
}

/// The shop of one manifest file, read again only when needed.
pub struct CurrentShop {
    manifest: PathBuf,
    last: Mutex<Option<Arc<Reading>>>,
    /// The latest reading that could take orders.
    valid: Mutex<Option<Arc<Reading>>>,
    /// Held while the files are read, so many orders arriving after an edit cause
    /// one reading, not one each. Never held together with the order database.
    reading: Mutex<()>,
}

/// A panic while a lock was held leaves nothing half-written here (a reading is
/// swapped in whole), so a poisoned lock is used as it is.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl CurrentShop {
    pub fn new(manifest: PathBuf) -> CurrentShop {
        CurrentShop {
            manifest,
            last: Mutex::new(None),
            valid: Mutex::new(None),
            reading: Mutex::new(()),
        }
    }

    fn last_if_current(&self) -> Option<Arc<Reading>> {
        lock(&self.last).clone().filter(|r| r.is_current())
    }

    /// The shop as the files say now (or as they last said validly); reads them if
    /// they changed. Blocks while another request reads them (at most the fetch
    /// timeout of a remote catalog).
    pub fn now(&self) -> Serving {
        let latest = self.latest();
        self.serving(latest)
    }

    fn serving(&self, latest: Arc<Reading>) -> Serving {
        // A catalog host that fails is not the seller's edit: orders get 503 and the
        // storefront resends, rather than being checked against a catalog an hour old.
        let catalog_host_failed = latest.fetched.is_some_and(|(_, ok)| !ok);
        let reading = if latest.is_valid() || catalog_host_failed {
            Arc::clone(&latest)
        } else {
            lock(&self.valid)
                .clone()
                .unwrap_or_else(|| Arc::clone(&latest))
        };
        Serving { reading, latest }
    }

    fn latest(&self) -> Arc<Reading> {
        if let Some(current) = self.last_if_current() {
            return current;
        }
        let _only_reader = lock(&self.reading);
        // Another request may have read them while this one waited.
        if let Some(current) = self.last_if_current() {
            return current;
        }
        let fresh = Arc::new(read(&self.manifest));
        let valid_before = lock(&self.valid).clone();
        if fresh.is_valid() {
            *lock(&self.valid) = Some(Arc::clone(&fresh));
        }
        let previous = lock(&self.last).replace(Arc::clone(&fresh));
        let report = report(
            &self.manifest,
            previous.as_deref(),
            &fresh,
            valid_before.as_deref(),
        );
        for line in report
            .into_iter()
            .chain(outside_report(previous.as_deref(), &fresh))
        {
            note!("{line}");
        }
        fresh
    }

    /// Holds the files as another request reading them would.
    #[cfg(test)]
    pub fn hold_reading(&self) -> MutexGuard<'_, ()> {
        lock(&self.reading)
    }

    /// Like [`CurrentShop::now`], but while another request is reading the files
    /// the previous reading is good enough: a static file must not wait for a
    /// catalog host.
    pub fn recent(&self) -> Serving {
        let busy = matches!(self.reading.try_lock(), Err(TryLockError::WouldBlock));
        // Bound first: a guard in a match scrutinee would live through `now()` below.
        let last = lock(&self.last).clone();
        match (busy, last) {
            (true, Some(last)) => self.serving(last),
            _ => self.now(),
        }
    }
}

/// What to tell the seller about a fresh reading, line by line: nothing when its
/// problems are those of the reading before (a file saved twice, a racy re-read),
/// every problem when they changed, and that it is fixed when they are gone.
fn report(
    manifest: &Path,
    previous: Option<&Reading>,
    fresh: &Reading,
    valid_before: Option<&Reading>,
) -> Vec<String> {
    let unchanged =
        previous.is_some_and(|p| p.problems == fresh.problems && p.is_valid() == fresh.is_valid());
    if unchanged {
        return Vec::new();
    }
    let file = manifest.display();
    let count = fresh.problems.len();
    if count == 0 {
        return match previous {
            Some(_) => vec![format!("{file} is fixed; buyers see it now")],
            None => Vec::new(),
        };
    }
    let problems = if count == 1 { "problem" } else { "problems" };
    let consequence = match (fresh.is_valid(), valid_before) {
        (true, _) => "the shop still takes orders, but check calls these errors".to_owned(),
        (false, Some(valid)) => format!(
            "buyers still see the last valid version (read {}) and orders are checked against it until this is fixed",
            valid.read_at_text()
        ),
        (false, None) => "orders will be refused until it is fixed".to_owned(),
    };
    let mut lines = vec![format!(
        "warning: {file} has {} {problems}; {consequence}:",
        thousands(count)
    )];
    lines.extend(
        group(&fresh.problems)
            .iter()
            .map(|p| format!("  error: {p}")),
    );
    lines
}

/// The named files serve answers 404 (links out of the seller's folder), said as
/// warnings at start and whenever they change: `check` warns of them too.
fn outside_report(previous: Option<&Reading>, fresh: &Reading) -> Vec<String> {
    if previous.is_some_and(|p| p.outside == fresh.outside) {
        return Vec::new();
    }
    group(&fresh.outside)
        .iter()
        .map(|p| format!("warning: {p}"))
        .collect()
}

/// Reads the manifest (and its catalog) once, as `microshop check` does. Each
/// file's stamp is taken before it is read, so an edit made during the reading is
/// seen by the next one.
fn read(manifest_path: &Path) -> Reading {
    let started = SystemTime::now();
    let source = Source::File(manifest_path.to_path_buf());
    let mut stamps = vec![(manifest_path.to_path_buf(), stamp(manifest_path))];
    let mut files = BTreeSet::new();
    let mut fetched_at = None;
    let read_text = check::read_manifest(&source);
    let mut text = read_text.as_deref().ok().map(Arc::<str>::from);
    // A manifest that is not UTF-8 goes to the storefront as it is, which says so
    // (never as text with replacement characters, which would look valid).
    let raw = match &read_text {
        Err(_) => std::fs::read(manifest_path).ok().map(Arc::<[u8]>::from),
        Ok(_) => None,
    };
    let mut sheet_file = None;
    let loaded = read_text
        .and_then(|text| check::manifest_from(&text))
        .and_then(|(manifest, warnings)| {
            name_manifest_files(&manifest, &mut files);
            if let CatalogSource::Remote { url } = &manifest.catalog {
                match source.join(url) {
                    Source::File(path) => {
                        let was = stamp(&path);
                        stamps.push((path, was));
                    }
                    Source::Url(_) => fetched_at = Some(Instant::now()),
                }
            }
            let (catalog, sheet, warnings) =
                check::load_catalog_with_sheet(&source, &manifest, warnings)?;
            name_catalog_files(&catalog, &mut files);
            // A spreadsheet catalog reaches buyers inside /shop.json, as JSON; the
            // sheet itself is not served (it may hold columns the seller keeps).
            if let (Some(sheet), CatalogSource::Remote { url }) = (&sheet, &manifest.catalog) {
                if let Some(path) = site_path(url) {
                    files.remove(&path);
                }
                if let Some(inline) = text
                    .as_deref()
                    .and_then(|t| check::with_catalog_inline(t, &sheet.json))
                {
                    text = Some(Arc::from(inline));
                }
            }
            sheet_file = sheet;
            Ok(Shop {
                manifest,
                catalog,
                warnings,
            })
        });
    let mut not_pictures = BTreeSet::new();
    let (shop, problems, warnings, outside) = match loaded {
        Ok(shop) => {
            let mut missing =
                check::missing_files(&source, &shop.manifest, &shop.catalog, sheet_file.as_ref());
            missing.extend(check::stylesheet_problems(&source, &shop.manifest));
            for wrong in crate::pictures::not_pictures(
                &source,
                &shop.manifest,
                &shop.catalog,
                sheet_file.as_ref(),
            ) {
                not_pictures.insert(wrong.site);
                missing.push(wrong.problem);
            }
            let outside =
                check::outside_files(&source, &shop.manifest, &shop.catalog, sheet_file.as_ref());
            let mut warnings = shop.warnings.clone();
            warnings.extend(outside.iter().cloned());
            (Ok(Arc::new(shop)), missing, warnings, outside)
        }
        Err(Rejected { errors, warnings }) => {
            (Err(first_problem(&errors)), errors, warnings, Vec::new())
        }
    };
    // Only the catalog can fail after a fetch started, so the shop's fate is the fetch's.
    let fetched = fetched_at.map(|at| (at, shop.is_ok()));
    let racy = stamps.iter().any(|(_, was)| {
        was.and_then(|s| s.modified)
            .is_some_and(|modified| modified + RACY_WINDOW > started)
    });
    Reading {
        shop,
        text,
        raw,
        problems,
        warnings,
        outside,
        not_pictures,
        read_at: started,
        files,
        stamps,
        fetched,
        racy,
    }
}

/// Why the shop cannot take orders, in a sentence for the buyer's storefront.
fn first_problem(errors: &[Problem]) -> String {
    errors.first().map_or_else(
        || "the manifest has problems (microshop check lists them)".to_owned(),
        |e| format!("{e} (microshop check lists every problem)"),
    )
}

/// The seller's files the manifest itself names (core's `Manifest::named_files`):
/// the separate catalog, the avatar, the payment QR code, the theme's font files
/// and stylesheet.
fn name_manifest_files(manifest: &Manifest, files: &mut BTreeSet<String>) {
    files.extend(
        manifest
            .named_files()
            .filter_map(|(_, reference)| site_path(reference)),
    );
}

/// The seller's files the catalog names: product images. (The storefront resolves
/// them against the manifest's URL, also when the catalog is a separate file.)
fn name_catalog_files(catalog: &Catalog, files: &mut BTreeSet<String>) {
    files.extend(
        catalog
            .products
            .iter()
            .flat_map(|p| &p.images)
            .filter_map(|image| site_path(image)),
    );
}

#[cfg(test)]
#[path = "shop_tests.rs"]
mod tests;
