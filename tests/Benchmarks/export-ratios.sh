#!/usr/bin/env bash
# The issue's two export ratios in one run:
#   A. full export against Hugo on the same 1,000 press releases, CPU a page (runs tests/Benchmarks/hugo.sh, which
#      generates the releases and Hugo's site; skipped, and said so, when `hugo` is not installed);
#   B. incremental export after importing one new day of real national-network data against the full export of the
#      same store, twice: the real-data site, and the same site with the COUNT generated releases of part A
#      (press-releases.sh). The hourly file (default: the shared 2019 H1 Jinzhou file) is split into all days but the
#      last and the last day; the first part is imported and exported (not timed), the last day imported, and then
#      RUNS times each: `export-site` into a copy of that earlier export (incremental) and into an empty folder (full).
#      Medians of whole commands (process start included; wall clock and CPU = user + sys, the steadier figure on a
#      shared machine) and of the export alone (the report's `elapsed` and `CPU`, without starting the app), the ratios,
#      and the full export's CPU a page;
#   C. the same inside a running server that keeps the export (Export:Path): the full export in the warm server against
#      its incremental re-export after one new day imported with the CLI, from the server's own report
#      (tests/Benchmarks/export-resident.sh).
# Usage: tests/Benchmarks/export-ratios.sh [runs] [count]   (defaults 3, 1000)
#   CNEMC_FILE=path/to/hourly.csv to use another wide CNEMC file (date,hour,type,<codes>; sorted by date).
#   SKIP_HUGO=1 to run part B only.   Needs bc and GNU time (/usr/bin/time); part A needs hugo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
count="${2:-1000}"
cnemc="${CNEMC_FILE:-$root/../shared/data/cnemc/jinzhou_2019H1_hourly.csv}"
[[ -x /usr/bin/time ]] || { echo "export-ratios.sh: GNU time not found (apt-get install -y time)" >&2; exit 1; }
command -v bc >/dev/null || { echo "export-ratios.sh: bc not found (apt-get install -y bc)" >&2; exit 1; }
[[ -f "$cnemc" ]] || { echo "export-ratios.sh: no CNEMC hourly file at $cnemc (set CNEMC_FILE)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "export-site ratios; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"

# ---- A. against Hugo ----
echo
echo "== A. full export against Hugo, $count press releases"
if [[ "${SKIP_HUGO:-0}" == 1 ]]; then
    echo "   skipped (SKIP_HUGO=1)"
elif ! command -v hugo >/dev/null; then
    echo "   skipped: hugo is not installed (apt-get install -y hugo), so this run has no Hugo figure"
else
    "$here/hugo.sh" "$runs" "$count"
fi

# ---- B. incremental after one new day ----
source "$here/export-app.sh"
echo "app: $app_build"
last="$(tail -n 1 "$cnemc" | cut -d, -f1)"
head -n 1 "$cnemc" > "$tmp/early.csv"
tail -n +2 "$cnemc" | grep -v "^$last," >> "$tmp/early.csv"
head -n 1 "$cnemc" > "$tmp/day.csv"
grep "^$last," "$cnemc" >> "$tmp/day.csv"
"$here/press-releases.sh" "$tmp/press" "$count"
echo "   importing all days before $last (not timed)…" >&2
(cd "$root" && dotnet "$app" import cnemc "$tmp/early.csv" --db "$tmp/early.db" >/dev/null)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# One export-site into $1 (prepared by the caller) of store $2 with the options after it: "wall cpu elapsed cpu-without-start"
# on one line, the report kept in $tmp/report.
timed() {
    local out="$1" db="$2"; shift 2
    (cd "$root" && /usr/bin/time -f '%e %U %S' -o "$tmp/time" dotnet "$app" export-site "$out" --db "$db" --no-demo "$@" > "$tmp/report")
    local elapsed cpu
    elapsed="$(grep -o 'elapsed: [0-9.]*' "$tmp/report" | grep -o '[0-9.]*$')"
    cpu="$(grep -o 's, CPU [0-9.]*' "$tmp/report" | grep -o '[0-9.]*$')"
    awk -v e="$elapsed" -v c="$cpu" '{printf "%s %s %s %s\n", $1, $2 + $3, e, c}' "$tmp/time"
}
col() { cut -d' ' -f"$2" "$1" | median; }
ratio() { echo "$(col "$1" "$3") / $(col "$2" "$3")" | bc -l; }
pages() { grep -o 'pages (HTML): [0-9]*' "$1" | grep -o '[0-9]*$'; }

# part_b LABEL [export options]: the earlier export of the store without the last day (not timed), the last day
# imported into a copy of that store, then RUNS times an incremental export into a copy of the earlier export and a
# full export into an empty folder.
part_b() {
    local label="$1"; shift
    local work="$tmp/b-$label"
    mkdir -p "$work"
    cp "$tmp/early.db" "$work/store.db"
    cp -p "$tmp/early.db.log-key" "$work/store.db.log-key"   # the log's signing key lives beside the store
    echo
    echo "== B ($label). incremental export after one new day ($last, $(($(wc -l < "$tmp/day.csv") - 1)) rows) against the full export; $(basename "$cnemc")"
    (cd "$root" && dotnet "$app" export-site "$work/earlier" --db "$work/store.db" --no-demo "$@" >/dev/null)
    (cd "$root" && dotnet "$app" import cnemc "$tmp/day.csv" --db "$work/store.db" >/dev/null)
    : > "$work/inc.t"; : > "$work/full.t"
    for i in $(seq "$runs"); do
        rm -rf "$work/inc" "$work/full"
        cp -a "$work/earlier" "$work/inc"
        timed "$work/inc" "$work/store.db" "$@" >> "$work/inc.t"
        cp "$tmp/report" "$work/inc.report"
        timed "$work/full" "$work/store.db" "$@" >> "$work/full.t"
        cp "$tmp/report" "$work/full.report"
    done
    line() {
        printf '   %-32s wall %6.2f s  CPU %6.2f s | without the app start: wall %6.2f s  CPU %6.2f s\n' "$1" "$(col "$2" 1)" "$(col "$2" 2)" "$(col "$2" 3)" "$(col "$2" 4)"
    }
    line "full, into an empty folder" "$work/full.t"
    line "incremental, after one new day" "$work/inc.t"
    printf '   ratio incremental / full: whole command wall %.3f×, CPU %.3f×; without the app start wall %.3f×, CPU %.3f×\n' \
        "$(ratio "$work/inc.t" "$work/full.t" 1)" "$(ratio "$work/inc.t" "$work/full.t" 2)" "$(ratio "$work/inc.t" "$work/full.t" 3)" "$(ratio "$work/inc.t" "$work/full.t" 4)"
    printf '   full export: %s HTML pages, %.2f ms CPU a page (whole command), %.2f ms without the app start\n' "$(pages "$work/full.report")" \
        "$(echo "$(col "$work/full.t" 2) * 1000 / $(pages "$work/full.report")" | bc -l)" "$(echo "$(col "$work/full.t" 4) * 1000 / $(pages "$work/full.report")" | bc -l)"
    echo "   full export's report (last run):"
    sed -n '2,$p' "$work/full.report" | sed 's/^/   /'
    echo "   incremental export's report (last run):"
    sed -n '2,$p' "$work/inc.report" | sed 's/^/   /'
}

part_b "real data" 
part_b "real data + $count releases" --press "$tmp/press"

# ---- C. inside a running server (Export:Path), the same app ----
app="$app" app_build="$app_build" "$here/export-resident.sh" "$runs" "$count"
