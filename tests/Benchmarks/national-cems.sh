#!/usr/bin/env bash
# The national-scale CEMS benchmark of issue 18, both engines in one run: OUTLETS synthetic outlets (about two per
# enterprise, across the 31 provinces) × DAYS days of hourly CN 2061 packets from 2020-01-01, generated once,
# deterministically (tests/Public.Benchmarks/NationalCems.cs), then on SQLite and on PostgreSQL in turn:
#   1. import enterprises (the registry the packets need) and import hj212 (one file per day, one publication each: rows,
#      one log leaf per record version, checkpoint) through the Release build's own import verb, into a fresh store;
#      wall time, packets/s, the import process's CPU (user+sys) and, on PostgreSQL, the server's CPU too;
#   2. the Release server on that store: outlet-month hourly series, outlet-month daily means and enterprise yearly
#      summaries of QUERIES distinct outlets/enterprises each (distinct paths, so every answer is computed: X-Cache miss),
#      one request at a time, p50/p99;
#   3. cached serving: wrk on one outlet-month path (answered from the data cache) for WRK_SECONDS;
#   4. database size (SQLite file + WAL; pg_database_size).
# Prints one table with PostgreSQL/SQLite ratios, the load before and after, the commit.
# PostgreSQL: a throwaway server (initdb into the temp folder, free loopback port, as the postgres user through setpriv
# when run as root), default durability (fsync on), shared_buffers 256MB.
# Usage: tests/Benchmarks/national-cems.sh [outlets] [days]   (defaults 20000 and 30)
# Environment: QUERIES (200), WRK_SECONDS (10), KEEP=1 keeps the temp folder; PARALLEL=1 imports into both engines at the
# same time (two processes; at full scale the sequential run takes over two hours on 2 cores), then queries each in turn.
# Each engine's import figures are printed as soon as they are measured. Needs dotnet, wrk, python3, Debian's postgresql.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
outlets="${1:-20000}"
days="${2:-30}"
queries="${QUERIES:-200}"
wrk_seconds="${WRK_SECONDS:-10}"
[[ "$outlets" =~ ^[0-9]+$ && "$outlets" -ge 1 ]] || { echo "national-cems: outlets must be a positive number, not '$outlets'" >&2; exit 2; }
[[ "$days" =~ ^[0-9]+$ && "$days" -ge 1 && "$days" -le 31 ]] || { echo "national-cems: days must be 1-31 (January 2020), not '$days'" >&2; exit 2; }
for tool in dotnet wrk python3 curl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "national-cems: '$tool' not found" >&2; exit 1; }
done
# shellcheck source=throwaway-pg.sh
source "$here/throwaway-pg.sh"   # pg_start, pg_stop, pgbin, pg_port, pg_pid
[[ -x "$pgbin/initdb" ]] || { echo "national-cems: $pgbin/initdb not found (apt-get install postgresql)" >&2; exit 1; }

tmp="$(mktemp -d /tmp/national-cems.XXXXXX)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; fi
    pg_stop
    if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "building (Release)..." >&2
dotnet build "$root/src/Public.Web/Public.Web.csproj" -c Release -nologo -v quiet >"$tmp/build.log" 2>&1 \
    && dotnet build "$root/tests/Public.Benchmarks/Public.Benchmarks.csproj" -c Release -nologo -v quiet >>"$tmp/build.log" 2>&1 \
    || { cat "$tmp/build.log" >&2; echo "national-cems: build failed" >&2; exit 1; }
web="$root/src/Public.Web/bin/Release/net10.0/Public.Web.dll"
bench="$root/tests/Public.Benchmarks/bin/Release/net10.0/Public.Benchmarks.dll"

echo "generating $outlets outlets x $days days..." >&2
gen_start=$(date +%s.%N)
dotnet "$bench" national-cems registry "$tmp/registry.json" "$outlets"
read -r _ packets _ resent < <(dotnet "$bench" national-cems packets "$tmp/packets" "$outlets" "$days")
gen_s=$(awk -v a="$gen_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.0f", b-a}')
input_mb=$(du -sm "$tmp/packets" | cut -f1)
dotnet "$web" keygen --out "$tmp/log.key" >/dev/null 2>&1

# The query paths: QUERIES outlets spread over the registry (distinct paths: every answer computed), their enterprises.
dotnet "$bench" national-cems outlets "$outlets" >"$tmp/outlets.txt"
last_day=$(printf '2020-01-%02d' "$days")
awk -v n="$queries" -v total="$outlets" -v to="$last_day" 'BEGIN {step = total / n; if (step < 1) step = 1}
    { line[NR - 1] = $0 }
    END {
        for (i = 0; i < n && int(i * step) < total; i++) {
            split(line[int(i * step)], f, " ")
            print "/api/v1/enterprises/" f[1] "/outlets/" f[2] "/hourly?pollutant=a21026&from=2020-01-01&to=" to > "'"$tmp"'/hourly.txt"
            print "/api/v1/enterprises/" f[1] "/outlets/" f[2] "/daily?pollutant=a21002&from=2020-01-01&to=" to > "'"$tmp"'/daily.txt"
            if (!(f[1] in seen)) { seen[f[1]] = 1; print "/api/v1/enterprises/" f[1] "/emissions/summary?year=2020" > "'"$tmp"'/summary.txt" }
        }
    }' "$tmp/outlets.txt"
cached_path="$(head -1 "$tmp/hourly.txt")"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ticks=$(getconf CLK_TCK)
# CPU seconds (user+sys) of a process and of its children it has waited for.
proc_cpu() { awk -v t="$ticks" '{printf "%.2f", ($14 + $15 + $16 + $17) / t}' "/proc/$1/stat"; }
# CPU seconds of the PostgreSQL server: the postmaster with its finished backends, plus its live children.
pg_cpu() {
    local total
    total=$(proc_cpu "$pg_pid")
    for child in $(ps -o pid= --ppid "$pg_pid"); do
        [[ -r "/proc/$child/stat" ]] && total=$(awk -v a="$total" -v b="$(proc_cpu "$child")" 'BEGIN {printf "%.2f", a+b}')
    done
    echo "$total"
}

start_postgres() {
    [[ "$(id -u)" == 0 ]] && chmod 711 "$tmp"  # mktemp's 700 would keep the postgres user out of its data folder
    pg_start "$tmp/pg" natcems -c shared_buffers=256MB -c max_wal_size=4GB
}

# import_engine NAME: the registry and the packets into the engine whose settings are in store_args/store_env; the
# figures go to $tmp/NAME-import.txt (wall rate cpu server_cpu), read back by read_import.
import_engine() {
    local name="$1"
    echo "$name: importing the registry..." >&2
    env "${store_env[@]}" dotnet "$web" import enterprises "$tmp/registry.json" "${store_args[@]}" >"$tmp/$name-enterprises.log" 2>&1 \
        || { cat "$tmp/$name-enterprises.log" >&2; exit 1; }
    echo "$name: importing $packets packets..." >&2
    local pg0=0 pg1=0
    [[ "$name" == postgres ]] && pg0=$(pg_cpu)
    /usr/bin/time -f '%e %U %S' -o "$tmp/$name-time" env "${store_env[@]}" dotnet "$web" import hj212 "$tmp/packets" "${store_args[@]}" \
        >"$tmp/$name-import.log" 2>&1 || { cat "$tmp/$name-import.log" >&2; exit 1; }
    [[ "$name" == postgres ]] && pg1=$(pg_cpu)
    grep -q "lines: $packets (0 problem(s))" "$tmp/$name-import.log" \
        || { cat "$tmp/$name-import.log" >&2; echo "national-cems: $name did not store every packet" >&2; exit 1; }
    local wall user sys
    read -r wall user sys <"$tmp/$name-time"
    printf '%s %s %s %s\n' "$wall" "$(awk -v n="$packets" -v w="$wall" 'BEGIN {printf "%.0f", n/w}')" \
        "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f", u+s}')" "$(awk -v a="$pg0" -v b="$pg1" 'BEGIN {printf "%.1f", b-a}')" \
        >"$tmp/$name-import.txt"
    echo "$name: imported $packets packets: wall s, packets/s, import process CPU s, PostgreSQL server CPU s: $(cat "$tmp/$name-import.txt")" >&2
}

read_import() { read -r r_wall[$1] r_rate[$1] r_cpu[$1] r_server_cpu[$1] <"$tmp/$1-import.txt"; }

# serve_engine NAME: queries, cached serving on that engine's store.
serve_engine() {
    local name="$1"
    echo "$name: serving..." >&2
    local http
    http=$(free_port)
    env "${store_env[@]}" RateLimiting__PermitPerMinute=1000000000 Logging__LogLevel__Default=Warning \
        dotnet "$web" "${store_args[@]}" --no-demo --urls "http://127.0.0.1:$http" >"$tmp/$name-server.log" 2>&1 &
    server_pid=$!
    # Up to 20 minutes: at full scale the start checks every leaf of a log of some 14 million (over a minute on SQLite).
    local t0; t0=$(date +%s.%N)
    for _ in $(seq 1 6000); do
        curl -sf "http://127.0.0.1:$http/healthz" >/dev/null 2>&1 && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    curl -sf "http://127.0.0.1:$http/healthz" >/dev/null \
        || { cat "$tmp/$name-server.log" >&2; echo "national-cems: the $name server did not answer /healthz" >&2; exit 1; }
    r_start[$name]=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b-a}')
    echo "$name: server answered after ${r_start[$name]} s" >&2
    # One request of each kind first (the process's first query compiles its code paths); not one of the measured paths.
    for kind in hourly daily summary; do curl -sf "http://127.0.0.1:$http$(tail -1 "$tmp/$kind.txt")" >/dev/null; done
    for kind in hourly daily summary; do
        read -r _ n p50 p99 misses _ < <(dotnet "$bench" national-cems query "http://127.0.0.1:$http" "$tmp/$kind.txt")
        r_q[$name-$kind]="$p50 $p99"
        r_n[$kind]=$n
        r_miss[$name-$kind]=$misses
    done
    curl -sf "http://127.0.0.1:$http$cached_path" >/dev/null
    wrk -t2 -c16 -d"${wrk_seconds}s" --latency "http://127.0.0.1:$http$cached_path" >"$tmp/$name-wrk.txt" 2>&1
    r_wrk[$name]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$tmp/$name-wrk.txt")
    r_wrk99[$name]=$(awk '$1 == "99%" {print $2}' "$tmp/$name-wrk.txt")
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

declare -A r_wall r_rate r_cpu r_server_cpu r_q r_n r_miss r_wrk r_wrk99 r_size r_start

db="$tmp/sqlite/natcems.db"
mkdir -p "$tmp/sqlite"
use_sqlite() { store_env=(Log__PrivateKeyFile="$tmp/log.key"); store_args=(--db "$db"); }
use_postgres() {
    store_env=(Log__PrivateKeyFile="$tmp/log.key" Store__Provider=postgres
        ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=natcems")
    store_args=()
}
sqlite_size() { echo $(( ( $(stat -c %s "$db") + $( [[ -f "$db-wal" ]] && stat -c %s "$db-wal" || echo 0) ) / 1048576 )); }
# Measured: the SQLite store is not needed by the PostgreSQL half. At full scale it is about 17 GB, and the generated
# files (about 5 GB) and the PostgreSQL database (about 22 GB) must fit beside it otherwise; KEEP=1 keeps it.
drop_sqlite() { [[ "${KEEP:-0}" == 1 ]] || rm -f "$db" "$db-wal" "$db-shm"; }

if [[ "${PARALLEL:-0}" == 1 ]]; then
    start_postgres
    (use_sqlite; import_engine sqlite) & sqlite_import=$!
    (use_postgres; import_engine postgres) & postgres_import=$!
    wait "$sqlite_import" || { echo "national-cems: the SQLite import failed" >&2; exit 1; }
    wait "$postgres_import" || { echo "national-cems: the PostgreSQL import failed" >&2; exit 1; }
    read_import sqlite; read_import postgres
    use_sqlite; serve_engine sqlite; r_size[sqlite]=$(sqlite_size); drop_sqlite
    use_postgres; serve_engine postgres
else
    use_sqlite; import_engine sqlite; read_import sqlite; serve_engine sqlite; r_size[sqlite]=$(sqlite_size); drop_sqlite
    start_postgres
    use_postgres; import_engine postgres; read_import postgres; serve_engine postgres
fi
r_size[postgres]=$(( $("$pgbin/psql" -At -h 127.0.0.1 -p "$pg_port" -U postgres -c "SELECT pg_database_size('natcems')" postgres) / 1048576 ))

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "-"}'; }
row() { printf '   %-44s %14s %14s %8s\n' "$@"; }
{
    echo "National-scale CEMS benchmark: $outlets outlets x $days days from 2020-01-01, $packets hourly packets ($resent resent with a change), $input_mb MB of HJ 212 files (generated in ${gen_s} s)"
    [[ "${PARALLEL:-0}" == 1 ]] && echo "PARALLEL=1: both engines imported at the same time (sharing the 2 cores), then queried in turn"
    echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo '+dirty'), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
    row "" "SQLite" "PostgreSQL" "PG/SQLite"
    row "import hj212: wall s" "${r_wall[sqlite]}" "${r_wall[postgres]}" "$(ratio "${r_wall[postgres]}" "${r_wall[sqlite]}")"
    row "import hj212: packets/s" "${r_rate[sqlite]}" "${r_rate[postgres]}" "$(ratio "${r_rate[postgres]}" "${r_rate[sqlite]}")"
    row "import hj212: import process CPU s" "${r_cpu[sqlite]}" "${r_cpu[postgres]}" "$(ratio "${r_cpu[postgres]}" "${r_cpu[sqlite]}")"
    row "import hj212: + PostgreSQL server CPU s" "-" "${r_server_cpu[postgres]}" ""
    row "server start until /healthz answers, s" "${r_start[sqlite]}" "${r_start[postgres]}" "$(ratio "${r_start[postgres]}" "${r_start[sqlite]}")"
    for kind in hourly daily summary; do
        read -r s50 s99 <<<"${r_q[sqlite-$kind]}"
        read -r p50 p99 <<<"${r_q[postgres-$kind]}"
        label="$kind (${r_n[$kind]} distinct, miss ${r_miss[sqlite-$kind]}/${r_miss[postgres-$kind]})"
        row "$label p50 ms" "$s50" "$p50" "$(ratio "$p50" "$s50")"
        row "$kind p99 ms" "$s99" "$p99" "$(ratio "$p99" "$s99")"
    done
    row "cached hourly (wrk -t2 -c16): requests/s" "${r_wrk[sqlite]}" "${r_wrk[postgres]}" "$(ratio "${r_wrk[postgres]}" "${r_wrk[sqlite]}")"
    row "cached hourly: p99" "${r_wrk99[sqlite]}" "${r_wrk99[postgres]}" ""
    row "database size MB" "${r_size[sqlite]}" "${r_size[postgres]}" "$(ratio "${r_size[postgres]}" "${r_size[sqlite]}")"
    echo "   hourly = GET .../outlets/{code}/hourly?pollutant=a21026 (the outlet-month), daily = .../daily?pollutant=a21002 (the month's"
    echo "   daily means), summary = /api/v1/enterprises/{code}/emissions/summary?year=2020; one request at a time, distinct paths."
}
