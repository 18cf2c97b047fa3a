import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, mcpPost, request } from './lib/gateway.mjs';

test('a fresh gateway answers /healthz and an authenticated /mcp POST', async (t) => {
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const h = await request(gw.port, { path: '/healthz' });
  assert.equal(h.status, 200);
  assert.equal(h.body, 'ok\n');
  const r = await mcpPost(gw.port, gw.token, { jsonrpc: '2.0', id: 7, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'smoke', version: '1' } } });
  assert.equal(r.status, 200);
  const msg = JSON.parse(r.body);
  assert.equal(msg.id, 7);
  assert.equal(msg.result.protocolVersion, '2025-11-25');
  assert.match(r.headers['mcp-session-id'], /^[A-Za-z0-9_-]{32}$/);
});
