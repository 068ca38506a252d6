//! The receipt key serve signs with, read again when its file changes: after
//! `microshop receipt-key rotate` every instance reading the file publishes the next
//! key at its next request, and after `rotate --activate` (or `--now`) signs with
//! it, no restart needed, so no instance
//! lists only the old key while another signs with the new (REVIEW8 11: a buyer
//! reaching the instance not restarted yet was told a genuine receipt was not the
//! shop's). A file that cannot be read (broken by hand, half written) keeps the last
//! good key signing, and the log says so once per change of the file.

use microshop_cli::receipt::Keyring;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

/// What identifies one state of the file: its modification time and length.
type Stamp = Option<(SystemTime, u64)>;

/// The key file and the last key read from it.
pub struct SigningKey {
    path: PathBuf,
    last: Mutex<(Stamp, Arc<Keyring>)>,
}

fn stamp(path: &std::path::Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

impl SigningKey {
    /// Reads the key at `path` (an error stops serve's start).
    pub fn open(path: PathBuf) -> Result<SigningKey, String> {
        let seen = stamp(&path);
        let ring = Keyring::load(&path)?;
        Ok(SigningKey {
            path,
            last: Mutex::new((seen, Arc::new(ring))),
        })
    }

    /// The key as the file says now (read again when it changed).
    pub fn now(&self) -> Arc<Keyring> {
        let seen = stamp(&self.path);
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if seen != last.0 {
            last.0 = seen;
            match Keyring::load(&self.path) {
                Ok(ring) => {
                    if ring.key_id() != last.1.key_id() {
                        note!(
                            "receipts are signed with key {} now ({} changed)",
                            ring.key_id(),
                            self.path.display()
                        );
                    }
                    last.1 = Arc::new(ring);
                }
                Err(e) => note!(
                    "--receipt-key changed and cannot be read ({e}): the last good key still signs ({})",
                    last.1.key_id()
                ),
            }
        }
        Arc::clone(&last.1)
    }
}
