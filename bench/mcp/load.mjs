#!/usr/bin/env node
// bench/mcp/load.mjs: a load generator for MCP tools/call round trips.
//
//   node load.mjs http --url http://127.0.0.1:PORT/mcp --tool NAME [options]
//   node load.mjs direct [options] -- COMMAND [ARGS...]
//
// http    Streamable HTTP (MCP 2025-11-25): initialize, notifications/initialized,
//         then sequential tools/call {name: NAME, arguments: {text}} POSTs per
//         worker. Answers may be application/json or a text/event-stream; either
//         way the body is parsed and the echoed text checked. No SDK anywhere: by
//         default a minimal HTTP/1.1 client over one keep-alive net.Socket per
//         worker (--client raw), or node:http with a keep-alive Agent limited to
//         one socket per worker (--client http).
// direct  The baseline: spawns COMMAND (a stdio MCP server), initializes it over
//         stdin/stdout and runs the same calls as newline-delimited JSON-RPC;
//         concurrency is the number of ids in flight at once.
//
// Options:
//   --concurrency N   workers, each doing one call at a time (default 1)
//   --sessions MODE   http only. "worker": each worker opens its own session
//                     (default); "shared": one session for all workers
//   --procs P         http only. Spread the workers over P client processes
//                     (default 1) so that the client is not the bottleneck
//   --client raw|http see above (default raw)
//   --watch PID       also report the CPU use and resident memory of process PID
//                     (the gateway) and of its descendants (its stdio servers)
//   --label TEXT      copied into the output
//   --note TEXT       copied into the output too
//   --method ping     send ping instead of tools/call (for analysis: a gateway
//                     may answer ping itself, without its stdio server)
//   --era modern      http only. MCP 2026-07-28: no initialize and no session;
//                     each call carries _meta (protocol version, client
//                     capabilities) and the routing headers (MCP-Protocol-Version,
//                     Mcp-Method, Mcp-Name). Default: legacy (2025-11-25)
// Environment: DURATION (measured seconds, default 10), WARMUP (seconds of calls
// before the measurement starts, default 2), LOAD_TOKEN (sent as
// "Authorization: Bearer LOAD_TOKEN" when set; kept off the command line).
//
// Prints one JSON object: {calls, errors, seconds, callsPerSec, p50_ms, p90_ms,
// p99_ms, max_ms, ...} plus the CPU accounting of the measured window: the client
// processes, the watched process and its descendants (or, in direct mode, the
// stdio server), and the whole machine (/proc/stat), as percent of one CPU and as
// CPU microseconds per call.
//
// Timing: the coordinator (this process, idle during the run) forks the client
// processes, which set up their sessions and make one call each, then all start
// at the same monotonic instant (process.hrtime.bigint is CLOCK_MONOTONIC, shared
// by all processes). A call counts when it completes inside the measured window;
// its latency is from just before its request is written to just after its answer
// is parsed and checked.
import net from 'node:net';
import http from 'node:http';
import fs from 'node:fs';
import { fork, spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const PROTOCOL = '2025-11-25';

function die(msg) {
  process.stderr.write(`load.mjs: ${msg}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { mode: argv[0], concurrency: 1, sessions: 'worker', procs: 1, client: 'raw', cmd: null };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { o.cmd = argv.slice(i + 1); break; }
    const v = argv[i + 1];
    if (v === undefined) die(`${a} needs a value`);
    i++;
    switch (a) {
      case '--url': o.url = new URL(v); break;
      case '--tool': o.tool = v; break;
      case '--concurrency': o.concurrency = Number(v); break;
      case '--sessions': o.sessions = v; break;
      case '--procs': o.procs = Number(v); break;
      case '--client': o.client = v; break;
      case '--watch': o.watch = Number(v); break;
      case '--label': o.label = v; break;
      case '--note': o.note = v; break;
      case '--method': o.method = v; break;
      case '--era': o.era = v; break;
      default: die(`unknown option ${a}`);
    }
  }
  if (o.mode !== 'http' && o.mode !== 'direct') die('usage: load.mjs http --url URL --tool NAME [options] | load.mjs direct [options] -- COMMAND [ARGS...]');
  if (!(Number.isInteger(o.concurrency) && o.concurrency >= 1 && o.concurrency <= 1024)) die('--concurrency must be 1..1024');
  if (!(Number.isInteger(o.procs) && o.procs >= 1 && o.procs <= 64)) die('--procs must be 1..64');
  if (!['worker', 'shared'].includes(o.sessions)) die('--sessions must be worker or shared');
  if (!['raw', 'http'].includes(o.client)) die('--client must be raw or http');
  o.method ??= 'tools/call';
  o.era ??= 'legacy';
  if (!['legacy', 'modern'].includes(o.era)) die('--era must be legacy or modern');
  if (o.era === 'modern' && (o.mode !== 'http' || o.method !== 'tools/call' || o.sessions !== 'worker'))
    die('--era modern is for http tools/call without shared sessions (it has no sessions)');
  if (!['tools/call', 'ping'].includes(o.method)) die('--method must be tools/call or ping');
  if (o.mode === 'http') {
    if (!o.url || !o.tool) die('http mode needs --url and --tool');
    if (o.url.protocol !== 'http:') die('only http:// URLs');
  } else {
    if (!o.cmd || o.cmd.length === 0) die('direct mode needs -- COMMAND [ARGS...]');
    if (!o.tool) o.tool = 'echo';
    o.procs = 1;
  }
  o.procs = Math.min(o.procs, o.concurrency);
  return o;
}

// ---------------------------------------------------------------- JSON-RPC bits

const callBody = (id, tool, text) =>
  `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":${JSON.stringify(tool)},"arguments":{"text":"${text}"}}}`;
const pingBody = (id) => `{"jsonrpc":"2.0","id":${id},"method":"ping"}`;
const MODERN = '2026-07-28';
const modernCallBody = (id, tool, text) =>
  `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":${JSON.stringify(tool)},"arguments":{"text":"${text}"},` +
  `"_meta":{"io.modelcontextprotocol/protocolVersion":"${MODERN}","io.modelcontextprotocol/clientCapabilities":{}}}}`;

const INIT_BODY = JSON.stringify({
  jsonrpc: '2.0', id: 0, method: 'initialize',
  params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'gatehouse-bench', version: '1.0.0' } },
});
const INITIALIZED_BODY = '{"jsonrpc":"2.0","method":"notifications/initialized"}';

// The JSON-RPC messages in an HTTP answer: one JSON object, or SSE events.
function messagesOf(contentType, body) {
  if (contentType && contentType.startsWith('text/event-stream')) {
    const out = [];
    let data = null;
    for (const line of body.split(/\r?\n/)) {
      if (line === '') {
        if (data) out.push(JSON.parse(data)); // "data:" alone is a priming event
        data = null;
      } else if (line.startsWith('data:')) {
        const d = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
        data = data === null ? d : data + '\n' + d;
      }
    }
    if (data) out.push(JSON.parse(data));
    return out;
  }
  return body.length ? [JSON.parse(body)] : [];
}

// null when the answer to call `id` echoes `text`, else why not.
function checkAnswer(msgs, id, text) {
  const m = msgs.find((x) => x && x.id === id && (x.result !== undefined || x.error !== undefined));
  if (!m) return `no answer with id ${id} in ${JSON.stringify(msgs).slice(0, 200)}`;
  if (m.error) return `error ${JSON.stringify(m.error).slice(0, 200)}`;
  if (text === null) return null; // ping
  const t = m.result?.content?.[0]?.text;
  if (m.result?.isError || t !== text) return `unexpected result ${JSON.stringify(m.result).slice(0, 200)}`;
  return null;
}

// ------------------------------------------------------- minimal HTTP/1.1 client

// One keep-alive connection, one request at a time. Understands Content-Length
// and chunked bodies, which is all that the gateways under test send.
class RawConn {
  constructor(url) {
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.path = url.pathname + url.search;
    this.hostHeader = url.host;
    this.sock = null;
  }

  connect() {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: this.host, port: this.port });
      s.setNoDelay(true);
      s.once('connect', () => resolve());
      s.once('error', reject);
      s.on('data', (d) => this.onData(d));
      s.on('error', (e) => this.fail(e));
      s.on('close', () => { if (this.sock === s) this.sock = null; this.fail(new Error('connection closed')); });
      this.sock = s;
    });
  }

  fail(err) {
    const p = this.pending;
    this.pending = null;
    if (p) p.reject(err);
  }

  async request(headers, body, method = 'POST') {
    if (!this.sock) await this.connect();
    let head = `${method} ${this.path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\n`;
    for (const k in headers) head += `${k}: ${headers[k]}\r\n`;
    head += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.buf = null;
      this.state = 0; // 0 head, 1 content-length body, 2 chunked
      this.sock.write(head + body);
    });
  }

  onData(d) {
    if (!this.pending) return;
    this.buf = this.buf ? Buffer.concat([this.buf, d]) : d;
    try {
      if (this.state === 0) {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = this.buf.toString('latin1', 0, end).split('\r\n');
        this.status = Number(lines[0].slice(9, 12));
        const h = {};
        for (let i = 1; i < lines.length; i++) {
          const c = lines[i].indexOf(':');
          h[lines[i].slice(0, c).trim().toLowerCase()] = lines[i].slice(c + 1).trim();
        }
        this.headers = h;
        this.buf = this.buf.subarray(end + 4);
        if (h['transfer-encoding'] && /chunked/i.test(h['transfer-encoding'])) {
          this.state = 2;
          this.chunks = [];
        } else if (h['content-length'] !== undefined) {
          this.state = 1;
          this.need = Number(h['content-length']);
        } else if (this.status === 204 || this.status === 304) {
          this.state = 1;
          this.need = 0;
        } else {
          throw new Error(`answer ${this.status} with neither Content-Length nor chunked`);
        }
      }
      if (this.state === 1) {
        if (this.buf.length < this.need) return;
        return this.finish(this.buf.toString('utf8', 0, this.need));
      }
      // chunked
      for (;;) {
        const le = this.buf.indexOf('\r\n');
        if (le < 0) return;
        const size = parseInt(this.buf.toString('latin1', 0, le), 16);
        if (size === 0) {
          if (this.buf.length < le + 4) return; // "0\r\n\r\n": no trailers expected
          return this.finish(Buffer.concat(this.chunks).toString('utf8'));
        }
        if (this.buf.length < le + 2 + size + 2) return;
        this.chunks.push(this.buf.subarray(le + 2, le + 2 + size));
        this.buf = this.buf.subarray(le + 2 + size + 2);
      }
    } catch (e) {
      this.sock.destroy();
      this.fail(e);
    }
  }

  finish(body) {
    const p = this.pending;
    this.pending = null;
    this.buf = null;
    if (/close/i.test(this.headers.connection || '')) { this.sock.destroy(); this.sock = null; }
    p.resolve({ status: this.status, headers: this.headers, body });
  }

  close() { if (this.sock) this.sock.destroy(); }
}

// The same interface over node:http with a keep-alive Agent of one socket.
class NodeHttpConn {
  constructor(url) {
    this.url = url;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  request(headers, body, method = 'POST') {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.url.hostname, port: this.url.port, path: this.url.pathname, method, agent: this.agent,
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => { data += c; });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close() { this.agent.destroy(); }
}

function baseHeaders() {
  const h = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  if (process.env.LOAD_TOKEN) h.Authorization = `Bearer ${process.env.LOAD_TOKEN}`;
  return h;
}

async function openSession(conn) {
  const h = baseHeaders();
  const r = await conn.request(h, INIT_BODY);
  if (r.status !== 200) throw new Error(`initialize: HTTP ${r.status} ${r.body.slice(0, 200)}`);
  const session = r.headers['mcp-session-id'];
  const init = messagesOf(r.headers['content-type'], r.body).find((m) => m.id === 0);
  if (!init?.result) throw new Error(`initialize: ${r.body.slice(0, 200)}`);
  const version = init.result.protocolVersion;
  const h2 = { ...h, 'MCP-Protocol-Version': version };
  if (session) h2['Mcp-Session-Id'] = session;
  const n = await conn.request(h2, INITIALIZED_BODY);
  if (n.status !== 202 && n.status !== 200) throw new Error(`notifications/initialized: HTTP ${n.status}`);
  return { session, version };
}

// ------------------------------------------------------------- client process

async function child() {
  const cfg = await new Promise((resolve) => process.once('message', resolve));
  let lat = [];
  let errors = 0;
  let firstError = null;
  const workers = [];
  let stdio = null;

  if (cfg.mode === 'http') {
    const url = new URL(cfg.url);
    for (let w = 0; w < cfg.workers; w++) {
      const conn = cfg.client === 'raw' ? new RawConn(url) : new NodeHttpConn(url);
      const modern = cfg.era === 'modern';
      const sess = modern ? { session: null, version: MODERN } : cfg.shared ?? await openSession(conn);
      const headers = { ...baseHeaders(), 'MCP-Protocol-Version': sess.version };
      if (sess.session) headers['Mcp-Session-Id'] = sess.session;
      if (modern) Object.assign(headers, { 'Mcp-Method': 'tools/call', 'Mcp-Name': cfg.tool });
      workers.push({
        call: async (id, text) => {
          const ping = cfg.method === 'ping';
          const r = await conn.request(headers, ping ? pingBody(id) :
            modern ? modernCallBody(id, cfg.tool, text) : callBody(id, cfg.tool, text));
          if (r.status !== 200) return `HTTP ${r.status} ${r.body.slice(0, 200)}`;
          return checkAnswer(messagesOf(r.headers['content-type'], r.body), id, ping ? null : text);
        },
        // end the session (unless shared: the coordinator ends that one)
        close: async () => {
          if (!cfg.shared && sess.session) {
            const h = { ...headers };
            delete h['Content-Type'];
            await conn.request(h, '', 'DELETE').catch(() => {});
          }
          conn.close();
        },
      });
    }
  } else {
    // direct: the stdio server is our child; answers are matched to calls by id
    const proc = spawn(cfg.cmd[0], cfg.cmd.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
    const waiting = new Map();
    let rest = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (d) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop();
      for (const line of parts) {
        if (!line) continue;
        const m = JSON.parse(line);
        const p = waiting.get(m.id);
        if (p) { waiting.delete(m.id); p(m); }
      }
    });
    proc.on('exit', (code, sig) => { if (!stdio.stopping) { process.stderr.write(`load.mjs: stdio server exited (${code ?? sig})\n`); process.exit(1); } });
    const rpc = (id, line) => new Promise((resolve) => { waiting.set(id, resolve); proc.stdin.write(line + '\n'); });
    stdio = { proc, stopping: false };
    const init = await rpc(0, INIT_BODY);
    if (!init.result) throw new Error(`initialize: ${JSON.stringify(init)}`);
    proc.stdin.write(INITIALIZED_BODY + '\n');
    for (let w = 0; w < cfg.workers; w++) {
      workers.push({
        call: async (id, text) => (cfg.method === 'ping'
          ? checkAnswer([await rpc(id, pingBody(id))], id, null)
          : checkAnswer([await rpc(id, callBody(id, cfg.tool, text))], id, text)),
        close: () => {},
      });
    }
  }

  // one checked call per worker before reporting ready
  for (let w = 0; w < workers.length; w++) {
    const err = await workers[w].call(cfg.idBase + w * 1e8, `ready ${w}`);
    if (err) throw new Error(`first call: ${err}`);
  }
  process.send({ ready: true });
  const go = await new Promise((resolve) => process.once('message', resolve));
  const start = BigInt(go.start);
  const ws = BigInt(go.ws);
  const we = BigInt(go.we);
  const wait = Number(start - process.hrtime.bigint()) / 1e6;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));

  const loop = async (w) => {
    const base = cfg.idBase + w * 1e8;
    for (let i = 1; ; i++) {
      const id = base + i;
      const text = `call ${id}`;
      const s = process.hrtime.bigint();
      if (s >= we) return;
      const err = await workers[w].call(id, text);
      const e = process.hrtime.bigint();
      if (e >= ws && e < we) {
        if (err === null) lat.push(Number(e - s));
        else { errors++; firstError ??= err; }
      }
    }
  };
  await Promise.all(workers.map((_, w) => loop(w).catch((e) => { errors++; firstError ??= String(e); })));
  // report, then keep the sessions until the coordinator has read /proc
  const closing = new Promise((resolve) => process.once('message', resolve));
  process.send({ lat: Float64Array.from(lat), errors, firstError });
  await closing;
  await Promise.all(workers.map((w) => w.close()));
  if (stdio) { stdio.stopping = true; stdio.proc.stdin.end(); }
  process.exit(0);
}

// ------------------------------------------------------------------ /proc

const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100; } catch { return 100; }
})();

function cpuTicks(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch { return null; }
}

function memKiB(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
    const get = (k) => Number((s.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm')) || [])[1] ?? NaN);
    return { rss: get('VmRSS'), hwm: get('VmHWM'), csw: get('voluntary_ctxt_switches') + get('nonvoluntary_ctxt_switches') };
  } catch { return { rss: NaN, hwm: NaN, csw: NaN }; }
}

function descendants(root) {
  const kids = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = fs.readFileSync(`/proc/${d}/stat`, 'latin1');
      const ppid = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  const out = [];
  const todo = [...(kids.get(root) || [])];
  while (todo.length) {
    const p = todo.pop();
    out.push(p);
    todo.push(...(kids.get(p) || []));
  }
  return out;
}

function machineTicks() {
  const f = fs.readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { total, idle: f[3] + f[4] };
}

// ------------------------------------------------------------- coordinator

async function coordinator(o) {
  const duration = Number(process.env.DURATION ?? 10);
  const warmup = Number(process.env.WARMUP ?? 2);
  if (!(duration > 0 && duration <= 600)) die('DURATION must be 0 < s <= 600');
  if (!(warmup >= 0 && warmup <= 60)) die('WARMUP must be 0 <= s <= 60');

  let shared = null;
  if (o.mode === 'http' && o.sessions === 'shared') {
    const c = new RawConn(o.url);
    shared = await openSession(c);
    c.close();
  }
  const counts = Array.from({ length: o.procs }, (_, p) => Math.floor(o.concurrency / o.procs) + (p < o.concurrency % o.procs ? 1 : 0));
  const children = counts.map(() => fork(SELF, ['--child'], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  for (const c of children) c.on('exit', (code) => { if (code !== 0 && !c.finished) { process.stderr.write(`load.mjs: a client process failed (exit ${code})\n`); process.exit(1); } });
  const next = (c) => new Promise((resolve) => c.once('message', resolve));
  const readies = children.map(next);
  children.forEach((c, p) => c.send({
    mode: o.mode, url: o.url?.href, tool: o.tool, client: o.client, cmd: o.cmd, method: o.method, era: o.era,
    workers: counts[p], shared, idBase: (p + 1) * 1e11,
  }));
  await Promise.all(readies);

  const now = process.hrtime.bigint();
  const start = now + 100_000_000n;
  const ws = start + BigInt(Math.round(warmup * 1e9));
  const we = ws + BigInt(Math.round(duration * 1e9));
  const dones = children.map(next);
  for (const c of children) c.send({ start: String(start), ws: String(ws), we: String(we) });

  const sleepUntil = (t) => new Promise((r) => setTimeout(r, Math.max(0, Number(t - process.hrtime.bigint()) / 1e6)));
  const groups = () => {
    const g = { client: children.map((c) => c.pid) };
    if (o.mode === 'direct') g.server = children.flatMap((c) => descendants(c.pid));
    else g.client = g.client.flatMap((p) => [p, ...descendants(p)]);
    if (o.watch) { g.gateway = [o.watch]; g.server = descendants(o.watch); }
    return g;
  };
  const sample = (g) => Object.fromEntries(Object.entries(g).map(([k, pids]) => [k, pids.map(cpuTicks)]));

  await sleepUntil(ws);
  const g = groups();
  const t0 = process.hrtime.bigint();
  const m0 = machineTicks();
  const c0 = sample(g);
  const csw0 = o.watch ? memKiB(o.watch).csw : NaN;
  await sleepUntil(we);
  const t1 = process.hrtime.bigint();
  const m1 = machineTicks();
  const c1 = sample(g);
  const mem = o.watch ? memKiB(o.watch) : null;
  const serverMem = (g.server || []).map(memKiB);

  const results = await Promise.all(dones);
  for (const c of children) c.finished = true;
  const exits = children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve() : c.once('exit', resolve))));
  for (const c of children) c.send({ close: true });
  await Promise.all(exits);
  if (shared?.session) {
    const c = new RawConn(o.url);
    const h = { ...baseHeaders(), 'MCP-Protocol-Version': shared.version, 'Mcp-Session-Id': shared.session };
    delete h['Content-Type'];
    await c.request(h, '', 'DELETE').catch(() => {});
    c.close();
  }
  const n = results.reduce((a, r) => a + r.lat.length, 0);
  const all = new Float64Array(n);
  let k = 0;
  for (const r of results) { all.set(r.lat, k); k += r.lat.length; }
  all.sort();
  const pct = (q) => (n ? all[Math.min(n - 1, Math.ceil(q * n) - 1)] / 1e6 : NaN);
  const errors = results.reduce((a, r) => a + r.errors, 0);
  const wall = Number(t1 - t0) / 1e9;
  const cpu = (key) => {
    const a = c0[key], b = c1[key];
    let ticks = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== null && b[i] !== null) ticks += b[i] - a[i];
    const sec = ticks / CLK_TCK;
    return { pids: a.length, cpuPct: +(100 * sec / wall).toFixed(1), cpuUsPerCall: n ? +(1e6 * sec / n).toFixed(1) : null };
  };
  const out = {
    label: o.label, note: o.note, mode: o.mode, method: o.method, era: o.era, tool: o.tool, concurrency: o.concurrency,
    sessions: o.mode === 'http' ? o.sessions : 'one stdio connection',
    procs: o.procs, client: o.mode === 'http' ? o.client : 'stdio',
    calls: n, errors, seconds: duration, callsPerSec: +(n / duration).toFixed(1),
    p50_ms: +pct(0.5).toFixed(4), p90_ms: +pct(0.9).toFixed(4), p99_ms: +pct(0.99).toFixed(4), max_ms: +(n ? all[n - 1] / 1e6 : NaN).toFixed(3),
    cpu: {
      machinePct: +(100 * (1 - (m1.idle - m0.idle) / (m1.total - m0.total))).toFixed(1),
      ncpu: (await import('node:os')).availableParallelism(),
      client: cpu('client'),
      ...(g.gateway ? { gateway: cpu('gateway') } : {}),
      ...(g.server ? { server: cpu('server') } : {}),
    },
    ...(mem ? { gatewayRssKiB: mem.rss, gatewayHwmKiB: mem.hwm, gatewayCtxSwitchesPerCall: +((mem.csw - csw0) / n).toFixed(2) } : {}),
    serverRssKiB: serverMem.reduce((a, m) => a + (m.rss || 0), 0),
  };
  if (errors) out.firstError = results.find((r) => r.firstError)?.firstError;
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (process.argv[2] === '--child') {
  child().catch((e) => { process.stderr.write(`load.mjs client: ${e.stack || e}\n`); process.exit(1); });
} else {
  coordinator(parseArgs(process.argv.slice(2))).catch((e) => { process.stderr.write(`load.mjs: ${e.stack || e}\n`); process.exit(1); });
}
