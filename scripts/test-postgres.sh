#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server tests: `start` prints EBRANCH_TEST_PG_URL, `stop` removes it.
#
# Uses the Debian binaries (/usr/lib/postgresql/<ver>/bin). PostgreSQL refuses to run as root,
# so the cluster belongs to the `postgres` unix user (created by the Debian package) when we are root.
# Usage:  eval "$(scripts/test-postgres.sh start)"   …   scripts/test-postgres.sh stop
set -euo pipefail

# One cluster per checkout (several worktrees on one machine must not stop each other's cluster),
# on a port that was free when it started (kept in $DIR/port while it runs).
here=$(cd "$(dirname "$0")/.." && pwd)
DIR=${EBRANCH_PG_DIR:-/tmp/ebranch-test-pg-$(printf '%s' "$here" | cksum | cut -d' ' -f1)}
if [ -n "${EBRANCH_PG_PORT:-}" ]; then
    PORT=$EBRANCH_PG_PORT
elif [ -f "$DIR/port" ]; then
    PORT=$(cat "$DIR/port")
else
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
PASSWORD=ebranch-test

bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
        echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
        exit 1
    fi
    echo "$d"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local bin
    bin=$(bindir)
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir "$DIR" --shell /usr/sbin/nologin postgres
    fi
    if [ -f "$DIR/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
        echo "export EBRANCH_TEST_PG_URL=postgresql+psycopg://ebranch:$PASSWORD@127.0.0.1:$PORT/postgres"
        return
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
    local pwfile="$DIR/pw"
    echo "$PASSWORD" > "$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
    as_owner "$bin/initdb" -D "$DIR/data" -U ebranch --pwfile="$pwfile" --auth=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    # Durability is irrelevant for throwaway test data; speed is not.
    if [ -z "${EBRANCH_PG_PORT:-}" ]; then  # not running: a port free now, not the one it last had
        PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fi
    echo "$PORT" > "$DIR/port"
    as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB" \
        >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    echo "export EBRANCH_TEST_PG_URL=postgresql+psycopg://ebranch:$PASSWORD@127.0.0.1:$PORT/postgres"
}

stop() {
    local bin
    bin=$(bindir)
    if [ -d "$DIR/data" ]; then
        as_owner "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
