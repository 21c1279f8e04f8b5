#!/usr/bin/env bash
# CPU per applied submission on a large COLLECTING round (issue 5): each submission validating the
# whole round (a reviewer's one-by-one apply; what the background worker did before session 3)
# against the worker applying a queue and validating once per batch.
#
# Usage: bench/collect-apply/run.sh [DATASET_DIR] [QUEUED] [ONE_BY_ONE]
#   DATASET_DIR  a generated dataset (default /work/bench-shared/ds, else bench/out/ds)
#   QUEUED       submissions queued and applied by the worker (default 1000)
#   ONE_BY_ONE   submissions applied one by one, each validating the round (default 30)
# Loads round 1 of the dataset into a fresh server (bench/out/apply-data), opens round 2 and imports
# the dataset's round-2 baseline file into it (~100,000 places: the round the submissions join),
# then runs org.opendtm.collection.ApplyBench (test classes) against it.
source "$(dirname "$0")/../lib.sh"
DS="${1:-/work/bench-shared/ds}"
[[ -f "$DS/manifest.json" ]] || DS="$OUT/ds"
QUEUED="${2:-1000}"
ONE="${3:-30}"
CODE=APPLY
export BENCH_DATA="$OUT/apply-data"
rm -rf "$BENCH_DATA"

(cd "$ROOT" && mvn -B -q -o test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null)
cp="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench-classpath.txt")"

machine
start_server apply
BENCH_URL="$BASE" "$BENCH_DIR/load-dataset.sh" "$DS" "$CODE" 1
date2=$(jq -r '.rounds[1].reportingDate' "$DS/manifest.json")
api -X POST "$BASE/api/v1/operations/$CODE/rounds" -H 'Content-Type: application/json' \
  -d "{\"number\":2,\"reportingDate\":\"$date2\"}" >/dev/null
t0=$(now_ms)
rows=$(api -X POST "$BASE/api/v1/operations/$CODE/rounds/2/imports" -F "file=@$DS/round-02-ba.csv" | jq '.rowsRead')
echo "round 2 (COLLECTING): round-02-ba.csv $rows rows imported in $(($(now_ms) - t0)) ms"

java -cp "$cp" org.opendtm.collection.ApplyBench "$BASE" "$BENCH_PASSWORD" "$CODE" 2 "$QUEUED" "$ONE" \
  "$SERVER_PID" "$BENCH_DATA/postgres/postmaster.pid" "$DS/locations.csv"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
