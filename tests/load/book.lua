-- wrk script: every request books one seat on the show given as BOOK_SHOW_ID.
local show = os.getenv("BOOK_SHOW_ID") or "1"
local counter = 0

request = function()
    counter = counter + 1
    local body = string.format('{"user_name":"bench-%d","seats":1}', counter)
    return wrk.format("POST", "/shows/" .. show .. "/book", {["Content-Type"] = "application/json"}, body)
end

local statuses = {}
response = function(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
    io.write(string.format("requests/s %.0f  p50 %.2f ms  p99 %.2f ms  errors %d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
        latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.write
        + summary.errors.status + summary.errors.timeout))
end
