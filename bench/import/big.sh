#!/usr/bin/env bash
# The 1 GB test: imports bench/out/big.csv (bench/import/make-big-file.sh: 100,000 locations x
# 7 reasons x 15 origin admin 3 units = 10.5 M rows, 1.12 GB) into round 1 of a fresh operation on
# a fresh server whose heap is capped at 512 MB (-Xmx512m), over HTTP like any upload. Logs GC
# (-Xlog:gc) and samples the heap (jcmd GC.heap_info) and the process RSS every 5 s; prints the
# peaks. Then (CLI=1, default) imports the same file again with the import-assessments command
# (no web server) into round 2, also with -Xmx512m.
#
# Usage: bench/import/big.sh [DATASET_DIR] [BIG_FILE]
source "$(dirname "$0")/../lib.sh"
DS="${1:-$OUT/ds}"
BIG="${2:-$OUT/big.csv}"
[[ -f "$BIG" ]] || "$BENCH_DIR/import/make-big-file.sh" "$DS" 15 "$BIG"
BENCH_DATA="$OUT/data-big"
rm -rf "$BENCH_DATA"
machine
echo "file: $BIG, $(stat -c %s "$BIG") bytes, $(($(wc -l <"$BIG") - 2)) rows"
start_server big
CODE=BIG
api -X POST "$BASE/api/v1/operations" -H 'Content-Type: application/json' \
  -d '{"code":"BIG","name":"One gigabyte","countryIso3":"XLK","countryName":"Lakeland","adminLevels":3}' >/dev/null
api -X POST "$BASE/api/v1/operations/$CODE/geography/imports" -F "file=@$DS/pcodes.csv" -F kind=PCODES >/dev/null
for level in 1 2 3; do
  api -X POST "$BASE/api/v1/operations/$CODE/geography/imports" -F "file=@$DS/adm$level.geojson" \
    -F kind=BOUNDARIES -F pcodeProperty=pcode -F "level=$level" >/dev/null
done
api -X POST "$BASE/api/v1/operations/$CODE/geography/imports" -F "file=@$DS/locations.csv" -F kind=LOCATIONS >/dev/null
for r in 1 2; do
  api -X POST "$BASE/api/v1/operations/$CODE/rounds" -H 'Content-Type: application/json' \
    -d "{\"number\":$r,\"reportingDate\":\"2026-10-31\"}" >/dev/null
done
echo "geography and 100,000 locations loaded; importing $BIG into round 1 over HTTP"

SAMPLES="$OUT/big-heap-samples.log"
: >"$SAMPLES"
( while kill -0 "$SERVER_PID" 2>/dev/null; do
    echo "$(date +%T) rss_kb=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ') $(jcmd "$SERVER_PID" GC.heap_info 2>/dev/null | grep -E 'garbage-first heap' | sed 's/^ *//')" >>"$SAMPLES"
    sleep 5
  done ) &
SAMPLER=$!
t0=$(now_ms)
report=$(api -X POST "$BASE/api/v1/operations/$CODE/rounds/1/imports" -F "file=@$BIG")
ms=$(($(now_ms) - t0))
kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
rows=$(echo "$report" | jq '.rowsRead')
echo "HTTP import: $rows rows in $ms ms = $((rows * 1000 / ms)) rows/s; $(echo "$report" | jq -c '{assessments: .assessmentsCreated, figures: .figuresCreated, flags: .flagCounts}')"
grep -E "Imported .* into $CODE round 1" "$SERVER_LOG" | tail -1 | sed -E 's/.*rows; /  server: /'
grep -E "Import .* of $CODE round 1" "$SERVER_LOG" | tail -1 | sed -E 's/.*figures; /  import: /'
grep -E "Validated $CODE round 1" "$SERVER_LOG" | tail -1 | sed -E 's/.*round 1: /  validation: /'
gc_summary "$GC_LOG"
awk '{ split($2, a, "="); if (a[2] > m) m = a[2] } END { printf "peak RSS of the server process: %d MB (heap cap 512 MB)\n", m / 1024 }' "$SAMPLES"
awk '{ for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K,?", "", v); if (v + 0 > m) m = v + 0 } } END { printf "peak heap used in jcmd samples: %d MB\n", m / 1024 }' "$SAMPLES"
stop_server

if [[ "${CLI:-1}" == "1" ]]; then
  echo "import-assessments command (no web server) into round 2, -Xmx512m:"
  t0=$(now_ms)
  OPENDTM_DEMO=false OPENDTM_DATA_DIR="$BENCH_DATA" java -Xmx512m "-Xlog:gc:file=$OUT/gc-big-cli.log:uptime:filecount=0" \
    -jar "$(jar)" import-assessments --operation=BIG --round=2 "$BIG" >"$OUT/big-cli.log" 2>&1 && rc=0 || rc=$?
  ms=$(($(now_ms) - t0))
  echo "CLI: exit $rc in $ms ms (JVM start included) = $((rows * 1000 / ms)) rows/s"
  grep -E "Imported .* into BIG round 2" "$OUT/big-cli.log" | tail -1 | sed -E 's/.*rows; /  server: /'
  gc_summary "$OUT/gc-big-cli.log"
fi
