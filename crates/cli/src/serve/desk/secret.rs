//! The seller's secret and the guard against guessing it.
//!
//! Only the secret's SHA-256 is kept in memory, and a presented secret is hashed and
//! compared with it in constant time (`subtle`): every wrong secret, short or long,
//! a prefix of the right one or not, takes the same path and gets the same answer.
//! Failures slow their client down (exponentially, per address; per /64 for IPv6,
//! since one machine easily has a whole /64), and all clients together may fail
//! only so often, which bounds guessing even from many addresses.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

/// Shortest secret a seller may set: a guessable password must not open the desk.
pub const MIN_SECRET_CHARS: usize = 16;

/// The seller's secret, as its hash.
pub struct SellerSecret {
    sha256: [u8; 32],
    /// Where it came from, for the start-up line (never the secret itself).
    pub from: String,
}

impl std::fmt::Debug for SellerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SellerSecret(from {})", self.from)
    }
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

impl SellerSecret {
    /// The secret from one of the three places `serve` takes it from: a file (the
    /// safest: `microshop seller-token` writes one only its owner reads), the
    /// environment, or the command line (the least safe: other users of the machine
    /// see a process's arguments, and shells keep them in their history). More than
    /// one is refused, so it is never unclear which secret is in force.
    pub fn from_sources(
        file: Option<&Path>,
        env: Option<String>,
        flag: Option<String>,
    ) -> Result<Option<SellerSecret>, String> {
        let given = [file.is_some(), env.is_some(), flag.is_some()];
        if given.iter().filter(|g| **g).count() > 1 {
            return Err("the seller secret is given more than once (--seller-secret-file, MICROSHOP_SELLER_SECRET, --seller-secret): give it one way".to_owned());
        }
        let (text, from) = if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                format!(
                    "--seller-secret-file {}: {e}; microshop seller-token writes one",
                    path.display()
                )
            })?;
            warn_if_readable_by_others(path);
            (text, format!("the file {}", path.display()))
        } else if let Some(text) = env {
            (text, "MICROSHOP_SELLER_SECRET".to_owned())
        } else if let Some(text) = flag {
            (text, "--seller-secret".to_owned())
        } else {
            return Ok(None);
        };
        // A file's final newline (or a pasted space) is not part of the secret.
        let secret = text.trim();
        if secret.chars().count() < MIN_SECRET_CHARS {
            return Err(format!(
                "the seller secret from {from} is too short ({} characters; at least {MIN_SECRET_CHARS}). microshop seller-token makes a strong one",
                secret.chars().count()
            ));
        }
        if secret.chars().any(char::is_control) {
            return Err(format!(
                "the seller secret from {from} has a control character; microshop seller-token makes one that can be typed"
            ));
        }
        Ok(Some(SellerSecret {
            sha256: digest(secret),
            from,
        }))
    }

    /// Whether `presented` is the secret (trimmed as the secret was), in constant
    /// time whatever its length or content.
    pub fn matches(&self, presented: &str) -> bool {
        bool::from(digest(presented.trim()).ct_eq(&self.sha256))
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            note!(
                "warning: {} can be read by other users of this machine; chmod 600 it",
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

/// Failures a client may have before it is slowed down: a typo or two is free.
const FREE_FAILURES: u32 = 3;
/// The longest a client waits between tries.
const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// A client's failures are forgotten after this long without one.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// All clients together may fail this often per window; then every try waits.
const GLOBAL_FAILURES: usize = 100;
const GLOBAL_WINDOW: Duration = Duration::from_secs(10 * 60);
/// Clients remembered at most (a flood of addresses must not grow memory forever).
const MAX_CLIENTS: usize = 10_000;

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Failed sign-ins, per client and in all.
#[derive(Default)]
pub struct Throttle {
    clients: Mutex<HashMap<IpAddr, Failures>>,
    global: Mutex<std::collections::VecDeque<Instant>>,
}

/// The address failures are counted under: an IPv6 client's /64.
fn key(ip: Option<IpAddr>) -> IpAddr {
    match ip {
        Some(IpAddr::V6(v6)) => {
            let bits = u128::from(v6) & (u128::MAX << 64);
            IpAddr::V6(bits.into())
        }
        Some(v4) => v4,
        // No address (never over TCP): one shared client.
        None => IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
    }
}

/// A sign-in try taken with [`Throttle::begin`]: counted as a failure until
/// [`Throttle::succeeded`] forgives it.
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct Attempt {
    at: Instant,
    global: bool,
}

type Clients = HashMap<IpAddr, Failures>;
type Global = std::collections::VecDeque<Instant>;

impl Throttle {
    /// How long `client` must still wait before its next try, if at all (a cheap
    /// look before a request's body is read; [`Throttle::begin`] decides).
    pub fn wait(&self, client: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        let mut global = self.global.lock().unwrap_or_else(PoisonError::into_inner);
        waiting(&clients, &mut global, key(client), now, true)
    }

    /// Takes a try for `client` before its secret (or link) is compared: refused
    /// with the wait when it must wait, else counted as a failure at once, in the
    /// same step, so tries sent at once from one client are counted one after
    /// another (the free ones, then the waits) and none is compared uncounted.
    /// `global` counts it towards the bound for all and makes it wait for that
    /// bound (a secret does; a one-time link, unguessable anyway, does neither: a
    /// bound anyone can fill from a few dozen addresses must not keep the seller's
    /// fresh link from signing in).
    pub fn begin(
        &self,
        client: Option<IpAddr>,
        now: Instant,
        global: bool,
    ) -> Result<Attempt, Duration> {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        let mut all = self.global.lock().unwrap_or_else(PoisonError::into_inner);
        let k = key(client);
        if let Some(wait) = waiting(&clients, &mut all, k, now, global) {
            return Err(wait);
        }
        if clients.len() >= MAX_CLIENTS {
            clients.retain(|_, f| now.saturating_duration_since(f.last) < FORGET_AFTER);
        }
        if clients.len() < MAX_CLIENTS || clients.contains_key(&k) {
            let entry = clients.entry(k).or_insert(Failures {
                count: 0,
                last: now,
            });
            if now.saturating_duration_since(entry.last) >= FORGET_AFTER {
                entry.count = 0;
            }
            entry.count = entry.count.saturating_add(1);
            entry.last = now;
        }
        if global {
            all.push_back(now);
        }
        Ok(Attempt { at: now, global })
    }

    /// A client that signed in starts afresh, and its try is not a failure.
    pub fn succeeded(&self, client: Option<IpAddr>, attempt: Attempt) {
        self.clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&key(client));
        if attempt.global {
            let mut global = self.global.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(i) = global.iter().rposition(|at| *at == attempt.at) {
                global.remove(i);
            }
        }
    }
}

/// How long client `k` must still wait, if at all: its own failures past the free
/// ones, or (`for_all`) all clients' together past their bound.
fn waiting(
    clients: &Clients,
    global: &mut Global,
    k: IpAddr,
    now: Instant,
    for_all: bool,
) -> Option<Duration> {
    let own = clients.get(&k).and_then(|f| {
        let over = f.count.checked_sub(FREE_FAILURES)?;
        if over == 0 {
            return None;
        }
        let wait = Duration::from_secs(1u64 << (over - 1).min(20)).min(MAX_WAIT);
        (f.last + wait).checked_duration_since(now)
    });
    while global
        .front()
        .is_some_and(|at| now.saturating_duration_since(*at) >= GLOBAL_WINDOW)
    {
        global.pop_front();
    }
    let all = (for_all && global.len() >= GLOBAL_FAILURES)
        .then(|| {
            global
                .front()
                .map(|first| (*first + GLOBAL_WINDOW).saturating_duration_since(now))
        })
        .flatten();
    match (own, all) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
    .filter(|d| !d.is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> SellerSecret {
        SellerSecret::from_sources(None, None, Some(text.to_owned()))
            .expect("valid")
            .expect("given")
    }

    #[test]
    fn compares_the_trimmed_secret() {
        let s = secret("correct-horse-battery-staple\n");
        assert!(s.matches("correct-horse-battery-staple"));
        assert!(s.matches(" correct-horse-battery-staple "));
        assert!(!s.matches("correct-horse-battery-stapl"));
        assert!(!s.matches(""));
        assert!(!format!("{s:?}").contains("horse"), "never printed");
    }

    #[test]
    fn refuses_weak_or_doubled_secrets() {
        let e =
            SellerSecret::from_sources(None, None, Some("hunter2".to_owned())).expect_err("short");
        assert!(
            e.contains("at least 16") && e.contains("seller-token"),
            "{e}"
        );
        let e = SellerSecret::from_sources(
            None,
            Some("a-long-enough-secret-1".to_owned()),
            Some("a-long-enough-secret-2".to_owned()),
        )
        .expect_err("twice");
        assert!(e.contains("more than once"), "{e}");
        let e = SellerSecret::from_sources(Some(Path::new("/nonexistent/secret")), None, None)
            .expect_err("missing file");
        assert!(e.contains("/nonexistent/secret"), "{e}");
        assert!(SellerSecret::from_sources(None, None, None)
            .expect("fine")
            .is_none());
    }

    #[test]
    fn failures_slow_their_client_exponentially_and_a_success_forgives() {
        let t = Throttle::default();
        let me: Option<IpAddr> = Some("203.0.113.9".parse().expect("ip"));
        let other: Option<IpAddr> = Some("198.51.100.1".parse().expect("ip"));
        let start = Instant::now();
        for _ in 0..FREE_FAILURES {
            assert_eq!(t.wait(me, start), None);
            let _ = t.begin(me, start, true).expect("free");
        }
        assert_eq!(t.wait(me, start), None, "the free tries");
        let _ = t.begin(me, start, true).expect("the last free one");
        assert_eq!(t.wait(me, start), Some(Duration::from_secs(1)));
        let e = t.begin(me, start, true).expect_err("slowed");
        assert_eq!(e, Duration::from_secs(1), "a refused try is no failure");
        let at = start + Duration::from_secs(1);
        let _ = t.begin(me, at, true).expect("after the wait");
        assert_eq!(t.wait(me, at), Some(Duration::from_secs(2)));
        let at = at + Duration::from_secs(2);
        let last = t.begin(me, at, true).expect("after the wait");
        assert_eq!(t.wait(me, at), Some(Duration::from_secs(4)));
        assert_eq!(t.wait(me, at + Duration::from_secs(4)), None);
        assert_eq!(t.wait(other, start), None, "per client");
        t.succeeded(me, last);
        assert_eq!(t.wait(me, at), None);
        assert_eq!(t.global.lock().expect("lock").len(), 5, "forgiven");
    }

    #[test]
    fn an_ipv6_client_is_its_slash_64() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..=FREE_FAILURES {
            let ip: IpAddr = format!("2001:db8:1:2::{i:x}").parse().expect("ip");
            let _ = t.begin(Some(ip), now, true).expect("free");
        }
        let same: IpAddr = "2001:db8:1:2::ffff".parse().expect("ip");
        assert!(t.wait(Some(same), now).is_some());
        let next: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(t.wait(Some(next), now), None);
    }

    #[test]
    fn all_clients_together_are_bounded() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..GLOBAL_FAILURES {
            let ip: IpAddr = format!("10.0.{}.{}", i / 250, i % 250).parse().expect("ip");
            let _ = t.begin(Some(ip), now, true).expect("free");
        }
        let fresh: IpAddr = "192.0.2.1".parse().expect("ip");
        assert_eq!(t.wait(Some(fresh), now), Some(GLOBAL_WINDOW));
        assert_eq!(t.wait(Some(fresh), now + GLOBAL_WINDOW), None);
    }

    /// A one-time link is 128 bits: nobody guesses one, so the bound for all (which
    /// anyone can fill with wrong secrets from a few dozen addresses) does not keep
    /// the seller's fresh link from signing in (REVIEW8 9). Its own client's waits
    /// still apply.
    #[test]
    fn the_bound_for_all_does_not_stop_a_one_time_link() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..GLOBAL_FAILURES {
            let ip: IpAddr = format!("10.0.{}.{}", i / 250, i % 250).parse().expect("ip");
            let _ = t.begin(Some(ip), now, true).expect("free");
        }
        let seller: IpAddr = "192.0.2.1".parse().expect("ip");
        assert!(t.begin(Some(seller), now, true).is_err(), "a secret waits");
        assert!(t.begin(Some(seller), now, false).is_ok(), "a link does not");
        let guesser: IpAddr = "10.0.0.1".parse().expect("ip");
        for _ in 0..FREE_FAILURES {
            let _ = t.begin(Some(guesser), now, false);
        }
        assert!(
            t.begin(Some(guesser), now, false).is_err(),
            "a client's own failures still slow its links"
        );
    }

    /// Tries begun at once from one client, before any outcome is known: only the
    /// free ones and the next are let through, whatever the threads' order.
    #[test]
    fn tries_at_once_are_counted_before_any_is_compared() {
        let t = std::sync::Arc::new(Throttle::default());
        let me: Option<IpAddr> = Some("203.0.113.9".parse().expect("ip"));
        let now = Instant::now();
        let start = std::sync::Arc::new(std::sync::Barrier::new(32));
        let threads: Vec<_> = (0..32)
            .map(|_| {
                let (t, start) = (std::sync::Arc::clone(&t), std::sync::Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    t.begin(me, now, true).is_ok()
                })
            })
            .collect();
        let allowed = threads
            .into_iter()
            .map(|h| h.join().expect("joins"))
            .filter(|ok| *ok)
            .count();
        assert_eq!(allowed, FREE_FAILURES as usize + 1);
    }
}
