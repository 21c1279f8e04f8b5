#!/usr/bin/env bash
# DTM API load test with a realistic mix of queries: wrk, 200 connections (default), cycling over
#   admin0  by Operation (all rounds) and by CountryName from each round on
#   admin1  by Operation + Admin1Pcode (all rounds) and by Operation for one round
#   admin2  by Operation + Admin1Pcode for a 3-round range, and by CountryName + Admin2Pcode
# built from a generated dataset's pcodes.csv and manifest.json (published rounds only).
#
# Usage: bench/dtm-api/mix.sh BASE_URL DATASET_DIR OPERATION_NAME [DURATION] [CONNECTIONS] [THREADS]
#   e.g. bench/dtm-api/mix.sh http://localhost:18080 bench/out/ds "Lakeland displacement tracking (demo) (LAKELAND)" 30s 200 2
# SIZES=1 afterwards fetches every path once and prints record counts and sizes (raw and gzip).
set -euo pipefail
base="${1%/}"; ds="$2"; operation="$3"
duration="${4:-30s}"; connections="${5:-200}"; threads="${6:-2}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../out"; mkdir -p "$out"
paths="$out/dtm-paths.txt"

enc() { jq -rn --arg v "$1" '$v|@uri'; }
op=$(enc "$operation")
country=$(enc "$(jq -r '.country.name' "$ds/manifest.json")")
mapfile -t rounds < <(jq -r '.rounds[] | select(.status == "published") | .number' "$ds/manifest.json")
mapfile -t adm1 < <(awk -F, 'NR > 2 {print $3}' "$ds/pcodes.csv" | sort -u)
mapfile -t adm2 < <(awk -F, 'NR > 2 {print $5}' "$ds/pcodes.csv" | sort -u)
{
  echo "/dtm/v3/displacement/admin0?Operation=$op"
  for r in "${rounds[@]}"; do echo "/dtm/v3/displacement/admin0?CountryName=$country&FromRoundNumber=$r"; done
  for a in "${adm1[@]}"; do echo "/dtm/v3/displacement/admin1?Operation=$op&Admin1Pcode=$a"; done
  for r in "${rounds[@]}"; do echo "/dtm/v3/displacement/admin1?Operation=$op&FromRoundNumber=$r&ToRoundNumber=$r"; done
  for a in "${adm1[@]}"; do
    for r in "${rounds[@]}"; do
      [[ $r -ge 3 ]] && echo "/dtm/v3/displacement/admin2?Operation=$op&Admin1Pcode=$a&FromRoundNumber=$((r - 2))&ToRoundNumber=$r"
    done
  done
  for a in "${adm2[@]}"; do echo "/dtm/v3/displacement/admin2?CountryName=$country&Admin2Pcode=$a"; done
} | awk 'BEGIN {srand(42)} {print rand() "\t" $0}' | sort -k1,1 | cut -f2- >"$paths"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "mix: $(wc -l <"$paths") distinct queries ($paths), wrk $threads threads, $connections connections, $duration, Accept-Encoding: gzip"
wrk --latency -t"$threads" -c"$connections" -d"$duration" --timeout 10s \
  -H 'Accept-Encoding: gzip' -s "$here/mix.lua" "$base" -- "$paths"

if [[ "${SIZES:-0}" == "1" ]]; then
  echo "answer sizes per query kind (path, first two parameter names):"
  while read -r p; do
    kind=$(echo "$p" | sed -E 's#/dtm/v3/displacement/(admin[0-2])\?([A-Za-z0-9]+)=[^&]*&?([A-Za-z0-9]*).*#\1 \2 \3#')
    raw=$(curl -s "$base$p" | tee /tmp/dtm-mix-probe.json | wc -c)
    gz=$(curl -s -H 'Accept-Encoding: gzip' "$base$p" | wc -c)
    n=$(grep -o '"totalRecordsCount":[0-9]*' /tmp/dtm-mix-probe.json | cut -d: -f2)
    echo "$kind|$n|$raw|$gz"
  done <"$paths" | awk -F'|' '
    { k = $1; c[k]++; sn[k] += $2; sr[k] += $3; sg[k] += $4
      if (!(k in mr) || $3 > mr[k]) { mr[k] = $3; mn[k] = $2; mg[k] = $4 } }
    END { for (k in c) printf "  %-28s x%-4d avg %7.0f records, %9.0f bytes raw, %8.0f gzip; largest %d records, %d raw, %d gzip\n",
      k, c[k], sn[k] / c[k], sr[k] / c[k], sg[k] / c[k], mn[k], mr[k], mg[k] }'
  rm -f /tmp/dtm-mix-probe.json
fi
