// MCP 2026-07-28: closing the response stream is the cancellation. A modern
// client starts a long call and hangs up; the gateway notices the closed
// connection (it waits suspended, so it peeks at the socket every sweep), cancels
// the call downstream (notifications/cancelled) and records it as cancelled. A
// 2025 client that hangs up does not cancel (that revision says so): its call runs on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { everything, records, startGatewaySafe, waitFor } from './lib/mcp.mjs';
import { rawInit } from './lib/mcp.mjs';

const V = '2026-07-28';

// POST a request on a raw socket and close it once the headers went out and a moment passed.
function postAndHangUp(port, token, body, headers) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      const head = [`POST /mcp HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Authorization: Bearer ${token}`,
        'Content-Type: application/json', 'Accept: application/json, text/event-stream',
        `Content-Length: ${Buffer.byteLength(body)}`, ...headers, '', ''].join('\r\n');
      s.write(head + body);
      setTimeout(() => { s.destroy(); resolve(); }, 500);
    });
    s.on('error', reject);
  });
}

test('a 2026-07-28 client closing its response stream cancels the call downstream', async (t) => {
  const gw = await startGatewaySafe({ limits: { callTimeoutMs: 60000 }, mcpServers: { everything: everything() } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const call = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: {
    name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 3 },
    _meta: { 'io.modelcontextprotocol/protocolVersion': V, 'io.modelcontextprotocol/clientCapabilities': {} } } };
  await postAndHangUp(gw.port, gw.token, JSON.stringify(call), [`MCP-Protocol-Version: ${V}`,
    'Mcp-Method: tools/call', 'Mcp-Name: everything__trigger-long-running-operation']);
  // Cancelled well before the 30 s the operation takes.
  await waitFor(() => records(gw.stateDir, "method = 'tools/call'").some((r) => r.outcome === 'cancelled'),
    { timeoutMs: 10000, intervalMs: 200, what: 'the call recorded as cancelled' });

  // A 2025-11-25 client that hangs up has not cancelled: its call is still running.
  const sid = (await rawInit(gw.port, gw.token)).sessionId;
  const legacy = { jsonrpc: '2.0', id: 8, method: 'tools/call', params: {
    name: 'everything__trigger-long-running-operation', arguments: { duration: 5, steps: 5 } } };
  await postAndHangUp(gw.port, gw.token, JSON.stringify(legacy), ['MCP-Protocol-Version: 2025-11-25', `Mcp-Session-Id: ${sid}`]);
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(records(gw.stateDir, "method = 'tools/call'").filter((r) => r.outcome === 'cancelled').length, 1,
    'a 2025 hang-up cancelled its call');
});
