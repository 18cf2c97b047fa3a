// The vault (issue 10, part 1): `gatehouse secret set|list|rm` and {"secret": NAME}
// in a stdio server's env, against the real binary. The value is checked by its
// SHA-256 on the server side (tests/fixtures/env-probe.mjs `digest`), so it never
// comes back through the gateway; and it must appear in no file, no log line and
// no argv.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, startGateway } from './lib/gateway.mjs';
import { plant } from './lib/sweep.mjs';
import { fixture, startGatewaySafe, connect, textOf, untilListed } from './lib/mcp.mjs';

const sha = (s) => createHash('sha256').update(s).digest('hex');

// Node runs a test's after hooks in the order they were added: what a test
// starts is stopped here (the last started first) before its directory is
// removed; removing it under a running gateway raced with the gateway's own
// writes (ENOTEMPTY), the later hooks never ran, and the file never ended.
function setup(t, mcpServers) {
  const dir = tempDir('gh-vault-');
  const stops = [];
  t.after(async () => {
    for (const stop of stops.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const configPath = join(dir, 'gatehouse.json');
  writeFileSync(configPath, JSON.stringify({ listen: ['127.0.0.1:0'], stateDir: 'state', mcpServers }, null, 2));
  return { dir, configPath, cli: (args, opts = {}) => runCli(args, { configPath, ...opts }),
    onCleanup: (fn) => stops.push(fn) };
}

// Every file under dir, read whole: the secret may be in none of them.
function grepTree(dir, needle) {
  const hits = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) hits.push(...grepTree(p, needle));
    else if (e.isFile() && readFileSync(p).includes(Buffer.from(needle))) hits.push(p);
  }
  return hits;
}

test('secret set/list/rm: the value comes from stdin only, is stored sealed, never listed', (t) => {
  const v = setup(t, {});
  const value = plant(`sk-proj-${randomBytes(24).toString('hex')}`);
  const argv = v.cli(['secret', 'set', 'openai', value]);
  assert.equal(argv.code, 2, 'a value on the command line is refused');
  assert.match(argv.stderr, /standard input/);
  assert.equal(v.cli(['secret', 'set', 'bad name'], { input: 'x' }).code, 2);
  const empty = v.cli(['secret', 'set', 'openai'], { input: '' });
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /empty/);

  const set = v.cli(['secret', 'set', 'openai'], { input: `${value}\n` });
  assert.equal(set.code, 0, set.stderr);
  assert.ok(!set.stderr.includes(value) && !set.stdout.includes(value));
  const key = join(v.dir, 'state', 'vault.key');
  assert.equal(statSync(key).mode & 0o777, 0o600, 'the key file is 0600');
  assert.match(readFileSync(key, 'utf8'), /^[0-9a-f]{64}\n$/);
  const list = v.cli(['secret', 'list']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^openai\s+\d{4}-/m);
  assert.ok(!list.stdout.includes(value));
  assert.deepEqual(grepTree(v.dir, value), [], 'the value is in no file (the database holds it sealed)');
  assert.deepEqual(grepTree(v.dir, value.slice(8, 30)), []);

  assert.equal(v.cli(['secret', 'rm', 'openai']).code, 0);
  assert.doesNotMatch(v.cli(['secret', 'list']).stdout, /openai/);
  const gone = v.cli(['secret', 'rm', 'openai']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /no secret "openai"/);
});

test('a key file others can read is refused, naming the chmod', (t) => {
  const v = setup(t, {});
  assert.equal(v.cli(['secret', 'set', 'a'], { input: 'one' }).code, 0);
  const key = join(v.dir, 'state', 'vault.key');
  chmodSync(key, 0o644);
  const r = v.cli(['secret', 'set', 'b'], { input: 'two' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /chmod 600/);
});

test('{"secret": NAME} reaches a stdio server\'s environment, and only there', async (t) => {
  const value = plant(`ghp_${randomBytes(18).toString('hex')}`);
  const v = setup(t, { probe: fixture('env-probe.mjs', { env: { GITHUB_TOKEN: { secret: 'github' } } }) });
  assert.equal(v.cli(['secret', 'set', 'github'], { input: value }).code, 0);
  const gw = await startGatewaySafe(JSON.parse(readFileSync(v.configPath, 'utf8')), { dir: v.dir });
  v.onCleanup(() => gw.stop());
  const s = await connect(gw);
  v.onCleanup(() => s.client.close());
  const r = JSON.parse(textOf(await s.client.callTool({ name: 'probe__digest', arguments: { name: 'GITHUB_TOKEN' } })));
  assert.deepEqual(r, { set: true, sha256: sha(value) });
  // The gateway's own argv and environment never held it.
  const cmdline = readFileSync(`/proc/${gw.pid}/cmdline`, 'utf8');
  assert.ok(!cmdline.includes(value));
  await gw.stop();
  assert.ok(!gw.logs().includes(value), 'not in the log');
  assert.deepEqual(grepTree(v.dir, value), [], 'not in any file after a run');
});

test('a config that refers to secrets without a vault key fails at start with the fix', async (t) => {
  const v = setup(t, { probe: fixture('env-probe.mjs', { env: { K: { secret: 'missing' } } }) });
  await assert.rejects(startGatewaySafe(JSON.parse(readFileSync(v.configPath, 'utf8')), { dir: v.dir }),
    (e) => e.code === 1 && /gatehouse secret set/.test(e.stderr));
});

test('a missing secret keeps that server down with a clear reason, never its value', async (t) => {
  const v = setup(t, {
    probe: fixture('env-probe.mjs', { env: { K: { secret: 'absent' } } }),
    other: fixture('env-probe.mjs'),
  });
  assert.equal(v.cli(['secret', 'set', 'present'], { input: 'p-value-123' }).code, 0);
  const gw = await startGatewaySafe(JSON.parse(readFileSync(v.configPath, 'utf8')), { dir: v.dir });
  v.onCleanup(() => gw.stop());
  const s = await connect(gw, { ready: false });
  v.onCleanup(() => s.client.close());
  const names = await untilListed(s.client, ['other__env']);
  assert.ok(names.includes('other__env'), 'the other server works');
  assert.ok(!names.includes('probe__env'));
  assert.match(gw.logs(), /no secret \\?"absent\\?"/);
});

test('a key from $GATEHOUSE_VAULT_KEY_FILE (containers) is used instead of the state directory', async (t) => {
  const v = setup(t, { probe: fixture('env-probe.mjs', { env: { K: { secret: 'k' } } }) });
  const keyDir = join(v.dir, 'keys');
  mkdirSync(keyDir, { mode: 0o700 });
  const keyFile = join(keyDir, 'vault-key');
  writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  const env = { GATEHOUSE_VAULT_KEY_FILE: keyFile };
  assert.equal(v.cli(['secret', 'set', 'k'], { input: 'from-env-key', env }).code, 0);
  assert.throws(() => statSync(join(v.dir, 'state', 'vault.key')), 'no key was made in the state directory');
  const config = JSON.parse(readFileSync(v.configPath, 'utf8'));
  // Without the key the vault cannot be opened: the start fails.
  await assert.rejects(startGateway(config, { dir: v.dir }), (e) => e.code === 1);
  const gw = await startGatewaySafe(config, { dir: v.dir, env });
  v.onCleanup(() => gw.stop());
  const s = await connect(gw);
  v.onCleanup(() => s.client.close());
  const r = JSON.parse(textOf(await s.client.callTool({ name: 'probe__digest', arguments: { name: 'K' } })));
  assert.equal(r.sha256, sha('from-env-key'));
});
