-- wrk reporting hook: adds p99.9, max and the count of non-2xx answers and socket errors to the
-- percentiles wrk prints with --latency.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write("------------------------------\n")
  io.write(string.format("requests: %d in %.1f s (%.1f/s)\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("p%-5s %8.2f ms\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("max    %8.2f ms\n", latency.max / 1000))
  io.write(string.format("non-2xx: %d, connect errors: %d, read errors: %d, timeouts: %d\n",
    errors.status, errors.connect, errors.read, errors.timeout))
end
