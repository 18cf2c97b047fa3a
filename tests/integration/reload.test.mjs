// Live reload of mcpServers (issue 12, part 3), against the real binary: on SIGHUP
// an added server starts in the running session, an unchanged one keeps its
// process (told apart by env-probe's per-process id), a changed one restarts from its new entry, a removed one stops; the
// session goes on and hears list_changed; an invalid file changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { fixture, startGatewaySafe, connect, textOf, waitFor, logLines } from './lib/mcp.mjs';

const pidOf = async (s, server) => JSON.parse(textOf(await s.client.callTool({ name: `${server}__pid`, arguments: {} }))).instance;
const names = async (s) => (await s.client.listTools()).tools.map((x) => x.name).sort();

test('SIGHUP applies mcpServers: added start, unchanged keep running, changed restart, removed stop', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { a: fixture('env-probe.mjs') } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  let changed = 0;
  const s = await connect(gw, { setup: (c) => c.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed++; }) });
  t.after(() => s.close());
  const pidA = await pidOf(s, 'a');
  const cfg = JSON.parse(readFileSync(gw.configPath, 'utf8'));
  const reload = async (servers, what) => {
    const before = changed;
    writeFileSync(gw.configPath, JSON.stringify({ ...cfg, mcpServers: servers }), { mode: 0o600 });
    gw.proc.kill('SIGHUP');
    await waitFor(() => changed > before, { timeoutMs: 15000, what: `list_changed after ${what}` });
  };

  // Added: b starts in the running session; a keeps its process.
  await reload({ a: fixture('env-probe.mjs'), b: fixture('env-probe.mjs') }, 'adding b');
  await waitFor(async () => (await names(s)).includes('b__pid'), { timeoutMs: 15000, what: 'b__pid listed' });
  assert.equal(await pidOf(s, 'a'), pidA, 'an unchanged server keeps its process');
  const pidB = await pidOf(s, 'b');
  assert.match(gw.logs(), /msg="servers reloaded" added=1 removed=0 changed=0/);

  // Changed a (one more variable), removed b: a restarts, b stops and disappears.
  await reload({ a: fixture('env-probe.mjs', { env: { RELOADED: 'yes' } }) }, 'changing a, removing b');
  await waitFor(async () => !(await names(s)).includes('b__pid'), { timeoutMs: 15000, what: 'b__pid gone' });
  const env = await waitFor(async () => {
    try { return JSON.parse(textOf(await s.client.callTool({ name: 'a__env', arguments: {} }))); } catch { return null; }
  }, { timeoutMs: 15000, what: 'the changed a to answer' });
  assert.equal(env.RELOADED, 'yes', 'the changed server runs its new entry');
  assert.notEqual(await pidOf(s, 'a'), pidA);
  const st0 = JSON.parse(gw.cli(['status', '--format', 'json']).stdout);
  assert.equal(st0.servers.find((x) => x.server === 'a').instances, 1, 'the old instance of a changed server is gone');
  assert.match(gw.logs(), /msg="servers reloaded" added=0 removed=1 changed=1/);
  const st = JSON.parse(gw.cli(['status', '--format', 'json']).stdout);
  assert.deepEqual(st.servers.map((x) => x.server), ['a'], 'status shows the servers of the running configuration');

  // An invalid file changes nothing: a keeps running.
  const pidA2 = await pidOf(s, 'a');
  writeFileSync(gw.configPath, JSON.stringify({ ...cfg, mcpServers: { a: { command: 42 } } }), { mode: 0o600 });
  gw.proc.kill('SIGHUP');
  await waitFor(() => logLines(gw, /configuration reload failed/).length > 0, { timeoutMs: 10000, what: 'the failed reload to be logged' });
  assert.equal(await pidOf(s, 'a'), pidA2);
  assert.deepEqual(await names(s), ['a__argv', 'a__cwd', 'a__digest', 'a__env', 'a__home', 'a__pid']);
});

// A change of the file is applied too, without a signal, once the file is quiet
// (LIMIT_CONFIG_SETTLE_MS): an editor's save, or a config-management tool's.
test('a changed config file is reloaded without SIGHUP; an unchanged rewrite changes nothing', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { a: fixture('env-probe.mjs') } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  let changed = 0;
  const s = await connect(gw, { setup: (c) => c.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed++; }) });
  t.after(() => s.close());
  const cfg = JSON.parse(readFileSync(gw.configPath, 'utf8'));
  // The same bytes written again: no reload.
  writeFileSync(gw.configPath, readFileSync(gw.configPath));
  // Then a real change, as an editor saves it: a new file renamed over the old one.
  const tmp = `${gw.configPath}.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...cfg, mcpServers: { ...cfg.mcpServers, b: fixture('env-probe.mjs') } }), { mode: 0o600 });
  renameSync(tmp, gw.configPath);
  await waitFor(() => changed > 0, { timeoutMs: 15000, what: 'list_changed after the file changed' });
  await waitFor(async () => (await names(s)).includes('b__pid'), { timeoutMs: 15000, what: 'b__pid listed' });
  assert.equal(logLines(gw, /the configuration file changed; reloading it/).length, 1, 'one reload, for the one change');
});
