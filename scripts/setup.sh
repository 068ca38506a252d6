#!/usr/bin/env bash
# Installs whatever microshop needs and is missing: idempotent, and quick when all is there.
# Needs only what a fresh Debian machine of this project has: rustup's toolchain, Node/npm, apt.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# System packages: the browser for tests, sqlite3 to read the order database,
# WebKitGTK's WebDriver under a virtual display (Safari's engine, tests/webkit/), and a
# CJK font so Chinese and Japanese screenshots (tests/e2e/screenshots.test.mjs) show
# real glyphs instead of boxes. wrk for scripts/load.sh (orders under load).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# tests/e2e/theme.test.mjs serves a seller's own font file: DejaVu Serif stands in.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf ] || missing+=(fonts-dejavu-core)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL for the store tests (scripts/postgres.sh starts a throwaway server).
bash scripts/postgres.sh install

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes a few minutes once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Without --locked: its own lockfile pins a crate the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# The splitter between cargo and wasm-bindgen (scripts/split.mjs, Trunk's post-build hook):
# it cuts the parts loaded on demand out of the storefront's wasm. It has no --version;
# cargo's record of installed packages says which one is there.
WASM_SPLIT_VERSION=0.2.4
if ! grep -q "wasm_split_cli_support $WASM_SPLIT_VERSION" "$HOME/.cargo/.crates.toml" 2>/dev/null \
  || ! command -v wasm-split-cli >/dev/null 2>&1; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (wasm_split_cli_support)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

# npm tools: binaryen's wasm-opt, the minifiers (lightningcss, terser: pure JS), the browser driver, axe-core. Never a browser download.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

# schemathesis, the OpenAPI fuzzer of scripts/fuzz-api.sh, in a project-local venv
# (.venv-tools/, ignored by git) so nothing is installed into the system's Python.
SCHEMATHESIS_VERSION=4.32.5
if [ "$(.venv-tools/bin/schemathesis --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION into .venv-tools/"
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  python3 -m venv .venv-tools
  .venv-tools/bin/pip install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
