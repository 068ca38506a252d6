//! Stock held by unpaid orders goes back on sale after a time the seller chose
//! (`--unpaid-hold`, e.g. `48h`; `never` by default). Orders need no payment, and an
//! accepted order takes its counted units at once (docs/store.md "Stock"): without
//! this, one order nobody pays for keeps every later buyer from what it took until
//! the seller cancels it by hand.
//!
//! Each minute the sweep cancels, as the seller's cancel would (one status change
//! each: the `cancelled` status with its reason, a history event by `system`, the
//! counted units put back, the status announcements), every order of the shop still
//! `new` that was received longer ago than the hold and holds counted stock. An
//! order the seller marked paid, shipped or cancelled meanwhile is left alone: the
//! change carries the version the sweep read, so it loses to any other change. Two
//! instances sweeping at once cancel each order once (the second's change is stale).
//! An order that took no counted unit keeps nobody from buying: it waits for the
//! seller. The buyer's order page shows the cancellation and its reason.

use super::shutdown::Shutdown;
use super::stock::Stockroom;
use crate::store::{now_ms, Changed, StatusChange, Store};
use microshop_cli::notify::Config;
use microshop_core::order::status::{Change, Status};
use std::sync::Arc;
use std::time::Duration;

/// How often the sweep looks.
const EVERY: Duration = Duration::from_secs(60);
/// Orders cancelled in one sweep at most (the next sweep takes the rest).
const BATCH: i64 = 200;
/// The shortest hold: shorter than a buyer needs to pay.
const MIN_MINUTES: u64 = 10;
/// The longest: a year.
const MAX_MINUTES: u64 = 366 * 24 * 60;

/// A hold: how long an unpaid order keeps its units, and how it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    pub ms: i64,
    /// The seller's words for it, as the cancellation reason says it (`48 hours`).
    pub said: String,
}

/// `--unpaid-hold`: a whole number with `m` (minutes), `h` (hours) or `d` (days),
/// from 10 minutes to 366 days, or `never`.
pub fn parse_hold(text: &str) -> Result<Option<Hold>, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    let bad = || {
        format!(
            "--unpaid-hold \"{text}\": a whole number of minutes, hours or days (for example 30m, 48h or 3d, \
             from {MIN_MINUTES}m to {}d), or never",
            MAX_MINUTES / 1440
        )
    };
    let split = text.len().saturating_sub(1);
    let (number, unit) = (text.get(..split).ok_or_else(bad)?, text.get(split..));
    let (per, word) = match unit {
        Some("m" | "M") => (1, "minute"),
        Some("h" | "H") => (60, "hour"),
        Some("d" | "D") => (1440, "day"),
        _ => return Err(bad()),
    };
    let n: u64 = number.parse().map_err(|_| bad())?;
    let minutes = n.checked_mul(per).ok_or_else(bad)?;
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        return Err(bad());
    }
    let ms = i64::try_from(minutes * 60_000).map_err(|_| bad())?;
    let said = format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    Ok(Some(Hold { ms, said }))
}

/// The reason an order cancelled by the sweep carries (the buyer's order page and
/// the seller's desk show it).
pub fn reason(hold: &Hold) -> String {
    format!(
        "Not paid within {}: the items went back on sale.",
        hold.said
    )
}

/// One sweep at `now` over `shop_id`'s orders: the ids of the orders cancelled.
pub fn sweep(
    store: &Store,
    notify: &Config,
    shop_id: &str,
    hold: &Hold,
    now: i64,
) -> Result<Vec<String>, String> {
    let due = store
        .unpaid_holding_stock(shop_id, now.saturating_sub(hold.ms), BATCH)
        .map_err(|e| e.message)?;
    let change = Change::Cancelled {
        reason: reason(hold),
    };
    let mut cancelled = Vec::new();
    for (order_id, version) in due {
        let announce = notify.status_announcements(&order_id, Status::Cancelled);
        let changed = store
            .change_status(&StatusChange {
                order_id: &order_id,
                change: &change,
                expected_version: Some(version),
                actor: "system",
                now_ms: now,
                announce: &announce,
            })
            .map_err(|e| e.message)?;
        // Stale: the seller (or another instance) changed it since it was read.
        if matches!(changed, Changed::Done { .. }) {
            cancelled.push(order_id);
        }
    }
    Ok(cancelled)
}

/// Runs the sweep every minute until the server stops (nothing with `never`).
pub fn start(
    store: Arc<Store>,
    stock: Arc<Stockroom>,
    notify: Arc<Config>,
    hold: Option<Hold>,
    shutdown: &Shutdown,
) {
    let Some(hold) = hold else {
        return;
    };
    let stop = shutdown.token();
    shutdown.spawn(async move {
        // A manifest that cannot be read is said once, not each minute.
        let mut unreadable: Option<String> = None;
        loop {
            // The shop as it is now (its id may change with an edited manifest).
            match stock.shop_for_orders() {
                Ok(shop) => {
                    unreadable = None;
                    let (store, notify, held) =
                        (Arc::clone(&store), Arc::clone(&notify), hold.clone());
                    let swept = tokio::task::spawn_blocking(move || {
                        sweep(&store, &notify, &shop.manifest.id, &held, now_ms())
                    })
                    .await;
                    match swept {
                        Ok(Ok(ids)) if ids.is_empty() => {}
                        Ok(Ok(ids)) => note!(
                            "unpaid hold: cancelled {} unpaid order(s) older than {} and put their stock back: {}",
                            ids.len(),
                            hold.said,
                            ids.join(", ")
                        ),
                        Ok(Err(e)) => note!("unpaid hold: the sweep failed, next try in a minute: {e}"),
                        Err(_) => note!("unpaid hold: the sweep stopped unexpectedly"),
                    }
                }
                Err(e) => {
                    if unreadable.as_ref() != Some(&e) {
                        note!("unpaid hold: no valid shop to sweep ({e}); trying each minute");
                        unreadable = Some(e);
                    }
                }
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
    use super::{parse_hold, reason, Hold};

    #[test]
    fn minutes_hours_days_or_never() {
        let hold = |ms: i64, said: &str| {
            Ok(Some(Hold {
                ms,
                said: said.into(),
            }))
        };
        assert_eq!(parse_hold("48h"), hold(48 * 3_600_000, "48 hours"));
        assert_eq!(parse_hold(" 1d "), hold(86_400_000, "1 day"));
        assert_eq!(parse_hold("30m"), hold(1_800_000, "30 minutes"));
        assert_eq!(parse_hold("never"), Ok(None));
        for bad in [
            "",
            "h",
            "48",
            "48 h",
            "9m",
            "-1h",
            "1.5h",
            "367d",
            "99999999999999999999d",
            "2w",
        ] {
            let e = parse_hold(bad).expect_err(bad);
            assert!(
                e.contains("--unpaid-hold") && e.contains("48h"),
                "{bad}: {e}"
            );
        }
        let said = parse_hold("2d").ok().flatten().map(|h| reason(&h));
        assert_eq!(
            said.as_deref(),
            Some("Not paid within 2 days: the items went back on sale.")
        );
    }
}
