//! The worker as `serve` runs it: up to [`BATCH`] announcements in flight, each on
//! a blocking thread of its own (the store and the sender block), so a receiver
//! that hangs holds one slot for its time limit, not the others. It looks for due
//! announcements every second (other instances write them too), and stops when
//! told: it takes nothing new, lets every send in flight finish and be marked, and
//! returns.

use super::worker::{Worker, BATCH};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How often the outbox is asked for due announcements while idle.
pub const POLL: Duration = Duration::from_secs(1);

/// Runs `worker` until `stop` turns true (or its sender is dropped), then waits
/// for the sends in flight and their marks.
pub async fn run(worker: Arc<Worker>, mut stop: watch::Receiver<bool>) {
    let mut in_flight: JoinSet<()> = JoinSet::new();
    loop {
        // A dropped sender stops the worker too.
        if *stop.borrow() || stop.has_changed().is_err() {
            break;
        }
        let free = BATCH.saturating_sub(u32::try_from(in_flight.len()).unwrap_or(BATCH));
        let mut claimed_all = false;
        if free > 0 {
            let w = Arc::clone(&worker);
            match tokio::task::spawn_blocking(move || w.claim(free)).await {
                Ok(Ok(claimed)) => {
                    claimed_all = u32::try_from(claimed.len()).unwrap_or(0) == free;
                    for announcement in claimed {
                        let w = Arc::clone(&worker);
                        in_flight.spawn_blocking(move || {
                            if let Err(e) = w.deliver(&announcement) {
                                say(&format!(
                                    "announcement {}: the store failed while marking it: {e} (its lease runs out, then it is sent again)",
                                    announcement.id
                                ));
                            }
                        });
                    }
                }
                Ok(Err(e)) => say(&format!("announcements: the store failed: {e}")),
                Err(_) => say("announcements: claiming stopped unexpectedly"),
            }
        }
        while in_flight.try_join_next().is_some() {}
        if claimed_all {
            // More may be due: claim again as soon as a slot is free.
            if in_flight.len() >= BATCH as usize {
                tokio::select! {
                    _ = in_flight.join_next() => {}
                    _ = stop.changed() => {}
                }
            }
            continue;
        }
        tokio::select! {
            _ = stop.changed() => {}
            () = tokio::time::sleep(POLL) => {}
            Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
        }
    }
    // Finish what was started: each send ends within its time limit, then is marked.
    while in_flight.join_next().await.is_some() {}
}

fn say(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{line}");
}
