// The official SDK client, through gatehouse, against server-everything as a stdio
// server: prefixed names, calls, progress, sampling, elicitation, roots, resources
// (read and subscribe), prompts, completion, logging, and the clean environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema,
  ResourceUpdatedNotificationSchema, LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

import { everything, connect, textOf, within, waitFor, startGatewaySafe } from './lib/mcp.mjs';

let gw;
let c;             // one client with every client capability, shared by most tests
const sampled = [];
const elicited = [];
const rootsAsked = [];
const updates = [];
const logs = [];

before(async () => {
  gw = await startGatewaySafe({
    limits: { callTimeoutMs: 20000 },
    mcpServers: {
      everything: everything({ env: { FOO: 'bar', FROM_ENV: { env: 'GATEHOUSE_TEST_SECRET' } } }),
    },
  }, { env: { GATEHOUSE_TEST_SECRET: 'leak-me-not' } });
  c = await connect(gw, {
    capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } },
    setup(client) {
      client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
        sampled.push(req.params);
        return { role: 'assistant', model: 'gh-test-model', stopReason: 'endTurn',
          content: { type: 'text', text: 'the-sampled-answer-4711' } };
      });
      client.setRequestHandler(ElicitRequestSchema, async (req) => {
        elicited.push(req.params);
        return { action: 'accept', content: { name: 'Ada Lovelace', check: true } };
      });
      client.setRequestHandler(ListRootsRequestSchema, async () => {
        rootsAsked.push(Date.now());
        return { roots: [{ uri: 'file:///tmp/gh-root-one', name: 'root-one' }] };
      });
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params); });
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { logs.push(n.params); });
    },
  });
});

after(async () => {
  if (c) await c.close();
  if (gw) { await gw.stop(); gw.cleanup(); }
});

test('tools are listed with the server prefix', async () => {
  const { tools } = await c.client.listTools();
  const names = tools.map((t) => t.name);
  for (const n of ['everything__echo', 'everything__get-sum', 'everything__get-env',
    'everything__trigger-long-running-operation', 'everything__toggle-subscriber-updates',
    'everything__trigger-sampling-request', 'everything__trigger-elicitation-request']) {
    assert.ok(names.includes(n), `${n} missing from tools/list: ${names.join(' ')}`);
  }
  assert.ok(names.every((n) => n.startsWith('everything__')), `an unprefixed tool: ${names.join(' ')}`);
  const echo = tools.find((t) => t.name === 'everything__echo');
  assert.equal(echo.inputSchema.type, 'object');
  assert.ok(echo.inputSchema.properties.message, 'the input schema came through');
});

test('echo and get-sum', async () => {
  const e = await c.client.callTool({ name: 'everything__echo', arguments: { message: 'hello gatehouse' } });
  assert.equal(textOf(e), 'Echo: hello gatehouse');
  const s = await c.client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 40 } });
  assert.match(textOf(s), /The sum of 2 and 40 is 42\./);
});

test('an unknown tool is a JSON-RPC error, not a hang', async () => {
  await assert.rejects(within(c.client.callTool({ name: 'everything__no-such-tool', arguments: {} }), 5000),
    (e) => e.code !== undefined && /no-such-tool|unknown|not found/i.test(e.message));
  await assert.rejects(within(c.client.callTool({ name: 'echo', arguments: { message: 'x' } }), 5000),
    (e) => e.code !== undefined, 'the unprefixed name must not route');
});

test('progress of a long-running operation reaches the client', async () => {
  const seen = [];
  const r = await c.client.callTool(
    { name: 'everything__trigger-long-running-operation', arguments: { duration: 1.5, steps: 3 } },
    undefined, { onprogress: (p) => seen.push(p), timeout: 15000 });
  assert.match(textOf(r), /Long running operation completed/);
  assert.equal(seen.length, 3, `progress notifications: ${JSON.stringify(seen)}`);
  for (let i = 0; i < seen.length; i++) {
    assert.equal(seen[i].progress, i + 1);
    assert.equal(seen[i].total, 3);
  }
});

test('a sampling request is relayed to the client and its answer to the tool', async () => {
  const before = sampled.length;
  const r = await c.client.callTool({ name: 'everything__trigger-sampling-request',
    arguments: { prompt: 'what is gatehouse', maxTokens: 33 } }, undefined, { timeout: 15000 });
  assert.equal(sampled.length, before + 1, 'the client was asked exactly once');
  const asked = sampled[sampled.length - 1];
  assert.equal(asked.maxTokens, 33);
  assert.match(JSON.stringify(asked.messages), /what is gatehouse/);
  assert.match(textOf(r), /the-sampled-answer-4711/);
  assert.match(textOf(r), /gh-test-model/);
});

test('an elicitation is relayed to the client and its answer to the tool', async () => {
  const before = elicited.length;
  const r = await c.client.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} },
    undefined, { timeout: 15000 });
  assert.equal(elicited.length, before + 1);
  assert.equal(elicited.at(-1).requestedSchema.type, 'object');
  assert.match(textOf(r), /Name: Ada Lovelace/);
  assert.match(textOf(r), /Agreed to terms: true/);
});

test('roots/list is relayed to the client that mirrors the roots capability', async () => {
  // server-everything asks for roots ~350 ms after it is initialized, outside any call.
  await waitFor(() => rootsAsked.length > 0, { timeoutMs: 5000, what: 'roots/list reaching the client' });
  const r = await c.client.callTool({ name: 'everything__get-roots-list', arguments: {} });
  assert.match(textOf(r), /gh-root-one/);
});

test('resources are listed and read by their unchanged URIs; templates listed', async () => {
  const { resources } = await c.client.listResources();
  assert.ok(resources.length > 0, 'no resources');
  const doc = resources.find((r) => r.uri.startsWith('demo://resource/static/document/'));
  assert.ok(doc, `no static document among ${resources.map((r) => r.uri).join(' ')}`);
  const read = await c.client.readResource({ uri: doc.uri });
  assert.equal(read.contents[0].uri, doc.uri);
  assert.ok(read.contents[0].text.length > 0);
  const { resourceTemplates } = await c.client.listResourceTemplates();
  assert.ok(resourceTemplates.some((t) => t.uriTemplate === 'demo://resource/dynamic/text/{resourceId}'),
    JSON.stringify(resourceTemplates));
  const dyn = await c.client.readResource({ uri: 'demo://resource/dynamic/text/7' });
  assert.match(dyn.contents[0].text, /^Resource 7: /);
});

test('a subscription delivers notifications/resources/updated', async () => {
  const uri = 'demo://resource/dynamic/text/3';
  await c.client.subscribeResource({ uri });
  const on = await c.client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
  assert.match(textOf(on), /Started simulated resource updated/);
  try {
    await waitFor(() => updates.some((u) => u.uri === uri), { timeoutMs: 8000, what: `resources/updated for ${uri}` });
  } finally {
    await c.client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
    await c.client.unsubscribeResource({ uri });
  }
});

test('prompts are listed with the prefix and got', async () => {
  const { prompts } = await c.client.listPrompts();
  const names = prompts.map((p) => p.name);
  for (const n of ['everything__simple-prompt', 'everything__args-prompt', 'everything__completable-prompt']) {
    assert.ok(names.includes(n), `${n} missing: ${names.join(' ')}`);
  }
  const simple = await c.client.getPrompt({ name: 'everything__simple-prompt' });
  assert.equal(simple.messages[0].content.text, 'This is a simple prompt without arguments.');
  const args = await c.client.getPrompt({ name: 'everything__args-prompt', arguments: { city: 'Lyon', state: 'Rhone' } });
  assert.equal(args.messages[0].content.text, "What's weather in Lyon, Rhone?");
});

test('completion for a prompt argument and a resource template', async () => {
  const p = await c.client.complete({ ref: { type: 'ref/prompt', name: 'everything__completable-prompt' },
    argument: { name: 'department', value: 'S' } });
  assert.deepEqual([...p.completion.values].sort(), ['Sales', 'Support']);
  const ctx = await c.client.complete({ ref: { type: 'ref/prompt', name: 'everything__completable-prompt' },
    argument: { name: 'name', value: '' }, context: { arguments: { department: 'Engineering' } } });
  assert.deepEqual(ctx.completion.values, ['Alice', 'Bob', 'Charlie']);
  const r = await c.client.complete({ ref: { type: 'ref/resource', uri: 'demo://resource/dynamic/text/{resourceId}' },
    argument: { name: 'resourceId', value: '12' } });
  assert.deepEqual(r.completion.values, ['12']);
});

test('logging/setLevel is accepted and simulated log messages reach the client', async () => {
  await c.client.setLoggingLevel('debug');
  const before = logs.length;
  await c.client.callTool({ name: 'everything__toggle-simulated-logging', arguments: {} });
  try {
    await waitFor(() => logs.length > before, { timeoutMs: 7000, what: 'a notifications/message' });
  } finally {
    await c.client.callTool({ name: 'everything__toggle-simulated-logging', arguments: {} });
  }
});

test('cancelling a long operation with an AbortSignal: the gateway stays healthy', async () => {
  const ac = new AbortController();
  const seen = [];
  const p = c.client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 3, steps: 6 } },
    undefined, { signal: ac.signal, onprogress: (x) => seen.push(x), timeout: 15000 });
  await waitFor(() => seen.length >= 1, { timeoutMs: 3000, what: 'the first progress' });
  const errorsBefore = c.errors.length;
  ac.abort('user cancelled');
  await assert.rejects(within(p, 1000, 'the aborted call'));
  // server-everything ignores the cancellation and keeps sending progress for the old
  // token: the gateway must drop it rather than hand the client an unknown token.
  const e = await c.client.callTool({ name: 'everything__echo', arguments: { message: 'after cancel' } });
  assert.equal(textOf(e), 'Echo: after cancel');
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(c.errors.slice(errorsBefore).map(String), []);
  const s = await c.client.callTool({ name: 'everything__get-sum', arguments: { a: 3, b: 4 } });
  assert.match(textOf(s), /is 7/);
});

test('get-env: a clean environment, a private HOME, and the declared env', async () => {
  const r = await c.client.callTool({ name: 'everything__get-env', arguments: {} });
  const env = JSON.parse(textOf(r));
  assert.equal(env.GATEHOUSE_TEST_SECRET, undefined, 'the gateway\'s own environment leaked');
  assert.deepEqual(Object.keys(env).filter((k) => env[k] === 'leak-me-not'), ['FROM_ENV'],
    'the secret value is only where the config declared it');
  assert.equal(env.FOO, 'bar');
  assert.equal(env.FROM_ENV, 'leak-me-not', 'an explicit {"env": VAR} reference is resolved');
  const home = join(gw.stateDir, 'home', 'everything');
  assert.equal(env.HOME, home);
  assert.ok(existsSync(home) && statSync(home).isDirectory());
  assert.equal(env.TMPDIR, home, 'TMPDIR is the private directory too');
  const allowed = new Set(['PATH', 'LANG', 'TZ', 'HOME', 'TMPDIR', 'FOO', 'FROM_ENV']);
  const extra = Object.keys(env).filter((k) => !allowed.has(k));
  assert.deepEqual(extra, [], `variables beyond PATH, LANG, TZ, HOME, TMPDIR and the config: ${extra.join(' ')}`);
});
