#!/usr/bin/env bash
# The national-scale benchmark of issue 18, air-quality half: STATIONS synthetic stations × DAYS days of hourly data
# (defaults 1,700 × 365, 14.9 million station-hours), generated deterministically (tests/Public.Benchmarks national-air),
# imported through the app's own `import cnemc` verb (the Release build, one run per CHUNK days of national daily files,
# each run one publication: rows, a log leaf per record version, checkpoint) into a fresh SQLite store and a fresh
# PostgreSQL database (a throwaway server: initdb into a temporary folder, a free port, default durability). Per engine:
# wall time, station-hours/s, CPU of the import processes (and of PostgreSQL's server processes), database size; then,
# through the Release server's REST API with the data cache off, station-year (every request a different station) and
# city-year hourly series, p50/p99 over QUERIES requests; then cached serving (the data cache on, wrk on one station's
# and the city's year). Prints one table with the ratios PostgreSQL/SQLite, the load before and after, the commit.
# At the end (not with REUSE=) it runs tests/Benchmarks/national-cems.sh (the CEMS half) when that file exists, with CEMS_OUTLETS and CEMS_DAYS
# when set (its own defaults, 20000 outlets × 30 days, otherwise). Both start their PostgreSQL with throwaway-pg.sh.
#
# Usage: tests/Benchmarks/national.sh [stations] [days]      (defaults 1700 365)
#   CHUNK=1        days per import run (one publication each: daily files, as they arrive)   QUERIES=200   uncached requests per kind
#   FIRST=2019-01-01  first day                                     ENGINES="sqlite postgres"
#   KEEP_TMP=1     keep the temporary folder (generated files, stores) for a look afterwards
#   REUSE=DIR      a folder an earlier run kept (KEEP_TMP=1): no generation and no import; the stores there are opened by
#                  this build (a newer schema is applied as at any start, the time printed) and queried. The import rows of
#                  the table come from that run's files (wall time: the sum of its runs'; the PostgreSQL server's CPU
#                  when that run recorded it). STATIONS, DAYS and FIRST must be those of that run.
# Needs dotnet, curl, wrk, and Debian's postgresql 15 (/usr/lib/postgresql/15/bin). Generated files go to $TMPDIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
stations="${1:-1700}"
days="${2:-365}"
chunk="${CHUNK:-1}"
queries="${QUERIES:-200}"
first="${FIRST:-2019-01-01}"
engines="${ENGINES:-sqlite postgres}"
# shellcheck source=throwaway-pg.sh
source "$here/throwaway-pg.sh"   # pg_start, pg_stop, pgbin, pg_port, pg_pid

for tool in dotnet curl wrk "$pgbin/initdb" "$pgbin/postgres" /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "national: '$tool' not found" >&2; exit 1; }
done
[[ "$stations" =~ ^[0-9]+$ && "$days" =~ ^[0-9]+$ && "$chunk" =~ ^[0-9]+$ && "$chunk" -ge 1 ]] \
    || { echo "national: usage: national.sh [stations] [days] (whole numbers; CHUNK >= 1)" >&2; exit 2; }

reuse="${REUSE:-}"
if [[ -n "$reuse" ]]; then
    [[ -d "$reuse/gen" && -f "$reuse/gen.txt" ]] || { echo "national: REUSE=$reuse is not a folder kept by national.sh" >&2; exit 2; }
    tmp="$(cd "$reuse" && pwd)"
    KEEP_TMP=1
else
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/national.XXXXXX")"
fi
chmod 755 "$tmp"
server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
cleanup() {
    stop_server
    pg_stop
    if [[ -z "${KEEP_TMP:-}" ]]; then rm -rf "$tmp"; else echo "kept $tmp" >&2; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b-a}'; }
# percentile P (nearest rank) of numbers on stdin.
pct() { sort -g | awk -v p="$1" '{v[NR]=$1} END {if (NR==0) exit 1; r=int(NR*p/100); if (r<NR*p/100) r++; if (r<1) r=1; print v[r]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "n/a"}'; }
# CPU seconds (user+system, its reaped children included) of a process, from /proc.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{print ($14+$15+$16+$17)/hz}' "/proc/$1/stat"; }

load_before="$(uptime)"
echo "load before: $load_before" >&2
echo "building (Release)..." >&2
dotnet build "$root/src/Public.Web/Public.Web.csproj" -c Release -nologo -v quiet >"$tmp/build.log" 2>&1 \
    && dotnet build "$root/tests/Public.Benchmarks/Public.Benchmarks.csproj" -c Release -nologo -v quiet >>"$tmp/build.log" 2>&1 \
    || { cat "$tmp/build.log" >&2; echo "national: build failed" >&2; exit 1; }
web="$root/src/Public.Web/bin/Release/net10.0/Public.Web.dll"
bench="$root/tests/Public.Benchmarks/bin/Release/net10.0/Public.Benchmarks.dll"

# --- generate --------------------------------------------------------------------------------------
if [[ -z "$reuse" ]]; then
    echo "generating $stations stations × $days days from $first..." >&2
    t0=$(now)
    dotnet "$bench" national-air "$tmp/gen" "$stations" "$days" "$first" >"$tmp/gen.txt"
    gen_s=$(elapsed "$t0" "$(now)")
    # The app's content folder with the synthetic registry in place of content/stations.json (Content:Path).
    cp -r "$root/content" "$tmp/content"
    cp "$tmp/gen/stations.json" "$tmp/content/stations.json"
    # One folder per import run: CHUNK consecutive daily files (symbolic links).
    mapfile -t files < <(ls "$tmp/gen/cnemc" | sort)
    chunks=0
    for ((i = 0; i < ${#files[@]}; i += chunk)); do
        mkdir -p "$tmp/chunks/$chunks"
        for f in "${files[@]:i:chunk}"; do ln -s "$tmp/gen/cnemc/$f" "$tmp/chunks/$chunks/$f"; done
        chunks=$((chunks + 1))
    done
else
    gen_s="(kept)"
    chunks=$(ls "$tmp/chunks" | wc -l)
fi
gen_bytes=$(du -sb "$tmp/gen/cnemc" | cut -f1)
export Content__Path="$tmp/content"
last=$(date -u -d "$first + $((days - 1)) days" +%Y-%m-%d)

# --- PostgreSQL: a throwaway server -----------------------------------------------------------------
psql_pg() { "$pgbin/psql" -X -q -t -A -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
# Durability as shipped (fsync on); memory for a national store on this 24 GiB machine, WAL room for the bulk COPY.
start_pg() { pg_start "$tmp/pg" national -c shared_buffers=1GB -c max_wal_size=8GB; }

# engine_env ENGINE: the settings that select the store (exported for the import runs and the server).
engine_env() {
    mkdir -p "$tmp/$1"
    if [[ "$1" == sqlite ]]; then
        export Store__Provider=sqlite Store__Path="$tmp/sqlite/national.db"
        unset ConnectionStrings__Postgres || true
    else
        # Store:Path still names where the log's signing key is kept on this machine.
        export Store__Provider=postgres Store__Path="$tmp/postgres/key.db" \
            ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=national;Command Timeout=0"
    fi
}

size_of() {
    if [[ "$1" == sqlite ]]; then
        du -cb "$tmp/sqlite"/national.db* | tail -1 | cut -f1
    else
        psql_pg -d national -c "SELECT pg_database_size('national')"
    fi
}

# --- import -------------------------------------------------------------------------------------
declare -A import_s import_cpu server_cpu peak_mb size station_hours
import_engine() {
    local engine=$1 c pg_cpu0=0
    engine_env "$engine"
    [[ "$engine" == postgres ]] && pg_cpu0=$(cpu_of "$pg_pid")
    : >"$tmp/$engine.times"
    echo "import into $engine: $chunks runs of up to $chunk days..." >&2
    local t0; t0=$(now)
    for ((c = 0; c < chunks; c++)); do
        /usr/bin/time -f '%e %U %S %M' -a -o "$tmp/$engine.times" \
            env Logging__LogLevel__Default=Warning dotnet "$web" import cnemc "$tmp/chunks/$c" >"$tmp/$engine.import.$c.log" 2>&1 \
            || { cat "$tmp/$engine.import.$c.log" >&2; echo "national: import run $c into $engine failed" >&2; exit 1; }
        echo "  [$((c + 1))/$chunks] $(tail -1 "$tmp/$engine.times" | cut -d' ' -f1) s  $(grep '^station-hours:' "$tmp/$engine.import.$c.log")" >&2
    done
    import_s[$engine]=$(elapsed "$t0" "$(now)")
    import_cpu[$engine]=$(awk '{s += $2 + $3} END {printf "%.1f", s}' "$tmp/$engine.times")
    peak_mb[$engine]=$(awk '{if ($4 > m) m = $4} END {printf "%.0f", m/1024}' "$tmp/$engine.times")
    station_hours[$engine]=$(cat "$tmp/$engine".import.*.log | awk '/^station-hours:/ {s += $2} END {print s}')
    if [[ "$engine" == postgres ]]; then
        server_cpu[$engine]=$(awk -v a="$pg_cpu0" -v b="$(cpu_of "$pg_pid")" 'BEGIN {printf "%.1f", b-a}')
        psql_pg -d national -c "CHECKPOINT" >/dev/null
    else
        server_cpu[$engine]=0
    fi
    size[$engine]=$(size_of "$engine")
    # For a later REUSE=: what the files of the runs do not hold.
    printf '%s %s\n' "${import_s[$engine]}" "${server_cpu[$engine]}" >"$tmp/$engine.import.txt"
}

# reuse_engine ENGINE: the import figures of the run that made the kept store (REUSE=).
reuse_engine() {
    local engine=$1
    engine_env "$engine"
    [[ -s "$tmp/$engine.times" ]] || { echo "national: REUSE: $tmp has no $engine store (no $engine.times)" >&2; exit 2; }
    if [[ -f "$tmp/$engine.import.txt" ]]; then
        read -r import_s[$engine] server_cpu[$engine] <"$tmp/$engine.import.txt"
    else
        import_s[$engine]=$(awk '{s += $1} END {printf "%.1f", s}' "$tmp/$engine.times")
        server_cpu[$engine]="n/a"
    fi
    import_cpu[$engine]=$(awk '{s += $2 + $3} END {printf "%.1f", s}' "$tmp/$engine.times")
    peak_mb[$engine]=$(awk '{if ($4 > m) m = $4} END {printf "%.0f", m/1024}' "$tmp/$engine.times")
    station_hours[$engine]=$(cat "$tmp/$engine".import.*.log | awk '/^station-hours:/ {s += $2} END {print s}')
    size[$engine]=$(size_of "$engine")
}

# --- serving ---------------------------------------------------------------------------------------
start_server() {   # start_server CACHE_MB
    # No request log (one line per request would be part of what is measured), no rate limit.
    env Serving__MemoryCacheMegabytes="$1" RateLimiting__Enabled=false Logging__LogLevel__Default=Warning \
        "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
        dotnet "$web" serve --no-demo --urls "http://127.0.0.1:0" >"$tmp/server.log" 2>&1 &
    server_pid=$!
    base=""
    local t0; t0=$(now)
    # Up to 20 minutes: a first start of a newer build on a kept national store applies its schema (REUSE=).
    for _ in $(seq 6000); do
        base=$(grep -o -m1 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$tmp/server.log" | sed 's/^Now listening on: //' || true)
        [[ -n "$base" ]] && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    [[ -n "$base" ]] || { cat "$tmp/server.log" >&2; echo "national: server did not start" >&2; exit 1; }
    for _ in $(seq 300); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.2; done
    started_s=$(elapsed "$t0" "$(now)"); started_cpu=$(cpu_of "$server_pid")
    echo "server started in $started_s s (CPU $started_cpu s)" >&2
}

# time_get URL: milliseconds of one request (fails on anything but 200).
time_get() {
    local out
    out=$(curl -sS -o "$tmp/answer" -w '%{http_code} %{time_total}' "$base$1")
    [[ "${out%% *}" == 200 ]] || { head -c 500 "$tmp/answer" >&2; echo; echo "national: GET $1 answered ${out%% *}" >&2; exit 1; }
    awk -v s="${out#* }" 'BEGIN {printf "%.2f\n", s*1000}'
}

declare -A p50 p99 rps wp99 hours_found start_s start_cpu first_long
codes=()
for ((i = 0; i < stations; i++)); do codes+=("$((1001 + i))A"); done
station_url() { echo "/api/v1/stations/$1/hourly?from=$first&to=$last"; }
city_url="/api/v1/city/hourly?from=$first&to=$last"
kinds=(station station_wide city_wide)

query_engine() {
    local engine=$1 k code kind
    engine_env "$engine"
    # Uncached: the data cache holds nothing (0 MB) and there is no Redis. The long shape over whole months is also
    # kept per month in memory (MonthChunks): each station is asked once, so its months are read from the store and
    # rendered; the wide shape is always read from the store, so the city's year is asked in the wide shape.
    start_server 0
    start_s[$engine]=$started_s; start_cpu[$engine]=$started_cpu
    echo "queries on $engine ($base, data cache off)..." >&2
    for k in 1 2 3 4 5; do
        code=${codes[$(((k * 104729 + 7) % stations))]}
        time_get "$(station_url "$code")&shape=wide" >/dev/null; time_get "$city_url&shape=wide" >/dev/null
    done
    # The first station-year in the long shape of this process (its months' chunks and signatures read for the first time).
    first_long[$engine]=$(time_get "$(station_url "${codes[0]}")")
    hours_found[$engine]=$(grep -o '"found":[0-9]*' "$tmp/answer" | head -1 | cut -d: -f2 || true)
    for kind in "${kinds[@]}"; do : >"$tmp/$engine.$kind.ms"; done
    for ((k = 0; k < queries; k++)); do
        # Spread over the registry; a station is asked at most once in the long shape (up to the number of stations).
        code=${codes[$(((k * 7919 + 11) % stations))]}
        time_get "$(station_url "$code")" >>"$tmp/$engine.station.ms"
        time_get "$(station_url "$code")&shape=wide" >>"$tmp/$engine.station_wide.ms"
        time_get "$city_url&shape=wide" >>"$tmp/$engine.city_wide.ms"
    done
    for kind in "${kinds[@]}"; do
        p50[$engine.$kind]=$(pct 50 <"$tmp/$engine.$kind.ms"); p99[$engine.$kind]=$(pct 99 <"$tmp/$engine.$kind.ms")
    done
    stop_server

    # Cached: the same request again and again (the default data cache), wrk -t2 -c32 -d10s, asking for Brotli as
    # browsers and HTTP libraries do: a station's year in the long shape is 16 MB as it is and 0.8 MB in Brotli (kept
    # compressed in the cache), and 32 connections moving 16 MB answers measure the loopback, not the cache.
    start_server 256
    local what url
    for what in station city; do
        url=$([[ $what == station ]] && station_url "${codes[0]}" || echo "$city_url")
        wrk -t1 -c4 -d2s -H 'Accept-Encoding: br' "$base$url" >/dev/null
        echo "wrk -t2 -c32 -d10s -H 'Accept-Encoding: br' $url" >&2
        wrk -t2 -c32 -d10s -H 'Accept-Encoding: br' --latency "$base$url" >"$tmp/$engine.$what.wrk"
        if grep -q 'Non-2xx' "$tmp/$engine.$what.wrk"; then cat "$tmp/$engine.$what.wrk" >&2; exit 1; fi
        rps[$engine.$what]=$(grep -o 'Requests/sec: *[0-9.]*' "$tmp/$engine.$what.wrk" | grep -o '[0-9.]*$')
        wp99[$engine.$what]=$(awk '$1 == "99%" {print $2}' "$tmp/$engine.$what.wrk")
    done
    stop_server
}

for engine in $engines; do
    if [[ -z "$reuse" ]]; then
        [[ "$engine" == postgres ]] && start_pg
        import_engine "$engine"
    else
        [[ "$engine" == postgres ]] && pg_resume "$tmp/pg" -c shared_buffers=1GB -c max_wal_size=8GB
        reuse_engine "$engine"
    fi
    query_engine "$engine"
    [[ "$engine" == postgres ]] && pg_stop
done
load_after="$(uptime)"

# --- table -----------------------------------------------------------------------------------------
mb() { awk -v b="$1" 'BEGIN {printf "%.0f MiB", b/1048576}'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN {if (s > 0) printf "%.0f", n/s; else print "n/a"}'; }
row() { printf '   %-44s %16s %16s %10s\n' "$@"; }
pr() { ratio "${1:-0}" "${2:-0}"; }
{
    echo "National-scale air quality $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo '+dirty')  $(nproc) cores  dotnet $(dotnet --version)  Release"
    echo "load before: $load_before"
    echo "load after:  $load_after"
    echo "load: $stations stations × $days days ($first – $last): $(sed 's/^national-air: [^,]*, [^,]*, //' "$tmp/gen.txt")"
    echo "generated in $gen_s s, $(mb "$gen_bytes") of daily files; $chunks import runs of up to $chunk days (one publication each)"
    [[ -n "$reuse" ]] && echo "REUSE=$tmp: the stores of an earlier run, opened by this build; import figures from that run's files"
    echo "the city tables hold one city: the mean of the first synthetic city's 5 assessment stations"
    echo
    row "" "SQLite" "PostgreSQL" "PG/SQLite"
    row "import wall time, s" "${import_s[sqlite]:-}" "${import_s[postgres]:-}" "$(pr "${import_s[postgres]:-}" "${import_s[sqlite]:-}")"
    row "station-hours stored" "${station_hours[sqlite]:-}" "${station_hours[postgres]:-}" ""
    row "station-hours/s" "$(rate "${station_hours[sqlite]:-0}" "${import_s[sqlite]:-0}")" "$(rate "${station_hours[postgres]:-0}" "${import_s[postgres]:-0}")" \
        "$(pr "$(rate "${station_hours[postgres]:-0}" "${import_s[postgres]:-0}")" "$(rate "${station_hours[sqlite]:-0}" "${import_s[sqlite]:-0}")")"
    row "import CPU, app processes, s" "${import_cpu[sqlite]:-}" "${import_cpu[postgres]:-}" "$(pr "${import_cpu[postgres]:-}" "${import_cpu[sqlite]:-}")"
    row "import CPU, PostgreSQL server, s" "-" "${server_cpu[postgres]:-}" ""
    row "import peak RSS of one run, MiB" "${peak_mb[sqlite]:-}" "${peak_mb[postgres]:-}" ""
    row "database size" "$(mb "${size[sqlite]:-0}")" "$(mb "${size[postgres]:-0}")" "$(pr "${size[postgres]:-}" "${size[sqlite]:-}")"
    row "server start (data cache off), s" "${start_s[sqlite]:-}" "${start_s[postgres]:-}" "$(pr "${start_s[postgres]:-}" "${start_s[sqlite]:-}")"
    row "server start, CPU s" "${start_cpu[sqlite]:-}" "${start_cpu[postgres]:-}" ""
    row "first station, whole range (long), ms" "${first_long[sqlite]:-}" "${first_long[postgres]:-}" "$(pr "${first_long[postgres]:-}" "${first_long[sqlite]:-}")"
    for kind in "${kinds[@]}"; do
        case $kind in
            station) label="station, whole range (long JSON)" ;;
            station_wide) label="station, whole range (wide JSON)" ;;
            city_wide) label="city, whole range (wide JSON)" ;;
        esac
        for q in 50 99; do
            eval "a=\${p$q[sqlite.$kind]:-}; b=\${p$q[postgres.$kind]:-}"
            row "$label, uncached p$q ms" "$a" "$b" "$(pr "$b" "$a")"
        done
    done
    row "station, whole range, cached: req/s" "${rps[sqlite.station]:-}" "${rps[postgres.station]:-}" "$(pr "${rps[postgres.station]:-}" "${rps[sqlite.station]:-}")"
    row "station, whole range, cached: wrk p99" "${wp99[sqlite.station]:-}" "${wp99[postgres.station]:-}" ""
    row "city, whole range, cached: req/s" "${rps[sqlite.city]:-}" "${rps[postgres.city]:-}" "$(pr "${rps[postgres.city]:-}" "${rps[sqlite.city]:-}")"
    row "city, whole range, cached: wrk p99" "${wp99[sqlite.city]:-}" "${wp99[postgres.city]:-}" ""
    echo "   ($queries uncached requests of each kind after warm-ups; "whole range" is $first – $last (a year with the defaults); a station's answer holds ${hours_found[sqlite]:-${hours_found[postgres]:-?}} hours;"
    echo "    cached: wrk -t2 -c32 -d10s -H 'Accept-Encoding: br' on ${codes[0]}'s and the city's range in the long shape)"
} | tee "$tmp/table.txt"

if [[ -z "$reuse" && ( -x "$here/national-cems.sh" || -f "$here/national-cems.sh" ) ]]; then
    echo
    echo "--- CEMS half: tests/Benchmarks/national-cems.sh ---"
    # Without this half's store settings (engine_env exported the last engine's), which would point the CEMS half's
    # SQLite runs at this half's stopped PostgreSQL.
    env -u Store__Provider -u Store__Path -u ConnectionStrings__Postgres \
        bash "$here/national-cems.sh" ${CEMS_OUTLETS:+"$CEMS_OUTLETS"} ${CEMS_DAYS:+"$CEMS_DAYS"}
fi
