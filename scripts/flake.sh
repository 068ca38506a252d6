#!/usr/bin/env bash
# Finds flaky tests: runs the end-to-end (tests/e2e/) and WebKit (tests/webkit/) suites
# round after round, half of the rounds while the CPU is kept busy, and prints every test
# that failed at least once, with its count and errors. Not part of scripts/test.sh: it
# takes hours. A test that fails here once is a failing test (docs/testing.md).
#
#   nice -n 10 bash scripts/flake.sh                 # 10 e2e rounds, 20 WebKit rounds
#   bash scripts/flake.sh --e2e 2 --webkit 6 --load all tests/webkit/webkit.test.mjs
#   bash scripts/flake.sh --e2e 0 --webkit 0 --native 10   # the native suites only
#
# Options:
#   --e2e N          rounds of the e2e suite (default 10; 0 skips it)
#   --webkit N       rounds of the WebKit suite (default 20; 0 skips it)
#   --native N       rounds of the native tests, as scripts/test.sh runs them, with its
#                    throwaway PostgreSQL (default 0; CI's one flake in a native test,
#                    store_migrations, is why they can be run here too)
#   --load MODE      half (default: every second round under load), all, none
#   --load-with WAY  busy (default): one shell busy loop per CPU core, at the script's own
#                    priority; build: `cargo build --release -p microshop-core` into a
#                    scratch target directory, over and over (what another engineer's
#                    build does to the machine, with its disk and memory traffic too)
#   --out DIR        where results go (default test-results/flake/<date>-<time>)
#   FILES            only these test files (each goes with the suite of its folder)
#
# Needs a build (scripts/build.sh: dist/ and target/release/microshop). Output, in DIR:
#   <suite>-r<NN>-<idle|load>.jsonl  one JSON line per test (scripts/flake-reporter.mjs)
#   <suite>-r<NN>-<idle|load>.log    node's spec report (cargo's output for native), for reading
#   rounds.tsv                       round, suite, load, start, seconds, exit code, load average
#   flaky.tsv                        one line per test that failed at least once
# and the summary on stdout (scripts/flake-report.mjs). Exits 1 when any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

e2e_rounds=10 webkit_rounds=20 native_rounds=0 load=half load_with=busy out="" files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --e2e) e2e_rounds=$2; shift 2 ;;
    --webkit) webkit_rounds=$2; shift 2 ;;
    --native) native_rounds=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    --load-with) load_with=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "flake.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
case "$load" in half|all|none) ;; *) echo "flake.sh: --load is half, all or none, not '$load'" >&2; exit 2 ;; esac
case "$load_with" in busy|build) ;; *) echo "flake.sh: --load-with is busy or build, not '$load_with'" >&2; exit 2 ;; esac
for n in "$e2e_rounds" "$webkit_rounds" "$native_rounds"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "flake.sh: a round count is a whole number, not '$n'" >&2; exit 2; }
done
[ "$e2e_rounds" -eq 0 ] && [ "$webkit_rounds" -eq 0 ] || { [ -f dist/index.html ] && [ -x target/release/microshop ]; } \
  || { echo "flake.sh: no build: run bash scripts/build.sh first (dist/ and target/release/microshop)" >&2; exit 2; }

# Which files each suite runs: its folder, or the FILES given that are in it.
e2e_files=() webkit_files=()
for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "flake.sh: no test file $f" >&2; exit 2; }
  case "$f" in
    tests/e2e/*) e2e_files+=("$f") ;;
    tests/webkit/*) webkit_files+=("$f") ;;
    *) echo "flake.sh: $f is in neither tests/e2e/ nor tests/webkit/" >&2; exit 2 ;;
  esac
done
if [ ${#files[@]} -gt 0 ]; then
  [ ${#e2e_files[@]} -gt 0 ] || e2e_rounds=0
  [ ${#webkit_files[@]} -gt 0 ] || webkit_rounds=0
fi
[ ${#e2e_files[@]} -gt 0 ] || e2e_files=(tests/e2e/)
[ ${#webkit_files[@]} -gt 0 ] || webkit_files=(tests/webkit/)

out=${out:-test-results/flake/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
{
  echo "started: $(date -Is)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- tests scripts || echo ' (with local changes)')"
  echo "rounds: e2e $e2e_rounds, webkit $webkit_rounds, native $native_rounds; load: $load with $load_with; cores: $(nproc); nice: $(nice)"
  echo "files:$([ "$e2e_rounds" -gt 0 ] && echo " ${e2e_files[*]}")$([ "$webkit_rounds" -gt 0 ] && echo " ${webkit_files[*]}")"
} > "$out/meta.txt"
cat "$out/meta.txt"
printf 'round\tsuite\tload\tstarted\tseconds\texit\tloadavg_start\tloadavg_end\n' > "$out/rounds.tsv"

# The load: processes started here, each in a process group of its own, stopped by id.
load_groups=()
start_load() {
  local n
  if [ "$load_with" = busy ]; then
    for ((n = 0; n < $(nproc); n++)); do
      setsid bash -c 'while :; do :; done' & load_groups+=($!)
    done
  else
    local scratch="$PWD/target/flake-load"
    setsid bash -c "while :; do rm -rf '$scratch'; cargo build --quiet --release -p microshop-core --target-dir '$scratch' >/dev/null 2>&1 || exit; done" &
    load_groups+=($!)
  fi
}
stop_load() {
  local g
  for g in "${load_groups[@]}"; do kill -- "-$g" 2>/dev/null || true; done
  for g in "${load_groups[@]}"; do wait "$g" 2>/dev/null || true; done
  load_groups=()
}
pg_started=""
finish() {
  stop_load
  [ -z "$pg_started" ] || bash scripts/postgres.sh stop
}
trap finish EXIT
# A run stopped from outside says so in meta.txt (a run of session 5 ended with no word).
stopped() { echo "stopped by SIG$1: $(date -Is)" >> "$out/meta.txt"; exit "$2"; }
trap 'stopped INT 130' INT
trap 'stopped TERM 143' TERM
trap 'stopped HUP 129' HUP

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Runs one suite's round; its exit code is recorded, never stops the run.
run_round() {
  local suite=$1 round=$2 mode=$3 limit=$4; shift 4
  local name started t0 code=0 before
  name=$(printf '%s-r%02d-%s' "$suite" "$round" "$mode")
  started=$(date -Is) before=$(loadavg) t0=$SECONDS
  printf '%s round %d (%s): ' "$suite" "$round" "$mode"
  timeout --signal=INT --kill-after=60 "$limit" \
    node --test --test-concurrency=1 \
      --test-reporter=./scripts/flake-reporter.mjs --test-reporter-destination="$out/$name.jsonl" \
      --test-reporter=spec --test-reporter-destination="$out/$name.log" \
      "$@" || code=$?
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$suite" "$mode" "$started" "$((SECONDS - t0))" "$code" "$before" "$(loadavg)" >> "$out/rounds.tsv"
  local failed
  failed=$(grep -c '"status":"fail"' "$out/$name.jsonl" || true)
  echo "$((SECONDS - t0)) s, exit $code, $failed failed"
}

# One native round: the packages and features scripts/test.sh tests, one cargo output
# per round, turned into the reporter's lines by scripts/flake-native.mjs.
run_native_round() {
  local round=$1 mode=$2 name started t0 code=0 before
  name=$(printf 'native-r%02d-%s' "$round" "$mode")
  started=$(date -Is) before=$(loadavg) t0=$SECONDS
  printf 'native round %d (%s): ' "$round" "$mode"
  {
    cargo test -p microshop-core -p microshop-cli -p microshop-words -p microshop-seller-model 2>&1 || code=$?
    cargo test -p microshop-words --features seller --lib 2>&1 || code=$?
  } > "$out/$name.log"
  node scripts/flake-native.mjs < "$out/$name.log" > "$out/$name.jsonl"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" native "$mode" "$started" "$((SECONDS - t0))" "$code" "$before" "$(loadavg)" >> "$out/rounds.tsv"
  echo "$((SECONDS - t0)) s, exit $code, $(grep -c '"status":"fail"' "$out/$name.jsonl" || true) failed"
}
if [ "$native_rounds" -gt 0 ]; then
  MICROSHOP_TEST_POSTGRES=$(bash scripts/postgres.sh start)
  export MICROSHOP_TEST_POSTGRES
  pg_started=1
fi

max=$(( e2e_rounds > webkit_rounds ? e2e_rounds : webkit_rounds ))
max=$(( native_rounds > max ? native_rounds : max ))
for ((round = 1; round <= max; round++)); do
  mode=idle
  if [ "$load" = all ] || { [ "$load" = half ] && [ $((round % 2)) -eq 0 ]; }; then mode=load; fi
  [ "$mode" = load ] && start_load
  # A round that hangs is cut off (its tests count as they stand) and the next one runs.
  [ "$round" -le "$e2e_rounds" ] && run_round e2e "$round" "$mode" 3600 "${e2e_files[@]}"
  [ "$round" -le "$webkit_rounds" ] && run_round webkit "$round" "$mode" 900 "${webkit_files[@]}"
  [ "$round" -le "$native_rounds" ] && run_native_round "$round" "$mode"
  stop_load
done

echo "finished: $(date -Is)" >> "$out/meta.txt"
echo
status=0
node scripts/flake-report.mjs "$out" > "$out/summary.txt" || status=$?
cat "$out/summary.txt"
exit "$status"
