#!/usr/bin/env bash
# Times every request the signed-in dashboard page makes, on a loaded dataset: the page at admin 1
# and 2 (figures, headline, breakdowns and table are in the HTML), the page with an area time
# series, the admin-2 boundaries, the sites layer (whole view at the fitted zoom, and a zoomed-in
# view) and the admin-2 table download. Each request N times, first one cold (fresh server);
# prints time to first byte and total (min / median / max), sizes raw and gzip, and the CPU time of
# the JVM and of PostgreSQL per request (from /proc, so a loaded machine still gives comparable
# numbers), then the server's own phase log of the dashboard ("Dashboard of … in N ms: …").
#
# Usage: bench/dashboard/run.sh [DATA_DIR] [OPERATION_CODE] [N]
#   DATA_DIR        OPENDTM_DATA_DIR of a loaded server (default bench/out/data, see
#                   bench/load-dataset.sh); a copy is safest: the server migrates it
#   OPERATION_CODE  default: the first operation the API lists
#   N               requests per kind (default 10)
# BENCH_JAR=old.jar runs the same measurements against another build (before/after).
# WARM=25 first sends 25 unmeasured requests of each kind (a warmed JVM: without it a fresh
# server's JIT compilation is part of the numbers, and the first request of a kind is cold).
source "$(dirname "$0")/../lib.sh"
BENCH_DATA="${1:-$BENCH_DATA}"
CODE="${2:-}"
N="${3:-10}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dlogging.level.org.opendtm.ui.web.Dashboards=debug"
[[ -d "$BENCH_DATA/postgres" ]] || { echo "no server data in $BENCH_DATA" >&2; exit 1; }
BENCH_DATA=$(cd "$BENCH_DATA" && pwd)

machine
start_server dashboard
JAR_USED=$(jar)
echo "jar: $JAR_USED"
COOKIES="$OUT/dashboard-cookies.txt"
rm -f "$COOKIES"

# a browser session: Basic auth would pay an Argon2id hash on every request
csrf=$(curl -s -c "$COOKIES" -b "$COOKIES" "$BASE/sign-in" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$COOKIES" -b "$COOKIES" --data-urlencode "username=admin" \
  --data-urlencode "password=$BENCH_PASSWORD" --data-urlencode "_csrf=$csrf" "$BASE/login"
if [[ -z "$CODE" ]]; then
  CODE=$(curl -s -b "$COOKIES" "$BASE/api/v1/operations" | jq -r '.[0].code // .result[0].code // empty')
fi
echo "operation $CODE"

page2=$(curl -s -b "$COOKIES" "$BASE/app/operations/$CODE?level=2")
area=$(echo "$page2" | grep -o 'data-pcode="[^"]*"' | head -1 | sed 's/.*="//; s/"$//')
boundaries=$(echo "$page2" | grep -o 'data-boundaries="[^"]*"' | head -1 | sed 's/.*="//; s/"$//; s/&amp;/\&/g')
sites=$(echo "$page2" | grep -o 'data-sites="[^"]*"' | head -1 | sed 's/.*="//; s/"$//; s/&amp;/\&/g')
# the view the map fits to: the boundaries' extent
bbox=$(curl -s -b "$COOKIES" "$BASE$boundaries" | jq -r '[.. | arrays | select(length == 2 and (.[0] | type) == "number")] as $p
  | [($p | map(.[0]) | min), ($p | map(.[1]) | min), ($p | map(.[0]) | max), ($p | map(.[1]) | max)] | map(tostring) | join(",")')
IFS=, read -r W S E Nn <<<"$bbox"
cx=$(echo "($W + $E) / 2" | bc -l); cy=$(echo "($S + $Nn) / 2" | bc -l)
small=$(printf '%.4f,%.4f,%.4f,%.4f' "$(echo "$cx - 0.05" | bc -l)" "$(echo "$cy - 0.03" | bc -l)" "$(echo "$cx + 0.05" | bc -l)" "$(echo "$cy + 0.03" | bc -l)")
echo "area $area, extent $bbox"

declare -a KINDS=(
  "page-admin1 /app/operations/$CODE?level=1"
  "page-admin2 /app/operations/$CODE?level=2"
  "page-admin2-area-series /app/operations/$CODE?level=2&area=$area"
  "boundaries-admin2 $boundaries"
  "sites-fitted-view $sites?zoom=7&bbox=$bbox"
  "sites-zoom-13 $sites?zoom=13&bbox=$small"
  "table-admin2-csv /app/operations/$CODE/table.csv?level=2"
)

ticks() { # utime+stime of a pid (clock ticks)
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
pg_ticks() { # the postmaster of this data directory, its ended children and its live ones
  local pm total p
  pm=$(head -1 "$BENCH_DATA/postgres/postmaster.pid" 2>/dev/null || true)
  [[ -n "$pm" ]] || { echo 0; return; }
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat" 2>/dev/null || echo 0)
  for p in $(pgrep -P "$pm" || true); do total=$((total + $(ticks "$p"))); done
  echo "$total"
}
hz=$(getconf CLK_TCK)

printf '%-26s %5s %22s %22s %10s %9s %9s %9s\n' kind n "first byte ms min/med/max" "total ms min/med/max" "cold ms" "raw KB" "gzip KB" "CPU ms/req (jvm+pg)"
for entry in "${KINDS[@]}"; do
  kind=${entry%% *}; path=${entry#* }
  for _ in $(seq 1 "${WARM:-0}"); do curl -s -o /dev/null -b "$COOKIES" -H 'Accept-Encoding: gzip' "$BASE$path"; done
  raw=$(curl -s -b "$COOKIES" -o /dev/null -w '%{size_download}' "$BASE$path")
  j0=$(ticks "$SERVER_PID"); p0=$(pg_ticks)
  firsts=(); totals=(); gz=0
  for i in $(seq 1 "$N"); do
    read -r fb tt sz < <(curl -s -b "$COOKIES" -H 'Accept-Encoding: gzip' -o /dev/null \
      -w '%{time_starttransfer} %{time_total} %{size_download}\n' "$BASE$path")
    firsts+=("$(echo "$fb * 1000" | bc -l | cut -d. -f1)"); totals+=("$(echo "$tt * 1000" | bc -l | cut -d. -f1)"); gz=$sz
  done
  j1=$(ticks "$SERVER_PID"); p1=$(pg_ticks)
  cold=${totals[0]}
  f=$(printf '%s\n' "${firsts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[1] "/" a[int((NR+1)/2)] "/" a[NR]}')
  t=$(printf '%s\n' "${totals[@]}" | sort -n | awk '{a[NR]=$1} END {print a[1] "/" a[int((NR+1)/2)] "/" a[NR]}')
  cpu_j=$(( (j1 - j0) * 1000 / hz / N )); cpu_p=$(( (p1 - p0) * 1000 / hz / N ))
  printf '%-26s %5d %22s %22s %10s %9.1f %9.1f %9s\n' "$kind" "$N" "$f" "$t" "$cold" \
    "$(echo "$raw / 1024" | bc -l)" "$(echo "$gz / 1024" | bc -l)" "$cpu_j+$cpu_p"
done
echo "(the first of the N requests of a kind is its cold one; the order above is the order run)"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n "${SERVER_LOG:-}" ]]; then
  echo "server's dashboard phases (last 5):"
  grep -o 'Dashboard of .*' "$SERVER_LOG" | tail -5
fi
[[ -n "${GC_LOG:-}" ]] && gc_summary "$GC_LOG"
