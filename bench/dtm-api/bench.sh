#!/usr/bin/env bash
# Starts a server on the loaded dataset (BENCH_DATA, default bench/out/data, see
# bench/load-dataset.sh), runs the query mix (mix.sh) twice — cold (fresh server, empty caches)
# and warm — then prints the answer sizes, and stops the server.
#
# Usage: bench/dtm-api/bench.sh [DURATION] [CONNECTIONS] [DATASET_DIR] [OPERATION_NAME]
#   defaults: 30s, 200, bench/out/ds, the name bench/load-dataset.sh gives (from the manifest)
source "$(dirname "$0")/../lib.sh"
DURATION="${1:-30s}"; CONNECTIONS="${2:-200}"; DS="${3:-$OUT/ds}"
NAME="${4:-$(jq -r '.operation.name' "$DS/manifest.json") ($(jq -r '.operation.code' "$DS/manifest.json"))}"
start_server dtm-api
echo "--- cold (first run after start)"
"$BENCH_DIR/dtm-api/mix.sh" "$BASE" "$DS" "$NAME" "$DURATION" "$CONNECTIONS" 2
echo "--- warm (second run)"
SIZES="${SIZES:-1}" "$BENCH_DIR/dtm-api/mix.sh" "$BASE" "$DS" "$NAME" "$DURATION" "$CONNECTIONS" 2
[[ -n "${GC_LOG:-}" ]] && gc_summary "$GC_LOG"
