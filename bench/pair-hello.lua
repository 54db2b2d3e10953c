-- wrk script: the hello-world's ceiling for bench/post.lua's pair, a GET of a page as large as
-- the action page, then a POST of a form the size of "I called", alternating on each thread.
local post_next = false
local body = "csrf=1764620000.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA&channel=phone&country=DE"

request = function()
  post_next = not post_next
  if post_next then
    return wrk.format("GET", "/page")
  end
  return wrk.format("POST", "/done", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end
