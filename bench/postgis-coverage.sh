#!/usr/bin/env bash
# PostGIS coverage side by side with the in-process computation.
#
# Same data as the criterion bench crates/aiguillage-bench/benches/coverage.rs, département
# scenario: 180,000 populated 200 m cells (900,000 residents around 300 towns) and 1,000 places,
# written as CSV from the bench's generator (`--example coverage_data`). In one run:
#
#   1. the in-process computation on those CSVs (`coverage_data --time`: Hilbert keys, sort,
#      index, nearest-place distances, covered sum, weighted mean and p90; median of RUNS_INPROC);
#   2. a throwaway PostgreSQL + PostGIS cluster in a temp dir, tables
#      `cells(geog geography(Point, 4326), population float8)` and
#      `places(geog geography(Point, 4326))` with GiST indexes, ANALYZEd;
#   3. server-side timing (plpgsql, clock_timestamp(), RUNS runs, plus one EXPLAIN ANALYZE) of
#      (a) the residents with a place within RADIUS metres:
#          SELECT sum(population) FROM cells c WHERE EXISTS (SELECT 1 FROM places p
#              WHERE ST_DWithin(c.geog, p.geog, RADIUS, false))
#      (b) the population-weighted mean and p90 of the distance to the nearest place:
#          a CROSS JOIN LATERAL KNN (`ORDER BY c.geog <-> p.geog LIMIT 1`) with
#          ST_Distance(c.geog, p.geog, false), then a weighted percentile by cumulative sum;
#      `use_spheroid = false`: the sphere of radius (2a + b) / 3, the one of our haversine;
#   4. a check that PostGIS finds the same covered population and mean distance as ours (within
#      1e-6, relative; the script stops with an error otherwise), and a summary table with the
#      ratios PostGIS / in-process.
#
# Usage: bench/postgis-coverage.sh
# Environment:
#   BENCH_REV=REV        build a clean snapshot of REV (e.g. HEAD) instead of the working tree
#   PG_MAJOR=15          PostgreSQL major version (Debian packages postgresql-$PG_MAJOR-postgis-3)
#   RADIUS=400           reach in metres
#   RUNS=3               timed runs of each PostGIS query (after one EXPLAIN ANALYZE run)
#   RUNS_INPROC=20       runs of the in-process computation
#   STATEMENT_TIMEOUT    PostgreSQL statement_timeout (default 300s)
# Output: the log and a summary under target/bench/results/.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_MAJOR="${PG_MAJOR:-15}"
RADIUS="${RADIUS:-400}"
RUNS="${RUNS:-3}"
RUNS_INPROC="${RUNS_INPROC:-20}"
# No SQL statement may run longer than this (every other step is bounded by construction).
export PGOPTIONS="-c statement_timeout=${STATEMENT_TIMEOUT:-300s}"
export PGCLIENTENCODING=UTF8
[[ "$RADIUS" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "RADIUS must be a number of metres, got « $RADIUS »"
[[ "$RUNS" =~ ^[1-9][0-9]*$ && "$RUNS_INPROC" =~ ^[1-9][0-9]*$ ]] || die "RUNS and RUNS_INPROC must be positive integers"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"
LOG="$RESULTS/postgis-coverage-$STAMP.log"
SUMMARY="$RESULTS/postgis-coverage-$STAMP.md"
exec > >(tee -a "$LOG") 2>&1
LOAD_START="$(cut -d ' ' -f 1-3 /proc/loadavg)"

cleanup() {
    local status=$?
    pg_stop
    if ((status != 0)); then
        echo "postgis-coverage: FAILED (exit $status); full log: $LOG" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
pg_install

prepare_source
log "building the data writer (cargo build --release -p aiguillage-bench --example coverage_data)"
(cd "$SRC" && cargo build --release -p aiguillage-bench --example coverage_data >&2)
EXAMPLE="$TARGET_DIR/release/examples/coverage_data"
[[ -x "$EXAMPLE" ]] || die "no data writer at $EXAMPLE after the build"

DATA="$BENCH_DIR/data/coverage-departement"
log "writing the département scenario to $DATA"
"$EXAMPLE" --scenario departement --dir "$DATA"
# The server reads the files as `postgres`: hand them over through psql's standard input.
CELLS="$(($(wc -l <"$DATA/cells.csv") - 1))"
PLACES_N="$(($(wc -l <"$DATA/places.csv") - 1))"

# ---------------------------------------------------------------------------------------------
# 1. In-process, on the same CSV files.
LOAD_INPROC="$(cut -d ' ' -f 1-3 /proc/loadavg)"
log "in-process: $RUNS_INPROC runs of coverage_data --time (load average $LOAD_INPROC)"
INPROC_OUT="$RESULTS/postgis-coverage-$STAMP.inproc.txt"
"$EXAMPLE" --time --dir "$DATA" --radius "$RADIUS" --runs "$RUNS_INPROC" 2>&1 | tee "$INPROC_OUT"
RESULT_LINE="$(grep -m 1 '^RESULT ' "$INPROC_OUT" || true)"
[[ -n "$RESULT_LINE" ]] || die "no RESULT line from coverage_data --time ($INPROC_OUT)"
# field NAME: the value of NAME=... on the RESULT line.
field() {
    local pair
    for pair in $RESULT_LINE; do
        if [[ "$pair" == "$1="* ]]; then
            echo "${pair#*=}"
            return
        fi
    done
    die "no $1 on the RESULT line: $RESULT_LINE"
}
IN_CELLS="$(field cells)"
IN_POPULATION="$(field population)"
IN_COVERED="$(field covered)"
IN_MEAN="$(field mean_m)"
IN_P90="$(field p90_m)"
IN_MEDIAN="$(field median_ms)"
IN_MIN="$(field min_ms)"
IN_THREADS="$(field threads)"
IN_STEPS=""
for step in keys sort index nearest covered stats; do
    IN_STEPS+="${IN_STEPS:+, }$step $(field "${step}_ms") ms"
done
[[ "$IN_CELLS" == "$CELLS" ]] || die "coverage_data read $IN_CELLS cells, the file has $CELLS"

# ---------------------------------------------------------------------------------------------
# 1b. The whole coverage endpoint over HTTP, same scenario (the criterion bench coverage_http:
# a custom area, the cells as a points layer in SQLite, the real server on a random port; every
# figure of the report, not only the three PostGIS computes), at three radii.
LOAD_HTTP="$(cut -d ' ' -f 1-3 /proc/loadavg)"
log "whole report over HTTP: cargo bench -p aiguillage-bench --bench coverage_http (load average $LOAD_HTTP)"
(cd "$SRC" && cargo bench -p aiguillage-bench --bench coverage_http -- --noplot >&2)
# http_median RADIUS: criterion's median for that radius, in ms.
http_median() {
    python3 -c 'import json, sys; print("%.1f" % (json.load(open(sys.argv[1]))["median"]["point_estimate"] / 1e6))' \
        "$TARGET_DIR/criterion/coverage_http/custom_area_${1}m/new/estimates.json"
}
HTTP_400="$(http_median 400)"
HTTP_1000="$(http_median 1000)"
HTTP_3000="$(http_median 3000)"
HTTP_MEDIAN="$(printf '%s\n' "$HTTP_400" "$HTTP_1000" "$HTTP_3000" | sort -g | sed -n 2p)"
log "whole report over HTTP, medians: 400 m $HTTP_400 ms, 1000 m $HTTP_1000 ms, 3000 m $HTTP_3000 ms"

# ---------------------------------------------------------------------------------------------
# 2. The throwaway cluster.
# work_mem is large enough for the window sort of 180,000 rows in memory.
pg_start -c work_mem=64MB

log "loading $CELLS cells and $PLACES_N places"
psql_run -c "CREATE EXTENSION postgis" \
    -c "CREATE UNLOGGED TABLE staging_cells (lat float8, lon float8, population float8)" \
    -c "CREATE UNLOGGED TABLE staging_places (lat float8, lon float8)"
psql_run -c "\\copy staging_cells FROM pstdin WITH (FORMAT csv, HEADER true)" <"$DATA/cells.csv"
psql_run -c "\\copy staging_places FROM pstdin WITH (FORMAT csv, HEADER true)" <"$DATA/places.csv"
psql_run <<'SQL'
CREATE TABLE cells AS
    SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography(Point, 4326) AS geog, population
    FROM staging_cells;
CREATE INDEX cells_geog ON cells USING gist (geog);
CREATE TABLE places AS
    SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography(Point, 4326) AS geog
    FROM staging_places;
CREATE INDEX places_geog ON places USING gist (geog);
DROP TABLE staging_cells, staging_places;
VACUUM ANALYZE;
-- Runs a query returning one value, timed server-side.
CREATE FUNCTION timed(query text, OUT ms float8, OUT result text) LANGUAGE plpgsql AS $f$
DECLARE
    t0 timestamptz;
BEGIN
    t0 := clock_timestamp();
    EXECUTE query INTO result;
    ms := extract(epoch FROM clock_timestamp() - t0) * 1e3;
END
$f$;
-- A query's plan and the execution time EXPLAIN ANALYZE reports (per-node timing off).
CREATE FUNCTION explained(query text, OUT ms float8, OUT plan text) LANGUAGE plpgsql AS $f$
DECLARE
    line text;
BEGIN
    plan := '';
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' || query LOOP
        IF line LIKE 'Execution Time:%' THEN
            ms := substring(line FROM '([0-9.]+) ms')::float8;
        END IF;
        plan := plan || line || E'\n';
    END LOOP;
END
$f$;
SQL

read -r PG_CELLS PG_PLACES < <(psql_run -At -F ' ' -c "SELECT (SELECT count(*) FROM cells), (SELECT count(*) FROM places)")
[[ "$PG_CELLS" == "$CELLS" && "$PG_PLACES" == "$PLACES_N" ]] ||
    die "expected $CELLS cells and $PLACES_N places in PostGIS, found $PG_CELLS and $PG_PLACES"
PG_VERSION="$(psql_run -At -c "SELECT split_part(version(), ' ', 1) || ' ' || split_part(version(), ' ', 2)")"
POSTGIS_VERSION="$(psql_run -At -c "SELECT 'PostGIS ' || postgis_lib_version()")"

# The two queries; float8 values print as their shortest exact decimals (extra_float_digits 1).
Q_COVERED="SELECT sum(population)::text FROM cells c
    WHERE EXISTS (SELECT 1 FROM places p WHERE ST_DWithin(c.geog, p.geog, $RADIUS, false))"
# The p90 is ours: the smallest distance whose cumulated residents reach 90 % of them (with the
# same 1e-12 relative tolerance as aiguillage_coverage::stats::weighted_mean_p90).
Q_DISTANCES="WITH nearest AS (
        SELECT c.population AS w, n.d
        FROM cells c
        CROSS JOIN LATERAL (
            SELECT ST_Distance(c.geog, p.geog, false) AS d FROM places p ORDER BY c.geog <-> p.geog LIMIT 1
        ) n
    ), ranked AS (
        SELECT d, w, sum(w) OVER (ORDER BY d ROWS UNBOUNDED PRECEDING) AS cumulated, sum(w) OVER () AS total
        FROM nearest
    )
    SELECT (sum(d * w) / sum(w))::text || ' ' || (min(d) FILTER (WHERE cumulated >= 0.9 * total * (1 - 1e-12)))::text
    FROM ranked"

# relative_gap A B: |A - B| / |A|, in %.2e.
relative_gap() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = (a < 0 ? -a : a); printf "%.2e\n", (m > 0 ? d / m : d) }'; }
within_1e6() { awk -v g="$1" 'BEGIN { exit !(g <= 1e-6) }'; }
within_1e9() { awk -v g="$1" 'BEGIN { exit !(g <= 1e-9) }'; }

# ---------------------------------------------------------------------------------------------
# 3. Server-side timing: one EXPLAIN ANALYZE (plan and execution time), then RUNS timed runs.
declare -A EXPLAIN_MS TIMES VALUE
for name in covered distances; do
    if [[ "$name" == covered ]]; then query="$Q_COVERED"; else query="$Q_DISTANCES"; fi
    log "PostGIS $name: EXPLAIN ANALYZE"
    # Through standard input: psql interpolates :'q' (quoted as a literal) there, not in -c.
    psql_run -At -F $'\t' -v q="$query" <<<"SELECT ms, plan FROM explained(:'q');" >"$PG_TMP/explain-$name.txt"
    EXPLAIN_MS[$name]="$(head -n 1 "$PG_TMP/explain-$name.txt" | cut -f 1)"
    {
        echo "== plan: $name (EXPLAIN ANALYZE execution time ${EXPLAIN_MS[$name]} ms)"
        cut -f 2- "$PG_TMP/explain-$name.txt" | sed '/^$/d'
    } | tee -a "$PG_TMP/plans.txt"
    TIMES[$name]=""
    for ((run = 1; run <= RUNS; run++)); do
        IFS=$'\t' read -r ms value < <(psql_run -At -F $'\t' -v q="$query" <<<"SELECT ms, result FROM timed(:'q');")
        log "PostGIS $name, run $run/$RUNS: $ms ms → $value"
        TIMES[$name]+="$ms"$'\n'
        # Parallel workers add up in any order: the last digits may change between runs.
        if [[ -n "${VALUE[$name]:-}" ]]; then
            read -r -a v <<<"${VALUE[$name]} $value"
            half=$((${#v[@]} / 2))
            for ((k = 0; k < half; k++)); do
                within_1e9 "$(relative_gap "${v[k]}" "${v[k + half]}")" ||
                    die "PostGIS $name changed between runs: ${VALUE[$name]} then $value"
            done
        else
            VALUE[$name]="$value"
        fi
    done
done
# median and min of a list of numbers, one per line.
median_min() { sort -g | awk 'NF { v[++n] = $1 } END { printf "%.1f %.1f\n", v[int((n + 1) / 2)], v[1] }'; }
read -r PG_COVERED_MEDIAN PG_COVERED_MIN < <(printf '%s' "${TIMES[covered]}" | median_min)
read -r PG_DIST_MEDIAN PG_DIST_MIN < <(printf '%s' "${TIMES[distances]}" | median_min)
PG_COVERED="${VALUE[covered]}"
read -r PG_MEAN PG_P90 <<<"${VALUE[distances]}"
LOAD_END="$(cut -d ' ' -f 1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------
# 4. Same figures on both sides?
GAP_COVERED="$(relative_gap "$IN_COVERED" "$PG_COVERED")"
GAP_MEAN="$(relative_gap "$IN_MEAN" "$PG_MEAN")"
GAP_P90="$(relative_gap "$IN_P90" "$PG_P90")"
log "covered population: ours $IN_COVERED, PostGIS $PG_COVERED (relative gap $GAP_COVERED)"
log "mean distance: ours $IN_MEAN m, PostGIS $PG_MEAN m (relative gap $GAP_MEAN)"
log "p90 distance: ours $IN_P90 m, PostGIS $PG_P90 m (relative gap $GAP_P90)"
within_1e6 "$GAP_COVERED" || die "PostGIS's covered population differs from ours by $GAP_COVERED (relative)"
within_1e6 "$GAP_MEAN" || die "PostGIS's mean distance differs from ours by $GAP_MEAN (relative)"
if within_1e6 "$GAP_P90"; then
    P90_CHECK="equal within 1e-6"
else
    # A tie at the 90 % mark can pick a neighbouring distance: reported, not fatal.
    P90_CHECK="**differs** by $GAP_P90 (relative)"
    log "warning: p90 distances differ by $GAP_P90"
fi

# ---------------------------------------------------------------------------------------------
# 5. The table.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f×", a / b }'; }
BOTH_MEDIAN="$(awk -v a="$PG_COVERED_MEDIAN" -v b="$PG_DIST_MEDIAN" 'BEGIN { printf "%.1f", a + b }')"
{
    echo "## PostGIS coverage vs in-process — $STAMP"
    echo
    machine_info
    echo "- load average: $LOAD_START at the start, $LOAD_INPROC before the in-process runs, $LOAD_HTTP before the HTTP runs, $LOAD_END at the end"
    echo "- PostgreSQL: $PG_VERSION, $POSTGIS_VERSION; throwaway cluster, fsync off, jit off, shared_buffers 256MB, work_mem 64MB, default parallel settings"
    echo "- data: département scenario of crates/aiguillage-synthetic/src/scenario.rs, $CELLS cells ($IN_POPULATION residents), $PLACES_N places; radius $RADIUS m; distances on the sphere (ST_DWithin / ST_Distance with use_spheroid = false)"
    echo "- in-process: \`coverage_data --time\`, median of $RUNS_INPROC runs on $IN_THREADS threads (min $IN_MIN ms), from the cells in memory: $IN_STEPS"
    echo "- PostGIS: median of $RUNS runs timed server-side with clock_timestamp() in plpgsql (after one EXPLAIN ANALYZE run)"
    echo
    echo "| | covered population within $RADIUS m | mean and p90 distance to the nearest place | both |"
    echo "|---|---|---|---|"
    echo "| figures, ours | $IN_COVERED | $IN_MEAN m, $IN_P90 m | |"
    echo "| figures, PostGIS | $PG_COVERED | $PG_MEAN m, $PG_P90 m | |"
    echo "| relative gap | $GAP_COVERED | $GAP_MEAN (p90: $P90_CHECK) | |"
    echo "| PostGIS server-side, ms: median (min) | $PG_COVERED_MEDIAN ($PG_COVERED_MIN) | $PG_DIST_MEDIAN ($PG_DIST_MIN) | $BOTH_MEDIAN |"
    echo "| PostGIS EXPLAIN ANALYZE execution time, ms | ${EXPLAIN_MS[covered]} | ${EXPLAIN_MS[distances]} | |"
    echo "| in-process, ms: median (one pass computes all three figures) | $IN_MEDIAN | $IN_MEDIAN | $IN_MEDIAN |"
    echo "| **ratio** PostGIS / in-process (medians) | **$(ratio "$PG_COVERED_MEDIAN" "$IN_MEDIAN")** | **$(ratio "$PG_DIST_MEDIAN" "$IN_MEDIAN")** | **$(ratio "$BOTH_MEDIAN" "$IN_MEDIAN")** |"
    echo '| whole report over HTTP (`coverage_http`, every figure), ms: median of the radii'"'"'s medians (400 m, 1 km, 3 km) | | | '"$HTTP_MEDIAN ($HTTP_400, $HTTP_1000, $HTTP_3000) |"
    echo "| **ratio** PostGIS (two queries) / whole report over HTTP | | | **$(ratio "$BOTH_MEDIAN" "$HTTP_MEDIAN")** |"
    echo
    echo "Query plans (EXPLAIN ANALYZE, TIMING OFF):"
    echo
    echo '```text'
    cat "$PG_TMP/plans.txt"
    echo '```'
} >"$SUMMARY"
echo
cat "$SUMMARY"
echo
log "summary: $SUMMARY; full log: $LOG"
