// `gatehouse audit` host checks (GH-NET-001..005) against real services: a real
// redis-server and a real clickhouse-server, with and without a password, a real
// gatehouse, a fake gatehouse that forgot its token check, and the conformance
// fixture served over HTTP. Ids and severities are read from the JSON output.
//
// Isolation: when we are root and unshare/nsenter/ip exist, every service and the
// audit itself run in a private network namespace made for this file. "0.0.0.0"
// there is only that namespace's loopback, so a password-less Redis is never
// exposed to the real network, other tests' gateways are never probed, and the
// audit sees only what this file started. Otherwise everything runs on the host
// with kernel-chosen free ports, and assertions only look at our own ports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { BIN, lacks, repoRoot, sleep, tempDir } from './lib/gateway.mjs';

const FIXTURE = join(repoRoot, 'tests', 'conformance', 'fixture.mjs');

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(':').concat(['/usr/sbin', '/sbin'])) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

const REDIS = which('redis-server');
const CLICKHOUSE = which('clickhouse-server');

// ---------------------------------------------------------------- namespace

let ns = null;            // { pid, proc } when isolated
// Below the namespace's ephemeral range (32768-60999): a probe's own connection (or
// one a hanging listener still holds) can hold an ephemeral port, and a server bound
// there later fails with EADDRINUSE (CI saw redis-server refused on 36096).
let nextPort = 10000 + Math.floor(Math.random() * 20000);
const children = new Set();
let work;

async function makeNamespace() {
  if (process.env.GATEHOUSE_TEST_NO_NETNS) return null;     // to exercise the fallback
  if (process.getuid?.() !== 0 || !which('unshare') || !which('nsenter') || !which('ip')) return null;
  const proc = spawn('unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up && echo ready && exec sleep 600'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ok = await new Promise((res) => {
    const timer = setTimeout(() => res(false), 5000);
    proc.stdout.on('data', (d) => { if (String(d).includes('ready')) { clearTimeout(timer); res(true); } });
    proc.on('exit', () => { clearTimeout(timer); res(false); });
  });
  if (!ok) { proc.kill('SIGKILL'); return null; }
  return { pid: proc.pid, proc };
}

// argv for a command run inside the namespace (or as it is, without one).
function wrap(cmd, args) {
  if (!ns) return [cmd, args];
  return ['nsenter', [`--net=/proc/${ns.pid}/ns/net`, '--', cmd, ...args]];
}

async function freePort() {
  if (ns) return nextPort++;
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

// The namespace's (or host's) TCP listeners, read the way the audit reads them.
function listening(port) {
  const base = ns ? `/proc/${ns.pid}/net` : '/proc/net';
  for (const f of ['tcp', 'tcp6']) {
    let text = '';
    try { text = readFileSync(join(base, f), 'utf8'); } catch { continue; }
    for (const line of text.split('\n')) {
      const m = line.trim().split(/\s+/);
      if (m.length > 3 && m[3] === '0A' && parseInt(m[1].split(':')[1], 16) === port) return true;
    }
  }
  return false;
}

async function waitListening(ports, proc, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 2000 && Date.now() < end; i++) {
    if (ports.every(listening)) return;
    if (proc.exitCode !== null || proc.signalCode !== null) break;
    await sleep(100);
  }
  throw new Error(`${what} did not listen on ${ports.join(', ')} within ${timeoutMs} ms:\n${proc.output()}`);
}

// Start a child (in the namespace), keep its output for error messages.
function start(cmd, args, opts = {}) {
  const [c, a] = wrap(cmd, args);
  const proc = spawn(c, a, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  proc.output = () => out.slice(-4000);
  proc.exited = new Promise((res) => proc.on('exit', res));
  children.add(proc);
  return proc;
}

async function stop(proc) {
  if (!proc) return;
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill('SIGTERM');
    const t = setTimeout(() => { if (proc.exitCode === null) proc.kill('SIGKILL'); }, 8000);
    await proc.exited;
    clearTimeout(t);
  }
  children.delete(proc);
}

function waitOutput(proc, re, timeoutMs, what) {
  return new Promise((res, rej) => {
    const end = Date.now() + timeoutMs;
    const tick = () => {
      const m = proc.output().match(re);
      if (m) return res(m);
      if (proc.exitCode !== null || Date.now() > end) return rej(new Error(`${what}: no ${re} in time:\n${proc.output()}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

// ---------------------------------------------------------------- the audit

function audit(extra = ['--deep']) {
  const configPath = join(work, 'gatehouse.json');
  const [c, a] = wrap(BIN, ['--config', configPath, 'audit', ...extra, '--format', 'json']);
  const started = Date.now();
  // Bounded by the audit's own run deadline (PROBE_RUN_DEADLINE_MAX_MS) and more.
  const r = spawnSync(c, a, { encoding: 'utf8', timeout: 170000, env: { ...process.env, HOME: work } });
  const ms = Date.now() - started;
  assert.equal(r.signal, null, `audit was killed: ${r.stderr}`);
  let report;
  try { report = JSON.parse(r.stdout); } catch { assert.fail(`audit printed no JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`); }
  return { code: r.status, report, ms, stderr: r.stderr };
}

const at = (report, port) => report.findings.filter((f) => f.location.endsWith(`:${port}`) && f.id.startsWith('GH-NET-'));
const rank = { info: 0, warn: 1, critical: 2 };
const show = (fs) => JSON.stringify(fs, null, 1);

before(async () => {
  work = tempDir('gh-audit-host-');
  writeFileSync(join(work, 'gatehouse.json'), JSON.stringify({ listen: ['127.0.0.1:8750'], stateDir: 'state' }));
  ns = await makeNamespace();
});

after(async () => {
  for (const p of [...children]) await stop(p);
  if (ns) { ns.proc.kill('SIGKILL'); }
  rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------- Redis

async function startRedis(t, extra = []) {
  const port = await freePort();
  const dir = join(work, `redis-${port}`);
  mkdirSync(dir);
  const proc = start(REDIS, ['--port', String(port), '--bind', '0.0.0.0', '--protected-mode', 'no',
    '--save', '', '--appendonly', 'no', '--dir', dir, ...extra], { cwd: dir });
  t.after(() => stop(proc));
  await waitListening([port], proc, 10000, 'redis-server');
  return { port, proc };
}

test('redis-server without a password on 0.0.0.0 is critical (GH-NET-002)', {}, async (t) => {
  if (lacks(t, !REDIS, 'redis-server is not installed')) return;
  const { port, proc } = await startRedis(t);
  const { code, report } = audit();
  const fs = at(report, port);
  const f = fs.find((x) => x.id === 'GH-NET-002');
  assert.ok(f, `no GH-NET-002 for redis on ${port}: ${show(fs)}`);
  assert.equal(f.severity, 'critical');
  assert.equal(f.location, `0.0.0.0:${port}`);
  assert.match(f.evidence, /PING/);
  assert.match(f.evidence, /without a password/);
  assert.match(f.evidence, new RegExp(`redis-server pid ${proc.pid}`));
  assert.equal(code, 1, 'a critical finding must make the audit exit 1');
  // Reported once, as what it is: no separate "listens" finding for the same socket.
  assert.equal(fs.filter((x) => x.id === 'GH-NET-001').length, 0, show(fs));
});

test('redis-server with requirepass: no finding at warn or above', {}, async (t) => {
  if (lacks(t, !REDIS, 'redis-server is not installed')) return;
  const { port } = await startRedis(t, ['--requirepass', 'audit-test-password-1']);
  const { report } = audit();
  const fs = at(report, port);
  assert.deepEqual(fs.filter((x) => rank[x.severity] >= rank.warn), [], show(fs));
  const f = fs.find((x) => x.id === 'GH-NET-001');
  assert.ok(f, `the listener on 0.0.0.0:${port} must still be reported: ${show(fs)}`);
  assert.equal(f.severity, 'info');
  assert.match(f.evidence, /NOAUTH/);
  assert.doesNotMatch(JSON.stringify(report), /audit-test-password-1/);
});

// Protected mode (the default of a Redis without a password) answers this host and
// refuses every other with -DENIED: open to local processes (GH-NET-003, warn),
// not "reachable from other hosts" (GH-NET-002, critical).
test('redis-server in protected mode on 0.0.0.0 is reported for what it is, not as reachable from other hosts', {}, async (t) => {
  if (lacks(t, !REDIS, 'redis-server is not installed')) return;
  const { port } = await startRedis(t, ['--protected-mode', 'yes']);
  const { report } = audit();
  const fs = at(report, port);
  assert.equal(fs.filter((x) => x.id === 'GH-NET-002').length, 0, show(fs));
  const f = fs.find((x) => x.id === 'GH-NET-003');
  assert.ok(f, `no GH-NET-003 for the protected-mode redis on ${port}: ${show(fs)}`);
  assert.equal(f.severity, 'warn');
  assert.equal(f.location, `0.0.0.0:${port}`);
  assert.match(f.evidence, /protected mode, so clients from other hosts get -DENIED/);
  assert.doesNotMatch(f.evidence, /reachable from other hosts/);
});

test('without --deep nothing is probed: an exposed redis-server is a warning by its name', {}, async (t) => {
  if (lacks(t, !REDIS, 'redis-server is not installed')) return;
  const { port } = await startRedis(t);
  const { report } = audit([]);
  const fs = at(report, port);
  assert.equal(fs.length, 1, show(fs));
  assert.equal(fs[0].id, 'GH-NET-001');
  assert.equal(fs[0].severity, 'warn');
  assert.match(fs[0].evidence, /Redis, by its process name/);
});

// ---------------------------------------------------------------- ClickHouse

// A minimal server config: our own ports, paths in a temp dir, one user.
function clickhouseConfig(dir, http, tcp, password) {
  mkdirSync(dir, { recursive: true });
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  writeFileSync(join(dir, 'config.xml'), `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>0.0.0.0</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>536870912</mark_cache_size>
  <max_connections>64</max_connections>
</yandex>
`);
  writeFileSync(join(dir, 'users.xml'), `<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users>
    <default>
      <password>${esc(password)}</password>
      <networks><ip>::/0</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`);
}

async function startClickHouse(t, password) {
  const http = await freePort();
  const tcp = await freePort();
  const dir = join(work, `clickhouse-${http}`);
  clickhouseConfig(dir, http, tcp, password);
  const proc = start(CLICKHOUSE, [`--config-file=${join(dir, 'config.xml')}`], { cwd: dir });
  t.after(() => stop(proc));
  await waitListening([http, tcp], proc, 60000, 'clickhouse-server');
  return { http, tcp, proc };
}

test('clickhouse-server with the password-less default user is critical, over HTTP and native', { timeout: 120000 }, async (t) => {
  if (lacks(t, !CLICKHOUSE, 'clickhouse-server is not installed')) return;
  const { http, tcp } = await startClickHouse(t, '');
  const { report } = audit();
  for (const [port, re] of [[http, /SELECT 1 over HTTP/], [tcp, /native protocol/]]) {
    const fs = at(report, port);
    const f = fs.find((x) => x.id === 'GH-NET-002');
    assert.ok(f, `no GH-NET-002 for clickhouse on ${port}: ${show(fs)}`);
    assert.equal(f.severity, 'critical');
    assert.equal(f.location, `0.0.0.0:${port}`);
    assert.match(f.evidence, re);
    assert.match(f.evidence, /ClickHouse/);
  }
});

test('clickhouse-server with a password: no finding at warn or above', { timeout: 120000 }, async (t) => {
  if (lacks(t, !CLICKHOUSE, 'clickhouse-server is not installed')) return;
  const { http, tcp } = await startClickHouse(t, 'audit-test-password-2');
  const { report } = audit();
  for (const port of [http, tcp]) {
    const fs = at(report, port);
    assert.deepEqual(fs.filter((x) => rank[x.severity] >= rank.warn), [], show(fs));
    const f = fs.find((x) => x.id === 'GH-NET-001');
    assert.ok(f, `the listener on 0.0.0.0:${port} must still be reported: ${show(fs)}`);
    assert.equal(f.severity, 'info');
    assert.match(f.evidence, /ClickHouse .*refused/);
  }
});

// ---------------------------------------------------------------- gatehouse and MCP

async function startGatehouse(t, listen, extra = {}) {
  const dir = tempDir('gh-audit-gw-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cfg = join(dir, 'gatehouse.json');
  writeFileSync(cfg, JSON.stringify({ listen: [listen], stateDir: 'state', ...extra }));
  const proc = start(BIN, ['--config', cfg, 'serve']);
  t.after(() => stop(proc));
  const m = await waitOutput(proc, /msg=listening address=\S+:(\d+)/, 10000, 'gatehouse serve');
  await waitOutput(proc, /msg="gatehouse ready"/, 10000, 'gatehouse serve');
  return { port: Number(m[1]), proc };
}

test('a running gatehouse answers 401 to the probe: no GH-NET-004', async (t) => {
  const { port, proc } = await startGatehouse(t, '127.0.0.1:0');
  const { report } = audit();
  assert.deepEqual(report.findings.filter((f) => f.id === 'GH-NET-004'), []);
  assert.deepEqual(at(report, port), []);
  // It was asked, and it refused without a token (its log arrives after the audit).
  await waitOutput(proc, /refused: no token/, 5000, 'gatehouse serve');
});

test('gatehouse on all addresses is recognised and reported as info, with its 401', async (t) => {
  if (lacks(t, !ns, 'needs a private network namespace to listen on 0.0.0.0')) return;
  const { port } = await startGatehouse(t, '0.0.0.0:0', { trustedProxies: ['127.0.0.1/32'] });
  const { report } = audit();
  const fs = at(report, port);
  assert.equal(fs.length, 1, show(fs));
  assert.equal(fs[0].id, 'GH-NET-001');
  assert.equal(fs[0].severity, 'info');
  assert.match(fs[0].evidence, /gatehouse: at 127\.0\.0\.1:\d+ it answered 401 to POST \/mcp without a token/);
});

// Something that looks like gatehouse (its /healthz) but lets POST /mcp through.
const FAKE_GATEHOUSE = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      return res.end('ok\\n');
    }
    if (req.url === '/mcp' && req.method === 'POST') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 'broken', version: '0' } } }));
    }
    res.writeHead(404); res.end();
  });
});
s.listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening ' + s.address().port));
`;

// Issue 14: a name is not an identity. A program exec'd under the name "gatehouse"
// (node, through a symlink of that name) that answers /healthz exactly like
// gatehouse and lets POST /mcp through is not gatehouse (its /proc/PID/exe is
// node): no false GH-NET-004, but what it is, an MCP endpoint open to anyone.
test('an impostor named gatehouse is reported for what it is, never as GH-NET-004', async (t) => {
  const dir = tempDir('gh-audit-impostor-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const impostor = join(dir, 'gatehouse');
  symlinkSync(process.execPath, impostor);
  const port = await freePort();
  const proc = start(impostor, ['-e', FAKE_GATEHOUSE, String(port)]);
  t.after(() => stop(proc));
  await waitOutput(proc, /listening \d+/, 10000, 'impostor');
  assert.equal(readFileSync(`/proc/${proc.pid}/comm`, 'utf8').trim(), 'gatehouse', 'the impostor carries the name');
  const { report } = audit();
  const fs = at(report, port);
  assert.deepEqual(report.findings.filter((f) => f.id === 'GH-NET-004'), [], show(fs));
  assert.equal(fs.length, 1, show(fs));
  assert.equal(fs[0].id, 'GH-NET-005');
  assert.equal(fs[0].location, `127.0.0.1:${port}`);
  assert.match(fs[0].evidence, /^MCP endpoint on .*gatehouse pid \d+.* answered MCP initialize at \/mcp without a token \(server broken\)/);
});

// Without --deep, nothing is probed: the name "gatehouse" alone does not make a
// listener gatehouse, its program does (a real one is named by /proc/PID/exe).
test('without --deep, a listener is called gatehouse by its program, never by its name', async (t) => {
  if (lacks(t, !ns, 'needs a private network namespace to listen on 0.0.0.0')) return;
  const dir = tempDir('gh-audit-names-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const impostor = join(dir, 'gatehouse');
  symlinkSync(process.execPath, impostor);
  const port = await freePort();
  const proc = start(impostor, ['-e', LISTEN_ON, '0.0.0.0', String(port)]);
  t.after(() => stop(proc));
  await waitOutput(proc, /listening/, 10000, 'impostor');
  const real = await startGatehouse(t, '0.0.0.0:0', { trustedProxies: ['127.0.0.1/32'] });
  const { report } = audit([]);
  const fake = at(report, port);
  assert.equal(fake.length, 1, show(fake));
  assert.doesNotMatch(fake[0].evidence, /gatehouse,/, show(fake));
  const gw = at(report, real.port);
  assert.equal(gw.length, 1, show(gw));
  assert.match(gw[0].evidence, /; gatehouse, by its program \(\/proc\/PID\/exe\); it runs another configuration/);
});

// GET /metrics of a running gateway, from inside the namespace.
function metric(port, token, name) {
  const script = `fetch('http://127.0.0.1:${port}/metrics', { headers: { Authorization: 'Bearer ${token}' } })
    .then((r) => r.text()).then((t) => { process.stdout.write(t); }, (e) => { console.error(String(e)); process.exit(1); });`;
  const r = spawnSync(...wrap(process.execPath, ['-e', script]), { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(new RegExp(`^${name} (\\d+)$`, 'm'));
  assert.ok(m, `no ${name} in /metrics:\n${r.stdout.slice(0, 2000)}`);
  return Number(m[1]);
}

// Issue 14: an audit is not a failed login. A copy of the gatehouse binary (same
// bytes, another file: recognised by its content) serves on all addresses; the
// probes ask it without a credential, which gatehouse never counts.
test('probing a running gatehouse (a copy of the binary) is no failed login there', async (t) => {
  if (lacks(t, !ns, 'needs a private network namespace to listen on 0.0.0.0')) return;
  const dir = tempDir('gh-audit-copy-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const copy = join(dir, 'gatehouse-copy');
  copyFileSync(BIN, copy);
  const cfg = join(dir, 'gatehouse.json');
  writeFileSync(cfg, JSON.stringify({ listen: ['0.0.0.0:0'], stateDir: 'state', trustedProxies: ['127.0.0.1/32'] }));
  const proc = start(copy, ['--config', cfg, 'serve']);
  t.after(() => stop(proc));
  const m = await waitOutput(proc, /msg=listening address=\S+:(\d+)/, 10000, 'gatehouse serve');
  await waitOutput(proc, /msg="gatehouse ready"/, 10000, 'gatehouse serve');
  const port = Number(m[1]);
  const token = readFileSync(join(dir, 'state', 'default.token'), 'utf8').trim();
  const before = metric(port, token, 'gatehouse_auth_failures_total');
  const { report } = audit();
  const fs = at(report, port);
  assert.equal(fs.length, 1, show(fs));
  assert.equal(fs[0].id, 'GH-NET-001');
  assert.match(fs[0].evidence, /gatehouse: at 127\.0\.0\.1:\d+ it answered 401 to POST \/mcp without a token/,
    'the copy was recognised as gatehouse and probed');
  // Its command line names its configuration, which is not the audit's.
  assert.ok(fs[0].evidence.includes(`it runs another configuration (${cfg})`), fs[0].evidence);
  assert.equal(metric(port, token, 'gatehouse_auth_failures_total'), before, 'the audit counted as a failed login');
  assert.equal(metric(port, token, 'gatehouse_rate_limited_total'), 0);
});

test('an MCP server without a token (the conformance fixture over HTTP) is found', async (t) => {
  const proc = start(process.execPath, [FIXTURE, 'http', '0'], { cwd: repoRoot });
  t.after(() => stop(proc));
  const m = await waitOutput(proc, /http:\/\/127\.0\.0\.1:(\d+)\/mcp/, 15000, 'conformance fixture');
  const port = Number(m[1]);
  const { report } = audit();
  const fs = at(report, port);
  assert.equal(fs.length, 1, show(fs));
  assert.ok(['GH-NET-005', 'GH-NET-003'].includes(fs[0].id), show(fs));
  assert.equal(fs[0].severity, fs[0].id === 'GH-NET-005' ? 'critical' : 'warn');
  assert.match(fs[0].evidence, /initialize at \/mcp without a token \(server gatehouse-conformance-fixture\)/);
  // The fixture checks Host but not Origin: a web page could drive it.
  if (fs[0].id === 'GH-NET-005') assert.match(fs[0].evidence, /Origin http:\/\/evil\.example/);
});

// An MCP server that opens a session per initialize and counts what is left open.
const SESSION_COUNTER = `
const http = require('node:http');
const open = new Set();
let made = 0;
const s = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    if (req.url === '/mcp' && req.method === 'POST' && body.includes('"initialize"')) {
      const id = 'sess-' + (++made);
      open.add(id);
      console.log('sessions made=' + made + ' open=' + open.size);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Mcp-Session-Id': id });
      return res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 'counter', version: '0' } } }));
    }
    if (req.url === '/mcp' && req.method === 'DELETE') {
      const had = open.delete(req.headers['mcp-session-id']);
      console.log('sessions made=' + made + ' open=' + open.size);
      res.writeHead(had ? 200 : 404); return res.end();
    }
    res.writeHead(404); res.end();
  });
});
s.listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening ' + s.address().port));
`;

test('the MCP probe ends every session it opens (DELETE), so an audit uses up no session budget', async (t) => {
  const port = await freePort();
  const proc = start(process.execPath, ['-e', SESSION_COUNTER, String(port)]);
  t.after(() => stop(proc));
  await waitOutput(proc, /listening \d+/, 10000, 'session counter');
  const { report } = audit();
  const fs = at(report, port);
  assert.equal(fs.length, 1, show(fs));
  assert.equal(fs[0].id, 'GH-NET-005');
  assert.match(fs[0].evidence, /initialize at \/mcp without a token \(server counter\)/);
  assert.match(fs[0].evidence, /Origin http:\/\/evil\.example, so any web page can drive it/);
  // The server prints its count after every initialize and DELETE (it may run in
  // the test's network namespace, out of reach of a request from here).
  // The audit has returned; its last DELETE may still be in the server's pipe. The
  // final state must come to "open=0" (a session left open keeps it above).
  await waitOutput(proc, /sessions made=\d+ open=0\s*$/, 5000, 'no session left open');
  const lines = [...proc.output().matchAll(/sessions made=(\d+) open=(\d+)/g)];
  const [, made, open] = lines[lines.length - 1].map(Number);
  assert.ok(made >= 2, `the probe made ${made} sessions`);
  assert.equal(open, 0, `the audit left ${open} of ${made} sessions open`);
});

// ---------------------------------------------------------------- what is not probed

const LISTEN_ON = `
const net = require('node:net');
const s = net.createServer((c) => c.end());
s.listen(Number(process.argv[2]), process.argv[1], () => console.log('listening'));
`;

test('a listener on a specific non-loopback address is reported, not probed', async (t) => {
  if (lacks(t, !ns, 'needs a private network namespace to add an address')) return;
  // TEST-NET-1, on the namespace's own loopback device: nothing leaves it.
  const add = spawnSync(...wrap('ip', ['addr', 'add', '192.0.2.10/32', 'dev', 'lo']), { encoding: 'utf8' });
  assert.equal(add.status, 0, add.stderr);
  const port = await freePort();
  const proc = start(process.execPath, ['-e', LISTEN_ON, '192.0.2.10', String(port)]);
  t.after(() => stop(proc));
  await waitOutput(proc, /listening/, 10000, 'listener');
  const { report } = audit();
  const fs = at(report, port);
  assert.equal(fs.length, 1, show(fs));
  assert.equal(fs[0].id, 'GH-NET-001');
  assert.equal(fs[0].location, `192.0.2.10:${port}`);
  assert.ok(report.notes.some((n) => n.includes(`192.0.2.10:${port} was not probed`)), report.notes.join('\n'));
});

// How fast it is, is a benchmark's to say (bench/audit.sh, BENCHMARKS.md), not a
// timed assertion's; what a test can say is that nothing on a quiet host waits for
// the run's deadline: every listener is checked, none left unchecked (GH-NET-006).
test('the audit with --deep checks every listener of a quiet host within its deadline', async () => {
  const { report } = audit();
  const cut = report.findings.filter((f) => f.id === 'GH-NET-006');
  assert.deepEqual(cut, [], `listeners left unchecked on a quiet host: ${show(cut)}`);
});

// ---------------------------------------------------------------- fail closed (issue 14)

// An unprivileged user could open more idle loopback listeners than the audit read
// (1,024 once, IPv4 first) and hide everything after them: a password-less Redis
// on [::] was then neither probed nor listed. Now the table grows, and exposed and
// wildcard listeners are examined first.
test('1,100 idle loopback listeners do not hide a password-less Redis on [::]', { timeout: 120000 }, async (t) => {
  if (lacks(t, !REDIS, 'redis-server is not installed')) return;
  if (lacks(t, !ns, 'needs a private network namespace (root, unshare, nsenter, ip)')) return;
  // Below the namespace's ephemeral range (32768-60999), where no probe's own
  // connection can hold one of these ports.
  const first = 5000;
  const idle = start(process.execPath, ['-e', `
    const net = require('net'); let n = 0;
    for (let i = 0; i < 1100; i++) net.createServer().listen(${first} + i, '127.0.0.1', () => { if (++n === 1100) console.log('ready'); });
    setTimeout(() => process.exit(0), 110000);`]);
  t.after(() => stop(idle));
  await waitOutput(idle, /ready/, 20000, '1,100 idle listeners');
  const port = await freePort();
  const dir = join(work, `redis6-${port}`);
  mkdirSync(dir);
  const redis = start(REDIS, ['--port', String(port), '--bind', '::', '--protected-mode', 'no',
    '--save', '', '--appendonly', 'no', '--dir', dir], { cwd: dir });
  t.after(() => stop(redis));
  await waitListening([port], redis, 10000, 'redis-server on [::]');
  const { code, report } = audit();
  const f = at(report, port).find((x) => x.id === 'GH-NET-002');
  assert.ok(f, `the Redis on [::]:${port} was not found behind 1,100 listeners: ${show(at(report, port))}\n` +
    `notes: ${show(report.notes || [])}`);
  assert.equal(f.severity, 'critical');
  assert.equal(code, 1);
});

// 300 listeners that answer like a web server and then hang, placed first in the
// listener order, with an exposed Redis and an open MCP server on loopback that
// needs follow-up probes (its port says nothing, so the sniff comes first). Each
// listener has its own deadline and the run one that grows with their number;
// a target's follow-ups go before later targets' first probes. Every service is
// found, or named in a GH-NET-006 warning (fail closed), and the 300 that began
// an answer and went silent are GH-NET-006 too, which --fail-on warn fails on.
test('300 hanging HTTP listeners: the exposed Redis and a loopback MCP server are found or failed closed', { timeout: 240000 }, async (t) => {
  if (lacks(t, !REDIS, 'redis-server is not installed')) return;
  if (lacks(t, !ns, 'needs a private network namespace (root, unshare, nsenter, ip)')) return;
  const first = 7000;
  const hang = start(process.execPath, ['-e', `
    const net = require('net'); let n = 0; const held = [];
    for (let i = 0; i < 300; i++)
      net.createServer((c) => { held.push(c); c.on('error', () => {}); c.write('HTTP/1.1 200 OK\\r\\nServer: x\\r\\n'); })
        .listen(${first} + i, '127.0.0.1', () => { if (++n === 300) console.log('ready'); });
    setTimeout(() => process.exit(0), 230000);`]);
  t.after(() => stop(hang));
  await waitOutput(hang, /ready/, 20000, '300 hanging listeners');
  const { port } = await startRedis(t);
  const mcpPort = first + 300;      // after the hanging ones, in the order they were opened
  const mcp = start(process.execPath, ['-e', SESSION_COUNTER, String(mcpPort)]);
  t.after(() => stop(mcp));
  await waitOutput(mcp, /listening \d+/, 10000, 'MCP server');
  const { code, report } = audit(['--deep', '--fail-on', 'warn']);
  const incomplete = report.findings.filter((x) => x.id === 'GH-NET-006');
  const named = incomplete.map((x) => x.evidence).join('\n');
  const foundOrNamed = (p, ids, addr) => {
    const f = at(report, p).find((x) => ids.includes(x.id));
    if (f) return f;
    assert.ok(named.includes(addr), `${addr} was neither found nor named as unchecked: ${show(at(report, p))}\n${named}`);
    return null;
  };
  const redis = foundOrNamed(port, ['GH-NET-002'], `127.0.0.1:${port}`);
  if (redis) assert.equal(redis.severity, 'critical');
  const open = foundOrNamed(mcpPort, ['GH-NET-005', 'GH-NET-003'], `127.0.0.1:${mcpPort}`);
  if (open) assert.match(open.evidence, /initialize at \/mcp without a token \(server counter\)/);
  // The hanging listeners began an answer and never finished it: unchecked, said so.
  assert.ok(incomplete.length >= 1 && incomplete.every((x) => x.severity === 'warn'),
    `the unfinished probes are not a GH-NET-006 warning: ${show(incomplete)}`);
  assert.match(named, /(\d+) of \d+ probed ports were not fully identified/);
  assert.ok(Number(named.match(/(\d+) of \d+ probed ports/)[1]) >= 300, named);
  assert.match(named, /127\.0\.0\.1:7\d\d\d/);
  assert.equal(code, 1);
  t.diagnostic(`redis ${redis ? 'found' : 'failed closed'}, MCP ${open ? 'found' : 'failed closed'}`);
});
