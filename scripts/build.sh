#!/usr/bin/env bash
# Builds the storefront (dist/) and the microshop tool (target/release/microshop).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release
# --- The seller app (engineer F): a second Trunk entry with its own HTML, binary
# and words, into dist/seller/ (served by `microshop serve` at /_seller/ behind the
# seller's session), then the studio's preview page made from the storefront's
# index.html. After the storefront's build, which empties dist/; nothing here
# changes the buyer's files. Its own Trunk.toml: the storefront's hooks do not run. ---
trunk build --release --config crates/seller/Trunk.toml
node scripts/seller-preview.mjs
# --- end of the seller app ---
cargo build --release -p microshop-cli
node scripts/precompress.mjs dist
