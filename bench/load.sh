#!/usr/bin/env bash
# A bounded mixed load on a release server with 100,000 places (issue #20): the nearest query,
# the search page, a coverage report and /healthz, all at once, each from its own curl with a
# few parallel connections. Prints each route's p50/p99 latency and its status counts (503s,
# which the heavy routes answer beyond their queue, are counted, not failures) and the
# server's RSS before and after. Fails on connection errors and on other 5xx.
#
# Usage: bench/load.sh
# Environment:
#   BENCH_REV=REV   build a clean snapshot of REV instead of the working tree (bench/lib.sh)
#   SCALE=1         multiplies every route's request count
# Needs only curl (its --parallel mode) and python3. Output: the summary under
# target/bench/results/.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCALE="${SCALE:-1}"
# route name, path (nearest: one query point after another), requests, parallel connections.
ROUTES=(
    "nearest|nearest|$((4000 * SCALE))|16"
    "search-page|/?q=Brest|$((200 * SCALE))|8"
    "coverage|/api/v1/territories/29019/coverage|$((40 * SCALE))|4"
    "healthz|/healthz|$((2000 * SCALE))|4"
)

need curl
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"
SUMMARY="$RESULTS/load-$STAMP.md"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/aiguillage-load.XXXXXX")"
trap 'stop_background_server; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

prepare_source
build_binary
DATA="$BENCH_DIR/data"
make_data "$DATA"
DB="$WORK/places.db"
log "importing $PLACES places into a fresh database"
"$BIN" --db "$DB" import "$DATA/places.csv" | tail -n 1
serve_background "$BIN" "$DB" --no-demo

# ms_of MICROSECONDS: the same in milliseconds.
ms_of() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
# rss_mb: the server's VmRSS in MB.
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
RSS_BEFORE="$(rss_mb)"

# One curl config per route: every request's URL, written to /dev/null.
for spec in "${ROUTES[@]}"; do
    IFS='|' read -r name path count _ <<<"$spec"
    if [[ "$path" == nearest ]]; then
        head -n "$count" "$DATA/points.csv" | awk -F, -v base="$SERVER_URL" \
            '{ printf "url = \"%s/api/v1/places/nearest?lat=%s&lon=%s\"\noutput = \"/dev/null\"\n", base, $1, $2 }'
    else
        for ((i = 0; i < count; i++)); do
            printf 'url = "%s%s"\noutput = "/dev/null"\n' "$SERVER_URL" "$path"
        done
    fi >"$WORK/$name.curl"
done

log "load: ${ROUTES[*]} (name|path|requests|connections), all routes at once"
START="$EPOCHREALTIME"
pids=()
for spec in "${ROUTES[@]}"; do
    IFS='|' read -r name _ _ connections <<<"$spec"
    # A failed request is a 000 line, counted below: curl's own exit status is not the verdict.
    curl --silent --parallel --parallel-max "$connections" --max-time 60 --config "$WORK/$name.curl" \
        --write-out '%{http_code} %{time_total}\n' >"$WORK/$name.times" 2>/dev/null &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
WALL_MS=$(($(elapsed_us "$START") / 1000))
RSS_AFTER="$(rss_mb)"

FAILED=0
{
    echo "## Mixed load — $STAMP"
    echo
    machine_info
    echo "- data: $PLACES population-like places (seed $PLACES_SEED); release server, every route loaded at once by its own curl --parallel; wall time $WALL_MS ms"
    echo
    echo "| route | path | requests | connections | p50 ms | p99 ms | max ms | 2xx | 503 | other |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for spec in "${ROUTES[@]}"; do
        IFS='|' read -r name path count connections <<<"$spec"
        times="$WORK/$name.times"
        read -r _ _ p50 _ p99 max < <(awk '{ print $2 * 1e6 }' "$times" | stats_us)
        ok="$(awk '$1 ~ /^2/' "$times" | wc -l)"
        busy="$(awk '$1 == 503' "$times" | wc -l)"
        other=$(($(wc -l <"$times") - ok - busy))
        if awk '$1 !~ /^(2|4)/ && $1 != 503' "$times" | grep -q .; then FAILED=1; fi
        if [[ "$path" == nearest ]]; then path="/api/v1/places/nearest?lat=…&lon=…"; fi
        printf '| %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$path" "$count" \
            "$connections" "$(ms_of "$p50")" "$(ms_of "$p99")" "$(ms_of "$max")" "$ok" "$busy" "$other"
    done
    echo
    echo "Server VmRSS: $RSS_BEFORE MB before the load, $RSS_AFTER MB after."
} >"$SUMMARY"
cat "$SUMMARY"
log "summary: $SUMMARY"
if ((FAILED)); then
    die "some requests failed (connection errors or 5xx other than 503): see the 'other' column"
fi
