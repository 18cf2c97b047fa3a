// Attacks on authentication at the HTTP front (DESIGN.md section 5, check 3):
// every one of them is performed against the real binary and must fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startGateway, request, mcpPost, rawHeaderPost, assertAnswered } from './lib/gateway.mjs';

// initialize is the one request that needs no session: the probe of every front check.
const PING = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'test', version: '1' } } };
const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

// A token that has the exact shape of a real one (gth_ + 256 bits in base64url).
const wellFormedToken = () => `gth_${randomBytes(32).toString('base64url')}`;

test('authentication attacks are refused', async (t) => {
  // A high failure limit: this file is about 401s, not about the 429 (front_misc).
  const gw = await startGateway({ limits: { authFailuresPerMinute: 100000 } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  assert.match(gw.token, /^gth_[A-Za-z0-9_-]{43}$/, 'the first token has the documented shape');

  // Every credential-like string we send, so the log check can look for each.
  const sentSecrets = [gw.token];

  await t.test('control: the valid token is accepted', async () => {
    const r = await mcpPost(gw.port, gw.token, PING);
    assert.equal(r.status, 200);
    assert.ok(JSON.parse(r.body).result.protocolVersion);
  });

  await t.test('no token: 401 with the exact WWW-Authenticate challenge', async () => {
    const r = await mcpPost(gw.port, null, PING);
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="gatehouse"');
    assert.equal(JSON.parse(r.body).error.code, -32001);
  });

  await t.test('a well-formed but unknown gth_ token: 401 invalid_token', async () => {
    const wrong = wellFormedToken();
    assert.notEqual(wrong, gw.token);
    sentSecrets.push(wrong);
    const r = await mcpPost(gw.port, wrong, PING);
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="gatehouse", error="invalid_token"');
  });

  await t.test('garbage tokens: 401', async () => {
    const garbage = [
      `garbage-${randomBytes(9).toString('hex')}`,
      gw.token.slice(0, -1),                          // a prefix of the real token
      `${gw.token}x`,                                 // the real token plus a byte
      gw.token.slice(0, -1) + (gw.token.endsWith('A') ? 'B' : 'A'), // one character off
      `gth_${randomBytes(600).toString('base64url')}`, // very long
    ];
    for (const g of garbage) {
      sentSecrets.push(g);
      const r = await mcpPost(gw.port, g, PING);
      assert.equal(r.status, 401, `token ${JSON.stringify(g.slice(0, 20))}... must be refused`);
      assert.match(r.headers['www-authenticate'] || '', /^Bearer realm="gatehouse"/);
    }
    // "Bearer" with nothing after it, and with only spaces.
    for (const value of ['Bearer', 'Bearer ', 'Bearer    ']) {
      const r = await request(gw.port, { method: 'POST', headers: { ...MCP_HEADERS, Authorization: value }, body: JSON.stringify(PING) });
      assert.equal(r.status, 401, `Authorization: ${JSON.stringify(value)}`);
    }
  });

  await t.test('token in the query string is refused even with a valid Authorization header', async () => {
    for (const path of [
      `/mcp?access_token=${gw.token}`,
      `/mcp?token=${gw.token}`,
      `/mcp?x=1&access_token=${encodeURIComponent(gw.token)}`,
    ]) {
      const withHeader = await mcpPost(gw.port, gw.token, PING, { path });
      assert.notEqual(withHeader.status, 200, `${path.replace(gw.token, '<token>')} with a valid header`);
      assert.equal(withHeader.status, 400, `${path.replace(gw.token, '<token>')} with a valid header`);
      const alone = await mcpPost(gw.port, null, PING, { path });
      assert.notEqual(alone.status, 200, `${path.replace(gw.token, '<token>')} alone`);
      assert.ok([400, 401].includes(alone.status), `${path.replace(gw.token, '<token>')} alone: got ${alone.status}`);
    }
    // Any gth_ value in the query counts, whatever the parameter name.
    const r = await mcpPost(gw.port, gw.token, PING, { path: `/mcp?q=${gw.token}` });
    assert.equal(r.status, 400);
  });

  await t.test('bypass headers without a token from an untrusted peer: 401', async () => {
    const attempts = [
      { 'X-Auth-Bypass': 'true' },
      { 'X-Forwarded-For': '127.0.0.1' },
      { 'X-Real-IP': '127.0.0.1' },
      { Forwarded: 'for=127.0.0.1' },
      { 'X-Forwarded-For': '127.0.0.1', 'X-Real-IP': '127.0.0.1', Forwarded: 'for=127.0.0.1', 'X-Auth-Bypass': '1' },
    ];
    for (const extra of attempts) {
      const r = await mcpPost(gw.port, null, PING, { headers: extra });
      assert.equal(r.status, 401, `headers ${JSON.stringify(extra)}`);
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="gatehouse"');
    }
  });

  await t.test('the Basic scheme is refused, even carrying the valid token', async () => {
    const forms = [
      `Basic ${Buffer.from(`user:${gw.token}`).toString('base64')}`,
      `Basic ${Buffer.from(`${gw.token}:`).toString('base64')}`,
      `Basic ${gw.token}`,
      gw.token,                                       // no scheme at all
      `Token ${gw.token}`,
    ];
    for (const value of forms) {
      const r = await request(gw.port, { method: 'POST', headers: { ...MCP_HEADERS, Authorization: value }, body: JSON.stringify(PING) });
      assert.equal(r.status, 401, `Authorization: ${value.split(' ')[0]} ...`);
    }
  });

  await t.test('two Authorization headers: 401', async () => {
    const wrong = wellFormedToken();
    sentSecrets.push(wrong);
    const pairs = [
      [gw.token, wrong],
      [wrong, gw.token],
      [gw.token, gw.token],
    ];
    for (const [a, b] of pairs) {
      const r = await rawHeaderPost(gw.port, [`Authorization: Bearer ${a}`, `Authorization: Bearer ${b}`], JSON.stringify(PING));
      assertAnswered(r);
      assert.equal(r.status, 401, `pair ${a === gw.token ? 'valid' : 'wrong'}, ${b === gw.token ? 'valid' : 'wrong'}`);
    }
    // The control: the same raw request with one header succeeds.
    const ok = await rawHeaderPost(gw.port, [`Authorization: Bearer ${gw.token}`], JSON.stringify(PING));
    assertAnswered(ok);
    assert.equal(ok.status, 200);
  });

  await t.test('/metrics: 401 without a token; Prometheus text with one', async () => {
    const anon = await request(gw.port, { path: '/metrics' });
    assert.equal(anon.status, 401);
    assert.equal(anon.headers['www-authenticate'], 'Bearer realm="gatehouse"');
    assert.ok(!anon.body.includes('gatehouse_'), 'no metric leaks to an anonymous caller');

    const wrong = await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${sentSecrets[1]}` } });
    assert.equal(wrong.status, 401);

    const r = await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` } });
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'] || '', /^text\/plain/);
    assert.ok(r.body.includes('gatehouse_http_requests_total{code="401"}'), r.body);
    assert.match(r.body, /^gatehouse_auth_failures_total \d+/m);
    assert.match(r.body, /^gatehouse_http_request_duration_seconds_bucket\{[^}]*le="[^"]+"[^}]*\} \d+/m);
    // Many failures happened above: the counter must show them.
    const failures = Number(/^gatehouse_auth_failures_total (\d+)/m.exec(r.body)[1]);
    assert.ok(failures >= 10, `gatehouse_auth_failures_total is ${failures}`);
    assert.ok(!r.body.includes(gw.token), 'the metrics never contain the token');
  });

  await t.test('the log holds no token, valid or wrong, and no "Bearer <token>"', async () => {
    const logs = gw.logs();
    assert.match(logs, /refused: invalid token/, 'the refusals were logged (so the check below is meaningful)');
    for (const s of sentSecrets) {
      assert.ok(!logs.includes(s), `the log contains a token that was sent: ${s.slice(0, 8)}...`);
      // Also any long piece of it (a truncated value is still a leak).
      assert.ok(!logs.includes(s.slice(4, 24)), `the log contains part of a token: ${s.slice(0, 8)}...`);
    }
    assert.doesNotMatch(logs, /Bearer\s+[A-Za-z0-9._~+/=-]{8,}/, 'no "Bearer <token>" in the log');
    assert.doesNotMatch(logs, /gth_[A-Za-z0-9_-]{8,}/, 'no gth_ token text in the log');
    assert.doesNotMatch(logs, /access_token=/, 'the query string is not logged with its credential');
  });
});
