// The setup `make run` starts (examples/gatehouse.json behind a live gateway)
// must audit clean: nothing at warn or above about gatehouse itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, repoRoot, runCli, startGateway, tempDir } from './lib/gateway.mjs';

test('audit --deep of the make run setup: nothing at warn or above about gatehouse', async (t) => {
  const example = JSON.parse(readFileSync(join(repoRoot, 'examples', 'gatehouse.json'), 'utf8'));
  const dir = tempDir();
  const home = join(dir, 'home');
  mkdirSync(home, { mode: 0o700 });
  chmodSync(dir, 0o700);
  // The example as it is, but on a free port, with state in the test's directory and
  // the server path absolute (the example's is relative to examples/).
  const everything = example.mcpServers.everything;
  const cfg = {
    ...example,
    listen: ['127.0.0.1:0'],
    stateDir: 'state',
    mcpServers: { everything: { ...everything, args: [join(repoRoot, 'examples', everything.args[0]), ...everything.args.slice(1)] } },
  };
  // As `make run` does: the example's vault reference gets a value first.
  const cfgPath = join(dir, 'gatehouse.json');
  writeFileSync(cfgPath, JSON.stringify(cfg));
  const set = runCli(['secret', 'set', 'demo-api-key'], { configPath: cfgPath, input: 'a-stand-in-for-an-api-key' });
  assert.equal(set.code, 0, set.stderr);
  const gw = await startGateway(cfg, { dir });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  chmodSync(gw.configPath, 0o600);
  const r = spawnSync(BIN, ['--config', gw.configPath, 'audit', '--deep', '--format', 'json'], {
    env: { ...process.env, HOME: home }, encoding: 'utf8', timeout: 60000,
  });
  const out = JSON.parse(r.stdout);
  const port = `:${gw.port}`;
  // Only what is about this gateway: other tests run their own (some deliberately
  // broken) gateways and services on loopback at the same time.
  const ours = out.findings.filter((f) => f.id.startsWith('GH-CFG') || f.id.startsWith('GH-FILE') ||
    f.id.startsWith('GH-CLI') || f.location.endsWith(port));
  const serious = ours.filter((f) => f.severity !== 'info');
  assert.deepEqual(serious, [], JSON.stringify(serious, null, 2));
  assert.ok(!ours.some((f) => f.id === 'GH-NET-004'), 'the gateway answered 401 to the probe');
});
