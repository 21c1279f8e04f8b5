#!/usr/bin/env bash
# Load test of the OpenRosa submission endpoint with wrk: CONNECTIONS clients POSTing 5 KB
# submissions with unique instanceIDs to a token server URL (/openrosa/CRASH/key/<token>/submission)
# of a fresh server on a durable embedded PostgreSQL (fsync and synchronous_commit on).
#
# Usage: bench/openrosa/run.sh [DURATION] [CONNECTIONS] [THREADS]
#   bench/openrosa/run.sh 30s 100 2
# Environment:
#   BENCH_PORT       server port (default: a free one)
#   BENCH_RATE       offer about this many submissions/s in the measured run (each connection waits
#                    CONNECTIONS/RATE s before each request) instead of wrk's closed loop, which
#                    offers as many as the server takes and so measures latency at saturation
#   BENCH_WARMUP     warm-up before the measured run (default 20s; JIT and connection pool)
#   BENCH_CLASSES    a directory holding classes/, test-classes/ and bench-classpath.txt of another
#                    build (a "before" copy, for back-to-back pairs); default: this worktree, compiled
#   BENCH_JFR        file name: record a JFR profile (settings=profile) of the measured run
#   BENCH_HEAP, BENCH_JAVA_OPTS  JVM options of the server
# The server is the application started by the test helper CrashTestServer (it makes an operation,
# a form and an enumerator on the first start). Target of issue 5: >= 500 submissions/s with p99 under
# 200 ms at 100 connections on the 2-core machine. Results go to docs/BENCHMARKS.md.
#
# Printed besides wrk's numbers: the CPU the JVM and PostgreSQL used per submission, measured from
# /proc/<pid>/stat before and after the run, and again after the background worker has turned every
# submission into its processing state (APPLIED / NOT_APPLIED): that worker is part of the cost; and
# the number of transactions PostgreSQL committed per submission (pg_stat_database).
set -euo pipefail
duration="${1:-30s}"
connections="${2:-100}"
threads="${3:-2}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/bench/out"
mkdir -p "$out"
data="$(mktemp -d "$out/openrosa-data.XXXXXX")"
port="${BENCH_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

if [[ -n "${BENCH_CLASSES:-}" ]]; then
  cp="$BENCH_CLASSES/classes:$BENCH_CLASSES/test-classes:$(cat "$BENCH_CLASSES/bench-classpath.txt")"
else
  (cd "$root" && mvn -B -q -o test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt >/dev/null)
  cp="$root/target/classes:$root/target/test-classes:$(cat "$root/target/bench-classpath.txt")"
fi

java -Xmx${BENCH_HEAP:-512m} "-Xlog:gc:file=$out/gc-openrosa.log:uptime:filecount=0" ${BENCH_JAVA_OPTS:-} \
  -cp "$cp" org.opendtm.collection.CrashTestServer "$data" "$port" >"$out/server-openrosa.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  # the embedded PostgreSQL of the data directory
  if [[ -f "$data/postgres/postmaster.pid" ]]; then kill -INT "$(head -1 "$data/postgres/postmaster.pid")" 2>/dev/null || true; fi
  sleep 2
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 240); do
  grep -q '^READY ' "$out/server-openrosa.log" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$out/server-openrosa.log"; exit 1; }
  sleep 1
done
token=$(grep '^READY ' "$out/server-openrosa.log" | head -1 | cut -d' ' -f2)
url="http://127.0.0.1:$port/openrosa/CRASH/key/$token/submission"
pgport=$(sed -n 4p "$data/postgres/postmaster.pid")
sql() { psql -X -q -t -A -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -c "$1"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU ticks used so far by the server JVM and by its PostgreSQL processes: on a shared machine
# the CPU cost per submission says more than the rate
cpu() {
  local pm pids
  pm=$(head -1 "$data/postgres/postmaster.pid")
  pids="$server $pm $(ps -o pid= --ppid "$pm" | tr '\n' ' ')"
  local jvm=0 pg=0
  for p in $pids; do
    [[ -r /proc/$p/stat ]] || continue
    local t; t=$(awk '{print $14 + $15}' "/proc/$p/stat")
    if [[ $p == "$server" ]]; then jvm=$((jvm + t)); else pg=$((pg + t)); fi
  done
  # the bridge worker's own thread (submission-binding), to tell the request path from the worker
  local worker=0
  for t in /proc/$server/task/*; do
    if grep -q '^submission-bind' "$t/comm" 2>/dev/null; then
      worker=$((worker + $(awk '{print $14 + $15}' "$t/stat")))
    fi
  done
  echo "$jvm $pg $worker"
}
commits() { sql "select sum(xact_commit + xact_rollback) from pg_stat_database"; }
stored() { sql "select count(*) from collection.submission"; }
pending() { sql "select count(*) from collection.submission where processing = 'PENDING'"; }
drain() {
  for _ in $(seq 1 600); do
    [[ "$(pending)" == "0" ]] && return
    sleep 0.5
  done
}
tck=$(getconf CLK_TCK)
# warm-up (JIT, connection pool), not counted
BENCH_RATE= wrk -t"$threads" -c"$connections" -d"${BENCH_WARMUP:-20s}" --timeout 10s -s "$here/submit.lua" "$url" >/dev/null
drain
read -r jvm0 pg0 w0 < <(cpu)
x0=$(commits)
n0=$(stored)
if [[ -n "${BENCH_JFR:-}" ]]; then
  jcmd "$server" JFR.start name=bench settings=profile filename="$BENCH_JFR" >/dev/null
fi
BENCH_CONNECTIONS="$connections" wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s -s "$here/submit.lua" "$url" | tee "$out/wrk-openrosa.txt"
read -r jvm1 pg1 w1 < <(cpu)
n=$(awk '/^requests / {print $2}' "$out/wrk-openrosa.txt")
drain
read -r jvm2 pg2 w2 < <(cpu)
if [[ -n "${BENCH_JFR:-}" ]]; then jcmd "$server" JFR.stop name=bench >/dev/null; fi
x1=$(commits)
n1=$(stored)
# per submission stored (requests that timed out in wrk were stored all the same)
awk -v j=$((jvm1 - jvm0)) -v p=$((pg1 - pg0)) -v jd=$((jvm2 - jvm0)) -v pd=$((pg2 - pg0)) -v wd=$((w2 - w0)) \
  -v t="$tck" -v n="$n" -v s=$((n1 - n0)) -v x=$((x1 - x0)) 'BEGIN {
  printf "CPU during the run: JVM %.1f s, PostgreSQL %.1f s (backends that ended are not counted)\n", j / t, p / t
  printf "CPU per submission, until the worker had processed every one: JVM %.2f ms (request path %.2f ms, worker thread %.2f ms) + PostgreSQL %.2f ms = %.2f ms\n",
    1000 * jd / t / s, 1000 * (jd - wd) / t / s, 1000 * wd / t / s, 1000 * pd / t / s, 1000 * (jd + pd) / t / s
  printf "stored %d new submissions for %d answered requests; %.2f PostgreSQL transactions per submission\n", s, n, x / s }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
