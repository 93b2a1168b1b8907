#!/usr/bin/env bash
# One run, against a Release build, of the three things we track (see the table it prints):
#   a. AQI engine throughput (tests/Public.Benchmarks, Stopwatch loops, median of 9 repetitions);
#   b. import of the real CNEMC file by the real CLI, against sqlite3's own .import of the same file;
#   c. server time of a one-year hourly series for one station, against GET /healthz;
#   d. throughput of GraphQL against the equivalent REST call (wrk -t2 -c32 -d10s each, same server, same run):
#      a station's January daily series, REST GET, GraphQL POST and GraphQL GET by persisted-query hash.
# The table is also written to tests/Benchmarks/results-latest.txt (not committed).
# Needs dotnet, curl and sqlite3; the shared data from SHARED_DATA_DIR or ../shared beside the repo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

for tool in dotnet curl sqlite3 wrk sha256sum; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "benchmark: '$tool' not found (apt-get install -y curl sqlite3 wrk; dotnet: see global.json)" >&2
        exit 1
    fi
done

shared="${SHARED_DATA_DIR:-$root/../shared}"
# SHARED_DATA_DIR may name shared/ itself or its data/ folder.
if [[ -d "$shared/data/cnemc" ]]; then shared="$shared/data"; fi
csv="$shared/cnemc/jinzhou_2019H1_hourly.csv"
if [[ ! -f "$csv" ]]; then
    echo "benchmark: $csv not found (set SHARED_DATA_DIR)" >&2
    exit 1
fi

runs=3          # import and sqlite3 runs, median reported
requests=20     # timed requests per URL, after warm-up
warmups=3

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# median / p95 (nearest rank) of numbers on stdin.
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) exit 1; if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
p95() { sort -g | awk '{v[NR]=$1} END {if (NR==0) exit 1; r=int(NR*0.95); if (r<NR*0.95) r++; print v[r]}'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b-a}'; }

echo "building (Release)..." >&2
dotnet build src/Public.Web/Public.Web.csproj -c Release -nologo -v quiet >"$tmp/build.log" 2>&1 \
    && dotnet build tests/Public.Benchmarks/Public.Benchmarks.csproj -c Release -nologo -v quiet >>"$tmp/build.log" 2>&1 \
    || { cat "$tmp/build.log" >&2; echo "benchmark: build failed" >&2; exit 1; }
web="src/Public.Web/bin/Release/net10.0/Public.Web.dll"
bench="tests/Public.Benchmarks/bin/Release/net10.0/Public.Benchmarks.dll"

# --- a. AQI engine ---------------------------------------------------------------------------------
echo "a. AQI engine throughput..." >&2
dotnet "$bench" >"$tmp/engine.txt"

# --- b. import -------------------------------------------------------------------------------------
echo "b. import of $(basename "$csv") ($runs runs each)..." >&2
: >"$tmp/import.txt"
: >"$tmp/sqlite.txt"
for ((i = 1; i <= runs; i++)); do
    rm -f "$tmp"/bench.db*
    t0=$(now)
    dotnet "$web" import cnemc "$csv" --db "$tmp/bench.db" >"$tmp/import.log" 2>&1 \
        || { cat "$tmp/import.log" >&2; echo "benchmark: import failed" >&2; exit 1; }
    elapsed "$t0" "$(now)" >>"$tmp/import.txt"; echo >>"$tmp/import.txt"

    rm -f "$tmp"/base.db*
    t0=$(now)
    sqlite3 "$tmp/base.db" ".mode csv" ".import '$csv' raw"
    elapsed "$t0" "$(now)" >>"$tmp/sqlite.txt"; echo >>"$tmp/sqlite.txt"
done
import_s=$(median <"$tmp/import.txt")
sqlite_s=$(median <"$tmp/sqlite.txt")
import_summary=$(grep -E '^(rows|station-hours):' "$tmp/import.log" | paste -sd ';' - | sed 's/;/; /g')
raw_rows=$(sqlite3 "$tmp/base.db" "select count(*) from raw")

# --- c. server -------------------------------------------------------------------------------------
echo "c. server: seeding demo data and starting..." >&2
# Port 0: Kestrel picks a free port and logs it; no race with another process grabbing a guessed one.
dotnet "$web" --db "$tmp/demo.db" --urls "http://127.0.0.1:0" >"$tmp/server.log" 2>&1 &
server_pid=$!
base=""
for ((i = 0; i < 600; i++)); do
    base=$(grep -o -m1 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$tmp/server.log" | sed 's/^Now listening on: //' || true)
    [[ -n "$base" ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
done
if [[ -z "$base" ]]; then
    cat "$tmp/server.log" >&2
    echo "benchmark: server did not start" >&2
    exit 1
fi
for ((i = 0; i < 120; i++)); do
    curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
    sleep 0.5
done
seed_line=$(grep -o 'written in [0-9.]* s' "$tmp/server.log" | head -1 | sed 's/written in/demo data seeded in/' || true)

series="/api/v1/stations/1767A/hourly?from=2019-01-01&to=2019-12-31"
# time URL NAME: warm-up, then $requests timed requests; writes NAME.ms (one per line) and NAME.bytes.
time_url() {
    local url="$base$1" name="$2" k out code
    for ((k = 0; k < warmups; k++)); do curl -fsS -o /dev/null "$url"; done
    : >"$tmp/$name.ms"
    for ((k = 0; k < requests; k++)); do
        out=$(curl -sS -o /dev/null -w '%{http_code} %{time_total} %{size_download}' "$url")
        code=${out%% *}
        if [[ "$code" != 200 ]]; then
            echo "benchmark: GET $1 answered $code" >&2
            exit 1
        fi
        awk -v s="$(cut -d' ' -f2 <<<"$out")" 'BEGIN {printf "%.2f\n", s*1000}' >>"$tmp/$name.ms"
        cut -d' ' -f3 <<<"$out" >"$tmp/$name.bytes"
    done
}
echo "c. timing $requests requests per URL..." >&2
time_url "/healthz" healthz
time_url "$series" json
time_url "$series&format=csv" csv
found=$(curl -fsS "$base$series" | grep -o '"found":[0-9]*' | head -1 | cut -d: -f2 || true)

# --- d. GraphQL against REST ----------------------------------------------------------------------
# The same question both ways: station 1767A's daily values of January 2019, with the same fields.
rest_url="/api/v1/stations/1767A/daily?from=2019-01-01&to=2019-01-31"
gql_query='{ station(code: "1767A") { daily(filter: { from: "2019-01-01", to: "2019-01-31" }) { edges { node { area date aqi level { number name nameEn grade color } primaryPollutants edition values { pollutant statistic value unit count required } } } } } }'
gql_body="{\"query\": \"${gql_query//\"/\\\"}\"}"
gql_hash=$(printf '%s' "$gql_query" | sha256sum | cut -d' ' -f1)
gql_ext="{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"$gql_hash\"}}"
# Register the persisted query (APQ: query + hash once), and check that every variant answers without error.
curl -fsS -H 'Content-Type: application/json' \
    -d "{\"query\": \"${gql_query//\"/\\\"}\", \"extensions\": $gql_ext}" "$base/graphql" >"$tmp/gql-post.json"
curl -fsS -G --data-urlencode "extensions=$gql_ext" "$base/graphql" >"$tmp/gql-get.json"
gql_get_path="/graphql?extensions=$(printf '%s' "$gql_ext" | sed 's/{/%7B/g; s/}/%7D/g; s/"/%22/g; s/:/%3A/g; s/,/%2C/g')"
for f in gql-post gql-get; do
    if grep -q '"errors"' "$tmp/$f.json" || ! grep -q '"date":"2019-01-31"' "$tmp/$f.json"; then
        cat "$tmp/$f.json" >&2; echo "benchmark: GraphQL ($f) did not answer the question" >&2; exit 1
    fi
done
curl -fsS "$base$rest_url" | grep -q '"date":"2019-01-31"' || { echo "benchmark: REST did not answer" >&2; exit 1; }
cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$gql_body]]
LUA
# wrk_run NAME PATH [SCRIPT]: 2 threads, 32 connections, 10 s; writes NAME.wrk.
wrk_run() {
    local args=(-t2 -c32 -d10s --latency)
    [[ -n "${3:-}" ]] && args+=(-s "$3")
    echo "d. wrk ${args[*]} $2" >&2
    wrk "${args[@]}" "$base$2" >"$tmp/$1.wrk"
    if grep -q 'Non-2xx' "$tmp/$1.wrk"; then cat "$tmp/$1.wrk" >&2; echo "benchmark: $1 had non-2xx answers" >&2; exit 1; fi
}
rps() { grep -o 'Requests/sec: *[0-9.]*' "$1" | grep -o '[0-9.]*$'; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
wrk "${base}${rest_url}" -t1 -c4 -d2s >/dev/null  # warm-up of both paths
wrk "${base}/graphql" -t1 -c4 -d2s -s "$tmp/post.lua" >/dev/null
wrk_run rest "$rest_url"
wrk_run gqlpost "/graphql" "$tmp/post.lua"
wrk_run gqlget "$gql_get_path"

# --- table -----------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "n/a"}'; }
ms() { awk -v v="$1" 'BEGIN {printf "%.1f", v}'; }
kb() { awk -v b="$(cat "$1")" 'BEGIN {printf "%.1f", b/1024}'; }
{
    echo "Benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo '+dirty')  $(nproc) cores  dotnet $(dotnet --version)  Release"
    echo
    echo "a. AQI engine (HJ 633-2012), Stopwatch loop, median of 9 repetitions after 1 s warm-up"
    printf '   %-48s %14s %14s %14s\n' "case" "ops/s median" "min" "max"
    while read -r name med lo hi; do
        case "$name" in
            iaqi_pm25_24h) label="Iaqi.Compute(PM25_24h, 80)" ;;
            hourly_aqi_fixed) label="HourlyAqi.Compute, one fixed input" ;;
            hourly_aqi_varied) label="HourlyAqi.Compute, 1024 varied inputs" ;;
            *) label="$name" ;;
        esac
        printf '   %-48s %14s %14s %14s\n' "$label" "$med" "$lo" "$hi"
    done <"$tmp/engine.txt"
    echo
    echo "b. Import of $(basename "$csv") ($(($(wc -l <"$csv") - 1)) rows), whole process, median of $runs runs"
    printf '   %-48s %10s s   (%s)\n' "Public.Web import cnemc (fresh db)" "$import_s" "$import_summary"
    printf '   %-48s %10s s   (%s rows into one plain table)\n' "baseline: sqlite3 .mode csv + .import" "$sqlite_s" "$raw_rows"
    printf '   %-48s %10s x\n' "ratio import / sqlite3" "$(ratio "$import_s" "$sqlite_s")"
    echo
    echo "c. Server (${seed_line:-demo db}), $requests requests after $warmups warm-up, curl time_total"
    printf '   %-48s %10s %10s %10s\n' "request" "median ms" "p95 ms" "KiB"
    printf '   %-48s %10s %10s %10s\n' "GET /healthz (baseline)" "$(ms "$(median <"$tmp/healthz.ms")")" "$(ms "$(p95 <"$tmp/healthz.ms")")" "$(kb "$tmp/healthz.bytes")"
    printf '   %-48s %10s %10s %10s\n' "1767A hourly 2019, JSON (${found:-?} hours)" "$(ms "$(median <"$tmp/json.ms")")" "$(ms "$(p95 <"$tmp/json.ms")")" "$(kb "$tmp/json.bytes")"
    printf '   %-48s %10s %10s %10s\n' "1767A hourly 2019, CSV" "$(ms "$(median <"$tmp/csv.ms")")" "$(ms "$(p95 <"$tmp/csv.ms")")" "$(kb "$tmp/csv.bytes")"
    printf '   %-48s %10s x\n' "ratio JSON series / healthz (median)" "$(ratio "$(median <"$tmp/json.ms")" "$(median <"$tmp/healthz.ms")")"
    printf '   %-48s %10s x\n' "ratio CSV series / healthz (median)" "$(ratio "$(median <"$tmp/csv.ms")" "$(median <"$tmp/healthz.ms")")"
    echo
    echo "d. GraphQL against REST: 1767A daily values of January 2019 (same fields), wrk -t2 -c32 -d10s --latency each"
    printf '   %-48s %12s %10s\n' "request" "requests/s" "p99"
    printf '   %-48s %12s %10s\n' "REST GET /api/v1/stations/1767A/daily (Jan 2019)" "$(rps "$tmp/rest.wrk")" "$(p99 "$tmp/rest.wrk")"
    printf '   %-48s %12s %10s\n' "GraphQL POST /graphql" "$(rps "$tmp/gqlpost.wrk")" "$(p99 "$tmp/gqlpost.wrk")"
    printf '   %-48s %12s %10s\n' "GraphQL GET /graphql (persisted query hash)" "$(rps "$tmp/gqlget.wrk")" "$(p99 "$tmp/gqlget.wrk")"
    printf '   %-48s %10s x   (aim: at least 0.5)\n' "ratio GraphQL POST / REST (requests/s)" "$(ratio "$(rps "$tmp/gqlpost.wrk")" "$(rps "$tmp/rest.wrk")")"
    printf '   %-48s %10s x\n' "ratio GraphQL GET by hash / REST (requests/s)" "$(ratio "$(rps "$tmp/gqlget.wrk")" "$(rps "$tmp/rest.wrk")")"
} | tee "$here/results-latest.txt"
