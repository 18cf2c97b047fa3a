// Starting and stopping: refusing unsafe or impossible binds, the private state
// directory and first token, restarts, signals and config reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { startGateway, request, tempDir, sleep, runCli } from './lib/gateway.mjs';

const TOKEN_FILE_RE = /^gth_[A-Za-z0-9_-]{43}\n$/;

const mode = (p) => statSync(p).mode & 0o777;

// Start a gateway that is expected to refuse to start; returns the rejection.
async function expectRefusal(config, opts = {}) {
  const dir = tempDir('gh-start-');
  try {
    let gw = null;
    const err = await startGateway(config, { dir, ...opts }).then((g) => { gw = g; return null; }, (e) => e);
    if (gw) {
      await gw.stop();
      assert.fail(`the gateway started with ${JSON.stringify(config)}:\n${gw.logs()}`);
    }
    return err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A TCP server on a kernel-chosen loopback port, to make that port busy.
function occupyPort() {
  return new Promise((res, rej) => {
    const srv = net.createServer((s) => s.destroy());
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => res(srv));
  });
}

// A loopback port that was free a moment ago.
async function freePort() {
  const srv = await occupyPort();
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

// Resolves 'refused' if nothing accepts on the port, 'connected' otherwise.
function tryConnect(port) {
  return new Promise((res) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => { s.destroy(); res('timeout'); }, 3000);
    s.on('connect', () => { clearTimeout(timer); s.destroy(); res('connected'); });
    s.on('error', (e) => { clearTimeout(timer); res(e.code === 'ECONNREFUSED' ? 'refused' : e.code); });
  });
}

async function pollUntil(probe, { timeoutMs = 3000, everyMs = 100 } = {}) {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 1000 && Date.now() < end; i++) {
    if (await probe()) return true;
    await sleep(everyMs);
  }
  return probe();
}

const metrics = (gw, { token = gw.token, host } = {}) => request(gw.port, {
  path: '/metrics',
  headers: { Authorization: `Bearer ${token}`, ...(host ? { Host: host } : {}) },
});

test('a non-loopback IPv4 listen without tls or trustedProxies is refused before binding', async () => {
  const err = await expectRefusal({ listen: ['0.0.0.0:0'] });
  assert.equal(err.code, 1, err.message);
  assert.match(err.stderr, /tls/);
  assert.match(err.stderr, /trustedProxies/);
  assert.doesNotMatch(err.stderr, /msg=listening/);
});

test('a non-loopback IPv6 listen without tls or trustedProxies is refused before binding', async () => {
  const err = await expectRefusal({ listen: ['[::]:0'] });
  assert.equal(err.code, 1, err.message);
  assert.match(err.stderr, /tls/);
  assert.match(err.stderr, /trustedProxies/);
  assert.doesNotMatch(err.stderr, /msg=listening/);
});

test('a port already in use makes serve exit 1 naming the address', async (t) => {
  const busy = await occupyPort();
  t.after(() => new Promise((r) => busy.close(r)));
  const address = `127.0.0.1:${busy.address().port}`;
  const err = await expectRefusal({ listen: [address] });
  assert.equal(err.code, 1, err.message);
  assert.ok(err.stderr.includes(address), `stderr does not name ${address}:\n${err.stderr}`);
  assert.match(err.stderr, /cannot listen/);
});

test('one busy port among two listen entries: nothing is served at all', async (t) => {
  const busy = await occupyPort();
  t.after(() => new Promise((r) => busy.close(r)));
  const free = await freePort();
  const err = await expectRefusal({ listen: [`127.0.0.1:${free}`, `127.0.0.1:${busy.address().port}`] });
  assert.equal(err.code, 1, err.message);
  assert.ok(err.stderr.includes(`127.0.0.1:${busy.address().port}`), err.stderr);
  assert.doesNotMatch(err.stderr, /msg="gatehouse ready"/);
  assert.equal(await tryConnect(free), 'refused', `something still listens on the free port ${free}`);
});

test('state dir 0700, database 0600, default.token 0600; the log names the file, never the token', async (t) => {
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  assert.equal(mode(gw.stateDir), 0o700);
  assert.equal(mode(join(gw.stateDir, 'gatehouse.db')), 0o600);
  for (const extra of ['gatehouse.db-wal', 'gatehouse.db-shm']) {
    let m = null;
    try { m = mode(join(gw.stateDir, extra)); } catch { /* may not exist */ }
    if (m !== null) assert.equal(m, 0o600, `${extra} has mode ${m.toString(8)}`);
  }
  const tokenPath = join(gw.stateDir, 'default.token');
  assert.equal(mode(tokenPath), 0o600);
  const text = readFileSync(tokenPath, 'utf8');
  assert.match(text, TOKEN_FILE_RE);
  assert.ok(gw.logs().includes(tokenPath), `the log does not name ${tokenPath}`);
  assert.ok(!gw.logs().includes(text.trim()), 'the token is in the log');
  assert.ok(!gw.logs().includes(text.trim().slice(4)), 'the token (without prefix) is in the log');
  assert.ok(!gw.stdout().includes(text.trim()), 'the token is on stdout');
  assert.equal((await metrics(gw)).status, 200, 'the default token does not work');
});

test('a pre-existing state dir open to others is tightened to 0700', async (t) => {
  const dir = tempDir('gh-start-');
  const stateDir = join(dir, 'state');
  mkdirSync(stateDir, { mode: 0o755 });
  chmodSync(stateDir, 0o755);
  assert.equal(mode(stateDir), 0o755);
  const gw = await startGateway({}, { dir });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  assert.equal(mode(stateDir), 0o700);
  assert.match(gw.logs(), /level=warn/);
  assert.ok(gw.logs().includes(stateDir));
});

test('a restart with the same state dir keeps the first token and makes no new one', async (t) => {
  const dir = tempDir('gh-start-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await startGateway({}, { dir });
  const tokenPath = join(first.stateDir, 'default.token');
  const before = readFileSync(tokenPath, 'utf8');
  const mtime = statSync(tokenPath).mtimeMs;
  assert.equal((await first.stop()).code, 0);

  const second = await startGateway({}, { dir });
  t.after(async () => { await second.stop(); });
  assert.equal(readFileSync(tokenPath, 'utf8'), before, 'default.token changed on restart');
  assert.equal(statSync(tokenPath).mtimeMs, mtime, 'default.token was rewritten on restart');
  assert.doesNotMatch(second.logs(), /created the first client token/);
  assert.equal((await metrics(second, { token: before.trim() })).status, 200, 'the old token stopped working');
  const list = second.cli(['token', 'list']);
  assert.equal((list.stdout.match(/^default\b/gm) || []).length, 1, list.stdout);
});

test('an unknown config key makes serve exit 1 naming its JSON path', async () => {
  const err = await expectRefusal({ listn: ['127.0.0.1:0'] });
  assert.equal(err.code, 1, err.message);
  assert.ok(err.stderr.includes('$.listn'), err.stderr);
  assert.doesNotMatch(err.stderr, /msg=listening/);
});

test('SIGTERM and SIGINT stop serve with exit code 0', async (t) => {
  for (const sig of ['SIGTERM', 'SIGINT']) {
    const gw = await startGateway();
    t.after(() => gw.cleanup());
    const r = await gw.stop(sig);
    assert.deepEqual(r, { code: 0, signal: null }, `${sig}: ${gw.logs()}`);
    assert.equal(await tryConnect(gw.port), 'refused', `${sig}: the port still accepts`);
  }
});

test('SIGHUP reloads publicHosts; an invalid file on SIGHUP keeps the gateway serving', async (t) => {
  const host = 'gw.example.test';
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  assert.equal((await metrics(gw, { host })).status, 403, 'an unlisted Host was accepted');

  const cfg = JSON.parse(readFileSync(gw.configPath, 'utf8'));
  cfg.publicHosts = [host];
  writeFileSync(gw.configPath, JSON.stringify(cfg, null, 2));
  gw.proc.kill('SIGHUP');
  assert.ok(await pollUntil(async () => (await metrics(gw, { host })).status === 200),
    `the new public host was not accepted within 3 s:\n${gw.logs()}`);

  writeFileSync(gw.configPath, JSON.stringify({ ...cfg, listn: ['oops'] }));
  gw.proc.kill('SIGHUP');
  assert.ok(await pollUntil(() => /reload failed/.test(gw.logs())), `no reload failure logged:\n${gw.logs()}`);
  await sleep(300);
  assert.equal(gw.proc.exitCode, null, 'the gateway exited after an invalid reload');
  assert.equal((await metrics(gw)).status, 200);
  assert.equal((await metrics(gw, { host })).status, 200, 'an invalid reload dropped the running config');
  assert.equal((await request(gw.port, { path: '/healthz' })).status, 200);
});

// A config file others can write could add a server (code execution as us); one
// that holds a secret inline must not be readable by others (issue 10, part 4).
test('serve refuses a config others can write, or can read while it holds a secret, naming the chmod', (t) => {
  const dir = tempDir('gh-cfgmode-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'gatehouse.json');
  const write = (cfg, m) => { writeFileSync(path, JSON.stringify({ listen: ['127.0.0.1:0'], stateDir: 'state', ...cfg })); chmodSync(path, m); };

  write({}, 0o666);
  let r = runCli(['serve'], { configPath: path });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /can be written by other users.*chmod go-w/);
  assert.doesNotMatch(r.stderr, /msg=listening/);

  const inline = { mcpServers: { s: { command: 'true', env: { OPENAI_API_KEY: 'sk-live-abcdefghijklmnop' } } } };
  write(inline, 0o644);
  r = runCli(['serve'], { configPath: path });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /holds a secret inline and other users can read it; run: chmod 600/);
  assert.ok(!r.stderr.includes('sk-live-abcdefghijklmnop'), 'the secret is in the error');
  r = runCli(['stdio'], { configPath: path, input: '' });
  assert.equal(r.code, 1, 'stdio refuses it too');
});

test('SIGHUP with a config that became writable by others is refused; the running one stays', async (t) => {
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  chmodSync(gw.configPath, 0o666);
  gw.proc.kill('SIGHUP');
  assert.ok(await pollUntil(() => /reload refused.*chmod go-w/.test(gw.logs())), gw.logs());
  assert.equal((await request(gw.port, { path: '/healthz' })).status, 200);
});

// `gatehouse stdio` opens no listener, so the rule for public listeners is not
// its business: a config shared with a `serve` behind a proxy must not stop it.
test('stdio ignores listen: a non-loopback listen without TLS does not stop it', (t) => {
  const dir = tempDir('gh-stdio-listen-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'gatehouse.json');
  writeFileSync(path, JSON.stringify({ listen: ['0.0.0.0:8750'], stateDir: 'state' }));
  chmodSync(path, 0o600);
  const init = { jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
  const r = runCli(['stdio'], { configPath: path, input: `${JSON.stringify(init)}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /not a loopback address/);
  const answer = JSON.parse(r.stdout.split('\n').find((l) => l.includes('"id":1')));
  assert.equal(answer.result.serverInfo.name, 'gatehouse');
  // serve still refuses the same file.
  const s = runCli(['serve'], { configPath: path });
  assert.equal(s.code, 1);
  assert.match(s.stderr, /not a loopback address/);
});
