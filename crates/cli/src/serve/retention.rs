//! Keeping buyers' personal data only as long as the seller chose (`--retention-days`,
//! default 180): a sweep at start and then every hour clears the name, phone, e-mail,
//! address and note of orders completed or cancelled longer ago than that (the store's
//! `clear_personal_before`, which also clears the name their reviews were shown
//! under); the order stays for the books. Several instances may sweep at once: an
//! order is cleared once (the store skips cleared ones). A site serve keeps
//! published is published again after a sweep that cleared any, so a cleared
//! review name leaves its product's page too.
//!
//! The same hourly sweep prunes buyers' request nonces older than
//! `NONCE_KEEP_DAYS` (docs/trust.md "Replays"), whatever the retention: a nonce
//! names no buyer, but kept forever the table only grows.

use super::desk::Publisher;
use super::shutdown::Shutdown;
use crate::store::{now_ms, Store, PRUNE_BATCH};
use std::sync::Arc;
use std::time::Duration;

/// The default: half a year after an order was completed, time for returns,
/// warranty questions and disputes.
pub const DEFAULT_DAYS: u32 = 180;

/// How often the sweep runs.
const EVERY: Duration = Duration::from_secs(3600);

const DAY_MS: i64 = 86_400_000;

/// `--retention-days`: a number of days (at least 1), or `never`.
pub fn parse_days(text: &str) -> Result<Option<u32>, String> {
    if text.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(days) if days >= 1 => Ok(Some(days)),
        _ => Err(format!(
            "--retention-days \"{text}\": a whole number of days (1 or more), or never"
        )),
    }
}

/// One sweep at `now`: how many orders were cleared.
pub fn sweep(store: &Store, days: u32, now: i64) -> Result<u64, String> {
    let cutoff = now.saturating_sub(i64::from(days).saturating_mul(DAY_MS));
    store
        .clear_personal_before(cutoff, now)
        .map_err(|e| e.message)
}

/// Nonces older than `NONCE_KEEP_DAYS` at `now`, pruned a batch per transaction:
/// how many.
pub fn prune_nonces(store: &Store, now: i64) -> Result<u64, String> {
    store.prune_nonces(now, PRUNE_BATCH).map_err(|e| e.message)
}

/// Runs the sweep at start and every hour until the server stops: personal data
/// past `days` (none with `--retention-days never`), and old nonces always.
pub fn start(
    store: Arc<Store>,
    days: Option<u32>,
    publisher: Option<Publisher>,
    shutdown: &Shutdown,
) {
    let stop = shutdown.token();
    shutdown.spawn(async move {
        loop {
            if let Some(days) = days {
                let store = Arc::clone(&store);
                let swept =
                    tokio::task::spawn_blocking(move || sweep(&store, days, now_ms())).await;
                match swept {
                    Ok(Ok(0)) => {}
                    Ok(Ok(n)) => {
                        note!(
                            "retention: cleared the personal data of {n} order(s) completed or cancelled more than {days} days ago"
                        );
                        if let Some(site) = &publisher {
                            site.republish_soon();
                        }
                    }
                    Ok(Err(e)) => note!("retention: the sweep failed, next try in an hour: {e}"),
                    Err(_) => note!("retention: the sweep stopped unexpectedly"),
                }
            }
            let store = Arc::clone(&store);
            let pruned = tokio::task::spawn_blocking(move || prune_nonces(&store, now_ms())).await;
            match pruned {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    note!("retention: pruning old nonces failed, next try in an hour: {e}")
                }
                Err(_) => note!("retention: pruning old nonces stopped unexpectedly"),
            }
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(EVERY) => {}
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::parse_days;

    #[test]
    fn days_or_never() {
        assert_eq!(parse_days("180"), Ok(Some(180)));
        assert_eq!(parse_days("never"), Ok(None));
        assert!(parse_days("0").is_err());
        assert!(parse_days("six months").is_err());
    }
}
