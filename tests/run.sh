#!/usr/bin/env bash
# Build once (Release) and run every test project of Public.sln, then the REST, GraphQL, importer and query tests of
# Public.Web.Tests a second time on PostgreSQL (the classes with [Trait("Engines", "both")], TEST_STORE=postgres,
# results in Public.Web.Tests.postgres.trx); ends with one line
#   tests: N passed, N failed, N skipped
# summed over all the .trx files (TestResults/), both passes. Exits non-zero when a test failed, a project
# could not be run, or no test ran at all. Extra arguments go to every `dotnet test` (e.g. --filter X; the
# PostgreSQL pass applies it together with its own filter).
# On a fresh Debian machine it first installs what the tests use: redis-server (started by the test
# fixtures on a free port), postgresql (likewise: initdb into a temporary folder), chromium (browser tests), sqlite3, fonts-noto-cjk (readable screenshots; optional),
# nodejs/npm and the pinned npm tools of tests/tools (contract tests: OpenAPI lint, generated TypeScript client).
# REQUIRE_SHARED_DATA and SHARED_DATA_DIR
# are read by the tests from the environment, as given.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# --- machine set-up --------------------------------------------------------------------------------
# command name -> Debian package. node/npm run the contract tests' npm tools (OpenAPI lint, typed client generation);
# the image has Node 20 (with npm), a machine without node gets Debian's nodejs/npm. Redocly CLI needs Node >= 20.19.
declare -A packages=([redis-server]=redis-server [chromium]=chromium [sqlite3]=sqlite3 [node]=nodejs [npm]=npm)
missing=()
for tool in redis-server chromium sqlite3 node npm; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("${packages[$tool]}")
done
# PostgreSQL (the Postgres tests' throwaway servers): Debian keeps initdb/pg_ctl off PATH, in pg_config --bindir.
pg_bin="$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"
[[ -x "$pg_bin/initdb" && -x "$pg_bin/pg_ctl" ]] || missing+=(postgresql)
if ((${#missing[@]} > 0)); then
    if [[ "$(id -u)" == 0 ]]; then
        echo "installing ${missing[*]}..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        echo "tests/run.sh: missing ${missing[*]}; install them as root with:" >&2
        echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    echo "tests/run.sh: node $(node --version) is older than 20.19; the contract tests' Redocly lint will fail" >&2
fi
# Reinstalled when the lock file changed since the last install (a copy of it is kept in node_modules).
if ! cmp -s tests/tools/package-lock.json tests/tools/node_modules/.installed-lock.json; then
    echo "installing the contract tests' npm tools (tests/tools, npm ci)..."
    # A failed install does not stop the run: the contract tests then fail saying what is missing.
    if ! (cd tests/tools && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock.json); then
        echo "tests/run.sh: npm ci in tests/tools failed; the contract tests will fail" >&2
    fi
fi
# A CJK font, so the browser tests' screenshots show Chinese text instead of boxes. Not needed for a test to pass:
# without root (or apt) it is a warning, never a failure.
if ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "installing fonts-noto-cjk (screenshots)..."
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk; } \
            || echo "tests/run.sh: could not install fonts-noto-cjk; screenshots will show CJK text as boxes" >&2
    else
        echo "tests/run.sh: fonts-noto-cjk missing (screenshots will show CJK text as boxes); as root: apt-get install fonts-noto-cjk" >&2
    fi
fi
if ! command -v dotnet >/dev/null 2>&1; then
    echo "tests/run.sh: dotnet not found (the SDK named in global.json is needed)" >&2
    exit 1
fi

# --- build -----------------------------------------------------------------------------------------
started=$SECONDS
if ! dotnet build Public.sln -c Release -nologo; then
    echo "tests/run.sh: build failed" >&2
    echo "tests: 0 passed, 0 failed"
    exit 1
fi
build_seconds=$((SECONDS - started))

# --- test environment --------------------------------------------------------------------------------
# The tests' temporary folders (every app's SQLite store and its copies of the prepared templates, the throwaway
# PostgreSQL server's data folder, exported sites, browser profiles) on a RAM-backed file system when there is one:
# the tests write, copy and delete gigabytes of files that nothing needs after the run, and on the disk each fsync
# and each deletion waits for it. Removed when this script ends, whatever happened. TMPDIR set by the caller wins.
# The run uses about 1.4 GB there at its peak: with less than 4 GiB free (a container's 64 MB /dev/shm) the disk is used.
shm_free_kb="$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 {print $4}' || true)"
if [[ -z "${TMPDIR:-}" && -d /dev/shm && -w /dev/shm && "${shm_free_kb:-0}" -ge $((4 * 1024 * 1024)) ]]; then
    shm_dir="$(mktemp -d /dev/shm/public-tests-XXXXXX)"
    # Others than root use it too: the PostgreSQL server runs as the postgres user.
    chmod 1777 "$shm_dir"
    export TMPDIR="$shm_dir"
    trap 'rm -rf "$shm_dir"' EXIT
fi
# The .NET runtime of the test processes and of the app processes they start (the CLI verbs, export-site): no dynamic
# PGO (the tiered JIT's instrumented tier and its recompilations; a test process runs most of its code a few times,
# so the instrumentation is not paid back) and the workstation GC for the app processes (the app asks for the server
# GC, a heap and GC thread per core, which a short CLI run on 2 shared cores does not pay back). Measured on a subset of
# 403 tests (the Plan, Warnings, Penalties, GraphQL, Ingest, Cli and Enterprises classes): 209 -> 199 s of CPU with the
# workstation GC, -> 155 s with dynamic PGO off too (content/docs/postgres.md, "How the test run is kept fast").
# A value set by the caller wins.
export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}"
export DOTNET_gcServer="${DOTNET_gcServer:-0}"

# --- test ------------------------------------------------------------------------------------------
results="$root/TestResults"
mkdir -p "$results"

# Test projects: the solution's projects that reference the test SDK (Public.Benchmarks is a console app).
mapfile -t projects < <(dotnet sln Public.sln list | grep -E '\.csproj$' | tr '\\' '/' \
    | while read -r p; do grep -q 'Microsoft.NET.Test.Sdk' "$p" && echo "$p"; done)
if ((${#projects[@]} == 0)); then
    echo "tests/run.sh: no test project found in Public.sln" >&2
    echo "tests: 0 passed, 0 failed"
    exit 1
fi

# counter NAME FILE: the value of one attribute of the trx <Counters> element (0 when absent).
counter() {
    grep -o '<Counters [^>]*>' "$2" | head -1 | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0
}

# minutes SECONDS: "12 min 5 s".
minutes() {
    echo "$(($1 / 60)) min $(($1 % 60)) s"
}

passed=0 failed=0 skipped=0 executed=0 broken=()
summary=()
# run_tests LABEL PROJECT [dotnet test arguments...]: one dotnet test into TestResults/LABEL.trx; its exit code and
# wall time go to TestResults/LABEL.status, so that it can run in the background; tally LABEL adds it to the totals.
# The environment of the call (TEST_STORE) is the caller's.
run_tests() {
    local name="$1" project="$2"
    shift 2
    local rc=0 started=$SECONDS
    rm -f "$results/$name.trx" "$results/$name.status"
    dotnet test "$project" --no-build -c Release --results-directory "$results" \
        --logger "trx;LogFileName=$name.trx" "$@" || rc=$?
    echo "$rc $((SECONDS - started))" > "$results/$name.status"
}

# tally LABEL: the counters of TestResults/LABEL.trx added to the totals and one line to the per-project summary.
tally() {
    local name="$1" trx="$results/$1.trx" rc=1 took=0
    [[ -f "$results/$name.status" ]] && read -r rc took < "$results/$name.status"
    if [[ ! -f "$trx" ]]; then
        broken+=("$name (exit $rc, no results)")
        summary+=("  $name - did not run (exit $rc), $(minutes "$took")")
        return
    fi
    local p f e s
    p=$(counter passed "$trx")
    # error, timeout and aborted are failures too. VSTest counts a skipped test in total but not in
    # executed (its notExecuted counter stays 0), so skipped = total - executed.
    f=$(( $(counter failed "$trx") + $(counter error "$trx") + $(counter timeout "$trx") + $(counter aborted "$trx") ))
    e=$(counter executed "$trx")
    s=$(( $(counter total "$trx") - e ))
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s)) executed=$((executed + e))
    summary+=("  $name - passed $p, failed $f, skipped $s, $(minutes "$took")")
    # A non-zero exit with no failed test means the run itself broke (crash, abort, bad argument).
    if ((rc != 0 && f == 0)); then
        broken+=("$name (exit $rc)")
    fi
}

# The second engine: the test classes marked [Trait("Engines", "both")] (TestStore.EnginesTrait: the REST, GraphQL,
# importer and query tests through the app) once more with TEST_STORE=postgres, each app on a database of one
# throwaway PostgreSQL server. The store tests (StoreEngines theories) already ran both engines in the SQLite pass.
# A --filter given to this script narrows this pass too (both filters apply).
web=tests/Public.Web.Tests/Public.Web.Tests.csproj
pg_filter="Engines=both"
pg_args=()
args=("$@")
while (($# > 0)); do
    case "$1" in
        --filter) pg_filter="($pg_filter)&(${2-})"; shift; (($# > 0)) && shift ;;
        --filter=*) pg_filter="($pg_filter)&(${1#--filter=})"; shift ;;
        *) pg_args+=("$1"); shift ;;
    esac
done
pg_name=Public.Web.Tests.postgres

# The PostgreSQL pass runs beside the SQLite pass, not after it: each pass alone leaves part of the 2 cores idle
# (tests waiting for an app, a server or a browser, and each pass's last classes running alone), and the run took
# 16 min 15 s with 1.62 of 2 cores busy. The two passes share nothing but the machine: each test process starts its
# own PostgreSQL and Redis servers on free ports and makes its own temporary folders. The PostgreSQL pass's console
# output is kept in TestResults/Public.Web.Tests.postgres.log and printed when it has ended.
# SEQUENTIAL_PASSES=1 runs them one after the other as before (e.g. to time each pass alone).
pg_pid=""
if [[ "${SEQUENTIAL_PASSES:-0}" != 1 ]]; then
    TEST_STORE=postgres run_tests "$pg_name" "$web" --filter "$pg_filter" "${pg_args[@]}" > "$results/$pg_name.log" 2>&1 &
    pg_pid=$!
    # Ended with run.sh: a killed run leaves no test process behind (its dotnet test, then the subshell).
    trap 'pkill -TERM -P "$pg_pid" 2>/dev/null; kill "$pg_pid" 2>/dev/null; [[ -z "${shm_dir:-}" ]] || rm -rf "$shm_dir"' EXIT
fi

for project in "${projects[@]}"; do
    run_tests "$(basename "$project" .csproj)" "$project" "${args[@]}"
    tally "$(basename "$project" .csproj)"
done

if [[ -n "$pg_pid" ]]; then
    wait "$pg_pid" || true
    trap '[[ -z "${shm_dir:-}" ]] || rm -rf "$shm_dir"' EXIT
    echo
    echo "--- $pg_name (TEST_STORE=postgres, run beside the SQLite pass) ---"
    cat "$results/$pg_name.log"
else
    TEST_STORE=postgres run_tests "$pg_name" "$web" --filter "$pg_filter" "${pg_args[@]}"
fi
tally "$pg_name"

echo
echo "build: $(minutes "$build_seconds"); whole run: $(minutes "$SECONDS")"
echo "per project (results in ${results#"$root"/}/):"
printf '%s\n' "${summary[@]}"
status=0
if ((${#broken[@]} > 0)); then
    echo "tests/run.sh: did not run cleanly: ${broken[*]}" >&2
    status=1
fi
if ((executed == 0)); then
    echo "tests/run.sh: no test was executed" >&2
    status=1
fi
if ((failed > 0)); then
    status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
