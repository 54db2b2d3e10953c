-- wrk script: a supporter's "I called", as a browser makes it. Each form token is good for
-- one count (one-time form ids), so every POST carries a token from a fresh GET of the
-- action page: the requests alternate GET, POST on each thread. The browser's CSRF cookie
-- comes from bench/lib.sh (BENCH_COOKIE); every token of that browser is valid with it.
-- Counts the POSTs acknowledged (303), the answers shed under overload (503, either request)
-- and any other answer (unexpected: a benchmark run fails on one).
local cookie = os.getenv("BENCH_COOKIE")
local token = nil
acknowledged = 0
unexpected = 0
shed = 0

request = function()
  if token then
    local body = "csrf=" .. token .. "&channel=phone&country=DE"
    token = nil
    return wrk.format("POST", wrk.path .. "/done", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = cookie,
    }, body)
  end
  return wrk.format("GET", wrk.path, { ["Cookie"] = cookie })
end

response = function(status, headers, body)
  if status == 303 then
    acknowledged = acknowledged + 1
  elseif status == 200 then
    token = body:match('name="csrf" value="([^"]+)"')
  elseif status == 503 then
    shed = shed + 1
  else
    unexpected = unexpected + 1
  end
end

local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end

done = function(summary, latency, requests)
  local acked, odd, dropped = 0, 0, 0
  for _, t in ipairs(threads) do
    acked = acked + t:get("acknowledged")
    odd = odd + t:get("unexpected")
    dropped = dropped + t:get("shed")
  end
  io.write(string.format("acknowledged %d unexpected %d shed %d\n", acked, odd, dropped))
end
