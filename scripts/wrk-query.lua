-- wrk script for scripts/load.sh: counts answers that are not HTTP 200 with a JSON
-- "success":true (the server answers every web-service error with HTTP 200, so the status
-- alone says little), and prints one JSON line of results in done():
--   {"requests":N,"duration_s":S,"rps":R,"p50_ms":..,"p90_ms":..,"p99_ms":..,"max_ms":..,
--    "socket_errors":N,"non_200":N,"failed":N}
-- The request (GET /webservice.php?operation=query&sessionName=...&query=...) is the URL
-- given to wrk.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failed = 0
  non_200 = 0
end

function response(status, headers, body)
  if status ~= 200 then
    non_200 = non_200 + 1
    failed = failed + 1
  elseif not string.find(body, '"success":true', 1, true) then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local f, n = 0, 0
  for _, t in ipairs(threads) do
    f = f + t:get("failed")
    n = n + t:get("non_200")
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"duration_s":%.2f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"socket_errors":%d,"non_200":%d,"failed":%d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.timeout, n, f))
end
