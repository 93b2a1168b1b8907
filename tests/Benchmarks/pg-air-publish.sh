#!/usr/bin/env bash
# The cost of publishing air quality on PostgreSQL: the real CNEMC 2019 H1 file (shared data) imported through the
# ported importer into a fresh SQLite store and a fresh PostgreSQL database (the test fixture's server), engines
# alternating, RUNS times each after one warm-up; medians of the publish and of the query computing every station-hour's
# record bytes, and the ratio PostgreSQL/SQLite (AirQualityPublishCost). Prints the machine's load before and after.
# Usage: tests/Benchmarks/pg-air-publish.sh [runs]  (default 3). Needs dotnet and Debian's postgresql.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

echo "load before: $(uptime)"
MEASURE_AIR_PUBLISH="$runs" MEASURE_AIR_PUBLISH_OUT="$out" \
    dotnet test "$root/tests/Public.Web.Tests" -c Release --filter "FullyQualifiedName~AirQualityPublishCost" >"$out.log" 2>&1 \
    || { cat "$out.log" >&2; rm -f "$out.log"; exit 1; }
rm -f "$out.log"
echo "load after:  $(uptime)"
echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo '+dirty')  $(nproc) cores  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
cat "$out"
