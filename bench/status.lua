-- wrk script: GETs of one page, counting the answers by kind: 200, 503 (shed) and any other.
-- Prints "answered A shed S unexpected U" at the end.
answered = 0
shed = 0
unexpected = 0

response = function(status, headers, body)
  if status == 200 then
    answered = answered + 1
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
  local a, s, u = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("answered")
    s = s + t:get("shed")
    u = u + t:get("unexpected")
  end
  io.write(string.format("answered %d shed %d unexpected %d\n", a, s, u))
end
