// Issue 13, item 3: servers of the 2026-07-28 era behind the gateway. The fixture
// (tests/fixtures/modern-server.mjs, the official v2 SDK's serveStdio) refuses
// initialize with --modern-only, so only a gateway that probes with
// server/discover and sends _meta on every request can use it. A legacy client
// (the v1 SDK) in front sees an ordinary server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { join } from 'node:path';
import { connect, everything, FIXTURES, logLines, startGatewaySafe, textOf, waitFor, within } from './lib/mcp.mjs';

test('a modern-only stdio server is discovered and used by a 2025-11-25 client', async (t) => {
  const gw = await startGatewaySafe({
    mcpServers: { modern: { command: 'node', args: [join(FIXTURES, 'modern-server.mjs'), '--modern-only'] } },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const c = await connect(gw, { capabilities: { elicitation: {} } });
  t.after(() => c.close());

  const names = (await c.client.listTools()).tools.map((x) => x.name);
  assert.ok(names.includes('modern__hello'), names.join(' '));
  // The request reached the server with the 2026-07-28 version in _meta.
  const r = await c.client.callTool({ name: 'modern__hello', arguments: { who: 'you' } });
  assert.equal(textOf(r), 'hello you (2026-07-28)');

  // A list change announced on the gateway's subscriptions/listen reaches the client.
  let changed = 0;
  c.client.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed++; });
  await c.client.callTool({ name: 'modern__add_tool', arguments: {} });
  await waitFor(async () => (await c.client.listTools()).tools.some((x) => x.name === 'modern__extra'),
    { timeoutMs: 10000, what: 'modern__extra listed after list_changed' });
  await waitFor(() => changed > 0, { timeoutMs: 5000, what: 'list_changed at the client' });
  assert.equal(logLines(gw, /server unavailable/).length, 0, gw.logs());

  // Its input_required result cannot reach a 2025 client as it is (not bridged
  // yet): the client gets an error that says so, not a result it cannot use.
  await assert.rejects(c.client.callTool({ name: 'modern__ask', arguments: {} }),
    /asked the client for input .*input_required.* does not yet relay/);
});

test('a legacy server still gets initialize after the probe (server-everything)', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { everything: everything() } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const c = await connect(gw);
  t.after(() => c.close());
  const r = await within(c.client.callTool({ name: 'everything__echo', arguments: { message: 'legacy' } }), 10000, 'echo');
  assert.match(textOf(r), /legacy/);
});

test('a server that speaks only a version gatehouse does not is refused with a reason, no fallback', async (t) => {
  // A server of a future era: server/discover answered with UnsupportedProtocolVersion.
  const gw = await startGatewaySafe({ mcpServers: { future: { command: 'node', args: ['-e', `
    const rl = require('readline').createInterface({ input: process.stdin });
    rl.on('line', (l) => { const m = JSON.parse(l); if (m.id === undefined) return;
      const e = m.method === 'server/discover'
        ? { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2099-01-01'] } }
        : { code: -32600, message: 'only ' + m.method + ' after discover' };
      process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, error: e }) + '\\n'); });`] } } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const c = await connect(gw);
  t.after(() => c.close());
  await waitFor(() => logLines(gw, /server unavailable.*2099-01-01/).length > 0,
    { timeoutMs: 10000, what: 'the refusal naming the versions' });
  assert.equal(logLines(gw, /initialize failed/).length, 0, 'no initialize was tried');
});
