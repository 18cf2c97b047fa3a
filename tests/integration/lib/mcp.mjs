// Helpers for the MCP integration tests: the official SDK client against the real
// gatehouse binary, raw MCP requests, an SSE reader, server-everything over HTTP,
// and the records database. Everything is loopback and every wait is bounded.
import { spawn, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { repoRoot, request, sleep, startGateway, tempDir } from './gateway.mjs';

export const EVERYTHING = join(repoRoot, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
export const FIXTURES = join(repoRoot, 'tests', 'fixtures');
export const LATEST = '2025-11-25';

// Config entries for mcpServers.
export const everything = (extra = {}) => ({ command: 'node', args: [EVERYTHING, 'stdio'], ...extra });
export const badServer = (mode, ...rest) => ({ command: 'node', args: [join(FIXTURES, 'bad-server.mjs'), mode, ...rest] });
export const fixture = (file, extra = {}) => ({ command: 'node', args: [join(FIXTURES, file)], ...extra });

export const textOf = (result) => (result?.content || []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');

// startGateway, but its temp directory is removed if the gateway fails to start.
export async function startGatewaySafe(config, opts = {}) {
  const dir = opts.dir || tempDir();
  try {
    return await startGateway(config, { ...opts, dir });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

// Poll `fn` until it returns a truthy value, at most `timeoutMs`.
export async function waitFor(fn, { timeoutMs = 5000, intervalMs = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) { last = e; }
    if (Date.now() >= end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
    await sleep(intervalMs);
  }
}

// Reject if `p` does not settle within `ms`.
export function within(p, ms, what = 'operation') {
  let t;
  const timer = new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what} did not settle within ${ms} ms`)), ms); });
  return Promise.race([p, timer]).finally(() => clearTimeout(t));
}

// Wait, bounded, until GET /readyz says every configured server is up (each
// instance the sessions so far started). A list answers with the servers ready
// within LIMIT_LIST_WAIT_MS (2 s), and a node fixture on a loaded 2-core machine
// can take longer to start: a test that judges a list waits here first.
// `gw` is a gateway or its port.
export async function untilReady(gw, { timeoutMs = 30000 } = {}) {
  const port = typeof gw === 'number' ? gw : gw.port;
  let last = '';
  await waitFor(async () => {
    const r = await request(port, { path: '/readyz', timeoutMs: 5000 });
    last = `${r.status} ${String(r.body).trim()}`;
    return r.status === 200;
  }, { timeoutMs, intervalMs: 100, what: 'GET /readyz to answer 200' }).catch((e) => {
    throw new Error(`${e.message}; /readyz said: ${last}`);
  });
}

// List tools with `client` (either SDK) again, bounded, until every name of `want`
// is there: a list answers with the servers up within LIMIT_LIST_WAIT_MS (2 s),
// and a node server on a loaded machine can take longer to start. For tests that
// cannot wait for /readyz (stdio, servers that fail on purpose). Returns the
// names of the last list, for the caller to assert on.
export async function untilListed(client, want, { timeoutMs = 30000, callTimeoutMs = 20000 } = {}) {
  let names = [];
  await waitFor(async () => {
    names = (await within(client.listTools(), callTimeoutMs, 'tools/list')).tools.map((x) => x.name);
    return want.every((n) => names.includes(n));
  }, { timeoutMs, intervalMs: 200, what: `${want.join(', ')} listed` }).catch(() => {});
  return names;
}

// An SDK client connected to the gateway's /mcp with `token`. Unless `ready` is
// false, it returns once every server (and the instances this session started)
// is up, so that what the first list holds does not depend on start-up speed.
// Tests of servers that fail or start slowly on purpose pass `ready: false`.
export async function connect(gw, { token = gw.token, capabilities = {}, name = 'gh-test', setup, timeoutMs = 15000, ready = true } = {}) {
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${gw.port}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name, version: '1.0.0' }, { capabilities });
  const errors = [];
  client.onerror = (e) => errors.push(e);
  if (setup) setup(client);
  await within(client.connect(transport, { timeout: timeoutMs }), timeoutMs + 1000, 'client.connect');
  if (ready) {
    try { await untilReady(gw); } catch (e) { await client.close().catch(() => {}); throw e; }
  }
  return {
    client, transport, errors,
    get sessionId() { return transport.sessionId; },
    async close() {
      try { await within(transport.terminateSession(), 3000, 'terminateSession'); } catch { /* already gone */ }
      try { await within(client.close(), 3000, 'client.close'); } catch { /* ignore */ }
    },
  };
}

// Split an MCP POST body (JSON or SSE) into its JSON-RPC messages.
export function messagesOf(res) {
  const ct = String(res.headers['content-type'] || '');
  if (ct.includes('text/event-stream')) return parseSse(res.body).map((e) => JSON.parse(e.data));
  if (!res.body) return [];
  const v = JSON.parse(res.body);
  return Array.isArray(v) ? v : [v];
}

export function parseSse(text) {
  const events = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const data = [];
    let event;
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      else if (line.startsWith('event:')) event = line.slice(6).trim();
    }
    // An event with empty data (a 2025-11-25 priming event) is not dispatched (SSE standard).
    if (data.length && data.join('\n') !== '') events.push({ event, data: data.join('\n') });
  }
  return events;
}

export function mcpHeaders(token, { sessionId, version, extra = {} } = {}) {
  return {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...(sessionId ? { 'Mcp-Session-Id': sessionId } : {}),
    ...(version ? { 'MCP-Protocol-Version': version } : {}),
    ...extra,
  };
}

// A raw POST of one message; resolves with status, headers, body and messages.
export async function rawPost(port, token, message, opts = {}) {
  const res = await request(port, { method: 'POST', headers: mcpHeaders(token, opts), body: JSON.stringify(message), timeoutMs: opts.timeoutMs || 10000 });
  let messages = [];
  try { messages = messagesOf(res); } catch { /* not JSON */ }
  return { ...res, messages };
}

let rawIds = 1000;
// A raw initialize (+ notifications/initialized); resolves with the session id and
// result. Like connect, it waits for /readyz unless `ready` is false.
export async function rawInit(port, token, { protocolVersion = LATEST, capabilities = {}, ready = true } = {}) {
  const id = rawIds++;
  const r = await rawPost(port, token, { jsonrpc: '2.0', id, method: 'initialize',
    params: { protocolVersion, capabilities, clientInfo: { name: 'raw', version: '1' } } });
  const sessionId = r.headers['mcp-session-id'];
  const msg = r.messages.find((m) => m.id === id);
  if (sessionId && msg?.result) {
    await rawPost(port, token, { jsonrpc: '2.0', method: 'notifications/initialized' },
      { sessionId, version: msg.result.protocolVersion });
    if (ready) await untilReady(port);
  }
  return { res: r, sessionId, result: msg?.result, error: msg?.error };
}

// A raw GET SSE stream on /mcp. `events` fills as they arrive; `next` waits for one.
// With `body`, a POST of it instead (a 2026-07-28 subscriptions/listen).
export function openSse(port, token, sessionId, { version = LATEST, headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const h = { Accept: 'text/event-stream', Host: `127.0.0.1:${port}`, ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    if (sessionId) h['Mcp-Session-Id'] = sessionId;
    if (version) h['MCP-Protocol-Version'] = version;
    if (body !== undefined) Object.assign(h, { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' });
    const req = http.request({ host: '127.0.0.1', port, method: body === undefined ? 'GET' : 'POST', path: '/mcp', headers: h, agent: false });
    req.setTimeout(10000, () => req.destroy(new Error('SSE request timed out')));
    req.on('error', reject);
    req.on('response', (res) => {
      req.setTimeout(0);
      const stream = {
        status: res.statusCode, headers: res.headers, messages: [], raw: '', ended: false,
        waiters: [],
        close() { res.destroy(); req.destroy(); },
        next(pred = () => true, timeoutMs = 5000) {
          const found = stream.messages.find(pred);
          if (found) return Promise.resolve(found);
          return new Promise((res2, rej2) => {
            const w = { pred, res: res2 };
            w.timer = setTimeout(() => {
              stream.waiters = stream.waiters.filter((x) => x !== w);
              rej2(new Error(`no matching SSE message within ${timeoutMs} ms; got ${JSON.stringify(stream.messages).slice(0, 2000)}`));
            }, timeoutMs);
            stream.waiters.push(w);
          });
        },
      };
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        stream.raw += d;
        buf += d;
        let idx;
        while ((idx = buf.search(/\r?\n\r?\n/)) >= 0) {
          const block = buf.slice(0, idx);
          buf = buf.slice(idx).replace(/^\r?\n\r?\n/, '');
          for (const ev of parseSse(block + '\n\n')) {
            let m;
            try { m = JSON.parse(ev.data); } catch { continue; }
            stream.messages.push(m);
            for (const w of [...stream.waiters]) {
              if (w.pred(m)) {
                clearTimeout(w.timer);
                stream.waiters = stream.waiters.filter((x) => x !== w);
                w.res(m);
              }
            }
          }
        }
      });
      res.on('end', () => { stream.ended = true; });
      res.on('error', () => { stream.ended = true; });
      resolve(stream);
    });
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

// A port the kernel says is free on loopback right now.
export function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

// server-everything in Streamable HTTP mode (`node dist/index.js streamableHttp`,
// port from $PORT, default 3001), on a free loopback port.
export async function startEverythingHttp({ readyTimeoutMs = 15000 } = {}) {
  const port = await freePort();
  const proc = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stdout.on('data', (d) => { out += d; });
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`server-everything (HTTP) not ready:\n${out}`)), readyTimeoutMs);
    proc.stderr.on('data', (d) => {
      out += d;
      if (out.includes('listening on port')) { clearTimeout(t); res(); }
    });
    exited.then(({ code }) => { clearTimeout(t); rej(new Error(`server-everything exited (${code}):\n${out}`)); });
  });
  return {
    port, proc, url: `http://127.0.0.1:${port}/mcp`, output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => { if (proc.exitCode === null) proc.kill('SIGKILL'); }, 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

// Rows of the records table (sqlite3 CLI, read-only, JSON mode).
export function records(stateDir, where = '1=1', columns = 'ts_ms, token, session, server, method, target, outcome, duration_ms') {
  const out = execFileSync('sqlite3', ['-readonly', '-json', join(stateDir, 'gatehouse.db'),
    `SELECT ${columns} FROM records WHERE ${where} ORDER BY seq`],
  { encoding: 'utf8', timeout: 10000 });
  return out.trim() ? JSON.parse(out) : [];
}

// The name of the token that `gatehouse token new NAME` printed (the token itself).
export function newToken(gw, name) {
  const r = gw.cli(['token', 'new', name]);
  if (r.code !== 0) throw new Error(`token new failed (${r.code}): ${r.stderr}`);
  const m = r.stdout.match(/gth_[A-Za-z0-9_-]+/);
  if (!m) throw new Error(`no token in output: ${r.stdout}`);
  return m[0];
}

// The gateway's log lines that match `re`.
// One gauge or counter of the gateway's /metrics, as a number (NaN when absent).
export async function metric(gw, name) {
  const r = await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` } });
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(r.body);
  return m ? Number(m[1]) : NaN;
}

export const logLines = (gw, re) => gw.logs().split('\n').filter((l) => re.test(l));
