# Shared helpers of the bench scripts (sourced, not run).
#   BENCH_PORT      port of the server (default 18080)
#   BENCH_DATA      OPENDTM_DATA_DIR of the server (default bench/out/data)
#   BENCH_PASSWORD  admin password (default bench-admin-password)
#   BENCH_HEAP      -Xmx of the server (default 512m)
#   BENCH_URL       use an already running server instead of starting one
#   BENCH_JAR       the jar to run (default target/opendtm-*.jar)
#   BENCH_JAVA_OPTS extra JVM/Spring options, e.g. -Dopendtm.public-cache.max-bytes=0
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="$BENCH_DIR/out"
mkdir -p "$OUT"
BENCH_PORT="${BENCH_PORT:-18080}"
BENCH_DATA="${BENCH_DATA:-$OUT/data}"
BENCH_PASSWORD="${BENCH_PASSWORD:-bench-admin-password}"
BENCH_HEAP="${BENCH_HEAP:-512m}"
BASE="${BENCH_URL:-http://localhost:$BENCH_PORT}"
AUTH="admin:$BENCH_PASSWORD"
SERVER_PID=""

# The platform jar: BENCH_JAR if set (e.g. a copy of an older build, for before/after runs),
# else target/opendtm-*.jar (built when missing).
jar() {
  if [[ -n "${BENCH_JAR:-}" ]]; then echo "$BENCH_JAR"; return; fi
  local j
  j=$(ls "$ROOT"/target/opendtm-*.jar 2>/dev/null | grep -v original | head -1 || true)
  if [[ -z "$j" ]]; then
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
    j=$(ls "$ROOT"/target/opendtm-*.jar | grep -v original | head -1)
  fi
  echo "$j"
}

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
    "$(free -g | awk '/Mem:/ {print $2}') GB RAM, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Starts the server in the background (GC log in $OUT/gc-<name>.log, console in $OUT/server-<name>.log)
# and waits until it answers. Sets SERVER_PID; stop_server kills exactly that process.
start_server() {
  local name="${1:-server}"
  if [[ -n "${BENCH_URL:-}" ]]; then return; fi
  if curl -s -o /dev/null "$BASE/actuator/health" 2>/dev/null; then
    echo "something already answers on $BASE: stop it first (or set BENCH_PORT)" >&2
    exit 1
  fi
  local j
  j=$(jar)
  GC_LOG="$OUT/gc-$name.log"
  SERVER_LOG="$OUT/server-$name.log"
  OPENDTM_DEMO=false OPENDTM_DATA_DIR="$BENCH_DATA" OPENDTM_ADMIN_PASSWORD="$BENCH_PASSWORD" \
    PORT="$BENCH_PORT" java "-Xmx$BENCH_HEAP" "-Xlog:gc:file=$GC_LOG:uptime:filecount=0" ${BENCH_JAVA_OPTS:-} \
    -jar "$j" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  trap stop_server EXIT
  trap 'stop_server; exit 130' INT TERM
  for _ in $(seq 1 180); do
    if curl -sf "$BASE/actuator/health" >/dev/null 2>&1; then
      echo "server pid $SERVER_PID up on $BASE (heap -Xmx$BENCH_HEAP, data $BENCH_DATA)"
      return
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server died; see $SERVER_LOG" >&2
      tail -20 "$SERVER_LOG" >&2
      exit 1
    fi
    sleep 1
  done
  echo "server did not come up in 180 s" >&2
  exit 1
}

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    echo "server pid $SERVER_PID stopped"
  fi
  SERVER_PID=""
}

# Peak heap after GC and peak heap before GC from a -Xlog:gc file (unified logging lines like
# "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(256M) 4.1ms").
gc_summary() {
  local log="$1"
  awk '/->/ {
      match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/); s = substr($0, RSTART, RLENGTH);
      split(s, a, /M->|M\(|M\)/); before = a[1] + 0; after = a[2] + 0; cap = a[3] + 0;
      if (before > maxb) maxb = before; if (after > maxa) maxa = after; if (cap > maxc) maxc = cap; n++ }
    END { printf "GC: %d collections, peak heap used %d MB (before GC), peak live after GC %d MB, peak committed %d MB\n", n, maxb, maxa, maxc }' "$log"
}

now_ms() { date +%s%3N; }

# curl with admin auth; fails on HTTP >= 400 and prints the body.
api() { api_signed_in -u "$AUTH" "$@"; }

# api_token TOKEN ARGS...: as api, signed in with an API token (Authorization: Bearer), as a bulk
# client would be, instead of HTTP Basic (an Argon2 check of the password per request).
api_token() {
  local token="$1"
  shift
  api_signed_in -H "Authorization: Bearer $token" "$@"
}

api_signed_in() {
  local out status
  out=$(mktemp)
  status=$(curl -s -o "$out" -w '%{http_code}' "$@")
  if [[ "$status" -ge 400 ]]; then
    echo "HTTP $status for $*:" >&2
    head -c 2000 "$out" >&2
    echo >&2
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
}

# CPU time (ms, user + system) of the server JVM and of its PostgreSQL (the postmaster, the
# backends it has reaped and the live ones), as "JVM_MS PG_MS". On a loaded machine wall time is
# noise; CPU per unit of work is not. Needs SERVER_PID and the data directory's postmaster.pid.
cpu_snapshot() {
  local hz jvm=0 pg=0 pm child
  hz=$(getconf CLK_TCK)
  if [[ -n "${SERVER_PID:-}" && -r /proc/$SERVER_PID/stat ]]; then
    jvm=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat")
  fi
  pm=$(head -1 "$BENCH_DATA/postgres/postmaster.pid" 2>/dev/null || true)
  if [[ -n "$pm" && -r /proc/$pm/stat ]]; then
    pg=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pm/stat")
    for child in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null); do
      [[ -r /proc/$child/stat ]] && pg=$((pg + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
  fi
  echo "$((jvm * 1000 / hz)) $((pg * 1000 / hz))"
}

# cpu_report "BEFORE" "AFTER" UNITS LABEL: CPU of JVM and PostgreSQL between two cpu_snapshot
# outputs, in total and per 1,000 units of work, with the load average.
cpu_report() {
  local b=($1) a=($2) units="$3" label="$4"
  local j=$((a[0] - b[0])) p=$((a[1] - b[1]))
  echo "    cpu ($label): JVM $j ms + PostgreSQL $p ms = $((j + p)) ms;" \
    "$( ((units > 1)) && echo "per 1,000: JVM $((j * 1000 / units)) ms, PG $((p * 1000 / units)) ms;")" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
}
