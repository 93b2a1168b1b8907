#!/usr/bin/env bash
# The issue's benchmark: export time for 1,000 press releases against Hugo (Debian package `hugo`) building the same
# 1,000 Markdown files, in the same run. Prints the medians of RUNS repetitions and the ratio ours / Hugo.
#   * the 1,000 files are generated into a temp folder with our front matter (title, titleEn, date, slug, tags,
#     summary, summaryEn) and a Chinese and an English body (about 1.5 KB of Markdown: headings, lists, a table, links);
#   * ours A: `export-site --press-only --press DIR` over an empty database: the press pages in both languages
#     (1,000 × 2 releases, list pages, tag pages, 2 Atom feeds) — the same job as Hugo's;
#   * ours B: the whole site with those releases (`--press DIR --no-hourly` over the demo database), for scale;
#   * Hugo: a minimal theme-less site written by this script (single, list with paging, tag pages, RSS).
# Both are timed as whole commands (process start included), wall clock and CPU (user + sys, the fairer figure on a
# shared machine). Needs: apt-get install -y hugo bc (and GNU time at /usr/bin/time).
# Usage: tests/Benchmarks/hugo.sh [runs] [count]   (defaults 5, 1000)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-5}"
count="${2:-1000}"
[[ -x /usr/bin/time ]] || { echo "hugo.sh: GNU time not found (apt-get install -y time)" >&2; exit 1; }
for tool in hugo bc dotnet; do
    command -v "$tool" >/dev/null || { echo "hugo.sh: '$tool' not found (apt-get install -y hugo bc)" >&2; exit 1; }
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

source "$here/export-app.sh"
echo "app: $app_build"

# ---- 1,000 releases with our front matter (the same files export-ratios.sh exports) ----
press="$tmp/press"
"$here/press-releases.sh" "$press" "$count"

# ---- a minimal Hugo site over the same files ----
site="$tmp/hugo"
mkdir -p "$site/content" "$site/layouts/_default" "$site/layouts/partials"
ln -s "$press" "$site/content/press"
cat > "$site/config.toml" <<'TOML'
baseURL = "http://localhost:8000/"
languageCode = "zh-CN"
title = "锦州蓝天公开数据"
disableKinds = ["sitemap"]
paginate = 20
[taxonomies]
tag = "tags"
[markup.goldmark.renderer]
unsafe = false
TOML
cat > "$site/layouts/partials/head.html" <<'HTML'
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title><meta name="description" content="{{ .Params.summary }}"><link rel="stylesheet" href="/css/site.css"></head><body>
HTML
cat > "$site/layouts/_default/single.html" <<'HTML'
{{ partial "head.html" . }}<main><h1>{{ .Title }}</h1><p><time>{{ .Date.Format "2006-01-02" }}</time> {{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>{{ .Content }}</main></body></html>
HTML
cat > "$site/layouts/_default/list.html" <<'HTML'
{{ partial "head.html" . }}<main><h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} — {{ .Params.summary }}</li>{{ end }}</ul>{{ template "_internal/pagination.html" . }}</main></body></html>
HTML
cp "$site/layouts/_default/list.html" "$site/layouts/index.html"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Wall clock and CPU time (user + sys) of a whole command; the output folder is removed before, outside the timing.
timed() {
    local out="$1"; shift
    rm -rf "$out"
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null
    awk '{printf "%s %s\n", $1, $2 + $3}' "$tmp/time"
}

echo "seeding the demo database for the whole-site export (not timed)…" >&2
dotnet "$app" export-site "$tmp/seed" --db "$tmp/demo.db" --no-hourly >/dev/null

: > "$tmp/press.t"; : > "$tmp/full.t"; : > "$tmp/hugo.t"
for i in $(seq "$runs"); do
    timed "$tmp/out-press" dotnet "$app" export-site "$tmp/out-press" --db "$tmp/empty.db" --no-demo --press "$press" --press-only >> "$tmp/press.t"
    timed "$tmp/out-hugo" hugo --quiet -s "$site" -d "$tmp/out-hugo" >> "$tmp/hugo.t"
    timed "$tmp/out-full" dotnet "$app" export-site "$tmp/out-full" --db "$tmp/demo.db" --no-demo --press "$press" --no-hourly >> "$tmp/full.t"
done

hugo_pages=$(find "$tmp/out-hugo" -name '*.html' | wc -l)
# The reports are of full exports too: into the last run's folder, export-site would carry every page over unrendered.
rm -rf "$tmp/out-press" "$tmp/out-full"
press_report="$(dotnet "$app" export-site "$tmp/out-press" --db "$tmp/empty.db" --no-demo --press "$press" --press-only --force)"
full_report="$(dotnet "$app" export-site "$tmp/out-full" --db "$tmp/demo.db" --no-demo --press "$press" --no-hourly --force)"
pages() { grep -o 'pages (HTML): [0-9]*' <<<"$1" | grep -o '[0-9]*$'; }
wall() { cut -d' ' -f1 "$1" | median; }
cpu() { cut -d' ' -f2 "$1" | median; }
hh="$(wall "$tmp/hugo.t")"; hc="$(cpu "$tmp/hugo.t")"
line() {
    local label="$1" file="$2" pages="$3" w c
    w="$(wall "$file")"; c="$(cpu "$file")"
    printf '%-42s wall %6.2f s (%5.2f× Hugo)  CPU %6.2f s (%5.2f× Hugo)  %5s HTML pages, %5.2f ms CPU a page\n' \
        "$label" "$w" "$(echo "$w / $hh" | bc -l)" "$c" "$(echo "$c / $hc" | bc -l)" "$pages" "$(echo "$c * 1000 / $pages" | bc -l)"
}
echo "$count press releases, median of $runs runs of the whole command (process start included); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(hugo version | cut -d' ' -f1-2)"
line "ours, press pages only (zh + en)" "$tmp/press.t" "$(pages "$press_report")"
line "ours, whole site with them (--no-hourly)" "$tmp/full.t" "$(pages "$full_report")"
printf '%-42s wall %6.2f s                CPU %6.2f s                %5s HTML pages, %5.2f ms CPU a page\n' "Hugo (one language, minimal layout)" "$hh" "$hc" "$hugo_pages" "$(echo "$hc * 1000 / $hugo_pages" | bc -l)"
echo "ours, press only, where the time went (last run):"
grep -E 'elapsed|time:' <<<"$press_report"
