// Resumable streams for 2025-11-25 clients (SEP-1699) and the batch rule
// (issue 13, item 4): a POST stream dropped mid-call is resumed with GET +
// Last-Event-ID without losing a message; a Last-Event-ID of another session is
// refused; a replay buffer that overflowed refuses rather than skip; older
// revisions keep streams without ids; limits.ssePollMs closes waiting streams
// and the SDK client polls them back; batches only for 2025-03-26 sessions.
// server-everything's long-running operation sends the progress notifications.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { everything, metric, rawInit, rawPost, mcpHeaders, startGatewaySafe, textOf, waitFor, within } from './lib/mcp.mjs';

const LONG = 'everything__trigger-long-running-operation';
let gw;         // streams stay open until their answer (the default)
let gwPoll;     // limits.ssePollMs: waiting POST streams are closed, clients poll

before(async () => {
  gw = await startGatewaySafe({ limits: { callTimeoutMs: 20000 }, mcpServers: { everything: everything() } });
  gwPoll = await startGatewaySafe({ limits: { callTimeoutMs: 20000, ssePollMs: 300 }, mcpServers: { everything: everything() } });
});

after(async () => {
  for (const g of [gw, gwPoll]) {
    if (!g) continue;
    await g.stop();
    g.cleanup();
  }
});

// One request answered with SSE, read as it comes. `events` are the SSE events
// ({id, retry, data, msg}); `next(pred)` waits (bounded) for a message; `cut()`
// drops the connection as a network failure would.
function sse(port, { method = 'GET', headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: '/mcp', agent: false,
      headers: { Host: `127.0.0.1:${port}`, ...headers } });
    req.setTimeout(10000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.on('response', (res) => {
      req.setTimeout(0);
      const s = {
        status: res.statusCode, headers: res.headers, events: [], body: '', ended: false, waiters: [],
        get lastId() { return s.events.filter((e) => e.id !== undefined).at(-1)?.id; },
        get messages() { return s.events.filter((e) => e.msg).map((e) => e.msg); },
        cut() { res.destroy(); req.destroy(); },
        next(pred, timeoutMs = 10000) {
          const found = s.messages.find(pred);
          if (found) return Promise.resolve(found);
          return new Promise((res2, rej2) => {
            const w = { pred, res: res2 };
            w.timer = setTimeout(() => {
              s.waiters = s.waiters.filter((x) => x !== w);
              rej2(new Error(`no matching message within ${timeoutMs} ms; got ${s.body.slice(0, 2000)}`));
            }, timeoutMs);
            s.waiters.push(w);
          });
        },
      };
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        s.body += d;
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = {};
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [k, ...rest] = line.split(':');
            const v = rest.join(':').replace(/^ /, '');
            if (k === 'id') ev.id = v;
            else if (k === 'retry') ev.retry = Number(v);
            else if (k === 'data') data.push(v);
          }
          if (data.length) ev.data = data.join('\n');
          if (ev.data) { try { ev.msg = JSON.parse(ev.data); } catch { /* not JSON */ } }
          if (Object.keys(ev).length === 0) continue;
          s.events.push(ev);
          for (const w of [...s.waiters]) {
            if (ev.msg && w.pred(ev.msg)) {
              clearTimeout(w.timer);
              s.waiters = s.waiters.filter((x) => x !== w);
              w.res(ev.msg);
            }
          }
        }
      });
      res.on('end', () => { s.ended = true; });
      res.on('error', () => { s.ended = true; });
      resolve(s);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

let ids = 1;
const callLong = (g, sessionId, args, progressToken, version = '2025-11-25') => sse(g.port, {
  method: 'POST',
  headers: mcpHeaders(g.token, { sessionId, version }),
  body: JSON.stringify({ jsonrpc: '2.0', id: ids++, method: 'tools/call',
    params: { name: LONG, arguments: args, _meta: { progressToken } } }),
});
const resume = (g, sessionId, lastEventId, token = g.token) => sse(g.port, {
  headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}`, 'Mcp-Session-Id': sessionId,
    'MCP-Protocol-Version': '2025-11-25', 'Last-Event-ID': lastEventId },
});
const progressOf = (msgs, token) => msgs.filter((m) => m.method === 'notifications/progress' && m.params.progressToken === token)
  .map((m) => m.params.progress);
const idle = (g) => waitFor(async () => (await metric(g, 'gatehouse_mcp_calls_in_flight')) === 0,
  { timeoutMs: 20000, what: 'the call to finish at the server' });

test('a 2025-11-25 stream dropped mid-call is resumed with Last-Event-ID, no message lost', async () => {
  const { sessionId, result } = await rawInit(gw.port, gw.token);
  assert.equal(result.protocolVersion, '2025-11-25');
  const post = await callLong(gw, sessionId, { duration: 2, steps: 8 }, 'p-drop');
  assert.equal(post.status, 200);
  assert.match(post.headers['content-type'], /text\/event-stream/);
  // The priming event comes first: an id, a retry, empty data.
  await waitFor(() => post.events.length > 0, { what: 'the priming event' });
  const priming = post.events[0];
  assert.match(priming.id, /^\d+-0$/);
  assert.equal(priming.data ?? '', '', 'the priming event has empty data');
  assert.ok(priming.retry > 0, 'the priming event carries retry');
  await post.next((m) => m.method === 'notifications/progress' && m.params.progress === 2);
  const lastId = post.lastId;
  const before = post.messages;
  post.cut();
  // The rest of the call happens while the client is away.
  await idle(gw);
  const got = await resume(gw, sessionId, lastId);
  assert.equal(got.status, 200, got.body);
  const answer = await got.next((m) => m.result !== undefined || m.error !== undefined);
  assert.match(textOf(answer.result), /Long running operation completed/);
  const all = [...before, ...got.messages];
  assert.deepEqual(progressOf(all, 'p-drop'), [1, 2, 3, 4, 5, 6, 7, 8], 'every progress notification exactly once, in order');
  // Every id names the same stream, and the sequence has no gap.
  const [stream] = priming.id.split('-');
  const seqs = [...post.events, ...got.events].filter((e) => e.id !== undefined).map((e) => e.id.split('-'));
  assert.ok(seqs.every(([s]) => s === stream));
  assert.deepEqual(seqs.map(([, n]) => Number(n)), seqs.map((_, i) => i));
  await waitFor(() => got.ended, { what: 'the resumed stream to end after its answer' });
});

test('a Last-Event-ID of another session, malformed or unknown is refused and shows nothing', async () => {
  const a = await rawInit(gw.port, gw.token);
  const b = await rawInit(gw.port, gw.token);
  const post = await callLong(gw, a.sessionId, { duration: 1, steps: 2 }, 'p-mine');
  await waitFor(() => post.events.length > 0, { what: 'the priming event' });
  const id = post.lastId;
  post.cut();
  await idle(gw);
  const stolen = await resume(gw, b.sessionId, id);
  assert.equal(stolen.status, 400);
  assert.match(stolen.body, /Last-Event-ID names no stream of this session/);
  assert.doesNotMatch(stolen.body, /p-mine|Long running/);
  for (const bad of ['nonsense', '1-', `${id}0000000000000000000000`]) {
    const r = await resume(gw, a.sessionId, bad);
    assert.equal(r.status, 400, bad);
    assert.doesNotMatch(r.body, /p-mine|Long running/);
  }
  const [stream] = id.split('-');
  const future = await resume(gw, a.sessionId, `${stream}-999`);
  assert.equal(future.status, 400);
  assert.match(future.body, /never sent/);
  // The id was good: its own session gets everything.
  const mine = await resume(gw, a.sessionId, id);
  assert.equal(mine.status, 200);
  const answer = await mine.next((m) => m.result !== undefined);
  assert.match(textOf(answer.result), /completed/);
  assert.deepEqual(progressOf(mine.messages, 'p-mine'), [1, 2]);
  // Delivered to its end: from its last event, 204 (SSE: stop reconnecting);
  // from an earlier one, 410 (those events are no longer held).
  await waitFor(() => mine.ended, { what: 'the stream to end' });
  const done = await resume(gw, a.sessionId, mine.lastId);
  assert.equal(done.status, 204);
  assert.equal(done.body, '');
  const again = await resume(gw, a.sessionId, id);
  assert.equal(again.status, 410);
  assert.doesNotMatch(again.body, /p-mine|Long running/);
});

test('a replay buffer that overflowed refuses the resumption (410) instead of skipping messages', async () => {
  const { sessionId } = await rawInit(gw.port, gw.token);
  // 300 progress notifications: more than the 256 events a stream holds.
  const post = await callLong(gw, sessionId, { duration: 1.5, steps: 300 }, 'p-many');
  await waitFor(() => post.events.length > 0, { what: 'the priming event' });
  const priming = post.lastId;
  post.cut();
  await idle(gw);
  const r = await resume(gw, sessionId, priming);
  assert.equal(r.status, 410, r.body);
  assert.match(r.body, /dropped from the replay buffer/);
  assert.doesNotMatch(r.body, /p-many/);
});

test('2025-06-18 sessions keep streams without ids and cannot resume', async () => {
  const { sessionId, result } = await rawInit(gw.port, gw.token, { protocolVersion: '2025-06-18' });
  assert.equal(result.protocolVersion, '2025-06-18');
  const post = await callLong(gw, sessionId, { duration: 0.6, steps: 2 }, 'p-old', '2025-06-18');
  await post.next((m) => m.result !== undefined);
  await waitFor(() => post.ended, { what: 'the stream to end' });
  assert.ok(post.events.every((e) => e.id === undefined && e.retry === undefined), post.body);
  const r = await resume(gw, sessionId, '1-0');
  assert.equal(r.status, 400);
});

test('limits.ssePollMs closes a waiting POST stream and the SDK client polls it back with Last-Event-ID', async () => {
  const resumptions = [];
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${gwPoll.port}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${gwPoll.token}` } },
    fetch: (url, init) => {
      const h = new Headers(init?.headers);
      if (h.get('last-event-id')) resumptions.push(h.get('last-event-id'));
      return fetch(url, init);
    },
  });
  const client = new Client({ name: 'gh-poll', version: '1.0.0' }, { capabilities: {} });
  await within(client.connect(transport), 15000, 'client.connect');
  try {
    const progress = [];
    const res = await within(client.callTool({ name: LONG, arguments: { duration: 1.5, steps: 3 } }, undefined,
      { onprogress: (p) => progress.push(p.progress), timeout: 20000 }), 25000, 'the polled call');
    assert.match(textOf(res), /Long running operation completed/);
    assert.deepEqual(progress, [1, 2, 3]);
    assert.ok(resumptions.length >= 1, 'the client came back with Last-Event-ID');
  } finally {
    await within(client.close(), 5000, 'client.close').catch(() => {});
  }
});

test('JSON-RPC batches: answered in a 2025-03-26 session, refused in 2025-06-18 and 2025-11-25 ones', async () => {
  const batch = [
    { jsonrpc: '2.0', id: 'b1', method: 'ping' },
    { jsonrpc: '2.0', id: 'b2', method: 'tools/list' },
    { jsonrpc: '2.0', method: 'notifications/roots/list_changed' },
    { jsonrpc: '1.0', id: 'b3', method: 'ping' },
  ];
  const old = await rawInit(gw.port, gw.token, { protocolVersion: '2025-03-26' });
  assert.equal(old.result.protocolVersion, '2025-03-26');
  const r = await rawPost(gw.port, gw.token, batch, { sessionId: old.sessionId, version: '2025-03-26' });
  assert.equal(r.status, 200, r.body);
  const byId = Object.fromEntries(r.messages.map((m) => [m.id, m]));
  assert.deepEqual(byId.b1.result, {});
  assert.ok(byId.b2.result.tools.some((t) => t.name === LONG));
  assert.equal(byId.b3.error.code, -32600);
  assert.equal(r.messages.length, 3);
  const quiet = await rawPost(gw.port, gw.token, [{ jsonrpc: '2.0', method: 'notifications/roots/list_changed' }],
    { sessionId: old.sessionId, version: '2025-03-26' });
  assert.equal(quiet.status, 202);
  const initInBatch = await rawPost(gw.port, gw.token, [{ jsonrpc: '2.0', id: 9, method: 'initialize', params: {} }],
    { sessionId: old.sessionId, version: '2025-03-26' });
  assert.equal(initInBatch.status, 400);
  for (const v of ['2025-06-18', '2025-11-25']) {
    const s = await rawInit(gw.port, gw.token, { protocolVersion: v });
    const refused = await rawPost(gw.port, gw.token, batch, { sessionId: s.sessionId, version: v });
    assert.equal(refused.status, 400, v);
    assert.equal(refused.messages[0].error.code, -32600);
    assert.match(refused.messages[0].error.message, /batches are accepted only in sessions that negotiated 2025-03-26/);
  }
});
