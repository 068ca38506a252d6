#!/usr/bin/env bash
# Orders under load: accepted orders/s and latency of `microshop serve`, then a check
# that the database holds exactly the acknowledged orders (docs/performance.md, "Orders
# under load").
#   scripts/load.sh [sqlite|postgres] [instances: 1|2] [seconds] [connections]
# Defaults: sqlite 1 10 32. Uses target/release/microshop and dist/ (scripts/build.sh)
# and Debian's wrk (scripts/setup.sh installs it). PostgreSQL: a throwaway server from
# scripts/postgres.sh, started here and stopped after if this script started it.
# Each request is a new order of 1 x JP-50 of the demo shop (stock count removed, so
# every order can be accepted); every 10th resends the previous order's key and body.
# Two instances: two serve processes on one database, each loaded by its own wrk
# with half the connections (no proxy in between: the proxy's cost is not measured).
# LOAD_PERF=/tmp/serve.perf also records where the first instance spends its time;
# LOAD_SERVE_ARGS adds options to serve (e.g. "--sqlite-sync normal").
# No order limit (--orders-per-minute 0): the load comes from one address.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=${1:-sqlite}
INSTANCES=${2:-1}
SECONDS_=${3:-10}
CONNECTIONS=${4:-32}
WARMUP=3
BIN=${MICROSHOP_BIN:-target/release/microshop}
DIST=${MICROSHOP_DIST:-dist}

say() { printf '\033[1mload:\033[0m %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

case "$BACKEND" in sqlite|postgres) ;; *) die "backend \"$BACKEND\": sqlite or postgres" ;; esac
case "$INSTANCES" in 1|2) ;; *) die "instances \"$INSTANCES\": 1 or 2" ;; esac
[[ "$SECONDS_" =~ ^[0-9]+$ && "$CONNECTIONS" =~ ^[0-9]+$ ]] || die "seconds and connections are whole numbers"
# serve closes a client address's connections past 64 (listen.rs): wrk runs from one.
(( CONNECTIONS / INSTANCES <= 64 )) || die "at most 64 connections per instance: serve bounds one address's connections at 64"
command -v wrk >/dev/null || die "wrk is missing: run scripts/setup.sh (or apt-get install wrk)"
[ -x "$BIN" ] || die "$BIN is missing: run scripts/build.sh"
[ -f "$DIST/index.html" ] || die "$DIST/index.html is missing: run scripts/build.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/microshop-load.XXXXXX")
PIDS=()
STARTED_PG=0
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$STARTED_PG" = 1 ]; then bash scripts/postgres.sh stop; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The demo shop without stock counts, and one order body with ORDER_ID to fill in.
node -e '
  const fs = require("fs");
  const m = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  for (const p of m.catalog.products ?? []) for (const v of p.variants ?? []) delete v.stock;
  for (const p of m.catalog.products ?? []) delete p.stock;
  fs.writeFileSync(process.argv[2], JSON.stringify(m));
' "$DIST/shop.json" "$WORK/shop.json"
body=$("$BIN" request "$WORK/shop.json" --sku JP-50 | sed -n '/^{/p')
[ -n "$body" ] || die "microshop request gave no order body"
LOAD_BODY=$(printf '%s' "$body" | sed 's/ord_[0-9a-f]\{32\}/ORDER_ID/g')
export LOAD_BODY

if [ "$BACKEND" = postgres ]; then
  if ! base=$(bash scripts/postgres.sh url 2>/dev/null); then
    base=$(bash scripts/postgres.sh start)
    STARTED_PG=1
  fi
  dbname="load_$$_$(date +%s)"
  psql -q "$base" -c "CREATE DATABASE $dbname" >/dev/null
  DB="${base%/*}/$dbname"
else
  DB="$WORK/orders.sqlite"
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

URLS=()
for i in $(seq 1 "$INSTANCES"); do
  port=$(free_port)
  "$BIN" serve --dist "$DIST" --manifest "$WORK/shop.json" --db "$DB" --addr "127.0.0.1:$port" \
    --orders-per-minute 0 ${LOAD_SERVE_ARGS:-} >"$WORK/serve$i.out" 2>"$WORK/serve$i.err" &
  PIDS+=("$!")
  URLS+=("http://127.0.0.1:$port")
done
for i in "${!URLS[@]}"; do
  for _ in $(seq 1 300); do
    curl -fs "${URLS[$i]}/readyz" >/dev/null 2>&1 && break
    kill -0 "${PIDS[$i]}" 2>/dev/null || die "serve $((i + 1)) exited: $(cat "$WORK/serve$((i + 1)).err")"
    sleep 0.1 # polling a starting server's port
  done
  curl -fs "${URLS[$i]}/readyz" >/dev/null || die "serve $((i + 1)) not ready: $(cat "$WORK/serve$((i + 1)).err")"
done

# CPU seconds (user + system) of the serve processes so far.
cpu() {
  local total=0 pid t
  for pid in "${PIDS[@]}"; do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    total=$((total + t))
  done
  echo "$total"
}

# CPU seconds (ticks) of the PostgreSQL server: the postmaster, its live children
# (the backends, the WAL writer, ...) and those it reaped (its cutime and cstime).
PG_MASTER=
if [ "$BACKEND" = postgres ]; then
  data_dir=$(psql -qtA "$DB" -c "SHOW data_directory")
  PG_MASTER=$(head -n 1 "$data_dir/postmaster.pid" 2>/dev/null || true)
fi
pg_cpu() {
  [ -n "$PG_MASTER" ] && [ -r "/proc/$PG_MASTER/stat" ] || { echo 0; return; }
  local total pid
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$PG_MASTER/stat")
  local t
  for pid in $(cat /proc/"$PG_MASTER"/task/*/children 2>/dev/null); do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}

# One wrk per instance, each with its share of connections; prints their LOAD lines.
run() {
  local seconds=$1 tag=$2 i outs=()
  local per=$(( CONNECTIONS / INSTANCES )) threads=$(( INSTANCES == 1 ? 2 : 1 ))
  mkdir -p "$WORK/acked"
  for i in "${!URLS[@]}"; do
    LOAD_ACKED="$WORK/acked" LOAD_PREFIX=$(printf '%02x%02x0000' "$tag" "$i") \
      wrk -t"$threads" -c"$per" -d"${seconds}s" --timeout 5s -s scripts/load.lua "${URLS[$i]}" \
      >"$WORK/wrk$tag-$i.out" 2>&1 &
    outs+=("$!")
  done
  for pid in "${outs[@]}"; do wait "$pid"; done
  for i in "${!URLS[@]}"; do
    grep '^LOAD ' "$WORK/wrk$tag-$i.out" || die "wrk said: $(cat "$WORK/wrk$tag-$i.out")"
  done
}

field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }

say "$BACKEND, $INSTANCES instance(s), $CONNECTIONS connections, ${WARMUP}s warm-up, ${SECONDS_}s measured"
warm=$(run "$WARMUP" 1)
cpu0=$(cpu); pg0=$(pg_cpu)
if [ -n "${LOAD_PERF:-}" ]; then
  # Where the server's time goes (LOAD_PERF=file: perf's samples of the first instance).
  perf record -q -F 499 -g -o "$LOAD_PERF" -p "${PIDS[0]}" -- sleep "$SECONDS_" 2>/dev/null &
  perf_pid=$!
fi
measured=$(run "$SECONDS_" 2)
cpu1=$(cpu); pg1=$(pg_cpu)
if [ -n "${LOAD_PERF:-}" ]; then wait "$perf_pid" || true; say "perf samples in $LOAD_PERF (perf report -i $LOAD_PERF --no-children)"; fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

acked=0; requests=0; non2xx=0; errors=0; replayed=0
while read -r line; do
  [ -z "$line" ] && continue
  acked=$((acked + $(field acked <<<"$line")))
done <<<"$warm"$'\n'"$measured"
m_acked=0; p50=0; p99=0; dur=0
while read -r line; do
  [ -z "$line" ] && continue
  m_acked=$((m_acked + $(field acked <<<"$line")))
  requests=$((requests + $(field requests <<<"$line")))
  replayed=$((replayed + $(field replayed <<<"$line")))
  non2xx=$((non2xx + $(field non2xx <<<"$line")))
  for e in connect read write timeout; do errors=$((errors + $(field "$e" <<<"$line"))); done
  d=$(field duration_us <<<"$line"); [ "$d" -gt "$dur" ] && dur=$d
  # With two wrk processes the worse of their percentiles is reported.
  v=$(field p50_us <<<"$line"); [ "$v" -gt "$p50" ] && p50=$v
  v=$(field p99_us <<<"$line"); [ "$v" -gt "$p99" ] && p99=$v
done <<<"$measured"

# Every acknowledged order is in the database once. The database may hold a few more:
# the requests in flight when wrk stopped (at most one per connection per run), whose
# answers nobody read.
if [ "$BACKEND" = postgres ]; then
  psql -qtA "$DB" -c "SELECT order_id FROM orders" | sort >"$WORK/stored"
else
  sqlite3 "$DB" "SELECT order_id FROM orders" | sort >"$WORK/stored"
fi
cat "$WORK"/acked/* | sort >"$WORK/acked.sorted"
stored=$(wc -l <"$WORK/stored")
distinct=$(uniq "$WORK/stored" | wc -l)
missing=$(comm -23 "$WORK/acked.sorted" "$WORK/stored" | wc -l)
extra=$(comm -13 "$WORK/acked.sorted" "$WORK/stored" | wc -l)
in_flight=$(( CONNECTIONS * 2 ))
ticks=$(getconf CLK_TCK)
cpu_us=$(( (cpu1 - cpu0) * 1000000 / ticks / (m_acked > 0 ? m_acked : 1) ))
per_s=$(( m_acked * 1000000 / (dur > 0 ? dur : 1) ))
printf 'backend=%s instances=%d connections=%d seconds=%d serve options: %s\n' "$BACKEND" "$INSTANCES" "$CONNECTIONS" "$SECONDS_" "${LOAD_SERVE_ARGS:-(none)}"
printf 'accepted orders/s: %d  (%d new orders acknowledged in %d.%01d s; %d requests, %d replayed answers, %d non-2xx, %d socket errors)\n' \
  "$per_s" "$m_acked" $((dur / 1000000)) $((dur / 100000 % 10)) "$requests" "$replayed" "$non2xx" "$errors"
printf 'latency: p50 %d.%02d ms, p99 %d.%02d ms\n' $((p50 / 1000)) $((p50 / 10 % 100)) $((p99 / 1000)) $((p99 / 10 % 100))
printf 'server CPU per accepted order: %d us; load average at the end: %s\n' "$cpu_us" "$load_before"
if [ "$BACKEND" = postgres ]; then
  printf 'PostgreSQL CPU per accepted order: %d us (the server and all its processes)\n' \
    $(( (pg1 - pg0) * 1000000 / ticks / (m_acked > 0 ? m_acked : 1) ))
fi
printf 'database: %d orders stored (%d distinct ids); acknowledged over the whole run (warm-up included): %d, all stored: %s\n' "$stored" "$distinct" "$acked" "$([ "$missing" = 0 ] && echo yes || echo "NO, $missing missing")"
[ "$acked" = "$(wc -l <"$WORK/acked.sorted")" ] || die "FAIL: the acknowledged counts disagree ($acked, $(wc -l <"$WORK/acked.sorted") ids written)"
[ "$stored" = "$distinct" ] || die "FAIL: an order id is stored twice"
[ "$missing" = 0 ] || die "FAIL: $missing acknowledged orders are not in the database"
[ "$extra" -le $(( in_flight + errors )) ] || die "FAIL: $extra orders stored that were never acknowledged (at most $in_flight were in flight at the stops, $errors socket errors)"
say "OK: every acknowledged order is stored exactly once; $extra more were stored whose answers were in flight when wrk stopped (at most $in_flight)"
