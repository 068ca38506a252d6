#!/usr/bin/env bash
# Installs what is missing, builds, publishes the demo shop as a static site
# (.microshop/site, the same pages a seller uploads) and serves it with the
# reference order endpoint. Orders land in .microshop/orders.sqlite; list them with:
#   target/release/microshop orders --db .microshop/orders.sqlite
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
addr="${MICROSHOP_ADDR:-127.0.0.1:8080}"
target/release/microshop publish public/shop.json .microshop/site --base-url "http://$addr/"
exec target/release/microshop serve --site .microshop/site --addr "$addr" --db .microshop/orders.sqlite
