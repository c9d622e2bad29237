-- wrk script: one request shape, varied per request, with every status counted.
-- BENCH_METHOD (default GET), BENCH_PATH and BENCH_BODY (optional, sent as JSON); in both,
-- %s becomes a value unique to this request ("<thread>-<counter>"); without %s every request
-- is the same.
-- Prints: requests/s N  p50 N ms  p99 N ms  errors N  statuses 200:N 400:N ...
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
local threads = {}
local counter = 0
statuses = {}

setup = function(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

local function vary()
    counter = counter + 1
    local unique = string.format("%d-%d", id or 0, counter)
    local p = path:gsub("%%s", unique)
    if body then
        local b = body:gsub("%%s", unique)
        return wrk.format(method, p, {["Content-Type"] = "application/json"}, b)
    end
    return wrk.format(method, p)
end

-- Without %s every request is the same, and wrk builds it once.
if path:find("%%s") or (body and body:find("%%s")) then
    request = vary
else
    wrk.method, wrk.path, wrk.body = method, path, body
    if body then wrk.headers["Content-Type"] = "application/json" end
end

response = function(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
        for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
    end
    local keys = {}
    for status in pairs(total) do table.insert(keys, status) end
    table.sort(keys)
    local parts = {}
    for _, status in ipairs(keys) do table.insert(parts, string.format("%d:%d", status, total[status])) end
    local e = summary.errors
    io.write(string.format("requests/s %.0f  p50 %.2f ms  p99 %.2f ms  errors %d  statuses %s\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
        latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout,
        table.concat(parts, " ")))
end
