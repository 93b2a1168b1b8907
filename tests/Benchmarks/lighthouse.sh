#!/usr/bin/env bash
# Lighthouse scores of every page type of the site, both languages, against the Release server with demo data.
#   1. installs the pinned Lighthouse (tests/Benchmarks/node/package.json + lock: lighthouse 12.2.3) with `npm ci`
#      into tests/Benchmarks/node/node_modules (gitignored) when missing;
#   2. builds Release and starts the server on a free loopback port over a demo database (seeded on first use into
#      $LIGHTHOUSE_DB, default a temporary file, which takes about a minute);
#   3. runs Lighthouse with its defaults — mobile form factor, simulated slow 4G and 4× CPU slowdown — on each page
#      (Debian's Chromium: CHROME_PATH, default /usr/bin/chromium) and prints one Markdown table on stdout: per page
#      the four category scores, LCP, TBT and the bytes transferred for HTML + CSS + JS (Lighthouse's network records),
#      each the median of the runs; the failing audits and progress go to stderr.
# Usage: tests/Benchmarks/lighthouse.sh [runs]   (default 1; with more runs each figure is the median).
# Targets (issue 13): performance >= 0.95, accessibility 1.0, best practices 1.0, SEO 1.0 on every page type; the
# script exits 1 when a page misses one (2 when Lighthouse failed on a page).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-1}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[[ -x "$CHROME_PATH" ]] || { echo "lighthouse.sh: no Chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 1; }
command -v node >/dev/null || { echo "lighthouse.sh: node not found (apt-get install nodejs npm)" >&2; exit 1; }

lighthouse="$here/node/node_modules/.bin/lighthouse"
if [[ ! -x "$lighthouse" ]]; then
    echo "installing lighthouse (pinned in tests/Benchmarks/node/package-lock.json)…" >&2
    (cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

tmp="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

dotnet build "$root/src/Public.Web" -c Release -nologo -v q >/dev/null
app="$root/src/Public.Web/bin/Release/net10.0/Public.Web.dll"
db="${LIGHTHOUSE_DB:-$tmp/demo.db}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="http://127.0.0.1:$port"
echo "starting the Release server at $base (database $db)…" >&2
(cd "$root/src/Public.Web" && exec dotnet "$app" --db "$db" --urls "$base" >"$tmp/server.log" 2>&1) &
server=$!
for _ in $(seq 600); do
    curl -fs -o /dev/null "$base/" && break
    kill -0 "$server" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
    sleep 0.5
done
curl -fs -o /dev/null "$base/" || { echo "lighthouse.sh: the server did not answer" >&2; exit 1; }

# A page, retried: on a loaded machine the first render of a heavy page can hit the server's request timeout (504).
get() {
    local attempt
    for attempt in 1 2 3 4 5; do
        curl -fs "$base$1" && return 0
        sleep 2
    done
    echo "lighthouse.sh: $base$1 did not answer after 5 attempts" >&2
    return 1
}

# One page of every type (the first item each list links to).
first() { get "$1" | grep -o "href=\"$2/[^\"/?#]*\"" | head -1 | sed 's/^href="//; s/"$//'; }
year="$(get / | grep -o 'href="/air/[0-9]*"' | head -1 | grep -o '[0-9]*')"
release="$(first /press /press)"
penalty="$(first /penalties /penalties)"
warning="$(first /warnings /warnings)"
enterprise="$(first /enterprises /enterprises)"
credit="${enterprise#/enterprises/}"
pages=(/ /stations/1767A "/air/$year" /air/2019 /plan /warnings "$warning" /penalties "$penalty" /press "$release"
       /data /transparency /methodology /about /enterprises "$enterprise" /audit /audit/method "/audit/$credit/2019")

# LIGHTHOUSE_PAGES="/ /plan enterprise" measures only those (and their English twins); the words release, penalty,
# warning and enterprise stand for the first page of that type found above.
if [[ -n "${LIGHTHOUSE_PAGES:-}" ]]; then
    read -r -a pages <<<"$LIGHTHOUSE_PAGES"
    for i in "${!pages[@]}"; do
        case "${pages[$i]}" in
            release) pages[$i]="$release" ;; penalty) pages[$i]="$penalty" ;; warning) pages[$i]="$warning" ;; enterprise) pages[$i]="$enterprise" ;;
        esac
    done
fi
twin() { [[ "$1" == / ]] && echo /en/ || echo "/en$1"; }
# Each page once before measuring: the server renders a page once per data version, as it would have for earlier
# visitors of a live site; Lighthouse should measure the page, not its first render after start.
for path in "${pages[@]}"; do get "$path" >/dev/null; get "$(twin "$path")" >/dev/null; done
# The same for the yearly archives /data lists: they are built once per data version, in the background after start
# (minutes on the demo data); until then /data waits up to 10 s for them and answers "no-store". A live site is in
# the built state but for those minutes after an import, so wait for it (up to 15 minutes).
if [[ " ${pages[*]} " == *" /data "* ]]; then
    for _ in $(seq 90); do
        curl -s -D - -o /dev/null "$base/data" | grep -qi '^cache-control:.*max-age' && break
        echo "waiting for the yearly archives (/data)…" >&2
    done
fi

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# One Lighthouse run: prints "performance accessibility best-practices seo LCP-ms TBT-ms HTML+CSS+JS-bytes", and the
# weighted audits that fail in the last three categories to $tmp/details.
score() {
    local url="$1" out="$tmp/report.json"
    "$lighthouse" "$url" --quiet --output=json --output-path="$out" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>"$tmp/lh.err" \
        || { echo "lighthouse failed on $url:" >&2; tail -5 "$tmp/lh.err" >&2; return 1; }
    node -e '
        const r = require(process.argv[1]);
        const c = r.categories, m = r.audits;
        const sent = m["network-requests"].details.items
            .filter(i => ["Document", "Stylesheet", "Script"].includes(i.resourceType))
            .reduce((sum, i) => sum + (i.transferSize || 0), 0);
        console.log([...["performance", "accessibility", "best-practices", "seo"].map(k => c[k].score.toFixed(2)),
            Math.round(m["largest-contentful-paint"].numericValue), Math.round(m["total-blocking-time"].numericValue), sent].join(" "));
        for (const k of ["accessibility", "best-practices", "seo"]) {
            for (const ref of c[k].auditRefs) {
                const a = m[ref.id];
                if (ref.weight > 0 && a.score !== null && a.score < 1) console.error("    " + k + ": " + a.id + " (" + a.title + ")");
            }
        }
    ' "$out" 2>>"$tmp/details"
}

chromium="$(basename "$CHROME_PATH") $("$CHROME_PATH" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
below=0
failed=0
for path in "${pages[@]}"; do
    for url in "$path" "$(twin "$path")"; do
        : > "$tmp/details"
        : > "$tmp/scores"
        for _ in $(seq "$runs"); do score "$base$url" >> "$tmp/scores" || failed=$((failed + 1)); done
        read -r p a b s lcp tbt sent <<<"$(for i in 1 2 3 4 5 6 7; do cut -d' ' -f$i "$tmp/scores" | median; done | tr '\n' ' ')"
        kb="$([[ "$sent" == - ]] && echo - || awk -v b="$sent" 'BEGIN { printf "%.1f", b / 1024 }')"
        lcp_s="$([[ "$lcp" == - ]] && echo - || awk -v m="$lcp" 'BEGIN { printf "%.2f", m / 1000 }')"
        tbt_ms="$([[ "$tbt" == - ]] && echo - || printf '%.0f' "$tbt")"
        row="$(printf '| %-44s | %4s | %4s | %4s | %4s | %5s | %4s | %5s |' "\`$url\`" "$p" "$a" "$b" "$s" "$lcp_s" "$tbt_ms" "$kb")"
        rows+=("$row")
        echo "$row" >&2
        sort -u "$tmp/details" >&2
        if [[ "$p" == - ]] || awk -v p="$p" -v a="$a" -v b="$b" -v s="$s" 'BEGIN { exit !(p < 0.95 || a < 1 || b < 1 || s < 1) }'; then
            below=$((below + 1))
        fi
    done
done

echo "Lighthouse $("$lighthouse" --version) (mobile defaults: simulated slow 4G, 4× CPU slowdown), $chromium; median of $runs run(s) a page;"
echo "$started, $(nproc) cores, load average $load_before at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end."
echo
echo "| page | perf | a11y | best | SEO | LCP s | TBT ms | HTML+CSS+JS KB |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "pages below the targets (performance >= 0.95, accessibility, best practices and SEO 1.00): $below of ${#rows[@]}"
if (( failed > 0 )); then echo "Lighthouse failed $failed time(s)" >&2; exit 2; fi
(( below == 0 ))
