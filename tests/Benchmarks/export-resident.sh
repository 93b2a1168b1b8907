#!/usr/bin/env bash
# The export kept by a running server (Export:Path): the full export inside a warm server against the incremental
# re-export inside the same server after importing one new day, as the server itself reports them.
#   The hourly file (default: the shared 2019 H1 Jinzhou file) is split into its last 3 × RUNS + 1 + FULL_WARMUP +
#   INC_WARMUP days and all days before them. The earlier days are imported (not timed) and the Release server is started
#   over that store with Export:Path (its export at start is cold: shown, not counted). Then, one new day at a time, each
#   imported with the normal CLI `import` into the store the server serves (the server finds the new data version by
#   polling): day 1 warms the incremental path up (not counted); then FULL_WARMUP (default 2) full exports, not counted
#   (the runtime recompiles the press pages' hot methods in the first full exports); then RUNS times: the export folder
#   is moved aside (deleted when the pass is over: deleting thousands of files right before made the full export's writes
#   cost several times the system CPU on this machine, see fs-after-delete.sh) and the next day imported — the server's
#   export is a full one into an empty folder (the previous export the server keeps beside it, .site.export-previous,
#   moved aside too) — and the day after imported: an incremental one, the first after the full export (no earlier export
#   kept beside the folder: every file carried over becomes a hard link in a fresh tree). Then the incremental exports as
#   the server makes them after every import from then on, one day after another (each builds in the export it kept
#   beside the folder, so only the files changed since then are linked again): INC_WARMUP (default 3) not counted, then
#   RUNS counted. (Until 2026-12-06 these were interleaved with the full exports, a full, a first and an incremental one
#   in turn; but the runtime promotes the methods a full export made hot to optimized code over the exports that follow
#   it, and the incremental exports between the full ones were charged that JIT: 0.16, 0.14, 0.11 and 0.06 s in the
#   first four of seven runs of 0.2–0.3 s at commit 8e04236. A server exports fully only at its start or when the content
#   changes, and incrementally after every hourly import.)
#   Elapsed and CPU come from the server's own report (/metrics: jinzhou_export_last_elapsed_seconds and
#   jinzhou_export_last_cpu_seconds: Process.TotalProcessorTime, user + system of the whole server process, around the
#   whole export: the bulk archives of the new version, dependency keys, seeds, crawl, writes and swap), and of it the
#   bulk archives' share (jinzhou_export_last_archives_cpu_seconds: the server builds them for its /bulk downloads too,
#   so the ratio is given with and without them). Medians, the ratios incremental / full, and the full export's CPU a page;
#   then each run's JIT, GC, allocation and user/system CPU (the runtime: line of the server's report).
# Usage: tests/Benchmarks/export-resident.sh [runs] [count]   (defaults 3, 1000; FULL_WARMUP=n full exports first, default 2;
#   INC_WARMUP=n incremental ones after them, default 3)
#   count > 0 runs a second pass with that many generated press releases (press-releases.sh) as Press:Path.
#   CNEMC_FILE=path/to/hourly.csv for another wide CNEMC file. KEEP_TMP=1 keeps the work folder (server logs; with
#   EXPORT_LOG=Debug they list every answer the export asked the app for, with its time).  Needs curl, sqlite3 and bc.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
count="${2:-1000}"
cnemc="${CNEMC_FILE:-$root/../shared/data/cnemc/jinzhou_2019H1_hourly.csv}"
for tool in curl sqlite3 bc; do
    command -v "$tool" >/dev/null || { echo "export-resident.sh: $tool not found" >&2; exit 1; }
done
[[ -f "$cnemc" ]] || { echo "export-resident.sh: no CNEMC hourly file at $cnemc (set CNEMC_FILE)" >&2; exit 1; }
tmp="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    if [[ -n "${KEEP_TMP:-}" ]]; then echo "export-resident.sh: kept $tmp (KEEP_TMP)" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

[[ -n "${app:-}" ]] || { source "$here/export-app.sh"; echo "app: $app_build"; }
warm="${FULL_WARMUP:-2}"
inc_warm="${INC_WARMUP:-3}"
mapfile -t days < <(tail -n +2 "$cnemc" | cut -d, -f1 | uniq | tail -n $((3 * runs + 1 + warm + inc_warm)))
head -n 1 "$cnemc" > "$tmp/early.csv"
tail -n +2 "$cnemc" | grep -v -E "^($(IFS='|'; echo "${days[*]}")),"  >> "$tmp/early.csv"
for d in "${days[@]}"; do
    { head -n 1 "$cnemc"; grep "^$d," "$cnemc"; } > "$tmp/day-$d.csv"
done
echo "   importing all days before ${days[0]} (not timed)…" >&2
(cd "$root" && dotnet "$app" import cnemc "$tmp/early.csv" --db "$tmp/early.db" >/dev/null)
[[ "$count" -gt 0 ]] && "$here/press-releases.sh" "$tmp/press" "$count"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
metric() { curl -sf "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
version() { sqlite3 "$store" "SELECT value FROM store_meta WHERE key = 'data_version'"; }
# Waits until the server has exported data version $1 (or failed at it), from the server's own log (each export's
# report, or its failure, at Information/Error): /metrics is read once the export is over, never while it runs — a
# scrape costs the server about 15 ms CPU (some 1,800 lines of metrics), and the export's CPU is the whole process's, so
# scraping five times a second could count up to about 0.1 s of CPU per second of export as the export's own.
wait_export() {
    local want="$1" waited=0
    while true; do
        local v
        v="$(grep -oE 'Export of data version [0-9]+ into' "$log" | grep -oE '[0-9]+' | sort -n | tail -n 1 || true)"
        if [[ -n "$v" && "$v" -ge "$want" ]] && grep -qE "Export of data version $v into .*:$" "$log"; then return 0; fi
        if [[ -n "$v" ]] && grep -q "Export of data version $v into .* failed" "$log"; then echo "export-resident.sh: the server's export failed; its log:" >&2; tail -n 40 "$log" >&2; exit 1; fi
        sleep 0.2; waited=$((waited + 1))
        if [[ "$waited" -gt 3000 ]]; then echo "export-resident.sh: no export of version $want after 10 minutes" >&2; tail -n 40 "$log" >&2; exit 1; fi
    done
}
# Waits until the server is idle: under 3 % of a core over each of 4 half-seconds in a row (at most 60 s). After a start
# and after each export the runtime's tiered-compilation thread recompiles the methods the export ran hot (it kept one
# core busy for some 12 s after the start export); an export started meanwhile was charged that CPU and competed with it
# for the cores, so the figures moved with how long the import before it took. NO_IDLE_WAIT=1 imports at once, as before.
wait_idle() {
    [[ -n "${NO_IDLE_WAIT:-}" ]] && return 0
    local hz prev now quiet=0 i
    hz="$(getconf CLK_TCK)"
    prev="$(awk '{print $14 + $15}' "/proc/$server/stat")"
    for ((i = 0; i < 120 && quiet < 4; i++)); do
        sleep 0.5
        now="$(awk '{print $14 + $15}' "/proc/$server/stat")"
        if (( (now - prev) * 100 <= 3 * hz / 2 )); then quiet=$((quiet + 1)); else quiet=0; fi
        prev="$now"
    done
}
import_day() { wait_idle; (cd "$root" && dotnet "$app" import cnemc "$tmp/day-$1.csv" --db "$store" >/dev/null); }
# The last export's "elapsed cpu written archives-cpu cpu-without-archives" from /metrics.
last_export() {
    local cpu archives
    cpu="$(metric jinzhou_export_last_cpu_seconds)"; archives="$(metric jinzhou_export_last_archives_cpu_seconds)"
    echo "$(metric jinzhou_export_last_elapsed_seconds) $cpu $(metric jinzhou_export_last_files_written) $archives $(echo "$cpu - $archives" | bc -l)"
}

# What the runtime did during the last export (JIT, GC, allocation, user and system CPU), from the server's report.
last_runtime() { grep -E '^ *runtime: ' "$log" | tail -n 1 | sed 's/^ *runtime: //'; }

# pass LABEL [server settings]
pass() {
    local label="$1"; shift
    local work="$tmp/c-$label"
    mkdir -p "$work"
    store="$work/store.db"
    cp "$tmp/early.db" "$store"
    cp -p "$tmp/early.db.log-key" "$store.log-key"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    log="$work/server.log"
    echo
    echo "== C ($label). inside a warm server (Export:Path): full export into an empty folder after one new day against the incremental re-export after the next day; $(basename "$cnemc")"
    (cd "$root" && exec dotnet "$app" --urls "http://127.0.0.1:$port" --Store:Path="$store" --Store:Demo=false --Export:Path="$work/site" \
        --Logging:LogLevel:Default=Warning --Logging:LogLevel:Public.Web.Export=${EXPORT_LOG:-Information} --Logging:LogLevel:Public.Web.Bulk=Information "$@" > "$log" 2>&1) &
    server=$!
    wait_export "$(version)"
    echo "   at start (cold: JIT, first renders): elapsed $(metric jinzhou_export_last_elapsed_seconds) s, CPU $(metric jinzhou_export_last_cpu_seconds) s"
    local i=0
    import_day "${days[0]}"; wait_export "$(version)"
    echo "   warm-up, incremental after ${days[0]}: elapsed, CPU, files written: $(last_export)"
    : > "$work/full.t"; : > "$work/first.t"; : > "$work/inc.t"; : > "$work/full.r"; : > "$work/first.r"; : > "$work/inc.r"
    # Into an empty folder: the export the server keeps beside it for the next run (Export:Path) goes too. Both are moved
    # aside, not deleted, until the pass is over: on this ext4 (mounted with discard) writing files soon after deleting a
    # few thousand cost the writer several times the system CPU (fs-after-delete.sh writing the same 2,831 files: 0.09–0.17 s
    # of system time with nothing deleted, 0.3–0.8 s in rounds right after deleting the previous copy), which the full
    # export was charged before.
    aside() { mkdir -p "$work/aside"; local n; n="$(date +%s%N)"; mv "$work/site" "$work/aside/site-$n"; [[ -d "$work/.site.export-previous" ]] && mv "$work/.site.export-previous" "$work/aside/previous-$n"; true; }
    local next=1
    # Full exports not counted: the press pages are rendered only by a full export, and the runtime recompiles their hot
    # methods (tiered compilation) in the first full exports — 0.8–2.1 s of JIT in each of the first two, 0.2–0.6 s later.
    for ((i = 1; i <= warm; i++)); do
        aside; import_day "${days[$next]}"; wait_export "$(version)"; next=$((next + 1))
        echo "   warm-up, full export $i (not counted): elapsed, CPU, files written: $(last_export); $(last_runtime)"
    done
    for ((i = 1; i <= runs; i++)); do
        aside
        import_day "${days[$next]}"; wait_export "$(version)"
        last_export >> "$work/full.t"; last_runtime >> "$work/full.r"
        cp "$log" "$work/full.log"
        import_day "${days[$((next + 1))]}"; wait_export "$(version)"
        last_export >> "$work/first.t"; last_runtime >> "$work/first.r"
        next=$((next + 2))
    done
    for ((i = 1; i <= inc_warm; i++)); do
        import_day "${days[$next]}"; wait_export "$(version)"; next=$((next + 1))
        echo "   warm-up, incremental export $i (not counted): elapsed, CPU, files written: $(last_export); $(last_runtime)"
    done
    for ((i = 1; i <= runs; i++)); do
        import_day "${days[$next]}"; wait_export "$(version)"; next=$((next + 1))
        last_export >> "$work/inc.t"; last_runtime >> "$work/inc.r"
    done
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    rm -rf "$work/aside"
    col() { cut -d' ' -f"$2" "$1" | median; }
    line() {
        printf '   %-48s elapsed %6.2f s  CPU %6.2f s, of which the bulk archives %5.2f s  (%s files written)\n' "$1" "$(col "$2" 1)" "$(col "$2" 2)" "$(col "$2" 4)" "$(col "$2" 3)"
    }
    line "full, into an empty folder (median of $runs)" "$work/full.t"
    line "incremental, first after the full (median of $runs)" "$work/first.t"
    line "incremental, after one new day (median of $runs)" "$work/inc.t"
    ratio() {
        printf '   ratio %s / full: elapsed %.3f×, CPU %.3f×; CPU without the bulk archives %.3f× (%.2f s / %.2f s)\n' "$1" \
            "$(echo "$(col "$2" 1) / $(col "$work/full.t" 1)" | bc -l)" "$(echo "$(col "$2" 2) / $(col "$work/full.t" 2)" | bc -l)" \
            "$(echo "$(col "$2" 5) / $(col "$work/full.t" 5)" | bc -l)" "$(col "$2" 5)" "$(col "$work/full.t" 5)"
    }
    ratio "incremental (first after the full)" "$work/first.t"
    ratio "incremental (after one new day)" "$work/inc.t"
    # User and system CPU apart (system: mostly the file system's work for the files written).
    ucpu() { sed -E 's/^CPU user ([0-9.]+) s \+ system ([0-9.]+) s.*/\1/' "$1" | median; }
    scpu() { sed -E 's/^CPU user ([0-9.]+) s \+ system ([0-9.]+) s.*/\2/' "$1" | median; }
    printf '   user CPU (medians): full %.2f s, incremental after one new day %.2f s: %.3f×; system CPU: full %.2f s, incremental %.2f s\n' \
        "$(ucpu "$work/full.r")" "$(ucpu "$work/inc.r")" "$(echo "$(ucpu "$work/inc.r") / $(ucpu "$work/full.r")" | bc -l)" "$(scpu "$work/full.r")" "$(scpu "$work/inc.r")"
    local pages
    pages="$(grep -o 'pages (HTML): [0-9]*' "$work/full.log" | tail -n 1 | grep -o '[0-9]*$')"
    printf '   full export: %s HTML pages, %.2f ms CPU a page\n' "$pages" "$(echo "$(col "$work/full.t" 2) * 1000 / $pages" | bc -l)"
    echo "   runs (elapsed s, CPU s, files written, archives CPU s, CPU without them s): full $(paste -sd';' "$work/full.t"); first incremental $(paste -sd';' "$work/first.t"); incremental $(paste -sd';' "$work/inc.t")"
    echo "   what the runtime did in each run (the export's whole process: JIT compilations incl. tier-up, GC, allocation):"
    for k in full first inc; do
        local n=0
        while IFS= read -r r; do n=$((n + 1)); echo "      $k $n: $r"; done < "$work/$k.r"
    done
    echo "   the server's log of the last full and incremental exports (bulk archives of each new version included):"
    grep -E "Bulk archives for data version|elapsed:|time:|incremental:|carried over" "$log" | tail -n 15 | sed 's/^ */      /'
}

echo "export-site inside a running server; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
pass "real data"
if [[ "$count" -gt 0 ]]; then
    pass "real data + $count releases" --Press:Path="$tmp/press"
fi
