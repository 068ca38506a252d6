//! `microshop`: check a shop manifest, print its JSON Schema, serve a shop.

mod catalog;
mod check;
mod openapi;
mod orders;
mod publish;
mod request;
mod serve;
mod source;

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

#[derive(Subcommand)]
enum Command {
    /// Check a shop manifest (a file path or an http(s) URL) and list every problem with its path.
    Check {
        /// shop.json file or URL.
        manifest: String,
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
    /// Serve the built storefront and a reference order endpoint (POST /api/orders) backed by SQLite.
    Serve {
        /// The built storefront (Trunk's output).
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// Serve a folder `microshop publish` wrote instead, as a static host would (no SPA
        /// fallback, 404.html for what is missing), under its base path; orders are
        /// verified against its shop.json.
        #[arg(long, conflicts_with_all = ["dist", "manifest"])]
        site: Option<PathBuf>,
        /// The shop manifest, served as /shop.json and used to verify orders [default: DIST/shop.json].
        #[arg(long)]
        manifest: Option<PathBuf>,
        /// Where orders go: a SQLite file (created on first start) or a PostgreSQL URL
        /// (postgres://user:password@host:port/database); see docs/store.md.
        #[arg(long, env = "MICROSHOP_DB", default_value = ".microshop/orders.sqlite")]
        db: String,
        /// Address to listen on (port 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
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
    /// Bring the order database's schema up to date (serve does it at start too).
    Migrate {
        /// The SQLite file or PostgreSQL URL `serve` uses.
        #[arg(long, env = "MICROSHOP_DB", default_value = ".microshop/orders.sqlite")]
        db: String,
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
        Command::Check { manifest } => check::run(&manifest),
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
            db,
            addr,
        } => {
            let manifest = match &site {
                Some(site) => site.join("shop.json"),
                None => manifest.unwrap_or_else(|| dist.join("shop.json")),
            };
            exit(serve::run(serve::Options {
                dist,
                site,
                manifest,
                db: store::Location::parse(&db),
                addr,
            }))
        }
        Command::Publish {
            manifest,
            out,
            base_url,
            dist,
        } => {
            let options = publish::Options {
                manifest,
                out,
                base_url,
                dist,
            };
            exit(publish::run(&options).map(|done| {
                println!(
                    "published {} pages and {} files into {} ({} precompressed as .br and .gz), for {}",
                    done.pages,
                    done.files,
                    options.out.display(),
                    done.compressed,
                    done.base_url
                );
            }))
        }
        Command::Orders { db, manifest, json } => {
            exit(orders::run(&store::Location::parse(&db), &manifest, json))
        }
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
