#!/usr/bin/env bash
# Writes a big, valid assessment file for the memory test: every location of a generated dataset
# with one row per displacement reason (7) x origin admin 3 (K of them, never the location's own
# admin 3), i.e. 7*K IDP figures per place, all distinct (no DUPLICATE_PLACE), m + f = individuals
# and the ten sex-and-age bands = individuals on every row, households of 3.5-6 people. Sites are
# SA, villages BA, as in the dataset. Same columns and HXL row as the generator's round files.
#
# Usage: bench/import/make-big-file.sh [DATASET_DIR] [K] [OUT]
#   defaults: bench/out/ds, 15 origins per reason (100,000 locations -> 10.5 M rows, 1.12 GB),
#   bench/out/big.csv
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
DS="${1:-$here/../out/ds}"
K="${2:-15}"
OUT="${3:-$here/../out/big.csv}"
head -2 "$DS/round-01-sa.csv" >"$OUT"
awk -F, -v K="$K" '
  FNR == 1 { file++ }
  file == 1 && FNR > 2 { adm3[n3++] = $7; next }            # pcodes.csv: #adm3+code is column 7
  file == 2 && FNR > 2 {                                      # locations.csv
    code = $1; own = $8; type = (substr(code, 4, 1) == "S") ? "SA" : "BA"
    shelter = (type == "SA") ? "Emergency shelter" : ""
    h = (NR * 2654435761) % 4294967296
    start = h % n3; written = 0
    for (j = 0; written < K && j < n3; j++) {
      origin = adm3[(start + j * 37) % n3]
      if (origin == own) continue
      written++
      for (r = 1; r <= 7; r++) {
        ind = 6 + ((h + written * 7919 + r * 104729) % 595)
        hh = int((ind + 5) / 6); m = int(ind / 2); f = ind - m
        f1 = int(f * 0.03); f2 = int(f * 0.15); f3 = int(f * 0.25); f4 = int(f * 0.45); f5 = f - f1 - f2 - f3 - f4
        m1 = int(m * 0.03); m2 = int(m * 0.15); m3 = int(m * 0.25); m4 = int(m * 0.45); m5 = m - m1 - m2 - m3 - m4
        printf "%s,%s,2026-10-15,6,%s,,%s,2025-06,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,,\n",
          code, type, reason[r], origin, shelter, hh, ind, m, f, f1, f2, f3, f4, f5, m1, m2, m3, m4, m5
      }
    }
  }
  BEGIN { split("Conflict,Natural disaster,Insecurity,Communal clashes,Economic,Other,Not reported", reason, ",") }
' "$DS/pcodes.csv" "$DS/locations.csv" >>"$OUT"
rows=$(($(wc -l <"$OUT") - 2))
echo "$OUT: $rows rows, $(stat -c %s "$OUT") bytes"
