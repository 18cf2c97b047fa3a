// Brute force and request-shape attacks on the HTTP front (DESIGN.md section 5,
// checks 2 and 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startGateway, request, mcpPost, rawSend, statusOf, sleep } from './lib/gateway.mjs';

// initialize is the one request that needs no session: the probe of every front check.
const PING = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'test', version: '1' } } };
const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

const wrongToken = () => `gth_${randomBytes(32).toString('base64url')}`;

async function started(t, config) {
  const gw = await startGateway(config);
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  return gw;
}

// A valid JSON-RPC request of exactly `size` bytes: if a size limit were not
// enforced, the gateway would answer it with 200.
function paddedRequest(size) {
  const params = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'test', version: '1' } };
  const base = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { ...params, pad: '' } });
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { ...params, pad: 'x'.repeat(size - base.length) } });
  assert.equal(body.length, size);
  return body;
}

function chunkedRequest(port, token, body, chunkSize) {
  const head = [
    'POST /mcp HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    `Authorization: Bearer ${token}`,
    'Content-Type: application/json',
    'Accept: application/json, text/event-stream',
    'Transfer-Encoding: chunked',
    'Connection: close',
  ].join('\r\n') + '\r\n\r\n';
  const pieces = [head];
  for (let i = 0; i < body.length; i += chunkSize) {
    const c = body.slice(i, i + chunkSize);
    pieces.push(`${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`);
  }
  pieces.push('0\r\n\r\n');
  return rawSend(port, pieces, { gapMs: 20, waitMs: 3000 });
}

test('brute force: wrong tokens are limited with Retry-After, and the correct token is never refused', async (t) => {
  const gw = await started(t, { limits: { authFailuresPerMinute: 3 } });
  for (let i = 0; i < 3; i++) {
    const r = await mcpPost(gw.port, wrongToken(), PING);
    assert.equal(r.status, 401, `wrong token ${i + 1}`);
  }
  const blocked = await mcpPost(gw.port, wrongToken(), PING);
  assert.equal(blocked.status, 429, 'a wrong token after 3 failures');
  const retryAfter = blocked.headers['retry-after'];
  assert.match(retryAfter || '', /^\d+$/, `Retry-After is an integer: ${retryAfter}`);
  const seconds = Number(retryAfter);
  assert.ok(seconds >= 1 && seconds <= 60, `Retry-After ${seconds} is in 1..60`);
  assert.equal(JSON.parse(blocked.body).error.code, -32002);

  // DESIGN.md section 5: a valid token is never refused because of other
  // requests' failures (every local client shares 127.0.0.1).
  assert.equal((await mcpPost(gw.port, gw.token, PING)).status, 200, 'the correct token while limited');
  assert.equal((await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` } })).status, 200);
  // Requests without a valid token stay limited until the window passes.
  assert.equal((await mcpPost(gw.port, null, PING)).status, 429);

  await sleep(seconds * 1000 + 1500);
  const after = await mcpPost(gw.port, wrongToken(), PING);
  assert.equal(after.status, 401, `a wrong token ${seconds + 1.5} s after the 429 is judged again`);
});

test('/mcp request shape', async (t) => {
  const gw = await started(t, { limits: { authFailuresPerMinute: 1000, maxBodyBytes: 1024 } });
  const P = gw.port;
  const auth = { Authorization: `Bearer ${gw.token}` };

  await t.test('a notification: 202 with no JSON-RPC answer (in a session), 400 without one', async () => {
    const init = await mcpPost(P, gw.token, PING);
    const sid = init.headers['mcp-session-id'];
    assert.ok(sid);
    const r = await mcpPost(P, gw.token, { jsonrpc: '2.0', method: 'notifications/initialized' }, { headers: { 'Mcp-Session-Id': sid } });
    assert.equal(r.status, 202);
    assert.equal(r.body, '');
    const none = await mcpPost(P, gw.token, { jsonrpc: '2.0', method: 'notifications/initialized' });
    assert.equal(none.status, 400, 'a session is required for anything but initialize');
  });

  await t.test('invalid JSON: 400 with a -32700 parse error', async () => {
    for (const body of ['{"jsonrpc": "2.0", "id": 1,', 'not json', '\u0000\u0001']) {
      const r = await request(P, { method: 'POST', headers: { ...MCP_HEADERS, ...auth }, body });
      assert.equal(r.status, 400, `body ${JSON.stringify(body)}`);
      assert.equal(JSON.parse(r.body).error.code, -32700);
    }
  });

  await t.test('Content-Type text/plain: 415', async () => {
    const r = await request(P, { method: 'POST', headers: { ...MCP_HEADERS, ...auth, 'Content-Type': 'text/plain' }, body: JSON.stringify(PING) });
    assert.equal(r.status, 415);
    const none = await request(P, { method: 'POST', headers: { Accept: MCP_HEADERS.Accept, ...auth }, body: JSON.stringify(PING) });
    assert.equal(none.status, 415, 'no Content-Type at all');
  });

  await t.test('an Accept without both JSON and SSE: 406', async () => {
    for (const accept of ['application/json', 'text/event-stream']) {
      const r = await request(P, { method: 'POST', headers: { ...MCP_HEADERS, ...auth, Accept: accept }, body: JSON.stringify(PING) });
      assert.equal(r.status, 406, `Accept: ${accept}`);
    }
  });

  await t.test('GET /mcp without Accept: text/event-stream: 406; without a session: 400; PUT: 405', async () => {
    assert.equal((await request(P, { method: 'GET', path: '/mcp', headers: auth })).status, 406);
    assert.equal((await request(P, { method: 'GET', path: '/mcp', headers: { ...auth, Accept: 'text/event-stream' } })).status, 400);
    assert.equal((await request(P, { method: 'PUT', path: '/mcp', headers: auth })).status, 405);
  });

  await t.test('an unknown path: 404 with the token, 401 without (auth before routing)', async () => {
    assert.equal((await request(P, { path: '/nope', headers: auth })).status, 404);
    const anon = await request(P, { path: '/nope' });
    assert.equal(anon.status, 401);
    assert.equal(anon.headers['www-authenticate'], 'Bearer realm="gatehouse"');
    assert.equal((await request(P, { method: 'POST', path: '/nope' })).status, 401);
  });

  await t.test('a body over maxBodyBytes with Content-Length: 413', async () => {
    const small = await request(P, { method: 'POST', headers: { ...MCP_HEADERS, ...auth }, body: paddedRequest(1000) });
    assert.equal(small.status, 200, 'control: the same request under the limit');
    const r = await request(P, { method: 'POST', headers: { ...MCP_HEADERS, ...auth }, body: paddedRequest(4096) });
    assert.equal(r.status, 413);
  });

  await t.test('a chunked body over maxBodyBytes: 413 or closed, never 200', async () => {
    const small = await chunkedRequest(P, gw.token, paddedRequest(1000), 256);
    assert.equal(statusOf(small.received), 200, `control: chunked under the limit: ${small.received.slice(0, 80)}`);
    const r = await chunkedRequest(P, gw.token, paddedRequest(4096), 512);
    const status = statusOf(r.received);
    assert.notEqual(status, 200, 'an oversized chunked body was processed');
    assert.ok(status === 413 || status === null,
      `expected 413 or a closed connection, got ${JSON.stringify(r.received.slice(0, 80))}`);
    assert.ok(!r.received.includes('protocolVersion'), 'the oversized request never reached the JSON-RPC handler');
  });

  await t.test('the gateway is still healthy after all of the above', async () => {
    assert.equal((await mcpPost(P, gw.token, PING)).status, 200);
  });
});

// Answers to requests without a body keep the connection open (libmicrohttpd would
// close it after a response queued with the headers; the front waits one call).
test('keep-alive survives /healthz, /metrics, refusals and DELETE answers', async (t) => {
  const gw = await started(t, { limits: { authFailuresPerMinute: 1000 } });
  const host = `Host: 127.0.0.1:${gw.port}`;
  const auth = `Authorization: Bearer ${gw.token}`;
  const requests = [
    `GET /healthz HTTP/1.1\r\n${host}\r\n\r\n`,
    `GET /metrics HTTP/1.1\r\n${host}\r\n${auth}\r\n\r\n`,
    `GET /mcp HTTP/1.1\r\n${host}\r\n\r\n`,                                    // 401
    `GET /mcp HTTP/1.1\r\nHost: evil.example\r\n${auth}\r\n\r\n`,            // 403
    `GET /nowhere HTTP/1.1\r\n${host}\r\n${auth}\r\n\r\n`,                   // 404
    `GET /.well-known/oauth-protected-resource HTTP/1.1\r\n${host}\r\n\r\n`, // 404
    `DELETE /mcp HTTP/1.1\r\n${host}\r\n${auth}\r\nMcp-Session-Id: none\r\n\r\n`, // 404
    `GET /healthz HTTP/1.1\r\n${host}\r\n\r\n`,
  ];
  const r = await rawSend(gw.port, requests, { gapMs: 100, waitMs: 1000 });
  // Bodies do not end with a newline: a status line may follow one directly.
  const statuses = [...r.received.matchAll(/HTTP\/1\.1 (\d{3}) [A-Z]/g)].map((m) => Number(m[1]));
  assert.deepEqual(statuses, [200, 200, 401, 403, 404, 404, 404, 200], r.received.slice(0, 400));
  assert.doesNotMatch(r.received, /^Connection: close/mi);
  assert.equal(r.closedEarly, false);
});
