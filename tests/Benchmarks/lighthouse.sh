#!/usr/bin/env bash
# Lighthouse scores of every page type of the site, both languages, against the Release server with demo data.
#   1. installs the pinned Lighthouse (tests/Benchmarks/node/package.json + lock: lighthouse 12.2.3) with `npm ci`
#      into tests/Benchmarks/node/node_modules (gitignored) when missing;
#   2. builds Release and starts the server on a free loopback port over a demo database (seeded on first use into
#      $LIGHTHOUSE_DB, default a temporary file, which takes about a minute);
#   3. runs Lighthouse with its defaults — mobile form factor, simulated slow 4G and 4× CPU slowdown — on each page
#      (Debian's Chromium: CHROME_PATH, default /usr/bin/chromium) and prints the four category scores per page.
# Usage: tests/Benchmarks/lighthouse.sh [runs]   (default 1; with more runs each score is the median).
# Targets (issue 13): performance >= 0.95, accessibility 1.0, best practices 1.0, SEO 1.0 on every page type.
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

# One page of every type (the first item each list links to).
first() { curl -fs "$base$1" | grep -o "href=\"$2/[^\"/?#]*\"" | head -1 | sed 's/^href="//; s/"$//'; }
year="$(curl -fs "$base/" | grep -o 'href="/air/[0-9]*"' | head -1 | grep -o '[0-9]*')"
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
# Each page once before measuring: the server renders a page once per data version, as it would have for earlier
# visitors of a live site; Lighthouse should measure the page, not its first render after start.
for path in "${pages[@]}"; do curl -fs -o /dev/null "$base$path"; curl -fs -o /dev/null "$base$([[ "$path" == / ]] && echo /en/ || echo "/en$path")"; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
score() {
    local url="$1" out="$tmp/report.json"
    "$lighthouse" "$url" --quiet --output=json --output-path="$out" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>"$tmp/lh.err" \
        || { echo "lighthouse failed on $url:" >&2; tail -5 "$tmp/lh.err" >&2; echo "- - - -"; return; }
    node -e '
        const r = require(process.argv[1]);
        const c = r.categories;
        console.log(["performance", "accessibility", "best-practices", "seo"].map(k => c[k].score.toFixed(2)).join(" "));
        for (const k of ["accessibility", "best-practices", "seo"]) {
            for (const ref of c[k].auditRefs) {
                const a = r.audits[ref.id];
                if (ref.weight > 0 && a.score !== null && a.score < 1) console.error("    " + k + ": " + a.id + " (" + a.title + ")");
            }
        }
        const m = r.audits;
        console.error("    LCP " + Math.round(m["largest-contentful-paint"].numericValue) + " ms, TBT " + Math.round(m["total-blocking-time"].numericValue) +
            " ms, CLS " + m["cumulative-layout-shift"].numericValue.toFixed(3) + ", transfer " + Math.round(m["total-byte-weight"].numericValue / 1024) + " KB");
    ' "$out" 2>>"$tmp/details"
}

echo "Lighthouse $("$lighthouse" --version) (mobile defaults), $(basename "$CHROME_PATH") $("$CHROME_PATH" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1), $runs run(s) a page; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-46s %5s %5s %5s %5s\n' page perf a11y best seo
below=0
for path in "${pages[@]}"; do
    for url in "$path" "$([[ "$path" == / ]] && echo /en/ || echo "/en$path")"; do
        : > "$tmp/details"
        : > "$tmp/scores"
        for _ in $(seq "$runs"); do score "$base$url" >> "$tmp/scores"; done
        read -r p a b s <<<"$(for i in 1 2 3 4; do cut -d' ' -f$i "$tmp/scores" | grep -v -- - | median; done | tr '\n' ' ')"
        printf '%-46s %5s %5s %5s %5s\n' "$url" "$p" "$a" "$b" "$s"
        sort -u "$tmp/details" | grep -v '^    LCP' || true
        grep '^    LCP' "$tmp/details" | tail -1 || true
        awk -v p="$p" -v a="$a" -v b="$b" -v s="$s" 'BEGIN { exit !(p < 0.95 || a < 1 || b < 1 || s < 1) }' && below=$((below + 1))
    done
done
echo "pages below the targets (perf >= 0.95, a11y/best/SEO = 1.00): $below"
