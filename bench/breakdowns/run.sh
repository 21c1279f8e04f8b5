#!/usr/bin/env bash
# Cost of the sex-and-age and shelter breakdowns (docs/breakdowns.md) on a loaded dataset:
#   1. start-up back-fill of the revisions published before breakdowns existed (a database from
#      an older version): time per revision from the server log;
#   2. publish: the round is reopened and published REPEAT times; for each, wall time, the
#      server's own "breakdowns" lap and "aggregates" laps, and the CPU ticks (user+sys, 1/100 s)
#      of the JVM and of the PostgreSQL processes spent on it, with the load average;
#   3. reads: the signed-in dashboard and the public page of the round (the first public read
#      computes the breakdowns' disclosure-control run) and again warm.
# Run it twice back to back with BENCH_JAR=<an older jar> and without, on copies of the same data,
# for before/after pairs (an older jar has no breakdown lap and no back-fill).
#
# Usage: bench/breakdowns/run.sh [ROUND] [REPEAT] [OPERATION_CODE]
#   defaults: the latest published round, 3 times, LAKELAND.
source "$(dirname "$0")/../lib.sh"
CODE="${3:-LAKELAND}"
REPEAT="${2:-3}"
machine
t0=$(now_ms)
start_server breakdowns
echo "server up in $(($(now_ms) - t0)) ms"

postmaster() { head -1 "$BENCH_DATA/postgres/postmaster.pid"; }
# user+sys ticks of a process and of its reaped children
ticks_of() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
jvm_ticks() { ticks_of "$SERVER_PID"; }
pg_ticks() {
  local pm total=0 p
  pm=$(postmaster)
  total=$(ticks_of "$pm")
  for p in $(ps -o pid= --ppid "$pm"); do total=$((total + $(ticks_of "$p"))); done
  echo "$total"
}

if [[ -z "${BENCH_URL:-}" ]] && unzip -l "$(jar)" | grep BreakdownBackfill >/dev/null; then
  # the back-fill runs on its own thread after start; wait until it says it is done (20 min max)
  for _ in $(seq 1 1200); do
    grep -q "Breakdown back-fill" "$SERVER_LOG" && break
    sleep 1
  done
  grep "Breakdown back-fill" "$SERVER_LOG" | tail -1 | sed -E 's/.*: Breakdown/Breakdown/'
  laps=$(grep -o 'Breakdowns of .*(breakdowns [0-9]* ms)' "$SERVER_LOG" | sed -E 's/.*breakdowns ([0-9]+) ms.*/\1/' | paste -sd' ' || true)
  echo "  laps (ms): ${laps:-none}"
fi

ROUND="${1:-$(api "$BASE/api/v1/operations/$CODE/rounds" | jq '[.[] | select(.status == "PUBLISHED") | .number] | max')}"
for i in $(seq 1 "$REPEAT"); do
  api -X POST "$BASE/api/v1/operations/$CODE/rounds/$ROUND/reopen" -H 'Content-Type: application/json' \
    -d '{"reason":"Benchmark: publish again"}' >/dev/null
  j0=$(jvm_ticks); p0=$(pg_ticks); t=$(now_ms)
  revision=$(api -X POST "$BASE/api/v1/operations/$CODE/rounds/$ROUND/publish" -H 'Content-Type: application/json' \
    -d '{"justification":"Benchmark: publish again"}' | jq '.revision')
  ms=$(($(now_ms) - t)); j1=$(jvm_ticks); p1=$(pg_ticks)
  lap=""
  if [[ -n "${SERVER_LOG:-}" ]]; then
    lap=$(grep "Breakdowns of $CODE round $ROUND revision $revision:" "$SERVER_LOG" | tail -1 | grep -o '(breakdowns [0-9]* ms)' || true)
    agg=$(grep "Aggregates of $CODE round $ROUND:" "$SERVER_LOG" | tail -1 | sed -E 's/.*round [0-9]+: //')
  fi
  echo "publish $i: revision $revision in $ms ms, CPU jvm $((j1 - j0)) + pg $((p1 - p0)) ticks, load $(cut -d' ' -f1 /proc/loadavg); ${lap:-no breakdown lap}; aggregates: ${agg:-?}"
done

page() {
  local label="$1" url="$2" auth="$3" t ms j0 p0
  j0=$(jvm_ticks); p0=$(pg_ticks); t=$(now_ms)
  if [[ "$auth" == yes ]]; then api "$url" >/dev/null; else curl -sf "$url" >/dev/null; fi
  ms=$(($(now_ms) - t))
  echo "$label: $ms ms, CPU jvm $(($(jvm_ticks) - j0)) + pg $(($(pg_ticks) - p0)) ticks, load $(cut -d' ' -f1 /proc/loadavg)"
}
page "dashboard (signed in, round $ROUND)" "$BASE/app/operations/$CODE?round=$ROUND" yes
page "dashboard again" "$BASE/app/operations/$CODE?round=$ROUND" yes
# the disclosure runs are computed on a background thread after each publication too: give the
# first public read a fair chance to find them computed, as partners would
sleep "${PUBLIC_WAIT:-0}"
page "public page (first read)" "$BASE/public/operations/$CODE?round=$ROUND" no
page "public page again" "$BASE/public/operations/$CODE?round=$ROUND" no
if [[ -n "${SERVER_LOG:-}" ]]; then
  grep -E "Breakdowns of round .* derivable" "$SERVER_LOG" | tail -2 || true
fi
