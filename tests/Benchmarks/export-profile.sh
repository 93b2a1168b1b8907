#!/usr/bin/env bash
# Where the CPU of one incremental export inside a warm server goes (the export-resident.sh case, 1,000 releases):
# the server is started over all days but the last few, warmed by several exports, then one more day is imported while
# dotnet-trace samples the server's threads (profile dotnet-sampled-thread-time, ~100 Hz; `--profile cpu-sampling`
# belongs to `dotnet-trace collect-linux`, not to `collect`). The trace stops by itself (--duration: a `dotnet-trace`
# started in the background of a script ignores SIGINT) and is written as Speedscope JSON, which
# export-profile.py sums per method over the samples that were running (CPU_TIME), not waiting.
# Usage: tests/Benchmarks/export-profile.sh [out-folder]   (default: a new temporary folder, kept)
#   Needs sqlite3, python3 and ~/.dotnet/tools/dotnet-trace. Uses the ReadyToRun app of export-app.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
trace="${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}"
cnemc="${CNEMC_FILE:-$root/../shared/data/cnemc/jinzhou_2019H1_hourly.csv}"
[[ -x "$trace" ]] || { echo "export-profile.sh: no dotnet-trace at $trace (dotnet tool install -g dotnet-trace)" >&2; exit 1; }
source "$here/export-app.sh"
mapfile -t days < <(tail -n +2 "$cnemc" | cut -d, -f1 | uniq | tail -n 6)
head -n 1 "$cnemc" > "$out/early.csv"
tail -n +2 "$cnemc" | grep -v -E "^($(IFS='|'; echo "${days[*]}")),"  >> "$out/early.csv"
for d in "${days[@]}"; do { head -n 1 "$cnemc"; grep "^$d," "$cnemc"; } > "$out/day-$d.csv"; done
store="$out/store.db"
rm -f "$store" "$store".*; rm -rf "$out/site" "$out/.site.export-previous" "$out/store.bulk"
(cd "$root" && dotnet "$app" import cnemc "$out/early.csv" --db "$store" >/dev/null)
[[ -d "$out/press" ]] || "$here/press-releases.sh" "$out/press" 1000 >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$out/server.log"
dotnet "$app" --urls "http://127.0.0.1:$port" --Store:Path="$store" --Store:Demo=false --Export:Path="$out/site" --Press:Path="$out/press" \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Public.Web.Export=Debug --Logging:LogLevel:Public.Web.Bulk=Debug > "$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
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
for i in 0 1 2 3 4; do import_day "${days[$i]}"; wait_exports $((i + 2)); done
"$trace" collect -p "$server" --profile dotnet-sampled-thread-time --duration 00:00:00:09 --format Speedscope -o "$out/incremental.nettrace" > "$out/trace.out" 2>&1 &
tracer=$!
sleep 2
import_day "${days[5]}"; wait_exports 7
wait "$tracer" || true
grep -E "elapsed:|time:" "$log" | tail -n 2
python3 "$here/export-profile.py" "$out/incremental.speedscope.json" > "$out/profile.txt"
head -n 60 "$out/profile.txt"
echo "export-profile.sh: kept $out (server.log, incremental.speedscope.json, profile.txt)"
