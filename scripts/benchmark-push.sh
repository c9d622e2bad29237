#!/usr/bin/env bash
# The live-push benchmark of issue 16, side by side in one run on one machine:
# one durable PostgreSQL (fsync and synchronous_commit on), two boxoffice-servers
# on it (A takes the bookings, B has the subscribers), and
# build/tests/load/pushbench/boxoffice-pushbench measuring
#   1. how stale 100 subscribers on B are while bookings arrive on A at 20/s,
#   2. the resident memory a fresh server gains with 2 000 idle subscribers,
#      SSE and WebSocket, each on a server of its own, beside the baseline of
#      2 000 keep-alive connections that made one request (GET /health),
#   3. the same as 1 during a flash sale of 1 000 bookings/s on one show,
# each over SSE and WebSocket. Target 1 also runs at 5 bookings/s, slower than the
# 100 ms coalescing window, where every change goes out at once: the path itself.
# Prints a table; figures go to docs/performance.md by hand.
# Usage: scripts/benchmark-push.sh [seconds per booking run, default 10]
# BOXOFFICE_BUILD_DIR picks the build directory (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
build=${BOXOFFICE_BUILD_DIR:-build}
subscribers=100
idle_subscribers=2000
flash_rate=1000
flash_connections=32

scripts/install-deps.sh >/dev/null
if ! command -v jq >/dev/null; then
    as_root=()
    [[ $(id -u) -eq 0 ]] || as_root=(sudo)
    "${as_root[@]}" apt-get install -y -qq jq >/dev/null
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target boxoffice-server --target boxoffice-pushbench >/dev/null
bench=$build/tests/load/pushbench/boxoffice-pushbench
server_bin=$build/server/boxoffice-server
[[ -x $bench && -x $server_bin ]] || { echo "benchmark-push: $bench or $server_bin was not built" >&2; exit 1; }

# shellcheck source=scripts/benchmark-database.sh
source scripts/benchmark-database.sh
start_benchmark_database pushbench 100 128MB
psql -h 127.0.0.1 -p "$port" -U bench -d postgres -v ON_ERROR_STOP=1 -qAtc "CREATE DATABASE boxoffice" >/dev/null

# Every server on the same database, bookings staff-only, with the admin token
# of this run (the bootstrap admin is exempt from rate limits). Hour-long holds,
# so that no expiry changes a show during a run.
token=$(openssl rand -hex 24)
ulimit -n 8192
start_server() { # name -> started_url, started_pid
    local log="$work/$1.log"
    DATABASE_URL="postgres://bench@127.0.0.1:$port/boxoffice" BOXOFFICE_ADMIN_TOKEN=$token \
        BOXOFFICE_ACCESS_LOG=off "$server_bin" --port 0 --listen 127.0.0.1 --public-booking off \
        --hold-seconds 3600 --max-connections 2500 >"$log" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
    for _ in $(seq 1 120); do grep -q "^boxoffice-server listening" "$log" && break; sleep 0.5; done
    started_url=$(sed -n 's/^boxoffice-server listening on \(http[^ ]*\).*/\1/p' "$log")
    [[ -n $started_url ]] || { cat "$log" >&2; exit 1; }
}
stop_server() { # pid
    kill -TERM "$1"
    wait "$1" 2>/dev/null || true
}
start_server a
url_a=$started_url
start_server b
url_b=$started_url

propagation() { # transport rate connections -> JSON report
    "$bench" --mode propagation --transport "$1" --book-url "$url_a" --subscribe-url "$url_b" \
        --token "$token" --subscribers "$subscribers" --rate "$2" --connections "$3" \
        --duration "$seconds" --json
}
idle() { # transport -> JSON report (the server is started by the caller)
    "$bench" --mode idle --transport "$1" --subscribe-url "$started_url" --server-pid "$started_pid" \
        --subscribers "$idle_subscribers" --json
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start;" \
    "PostgreSQL durable; $seconds s per booking run"
declare -A report
for transport in sse websocket; do
    echo "target 1 over $transport: $subscribers subscribers on B, 20 and 5 bookings/s on A"
    # A run that saw errors still reports (exit code 1); the table shows them.
    report[low_$transport]=$(propagation "$transport" 20 1) || true
    report[slow_$transport]=$(propagation "$transport" 5 1) || true
done
for transport in sse websocket http; do
    echo "target 2 over $transport: $idle_subscribers idle subscribers on a fresh server"
    start_server "idle-$transport"
    report[idle_$transport]=$(idle "$transport") || true
    stop_server "$started_pid"
done
for transport in sse websocket; do
    echo "target 3 over $transport: $subscribers subscribers on B, $flash_rate bookings/s on A"
    report[flash_$transport]=$(propagation "$transport" "$flash_rate" "$flash_connections") || true
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

get() { jq -r "$2" <<<"${report[$1]}"; }
staleness() { get "$1" '"\(.staleness_ms.p50) / \(.staleness_ms.p99) / \(.staleness_ms.max) ms"'; }
within() { get "$1" '"\(.subscribers_within_target) of \(.subscribers)"'; }
rates() { get "$1" '"\(.events_per_subscriber_per_s.mean) (\(.events_per_subscriber_per_s.min)–\(.events_per_subscriber_per_s.max))"'; }
bookings() { get "$1" '"\(.bookings.throughput | floor)/s, p99 \(.bookings.latency_ms.p99) ms, \(.bookings.acknowledged) of \(.bookings.sent) answered 201"'; }
problems() { get "$1" '"missing \(.staleness_ms.missing), resyncs \(.resyncs), open at end \(.subscribers_open_at_end)"'; }
echo
echo "| measurement | transport | p50 / p99 / max staleness | subscribers always within 200 ms | show events/s a subscriber (min–max) | bookings on A | lost |"
echo "|---|---|---|---|---|---|---|"
for transport in sse websocket; do
    echo "| 1: booking on A reaches B, 20/s sequential, $subscribers subscribers (p99 < 200 ms) | $transport | $(staleness "low_$transport") | $(within "low_$transport") | $(rates "low_$transport") | $(bookings "low_$transport") | $(problems "low_$transport") |"
done
for transport in sse websocket; do
    echo "| 1, at 5/s: nothing coalesced | $transport | $(staleness "slow_$transport") | $(within "slow_$transport") | $(rates "slow_$transport") | $(bookings "slow_$transport") | $(problems "slow_$transport") |"
done
for transport in sse websocket; do
    echo "| 3: flash sale, $flash_rate/s open loop on $flash_connections connections, $subscribers subscribers (all within 200 ms) | $transport | $(staleness "flash_$transport") | $(within "flash_$transport") | $(rates "flash_$transport") | $(bookings "flash_$transport") | $(problems "flash_$transport") |"
done
echo
echo "| measurement | transport | RSS before | RSS with them | extra (target < 32 MB) | a subscriber | open when measured |"
echo "|---|---|---|---|---|---|---|"
for transport in sse websocket http; do
    what="$idle_subscribers idle subscribers, fresh server"
    [[ $transport == http ]] && what="baseline: $idle_subscribers keep-alive connections after one GET /health"
    echo "| 2: $what | $transport | $(get "idle_$transport" '"\(.rss_before_kib / 1024 * 10 | floor / 10) MiB | \(.rss_after_kib / 1024 * 10 | floor / 10) MiB | **\(.extra_mib) MiB** | \(.per_subscriber_kib) KiB | \(.open_at_measurement) of \(.subscribers)"') |"
done
echo
echo "announce (database clock, in the writing transaction) to read, p50 / p99 / max:"
for run in low_sse low_websocket slow_sse slow_websocket flash_sse flash_websocket; do
    echo "  $run: $(get "$run" '"\(.announce_to_arrival_ms.p50) / \(.announce_to_arrival_ms.p99) / \(.announce_to_arrival_ms.max) ms"')"
done
echo "push metrics of B:"
curl -s -H "Authorization: Bearer $token" "$url_b/metrics" | grep '^boxoffice_push' || true
