-- wrk script: POSTs one recorded AdmissionReview (BODY_FILE) over keep-alive connections.
-- RATE (requests/s over all connections, 0 = as fast as possible) paces each connection with delay():
-- plain wrk has no fixed-rate mode, so a connection waits CONNECTIONS/RATE seconds on average between requests.
-- RECONNECT_EVERY=N (default 0: never) sends every Nth request of a thread with "Connection: close", so wrk opens a
-- new connection (a new TLS handshake) that often: the reliability soak uses it to see rotated certificates.
-- done() prints one CSV line: p50_ms,p99_ms,p999_ms,requests_per_s,errors (errors = socket errors + non-2xx).
local body_file = os.getenv("BODY_FILE")
local rate = tonumber(os.getenv("RATE") or "0")
local connections = tonumber(os.getenv("CONNECTIONS") or "1")
local reconnect_every = tonumber(os.getenv("RECONNECT_EVERY") or "0")

local handle = assert(io.open(body_file, "rb"))
wrk.method = "POST"
wrk.body = handle:read("*a")
handle:close()
wrk.headers["Content-Type"] = "application/json"

if rate > 0 then
  -- Each pause is drawn uniformly from [0, 2 x mean]: equal pauses would send all connections' requests in
  -- synchronized bursts, and measure queueing inside the burst instead of the latency at that rate.
  local pause_ms = connections * 1000 / rate
  function delay()
    return math.random() * 2 * pause_ms
  end
end

if reconnect_every > 0 then
  local sent, keep_alive, closing = 0, nil, nil
  -- Built in init(): wrk sets the Host header just before calling it.
  function init(args)
    keep_alive = wrk.format()
    local headers = {}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    headers["Connection"] = "close"
    closing = wrk.format(nil, nil, headers)
  end

  function request()
    sent = sent + 1
    if sent % reconnect_every == 0 then
      return closing
    end
    return keep_alive
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT %.3f,%.3f,%.3f,%.0f,%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.requests / seconds, errors))
end
