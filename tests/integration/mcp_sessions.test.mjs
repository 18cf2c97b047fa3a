// Sessions: isolation between tokens, session ids bound to their token, the HTTP
// status of every wrong use of Mcp-Session-Id / MCP-Protocol-Version, DELETE, the
// standalone GET stream, and protocol version negotiation (2025-11-25, 2025-06-18,
// 2025-03-26, unknown).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema, CreateMessageRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { request, sleep } from './lib/gateway.mjs';
import {
  everything, connect, textOf, waitFor, rawInit, rawPost, openSse, mcpHeaders, newToken, LATEST, startGatewaySafe, metric,
} from './lib/mcp.mjs';

let gw;
let tokenB;

before(async () => {
  gw = await startGatewaySafe({
    limits: { callTimeoutMs: 15000 },
    mcpServers: { everything: everything() },
  });
  tokenB = newToken(gw, 'second');
  // A running gateway sees a new token within about a second.
  await waitFor(async () => (await rawPost(gw.port, tokenB, { jsonrpc: '2.0', id: 1, method: 'ping' })).status !== 401,
    { timeoutMs: 5000, intervalMs: 200, what: 'the second token to be live' });
});

after(async () => {
  if (gw) { await gw.stop(); gw.cleanup(); }
});

// Notification spies on an SDK client.
function spies(client, bag) {
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => bag.logs.push(n.params));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => bag.updates.push(n.params));
  client.setRequestHandler(CreateMessageRequestSchema, async (r) => {
    bag.sampling.push(r.params);
    return { role: 'assistant', model: 'm', content: { type: 'text', text: `answer-from-${bag.name}` } };
  });
}

test('two sessions of two tokens never see each other\'s notifications or server requests', async (t) => {
  const A = { name: 'A', logs: [], updates: [], sampling: [] };
  const B = { name: 'B', logs: [], updates: [], sampling: [] };
  const a = await connect(gw, { capabilities: { sampling: {} }, setup: (c) => spies(c, A) });
  t.after(() => a.close());
  const b = await connect(gw, { token: tokenB, capabilities: { sampling: {} }, setup: (c) => spies(c, B) });
  t.after(() => b.close());
  assert.notEqual(a.sessionId, b.sessionId);

  await a.client.setLoggingLevel('debug');
  await b.client.setLoggingLevel('debug');
  const bLogsBefore = B.logs.length;

  // A: logging on, a subscription with updates on, a long operation with progress, a sampling request.
  const uri = 'demo://resource/dynamic/text/1';
  await a.client.subscribeResource({ uri });
  await a.client.callTool({ name: 'everything__toggle-simulated-logging', arguments: {} });
  await a.client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
  const aProgress = [];
  const long = a.client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 1, steps: 4 } },
    undefined, { onprogress: (p) => aProgress.push(p), timeout: 10000 });
  const sampled = await a.client.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'p' } });
  assert.match(textOf(sampled), /answer-from-A/);
  await long;
  await waitFor(() => A.updates.some((u) => u.uri === uri), { timeoutMs: 7000, what: 'A\'s resources/updated' });
  await waitFor(() => A.logs.length > 0, { timeoutMs: 7000, what: 'A\'s log messages' });
  assert.equal(aProgress.length, 4);
  // Give anything misrouted a moment to arrive, then check B heard nothing.
  await sleep(600);
  await a.client.callTool({ name: 'everything__toggle-simulated-logging', arguments: {} });
  await a.client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
  assert.equal(B.logs.length, bLogsBefore, `B got A's log messages: ${JSON.stringify(B.logs)}`);
  assert.deepEqual(B.updates, [], 'B got A\'s resources/updated');
  // The SDK reports a progress notification for a token it never issued through onerror.
  assert.deepEqual(b.errors.map(String), [], 'B\'s client saw errors (A\'s progress?)');
  assert.deepEqual(B.sampling, [], 'B was asked A\'s sampling request');
  assert.equal(A.sampling.length, 1);

  // B's own calls are unaffected.
  const e = await b.client.callTool({ name: 'everything__echo', arguments: { message: 'from B' } });
  assert.equal(textOf(e), 'Echo: from B');
});

test('a session id is bound to its token: B\'s token with A\'s id gets 404 on POST, GET and DELETE', async () => {
  const a = await rawInit(gw.port, gw.token);
  assert.equal(a.res.status, 200);
  assert.ok(a.sessionId);
  const opts = { sessionId: a.sessionId, version: LATEST };
  const post = await rawPost(gw.port, tokenB, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, opts);
  assert.equal(post.status, 404, post.body);
  const get = await request(gw.port, { method: 'GET', headers: { ...mcpHeaders(tokenB, opts), Accept: 'text/event-stream' } });
  assert.equal(get.status, 404, get.body);
  const del = await request(gw.port, { method: 'DELETE', headers: mcpHeaders(tokenB, opts) });
  assert.equal(del.status, 404, del.body);
  // A's session survived all three and still works with A's token.
  const ok = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 3, method: 'tools/call',
    params: { name: 'everything__echo', arguments: { message: 'still mine' } } }, opts);
  assert.equal(ok.status, 200, ok.body);
  assert.equal(ok.messages.find((m) => m.id === 3)?.result?.content?.[0]?.text, 'Echo: still mine');
  await request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, opts) });
});

test('unknown session id → 404; missing id → 400; unsupported MCP-Protocol-Version → 400', async () => {
  const unknown = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const p = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { sessionId: unknown, version: LATEST });
  assert.equal(p.status, 404, p.body);
  const g = await request(gw.port, { method: 'GET', headers: { ...mcpHeaders(gw.token, { sessionId: unknown }), Accept: 'text/event-stream' } });
  assert.equal(g.status, 404, g.body);
  const d = await request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, { sessionId: unknown }) });
  assert.equal(d.status, 404, d.body);

  const missing = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { version: LATEST });
  assert.equal(missing.status, 400, missing.body);
  const missingGet = await request(gw.port, { method: 'GET', headers: { ...mcpHeaders(gw.token), Accept: 'text/event-stream' } });
  assert.equal(missingGet.status, 400, missingGet.body);

  const s = await rawInit(gw.port, gw.token);
  const bad = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, { sessionId: s.sessionId, version: '1999-01-01' });
  assert.equal(bad.status, 400, bad.body);
  const badInit = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 4, method: 'initialize',
    params: { protocolVersion: LATEST, capabilities: {}, clientInfo: { name: 'x', version: '1' } } }, { version: '2099-12-31' });
  assert.equal(badInit.status, 400, badInit.body);
  // The session itself is fine with a supported version.
  const good = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 5, method: 'tools/list' }, { sessionId: s.sessionId, version: LATEST });
  assert.equal(good.status, 200, good.body);
  await request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, { sessionId: s.sessionId }) });
});

test('DELETE ends a session: afterwards its id gets 404, and an SDK client\'s terminateSession works', async () => {
  const s = await rawInit(gw.port, gw.token);
  const opts = { sessionId: s.sessionId, version: LATEST };
  const first = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, opts);
  assert.equal(first.status, 200);
  const del = await request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, opts) });
  assert.ok(del.status >= 200 && del.status < 300, `DELETE: ${del.status} ${del.body}`);
  const after = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, opts);
  assert.equal(after.status, 404, after.body);
  const get = await request(gw.port, { method: 'GET', headers: { ...mcpHeaders(gw.token, opts), Accept: 'text/event-stream' } });
  assert.equal(get.status, 404);
  const again = await request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, opts) });
  assert.equal(again.status, 404);

  const c = await connect(gw);
  const id = c.sessionId;
  await c.transport.terminateSession();
  const gone = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, { sessionId: id, version: LATEST });
  assert.equal(gone.status, 404);
  await c.client.close();
});

test('DELETE while a call is in flight: the call gets a JSON-RPC error, not a hang', async () => {
  const s = await rawInit(gw.port, gw.token);
  const opts = { sessionId: s.sessionId, version: LATEST };
  await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, opts);
  const started = Date.now();
  const pending = rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 9, method: 'tools/call',
    params: { name: 'everything__trigger-long-running-operation', arguments: { duration: 8, steps: 2 } } }, { ...opts, timeoutMs: 12000 });
  await waitFor(async () => (await metric(gw, 'gatehouse_mcp_calls_in_flight')) >= 1,
    { timeoutMs: 10000, what: 'the call to be in flight' });
  const del = await request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, opts) });
  assert.equal(del.status, 200);
  const r = await pending;
  assert.ok(Date.now() - started < 5000, 'the in-flight call was not answered promptly');
  const m = r.messages.find((x) => x.id === 9);
  assert.ok(m?.error, `expected a JSON-RPC error for the call, got ${r.status} ${r.body}`);
});

test('the standalone GET stream carries server-initiated messages of its session', async (t) => {
  const s = await rawInit(gw.port, gw.token, { capabilities: { roots: {} } });
  const opts = { sessionId: s.sessionId, version: LATEST };
  t.after(() => request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, opts) }));
  const sse = await openSse(gw.port, gw.token, s.sessionId);
  t.after(() => sse.close());
  assert.equal(sse.status, 200);
  assert.match(String(sse.headers['content-type']), /^text\/event-stream/);

  // A second GET stream on the same session is refused (409), the first one stays.
  const second = await request(gw.port, { method: 'GET', headers: { ...mcpHeaders(gw.token, opts), Accept: 'text/event-stream' }, timeoutMs: 3000 });
  assert.equal(second.status, 409, second.body);

  // server-everything asks for roots (roots/list) outside any call: it must arrive here.
  const ask = await sse.next((m) => m.method === 'roots/list', 6000);
  assert.ok(ask.id !== undefined);
  const ans = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: ask.id, result: { roots: [{ uri: 'file:///tmp/raw-root', name: 'raw' }] } }, opts);
  assert.equal(ans.status, 202, ans.body);
  const roots = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 2, method: 'tools/call',
    params: { name: 'everything__get-roots-list', arguments: {} } }, opts);
  assert.match(JSON.stringify(roots.messages), /raw-root/);

  // A subscription's resources/updated belongs to no request: it arrives on this stream.
  const uri = 'demo://resource/dynamic/text/5';
  const sub = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 3, method: 'resources/subscribe', params: { uri } }, opts);
  assert.ok(sub.messages.find((m) => m.id === 3)?.result, sub.body);
  await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 4, method: 'tools/call',
    params: { name: 'everything__toggle-subscriber-updates', arguments: {} } }, opts);
  const upd = await sse.next((m) => m.method === 'notifications/resources/updated', 7000);
  assert.equal(upd.params.uri, uri);
  await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 5, method: 'tools/call',
    params: { name: 'everything__toggle-subscriber-updates', arguments: {} } }, opts);
});

for (const v of ['2025-03-26', '2025-06-18', '2025-11-25']) {
  test(`a ${v} client: initialize negotiates ${v}, and the session works with that version`, async () => {
    const s = await rawInit(gw.port, gw.token, { protocolVersion: v });
    assert.equal(s.res.status, 200);
    assert.equal(s.result?.protocolVersion, v);
    assert.ok(s.result.capabilities.tools, 'tools capability announced');
    const call = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 7, method: 'tools/call',
      params: { name: 'everything__get-sum', arguments: { a: 1, b: 2 } } }, { sessionId: s.sessionId, version: v });
    assert.equal(call.status, 200, call.body);
    assert.match(JSON.stringify(call.messages.find((m) => m.id === 7)), /The sum of 1 and 2 is 3/);
    if (v === '2025-03-26') {
      // 2025-03-26 clients send no MCP-Protocol-Version header: it must still work.
      const noHeader = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 8, method: 'tools/list' }, { sessionId: s.sessionId });
      assert.equal(noHeader.status, 200, noHeader.body);
      assert.ok(noHeader.messages.find((m) => m.id === 8)?.result?.tools?.length > 0);
    }
    await request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, { sessionId: s.sessionId, version: v }) });
  });
}

test('an unknown requested protocol version gets the gateway\'s latest (2025-11-25)', async () => {
  const s = await rawInit(gw.port, gw.token, { protocolVersion: '2030-01-01' });
  assert.equal(s.res.status, 200);
  assert.equal(s.result?.protocolVersion, '2025-11-25');
  await request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, { sessionId: s.sessionId }) });
});
