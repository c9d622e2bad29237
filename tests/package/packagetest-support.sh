# shellcheck shell=bash disable=SC2034 # the variables here are read by test-packages.sh
# Steps of tests/package/test-packages.sh, sourced by it. Each returns non-zero and says
# why when its check fails; they run inside `if`, so errexit does not apply: every step
# that matters is tested explicitly. The caller sets $work (a temporary directory).

pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
scratch_dir=
scratch_url=
server_pid=
server_url=
server_log=

package_installed() { # name
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

apt_install() { # .deb files
    # Recommends (qt6-wayland) are left out: what is tested is these two packages.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" &&
        package_installed boxoffice-server && package_installed boxoffice-client
}

purge_packages() {
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q boxoffice-server boxoffice-client &&
        ! package_installed boxoffice-server && ! package_installed boxoffice-client
}

lists_files() { # package path...
    local package=$1 listed missing=()
    shift
    listed=$(dpkg -L "$package") || return 1
    for path in "$@"; do
        grep -qxF "$path" <<<"$listed" && [[ -e "$path" ]] || missing+=("$path")
    done
    ((${#missing[@]} == 0)) || { echo "missing: ${missing[*]}"; return 1; }
}

is_conffile() { # path
    dpkg-query -W -f='${Conffiles}\n' boxoffice-server | grep -q "^ $1 "
}

system_user_exists() {
    local entry
    entry=$(getent passwd boxoffice) || { echo "no user boxoffice"; return 1; }
    getent group boxoffice >/dev/null || { echo "no group boxoffice"; return 1; }
    IFS=: read -r _ _ uid _ _ home shell <<<"$entry"
    echo "boxoffice: uid $uid, home $home, shell $shell"
    ((uid < 1000)) && [[ $home == /var/lib/boxoffice && $shell == */nologin ]]
}

has_mode() { # path "mode owner:group"
    local seen
    seen=$(stat -c '%a %U:%G' "$1") || return 1
    [[ $seen == "$2" ]] || { echo "$1: expected $2, seen $seen"; return 1; }
}

verify_unit() { # unit file
    # Works without systemd as PID 1: it loads the unit into a private manager and checks
    # its syntax and ExecStart. Unknown or misspelt options are only warnings, so any
    # output counts as a failure.
    local out
    out=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify "$1" 2>&1) || { echo "$out"; return 1; }
    [[ -z $out ]] || { echo "$out"; return 1; }
}

free_port() { # a loopback TCP port nobody listens on (bash's /dev/tcp, no extra tools)
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
    done
    return 1
}

start_scratch_postgres() {
    # A cluster of its own, run by the postgres account (PostgreSQL refuses root).
    [[ -x "$pg_bin/initdb" ]] || { echo "no initdb under /usr/lib/postgresql"; return 1; }
    local password port
    password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
    scratch_dir=$work/postgres
    mkdir -p "$scratch_dir" && chmod 711 "$work" && chown postgres: "$scratch_dir" || return 1
    printf '%s\n' "$password" >"$scratch_dir/pwfile" && chown postgres: "$scratch_dir/pwfile" || return 1
    as_postgres "$pg_bin/initdb" -D "$scratch_dir/data" -U boxoffice --pwfile="$scratch_dir/pwfile" \
        --auth=scram-sha-256 -E UTF8 --no-locale >"$scratch_dir/initdb.log" 2>&1 ||
        { cat "$scratch_dir/initdb.log"; return 1; }
    rm -f "$scratch_dir/pwfile"
    port=$(free_port) || return 1
    as_postgres "$pg_bin/pg_ctl" -D "$scratch_dir/data" -w -t 60 -l "$scratch_dir/postgres.log" \
        -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null ||
        { cat "$scratch_dir/postgres.log"; return 1; }
    PGPASSWORD=$password "$pg_bin/psql" -q -h 127.0.0.1 -p "$port" -U boxoffice -d postgres \
        -c 'CREATE DATABASE boxoffice' || return 1
    scratch_url=postgres://boxoffice:$password@127.0.0.1:$port/boxoffice
}

stop_scratch_postgres() {
    [[ -n "$scratch_dir" && -f "$scratch_dir/data/postmaster.pid" ]] &&
        as_postgres "$pg_bin/pg_ctl" -D "$scratch_dir/data" -m fast -w stop >/dev/null 2>&1
    scratch_url=
    return 0
}

as_postgres() { (cd / && setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"); }

start_server() {
    # As the unit runs it: user boxoffice, BOXOFFICE_DATA_DIR from the unit, then every
    # uncommented line of the installed server.conf. setpriv execs (runuser would stay in
    # between as a parent), so $! is the server and its exit code is seen.
    local settings
    mapfile -t settings < <(grep -Ev '^[[:space:]]*(#|$)' /etc/boxoffice/server.conf)
    server_log=$work/server-$RANDOM.log
    (cd / && exec setpriv --reuid=boxoffice --regid=boxoffice --init-groups -- \
        env HOME=/var/lib/boxoffice USER=boxoffice LOGNAME=boxoffice \
        BOXOFFICE_DATA_DIR=/var/lib/boxoffice "${settings[@]}" \
        /usr/bin/boxoffice-server --port 0) >"$server_log" 2>&1 &
    server_pid=$!
    server_url=
    for _ in $(seq 1 240); do
        server_url=$(sed -n 's/^boxoffice-server listening on \(http[^ ]*\).*/\1/p' "$server_log")
        [[ -n "$server_url" ]] && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.25
    done
    [[ -n "$server_url" ]] || { cat "$server_log"; return 1; }
    echo "listening on $server_url"
    [[ $(stat -c %U "/proc/$server_pid") == boxoffice ]] || { echo "not running as boxoffice"; return 1; }
}

health_is_ok() {
    local status
    status=$(curl -s -o "$work/health.json" -w '%{http_code}' --max-time 10 "$server_url/health")
    [[ $status == 200 ]] || { echo "GET /health: $status $(cat "$work/health.json")"; return 1; }
}

book_one_seat() { # admin token
    local status show
    status=$(curl -s -o "$work/show.json" -w '%{http_code}' --max-time 10 -X POST \
        "$server_url/admin/shows" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -d '{"name":"Package test","start_time":"2030-01-01T20:00:00Z","total_seats":10}')
    [[ $status == 201 ]] || { echo "POST /admin/shows: $status $(cat "$work/show.json")"; return 1; }
    show=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$work/show.json")
    status=$(curl -s -o "$work/booking.json" -w '%{http_code}' --max-time 10 -X POST \
        "$server_url/shows/$show/book" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -d '{"user_name":"Package Test","seats":1}')
    [[ $status == 201 ]] || { echo "POST /shows/$show/book: $status $(cat "$work/booking.json")"; return 1; }
    grep -q '"status":"PENDING"' "$work/booking.json" || { cat "$work/booking.json"; return 1; }
}

stop_server() {
    [[ -n "$server_pid" ]] || { echo "no server running"; return 1; }
    local code=0
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" || code=$?
    server_pid=
    ((code == 0)) || { echo "exit code $code"; tail -n 20 "$server_log"; return 1; }
}

embedded_cluster_stopped() {
    local pidfile=/var/lib/boxoffice/postgresql/pgdata/postmaster.pid
    [[ -d /var/lib/boxoffice/postgresql/pgdata ]] || { echo "no embedded cluster was created"; return 1; }
    [[ ! -e $pidfile ]] || { echo "$pidfile still there"; return 1; }
}

loadtest_install() { # .deb file
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$1" &&
        package_installed boxoffice-loadtest
}

loadtest_help() {
    (cd / && timeout 30 /usr/bin/boxoffice-loadtest --help) | grep -qF -- "--scenario"
}

loadtest_purge() {
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q boxoffice-loadtest &&
        ! package_installed boxoffice-loadtest && [[ ! -e /usr/bin/boxoffice-loadtest ]]
}

client_prints_version() { # version
    local out
    out=$(cd / && QT_QPA_PLATFORM=offscreen timeout 30 /usr/bin/boxoffice-client --version 2>&1) ||
        { echo "$out"; return 1; }
    echo "$out"
    grep -qF "$1" <<<"$out"
}

nothing_left() {
    local left=()
    for path in /usr/bin/boxoffice-server /usr/bin/boxoffice-client /etc/boxoffice /var/lib/boxoffice \
        /lib/systemd/system/boxoffice-server.service /usr/share/applications/org.boxoffice.Client.desktop \
        /usr/share/metainfo/org.boxoffice.Client.metainfo.xml /usr/share/doc/boxoffice-server \
        /usr/share/doc/boxoffice-client; do
        [[ -e $path || -L $path ]] && left+=("$path")
    done
    mapfile -t -O "${#left[@]}" left < <(find /usr/share/icons/hicolor -name 'org.boxoffice.Client.*' 2>/dev/null)
    ((${#left[@]} == 0)) || { echo "left: ${left[*]}"; return 1; }
}

no_files_owned_by_boxoffice() {
    getent passwd boxoffice >/dev/null || return 0
    local owned
    owned=$(find /etc /var /usr /opt /srv /tmp -xdev -user boxoffice 2>/dev/null | head -n 20)
    [[ -z $owned ]] || { echo "$owned"; return 1; }
}

cleanup() {
    local status=$?
    set +e
    if [[ -n "$server_pid" ]]; then
        kill -TERM "$server_pid" 2>/dev/null
        for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    # An embedded cluster whose server died: stop it before its directory goes.
    if [[ -f /var/lib/boxoffice/postgresql/pgdata/postmaster.pid && -n "$pg_bin" ]]; then
        (cd / && setpriv --reuid=boxoffice --regid=boxoffice --init-groups -- \
            "$pg_bin/pg_ctl" -D /var/lib/boxoffice/postgresql/pgdata -m immediate -w stop) >/dev/null 2>&1
    fi
    stop_scratch_postgres
    if [[ -z ${BOXOFFICE_KEEP_PACKAGES:-} ]] && { package_installed boxoffice-server || package_installed boxoffice-client; }; then
        purge_packages >/dev/null 2>&1
    fi
    [[ -n "${work:-}" ]] && rm -rf "$work"
    exit "$status"
}
