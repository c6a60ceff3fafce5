-- wrk script for bench/http-load.sh.
--
--   wrk ... -s bench/wrk-nearest.lua URL -- MODE [POINTS_FILE]
--
-- MODE:
--   nearest          GET /api/v1/places/nearest?lat=..&lon=.. cycling through POINTS_FILE
--   nearest-service  the same with &services=Aide aux démarches administratives
--   path:/some/path  GET that path only (e.g. path:/healthz)
-- POINTS_FILE holds one `lat,lon` per line (`aiguillage generate --points`). Each thread starts at a
-- different offset in the list, and every connection of a thread takes the next point.
--
-- At the end, prints one machine-readable line starting with RESULT (latencies in µs).

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_index", threads)
end

function init(args)
  local mode = args[1] or "nearest"
  reqs = {}
  if mode:sub(1, 5) == "path:" then
    reqs[1] = wrk.format("GET", mode:sub(6))
  else
    local suffix = ""
    if mode == "nearest-service" then
      suffix = "&services=Aide%20aux%20d%C3%A9marches%20administratives"
    elseif mode ~= "nearest" then
      error("unknown mode " .. mode)
    end
    local file = args[2] or error("nearest modes need a points file")
    for line in io.lines(file) do
      local lat, lon = line:match("^%s*([-%d.]+)%s*,%s*([-%d.]+)%s*$")
      if lat then
        reqs[#reqs + 1] = wrk.format("GET", "/api/v1/places/nearest?lat=" .. lat .. "&lon=" .. lon .. suffix)
      end
    end
    if #reqs == 0 then
      error("no points in " .. file)
    end
  end
  -- Spread the threads' starting points over the list (threads are numbered from 1).
  next_req = ((thread_index or 1) - 1) * 7919 % #reqs
end

function request()
  next_req = next_req % #reqs + 1
  return reqs[next_req]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "mean_us=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
