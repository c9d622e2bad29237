#!/usr/bin/env bash
# Measures booking throughput and latency with wrk against a real server on
# its own fresh embedded PostgreSQL (durable settings, as in production), then
# checks the no-overbooking invariant. Figures go to docs/performance.md by hand.
# Usage: scripts/benchmark.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
scripts/install-deps.sh
command -v wrk >/dev/null || { echo "benchmark: installing wrk"; apt-get install -y -qq wrk >/dev/null; }
scripts/build.sh >/dev/null

data=$(mktemp -d -t boxoffice-bench.XXXXXX)
chmod 711 "$data"
log="$data/server.log"
# The wrk scripts book anonymously, as the reference's load test does: that needs
# public booking on (off by default since the accounts of issue 13). The access
# log is off, as a bare reference server has none; BOXOFFICE_ACCESS_LOG=on measures it.
BOXOFFICE_ADMIN_TOKEN=bench-token BOXOFFICE_ACCESS_LOG=${BOXOFFICE_ACCESS_LOG:-off} \
    build/server/boxoffice-server --data-dir "$data/server" --port 0 --public-booking open \
    --listen 127.0.0.1 --workers "${WORKERS:-8}" >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do grep -q "^boxoffice-server listening" "$log" && break; sleep 0.5; done
url=$(sed -n 's/^boxoffice-server listening on \(http[^ ]*\).*/\1/p' "$log")
[[ -n "$url" ]] || { cat "$log"; exit 1; }

create_show() {
    curl -sf -X POST "$url/admin/shows" -H 'Authorization: Bearer bench-token' -H 'Content-Type: application/json' \
        -d "{\"name\":\"$1\",\"start_time\":\"2030-01-01T20:00:00Z\",\"total_seats\":100000}" |
        sed -n 's/.*"id":\([0-9]*\).*/\1/p'
}

echo "machine: $(nproc) cores; server workers: ${WORKERS:-8}; $duration s per run"
for connections in 1 16 64; do
    show=$(create_show "bench-$connections")
    printf 'POST /shows/:id/book  %3d connections: ' "$connections"
    BOOK_SHOW_ID=$show wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${duration}s" -s tests/load/book.lua "$url" | tail -n 1
done
show=$(create_show "bench-read")
printf 'GET  /shows/:id        64 connections: '
wrk -t2 -c64 -d"${duration}s" "$url/shows/$show" | sed -n 's/^Requests\/sec: *//p' | sed 's/$/ requests\/s/'

port=$(sed -n 's/.*embedded PostgreSQL listening on 127.0.0.1 port \([0-9]*\).*/\1/p' "$log")
password=$(cat "$data/server/postgresql/db-password")
violations=$(PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U boxoffice -d boxoffice -Atc "
    SELECT count(*) FROM (SELECT s.id FROM shows s LEFT JOIN bookings b
      ON b.show_id = s.id AND b.status IN ('PENDING','CONFIRMED') GROUP BY s.id
      HAVING s.reserved_seats <> coalesce(sum(b.seats),0) OR s.reserved_seats > s.total_seats) v")
booked=$(PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U boxoffice -d boxoffice -Atc "SELECT count(*) FROM bookings")
echo "bookings made: $booked; invariant violations: $violations"
