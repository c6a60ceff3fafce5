#!/usr/bin/env bash
# Schema-driven fuzzing of the API (issue #20): schemathesis generates requests from
# /api/openapi.json against a debug server on a throw-away database with the demo data, signed
# in with an admin API token, and fails on any server error or response outside the schema.
#
# Usage: bench/schemathesis.sh   (CI runs it after the tests: .ci/run)
# Environment:
#   MAX_EXAMPLES=25   examples per operation (bounded: a run takes a few minutes)
#   SEED=20           schemathesis' seed, so a CI failure can be replayed
# Installs schemathesis $SCHEMATHESIS_VERSION from PyPI into target/schemathesis-venv (and
# python3-venv with apt-get when missing).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCHEMATHESIS_VERSION=4.32.5
MAX_EXAMPLES="${MAX_EXAMPLES:-25}"
SEED="${SEED:-20}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/aiguillage-schemathesis.XXXXXX")"
trap 'stop_background_server; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

VENV="$ROOT/target/schemathesis-venv"
if [[ "$("$VENV/bin/st" --version 2>/dev/null)" != *"$SCHEMATHESIS_VERSION"* ]]; then
    python3 -c 'import ensurepip, venv' 2>/dev/null || ensure_packages python3-venv
    log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

prepare_source
# The debug binary: CI has just built it for the tests, and the API's answers are the same.
(cd "$SRC" && cargo build -p aiguillage >&2)
BIN="$TARGET_DIR/debug/aiguillage"

DB="$WORK/api.db"
"$BIN" --db "$DB" user add schemathesis@example.org --role admin >/dev/null
TOKEN="$("$BIN" --db "$DB" user token create schemathesis@example.org --name schemathesis 2>/dev/null)"
serve_background "$BIN" "$DB"
log "schemathesis $SCHEMATHESIS_VERSION on $SERVER_URL: --max-examples $MAX_EXAMPLES --seed $SEED"

# positive_data_acceptance is left out: the schema cannot say every rule a valid request obeys
# (bbox's four numbers, open_now with open_at, If-Match revisions, the standard's validation of
# a body), so schema-valid requests answered 400/412/422 are the API doing its job.
# From the temporary folder: schemathesis keeps its example cache in ./.schemathesis.
cd "$WORK"
"$VENV/bin/st" run "$SERVER_URL/api/openapi.json" \
    --checks all \
    --exclude-checks positive_data_acceptance \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$SEED" \
    --request-timeout 30 \
    --header "Authorization: Bearer $TOKEN"
