#!/usr/bin/env bash
# Starts a server on the loaded dataset (BENCH_DATA, default bench/out/data, see
# bench/load-dataset.sh), runs the query mix (mix.sh) twice — cold (fresh server, empty caches)
# and warm — then prints the answer sizes, and stops the server.
#
# SETTLE=1 (default) first waits for one answer and prints how long it took (disclosure control of
# revisions published since the last start); SETTLE=0 starts the cold run at once.
#
# Usage: bench/dtm-api/bench.sh [DURATION] [CONNECTIONS] [DATASET_DIR] [OPERATION_NAME]
#   defaults: 30s, 200, bench/out/ds, the name bench/load-dataset.sh gives (from the manifest)
source "$(dirname "$0")/../lib.sh"
DURATION="${1:-30s}"; CONNECTIONS="${2:-200}"; DS="${3:-$OUT/ds}"
NAME="${4:-$(jq -r '.operation.name' "$DS/manifest.json") ($(jq -r '.operation.code' "$DS/manifest.json"))}"
start_server dtm-api
if [[ "${SETTLE:-1}" == "1" ]]; then
  # The first read of a revision that disclosure control has not protected yet computes its
  # suppression (publication.internal.disclosure), and every read of the operation waits for it.
  # Timed on its own, so that "cold" below measures the answer cache, not disclosure control.
  enc=$(jq -rn --arg v "$NAME" '$v|@uri')
  t0=$(now_ms)
  curl -s -o /dev/null --max-time 1200 "$BASE/dtm/v3/displacement/admin0?Operation=$enc&FromRoundNumber=1"
  echo "--- first answer after start (disclosure control of unprotected revisions): $(($(now_ms) - t0)) ms"
fi
echo "--- cold (first run after start)"
"$BENCH_DIR/dtm-api/mix.sh" "$BASE" "$DS" "$NAME" "$DURATION" "$CONNECTIONS" 2
echo "--- warm (second run)"
SIZES="${SIZES:-1}" "$BENCH_DIR/dtm-api/mix.sh" "$BASE" "$DS" "$NAME" "$DURATION" "$CONNECTIONS" 2
[[ -n "${GC_LOG:-}" ]] && gc_summary "$GC_LOG"
