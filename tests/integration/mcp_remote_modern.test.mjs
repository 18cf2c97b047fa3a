// Issue 13, item 3: a remote server of the 2026-07-28 era (the v2 SDK conformance
// fixture over HTTP) behind the gateway, seen through a recording proxy: the
// gateway probes with server/discover, then sends each request with the routing
// headers (MCP-Protocol-Version, Mcp-Method, Mcp-Name) and never a session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { repoRoot } from './lib/gateway.mjs';
import { connect, startGatewaySafe, textOf, waitFor, within } from './lib/mcp.mjs';

const FIXTURE = join(repoRoot, 'tests', 'conformance', 'fixture-modern.mjs');

function startFixture() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIXTURE, 'http', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('fixture-modern did not start')); }, 15000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) { clearTimeout(timer); resolve({ child, url: new URL(out.split('\n')[0].trim()) }); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`fixture-modern exited ${code}`)); });
  });
}

// Forwards to `target`, streaming the answer back, and keeps every request seen.
function recordingProxy(target) {
  const seen = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method, headers: req.headers, body: body.toString('utf8') });
      const headers = { ...req.headers, host: target.host };
      const up = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers },
        (ur) => { res.writeHead(ur.statusCode, ur.headers); ur.pipe(res); });
      up.on('error', () => { res.writeHead(502); res.end(); });
      res.on('close', () => up.destroy());
      up.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/mcp`, seen,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  })));
}

test('a modern remote server gets server/discover, then routing headers and no session', async (t) => {
  const fx = await startFixture();
  t.after(() => fx.child.kill('SIGKILL'));
  const proxy = await recordingProxy(fx.url);
  t.after(() => proxy.close());
  const gw = await startGatewaySafe({ limits: { callTimeoutMs: 8000 }, mcpServers: { m: { url: proxy.url } } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const c = await connect(gw);
  t.after(() => c.close());

  await waitFor(async () => (await c.client.listTools()).tools.some((x) => x.name === 'm__test_simple_text'),
    { timeoutMs: 10000, what: 'm__test_simple_text listed' });
  const r = await within(c.client.callTool({ name: 'm__test_simple_text', arguments: {} }), 10000, 'call');
  assert.match(textOf(r), /simple text/i);

  const posts = proxy.seen.filter((x) => x.method === 'POST');
  const bodies = posts.map((x) => JSON.parse(x.body));
  assert.equal(bodies[0].method, 'server/discover', 'the first request is the probe');
  assert.ok(!bodies.some((b) => b.method === 'initialize'), 'no initialize to a modern server');
  for (const x of posts) {
    assert.equal(x.headers['mcp-protocol-version'], '2026-07-28', x.body);
    assert.equal(x.headers['mcp-session-id'], undefined, 'no session in 2026-07-28');
    assert.equal(x.headers['mcp-method'], JSON.parse(x.body).method);
    assert.equal(JSON.parse(x.body).params?._meta?.['io.modelcontextprotocol/protocolVersion'], '2026-07-28');
  }
  const call = posts.find((x) => JSON.parse(x.body).method === 'tools/call');
  assert.equal(call.headers['mcp-name'], 'test_simple_text');
  assert.ok(!proxy.seen.some((x) => x.method === 'GET'), 'no GET stream in 2026-07-28');
  // Its list changes come on a subscriptions/listen.
  assert.ok(bodies.some((b) => b.method === 'subscriptions/listen'), 'subscriptions/listen opened');

  // A tool whose schema marks an argument with x-mcp-header gets it mirrored into
  // Mcp-Param-*, encoded when it is not plain ASCII; a server checking it accepts.
  for (const region of ['us-west1', 'Zürich ']) {
    const r2 = await within(c.client.callTool({ name: 'm__test_x_mcp_header', arguments: { region, level: 3 } }), 10000, 'x-mcp-header call');
    assert.equal(textOf(r2), `region=${region}`);
    const sent = proxy.seen.filter((x) => x.method === 'POST' && JSON.parse(x.body).params?.name === 'test_x_mcp_header').at(-1);
    const expect = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(region) ? region
      : `=?base64?${Buffer.from(region, 'utf8').toString('base64')}?=`;
    assert.equal(sent.headers['mcp-param-region'], expect);
    assert.equal(sent.headers['mcp-param-level'], undefined, 'only marked arguments are mirrored');
  }
});
