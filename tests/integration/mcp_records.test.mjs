// Call records: one row per forwarded call in the `records` table of
// STATEDIR/gatehouse.db, with token name, session, server, method, target, outcome
// and duration, written within about 250 ms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sleep } from './lib/gateway.mjs';
import { everything, badServer, connect, textOf, waitFor, records, newToken, rawPost, startGatewaySafe } from './lib/mcp.mjs';

let gw;

before(async () => {
  gw = await startGatewaySafe({
    limits: { callTimeoutMs: 2500, authFailuresPerMinute: 1000 },
    // The short call timeout keeps the hanging call short. server-everything has its
    // own, longer one: each new token starts an instance of it, and on a loaded
    // 2-core machine that start took longer than 2.5 s (a start may take the longer
    // of the two).
    mcpServers: { everything: everything({ timeout: 30000 }), slow: badServer('hang') },
  });
});

after(async () => {
  if (gw) { await gw.stop(); gw.cleanup(); }
});

test('one record per call, with token name, session, server, target and outcome', async (t) => {
  const t0 = Date.now();
  const a = await connect(gw);
  t.after(() => a.close());
  await a.client.listTools();
  await a.client.callTool({ name: 'everything__echo', arguments: { message: 'one' } });
  await a.client.callTool({ name: 'everything__echo', arguments: { message: 'two' } });
  const sum = await a.client.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 1 } });
  assert.match(textOf(sum), /is 2/);
  // A tool that reports an error in its result (invalid arguments): outcome tool_error.
  const bad = await a.client.callTool({ name: 'everything__get-sum', arguments: { a: 'x' } });
  assert.equal(bad.isError, true, JSON.stringify(bad));
  await a.client.getPrompt({ name: 'everything__simple-prompt' });
  await a.client.readResource({ uri: 'demo://resource/dynamic/text/2' });
  await assert.rejects(a.client.callTool({ name: 'slow__hang', arguments: {} }, undefined, { timeout: 10000 }));

  // The timed-out call is the last one: wait for its record too.
  const rowsA = await waitFor(() => {
    const rows = records(gw.stateDir, `session = '${a.sessionId}'`);
    return rows.length >= 7 && rows;
  }, { timeoutMs: 1500, intervalMs: 50, what: 'seven records for session A' }).catch(() => records(gw.stateDir, `session = '${a.sessionId}'`));
  const summary = rowsA.map((r) => `${r.method} ${r.target} ${r.outcome}`);
  assert.equal(rowsA.length, 7, `one row per call of A: ${JSON.stringify(summary)}`);
  for (const r of rowsA) {
    assert.equal(r.token, 'default');
    assert.ok(r.ts_ms >= t0 - 1000 && r.ts_ms <= Date.now() + 1000, `ts_ms ${r.ts_ms}`);
    assert.ok(Number.isInteger(r.duration_ms) && r.duration_ms >= 0);
  }
  const find = (method, target) => rowsA.filter((r) => r.method === method && (r.target === target || r.target?.endsWith(`__${target}`)));
  const echoes = find('tools/call', 'echo');
  assert.equal(echoes.length, 2, JSON.stringify(summary));
  assert.ok(echoes.every((r) => r.server === 'everything' && r.outcome === 'ok'));
  const sums = find('tools/call', 'get-sum');
  assert.deepEqual(sums.map((r) => r.outcome).sort(), ['ok', 'tool_error']);
  const prompt = find('prompts/get', 'simple-prompt');
  assert.equal(prompt.length, 1, JSON.stringify(summary));
  assert.equal(prompt[0].outcome, 'ok');
  const res = rowsA.filter((r) => r.method === 'resources/read');
  assert.equal(res.length, 1);
  assert.equal(res[0].target, 'demo://resource/dynamic/text/2');
  const hang = find('tools/call', 'hang');
  assert.equal(hang.length, 1);
  assert.equal(hang[0].server, 'slow');
  assert.equal(hang[0].outcome, 'timeout');
  assert.ok(hang[0].duration_ms >= 2400, `duration of the timed-out call: ${hang[0].duration_ms}`);

});

test('a record is written within ~250 ms of the call', async (t) => {
  const a = await connect(gw);
  t.after(() => a.close());
  await a.client.callTool({ name: 'everything__echo', arguments: { message: 'quick' } });
  const done = Date.now();
  await waitFor(() => records(gw.stateDir, `session = '${a.sessionId}'`).length === 1,
    { timeoutMs: 1500, intervalMs: 50, what: 'the record of the call' });
  assert.ok(Date.now() - done < 1500);
});

test('records hold no argument values', async (t) => {
  const a = await connect(gw);
  t.after(() => a.close());
  await a.client.callTool({ name: 'everything__echo', arguments: { message: 'secret-argument-value-9431' } });
  await waitFor(() => records(gw.stateDir, `session = '${a.sessionId}'`).length >= 1,
    { timeoutMs: 5000, what: 'the record of the call' });
  const rows = records(gw.stateDir, `session = '${a.sessionId}'`, '*');
  assert.equal(rows.length, 1);
  assert.ok(!JSON.stringify(rows).includes('secret-argument-value-9431'));
});

// `gatehouse token new` / `token revoke` run against the live database while the
// gateway has it open: the gateway must keep writing records where others can read
// them, and must see the token changes.
test('a token made by the CLI while the gateway runs: its calls are recorded under its name', async (t) => {
  const tokenB = newToken(gw, 'second');
  await waitFor(async () => {
    const r = await rawPost(gw.port, tokenB, { jsonrpc: '2.0', id: 1, method: 'ping' });
    return r.status !== 401;
  }, { timeoutMs: 5000, intervalMs: 200, what: 'the new token to be accepted' });
  const b = await connect(gw, { token: tokenB });
  t.after(() => b.close());
  await b.client.callTool({ name: 'everything__echo', arguments: { message: 'from b' } });
  const rowsB = await waitFor(() => {
    const rows = records(gw.stateDir, `session = '${b.sessionId}'`);
    return rows.length === 1 && rows;
  }, { timeoutMs: 1500, intervalMs: 50, what: 'the record of B\'s call (after `token new` against the running gateway)' });
  assert.equal(rowsB[0].token, 'second');
  assert.equal(rowsB[0].server, 'everything');
  assert.equal(rowsB[0].outcome, 'ok');
  assert.match(rowsB[0].target, /(^|__)echo$/);
});

test('a token revoked by the CLI while the gateway runs stops working', async () => {
  const tokenC = newToken(gw, 'third');
  await waitFor(async () => (await rawPost(gw.port, tokenC, { jsonrpc: '2.0', id: 1, method: 'ping' })).status !== 401,
    { timeoutMs: 5000, intervalMs: 200, what: 'the token "third" to be accepted' });
  const r = gw.cli(['token', 'revoke', 'third']);
  assert.equal(r.code, 0, r.stderr);
  await waitFor(async () => (await rawPost(gw.port, tokenC, { jsonrpc: '2.0', id: 1, method: 'ping' })).status === 401,
    { timeoutMs: 5000, intervalMs: 200, what: 'the revoked token "third" to be refused' });
});
