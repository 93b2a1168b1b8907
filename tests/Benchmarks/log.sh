#!/usr/bin/env bash
# The transparency log's costs: LEAVES record leaves (default 1,000,000, realistic ~230-byte envelopes) appended in
# batches of BATCH (default 20,000) through the seam's tables, each batch in one transaction with its checkpoint
# (stored subtree hashes + Ed25519-signed note) written by the real LogCheckpointWriter, against the same inserts
# without the log; inclusion and consistency proof latency read from the stored tree (2,000 random proofs, µs, p50 and
# p95, in process: what /api/v1/log/proof/* costs before JSON); and the log's size per million leaves, table by table.
# Usage: tests/Benchmarks/log.sh   (LEAVES, BATCH in the environment; needs dotnet and sqlite3; about a minute)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
leaves="${LEAVES:-1000000}"
batch="${BATCH:-20000}"
for tool in dotnet sqlite3; do command -v "$tool" >/dev/null || { echo "log benchmark: '$tool' not found" >&2; exit 1; }; done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

dotnet build "$root/tests/Public.Benchmarks" -c Release -v quiet -nologo >/dev/null
out="$(dotnet "$root/tests/Public.Benchmarks/bin/Release/net10.0/Public.Benchmarks.dll" log "$tmp/log.db" "$leaves" "$batch")"
echo "$out"
with=$(awk '/^append_with_log_s/ {print $2}' <<<"$out")
without=$(awk '/^append_without_log_s/ {print $2}' <<<"$out")
awk -v a="$with" -v b="$without" 'BEGIN { printf "append throughput with the log / without: %.2f\n", b / a }'
sqlite3 "$tmp/log.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
echo "bytes per million leaves, by table (sqlite dbstat):"
sqlite3 "$tmp/log.db" "SELECT name, CAST(SUM(pgsize) * 1000000.0 / $leaves AS INTEGER) FROM dbstat WHERE name LIKE 'log_%' OR name LIKE 'sqlite_autoindex_log_%' GROUP BY name ORDER BY 2 DESC;" | column -t -s '|'
