#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (docs/store.md "Testing on PostgreSQL"):
#   scripts/postgres.sh start   installs Debian's postgresql when missing, initdb's a
#                               cluster in a temporary folder owned by the postgres user,
#                               starts it on a free loopback port (its socket in that
#                               folder, nothing else listens), prints its URL
#   scripts/postgres.sh url     prints the URL of the running one
#   scripts/postgres.sh stop    stops it and removes the folder
#   scripts/postgres.sh install only installs postgresql when missing (scripts/setup.sh)
# Idempotent: start with one running prints its URL; stop with none does nothing.
# One server per checkout (the folder's name comes from this checkout's path), so
# several worktrees on one machine do not meet.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1mpostgres:\033[0m %s\n' "$*" >&2; }

key=$(printf '%s' "$PWD" | sha256sum | cut -c1-12)
DIR=${MICROSHOP_PG_DIR:-${TMPDIR:-/tmp}/microshop-postgres-$key}

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && printf '%s' "$found"
}

install() {
  [ -n "$(bindir)" ] && return 0
  say "installing Debian's postgresql (apt)"
  export DEBIAN_FRONTEND=noninteractive
  # No cluster of Debian's own: the tests make theirs, and none may be left running.
  mkdir -p /etc/postgresql-common
  if ! grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then
    echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  [ -n "$(bindir)" ] || { say "postgresql installed, but no initdb under /usr/lib/postgresql/*/bin"; exit 1; }
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    # runuser keeps no terminal and needs no password; the server refuses to run as root.
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() {
  [ -f "$DIR/port" ] || { say "not running (scripts/postgres.sh start)"; exit 1; }
  printf 'postgres://postgres@127.0.0.1:%s/postgres\n' "$(cat "$DIR/port")"
}

running() {
  [ -f "$DIR/data/postmaster.pid" ] && as_postgres "$(bindir)/pg_ctl" status -D "$DIR/data" >/dev/null 2>&1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  install
  if running; then url; return; fi
  rm -rf "$DIR"
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR"; chmod 700 "$DIR"; fi
  local bin port
  bin=$(bindir)
  as_postgres "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
  # A port taken between choosing it and the server binding it: try a few.
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_postgres "$bin/pg_ctl" start -w -t 60 -D "$DIR/data" -l "$DIR/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c max_connections=200" >/dev/null; then
      echo "$port" > "$DIR/port"
      url
      return
    fi
  done
  cat "$DIR/server.log" >&2
  exit 1
}

stop() {
  if [ -d "$DIR/data" ] && [ -n "$(bindir)" ]; then
    as_postgres "$(bindir)/pg_ctl" stop -D "$DIR/data" -m fast -w >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  install) install ;;
  *) echo "usage: scripts/postgres.sh start|stop|url|install" >&2; exit 2 ;;
esac
