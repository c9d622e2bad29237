#!/usr/bin/env bash
# Measures issue 12's feature flags on the request path: runs this tree's server and a
# baseline server side by side, each on its own fresh embedded PostgreSQL (durable settings),
# and drives them with wrk in interleaved rounds; then checks the no-overbooking invariant on
# both. Figures go to docs/performance.md by hand.
# Usage: scripts/benchmark-flags.sh BASELINE_SERVER_BINARY [seconds per run, default 4] [rounds, default 3]
#   e.g. git worktree add --detach ../baseline b7df360 && (cd ../baseline && scripts/build.sh boxoffice-server)
#        scripts/benchmark-flags.sh ../baseline/build/server/boxoffice-server
# This tree's server must be built already (build/server/boxoffice-server).
set -euo pipefail
cd "$(dirname "$0")/.."
before_bin=$(realpath "${1:?usage: $0 BASELINE_SERVER_BINARY [seconds] [rounds]}")
duration=${2:-4}
rounds=${3:-3}
after_bin=$PWD/build/server/boxoffice-server
lua=$PWD/tests/load/request.lua
token=bench-token
command -v wrk >/dev/null || { echo "benchmark: installing wrk"; apt-get install -y -qq wrk >/dev/null; }
[[ -x "$before_bin" && -x "$after_bin" ]] || { echo "benchmark: build both servers first" >&2; exit 1; }

work=$(mktemp -d -t boxoffice-flagbench.XXXXXX)
declare -A pid url log data
churn_pid=
cleanup() {
    [[ -n "$churn_pid" ]] && kill "$churn_pid" 2>/dev/null
    for s in before after; do
        [[ -n "${pid[$s]:-}" ]] && kill -TERM "${pid[$s]}" 2>/dev/null && wait "${pid[$s]}" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT

start() { # name binary
    data[$1]=$work/$1
    mkdir -p "${data[$1]}"
    chmod 711 "$work" "${data[$1]}"
    log[$1]=$work/$1.log
    BOXOFFICE_ADMIN_TOKEN=$token "$2" --data-dir "${data[$1]}" --port 0 --listen 127.0.0.1 \
        --workers "${WORKERS:-8}" >"${log[$1]}" 2>&1 &
    pid[$1]=$!
}
wait_up() { # name
    for _ in $(seq 1 240); do grep -q "^boxoffice-server listening" "${log[$1]}" && break; sleep 0.5; done
    url[$1]=$(sed -n 's/^boxoffice-server listening on \(http[^ ]*\).*/\1/p' "${log[$1]}")
    [[ -n "${url[$1]}" ]] || { cat "${log[$1]}"; exit 1; }
}
start before "$before_bin"
start after "$after_bin"
wait_up before
wait_up after

admin() { # name method path [body]
    curl -sf -X "$2" "${url[$1]}$3" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${4:+-d "$4"}
}
create_show() { # name show-name
    admin "$1" POST /admin/shows "{\"name\":\"$2\",\"start_time\":\"2030-01-01T20:00:00Z\",\"total_seats\":100000}" |
        sed -n 's/.*"id":\([0-9]*\).*/\1/p'
}
declare -A show churn_show
for s in before after; do
    show[$s]=$(create_show "$s" bench-book)
    churn_show[$s]=$(create_show "$s" bench-churn)
done

# 20 flags on the new server, also there during every other row: 15 plain values of all four
# types and 5 rollouts (fallback, model_fallback, absent outside).
for i in $(seq 1 15); do
    case $((i % 4)) in
        0) v=true ;; 1) v=$((i * 7)) ;; 2) v="\"text $i\"" ;; 3) v="{\"name\":\"plain $i\",\"size\":$i}" ;;
    esac
    admin after PUT "/admin/flags/bench.plain.$i" "$v" >/dev/null
done
admin after PUT /admin/flags/ai:model '{"model":"claude-haiku-4.5","percent":1,"model_fallback":"claude-4-mini"}' >/dev/null
admin after PUT /admin/flags/bench.rollout.10 '{"percent":10,"value":true,"fallback":false}' >/dev/null
admin after PUT /admin/flags/bench.rollout.25 '{"percent":25,"color":"blue","size":3}' >/dev/null
admin after PUT /admin/flags/bench.rollout.50 '{"percent":50,"value":"B","fallback":"A"}' >/dev/null
admin after PUT /admin/flags/bench.rollout.99 '{"percent":99.5,"value":{"tier":2}}' >/dev/null
echo "flags stored on the new server: $(admin after GET /admin/flags | grep -o '"key":' | wc -l)"

run() { # name label connections method path [body] -> one result line
    local out
    out=$(BENCH_METHOD=$4 BENCH_PATH=$5 BENCH_BODY=${6:-} wrk -t2 -c"$3" -d"${duration}s" -s "$lua" "${url[$1]}" | tail -n 1)
    printf '%s\t%s\t%s\t%s\n' "$round" "$2" "$1" "$out" | tee -a "$work/results"
}
churn() { # name put|get: ten times a second until killed, PUT booking.hold_seconds 120/121
    # (put), or GET another flag with the same curl (get: the control for the loop's own cost)
    local n=0 ok=0 bad=0
    trap "echo \"churn ($2): \$n requests, \$ok ok, \$bad failed\" >\"$work/churn.$round.$2\"; exit 0" TERM
    while :; do
        sleep 0.1 & local tick=$!
        if [[ $2 == put ]]; then
            admin "$1" PUT /admin/flags/booking.hold_seconds "$((120 + n % 2))" >/dev/null
        else
            admin "$1" GET /admin/flags/bench.plain.1 >/dev/null
        fi && ok=$((ok + 1)) || bad=$((bad + 1))
        n=$((n + 1))
        wait "$tick"
    done
}
booking_with() { # label put|get
    churn after "$2" & churn_pid=$!
    run after "$1" 16 POST "/shows/${churn_show[after]}/book" '{"user_name":"bench-%s","seats":1}'
    kill -TERM "$churn_pid"; wait "$churn_pid" || true; churn_pid=
    cat "$work/churn.$round.$2"
}

echo "machine: $(nproc) cores; server workers: ${WORKERS:-8}; $duration s per run, $rounds rounds"
for round in $(seq 1 "$rounds"); do
    # Alternate which server goes first, so drift in the machine's load does not favour one.
    if (( round % 2 )); then order="before after"; else order="after before"; fi
    for s in $order; do run "$s" nothing 64 GET /nothing; done
    for s in $order; do
        run "$s" book-seats0 64 POST "/shows/${show[$s]}/book" '{"user_name":"bench-%s","seats":0}'
    done
    for s in $order; do run "$s" book 16 POST "/shows/${show[$s]}/book" '{"user_name":"bench-%s","seats":1}'; done
    for s in $order; do run "$s" config 64 GET /config; done
    run after evaluate 64 GET '/flags/evaluate?subject=customer-%s'
    if (( round % 2 )); then booking_with book-get get; booking_with book-churn put
    else booking_with book-churn put; booking_with book-get get; fi
done

echo "--- medians of $rounds rounds (requests/s)"
for label in nothing book-seats0 book config evaluate book-get book-churn; do
    for s in before after; do
        m=$(awk -F'\t' -v l="$label" -v s="$s" '$2 == l && $3 == s {split($4, f, " "); print f[2]}' "$work/results" |
            sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]; else print "-"}')
        printf '%-12s %-6s %s\n' "$label" "$s" "$m"
    done
done

echo "--- after the runs"
admin after GET /config; echo
for s in before after; do
    echo "$s: peak RSS $(awk '/VmHWM/ {print $2, $3}' "/proc/${pid[$s]}/status")"
    port=$(sed -n 's/.*embedded PostgreSQL listening on 127.0.0.1 port \([0-9]*\).*/\1/p' "${log[$s]}")
    password=$(cat "${data[$s]}/postgresql/db-password")
    sql() { PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U boxoffice -d boxoffice -Atc "$1"; }
    violations=$(sql "SELECT count(*) FROM (SELECT s.id FROM shows s LEFT JOIN bookings b
      ON b.show_id = s.id AND b.status IN ('PENDING','CONFIRMED') GROUP BY s.id
      HAVING s.reserved_seats <> coalesce(sum(b.seats),0) OR s.reserved_seats > s.total_seats) v")
    echo "$s: bookings made: $(sql "SELECT count(*) FROM bookings"); invariant violations: $violations"
done
