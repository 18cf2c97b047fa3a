// Regression tests for security findings at the HTTP front (F1, F4, F10a of the
// review): each test performs the attack against the real binary and asserts the
// fixed behaviour.
//
//   F1  X-Forwarded-For headers that together overflow the 2048-byte join buffer:
//       a memory-safety bug before authentication (an abort in sanitizer builds,
//       a crash or a spurious 403 in release builds), and a join that must fail
//       closed onto the peer instead of trimming to the right-most 2048 bytes.
//   F4  requests that present no credential (what any web page can make a browser
//       send: <img>, CORS preflights, OAuth discovery probes, ?token= links) must
//       not count as failed logins, or a page locks every local client out.
//   F10a the gateway starts without a libmicrohttpd warning in its log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startGateway, request, mcpPost, rawHeaderPost, assertAlive, sleep } from './lib/gateway.mjs';

// initialize is the one request that needs no session: the probe of every front check.
const PING = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'test', version: '1' } } };
const PING_BODY = JSON.stringify(PING);

// A token that has the exact shape of a real one (gth_ + 256 bits in base64url).
const wrongToken = () => `gth_${randomBytes(32).toString('base64url')}`;

async function started(t, config = {}) {
  const gw = await startGateway(config);
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  return gw;
}

// A hand-written POST /mcp (duplicate headers need raw bytes) with the initialize
// probe. A session it created is ended at once: the tests send many initializes
// with one token, and sessions per token are capped.
const rawPost = (port, headerLines, body = PING_BODY) => rawHeaderPost(port, headerLines, body, { endSession: true });

// How a raw request went, for an assertion message: the status, or how the
// gateway died (waiting briefly for its exit to be reported).
async function outcome(gw, r) {
  if (r.status !== null) return `HTTP ${r.status}`;
  const exit = await Promise.race([gw.exited, sleep(1000).then(() => null)]);
  return exit ? `no HTTP answer; the gateway exited (code ${exit.code}, signal ${exit.signal})` : 'no HTTP answer';
}

// `n` bytes of X-Forwarded-For value: well-formed hops ("5.6.7.8,5.6.7.8,...").
const xffOf = (n) => '5.6.7.8,'.repeat(Math.ceil(n / 8) + 1).slice(0, n);

test('F1: a short X-Forwarded-For then one of 2048..3000 bytes: the valid token is served', async (t) => {
  // The join buffer holds 2048 bytes; a first header of L > 0 bytes plus a second
  // one of 2048 bytes or more made the trimming arithmetic underflow.
  const gw = await started(t);
  const cases = [];
  for (const first of ['1.2.3.4', '9', '198.51.100.77, 203.0.113.9'])
    for (const second of [2048, 2049, 2100, 2500, 3000]) cases.push([first, second]);
  for (const [first, second] of cases) {
    const r = await rawPost(gw.port, [
      `Authorization: Bearer ${gw.token}`,
      `X-Forwarded-For: ${first}`,
      `X-Forwarded-For: ${xffOf(second)}`,
    ]);
    if (r.status !== 200)
      assert.fail(`XFF ${JSON.stringify(first)} then ${second} bytes: ${await outcome(gw, r)}, expected 200\n${gw.logs().slice(-1500)}`);
  }
  await assertAlive(gw, 'after the long X-Forwarded-For pairs');
});

test('F1: 50 random sets of X-Forwarded-For headers never kill the gateway', async (t) => {
  const gw = await started(t);
  // A seeded generator, so that a failure names a combination that can be replayed.
  const seed = randomBytes(4).readUInt32LE(0);
  let state = seed;
  const rand = (n) => {                      // mulberry32, an integer in [0, n)
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (((x ^ (x >>> 14)) >>> 0) % n);
  };
  for (let i = 0; i < 50; i++) {
    // 1..6 headers of 0..3000 bytes, at most 12000 in all: under the 16 KiB the
    // front allows for a request head, so the only right answer is 200.
    const lengths = [];
    let total = 0;
    for (let h = 0, n = 1 + rand(6); h < n; h++) {
      const len = Math.min(rand(3001), 12000 - total);
      lengths.push(len);
      total += len;
    }
    const r = await rawPost(gw.port, [
      `Authorization: Bearer ${gw.token}`,
      ...lengths.map((len) => `X-Forwarded-For: ${xffOf(len)}`),
    ]);
    const what = `seed ${seed}, request ${i + 1}, XFF lengths [${lengths.join(', ')}]`;
    if (r.status !== 200) assert.fail(`${what}: ${await outcome(gw, r)}, expected 200\n${gw.logs().slice(-1500)}`);
  }
  await assertAlive(gw, `after 50 random X-Forwarded-For sets (seed ${seed})`);
});

// Hops that are each well-formed, joined to more than 2048 bytes, ending in one
// client address: reading only the right end would charge that client.
const LONG_XFF = `${Array.from({ length: 200 }, (_, i) => `198.51.${100 + (i % 50)}.${1 + i}`).join(', ')}, 203.0.113.7`;

test('F1: an X-Forwarded-For over 2048 bytes from a trusted proxy is charged to the proxy', async (t) => {
  assert.ok(LONG_XFF.length > 2048);
  const gw = await started(t, { trustedProxies: ['127.0.0.1/32'], limits: { authFailuresPerMinute: 3 } });
  for (let i = 0; i < 3; i++) {
    const r = await mcpPost(gw.port, wrongToken(), PING, { headers: { 'X-Forwarded-For': LONG_XFF } });
    assert.equal(r.status, 401, `failure ${i + 1}`);
  }
  // Failed closed: the three failures were the peer's (127.0.0.1), so the peer is
  // now limited, with or without X-Forwarded-For of its own.
  const peer = await mcpPost(gw.port, wrongToken(), PING);
  assert.equal(peer.status, 429, 'a wrong token with no X-Forwarded-For after 3 over-long ones');
});

test('F1: two X-Forwarded-For headers joined to more than 2048 bytes are charged to the proxy', async (t) => {
  const gw = await started(t, { trustedProxies: ['127.0.0.1/32'], limits: { authFailuresPerMinute: 1 } });
  // Each header alone is short enough; only their join is over the limit.
  const half = LONG_XFF.slice(0, LONG_XFF.lastIndexOf(', ', 1200));
  const rest = LONG_XFF.slice(half.length + 2);
  assert.ok(half.length < 2048 && rest.length < 2048 && half.length + rest.length + 1 > 2048);
  const r = await rawPost(gw.port, [
    `Authorization: Bearer ${wrongToken()}`,
    `X-Forwarded-For: ${half}`,
    `X-Forwarded-For: ${rest}`,
  ]);
  assert.equal(r.status, 401);
  const peer = await mcpPost(gw.port, wrongToken(), PING);
  assert.equal(peer.status, 429, 'the failure was charged to 127.0.0.1');
});

// ---- F4 ------------------------------------------------------------------

const F4_LIMITS = { limits: { authFailuresPerMinute: 3 } };

// What a browser sends for <img src="http://127.0.0.1:PORT/mcp">: no Origin, no
// credential, the page cannot add one.
function credentialless(port, i) {
  if (i % 2 === 0) return mcpPost(port, null, PING);
  return request(port, { method: 'GET', headers: { Accept: 'image/avif,image/webp,*/*' } });
}

async function validTokenServed(gw, what) {
  const r = await mcpPost(gw.port, gw.token, PING);
  assert.equal(r.status, 200, `the valid token after ${what}`);
}

test('F4: requests without any Authorization header are not failed logins', async (t) => {
  const gw = await started(t, F4_LIMITS);
  for (let i = 0; i < 10; i++) {
    const r = await credentialless(gw.port, i);
    assert.equal(r.status, 401, `credential-less request ${i + 1}`);
  }
  await validTokenServed(gw, '10 credential-less requests');
});

test('F4: CORS preflights are not failed logins', async (t) => {
  const gw = await started(t, F4_LIMITS);
  for (let i = 0; i < 10; i++) {
    const headers = i % 2 === 0 ? {} : {
      Origin: `http://127.0.0.1:${gw.port}`,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type',
    };
    const r = await request(gw.port, { method: 'OPTIONS', headers });
    assert.notEqual(r.status, 429, `preflight ${i + 1} (${i % 2 === 0 ? 'bare' : 'with Origin'})`);
  }
  await validTokenServed(gw, '10 OPTIONS requests');
});

test('F4: OAuth discovery probes are not failed logins, and get 404', async (t) => {
  const gw = await started(t, F4_LIMITS);
  const statuses = [];
  for (let i = 0; i < 10; i++) {
    const path = i % 2 === 0 ? '/.well-known/oauth-protected-resource' : '/.well-known/oauth-authorization-server';
    const r = await request(gw.port, { path });
    assert.notEqual(r.status, 429, `${path} (probe ${i + 1})`);
    statuses.push(r.status);
  }
  await validTokenServed(gw, '10 /.well-known/ probes');
  // gatehouse offers no OAuth: a client that probes for it is told there is none.
  assert.deepEqual(statuses, Array(10).fill(404), 'the discovery probes are answered 404');
});

test('F4: ?token= in the URL is refused (400) but is not a failed login', async (t) => {
  const gw = await started(t, F4_LIMITS);
  for (let i = 0; i < 10; i++) {
    const r = await mcpPost(gw.port, null, PING, { path: '/mcp?token=x' });
    assert.equal(r.status, 400, `?token=x request ${i + 1}`);
  }
  await validTokenServed(gw, '10 ?token=x requests');
});

test('F4: all of it from one page, then the valid token is served; a wrong token still counts', async (t) => {
  const gw = await started(t, F4_LIMITS);
  const preflight = { Origin: `http://127.0.0.1:${gw.port}`, 'Access-Control-Request-Method': 'POST' };
  for (let i = 0; i < 10; i++) {
    assert.equal((await credentialless(gw.port, i)).status, 401, `round ${i + 1}: no credential`);
    assert.notEqual((await request(gw.port, { method: 'OPTIONS', headers: preflight })).status, 429, `round ${i + 1}: preflight`);
    assert.notEqual((await request(gw.port, { path: '/.well-known/oauth-protected-resource' })).status, 429, `round ${i + 1}: discovery`);
    assert.equal((await mcpPost(gw.port, null, PING, { path: '/mcp?token=x' })).status, 400, `round ${i + 1}: ?token=x`);
  }
  await validTokenServed(gw, 'a page\'s worth of credential-less requests');

  // Control: a presented wrong token is a failed login; the limit still works.
  for (let i = 0; i < 3; i++)
    assert.equal((await mcpPost(gw.port, wrongToken(), PING)).status, 401, `wrong token ${i + 1}`);
  const blocked = await mcpPost(gw.port, wrongToken(), PING);
  assert.equal(blocked.status, 429, 'the 4th wrong token');
  assert.match(blocked.headers['retry-after'] || '', /^\d+$/);
});

// ---- F10a ----------------------------------------------------------------

test('F10: the gateway starts without a libmicrohttpd warning', async (t) => {
  const gw = await started(t);
  const mhd = gw.logs().split('\n').filter((l) => /msg="http server"/.test(l));
  assert.deepEqual(mhd, [], 'libmicrohttpd complained at startup');
});
