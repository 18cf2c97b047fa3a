// Attacks on the client address used by the auth-failure limit (DESIGN.md
// section 5): X-Forwarded-For is believed only from trustedProxies, read right
// to left, and a header that cannot be read fails closed onto the proxy itself.
// Every test talks from 127.0.0.1; XFF decides which client the gateway sees.
// Which address was charged is probed with a wrong token: 429 where the limit
// was reached, 401 elsewhere. (A valid token is never refused: front_misc.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startGateway, mcpPost } from './lib/gateway.mjs';

// initialize is the one request that needs no session: the probe of every front check.
const PING = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'test', version: '1' } } };
const MAX_TRIES = 20;                 // bound on every "until 429" loop

const wrongToken = () => `gth_${randomBytes(32).toString('base64url')}`;
const randomV4 = () => `${10 + (randomBytes(1)[0] % 200)}.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;

function post(gw, token, xff) {
  return mcpPost(gw.port, token, PING, { headers: xff === undefined ? {} : { 'X-Forwarded-For': xff } });
}

async function started(t, config) {
  const gw = await startGateway(config);
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  return gw;
}

test('behind a trusted proxy the right-most untrusted XFF address is limited, whatever is to its left', async (t) => {
  const gw = await started(t, { trustedProxies: ['127.0.0.1/32'], limits: { authFailuresPerMinute: 3 } });

  // Failures from "203.0.113.7" via the proxy, each with a different spoofed left part.
  let failures = 0;
  let blocked = null;
  for (let i = 0; i < MAX_TRIES; i++) {
    const r = await post(gw, wrongToken(), `${randomV4()}, 203.0.113.7`);
    if (r.status === 429) { blocked = r; break; }
    assert.equal(r.status, 401, `attempt ${i + 1}`);
    failures++;
  }
  assert.ok(blocked, `no 429 after ${MAX_TRIES} failures with a varying left-most XFF`);
  assert.equal(failures, 3, 'the limit is reached after exactly authFailuresPerMinute failures');
  assert.match(blocked.headers['retry-after'] || '', /^\d+$/);

  // The correct token, a different left part: still the same client, still blocked.
  const spoofed = await post(gw, wrongToken(), '198.51.100.1, 203.0.113.7');
  assert.equal(spoofed.status, 429);
  const plain = await post(gw, wrongToken(), '203.0.113.7');
  assert.equal(plain.status, 429);

  // A different client behind the same proxy is not affected...
  const other = await post(gw, wrongToken(), '203.0.113.8');
  assert.equal(other.status, 401);
  // ... and neither is the proxy itself (the failures were not charged to it).
  const proxy = await post(gw, wrongToken());
  assert.equal(proxy.status, 401);

  // The same client behind a chain of trusted hops is still the same client.
  const chained = await post(gw, wrongToken(), '198.51.100.99, 203.0.113.7, 127.0.0.1');
  assert.equal(chained.status, 429);
});

test('behind a trusted proxy, XFF naming a loopback client grants nothing', async (t) => {
  const gw = await started(t, { trustedProxies: ['127.0.0.1/32'], limits: { authFailuresPerMinute: 100 } });
  for (const xff of ['127.0.0.1', '::1', '203.0.113.9, 127.0.0.1']) {
    const r = await post(gw, null, xff);
    assert.equal(r.status, 401, `XFF ${xff}`);
  }
});

test('without trustedProxies, a varying X-Forwarded-For does not escape the limit', async (t) => {
  const gw = await started(t, { limits: { authFailuresPerMinute: 3 } });
  const spoofs = ['203.0.113.1', '198.51.100.2, 203.0.113.2', '2001:db8::7', 'not-an-ip', '203.0.113.3'];
  let failures = 0;
  let blocked = false;
  for (let i = 0; i < MAX_TRIES; i++) {
    const r = await post(gw, wrongToken(), spoofs[i % spoofs.length]);
    if (r.status === 429) { blocked = true; break; }
    assert.equal(r.status, 401, `attempt ${i + 1}`);
    failures++;
  }
  assert.ok(blocked, `no 429 after ${MAX_TRIES} failures`);
  assert.equal(failures, 3, 'every failure counted against the peer 127.0.0.1, whatever XFF said');
  // The correct token, with or without a fresh XFF: the peer is blocked.
  assert.equal((await post(gw, wrongToken())).status, 429);
  assert.equal((await post(gw, wrongToken(), '203.0.113.250')).status, 429);
  assert.equal((await post(gw, wrongToken(), randomV4())).status, 429);
});

// Each malformed form gets its own gateway with a limit of 1, so that one failure
// proves where that very header was charged.
const MALFORMED = {
  'not-an-ip': 'not-an-ip',
  '"1.2.3.4,," (empty hops)': '1.2.3.4,,',
  'over 2048 bytes (two hops padded with spaces)': `198.51.100.1,${' '.repeat(2100)}203.0.113.7`,
};

for (const [name, xff] of Object.entries(MALFORMED)) {
  test(`malformed XFF from the trusted proxy fails closed onto the proxy: ${name}`, async (t) => {
    const gw = await started(t, { trustedProxies: ['127.0.0.1/32'], limits: { authFailuresPerMinute: 1 } });
    const r = await post(gw, wrongToken(), xff);
    assert.equal(r.status, 401);
    // The failure was charged to the proxy address: the proxy with no XFF is limited.
    const proxy = await post(gw, wrongToken());
    assert.equal(proxy.status, 429, `after one failure with XFF ${JSON.stringify(xff.slice(0, 40))}, 127.0.0.1 should be limited`);
  });
}

test('junk left of the first untrusted hop is never read: 40 hops charge the right-most, not the proxy', async (t) => {
  // Failing closed on a long client-written prefix would let any client behind the
  // proxy lock out everyone else behind it; only what our proxy appended counts.
  const gw = await started(t, { trustedProxies: ['127.0.0.1/32'], limits: { authFailuresPerMinute: 1 } });
  const hops = Array.from({ length: 40 }, (_, i) => `198.51.100.${i + 1}`).join(', ');
  assert.equal((await post(gw, wrongToken(), hops)).status, 401);
  assert.equal((await post(gw, wrongToken())).status, 401, 'the proxy itself is not charged');
  assert.equal((await post(gw, wrongToken(), '198.51.100.40')).status, 429, 'the right-most hop is');
});

test('control: a well-formed XFF failure is not charged to the proxy', async (t) => {
  // Without this, the malformed tests would also pass if XFF were ignored.
  const gw = await started(t, { trustedProxies: ['127.0.0.1/32'], limits: { authFailuresPerMinute: 1 } });
  assert.equal((await post(gw, wrongToken(), '203.0.113.44')).status, 401);
  assert.equal((await post(gw, wrongToken())).status, 401);
  assert.equal((await post(gw, wrongToken(), '203.0.113.44')).status, 429);
});

test('IPv6 clients in XFF are limited by their /64', async (t) => {
  const gw = await started(t, { trustedProxies: ['127.0.0.1/32'], limits: { authFailuresPerMinute: 3 } });
  let failures = 0;
  let blocked = false;
  for (let i = 0; i < MAX_TRIES; i++) {
    // Alternate two addresses of one /64: they must add up.
    const r = await post(gw, wrongToken(), i % 2 ? '2001:db8::1' : '[2001:db8::ffff:1]:443');
    if (r.status === 429) { blocked = true; break; }
    assert.equal(r.status, 401, `attempt ${i + 1}`);
    failures++;
  }
  assert.ok(blocked, `no 429 after ${MAX_TRIES} failures`);
  assert.equal(failures, 3);
  assert.equal((await post(gw, wrongToken(), '2001:db8::1')).status, 429);
  assert.equal((await post(gw, wrongToken(), '2001:db8::2')).status, 429, 'same /64 as 2001:db8::1');
  assert.equal((await post(gw, wrongToken(), '2001:db8:0:0:ffff:ffff:ffff:ffff')).status, 429, 'same /64');
  assert.equal((await post(gw, wrongToken(), '2001:db8:0:1::1')).status, 401, 'another /64 is not blocked');
  assert.equal((await post(gw, wrongToken())).status, 401, 'the proxy itself is not blocked');
});
