// The command line as a user meets it: help, exit codes, check-config, the token
// commands, and token changes reaching a running gateway without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startGateway, request, runCli, tempDir, sleep } from './lib/gateway.mjs';
import { plant } from './lib/sweep.mjs';

const COMMANDS = ['serve', 'stdio', 'check-config', 'token', 'tools', 'secret', 'log', 'audit', 'version'];
// The commands that are still placeholders, exactly: a command that becomes real
// (or stops being real) must change this list, so the test below is never empty.
const NOT_YET = [];
const TOKEN_RE = /^gth_[A-Za-z0-9_-]{43}$/;

// A temp dir holding one config file; removed after the test.
function withConfig(t, config) {
  const dir = tempDir('gh-cli-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'gatehouse.json');
  writeFileSync(configPath, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return { dir, configPath };
}

// Ask `probe` until it returns true; bounded in time and in attempts.
async function pollUntil(probe, { timeoutMs = 3000, everyMs = 100 } = {}) {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 1000 && Date.now() < end; i++) {
    if (await probe()) return true;
    await sleep(everyMs);
  }
  return probe();
}

// Whether a token is live, asked of the one token-guarded endpoint that needs no
// MCP session: GET /metrics answers 200 with a live token and 401 without.
const statusWith = async (port, token) =>
  (await request(port, { path: '/metrics', headers: { Authorization: `Bearer ${token}` } })).status;

test('--help lists every command and exits 0', () => {
  const r = runCli(['--help']);
  assert.equal(r.code, 0, r.stderr);
  for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^\\s+${c}\\b`, 'm'), `--help lacks ${c}`);
});

test('every command accepts --help and exits 0', () => {
  for (const c of COMMANDS) {
    const r = runCli([c, '--help']);
    assert.equal(r.code, 0, `${c} --help: ${r.stderr}`);
    assert.ok(r.stdout.length > 0, `${c} --help printed nothing`);
  }
});

test('serve --help exits 0 without starting anything', () => {
  const r = runCli(['serve', '--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /serve/);
  assert.doesNotMatch(r.stderr, /listening/);
});

test('commands marked "not implemented yet" in --help exit 1 saying so', (t) => {
  const { configPath } = withConfig(t, { listen: ['127.0.0.1:0'], stateDir: 'state' });
  const help = runCli(['--help']).stdout;
  const marked = help.split('\n').filter((l) => /\(not implemented yet\)/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
  assert.deepEqual(marked.sort(), [...NOT_YET].sort(), '--help marks exactly these as not implemented');
  for (const c of marked) {
    const r = runCli([c], { configPath, input: '' });
    assert.equal(r.code, 1, `${c}: exit ${r.code}`);
    assert.match(r.stderr, /not implemented yet/, `${c}: ${r.stderr}`);
    assert.equal(r.stdout, '', `${c} printed on stdout`);
  }
});

test('an unknown command exits 2', () => {
  const r = runCli(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /frobnicate/);
});

test('check-config prints "configuration OK" for a valid file', (t) => {
  const { configPath } = withConfig(t, {
    listen: ['127.0.0.1:0'], stateDir: 'state', publicHosts: ['gw.example.com'],
    allowedOrigins: ['https://app.example.com'], trustedProxies: ['10.0.0.5/32'],
    limits: { maxBodyBytes: 65536, idleTimeoutMs: 5000 }, tools: { onNew: 'hold' },
  });
  const r = runCli(['check-config'], { configPath });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /configuration OK/);
  assert.doesNotMatch(r.stderr, /error:/);
});

test('check-config reports every error with its JSON path and exits 1', (t) => {
  const { configPath } = withConfig(t, {
    listen: ['127.0.0.1:0'],
    listn: ['127.0.0.1:1'],
    limits: { maxBodyBytes: 'lots' },
    trustedProxies: ['not-an-address/99'],
    allowedOrigins: ['*'],
    mcpServers: { far: { url: 'http://mcp.example.com/mcp' } },
  });
  const r = runCli(['check-config'], { configPath });
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout, /configuration OK/);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
  for (const path of ['$.listn', '$.limits.maxBodyBytes', '$.trustedProxies[0]',
    '$.allowedOrigins[0]', '$.mcpServers.far.url']) {
    const prefix = `error: ${configPath}: ${path}: `;
    assert.ok(lines.some((l) => l.startsWith(prefix) && l.length > prefix.length),
      `no error line for ${path} in:\n${r.stderr}`);
  }
  assert.ok(lines.length >= 5);
});

test('check-config on a missing file names the file and exits 1', (t) => {
  const { dir } = withConfig(t, {});
  const missing = join(dir, 'nope.json');
  const r = runCli(['check-config'], { configPath: missing });
  assert.equal(r.code, 1);
  assert.ok(r.stderr.includes(missing), r.stderr);
});

test('an inline secret-looking value passes check-config with a warning', (t) => {
  const secret = plant('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
  const { configPath } = withConfig(t, {
    listen: ['127.0.0.1:0'], stateDir: 'state',
    mcpServers: { remote: { url: 'https://mcp.example.com/mcp', headers: { Authorization: `Bearer ${secret}` } } },
  });
  const r = runCli(['check-config'], { configPath });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /configuration OK/);
  assert.match(r.stderr, /^warning: .*\$\.mcpServers\.remote\.headers\.Authorization/m);
  assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret), 'the secret was echoed back');
});

test('token new / list / revoke round trip', (t) => {
  const { configPath } = withConfig(t, { listen: ['127.0.0.1:0'], stateDir: 'state' });
  const a = runCli(['token', 'new', 'alice'], { configPath });
  assert.equal(a.code, 0, a.stderr);
  const alice = a.stdout.trim();
  assert.match(alice, TOKEN_RE);
  assert.ok(!a.stderr.includes(alice), 'the token went to stderr too');

  const b = runCli(['token', 'new', 'bob', '--tools', 'time__*', '--tools', 'fs__read', '--expires', '30d'], { configPath });
  assert.equal(b.code, 0, b.stderr);
  const bob = b.stdout.trim();
  assert.match(bob, TOKEN_RE);
  assert.notEqual(alice, bob);

  const list = runCli(['token', 'list'], { configPath });
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /\balice\b/);
  assert.match(list.stdout, /\bbob\b/);
  assert.match(list.stdout, /time__\*/);
  for (const tok of [alice, bob]) {
    assert.ok(!list.stdout.includes(tok) && !list.stderr.includes(tok), 'token list shows a token');
    assert.ok(!list.stdout.includes(tok.slice(4, 20)), 'token list shows part of a token');
  }

  const dup = runCli(['token', 'new', 'alice'], { configPath });
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /alice/);
  assert.equal(dup.stdout.trim(), '', 'a refused token new printed a token');

  const badExp = runCli(['token', 'new', 'carol', '--expires', 'banana'], { configPath });
  assert.equal(badExp.code, 2);
  assert.match(badExp.stderr, /expires/);
  assert.equal(badExp.stdout.trim(), '');

  const rv = runCli(['token', 'revoke', 'alice'], { configPath });
  assert.equal(rv.code, 0, rv.stderr);
  const again = runCli(['token', 'revoke', 'alice'], { configPath });
  assert.equal(again.code, 1);

  const after = runCli(['token', 'list'], { configPath });
  assert.equal(after.code, 0);
  assert.doesNotMatch(after.stdout, /\balice\b/);
  assert.match(after.stdout, /\bbob\b/);
  assert.doesNotMatch(after.stdout, /\bcarol\b/, 'a refused token new was stored');
});

test('a running gateway accepts a new token within 3 s', async (t) => {
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const n = gw.cli(['token', 'new', 'late']);
  assert.equal(n.code, 0, n.stderr);
  const late = n.stdout.trim();
  assert.match(late, TOKEN_RE);
  assert.ok(await pollUntil(async () => (await statusWith(gw.port, late)) === 200),
    'a new token was not accepted within 3 s');
  assert.equal(await statusWith(gw.port, gw.token), 200, 'the default token stopped working');
});

test('a running gateway refuses a revoked token within 3 s', async (t) => {
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const n = gw.cli(['token', 'new', 'doomed']);
  assert.equal(n.code, 0, n.stderr);
  const doomed = n.stdout.trim();
  assert.ok(await pollUntil(async () => (await statusWith(gw.port, doomed)) === 200),
    'a new token was not accepted within 3 s');
  const rv = gw.cli(['token', 'revoke', 'doomed']);
  assert.equal(rv.code, 0, rv.stderr);
  assert.ok(await pollUntil(async () => (await statusWith(gw.port, doomed)) === 401),
    'a revoked token was still accepted after 3 s');
  assert.equal(await statusWith(gw.port, gw.token), 200, 'the default token stopped working');
});

test('a running gateway sees every one of several token changes', async (t) => {
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  for (const name of ['one', 'two', 'three']) {
    const n = gw.cli(['token', 'new', name]);
    assert.equal(n.code, 0, n.stderr);
    const tok = n.stdout.trim();
    assert.ok(await pollUntil(async () => (await statusWith(gw.port, tok)) === 200),
      `token "${name}" was not accepted within 3 s`);
  }
});

test('a token made with --expires 2s stops working after about 3 s', async (t) => {
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const born = Date.now();
  const e = gw.cli(['token', 'new', 'brief', '--expires', '2s']);
  assert.equal(e.code, 0, e.stderr);
  const brief = e.stdout.trim();
  assert.match(brief, TOKEN_RE);
  assert.ok(await pollUntil(async () => (await statusWith(gw.port, brief)) === 200, { timeoutMs: 1500 }),
    'a token with --expires 2s was never accepted');
  await sleep(Math.max(0, born + 3000 - Date.now()));
  assert.ok(await pollUntil(async () => (await statusWith(gw.port, brief)) === 401, { timeoutMs: 2000 }),
    'a token with --expires 2s still works after 3 s');
  const list = gw.cli(['token', 'list']);
  assert.match(list.stdout, /brief.*expired/, 'token list does not mark the token expired');
});

test('version names gatehouse and the landlock state', () => {
  const r = runCli(['version']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /gatehouse/);
  assert.match(r.stdout, /landlock/i);
  // What the sandbox logs, as this kernel allows (seccomp user notification, or nothing).
  assert.match(r.stdout, /^sandbox: denied attempts logged: (system calls, opens, directory entries made, removed or renamed, connections, allocations past the memory limit, processes near their limit|none)/m);
});
