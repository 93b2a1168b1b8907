#!/usr/bin/env bash
# Ingestion lag: a Release server started with Ingest:Cnemc:Folder (a fresh database, no demo data), then REPS real
# daily files (cut from the shared CNEMC 2019 H1 file, rows unchanged) dropped into its folder one at a time (written
# under a temporary name, then renamed). For each: seconds from the rename until GET /api/v1/imports shows the file's
# batch, and the data lag /readyz then reports (now minus the newest hour stored, which for 2019 data is large: it is
# printed to show the figure is there, not as a speed). The wait is at most one period (EVERY) plus the import, so the
# expected median is about EVERY/2 plus the import time.
# Usage: tests/Benchmarks/ingest-lag.sh [reps]  (default 5). EVERY (default 00:00:05) sets Ingest:Cnemc:Every.
# Needs dotnet, python3, curl.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
reps="${1:-5}"
every="${EVERY:-00:00:05}"
for tool in dotnet python3 curl; do
    command -v "$tool" >/dev/null || { echo "ingest-lag.sh: '$tool' not found" >&2; exit 1; }
done
shared="${SHARED_DATA_DIR:-$root/../shared}"
if [[ -d "$shared/data/cnemc" ]]; then shared="$shared/data"; fi
csv="$shared/cnemc/jinzhou_2019H1_hourly.csv"
[[ -f "$csv" ]] || { echo "ingest-lag.sh: $csv not found (set SHARED_DATA_DIR)" >&2; exit 1; }

tmp="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "building (Release)…" >&2
    dotnet build "$root/src/Public.Web" -c Release -nologo -v q >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
fi
app="$root/src/Public.Web/bin/Release/net10.0/Public.Web.dll"

# The daily files, in the national format: the header and each date's lines.
mkdir -p "$tmp/days" "$tmp/drop"
python3 - "$csv" "$tmp/days" <<'EOF'
import sys, collections
lines = open(sys.argv[1], encoding="utf-8-sig").read().splitlines()
days = collections.OrderedDict()
for line in lines[1:]:
    if line:
        days.setdefault(line.split(",")[0], []).append(line)
for date, rows in days.items():
    with open(f"{sys.argv[2]}/china_sites_{date}.csv", "w", encoding="utf-8", newline="\n") as f:
        f.write(lines[0] + "\n" + "\n".join(rows) + "\n")
EOF

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
dotnet "$app" --db "$tmp/store.db" --no-demo --urls "$base" --Ingest:Cnemc:Folder="$tmp/drop" --Ingest:Cnemc:Every="$every" >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 300); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -sf "$base/healthz" >/dev/null || { cat "$tmp/server.log" >&2; echo "ingest-lag.sh: the server did not start" >&2; exit 1; }

# Seconds (3 decimals) until the newest batch in /api/v1/imports is the file's; then the lag /readyz reports.
shows() {
    curl -sf "$base/api/v1/imports?limit=1" | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(r[0]["fileList"][0]["name"] if r else "")'
}
: >"$tmp/seconds.txt"
files=$(ls "$tmp/days" | sort | head -n "$reps")
echo "Ingestion lag  $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo '+dirty')  $(nproc) cores  Every=$every  $reps drops"
printf '%-26s %10s %8s %8s %14s\n' file "visible s" "new hrs" run "readyz lag s"
for name in $files; do
    # Start between two runs at a random phase, as a real drop would.
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.2, 1.5), 3))')"
    cp "$tmp/days/$name" "$tmp/drop/.incoming"
    start=$(date +%s.%N)
    mv "$tmp/drop/.incoming" "$tmp/drop/$name"
    until [[ "$(shows)" == "$name" ]]; do
        sleep 0.05
        if (( $(python3 -c "print(int($(date +%s.%N) - $start > 120))") )); then echo "ingest-lag.sh: $name not visible within 120 s" >&2; exit 1; fi
    done
    end=$(date +%s.%N)
    seconds=$(python3 -c "print(f'{$end - $start:.3f}')")
    echo "$seconds" >>"$tmp/seconds.txt"
    read -r records run lag < <(curl -sf "$base/api/v1/imports?limit=1" | python3 -c 'import json,sys; b=json.load(sys.stdin)["results"][0]; print(b["newRecords"], b["run"], end=" ")'; \
        curl -sf "$base/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ingest"][0]["dataLagSeconds"])')
    printf '%-26s %10s %8s %8s %14s\n' "$name" "$seconds" "$records" "$run" "$lag"
done

python3 - "$tmp/seconds.txt" "$every" <<'EOF'
import statistics, sys
s = [float(x) for x in open(sys.argv[1]) if x.strip()]
h, m, sec = sys.argv[2].split(":")
period = int(h) * 3600 + int(m) * 60 + float(sec)
print(f"drop → visible in /api/v1/imports: median {statistics.median(s):.3f} s, min {min(s):.3f} s, max {max(s):.3f} s (period {period:g} s; bound: period + import)")
EOF
