-- wrk script for scripts/load.sh: every request is a new order with its own order id
-- and Idempotency-Key; every 10th request resends the previous order (same key, same
-- body), as a buyer's browser does after a lost answer. Each thread counts the
-- distinct orders that got a 2xx; done() prints one line the shell script checks
-- against the database.
--   LOAD_BODY    the order's JSON with ORDER_ID where the id goes
--   LOAD_PREFIX  8 hex digits, different for each wrk process of one run
--   LOAD_ACKED   a folder: each thread writes the ids that got a 2xx to a file there

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  template = os.getenv("LOAD_BODY")
  prefix = os.getenv("LOAD_PREFIX") or "00000000"
  counter = 0
  last = nil
  acked_set = {}
  acked = 0
  replayed = 0
  refused = 0
  local folder = os.getenv("LOAD_ACKED")
  if folder ~= nil then
    acked_file = io.open(string.format("%s/%s-%d", folder, prefix, tid), "w")
  end
end

local function order_id(n)
  return string.format("ord_%s%08x%08x%08x", prefix, tid, n, 0)
end

function request()
  local id
  if last ~= nil and counter % 10 == 9 then
    id = last
    last = nil
  else
    id = order_id(counter)
    last = id
  end
  counter = counter + 1
  local body = string.gsub(template, "ORDER_ID", id)
  return wrk.format("POST", "/api/orders", {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = id,
  }, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    local id = string.match(body, '"order_id":"(ord_%x+)"')
    if id ~= nil and not acked_set[id] then
      acked_set[id] = true
      acked = acked + 1
      if acked_file ~= nil then acked_file:write(id, "\n") end
    end
    if headers["Idempotent-Replayed"] ~= nil or headers["idempotent-replayed"] ~= nil then
      replayed = replayed + 1
    end
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local a, r, x = 0, 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("acked")
    r = r + thread:get("replayed")
    x = x + thread:get("refused")
  end
  local e = summary.errors
  io.write(string.format(
    "LOAD requests=%d acked=%d replayed=%d non2xx=%d connect=%d read=%d write=%d timeout=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, a, r, x, e.connect, e.read, e.write, e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
