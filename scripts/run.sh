#!/usr/bin/env bash
# One command: installs what is missing, builds, and starts the server on its
# own embedded PostgreSQL with a few sample shows - and the desktop client
# when a display is available. Extra arguments go to the server (--port ...).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh boxoffice-server boxoffice-client

server=build/server/boxoffice-server
client=build/client/boxoffice-client
log=$(mktemp -t boxoffice-server.XXXXXX.log)

# token: anyone may book, and each booking opens only with the access_token
# in its answer (the README's curl example); later arguments may override it.
"$server" --sample-shows --public-booking token "$@" >"$log" 2>&1 &
server_pid=$!
tail_pid=""
stop_all() {
    [[ -n "$tail_pid" ]] && kill "$tail_pid" 2>/dev/null
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

url=""
for _ in $(seq 1 120); do
    url=$(sed -n 's/^boxoffice-server listening on \(http[^ ]*\).*/\1/p' "$log")
    [[ -n "$url" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
done
[[ -n "$url" ]] || { echo "the server did not start; its log:" >&2; cat "$log" >&2; exit 1; }
cat "$log"
token_file=$(sed -n 's/.*admin token is in "\([^"]*\)".*/\1/p' "$log" | head -n 1)
echo
echo "Box Office server: $url   (log: $log)"
[[ -n "$token_file" ]] && echo "Admin token: $token_file"

if [[ -x "$client" && ( -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ) ]]; then
    echo "Starting the desktop client; closing it stops the server."
    client_args=(--server "$url")
    [[ -n "$token_file" && -r "$token_file" ]] && client_args+=(--token-file "$token_file")
    "$client" "${client_args[@]}"
else
    echo "No display: the server runs until Ctrl+C."
    tail -n 0 -f "$log" &
    tail_pid=$!
    wait "$server_pid"
fi
