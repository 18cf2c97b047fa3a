// Remote MCP servers (Streamable HTTP): server-everything in streamableHttp mode on a
// loopback port, and a small recording MCP server written here that proves the
// client's gatehouse token never reaches a remote server while configured headers do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './lib/gateway.mjs';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { connect, textOf, startEverythingHttp, logLines, within, waitFor, freePort, startGatewaySafe } from './lib/mcp.mjs';

const NOT_BUILT = /remote servers are not available in this build/;

// A minimal MCP server over Streamable HTTP (JSON answers) that records every
// request's method, headers and body.
function recordingServer(name) {
  const seen = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body });
      if (req.method === 'GET') { res.writeHead(405, { Allow: 'POST' }); res.end(); return; }
      if (req.method === 'DELETE') { res.writeHead(200); res.end(); return; }
      let msg;
      try { msg = JSON.parse(body); } catch { res.writeHead(400); res.end(); return; }
      if (msg.id === undefined) { res.writeHead(202); res.end(); return; }
      const reply = (result) => {
        const headers = { 'Content-Type': 'application/json' };
        if (msg.method === 'initialize') headers['Mcp-Session-Id'] = `rec-${name}-session`;
        res.writeHead(200, headers);
        res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result }));
      };
      switch (msg.method) {
        case 'initialize':
          reply({ protocolVersion: msg.params?.protocolVersion || '2025-11-25', capabilities: { tools: {} },
            serverInfo: { name: `recorder-${name}`, version: '1.0.0' } });
          break;
        case 'tools/list':
          reply({ tools: [{ name: 'whoami', description: 'Says which server answered.', inputSchema: { type: 'object' } }] });
          break;
        case 'tools/call':
          reply({ content: [{ type: 'text', text: `answered by ${name}` }] });
          break;
        case 'ping':
          reply({});
          break;
        default:
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'method not found' } }));
      }
    });
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({
    seen, port: server.address().port, url: `http://127.0.0.1:${server.address().port}/mcp`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  })));
}

let everythingHttp;

before(async () => {
  everythingHttp = await startEverythingHttp();
});

after(async () => {
  if (everythingHttp) await everythingHttp.stop();
});

test('remote server-everything over Streamable HTTP: listed with its prefix and called', async (t) => {
  const gw = await startGatewaySafe({
    limits: { callTimeoutMs: 10000 },
    mcpServers: { remote: { url: everythingHttp.url } },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const sampled = [];
  const c = await connect(gw, {
    capabilities: { sampling: {} },
    setup(client) {
      client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
        sampled.push(req.params);
        return { role: 'assistant', model: 'remote-test-model', content: { type: 'text', text: 'remote-sampled-answer' } };
      });
    },
  });
  t.after(() => c.close());
  if (NOT_BUILT.test(gw.logs())) assert.fail('remote servers are not available in this build');
  const names = (await c.client.listTools()).tools.map((x) => x.name);
  for (const n of ['remote__echo', 'remote__get-sum', 'remote__trigger-long-running-operation',
    'remote__trigger-sampling-request']) {
    assert.ok(names.includes(n), `${n} missing: ${names.join(' ')}\n${gw.logs()}`);
  }
  const e = await c.client.callTool({ name: 'remote__echo', arguments: { message: 'far away' } });
  assert.equal(textOf(e), 'Echo: far away');
  const s = await c.client.callTool({ name: 'remote__get-sum', arguments: { a: 5, b: 6 } });
  assert.match(textOf(s), /is 11/);
  const seen = [];
  const long = await c.client.callTool({ name: 'remote__trigger-long-running-operation', arguments: { duration: 1, steps: 2 } },
    undefined, { onprogress: (p) => seen.push(p.progress), timeout: 10000 });
  assert.match(textOf(long), /completed/);
  assert.deepEqual(seen, [1, 2], 'progress from a remote server reaches the client');
  const prompts = (await c.client.listPrompts()).prompts.map((p) => p.name);
  assert.ok(prompts.includes('remote__simple-prompt'), prompts.join(' '));
  const doc = (await c.client.listResources()).resources[0];
  assert.ok(doc, 'remote resources listed');
  const read = await c.client.readResource({ uri: doc.uri });
  assert.equal(read.contents[0].uri, doc.uri);
  // A server-to-client request from a remote server goes back to this session.
  const r = await c.client.callTool({ name: 'remote__trigger-sampling-request', arguments: { prompt: 'from afar' } },
    undefined, { timeout: 10000 });
  assert.equal(sampled.length, 1);
  assert.match(textOf(r), /remote-sampled-answer/);
});

test('remote: the client\'s token is never forwarded; configured headers are sent', async (t) => {
  const plain = await recordingServer('plain');
  t.after(() => plain.close());
  const keyed = await recordingServer('keyed');
  t.after(() => keyed.close());
  const gw = await startGatewaySafe({
    limits: { callTimeoutMs: 5000 },
    mcpServers: {
      plain: { url: plain.url },
      keyed: { url: keyed.url, headers: { 'X-Api-Key': 'abc' } },
    },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const c = await connect(gw);
  t.after(() => c.close());
  if (NOT_BUILT.test(gw.logs())) assert.fail('remote servers are not available in this build');
  const names = (await within(c.client.listTools(), 8000, 'tools/list')).tools.map((x) => x.name);
  assert.ok(names.includes('plain__whoami') && names.includes('keyed__whoami'), `${names.join(' ')}\n${gw.logs()}`);
  assert.equal(textOf(await c.client.callTool({ name: 'plain__whoami', arguments: {} })), 'answered by plain');
  assert.equal(textOf(await c.client.callTool({ name: 'keyed__whoami', arguments: {} })), 'answered by keyed');

  const all = [...plain.seen, ...keyed.seen];
  assert.ok(plain.seen.some((r) => r.body.includes('"tools/call"')), 'the call reached the plain server');
  for (const r of all) {
    assert.equal(r.headers.authorization, undefined, `an Authorization header reached a remote server: ${r.method} ${r.body}`);
    const raw = JSON.stringify(r.headers) + r.body;
    assert.ok(!raw.includes(gw.token), 'the client\'s gatehouse token reached a remote server');
    assert.ok(!raw.includes(c.sessionId), 'the client\'s gatehouse session id reached a remote server');
  }
  for (const r of plain.seen) assert.equal(r.headers['x-api-key'], undefined, 'a header configured for another server');
  const keyedPosts = keyed.seen.filter((r) => r.method === 'POST');
  assert.ok(keyedPosts.length >= 3, 'initialize, tools/list and tools/call at least');
  for (const r of keyedPosts) assert.equal(r.headers['x-api-key'], 'abc', `configured header missing on ${r.body}`);
  // After initialize the remote's own session id is used.
  // (The server/discover probe before initialize has no session yet.)
  const later = keyedPosts.filter((r) => !r.body.includes('"initialize"') && !r.body.includes('"server/discover"'));
  assert.ok(later.every((r) => r.headers['mcp-session-id'] === 'rec-keyed-session'));
  // The configured header value is not logged.
  assert.equal(logLines(gw, /\babc\b/).length, 0, 'the configured header value appears in the log');

  // When the client's session ends, the remote session is ended too (DELETE with its id).
  await c.close();
  await waitFor(() => keyed.seen.some((r) => r.method === 'DELETE' && r.headers['mcp-session-id'] === 'rec-keyed-session'),
    { timeoutMs: 4000, what: 'a DELETE of the remote session' });
  const del = keyed.seen.find((r) => r.method === 'DELETE');
  assert.equal(del.headers.authorization, undefined);
  assert.equal(del.headers['x-api-key'], 'abc');
});

test('remote: an unreachable remote server: its tools are absent, calls error, other servers fine', async (t) => {
  const dead = await freePort();            // nothing listens there
  const live = await recordingServer('live');
  t.after(() => live.close());
  const gw = await startGatewaySafe({
    limits: { callTimeoutMs: 3000 },
    mcpServers: { dead: { url: `http://127.0.0.1:${dead}/mcp` }, live: { url: live.url } },
  });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const c = await connect(gw, { ready: false });
  t.after(() => c.close());
  const names = (await within(c.client.listTools(), 6000, 'tools/list')).tools.map((x) => x.name);
  assert.ok(names.includes('live__whoami'), names.join(' '));
  assert.ok(!names.some((n) => n.startsWith('dead__')), names.join(' '));
  await assert.rejects(within(c.client.callTool({ name: 'dead__whoami', arguments: {} }), 6000, 'dead__whoami'),
    (e) => typeof e.code === 'number');
  assert.equal(textOf(await c.client.callTool({ name: 'live__whoami', arguments: {} })), 'answered by live');
});

test('remote: plain http to a non-loopback address is refused by check-config', () => {
  const dir = tempDir('gh-remote-cfg-');
  try {
    const configPath = join(dir, 'gatehouse.json');
    writeFileSync(configPath, JSON.stringify({ stateDir: 'state', mcpServers: { far: { url: 'http://example.com/mcp' } } }));
    const r = runCli(['check-config'], { configPath });
    assert.notEqual(r.code, 0, `plain http to example.com accepted: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, /https|loopback/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
