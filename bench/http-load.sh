#!/usr/bin/env bash
# HTTP load test of `aiguillage serve` (issue #4, part b).
#
# Same data as the criterion proximity bench: its 100,000 population-like places
# (`aiguillage generate --spread population`), imported into a fresh SQLite database. Then:
#
#   1. start-up: `aiguillage serve --no-demo` is started STARTS times; for each start, the time
#      from spawn to the `listening on` line and to the first 200 from /healthz, and VmRSS /
#      VmHWM of the process once ready;
#   2. load: wrk -t2 -c200 --latency on /api/v1/places/nearest cycling through 10,000 query
#      points of the bench's distribution (the first 1,000 are the criterion bench's), without
#      and with a service filter, then /healthz for comparison; req/s, p50/p90/p99 latency,
#      non-2xx responses and socket errors; server CPU and memory after the load;
#   3. with PERF=1, a `perf record` CPU profile of the server during an extra filtered run.
#
# Usage: bench/http-load.sh
# Environment:
#   BENCH_REV=REV      build a clean snapshot of REV (e.g. HEAD) instead of the working tree
#   DURATION=15s       duration of each measured wrk run
#   CONNECTIONS=200    wrk connections; THREADS=2 wrk threads
#   STARTS=3           start-up measurements
#   PERF=1             also profile the server with perf (perf must be installed)
#   SERVER_CPUS=0      pin the server to these CPUs (taskset -c), e.g. to keep wrk off its cores;
#   WRK_CPUS=1         and wrk to these (by default both float over every core)
# Output: the log and a summary under target/bench/results/.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-200}"
THREADS="${THREADS:-2}"
STARTS="${STARTS:-3}"
PERF="${PERF:-0}"
READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-120}"
SERVER_PIN=()
WRK_PIN=()
if [[ -n "${SERVER_CPUS:-}" ]]; then SERVER_PIN=(taskset -c "$SERVER_CPUS"); fi
if [[ -n "${WRK_CPUS:-}" ]]; then WRK_PIN=(taskset -c "$WRK_CPUS"); fi

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"
LOG="$RESULTS/http-load-$STAMP.log"
SUMMARY="$RESULTS/http-load-$STAMP.md"
exec > >(tee -a "$LOG") 2>&1

WORK="$(mktemp -d "${TMPDIR:-/tmp}/aiguillage-http.XXXXXX")"
SERVER_PID=""
SERVER_FD=""
stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        # Graceful shutdown waits for open connections: give it 10 s, then kill.
        local i
        for ((i = 0; i < 100; i++)); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
    if [[ -n "$SERVER_FD" ]]; then
        exec {SERVER_FD}<&-
        SERVER_FD=""
    fi
}
cleanup() {
    local status=$?
    stop_server
    rm -rf "$WORK"
    if ((status != 0)); then
        echo "http-load: FAILED (exit $status); full log: $LOG" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
log "checking packages"
ensure_packages wrk curl
need wrk curl python3
WRK_VERSION="$(wrk --version 2>&1 | sed -n '1s/^\(wrk [^ ]*\).*/\1/p' || true)"
if ((PERF)); then need perf; fi

prepare_source
build_binary

DATA="$BENCH_DIR/data"
make_data "$DATA"

DB="$WORK/places.db"
log "importing $PLACES places into a fresh database"
t0="$EPOCHREALTIME"
"$BIN" --db "$DB" import "$DATA/places.csv" | tail -n 1
IMPORT_MS=$(($(elapsed_us "$t0") / 1000))
log "import: ${IMPORT_MS} ms"

# start_server_async: spawns the server on a random loopback port (SERVER_PID, START_TIME);
# wait_ready: waits until it is ready, and sets SERVER_URL, READY_MS (spawn → `listening on`
# line) and HEALTHZ_MS (spawn → first 200 from /healthz); start_server: both.
start_server_async() {
    local fifo="$WORK/stdout"
    rm -f "$fifo"
    mkfifo "$fifo"
    START_TIME="$EPOCHREALTIME"
    AIGUILLAGE_LOG="${AIGUILLAGE_LOG:-info}" "${SERVER_PIN[@]}" "$BIN" --db "$DB" serve --bind 127.0.0.1:0 --no-demo \
        >"$fifo" 2>>"$WORK/server.log" &
    SERVER_PID=$!
    exec {SERVER_FD}<"$fifo"
}
wait_ready() {
    local line=""
    if ! IFS= read -r -t "$READY_TIMEOUT_SECONDS" -u "$SERVER_FD" line || [[ "$line" != "listening on "* ]]; then
        tail -n 20 "$WORK/server.log" >&2 || true
        die "the server did not print 'listening on' within ${READY_TIMEOUT_SECONDS}s (got: ${line:-nothing})"
    fi
    READY_MS="$(awk -v us="$(elapsed_us "$START_TIME")" 'BEGIN { printf "%.0f", us / 1000 }')"
    SERVER_URL="${line#listening on }"
    local i
    for ((i = 0; i < 1000; i++)); do
        if curl -fsS -o /dev/null "$SERVER_URL/healthz" 2>/dev/null; then
            break
        fi
        sleep 0.01
    done
    ((i < 1000)) || die "/healthz did not answer 200"
    HEALTHZ_MS="$(awk -v us="$(elapsed_us "$START_TIME")" 'BEGIN { printf "%.0f", us / 1000 }')"
}
start_server() {
    start_server_async
    wait_ready
}

# memory: "VmRSS VmHWM" of the server in MB.
memory() {
    awk '/^VmRSS:/ { rss = $2 } /^VmHWM:/ { hwm = $2 }
         END { printf "%.0f %.0f\n", rss / 1024, hwm / 1024 }' "/proc/$SERVER_PID/status"
}

# ms MICROSECONDS: the same in milliseconds, 2 decimals.
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

# cpu_ticks: user + system clock ticks of the server so far.
cpu_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat"
}

# machine_ticks: "busy total" clock ticks of the whole machine so far (all cores).
machine_ticks() {
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}

# perf_flat DATA: the flat self-time profile of a perf.data file.
perf_flat() {
    perf report -i "$1" --no-children --sort dso,symbol --stdio --percent-limit 0 2>/dev/null |
        grep -v '^#' | sed -E -e 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//' -e 's/[[:space:]]+$//' |
        sed '/^$/d'
}

# ---------------------------------------------------------------------------------------------
# 1. Start-up.
STARTUP_PROFILE=""
if ((PERF)); then
    # An extra start, not timed: perf attaches right after the spawn (missing a few ms).
    log "profiling one start-up (perf record -p, attached after the spawn)"
    start_server_async
    perf record -e cpu-clock -F 999 -p "$SERVER_PID" -o "$WORK/startup.data" >/dev/null 2>&1 &
    perf_pid=$!
    wait_ready
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" || true
    stop_server
    perf_flat "$WORK/startup.data" >"$WORK/startup.txt"
    STARTUP_PROFILE="$(sed -n 1,20p "$WORK/startup.txt" | cut -c 1-160)"
fi
STARTUP_ROWS=""
READY_LIST=()
for ((run = 1; run <= STARTS; run++)); do
    start_server
    read -r RSS_MB HWM_MB < <(memory)
    sleep 2
    read -r RSS_LATER_MB _ < <(memory)
    log "start $run: listening after $READY_MS ms, /healthz 200 after $HEALTHZ_MS ms; VmRSS $RSS_MB MB (2 s later: $RSS_LATER_MB MB), VmHWM $HWM_MB MB"
    STARTUP_ROWS+="| $run | $READY_MS | $HEALTHZ_MS | $RSS_MB | $RSS_LATER_MB | $HWM_MB |"$'\n'
    READY_LIST+=("$READY_MS")
    if ((run < STARTS)); then stop_server; fi
done
grep -E 'indexed|loaded|WARN|ERROR' "$WORK/server.log" >"$WORK/server-notes.txt" || true
tail -n 3 "$WORK/server-notes.txt"
READY_MEDIAN="$(printf '%s\n' "${READY_LIST[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"

# Sanity: one query of each kind answers 10 features.
for query in "lat=48.3904&lon=-4.4861" "lat=48.3904&lon=-4.4861&services=$SERVICE_LABEL_URL"; do
    count="$(curl -fsS "$SERVER_URL/api/v1/places/nearest?$query" |
        python3 -c 'import json, sys; print(len(json.load(sys.stdin)["features"]))')"
    [[ "$count" == 10 ]] || die "/api/v1/places/nearest?$query returned $count features, expected 10"
done
RESPONSE_BYTES="$(curl -fsS -o /dev/null -w '%{size_download}' "$SERVER_URL/api/v1/places/nearest?lat=48.3904&lon=-4.4861")"
RESPONSE_GZIP_BYTES="$(curl -fsS -o /dev/null -H 'Accept-Encoding: gzip' -w '%{size_download}' \
    "$SERVER_URL/api/v1/places/nearest?lat=48.3904&lon=-4.4861")"

# ---------------------------------------------------------------------------------------------
# 2. Load.
# wrk_run NAME DURATION MODE: runs wrk, prints its report, sets R_* from its RESULT line.
wrk_run() {
    local name="$1" duration="$2" mode="$3" out="$WORK/wrk-$1.txt" before after m_before m_after
    before="$(cpu_ticks)"
    m_before="$(machine_ticks)"
    "${WRK_PIN[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$BENCH_SCRIPTS/wrk-nearest.lua" \
        "$SERVER_URL" -- "$mode" "$DATA/points.csv" >"$out" 2>&1 || { cat "$out"; die "wrk failed"; }
    after="$(cpu_ticks)"
    m_after="$(machine_ticks)"
    sed '/^RESULT /d' "$out"
    local result
    result="$(grep '^RESULT ' "$out")" || die "no RESULT line from wrk"
    local key value
    for kv in ${result#RESULT }; do
        key="${kv%%=*}"
        value="${kv#*=}"
        printf -v "R_${key}" '%s' "$value"
    done
    # shellcheck disable=SC2154 # R_* are set just above from the RESULT line
    {
        R_rps="$(awk -v n="$R_requests" -v us="$R_duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')"
        R_errors=$((R_connect + R_read + R_write + R_timeout))
        R_cpu="$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v us="$R_duration_us" \
            'BEGIN { printf "%.0f", 100 * t / hz / (us / 1e6) }')"
        R_busy="$(awk -v b="$m_before" -v a="$m_after" -v n="$(nproc)" 'BEGIN { split(b, x, " "); split(a, y, " ");
            printf "%.0f", n * 100 * (y[1] - x[1]) / (y[2] - x[2]) }')"
        ROW="| $name | $R_rps | $(ms "$R_p50_us") | $(ms "$R_p90_us") | $(ms "$R_p99_us") | $(ms "$R_max_us") | $R_status | $R_errors | $R_cpu % | $R_busy % |"
    }
    log "$name: $R_rps req/s, p50 $(ms "$R_p50_us") ms, p99 $(ms "$R_p99_us") ms, non-2xx $R_status, socket errors $R_errors, server CPU $R_cpu %, machine busy $R_busy %"
}

log "warm-up: 3 s of wrk"
wrk_run warm-up 3s nearest >/dev/null
declare -A ROWS RPS P99 NON2XX ERRS
# static-404: an unknown path answers a small constant JSON 404 without touching the index or
# the database, the ceiling of the HTTP stack itself (/healthz runs a trivial SQLite query).
for spec in "nearest:nearest" "nearest-service:nearest-service" "healthz:path:/healthz" \
    "static-404:path:/bench-static-404"; do
    name="${spec%%:*}"
    mode="${spec#*:}"
    log "wrk $name: -t$THREADS -c$CONNECTIONS -d$DURATION"
    wrk_run "$name" "$DURATION" "$mode"
    ROWS[$name]="$ROW"
    RPS[$name]="$R_rps"
    P99[$name]="$R_p99_us"
    NON2XX[$name]="$R_status"
    ERRS[$name]="$R_errors"
done
read -r RSS_AFTER HWM_AFTER < <(memory)
log "after the load: VmRSS $RSS_AFTER MB, VmHWM $HWM_AFTER MB"

PROFILE=""
PROFILE_TOP=""
if ((PERF)); then
    log "profiling the server (perf record -g, 10 s of nearest-service)"
    perf record -e cpu-clock -F 999 -p "$SERVER_PID" -o "$WORK/perf.data" -- sleep 10 >/dev/null 2>&1 &
    perf_pid=$!
    sleep 0.5
    wrk_run profiled 9s nearest-service >/dev/null
    wait "$perf_pid" || true
    perf_flat "$WORK/perf.data" >"$WORK/perf.txt"
    PROFILE="$(python3 "$BENCH_SCRIPTS/perf-categories.py" <"$WORK/perf.txt")"
    PROFILE_TOP="$(sed -n 1,25p "$WORK/perf.txt" | cut -c 1-160)"
    cp "$WORK/perf.data" "$RESULTS/http-load-$STAMP.perf.data"
fi
stop_server

# ---------------------------------------------------------------------------------------------
# 3. The summary.
pass() { if [[ "$1" == 1 ]]; then echo yes; else echo "**no**"; fi; }
met() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { print ((op == ">=" ? a >= b : a < b) ? 1 : 0) }'; }
{
    echo "## HTTP load — $STAMP"
    echo
    machine_info
    echo "- wrk: $WRK_VERSION, -t$THREADS -c$CONNECTIONS -d$DURATION --latency, on the same machine as the server ($(if [[ -n "${SERVER_CPUS:-}${WRK_CPUS:-}" ]]; then echo "server on CPUs ${SERVER_CPUS:-all}, wrk on CPUs ${WRK_CPUS:-all}"; else echo "they share the cores"; fi))"
    echo "- data: $PLACES population-like places (seed $PLACES_SEED) imported in $IMPORT_MS ms; 10,000 query points (seed $QUERIES_SEED); a nearest-10 response is $RESPONSE_BYTES bytes ($RESPONSE_GZIP_BYTES gzipped; wrk does not ask for gzip)"
    echo
    echo "Start-up of \`aiguillage serve --no-demo\` with $PLACES places (ms from spawn; MB):"
    echo
    echo "| start | to \`listening on\` | to /healthz 200 | VmRSS when ready | VmRSS 2 s later | VmHWM when ready |"
    echo "|---|---|---|---|---|---|"
    printf '%s' "$STARTUP_ROWS"
    echo
    echo "Load (latencies in ms; non-2xx = HTTP errors; socket errors = connect + read + write + timeout; server CPU: 100 % = one core):"
    echo
    echo "| route | req/s | p50 | p90 | p99 | max | non-2xx | socket errors | server CPU | machine busy |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    echo "${ROWS[nearest]}"
    echo "${ROWS[nearest-service]}"
    echo "${ROWS[healthz]}"
    echo "${ROWS[static-404]}"
    echo
    echo "nearest: \`/api/v1/places/nearest?lat=..&lon=..\` (10 features); nearest-service: the same with \`&services=$SERVICE_LABEL\`; healthz: \`/healthz\` (a trivial SQLite query, SELECT 1, per request); static-404: an unknown path, a constant JSON 404 (the HTTP stack's ceiling; its non-2xx are expected). Machine busy: all processes, $(nproc)00 % = every core; the difference with the server's CPU is wrk plus whatever else runs."
    echo
    echo "Memory after the load: VmRSS $RSS_AFTER MB, VmHWM $HWM_AFTER MB."
    echo
    echo "| target (issue #4) | measured | met? |"
    echo "|---|---|---|"
    for name in nearest nearest-service; do
        echo "| $name ≥ 40,000 req/s | ${RPS[$name]} | $(pass "$(met "${RPS[$name]}" 40000 ">=")") |"
        echo "| $name p99 < 20 ms at $CONNECTIONS connections | $(awk -v us="${P99[$name]}" 'BEGIN { printf "%.2f ms", us / 1000 }') | $(pass "$(met "${P99[$name]}" 20000 "<")") |"
        echo "| $name 0 errors | ${NON2XX[$name]} non-2xx, ${ERRS[$name]} socket | $(pass "$(met $((NON2XX[$name] + ERRS[$name])) 1 "<")") |"
    done
    echo "| start-up to ready < 1 s (median of $STARTS) | $READY_MEDIAN ms | $(pass "$(met "$READY_MEDIAN" 1000 "<")") |"
    echo "| RSS < 200 MB (VmRSS when ready, last start) | $RSS_MB MB | $(pass "$(met "$RSS_MB" 200 "<")") |"
    if [[ -n "$PROFILE" ]]; then
        echo
        echo "CPU profile of the server during nearest-service (perf record -e cpu-clock, self time grouped by bench/perf-categories.py):"
        echo
        echo "$PROFILE"
        echo
        echo "Top symbols (self time):"
        echo
        echo '```text'
        echo "$PROFILE_TOP"
        echo '```'
    fi
    if [[ -n "$STARTUP_PROFILE" ]]; then
        echo
        echo "CPU profile of one start-up (perf attached right after the spawn; top symbols, self time):"
        echo
        echo '```text'
        echo "$STARTUP_PROFILE"
        echo '```'
    fi
} >"$SUMMARY"
echo
cat "$SUMMARY"
echo
log "summary: $SUMMARY; full log: $LOG"
