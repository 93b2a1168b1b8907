#!/usr/bin/env bash
# How long `export-site` takes for the demo data's site and how much it writes, against a baseline measured in the
# same run: copying the exported folder with `cp -r` (the file-system floor for writing the same files).
#   1. builds Release and seeds a demo database once (the first export seeds it; not timed);
#   2. times RUNS exports of the whole site (--no-demo on the seeded database), with the city's hourly series per
#      year and without (--no-hourly), and RUNS copies of each result; prints medians (wall clock and CPU = user +
#      sys, the fairer figure on a shared machine), the counts of the export's report, and the ratios.
# Usage: tests/Benchmarks/export.sh [runs]   (default 3). Needs bc and GNU time (/usr/bin/time).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
[[ -x /usr/bin/time ]] || { echo "export.sh: GNU time not found (apt-get install -y time)" >&2; exit 1; }
command -v bc >/dev/null || { echo "export.sh: bc not found (apt-get install -y bc)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

source "$here/export-app.sh"
echo "app: $app_build"
db="$tmp/demo.db"

echo "seeding the demo database (first export, not timed)…" >&2
dotnet "$app" export-site "$tmp/seed" --db "$db" --no-hourly >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Wall clock and CPU (user + sys) of a whole command; the target is removed before, outside the timing.
timed() {
    local out="$1"; shift
    rm -rf "$out"
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null
    awk '{printf "%s %s\n", $1, $2 + $3}' "$tmp/time"
}

report() {
    local name="$1"; shift
    local out="$tmp/out" t="$tmp/export.t" c="$tmp/copy.t"
    : > "$t"; : > "$c"
    for i in $(seq "$runs"); do
        timed "$out" dotnet "$app" export-site "$out" --db "$db" --no-demo "$@" >> "$t"
        timed "$tmp/copy" cp -r "$out" "$tmp/copy" >> "$c"
    done
    local last; last="$(dotnet "$app" export-site "$out" --db "$db" --no-demo --force "$@")"
    local w cpu cw
    w="$(cut -d' ' -f1 "$t" | median)"; cpu="$(cut -d' ' -f2 "$t" | median)"; cw="$(cut -d' ' -f1 "$c" | median)"
    local pages; pages="$(grep -o 'pages (HTML): [0-9]*' <<<"$last" | grep -o '[0-9]*$')"
    echo "== $name"
    printf '   wall %.2f s, CPU %.2f s; cp -r of the result %.2f s (export / copy: %.1f×); %.0f pages a second\n' \
        "$w" "$cpu" "$cw" "$(echo "$w / $cw" | bc -l)" "$(echo "$pages / $w" | bc -l)"
    sed -n '2,$p' <<<"$last" | sed 's/^/ /'
}

echo "export-site of the demo site, median of $runs runs of the whole command (process start included); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
report "whole site, with the city's hourly series per year"
report "whole site, --no-hourly" --no-hourly
