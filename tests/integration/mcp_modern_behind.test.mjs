// Issue 13, item 3: servers of the 2026-07-28 era behind the gateway. The fixture
// (tests/fixtures/modern-server.mjs, the official v2 SDK's serveStdio) refuses
// initialize with --modern-only, so only a gateway that probes with
// server/discover and sends _meta on every request can use it. A legacy client
// (the v1 SDK) in front sees an ordinary server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ElicitRequestSchema, ListRootsRequestSchema, ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { repoRoot } from './lib/gateway.mjs';
import { assertAlive } from './lib/gateway.mjs';
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

});

// A modern server asks for input with input_required results; a 2025 client gets
// them as ordinary server-to-client requests, and the call goes on with its answers.
test('input_required from a modern server becomes elicitation and roots requests for a 2025 client', async (t) => {
  const gw = await startGatewaySafe({
    mcpServers: { modern: { command: 'node', args: [join(FIXTURES, 'modern-server.mjs'), '--modern-only'] } },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const asked = [];
  const c = await connect(gw, {
    capabilities: { elicitation: {}, roots: {} },
    setup: (client) => {
      client.setRequestHandler(ElicitRequestSchema, async (req) => {
        asked.push(req.params.message);
        return { action: 'accept', content: { name: `Ann${asked.length}` } };
      });
      client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///a', name: 'a' }, { uri: 'file:///b', name: 'b' }] }));
    },
  });
  t.after(() => c.close());
  const r = await within(c.client.callTool({ name: 'modern__ask', arguments: {} }), 15000, 'ask');
  // Two rounds: the second answer and both roots came back with requestState round-2.
  assert.equal(textOf(r), 'hello Ann2 from 2 roots');
  assert.deepEqual(asked, ['Who are you?', 'Who are you, again?']);
});

test('a client that refuses the input request, or never declared the capability, gets a clear error', async (t) => {
  const gw = await startGatewaySafe({
    mcpServers: { modern: { command: 'node', args: [join(FIXTURES, 'modern-server.mjs'), '--modern-only'] } },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const refusing = await connect(gw, {
    capabilities: { elicitation: {} },
    setup: (client) => client.setRequestHandler(ElicitRequestSchema, async () => { throw new Error('no thanks'); }),
  });
  t.after(() => refusing.close());
  await assert.rejects(refusing.client.callTool({ name: 'modern__ask', arguments: {} }),
    /client refused server "modern"'s request for input: .*no thanks/);

  // Same token, so the same instance; this session declared no elicitation.
  const plain = await connect(gw);
  t.after(() => plain.close());
  await assert.rejects(plain.client.callTool({ name: 'modern__ask', arguments: {} }),
    /needs the client capability "elicitation", which this client did not declare/);
  await assertAlive(gw, 'after refused input requests');
});

test('a modern server\'s list is fetched again after its ttlMs when a client lists', async (t) => {
  const gw = await startGatewaySafe({
    mcpServers: { q: { command: 'node', args: [join(FIXTURES, 'modern-server.mjs'), '--modern-only', '--quiet'] } },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const c = await connect(gw);
  t.after(() => c.close());
  let changed = 0;
  c.client.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed++; });
  const names = async () => (await c.client.listTools()).tools.map((x) => x.name);
  // A list does not wait long for a server still starting: wait (bounded) until q is up.
  await waitFor(async () => (await names()).includes('q__hello'), { timeoutMs: 20000, intervalMs: 200, what: 'q__hello listed' });
  assert.ok((await names()).includes('q__hello'));
  const seen = changed;   // q coming up late may have changed the list already
  await c.client.callTool({ name: 'q__add_tool', arguments: {} });
  // The server announces nothing; its lists say ttlMs 0 (kept 1 s at least, then
  // fetched again on the next list), so `extra` shows up within a few lists.
  await waitFor(async () => (await names()).includes('q__extra'), { timeoutMs: 10000, intervalMs: 300, what: 'q__extra after the ttl' });
  await waitFor(() => changed > seen, { timeoutMs: 5000, what: 'list_changed after the refetch found a change' });
  // Lists that find nothing new say nothing.
  const before = changed;
  for (let i = 0; i < 4; i++) { await names(); await new Promise((r) => setTimeout(r, 400)); }
  assert.equal(changed, before, 'list_changed without a change');
});

test('a 2025 client subscribed to a modern server\'s resource hears its updates (subscriptions/listen underneath)', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: {
    m: { command: 'node', args: [join(repoRoot, 'tests', 'conformance', 'fixture-modern.mjs'), 'stdio'], prefix: '' },
  } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const c = await connect(gw);
  t.after(() => c.close());
  const updates = [];
  c.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params.uri); });
  await waitFor(async () => (await c.client.listTools()).tools.some((x) => x.name === 'test_trigger_resource_update'),
    { timeoutMs: 10000, what: 'the modern fixture listed' });
  // Not subscribed yet: an update is not for this client.
  await c.client.callTool({ name: 'test_trigger_resource_update', arguments: {} });
  await c.client.subscribeResource({ uri: 'test://watched-resource' });
  await c.client.callTool({ name: 'test_trigger_resource_update', arguments: {} });
  await waitFor(() => updates.length > 0, { timeoutMs: 5000, what: 'resources/updated after subscribing' });
  assert.deepEqual(updates, ['test://watched-resource']);
  // Unsubscribed: nothing more.
  await c.client.unsubscribeResource({ uri: 'test://watched-resource' });
  await c.client.callTool({ name: 'test_trigger_resource_update', arguments: {} });
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(updates.length, 1, `updates after unsubscribing: ${updates}`);
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
  const c = await connect(gw, { ready: false });
  t.after(() => c.close());
  await waitFor(() => logLines(gw, /server unavailable.*2099-01-01/).length > 0,
    { timeoutMs: 10000, what: 'the refusal naming the versions' });
  assert.equal(logLines(gw, /initialize failed/).length, 0, 'no initialize was tried');
});
