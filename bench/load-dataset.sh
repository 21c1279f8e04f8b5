#!/usr/bin/env bash
# Loads a generated dataset into a fresh OpenDTM server through the HTTP API, exactly as a user
# would: operation, P-code list, boundaries of levels 1-3, location master list, then every round
# (create, import SA and BA files, publish all but the last with a justification, the last goes to
# review). Prints the time of every step, rows per second of the imports and the GC summary.
#
# Usage: bench/load-dataset.sh [DATASET_DIR] [OPERATION_CODE] [ROUNDS]
#   DATASET_DIR     default bench/out/ds (java -jar target/opendtm-*.jar generate-dataset
#                   --locations=100000 --rounds=24 --seed=42 --out=bench/out/ds)
#   OPERATION_CODE  default LAKELAND
#   ROUNDS          load only the first N rounds (default: all)
# Starts its own server on BENCH_PORT (default 18080) with -Xmx512m and data in bench/out/data
# (delete that directory first for a clean load), and stops it at the end; KEEP_SERVER=1 leaves it
# running (its PID is printed) — or set BENCH_URL to load into a server you started.
source "$(dirname "$0")/lib.sh"

DS="${1:-$OUT/ds}"
CODE="${2:-LAKELAND}"
MAX_ROUNDS="${3:-999}"
[[ -f "$DS/manifest.json" ]] || { echo "no dataset in $DS (run generate-dataset)" >&2; exit 1; }

machine
start_server load
NAME=$(jq -r '.operation.name' "$DS/manifest.json")
ISO3=$(jq -r '.country.iso3' "$DS/manifest.json")
COUNTRY=$(jq -r '.country.name' "$DS/manifest.json")
LEVELS=$(jq -r '.country.adminLevels' "$DS/manifest.json")

t=$(now_ms)
api -X POST "$BASE/api/v1/operations" -H 'Content-Type: application/json' \
  -d "$(jq -n --arg c "$CODE" --arg n "$NAME ($CODE)" --arg i "$ISO3" --arg cn "$COUNTRY" --argjson l "$LEVELS" \
    '{code:$c, name:$n, countryIso3:$i, countryName:$cn, adminLevels:$l}')" >/dev/null
echo "operation $CODE created in $(($(now_ms) - t)) ms"

geo() { # file kind [extra -F args]
  local file="$1" kind="$2"; shift 2
  local t0 report
  t0=$(now_ms)
  report=$(api -X POST "$BASE/api/v1/operations/$CODE/geography/imports" -F "file=@$DS/$file" -F "kind=$kind" "$@")
  local ms=$(($(now_ms) - t0))
  echo "geography $kind $file: $ms ms $(echo "$report" | jq -c '{created, updated, unchanged, retired} | with_entries(select(.value != null))' 2>/dev/null || true)"
  LAST_MS=$ms
}
geo pcodes.csv PCODES
for level in $(seq 1 "$LEVELS"); do
  geo "adm$level.geojson" BOUNDARIES -F pcodeProperty=pcode -F "level=$level"
done
geo locations.csv LOCATIONS
rows=$(($(wc -l <"$DS/locations.csv") - 2))
echo "  locations: $rows rows in $LAST_MS ms = $((rows * 1000 / LAST_MS)) rows/s"

total_rows=0
total_import_ms=0
ROUNDS=$(jq '.rounds | length' "$DS/manifest.json")
for i in $(seq 0 $((ROUNDS - 1))); do
  number=$(jq -r ".rounds[$i].number" "$DS/manifest.json")
  [[ "$number" -le "$MAX_ROUNDS" ]] || break
  date=$(jq -r ".rounds[$i].reportingDate" "$DS/manifest.json")
  status=$(jq -r ".rounds[$i].status" "$DS/manifest.json")
  api -X POST "$BASE/api/v1/operations/$CODE/rounds" -H 'Content-Type: application/json' \
    -d "{\"number\":$number,\"reportingDate\":\"$date\"}" >/dev/null
  line="round $number:"
  for f in $(jq -r ".rounds[$i].files[].name" "$DS/manifest.json"); do
    t0=$(now_ms)
    report=$(api -X POST "$BASE/api/v1/operations/$CODE/rounds/$number/imports" -F "file=@$DS/$f")
    ms=$(($(now_ms) - t0))
    r=$(echo "$report" | jq '.rowsRead')
    total_rows=$((total_rows + r)); total_import_ms=$((total_import_ms + ms))
    line="$line $f $r rows ${ms} ms ($((r * 1000 / ms)) rows/s);"
  done
  t0=$(now_ms)
  if [[ "$status" == "published" || "$number" -lt "$MAX_ROUNDS" && "$MAX_ROUNDS" -lt 999 ]]; then
    api -X POST "$BASE/api/v1/operations/$CODE/rounds/$number/publish" -H 'Content-Type: application/json' \
      -d '{"justification":"Benchmark load: history published as collected."}' >/dev/null
    line="$line publish $(($(now_ms) - t0)) ms"
  else
    api -X POST "$BASE/api/v1/operations/$CODE/rounds/$number/review" >/dev/null
    line="$line review $(($(now_ms) - t0)) ms"
  fi
  echo "$line"
done
echo "imports: $total_rows rows in $total_import_ms ms = $((total_rows * 1000 / (total_import_ms + 1))) rows/s (HTTP upload + import + validation)"
[[ -n "${GC_LOG:-}" ]] && gc_summary "$GC_LOG"
if [[ "${KEEP_SERVER:-0}" == "1" && -n "$SERVER_PID" ]]; then
  echo "server left running: pid $SERVER_PID ($BASE); stop it with: kill $SERVER_PID"
  trap - EXIT
fi
