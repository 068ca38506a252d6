//! `microshop serve`: the built storefront and a reference order endpoint on one origin.
//! Here the pieces are wired and the server listens; `api.rs` is the HTTP side of the
//! endpoint, `accept.rs` what accepting an order means, `files.rs` the static files.

/// Writes a line to the server's log (stderr, plain or JSON lines, personal data
/// masked: crate::log), ignoring a closed stream (the server must keep running).
macro_rules! note {
    ($($arg:tt)*) => {{
        crate::log::info(&format!($($arg)*));
    }};
}

mod accept;
mod announce;
mod api;
pub mod client;
pub mod desk;
pub(crate) mod files;
mod headers;
mod health;
pub mod limits;
mod listen;
mod metrics;
pub(crate) mod oembed;
pub(crate) mod on_the_fly;
mod origins;
mod problems;
pub mod retention;
mod reviews;
// How many reviews the storefront reads, and so publish prerenders.
pub(crate) use reviews::REVIEWS_SHOWN;
mod shop;
pub(crate) mod shop_words;
pub mod shutdown;
mod signing;
mod site;
mod site_stock;
mod stock;
mod trust;
pub mod unpaid;

use crate::check::Shop;
use crate::csp::Framing;
use crate::private_files::PrivateFiles;
use crate::store::{Location, Store};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use client::TrustedProxies;
use shop::CurrentShop;
use shutdown::Shutdown;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

/// What `serve` needs.
pub struct Options {
    /// The built app (Trunk's dist/).
    pub dist: PathBuf,
    /// A folder `microshop publish` wrote, served as a static host would instead of
    /// `dist` (then `manifest` is its shop.json).
    pub site: Option<PathBuf>,
    /// The shop manifest; served as /shop.json and used to verify orders.
    pub manifest: PathBuf,
    /// Where orders go: a SQLite file or a PostgreSQL URL (docs/store.md).
    pub db: Location,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The seller's secret; `None` turns the seller's side off.
    pub seller_secret: Option<desk::SellerSecret>,
    /// The file it was read from (`--seller-secret-file`), if it was: never served.
    pub seller_secret_file: Option<PathBuf>,
    /// `manifest` is the seller's own file (`--manifest` given): the studio may
    /// edit it, and with `site` the site is republished from it after each save.
    pub source_given: bool,
    /// Where the shop is published (`--base-url`, else the site's marker's).
    pub base_url: Option<String>,
    /// Limits and headers that keep the shop safe (docs/operating.md).
    pub safety: Safety,
    /// Metrics, retention, stopping.
    pub operations: Operations,
    /// notify.json: where orders are announced (docs/notify.md) [default: beside the manifest].
    pub notify: Option<PathBuf>,
    /// The seller's receipt key file (`--receipt-key`): accepted orders are signed
    /// and its public keys served at the well-known path (docs/trust.md).
    pub receipt_key: Option<PathBuf>,
}

/// What keeps the server safe from its clients and the shop safe in browsers.
#[derive(Clone, Debug, Default)]
pub struct Safety {
    /// Whose forwarding headers are believed (`--trusted-proxy`).
    pub proxies: TrustedProxies,
    /// Orders per client (`None`: no limit, for load tests behind a limiting proxy).
    pub order_rate: Option<limits::OrderRate>,
    /// Reviews and problem reports per client (`None`: no limit).
    pub buyer_write_rate: Option<limits::OrderRate>,
    /// Problems one client raises in a day (`None`: no bound).
    pub problems_per_day: Option<u32>,
    /// `--allow-origin` values: pages of other origins that may send orders.
    pub allow_origins: Vec<String>,
    /// Who may frame the shop (`--frame-ancestors`).
    pub framing: Option<Framing>,
}

/// How the server is run.
#[derive(Clone, Debug)]
pub struct Operations {
    /// A separate listener for `GET /metrics` (Prometheus), if any.
    pub metrics_addr: Option<SocketAddr>,
    /// Days after completion that buyers' personal data is kept (`None`: forever).
    pub retention_days: Option<u32>,
    /// How long an unpaid order keeps the counted stock it took (`None`: until the
    /// seller acts; serve/unpaid.rs).
    pub unpaid_hold: Option<unpaid::Hold>,
    /// Time requests in progress and background work get on SIGTERM.
    pub grace: Duration,
    /// `--sqlite-sync normal`: SQLite commits without waiting for the disk.
    pub sqlite_sync_normal: bool,
}

impl Default for Operations {
    fn default() -> Self {
        Operations {
            metrics_addr: None,
            retention_days: Some(retention::DEFAULT_DAYS),
            unpaid_hold: None,
            grace: shutdown::DEFAULT_GRACE,
            sqlite_sync_normal: false,
        }
    }
}

/// What every request handler shares.
struct AppState {
    store: Arc<Store>,
    stock: Arc<stock::Stockroom>,
    metrics: Arc<metrics::Metrics>,
    /// The server's stop signal; background work (the announcement worker) is
    /// spawned on it and watches its token (shutdown.rs).
    #[allow(dead_code)]
    shutdown: Shutdown,
    /// Whose forwarding headers are believed: the client's address (rate limits)
    /// and whether a request came over https (the seller's Secure cookie).
    #[allow(dead_code)]
    proxies: TrustedProxies,
    /// Where orders (and status changes) are announced.
    notify: Arc<microshop_cli::notify::Config>,
    /// Signs each accepted order's receipt, if the seller gave a key.
    receipt_key: Option<Arc<signing::SigningKey>>,
    /// The site serve keeps published (`--manifest --site`): a review written is
    /// published onto its product's page.
    publisher: Option<desk::Publisher>,
}

impl AppState {
    /// The shop as the seller's files say now, or why it cannot take orders; its
    /// stock reconciled with the store.
    fn shop(&self) -> Result<Arc<Shop>, String> {
        self.stock.shop_for_orders()
    }
}

/// How long a buyer's order waits for the database before it is answered 503
/// `storage` (the storefront keeps it and sends it again; its idempotency key makes
/// a late commit and the resend one order). PostgreSQL that stops answering (a
/// partition, a failover, a lock held by a stuck session) must not hold requests
/// without an answer (REVIEW8 6). Longer than a remote catalog's fetch
/// (`source::FETCH_TIMEOUT`), whose own 503 names the catalog.
pub const ORDER_DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);
const _: () = assert!(ORDER_DEADLINE.as_secs() > crate::source::FETCH_TIMEOUT.as_secs() + 5);
/// How long `/shop.json` waits for the stock levels before it serves the file's
/// own counts, and `/readyz` for the database before it answers 503.
pub const READ_DEADLINE: std::time::Duration = std::time::Duration::from_secs(2);

/// Blocking work that gave no result in time.
#[derive(Debug, PartialEq, Eq)]
pub enum Late {
    /// Not done within the limit (it goes on on its thread; its result is dropped).
    TimedOut,
    /// It panicked.
    Failed,
}

/// Runs blocking `work` off the async workers, giving up waiting after `limit`.
pub async fn blocking_within<T: Send + 'static>(
    limit: std::time::Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Late> {
    match tokio::time::timeout(limit, tokio::task::spawn_blocking(work)).await {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(_)) => Err(Late::Failed),
        Err(_) => Err(Late::TimedOut),
    }
}

/// 16 bytes from the operating system's random source (the buyer's order secret).
fn random_16() -> Result<[u8; 16], String> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(bytes)
}

type Shared = Arc<AppState>;

/// Runs the server until SIGTERM or Ctrl-C, then stops gracefully (shutdown.rs).
/// What every buyer-facing API route shares: its body limit, its per-client limit
/// (`gate`), errors as JSON, the Origin rules and CORS answer, and no caching.
fn buyer_api<S: Clone + Send + Sync + 'static>(
    routes: Router<S>,
    body_limit: usize,
    gate: Arc<limits::OrderGate>,
    origins: &Arc<origins::Origins>,
) -> Router<S> {
    routes
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(
            gate,
            limits::limit_orders,
        ))
        .layer(axum::middleware::map_response(api::json_errors))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(origins),
            origins::check_origin,
        ))
        .layer(origins.layer())
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

pub fn run(options: Options) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(serve(options))
}

/// Opens the store. Opening migrates; on PostgreSQL it connects first: both block.
async fn open_store(db: &Location) -> Result<Arc<Store>, String> {
    let location = db.clone();
    tokio::task::spawn_blocking(move || Store::open(&location))
        .await
        .map_err(|e| e.to_string())?
        .map(Arc::new)
        .map_err(|e| format!("{}: {e}", db.describe()))
}

async fn serve(options: Options) -> Result<(), String> {
    // A key that cannot be read stops the start: a shop that promised signed
    // receipts must not quietly take orders without them.
    let receipt_key = match &options.receipt_key {
        Some(path) => {
            let key = signing::SigningKey::open(path.clone())
                .map_err(|e| format!("--receipt-key: {e}"))?;
            note!("receipts are signed with key {}", key.now().key_id());
            Some(Arc::new(key))
        }
        None => None,
    };
    // Its public half goes into every site serve publishes (docs/trust.md); serve's
    // own answer at the well-known path follows the file as it is now.
    let receipt_keys = receipt_key.as_ref().map(|key| key.now().public());
    // The files serve was given: never served, nor published into a site, whatever
    // the manifest names them as (crate::private_files).
    let private = PrivateFiles::default()
        .with_rewritten(options.receipt_key.as_deref(), "--receipt-key")
        .with_rewritten(
            options.seller_secret_file.as_deref(),
            "--seller-secret-file",
        )
        .with_database(&options.db, "--db")
        .with(options.notify.as_deref(), "--notify")
        .with(
            Some(
                &options
                    .manifest
                    .with_file_name(microshop_cli::notify::FILE_NAME),
            ),
            "notify.json (announcements)",
        );
    // With both the seller's own manifest and a published folder, the folder is
    // published again from the manifest now (and after every studio save), with the
    // reviews in the store: opened first then.
    let mut opened = None;
    let publisher = match (&options.site, options.source_given) {
        (Some(site), true) => {
            let base_url = match &options.base_url {
                Some(url) => url.clone(),
                None => site::base_url(site).map_err(|e| {
                    format!(
                        "{e}; give --base-url to publish {} from {}",
                        site.display(),
                        options.manifest.display()
                    )
                })?,
            };
            let store = open_store(&options.db).await?;
            opened = Some(Arc::clone(&store));
            let publisher = desk::Publisher::new(
                site.clone(),
                options.dist.clone(),
                options.manifest.clone(),
                base_url,
                options.safety.framing.clone().unwrap_or(Framing::Any),
                receipt_keys.clone(),
                Some(store),
                private.clone(),
            );
            let first = publisher.clone();
            match tokio::task::spawn_blocking(move || first.republish())
                .await
                .map_err(|e| e.to_string())?
            {
                Ok(notes) => {
                    note!(
                        "published {} from {} for {}",
                        site.display(),
                        options.manifest.display(),
                        publisher.base_url()
                    );
                    // Said once: the robots.txt line stays the same while serve runs
                    // (the pictures' warnings were said by the publish itself).
                    if let Some(hint) = &notes.robots_hint {
                        note!("{hint}");
                    }
                }
                Err(e) if site.join(crate::publish::output::MARKER).is_file() => note!(
                    "warning: {} could not be published again ({e}); buyers get it as it was published before",
                    site.display()
                ),
                Err(e) => return Err(e),
            }
            Some(publisher)
        }
        _ => None,
    };
    let site_base = match &options.site {
        Some(site) => Some(site::base_path(site)?),
        None => None,
    };
    let published = match &options.site {
        Some(site) => site::base_url(site).ok(),
        None => None,
    };
    let origins = Arc::new(origins::Origins::parse(
        &options.safety.allow_origins,
        published.as_deref(),
    )?);
    let root = options.site.as_ref().unwrap_or(&options.dist).clone();
    let index = root.join("index.html");
    if !index.is_file() {
        return Err(format!(
            "{} not found: build the storefront first (scripts/demo does it)",
            index.display()
        ));
    }
    // A broken manifest is still served: the storefront shows its problems to the
    // seller. The first reading reports on stderr every problem `check` reports.
    let shop = Arc::new(CurrentShop::new(options.manifest.clone()));
    let first = Arc::clone(&shop);
    let serving = tokio::task::spawn_blocking(move || first.now())
        .await
        .map_err(|e| e.to_string())?;
    if let Ok(shop) = &serving.reading.shop {
        note!(
            "shop \"{}\": {} products, from {}",
            shop.manifest.id,
            shop.catalog.products.len(),
            options.manifest.display()
        );
    }
    let served: Vec<&std::path::Path> = [options.site.as_deref(), Some(options.dist.as_path())]
        .into_iter()
        .flatten()
        .collect();
    let notify = Arc::new(announce::config(
        options.notify.as_deref(),
        &options.manifest,
        &served,
    )?);
    let store = match opened {
        Some(store) => store,
        None => open_store(&options.db).await?,
    };
    if options.operations.sqlite_sync_normal {
        store.sqlite_synchronous_normal().map_err(|e| e.message)?;
        note!("SQLite commits without waiting for the disk (--sqlite-sync normal): a power cut may lose the last acknowledged orders");
    }
    let stock = Arc::new(stock::Stockroom::new(Arc::clone(&store), Arc::clone(&shop)));
    let metrics = Arc::new(metrics::Metrics::default());
    let shutdown = Shutdown::new();
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let announcing = announce::start(
        Arc::clone(&notify),
        Arc::clone(&store),
        Arc::clone(&shop),
        stopping,
    );
    let state: Shared = Arc::new(AppState {
        store: Arc::clone(&store),
        stock: Arc::clone(&stock),
        metrics: Arc::clone(&metrics),
        shutdown: shutdown.clone(),
        proxies: options.safety.proxies.clone(),
        notify: Arc::clone(&notify),
        receipt_key,
        publisher: publisher.clone(),
    });
    let seller_on = options.seller_secret.as_ref().map(|s| s.from.clone());
    let base_url = options.base_url.clone().or_else(|| {
        publisher
            .as_ref()
            .map(|p| p.base_url().to_owned())
            .or_else(|| options.site.as_deref().and_then(|s| site::base_url(s).ok()))
    });
    let editable = options.site.is_none() || options.source_given;
    let desk = Arc::new(desk::Desk::new(
        Arc::clone(&store),
        Arc::clone(&shop),
        Arc::clone(&stock),
        options.seller_secret,
        options.safety.proxies.clone(),
        options.manifest.clone(),
        editable,
        publisher,
        options.dist.clone(),
        base_url,
        notify,
        receipt_keys,
        private.clone(),
    ));

    let gate = Arc::new(limits::OrderGate {
        limiter: options.safety.order_rate.map(limits::OrderLimiter::new),
        proxies: options.safety.proxies.clone(),
        metrics: Arc::clone(&metrics),
        what: "orders",
        orders: true,
    });
    let trust_gate = Arc::new(limits::OrderGate {
        limiter: options
            .safety
            .buyer_write_rate
            .map(limits::OrderLimiter::new),
        proxies: options.safety.proxies.clone(),
        metrics: Arc::clone(&metrics),
        what: "reviews and problem reports",
        orders: false,
    });
    // Reviews and problems (docs/trust.md): the order API's Origin rules and
    // headers, a limit of their own, bodies read by their handlers up to their limits.
    let raise = match options.safety.problems_per_day {
        Some(per_day) => post(problems::raise_problem).layer(axum::middleware::from_fn_with_state(
            Arc::new(limits::ProblemGate {
                limiter: limits::OrderLimiter::per_day(per_day),
                per_day,
                proxies: options.safety.proxies.clone(),
                metrics: Arc::clone(&metrics),
            }),
            limits::bound_problems,
        )),
        None => post(problems::raise_problem),
    };
    let trust_api = Router::new()
        .route("/api/orders/{id}/reviews", post(reviews::write_review))
        .route("/api/orders/{id}/problems", raise)
        .route(
            "/api/orders/{id}/problems/{problem}/messages",
            post(problems::add_message),
        )
        .route("/api/products/{id}/reviews", get(reviews::product_reviews))
        .route("/api/trust", get(problems::figures));
    let trust_api = buyer_api(trust_api, problems::MAX_PROBLEM_BYTES, trust_gate, &origins)
        .with_state(Arc::clone(&state));
    let api = Router::new()
        .route("/api/orders", post(api::create_order))
        .route("/api/orders/{id}", get(api::order_status));
    let api = buyer_api(api, api::MAX_ORDER_BYTES, gate, &origins).with_state(Arc::clone(&state));

    // oEmbed for the shop's pages, under its base path; any site may ask (CORS).
    let base = site_base.clone().unwrap_or_else(|| "/".to_owned());
    let endpoint = oembed::Endpoint {
        base: base.clone(),
        files: options
            .manifest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), PathBuf::from),
        site: options.site.clone(),
    };
    let oembed_route = Router::new()
        .route(
            &format!("{base}oembed"),
            get(oembed::oembed).with_state((Arc::clone(&state), endpoint)),
        )
        .layer(axum::middleware::map_response(api::json_errors))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET]),
        );

    // The shop's public receipt keys: any page may read them (a buyer's check may
    // run on another site), so outside the order API's Origin check.
    let receipt_keys_route = Router::new()
        .route(
            microshop_cli::receipt::WELL_KNOWN_PATH,
            get(api::receipt_keys).with_state(Arc::clone(&state)),
        )
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET]),
        );

    let seller = desk::routes(desk);
    let operations = Router::new()
        .route("/healthz", get(health::healthz))
        .route(
            "/readyz",
            get(health::readyz).with_state((Arc::clone(&store), shutdown.clone())),
        )
        .route(
            headers::REPORT_PATH,
            post(headers::report)
                .with_state(Arc::clone(&metrics))
                .layer(DefaultBodyLimit::max(16 * 1024))
                // Per address, before the body is read: a page with violations sends
                // a few; an address sending many is refused (REVIEW8 7).
                .layer(axum::middleware::from_fn_with_state(
                    Arc::new(limits::OrderGate {
                        limiter: Some(limits::OrderLimiter::new(limits::OrderRate {
                            per_minute: 20,
                            burst: 20,
                        })),
                        proxies: options.safety.proxies.clone(),
                        metrics: Arc::clone(&metrics),
                        what: "violation reports",
                        orders: false,
                    }),
                    limits::limit_orders,
                )),
        );
    let security = Arc::new(headers::Security::new(
        &root,
        Arc::clone(&shop),
        options.safety.framing.clone().unwrap_or(Framing::Any),
    ));
    let files = match (&options.site, &site_base) {
        (Some(site), Some(base)) => site::routes(
            site,
            base,
            site_stock::LiveStock {
                site: site.clone(),
                base: base.clone(),
                shop: Arc::clone(&shop),
                stock,
            },
        ),
        _ => files::routes(
            &options.dist,
            &options.manifest,
            Arc::clone(&shop),
            stock,
            private,
        ),
    };
    let app = files
        .merge(seller)
        .merge(oembed_route)
        .merge(receipt_keys_route)
        .merge(operations)
        .merge(api)
        .merge(trust_api)
        // Inside the header layers: a body that ran out of time is answered 408 with
        // the headers every answer gets.
        .layer(axum::middleware::from_fn(listen::answer_body_timeouts))
        .layer(axum::middleware::map_response(files::cache_headers))
        .layer(axum::middleware::from_fn_with_state(
            security,
            headers::secure,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&metrics),
            metrics::time_requests,
        ));

    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let metrics_listener = match options.operations.metrics_addr {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("cannot listen on {addr} for metrics: {e}"))?,
        ),
        None => None,
    };
    retention::start(
        Arc::clone(&store),
        options.operations.retention_days,
        state.publisher.clone(),
        &shutdown,
    );
    unpaid::start(
        Arc::clone(&store),
        Arc::clone(&state.stock),
        Arc::clone(&state.notify),
        options.operations.unpaid_hold.clone(),
        &shutdown,
    );
    // Listening for SIGTERM starts before anyone is told the server is up.
    let stop_signal = shutdown::signal();
    // Output may go to a pipe that closes early; that must not stop the server.
    let mut out = std::io::stdout();
    let path = site_base.as_deref().unwrap_or("/");
    // The metrics line first: tools (and the tests) read up to the serving line.
    if let Some(listener) = &metrics_listener {
        if let Ok(addr) = listener.local_addr() {
            let _ = writeln!(out, "metrics at http://{addr}/metrics");
        }
    }
    let _ = writeln!(out, "microshop is serving the shop at http://{local}{path}");
    let _ = writeln!(out, "orders are stored in {}", options.db.describe());
    match seller_on {
        Some(from) => {
            let _ = writeln!(
                out,
                "the seller's desk is at http://{local}/_seller/ (secret from {from})"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "the seller's desk is off: no seller secret (microshop seller-token makes one; see docs/selling.md)"
            );
        }
    }
    let _ = out.flush();

    let grace = options.operations.grace;
    let proxies = options.safety.proxies.clone();
    if let Some(listener) = metrics_listener {
        let scrape = Router::new().route(
            "/metrics",
            get(metrics::scrape).with_state((Arc::clone(&metrics), Arc::clone(&store))),
        );
        let stopping = shutdown.clone();
        // Scraped until the end: the metrics listener stops with the server.
        tokio::spawn(async move {
            let _ = listen::listen(
                listener,
                scrape,
                &stopping,
                grace,
                &TrustedProxies::default(),
            )
            .await;
        });
    }
    let signalled = shutdown.clone();
    tokio::spawn(async move {
        stop_signal.await;
        note!("stop signal received: finishing requests in progress, taking no new ones");
        signalled.begin();
    });
    let served = listen::listen(listener, app, &shutdown, grace, &proxies).await;
    // The announcements in flight are finished and marked; the rest wait for the
    // next start (or another instance).
    let _ = stop.send(true);
    if let Some(worker) = announcing {
        if tokio::time::timeout(grace, worker).await.is_err() {
            note!(
                "stopping: announcements in flight did not finish within {} s",
                grace.as_secs()
            );
        }
    }
    if !shutdown.drain_background(grace).await {
        note!(
            "stopping: background work did not finish within {} s",
            grace.as_secs()
        );
    }
    note!("stopped");
    served
}
