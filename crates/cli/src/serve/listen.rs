//! Accepting connections. Not `axum::serve`, because it has no header read timeout
//! and no connection limit: a client that opens connections and sends its headers a
//! byte at a time (or never) would hold a socket each, forever, until the process
//! runs out of file descriptors and the shop stops answering anyone.

use super::limits::{MAX_HEADERS, MAX_HEADER_BYTES};
use super::shutdown::Shutdown;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Time a client has to send a request's headers, counted from the connection (or
/// the previous answer on a kept-alive one): idle and stalled connections close.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections served at once. A shop's buyers are far fewer; at the limit, new
/// connections wait in the kernel's backlog until one closes (within the header
/// timeout for idle ones), rather than the process running out of descriptors.
pub const MAX_CONNECTIONS: usize = 256;

/// `app`, with the peer's address on every request as axum's `ConnectInfo` (the
/// seller's status page answers only this machine).
fn with_peer(
    app: &Router,
    peer: SocketAddr,
) -> impl tower::Service<
    hyper::Request<hyper::body::Incoming>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    app.clone()
        .map_request(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request
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
) -> Result<(), String> {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
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
