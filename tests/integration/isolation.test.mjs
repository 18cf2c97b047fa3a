// "isolation" per server (issue 12, part 6): "token" (the default) gives the
// sessions of one token one instance of the server and never shares it with
// another token; "session" gives each session its own; "shared" one for all. A
// token's instances stop when its last session ends. Checked by the process id
// each instance reports (tests/fixtures/env-probe.mjs `pid`: an id unique to the
// process, as sandboxed servers are all pid 1 in their own PID namespace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, startGatewaySafe, connect, textOf, waitFor, newToken } from './lib/mcp.mjs';
import { runCli, tempDir } from './lib/gateway.mjs';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const pidOf = async (s, server) => JSON.parse(textOf(await s.client.callTool({ name: `${server}__pid`, arguments: {} }))).instance;

test('isolation: one instance per token by default, per session or shared when asked; a token\'s last session stops its instances', async (t) => {
  const gw = await startGatewaySafe({
    mcpServers: {
      tok: fixture('env-probe.mjs'),
      ses: fixture('env-probe.mjs', { isolation: 'session' }),
      sh: fixture('env-probe.mjs', { isolation: 'shared' }),
    },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const other = newToken(gw, 'other');
  const a1 = await connect(gw);
  const a2 = await connect(gw);
  const b1 = await waitFor(() => connect(gw, { token: other }).catch(() => null), { timeoutMs: 10000, what: 'the new token to be known' });
  t.after(() => Promise.all([a1.close(), a2.close(), b1.close()]));

  const tok = [await pidOf(a1, 'tok'), await pidOf(a2, 'tok'), await pidOf(b1, 'tok')];
  assert.equal(tok[0], tok[1], 'two sessions of one token share the instance');
  assert.notEqual(tok[0], tok[2], 'two tokens never share one');
  const ses = [await pidOf(a1, 'ses'), await pidOf(a2, 'ses')];
  assert.notEqual(ses[0], ses[1], '"session": each session its own');
  const sh = [await pidOf(a1, 'sh'), await pidOf(a2, 'sh'), await pidOf(b1, 'sh')];
  assert.ok(sh[0] === sh[1] && sh[1] === sh[2], '"shared": one for all');

  const instances = (key) => JSON.parse(gw.cli(['status', '--format', 'json']).stdout).servers.find((x) => x.server === key).instances;
  assert.equal(instances('tok'), 2);
  // The token's first session ends: its second keeps the same instance.
  await a1.close();
  assert.equal(await pidOf(a2, 'tok'), tok[0]);
  // Its last session ends: the instance stops, the other token's stays.
  await a2.close();
  await waitFor(() => instances('tok') === 1, { timeoutMs: 10000, what: 'the token\'s instance to stop' });
  assert.equal(await pidOf(b1, 'tok'), tok[2]);
});

test('isolation: a wrong value, or one that contradicts "shared", is a config error naming both', (t) => {
  const dir = tempDir('gh-iso-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'g.json');
  writeFileSync(path, JSON.stringify({ stateDir: 'state', mcpServers: { a: { command: 'node', isolation: 'process' } } }));
  let r = runCli(['check-config'], { configPath: path });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\$\.mcpServers\.a\.isolation.*"token".*"session".*"shared"/);
  writeFileSync(path, JSON.stringify({ stateDir: 'state', mcpServers: { a: { command: 'node', shared: true, isolation: 'session' } } }));
  r = runCli(['check-config'], { configPath: path });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\$\.mcpServers\.a\.isolation.*"shared"/);
});
