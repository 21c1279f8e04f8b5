#!/usr/bin/env bash
# Import throughput at several sizes, over HTTP on a fresh server (-Xmx512m) per size:
#   location master list   POST .../geography/imports (kind LOCATIONS)
#   round 1 SA and BA      POST .../rounds/1/imports   (read, stage, store, validate the round)
#   publish round 1        POST .../rounds/1/publish
#   round 2 SA and BA      (validated against published round 1, as in real use)
# Datasets come from the generator (bench/out/ds-N, generated when missing; N=100000 uses
# bench/out/ds if present). Prints rows/s per step and the server's breakdown of each import.
#
# Usage: bench/import/run.sh [SIZES...]     default: 10000 50000 100000
#   BENCH_TOKEN=1  round imports sign in with an API token (created for the bench's operation)
#                  instead of HTTP Basic, which pays an Argon2 password check per request
#   BENCH_WARM=1   before round 1, one import of the first 2,000 rows of round 1's BA file into
#                  round 99 (never published), so the server's JIT has seen the import path
#   BENCH_SETTLE=0 import round 2 right after round 1's publication, while its background work
#                  (breakdowns, sums per place, disclosure control) still runs (default 1: wait
#                  for it, as weeks later)
#   BENCH_WARM=full  the same with the whole BA file, three times (each replacing the last): the
#                  JIT has compiled the import path, as in a server that has been running imports
source "$(dirname "$0")/../lib.sh"
SIZES=("$@"); [[ ${#SIZES[@]} -gt 0 ]] || SIZES=(10000 50000 100000)
machine
for N in "${SIZES[@]}"; do
  DS="$OUT/ds-$N"
  [[ $N -eq 100000 && -f "$OUT/ds/manifest.json" ]] && DS="$OUT/ds"
  if [[ ! -f "$DS/manifest.json" ]]; then
    OPENDTM_DEMO=false OPENDTM_DATA_DIR="$OUT/data-gen" java -Xmx512m -jar "$(jar)" generate-dataset \
      --locations="$N" --rounds=2 --seed=42 --last-reporting-date=2026-10-31 --out="$DS" >/dev/null
  fi
  BENCH_DATA="$OUT/data-import-$N"
  rm -rf "$BENCH_DATA"
  echo "=== $N locations ($DS)"
  start_server "import-$N"
  CODE="IMP$N"
  api -X POST "$BASE/api/v1/operations" -H 'Content-Type: application/json' \
    -d "{\"code\":\"$CODE\",\"name\":\"Import bench $N\",\"countryIso3\":\"XLK\",\"countryName\":\"Lakeland\",\"adminLevels\":3}" >/dev/null
  api -X POST "$BASE/api/v1/operations/$CODE/geography/imports" -F "file=@$DS/pcodes.csv" -F kind=PCODES >/dev/null
  for level in 1 2 3; do
    api -X POST "$BASE/api/v1/operations/$CODE/geography/imports" -F "file=@$DS/adm$level.geojson" \
      -F kind=BOUNDARIES -F pcodeProperty=pcode -F "level=$level" >/dev/null
  done
  import_api() { api "$@"; }
  if [[ "${BENCH_TOKEN:-0}" == 1 ]]; then
    TOKEN=$(api -X POST "$BASE/api/v1/me/tokens" -H 'Content-Type: application/json' \
      -d "{\"name\":\"import bench\",\"operations\":[\"$CODE\"],\"rights\":[\"IMPORT_ASSESSMENTS\"]}" | jq -r .token)
    import_api() { api_token "$TOKEN" "$@"; }
    echo "round imports sign in with an API token"
  fi
  rows=$(($(wc -l <"$DS/locations.csv") - 2))
  for pass in insert update; do
    c0=$(cpu_snapshot)
    t0=$(now_ms)
    report=$(api -X POST "$BASE/api/v1/operations/$CODE/geography/imports" -F "file=@$DS/locations.csv" -F kind=LOCATIONS)
    ms=$(($(now_ms) - t0))
    echo "locations ($pass): $rows rows in $ms ms = $((rows * 1000 / ms)) rows/s $(echo "$report" | jq -c '{created, updated, unchanged}')"
    cpu_report "$c0" "$(cpu_snapshot)" "$rows" "rows"
  done
  if [[ "${BENCH_WARM:-0}" != 0 ]]; then
    date=$(jq -r ".rounds[0].reportingDate" "$DS/manifest.json")
    api -X POST "$BASE/api/v1/operations/$CODE/rounds" -H 'Content-Type: application/json' \
      -d "{\"number\":99,\"reportingDate\":\"$date\"}" >/dev/null
    ba="$DS/$(jq -r '.rounds[0].files[] | select(.name | test("-ba")) | .name' "$DS/manifest.json")"
    if [[ "$BENCH_WARM" == full ]]; then
      cp "$ba" "$OUT/warm-up.csv"
      passes=3
    else
      head -n 2002 "$ba" >"$OUT/warm-up.csv"
      passes=1
    fi
    for ((p = 1; p <= passes; p++)); do
      t0=$(now_ms)
      import_api -X POST "$BASE/api/v1/operations/$CODE/rounds/99/imports" -F "file=@$OUT/warm-up.csv" >/dev/null
      echo "warm-up $p: $(($(wc -l <"$OUT/warm-up.csv") - 2)) rows into round 99 in $(($(now_ms) - t0)) ms"
    done
  fi
  for r in 1 2; do
    date=$(jq -r ".rounds[$((r - 1))].reportingDate" "$DS/manifest.json")
    api -X POST "$BASE/api/v1/operations/$CODE/rounds" -H 'Content-Type: application/json' \
      -d "{\"number\":$r,\"reportingDate\":\"$date\"}" >/dev/null
    for f in $(jq -r ".rounds[$((r - 1))].files[].name" "$DS/manifest.json"); do
      bytes=$(stat -c %s "$DS/$f")
      c0=$(cpu_snapshot)
      t0=$(now_ms)
      report=$(import_api -X POST "$BASE/api/v1/operations/$CODE/rounds/$r/imports" -F "file=@$DS/$f")
      ms=$(($(now_ms) - t0))
      c1=$(cpu_snapshot)
      n=$(echo "$report" | jq '.rowsRead')
      echo "round $r $f: $n rows ($((bytes / 1000)) kB) in $ms ms = $((n * 1000 / ms)) rows/s; $(echo "$report" | jq -c '{assessments: .assessmentsCreated, figures: .figuresCreated}')"
      cpu_report "$c0" "$c1" "$n" "rows"
      grep -E "Imported $f into $CODE" "$SERVER_LOG" | tail -1 | sed -E 's/.*rows; /    server: /'
      grep -E "Import $f of $CODE" "$SERVER_LOG" | tail -1 | sed -E 's/.*figures; /    import: /'
    done
    if [[ $r -eq 1 ]]; then
      c0=$(cpu_snapshot)
      t0=$(now_ms)
      api -X POST "$BASE/api/v1/operations/$CODE/rounds/1/publish" -H 'Content-Type: application/json' \
        -d '{"justification":"Import benchmark"}' >/dev/null
      echo "publish round 1: $(($(now_ms) - t0)) ms"
      cpu_report "$c0" "$(cpu_snapshot)" 1 "publish"
      grep -E "Publishing $CODE round 1" "$SERVER_LOG" | tail -1 | sed -E 's/.*revision 1: /    server: /'
      if [[ "${BENCH_SETTLE:-1}" == 1 ]]; then
        # as in real use (the next round comes weeks later): round 2 is imported once round 1's
        # background work is done: breakdowns, the sums per place, disclosure control of the
        # aggregates and of the breakdowns
        t0=$(now_ms)
        until { grep -qE "Breakdowns of $CODE round 1 revision 1:" "$SERVER_LOG" \
                && grep -qE "Place totals of $CODE round 1 revision 1:" "$SERVER_LOG" \
                && grep -qE "Disclosure control of $CODE round 1 revision 1:" "$SERVER_LOG" \
                && grep -qE "Breakdowns of round [0-9]+ revision 1 protected" "$SERVER_LOG"; } \
              || (($(now_ms) - t0 > 60000)); do
          sleep 0.2
        done
        sleep 1
        echo "    background work of the publication done $(($(now_ms) - t0)) ms later"
      fi
    fi
  done
  gc_summary "$GC_LOG"
  stop_server
done
