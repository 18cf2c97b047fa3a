import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, mcpPost, request } from './lib/gateway.mjs';

test('a fresh gateway answers /healthz and an authenticated /mcp POST', async (t) => {
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const h = await request(gw.port, { path: '/healthz' });
  assert.equal(h.status, 200);
  assert.equal(h.body, 'ok\n');
  const r = await mcpPost(gw.port, gw.token, { jsonrpc: '2.0', id: 7, method: 'tools/list' });
  assert.equal(r.status, 200);
  const msg = JSON.parse(r.body);
  assert.equal(msg.id, 7);
  assert.equal(msg.error.code, -32601);
});
