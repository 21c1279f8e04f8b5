#!/usr/bin/env bash
# What DTM API partners get while a round is published again: starts a server on the loaded
# dataset (BENCH_DATA), warms the answer cache (every query once, then the mix), reopens round ROUND
# (changing CORRECT=N assessments, as bench/publish/run.sh; each change re-validates the round), then
# runs the mix for DURATION while, AFTER seconds into it, the round is published. The second run's latencies are the
# readers' view of the publication and of its disclosure control.
#
# Usage: bench/dtm-api/during-publish.sh [ROUND] [DURATION] [CONNECTIONS] [AFTER]
#   defaults: 23, 90s, 200, 10 (seconds)
source "$(dirname "$0")/../lib.sh"
ROUND="${1:-23}"; DURATION="${2:-90s}"; CONNECTIONS="${3:-200}"; AFTER="${4:-10}"
DS="${DS:-$OUT/ds}"; CODE="${CODE:-LAKELAND}"
NAME="$(jq -r '.operation.name' "$DS/manifest.json") ($(jq -r '.operation.code' "$DS/manifest.json"))"
machine
start_server during-publish
enc=$(jq -rn --arg v "$NAME" '$v|@uri')
t0=$(now_ms)
curl -s -o /dev/null --max-time 1200 "$BASE/dtm/v3/displacement/admin0?Operation=$enc&FromRoundNumber=1"
echo "--- first answer after start: $(($(now_ms) - t0)) ms"
echo "--- warm-up: every query of the mix once (4 at a time), then 20 s of the mix"
"$BENCH_DIR/dtm-api/mix.sh" "$BASE" "$DS" "$NAME" 1s 4 1 >/dev/null 2>&1 || true # writes the paths file
w0=$(now_ms)
xargs -P 4 -I{} curl -s -o /dev/null --max-time 300 -H 'Accept-Encoding: gzip' "$BASE{}" <"$OUT/dtm-paths.txt"
echo "    $(wc -l <"$OUT/dtm-paths.txt") queries answered in $(($(now_ms) - w0)) ms"
"$BENCH_DIR/dtm-api/mix.sh" "$BASE" "$DS" "$NAME" 20s "$CONNECTIONS" 2 | grep -E "requests:|p99 |timeouts:" || true
# reopened and corrected first (each change re-validates the round): nothing public changes yet
api -X POST "$BASE/api/v1/operations/$CODE/rounds/$ROUND/reopen" -H 'Content-Type: application/json' \
  -d '{"reason":"Benchmark: publish during reads"}' >/dev/null
if (( ${CORRECT:-0} > 0 )); then
  ids=$(api "$BASE/api/v1/operations/$CODE/rounds/$ROUND/assessments?type=BA&page=${PAGE:-7}&size=$CORRECT" | jq '.items[].id')
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
  echo "corrected $(echo "$ids" | wc -w) assessments: IDPs +3 each"
fi
echo "--- run of $DURATION with a publication of round $ROUND after $AFTER s"
"$BENCH_DIR/dtm-api/mix.sh" "$BASE" "$DS" "$NAME" "$DURATION" "$CONNECTIONS" 2 >"$OUT/during-publish-wrk.txt" &
wrk_pid=$!
sleep "$AFTER"
p0=$(now_ms)
revision=$(api -X POST "$BASE/api/v1/operations/$CODE/rounds/$ROUND/publish" -H 'Content-Type: application/json' \
  -d '{"justification":"Benchmark: publish during reads"}' | jq '.revision')
echo "published revision $revision in $(($(now_ms) - p0)) ms (load $(cut -d' ' -f1-3 /proc/loadavg))"
wait "$wrk_pid" || true
cat "$OUT/during-publish-wrk.txt"
echo "--- server log: disclosure control and cache"
grep -E "Disclosure control of|Public response cache" "$SERVER_LOG" | tail -8 | sed -E 's/^.*(Disclosure control|Public response cache)/  \1/' || true
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -n "${GC_LOG:-}" ]] && gc_summary "$GC_LOG"
