#!/usr/bin/env bash
# Where the CPU of one incremental export inside a warm server goes, by Linux perf (the export-resident.sh case, 1,000
# releases): real CPU samples, not dotnet-trace's sampled thread time (which counts a thread as running while it waits
# for a core, so work on four workers over two cores looks twice as large). The server runs with the runtime's perf map
# (DOTNET_PerfMapEnabled=1, write-xor-execute off so the JIT's code is where the map says) and without its ReadyToRun
# code (DOTNET_ReadyToRun=0: every method is JIT-compiled and named in the map). It is started over all days but the
# last WARM + 1, warmed by WARM incremental exports (default 15: the runtime's tiered compilation settles), then perf
# records the server's threads while one more day is imported and exported. export-perf.py sums the samples of the
# thread-pool workers and the GC threads, the export's own work: by leaf (exclusive) and by method on the stack
# (inclusive), and names the callers of the two largest leaves it found on 2026-12-06: the C library's memset (the
# collector clearing fresh memory) and the kernel's page faults under it.
# Usage: tests/Benchmarks/export-perf.sh [out-folder]   (default: a new temporary folder, kept). WARM=n.
#   Needs perf (Debian linux-perf), sqlite3 and python3. Uses the app of export-app.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$(mktemp -d)}"
warm="${WARM:-15}"
mkdir -p "$out"
command -v perf >/dev/null || { echo "export-perf.sh: perf not found (apt-get install linux-perf)" >&2; exit 1; }
cnemc="${CNEMC_FILE:-$root/../shared/data/cnemc/jinzhou_2019H1_hourly.csv}"
source "$here/export-app.sh"
mapfile -t days < <(tail -n +2 "$cnemc" | cut -d, -f1 | uniq | tail -n $((warm + 1)))
head -n 1 "$cnemc" > "$out/early.csv"
tail -n +2 "$cnemc" | grep -v -E "^($(IFS='|'; echo "${days[*]}")),"  >> "$out/early.csv"
for d in "${days[@]}"; do { head -n 1 "$cnemc"; grep "^$d," "$cnemc"; } > "$out/day-$d.csv"; done
store="$out/store.db"
rm -f "$store" "$store".*; rm -rf "$out/site" "$out/.site.export-previous" "$out/store.bulk"
(cd "$root" && dotnet "$app" import cnemc "$out/early.csv" --db "$store" >/dev/null)
[[ -d "$out/press" ]] || "$here/press-releases.sh" "$out/press" 1000 >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$out/server.log"
DOTNET_ReadyToRun=0 DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$app" --urls "http://127.0.0.1:$port" \
    --Store:Path="$store" --Store:Demo=false --Export:Path="$out/site" --Press:Path="$out/press" \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Public.Web.Export=Debug --Logging:LogLevel:Public.Web.Bulk=Debug > "$log" 2>&1 &
server=$!
recorder=""
trap 'kill "$server" 2>/dev/null || true; [[ -n "$recorder" ]] && kill "$recorder" 2>/dev/null || true' EXIT
exports() { grep -cE "Export of data version [0-9]+ into .*:$" "$log" || true; }
wait_exports() {
    for _ in $(seq 1 3000); do
        [[ "$(exports)" -ge "$1" ]] && return 0
        grep -q "Export of data version .* failed" "$log" && { tail -n 40 "$log" >&2; exit 1; }
        sleep 0.2
    done
    echo "export-perf.sh: no export after 10 minutes" >&2; exit 1
}
import_day() { (cd "$root" && dotnet "$app" import cnemc "$out/day-$1.csv" --db "$store" >/dev/null); }
wait_exports 1
for i in $(seq 0 $((warm - 1))); do import_day "${days[$i]}"; wait_exports $((i + 2)); done
# The tiered compilation worker finishes what the last export started.
sleep 5
perf record -F 2999 -g -p "$server" -o "$out/perf.data" > "$out/perf.out" 2>&1 &
recorder=$!
sleep 1
import_day "${days[$warm]}"; wait_exports $((warm + 2))
kill -INT "$recorder"; wait "$recorder" || true
recorder=""
grep -E "elapsed:|runtime:|time:" "$log" | tail -n 3
perf script -i "$out/perf.data" -F comm,tid,time,ip,sym 2>/dev/null > "$out/stacks.txt"
python3 "$here/export-perf.py" "$out/stacks.txt" 2999 > "$out/perf.txt"
head -n 100 "$out/perf.txt"
echo "export-perf.sh: kept $out (server.log, perf.data, stacks.txt, perf.txt)"
