#!/usr/bin/env bash
# Installs what is missing, builds, and serves the demo shop with its order endpoint.
# Orders land in .microshop/orders.sqlite; list them with: target/release/microshop orders
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec target/release/microshop serve --addr "${MICROSHOP_ADDR:-127.0.0.1:8080}" --db .microshop/orders.sqlite
