// Keys users paste from their MCP clients' own entries (disabled, cwd, timeout,
// type, serverUrl/httpUrl, ${VAR}), and check-config finding what start would
// find (issue 12, items 2 and 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './lib/gateway.mjs';
import { plant } from './lib/sweep.mjs';
import {
  badServer, fixture, connect, textOf, within, waitFor, startGatewaySafe, FIXTURES,
} from './lib/mcp.mjs';

// A temp dir holding one config file (0600); removed after the test.
function withConfig(t, config) {
  const dir = tempDir('gh-keys-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'gatehouse.json');
  writeFileSync(configPath, JSON.stringify({ listen: ['127.0.0.1:0'], stateDir: 'state', ...config }, null, 2));
  chmodSync(configPath, 0o600);
  return { dir, configPath };
}

const errorLines = (r) => r.stderr.split('\n').filter((l) => l.startsWith('error: '));
// The one error line for a JSON path, or a failure listing them all.
function errorFor(r, configPath, path) {
  const prefix = `error: ${configPath}: ${path}: `;
  const line = errorLines(r).find((l) => l.startsWith(prefix));
  assert.ok(line, `no error line for ${path} in:\n${r.stderr}`);
  return line;
}

test('client keys: an entry pasted from Claude Code, VS Code, Gemini CLI or Windsurf passes check-config', (t) => {
  const { dir, configPath } = withConfig(t, {
    mcpServers: {
      code: { type: 'http', url: 'https://mcp.example.com/mcp' },
      vscode: { type: 'streamable-http', url: 'https://mcp.example.com/mcp', timeout: 5000 },
      gemini: { httpUrl: 'https://mcp.example.com/mcp', timeout: 30000 },
      windsurf: { serverUrl: 'https://mcp.example.com/mcp' },
      local: { type: 'stdio', command: 'node', args: ['x.js'], cwd: 'work' },
      off: { command: 'no-such-program-anywhere', disabled: true },
    },
  });
  mkdirSync(join(dir, 'work'));
  const r = runCli(['check-config'], { configPath });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /configuration OK/);
});

test('client keys: sse refused with the way out, two URL names refused, unknown keys get the nearest one', (t) => {
  const { configPath } = withConfig(t, {
    mcpServers: {
      legacy: { type: 'sse', url: 'https://mcp.example.com/sse' },
      twice: { url: 'https://a.example/mcp', serverUrl: 'https://b.example/mcp' },
      typo: { comand: 'node' },
      secs: { command: 'node', timeout: 60 },
    },
  });
  const r = runCli(['check-config'], { configPath });
  assert.equal(r.code, 1, r.stderr);
  assert.match(errorFor(r, configPath, '$.mcpServers.legacy.type'), /legacy SSE transport .*not supported.*Streamable HTTP URL/);
  assert.match(errorFor(r, configPath, '$.mcpServers.twice'), /both "url" and "serverUrl"/);
  assert.match(errorFor(r, configPath, '$.mcpServers.typo.comand'), /did you mean "command"\?/);
  assert.match(errorFor(r, configPath, '$.mcpServers.secs.timeout'), /milliseconds.*60000/);
});

test('${VAR}: an unset variable is an error naming it and the path; a value never appears in check-config', (t) => {
  const secret = plant('sk-live-configkeys-0123456789abcdef');
  const { configPath } = withConfig(t, {
    mcpServers: {
      a: { command: 'node', args: ['--key=${GH_CK_UNSET}'] },
      // Plain http to a public host is an error; the URL is shown as written.
      b: { url: 'http://mcp.example.com/mcp?key=${GH_CK_SECRET}' },
      c: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${env:GH_CK_SECRET}' } },
      d: { command: 'node', args: ['${GH_CK_SECRET:-x}'] },
    },
  });
  const r = runCli(['check-config'], { configPath, env: { GH_CK_SECRET: secret } });
  assert.equal(r.code, 1, r.stderr);
  assert.match(errorFor(r, configPath, '$.mcpServers.a.args[0]'), /GH_CK_UNSET is not set/);
  assert.match(errorFor(r, configPath, '$.mcpServers.b.url'), /\$\{GH_CK_SECRET\}/);
  assert.match(errorFor(r, configPath, '$.mcpServers.d.args[0]'), /not supported/);
  assert.ok(!errorLines(r).some((l) => l.includes('$.mcpServers.c')), r.stderr);
  assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret), 'check-config printed an expanded value');
  assert.doesNotMatch(r.stderr, /inline secret/, '${VAR} is not an inline secret');
});

test('check-config finds what start would find, one line per problem with its path and fix', (t) => {
  const { dir, configPath } = withConfig(t, {
    tls: { cert: 'missing-cert.pem', key: 'missing-key.pem' },
    mcpServers: {
      nopath: { command: 'gh-no-such-program-xyz' },
      notexec: { command: './not-executable.sh' },
      nodir: { command: 'node', cwd: 'no-such-dir' },
      envref: { command: 'node', env: { TOKEN: { env: 'GH_CK_UNSET_REF' } } },
      secretref: { url: 'https://mcp.example.com/mcp', headers: { Authorization: { secret: 'remote-token' } } },
      sandboxed: { command: 'node', sandbox: { read: ['no-such-read-dir'], write: ['no-such-write-dir'] } },
      fine: { command: 'node', args: ['ok.js'] },
    },
  });
  writeFileSync(join(dir, 'not-executable.sh'), '#!/bin/sh\n');
  const r = runCli(['check-config'], { configPath });
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stdout, /configuration OK/);
  assert.match(errorFor(r, configPath, '$.tls.cert'), /cannot read the certificate .*missing-cert\.pem/);
  assert.match(errorFor(r, configPath, '$.tls.key'), /cannot read the private key/);
  assert.match(errorFor(r, configPath, '$.mcpServers.nopath.command'), /not found in PATH; install it/);
  assert.match(errorFor(r, configPath, '$.mcpServers.notexec.command'), /not an executable file/);
  assert.match(errorFor(r, configPath, '$.mcpServers.nodir.cwd'), /no-such-dir is not an existing directory/);
  assert.match(errorFor(r, configPath, '$.mcpServers.envref.env.TOKEN'), /GH_CK_UNSET_REF, which is not set/);
  assert.match(errorFor(r, configPath, '$.mcpServers.secretref.headers.Authorization'),
    /secret "remote-token", but there is no vault yet.*gatehouse secret set remote-token/);
  assert.match(errorFor(r, configPath, '$.mcpServers.sandboxed.sandbox.read[0]'), /does not exist/);
  assert.match(errorFor(r, configPath, '$.mcpServers.sandboxed.sandbox.write[0]'), /does not exist/);
  assert.ok(!errorLines(r).some((l) => l.includes('$.mcpServers.fine')), r.stderr);
  assert.equal(errorLines(r).length, 9, r.stderr);
});

test('check-config: secret references against the vault, by name only', (t) => {
  const value = plant('vault-value-configkeys-9876543210');
  const { dir, configPath } = withConfig(t, {
    mcpServers: { s: { command: 'node', env: { A: { secret: 'present' }, B: { secret: 'absent' } } } },
  });
  const set = runCli(['secret', 'set', 'present'], { configPath, input: value });
  assert.equal(set.code, 0, set.stderr);
  let r = runCli(['check-config'], { configPath });
  assert.equal(r.code, 1, r.stderr);
  assert.match(errorFor(r, configPath, '$.mcpServers.s.env.B'), /"absent", which is not in the vault; store it with: gatehouse secret set absent/);
  assert.ok(!errorLines(r).some((l) => l.includes('$.mcpServers.s.env.A')), r.stderr);
  assert.ok(!r.stderr.includes(value) && !r.stdout.includes(value), 'a vault value was printed');
  // Without its key the vault cannot be read: said, not guessed.
  rmSync(join(dir, 'state', 'vault.key'));
  r = runCli(['check-config'], { configPath });
  assert.equal(r.code, 1, r.stderr);
  assert.match(errorFor(r, configPath, '$.mcpServers.s.env.A'), /no key/);
});

test('check-config: a TLS key others can read is an error as at start; risky but valid settings are warnings', (t) => {
  const { configPath } = withConfig(t, {
    listen: ['0.0.0.0:0'], trustedProxies: ['10.0.0.5/32'],
    redact: { results: 'off' },
  });
  const tls = withConfig(t, { tls: { cert: 'c.pem', key: 'k.pem' } });
  writeFileSync(join(tls.dir, 'c.pem'), 'not checked here\n');
  writeFileSync(join(tls.dir, 'k.pem'), 'not checked here\n');
  chmodSync(join(tls.dir, 'k.pem'), 0o644);
  let r = runCli(['check-config'], { configPath: tls.configPath });
  assert.equal(r.code, 1, r.stderr);
  assert.match(errorFor(r, tls.configPath, '$.tls.key'), /other users can read or change .*chmod 600/);
  chmodSync(join(tls.dir, 'k.pem'), 0o640);
  r = runCli(['check-config'], { configPath: tls.configPath });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warning: .*\$\.tls\.key: the file's group can read/m);

  r = runCli(['check-config'], { configPath });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /configuration OK/);
  assert.match(r.stderr, /^warning: .*\$\.redact\.results: .*off/m);
  assert.match(r.stderr, /^warning: .*\$\.listen\[0\]: .*plain HTTP/m);
});

test('serve: ${VAR} reaches args, env and cwd; the log names each variable, never its value', async (t) => {
  const secret = plant('sk-live-expanded-abcdef0123456789');
  const dir = tempDir('gh-keys-serve-');
  mkdirSync(join(dir, 'work-plain'));
  const gw = await startGatewaySafe({
    mcpServers: {
      probe: {
        ...fixture('env-probe.mjs'),
        args: [join(FIXTURES, 'env-probe.mjs'), '--mode=${GH_CK_PLAIN}', '$${LITERAL}'],
        env: { API_TOKEN: '${env:GH_CK_SECRET}' },
        cwd: '${GH_CK_DIR}',
        timeout: 20000,
      },
      off: { command: 'gh-no-such-program-xyz', args: ['${GH_CK_NEVER_SET}'], disabled: true },
    },
  }, { dir, env: { GH_CK_PLAIN: 'plain-value', GH_CK_SECRET: secret, GH_CK_DIR: 'work-plain' } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const s = await connect(gw);
  t.after(() => s.close());
  const names = (await s.client.listTools()).tools.map((x) => x.name);
  assert.ok(names.includes('probe__argv'), names.join(' '));
  assert.ok(!names.some((n) => n.startsWith('off__')), 'a disabled server was started');
  const argv = JSON.parse(textOf(await s.client.callTool({ name: 'probe__argv', arguments: {} })));
  assert.deepEqual(argv, ['--mode=plain-value', '${LITERAL}']);
  const cwd = JSON.parse(textOf(await s.client.callTool({ name: 'probe__cwd', arguments: {} })));
  assert.equal(cwd.cwd, join(dir, 'work-plain'));
  const digest = JSON.parse(textOf(await s.client.callTool({ name: 'probe__digest', arguments: { name: 'API_TOKEN' } })));
  const { createHash } = await import('node:crypto');
  assert.deepEqual(digest, { set: true, sha256: createHash('sha256').update(secret).digest('hex') });
  const logs = gw.logs();
  for (const v of ['GH_CK_PLAIN', 'GH_CK_SECRET', 'GH_CK_DIR'])
    assert.match(logs, new RegExp(`variable=${v}\\b`), `the log does not name ${v}`);
  assert.match(logs, /server disabled.*server=off/);
  assert.ok(!logs.includes(secret), 'the log holds an expanded secret');
});

test('serve: a server\'s "timeout" overrides limits.callTimeoutMs for that server only', async (t) => {
  const gw = await startGatewaySafe({
    limits: { callTimeoutMs: 60000 },
    mcpServers: { quick: { ...badServer('hang'), timeout: 1000 }, other: badServer('hang') },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const s = await connect(gw);
  t.after(() => s.close());
  // Both servers up first: the start is bounded by limits.callTimeoutMs, not by the short "timeout".
  await waitFor(async () => {
    const names = (await s.client.listTools()).tools.map((x) => x.name);
    return names.includes('quick__hang') && names.includes('other__hang');
  }, { timeoutMs: 20000, intervalMs: 200, what: 'both servers listed' });
  const started = Date.now();
  let err = null;
  try {
    await within(s.client.callTool({ name: 'quick__hang', arguments: {} }, undefined, { timeout: 30000 }), 20000, 'quick__hang');
  } catch (e) { err = e; }
  assert.ok(err && typeof err.code === 'number', `expected a JSON-RPC error, got ${err}`);
  assert.match(err.message, /within 1000 ms \(its "timeout"\)/);
  assert.ok(Date.now() - started < 15000, `the timeout took ${Date.now() - started} ms`);
  // The other server keeps the global timeout: its call is still pending after the first one failed.
  let settled = false;
  const pending = s.client.callTool({ name: 'other__hang', arguments: {} }, undefined, { timeout: 30000 })
    .then(() => { settled = true; }, () => { settled = true; });
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(settled, false, 'the other server\'s call ended at the first server\'s timeout');
  void pending;
});

test('serve: a missing cwd keeps the server from starting, and says which setting', async (t) => {
  const gw = await startGatewaySafe({
    mcpServers: { probe: { ...fixture('env-probe.mjs'), cwd: 'gone' }, echo: fixture('echo-server.mjs') },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const s = await connect(gw, { ready: false });
  t.after(() => s.close());
  const names = (await s.client.listTools()).tools.map((x) => x.name);
  assert.ok(!names.includes('probe__argv'), names.join(' '));
  assert.match(gw.logs(), /\\"cwd\\" \(.*gone\) is not an existing directory; create it or fix \$\.mcpServers\.probe\.cwd/);
});
