-- wrk script: POSTs OpenRosa submissions as ODK Collect sends them (multipart, one
-- xml_submission_file of about 5 KB), each with a unique instanceID, to a token server URL.
-- Counts answers by status and prints latency percentiles at the end.
local counter = 0
local threads = {}
local boundary = "bench-boundary-7d0e1f2a3b4c"
local padding = string.rep("x", 4600)

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  created, other, errors_seen = 0, 0, 0
  math.randomseed(os.time() * 1000 + thread_id)
  run = tostring(math.random(1, 1000000000))
end

-- BENCH_RATE=N (submissions per second, all connections together): each connection waits
-- connections/N seconds before each request, so the server is offered about N/s instead of as
-- many as it can take (wrk's default closed loop). Latencies exclude the wait.
local rate = tonumber(os.getenv("BENCH_RATE") or "")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "")

function delay()
  if rate and connections then return math.floor(1000 * connections / rate) end
  return 0
end

function request()
  counter = counter + 1
  local id = string.format("uuid:bench-%s-%d-%d", run, thread_id, counter)
  local xml = '<?xml version="1.0" ?><data id="site_assessment" version="2024031501">'
    .. '<site>Kaga</site><households>' .. counter .. '</households>'
    .. '<notes>' .. padding .. '</notes>'
    .. '<meta><instanceID>' .. id .. '</instanceID></meta></data>'
  local body = "--" .. boundary .. "\r\n"
    .. 'Content-Disposition: form-data; name="xml_submission_file"; filename="bench.xml"\r\n'
    .. "Content-Type: text/xml\r\n\r\n" .. xml .. "\r\n--" .. boundary .. "--\r\n"
  return wrk.format("POST", nil, {
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
    ["X-OpenRosa-Version"] = "1.0",
  }, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("requests %d in %.1fs: %.0f/s; 201: %d (%.0f/s), other: %d, socket errors: %d\n",
    summary.requests, seconds, summary.requests / seconds, c, c / seconds, o,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s %.1f ms\n", p, latency:percentile(p) / 1000))
  end
end
