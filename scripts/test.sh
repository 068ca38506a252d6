#!/usr/bin/env bash
# Installs what is missing, then runs every check and test: formatting, lints,
# native tests, the release build, and end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "lints (native crates, then the wasm storefront and the seller app)"
cargo clippy -p microshop-core -p microshop-cli -p microshop-words -p microshop-seller-model --all-targets -- -D warnings
cargo clippy -p microshop-storefront --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p microshop-seller --target wasm32-unknown-unknown -- -D warnings

step "build (release storefront and tool)"
bash scripts/build.sh

step "native tests (core rules, manifest validation, order contract, CLI, endpoint, the store on SQLite and PostgreSQL)"
# A throwaway PostgreSQL for the store tests, stopped again even when a test fails.
MICROSHOP_TEST_POSTGRES=$(bash scripts/postgres.sh start)
export MICROSHOP_TEST_POSTGRES
trap 'bash scripts/postgres.sh stop' EXIT
cargo test -p microshop-core -p microshop-cli -p microshop-words -p microshop-seller-model
cargo test -p microshop-words --features seller --lib
bash scripts/postgres.sh stop
trap - EXIT
unset MICROSHOP_TEST_POSTGRES

step "unit tests of the layering and shared tables (Node)"
node --test tests/unit/

step "OpenAPI fuzzing of the order endpoint (schemathesis, bounded)"
bash scripts/fuzz-api.sh

step "size budget"
node scripts/budget.mjs

step "end-to-end tests in headless Chromium (390x844, touch)"
node --test --test-concurrency=1 tests/e2e/

step "WebKit (Safari's engine): the buyer's journey and the embed handoff (WebKitWebDriver under xvfb)"
node --test --test-concurrency=1 tests/webkit/
