#!/usr/bin/env bash
# PostGIS KNN side by side with the in-process index (issue #4, part a).
#
# Same data as the criterion bench crates/aiguillage-bench/benches/nearest.rs: its 100,000
# population-like places and its 1,000 query points, written by `aiguillage generate --spread
# population` from the bench's generator. In one run:
#
#   1. a throwaway PostgreSQL + PostGIS cluster in a temp dir (unix socket + a loopback port),
#      table `places(id, geog geography(Point, 4326), services text[])` with a GiST index;
#   2. nearest 10 (`ORDER BY geog <-> point LIMIT 10`) and nearest 10 with a service filter,
#      timed server-side (a plpgsql loop with clock_timestamp(), and EXPLAIN ANALYZE's
#      execution time) and as a client round trip (pgbench, 1 client, prepared statements,
#      unix socket and TCP loopback);
#   3. the in-process criterion bench on the same data;
#   4. a table with the ratios, against the issue's target (in-process >= 50x faster).
#
# Usage: bench/postgis-knn.sh
# Environment:
#   BENCH_REV=REV        build a clean snapshot of REV (e.g. HEAD) instead of the working tree
#   PG_MAJOR=15          PostgreSQL major version (Debian packages postgresql-$PG_MAJOR-postgis-3)
#   PASSES=3             passes over the 1,000 points in the plpgsql loop (the first is warm-up)
#   PGBENCH_SECONDS=10   duration of each pgbench run (4 runs)
#   CRITERION_FILTER     regex of the criterion benches to run (default: the nearest-10 ones)
#   INPROC_NEAREST       criterion id compared with the unfiltered query
#                        (default proximity_100k/nearest10)
#   INPROC_SERVICE       criterion id compared with the filtered query
#                        (default proximity_100k/nearest10_service_filter)
# Output: the log and a summary under target/bench/results/.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_MAJOR="${PG_MAJOR:-15}"
PASSES="${PASSES:-3}"
PGBENCH_SECONDS="${PGBENCH_SECONDS:-10}"
CRITERION_FILTER="${CRITERION_FILTER:-^proximity_100k/nearest10}"
INPROC_NEAREST="${INPROC_NEAREST:-proximity_100k/nearest10}"
INPROC_SERVICE="${INPROC_SERVICE:-proximity_100k/nearest10_service_filter}"
# No SQL statement may run longer than this (every other step is bounded by construction).
export PGOPTIONS="-c statement_timeout=${STATEMENT_TIMEOUT:-300s}"
export PGCLIENTENCODING=UTF8

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"
LOG="$RESULTS/postgis-knn-$STAMP.log"
SUMMARY="$RESULTS/postgis-knn-$STAMP.md"
exec > >(tee -a "$LOG") 2>&1

cleanup() {
    local status=$?
    pg_stop
    if ((status != 0)); then
        echo "postgis-knn: FAILED (exit $status); full log: $LOG" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
pg_install

prepare_source
build_binary
log "building the criterion bench (cargo bench -p aiguillage-bench --bench nearest --no-run)"
(cd "$SRC" && cargo bench -p aiguillage-bench --bench nearest --no-run >&2)

DATA="$BENCH_DIR/data"
make_data "$DATA"

# ---------------------------------------------------------------------------------------------
# 1. The in-process criterion bench, on the same data (synthetic::Population, like `generate`).
log "running the criterion bench (filter: $CRITERION_FILTER)"
CRITERION_OUT="$RESULTS/postgis-knn-$STAMP.criterion.txt"
(cd "$SRC" && cargo bench -p aiguillage-bench --bench nearest -- "$CRITERION_FILTER") 2>&1 | tee "$CRITERION_OUT"
# name -> median in microseconds, from criterion's "time: [low median high]" lines.
criterion_median_us() {
    python3 - "$CRITERION_OUT" "$1" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
scale = {"ps": 1e-6, "ns": 1e-3, "µs": 1.0, "us": 1.0, "ms": 1e3, "s": 1e6}
for m in re.finditer(r"^(\S+)\s+time:\s+\[(\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\]", text, re.M):
    if m.group(1) == sys.argv[2]:
        print(f"{float(m.group(4)) * scale[m.group(5)]:.2f}")
        break
EOF
}
INPROC_LINE="$(grep -m 1 -E '^[0-9]+ places, ' "$CRITERION_OUT" || true)"

# ---------------------------------------------------------------------------------------------
# 2. The throwaway cluster.
pg_start

log "loading $PLACES places and 1,000 query points"
# The standard CSV as is: one text column per field of its header, multi-values joined by `|`.
STAGING_COLUMNS="$(head -n 1 "$DATA/places.csv" | sed -e 's/,/ text, /g' -e 's/$/ text/')"
psql_run -c "CREATE EXTENSION postgis" \
    -c "CREATE UNLOGGED TABLE staging ($STAGING_COLUMNS)" \
    -c "CREATE UNLOGGED TABLE staging_q (i int GENERATED ALWAYS AS IDENTITY, lat float8, lon float8)"
psql_run -c "\\copy staging FROM pstdin WITH (FORMAT csv, HEADER true)" <"$DATA/places.csv"
# The criterion bench's 1,000 query points, numbered from 1 in file order.
head -n 1000 "$DATA/points.csv" | psql_run -c "\\copy staging_q (lat, lon) FROM pstdin WITH (FORMAT csv)"
psql_run <<'SQL'
CREATE TABLE places AS
    SELECT id,
        ST_SetSRID(ST_MakePoint(longitude::float8, latitude::float8), 4326)::geography(Point, 4326) AS geog,
        string_to_array(services, '|') AS services
    FROM staging ORDER BY id;
ALTER TABLE places ADD PRIMARY KEY (id);
CREATE INDEX places_geog ON places USING gist (geog);
CREATE TABLE queries AS
    SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography(Point, 4326) AS pt
    FROM staging_q;
ALTER TABLE queries ADD PRIMARY KEY (i);
DROP TABLE staging, staging_q;
VACUUM ANALYZE;
SQL

# The two queries, as the application would send them with the point as a parameter.
# shellcheck disable=SC2016 # \$1 is a SQL parameter
Q_NEAREST='SELECT id, geog <-> $1 AS d FROM places ORDER BY geog <-> $1 LIMIT 10'
Q_SERVICE="SELECT id, geog <-> \$1 AS d FROM places WHERE '$SERVICE_LABEL' = ANY (services) ORDER BY geog <-> \$1 LIMIT 10"

{
    echo "== versions and data"
    psql_run -At -c "SELECT version()" -c "SELECT 'PostGIS ' || postgis_lib_version()"
    psql_run -At -F ' ' -c "SELECT count(*) AS places, count(*) FILTER (WHERE '$SERVICE_LABEL' = ANY (services)) AS with_service FROM places"
    echo "== plans (first query point)"
    psql_run <<SQL
SELECT pt AS p1 FROM queries WHERE i = 1 \\gset
PREPARE n(geography) AS $Q_NEAREST;
PREPARE s(geography) AS $Q_SERVICE;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE n(:'p1');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE s(:'p1');
SQL
} | tee "$PG_TMP/info.txt"
PG_VERSION="$(sed -n 2p "$PG_TMP/info.txt" | cut -d ' ' -f 1-2)"
POSTGIS_VERSION="$(sed -n 3p "$PG_TMP/info.txt")"
read -r PG_PLACES PG_WITH_SERVICE < <(sed -n 4p "$PG_TMP/info.txt")
[[ "$PG_PLACES" == "$PLACES" ]] || die "expected $PLACES places in PostGIS, found $PG_PLACES"

# Same data as the criterion bench? It prints the places with the service and the mean count
# within 400 m of its query points: PostGIS must find the same (sphere distances).
PG_WITHIN="$(psql_run -At -c "SELECT to_char(avg(c), 'FM990.00') FROM queries q,
    LATERAL (SELECT count(*) AS c FROM places p WHERE ST_DWithin(p.geog, q.pt, 400, false)) x")"
if [[ -n "$INPROC_LINE" ]]; then
    log "criterion bench data: $INPROC_LINE"
    log "PostGIS data: $PG_PLACES places, $PG_WITH_SERVICE with the service; within 400 m: $PG_WITHIN places per query on average"
    if [[ "$INPROC_LINE" != *" $PG_WITH_SERVICE with "* || "$INPROC_LINE" != *"within 400 m: $PG_WITHIN places"* ]]; then
        die "the PostGIS data differ from the criterion bench's, though both come from synthetic::Population"
    fi
    DATA_CHECK="same data as the criterion bench: $PG_WITH_SERVICE places with the service, $PG_WITHIN places within 400 m per query point on average (both sides)"
else
    DATA_CHECK="not checked: the criterion bench did not print its data line"
fi

# ---------------------------------------------------------------------------------------------
# 3. Server-side timing.
log "server-side timing: plpgsql loop, $PASSES passes over 1,000 points (first pass = warm-up)"
psql_run <<SQL
CREATE FUNCTION knn_loop(with_service boolean, passes int) RETURNS bigint LANGUAGE plpgsql AS \$f\$
DECLARE
    q record;
    r record;
    t0 timestamptz;
    t1 timestamptz;
    rows bigint := 0;
    label text := '$SERVICE_LABEL';
BEGIN
    FOR p IN 1..passes LOOP
        FOR q IN SELECT pt FROM queries ORDER BY i LOOP
            t0 := clock_timestamp();
            IF with_service THEN
                FOR r IN SELECT id, geog <-> q.pt AS d FROM places WHERE label = ANY (services)
                         ORDER BY geog <-> q.pt LIMIT 10 LOOP
                    rows := rows + 1;
                END LOOP;
            ELSE
                FOR r IN SELECT id, geog <-> q.pt AS d FROM places ORDER BY geog <-> q.pt LIMIT 10 LOOP
                    rows := rows + 1;
                END LOOP;
            END IF;
            t1 := clock_timestamp();
            INSERT INTO knn_times_all VALUES (CASE WHEN with_service THEN 'service' ELSE 'nearest' END, p,
                extract(epoch FROM t1 - t0) * 1e6);
        END LOOP;
    END LOOP;
    RETURN rows;
END
\$f\$;
CREATE FUNCTION knn_explain(with_service boolean, OUT exec_ms float8, OUT plan_ms float8) RETURNS SETOF record
LANGUAGE plpgsql AS \$f\$
DECLARE
    q record;
    j json;
    label text := '$SERVICE_LABEL';
BEGIN
    FOR q IN SELECT pt FROM queries ORDER BY i LOOP
        IF with_service THEN
            EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) SELECT id, geog <-> \$1 AS d FROM places
                     WHERE \$2 = ANY (services) ORDER BY geog <-> \$1 LIMIT 10' INTO j USING q.pt, label;
        ELSE
            EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) SELECT id, geog <-> \$1 AS d FROM places
                     ORDER BY geog <-> \$1 LIMIT 10' INTO j USING q.pt;
        END IF;
        exec_ms := (j -> 0 ->> 'Execution Time')::float8;
        plan_ms := (j -> 0 ->> 'Planning Time')::float8;
        RETURN NEXT;
    END LOOP;
END
\$f\$;
CREATE UNLOGGED TABLE knn_times_all (variant text, pass int, us float8);
SQL

server_side() { # variant(with_service bool) label -> "mean p50 p99 rows_per_query"
    local with_service="$1" variant="$2"
    psql_run -At -F ' ' <<SQL
SELECT knn_loop($with_service, $PASSES) AS rows \gset
SELECT to_char(avg(us), 'FM99990.0'), to_char(percentile_cont(0.5) WITHIN GROUP (ORDER BY us), 'FM99990.0'),
       to_char(percentile_cont(0.99) WITHIN GROUP (ORDER BY us), 'FM99990.0'),
       to_char(:rows::float8 / ($PASSES * 1000), 'FM990.0')
FROM knn_times_all WHERE variant = '$variant' AND pass > 1;
SQL
}
explain_side() { # with_service -> "exec_p50_us plan_p50_us"
    psql_run -At -F ' ' -c "SELECT to_char(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY exec_ms), 'FM99990.0'),
        to_char(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY plan_ms), 'FM99990.0') FROM knn_explain($1)"
}
read -r N_MEAN N_P50 N_P99 N_ROWS < <(server_side false nearest)
read -r S_MEAN S_P50 S_P99 S_ROWS < <(server_side true service)
[[ "$N_ROWS" == "10.0" && "$S_ROWS" == "10.0" ]] || die "expected 10 rows per query, got $N_ROWS and $S_ROWS"
log "server-side loop: nearest mean $N_MEAN µs p50 $N_P50 µs p99 $N_P99 µs; service mean $S_MEAN µs p50 $S_P50 µs p99 $S_P99 µs"
log "server-side EXPLAIN ANALYZE over the 1,000 points"
read -r N_EXPLAIN N_PLAN < <(explain_side false)
read -r S_EXPLAIN S_PLAN < <(explain_side true)
log "EXPLAIN ANALYZE execution p50: nearest $N_EXPLAIN µs, service $S_EXPLAIN µs (planning p50 $N_PLAN / $S_PLAN µs)"

# ---------------------------------------------------------------------------------------------
# 4. Client round trip: pgbench, one client, prepared statement, random point of the 1,000.
# The point comes from `queries` by its index in an InitPlan (one primary-key lookup, a few µs).
cat >"$PG_TMP/nearest.sql" <<'SQL'
\set i random(1, 1000)
SELECT id, geog <-> (SELECT pt FROM queries WHERE i = :i) AS d FROM places ORDER BY d LIMIT 10;
SQL
cat >"$PG_TMP/service.sql" <<SQL
\\set i random(1, 1000)
SELECT id, geog <-> (SELECT pt FROM queries WHERE i = :i) AS d FROM places WHERE '$SERVICE_LABEL' = ANY (services) ORDER BY d LIMIT 10;
SQL
chmod 644 "$PG_TMP"/*.sql
{
    echo "== pgbench plans (i = 1)"
    psql_run -c "EXPLAIN (COSTS OFF) SELECT id, geog <-> (SELECT pt FROM queries WHERE i = 1) AS d FROM places ORDER BY d LIMIT 10"
} | tee -a "$PG_TMP/info.txt"

pgbench_run() { # script host -> "tps mean p50 p99" (µs)
    local script="$1" host="$2" name prefix
    name="$(basename "$script" .sql)-${host//[^a-z0-9]/}"
    prefix="$PG_TMP/log-$name"
    run_pg "$PGBIN/pgbench" -n -c 1 -j 1 -T "$PGBENCH_SECONDS" -M prepared -f "$script" \
        -h "$host" -p "$PG_PORT" -U postgres -l --log-prefix="$prefix" postgres >"$PG_TMP/$name.out" 2>&1 ||
        { cat "$PG_TMP/$name.out"; die "pgbench failed"; }
    local tps stats
    tps="$(sed -n '/^tps = /{s/^tps = \([0-9.]*\).*/\1/p;q}' "$PG_TMP/$name.out")"
    stats="$(cat "$prefix".* | awk '{ print $3 }' | stats_us)"
    # stats: n mean p50 p90 p99 max
    awk -v tps="$tps" '{ printf "%.0f %.1f %.1f %.1f\n", tps, $2, $3, $5 }' <<<"$stats"
}
log "client round trip: pgbench -c 1 -M prepared, ${PGBENCH_SECONDS}s per run"
read -r NS_TPS NS_MEAN NS_P50 NS_P99 < <(pgbench_run "$PG_TMP/nearest.sql" "$PG_TMP")
read -r SS_TPS SS_MEAN SS_P50 SS_P99 < <(pgbench_run "$PG_TMP/service.sql" "$PG_TMP")
read -r NT_TPS NT_MEAN NT_P50 NT_P99 < <(pgbench_run "$PG_TMP/nearest.sql" 127.0.0.1)
read -r ST_TPS ST_MEAN ST_P50 ST_P99 < <(pgbench_run "$PG_TMP/service.sql" 127.0.0.1)

# ---------------------------------------------------------------------------------------------
# 5. The table.
IN_NEAREST="$(criterion_median_us "$INPROC_NEAREST")"
[[ -n "$IN_NEAREST" ]] || die "no $INPROC_NEAREST in the criterion output ($CRITERION_OUT)"
IN_SERVICE="$(criterion_median_us "$INPROC_SERVICE")"
[[ -n "$IN_SERVICE" ]] || die "no $INPROC_SERVICE in the criterion output ($CRITERION_OUT)"

ratio() { # postgis_us inproc_us
    if [[ -z "$2" || -z "$1" ]]; then echo "n/a"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f×", a / b }'; fi
}
verdict() { # postgis_us inproc_us
    if [[ -z "$2" ]]; then echo "n/a"; else awk -v a="$1" -v b="$2" 'BEGIN { print (a / b >= 50 ? "yes" : "**no**") }'; fi
}

{
    echo "## PostGIS KNN vs in-process index — $STAMP"
    echo
    machine_info
    echo "- PostgreSQL: $PG_VERSION, $POSTGIS_VERSION; throwaway cluster, fsync off, jit off, shared_buffers 256MB"
    echo "- data: $PLACES population-like places (seed $PLACES_SEED), 1,000 query points (seed $QUERIES_SEED); $DATA_CHECK"
    echo "- in-process: criterion medians (\`$INPROC_NEAREST\`, \`$INPROC_SERVICE\`)"
    echo
    echo "Per query, µs. PostGIS: over the 1,000 query points ($((PASSES - 1)) timed passes of the server-side loop, after one warm-up pass); in-process: criterion's median of per-sample means, each sample cycling through the same 1,000 points, so it compares with the PostGIS **mean**."
    echo
    echo "| | nearest 10 | nearest 10, service filter |"
    echo "|---|---|---|"
    echo "| PostGIS server-side, plpgsql loop: mean / p50 / p99 | $N_MEAN / $N_P50 / $N_P99 | $S_MEAN / $S_P50 / $S_P99 |"
    echo "| PostGIS server-side, EXPLAIN ANALYZE execution time p50 | $N_EXPLAIN | $S_EXPLAIN |"
    echo "| PostGIS round trip, pgbench unix socket: mean / p50 / p99 (tps) | $NS_MEAN / $NS_P50 / $NS_P99 ($NS_TPS) | $SS_MEAN / $SS_P50 / $SS_P99 ($SS_TPS) |"
    echo "| PostGIS round trip, pgbench TCP loopback: mean / p50 / p99 (tps) | $NT_MEAN / $NT_P50 / $NT_P99 ($NT_TPS) | $ST_MEAN / $ST_P50 / $ST_P99 ($ST_TPS) |"
    echo "| in-process index (criterion median) | $IN_NEAREST | $IN_SERVICE |"
    echo "| **ratio** PostGIS server-side mean / in-process | **$(ratio "$N_MEAN" "$IN_NEAREST")** | **$(ratio "$S_MEAN" "$IN_SERVICE")** |"
    echo "| ratio PostGIS server-side p50 / in-process (steadier on a busy machine) | $(ratio "$N_P50" "$IN_NEAREST") | $(ratio "$S_P50" "$IN_SERVICE") |"
    echo "| ratio PostGIS round trip (socket) mean / in-process | $(ratio "$NS_MEAN" "$IN_NEAREST") | $(ratio "$SS_MEAN" "$IN_SERVICE") |"
    echo "| target ≥ 50× (server-side mean) met? | $(verdict "$N_MEAN" "$IN_NEAREST") | $(verdict "$S_MEAN" "$IN_SERVICE") |"
    echo
    echo "Query plans:"
    echo
    echo '```text'
    sed -n '/^== plans/,$p' "$PG_TMP/info.txt"
    echo '```'
} >"$SUMMARY"
echo
cat "$SUMMARY"
echo
log "summary: $SUMMARY; full log: $LOG"
