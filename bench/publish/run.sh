#!/usr/bin/env bash
# Times POST /api/v1/operations/{op}/rounds/{n}/publish on a loaded round, end to end over HTTP
# (re-validation of the whole round, flag checks, totals, aggregates at every admin level, commit):
# the round is reopened (POST .../reopen) and published again REPEAT times, each a new revision.
# Prints each publish's wall time and the server's own breakdown of it.
#
# Usage: bench/publish/run.sh [ROUND] [REPEAT] [OPERATION_CODE]
#   defaults: the latest published round, 5 times, LAKELAND.
# CORRECT=N changes N baseline assessments before each publication (a real correction: new cell
# values, so disclosure control has a different table to protect against the earlier ones).
# Uses the server data in BENCH_DATA (default bench/out/data, filled by bench/load-dataset.sh);
# starts its own server there (-Xmx512m) and stops it, or uses BENCH_URL if set.
source "$(dirname "$0")/../lib.sh"
CODE="${3:-LAKELAND}"
REPEAT="${2:-5}"
machine
start_server publish
ROUND="${1:-$(api "$BASE/api/v1/operations/$CODE/rounds" | jq '[.[] | select(.status == "PUBLISHED") | .number] | max')}"
details=$(api "$BASE/api/v1/operations/$CODE/rounds/$ROUND")
echo "round $ROUND: $(echo "$details" | jq -c '{status: (.status // .round.status), revision: (.revision // .round.revision)}' 2>/dev/null)"
total=0
for i in $(seq 1 "$REPEAT"); do
  api -X POST "$BASE/api/v1/operations/$CODE/rounds/$ROUND/reopen" -H 'Content-Type: application/json' \
    -d '{"reason":"Benchmark: publish again"}' >/dev/null
  if (( ${CORRECT:-0} > 0 )); then
    # a real correction: CORRECT baseline assessments (a different page each time) get 3 more IDPs
    # in their first IDP figure (individuals, males and the last male sex-and-age band)
    ids=$(api "$BASE/api/v1/operations/$CODE/rounds/$ROUND/assessments?type=BA&page=$i&size=$CORRECT" | jq '.items[].id')
    for id in $ids; do
      body=$(api "$BASE/api/v1/operations/$CODE/rounds/$ROUND/assessments/$id" | jq -c '
        [.figures[] | {group, reason, originAdminUnitId, arrivalPeriod, shelter, households,
                       individuals, males, females, sexAge}]
        | (map(.group == "IDP" and .individuals != null) | index(true)) as $k
        | if $k == null then . else .[$k] |= (
            .individuals += 3
            | if .males != null then .males += 3 else . end
            | if .sexAge != null then .sexAge[(.sexAge | length) - 1] += 3 else . end) end')
      api -X PUT "$BASE/api/v1/operations/$CODE/rounds/$ROUND/assessments/$id/figures" \
        -H 'Content-Type: application/json' -d "$body" >/dev/null
    done
    echo "corrected $(echo "$ids" | wc -w) assessments (page $i): IDPs +3 each"
  fi
  c0=$(cpu_snapshot)
  t0=$(now_ms)
  revision=$(api -X POST "$BASE/api/v1/operations/$CODE/rounds/$ROUND/publish" -H 'Content-Type: application/json' \
    -d '{"justification":"Benchmark: publish again"}' | jq '.revision')
  ms=$(($(now_ms) - t0))
  total=$((total + ms))
  echo "publish $i: revision $revision in $ms ms"
  cpu_report "$c0" "$(cpu_snapshot)" 1 "publish"
  grep -E "Aggregates of $CODE round $ROUND" "$SERVER_LOG" 2>/dev/null | tail -1 | sed -E 's/.*: Aggregates/    Aggregates/' || true
  if [[ "${WAIT_DISCLOSURE:-1}" == "1" && -n "${SERVER_LOG:-}" ]]; then
    # the publication's suppression run, computed in the background after the commit
    t1=$(now_ms)
    for _ in $(seq 1 1200); do
      line=$(grep -E "Disclosure control of $CODE round $ROUND revision $revision:" "$SERVER_LOG" | tail -1 || true)
      [[ -n "$line" ]] && break
      sleep 0.5
    done
    echo "    disclosure control done $(($(now_ms) - t1)) ms after the publication returned:" \
      "$(echo "$line" | sed -E 's/.*revision [0-9]+: //')"
  fi
done
echo "mean: $((total / REPEAT)) ms over $REPEAT publications of round $ROUND"
if [[ -n "${SERVER_LOG:-}" ]]; then
  echo "server breakdown (last):"
  grep -E "Validated $CODE round $ROUND|Aggregates of $CODE round $ROUND|Publishing $CODE round $ROUND" "$SERVER_LOG" |
    tail -3 | sed -E 's/.*: (Validated|Aggregates|Publishing)/  \1/'
  grep -c 'Pause' "$GC_LOG" >/dev/null && gc_summary "$GC_LOG"
fi
