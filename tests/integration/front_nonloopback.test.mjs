// A listener on a non-loopback address must not accept a loopback Origin: a page
// served from http://localhost on the user's machine is not a trusted origin for
// a gateway that other hosts reach (DESIGN.md section 5, check 1). The gateway
// listens on 0.0.0.0 inside a private network namespace (nothing outside can reach
// it), next to a loopback listener as the control; the client runs in the same
// namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, lacks, tempDir } from './lib/gateway.mjs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const PUBLIC_PORT = 18750;      // inside the namespace: no other listener can hold it
const LOOPBACK_PORT = 18751;

function startNamespace() {
  const proc = spawn('unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up && echo ready && exec sleep 300'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((res) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); res(null); }, 5000);
    proc.stdout.on('data', (d) => { if (String(d).includes('ready')) { clearTimeout(timer); res(proc); } });
    proc.on('exit', () => { clearTimeout(timer); res(null); });
  });
}

// Requests made from inside the namespace by a small Node client; returns statuses.
function probe(nsPid, requests) {
  const script = `
    const http = require('node:http');
    const reqs = ${JSON.stringify(requests)};
    (async () => {
      const out = [];
      for (const r of reqs) {
        out.push(await new Promise((res) => {
          const q = http.request({ host: '127.0.0.1', port: r.port, path: '/mcp', method: 'POST', headers: r.headers, timeout: 5000 },
            (a) => { a.resume(); a.on('end', () => res(a.statusCode)); });
          q.on('error', (e) => res(String(e.code)));
          q.on('timeout', () => q.destroy(new Error('timeout')));
          q.end(r.body);
        }));
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const r = spawnSync('nsenter', [`--net=/proc/${nsPid}/ns/net`, '--', process.execPath, '-e', script],
    { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('a loopback Origin is refused on a non-loopback listener, accepted on a loopback one', async (t) => {
  if (lacks(t, process.getuid?.() !== 0 || !has('unshare') || !has('nsenter') || !has('ip'),
    'needs root, unshare, nsenter and ip for a private network namespace')) return;
  const ns = await startNamespace();
  assert.ok(ns, 'could not make a private network namespace');
  t.after(() => ns.kill('SIGKILL'));

  const dir = tempDir('gh-nonlo-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'gatehouse.json');
  // trustedProxies stands in for TLS: a non-loopback listener needs one of them.
  writeFileSync(configPath, JSON.stringify({
    listen: [`0.0.0.0:${PUBLIC_PORT}`, `127.0.0.1:${LOOPBACK_PORT}`], stateDir: 'state',
    trustedProxies: ['192.0.2.1/32'], limits: { authFailuresPerMinute: 1000 },
  }));
  const gw = spawn('nsenter', [`--net=/proc/${ns.pid}/ns/net`, '--', BIN, '--config', configPath, 'serve'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const ready = new Promise((res) => {
    const timer = setTimeout(() => res(false), 30000);   // as startGateway's readyTimeoutMs
    gw.stderr.on('data', (d) => { log += d; if (log.includes('gatehouse ready')) { clearTimeout(timer); res(true); } });
    gw.on('exit', () => { clearTimeout(timer); res(false); });
  });
  t.after(() => { if (gw.exitCode === null) gw.kill('SIGTERM'); });
  assert.ok(await ready, `the gateway did not start in the namespace:\n${log}`);
  const token = readFileSync(join(dir, 'state', 'default.token'), 'utf8').trim();

  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
  const headers = (port, origin) => ({
    Host: `127.0.0.1:${port}`, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream', ...(origin ? { Origin: origin } : {}),
  });
  const cases = [
    { port: PUBLIC_PORT, origin: null, want: 200 },
    { port: PUBLIC_PORT, origin: `http://localhost:${PUBLIC_PORT}`, want: 403 },
    { port: PUBLIC_PORT, origin: `http://127.0.0.1:${PUBLIC_PORT}`, want: 403 },
    { port: PUBLIC_PORT, origin: 'http://[::1]', want: 403 },
    { port: LOOPBACK_PORT, origin: `http://localhost:${LOOPBACK_PORT}`, want: 200 },
    { port: LOOPBACK_PORT, origin: `http://127.0.0.1:${LOOPBACK_PORT}`, want: 200 },
  ];
  const got = probe(ns.pid, cases.map((c) => ({ port: c.port, headers: headers(c.port, c.origin), body })));
  cases.forEach((c, i) => assert.equal(got[i], c.want, `port ${c.port} Origin ${c.origin}`));
});
