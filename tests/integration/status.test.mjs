// `gatehouse status`, GET /status, /readyz and the per-server metrics (issue 12,
// part 5), against the real binary: what the operator sees is what the servers
// are doing: a healthy server ready with its calls counted, a broken one failing
// with its reason and restarts, sessions per token, the listeners as bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from './lib/gateway.mjs';
import { badServer, fixture, startGatewaySafe, connect, textOf, waitFor } from './lib/mcp.mjs';

const status = (gw) => {
  const r = gw.cli(['status', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const server = (st, key) => st.servers.find((s) => s.server === key);

test('status: each server\'s state, calls and last error; sessions per token; /readyz; metrics per server', async (t) => {
  const gw = await startGatewaySafe({
    limits: { callTimeoutMs: 2000 },
    mcpServers: { echo: fixture('echo-server.mjs'), broken: badServer('no-init') },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const s = await connect(gw, { ready: false });
  t.after(() => s.close());
  for (const text of ['a', 'b']) assert.equal(textOf(await s.client.callTool({ name: 'echo__echo', arguments: { text } })), text);

  // The broken server gives up its first start after callTimeoutMs and is retried.
  const st = await waitFor(() => { const x = status(gw); return server(x, 'broken').last_error ? x : null; },
    { timeoutMs: 20000, intervalMs: 300, what: 'the broken server\'s last error' });
  assert.equal(st.sessions, 1);
  assert.deepEqual(st.sessions_by_token, { default: 1 });
  assert.ok(st.listeners.some((l) => l.address === `127.0.0.1:${gw.port}` && l.tls === false), JSON.stringify(st.listeners));
  assert.match(st.version, /^\d+\.\d+/);
  const echo = server(st, 'echo');
  assert.equal(echo.state, 'ready');
  assert.equal(echo.instances, 1);
  assert.equal(echo.ready, 1);
  assert.equal(echo.tools, 1);
  assert.equal(echo.pids.length, 1);
  assert.doesNotThrow(() => process.kill(echo.pids[0], 0), `pid ${echo.pids[0]} is a live process`);
  assert.equal(echo.calls, 2);
  assert.equal(echo.errors, 0);
  assert.ok(Number.isInteger(echo.uptime_s));
  const broken = server(st, 'broken');
  assert.notEqual(broken.state, 'ready');
  assert.equal(broken.ready, 0);
  assert.match(broken.last_error, /did not finish initializing/);
  assert.equal(broken.tools, null);

  // The text form names the same things.
  const text = gw.cli(['status']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^echo\\s+ready\\s+1/1\\s+${echo.pids[0]}\\s+0\\s+\\d+s\\s+1\\s+2\\s+0\\s*$`, 'm'));
  assert.match(text.stdout, /^broken\s+\S+\s+0\/1\s+.*did not finish initializing/m);
  assert.match(text.stdout, /sessions of token default: 1/);

  // /status needs a token; /readyz does not, and says only how many servers are up.
  assert.equal((await request(gw.port, { path: '/status' })).status, 401);
  const full = await request(gw.port, { path: '/status', headers: { Authorization: `Bearer ${gw.token}` } });
  assert.equal(full.status, 200);
  assert.equal(server(JSON.parse(full.body), 'echo').calls, 2);
  const ready = await request(gw.port, { path: '/readyz' });
  assert.equal(ready.status, 503);
  assert.equal(ready.body, 'not ready: 1 of 2 servers up\n');

  const m = await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` } });
  assert.match(m.body, /^gatehouse_server_calls_total\{server="echo"\} 2$/m);
  assert.match(m.body, /^gatehouse_server_call_duration_seconds_count\{server="echo"\} 2$/m);
  assert.match(m.body, /^gatehouse_server_call_duration_seconds_bucket\{server="echo",le="\+Inf"\} 2$/m);
  assert.match(m.body, /^gatehouse_server_ready_instances\{server="broken"\} 0$/m);
});

test('readyz is 200 when every server is up; status of a stopped gateway says so', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { echo: fixture('echo-server.mjs') } });
  t.after(() => gw.cleanup());
  const s = await connect(gw);
  await s.client.listTools();
  const r = await request(gw.port, { path: '/readyz' });
  assert.equal(r.status, 200);
  assert.equal(r.body, 'ready\n');
  // A token from the environment is used, and a wrong one is named as the problem.
  const wrong = gw.cli(['status'], { env: { GATEHOUSE_TOKEN: 'gth_not-a-real-token-at-all-0000000000000000000' } });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /answered 401 .*GATEHOUSE_TOKEN/);
  await s.close();
  await gw.stop();
  const after = gw.cli(['status']);
  assert.equal(after.code, 1);
  assert.match(after.stderr, /not running for this configuration.*gatehouse serve/);
});
