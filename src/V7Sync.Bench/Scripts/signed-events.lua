-- wrk script for the webhook benches: each thread sends its share of the pre-signed events from a file, each once.
-- Arguments (after `--`): events file (one "signature<TAB>body" line per event), signature header name, path,
-- thread count (wrk starts each thread as soon as it is set up, so the count must come from the command line),
-- a file prefix: a thread that has its answers creates <prefix><tid>, and the bench then stops wrk with SIGINT (wrk
-- itself would run until -d). The elapsed time is this script's own, first request to last answer, over all threads.
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } bench_timespec; int clock_gettime(int clock, bench_timespec *tp); ]]
local now_ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, now_ts) -- CLOCK_MONOTONIC
  return tonumber(now_ts.tv_sec) * 1000000 + tonumber(now_ts.tv_nsec) / 1000
end
-- The file is written before wrk starts, so neither JSON nor HMAC costs the generator anything while it runs.
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  path, header, tcount, done_prefix = args[3], args[2], tonumber(args[4]), args[5]
  events = {}
  local n = 0
  for line in io.lines(args[1]) do
    local tab = line:find("\t", 1, true)
    events[n] = { line:sub(1, tab - 1), line:sub(tab + 1) }
    n = n + 1
  end
  total = n
  next_index = nil
  answered = 0
  acknowledged = 0
  mine = 0
end

function request()
  if tid == 0 and not verified then
    -- wrk calls thread 0's request() once before the run to check the script (script_verify_request): that
    -- request is never sent, so it must not take an event.
    verified = true
    return wrk.format("GET", "/bench/none")
  end
  if next_index == nil then
    next_index = tid
    first_us = now_us()
    for i = tid, total - 1, tcount do mine = mine + 1 end
  end
  if next_index >= total then
    -- This thread's share is in flight or answered; a cheap request keeps the connection busy until it stops.
    return wrk.format("GET", "/bench/none")
  end
  local event = events[next_index]
  next_index = next_index + tcount
  return wrk.format("POST", path, { [header] = event[1], ["Content-Type"] = "application/json" }, event[2])
end

function response(status, headers, body)
  -- 404 answers the keep-busy GET (no event is ever answered 404 by the servers measured); it is not an event's answer.
  if status == 404 or answered >= mine then
    return
  end
  answered = answered + 1
  if status == 200 then
    acknowledged = acknowledged + 1
  end
  if answered >= mine then
    last_us = now_us()
    io.open(done_prefix .. tid, "w"):close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local answered_total, acknowledged_total, first, last = 0, 0, math.huge, 0
  for _, thread in ipairs(threads) do
    answered_total = answered_total + (thread:get("answered") or 0)
    acknowledged_total = acknowledged_total + (thread:get("acknowledged") or 0)
    first = math.min(first, thread:get("first_us") or math.huge)
    last = math.max(last, thread:get("last_us") or 0)
  end
  io.write(string.format(
    '{"elapsedUs":%d,"durationUs":%d,"requests":%d,"non2xx":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"answered":%d,"acknowledged":%d}\n',
    last - first, summary.duration, summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99), latency.max, answered_total, acknowledged_total))
end
