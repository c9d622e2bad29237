# shellcheck shell=bash
# Sourced by the benchmark scripts: one durable PostgreSQL of the newest
# installed version, in a temporary directory, stopped and removed on exit
# together with every process whose pid the script adds to `pids`.
#
# start_benchmark_database NAME MAX_CONNECTIONS SHARED_BUFFERS
# sets pg_bin, work (the temporary directory), as_pg, pids and port.
start_benchmark_database() {
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    work=$(mktemp -d -t "boxoffice-$1.XXXXXX")
    chmod 755 "$work"
    as_pg=()
    [[ $(id -u) -eq 0 ]] && { chown postgres "$work"; as_pg=(runuser -u postgres --); }
    pids=()
    trap stop_benchmark_database EXIT
    port=$(( 20000 + RANDOM % 20000 ))
    "${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U bench --auth=trust >/dev/null
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w start -o \
        "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=$2 -c shared_buffers=$3" >/dev/null
}

stop_benchmark_database() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
