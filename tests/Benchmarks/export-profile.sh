#!/usr/bin/env bash
# Where the CPU of one incremental export inside a warm server goes (the export-resident.sh case, 1,000 releases):
# the server is started over all days but the last WARM + 1, warmed by WARM incremental exports, then one more day is
# imported while a profiler samples the server's threads.
#   PROFILER=dotnet-trace (the default; WARM default 5): dotnet-trace's dotnet-sampled-thread-time (~100 Hz; `--profile
#   cpu-sampling` belongs to `dotnet-trace collect-linux`, not to `collect`). The trace stops by itself (--duration: a
#   `dotnet-trace` started in the background of a script ignores SIGINT) and is written as Speedscope JSON, which
#   export-profile.py sums per method over the samples that were running (CPU_TIME), not waiting. Thread time counts a
#   thread that waits for a core as running: with four workers on two cores the shares, not the seconds, are what to read.
#   PROFILER=perf (WARM default 15, so tiered compilation has settled): Linux perf's CPU samples (2,999 Hz, with call
#   stacks) of the server run with the runtime's perf map (DOTNET_PerfMapEnabled=1, write-xor-execute off so the JIT's
#   code is where the map says) and without its ReadyToRun code (DOTNET_ReadyToRun=0: every method is JIT-compiled and
#   named in the map); export-perf.py sums the samples of the thread-pool workers and the GC's threads (the export's
#   work) by leaf and by managed method on the stack, and names the managed callers of the C library's memset (the
#   collector clearing fresh memory) and of the kernel's page faults.
# Usage: [PROFILER=perf] [WARM=n] tests/Benchmarks/export-profile.sh [out-folder]   (default: a new temporary folder, kept)
#   Needs sqlite3, python3, and ~/.dotnet/tools/dotnet-trace or perf (Debian linux-perf). Uses the app of export-app.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
profiler="${PROFILER:-dotnet-trace}"
case "$profiler" in
    dotnet-trace)
        warm="${WARM:-5}"
        trace="${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}"
        [[ -x "$trace" ]] || { echo "export-profile.sh: no dotnet-trace at $trace (dotnet tool install -g dotnet-trace)" >&2; exit 1; }
        runtime=() ;;
    perf)
        warm="${WARM:-15}"
        command -v perf >/dev/null || { echo "export-profile.sh: perf not found (apt-get install linux-perf)" >&2; exit 1; }
        runtime=(DOTNET_ReadyToRun=0 DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0) ;;
    *) echo "export-profile.sh: PROFILER must be dotnet-trace or perf, not '$profiler'" >&2; exit 1 ;;
esac
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
env "${runtime[@]}" dotnet "$app" --urls "http://127.0.0.1:$port" --Store:Path="$store" --Store:Demo=false --Export:Path="$out/site" --Press:Path="$out/press" \
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
    echo "export-profile.sh: no export after 10 minutes" >&2; exit 1
}
import_day() { (cd "$root" && dotnet "$app" import cnemc "$out/day-$1.csv" --db "$store" >/dev/null); }
wait_exports 1
for i in $(seq 0 $((warm - 1))); do import_day "${days[$i]}"; wait_exports $((i + 2)); done
if [[ "$profiler" == perf ]]; then
    # The tiered compilation worker finishes what the last export started.
    sleep 5
    perf record -F 2999 -g -p "$server" -o "$out/perf.data" > "$out/perf.out" 2>&1 &
    recorder=$!
    sleep 1
    import_day "${days[$warm]}"; wait_exports $((warm + 2))
    kill -INT "$recorder"; wait "$recorder" || true
    recorder=""
    perf script -i "$out/perf.data" -F comm,tid,time,ip,sym 2>/dev/null > "$out/stacks.txt"
    python3 "$here/export-perf.py" "$out/stacks.txt" 2999 > "$out/profile.txt"
else
    "$trace" collect -p "$server" --profile dotnet-sampled-thread-time --duration 00:00:00:09 --format Speedscope -o "$out/incremental.nettrace" > "$out/trace.out" 2>&1 &
    recorder=$!
    sleep 2
    import_day "${days[$warm]}"; wait_exports $((warm + 2))
    wait "$recorder" || true
    recorder=""
    python3 "$here/export-profile.py" "$out/incremental.speedscope.json" > "$out/profile.txt"
fi
grep -E "elapsed:|runtime:|time:" "$log" | tail -n 3
head -n 100 "$out/profile.txt"
echo "export-profile.sh: kept $out (server.log, profile.txt and the profiler's own files)"
