//! `microshop`: check a shop manifest, print its JSON Schema, serve a shop.

mod backup;
mod buyer;
mod catalog;
mod check;
mod csp;
mod generate;
mod log;
mod notify_cli;
mod openapi;
mod orders;
mod pictures;
mod private_files;
mod publish;
mod receipt_cli;
mod request;
mod seller_token;
mod serve;
mod source;
mod unsellable;
mod written_twice;

// The store is the library's, so the store tests (tests/store_*.rs) use the same code.
use microshop_cli::store;

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "microshop",
    version,
    about = "A seller's whole shop as one link."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: serve's many options in place cost nothing worth boxing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Check a shop manifest (a file path or an http(s) URL) and list every problem with its path.
    Check {
        /// shop.json file or URL.
        manifest: String,
        /// The notify.json `serve` announces orders with (docs/notify.md) [default:
        /// notify.json beside the manifest, when there is one].
        #[arg(long, env = "MICROSHOP_NOTIFY")]
        notify: Option<PathBuf>,
    },
    /// Print the JSON Schema of the shop manifest.
    Schema,
    /// Work with a shop's catalog as a spreadsheet (docs/catalog-csv.md).
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Show the exact request the shop's order mapping sends for a sample order (nothing is sent).
    Request {
        /// shop.json file or URL.
        manifest: String,
        /// The sku to order [default: the first that is not sold out].
        #[arg(long)]
        sku: Option<String>,
    },
    /// Print the order endpoint contract as an OpenAPI 3.1 document.
    Openapi,
    /// Serve the built storefront and a reference order endpoint (POST /api/orders) backed by
    /// SQLite, and the seller's desk at /_seller/ (with a seller secret; docs/selling.md).
    Serve {
        /// The built storefront (Trunk's output); with --site, where the seller app
        /// (DIST/seller/) and the storefront to publish again come from.
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// Serve a folder `microshop publish` wrote instead, as a static host would (no SPA
        /// fallback, 404.html for what is missing), under its base path. With --manifest,
        /// it is published again from that manifest at start and after each studio save;
        /// without, orders are verified against its shop.json and the studio only reads.
        #[arg(long)]
        site: Option<PathBuf>,
        /// The seller's shop manifest: used to verify orders and edited by the studio;
        /// served as /shop.json unless --site [default: DIST/shop.json, or SITE/shop.json].
        #[arg(long)]
        manifest: Option<PathBuf>,
        /// With --site and --manifest: the address the site is published for
        /// [default: the one it was last published for].
        #[arg(long)]
        base_url: Option<String>,
        /// A file holding the seller's secret (microshop seller-token writes one). The
        /// secret may instead come from the environment, MICROSHOP_SELLER_SECRET, or from
        /// --seller-secret. Without one the seller's side is off.
        #[arg(long)]
        seller_secret_file: Option<PathBuf>,
        /// The seller's secret itself: the least safe way (other users of the machine
        /// can see a command's arguments, and shells keep them in their history);
        /// prefer --seller-secret-file.
        #[arg(long, hide_env_values = true)]
        seller_secret: Option<String>,
        /// Where orders go: a SQLite file (created on first start) or a PostgreSQL URL
        /// (postgres://user:password@host:port/database); see docs/store.md.
        #[arg(long, env = "MICROSHOP_DB", default_value = ".microshop/orders.sqlite")]
        db: String,
        /// Address to listen on (port 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// A reverse proxy whose forwarding header is believed for the client's address
        /// and https: an address or CIDR range, repeatable (docs/operating.md).
        #[arg(
            long = "trusted-proxy",
            env = "MICROSHOP_TRUSTED_PROXIES",
            value_delimiter = ','
        )]
        trusted_proxies: Vec<String>,
        /// The header the trusted proxies write: x-forwarded-for or forwarded (RFC 7239).
        #[arg(long, default_value = "x-forwarded-for")]
        proxy_header: String,
        /// Orders one client address may send per minute after its first --order-burst; 0 for no limit.
        #[arg(long, default_value_t = serve::limits::OrderRate::default().per_minute)]
        orders_per_minute: u32,
        /// Orders one client address may send at once.
        #[arg(long, default_value_t = serve::limits::OrderRate::default().burst)]
        order_burst: u32,
        /// Reviews and problem reports one client address may send per minute after its
        /// first --buyer-write-burst; 0 for no limit (docs/trust.md).
        #[arg(long, default_value_t = serve::limits::OrderRate::BUYER_WRITES.per_minute)]
        buyer_writes_per_minute: u32,
        /// Reviews and problem reports one client address may send at once.
        #[arg(long, default_value_t = serve::limits::OrderRate::BUYER_WRITES.burst)]
        buyer_write_burst: u32,
        /// Problems one client address may raise in a day (that many at once, then one
        /// each 24 h / N); 0 for no bound (docs/trust.md "Floods").
        #[arg(long, default_value_t = serve::limits::PROBLEMS_PER_DAY)]
        problems_per_day: u32,
        /// Another origin whose pages may send orders here (https://blog.example), repeatable;
        /// `*` for any. The shop's own pages and a published --site's base URL always may.
        #[arg(long = "allow-origin", value_delimiter = ',')]
        allow_origins: Vec<String>,
        /// Who may show the shop in a frame: `*` (any site, the default: docs/embedding.md),
        /// `self`, `none`, or a comma-separated list of origins.
        #[arg(long, default_value = "*")]
        frame_ancestors: String,
        /// Also serve Prometheus metrics at http://ADDR/metrics (keep it private).
        #[arg(long, env = "MICROSHOP_METRICS_ADDR")]
        metrics_addr: Option<SocketAddr>,
        /// Days after an order is completed or cancelled that the buyer's personal data is kept, or `never`.
        #[arg(long, default_value = "180")]
        retention_days: String,
        /// How long an unpaid order keeps the counted stock it took: after it the order
        /// is cancelled and its units go back on sale (e.g. 30m, 48h, 3d), or `never`.
        #[arg(long, env = "MICROSHOP_UNPAID_HOLD", default_value = "never")]
        unpaid_hold: String,
        /// Seconds requests in progress (and background work) get to finish on SIGTERM.
        #[arg(long, default_value_t = serve::shutdown::DEFAULT_GRACE.as_secs())]
        shutdown_grace: u64,
        /// Log lines as plain text or as JSON objects, one per line.
        #[arg(long, env = "MICROSHOP_LOG_FORMAT", default_value = "text")]
        log_format: String,
        /// SQLite only: `full` waits for the disk before each order's answer; `normal`
        /// does not (faster; a power cut may lose the last acknowledged orders).
        #[arg(long, env = "MICROSHOP_SQLITE_SYNC", default_value = "full")]
        sqlite_sync: String,
        /// Where new orders are announced: a notify.json (docs/notify.md) [default:
        /// notify.json beside the manifest, when there is one].
        #[arg(long, env = "MICROSHOP_NOTIFY")]
        notify: Option<PathBuf>,
        /// The seller's receipt key (`microshop receipt-key new` makes it): each accepted
        /// order is signed, and the public keys served at
        /// /.well-known/microshop-receipt-key.json (docs/trust.md).
        #[arg(long, env = "MICROSHOP_RECEIPT_KEY")]
        receipt_key: Option<PathBuf>,
    },
    /// Write the shop as a folder any static host serves as it is: a prerendered page per
    /// route, link previews, sitemap, robots.txt, precompressed copies (docs/publishing.md).
    Publish {
        /// The shop manifest (a local file; the files it names are copied from beside it).
        manifest: PathBuf,
        /// The folder to write; emptied first if an earlier publish wrote it, refused
        /// if it holds anything else.
        out: PathBuf,
        /// Where the folder will be served, e.g. https://example.github.io/teashop/.
        #[arg(long)]
        base_url: String,
        /// The built storefront (Trunk's output).
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// Show progress on stderr: when it is a terminal (auto), always, or never.
        #[arg(long, value_enum, default_value = "auto")]
        progress: publish::progress::When,
        /// Who may show the shop in a frame (written to _headers): `*` (any site, the
        /// default: docs/embedding.md), `self`, `none`, or a comma-separated list of origins.
        #[arg(long, default_value = "*")]
        frame_ancestors: String,
        /// The seller's receipt key: its public keys are written at
        /// .well-known/microshop-receipt-key.json for buyers to check receipts (docs/trust.md).
        #[arg(long, env = "MICROSHOP_RECEIPT_KEY")]
        receipt_key: Option<PathBuf>,
        /// serve's database (its --db: a SQLite file or a PostgreSQL URL): each product
        /// page gets its first reviews, as text and as schema.org JSON-LD (docs/trust.md).
        /// Needs the manifest's "trust" (serve's API). Without it, pages have no reviews.
        #[arg(long)]
        reviews_from: Option<String>,
    },
    /// Write a valid shop of any size (shop.json and pictures) for trying and measuring
    /// large catalogs: text in en, zh-CN, ja and ar, options, variants, stock; the same
    /// seed writes the same shop.
    Generate {
        /// The folder to write (new or empty).
        out: PathBuf,
        /// How many products (1 to 10,000).
        #[arg(long, default_value_t = 1000)]
        products: usize,
        /// Where the random choices start; the same seed gives the same shop.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The shop's currency (ISO 4217).
        #[arg(long, default_value = "CNY")]
        currency: String,
    },
    /// List the orders received by `microshop serve`, newest first.
    Orders {
        /// The SQLite file or PostgreSQL URL `serve` uses.
        #[arg(long, env = "MICROSHOP_DB", default_value = ".microshop/orders.sqlite")]
        db: String,
        /// The shop manifest; line titles are taken from its catalog (buyer-sent titles otherwise).
        #[arg(long, default_value = "dist/shop.json")]
        manifest: PathBuf,
        /// Print full JSON payloads, one per line.
        #[arg(long)]
        json: bool,
    },
    /// Make the seller's secret (if there is none yet) and a one-time sign-in link with a
    /// QR code for the phone (docs/selling.md).
    SellerToken {
        /// The SQLite file or PostgreSQL URL `serve` uses (the link is kept there, hashed).
        #[arg(long, env = "MICROSHOP_DB", default_value = ".microshop/orders.sqlite")]
        db: String,
        /// The shop's address as the phone reaches it (the link is BASE/_seller/signin/…).
        #[arg(long, default_value = "http://127.0.0.1:8080/")]
        base_url: String,
        /// Where the secret is kept (written with permissions 0600 if it is missing);
        /// start serve with --seller-secret-file and this file.
        /// [default: .microshop/seller-secret; none is made when MICROSHOP_SELLER_SECRET is set]
        #[arg(long)]
        secret_file: Option<PathBuf>,
        /// Replace the secret in --secret-file with a new one, and sign out every
        /// device signed in with this database.
        #[arg(long)]
        new_secret: bool,
        /// Print a new secret instead of writing a file (nothing is written).
        #[arg(long, conflicts_with = "new_secret")]
        print_secret: bool,
        /// Minutes the link works (once) [1 to 1440].
        #[arg(long, default_value_t = 15)]
        minutes: u32,
        /// Make no link; only the secret.
        #[arg(long)]
        no_link: bool,
    },
    /// Copy the SQLite order database to a file, consistently, while serve keeps running
    /// (PostgreSQL: use pg_dump; docs/operating.md).
    Backup {
        /// The SQLite file `serve` uses.
        #[arg(long, env = "MICROSHOP_DB", default_value = ".microshop/orders.sqlite")]
        db: String,
        /// The backup file to write.
        out: PathBuf,
        /// Replace `out` if it exists.
        #[arg(long)]
        force: bool,
    },
    /// A buyer's data: export it, or erase it (the orders stay for the books).
    Buyer {
        #[command(subcommand)]
        command: BuyerCommand,
    },
    /// Announcements (docs/notify.md).
    Notify {
        #[command(subcommand)]
        command: NotifyCommand,
    },
    /// The seller's receipt key: make it once, rotate it, print its public half
    /// (docs/trust.md).
    ReceiptKey {
        #[command(subcommand)]
        command: ReceiptKeyCommand,
    },
    /// Signed receipts: check one a buyer saved (docs/trust.md).
    Receipt {
        #[command(subcommand)]
        command: ReceiptCommand,
    },
    /// Bring the order database's schema up to date (serve does it at start too).
    Migrate {
        /// The SQLite file or PostgreSQL URL `serve` uses.
        #[arg(long, env = "MICROSHOP_DB", default_value = ".microshop/orders.sqlite")]
        db: String,
    },
}

#[derive(Subcommand)]
enum ReceiptKeyCommand {
    /// Make the key that signs receipts, in a new file readable by you only.
    New {
        /// The key file to write; an existing file is never replaced. The default is
        /// in the dot folder beside the seller secret and the orders, which serve
        /// never serves.
        #[arg(default_value = receipt_cli::DEFAULT_KEY_FILE)]
        file: PathBuf,
    },
    /// Rotate the key in two steps: make the next key, published in the key list
    /// while the current one keeps signing; publish the shop; then `--activate` it.
    /// The old key stays listed as retired (docs/trust.md, "Rotation").
    Rotate {
        #[arg(default_value = receipt_cli::DEFAULT_KEY_FILE)]
        file: PathBuf,
        /// Step 2: the next key (published since step 1) signs from now on.
        #[arg(long, conflicts_with = "now")]
        activate: bool,
        /// One step: a new key signs at once. Only for a shop whose key list serve
        /// alone publishes: a copy on a static host lacks it until published again.
        #[arg(long)]
        now: bool,
    },
    /// Print the public key list to publish at /.well-known/microshop-receipt-key.json.
    Public {
        #[arg(default_value = receipt_cli::DEFAULT_KEY_FILE)]
        file: PathBuf,
    },
    /// Check that the domain the shop is published under lists this key as current
    /// at its root's /.well-known/microshop-receipt-key.json (docs/trust.md).
    Domain {
        /// The key file.
        file: PathBuf,
        /// The shop's address, such as https://shop.example/.
        site: String,
    },
}

#[derive(Subcommand)]
enum ReceiptCommand {
    /// Check a saved receipt against the shop's published keys and print what was
    /// promised, or exactly what is wrong with it.
    Verify {
        /// The receipt file (JSON, as the shop gave it).
        file: PathBuf,
        /// The shop's key list: its URL (https://shop.example/.well-known/microshop-receipt-key.json)
        /// or a file. Without it, the keys are found through the shop's address the
        /// saved file names (its manifest's `receipts.keys`, else the well-known path).
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Subcommand)]
enum BuyerCommand {
    /// Print every order of a buyer as JSON (what they sent, its status and history).
    Export {
        #[command(flatten)]
        who: WhichBuyer,
    },
    /// Clear a buyer's name, phone, e-mail, address and note from every order of theirs.
    Erase {
        #[command(flatten)]
        who: WhichBuyer,
    },
}

#[derive(clap::Args)]
struct WhichBuyer {
    /// The buyer's e-mail address (any case).
    #[arg(long)]
    email: Option<String>,
    /// The buyer's phone number (only its digits are compared).
    #[arg(long)]
    phone: Option<String>,
    /// The SQLite file or PostgreSQL URL `serve` uses.
    #[arg(long, env = "MICROSHOP_DB", default_value = ".microshop/orders.sqlite")]
    db: String,
}

#[derive(Subcommand)]
enum NotifyCommand {
    /// Send a test message to each destination of notify.json now (nothing is
    /// stored) and say what each answered: to check an address, token or chat id.
    Test {
        /// The shop manifest (for the shop's name and language).
        #[arg(default_value = "shop.json")]
        manifest: PathBuf,
        /// notify.json [default: notify.json beside the manifest].
        #[arg(long, env = "MICROSHOP_NOTIFY")]
        notify: Option<PathBuf>,
        /// Only the destination with this name.
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Write the shop's catalog (inline or a JSON file) as a CSV file a spreadsheet
    /// program opens: one row per variant, UTF-8 with a byte order mark.
    Export {
        /// shop.json file or URL.
        manifest: String,
        /// The CSV file to write.
        out: PathBuf,
        /// Replace `out` if it exists (by default it is kept: it may be an edited sheet).
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { manifest, notify } => check::run(&manifest, notify.as_deref()),
        Command::Catalog {
            command:
                CatalogCommand::Export {
                    manifest,
                    out,
                    force,
                },
        } => exit(catalog::export(&manifest, &out, force)),
        Command::Request { manifest, sku } => exit(request::run(&manifest, sku.as_deref())),
        Command::Serve {
            dist,
            site,
            manifest,
            base_url,
            seller_secret_file,
            seller_secret,
            db,
            addr,
            trusted_proxies,
            proxy_header,
            orders_per_minute,
            order_burst,
            buyer_writes_per_minute,
            buyer_write_burst,
            problems_per_day,
            allow_origins,
            frame_ancestors,
            metrics_addr,
            retention_days,
            unpaid_hold,
            shutdown_grace,
            log_format,
            sqlite_sync,
            notify,
            receipt_key,
        } => {
            let source_given = manifest.is_some();
            let manifest = match (&site, manifest) {
                (_, Some(manifest)) => manifest,
                (Some(site), None) => site.join("shop.json"),
                (None, None) => dist.join("shop.json"),
            };
            let settings = (|| -> Result<(serve::Safety, serve::Operations), String> {
                log::set_format(log::Format::parse(&log_format)?);
                let header = serve::client::ProxyHeader::parse(&proxy_header)?;
                let safety = serve::Safety {
                    proxies: serve::client::TrustedProxies::parse(&trusted_proxies, header)?,
                    order_rate: (orders_per_minute > 0).then_some(serve::limits::OrderRate {
                        per_minute: orders_per_minute,
                        burst: order_burst.max(1),
                    }),
                    buyer_write_rate: (buyer_writes_per_minute > 0).then_some(
                        serve::limits::OrderRate {
                            per_minute: buyer_writes_per_minute,
                            burst: buyer_write_burst.max(1),
                        },
                    ),
                    problems_per_day: (problems_per_day > 0).then_some(problems_per_day),
                    allow_origins,
                    framing: Some(
                        csp::Framing::parse(&frame_ancestors)
                            .map_err(|e| format!("--frame-ancestors: {e}"))?,
                    ),
                };
                let operations = serve::Operations {
                    metrics_addr,
                    retention_days: serve::retention::parse_days(&retention_days)?,
                    unpaid_hold: serve::unpaid::parse_hold(&unpaid_hold)?,
                    grace: std::time::Duration::from_secs(shutdown_grace),
                    sqlite_sync_normal: match sqlite_sync.as_str() {
                        "full" => false,
                        "normal" => true,
                        other => {
                            return Err(format!(
                                "--sqlite-sync \"{other}\": full (the default: every order on disk before its answer) or normal (docs/operating.md)"
                            ))
                        }
                    },
                };
                Ok((safety, operations))
            })();
            let secret = serve::desk::SellerSecret::from_sources(
                seller_secret_file.as_deref(),
                std::env::var("MICROSHOP_SELLER_SECRET").ok(),
                seller_secret,
            );
            exit(settings.and_then(|(safety, operations)| {
                let secret = secret?;
                serve::run(serve::Options {
                    dist,
                    site,
                    manifest,
                    db: store::Location::parse(&db),
                    addr,
                    seller_secret: secret,
                    seller_secret_file,
                    source_given,
                    base_url,
                    safety,
                    operations,
                    notify,
                    receipt_key,
                })
            }))
        }
        Command::SellerToken {
            db,
            base_url,
            secret_file,
            new_secret,
            print_secret,
            minutes,
            no_link,
        } => exit(seller_token::run(&seller_token::Options {
            db: store::Location::parse(&db),
            base_url,
            secret_file,
            new_secret,
            print_secret,
            minutes,
            link: !no_link,
        })),
        Command::Publish {
            manifest,
            out,
            base_url,
            dist,
            progress,
            frame_ancestors,
            receipt_key,
            reviews_from,
        } => {
            let framing = match csp::Framing::parse(&frame_ancestors) {
                Ok(framing) => framing,
                Err(e) => return exit(Err(format!("--frame-ancestors: {e}"))),
            };
            let receipt_keys = match receipt_key
                .as_deref()
                .map(microshop_cli::receipt::Keyring::load)
                .transpose()
            {
                Ok(ring) => ring.map(|r| r.public()),
                Err(e) => return exit(Err(format!("--receipt-key: {e}"))),
            };
            // Never copied into the site, whatever the manifest names them as.
            let private = private_files::PrivateFiles::default()
                .with_rewritten(receipt_key.as_deref(), "--receipt-key")
                .with(
                    std::env::var_os("MICROSHOP_NOTIFY").map(PathBuf::from).as_deref(),
                    "MICROSHOP_NOTIFY (serve's announcements)",
                )
                .with(
                    microshop_cli::notify::locate(None, &manifest).as_deref(),
                    "notify.json (serve's announcements)",
                );
            let private = match reviews_from.as_deref() {
                Some(db) => private.with_database(&store::Location::parse(db), "--reviews-from"),
                None => private,
            };
            let reviews_from = match reviews_from.as_deref().map(open_reviews).transpose() {
                Ok(store) => store.map(|store| publish::ReviewsFrom {
                    store: std::sync::Arc::new(store),
                    required: true,
                }),
                Err(e) => return exit(Err(format!("--reviews-from: {e}"))),
            };
            let options = publish::Options {
                manifest,
                out,
                base_url,
                dist,
                progress,
                framing,
                exits_after: true,
                receipt_keys,
                reviews_from,
                private,
            };
            exit(publish::run(&options).map(|done| {
                for warning in &done.warnings {
                    eprintln!("warning: {warning}");
                }
                let w = done.written;
                let retained = if w.retained > 0 {
                    format!(
                        ", {} of the build before kept for pages still open on it",
                        w.retained
                    )
                } else {
                    String::new()
                };
                println!(
                    "published {} pages and {} files into {} ({} precompressed as .br and .gz), for {}\n\
                     {} files written, {} unchanged, {} removed{retained}",
                    done.pages,
                    done.files,
                    options.out.display(),
                    done.compressed,
                    done.base_url,
                    w.written,
                    w.kept,
                    w.removed
                );
                if let Some(hint) = &done.robots_hint {
                    println!("{hint}");
                }
            }))
        }
        Command::Generate {
            out,
            products,
            seed,
            currency,
        } => exit(
            generate::run(&generate::Options {
                out,
                products,
                seed,
                currency,
            })
            .map(|path| println!("wrote {} ({products} products)", path.display())),
        ),
        Command::Orders { db, manifest, json } => {
            exit(orders::run(&store::Location::parse(&db), &manifest, json))
        }
        Command::Backup { db, out, force } => {
            exit(backup::run(&store::Location::parse(&db), &out, force).map(|done| {
                println!(
                    "backed up {} orders (schema version {}, {} bytes) to {}",
                    done.orders,
                    done.schema_version,
                    done.bytes,
                    out.display()
                );
            }))
        }
        Command::Buyer { command } => match command {
            BuyerCommand::Export { who } => exit(
                buyer::buyer(who.email, who.phone).and_then(|buyer| {
                    let text = buyer::export(&store::Location::parse(&who.db), &buyer)?;
                    println!("{text}");
                    Ok(())
                }),
            ),
            BuyerCommand::Erase { who } => exit(
                buyer::buyer(who.email, who.phone).and_then(|buyer| {
                    let n = buyer::erase(&store::Location::parse(&who.db), &buyer)?;
                    println!("erased the personal data of this buyer from {n} order(s); the orders stay for the books");
                    Ok(())
                }),
            ),
        },
        Command::Notify {
            command:
                NotifyCommand::Test {
                    manifest,
                    notify,
                    to,
                },
        } => exit(notify_cli::test(
            &manifest,
            notify.as_deref(),
            to.as_deref(),
        )),
        Command::ReceiptKey { command } => exit(match command {
            ReceiptKeyCommand::New { file } => receipt_cli::new(&file),
            ReceiptKeyCommand::Rotate {
                file,
                activate,
                now,
            } => receipt_cli::rotate(
                &file,
                match (activate, now) {
                    (true, _) => receipt_cli::Rotation::Activate,
                    (false, true) => receipt_cli::Rotation::Now,
                    (false, false) => receipt_cli::Rotation::Next,
                },
            ),
            ReceiptKeyCommand::Public { file } => receipt_cli::public(&file),
            ReceiptKeyCommand::Domain { file, site } => receipt_cli::domain(&file, &site),
        }),
        Command::Receipt {
            command: ReceiptCommand::Verify { file, key },
        } => exit(receipt_cli::verify(&file, key.as_deref())),
        Command::Migrate { db } => exit(orders::migrate(&store::Location::parse(&db))),
        Command::Openapi => {
            println!("{}", openapi::document());
            ExitCode::SUCCESS
        }
        Command::Schema => {
            println!("{}", check::schema_json());
            ExitCode::SUCCESS
        }
    }
}

fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// serve's store for `publish --reviews-from`: a SQLite file that must exist (a new
/// empty one would publish no reviews without a word) or a PostgreSQL URL; brought
/// up to date as `microshop orders` does.
fn open_reviews(db: &str) -> Result<store::Store, String> {
    let location = store::Location::parse(db);
    if let store::Location::Sqlite(file) = &location {
        if !file.is_file() {
            return Err(format!(
                "{} does not exist: give the database `microshop serve` uses (its --db, by default .microshop/orders.sqlite)",
                file.display()
            ));
        }
    }
    store::Store::open(&location).map_err(|e| format!("{}: {e}", location.describe()))
}
