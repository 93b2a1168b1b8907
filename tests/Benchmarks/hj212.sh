#!/usr/bin/env bash
# HJ 212 listener throughput: CN 2061 hourly packets parsed and stored per second through the real TCP listener
# (Release build, real SQLite file, real TCP clients on loopback), against two baselines measured in the same run:
# parsing alone in memory, and a raw SQLite insert of one row per packet with one transaction each (the listener
# also commits once per packet). Also the server's CPU time per packet (utime+stime from /proc) and what a fleet of
# OUTLETS outlets sending one packet a minute would need of one core.
# The table is also written to tests/Benchmarks/hj212-latest.txt (not committed).
# Environment: OUTLETS (300), HOURS per outlet (20), CONNECTIONS (8).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

outlets="${OUTLETS:-300}"
hours="${HOURS:-20}"
connections="${CONNECTIONS:-8}"
for tool in dotnet getconf python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "hj212 benchmark: '$tool' not found" >&2; exit 1; }
done

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

echo "building (Release)..." >&2
dotnet build src/Public.Web/Public.Web.csproj -c Release -nologo -v quiet >"$tmp/build.log" 2>&1 \
    && dotnet build tests/Public.Benchmarks/Public.Benchmarks.csproj -c Release -nologo -v quiet >>"$tmp/build.log" 2>&1 \
    || { cat "$tmp/build.log" >&2; echo "hj212 benchmark: build failed" >&2; exit 1; }
web="src/Public.Web/bin/Release/net10.0/Public.Web.dll"
bench="tests/Public.Benchmarks/bin/Release/net10.0/Public.Benchmarks.dll"

echo "registry of $outlets outlets..." >&2
dotnet "$bench" hj212 registry "$tmp/registry.json" "$outlets"
dotnet "$web" import enterprises "$tmp/registry.json" --db "$tmp/bench.db" >"$tmp/import.log" 2>&1 \
    || { cat "$tmp/import.log" >&2; exit 1; }

# A free port for the listener and one for HTTP.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
http=$(free_port)
dotnet "$web" --db "$tmp/bench.db" --no-demo --urls "http://127.0.0.1:$http" --Hj212:Port="$port" --Hj212:Address=127.0.0.1 \
    --Logging:LogLevel:Default=Warning >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.2
done

echo "warm-up ($outlets packets)..." >&2
dotnet "$bench" hj212 send "$port" "$outlets" 1 "$connections" 20 >/dev/null

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
echo "measuring: $outlets outlets x $hours hours over $connections connections..." >&2
c0=$(cpu)
read -r _ sent answered seconds rate < <(dotnet "$bench" hj212 send "$port" "$outlets" "$hours" "$connections" 1)
c1=$(cpu)
cpu_s=$(awk -v a="$c0" -v b="$c1" -v t="$ticks" 'BEGIN {printf "%.2f", (b-a)/t}')
stored=$(grep -c "rejected" "$tmp/server.log" || true)

echo "baselines..." >&2
read -r _ pn ps prate _ < <(dotnet "$bench" hj212 baseline "$outlets" "$hours" "$tmp/raw.db" | grep '^parse')
rm -f "$tmp"/raw.db*
read -r _ sn ss srate < <(dotnet "$bench" hj212 baseline "$outlets" "$hours" "$tmp/raw.db" | grep '^sqlite')

per_packet_ms=$(awk -v c="$cpu_s" -v n="$sent" 'BEGIN {printf "%.3f", c*1000/n}')
fleet_rate=$(awk -v o="$outlets" 'BEGIN {printf "%.1f", o/60}')
fleet=$(awk -v c="$cpu_s" -v n="$sent" -v o="$outlets" 'BEGIN {printf "%.2f", (c/n)*(o/60)*100}')
{
    echo "HJ 212 listener benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
    printf '   %-58s %12s\n' "case" "packets/s"
    printf '   %-58s %12s   (%s packets, %s answered, %s s)\n' "listener: TCP in, parse, check, store, answer" "$rate" "$sent" "$answered" "$seconds"
    printf '   %-58s %12s   (%s s)\n' "baseline: parse only, in memory" "$prate" "$ps"
    printf '   %-58s %12s   (%s s)\n' "baseline: raw SQLite insert, one transaction per packet" "$srate" "$ss"
    printf '   %-58s %12s x\n' "ratio listener / raw SQLite insert" "$(awk -v a="$rate" -v b="$srate" 'BEGIN {printf "%.2f", a/b}')"
    printf '   %-58s %12s x\n' "ratio listener / parse only" "$(awk -v a="$rate" -v b="$prate" 'BEGIN {printf "%.4f", a/b}')"
    printf '   %-58s %12s ms\n' "server CPU per packet (utime+stime / packets)" "$per_packet_ms"
    printf '   %-58s %12s %% of one core\n' "fleet of $outlets outlets at 1 packet/min ($fleet_rate packets/s)" "$fleet"
    echo "   warnings logged by the server: $stored"
} | tee "$here/hj212-latest.txt"
