//! The worker inside `microshop serve`: takes due announcements from the outbox
//! with a lease, sends each from the server, and marks it sent, failed (with the
//! next attempt's time) or dead, each attempt recorded in the order's history.
//!
//! Time and the retries' randomness come from a [`Clock`], so tests run the worker
//! pass by pass on a clock of their own and never wait for a backoff.

use super::config::{Config, Delivery};
use super::facts::{gather, Shopfront, Unrenderable};
use super::formats::outgoing;
use super::send::{Outcome, Sender};
use crate::store::{Announcement, ClaimScope, Store, StoreError};
use microshop_core::delivery::retry::RetryPolicy;
use std::sync::Arc;

/// Time and chance as the worker sees them.
#[derive(Clone)]
pub struct Clock {
    /// Now, in milliseconds since the Unix epoch.
    pub now_ms: Arc<dyn Fn() -> i64 + Send + Sync>,
    /// A number from 0 to 1000: where in 50-100 % of its backoff a retry falls.
    pub jitter_permille: Arc<dyn Fn() -> u32 + Send + Sync>,
}

impl Clock {
    /// The system's clock and the operating system's random source.
    pub fn system() -> Clock {
        Clock {
            now_ms: Arc::new(crate::store::now_ms),
            jitter_permille: Arc::new(|| {
                let mut bytes = [0u8; 2];
                // Without randomness every retry takes its full backoff: still correct.
                getrandom::getrandom(&mut bytes)
                    .map_or(1000, |()| u32::from(u16::from_le_bytes(bytes)) % 1001)
            }),
        }
    }
}

/// Announcements a worker has in flight at most: sent at once, one thread each.
pub const BATCH: u32 = 8;

/// The backoff between attempts: 10 s, 20 s, 40 s … at most an hour apart, each
/// 50-100 % of that (jitter), or what the receiver's Retry-After says (at most an hour).
pub const BACKOFF: RetryPolicy = RetryPolicy {
    base_ms: 10_000,
    cap_ms: 3_600_000,
    max_auto_attempts: 12,
    max_retry_after_ms: 3_600_000,
};

/// What became of one announcement in a pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivered {
    Sent,
    /// Failed; tried again at this time.
    Retry(i64),
    /// Given up.
    Dead,
    /// Sent or failed, but the lease had run out and another worker holds it now.
    LeaseLost,
}

/// Sends the outbox's announcements.
pub struct Worker {
    store: Arc<Store>,
    config: Arc<Config>,
    shop: Arc<dyn Shopfront>,
    sender: Sender,
    clock: Clock,
    /// This worker's name on the leases it takes (unique per process start).
    owner: String,
    /// The names of `config`'s destinations.
    names: Vec<String>,
}

impl Worker {
    pub fn new(
        store: Arc<Store>,
        config: Arc<Config>,
        shop: Arc<dyn Shopfront>,
        clock: Clock,
        owner: String,
    ) -> Worker {
        let sender = Sender::new(config.delivery.timeout_ms);
        let names = config.destinations.iter().map(|d| d.name.clone()).collect();
        Worker {
            store,
            config,
            shop,
            sender,
            clock,
            owner,
            names,
        }
    }

    /// How long a claim is held: the attempt's time limit twice over and a margin,
    /// so a live worker always marks before its lease runs out, and a dead one's
    /// announcements are taken up again soon after.
    pub fn lease_ms(&self) -> i64 {
        i64::try_from(self.config.delivery.timeout_ms.saturating_mul(2)).unwrap_or(i64::MAX / 4)
            + 5_000
    }

    /// Takes up to `limit` due announcements: of this shop's orders, for the
    /// destinations of this notify.json. Another instance may run a notify.json
    /// with other destinations (one restarted with a new one), or serve another
    /// shop from the same database: their rows wait for it. A row whose
    /// destination no instance has is taken once it is older than
    /// `give_up_after_hours`, to be given up.
    pub fn claim(&self, limit: u32) -> Result<Vec<Announcement>, StoreError> {
        let now = (self.clock.now_ms)();
        // A shop that cannot be read (never yet) is no shop: its rows wait.
        let mut shop_id = String::new();
        self.shop
            .with_shop(&mut |manifest, _| shop_id.clone_from(&manifest.id));
        let scope = ClaimScope {
            shop_id: &shop_id,
            destinations: &self.names,
            abandoned_before_ms: now.saturating_sub(self.config.delivery.give_up_after_ms),
        };
        self.store
            .claim_announcements(&self.owner, &scope, now, self.lease_ms(), limit)
    }

    /// One pass: claims what is due (up to [`BATCH`]), sends it all at once, marks
    /// each; what became of each, in claiming order.
    pub fn run_due(&self) -> Result<Vec<(Announcement, Delivered)>, StoreError> {
        let claimed = self.claim(BATCH)?;
        Ok(std::thread::scope(|scope| {
            let running: Vec<_> = claimed
                .iter()
                .map(|a| scope.spawn(move || self.deliver(a)))
                .collect();
            claimed
                .iter()
                .cloned()
                .zip(running)
                .map(|(a, run)| {
                    let delivered = run.join().unwrap_or(Ok(Delivered::LeaseLost));
                    (a, delivered)
                })
                .filter_map(|(a, d)| match d {
                    Ok(d) => Some((a, d)),
                    Err(e) => {
                        say(&format!("announcement {}: the store failed: {e}", a.id));
                        None
                    }
                })
                .collect()
        }))
    }

    /// Sends one claimed announcement and marks it.
    pub fn deliver(&self, a: &Announcement) -> Result<Delivered, StoreError> {
        let Some(destination) = self.config.destination(&a.destination) else {
            // Taken only once it is too old (see `claim`).
            let error = format!(
                "no destination named \"{}\" in notify.json, and no instance sent it within {} h; given up",
                a.destination,
                self.config.delivery.give_up_after_ms / 3_600_000
            );
            return self.mark_failed(a, &error, None);
        };
        let facts = match gather(&self.store, &*self.shop, a, destination.locale.as_deref()) {
            Ok(facts) => facts,
            Err(Unrenderable::Never(why)) => {
                return self.mark_failed(a, &format!("cannot be announced: {why}; given up"), None)
            }
            Err(Unrenderable::Store(e)) => {
                return self.retry_or_give_up(a, &format!("the store failed: {e}"), None)
            }
        };
        let out = outgoing(destination, &facts, (self.clock.now_ms)());
        match self.sender.send(&out, &destination.secrets()) {
            Outcome::Sent => {
                let now = (self.clock.now_ms)();
                if self.store.announcement_sent(a.id, &self.owner, now)? {
                    say(&format!(
                        "announced {} to {} (attempt {})",
                        a.event_key, a.destination, a.attempts
                    ));
                    Ok(Delivered::Sent)
                } else {
                    say(&format!(
                        "announced {} to {}, but its lease had run out: another worker may send it again (the receiver can drop the copy by its event id)",
                        a.event_key, a.destination
                    ));
                    Ok(Delivered::LeaseLost)
                }
            }
            Outcome::Failed {
                error,
                retry_after_secs,
            } => self.retry_or_give_up(a, &error, retry_after_secs),
            Outcome::Gone { error } => self.mark_failed(a, &error, None),
        }
    }

    /// Records a failed attempt: tried again after its backoff, or given up when
    /// that was its last attempt or it is too old.
    fn retry_or_give_up(
        &self,
        a: &Announcement,
        error: &str,
        retry_after_secs: Option<u32>,
    ) -> Result<Delivered, StoreError> {
        let at = next_attempt(
            &self.config.delivery,
            a,
            (self.clock.now_ms)(),
            (self.clock.jitter_permille)(),
            retry_after_secs,
        );
        match at {
            Some(_) => self.mark_failed(a, error, at),
            None => self.mark_failed(
                a,
                &format!("{error}; given up after {} attempts", a.attempts),
                None,
            ),
        }
    }

    /// Marks `a` failed with `error`: due again at `retry_at`, or dead.
    fn mark_failed(
        &self,
        a: &Announcement,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<Delivered, StoreError> {
        let now = (self.clock.now_ms)();
        let marked = self
            .store
            .announcement_failed(a.id, &self.owner, error, retry_at, now)?;
        say(&format!(
            "announcing {} to {} failed (attempt {}): {error}",
            a.event_key, a.destination, a.attempts
        ));
        Ok(match (marked, retry_at) {
            (false, _) => Delivered::LeaseLost,
            (true, Some(at)) => Delivered::Retry(at),
            (true, None) => Delivered::Dead,
        })
    }
}

/// When to try `a` again after an attempt failed at `now_ms`: after its backoff
/// (or the receiver's Retry-After), unless that was its last attempt or the
/// next would start after `give_up_after` from the event. `None` gives up.
pub fn next_attempt(
    delivery: &Delivery,
    a: &Announcement,
    now_ms: i64,
    jitter_permille: u32,
    retry_after_secs: Option<u32>,
) -> Option<i64> {
    let attempts = u32::try_from(a.attempts).unwrap_or(u32::MAX);
    if attempts >= delivery.attempts {
        return None;
    }
    let delay = BACKOFF.delay_ms(attempts, jitter_permille, retry_after_secs);
    let at = now_ms.saturating_add(i64::try_from(delay).unwrap_or(i64::MAX / 4));
    (at <= a.created_ms.saturating_add(delivery.give_up_after_ms)).then_some(at)
}

/// A line on stderr (the server's log); a closed stream is ignored.
fn say(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{line}");
}
