// MCP 2026-07-28 clients and what the gateway bridges for them.
//
// Closing the response stream is the cancellation. A modern
// client starts a long call and hangs up; the gateway notices the closed
// connection (it waits suspended, so it peeks at the socket every sweep), cancels
// the call downstream (notifications/cancelled) and records it as cancelled. A
// 2025 client that hangs up does not cancel (that revision says so): its call runs on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { join } from 'node:path';
import { everything, records, startGatewaySafe, waitFor, rawInit, openSse, messagesOf } from './lib/mcp.mjs';
import { repoRoot, request } from './lib/gateway.mjs';

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
  // The server must be up: a call that waits for it and whose client hangs up first is never made.
  const v1 = await rawInit(gw.port, gw.token);
  await waitFor(async () => {
    const r = await request(gw.port, { method: 'POST', timeoutMs: 10000, headers: { 'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream', Authorization: `Bearer ${gw.token}`,
      'MCP-Protocol-Version': '2025-11-25', 'Mcp-Session-Id': v1.sessionId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    return (messagesOf(r).find((m) => m.id === 1)?.result?.tools ?? []).some((x) => x.name === 'everything__trigger-long-running-operation');
  }, { timeoutMs: 15000, intervalMs: 200, what: 'server-everything ready' });
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

// resourceSubscriptions in subscriptions/listen: the gateway subscribes at the
// server that serves the URI (a 2025 server by resources/subscribe, a 2026 server
// by its own subscriptions/listen) and passes its resources/updated on, tagged.
for (const [era, file] of [['2025', 'fixture.mjs'], ['2026-07-28', 'fixture-modern.mjs']]) {
  test(`subscriptions/listen with resourceSubscriptions hears resources/updated from a ${era} server`, async (t) => {
    const gw = await startGatewaySafe({ mcpServers: {
      fx: { command: process.execPath, args: [join(repoRoot, 'tests', 'conformance', file), 'stdio'], prefix: '' } } });
    t.after(async () => { await gw.stop(); gw.cleanup(); });
    const meta = { 'io.modelcontextprotocol/protocolVersion': V, 'io.modelcontextprotocol/clientCapabilities': {} };
    let ids = 1;
    const post = async (method, params) => {
      const id = ids++;
      const h = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
        Authorization: `Bearer ${gw.token}`, 'MCP-Protocol-Version': V, 'Mcp-Method': method };
      if (params.name) h['Mcp-Name'] = params.name;
      const res = await request(gw.port, { method: 'POST', headers: h, timeoutMs: 20000,
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: meta } }) });
      return messagesOf(res).find((m) => m.id === id);
    };
    await waitFor(async () => ((await post('resources/list', {}))?.result?.resources ?? [])
      .some((r) => r.uri === 'test://watched-resource'), { timeoutMs: 15000, what: 'the fixture listed' });
    const sub = await openSse(gw.port, gw.token, undefined, { version: V, headers: { 'Mcp-Method': 'subscriptions/listen' },
      body: { jsonrpc: '2.0', id: 'res', method: 'subscriptions/listen',
        params: { _meta: meta, notifications: { resourceSubscriptions: ['test://watched-resource'] } } } });
    t.after(() => sub.close());
    const ack = await sub.next();
    assert.equal(ack.method, 'notifications/subscriptions/acknowledged');
    // Honoured: what a server serves (with one server offering resources, every URI
    // goes to it, as for resources/read).
    assert.ok(ack.params.notifications.resourceSubscriptions.includes('test://watched-resource'), JSON.stringify(ack));
    // The server announces an update: it arrives on the stream, tagged.
    await waitFor(async () => {
      await post('tools/call', { name: 'test_trigger_resource_update', arguments: {} });
      return sub.messages.some((m) => m.method === 'notifications/resources/updated');
    }, { timeoutMs: 10000, intervalMs: 300, what: 'resources/updated on the listen stream' });
    const upd = sub.messages.find((m) => m.method === 'notifications/resources/updated');
    assert.equal(upd.params.uri, 'test://watched-resource');
    assert.equal(upd.params._meta['io.modelcontextprotocol/subscriptionId'], 'res');
  });
}

// Log messages are request-scoped in 2026-07-28: only a request whose _meta asks for
// a logLevel gets notifications/message (at or above it), on its own response stream.
test('a modern request gets log messages only when its _meta asks for a logLevel', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: {
    fx: { command: process.execPath, args: [join(repoRoot, 'tests', 'conformance', 'fixture-modern.mjs'), 'stdio'], prefix: '' } } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  let ids = 1;
  const call = async (level) => {
    const id = ids++;
    const meta = { 'io.modelcontextprotocol/protocolVersion': V, 'io.modelcontextprotocol/clientCapabilities': {},
      ...(level ? { 'io.modelcontextprotocol/logLevel': level } : {}) };
    const res = await request(gw.port, { method: 'POST', timeoutMs: 20000, headers: { 'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream', Authorization: `Bearer ${gw.token}`, 'MCP-Protocol-Version': V,
      'Mcp-Method': 'tools/call', 'Mcp-Name': 'test_logging_tool' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'test_logging_tool', arguments: {}, _meta: meta } }) });
    const msgs = messagesOf(res);
    return { final: msgs.find((m) => m.id === id), logs: msgs.filter((m) => m.method === 'notifications/message') };
  };
  await waitFor(async () => (await call(null)).final?.result !== undefined, { timeoutMs: 15000, what: 'the fixture answers' });
  const none = await call(null);
  assert.equal(none.logs.length, 0, 'log messages without a logLevel');
  const info = await call('info');
  assert.equal(info.logs.length, 1, JSON.stringify(info));
  assert.equal(info.logs[0].params.level, 'info');
  const errorsOnly = await call('error');
  assert.equal(errorsOnly.logs.length, 0, 'an info message under logLevel error');
});
