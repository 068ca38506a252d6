//! `microshop`: check a shop manifest, print its JSON Schema, serve a shop.

mod check;
mod source;

use clap::{Parser, Subcommand};
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { manifest } => check::run(&manifest),
        Command::Schema => {
            println!("{}", check::schema_json());
            ExitCode::SUCCESS
        }
    }
}
