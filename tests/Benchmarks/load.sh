#!/usr/bin/env bash
# Load benchmark of the serving path, in one run, against a Release build:
#   for each mode (in-process cache only, then with a local redis-server as shared cache and rate-limit store)
#   wrk -t2 -c64 -d10s --latency against
#     GET /healthz                                         the baseline: a trivial endpoint, the ceiling of this machine
#     GET /api/v1/city/hourly                              the city's latest AQI (default range: the last 7 days)
#     GET /api/v1/stations                                 every station with its latest reading
#     GET /api/v1/stations/1767A/hourly?from..to (a month) a station's month of hourly data, JSON
#     ... &format=csv                                      the same as CSV
#     GET /api/v1/city/assessment/2019                     the year assessment (HJ 663)
#     GET /graphql?query=...                               once the GraphQL branch is merged (see GRAPHQL below)
#   and reports requests/s as a ratio to the baseline of the same mode, p50/p99 latency, non-2xx/3xx answers,
#   and the server's peak RSS (VmHWM) over the mode's whole run.
# Data requests send "Accept-Encoding: br, gzip" as browsers and `curl --compressed` do; the baseline sends
# nothing, so that it stays the cheapest possible request. The rate limit is set far above what wrk can send.
# Usage: tests/Benchmarks/load.sh [seconds per case, default 10]
# Needs dotnet, wrk, curl and redis-server (apt-get install -y wrk curl redis-server). Writes the table to
# tests/Benchmarks/load-latest.txt (not committed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

duration="${1:-10}"
connections=64
threads=2

for tool in dotnet wrk curl redis-server; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "load: '$tool' not found (apt-get install -y wrk curl redis-server; dotnet: see global.json)" >&2
        exit 1
    fi
done

tmp="$(mktemp -d)"
server_pid=""
redis_pid=""
stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
cleanup() {
    stop_server
    if [[ -n "$redis_pid" ]] && kill -0 "$redis_pid" 2>/dev/null; then
        kill "$redis_pid" 2>/dev/null || true
        wait "$redis_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

echo "building (Release)..." >&2
dotnet build src/Public.Web/Public.Web.csproj -c Release -nologo -v quiet >"$tmp/build.log" 2>&1 \
    || { cat "$tmp/build.log" >&2; echo "load: build failed" >&2; exit 1; }
web="src/Public.Web/bin/Release/net10.0/Public.Web.dll"

# start_server NAME [ENV=VALUE...]: starts the server on a free port with the demo database; sets $base.
start_server() {
    local name="$1"
    shift
    env "$@" RateLimiting__PermitPerMinute=1000000000 Logging__LogLevel__Default=Warning \
        Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
        dotnet "$web" --db "$tmp/demo.db" --urls "http://127.0.0.1:0" >"$tmp/server-$name.log" 2>&1 &
    server_pid=$!
    base=""
    for ((i = 0; i < 600; i++)); do
        base=$(grep -o -m1 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$tmp/server-$name.log" | sed 's/^Now listening on: //' || true)
        [[ -n "$base" ]] && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.5
    done
    if [[ -z "$base" ]]; then
        cat "$tmp/server-$name.log" >&2
        echo "load: server did not start" >&2
        exit 1
    fi
}

# The same demo database for both modes: seeded once (2018-01-01 up to now), before anything is timed.
echo "seeding the demo database..." >&2
start_server seed
stop_server

redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 6390)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$tmp/redis.log" 2>&1 &
redis_pid=$!

month_from="2019-01-01"
month_to="2019-01-31"
cases=(
    "healthz|/healthz|baseline"
    "city latest (hourly, 7 days)|/api/v1/city/hourly|data"
    "stations + latest reading|/api/v1/stations|data"
    "1767A month hourly JSON|/api/v1/stations/1767A/hourly?from=$month_from&to=$month_to|data"
    "1767A month hourly CSV|/api/v1/stations/1767A/hourly?from=$month_from&to=$month_to&format=csv|data"
    "city assessment 2019|/api/v1/city/assessment/2019|data"
)
# GRAPHQL: when /graphql answers, a GET query joins the cases: the city's latest AQI (the same hours as
# /api/v1/city/hourly), URL-encoded. GRAPHQL_QUERY overrides it (URL-encoded too).
graphql_query="${GRAPHQL_QUERY:-%7Bcity%7Bhourly(first%3A168)%7Bedges%7Bnode%7Btime%20aqi%20level%7Bname%7D%7D%7D%7D%7D%7D}"

# to_ms VALUE: wrk's "1.23ms" / "456.00us" / "1.02s" → milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results="$tmp/results.txt"
: >"$results"
peaks="$tmp/peaks.txt"
: >"$peaks"
for mode in memory redis; do
    if [[ "$mode" == redis ]]; then
        start_server "$mode" ConnectionStrings__Redis="127.0.0.1:$redis_port"
    else
        start_server "$mode"
    fi
    mode_cases=("${cases[@]}")
    if curl -fsS -o /dev/null "$base/graphql?query=$graphql_query" 2>/dev/null; then
        mode_cases+=("graphql query (GET)|/graphql?query=$graphql_query|data")
    fi
    if [[ "$mode" == redis ]]; then
        state=$(curl -fsS "$base/readyz" | grep -o '"state":"[^"]*"' | head -1 || true)
        echo "redis mode: $state" >&2
    fi
    # Warm-up, untimed: fills the cache and lets tiered compilation reach its final code for every case,
    # so that the baseline, measured first, is not also the one measured on cold code.
    echo "$mode: warming up..." >&2
    for entry in "${mode_cases[@]}"; do
        IFS='|' read -r name path kind <<<"$entry"
        headers=()
        if [[ "$kind" == data ]]; then headers=(-H "Accept-Encoding: br, gzip"); fi
        curl -fsS -o /dev/null "${headers[@]}" "$base$path" || { echo "load: GET $path failed" >&2; exit 1; }
        wrk -t"$threads" -c"$connections" -d3s "${headers[@]}" "$base$path" >/dev/null 2>&1
    done
    for entry in "${mode_cases[@]}"; do
        IFS='|' read -r name path kind <<<"$entry"
        headers=()
        if [[ "$kind" == data ]]; then headers=(-H "Accept-Encoding: br, gzip"); fi
        echo "$mode: $name..." >&2
        wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "${headers[@]}" "$base$path" >"$tmp/wrk.txt" 2>&1
        rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.txt")
        p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt")")
        p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")")
        bad=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$tmp/wrk.txt")
        errors=$(awk '/Socket errors:/ {print $0}' "$tmp/wrk.txt" | sed 's/^ *Socket errors: *//')
        bytes=$(curl -fsS -o /dev/null -w '%{size_download}' "${headers[@]}" "$base$path")
        printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "$mode" "$name" "$rps" "$p50" "$p99" "${bad:-0}" "$bytes" "${errors:-}" >>"$results"
    done
    echo "$mode $(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")" >>"$peaks"
    stop_server
done

{
    echo "Load benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo '+dirty')  $(nproc) cores  dotnet $(dotnet --version)  Release"
    echo "wrk -t$threads -c$connections -d${duration}s --latency; data requests with Accept-Encoding: br, gzip; demo database"
    echo "load average before the run: $load_before (the machine is shared: other processes compete with wrk and the server)"
    echo
    printf '%-7s %-32s %10s %9s %9s %9s %9s %10s\n' "mode" "request" "req/s" "ratio" "p50 ms" "p99 ms" "non-2xx" "bytes"
    for mode in memory redis; do
        baseline=$(awk -F'|' -v m="$mode" '$1 == m && $2 == "healthz" {print $3}' "$results")
        while IFS='|' read -r m name rps p50 p99 bad bytes errors; do
            [[ "$m" == "$mode" ]] || continue
            ratio=$(awk -v a="$rps" -v b="$baseline" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
            printf '%-7s %-32s %10.0f %9s %9s %9s %9s %10s %s\n' "$m" "$name" "$rps" "$ratio" "$p50" "$p99" "$bad" "$bytes" "${errors:+socket errors: $errors}"
        done <"$results"
        echo
    done
    while read -r mode kb; do
        printf 'peak RSS of the server (VmHWM), %-6s mode: %6.1f MiB\n' "$mode" "$(awk -v k="$kb" 'BEGIN {print k / 1024}')"
    done <"$peaks"
} | tee "$here/load-latest.txt"
