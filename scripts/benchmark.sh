#!/usr/bin/env bash
# The flash-sale benchmark of issue 15, side by side in one run on one machine:
# one durable PostgreSQL (fsync and synchronous_commit on) shared by
#   - pgbench, in a database of its own with our schema, one single-statement
#     transaction per booking (SELECT book_seats(...)) at 8 and 64 connections;
#   - boxoffice-server with group booking on, and a second one with it off (the
#     one-transaction-per-booking path), driven by build/client/loadtest/boxoffice-loadtest.
# Rounds are interleaved (every workload once per round, in turn), and the table
# gives medians over the rounds, ratios taken per round. Then: 1 000 connections on
# one hot show, 100 000 holds falling due in the same second, the expiry lag
# while 1 000 bookings/s arrive, and peak memory.
# Figures go to docs/performance.md by hand.
# Usage: scripts/benchmark.sh [seconds per run, default 8] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-8}
rounds=${2:-3}
scripts/install-deps.sh
for tool in jq pgbench; do
    command -v "$tool" >/dev/null || { apt-get install -y -qq jq postgresql-contrib >/dev/null; }
done
scripts/build.sh >/dev/null
loadtest=build/client/loadtest/boxoffice-loadtest
server_bin=build/server/boxoffice-server
[[ -x $loadtest ]] || { echo "benchmark: $loadtest was not built" >&2; exit 1; }

# shellcheck source=scripts/benchmark-database.sh
source scripts/benchmark-database.sh
start_benchmark_database bench 300 256MB
psql_in() { psql -h 127.0.0.1 -p "$port" -U bench -d "$1" -v ON_ERROR_STOP=1 -qAtc "$2"; }
psql_in postgres "CREATE DATABASE boxoffice" >/dev/null
psql_in postgres "CREATE DATABASE pgbench_booking" >/dev/null
for migration in sql/[0-9]*.sql; do
    psql -h 127.0.0.1 -p "$port" -U bench -d pgbench_booking -v ON_ERROR_STOP=1 -q -f "$migration" >/dev/null
done

# Two servers on the same database: group booking on (the product) and off (before).
ulimit -n 8192
start_server() { # name group-booking [extra server arguments...] -> started_url, started_pid
    local log="$work/$1.log" group=$2
    shift 2
    DATABASE_URL="postgres://bench@127.0.0.1:$port/boxoffice" BOXOFFICE_ADMIN_TOKEN=bench-token \
        BOXOFFICE_ACCESS_LOG=off "$server_bin" --port 0 --listen 127.0.0.1 --public-booking open \
        --max-connections 2100 --group-booking "$group" "$@" >"$log" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
    for _ in $(seq 1 120); do grep -q "^boxoffice-server listening" "$log" && break; sleep 0.5; done
    started_url=$(sed -n 's/^boxoffice-server listening on \(http[^ ]*\).*/\1/p' "$log")
}
start_server on on --hold-seconds 3600
url_on=$started_url
server_on_pid=$started_pid
start_server off off --hold-seconds 3600
url_off=$started_url
[[ -n $url_on && -n $url_off ]] || { cat "$work"/*.log; exit 1; }

pgbench_run() { # connections first-show last-show
    local script="$work/book.sql"
    printf '%s\n' '\set show random(:first, :last)' \
        "SELECT book_seats(:show, 'pgbench', 1, 3600, md5(random()::text), NULL::text, NULL::text);" >"$script"
    pgbench -n -h 127.0.0.1 -p "$port" -U bench -c "$1" -j 2 -T "$seconds" -M prepared \
        -D first="$2" -D last="$3" -f "$script" pgbench_booking 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}
pgbench_shows() { # count -> "first last"
    psql_in pgbench_booking "WITH s AS (INSERT INTO shows (name, start_time, total_seats)
        SELECT 'bench', '2030-01-01', 100000 FROM generate_series(1, $1) RETURNING id)
        SELECT min(id) || ' ' || max(id) FROM s"
}
# A show has at most 100 000 seats, and group booking sells them faster than that
# in a run: its hot runs stop after 95 000 bookings instead (rates are per second
# of the run either way), so every request can succeed.
hot_cap=(--requests 95000)
loadtest_run() { # url scenario connections limit... -- [extra...] -> "throughput p99 unexpected"
    local url=$1 scenario=$2 connections=$3 limit=()
    shift 3
    while [[ $# -gt 0 && $1 != -- ]]; do limit+=("$1"); shift; done
    [[ $# -gt 0 ]] && shift
    [[ ${#limit[@]} -gt 0 ]] || limit=(--duration "$seconds")
    "$loadtest" --url "$url" --scenario "$scenario" --connections "$connections" "${limit[@]}" \
        --seats-per-show 100000 --admin-token bench-token --no-progress --json "$@" |
        jq -r '"\(.throughput) \(.latency_ms.p99) \(.unexpected + .transport_errors)"'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }

declare -A col
add() { col[$1]="${col[$1]:-} $2"; }
echo "machine: $(nproc) cores; PostgreSQL durable; $seconds s per run, $rounds interleaved rounds"
for round in $(seq 1 "$rounds"); do
    echo "round $round"
    read -r first last < <(pgbench_shows 1)
    add hot_pg8 "$(pgbench_run 8 "$first" "$last")"
    read -r first last < <(pgbench_shows 1)
    add hot_pg64 "$(pgbench_run 64 "$first" "$last")"
    read -r rate p99 bad < <(loadtest_run "$url_on" hot 64 "${hot_cap[@]}")
    add hot_on "$rate"; add hot_on_p99 "$p99"; add hot_on_bad "$bad"
    read -r rate p99 bad < <(loadtest_run "$url_off" hot 64)
    add hot_off "$rate"; add hot_off_p99 "$p99"
    add hot_ratio "$(ratio "${col[hot_on]##* }" "$(best "${col[hot_pg8]##* }" "${col[hot_pg64]##* }")")"

    read -r first last < <(pgbench_shows 1000)
    add spread_pg8 "$(pgbench_run 8 "$first" "$last")"
    add spread_pg64 "$(pgbench_run 64 "$first" "$last")"
    read -r rate p99 bad < <(loadtest_run "$url_on" spread 64 -- --shows 1000)
    add spread_on "$rate"; add spread_on_p99 "$p99"; add spread_on_bad "$bad"
    read -r rate p99 bad < <(loadtest_run "$url_off" spread 64 -- --shows 1000)
    add spread_off "$rate"; add spread_off_p99 "$p99"
    add spread_ratio "$(ratio "${col[spread_on]##* }" "$(best "${col[spread_pg8]##* }" "${col[spread_pg64]##* }")")"

    read -r rate p99 bad < <(loadtest_run "$url_on" hot 1000 "${hot_cap[@]}")
    add wide_on "$rate"; add wide_on_p99 "$p99"; add wide_on_bad "$bad"
done

m() { median ${col[$1]}; }
mi() { printf "%.0f" "$(m "$1")"; }
echo
echo "| workload | pgbench 8 conns | pgbench 64 conns | group booking off | group booking on | on / best pgbench | p99 on (off) | errors on |"
echo "|---|---|---|---|---|---|---|---|"
echo "| one hot show, 64 connections | $(mi hot_pg8) tps | $(mi hot_pg64) tps | $(mi hot_off)/s | $(mi hot_on)/s | $(m hot_ratio)× | $(m hot_on_p99) ms ($(m hot_off_p99) ms) | $(m hot_on_bad) |"
echo "| 1 000 shows, 64 connections | $(mi spread_pg8) tps | $(mi spread_pg64) tps | $(mi spread_off)/s | $(mi spread_on)/s | $(m spread_ratio)× | $(m spread_on_p99) ms ($(m spread_off_p99) ms) | $(m spread_on_bad) |"
echo "| one hot show, 1 000 connections | | | | $(mi wide_on)/s | | $(m wide_on_p99) ms | $(m wide_on_bad) |"
echo "per round (on / off / pg8 / pg64): hot:${col[hot_on]} /${col[hot_off]} /${col[hot_pg8]} /${col[hot_pg64]}"
echo "  spread:${col[spread_on]} /${col[spread_off]} /${col[spread_pg8]} /${col[spread_pg64]}"

# 100 000 holds due in the same second, written in SQL, announced as a booking would be.
psql_in boxoffice "
    WITH s AS (INSERT INTO shows (name, start_time, total_seats, reserved_seats)
               VALUES ('expiry', '2030-01-01', 100000, 100000) RETURNING id)
    INSERT INTO bookings (show_id, user_name, seats, status, reference, expires_at)
    SELECT s.id, 'expiry', 1, 'PENDING', 'EXP-' || g, date_trunc('second', now()) + interval '3 s'
      FROM s, generate_series(1, 100000) g" >/dev/null
psql_in boxoffice "SELECT pg_notify('boxoffice_holds',
    (extract(epoch FROM date_trunc('second', now()) + interval '3 s') * 1000)::bigint::text)" >/dev/null
for _ in $(seq 1 300); do
    left=$(psql_in boxoffice "SELECT count(*) FROM bookings WHERE user_name = 'expiry' AND status = 'PENDING'")
    [[ $left == 0 ]] && break
    sleep 0.2
done
echo "expiry: 100 000 holds due in one second; still pending: $left; released at most" \
    "$(psql_in boxoffice "SELECT round(extract(epoch FROM max(updated_at - expires_at))::numeric, 3)
        FROM bookings WHERE user_name = 'expiry'") s after their deadline"

# Expiry lag while 1 000 bookings/s arrive: a third server makes 1 s holds at a
# fixed rate; every server sweeps, so the lag is read from the rows themselves.
start_server lag on --hold-seconds 1
url_lag=$started_url
"$loadtest" --url "$url_lag" --scenario hot --connections 64 --rate 1000 --duration "$seconds" \
    --seats-per-show 100000 --admin-token bench-token --no-progress --json >"$work/lag.json"
for _ in $(seq 1 100); do
    left=$(psql_in boxoffice "SELECT count(*) FROM bookings WHERE status = 'PENDING'
        AND expires_at - created_at < interval '2 s'")
    [[ $left == 0 ]] && break
    sleep 0.2
done
echo "expiry lag at $(jq -r '.throughput' "$work/lag.json") bookings/s with 1 s holds:" \
    "$(psql_in boxoffice "SELECT 'p50 ' || round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY updated_at - expires_at))::numeric)
        || ' ms, p99 ' || round(1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY updated_at - expires_at))::numeric)
        || ' ms, max ' || round(1000 * extract(epoch FROM max(updated_at - expires_at))::numeric) || ' ms over ' || count(*) || ' holds'
        FROM bookings WHERE status = 'EXPIRED' AND user_name <> 'expiry'
          AND expires_at - created_at < interval '2 s'")"

violations=$(psql_in boxoffice "
    SELECT count(*) FROM (SELECT s.id FROM shows s LEFT JOIN bookings b
      ON b.show_id = s.id AND b.status IN ('PENDING','CONFIRMED') GROUP BY s.id
      HAVING s.reserved_seats <> coalesce(sum(b.seats), 0) OR s.reserved_seats > s.total_seats) v")
echo "bookings made: $(psql_in boxoffice "SELECT count(*) FROM bookings"); invariant violations: $violations"
echo "peak resident memory of the group-booking server: $(awk '/VmHWM/ { print $2 / 1024 " MB" }' "/proc/$server_on_pid/status")"
