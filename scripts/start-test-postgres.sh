#!/bin/bash
# Starts a throwaway PostgreSQL cluster on loopback for the PostgreSQL store tests and prints
# its URL (the last line of standard output), e.g.
#
#   export PINGAN_TEST_POSTGRES_URL=$(scripts/start-test-postgres.sh)
#   swift test --filter Postgres
#
# Idempotent: a cluster that is already running is reused. `scripts/start-test-postgres.sh stop`
# stops it. Needs Debian's `postgresql` package (apt-get install -y postgresql); it never touches
# the package's own cluster. Runs as root (the server then runs as the `postgres` user) or as any
# other non-root user that may write PINGAN_PG_DIR.
#
# The cluster trusts every local connection and runs with fsync off: it is for tests only and
# holds nothing worth keeping.
#
# Settings (environment): PINGAN_PG_DIR (default /tmp/pingan-pg), PINGAN_PG_PORT (default 55432).
# PINGAN_PG_DURABLE=1 starts it with PostgreSQL's durable defaults instead (fsync, synchronous
# commit, full-page writes), as the benchmarks need: their figures are for acknowledged = durable.
# Use its own PINGAN_PG_DIR and PINGAN_PG_PORT so it never reuses a cluster started without it.
set -euo pipefail

dir=${PINGAN_PG_DIR:-/tmp/pingan-pg}
port=${PINGAN_PG_PORT:-55432}
url="postgres://postgres@127.0.0.1:${port}/postgres"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql; run: apt-get install -y postgresql" >&2
    exit 1
fi

# Runs a command as the cluster's owner: `postgres` when we are root (the server refuses to run
# as root), ourselves otherwise.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        "$(command -v runuser || echo /usr/sbin/runuser)" -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "${1:-start}" = stop ]; then
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2
    fi
    exit 0
fi

mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
    # -U postgres: the superuser is called postgres whoever runs this, so the URL is the same.
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
fi

if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    # max_connections: every test case opens its own pool, and the cases run in parallel.
    speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ "${PINGAN_PG_DURABLE:-0}" = 1 ]; then speed="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"; fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=400 $speed" \
        start >&2 || {
        tail -n 30 "$dir/log" >&2 || true
        exit 1
    }
fi

for _ in $(seq 1 60); do
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        echo "$url"
        exit 0
    fi
    sleep 0.5
done
echo "PostgreSQL did not become ready on 127.0.0.1:$port; see $dir/log" >&2
exit 1
