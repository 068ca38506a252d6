//! Stopping without losing work. On SIGTERM (what systemd, Docker and Kubernetes
//! send) or Ctrl-C the server stops accepting connections, answers `/readyz` with
//! 503 so a load balancer stops sending, lets the requests in progress finish, and
//! waits for background work (the announcement worker finishing its lease, the
//! retention sweep) to stop at its next safe point, each within the grace time.
//!
//! Background work takes part by being spawned on [`Shutdown::spawn`] and watching
//! [`Shutdown::token`]: `token.cancelled().await` in a `select!` with its own wait.

use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How long in-flight requests and background work get once the signal came.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(10);

/// The server's stop signal and the background work that must finish before exit.
#[derive(Clone, Default)]
pub struct Shutdown {
    token: CancellationToken,
    tasks: TaskTracker,
}

impl Shutdown {
    pub fn new() -> Shutdown {
        Shutdown::default()
    }

    /// Cancelled when the server starts stopping; background work selects on
    /// `token.cancelled()` and stops at its next safe point.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }

    /// Whether the server is stopping (`/readyz` says 503 from then on).
    pub fn is_stopping(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Runs background work that the server waits for before it exits.
    pub fn spawn<F>(&self, work: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        self.tasks.spawn(work);
    }

    /// Starts stopping (the signal handler calls this; tests may too).
    pub fn begin(&self) {
        self.token.cancel();
    }

    /// Waits for the background work, at most `grace`; whether all of it finished.
    pub async fn drain_background(&self, grace: Duration) -> bool {
        self.tasks.close();
        tokio::time::timeout(grace, self.tasks.wait()).await.is_ok()
    }
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
pub async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
