# Sourced (not run) by the benchmarks that need a PostgreSQL of their own (national.sh, national-cems.sh): one way to
# start a throwaway server, as the tests' PostgresServer fixture does.
#   pg_start DIR DATABASE [-c setting=value ...]
#       initdb into DIR/data (C locale, UTF-8, trust on loopback), start postgres on a free loopback port with the
#       default durability (fsync on) plus the given settings (as the postgres user through setpriv when run as root;
#       the folder above DIR must let that user in), wait until it answers, create DATABASE. Sets pg_port and pg_pid;
#       the server's log is DIR/server.log.
#   pg_resume DIR [-c setting=value ...]
#       start the server of an existing DIR/data again (no initdb, no new database); sets pg_port and pg_pid.
#   pg_stop
#       fast shutdown of that server (SIGINT), waiting for it to end.
pgbin="$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"
pg_port=""
pg_pid=""

pg_start() {
    local dir="$1" database="$2"
    shift 2
    local as=()
    mkdir -p "$dir"
    if [[ "$(id -u)" == 0 ]]; then
        chown postgres: "$dir"
        as=(setpriv --reuid postgres --regid postgres --init-groups --reset-env)
    fi
    "${as[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres -A trust --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; return 1; }
    pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    "${as[@]}" "$pgbin/postgres" -D "$dir/data" -p "$pg_port" -k "$dir" -c listen_addresses=127.0.0.1 \
        -c logging_collector=off "$@" >"$dir/server.log" 2>&1 &
    pg_pid=$!
    local _
    for _ in $(seq 300); do
        "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" 2>/dev/null && break
        kill -0 "$pg_pid" 2>/dev/null || { cat "$dir/server.log" >&2; return 1; }
        sleep 0.1
    done
    "$pgbin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE $database" >/dev/null
}

pg_stop() {
    if [[ -n "$pg_pid" ]] && kill -0 "$pg_pid" 2>/dev/null; then
        kill -INT "$pg_pid" 2>/dev/null || true   # PostgreSQL's fast shutdown
        local _
        for _ in $(seq 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    pg_pid=""
}

# pg_resume DIR [-c setting=value ...]: start the server of an existing DIR/data (one pg_start made and pg_stop stopped),
# as pg_start does but without initdb or creating a database. Sets pg_port and pg_pid.
pg_resume() {
    local dir="$1"
    shift
    local as=()
    [[ -d "$dir/data" ]] || { echo "pg_resume: no data folder in $dir" >&2; return 1; }
    [[ "$(id -u)" == 0 ]] && as=(setpriv --reuid postgres --regid postgres --init-groups --reset-env)
    pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    "${as[@]}" "$pgbin/postgres" -D "$dir/data" -p "$pg_port" -k "$dir" -c listen_addresses=127.0.0.1 \
        -c logging_collector=off "$@" >>"$dir/server.log" 2>&1 &
    pg_pid=$!
    local _
    for _ in $(seq 600); do
        "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" 2>/dev/null && return 0
        kill -0 "$pg_pid" 2>/dev/null || { tail -20 "$dir/server.log" >&2; return 1; }
        sleep 0.1
    done
    echo "pg_resume: the server did not answer within 60 s" >&2
    return 1
}
