#!/usr/bin/env bash
# The bulk downloads and the wide series on the real 2019 H1 Jinzhou data (../shared/data/cnemc), in one run:
#   1. the archive build of a year of station-hours (read + CSV + gzip + Parquet, from the server's debug log) against
#      `sqlite3 -csv` dumping the same stored rows (median of RUNS), as a ratio;
#   2. Parquet against CSV.gz size for every dataset-year;
#   3. a station-year (1767A, 2019) in the wide and the long JSON shape: bytes, and the first (uncached) request's
#      latency as a ratio to /healthz's median latency in the same run.
# Usage: tests/Benchmarks/bulk.sh [runs]   (default 5). Needs sqlite3, curl, bc.
#        ONLY=wide tests/Benchmarks/bulk.sh   runs only part 3 (the station-year series), for quick iteration.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-5}"
only="${ONLY:-}"
[[ -z "$only" || "$only" == wide ]] || { echo "bulk.sh: ONLY must be empty or wide, not '$only'" >&2; exit 1; }
for tool in sqlite3 curl bc python3; do
    command -v "$tool" >/dev/null || { echo "bulk.sh: $tool not found" >&2; exit 1; }
done
data="${SHARED_DATA_DIR:-$root/../shared/data}"
[[ -d "$data/data/cnemc" ]] && data="$data/data"
csv="$data/cnemc/jinzhou_2019H1_hourly.csv"
[[ -f "$csv" ]] || { echo "bulk.sh: $csv not found (set SHARED_DATA_DIR)" >&2; exit 1; }
tmp="$(mktemp -d)"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

dotnet build "$root/src/Public.Web" -c Release -nologo -v q >/dev/null
app="$root/src/Public.Web/bin/Release/net10.0/Public.Web.dll"
db="$tmp/real.db"
dotnet "$app" import cnemc "$csv" --db "$db" >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
dotnet "$app" --db "$db" --no-demo --urls "$base" --Bulk:Path="$tmp/bulk" --Logging:LogLevel:Public.Web.Bulk=Debug > "$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
seconds() { curl -s -o "$tmp/body" -w '%{time_total}\n' "$1"; }

echo "bulk downloads and wide series, real 2019 H1 data; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# 3 first: the series requests must be the first of their kind (no cache warmed by anything else).
for _ in $(seq "$runs"); do seconds "$base/healthz"; done > "$tmp/health"
health="$(median < "$tmp/health")"
# The server has just started: its first series request also compiles the middleware's code (the JIT; the series'
# own code is compiled at start-up). Measured on another station's year (1771A), a different answer. Then each of the
# other stations' years is the first — uncached — request of its answer, computed in full: one request is at the mercy
# of the shared machine, so the figure is their median (1767A's alone is printed too).
cold_t="$(seconds "$base/api/v1/stations/1771A/hourly?from=2019-01-01&to=2019-12-31&shape=wide")"
for code in 1768A 1769A 1770A; do seconds "$base/api/v1/stations/$code/hourly?from=2019-01-01&to=2019-12-31&shape=wide"; done > "$tmp/wides"
year="$base/api/v1/stations/1767A/hourly?from=2019-01-01&to=2019-12-31"
one_t="$(seconds "$year&shape=wide")"; wide_b="$(stat -c %s "$tmp/body")"
wide_t="$( (cat "$tmp/wides"; echo "$one_t") | median)"
long_t="$(seconds "$year")"; long_b="$(stat -c %s "$tmp/body")"
widecsv_t="$(seconds "$year&shape=wide&format=csv")"; widecsv_b="$(stat -c %s "$tmp/body")"
longcsv_t="$(seconds "$year&format=csv")"; longcsv_b="$(stat -c %s "$tmp/body")"
echo "== station-year 1767A 2019 (first, uncached request; /healthz median ${health} s of $runs)"
printf '   wide JSON %9d bytes, %.4f s (%.1f× /healthz; median of the first requests of 4 station-years, 1767A alone %.4f s, %.1f×)\n' \
    "$wide_b" "$wide_t" "$(echo "$wide_t / $health" | bc -l)" "$one_t" "$(echo "$one_t / $health" | bc -l)"
printf '   the process'"'"'s first series request (1771A, JIT included) %.4f s (%.1f×)\n' "$cold_t" "$(echo "$cold_t / $health" | bc -l)"
printf '   the 4 station-years'"'"' first requests: %s s\n' "$(tr '\n' ' ' < "$tmp/wides")$one_t"
printf '   long JSON %9d bytes, %.3f s (%.1f× /healthz); wide/long bytes %.3f\n' "$long_b" "$long_t" "$(echo "$long_t / $health" | bc -l)" "$(echo "$wide_b / $long_b" | bc -l)"
printf '   wide CSV  %9d bytes, %.3f s; long CSV %d bytes, %.3f s\n' "$widecsv_b" "$widecsv_t" "$longcsv_b" "$longcsv_t"
[[ "$only" == wide ]] && exit 0

# The archives are built on the first bulk request; while building, /bulk answers 503 with Retry-After: ask again.
until_built() {
    local s; s="$(date +%s.%N)"
    while [[ "$(curl -s -o "$tmp/body" -w '%{http_code}' "$1")" == 503 ]]; do sleep 1; done
    echo "$(date +%s.%N) - $s" | bc -l
}

# 1: the archives are built on the first bulk request.
build_t="$(until_built "$base/bulk/SHA256SUMS")"
line="$(grep -A1 'dbug: Public.Web.Bulk' "$tmp/server.log" | grep -o 'station-hours/2019: [0-9]* rows read in [0-9]* ms, written in [0-9]* ms' | head -1)"
rows="$(awk '{print $2}' <<<"$line")"; read_ms="$(awk '{print $6}' <<<"$line")"; write_ms="$(awk '{print $10}' <<<"$line")"
from="$(date -d '2019-01-01T00:00:00+08:00' +%s)"; to="$(date -d '2020-01-01T00:00:00+08:00' +%s)"
for _ in $(seq "$runs"); do
    s="$(date +%s.%N)"
    sqlite3 -csv -header "$db" "SELECT * FROM station_hour WHERE hour_end > $from AND hour_end <= $to ORDER BY station, hour_end" > "$tmp/dump.csv"
    echo "$(date +%s.%N) - $s" | bc -l
done > "$tmp/dump"
dump="$(median < "$tmp/dump")"
echo "== archive build, station-hours 2019 ($rows rows; all archives: ${build_t} s for the first /bulk request)"
printf '   build %.3f s (read %d ms + CSV, gzip, Parquet %d ms); sqlite3 -csv of the same %d stored rows %.3f s (median of %d); ratio %.1f×\n' \
    "$(echo "($read_ms + $write_ms) / 1000" | bc -l)" "$read_ms" "$write_ms" "$(wc -l < "$tmp/dump.csv")" "$dump" "$runs" "$(echo "($read_ms + $write_ms) / 1000 / $dump" | bc -l)"

# 2: sizes.
echo "== Parquet vs CSV.gz"
for path in $(awk '{print $2}' "$tmp/body" | grep '\.csv\.gz$'); do
    stem="${path%.csv.gz}"
    gz="$(curl -sI "$base/bulk/$path" | tr -d '\r' | awk 'tolower($1)=="content-length:" {print $2}')"
    pq="$(curl -sI "$base/bulk/$stem.parquet" | tr -d '\r' | awk 'tolower($1)=="content-length:" {print $2}')"
    printf '   %-26s csv.gz %9d bytes, parquet %9d bytes (parquet / csv.gz %.2f)\n' "$stem" "$gz" "$pq" "$(echo "$pq / $gz" | bc -l)"
done

# 4: every dataset, on a demo store (all datasets, 2018 to now): the first build after the seeding, per dataset.
demo_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
demo="http://127.0.0.1:$demo_port"
dotnet "$app" --db "$tmp/demo.db" --urls "$demo" --Bulk:Path="$tmp/demo-bulk" --Logging:LogLevel:Public.Web.Bulk=Debug > "$tmp/demo.log" 2>&1 &
demo_server=$!
trap 'kill "$demo_server" 2>/dev/null; cleanup' EXIT
for _ in $(seq 900); do curl -sf "$demo/healthz" >/dev/null && break; sleep 1; done
demo_t="$(until_built "$demo/bulk/SHA256SUMS")"
echo "== every dataset, demo store: first build ${demo_t} s ($(grep -c . "$tmp/body") files)"
grep -o 'Bulk [a-z0-9-]*/[0-9]*: [0-9]* rows read in [0-9]* ms, written in [0-9]* ms' "$tmp/demo.log" \
    | awk '{split($2, a, "/"); d=a[1]; rows[d]+=$3; read[d]+=$7; write[d]+=$11; years[d]++} END {for (d in rows) printf "   %-16s %2d years %9d rows, read %6d ms, written %6d ms\n", d, years[d], rows[d], read[d], write[d]}' | sort
echo "   (dataset-years are built side by side, one per core: the sum of the times is more than the wall time)"
for path in $(awk '{print $2}' "$tmp/body" | grep '\.csv\.gz$'); do
    stem="${path%.csv.gz}"
    gz="$(curl -sI "$demo/bulk/$path" | tr -d '\r' | awk 'tolower($1)=="content-length:" {print $2}')"
    pq="$(curl -sI "$demo/bulk/$stem.parquet" | tr -d '\r' | awk 'tolower($1)=="content-length:" {print $2}')"
    printf '   %-26s csv.gz %9d bytes, parquet %9d bytes\n' "$stem" "$gz" "$pq"
done | awk '{split($1, a, "/"); d=a[1]; gz[d]+=$3; pq[d]+=$6} END {for (d in gz) printf "   %-16s csv.gz %10d bytes, parquet %10d bytes in all years\n", d, gz[d], pq[d]}' | sort
