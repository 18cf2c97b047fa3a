// TLS listeners (TLS 1.2 minimum, private key must be private) and unix socket
// listeners (socket 0600, peers of another uid are refused).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { lacks, startGateway, request, tempDir } from './lib/gateway.mjs';
import { mcpHeaders } from './lib/mcp.mjs';

const INIT = {
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'tls-unix-test', version: '1' } },
};
const UNKNOWN = { jsonrpc: '2.0', id: 2, method: 'gatehouse-test/no-such-method' };

// A self-signed EC certificate for 127.0.0.1 and localhost, key file 0600.
function makeCert(dir) {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20000 });
  chmodSync(key, 0o600);
  return { cert, key, ca: readFileSync(cert) };
}

// An authenticated MCP exchange: initialize, then an unknown method in that
// session (if the gateway made one). `send(message, headers)` does the POST.
async function unknownMethodExchange(send, token) {
  const init = await send(INIT, mcpHeaders(token));
  assert.equal(init.status, 200, `initialize: ${init.status} ${init.body}`);
  assert.equal(JSON.parse(init.body).id, 1);
  const sid = init.headers['mcp-session-id'];
  const r = await send(UNKNOWN, { ...mcpHeaders(token), ...(sid ? { 'Mcp-Session-Id': sid } : {}) });
  assert.equal(r.status, 200, `unknown method: ${r.status} ${r.body}`);
  const msg = JSON.parse(r.body);
  assert.equal(msg.id, 2);
  assert.equal(msg.error.code, -32601);
}

// A TLS handshake with the given version bounds; resolves with the outcome. With
// `http`, a GET /healthz is sent after the handshake and the answer collected.
function handshake(port, ca, version, { http = false } = {}) {
  return new Promise((res) => {
    let settled = false;
    let data = '';
    let protocol = null;
    const s = tls.connect({
      host: '127.0.0.1', port, ca,
      minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0',
    });
    const finish = (out) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      s.destroy();
      res(out);
    };
    const timer = setTimeout(() => finish(protocol ? { ok: true, protocol, data } : { ok: false, error: 'timeout' }), 5000);
    s.setEncoding('utf8');
    s.on('secureConnect', () => {
      protocol = s.getProtocol();
      if (!http) return finish({ ok: true, protocol });
      s.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    s.on('data', (d) => { data += d; if (/\r\n\r\nok\n$/.test(data)) finish({ ok: true, protocol, data }); });
    s.on('end', () => finish(protocol ? { ok: true, protocol, data } : { ok: false, error: 'closed' }));
    s.on('close', () => finish(protocol ? { ok: true, protocol, data } : { ok: false, error: 'closed' }));
    s.on('error', (e) => finish(protocol ? { ok: true, protocol, data, error: e.code } : { ok: false, error: e.code || e.message }));
  });
}

test('TLS listener: https works with the certificate, auth still applies', async (t) => {
  const dir = tempDir('gh-tls-');
  const { cert, key, ca } = makeCert(dir);
  const gw = await startGateway({ tls: { cert, key } }, { dir });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  assert.match(gw.logs(), /msg=listening address=127\.0\.0\.1:\d+ tls=on/);

  const h = await request(gw.port, { ca, path: '/healthz' });
  assert.equal(h.status, 200);
  assert.equal(h.body, 'ok\n');

  const send = (message, headers) => request(gw.port, { ca, method: 'POST', path: '/mcp', headers, body: JSON.stringify(message) });
  await unknownMethodExchange(send, gw.token);

  const anon = await send(INIT, mcpHeaders(null));
  assert.equal(anon.status, 401);
  assert.match(anon.headers['www-authenticate'] || '', /^Bearer realm="gatehouse"/);
  const wrong = await send(INIT, mcpHeaders(`gth_${'A'.repeat(43)}`));
  assert.equal(wrong.status, 401);
});

test('TLS listener: plain HTTP gets no 200', async (t) => {
  const dir = tempDir('gh-tls-');
  const { cert, key } = makeCert(dir);
  const gw = await startGateway({ tls: { cert, key } }, { dir });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const outcome = await request(gw.port, { path: '/healthz', timeoutMs: 5000 }).then(
    (r) => r.status, (e) => `error: ${e.code || e.message}`);
  assert.notEqual(outcome, 200);
  const authed = await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` }, timeoutMs: 5000 })
    .then((r) => r.status, (e) => `error: ${e.code || e.message}`);
  assert.notEqual(authed, 200, 'a token sent in clear text over the TLS port was accepted');
});

test('TLS listener: TLS 1.1 is refused, TLS 1.2 and 1.3 are accepted', async (t) => {
  const dir = tempDir('gh-tls-');
  const { cert, key, ca } = makeCert(dir);
  const gw = await startGateway({ tls: { cert, key } }, { dir });
  t.after(async () => { await gw.stop(); gw.cleanup(); });

  // Prove this client can speak TLS 1.1 at all, against a local server that allows it,
  // so that a failure against the gateway means the gateway refused.
  const legacy = tls.createServer({
    cert: readFileSync(cert), key: readFileSync(key), minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1',
    ciphers: 'DEFAULT@SECLEVEL=0',
  }, (s) => { s.on('error', () => {}); s.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'); });
  legacy.on('tlsClientError', () => {});
  await new Promise((r) => legacy.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => legacy.close(r)));
  const control = await handshake(legacy.address().port, ca, 'TLSv1.1');
  assert.equal(control.ok, true, `this client cannot speak TLS 1.1 even to a server that allows it (${control.error})`);
  assert.equal(control.protocol, 'TLSv1.1');

  const v11 = await handshake(gw.port, ca, 'TLSv1.1');
  assert.equal(v11.ok, false, `a TLS 1.1 handshake succeeded (${v11.protocol})`);

  const v12 = await handshake(gw.port, ca, 'TLSv1.2', { http: true });
  assert.equal(v12.ok, true, `TLS 1.2 failed: ${v12.error}`);
  assert.equal(v12.protocol, 'TLSv1.2');
  assert.match(v12.data, /^HTTP\/1\.1 200/);

  const v13 = await handshake(gw.port, ca, 'TLSv1.3');
  assert.equal(v13.ok, true, `TLS 1.3 failed: ${v13.error}`);
  assert.equal(v13.protocol, 'TLSv1.3');

});

test('TLS: a key file readable by every user makes serve exit 1 naming chmod', async () => {
  const dir = tempDir('gh-tls-');
  try {
    const { cert, key } = makeCert(dir);
    chmodSync(key, 0o644);
    const err = await startGateway({ tls: { cert, key } }, { dir }).then(
      async (gw) => { await gw.stop(); return null; }, (e) => e);
    assert.ok(err, 'the gateway started with a world-readable TLS key');
    assert.equal(err.code, 1);
    assert.match(err.stderr, /chmod/);
    assert.ok(err.stderr.includes(key), `stderr does not name the key file:\n${err.stderr}`);
    assert.doesNotMatch(err.stderr, /msg=listening/);
    assert.ok(!err.stderr.includes(readFileSync(key, 'utf8').split('\n')[1]), 'the key is in the log');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Requests over the unix socket, with a loopback Host header.
const unixRequest = (socketPath, opts) =>
  request(0, { socketPath, ...opts, headers: { Host: 'localhost', ...(opts.headers || {}) } });

test('unix socket listener: 0600 socket, token required', async (t) => {
  const dir = tempDir('gh-unix-');
  const socketPath = join(dir, 'gw.sock');
  const gw = await startGateway({ listen: [`unix:${socketPath}`] }, { dir });
  t.after(async () => { await gw.stop(); gw.cleanup(); });

  assert.equal(statSync(socketPath).isSocket(), true);
  assert.equal(statSync(socketPath).mode & 0o777, 0o600);

  const h = await unixRequest(socketPath, { path: '/healthz' });
  assert.equal(h.status, 200);

  const send = (message, headers) => unixRequest(socketPath, { method: 'POST', path: '/mcp', headers, body: JSON.stringify(message) });
  await unknownMethodExchange(send, gw.token);
  const anon = await send(INIT, mcpHeaders(null));
  assert.equal(anon.status, 401);

  await gw.stop();
  assert.throws(() => statSync(socketPath), /ENOENT/, 'the socket file is left behind after stop');
});

test('unix socket listener: a peer with another uid is disconnected even with a valid token', async (t) => {
  if (lacks(t, typeof process.getuid !== 'function' || process.getuid() !== 0, 'needs root to connect as another uid')) return;
  const dir = tempDir('gh-unix-');
  const sockDir = join(dir, 'sock');
  const socketPath = join(sockDir, 'gw.sock');
  chmodSync(dir, 0o711);   // traversable by the other user, not listable
  mkdirSync(sockDir, { mode: 0o711 });
  chmodSync(sockDir, 0o711);
  const gw = await startGateway({ listen: [`unix:${socketPath}`] }, { dir });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  chmodSync(socketPath, 0o666);   // take away the file mode protection: only the uid check is left

  const script = `
    const net = require('node:net');
    const out = { connected: false, received: '', error: null };
    const s = net.connect({ path: process.env.GH_SOCK });
    const done = () => { clearTimeout(timer); process.stdout.write(JSON.stringify(out)); process.exit(0); };
    const timer = setTimeout(() => { out.error = 'timeout'; s.destroy(); done(); }, 5000);
    s.setEncoding('utf8');
    s.on('connect', () => {
      out.connected = true;
      s.write('GET /metrics HTTP/1.1\\r\\nHost: localhost\\r\\nAuthorization: Bearer ' + process.env.GH_TOKEN + '\\r\\n\\r\\n');
    });
    s.on('data', (d) => { out.received += d; });
    s.on('error', (e) => { out.error = e.code || e.message; });
    s.on('close', done);
  `;
  const child = spawn(process.execPath, ['-e', script], {
    uid: 65534, gid: 65534, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: '/usr/bin:/bin', GH_SOCK: socketPath, GH_TOKEN: gw.token },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const code = await new Promise((res) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.on('exit', (c) => { clearTimeout(kill); res(c); });
  });
  assert.equal(code, 0, `child failed: ${stderr}`);
  const out = JSON.parse(stdout);
  assert.equal(out.connected, true, `the other user could not even connect (${out.error}); the test proves nothing`);
  assert.notEqual(out.error, 'timeout', 'the connection from another uid was left open');
  assert.doesNotMatch(out.received, /^HTTP\/1\.[01] 200/m, 'another uid got a 200 over the unix socket');
  assert.equal(out.received, '', `another uid got an answer: ${out.received.slice(0, 100)}`);

  // The gateway's own user is still served.
  const ok = await unixRequest(socketPath, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` } });
  assert.equal(ok.status, 200);
});
