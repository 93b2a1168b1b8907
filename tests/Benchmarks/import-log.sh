#!/usr/bin/env bash
# Import throughput with and without the transparency log: the real CNEMC 2019 H1 file (shared data) imported by the
# real CLI into a fresh database, RUNS times each, by two Release builds in the same run:
#   without: the commit before the publication pipeline (BASE, default 5f92bf4, the last commit before the log: same importer, no leaves, no checkpoint);
#   with:    this working tree (every station-hour logged: record bytes, leaf, Merkle nodes, signed checkpoint).
# Prints medians of wall clock and CPU (user + sys, the fairer figure on a shared machine), station-hours per second,
# the ratio with/without (aim ≥ 0.8) and the log's size in the database.
# Usage: tests/Benchmarks/import-log.sh [runs]  (default 3). Needs dotnet, sqlite3, GNU time, bc, git.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
base="${BASE:-5f92bf4}"
for tool in dotnet sqlite3 bc git; do
    command -v "$tool" >/dev/null || { echo "import-log.sh: '$tool' not found" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "import-log.sh: GNU time not found (apt-get install -y time)" >&2; exit 1; }
shared="${SHARED_DATA_DIR:-$root/../shared}"
if [[ -d "$shared/data/cnemc" ]]; then shared="$shared/data"; fi
csv="$shared/cnemc/jinzhou_2019H1_hourly.csv"
[[ -f "$csv" ]] || { echo "import-log.sh: $csv not found (set SHARED_DATA_DIR)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "building this tree and $base (Release)…" >&2
dotnet build "$root/src/Public.Web" -c Release -nologo -v q >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
mkdir -p "$tmp/base"
git -C "$root" archive "$base" | tar -x -C "$tmp/base"
dotnet build "$tmp/base/src/Public.Web" -c Release -nologo -v q >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
with="$root/src/Public.Web/bin/Release/net10.0/Public.Web.dll"
without="$tmp/base/src/Public.Web/bin/Release/net10.0/Public.Web.dll"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# One import into a fresh database; appends "wall cpu" to $2.
run() {
    local app="$1" out="$2" db="$tmp/run.db"
    rm -f "$db" "$db"-* "$db".*
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" dotnet "$app" import cnemc "$csv" --db "$db" >"$tmp/import.log" 2>&1 \
        || { cat "$tmp/import.log" >&2; echo "import-log.sh: import failed" >&2; exit 1; }
    awk '{printf "%s %.2f\n", $1, $2 + $3}' "$tmp/time" >>"$out"
}

: >"$tmp/without.txt"; : >"$tmp/with.txt"
for i in $(seq "$runs"); do
    echo "run $i/$runs…" >&2
    run "$without" "$tmp/without.txt"
    run "$with" "$tmp/with.txt"
done

hours=$(grep -E '^station-hours:' "$tmp/import.log" | grep -oE '[0-9]+ new,' | head -1 | grep -oE '[0-9]+')
leaves=$(sqlite3 "$tmp/run.db" "SELECT COUNT(*) FROM log_leaves")
log_bytes=$(sqlite3 "$tmp/run.db" "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'log_%' OR name LIKE 'sqlite_autoindex_log_%'" 2>/dev/null || echo "?")
wall_without=$(cut -d' ' -f1 "$tmp/without.txt" | median); cpu_without=$(cut -d' ' -f2 "$tmp/without.txt" | median)
wall_with=$(cut -d' ' -f1 "$tmp/with.txt" | median); cpu_with=$(cut -d' ' -f2 "$tmp/with.txt" | median)
rate() { echo "scale=0; $hours / $1" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }

echo "Import with and without the log  $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo '+dirty') vs $base  $(nproc) cores  $runs runs, medians"
echo "file: $(basename "$csv"), $hours station-hours"
printf '  %-34s %8s s wall %8s s cpu  %8s station-hours/s (cpu)\n' "without the log ($base)" "$wall_without" "$cpu_without" "$(rate "$cpu_without")"
printf '  %-34s %8s s wall %8s s cpu  %8s station-hours/s (cpu)\n' "with the log (this tree)" "$wall_with" "$cpu_with" "$(rate "$cpu_with")"
printf '  %-34s %8s (wall)  %8s (cpu)   aim >= 0.8\n' "throughput ratio with/without" "$(ratio "$wall_without" "$wall_with")" "$(ratio "$cpu_without" "$cpu_with")"
printf '  %-34s %8s leaves, %s bytes in the log tables (%s bytes per leaf)\n' "log" "$leaves" "$log_bytes" \
    "$( [[ "$log_bytes" =~ ^[0-9]+$ ]] && echo "scale=0; $log_bytes / $leaves" | bc || echo '?')"
