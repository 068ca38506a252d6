#!/usr/bin/env bash
# Installs what is missing, builds, and serves the demo shop as a published static
# site (.microshop/site, the same pages a seller uploads) with the reference order
# endpoint and the seller's desk at /_seller/.
#
# The seller's own files are a copy of the demo shop outside git, .microshop/shop/
# (copied from public/ on the first run only; delete it to start again): the studio
# edits that shop.json, and serve publishes .microshop/site from it at start and
# again after every save. The seller's secret is .microshop/seller-secret (made on
# the first run, readable only by you); each run prints a one-time sign-in link.
# Orders land in .microshop/orders.sqlite; list them with:
#   target/release/microshop orders --db .microshop/orders.sqlite
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
addr="${MICROSHOP_ADDR:-127.0.0.1:8080}"
shop=.microshop/shop
if [ ! -f "$shop/shop.json" ]; then
  mkdir -p "$shop"
  cp public/shop.json "$shop/shop.json"
  cp -r public/images "$shop/images"
  # The demo shows what serve adds for buyers (docs/trust.md): reviews and problems
  # read from serve's API, and its signed receipts' key list named for the strip.
  node -e '
    const fs = require("fs");
    const file = process.argv[1];
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    doc.trust = { api: "/api/" };
    doc.receipts = { keys: "/.well-known/microshop-receipt-key.json" };
    fs.writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
  ' "$shop/shop.json"
  echo "made the seller's folder $shop from public/ (the studio edits it)"
fi
# The key that signs the demo's receipts, made once and kept (docs/trust.md).
if [ ! -f .microshop/receipt-key.json ]; then
  target/release/microshop receipt-key new .microshop/receipt-key.json
fi
# A secret the first time, and a sign-in link (with a QR code) every time.
target/release/microshop seller-token --db .microshop/orders.sqlite \
  --secret-file .microshop/seller-secret --base-url "http://$addr/"
exec target/release/microshop serve --manifest "$shop/shop.json" --site .microshop/site \
  --base-url "http://$addr/" --seller-secret-file .microshop/seller-secret \
  --addr "$addr" --db .microshop/orders.sqlite --receipt-key .microshop/receipt-key.json
