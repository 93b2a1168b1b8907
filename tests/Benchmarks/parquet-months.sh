#!/usr/bin/env bash
# The yearly Parquet archive of a dataset built month by month, at national scale: a synthetic year of hourly rows of
# STATIONS stations with the station-hours archive's columns, encoded whole by Parquet.Net (what the archives did after
# every new day) against the month that changed encoded alone and joined with the eleven kept (what they do now); the
# two files are checked equal byte for byte. It runs the test that does this
# (ParquetRowGroupTests.AfterOneChangedMonthOfANationalYear…) at that scale and prints the times it measured.
# Usage: tests/Benchmarks/parquet-months.sh [stations]   (default 500: 4.4 million rows, about 4 GB of memory)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
stations="${1:-500}"
out="$(mktemp)"
trap 'rm -f "$out" "$out.log"' EXIT
echo "parquet-months.sh: $stations stations; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
PARQUET_BENCH_STATIONS="$stations" PARQUET_BENCH_OUT="$out" dotnet test "$root/tests/Public.Web.Tests" -c Release -nologo \
    --filter "FullyQualifiedName~ParquetRowGroupTests.AfterOneChangedMonthOfANationalYear" >"$out.log" 2>&1 \
    || { tail -n 30 "$out.log" >&2; echo "parquet-months.sh: the test failed (above)" >&2; exit 1; }
cat "$out"
