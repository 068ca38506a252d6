//! Accepting connections. Not `axum::serve`, because it has no header read timeout
//! and no connection limit: a client that opens connections and sends its headers a
//! byte at a time (or never) would hold a socket each, forever, until the process
//! runs out of file descriptors and the shop stops answering anyone.
//!
//! Request bodies are bounded in time here too ([`DeadlineBody`]), for every route
//! at once: a client that sends its headers and then stops sending the body would
//! otherwise hold its connection (one of [`MAX_CONNECTIONS`]) for as long as the
//! handler waits, and a handler that forgot a timeout waits forever.

use super::client::TrustedProxies;
use super::limits::{MAX_HEADERS, MAX_HEADER_BYTES};
use super::shutdown::Shutdown;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::{Body, Bytes, Frame, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// Time a client has to send a request's headers, counted from the connection (or
/// the previous answer on a kept-alive one): idle and stalled connections close.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections served at once. A shop's buyers are far fewer; at the limit, new
/// connections wait in the kernel's backlog until one closes (within the header
/// timeout for idle ones), rather than the process running out of descriptors.
pub const MAX_CONNECTIONS: usize = 256;

/// Connections one client address (an IPv6 client's /64) may hold at once; past
/// them a new one is closed at once. Without it one address trickling bodies could
/// hold all [`MAX_CONNECTIONS`] and keep every buyer waiting (REVIEW8 7). A browser
/// opens six to a host; a carrier's shared address (CGNAT) serves many phones, so
/// the bound is generous. A trusted proxy (`--trusted-proxy`) carries every buyer:
/// no bound for it.
pub const MAX_CONNECTIONS_PER_CLIENT: usize = 64;

/// Open connections per client address, each counted while its [`Held`] lives.
#[derive(Clone, Default)]
struct PerClient(Arc<std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>>);

/// One counted connection; uncounted when dropped.
struct Held(PerClient, std::net::IpAddr);

impl PerClient {
    /// Counts a connection of `ip` unless it already holds the most it may.
    fn take(&self, ip: std::net::IpAddr) -> Option<Held> {
        let key = super::limits::bucket_key(ip);
        let mut open = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = open.entry(key).or_insert(0);
        if *count >= MAX_CONNECTIONS_PER_CLIENT {
            return None;
        }
        *count += 1;
        Some(Held(self.clone(), key))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut open = (self.0)
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.1) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.1);
            }
        }
    }
}

/// Time a client has to send a request's body once its headers arrived, plus
/// [`BODY_GRACE_PER_BYTES`]; and the longest a body may go without a byte
/// ([`body_deadline`]). A phone on a poor line sends an order (256 KiB at most)
/// within it, a seller's photo earns the time it needs by arriving, even on an
/// EDGE uplink, and a client that stops sending is answered 408 and disconnected.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Every this many body bytes that arrived add a second to [`BODY_READ_TIMEOUT`]
/// (1 KiB/s, 8 kbit/s: only slower than that on average is an upload cut off). A
/// route's body limit bounds the time a client can earn: an order's 256 KiB, 266 s;
/// a body that stops for [`BODY_READ_TIMEOUT`] is cut off sooner, whatever it earned.
pub const BODY_GRACE_PER_BYTES: u64 = 1024;

/// When a body that started arriving at `start`, last brought a byte at `last` and
/// has brought `received` bytes runs out of time: [`BODY_READ_TIMEOUT`] after
/// `start` plus a second per [`BODY_GRACE_PER_BYTES`] received, or
/// [`BODY_READ_TIMEOUT`] after `last` (a stalled body), whichever comes first. The
/// one place the rule is made.
pub fn body_deadline(start: Instant, last: Instant, received: u64) -> Instant {
    let earned = Duration::from_millis(received.saturating_mul(1000) / BODY_GRACE_PER_BYTES);
    (start + BODY_READ_TIMEOUT + earned).min(last + BODY_READ_TIMEOUT)
}

/// The error a [`DeadlineBody`] ends with when its time is up.
#[derive(Debug)]
pub struct BodyTimedOut;

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the body did not arrive in time (at most {} s, plus 1 s per {} KiB received, \
             and no more than {} s without a byte)",
            BODY_READ_TIMEOUT.as_secs(),
            BODY_GRACE_PER_BYTES / 1024,
            BODY_READ_TIMEOUT.as_secs()
        )
    }
}

impl std::error::Error for BodyTimedOut {}

/// On every request (an extension): set once its body timed out, so a handler
/// that counts outcomes (the order endpoint's metrics) can tell that from a
/// malformed body. The answer is a 408 whatever the handler made of the error.
#[derive(Clone, Debug, Default)]
pub struct BodyTimeout(Arc<AtomicBool>);

impl BodyTimeout {
    /// Whether the request's body ran out of time.
    pub fn is_up(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A request body that ends with [`BodyTimedOut`] once it has been waited on past
/// its deadline ([`body_deadline`]). Only a handler that reads the body waits.
pub struct DeadlineBody<B> {
    inner: B,
    start: Instant,
    /// When the last data arrived (`start` before any).
    last: Instant,
    received: u64,
    /// Made the first time the body has nothing ready (most bodies never need it).
    timer: Option<Pin<Box<Sleep>>>,
    timeout: BodyTimeout,
}

impl<B> DeadlineBody<B> {
    pub fn new(inner: B, timeout: BodyTimeout) -> Self {
        let start = Instant::now();
        DeadlineBody {
            inner,
            start,
            last: start,
            received: 0,
            timer: None,
            timeout,
        }
    }

    fn deadline(&self) -> Instant {
        body_deadline(self.start, self.last, self.received)
    }
}

impl<B> Body for DeadlineBody<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if this.timeout.is_up() {
            return Poll::Ready(Some(Err(Box::new(BodyTimedOut))));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    if !data.is_empty() {
                        this.received = this.received.saturating_add(data.len() as u64);
                        this.last = Instant::now();
                    }
                    let deadline = this.deadline();
                    if let Some(timer) = this.timer.as_mut() {
                        timer.as_mut().reset(deadline);
                    }
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                let deadline = this.deadline();
                let timer = this
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.timeout.0.store(true, Ordering::Relaxed);
                        Poll::Ready(Some(Err(Box::new(BodyTimedOut))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        !self.timeout.is_up() && self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The answer to a request whose body ran out of time, whatever its handler
/// answered; the connection closes after it (the rest of the body is not read).
fn body_timeout_answer() -> Response {
    let body = serde_json::json!({
        "error": "body_timeout",
        "message": BodyTimedOut.to_string(),
    });
    let mut response = (
        StatusCode::REQUEST_TIMEOUT,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Answers 408 ([`body_timeout_answer`]) a request whose body ran out of time,
/// whatever its handler answered. A layer of the app inside its header layers, so
/// the 408 gets the security headers and the caching rule every answer gets; the
/// CORS answer, made by the route's own layer inside this one, is carried over from
/// the handler's answer (without it, a page on another origin could not read the 408).
pub async fn answer_body_timeouts(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let timeout = request.extensions().get::<BodyTimeout>().cloned();
    let answered = next.run(request).await;
    if !timeout.is_some_and(|t| t.is_up()) {
        return answered;
    }
    let mut response = body_timeout_answer();
    for (name, value) in answered.headers() {
        if name.as_str().starts_with("access-control-") || name == header::VARY {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}

/// `app`, with the peer's address on every request as axum's `ConnectInfo` (the
/// seller's status page answers only this machine) and its body bounded in time
/// ([`DeadlineBody`]; a body that ran out of time is answered 408: by the app's
/// [`answer_body_timeouts`] layer with the app's headers, else here).
fn with_peer(
    app: &Router,
    peer: SocketAddr,
) -> impl tower::Service<
    hyper::Request<hyper::body::Incoming>,
    Response = Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    let app = app.clone();
    tower::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
        let app = app.clone();
        async move {
            let timeout = BodyTimeout::default();
            let mut request =
                request.map(|body| axum::body::Body::new(DeadlineBody::new(body, timeout.clone())));
            request.extensions_mut().insert(ConnectInfo(peer));
            request.extensions_mut().insert(timeout.clone());
            let response = app.oneshot(request).await?;
            Ok(
                if timeout.is_up() && response.status() != StatusCode::REQUEST_TIMEOUT {
                    body_timeout_answer()
                } else {
                    response
                },
            )
        }
    })
}

/// Serves `app` on `listener` until `shutdown` begins; then closes the listener
/// (new connections are refused), lets the requests in progress finish within
/// `grace` and closes idle kept-alive connections.
pub async fn listen(
    listener: TcpListener,
    app: Router,
    shutdown: &Shutdown,
    grace: Duration,
    proxies: &TrustedProxies,
) -> Result<(), String> {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let per_client = PerClient::default();
    // When an address was last said to be at its bound (said once a minute at most).
    let mut said_full: Option<Instant> = None;
    let graceful = GracefulShutdown::new();
    let stop = shutdown.token();
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot.map_err(|e| e.to_string())?,
            () = stop.cancelled() => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors and the like pass; the server must not stop.
                    note!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = stop.cancelled() => break,
        };
        let held = if proxies.trusts(peer.ip()) {
            None
        } else {
            match per_client.take(peer.ip()) {
                Some(held) => Some(held),
                // Closed unanswered: this address holds enough already.
                None => {
                    if said_full.is_none_or(|at: Instant| at.elapsed() >= Duration::from_secs(60)) {
                        said_full = Some(Instant::now());
                        note!(
                            "{} holds {MAX_CONNECTIONS_PER_CLIENT} connections: more from it are closed (a proxy in front? name it with --trusted-proxy)",
                            super::limits::bucket_key(peer.ip())
                        );
                    }
                    continue;
                }
            }
        };
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            // Past these, hyper answers 431 Request Header Fields Too Large.
            .max_buf_size(MAX_HEADER_BYTES)
            .max_headers(MAX_HEADERS)
            .serve_connection(
                TokioIo::new(stream),
                TowerToHyperService::new(with_peer(&app, peer)),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away mid-request is not the server's problem.
            let _ = connection.await;
            drop(held);
            drop(slot);
        });
    }
    drop(listener);
    let open = MAX_CONNECTIONS - slots.available_permits();
    note!(
        "stopping: no new connections; {open} open, requests in progress get up to {} s",
        grace.as_secs()
    );
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => {
            note!("stopping: requests still in progress after {} s were cut off", grace.as_secs());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{body_deadline, BodyTimeout, DeadlineBody, BODY_READ_TIMEOUT};
    use hyper::body::{Body, Bytes, Frame};
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;
    use tokio::sync::mpsc;
    use tokio::time::Instant;

    /// A body whose chunks the test sends, when it likes; open until the sender drops.
    struct Fed(mpsc::Receiver<Bytes>);

    impl Body for Fed {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            self.get_mut()
                .0
                .poll_recv(cx)
                .map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
        }
    }

    /// Reads `body` to its end: the bytes it brought, and whether it ended in time.
    async fn read_all(mut body: DeadlineBody<Fed>) -> (usize, bool) {
        let mut got = 0;
        loop {
            let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
            match frame {
                None => return (got, true),
                Some(Ok(frame)) => got += frame.data_ref().map_or(0, Bytes::len),
                Some(Err(_)) => return (got, false),
            }
        }
    }

    #[test]
    fn the_deadline_is_earned_by_arriving_and_lost_by_stalling() {
        let start = Instant::now();
        let s = Duration::from_secs;
        // Nothing yet: the first 10 s.
        assert_eq!(body_deadline(start, start, 0), start + BODY_READ_TIMEOUT);
        // 300 KB at 8 KiB/s, the last chunk just in: 36.6 s in, far inside 10 + 293 s;
        // the stall rule (10 s after that chunk) is what binds.
        let last = start + Duration::from_millis(36_621);
        assert_eq!(body_deadline(start, last, 300_000), last + s(10));
        // Below 1 KiB/s on average the earned time runs out before the stall rule.
        let last = start + s(100);
        assert_eq!(body_deadline(start, last, 50 * 1024), start + s(10) + s(50));
    }

    /// Review 6's finding: a seller's photo on a slow uplink (8 KiB/s, 64 kbit/s,
    /// 300 KB) was answered 408 after ~160 KB. On tokio's paused clock: no waiting.
    #[tokio::test(start_paused = true)]
    async fn a_slow_but_steady_body_is_not_cut_off() {
        let (tx, rx) = mpsc::channel(1);
        let body = DeadlineBody::new(Fed(rx), BodyTimeout::default());
        let started = Instant::now();
        let sender = tokio::spawn(async move {
            let mut sent = 0;
            while sent < 300_000 {
                tokio::time::sleep(Duration::from_secs(1)).await;
                let chunk = (300_000 - sent).min(8 * 1024);
                if tx.send(Bytes::from(vec![b'x'; chunk])).await.is_err() {
                    break;
                }
                sent += chunk;
            }
        });
        let (got, in_time) = read_all(body).await;
        assert!(in_time, "cut off after {got} B, {:?}", started.elapsed());
        assert_eq!(got, 300_000);
        assert!(
            started.elapsed() >= Duration::from_secs(36),
            "{:?}",
            started.elapsed()
        );
        sender.await.expect("sender");
    }

    /// A body that brings 64 KiB at once and then nothing (the sender stays open) is
    /// cut off 10 s after its last byte, not after the 64 s it had earned.
    #[tokio::test(start_paused = true)]
    async fn a_stalled_body_is_cut_off_after_ten_seconds_without_a_byte() {
        let (tx, rx) = mpsc::channel(4);
        let timeout = BodyTimeout::default();
        let body = DeadlineBody::new(Fed(rx), timeout.clone());
        tokio::time::sleep(Duration::from_secs(2)).await;
        tx.send(Bytes::from(vec![b'x'; 64 * 1024]))
            .await
            .expect("send");
        let last = Instant::now();
        let (got, in_time) = read_all(body).await;
        assert!(!in_time);
        assert!(timeout.is_up());
        assert_eq!(got, 64 * 1024);
        assert_eq!(last.elapsed(), BODY_READ_TIMEOUT);
        drop(tx);
    }

    /// The first argument of every `.route(` call in `source` whose methods take a
    /// body (post, put, patch, any), as written.
    fn body_routes(source: &str) -> Vec<String> {
        let mut found = Vec::new();
        for call in source.split(".route(").skip(1) {
            // The call's arguments: up to the parenthesis that closes it.
            let mut depth = 1;
            let end = call
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(call.len(), |(i, _)| i);
            let args = &call[..end];
            let takes_body = ["post(", "put(", "patch(", "any("]
                .iter()
                .any(|m| args.contains(m));
            if takes_body {
                let first = args.split(',').next().unwrap_or_default().trim();
                found.push(first.trim_matches('"').to_owned());
            }
        }
        found
    }

    /// Every route that takes a body is in the table of tests/slow_clients.rs,
    /// which asserts a body that stops arriving is cut off on each.
    #[test]
    fn every_route_with_a_body_is_in_the_slow_body_test() {
        let table = include_str!("../../tests/slow_clients.rs");
        let sources = [
            include_str!("mod.rs"),
            include_str!("desk/mod.rs"),
            include_str!("files.rs"),
            include_str!("site.rs"),
        ];
        let mut count = 0;
        for route in sources.iter().flat_map(|s| body_routes(s)) {
            count += 1;
            assert!(
                table.contains(&format!("\"{route}\"")),
                "{route} is not in tests/slow_clients.rs's table of routes with a body"
            );
        }
        assert!(count >= 15, "{count} routes found");
    }
}
