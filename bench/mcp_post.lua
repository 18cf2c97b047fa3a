-- wrk script: an authenticated MCP POST {"method":"ping"} that passes every check
-- of the front door (Host, Origin, rate limit, token, body size, Content-Type,
-- Accept). In a session the gateway answers the ping itself (200, empty result);
-- a gateway without the router answers a JSON-RPC -32601 error (also 200).
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

-- The MCP session opened by front.sh (initialize + notifications/initialized),
-- when the gateway gave one.
local session = os.getenv("GATEHOUSE_SESSION")
if session ~= nil and session ~= "" then
	wrk.headers["Mcp-Session-Id"] = session
	wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
end
