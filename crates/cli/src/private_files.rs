//! The files a command was given as its own: serve's `--receipt-key`,
//! `--seller-secret-file`, SQLite `--db` (with its journal files) and notify.json;
//! publish's `--receipt-key` and SQLite `--reviews-from`. serve never answers them
//! and publish never copies them into a site, whatever the manifest names them as
//! (REVIEW8 section 8: a seller who keeps the receipt key beside shop.json had it
//! one studio save away from public). Other files of the seller's folder are
//! served only when named, and pictures only when their bytes are pictures
//! (crate::pictures); these never.
//!
//! A file is matched by what it is, not how it is spelled: the same file on disk
//! (links followed; a hard link too, on Unix), or, for one not made yet (SQLite's
//! `-wal` file), the same place in the same real folder.

use crate::store::Location;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file given to the command, and how it was given (for the refusal).
#[derive(Clone, Debug)]
struct Private {
    path: PathBuf,
    given_as: String,
}

/// The files a command was given as its own. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct PrivateFiles(Arc<Vec<Private>>);

impl PrivateFiles {
    /// Adds `path`, given as `given_as` (`--receipt-key`), if there is one.
    pub fn with(mut self, path: Option<&Path>, given_as: &str) -> PrivateFiles {
        if let Some(path) = path {
            Arc::make_mut(&mut self.0).push(Private {
                path: path.to_path_buf(),
                given_as: given_as.to_owned(),
            });
        }
        self
    }

    /// Adds `path` and the `.new` file beside it that replacing it writes first
    /// (`receipt-key rotate`, `seller-token --new-secret`).
    pub fn with_rewritten(self, path: Option<&Path>, given_as: &str) -> PrivateFiles {
        let replacing = path.map(|p| p.with_extension("new"));
        self.with(path, given_as).with(
            replacing.as_deref(),
            &format!("{given_as} (while replaced)"),
        )
    }

    /// Adds a SQLite database and its journal files (a PostgreSQL URL is no file).
    pub fn with_database(self, location: &Location, given_as: &str) -> PrivateFiles {
        let Location::Sqlite(path) = location else {
            return self;
        };
        let beside = |suffix: &str| {
            let mut name = path.as_os_str().to_os_string();
            name.push(suffix);
            PathBuf::from(name)
        };
        ["-wal", "-shm", "-journal"]
            .into_iter()
            .fold(self.with(Some(path), given_as), |files, suffix| {
                files.with(Some(&beside(suffix)), given_as)
            })
    }

    /// How `file` was given to the command, if it is one of its own files.
    pub fn given_as(&self, file: &Path) -> Option<&str> {
        self.0
            .iter()
            .find(|private| same_file(&private.path, file))
            .map(|private| private.given_as.as_str())
    }

    /// `Err` naming the file when `file` (the seller's file at `reference`) is one
    /// of the command's own files.
    pub fn refuse(&self, reference: &str, file: &Path) -> Result<(), String> {
        match self.given_as(file) {
            None => Ok(()),
            Some(given_as) => Err(format!(
                "\"{reference}\" ({}) is the file given as {given_as}: it is never served or \
                 published; name another file in the manifest",
                file.display()
            )),
        }
    }
}

/// Whether `a` and `b` are the same file: on Unix the same device and inode when
/// both exist; else the same name in the same real folder.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (real_place(a), real_place(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Where `path` is or would be: its real path when it exists, else its folder's
/// real path joined with its name.
fn real_place(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = path.canonicalize() {
        return Some(real);
    }
    let name = path.file_name()?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    Some(folder.canonicalize().ok()?.join(name))
}

#[cfg(test)]
mod tests {
    use super::PrivateFiles;
    use crate::store::Location;
    use std::path::PathBuf;

    struct Folder(PathBuf);

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn folder(name: &str) -> Folder {
        let dir =
            std::env::temp_dir().join(format!("microshop-private-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("shop/images")).expect("dir");
        Folder(dir)
    }

    #[test]
    fn a_file_given_is_known_however_it_is_reached() {
        let dir = folder("reached");
        let shop = dir.0.join("shop");
        std::fs::write(shop.join("receipt-key.json"), "{}").expect("key");
        std::fs::write(shop.join("seller-secret"), "s").expect("secret");
        std::fs::write(shop.join("images/a.png"), "a").expect("picture");
        let private = PrivateFiles::default()
            .with_rewritten(Some(&shop.join("receipt-key.json")), "--receipt-key")
            .with(
                Some(&shop.join("images/../seller-secret")),
                "--seller-secret-file",
            )
            .with_database(&Location::Sqlite(shop.join("orders.sqlite")), "--db")
            .with_database(&Location::Postgres("postgres://x@h/db".into()), "--db")
            .with(None, "--never");
        assert_eq!(
            private.given_as(&shop.join("receipt-key.json")),
            Some("--receipt-key")
        );
        assert_eq!(
            private.given_as(&shop.join("./images/../receipt-key.json")),
            Some("--receipt-key")
        );
        assert_eq!(
            private.given_as(&shop.join("seller-secret")),
            Some("--seller-secret-file")
        );
        // Not made yet: by its place.
        assert_eq!(
            private.given_as(&shop.join("orders.sqlite-wal")),
            Some("--db")
        );
        assert_eq!(
            private.given_as(&shop.join("receipt-key.new")),
            Some("--receipt-key (while replaced)")
        );
        assert_eq!(private.given_as(&shop.join("images/a.png")), None);
        assert_eq!(private.given_as(&shop.join("images/missing.png")), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(shop.join("receipt-key.json"), shop.join("images/k.png"))
                .expect("link");
            std::fs::hard_link(shop.join("seller-secret"), shop.join("images/s.png"))
                .expect("hard link");
            assert_eq!(
                private.given_as(&shop.join("images/k.png")),
                Some("--receipt-key")
            );
            assert_eq!(
                private.given_as(&shop.join("images/s.png")),
                Some("--seller-secret-file")
            );
        }
        let refused = private
            .refuse("seller-secret", &shop.join("seller-secret"))
            .expect_err("refused");
        assert!(
            refused.contains("\"seller-secret\"") && refused.contains("--seller-secret-file"),
            "{refused}"
        );
        assert!(private
            .refuse("images/a.png", &shop.join("images/a.png"))
            .is_ok());
    }
}
