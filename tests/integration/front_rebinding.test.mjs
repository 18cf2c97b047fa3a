// DNS rebinding and cross-origin attacks (DESIGN.md section 5, check 1): a page
// on another origin, or a name that resolves to us, must be refused with 403
// before the token is looked at, even when the token is right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startGateway, mcpPost, rawHeaderPost, assertAnswered, request } from './lib/gateway.mjs';

// initialize is the one request that needs no session: the probe of every front check.
const PING = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'test', version: '1' } } };

function post(gw, token, headers) {
  return mcpPost(gw.port, token, PING, { headers });
}

async function started(t, config) {
  const gw = await startGateway(config);
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  return gw;
}

test('a foreign Host or Origin is refused even with a good token; loopback names pass', async (t) => {
  const gw = await started(t, { limits: { authFailuresPerMinute: 1000 } });
  const P = gw.port;

  await t.test('foreign Host: 403', async () => {
    for (const host of ['evil.example', 'evil.example:8750', `evil.example:${P}`, 'localhost.evil.example',
      '127.0.0.1.evil.example', 'evil.example.', '0x7f.0.0.1', '[::ffff:7f00:1]:80x']) {
      const r = await post(gw, gw.token, { Host: host });
      assert.equal(r.status, 403, `Host: ${host}`);
    }
  });

  await t.test('foreign Origin: 403', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${P}`, 'null', 'https://localhost.evil.example',
      'file://', `http://127.0.0.1.evil.example:${P}`]) {
      const r = await post(gw, gw.token, { Origin: origin });
      assert.equal(r.status, 403, `Origin: ${origin}`);
    }
  });

  await t.test('loopback Origin and loopback Host names: 200 with the token', async () => {
    for (const origin of [`http://localhost:${P}`, `http://127.0.0.1:${P}`]) {
      const r = await post(gw, gw.token, { Origin: origin });
      assert.equal(r.status, 200, `Origin: ${origin}`);
    }
    for (const host of [`localhost:${P}`, 'localhost', `127.0.0.1:${P}`, `[::1]:${P}`, '[::1]', `127.0.0.2:${P}`]) {
      const r = await post(gw, gw.token, { Host: host });
      assert.equal(r.status, 200, `Host: ${host}`);
    }
  });

  await t.test('a loopback Host does not stand in for the token', async () => {
    for (const host of [`localhost:${P}`, `[::1]:${P}`]) {
      const r = await post(gw, null, { Host: host });
      assert.equal(r.status, 401, `Host: ${host} without a token`);
    }
  });
});

test('the Host check comes before auth and a refused Host is not an auth failure', async (t) => {
  const gw = await started(t, { limits: { authFailuresPerMinute: 3 } });
  for (let i = 0; i < 6; i++) {
    const r = await post(gw, null, { Host: 'evil.example' });
    assert.equal(r.status, 403, `attempt ${i + 1}: Host evil.example without a token`);
    assert.equal(r.headers['www-authenticate'], undefined, 'a 403 is not an auth challenge');
    const o = await post(gw, `gth_${randomBytes(32).toString('base64url')}`, { Origin: 'http://evil.example' });
    assert.equal(o.status, 403, `attempt ${i + 1}: foreign Origin with a wrong token`);
  }
  // Twelve refusals, limit 3: none of them counted, the correct token still works.
  const r = await mcpPost(gw.port, gw.token, PING);
  assert.equal(r.status, 200);
  const m = await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` } });
  assert.equal(m.status, 200);
  const failures = /^gatehouse_auth_failures_total (\d+)/m.exec(m.body);
  assert.ok(failures, 'gatehouse_auth_failures_total is exported');
  assert.equal(Number(failures[1]), 0, 'no auth failure was recorded for Host/Origin refusals');
});

test('publicHosts: the listed name is accepted, and still needs the token', async (t) => {
  const gw = await started(t, { publicHosts: ['gw.example.com'], limits: { authFailuresPerMinute: 1000 } });
  assert.equal((await post(gw, gw.token, { Host: 'gw.example.com' })).status, 200);
  assert.equal((await post(gw, gw.token, { Host: 'GW.Example.COM' })).status, 200, 'host names are case-insensitive');
  const anon = await post(gw, null, { Host: 'gw.example.com' });
  assert.equal(anon.status, 401);
  assert.equal(anon.headers['www-authenticate'], 'Bearer realm="gatehouse"');
  for (const host of ['evil.gw.example.com', 'gw.example.com.evil.example', 'gw-example.com', 'example.com']) {
    assert.equal((await post(gw, gw.token, { Host: host })).status, 403, `Host: ${host}`);
  }
});

test('allowedOrigins: exact origins only', async (t) => {
  const gw = await started(t, { allowedOrigins: ['https://app.example.com'], limits: { authFailuresPerMinute: 1000 } });
  assert.equal((await post(gw, gw.token, { Origin: 'https://app.example.com' })).status, 200);
  for (const origin of ['https://app.example.com.evil.example', 'http://app.example.com', 'https://evil.app.example.com',
    'https://app.example.com:8443', 'https://app.example.co', 'null']) {
    assert.equal((await post(gw, gw.token, { Origin: origin })).status, 403, `Origin: ${origin}`);
  }
  // An allowed origin does not replace the token.
  assert.equal((await post(gw, null, { Origin: 'https://app.example.com' })).status, 401);
});

// Two Host (or Origin) headers: whichever one a check reads, the other could be the
// attacker's. Refused in both orders, even with the right token.
test('a second Host or Origin header is refused, in either order', async (t) => {
  const gw = await started(t, { limits: { authFailuresPerMinute: 1000 } });
  const body = JSON.stringify(PING);
  const send = async (lines) => {
    const r = await rawHeaderPost(gw.port, [...lines, `Authorization: Bearer ${gw.token}`], body, { host: false });
    assertAnswered(r);
    return r.status;
  };
  const local = `Host: 127.0.0.1:${gw.port}`;
  assert.equal(await send([local]), 200, 'control: one loopback Host');
  assert.equal(await send(['Host: evil.example', local]), 403);
  assert.equal(await send([local, 'Host: evil.example']), 403);
  assert.equal(await send([local, local]), 403, 'even two loopback Hosts');
  const origin = `Origin: http://127.0.0.1:${gw.port}`;
  assert.equal(await send([local, origin]), 200, 'control: one loopback Origin');
  assert.equal(await send([local, 'Origin: https://evil.example', origin]), 403);
  assert.equal(await send([local, origin, 'Origin: https://evil.example']), 403);
});

// CORS (issue 12): a page of a listed origin may read answers; its preflight is
// answered before auth and never counts as a failed login; a loopback origin that
// is not listed may still send (it passed check 1) but its page reads nothing.
test('CORS: preflight and headers for listed origins only; preflights are not failed logins', async (t) => {
  const gw = await started(t, { allowedOrigins: ['https://app.example.com'] });
  const preflight = (origin, path = '/mcp') => request(gw.port, {
    method: 'OPTIONS', path, headers: {
      Origin: origin, 'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type, mcp-session-id',
    },
  });
  for (let i = 0; i < 20; i++) {
    const p = await preflight('https://app.example.com');
    assert.equal(p.status, 204);
    assert.equal(p.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.match(p.headers['access-control-allow-methods'], /POST/);
    assert.match(p.headers['access-control-allow-headers'], /Authorization/);
    assert.match(p.headers['access-control-allow-headers'], /Mcp-Session-Id/);
    assert.match(p.headers.vary, /Origin/);
  }
  const local = await preflight(`http://127.0.0.1:${gw.port}`);
  assert.equal(local.status, 403, 'a loopback origin that is not listed gets no CORS');
  assert.equal(local.headers['access-control-allow-origin'], undefined);
  assert.equal((await preflight('https://evil.example')).status, 403);
  assert.equal((await preflight('https://app.example.com', '/metrics')).status, 404);

  // The answers themselves: readable by the listed page (the session id too), not by others.
  const listed = await post(gw, gw.token, { Origin: 'https://app.example.com' });
  assert.equal(listed.status, 200);
  assert.equal(listed.headers['access-control-allow-origin'], 'https://app.example.com');
  assert.match(listed.headers['access-control-expose-headers'], /Mcp-Session-Id/);
  const refused = await post(gw, null, { Origin: 'https://app.example.com' });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers['access-control-allow-origin'], 'https://app.example.com', 'the page can read why');
  const loop = await post(gw, gw.token, { Origin: `http://127.0.0.1:${gw.port}` });
  assert.equal(loop.status, 200);
  assert.equal(loop.headers['access-control-allow-origin'], undefined);
  const none = await post(gw, gw.token, {});
  assert.equal(none.headers['access-control-allow-origin'], undefined);

  // Twenty preflights and a 401 without a token: no failed login, and the refusal names the path.
  const m = await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` } });
  assert.match(m.body, /^gatehouse_auth_failures_total 0$/m);
  assert.match(gw.logs(), /msg="refused: no token".* method=POST path=\/mcp status=401/);
  assert.match(gw.logs(), /msg="refused: CORS preflight from an origin not in allowedOrigins".* method=OPTIONS path=\/mcp status=403/);
});
