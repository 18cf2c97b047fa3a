// The hash-chained record of calls (issue 10, part 3), against the real binary:
// `log verify` catches an edit, a deletion, a swap and a cut end; `log export`
// and `log tail` read it; and a call the client saw answered has its record even
// when the gateway is killed with SIGKILL in the middle of a stream of calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './lib/gateway.mjs';
import { plant } from './lib/sweep.mjs';
import { fixture, startGatewaySafe, connect, textOf, records } from './lib/mcp.mjs';

const sql = (db, stmt) => execFileSync('sqlite3', [db, stmt], { encoding: 'utf8', timeout: 10000 });

async function withCalls(t, n) {
  const gw = await startGatewaySafe({ mcpServers: { echo: fixture('echo-server.mjs') } });
  t.after(() => gw.cleanup());
  const s = await connect(gw);
  for (let i = 0; i < n; i++)
    assert.equal(textOf(await s.client.callTool({ name: 'echo__echo', arguments: { text: `m${i}` } })), `m${i}`);
  await s.client.close();
  await gw.stop();
  return gw;
}

// A copy of the state directory to break in one way, and `log verify` on it.
function verifyBroken(gw, name, breakIt) {
  const dir = join(gw.dir, name);
  mkdirSync(join(dir, 'state'), { recursive: true, mode: 0o700 });
  copyFileSync(join(gw.stateDir, 'gatehouse.db'), join(dir, 'state', 'gatehouse.db'));
  const cfg = join(dir, 'gatehouse.json');
  writeFileSync(cfg, JSON.stringify({ stateDir: 'state' }));
  breakIt(join(dir, 'state', 'gatehouse.db'));
  return runCli(['log', 'verify'], { configPath: cfg });
}

test('log verify: OK on an honest log; edit, delete, swap and truncation each break it', async (t) => {
  const gw = await withCalls(t, 6);
  const ok = gw.cli(['log', 'verify']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^log OK: \d+ records, head [0-9a-f]{64}$/m);
  const seqs = records(gw.stateDir, "method = 'tools/call'", 'seq').map((r) => r.seq);
  assert.ok(seqs.length >= 6);
  const [a, b] = [seqs[1], seqs[2]];
  const last = Math.max(...records(gw.stateDir, '1=1', 'seq').map((r) => r.seq));

  const edited = verifyBroken(gw, 'edit', (db) => sql(db, `UPDATE records SET outcome = 'error' WHERE seq = ${a}`));
  assert.equal(edited.code, 1);
  assert.match(edited.stdout, new RegExp(`BROKEN at record ${a}: .*edited`));

  const deleted = verifyBroken(gw, 'delete', (db) => sql(db, `DELETE FROM records WHERE seq = ${a}`));
  assert.equal(deleted.code, 1);
  assert.match(deleted.stdout, new RegExp(`BROKEN at record ${b}: .*does not follow`));

  const swapped = verifyBroken(gw, 'swap', (db) => sql(db,
    `UPDATE records SET seq = -1 WHERE seq = ${a}; UPDATE records SET seq = ${a} WHERE seq = ${b}; ` +
    `UPDATE records SET seq = ${b} WHERE seq = -1`));
  assert.equal(swapped.code, 1);
  assert.match(swapped.stdout, new RegExp(`BROKEN at record ${a}`));

  const cut = verifyBroken(gw, 'cut', (db) => sql(db, `DELETE FROM records WHERE seq = ${last}`));
  assert.equal(cut.code, 1);
  assert.match(cut.stdout, /removed from the end/);

  // Rewriting a hash to match an edit does not help: the next record names the old one.
  const rehashed = verifyBroken(gw, 'rehash', (db) => sql(db,
    `UPDATE records SET outcome = 'error', hash = randomblob(32) WHERE seq = ${a}`));
  assert.equal(rehashed.code, 1);
});

test('log prune keeps a checkpoint: the rest still verifies, and tampering after it is still caught', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { echo: fixture('echo-server.mjs') } });
  t.after(() => gw.cleanup());
  const s = await connect(gw);
  const call = (i) => s.client.callTool({ name: 'echo__echo', arguments: { text: `p${i}` } });
  await call(0);
  await call(1);
  // A second boundary between the old calls and the new ones (TIME is in seconds).
  await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000) + 50));
  const cut = Math.floor(Date.now() / 1000);
  await call(2);
  await call(3);
  await s.client.close();
  await gw.stop();
  const all = records(gw.stateDir, '1=1', 'seq, ts_ms');
  const old = all.filter((r) => r.ts_ms < cut * 1000).length;
  assert.ok(old >= 2 && old < all.length);
  assert.equal(gw.cli(['log', 'prune']).code, 2, 'prune needs --before');
  const p = gw.cli(['log', 'prune', '--before', String(cut)]);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(Number(/pruned (\d+) records/.exec(p.stdout)[1]), old);
  const left = records(gw.stateDir, '1=1', 'seq');
  assert.equal(left.length, all.length - old);
  const v = gw.cli(['log', 'verify']);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /log OK: \d+ records after the checkpoint at record \d+/);
  // Removing the first record after the checkpoint is caught.
  const broken = verifyBroken(gw, 'prune-delete', (db) => sql(db, `DELETE FROM records WHERE seq = ${left[0].seq}`));
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /BROKEN at record/);
  assert.match(gw.cli(['log', 'prune', '--before', '2000-01-01']).stdout, /^pruned 0 records/);
});

test('log export writes one JSON object per record; log tail filters', async (t) => {
  const gw = await withCalls(t, 3);
  const out = gw.cli(['log', 'export', '--since', '1h', '--format', 'jsonl']);
  assert.equal(out.code, 0, out.stderr);
  const rows = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const calls = rows.filter((r) => r.method === 'tools/call');
  assert.equal(calls.length, 3);
  for (let i = 1; i < rows.length; i++) assert.equal(rows[i].prev_hash, rows[i - 1].hash, 'chained in order');
  assert.match(calls[0].hash, /^[0-9a-f]{64}$/);
  assert.equal(calls[0].target, 'echo__echo');
  assert.equal(calls[0].outcome, 'ok');
  const future = gw.cli(['log', 'export', '--since', '2999-01-01']);
  assert.equal(future.code, 0);
  assert.equal(future.stdout, '');
  assert.equal(gw.cli(['log', 'export', '--since', 'yesterday-ish']).code, 2);

  const tail = gw.cli(['log', 'tail', '-n', '2', '--tool', 'echo__echo', '--outcome', 'ok']);
  assert.equal(tail.code, 0, tail.stderr);
  const lines = tail.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  for (const l of lines) assert.match(l, /^\d+\s+\d{4}-\d\d-\d\dT\S+Z default echo tools\/call echo__echo ok \d+ms$/);
  assert.equal(gw.cli(['log', 'tail', '--server', 'nope']).stdout, '');
});

test('SIGKILL during a stream of calls: every answered call has its record, and the log verifies', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { echo: fixture('echo-server.mjs') } });
  t.after(() => gw.cleanup());
  const s = await connect(gw);
  let answered = 0;
  let killed = false;
  // Calls one after another; the gateway is killed after the 40th answer, while
  // the next call is on its way.
  for (let i = 0; i < 500 && !killed; i++) {
    try {
      await s.client.callTool({ name: 'echo__echo', arguments: { text: `k${i}` } });
      answered++;
      if (answered === 40) {
        const next = s.client.callTool({ name: 'echo__echo', arguments: { text: 'in flight' } }).then(() => { answered++; }, () => {});
        gw.proc.kill('SIGKILL');
        killed = true;
        await next;
      }
    } catch {
      break;
    }
  }
  await gw.exited;
  assert.ok(answered >= 40);
  const recorded = records(gw.stateDir, "method = 'tools/call' AND outcome = 'ok'").length;
  assert.ok(recorded >= answered, `${answered} calls answered, ${recorded} recorded`);
  // Start again on the same state, stop, verify.
  const again = await startGatewaySafe(JSON.parse(readFileSync(gw.configPath, 'utf8')), { dir: gw.dir });
  await again.stop();
  const v = gw.cli(['log', 'verify']);
  assert.equal(v.code, 0, v.stdout + v.stderr);
});

test('a record keeps the shape of the arguments (names and types), never a value', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { probe: fixture('env-probe.mjs'), echo: fixture('echo-server.mjs') } });
  t.after(() => gw.cleanup());
  const s = await connect(gw);
  await s.client.callTool({ name: 'echo__echo', arguments: { text: `a private sentence ${plant('sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_-Q7')}` } });
  await s.client.callTool({ name: 'probe__cwd', arguments: {} });
  await s.client.close();
  await gw.stop();
  const rows = records(gw.stateDir, "method = 'tools/call'", 'target, args_shape');
  assert.deepEqual(rows, [
    { target: 'echo__echo', args_shape: '{"text":"string"}' },
    { target: 'probe__cwd', args_shape: '{}' },
  ]);
  const db = readFileSync(join(gw.stateDir, 'gatehouse.db'));
  assert.ok(!db.includes(Buffer.from('a private sentence')), 'an argument value is in the database');
  const v = gw.cli(['log', 'verify']);
  assert.equal(v.code, 0, v.stdout);
  const exported = gw.cli(['log', 'export']).stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(exported.find((r) => r.target === 'echo__echo').args_shape, '{"text":"string"}');
});
