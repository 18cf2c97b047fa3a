// Redaction (issue 10, part 2), against the real binary: secrets a server gives
// back reach the client as [REDACTED:rule], in a JSON answer, in an SSE stream and
// deep in structured content; a vault value injected into server-everything and
// read back with its get-env tool comes back redacted; lookalikes pass unchanged;
// a server's stderr is logged without the secret; redact.results "block"
// withholds the answer and "off" passes it. Afterwards no secret is in the log or
// in any file of the state directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './lib/gateway.mjs';
import { plant } from './lib/sweep.mjs';
import { fixture, everything, startGatewaySafe, connect, textOf, rawInit, rawPost, waitFor, LATEST } from './lib/mcp.mjs';

// Fake keys of the real formats (none is live); each must come back redacted.
const KEYS = {
  'openai-key': 'sk-proj-' + 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'.repeat(2) + '_-Q7',
  'anthropic-key': 'sk-ant-api03-' + 'Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVb4nM7'.repeat(2) + '-_AA',
  'aws-access-key': 'AKIAIOSFODNN7EXAMPLE',
  'github-token': 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'slack-token': 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  'stripe-key': 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'google-api-key': 'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
  'url-password': 'redis://:changeme-pw@cache.internal:6379',
  'jwt': 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
};
Object.values(KEYS).forEach(plant);
const LOOKALIKES = [
  'request 550e8400-e29b-41d4-a716-446655440000 done',
  'commit 9fceb02d0ae598e95dc970b74767f19372d61af8',
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'The task-runner finished; see https://example.com/a?b=c.',
];

function filesUnder(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function assertNowhere(gw, secrets) {
  for (const s of secrets) {
    assert.ok(!gw.logs().includes(s), `a secret is in the log: ${s.slice(0, 12)}...`);
    for (const f of filesUnder(gw.dir))
      assert.ok(!readFileSync(f).includes(Buffer.from(s)), `a secret is in ${f}`);
  }
}

test('every key format a tool returns is redacted, in JSON and deep in structured content; lookalikes pass', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { leak: fixture('secret-leaker.mjs') } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const s = await connect(gw);
  t.after(() => s.client.close());
  for (const [slug, key] of Object.entries(KEYS)) {
    const r = textOf(await s.client.callTool({ name: 'leak__say', arguments: { text: `here: ${key} end` } }));
    // A URL keeps its host: only scheme, user and password are the secret part.
    const want = slug === 'url-password' ? `here: [REDACTED:${slug}]cache.internal:6379 end` : `here: [REDACTED:${slug}] end`;
    assert.equal(r, want, slug);
  }
  for (const text of LOOKALIKES)
    assert.equal(textOf(await s.client.callTool({ name: 'leak__say', arguments: { text } })), text);
  const st = await s.client.callTool({ name: 'leak__structured', arguments: { text: KEYS['github-token'] } });
  assert.deepEqual(st.structuredContent, { nested: { deep: ['[REDACTED:github-token]'] } });
  // stderr of the server is logged, redacted.
  await s.client.callTool({ name: 'leak__logs', arguments: { text: `debug ${KEYS['openai-key']}` } });
  await waitFor(() => /msg="server stderr" server=leak line="debug \[REDACTED:openai-key\]"/.test(gw.logs()),
    { timeoutMs: 5000, what: 'the redacted stderr line in the log' });
  assert.match(gw.logs(), /msg="a result held secrets; redacted" server=leak/);
  await gw.stop();
  // The secrets went into the gateway in the requests, yet are in no log line and no file.
  assertNowhere(gw, Object.values(KEYS));
});

test('in an SSE answer the secret is redacted too', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { leak: fixture('secret-leaker.mjs') } });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const init = await rawInit(gw.port, gw.token);
  const o = { sessionId: init.sessionId, version: LATEST };
  const r = await rawPost(gw.port, gw.token, { jsonrpc: '2.0', id: 7, method: 'tools/call',
    params: { name: 'leak__say_streamed', arguments: { text: `token ${KEYS['aws-access-key']}` }, _meta: { progressToken: 'p1' } } }, o);
  assert.match(r.headers['content-type'], /text\/event-stream/, 'the answer came as an SSE stream');
  assert.ok(!r.body.includes(KEYS['aws-access-key']));
  const answer = r.messages.find((m) => m.id === 7);
  assert.equal(answer.result.content[0].text, 'token [REDACTED:aws-access-key]');
});

test('a vault value read back through server-everything\'s get-env is redacted', async (t) => {
  const dir = tempDir('gh-redact-vault-');
  const value = 'vault-value-' + 'q8W2e4R6t8Y0u2I4';
  const cfg = { listen: ['127.0.0.1:0'], stateDir: 'state',
    mcpServers: { everything: everything({ env: { DEMO_API_KEY: { secret: 'demo' } } }) } };
  const configPath = join(dir, 'gatehouse.json');
  (await import('node:fs')).writeFileSync(configPath, JSON.stringify(cfg));
  assert.equal(runCli(['secret', 'set', 'demo'], { configPath, input: value }).code, 0);
  const gw = await startGatewaySafe(cfg, { dir });
  t.after(async () => { await gw.stop(); gw.cleanup(); });
  const s = await connect(gw);
  t.after(() => s.client.close());
  const text = textOf(await s.client.callTool({ name: 'everything__get-env', arguments: {} }));
  assert.ok(text.includes('DEMO_API_KEY'), 'get-env lists the variable');
  assert.ok(!text.includes(value), 'the vault value reached the client');
  assert.match(text, /\[REDACTED:vault\]/);
  await gw.stop();
  assertNowhere(gw, [value]);
});

test('redact.results "block" withholds the answer, "off" passes it', async (t) => {
  for (const mode of ['block', 'off']) {
    const gw = await startGatewaySafe({ redact: { results: mode }, mcpServers: { leak: fixture('secret-leaker.mjs') } });
    t.after(async () => { await gw.stop(); gw.cleanup(); });
    const s = await connect(gw);
    const call = s.client.callTool({ name: 'leak__say', arguments: { text: KEYS['stripe-key'] } });
    if (mode === 'block') {
      await assert.rejects(call, /held a secret and was withheld/);
      assert.equal(textOf(await s.client.callTool({ name: 'leak__say', arguments: { text: 'harmless' } })), 'harmless');
    } else {
      assert.equal(textOf(await call), KEYS['stripe-key']);
    }
    await s.client.close();
  }
});
