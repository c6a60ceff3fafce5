# Shared helpers of the benchmark scripts in bench/. Source it; don't run it.
# shellcheck shell=bash disable=SC2034 # variables used by the sourcing scripts

# The repository root, resolved from this file's location (no absolute path is hard-coded).
BENCH_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_SCRIPTS/.." && pwd)"
# Generated data, logs and results; `target/` is already ignored by git.
BENCH_DIR="${BENCH_DIR:-$ROOT/target/bench}"

# The data of the criterion proximity bench (crates/aiguillage-bench/benches/nearest.rs).
PLACES="${PLACES:-100000}"
PLACES_SEED="${PLACES_SEED:-42}"
QUERIES_SEED="${QUERIES_SEED:-4242}"
# The service of the filtered variant, as in the criterion bench.
SERVICE_LABEL="Aide aux démarches administratives"
SERVICE_LABEL_URL="Aide%20aux%20d%C3%A9marches%20administratives"

export LC_ALL=C.UTF-8

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root (directly, or with sudo), for apt-get.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "need root to run: $* (install the packages yourself, then re-run)"
    fi
}

# ensure_packages PKG...: installs the Debian packages that are not installed yet.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]})); then
        command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get: install them yourself"
        log "installing ${missing[*]} with apt-get"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    fi
}

need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is required but not installed"
    done
}

# Elapsed microseconds since an $EPOCHREALTIME value (no fork, so no timing noise).
elapsed_us() {
    local start="$1" now="$EPOCHREALTIME"
    echo $((${now/./} - ${start/./}))
}

# prepare_source: sets SRC (the workspace to build), COMMIT and TARGET_DIR.
#
# By default the working tree is built, so uncommitted changes are measured too (COMMIT then says
# so). With BENCH_REV=REV (e.g. HEAD), a clean snapshot of that commit (`git archive`) is built
# under target/bench/src/ with its own target directory: other people's edits in progress don't
# get in.
prepare_source() {
    need git cargo python3
    if [[ -n "${BENCH_REV:-}" ]]; then
        local rev
        rev="$(git -C "$ROOT" rev-parse --short "${BENCH_REV}^{commit}")" || die "unknown revision $BENCH_REV"
        SRC="$BENCH_DIR/src/$rev"
        if [[ ! -f "$SRC/Cargo.toml" ]]; then
            log "exporting a clean snapshot of $rev to $SRC"
            mkdir -p "$SRC.tmp"
            git -C "$ROOT" archive "$rev" | tar -x -C "$SRC.tmp"
            mv "$SRC.tmp" "$SRC"
        fi
        export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$BENCH_DIR/cargo-target}"
        COMMIT="$rev (clean snapshot, BENCH_REV=$BENCH_REV)"
    else
        SRC="$ROOT"
        COMMIT="$(git -C "$ROOT" rev-parse --short HEAD)"
        if [[ -n "$(git -C "$ROOT" status --porcelain -- crates migrations Cargo.toml Cargo.lock)" ]]; then
            COMMIT="$COMMIT + uncommitted changes in the working tree (use BENCH_REV=HEAD for a clean build)"
        fi
    fi
    TARGET_DIR="$(cd "$SRC" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
    BIN="$TARGET_DIR/release/aiguillage"
}

build_binary() {
    log "building the release binary (cargo build --release -p aiguillage)"
    (cd "$SRC" && cargo build --release -p aiguillage >&2)
    [[ -x "$BIN" ]] || die "no binary at $BIN after the build"
}

# machine_info: date, machine and commit, as Markdown-friendly lines.
machine_info() {
    local model mem
    model="$(lscpu 2>/dev/null | awk -F ':[[:space:]]*' '/^Model name:/ && !seen { print $2; seen = 1 }' || true)"
    mem="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- machine: nproc $(nproc), CPU ${model:-unknown}, RAM $mem, kernel $(uname -r)"
    echo "- load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg) (other jobs on the machine skew the numbers)"
    echo "- commit: $COMMIT"
    echo "- rustc: $(cd "$SRC" && rustc --version 2>/dev/null || echo unknown)"
}

# make_data DIR: the data of the criterion proximity bench, from the same generator
# (`aiguillage generate --spread population`, i.e. aiguillage_synthetic::Population):
#   places.csv  the $PLACES places of seed $PLACES_SEED, a standard CSV file (for `aiguillage import`
#               and PostgreSQL COPY);
#   points.csv  10,000 query points of seed $QUERIES_SEED, `lat,lon` lines without a header (for
#               wrk); its first 1,000 are the criterion bench's query points.
make_data() {
    local dir="$1"
    mkdir -p "$dir"
    log "generating $PLACES population-like places (seed $PLACES_SEED) and 10,000 query points (seed $QUERIES_SEED)"
    "$BIN" generate --spread population --rows "$PLACES" --seed "$PLACES_SEED" -o "$dir/places.csv"
    "$BIN" generate --spread population --points --rows 10000 --seed "$QUERIES_SEED" -o "$dir/points.csv"
}

# Median, p99 etc. of numbers on standard input, one per line.
# stats_us: prints "n mean p50 p90 p99 max" (inputs in microseconds).
stats_us() {
    sort -n | awk '
        { v[NR] = $1; sum += $1 }
        function q(p,   i) { i = int(p * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; return v[i] }
        END { if (NR == 0) { print "0 0 0 0 0 0"; exit }
              printf "%d %.1f %.1f %.1f %.1f %.1f\n", NR, sum / NR, q(0.5), q(0.9), q(0.99), v[NR] }'
}

# --- A throwaway PostgreSQL + PostGIS cluster, for the postgis-*.sh comparisons ---------------
# pg_install sets PGBIN; pg_start sets PG_TMP, PG_PORT and PG_STARTED; the caller's EXIT trap
# calls pg_stop. PG_MAJOR must be set.
PG_TMP=""
PG_STARTED=0

# PostgreSQL refuses to run as root: run the server and its clients as `postgres` then.
run_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Installs PostgreSQL $PG_MAJOR and PostGIS with apt-get when missing.
pg_install() {
    log "checking packages"
    ensure_packages "postgresql" "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-postgis-3"
    PGBIN="/usr/lib/postgresql/$PG_MAJOR/bin"
    [[ -x "$PGBIN/postgres" ]] || die "no PostgreSQL $PG_MAJOR server in $PGBIN"
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user to run the server"
    fi
}

# Starts a cluster in a temporary directory, on a free loopback port and its unix socket.
# Durability is irrelevant for a read benchmark and jit only adds compile time to these
# plans; the arguments are more server settings (`-c name=value`), if any.
# shellcheck disable=SC2120
pg_start() {
    PG_TMP="$(mktemp -d -t aiguillage-pg.XXXXXX)"
    chmod 755 "$PG_TMP"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$PG_TMP"; fi
    PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    log "initialising a throwaway cluster in $PG_TMP (port $PG_PORT)"
    run_pg "$PGBIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
    run_pg "$PGBIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "-k $PG_TMP -p $PG_PORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c jit=off -c shared_buffers=256MB $*" start >/dev/null
    PG_STARTED=1
}

# Stops the cluster, if started, and removes its directory.
pg_stop() {
    if ((PG_STARTED)); then
        log "stopping the PostgreSQL cluster"
        run_pg "$PGBIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [[ -n "$PG_TMP" && -d "$PG_TMP" ]]; then
        rm -rf "$PG_TMP"
    fi
}

# psql on the cluster, stopping at the first error.
psql_run() {
    run_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_TMP" -p "$PG_PORT" -U postgres -d postgres "$@"
}

# --- A throw-away server, for schemathesis.sh and load.sh --------------------------------------
# serve_background BIN DB [SERVE ARGS...]: starts `BIN --db DB serve --bind 127.0.0.1:0` and sets
# SERVER_PID and SERVER_URL from the `listening on` line it prints (within READY_TIMEOUT_SECONDS,
# 120 by default); its log goes to DB.log. The caller's EXIT trap calls stop_background_server.
SERVER_PID=""
serve_background() {
    local bin="$1" db="$2" fifo="$2.stdout" line=""
    shift 2
    rm -f "$fifo"
    mkfifo "$fifo"
    AIGUILLAGE_LOG="${AIGUILLAGE_LOG:-warn}" "$bin" --db "$db" serve --bind 127.0.0.1:0 "$@" \
        >"$fifo" 2>>"$db.log" &
    SERVER_PID=$!
    if ! IFS= read -r -t "${READY_TIMEOUT_SECONDS:-120}" line <"$fifo" || [[ "$line" != "listening on "* ]]; then
        tail -n 20 "$db.log" >&2 || true
        die "the server did not print 'listening on' (got: ${line:-nothing})"
    fi
    SERVER_URL="${line#listening on }"
}

# Stops the server of serve_background, if started: graceful first, killed after 10 s.
stop_background_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}
