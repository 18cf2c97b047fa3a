// `gatehouse stdio`: the official SDK's StdioClientTransport launches
// `gatehouse --config FILE stdio` and talks MCP over stdin/stdout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { BIN, tempDir, sleep, testCache } from './lib/gateway.mjs';
import { everything, badServer, textOf, within, waitFor, records, untilListed } from './lib/mcp.mjs';

let dir;
let client;
let transport;
let stderr = '';
const sampled = [];
const errors = [];

before(async () => {
  dir = tempDir('gh-stdio-');
  const configPath = join(dir, 'gatehouse.json');
  writeFileSync(configPath, JSON.stringify({
    stateDir: 'state',
    limits: { callTimeoutMs: 3000 },
    mcpServers: { everything: everything({ env: { FOO: 'bar' } }), slow: badServer('hang') },
  }, null, 2));
  transport = new StdioClientTransport({
    command: BIN,
    args: ['--config', configPath, 'stdio'],
    // The suite's compiled patterns: without them a gateway compiles its own at
    // start, about 10 s of this 15 s under AddressSanitizer.
    env: { PATH: process.env.PATH, XDG_CACHE_HOME: testCache, GATEHOUSE_TEST_SECRET: 'leak-me-not' },
    stderr: 'pipe',
  });
  transport.stderr.setEncoding('utf8');
  transport.stderr.on('data', (d) => { stderr += d; });
  client = new Client({ name: 'gh-stdio-test', version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.onerror = (e) => errors.push(e);
  client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
    sampled.push(req.params);
    return { role: 'assistant', model: 'stdio-model', content: { type: 'text', text: 'stdio-sampled-answer' } };
  });
  await within(client.connect(transport), 15000, 'connect over stdio');
});

after(async () => {
  try { await within(client?.close(), 5000, 'close'); } catch { /* ignore */ }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('stdio: initialize answered by gatehouse, tools listed with prefixes', async () => {
  assert.equal(client.getServerVersion()?.name, 'gatehouse');
  // Over stdio there is no /readyz to wait for: list until both servers are up.
  const want = ['everything__echo', 'everything__get-sum', 'everything__trigger-long-running-operation',
    'everything__trigger-sampling-request', 'slow__hang', 'slow__ok'];
  const names = await untilListed(client, want);
  for (const n of want) assert.ok(names.includes(n), `${n} missing: ${names.join(' ')}`);
  assert.ok(names.every((n) => n.startsWith('everything__') || n.startsWith('slow__')), names.join(' '));
});

test('stdio: a call works', async () => {
  const r = await client.callTool({ name: 'everything__echo', arguments: { message: 'over stdio' } });
  assert.equal(textOf(r), 'Echo: over stdio');
});

test('stdio: progress notifications reach the client', async () => {
  const seen = [];
  const r = await client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 1, steps: 4 } },
    undefined, { onprogress: (p) => seen.push(p), timeout: 10000 });
  assert.match(textOf(r), /completed/);
  // The SDK client runs notification handlers a microtask late but responses at once:
  // when the last progress and the response arrive in one stdout chunk, it drops that
  // progress ("unknown token"). It does the same talking to server-everything directly,
  // so only the last one may be missing here.
  const got = seen.map((p) => p.progress);
  assert.ok(got.length >= 3, `progress: ${JSON.stringify(got)}`);
  assert.deepEqual(got, [1, 2, 3, 4].slice(0, got.length));
  assert.ok(seen.every((p) => p.total === 4));
});

test('stdio: sampling is relayed to the client', async () => {
  const r = await client.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'hi' } });
  assert.equal(sampled.length, 1);
  assert.match(textOf(r), /stdio-sampled-answer/);
});

test('stdio: a hanging server times out with an error, the gateway keeps serving', async () => {
  const started = Date.now();
  await assert.rejects(within(client.callTool({ name: 'slow__hang', arguments: {} }, undefined, { timeout: 20000 }), 5000),
    (e) => typeof e.code === 'number' && /3000/.test(e.message));
  assert.ok(Date.now() - started >= 2800);
  const r = await client.callTool({ name: 'everything__get-sum', arguments: { a: 20, b: 22 } });
  assert.match(textOf(r), /is 42/);
});

test('stdio: the clean environment applies to downstream servers', async () => {
  const env = JSON.parse(textOf(await client.callTool({ name: 'everything__get-env', arguments: {} })));
  assert.equal(env.GATEHOUSE_TEST_SECRET, undefined);
  assert.equal(env.FOO, 'bar');
  assert.equal(env.HOME, join(dir, 'state', 'home', 'everything'));
});

test('stdio: calls are recorded', async () => {
  const rows = await waitFor(() => {
    const r = records(join(dir, 'state'), "method = 'tools/call'");
    return r.length >= 5 && r;
  }, { timeoutMs: 2000, what: 'the records of the stdio calls' });
  const echo = rows.find((r) => /(^|__)echo$/.test(r.target));
  assert.ok(echo, JSON.stringify(rows));
  assert.equal(echo.server, 'everything');
  assert.equal(echo.outcome, 'ok');
  assert.ok(rows.some((r) => r.server === 'slow' && r.outcome === 'timeout'));
});

test('stdio: nothing but JSON-RPC on stdout; logs on stderr', async () => {
  // The SDK would have reported a non-JSON line on stdout through onerror.
  await sleep(100);
  const sdkRace = /progress notification for an unknown token.*"progress":4,"total":4/;
  assert.deepEqual(errors.map(String).filter((e) => !sdkRace.test(e)), []);
  assert.match(stderr, /server ready/);
});

test('stdio: end of stdin stops gatehouse and its servers promptly', async () => {
  const pid = transport.pid;
  const proc = transport._process;   // the SDK keeps the ChildProcess here
  const children = [...stderr.matchAll(/msg="server started" server=\S+ pid=(\d+)/g)].map((m) => Number(m[1]));
  assert.ok(pid && children.length >= 2, `pids: ${pid} ${children}`);
  const started = Date.now();
  await within(client.close(), 7000, 'client.close');
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 1900, `gatehouse stdio took ${elapsed} ms to exit after EOF (the SDK sends SIGTERM at 2 s)`);
  if (proc) assert.equal(proc.exitCode, 0, `exit code ${proc.exitCode} signal ${proc.signalCode}`);
  const alive = (p) => { try { process.kill(p, 0); return true; } catch { return false; } };
  await waitFor(() => children.every((p) => !alive(p)), { timeoutMs: 3000, what: 'the downstream servers to exit' });
});
