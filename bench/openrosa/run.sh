#!/usr/bin/env bash
# Load test of the OpenRosa submission endpoint with wrk: CONNECTIONS clients POSTing 5 KB
# submissions with unique instanceIDs to a token server URL (/openrosa/CRASH/key/<token>/submission)
# of a fresh server on a durable embedded PostgreSQL (fsync and synchronous_commit on).
#
# Usage: bench/openrosa/run.sh [DURATION] [CONNECTIONS] [THREADS]
#   bench/openrosa/run.sh 30s 100 2
# The server is the application started by the test helper CrashTestServer (it makes an operation,
# a form and an enumerator on the first start). Target of issue 5: >= 500 submissions/s with p99 under
# 200 ms at 100 connections on the 2-core machine. Results go to docs/BENCHMARKS.md.
set -euo pipefail
duration="${1:-30s}"
connections="${2:-100}"
threads="${3:-2}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/bench/out"
mkdir -p "$out"
data="$(mktemp -d "$out/openrosa-data.XXXXXX")"
port="${BENCH_PORT:-18090}"

(cd "$root" && mvn -B -q -o test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null)
cp="$root/target/classes:$root/target/test-classes:$(cat "$root/target/bench-classpath.txt")"

java -Xmx${BENCH_HEAP:-512m} "-Xlog:gc:file=$out/gc-openrosa.log:uptime:filecount=0" ${BENCH_JAVA_OPTS:-} \
  -cp "$cp" org.opendtm.collection.CrashTestServer "$data" "$port" >"$out/server-openrosa.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  # the embedded PostgreSQL of the data directory
  if [[ -f "$data/postgres/postmaster.pid" ]]; then kill -INT "$(head -1 "$data/postgres/postmaster.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT
for _ in $(seq 1 240); do
  grep -q '^READY ' "$out/server-openrosa.log" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$out/server-openrosa.log"; exit 1; }
  sleep 1
done
token=$(grep '^READY ' "$out/server-openrosa.log" | head -1 | cut -d' ' -f2)
url="http://127.0.0.1:$port/openrosa/CRASH/key/$token/submission"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU seconds used so far by the server JVM and by its PostgreSQL processes: on a shared machine
# the CPU cost per submission says more than the rate
cpu() {
  local pm pids
  pm=$(head -1 "$data/postgres/postmaster.pid")
  pids="$server $pm $(ps -o pid= --ppid "$pm" | tr '\n' ' ')"
  local tck; tck=$(getconf CLK_TCK)
  local jvm=0 pg=0
  for p in $pids; do
    [[ -r /proc/$p/stat ]] || continue
    local t; t=$(awk '{print $14 + $15}' "/proc/$p/stat")
    if [[ $p == "$server" ]]; then jvm=$((jvm + t)); else pg=$((pg + t)); fi
  done
  echo "$jvm $pg $tck"
}
# warm-up (JIT, connection pool), not counted
wrk -t"$threads" -c"$connections" -d10s -s "$here/submit.lua" "$url" >/dev/null
read -r jvm0 pg0 tck < <(cpu)
wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s -s "$here/submit.lua" "$url" | tee "$out/wrk-openrosa.txt"
read -r jvm1 pg1 _ < <(cpu)
n=$(awk '/^requests / {print $2}' "$out/wrk-openrosa.txt")
awk -v j=$((jvm1 - jvm0)) -v p=$((pg1 - pg0)) -v t="$tck" -v n="$n" 'BEGIN {
  printf "CPU during the run: JVM %.1f s, PostgreSQL %.1f s (backends that ended are not counted); per submission: JVM %.2f ms, PostgreSQL %.2f ms\n",
    j / t, p / t, 1000 * j / t / n, 1000 * p / t / n }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
