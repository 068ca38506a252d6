//! `microshop notify test`: the binary's side (reading the shop and notify.json,
//! printing what each destination answered); the sending is the library's
//! (`notify::trial`).

use crate::check;
use crate::source::Source;
use microshop_cli::notify::{locate, trial, Config, Outcome, Shopfront};
use microshop_core::problem::group;
use microshop_core::{Catalog, Manifest};
use std::path::Path;

/// The shop read from its manifest, for the message's shop name and language.
struct ReadShop(Option<(Manifest, Catalog)>);

impl Shopfront for ReadShop {
    fn with_shop(&self, f: &mut dyn FnMut(&Manifest, &Catalog)) -> bool {
        match &self.0 {
            Some((manifest, catalog)) => {
                f(manifest, catalog);
                true
            }
            None => false,
        }
    }
}

/// Sends a test message to each destination (or `only`); fails when notify.json
/// has a problem or any destination did not take it.
pub fn test(manifest: &Path, notify: Option<&Path>, only: Option<&str>) -> Result<(), String> {
    let path = locate(notify, manifest).ok_or_else(|| {
        format!(
            "no notify.json beside {}: write one (docs/notify.md) or name it with --notify",
            manifest.display()
        )
    })?;
    let env = |name: &str| std::env::var(name).ok();
    let config = match Config::read(&path, &env) {
        Ok((config, warnings)) => {
            for w in group(&warnings) {
                eprintln!("  warning: {}: {w}", path.display());
            }
            config
        }
        Err(rejected) => {
            let problems: Vec<String> = group(&rejected.errors)
                .iter()
                .map(|p| format!("  error: {p}"))
                .collect();
            return Err(format!(
                "{} has problems:\n{}",
                path.display(),
                problems.join("\n")
            ));
        }
    };
    // A shop that cannot be read still gets its test message (named by nothing).
    let shop = ReadShop(
        check::load(&Source::File(manifest.to_path_buf()), false)
            .ok()
            .map(|shop| (shop.manifest, shop.catalog)),
    );
    let results = trial::send_test(&config, &shop, only, microshop_cli::store::now_ms())?;
    let mut failed = 0;
    for (name, outcome) in &results {
        match outcome {
            Outcome::Sent => println!("sent: {name} took the test message"),
            Outcome::Failed { error, .. } | Outcome::Gone { error } => {
                failed += 1;
                eprintln!("failed: {name}: {error}");
            }
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(format!(
            "{failed} of {} destination(s) did not take the test message",
            results.len()
        ))
    }
}
