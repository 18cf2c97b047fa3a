// Behaviours the review found without a test: 414 on a long URL, session expiry,
// log rate limiting, a non-dumpable process, and refused redirects of remote
// servers. Each drives the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cacheFor, lacks, rawSend, request, startGateway, tempDir } from './lib/gateway.mjs';
import { rawInit, rawPost, waitFor, startGatewaySafe, connect, logLines } from './lib/mcp.mjs';

async function started(t, config) {
  const gw = await startGateway(config);
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  return gw;
}

test('a request line over 16 KiB is refused with 414, and the gateway goes on', async (t) => {
  const gw = await started(t);
  const r = await rawSend(gw.port, [`GET /mcp?pad=${'a'.repeat(20000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`], { waitMs: 3000 });
  assert.match(r.received, /^HTTP\/1\.1 414/);
  assert.equal((await request(gw.port, { path: '/healthz' })).status, 200);
});

test('a session idle for limits.sessionIdleMs ends: its id is then unknown (404)', async (t) => {
  const gw = await started(t, { limits: { sessionIdleMs: 1000 } });
  const s = await rawInit(gw.port, gw.token);
  const ping = () => rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 2, method: 'ping' },
    { sessionId: s.sessionId, version: '2025-11-25' });
  assert.equal((await ping()).status, 200, 'the session works while in use');
  // The idle sweep runs every second: allow a few sweeps, bounded.
  await waitFor(async () => (await ping()).status === 404, { timeoutMs: 10000, intervalMs: 1500, what: 'the idle session to end' });
  // The line may reach our pipe after the 404 reaches the client (CI's ASan leg).
  await waitFor(() => /msg="session ended" .*reason=idle/.test(gw.logs()), { what: 'the idle end to be logged' });
});

test('lines a client can cause are rate-limited, with a count of what was dropped', async (t) => {
  const gw = await started(t, { limits: { authFailuresPerMinute: 100000 } });
  // 200 refusals in a burst: the log keeps a burst of 50 of them, plus the 10 a
  // second that refill while the burst lasts (a loaded machine makes it last longer).
  const start = Date.now();
  for (let i = 0; i < 200; i++) await request(gw.port, { path: '/mcp', headers: { Host: 'evil.example' } });
  const most = 50 + Math.ceil(((Date.now() - start) / 1000) * 10) + 1;
  const refused = logLines(gw, /refused: Host/).length;
  assert.ok(refused >= 40 && refused <= most && refused < 200, `${refused} refusal lines logged for 200 refusals (at most ${most})`);
  // Once tokens refill, the next line says how many were suppressed.
  await waitFor(async () => {
    await request(gw.port, { path: '/mcp', headers: { Host: 'evil.example' } });
    return /suppressed_before=\d+/.test(gw.logs());
  }, { timeoutMs: 5000, intervalMs: 200, what: 'a line with suppressed_before' });
});

test('the gateway process is not dumpable: its /proc files belong to root, not to its user', async (t) => {
  if (lacks(t, process.getuid?.() !== 0, 'needs root to run the gateway as another user')) return;
  const has = spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;
  if (lacks(t, !has, 'needs setpriv (util-linux)')) return;
  const dir = tempDir('gh-dump-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o777);
  const configPath = join(dir, 'gatehouse.json');
  writeFileSync(configPath, JSON.stringify({ listen: ['127.0.0.1:0'], stateDir: 'state' }));
  chmodSync(configPath, 0o644);
  // A pattern cache of nobody's own: without one the patterns compile at start.
  const cache = cacheFor('nobody');
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  const proc = spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', BIN, '--config', configPath, 'serve'],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, XDG_CACHE_HOME: cache } });
  t.after(() => { if (proc.exitCode === null) proc.kill('SIGTERM'); });
  let log = '';
  const ready = await new Promise((res) => {
    const timer = setTimeout(() => res(false), 60000);
    proc.stderr.on('data', (d) => { log += d; if (log.includes('gatehouse ready')) { clearTimeout(timer); res(true); } });
    proc.on('exit', () => { clearTimeout(timer); res(false); });
  });
  assert.ok(ready, `the gateway did not start as nobody:\n${log}`);
  const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
  assert.match(status, new RegExp(`^Uid:\\s+${nobody}\\s`, 'm'), 'it runs as nobody');
  // The kernel makes /proc/PID/* of a non-dumpable process owned by root.
  assert.equal(statSync(`/proc/${proc.pid}/environ`).uid, 0, '/proc/PID/environ of a non-dumpable process is root\'s');
});

test('a remote server that redirects is not followed: its tools are unavailable', async (t) => {
  // A loopback "server" that answers every request with a redirect elsewhere.
  let hits = 0;
  let followed = 0;
  const target = http.createServer((req, res) => { followed++; res.writeHead(500); res.end(); });
  await new Promise((r) => target.listen(0, '127.0.0.1', r));
  const redirector = http.createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(307, { Location: `http://127.0.0.1:${target.address().port}/mcp` });
    res.end();
  });
  await new Promise((r) => redirector.listen(0, '127.0.0.1', r));
  t.after(() => { redirector.close(); target.close(); });
  const gw = await startGatewaySafe({ mcpServers: { moved: { url: `http://127.0.0.1:${redirector.address().port}/mcp` } } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const s = await connect(gw, { ready: false });
  t.after(() => s.close());
  await waitFor(() => hits > 0, { timeoutMs: 10000, what: 'the gateway to try the remote server' });
  const tools = (await s.client.listTools()).tools;
  assert.deepEqual(tools, [], 'no tools from a server that only redirects');
  assert.equal(followed, 0, 'the redirect was followed');
  await waitFor(() => logLines(gw, /server unavailable.*moved|moved.*unavailable|remote server lost/).length > 0,
    { timeoutMs: 10000, what: 'the failure to be logged' });
});
