// Pre-authentication limits of the HTTP front: slow headers, slow bodies,
// oversized headers and too many connections from one address are cut off
// without hurting anyone else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startGateway, request, rawSend, sleep } from './lib/gateway.mjs';

const OK_STATUS = /^HTTP\/1\.[01] 200\b/m;

async function pollUntil(probe, { timeoutMs = 3000, everyMs = 100 } = {}) {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 1000 && Date.now() < end; i++) {
    if (await probe()) return true;
    await sleep(everyMs);
  }
  return probe();
}

function metricValue(text, name) {
  const m = text.match(new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, 'm'));
  return m ? Number(m[1]) : NaN;
}

async function getMetrics(gw) {
  const r = await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` } });
  assert.equal(r.status, 200, r.body);
  return r.body;
}

// Split `text` into one-byte chunks.
const bytes = (text) => [...text];

// A raw socket that connects and then sends nothing. Resolves once connected
// with the socket and a promise of how it ended.
function idleSocket(port) {
  return new Promise((res, rej) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let received = '';
    s.setEncoding('utf8');
    s.on('data', (d) => { received += d; });
    const ended = new Promise((r) => s.on('close', () => r({ received })));
    s.on('error', () => {});
    s.once('connect', () => res({ sock: s, ended }));
    s.once('error', rej);
  });
}

test('headers trickled byte by byte are cut off, and other clients are not hurt', async (t) => {
  const gw = await startGateway({ limits: { headerTimeoutMs: 1000 } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });

  const head = 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
  const slowText = head + 'a'.repeat(100 - head.length);
  assert.equal(slowText.length, 100);

  // Meanwhile a well-behaved client keeps asking on fresh connections.
  let trickleDone = false;
  const normal = (async () => {
    const statuses = [];
    for (let i = 0; i < 40 && !trickleDone; i++) {
      const h = await request(gw.port, { path: '/healthz', timeoutMs: 3000 });
      const m = await request(gw.port, { path: '/metrics', headers: { Authorization: `Bearer ${gw.token}` }, timeoutMs: 3000 });
      statuses.push(h.status, m.status);
      await sleep(150);
    }
    return statuses;
  })();

  const started = Date.now();
  const slow = await rawSend(gw.port, bytes(slowText), { gapMs: 100, waitMs: 500 });
  const took = Date.now() - started;
  trickleDone = true;
  const statuses = await normal;

  assert.equal(slow.closedEarly, true, `the slow client was never cut off (sent ${slow.sent} bytes)`);
  assert.ok(slow.sent < slowText.length);
  assert.doesNotMatch(slow.received, OK_STATUS);
  assert.ok(took < 8000, `cutting the slow client took ${took} ms`);
  assert.ok(statuses.length >= 2, 'the normal client made no request');
  assert.ok(statuses.every((s) => s === 200), `the normal client got ${statuses}`);

  const text = await getMetrics(gw);
  assert.ok(metricValue(text, 'gatehouse_slow_clients_total') > 0, text);
});

test('a body trickled after the headers is cut off', async (t) => {
  const gw = await startGateway({ limits: { bodyTimeoutMs: 1000 } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });

  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(100) } }).slice(0, 100);
  assert.equal(body.length, 100);
  const head = 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
    `Authorization: Bearer ${gw.token}\r\n` +
    'Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n' +
    'Content-Length: 100\r\n\r\n';
  const chunks = [head + body.slice(0, 10), ...bytes(body.slice(10))];
  const started = Date.now();
  const slow = await rawSend(gw.port, chunks, { gapMs: 100, waitMs: 500 });
  const took = Date.now() - started;

  assert.equal(slow.closedEarly, true, `the slow body was never cut off (sent ${slow.sent} of ${chunks.length} chunks)`);
  assert.doesNotMatch(slow.received, OK_STATUS);
  assert.ok(took < 8000, `cutting the slow body took ${took} ms`);
  assert.equal((await request(gw.port, { path: '/healthz' })).status, 200);
  assert.ok(metricValue(await getMetrics(gw), 'gatehouse_slow_clients_total') > 0);

  // Without a token the gateway does not wait for the body at all.
  const anon = head.replace(/Authorization: [^\r]*\r\n/, '');
  const r = await rawSend(gw.port, [anon + body.slice(0, 10), ...bytes(body.slice(10))], { gapMs: 100, waitMs: 500 });
  assert.equal(r.closedEarly, true, 'an unauthenticated slow body was read to the end');
  assert.match(r.received, /^HTTP\/1\.[01] 401\b/);
});

test('an oversized header gets 431 or a closed connection, never 200', async (t) => {
  const gw = await startGateway();
  t.after(async () => { await gw.stop(); gw.cleanup(); });

  const big = 'b'.repeat(20 * 1024);
  const req = 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
    `Authorization: Bearer ${gw.token}\r\nX-Big: ${big}\r\n\r\n`;
  const r = await rawSend(gw.port, [req], { waitMs: 2000 });
  assert.doesNotMatch(r.received, OK_STATUS);
  if (r.received.length > 0) assert.match(r.received, /^HTTP\/1\.[01] 431\b/, r.received.slice(0, 200));

  // Many headers that are each small but together too large.
  const many = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'c'.repeat(50)}\r\n`).join('');
  const r2 = await rawSend(gw.port, ['GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
    `Authorization: Bearer ${gw.token}\r\n${many}\r\n`], { waitMs: 2000 });
  assert.doesNotMatch(r2.received, OK_STATUS);
  if (r2.received.length > 0) assert.match(r2.received, /^HTTP\/1\.[01] 431\b/, r2.received.slice(0, 200));

  // The gateway is still fine for everyone else.
  assert.equal((await request(gw.port, { path: '/healthz' })).status, 200);
  assert.equal((await getMetrics(gw)).length > 0, true);
});

test('maxConnectionsPerIp: the connection over the cap is closed, and closing frees the slots', async (t) => {
  const gw = await startGateway({ limits: { maxConnectionsPerIp: 4 } });
  const open = [];
  t.after(async () => {
    for (const s of open) s.sock.destroy();
    await gw.stop();
    gw.cleanup();
  });

  for (let i = 0; i < 4; i++) open.push(await idleSocket(gw.port));
  await sleep(300);   // let the gateway accept and count all four

  const fifth = await idleSocket(gw.port).catch((e) => ({ error: e }));
  if (!fifth.error) {
    open.push(fifth);
    fifth.sock.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const outcome = await Promise.race([fifth.ended, sleep(3000).then(() => 'still open')]);
    assert.notEqual(outcome, 'still open', 'the fifth connection from one address was not closed');
    assert.equal(outcome.received, '', `the fifth connection got an HTTP answer: ${outcome.received.slice(0, 100)}`);
  }
  // The four held connections were not disturbed by the refusal.
  for (const s of open.slice(0, 4)) assert.equal(s.sock.destroyed, false, 'a held connection was closed');

  for (const s of open) s.sock.destroy();
  let last = null;
  assert.ok(await pollUntil(async () => {
    last = await request(gw.port, { path: '/healthz', timeoutMs: 2000 }).catch((e) => ({ status: e.code || e.message }));
    return last.status === 200;
  }), `no request worked after the held connections closed: ${last && last.status}`);
  assert.ok(metricValue(await getMetrics(gw), 'gatehouse_connections_refused_total') > 0);
});
