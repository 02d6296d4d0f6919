#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server on loopback for the tests of team mode.
# Usage: source .ci/postgres.sh start   (exports ANNOTATOR_TEST_PG)   |   .ci/postgres.sh stop DIR
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg() {
  # The server refuses to run as root; a root shell runs it as the postgres system user.
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

start_pg() {
  local bin port dir
  bin=$(pg_bin)
  if [ -z "$bin" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_bin)
  fi
  # A free port chosen by the kernel, so that a developer's own server never collides.
  port=${PGPORT_TEST:-$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
  dir=$(mktemp -d /tmp/annotator-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg "$bin/initdb -D $dir/data -U postgres -A trust --no-sync -E UTF8 >/dev/null"
  as_pg "$bin/pg_ctl -D $dir/data -l $dir/log -w -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200\" start >/dev/null"
  export ANNOTATOR_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  export ANNOTATOR_PG_DIR="$dir"
}

stop_pg() {
  local dir=$1
  [ -d "$dir/data" ] && as_pg "$(pg_bin)/pg_ctl -D $dir/data -m fast -w stop >/dev/null" || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start_pg ;;
  stop) stop_pg "${2:?data folder}" ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
