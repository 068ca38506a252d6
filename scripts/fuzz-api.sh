#!/usr/bin/env bash
# Fuzzes the reference order endpoint against its OpenAPI document with a third-party
# tool (schemathesis, installed by scripts/setup.sh into .venv-tools/): a real
# `microshop serve` on 127.0.0.1 with the demo manifest and a temporary database.
# Every answer must be listed in docs/order-api.openapi.json with a body of its
# schema, bodies the document refuses must be refused (4xx), and nothing may be a 500.
# Bounded: a fixed number of examples per operation and a fixed seed.
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=$PWD
BIN=$(realpath "${MICROSHOP_BIN:-target/release/microshop}")
SCHEMATHESIS=$ROOT/.venv-tools/bin/schemathesis
EXAMPLES=${FUZZ_EXAMPLES:-100}
SEED=${FUZZ_SEED:-20261130}

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# serve needs only an index.html beside the manifest it verifies orders against.
mkdir -p "$work/dist"
echo '<!doctype html><title>shop</title>' > "$work/dist/index.html"
# Made before the server starts: the wait below reads them at once, and a server
# started in the background may not have opened its redirections yet.
: > "$work/out"
: > "$work/err"
# Without the per-client limit on reviews and problem reports (tests/trust_reviews.rs tests
# it): the fuzzing must reach the checks behind it, not a 429 after ten requests.
"$BIN" serve --dist "$work/dist" --manifest "$ROOT/public/shop.json" --db "$work/orders.sqlite" \
  --addr 127.0.0.1:0 --buyer-writes-per-minute 0 > "$work/out" 2> "$work/err" &
pid=$!
url=
for _ in $(seq 1 300); do
  url=$(sed -n 's|^microshop is serving the shop at \(http://[^/]*\)/$|\1|p' "$work/out")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "fuzz-api: the server did not start" >&2; cat "$work/err" >&2; exit 1; }

# positive_data_acceptance is left out: a generated order cannot match the demo
# catalog's prices, so a valid-looking order is rightly refused (409/422, documented).
# From the temporary folder: the tool keeps its example database in the working directory.
cd "$work"
SCHEMATHESIS_HOOKS=$ROOT/scripts/fuzz_hooks.py "$SCHEMATHESIS" --config-file "$ROOT/scripts/fuzz-schemathesis.toml" run "$ROOT/docs/order-api.openapi.json" \
  --url "$url" \
  --checks all \
  --exclude-checks positive_data_acceptance \
  --max-examples "$EXAMPLES" \
  --seed "$SEED" \
  --workers 1 \
  --request-timeout 20 \
  --no-color \
  --report-dir "${FUZZ_REPORT_DIR:-$work/report}" ${FUZZ_REPORT:+--report "$FUZZ_REPORT"}
