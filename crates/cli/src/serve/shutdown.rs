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

/// Starts listening for SIGTERM and SIGINT (Ctrl-C) at once, not when first awaited;
/// the future resolves on either. Called before the server says it is serving: a
/// signal that arrives between that line and the first poll of a lazily registered
/// listener would meet the default action and kill the process mid-request (found
/// by the SIGTERM test, which signals right after the serving line).
pub fn signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = signal(SignalKind::terminate());
        let interrupt = signal(SignalKind::interrupt());
        async move {
            match (term, interrupt) {
                (Ok(mut term), Ok(mut interrupt)) => {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = interrupt.recv() => {}
                    }
                }
                (Ok(mut one), Err(_)) | (Err(_), Ok(mut one)) => {
                    one.recv().await;
                }
                (Err(_), Err(_)) => std::future::pending::<()>().await,
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
