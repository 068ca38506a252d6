//! `serve`'s side of announcements (docs/notify.md): notify.json read at start
//! (a broken one stops the server, or orders would be stored without their
//! announcements), and the worker run beside the endpoint until shutdown.

use super::shop::CurrentShop;
use crate::store::Store;
use microshop_cli::notify::runner;
use microshop_cli::notify::{locate, Clock, Config, Shopfront, Worker};
use microshop_core::problem::group;
use microshop_core::{Catalog, Manifest};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The shop as buyers see it now (the last valid reading while an edit is broken),
/// for the words of messages.
struct ServedShop(Arc<CurrentShop>);

impl Shopfront for ServedShop {
    fn with_shop(&self, f: &mut dyn FnMut(&Manifest, &Catalog)) -> bool {
        match &self.0.recent().reading.shop {
            Ok(shop) => {
                f(&shop.manifest, &shop.catalog);
                true
            }
            Err(_) => false,
        }
    }
}

/// notify.json (`given`, else beside `manifest`), or no destinations without one.
/// Refused when it has a problem, or when it lies in a folder served as it is
/// (`served`): its secrets would be anyone's.
pub fn config(given: Option<&Path>, manifest: &Path, served: &[&Path]) -> Result<Config, String> {
    let Some(path) = locate(given, manifest) else {
        return Ok(Config::default());
    };
    if let Some(folder) = served.iter().find(|f| inside(&path, f)) {
        return Err(format!(
            "{} is inside {}, which is served to everyone as it is: its secrets would be public. Move it out (beside the shop's own files is fine when they are not a served folder) and name it with --notify",
            path.display(),
            folder.display()
        ));
    }
    let env = |name: &str| std::env::var(name).ok();
    match Config::read(&path, &env) {
        Ok((config, warnings)) => {
            for w in group(&warnings) {
                note!("{}: warning: {w}", path.display());
            }
            note!(
                "announcing orders to {} destination(s) from {}: {}",
                config.destinations.len(),
                path.display(),
                config
                    .destinations
                    .iter()
                    .map(|d| format!("{} ({})", d.name, d.kind.name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(config)
        }
        Err(rejected) => {
            let problems: Vec<String> = group(&rejected.errors)
                .iter()
                .map(|p| format!("  error: {p}"))
                .collect();
            let n = rejected.errors.len();
            Err(format!(
                "{} has {n} problem{}, so no order would be announced; fix it (microshop check shows them too):\n{}",
                path.display(),
                if n == 1 { "" } else { "s" },
                problems.join("\n")
            ))
        }
    }
}

/// Whether `path` is `folder` or inside it (both as the file system resolves them).
fn inside(path: &Path, folder: &Path) -> bool {
    let resolve = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p));
    resolve(path).starts_with(resolve(folder))
}

/// Starts the worker when there are destinations; it stops when `stop` turns
/// true, after its sends in flight are finished and marked.
pub fn start(
    config: Arc<Config>,
    store: Arc<Store>,
    shop: Arc<CurrentShop>,
    stop: watch::Receiver<bool>,
) -> Option<JoinHandle<()>> {
    if config.destinations.is_empty() {
        return None;
    }
    let mut random = [0u8; 6];
    let _ = getrandom::getrandom(&mut random);
    let owner = format!(
        "{}-{}",
        std::process::id(),
        random
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let worker = Worker::new(
        store,
        config,
        Arc::new(ServedShop(shop)),
        Clock::system(),
        owner,
    );
    Some(tokio::spawn(runner::run(Arc::new(worker), stop)))
}
