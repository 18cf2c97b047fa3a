-- wrk script: an authenticated MCP POST that passes every check of the front door
-- (Host, Origin, rate limit, token, body size, Content-Type, Accept). Until the
-- router exists the gateway answers it with a JSON-RPC -32601 error.
--
-- The token comes from the environment (GATEHOUSE_TOKEN) so that it never
-- appears on a command line.

local token = os.getenv("GATEHOUSE_TOKEN")
if token == nil or token == "" then
	error("GATEHOUSE_TOKEN is not set")
end

wrk.method = "POST"
wrk.path = "/mcp"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"ping"}'
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
