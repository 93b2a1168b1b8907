#!/usr/bin/env bash
# Server time of the NGO audit of a year (GET /api/v1/audit?year=2019: every demo enterprise on the list, all points),
# against a baseline measured in the same run on the same server: reading and judging the same CEMS rows through the
# hourly API (GET …/outlets/{code}/hourly?pollutant=…&from=2019-01-01&to=2019-12-31 for every automatic outlet and
# pollutant the audit reads). Both are cold: the server is restarted before each run (the audit caches a year per data
# version and the serving layer caches answers), so each run measures computing, not a cache hit.
# Usage: tests/Benchmarks/audit.sh [runs]   (needs a Release build, curl and jq; about 30 s + 5 s a run)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-5}"
year=2019
port=5189
dll="$root/src/Public.Web/bin/Release/net10.0/Public.Web.dll"
[[ -f "$dll" ]] || { echo "audit benchmark: build first (dotnet build Public.sln -c Release)" >&2; exit 1; }
for tool in curl jq; do command -v "$tool" >/dev/null || { echo "audit benchmark: '$tool' not found" >&2; exit 1; }; done

tmp="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

start() {
    dotnet "$dll" --db "$tmp/demo.db" --urls "http://127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.5; done
    echo "audit benchmark: the server did not start (see $tmp/server.log)" >&2; exit 1
}
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; }

start   # the first start seeds the demo database
urls=$(curl -sf "http://127.0.0.1:$port/api/v1/enterprises?year=$year&limit=1000" | jq -r --arg y "$year" '
    .results[] | .creditCode as $c | .outlets[] | select(.monitoring == "automatic" and .mn != null) | .code as $o
    | .pollutants[] | "/api/v1/enterprises/\($c)/outlets/\($o)/hourly?pollutant=\(.code)&from=\($y)-01-01&to=\($y)-12-31"')
count=$(wc -l <<<"$urls")
stop

audit_times=(); base_times=()
for run in $(seq 1 "$runs"); do
    start
    curl -sf "http://127.0.0.1:$port/api/v1/audit/method" >/dev/null   # first request of the process (JIT of the pipeline), not timed
    a=$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/api/v1/audit?year=$year&limit=1000")
    b=0
    while read -r url; do
        t=$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port$url")
        b=$(awk -v x="$b" -v y="$t" 'BEGIN { printf "%.6f", x + y }')
    done <<<"$urls"
    audit_times+=("$a"); base_times+=("$b")
    echo "run $run: audit ${a}s, baseline ($count hourly series) ${b}s" >&2
    stop
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ma=$(median "${audit_times[@]}"); mb=$(median "${base_times[@]}")
printf 'audit of %s (all listed demo enterprises): median %.3f s; baseline, the same %s CEMS series through the hourly API: median %.3f s; ratio audit / baseline = %.2f (%s runs)\n' \
    "$year" "$ma" "$count" "$mb" "$(awk -v a="$ma" -v b="$mb" 'BEGIN { print a / b }')" "$runs"
