// Regression tests for security findings in the MCP router (F2, F3, F5-F9, F10b
// of the review): each test performs the attack against the real binary, with
// the fixtures tests/fixtures/sec-*.mjs, and asserts the fixed behaviour.
//
//   F2  an authenticated client fills a stalled server's stdin queue past its
//       64 MiB cap at the wrong moment (its own cancellation, DELETE): the
//       gateway must kill and restart that server, not abort itself; and a
//       client's cancellation reason is cut before it is forwarded.
//   F3  a failed initialize leaves no session behind; sessions are capped per token.
//   F5  revoking (or expiry of) a token ends its sessions, streams and servers.
//   F6  `token new --tools GLOB` limits what the token sees and calls.
//   F7  relayed server-to-client requests: one session cannot use up the table
//       for everyone, and an unanswered one expires.
//   F8  tool names that break the rules are withheld, never exposed unprefixed.
//   F9  a shared server's resource updates go only to the sessions that subscribed.
//   F10b a server that refuses initialize is restarted with backoff.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { request, runCli, tempDir, sleep, assertAlive, giveToSandbox } from './lib/gateway.mjs';
import {
  fixture, connect, textOf, waitFor, within, logLines, rawInit, rawPost, mcpHeaders, openSse, messagesOf,
  LATEST, startGatewaySafe,
} from './lib/mcp.mjs';

const MiB = 1024 * 1024;
const STDIN_QUEUE_LIMIT = 64 * MiB;      // LIMIT_CHILD_PENDING_WRITE in src/limits.h

async function started(t, config, opts) {
  const gw = await startGatewaySafe(config, opts);
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  return gw;
}

// `gatehouse token new NAME ...` and wait until the running gateway knows it (it
// looks for CLI changes every 250 ms). GET /metrics is 200 with a live token.
async function liveToken(gw, name, extra = []) {
  const r = gw.cli(['token', 'new', name, ...extra]);
  assert.equal(r.code, 0, `token new ${name}: ${r.stderr}`);
  const token = r.stdout.trim();
  assert.match(token, /^gth_[A-Za-z0-9_-]{43}$/);
  await waitFor(async () => (await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${token}` } })).status === 200,
    { timeoutMs: 5000, intervalMs: 50, what: `token ${name} to be live` });
  return token;
}

const del = (gw, token, sessionId) =>
  request(gw.port, { method: 'DELETE', headers: mcpHeaders(token, { sessionId, version: LATEST }) }).catch(() => {});

// The JSON-RPC message with `id` in an answer, or undefined.
const answerTo = (res, id) => (res.messages || []).find((m) => m.id === id && (m.result || m.error));

const toolCall = (id, name, args = {}) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

// The live (not zombie) processes whose parent is `pid`, from /proc.
function childrenOf(pid) {
  const out = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    let stat;
    try { stat = readFileSync(`/proc/${p}/stat`, 'utf8'); } catch { continue; }
    // "PID (comm) STATE PPID ...": comm may hold spaces and parentheses.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) === pid && state !== 'Z') out.push(Number(p));
  }
  return out;
}

// A POST whose answer we do not wait for yet. `sent` resolves once the whole body
// is handed to the kernel; `answer` resolves with the answer ({status, headers,
// body, messages}) or {failed} (connection error, or no answer within timeoutMs).
// The default bound is for hangs: some calls here wait behind 70 MiB for a stalled
// server, minutes under AddressSanitizer on a loaded machine.
function startPost(port, token, message, { sessionId, version = LATEST, timeoutMs = 180000 } = {}) {
  const body = typeof message === 'string' ? message : JSON.stringify(message);
  let localPort;
  let sentResolve;
  const sent = new Promise((r) => { sentResolve = r; });
  const answer = new Promise((resolve) => {
    const headers = { ...mcpHeaders(token, { sessionId, version }), Host: `127.0.0.1:${port}` };
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/mcp', headers, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => {
        clearTimeout(timer);
        const r = { status: res.statusCode, headers: res.headers, body: data, messages: [] };
        try { r.messages = messagesOf(r); } catch { /* not JSON */ }
        resolve(r);
      });
      res.on('error', (e) => { clearTimeout(timer); resolve({ failed: String(e) }); });
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('socket', (s) => s.on('connect', () => { localPort = s.localPort; }));
    req.on('error', (e) => { clearTimeout(timer); sentResolve(); resolve({ failed: String(e) }); });
    req.end(body, () => sentResolve());
  });
  return { sent, answer, get localPort() { return localPort; } };
}

// Bytes still queued on each loopback TCP connection to `port` (Linux
// /proc/net/tcp: tx_queue + rx_queue of both ends), keyed by the client's port.
function tcpQueued(port, clientPorts) {
  const hex = (n) => n.toString(16).toUpperCase().padStart(4, '0');
  const want = new Set(clientPorts.map(hex));
  const queued = new Map();
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const local = f[1].split(':')[1];
    const remote = f[2].split(':')[1];
    const [tx, rx] = f[4].split(':').map((x) => parseInt(x, 16));
    const client = local === hex(port) ? remote : remote === hex(port) ? local : null;
    if (client && want.has(client)) queued.set(client, (queued.get(client) || 0) + tx + rx);
  }
  return queued;
}

// Wait until the gateway has read every byte we sent on these connections, then
// one round trip more: once a request's last byte is read, its handler runs in
// the same event-loop turn, so after this the requests have been handled.
async function gatewayHasRead(gw, posts, sessionId) {
  const ports = posts.map((p) => p.localPort);
  assert.ok(ports.every(Boolean), 'every POST is connected');
  await waitFor(() => [...tcpQueued(gw.port, ports).values()].every((n) => n === 0),
    { timeoutMs: 20000, intervalMs: 20, what: 'the gateway to read the request bodies' });
  const ping = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 'barrier', method: 'ping' }, { sessionId, version: LATEST });
  assert.equal(ping.status, 200, `ping: ${ping.body}`);
}

// ---- F2 ------------------------------------------------------------------

const BIG_PAD = 'a'.repeat(4 * MiB);
const STALL_LIMITS = { maxBodyBytes: 8 * MiB, callTimeoutMs: 60000 };
const bigCall = (id, pad = BIG_PAD) => toolCall(id, 'stall__ok', { pad });

// A session whose stall server has stopped reading its stdin. Returns the session
// options, the pending stall call, and the id the gateway gave that call
// downstream (the fixture reports it).
async function stalledSession(gw) {
  const s = await rawInit(gw.port, gw.token);
  assert.equal(s.res.status, 200);
  const o = { sessionId: s.sessionId, version: LATEST };
  const list = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, o);
  const names = (answerTo(list, 1)?.result?.tools || []).map((x) => x.name);
  assert.ok(names.includes('stall__stall') && names.includes('stall__ok'), names.join(' '));
  const before = logLines(gw, /sec-stall: stdin paused/).length;
  const stall = startPost(gw.port, gw.token, toolCall('stall', 'stall__stall'), o);
  const line = await waitFor(() => logLines(gw, /sec-stall: stdin paused/)[before],
    { timeoutMs: 10000, what: 'the stall server to stop reading' });
  const downId = Number(/request id (\d+)/.exec(line)?.[1]);
  return { o, stall, downId };
}

// Send `messages` one after another (each body fully handed over before the next)
// and wait until the gateway has handled them all.
async function sendAll(gw, o, messages) {
  const posts = [];
  for (const m of messages) {
    const p = startPost(gw.port, gw.token, m, o);
    await p.sent;
    posts.push(p);
  }
  await gatewayHasRead(gw, posts, o.sessionId);
  return posts;
}

// A new session of the stall server answers `ok` (it is restarted; backoff 0.5 s+).
async function stallServerWorks(gw, o) {
  const r = await rawPost(gw.port, gw.token, toolCall('probe', 'stall__ok'), { ...o, timeoutMs: 5000 });
  return textOf(answerTo(r, 'probe')?.result) === 'ok';
}

describe('F2: a client filling a stalled server\'s stdin queue', { concurrency: 1 }, () => {
  test('a cancellation that overflows the queue: the gateway survives, every call is answered, the server restarts', async (t) => {
    const gw = await started(t, { limits: STALL_LIMITS, mcpServers: { stall: fixture('sec-stall-server.mjs') } });
    const { o, stall } = await stalledSession(gw);

    // 15 calls of 4 MiB: about 60 MiB queued, under the 64 MiB cap.
    const ids = Array.from({ length: 15 }, (_, i) => 100 + i);
    const posts = await sendAll(gw, o, ids.map((id) => bigCall(id)));
    await assertAlive(gw, 'after 15 calls of 4 MiB to a stalled server');

    // Cancel the first with a 4 MiB reason: forwarding it as is overflows the
    // queue in the middle of the cancellation (before the fix: a libuv assertion).
    const cancel = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', method: 'notifications/cancelled',
      params: { requestId: 100, reason: 'r'.repeat(4 * MiB + 64 * 1024) } }, { ...o, timeoutMs: 20000 }).catch((e) => ({ failed: String(e) }));
    await assertAlive(gw, 'after a cancellation with a 4 MiB reason');
    assert.equal(cancel.status, 202, `the cancellation: ${cancel.failed || cancel.body}`);

    // Two more calls of 4 MiB: whatever the cancellation did, these overflow the
    // queue, and the gateway must stop the server and answer everything it held.
    const more = [];
    for (const id of [115, 116]) {
      const p = startPost(gw.port, gw.token, bigCall(id), o);
      await p.sent;
      more.push(p);
    }
    const answers = await within(Promise.all([stall, ...posts, ...more].map((p) => p.answer)), 120000, 'the answers');
    await assertAlive(gw, 'after the queue overflowed');
    const [stallAnswer, ...rest] = answers;
    assert.ok(answerTo(stallAnswer, 'stall')?.error, `the stall call: ${stallAnswer.failed || stallAnswer.body?.slice(0, 300)}`);
    assert.ok(!answerTo(rest[0], 100)?.result, 'the cancelled call got a result');
    for (const [i, id] of ids.slice(1).entries()) {
      const a = rest[i + 1];
      assert.ok(answerTo(a, id)?.error, `call ${id}: expected a JSON-RPC error, got ${a.failed || a.body?.slice(0, 300)}`);
    }
    for (const [i, id] of [115, 116].entries()) {
      const a = rest[ids.length + i];
      assert.ok(answerTo(a, id), `call ${id}: expected an answer, got ${a.failed || a.body?.slice(0, 300)}`);
    }

    // The server was restarted: this session gets a working one again, and so does a new session.
    await waitFor(() => stallServerWorks(gw, o), { timeoutMs: 10000, intervalMs: 250, what: 'the restarted server in the same session' });
    const fresh = await rawInit(gw.port, gw.token);
    assert.equal(fresh.res.status, 200);
    await waitFor(() => stallServerWorks(gw, { sessionId: fresh.sessionId, version: LATEST }),
      { timeoutMs: 10000, intervalMs: 250, what: 'the server in a new session' });
    await del(gw, gw.token, fresh.sessionId);
    await del(gw, gw.token, o.sessionId);
  });

  test('DELETE with the queue just under its cap: the gateway survives and answers the calls', async (t) => {
    const gw = await started(t, { limits: STALL_LIMITS, mcpServers: { stall: fixture('sec-stall-server.mjs') } });
    const { o, stall, downId } = await stalledSession(gw);
    assert.ok(Number.isInteger(downId), 'the fixture reported the id of the stall call');

    // The gateway counts a whole line (plus its newline) as queued until it is
    // completely written, and the stalled server has read none of these: the
    // queue is exactly the sum of the lines. Their ids follow the stall call's.
    // Leave GAP bytes under the cap: less than the notifications/cancelled that
    // DELETE sends for each of these calls, so that (before the fix) the first
    // of them overflowed the queue in the middle of ending the session.
    const GAP = 300;
    const line = (m, downstreamId) => JSON.stringify({ ...m, id: downstreamId, params: { ...m.params, name: 'ok' } }).length + 1;
    const messages = Array.from({ length: 15 }, (_, i) => bigCall(200 + i));
    let queued = messages.reduce((n, m, i) => n + line(m, downId + 1 + i), 0);
    const fillerId = downId + 1 + messages.length;
    const overhead = line(bigCall(215, ''), fillerId);
    const fill = bigCall(215, 'f'.repeat(STDIN_QUEUE_LIMIT - GAP - queued - overhead));
    queued += line(fill, fillerId);
    assert.equal(queued, STDIN_QUEUE_LIMIT - GAP);
    const posts = await sendAll(gw, o, [...messages, fill]);
    await assertAlive(gw, 'after filling the queue to just under its cap');
    const early = await Promise.race([posts.at(-1).answer, sleep(200).then(() => null)]);
    if (early) t.diagnostic(`the last fill call was answered before DELETE (the queue estimate is off): ${early.body?.slice(0, 200)}`);

    const d = await request(gw.port, { method: 'DELETE', headers: mcpHeaders(gw.token, o), timeoutMs: 10000 })
      .catch((e) => ({ failed: String(e) }));
    await assertAlive(gw, 'after DELETE with a full queue');
    assert.equal(d.status, 200, `DELETE: ${d.failed || d.body}`);
    const answers = await within(Promise.all([stall, ...posts].map((p) => p.answer)), 120000, 'the answers');
    const ids = ['stall', ...messages.map((m) => m.id), 215];
    for (const [i, id] of ids.entries())
      assert.ok(answerTo(answers[i], id)?.error, `call ${id}: expected a JSON-RPC error, got ${answers[i].failed || answers[i].body?.slice(0, 300)}`);
    // The server of the next session works.
    const fresh = await rawInit(gw.port, gw.token);
    await waitFor(() => stallServerWorks(gw, { sessionId: fresh.sessionId, version: LATEST }),
      { timeoutMs: 10000, intervalMs: 250, what: 'the server in a new session' });
    await del(gw, gw.token, fresh.sessionId);
  });

  test('the reason of a client\'s cancellation is cut to 256 bytes before it reaches the server', async (t) => {
    const dir = tempDir('gh-sec-');
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const logPath = join(dir, 'cancelled.log');
    writeFileSync(logPath, '');
    giveToSandbox(logPath);     // a declared write path of a root gateway is the sandbox user's
    const gw = await started(t, { limits: { callTimeoutMs: 30000 },
      mcpServers: { probe: fixture('sec-cancel-probe.mjs', { env: { SEC_CANCEL_LOG: logPath }, sandbox: { write: [logPath] } }) } });
    const s = await rawInit(gw.port, gw.token);
    const o = { sessionId: s.sessionId, version: LATEST };
    t.after(() => del(gw, gw.token, o.sessionId));
    await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, o);
    const call = startPost(gw.port, gw.token, toolCall(7, 'probe__wait'), o);
    await call.sent;
    await gatewayHasRead(gw, [call], o.sessionId);
    const c = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', method: 'notifications/cancelled',
      params: { requestId: 7, reason: 'why? '.repeat(2000) } }, o);
    assert.equal(c.status, 202, c.body);
    const lines = await waitFor(() => {
      const l = readFileSync(logPath, 'utf8').split('\n').filter(Boolean);
      return l.length ? l : null;
    }, { timeoutMs: 5000, what: 'the server to receive notifications/cancelled' });
    assert.equal(lines.length, 1, lines.join(' '));
    assert.ok(lines[0] !== 'none' && Number(lines[0]) <= 256, `the server received a reason of ${lines[0]} bytes`);
    await within(call.answer, 5000, 'the cancelled call\'s POST');
  });
});

// ---- F3 ------------------------------------------------------------------

const BAD_INIT = (id) => ({ jsonrpc: '2.0', id, method: 'initialize', params: { capabilities: {}, clientInfo: { name: 'x', version: '1' } } });

describe('F3: sessions', () => {
  test('a failed initialize gets a JSON-RPC error and no Mcp-Session-Id', async (t) => {
    const gw = await started(t, {});
    const r = await rawPost(gw.port, gw.token, BAD_INIT(1));
    assert.ok(answerTo(r, 1)?.error, `expected a JSON-RPC error: ${r.status} ${r.body}`);
    assert.equal(r.headers['mcp-session-id'], undefined, 'a session id for a failed initialize');
  });

  test('failed initializes do not use up session slots', async (t) => {
    const gw = await started(t, { limits: { maxSessions: 5 } });
    for (let i = 0; i < 20; i++) {
      const r = await rawPost(gw.port, gw.token, BAD_INIT(i + 1));
      assert.ok(answerTo(r, i + 1)?.error, `failed initialize ${i + 1}: ${r.status} ${r.body}`);
    }
    const ok = await rawInit(gw.port, gw.token);
    assert.equal(ok.res.status, 200, `a valid initialize after 20 failed ones: ${ok.res.body}`);
    assert.ok(ok.sessionId);
  });

  test('limits.maxSessionsPerToken: the 4th session of one token is refused, another token is not', async (t) => {
    const gw = await started(t, { limits: { maxSessions: 50, maxSessionsPerToken: 3 } });
    const tokenB = await liveToken(gw, 'b');
    for (let i = 0; i < 3; i++) {
      const s = await rawInit(gw.port, gw.token);
      assert.equal(s.res.status, 200, `session ${i + 1} of token A`);
    }
    const fourth = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 4, method: 'initialize',
      params: { protocolVersion: LATEST, capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
    assert.equal(fourth.status, 503, `the 4th session of token A: ${fourth.body}`);
    assert.match(JSON.stringify(fourth.messages), /maxSessionsPerToken/);
    assert.equal(fourth.headers['mcp-session-id'], undefined);
    const b = await rawInit(gw.port, tokenB);
    assert.equal(b.res.status, 200, `token B: ${b.res.body}`);
  });

  test('check-config accepts limits.maxSessionsPerToken and rejects 0 and non-integers', (t) => {
    const dir = tempDir('gh-sec-');
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const check = (value) => {
      const configPath = join(dir, 'gatehouse.json');
      writeFileSync(configPath, JSON.stringify({ listen: ['127.0.0.1:0'], stateDir: 'state', limits: { maxSessionsPerToken: value } }));
      return runCli(['check-config'], { configPath });
    };
    const good = check(3);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout + good.stderr, /configuration OK/);
    for (const bad of [0, 2.5, '3', -1]) {
      const r = check(bad);
      assert.equal(r.code, 1, `maxSessionsPerToken ${JSON.stringify(bad)}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /limits\.maxSessionsPerToken/, `maxSessionsPerToken ${JSON.stringify(bad)}`);
      assert.doesNotMatch(r.stderr, /unknown key/, `maxSessionsPerToken ${JSON.stringify(bad)} is refused as an unknown key`);
    }
  });
});

// ---- F5 ------------------------------------------------------------------

describe('F5: a token that is revoked or expires', () => {
  test('revocation ends the token\'s stream and stops its session\'s server at once', async (t) => {
    const gw = await started(t, { mcpServers: { echo: fixture('echo-server.mjs') } });
    const tokenB = await liveToken(gw, 'b');
    const s = await rawInit(gw.port, tokenB);
    const o = { sessionId: s.sessionId, version: LATEST };
    const list = await rawPost(gw.port, tokenB, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, o);
    assert.ok(JSON.stringify(list.messages).includes('echo__echo'), list.body);
    await waitFor(() => childrenOf(gw.pid).length === 1, { timeoutMs: 5000, what: 'B\'s echo server' });
    const sse = await openSse(gw.port, tokenB, s.sessionId);
    t.after(() => sse.close());
    assert.equal(sse.status, 200);

    const r = gw.cli(['token', 'revoke', 'b']);
    assert.equal(r.code, 0, r.stderr);
    const revoked = Date.now();
    await waitFor(() => sse.ended, { timeoutMs: 2000, intervalMs: 20, what: 'B\'s GET stream to end after the revocation' });
    await waitFor(() => childrenOf(gw.pid).length === 0,
      { timeoutMs: 3000 - (Date.now() - revoked), intervalMs: 50, what: 'B\'s server to stop' }).catch(() => {});
    assert.deepEqual(childrenOf(gw.pid), [], 'the server process of B\'s session, 3 s after the revocation');
    const after = await rawPost(gw.port, tokenB, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, o);
    assert.equal(after.status, 401);
  });

  test('expiry ends the token\'s stream', async (t) => {
    const gw = await started(t, { mcpServers: { echo: fixture('echo-server.mjs') } });
    // Expiry has one-second resolution: 3s leaves room to open the stream first.
    const created = Date.now();
    const token = await liveToken(gw, 'short', ['--expires', '3s']);
    const s = await rawInit(gw.port, token);
    assert.equal(s.res.status, 200);
    const sse = await openSse(gw.port, token, s.sessionId);
    t.after(() => sse.close());
    assert.equal(sse.status, 200, 'the stream opened before the token expired');
    await waitFor(() => sse.ended, { timeoutMs: Math.max(0, created + 5000 - Date.now()), intervalMs: 50,
      what: 'the stream of an expired token to end (3 s after creation, +2 s)' });
    assert.equal((await rawPost(gw.port, token, { jsonrpc: '2.0', id: 2, method: 'ping' }, { sessionId: s.sessionId })).status, 401);
  });
});

// ---- F6 ------------------------------------------------------------------

test('F6: token new --tools limits the tools a token sees and calls (fnmatch on exposed names)', async (t) => {
  const gw = await started(t, { mcpServers: { echo: fixture('echo-server.mjs'), probe: fixture('env-probe.mjs') } });
  const tokenC = await liveToken(gw, 'c', ['--tools', 'echo__e*']);
  const names = async (token) => {
    const s = await rawInit(gw.port, token);
    const o = { sessionId: s.sessionId, version: LATEST };
    const r = await rawPost(gw.port, token, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, o);
    return { o, names: (answerTo(r, 1)?.result?.tools || []).map((x) => x.name).sort() };
  };
  const all = await names(gw.token);
  assert.deepEqual(all.names, ['echo__echo', 'probe__argv', 'probe__cwd', 'probe__digest', 'probe__env', 'probe__home', 'probe__pid'], 'the default token sees every tool');
  const c = await names(tokenC);
  assert.deepEqual(c.names, ['echo__echo'], 'token c sees only what its glob matches');

  const denied = await rawPost(gw.port, tokenC, toolCall(2, 'probe__env'), c.o);
  const err = answerTo(denied, 2);
  assert.ok(err?.error, `probe__env for token c: ${denied.body.slice(0, 300)}`);
  assert.equal(err.error.code, -32602);
  assert.match(err.error.message, /not allowed/);
  const allowed = await rawPost(gw.port, tokenC, toolCall(3, 'echo__echo', { text: 'hi' }), c.o);
  assert.equal(textOf(answerTo(allowed, 3)?.result), 'hi');
  const dflt = await rawPost(gw.port, gw.token, toolCall(4, 'probe__cwd'), all.o);
  assert.ok(answerTo(dflt, 4)?.result, 'the default token may call probe__cwd');
});

// ---- F7 ------------------------------------------------------------------

describe('F7: requests relayed from servers to clients', () => {
  test('one session that never answers cannot use up the relay for another token', async (t) => {
    const gw = await started(t, { limits: { callTimeoutMs: 30000 }, mcpServers: { sampler: fixture('sec-sampler.mjs') } });
    const tokenB = await liveToken(gw, 'b');
    // A: a raw client that declares sampling and never answers. 5000 is more than
    // the gateway's table of relayed requests (LIMIT_RELAYED_REQUESTS, 4096) holds.
    const a = await rawInit(gw.port, gw.token, { capabilities: { sampling: {} } });
    const ao = { sessionId: a.sessionId, version: LATEST };
    t.after(() => del(gw, gw.token, ao.sessionId));
    const flood = await rawPost(gw.port, gw.token, toolCall(1, 'sampler__ask', { n: 5000 }), { ...ao, timeoutMs: 30000 });
    assert.equal(textOf(answerTo(flood, 1)?.result), 'sent 5000', flood.body.slice(-300));
    assert.ok(flood.messages.some((m) => m.method === 'sampling/createMessage'), 'A was asked');

    // B, another token, with a client that answers: its one request gets through.
    const asked = [];
    const answerSampling = async (req) => {
      asked.push(req.params);
      return { role: 'assistant', model: 'm', content: { type: 'text', text: 'from-B' } };
    };
    const b = await connect(gw, { token: tokenB, capabilities: { sampling: {} },
      setup: (c) => c.setRequestHandler(CreateMessageRequestSchema, answerSampling) });
    t.after(() => b.close());
    const r = await b.client.callTool({ name: 'sampler__ask', arguments: { n: 1 } }, undefined, { timeout: 20000 });
    assert.equal(textOf(r), 'answered: from-B');
    assert.equal(asked.length, 1);
  });

  test('an unanswered relayed request expires: the server gets an error after callTimeoutMs', async (t) => {
    const gw = await started(t, { limits: { callTimeoutMs: 1500 }, mcpServers: { sampler: fixture('sec-sampler.mjs') } });
    const s = await rawInit(gw.port, gw.token, { capabilities: { sampling: {} } });
    const o = { sessionId: s.sessionId, version: LATEST };
    t.after(() => del(gw, gw.token, o.sessionId));
    await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, o);
    const askedAt = Date.now();
    const call = startPost(gw.port, gw.token, toolCall(2, 'sampler__ask', { n: 1 }), { ...o, timeoutMs: 10000 });
    // The `ask` call itself times out too (callTimeoutMs); the fixture reports the
    // failure of its sampling request in the gateway log, whatever became of the call.
    const line = await waitFor(() => logLines(gw, /sec-sampler: sampling failed/)[0],
      { timeoutMs: 4000, intervalMs: 50, what: 'the server to get an error for its unanswered sampling request' });
    assert.ok(Date.now() - askedAt < 4000, `the error came ${Date.now() - askedAt} ms after the call`);
    t.diagnostic(line);
    await call.answer;
  });
});

// ---- F8 ------------------------------------------------------------------

test('F8: tool names that break the rules are withheld (never exposed, never callable) and logged', async (t) => {
  const gw = await started(t, { mcpServers: { n: fixture('sec-names.mjs') } });
  const s = await rawInit(gw.port, gw.token);
  const o = { sessionId: s.sessionId, version: LATEST };
  t.after(() => del(gw, gw.token, o.sessionId));
  const list = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, o);
  const names = (answerTo(list, 1)?.result?.tools || []).map((x) => x.name);
  const shown = (n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}...(${n.length})` : n);
  assert.deepEqual(names.filter((n) => !n.startsWith('n__')).map(shown), [], 'tools exposed without their server\'s prefix');
  assert.deepEqual(names.slice().sort(), ['n__good', 'n__x'],
    `exposed: ${names.map(shown).join(', ')}`);

  // Each withheld name as the gateway would expose it, unprefixed, and cut to the
  // 511 bytes a fixed-size buffer would keep.
  const withheld = ['n__bad name', `n__${'a'.repeat(129)}`, `n__${'é'.repeat(300)}`, 'é'.repeat(300), `n__${'é'.repeat(254)}`,
    `n__${'€'.repeat(200)}`, '€'.repeat(200), `n__${'€'.repeat(169)}`];
  for (const [i, name] of withheld.entries()) {
    const r = await rawPost(gw.port, gw.token, toolCall(10 + i, name), o);
    const m = answerTo(r, 10 + i);
    assert.ok(m?.error, `calling ${JSON.stringify(name.slice(0, 30))} (${name.length} chars): ${r.body.slice(0, 200)}`);
  }
  const good = await rawPost(gw.port, gw.token, toolCall(2, 'n__x'), o);
  assert.equal(textOf(answerTo(good, 2)?.result), 'called x');
  const logged = logLines(gw, /withheld|invalid tool name/i).filter((l) => l.includes('bad name'));
  assert.ok(logged.length >= 1, `no log line names the withheld tool "bad name":\n${gw.logs().slice(-2000)}`);
});

// ---- F9 ------------------------------------------------------------------

test('F9: a shared server\'s resource updates reach only the sessions that subscribed', async (t) => {
  const gw = await started(t, { mcpServers: { up: fixture('sec-updates.mjs', { shared: true }) } });
  const tokenB = await liveToken(gw, 'b');
  const a = await rawInit(gw.port, gw.token);
  const b = await rawInit(gw.port, tokenB);
  t.after(() => del(gw, gw.token, a.sessionId));
  t.after(() => del(gw, tokenB, b.sessionId));
  const ao = { sessionId: a.sessionId, version: LATEST };
  const list = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 1, method: 'resources/list' }, ao);
  assert.match(list.body, /test:\/\/r1/);
  const sa = await openSse(gw.port, gw.token, a.sessionId);
  t.after(() => sa.close());
  const sb = await openSse(gw.port, tokenB, b.sessionId);
  t.after(() => sb.close());
  assert.equal(sa.status, 200);
  assert.equal(sb.status, 200);

  const sub = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri: 'test://r1' } }, ao);
  assert.ok(answerTo(sub, 2)?.result, sub.body);
  const isUpdate = (m) => m.method === 'notifications/resources/updated';
  await sa.next(isUpdate, 2000);
  // Updates come every 200 ms and reach every session in the same loop turn: by
  // the time A has three more, B would have had some.
  await waitFor(() => sa.messages.filter(isUpdate).length >= 4, { timeoutMs: 3000, what: 'more updates for A' });
  assert.deepEqual(sb.messages.filter(isUpdate), [], 'B, which never subscribed, got A\'s resource updates');
});

// ---- F10b ----------------------------------------------------------------

test('F10: a server that answers initialize with an error is restarted with backoff', async (t) => {
  const dir = tempDir('gh-sec-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const startLog = join(dir, 'starts.log');
  writeFileSync(startLog, '');
  giveToSandbox(startLog);      // a declared write path of a root gateway is the sandbox user's
  // callTimeoutMs at its default: the initialize timer alone would wait 60 s.
  const gw = await started(t, { limits: { callTimeoutMs: 60000 },
    mcpServers: { ie: fixture('sec-init-error.mjs', { env: { SEC_START_LOG: startLog }, sandbox: { write: [startLog] } }) } });
  const first = Date.now();
  const s = await rawInit(gw.port, gw.token, { ready: false });
  assert.equal(s.res.status, 200);
  t.after(() => del(gw, gw.token, s.sessionId));
  const starts = () => readFileSync(startLog, 'utf8').split('\n').filter(Boolean);
  await waitFor(() => starts().length >= 2, { timeoutMs: Math.max(0, first + 3000 - Date.now()), intervalMs: 50,
    what: 'a second start' }).catch(() => {});
  assert.ok(starts().length >= 2, `the server was started ${starts().length} time(s) in the first 3 s`);
});
