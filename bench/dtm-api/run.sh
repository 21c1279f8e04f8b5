#!/usr/bin/env bash
# Load test of the DTM-API-compatible endpoint with wrk: 200 connections against
#   GET /dtm/v3/displacement/admin2?Operation=<operation>[&<extra query>]
# and latency percentiles (p50/p75/p90/p99 from wrk --latency, p99.9 and errors from report.lua).
#
# Usage: bench/dtm-api/run.sh BASE_URL OPERATION [DURATION] [CONNECTIONS] [THREADS] [EXTRA_QUERY]
#   bench/dtm-api/run.sh http://localhost:8080 "Demo operation"
#   bench/dtm-api/run.sh http://localhost:8080 "Demo operation" 60s 200 2 "FromRoundNumber=24"
# The issue's target: p99 under 50 ms at 200 connections on the 2-core machine against
# 100,000 locations x 24 rounds. Record results in docs/BENCHMARKS.md (machine, command, output).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
fi
base_url="${1%/}"
operation="$2"
duration="${3:-30s}"
connections="${4:-200}"
threads="${5:-2}"
extra="${6:-}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is not installed; installing the Debian package" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    sudo apt-get install -y wrk >/dev/null
  fi
fi

# URL-encode the operation name (spaces, accents) without extra tools beyond python3 or jq.
if command -v python3 >/dev/null 2>&1; then
  encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$operation")
else
  encoded=$(jq -rn --arg v "$operation" '$v|@uri')
fi
url="$base_url/dtm/v3/displacement/admin2?Operation=$encoded"
[[ -n "$extra" ]] && url="$url&$extra"

# One request first: fail fast on a wrong URL or operation, and show the size of an answer.
status=$(curl -s -o /tmp/dtm-api-bench-probe.json -w '%{http_code}' "$url")
if [[ "$status" != "200" ]]; then
  echo "GET $url answered $status:" >&2
  head -c 500 /tmp/dtm-api-bench-probe.json >&2
  exit 1
fi
records=$(grep -o '"totalRecordsCount":[0-9]*' /tmp/dtm-api-bench-probe.json | cut -d: -f2)
bytes=$(wc -c < /tmp/dtm-api-bench-probe.json)
echo "machine: $(nproc) cores, $(uname -srm)"
echo "url: $url"
echo "answer: $records records, $bytes bytes (uncompressed)"
echo "wrk: $threads threads, $connections connections, $duration"
echo

here="$(cd "$(dirname "$0")" && pwd)"
wrk --latency -t"$threads" -c"$connections" -d"$duration" --timeout 10s \
  -H 'Accept-Encoding: gzip' -s "$here/report.lua" "$url"
