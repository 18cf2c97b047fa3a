// Helpers shared by the integration tests: start the real gatehouse binary on a
// loopback port chosen by the kernel, talk HTTP to it (raw bytes where a request
// must be malformed), stop it by pid.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { plant, logPath, keepState, stateDirOf } from './sweep.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..', '..');
export const BIN = process.env.GATEHOUSE_BIN || join(repoRoot, 'build', 'gatehouse');

// One cache of compiled scan patterns for the whole suite (src/util/hsdb.h), so
// that each gateway does not compile them again; a test may set its own.
export const testCache = join(dirname(BIN), 'test-cache');
export const baseEnv = () => ({ ...process.env, XDG_CACHE_HOME: testCache });

// A copy of that cache owned by `user` (a directory to pass as XDG_CACHE_HOME,
// to remove afterwards). A gateway run as another user trusts only a cache of its
// own, and would otherwise compile the patterns at start: about 10 s under
// AddressSanitizer, a minute on a loaded 2-core machine.
export function cacheFor(user) {
  const dir = tempDir('gh-cache-');
  chmodSync(dir, 0o755);
  const own = join(dir, 'gatehouse');
  mkdirSync(own, { mode: 0o700 });
  const from = join(testCache, 'gatehouse');
  for (const f of existsSync(from) ? readdirSync(from) : []) {
    copyFileSync(join(from, f), join(own, f));
    chmodSync(join(own, f), 0o600);
  }
  spawnSync('chown', ['-R', user, own]);
  return dir;
}

// A gateway run as root runs its sandboxed servers as the system user
// "gatehouse" (README, "The sandbox user"): { uid, gid }, or null when the
// tests do not run as root (the servers then run as the tests' own user).
export const sandboxUser = (() => {
  if (process.getuid?.() !== 0) return null;
  const id = (flag) => Number(spawnSync('id', [flag, 'gatehouse'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  return uid > 0 ? { uid, gid: id('-g') } : null;
})();

// Make a file or directory the servers' own, as a user of a root gateway does
// with a declared "write" path (a no-op when the tests are not root).
export function giveToSandbox(path, { recursive = false } = {}) {
  if (!sandboxUser) return path;
  if (recursive) {
    const r = spawnSync('chown', ['-R', `${sandboxUser.uid}:${sandboxUser.gid}`, path], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  } else {
    chownSync(path, sandboxUser.uid, sandboxUser.gid);
  }
  return path;
}

export function tempDir(prefix = 'gh-test-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Run a gatehouse CLI command to completion.
export function runCli(args, { configPath, env = {}, input } = {}) {
  const full = configPath ? ['--config', configPath, ...args] : args;
  const r = spawnSync(BIN, full, { env: { ...baseEnv(), ...env }, input, encoding: 'utf8', timeout: 20000 });
  if (configPath) keepState(stateDirOf(configPath));
  // A new token may be in no log and no database either.
  if (args[0] === 'token' && args[1] === 'new' && r.status === 0) plant(String(r.stdout).trim());
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

// Start `gatehouse serve` with `config` (merged over a loopback default) in a fresh
// temp directory. Resolves once every listener is up; rejects if the process exits
// first (the rejection carries exit code and stderr).
// `prefix`: a command that runs the gateway (["setpriv", "--reuid=nobody", ...]).
export async function startGateway(config = {}, { env = {}, dir, readyTimeoutMs = 30000, prefix = [] } = {}) {
  dir = dir || tempDir();
  const cfg = { listen: ['127.0.0.1:0'], stateDir: 'state', ...config };
  const configPath = join(dir, 'gatehouse.json');
  writeFileSync(configPath, JSON.stringify(cfg, null, 2));
  const stateDir = resolve(dir, cfg.stateDir);
  const proc = spawn(prefix[0] || BIN, [...prefix.slice(1), ...(prefix.length ? [BIN] : []), '--config', configPath, 'serve'], {
    env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  proc.stderr.setEncoding('utf8');
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (d) => { stdout += d; });
  // For the suite-wide sweep (lib/sweep.mjs): the log as it comes, and the
  // databases as the gateway left them, before the test removes its directory.
  const kept = logPath();
  if (kept) proc.stderr.on('data', (d) => appendFileSync(kept, d));
  const exited = new Promise((res) => proc.on('exit', (code, signal) => { keepState(stateDir); res({ code, signal }); }));
  const ready = await new Promise((res, rej) => {
    // A gateway that never got ready is ended here: the test's own cleanup never
    // learns of it, and it would outlive the suite.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      rej(new Error(`gateway not ready after ${readyTimeoutMs} ms:\n${stderr}`));
    }, readyTimeoutMs);
    proc.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.includes('msg="gatehouse ready"')) { clearTimeout(timer); res(true); }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      const e = new Error(`gateway exited (code ${code}, signal ${signal}) before ready:\n${stderr}`);
      e.code = code; e.stderr = stderr;
      rej(e);
    });
  });
  const addresses = [...stderr.matchAll(/msg=listening address=(\S+)/g)].map((m) => m[1]);
  const first = addresses[0] || '';
  const port = Number(first.slice(first.lastIndexOf(':') + 1));
  let token = null;
  try { token = plant(readFileSync(join(stateDir, 'default.token'), 'utf8').trim()); } catch { /* none */ }
  return {
    proc, pid: proc.pid, dir, configPath, stateDir, port, addresses, token, ready,
    logs: () => stderr,
    stdout: () => stdout,
    exited,
    cli: (args, opts = {}) => runCli(args, { configPath, ...opts }),
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const t = setTimeout(() => { if (proc.exitCode === null) proc.kill('SIGKILL'); }, 5000);
      const r = await exited;
      clearTimeout(t);
      return r;
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}

// One HTTP request with full control over headers (Host included). With `ca`
// (a PEM certificate), HTTPS that trusts only that certificate. Resolves with
// { status, headers, body } or rejects on a socket error.
export function request(port, { method = 'GET', path = '/mcp', headers = {}, body, host = '127.0.0.1', socketPath, ca, timeoutMs = 10000 } = {}) {
  return new Promise((res, rej) => {
    const opts = { method, path, headers: { ...headers }, agent: false, timeout: timeoutMs };
    if (socketPath) opts.socketPath = socketPath; else { opts.host = host; opts.port = port; }
    if (ca) opts.ca = ca;
    if (!Object.keys(opts.headers).some((k) => k.toLowerCase() === 'host')) opts.headers.Host = `127.0.0.1:${port}`;
    const req = (ca ? https : http).request(opts, (r) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (d) => { data += d; });
      r.on('end', () => res({ status: r.statusCode, headers: r.headers, body: data }));
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', rej);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// A well-formed MCP POST with a token.
export function mcpPost(port, token, message, extra = {}) {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...(extra.headers || {}),
  };
  return request(port, { method: 'POST', path: extra.path || '/mcp', headers, body: JSON.stringify(message) });
}

// Raw TCP: write `chunks` with `gapMs` between them; resolves with what the
// server sent and whether it closed the connection before we finished.
export function rawSend(port, chunks, { gapMs = 0, host = '127.0.0.1', waitMs = 2000 } = {}) {
  return new Promise((res) => {
    const sock = net.connect({ port, host });
    let received = '';
    let closedEarly = false;
    let done = false;
    let sent = 0;
    const finish = () => { if (!done) { done = true; sock.destroy(); res({ received, closedEarly, sent }); } };
    sock.setEncoding('utf8');
    sock.on('data', (d) => { received += d; });
    sock.on('close', () => { if (sent < chunks.length) closedEarly = true; finish(); });
    sock.on('error', () => { if (sent < chunks.length) closedEarly = true; });
    sock.on('connect', async () => {
      for (const c of chunks) {
        if (done || sock.destroyed) break;
        sock.write(c);
        sent++;
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      setTimeout(finish, waitMs);
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The status code at the start of a raw HTTP answer, or null when there is none.
export function statusOf(raw) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  return m ? Number(m[1]) : null;
}

// A POST /mcp written by hand, for what http.request will not send: two Host,
// Origin, Authorization or X-Forwarded-For headers. `headerLines` follow the MCP
// headers; with `host: false` the Host header is theirs to give. With
// `endSession`, a session the request created is ended at once (sessions per
// token are capped). Resolves with the status (null when the connection closed
// without an HTTP answer), the answer's header block and the whole answer.
export async function rawHeaderPost(port, headerLines, body = '', { host = true, endSession = false } = {}) {
  const head = [
    'POST /mcp HTTP/1.1',
    ...(host ? [`Host: 127.0.0.1:${port}`] : []),
    'Content-Type: application/json',
    'Accept: application/json, text/event-stream',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...headerLines,
  ].join('\r\n');
  const r = await rawSend(port, [`${head}\r\n\r\n${body}`], { waitMs: 5000 });
  const end = r.received.indexOf('\r\n\r\n');
  const answerHead = r.received.slice(0, end < 0 ? undefined : end);
  if (endSession) {
    const session = /^mcp-session-id: *(\S+)/im.exec(answerHead);
    const token = headerLines.map((l) => /^Authorization: Bearer (\S+)/.exec(l)?.[1]).find(Boolean);
    if (session && token)
      await request(port, { method: 'DELETE', headers: { Authorization: `Bearer ${token}`, 'Mcp-Session-Id': session[1] } }).catch(() => {});
  }
  return { status: statusOf(r.received), head: answerHead, raw: r.received };
}

// Fails the test when a raw request got no HTTP answer at all, showing what came.
export function assertAnswered(r) {
  assert.ok(r.status !== null, `no HTTP status line in the answer: ${JSON.stringify(r.raw.slice(0, 200))}`);
}

// The gateway process is still running and answers /healthz. When it does not,
// say how it died (its exit may be reported a moment after its socket closed).
export async function assertAlive(gw, what) {
  const h = await request(gw.port, { path: '/healthz', timeoutMs: 5000 }).catch((e) => ({ failed: String(e) }));
  if (h.status === 200 && gw.proc.exitCode === null && gw.proc.signalCode === null) return;
  const exit = await Promise.race([gw.exited, sleep(1000).then(() => null)]);
  assert.fail(`${what}: ${exit ? `the gateway died (exit code ${exit.code}, signal ${exit.signal})`
    : `/healthz answered ${h.failed || h.status}`}\n${gw.logs().slice(-2000)}`);
}

// A test that needs something this machine may lack (redis-server, a network
// namespace, root). Locally it is skipped, with the reason; under CI=true a missing
// dependency fails the test, so a green CI never hides a test that did not run.
// Use at the top of the test body: `if (lacks(t, !REDIS, 'redis-server is not installed')) return;`
export function lacks(t, missing, why) {
  if (!missing) return false;
  if (process.env.CI === 'true') throw new Error(`required in CI, but ${why}`);
  t.skip(why);
  return true;
}
