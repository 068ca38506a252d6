//! Limits on what one client can ask of the server: how many orders per minute
//! (a token bucket per client address, 429 with Retry-After past it), how many
//! problems a day it raises (`bound_problems`), and how large a request's headers
//! may be (431, answered by hyper while it reads them; see listen.rs). Bodies are
//! limited where they are read (api.rs, 413).

use super::accept::Answer;
use super::client::TrustedProxies;
use super::metrics::Metrics;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Largest request head (request line and headers) read: browsers send a few KiB,
/// with cookies; more is a client probing the server's memory. hyper answers 431.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Most header lines in one request (hyper answers 431 past it).
pub const MAX_HEADERS: usize = 64;

/// How many orders one client may send: `burst` at once, then `per_minute`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderRate {
    pub per_minute: u32,
    pub burst: u32,
}

impl Default for OrderRate {
    /// A buyer sends one order, a few with resends; a household or an office
    /// behind one address a few more. 30 at once and one every two seconds after
    /// that stops a flood without touching them (docs/operating.md).
    fn default() -> Self {
        OrderRate {
            per_minute: 30,
            burst: 30,
        }
    }
}

impl OrderRate {
    /// Reviews and problem reports per client: a buyer writes a few (one review per
    /// product, perhaps a correction, a problem); ten at once and one every six
    /// seconds after stops a flood (docs/trust.md).
    pub const BUYER_WRITES: OrderRate = OrderRate {
        per_minute: 10,
        burst: 10,
    };
}

/// Problems one client address raises in a day (`serve --problems-per-day`): a
/// buyer raises one or two, a household or an office behind one address a few
/// more. The minute's limit alone let one address raise 14,400 a day, each
/// counted in the public figures (REVIEW8 finding 5; docs/trust.md "Floods").
pub const PROBLEMS_PER_DAY: u32 = 10;

/// Buckets kept before full ones are swept out (a bucket that has refilled says
/// nothing a new one would not).
const SWEEP_AT: usize = 10_000;

/// One client's bucket.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets per client. IPv6 clients are counted per /64, the block one
/// household or phone gets, or a client could take a fresh address per order.
pub struct OrderLimiter {
    /// Tokens a full bucket holds.
    burst: f64,
    /// Tokens put back per second.
    per_second: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl OrderLimiter {
    pub fn new(rate: OrderRate) -> OrderLimiter {
        OrderLimiter {
            burst: f64::from(rate.burst.max(1)),
            per_second: f64::from(rate.per_minute) / 60.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// At most `per_day` in a day: `per_day` at once, then one each
    /// 24 h / `per_day` (10 a day: one every 2.4 hours).
    pub fn per_day(per_day: u32) -> OrderLimiter {
        OrderLimiter {
            burst: f64::from(per_day.max(1)),
            per_second: f64::from(per_day) / 86_400.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Puts back a token `take` took for `client` (what it was taken for did not
    /// happen), never past a full bucket.
    pub fn give_back(&self, client: IpAddr) {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(bucket) = buckets.get_mut(&bucket_key(client)) {
            bucket.tokens = (bucket.tokens + 1.0).min(self.burst);
        }
    }

    /// Takes a token for `client` at `now`; when none is left, how long until one is.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = bucket_key(client);
        let burst = self.burst;
        let rate = self.per_second;
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= SWEEP_AT {
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst
            });
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let refilled = now.saturating_duration_since(bucket.at).as_secs_f64() * rate;
        bucket.tokens = (bucket.tokens + refilled).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        if rate <= 0.0 {
            return Err(Duration::from_secs(60));
        }
        Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
    }
}

/// The address a client is counted under: an IPv6 client's /64 (the order limit's
/// buckets, the connection bound in listen.rs).
pub fn bucket_key(client: IpAddr) -> IpAddr {
    match client.to_canonical() {
        IpAddr::V6(v6) => {
            let mut octets = v6.octets();
            octets[8..].fill(0);
            IpAddr::from(octets)
        }
        v4 => v4,
    }
}

/// What the order limit needs per request.
pub struct OrderGate {
    pub limiter: Option<OrderLimiter>,
    pub proxies: TrustedProxies,
    pub metrics: Arc<Metrics>,
    /// What is limited, for the 429's sentence ("orders", "reviews and problem reports").
    pub what: &'static str,
    /// Whether refusals count in the orders' metrics (the order API's gate).
    pub orders: bool,
}

/// Refuses an order past the client's limit with 429, a Retry-After in whole
/// seconds (the storefront waits that long before it resends), and a JSON body.
pub async fn limit_orders(
    State(gate): State<Arc<OrderGate>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(limiter) = &gate.limiter else {
        return next.run(request).await;
    };
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    // Only POST creates orders; the preflight and status reads pass.
    let Some(peer) = peer.filter(|_| request.method() == axum::http::Method::POST) else {
        return next.run(request).await;
    };
    let client = gate.proxies.client(peer, request.headers());
    match limiter.take(client, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            gate.metrics.rate_limited.inc();
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let answer = Answer::problem(
                429,
                "rate_limited",
                &format!(
                    "too many {} from this address; try again in {seconds} s",
                    gate.what
                ),
            );
            if gate.orders {
                gate.metrics
                    .order_answered(answer.status, answer.replayed, &answer.body);
            }
            let mut response = answer.into_response();
            if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}

/// What the daily bound on raising problems needs per request.
pub struct ProblemGate {
    pub limiter: OrderLimiter,
    pub per_day: u32,
    pub proxies: TrustedProxies,
    pub metrics: Arc<Metrics>,
}

/// `POST /api/orders/{id}/problems`: a client raises at most `per_day` problems a
/// day (REVIEW8 finding 5). A token is taken before the request and put back
/// unless a problem was raised (201 and not a replay), so a refusal, a resend of
/// a problem raised before, or a request that failed costs the buyer nothing.
/// Past the bound: 429 `rate_limited` with Retry-After (up to 24 h / `per_day`).
pub async fn bound_problems(
    State(gate): State<Arc<ProblemGate>>,
    request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    let Some(peer) = peer.filter(|_| request.method() == axum::http::Method::POST) else {
        return next.run(request).await;
    };
    let client = gate.proxies.client(peer, request.headers());
    match gate.limiter.take(client, Instant::now()) {
        Ok(()) => {
            let response = next.run(request).await;
            let raised = response.status() == axum::http::StatusCode::CREATED
                && !response.headers().contains_key("idempotent-replayed");
            if !raised {
                gate.limiter.give_back(client);
            }
            response
        }
        Err(wait) => {
            gate.metrics.rate_limited.inc();
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut response = Answer::problem(
                429,
                "rate_limited",
                &format!(
                    "too many problems raised from this address today (at most {} a day); \
                     try again in {seconds} s, or write to the seller directly",
                    gate.per_day
                ),
            )
            .into_response();
            if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_empties_and_refills_at_its_rate() {
        let limiter = OrderLimiter::new(OrderRate {
            per_minute: 60,
            burst: 3,
        });
        let client: IpAddr = "203.0.113.9".parse().expect("ip");
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.take(client, start), Ok(()));
        }
        let wait = limiter.take(client, start).expect_err("empty");
        assert_eq!(wait, Duration::from_secs(1));
        // Another client has its own bucket.
        let other: IpAddr = "203.0.113.10".parse().expect("ip");
        assert_eq!(limiter.take(other, start), Ok(()));
        // Half a second later half a token is back: still half a second to wait.
        let later = start + Duration::from_millis(500);
        assert_eq!(limiter.take(client, later), Err(Duration::from_millis(500)));
        assert_eq!(limiter.take(client, start + Duration::from_secs(1)), Ok(()));
        // A long pause refills to the burst, not beyond.
        let much_later = start + Duration::from_secs(3600);
        for _ in 0..3 {
            assert_eq!(limiter.take(client, much_later), Ok(()));
        }
        assert!(limiter.take(client, much_later).is_err());
    }

    #[test]
    fn a_day_bound_refills_over_the_day_and_takes_back_what_was_not_used() {
        let limiter = OrderLimiter::per_day(4);
        let client: IpAddr = "203.0.113.7".parse().expect("ip");
        let start = Instant::now();
        for _ in 0..4 {
            assert_eq!(limiter.take(client, start), Ok(()));
        }
        // One token every 6 hours.
        let wait = limiter.take(client, start).expect_err("none left");
        assert_eq!(wait.as_secs_f64().round(), 21_600.0, "{wait:?}");
        limiter.give_back(client);
        assert_eq!(limiter.take(client, start), Ok(()));
        assert!(limiter.take(client, start).is_err());
        let later = start + Duration::from_secs(6 * 3600 + 1);
        assert_eq!(limiter.take(client, later), Ok(()));
        assert!(limiter.take(client, later).is_err());
        // Given back past a full bucket: still 4.
        let next_day = start + Duration::from_secs(2 * 86_400);
        limiter.give_back(client);
        for _ in 0..4 {
            assert_eq!(limiter.take(client, next_day), Ok(()));
        }
        assert!(limiter.take(client, next_day).is_err());
    }

    #[test]
    fn an_ipv6_client_is_its_slash_64() {
        let limiter = OrderLimiter::new(OrderRate {
            per_minute: 1,
            burst: 1,
        });
        let now = Instant::now();
        let first: IpAddr = "2001:db8:1:2::1".parse().expect("ip");
        let same_block: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("ip");
        let other_block: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(limiter.take(first, now), Ok(()));
        assert!(limiter.take(same_block, now).is_err());
        assert_eq!(limiter.take(other_block, now), Ok(()));
    }

    #[test]
    fn full_buckets_are_swept_when_there_are_many() {
        let limiter = OrderLimiter::new(OrderRate::default());
        let now = Instant::now();
        for i in 0..SWEEP_AT {
            let ip = IpAddr::from(u32::try_from(i).expect("small").to_be_bytes());
            assert_eq!(limiter.take(ip, now), Ok(()));
        }
        let later = now + Duration::from_secs(120);
        assert_eq!(
            limiter.take("198.51.100.1".parse().expect("ip"), later),
            Ok(())
        );
        let kept = limiter.buckets.lock().expect("lock").len();
        assert_eq!(kept, 1, "refilled buckets are dropped");
    }
}
