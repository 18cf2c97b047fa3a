// MCP 2026-07-28 ("modern") clients in front of gatehouse, beside 2025 sessions on
// the same /mcp: the official v2 SDK client (@modelcontextprotocol/client) against
// server-everything (a 2025 server) behind the gateway, and raw HTTP for what a
// well-behaved client never sends: routing headers that disagree with the body,
// removed or unknown methods, an unsupported version, GET/DELETE, no token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';

import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { request, repoRoot } from './lib/gateway.mjs';
import { everything, fixture, connect, textOf, within, waitFor, startGatewaySafe, messagesOf, records, openSse, untilListed } from './lib/mcp.mjs';

const V = '2026-07-28';
let gw;
let modern;        // one v2 client, negotiated to 2026-07-28
let limited;       // a token allowed only everything__echo

async function connectModern(token = gw.token) {
  const transport = new ModernTransport(new URL(`http://127.0.0.1:${gw.port}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new ModernClient({ name: 'gh-modern', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await within(client.connect(transport), 20000, 'modern client.connect');
  return { client, transport };
}

const meta = (version = V) => ({ 'io.modelcontextprotocol/protocolVersion': version,
  'io.modelcontextprotocol/clientInfo': { name: 'raw-modern', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {} });

let ids = 1;
// A raw modern POST: headers mirror the body unless `headers` overrides them
// (a value of null leaves a header out).
async function modernPost(method, params = {}, { headers = {}, token = gw.token, version = V, body } = {}) {
  const msg = body || { jsonrpc: '2.0', id: ids++, method, params: { ...params, _meta: meta(version) } };
  const h = {
    'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    'MCP-Protocol-Version': version, 'Mcp-Method': method,
  };
  if (params.name !== undefined && method !== 'completion/complete') h['Mcp-Name'] = params.name;
  if (params.uri !== undefined) h['Mcp-Name'] = params.uri;
  for (const [k, v] of Object.entries(headers)) {
    for (const old of Object.keys(h)) if (old.toLowerCase() === k.toLowerCase()) delete h[old];
    if (v !== null) h[k] = v;
  }
  const res = await request(gw.port, { method: 'POST', headers: h, body: JSON.stringify(msg), timeoutMs: 20000 });
  let messages = [];
  try { messages = messagesOf(res); } catch { /* not JSON */ }
  return { ...res, messages, msg: messages.find((m) => m.id === msg.id) };
}

before(async () => {
  gw = await startGatewaySafe({
    limits: { callTimeoutMs: 20000 },
    mcpServers: {
      everything: everything(),
      params: fixture('param-header-server.mjs'),
      // It imports the v1 SDK: let it read node_modules where it really is
      // (a worktree's node_modules may be a link out of the checkout).
      rug: fixture('rugpull-server.mjs', { sandbox: { read: [realpathSync(join(repoRoot, 'node_modules'))] } }),
    },
  });
  const r = gw.cli(['token', 'new', 'limited', '--tools', 'everything__echo']);
  assert.equal(r.code, 0, r.stderr);
  limited = r.stdout.match(/gth_[A-Za-z0-9_-]+/)[0];
  modern = await connectModern();
});

after(async () => {
  if (modern) await within(modern.client.close(), 3000, 'close').catch(() => {});
  if (gw) { await gw.stop(); gw.cleanup(); }
});

test('the v2 client negotiates 2026-07-28 through server/discover and holds no session', async () => {
  assert.equal(modern.client.getNegotiatedProtocolVersion(), V);
  assert.equal(modern.transport.sessionId, undefined, 'no Mcp-Session-Id was minted');
  const d = modern.client.getDiscoverResult();
  assert.ok(d.supportedVersions.includes(V), JSON.stringify(d));
  assert.ok(d.supportedVersions.includes('2025-11-25'), 'the legacy era is offered too');
  for (const cap of ['tools', 'prompts', 'resources']) assert.ok(d.capabilities[cap], `capability ${cap}`);
  assert.equal(d.capabilities.logging, undefined, 'logging/setLevel is gone in this revision');
  assert.equal(d._meta['io.modelcontextprotocol/serverInfo'].name, 'gatehouse');
  assert.match(d.instructions, /gateway/);
});

test('v2 client: tools are listed and called through the router (prefixes, results)', async () => {
  // Lists never wait long for a server still starting (slow under AddressSanitizer).
  const names = await untilListed(modern.client, ['everything__echo', 'params__query']);
  assert.ok(names.includes('everything__echo') && names.includes('everything__get-sum'), names.join(' '));
  assert.ok(names.includes('params__query'), names.join(' '));
  const e = await modern.client.callTool({ name: 'everything__echo', arguments: { message: 'hello modern' } });
  assert.equal(textOf(e), 'Echo: hello modern');
  const s = await modern.client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 40 } });
  assert.match(textOf(s), /42/);
});

test('v2 client: prompts and resources', async () => {
  const { prompts } = await modern.client.listPrompts();
  assert.ok(prompts.some((p) => p.name === 'everything__simple-prompt'), prompts.map((p) => p.name).join(' '));
  const p = await modern.client.getPrompt({ name: 'everything__simple-prompt', arguments: {} });
  assert.match(JSON.stringify(p.messages), /simple prompt/i);
  const { resources } = await modern.client.listResources();
  assert.ok(resources.length > 0);
  const r = await modern.client.readResource({ uri: resources[0].uri });
  assert.equal(r.contents[0].uri, resources[0].uri);
});

test('v2 client: a tool with x-mcp-header parameters is called with its Mcp-Param-* headers', async () => {
  const r = await modern.client.callTool({ name: 'params__query', arguments: { region: 'eu-west-1', limit: 5, sql: 'select 1' } });
  assert.equal(textOf(r), 'region=eu-west-1 limit=5 sql=select 1');
});

test('results carry resultType; lists and reads carry ttlMs and cacheScope; no session id is minted', async () => {
  for (const [method, params] of [['tools/list', {}], ['prompts/list', {}], ['resources/list', {}],
    ['resources/templates/list', {}], ['server/discover', {}]]) {
    const r = await modernPost(method, params);
    assert.equal(r.status, 200, `${method}: ${r.body}`);
    assert.equal(r.headers['mcp-session-id'], undefined, `${method} minted a session`);
    assert.equal(r.msg.result.resultType, 'complete', `${method}: ${r.body.slice(0, 200)}`);
    assert.equal(r.msg.result.ttlMs, 0, method);
    assert.equal(r.msg.result.cacheScope, 'private', method);
  }
  const call = await modernPost('tools/call', { name: 'everything__echo', arguments: { message: 'x' } },
    { headers: { 'Mcp-Session-Id': 'not-a-session-but-ignored' } });
  assert.equal(call.status, 200, call.body);
  assert.equal(call.headers['mcp-session-id'], undefined);
  assert.equal(call.msg.result.resultType, 'complete');
  assert.equal(call.msg.result.ttlMs, undefined, 'a call result is not cacheable');
  // The token's calls are recorded like any other.
  const rows = records(gw.stateDir, "target = 'everything__echo'", 'token, outcome');
  assert.ok(rows.some((row) => row.token === 'default' && row.outcome === 'ok'), JSON.stringify(rows));
});

test('routing headers that disagree with the body: 400 with -32020, and nothing runs', async () => {
  const cases = [
    ['tools/list', {}, { 'MCP-Protocol-Version': '2025-11-25' }],
    ['tools/list', {}, { 'MCP-Protocol-Version': null }],
    ['tools/list', {}, { 'Mcp-Method': 'prompts/list' }],
    ['tools/list', {}, { 'Mcp-Method': null }],
    ['tools/call', { name: 'everything__echo', arguments: { message: 'm' } }, { 'Mcp-Name': 'everything__get-env' }],
    ['tools/call', { name: 'everything__echo', arguments: { message: 'm' } }, { 'Mcp-Name': null }],
    ['prompts/get', { name: 'everything__simple-prompt' }, { 'Mcp-Name': 'everything__args-prompt' }],
    ['resources/read', { uri: 'demo://resource/static/document/architecture.md' }, { 'Mcp-Name': 'demo://other' }],
    ['tools/call', { name: 'params__query', arguments: { region: 'eu', sql: 's' } }, { 'Mcp-Param-Region': 'us' }],
    ['tools/call', { name: 'params__query', arguments: { region: 'eu', sql: 's' } }, {}],
    ['tools/call', { name: 'params__query', arguments: { region: 'eu', sql: 's' } }, { 'Mcp-Param-Region': 'eu', 'Mcp-Param-Limit': '3' }],
  ];
  for (const [method, params, headers] of cases) {
    const r = await modernPost(method, params, { headers });
    assert.equal(r.status, 400, `${method} ${JSON.stringify(headers)}: ${r.status} ${r.body}`);
    assert.equal(r.msg?.error?.code, -32020, `${method} ${JSON.stringify(headers)}: ${r.body}`);
  }
  assert.deepEqual(records(gw.stateDir, "target IN ('everything__get-env', 'everything__args-prompt')", 'target'), [],
    'a refused request reached no server');
  // Agreeing headers, one of them base64-encoded as the revision allows, and an
  // integer compared as a number: accepted.
  const ok = await modernPost('tools/call', { name: 'params__query', arguments: { region: 'eu', limit: 7, sql: 's' } },
    { headers: { 'Mcp-Name': `=?base64?${Buffer.from('params__query').toString('base64')}?=`,
      'Mcp-Param-Region': 'eu', 'Mcp-Param-Limit': '7.0' } });
  assert.equal(ok.status, 200, ok.body);
  assert.equal(textOf(ok.msg.result), 'region=eu limit=7 sql=s');
});

test('policy goes by the body: a header naming an allowed tool does not let a refused one through', async () => {
  // Body and header agree on a tool the token may not call: the router refuses it.
  const refused = await modernPost('tools/call', { name: 'everything__get-env', arguments: {} }, { token: limited });
  assert.equal(refused.status, 200, refused.body);
  assert.match(refused.msg.error.message, /not allowed/);
  // The header names the allowed tool, the body the refused one: a mismatch, never a call.
  const smuggled = await modernPost('tools/call', { name: 'everything__get-env', arguments: {} },
    { token: limited, headers: { 'Mcp-Name': 'everything__echo' } });
  assert.equal(smuggled.status, 400, smuggled.body);
  assert.equal(smuggled.msg.error.code, -32020);
  const list = await modernPost('tools/list', {}, { token: limited });
  assert.deepEqual(list.msg.result.tools.map((t) => t.name), ['everything__echo']);
});

test('unknown and removed methods: 404 with -32601', async () => {
  for (const method of ['ping', 'logging/setLevel', 'resources/subscribe', 'no/such-method']) {
    const r = await modernPost(method, method === 'logging/setLevel' ? { level: 'debug' } : {});
    assert.equal(r.status, 404, `${method}: ${r.body}`);
    assert.equal(r.msg.error.code, -32601, `${method}: ${r.body}`);
  }
});

test('an unsupported version: 400 with -32022 and the versions we speak; a request without clientCapabilities: -32602', async () => {
  const r = await modernPost('tools/list', {}, { version: '2030-01-01' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.msg.error.code, -32022);
  assert.ok(r.msg.error.data.supported.includes(V), r.body);
  assert.equal(r.msg.error.data.requested, '2030-01-01');
  const body = { jsonrpc: '2.0', id: 77, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': V } } };
  const noCaps = await modernPost('tools/list', {}, { body });
  assert.equal(noCaps.status, 400, noCaps.body);
  assert.equal(noCaps.msg.error.code, -32602);
});

test('GET and DELETE from a modern client: 405', async () => {
  for (const method of ['GET', 'DELETE']) {
    const r = await request(gw.port, { method, headers: { Authorization: `Bearer ${gw.token}`,
      Accept: 'text/event-stream', 'MCP-Protocol-Version': V } });
    assert.equal(r.status, 405, `${method}: ${r.body}`);
    assert.equal(r.headers.allow, 'POST');
  }
});

test('the token is required, as for every request', async () => {
  const none = await modernPost('tools/list', {}, { token: null });
  assert.equal(none.status, 401, none.body);
  assert.match(String(none.headers['www-authenticate']), /Bearer/);
  const wrong = await modernPost('tools/list', {}, { token: 'gth_' + 'A'.repeat(43) });
  assert.equal(wrong.status, 401, wrong.body);
  const discover = await modernPost('server/discover', {}, { token: null });
  assert.equal(discover.status, 401, 'even server/discover needs the token');
});

// A raw subscriptions/listen stream; `headers` override the routing headers.
function listen(id, notifications, { token = gw.token, headers = {} } = {}) {
  return openSse(gw.port, token, undefined, { version: V,
    headers: { 'Mcp-Method': 'subscriptions/listen', ...headers },
    body: { jsonrpc: '2.0', id, method: 'subscriptions/listen', params: { _meta: meta(), notifications } } });
}

test('subscriptions/listen: acknowledged first, then list changes of a 2025 server, tagged with the subscription id; revoking the token closes it gracefully', async () => {
  // A token of its own, so that its revocation ends only this test's streams.
  const r0 = gw.cli(['token', 'new', 'listener']);
  assert.equal(r0.code, 0, r0.stderr);
  const token = r0.stdout.match(/gth_[A-Za-z0-9_-]+/)[0];
  await waitFor(async () => (await modernPost('server/discover', {}, { token })).status === 200,
    { what: 'the new token is live', intervalMs: 250 });
  const tools = await listen('sub-tools', { toolsListChanged: true, resourceSubscriptions: ['demo://x'] }, { token });
  const prompts = await listen(42, { promptsListChanged: true }, { token });
  try {
    assert.equal(tools.status, 200);
    assert.match(String(tools.headers['content-type']), /text\/event-stream/);
    assert.equal(tools.headers['mcp-session-id'], undefined);
    const ack = await tools.next();
    assert.equal(ack.method, 'notifications/subscriptions/acknowledged', JSON.stringify(ack));
    assert.equal(ack.params._meta['io.modelcontextprotocol/subscriptionId'], 'sub-tools');
    // What we honour: list changes; resource subscriptions are not offered yet.
    assert.deepEqual(ack.params.notifications, { toolsListChanged: true });
    const ack2 = await prompts.next();
    assert.equal(ack2.params._meta['io.modelcontextprotocol/subscriptionId'], 42);

    // The rug-pull server renames its tool and says notifications/tools/list_changed.
    const r = await modernPost('tools/call', { name: 'rug__rename', arguments: {} }, { token });
    assert.equal(textOf(r.msg.result), 'renamed', r.body);
    const changed = await tools.next((m) => m.method === 'notifications/tools/list_changed', 10000);
    assert.equal(changed.params._meta['io.modelcontextprotocol/subscriptionId'], 'sub-tools');
    assert.equal(tools.messages[0].method, 'notifications/subscriptions/acknowledged', 'the ack came first');

    // Revoked: each stream ends with the result of its listen request (a graceful
    // close). The prompts stream got that and nothing about tools before it.
    assert.equal(gw.cli(['token', 'revoke', 'listener']).code, 0);
    const closed = await prompts.next((m) => m.id === 42, 10000);
    assert.equal(closed.result.resultType, 'complete');
    assert.equal(closed.result._meta['io.modelcontextprotocol/subscriptionId'], 42);
    assert.deepEqual(prompts.messages.map((m) => m.method ?? 'result'),
      ['notifications/subscriptions/acknowledged', 'result'], JSON.stringify(prompts.messages));
    await tools.next((m) => m.id === 'sub-tools', 10000);
  } finally {
    tools.close();
    prompts.close();
  }
});

test('subscriptions/listen with disagreeing routing headers: 400 with -32020', async () => {
  const s = await listen('sub-bad', { toolsListChanged: true }, { headers: { 'Mcp-Method': 'tools/list' } });
  try {
    assert.equal(s.status, 400);
  } finally {
    s.close();
  }
});

test('v2 client: a 2025 server\'s elicitation completes through input_required and the client\'s retry', async () => {
  const transport = new ModernTransport(new URL(`http://127.0.0.1:${gw.port}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${gw.token}` } },
  });
  const client = new ModernClient({ name: 'gh-modern-elicit', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' }, capabilities: { elicitation: {} } });
  const asked = [];
  client.setRequestHandler('elicitation/create', async (req) => {
    asked.push(req.params);
    return { action: 'accept', content: { name: 'Ada Lovelace', check: true } };
  });
  await within(client.connect(transport), 20000, 'connect');
  try {
    const r = await within(client.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} }), 20000, 'call');
    assert.equal(asked.length, 1, 'the client was asked once');
    assert.match(textOf(r), /Ada Lovelace/);
  } finally {
    await within(client.close(), 3000, 'close').catch(() => {});
  }
});

test('v2 client: a 2025 server\'s roots/list during a call completes through input_required', async () => {
  const transport = new ModernTransport(new URL(`http://127.0.0.1:${gw.port}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${gw.token}` } },
  });
  const client = new ModernClient({ name: 'gh-modern-roots', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' }, capabilities: { roots: {} } });
  let asked = 0;
  client.setRequestHandler('roots/list', async () => {
    asked++;
    return { roots: [{ uri: 'file:///home/ada/project-a', name: 'project-a' }] };
  });
  await within(client.connect(transport), 20000, 'connect');
  try {
    // server-everything asks for the roots itself when its tool finds none yet.
    const r = await within(client.callTool({ name: 'everything__get-roots-list', arguments: {} }), 20000, 'call');
    assert.ok(asked >= 1, 'the client was asked for its roots');
    assert.match(textOf(r), /project-a/);
  } finally {
    await within(client.close(), 3000, 'close').catch(() => {});
  }
});

test('input_required by hand: requestState is bound to the token and the request, cannot be tampered with, and is spent on use', async () => {
  const elicitCaps = { ...meta(), 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
  const call = (params, opts = {}) => modernPost('tools/call', params, {
    ...opts, body: { jsonrpc: '2.0', id: ids++, method: 'tools/call', params: { ...params, _meta: elicitCaps } } });
  const name = 'everything__trigger-elicitation-request';
  const first = await call({ name, arguments: {} });
  assert.equal(first.status, 200, first.body);
  const ir = first.msg.result;
  assert.equal(ir.resultType, 'input_required', first.body);
  const [key] = Object.keys(ir.inputRequests);
  assert.equal(ir.inputRequests[key].method, 'elicitation/create');
  assert.equal(typeof ir.requestState, 'string');
  assert.equal(first.headers['mcp-session-id'], undefined);
  const inputResponses = { [key]: { action: 'accept', content: { name: 'Grace Hopper', check: true } } };

  // Tampered, presented by another token, or on another request: refused, and the wait stays.
  const flipped = ir.requestState.slice(0, -2) + (ir.requestState.endsWith('AA') ? 'BA' : 'AA');
  for (const [what, params, opts] of [
    ['tampered', { name, arguments: {}, inputResponses, requestState: flipped }, {}],
    ['another token', { name, arguments: {}, inputResponses, requestState: ir.requestState }, { token: limited }],
    ['another request', { name: 'everything__echo', arguments: { message: 'x' }, inputResponses, requestState: ir.requestState }, {}],
  ]) {
    const r = await call(params, opts);
    assert.equal(r.status, 400, `${what}: ${r.body}`);
    assert.equal(r.msg.error.code, -32602, `${what}: ${r.body}`);
  }
  const retry = await call({ name, arguments: {}, inputResponses, requestState: ir.requestState });
  assert.equal(retry.status, 200, retry.body);
  assert.equal(retry.msg.result.resultType, 'complete', retry.body);
  assert.match(textOf(retry.msg.result), /Grace Hopper/);
  // Replayed: spent.
  const again = await call({ name, arguments: {}, inputResponses, requestState: ir.requestState });
  assert.equal(again.status, 400, again.body);
  assert.equal(again.msg.error.code, -32602);
});

test('a server request the client did not declare the capability for: -32021 with requiredCapabilities', async () => {
  const r = await modernPost('tools/call', { name: 'everything__trigger-elicitation-request', arguments: {} });
  assert.equal(r.msg?.error?.code, -32021, r.body);
  assert.ok(r.msg.error.data.requiredCapabilities.elicitation, r.body);
});

test('a legacy (v1 SDK) client works on the same endpoint at the same time', async () => {
  const legacy = await connect(gw);
  try {
    assert.ok(legacy.sessionId, 'the legacy client got its session');
    const [a, b] = await Promise.all([
      legacy.client.callTool({ name: 'everything__echo', arguments: { message: 'from 2025' } }),
      modern.client.callTool({ name: 'everything__echo', arguments: { message: 'from 2026' } }),
    ]);
    assert.equal(textOf(a), 'Echo: from 2025');
    assert.equal(textOf(b), 'Echo: from 2026');
    assert.ok(legacy.client.getServerVersion(), 'initialize answered');
  } finally {
    await legacy.close();
  }
});
