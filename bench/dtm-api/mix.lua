-- wrk script: cycles over the request paths listed in a file (one per line), each thread starting
-- at a different offset, and reports p50..p99.9, max and errors (like report.lua).
-- Usage: wrk ... -s mix.lua http://host:port -- paths.txt
local paths = {}
local counter = 0
local threads = {}
local id = 0

setup = function(thread)
  id = id + 1
  thread:set("id", id)
  table.insert(threads, thread)
end

init = function(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  counter = ((id or 1) * 7919) % #paths
end

request = function()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write("------------------------------\n")
  io.write(string.format("requests: %d in %.1f s (%.1f/s), %.1f MB read\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.bytes / 1e6))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("p%-5s %8.2f ms\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("max    %8.2f ms\n", latency.max / 1000))
  io.write(string.format("non-2xx: %d, connect errors: %d, read errors: %d, timeouts: %d\n",
    errors.status, errors.connect, errors.read, errors.timeout))
end
