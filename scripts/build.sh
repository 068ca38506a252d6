#!/usr/bin/env bash
# Builds the storefront (dist/) and the microshop tool (target/release/microshop).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release
cargo build --release -p microshop-cli
node scripts/precompress.mjs dist
