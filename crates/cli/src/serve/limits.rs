//! Limits on what one client can ask of the server: how many orders per minute
//! (a token bucket per client address, 429 with Retry-After past it), and how large
//! a request's headers may be (431, answered by hyper while it reads them; see
//! listen.rs). Bodies are limited where they are read (api.rs, 413).

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
    rate: OrderRate,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl OrderLimiter {
    pub fn new(rate: OrderRate) -> OrderLimiter {
        OrderLimiter {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn per_second(&self) -> f64 {
        f64::from(self.rate.per_minute) / 60.0
    }

    /// Takes a token for `client` at `now`; when none is left, how long until one is.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = bucket_key(client);
        let burst = f64::from(self.rate.burst.max(1));
        let rate = self.per_second();
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
