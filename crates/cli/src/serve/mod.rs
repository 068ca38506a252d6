//! `microshop serve`: the built storefront and a reference order endpoint on one origin.
//! Here the pieces are wired and the server listens; `api.rs` is the HTTP side of the
//! endpoint, `accept.rs` what accepting an order means, `files.rs` the static files.

/// Writes a line to stderr, ignoring a closed stream (the server must keep running).
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod accept;
mod api;
pub mod client;
pub mod desk;
mod files;
mod listen;
mod oembed;
mod shop;
mod site;
mod stock;

use crate::check::Shop;
use crate::store::{Location, Store};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use shop::CurrentShop;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
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
    /// Reverse proxies whose forwarded address and scheme are believed.
    pub trusted_proxies: client::TrustedProxies,
    /// `manifest` is the seller's own file (`--manifest` given): the studio may
    /// edit it, and with `site` the site is republished from it after each save.
    pub source_given: bool,
    /// Where the shop is published (`--base-url`, else the site's marker's).
    pub base_url: Option<String>,
}

/// What every request handler shares.
struct AppState {
    store: Arc<Store>,
    stock: Arc<stock::Stockroom>,
}

impl AppState {
    /// The shop as the seller's files say now, or why it cannot take orders; its
    /// stock reconciled with the store.
    fn shop(&self) -> Result<Arc<Shop>, String> {
        self.stock.shop_for_orders()
    }
}

/// 16 bytes from the operating system's random source (the buyer's order secret).
fn random_16() -> Result<[u8; 16], String> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(bytes)
}

type Shared = Arc<AppState>;

/// Runs the server until Ctrl-C.
pub fn run(options: Options) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(serve(options))
}

async fn serve(options: Options) -> Result<(), String> {
    // With both the seller's own manifest and a published folder, the folder is
    // published again from the manifest now (and after every studio save).
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
            let publisher = desk::Publisher::new(
                site.clone(),
                options.dist.clone(),
                options.manifest.clone(),
                base_url,
            );
            let first = publisher.clone();
            match tokio::task::spawn_blocking(move || first.republish())
                .await
                .map_err(|e| e.to_string())?
            {
                Ok(()) => note!(
                    "published {} from {} for {}",
                    site.display(),
                    options.manifest.display(),
                    publisher.base_url()
                ),
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
    let index = options
        .site
        .as_ref()
        .unwrap_or(&options.dist)
        .join("index.html");
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
    // Opening migrates; on PostgreSQL it connects first: both block.
    let location = options.db.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(&location))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("{}: {e}", options.db.describe()))?;
    let store = Arc::new(store);
    let stock = Arc::new(stock::Stockroom::new(Arc::clone(&store), Arc::clone(&shop)));
    let state: Shared = Arc::new(AppState {
        store: Arc::clone(&store),
        stock: Arc::clone(&stock),
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
        options.trusted_proxies,
        options.manifest.clone(),
        editable,
        publisher,
        options.dist.clone(),
        base_url,
    ));

    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers(Any)
        .max_age(std::time::Duration::from_secs(86_400));
    let api = Router::new()
        .route("/api/orders", post(api::create_order))
        .route("/api/orders/{id}", get(api::order_status))
        .layer(DefaultBodyLimit::max(api::MAX_ORDER_BYTES))
        .layer(axum::middleware::map_response(api::json_errors))
        .layer(cors)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(Arc::clone(&state));

    // oEmbed for the shop's pages, under its base path; any site may ask (CORS).
    let base = site_base.clone().unwrap_or_else(|| "/".to_owned());
    let endpoint = oembed::Endpoint {
        base: base.clone(),
        files: options
            .manifest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), PathBuf::from),
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

    let seller = desk::routes(desk);
    let files = match (&options.site, &site_base) {
        (Some(site), Some(base)) => site::routes(site, base),
        _ => files::routes(&options.dist, &options.manifest, shop, stock),
    };
    let app = files
        .merge(seller)
        .merge(oembed_route)
        .merge(api)
        .layer(axum::middleware::map_response(files::cache_headers))
        .layer(CompressionLayer::new());

    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    // Output may go to a pipe that closes early; that must not stop the server.
    let mut out = std::io::stdout();
    let path = site_base.as_deref().unwrap_or("/");
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
    listen::listen(listener, app).await
}
