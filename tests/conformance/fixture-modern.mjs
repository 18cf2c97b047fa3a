#!/usr/bin/env node
// The 2026-07-28 conformance fixture: an MCP server written with the official v2 SDK
// (@modelcontextprotocol/server) that implements what every SERVER scenario of
// @modelcontextprotocol/conformance checks at `--spec-version 2026-07-28`
// (`conformance list --server --spec-version 2026-07-28`). It serves the 2025 era on
// the same endpoint too (`initialize` opens a stateful session), so one process can
// stand behind the gateway for clients of either era.
//
//   node fixture-modern.mjs stdio        serveStdio(): the first message picks the era
//                                        (`initialize` = 2025, a request whose `_meta`
//                                        carries io.modelcontextprotocol/protocolVersion
//                                        = 2026-07-28, e.g. `server/discover`)
//   node fixture-modern.mjs http PORT    http://127.0.0.1:PORT/mcp; PORT 0 picks a free
//                                        port. The first stdout line is the URL.
//
// HTTP routing: Host/Origin checks first (DNS rebinding), then the SDK's own era
// classifier (isLegacyRequest): modern traffic goes to createMcpHandler (a fresh
// McpServer per request, `legacy: 'reject'`), legacy traffic to stateful sessions on
// WebStandardStreamableHTTPServerTransport with an event store (SEP-1699 resumption).
// Node's http request is adapted to a web-standard Request and back, so no web
// framework is needed.
//
// Scenario -> what it needs here (2026-07-28; the 2025 names are served as well):
//   tools-*, prompts-*, resources-*, completion-complete   the test_* names below
//   json-schema-2020-12                json_schema_2020_12_tool (raw 2020-12 schema)
//   sep-2164-resource-not-found        SDK: unknown URI -> -32602
//   caching                            SDK: ttlMs/cacheScope filled on cacheable results
//   http-header-validation             SDK: Mcp-Method / Mcp-Name / version header checks
//   http-custom-header-server-validation  test_x_mcp_header (x-mcp-header: Region)
//   server-stateless                   test_missing_capability, test_streaming_elicitation,
//                                      test_logging_tool, test_trigger_tool_change,
//                                      test_trigger_prompt_change (+ SDK envelope checks,
//                                      subscriptions/listen)
//   server-sse-multiple-streams        concurrent POSTs (per-request instances)
//   dns-rebinding-protection           hostHeaderValidationResponse / originValidationResponse
//   input-required-result-*            test_input_required_result_* tools and the
//                                      test_input_required_result_prompt prompt; the
//                                      requestState is HMAC-sealed (createRequestStateCodec)
//                                      and verified before the handler runs
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  CLIENT_CAPABILITIES_META_KEY, McpServer, ResourceTemplate, WebStandardStreamableHTTPServerTransport,
  acceptedContent, createMcpHandler, createRequestStateCodec, fromJsonSchema, hostHeaderValidationResponse,
  inputRequired, inputResponse, isInitializeRequest, isLegacyRequest, localhostAllowedHostnames,
  localhostAllowedOrigins, originValidationResponse,
} from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';

// 1x1 red PNG, and a minimal (silent, 1 sample) WAV.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQIAAAAAAA==';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = (t) => ({ type: 'text', text: t });
const done = (t) => ({ content: [text(t)] });
const schema = (s) => fromJsonSchema(s);
const noArgs = () => schema({ type: 'object', properties: {} });
const log = (msg) => process.stderr.write(`fixture-modern: ${msg}\n`);

// requestState is opaque to the client and comes back as untrusted input: it is
// sealed with a per-process HMAC key and checked by the SDK (ServerOptions.requestState
// .verify) before a handler runs; a tampered or expired state gets -32602.
const stateCodec = createRequestStateCodec({ key: randomBytes(32) });
const mintState = (payload) => stateCodec.mint({ ...payload, nonce: randomUUID() });

// Embedded input requests, as the input-required scenarios name them.
const askName = (message = 'What is your name?') => inputRequired.elicit({
  message, requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
});
const askConfirm = () => inputRequired.elicit({
  message: 'Please confirm', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
});
const askLlm = (prompt, maxTokens = 100) => inputRequired.createMessage({
  messages: [{ role: 'user', content: text(prompt) }], maxTokens,
});
// The text of a sampling answer (a result object carrying `content`), or undefined.
const samplingText = (responses, key) => {
  const v = inputResponse(responses, key);
  if (v.kind !== 'sampling') return undefined;
  const c = v.result.content;
  return Array.isArray(c) ? c.map((b) => b.text ?? '').join('') : c?.type === 'text' ? c.text : JSON.stringify(c);
};

// ---------------------------------------------------------------- one McpServer
// `notify` publishes list changes to open subscriptions/listen streams (the HTTP
// modern handler's bus); without it (stdio, legacy sessions) the instance sends the
// notification itself and the SDK routes it (stdio: onto the listen subscriptions).
function createServer({ notify } = {}) {
  const mcp = new McpServer(
    { name: 'gatehouse-conformance-fixture-modern', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},                 // 2025 era only (logging/setLevel); ignored at 2026-07-28
        completions: {},
      },
      requestState: { verify: stateCodec.verify },
    },
  );
  const tool = (name, description, inputSchema, cb) => mcp.registerTool(name, { description, inputSchema: inputSchema ?? noArgs() }, cb);

  // ---- content tools (2025 and 2026)
  tool('test_simple_text', 'Returns simple text content.', null, async () => done('This is a simple text response for testing.'));
  tool('test_image_content', 'Returns image content (a 1x1 PNG).', null,
    async () => ({ content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] }));
  tool('test_audio_content', 'Returns audio content (a tiny WAV).', null,
    async () => ({ content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] }));
  tool('test_embedded_resource', 'Returns an embedded text resource.', null, async () => ({
    content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }],
  }));
  tool('test_multiple_content_types', 'Returns text, image and resource content.', null, async () => ({
    content: [
      text('Multiple content types test:'),
      { type: 'image', data: PNG, mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) } },
    ],
  }));
  tool('test_error_handling', 'Always fails with isError: true.', null,
    async () => ({ isError: true, content: [text('This tool intentionally returns an error for testing')] }));
  tool('test_tool_with_progress', 'Reports progress 0, 50, 100 of 100 when given a progress token.', null, async (_a, ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    if (token !== undefined) {
      for (const progress of [0, 50, 100]) {
        await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress, total: 100 } });
        if (progress < 100) await sleep(50);
      }
    }
    return done('Tool with progress executed successfully');
  });
  tool('test_tool_with_logging', 'Sends three info log notifications while it runs (2025 era).', null, async (_a, ctx) => {
    for (const [i, data] of ['Tool execution started', 'Tool processing data', 'Tool execution completed'].entries()) {
      if (i) await sleep(50);
      await ctx.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', logger: 'fixture', data } });
    }
    return done('Tool with logging executed successfully');
  });
  tool('json_schema_2020_12_tool', 'Tool with JSON Schema 2020-12 features', schema({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    $defs: { address: { $anchor: 'addressDef', type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
    properties: {
      name: { type: 'string' },
      address: { $ref: '#/$defs/address' },
      contactMethod: { type: 'string', enum: ['phone', 'email'] },
      phone: { type: 'string' },
      email: { type: 'string' },
    },
    allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
    if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
    then: { required: ['phone'] },
    else: { required: ['email'] },
    additionalProperties: false,
  }), async (args) => done(`json_schema_2020_12_tool called with ${JSON.stringify(args)}`));
  tool('test_reconnection', 'Closes its SSE stream mid-call, then answers (SEP-1699, 2025 era); the client must resume.', null, async (_a, ctx) => {
    ctx.http?.closeSSE?.();
    await sleep(100);
    return done('Reconnection test completed successfully.');
  });

  // ---- sampling / elicitation, written once: on 2026-07-28 the client answers an
  // input_required result; on a 2025 session the SDK's shim turns each input request
  // into a real server-to-client request and re-enters the handler.
  tool('test_sampling', 'Asks the client for an LLM completion (sampling/createMessage).', schema({
    type: 'object', properties: { prompt: { type: 'string', description: 'The prompt to send to the LLM' } }, required: ['prompt'],
  }), async ({ prompt }, ctx) => {
    const answer = samplingText(ctx.mcpReq.inputResponses, 'llm');
    if (answer === undefined) return inputRequired({ inputRequests: { llm: askLlm(prompt) } });
    return done(`LLM response: ${answer}`);
  });
  const elicitTool = (name, description, inputSchema, message, requestedSchema, label) =>
    tool(name, description, inputSchema, async (args, ctx) => {
      const v = inputResponse(ctx.mcpReq.inputResponses, 'form');
      if (v.kind !== 'elicit') {
        return inputRequired({ inputRequests: { form: inputRequired.elicit({ message: message(args), requestedSchema }) } });
      }
      return done(`${label}: action=${v.action}, content=${JSON.stringify(v.content ?? {})}`);
    });
  elicitTool('test_elicitation', 'Asks the user for input (elicitation/create).', schema({
    type: 'object', properties: { message: { type: 'string', description: 'The message to show the user' } }, required: ['message'],
  }), (a) => a.message, {
    type: 'object',
    properties: { username: { type: 'string', description: "User's response" }, email: { type: 'string', description: "User's email address" } },
    required: ['username', 'email'],
  }, 'User response');
  elicitTool('test_elicitation_sep1034_defaults', 'Elicitation whose schema has defaults for every primitive type (SEP-1034).', null,
    () => 'Please review and update the form fields with defaults', {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'User name', default: 'John Doe' },
        age: { type: 'integer', description: 'User age', default: 30 },
        score: { type: 'number', description: 'User score', default: 95.5 },
        status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', description: 'Verification status', default: true },
      },
      required: [],
    }, 'Elicitation completed');
  elicitTool('test_elicitation_sep1330_enums', 'Elicitation with the five enum schema forms (SEP-1330).', null,
    () => 'Please pick from the enum fields', {
      type: 'object',
      properties: {
        untitledSingle: { type: 'string', description: 'Untitled single-select', enum: ['option1', 'option2', 'option3'] },
        titledSingle: {
          type: 'string', description: 'Titled single-select',
          oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' }, { const: 'value3', title: 'Third Option' }],
        },
        legacyEnum: { type: 'string', description: 'Legacy titled enum', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
        untitledMulti: { type: 'array', description: 'Untitled multi-select', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
        titledMulti: {
          type: 'array', description: 'Titled multi-select',
          items: { anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' }, { const: 'value3', title: 'Third Choice' }] },
        },
      },
      required: [],
    }, 'Elicitation completed');

  // ---- http-custom-header-server-validation (SEP-2243): a string parameter mirrored
  // into Mcp-Param-Region; the SDK checks the header against the body.
  tool('test_x_mcp_header', 'Echoes its region; region travels in the Mcp-Param-Region header too (SEP-2243).', schema({
    type: 'object',
    properties: {
      region: { type: 'string', description: 'Mirrored into Mcp-Param-Region', 'x-mcp-header': 'Region' },
      level: { type: 'integer', description: 'Not mirrored' },
    },
  }), async (args) => done(`region=${args.region ?? '<none>'}`));

  // ---- server-stateless (SEP-2575) diagnostics
  tool('test_missing_capability', 'Needs the sampling client capability (an input request); without it the SDK answers -32021.', null,
    async (_a, ctx) => {
      if (samplingText(ctx.mcpReq.inputResponses, 'llm_answer') === undefined) {
        return inputRequired({ inputRequests: { llm_answer: askLlm('Reply with the single word: pong', 16) } });
      }
      return done('sampling round-trip complete');
    });
  tool('test_streaming_elicitation', 'A plain call: its response stream carries results only, never a request of its own.', null,
    async () => done('result frames only'));
  tool('test_logging_tool', 'Logs through ctx.mcpReq.log, which sends nothing unless the request set _meta logLevel.', null,
    async (_a, ctx) => {
      await ctx.mcpReq.log('info', 'test_logging_tool ran');
      return done('logged (delivered only with _meta logLevel)');
    });
  tool('test_trigger_tool_change', 'Publishes notifications/tools/list_changed to listeners.', null, async () => {
    if (notify) notify.toolsChanged(); else await mcp.sendToolListChanged();
    return done('tools list_changed published');
  });
  tool('test_trigger_prompt_change', 'Publishes notifications/prompts/list_changed to listeners.', null, async () => {
    if (notify) notify.promptsChanged(); else await mcp.sendPromptListChanged();
    return done('prompts list_changed published');
  });

  // ---- input-required-result-* (SEP-2322)
  // basic-elicitation, result-type, missing-input-response, ignore-extra-params and
  // validate-input all call this one: anything but an accepted user_name asks again.
  tool('test_input_required_result_elicitation', 'Asks for the caller name through an input_required elicitation.', null,
    async (_a, ctx) => {
      const name = acceptedContent(ctx.mcpReq.inputResponses, 'user_name')?.name;
      if (typeof name !== 'string') return inputRequired({ inputRequests: { user_name: askName() } });
      return done(`Hello, ${name}!`);
    });
  tool('test_input_required_result_sampling', 'Asks for an LLM completion through an input_required sampling request.', null,
    async (_a, ctx) => {
      const answer = samplingText(ctx.mcpReq.inputResponses, 'capital_question');
      if (answer === undefined) return inputRequired({ inputRequests: { capital_question: askLlm('What is the capital of France?') } });
      return done(`Sampling response: ${answer}`);
    });
  tool('test_input_required_result_list_roots', 'Asks for the client roots through an input_required roots/list request.', null,
    async (_a, ctx) => {
      const v = inputResponse(ctx.mcpReq.inputResponses, 'client_roots');
      if (v.kind !== 'roots') return inputRequired({ inputRequests: { client_roots: inputRequired.listRoots() } });
      return done(`Client exposed ${v.roots.length} root(s): ${v.roots.map((r) => r.uri).join(', ')}`);
    });
  tool('test_input_required_result_request_state', 'Round-trips a sealed requestState beside an elicitation.', null,
    async (_a, ctx) => {
      const state = ctx.mcpReq.requestState();
      if (acceptedContent(ctx.mcpReq.inputResponses, 'confirm') === undefined || state?.tool !== 'request_state') {
        return inputRequired({ inputRequests: { confirm: askConfirm() }, requestState: await mintState({ tool: 'request_state' }) });
      }
      return done('state-ok: requestState verified and confirmation received');
    });
  tool('test_input_required_result_multiple_inputs', 'Asks for an elicitation, a sampling and the roots in one round.', null,
    async (_a, ctx) => {
      const r = ctx.mcpReq.inputResponses;
      const name = acceptedContent(r, 'user_name')?.name;
      const greeting = samplingText(r, 'greeting');
      const roots = inputResponse(r, 'client_roots');
      if (typeof name !== 'string' || greeting === undefined || roots.kind !== 'roots') {
        return inputRequired({
          inputRequests: { user_name: askName(), greeting: askLlm('Generate a greeting', 50), client_roots: inputRequired.listRoots() },
          requestState: await mintState({ tool: 'multiple_inputs' }),
        });
      }
      return done(`${greeting} ${name} (${roots.roots.length} root(s) visible)`);
    });
  tool('test_input_required_result_multi_round', 'Two elicitation rounds; the round lives in the sealed requestState.', null,
    async (_a, ctx) => {
      const state = ctx.mcpReq.requestState();
      const round = state?.tool === 'multi_round' && Number.isInteger(state.round) ? state.round : 0;
      const ask = (message, prop) => inputRequired.elicit({
        message, requestedSchema: { type: 'object', properties: { [prop]: { type: 'string' } }, required: [prop] },
      });
      if (round === 0) {
        return inputRequired({
          inputRequests: { step1: ask('Step 1: What is your name?', 'name') },
          requestState: await mintState({ tool: 'multi_round', round: 1 }),
        });
      }
      if (round === 1) {
        const name = acceptedContent(ctx.mcpReq.inputResponses, 'step1')?.name ?? 'unknown';
        return inputRequired({
          inputRequests: { step2: ask('Step 2: What is your favorite color?', 'color') },
          requestState: await mintState({ tool: 'multi_round', round: 2, name }),
        });
      }
      const color = acceptedContent(ctx.mcpReq.inputResponses, 'step2')?.color ?? 'unknown';
      return done(`Multi-round complete: ${state.name ?? 'unknown'} likes ${color}`);
    });
  tool('test_input_required_result_tampered_state', 'Completes only with an intact requestState (a tampered one never reaches it).', null,
    async (_a, ctx) => {
      if (ctx.mcpReq.requestState()?.tool === 'tampered_state' && acceptedContent(ctx.mcpReq.inputResponses, 'confirm') !== undefined) {
        return done('integrity-ok: requestState verified');
      }
      return inputRequired({ inputRequests: { confirm: askConfirm() }, requestState: await mintState({ tool: 'tampered_state' }) });
    });
  tool('test_input_required_result_capabilities', 'Asks only for the input kinds the request declared client capabilities for.', null,
    async (_a, ctx) => {
      if (ctx.mcpReq.inputResponses !== undefined) return done('Capability-aware input requests fulfilled');
      const declared = ctx.mcpReq.envelope?.[CLIENT_CAPABILITIES_META_KEY] ?? {};
      const inputRequests = {};
      if (declared.elicitation !== undefined) inputRequests.user_name = askName();
      if (declared.sampling !== undefined) inputRequests.greeting = askLlm('Generate a short greeting', 50);
      if (declared.roots !== undefined) inputRequests.client_roots = inputRequired.listRoots();
      if (Object.keys(inputRequests).length === 0) return done('No declared client capability supports an input request');
      return inputRequired({ inputRequests });
    });
  // Bridge tests (not checked by the suite): list-change notice for subscribers.
  tool('test_trigger_resource_update', 'Publishes notifications/resources/updated for test://watched-resource.', null, async () => {
    if (notify) notify.resourceUpdated('test://watched-resource');
    else await mcp.server.sendResourceUpdated({ uri: 'test://watched-resource' });
    return done('resources/updated published');
  });

  // ---- resources
  const textResource = (name, uri, description, body) => mcp.registerResource(name, uri, { description, mimeType: 'text/plain' },
    async () => ({ contents: [{ uri, mimeType: 'text/plain', text: body }] }));
  textResource('static-text', 'test://static-text', 'A static text resource', 'This is the content of the static text resource.');
  mcp.registerResource('static-binary', 'test://static-binary', { description: 'A static binary resource (PNG)', mimeType: 'image/png' },
    async () => ({ contents: [{ uri: 'test://static-binary', mimeType: 'image/png', blob: PNG }] }));
  textResource('watched-resource', 'test://watched-resource', 'A resource that can be subscribed to (2025 era)', 'Watched resource content');
  mcp.registerResource('template-data', new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    { description: 'Data for an id, substituted into the URI', mimeType: 'application/json' },
    async (uri, { id }) => ({
      contents: [{ uri: uri.toString(), mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }],
    }));
  // 2025 era: resources/subscribe and unsubscribe (gone at 2026-07-28).
  const subscribed = new Set();
  mcp.server.setRequestHandler('resources/subscribe', async (req) => { subscribed.add(req.params.uri); return {}; });
  mcp.server.setRequestHandler('resources/unsubscribe', async (req) => { subscribed.delete(req.params.uri); return {}; });

  // ---- prompts
  mcp.registerPrompt('test_simple_prompt', { description: 'A prompt without arguments' },
    async () => ({ messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }] }));
  mcp.registerPrompt('test_prompt_with_arguments', {
    description: 'A prompt with two required arguments',
    argsSchema: schema({
      type: 'object',
      properties: { arg1: { type: 'string', description: 'First test argument' }, arg2: { type: 'string', description: 'Second test argument' } },
      required: ['arg1', 'arg2'],
    }),
  }, async ({ arg1, arg2 }) => ({ messages: [{ role: 'user', content: text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`) }] }));
  mcp.registerPrompt('test_prompt_with_embedded_resource', {
    description: 'A prompt that embeds a resource',
    argsSchema: schema({
      type: 'object', properties: { resourceUri: { type: 'string', description: 'URI of the resource to embed' } }, required: ['resourceUri'],
    }),
  }, async ({ resourceUri }) => ({
    messages: [
      { role: 'user', content: { type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
      { role: 'user', content: text('Please process the embedded resource above.') },
    ],
  }));
  mcp.registerPrompt('test_prompt_with_image', { description: 'A prompt with image content' }, async () => ({
    messages: [
      { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
      { role: 'user', content: text('Please analyze the image above.') },
    ],
  }));
  // input-required-result-non-tool-request: prompts/get may answer input_required too.
  mcp.registerPrompt('test_input_required_result_prompt', { description: 'Asks for context (input_required) before rendering' },
    async (ctx) => {
      const context = acceptedContent(ctx.mcpReq.inputResponses, 'user_context')?.context;
      if (typeof context !== 'string') {
        return inputRequired({
          inputRequests: {
            user_context: inputRequired.elicit({
              message: 'What context should the prompt use?',
              requestedSchema: { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] },
            }),
          },
        });
      }
      return { messages: [{ role: 'user', content: text(`Use the following context: ${context}`) }] };
    });

  // ---- completion
  const COMPLETIONS = ['paris', 'park', 'party', 'test', 'testing', 'tested', 'value1', 'value2'];
  mcp.server.setRequestHandler('completion/complete', async (req) => {
    const { ref, argument } = req.params;
    const known = (ref.type === 'ref/prompt' && ref.name?.startsWith('test_'))
      || (ref.type === 'ref/resource' && ref.uri === 'test://template/{id}/data');
    const values = known ? COMPLETIONS.filter((v) => v.startsWith(argument?.value ?? '')) : [];
    return { completion: { values, total: values.length, hasMore: false } };
  });

  mcp.server.onerror = (e) => log(`server error: ${e?.message ?? e}`);
  return mcp;
}

// ---------------------------------------------------------------- event store (SEP-1699)
// 2025 sessions only: keeps the last MAX_EVENTS events so a client can resume a stream
// with Last-Event-ID.
class EventStore {
  static MAX_EVENTS = 10000;
  constructor() { this.events = new Map(); this.seq = 0; }
  async storeEvent(streamId, message) {
    const id = `${streamId}__${String(++this.seq).padStart(12, '0')}`;
    this.events.set(id, { streamId, message });
    if (this.events.size > EventStore.MAX_EVENTS) this.events.delete(this.events.keys().next().value);
    return id;
  }
  async replayEventsAfter(lastEventId, { send }) {
    const start = this.events.get(lastEventId);
    if (!start) return '';
    let after = false;
    for (const [id, ev] of this.events) {                 // Map keeps insertion order
      if (id === lastEventId) { after = true; continue; }
      if (after && ev.streamId === start.streamId) await send(id, ev.message);
    }
    return start.streamId;
  }
}

// ---------------------------------------------------------------- HTTP
const MAX_BODY = 4 * 1024 * 1024;
const MAX_SESSIONS = 100;
const rpcErrorResponse = (status, code, message) => new Response(
  JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }),
  { status, headers: { 'content-type': 'application/json' } },
);

function httpApp() {
  const modern = createMcpHandler(() => createServer({ notify: modern.notify }), {
    legacy: 'reject',
    onerror: (e) => log(`modern: ${e?.message ?? e}`),
  });
  const sessions = new Map();                         // session id -> { transport, server }, LRU order
  const events = new EventStore();

  async function legacy(request, body) {
    const sid = request.headers.get('mcp-session-id');
    if (sid !== null) {
      const s = sessions.get(sid);
      if (!s) return rpcErrorResponse(404, -32001, 'Session not found');
      sessions.delete(sid);
      sessions.set(sid, s);
      return s.transport.handleRequest(request);
    }
    // Without a session there is no GET stream and nothing to delete (405, as the
    // 2025 spec allows and 2026-07-28 requires).
    if (request.method !== 'POST') {
      return new Response('Method not allowed.', { status: 405, headers: { allow: 'POST' } });
    }
    if (!isInitializeRequest(body)) return rpcErrorResponse(400, -32000, 'Bad Request: no valid session id');
    // Clients rarely DELETE their session: past MAX_SESSIONS the least recently used
    // one is closed, so memory stays bounded however many runs come.
    if (sessions.size >= MAX_SESSIONS) {
      const [oldId, oldest] = sessions.entries().next().value;
      sessions.delete(oldId);
      oldest.transport.close().catch(() => {});
    }
    const server = createServer();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      eventStore: events,
      retryInterval: 500,
      onsessioninitialized: (id) => { sessions.set(id, { transport, server }); },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      server.close().catch(() => {});
    };
    await server.connect(transport);
    return transport.handleRequest(request);
  }

  async function handle(request, body) {
    const rejected = hostHeaderValidationResponse(request, localhostAllowedHostnames())
      ?? originValidationResponse(request, localhostAllowedOrigins());
    if (rejected) return rejected;
    if (new URL(request.url).pathname !== '/mcp') return new Response('Not found', { status: 404 });
    if (await isLegacyRequest(request)) return legacy(request, body);
    return modern.fetch(request);
  }

  const close = async () => {
    await modern.close().catch(() => {});
    for (const s of sessions.values()) await s.transport.close().catch(() => {});
  };
  return { handle, close };
}

// node:http request -> web Request; the response body is streamed back and the
// request is aborted when the client goes away (closing a stream cancels its call).
function serveNode(app) {
  return async (req, res) => {
    const ac = new AbortController();
    let reader;
    res.on('close', () => {
      if (!res.writableFinished) { ac.abort(); reader?.cancel().catch(() => {}); }
    });
    try {
      let raw;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const chunks = [];
        let size = 0;
        for await (const c of req) {
          size += c.length;
          if (size > MAX_BODY) { res.writeHead(413, { 'content-type': 'text/plain' }).end('Request body too large'); return; }
          chunks.push(c);
        }
        raw = Buffer.concat(chunks);
      }
      let body;
      try { body = raw?.length ? JSON.parse(raw.toString('utf8')) : undefined; } catch { body = undefined; }
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        try { headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]); } catch { /* invalid header: dropped */ }
      }
      const request = new Request(new URL(req.url ?? '/', `http://127.0.0.1:${req.socket.localPort}`), {
        method: req.method, headers, body: raw, signal: ac.signal,
      });
      const response = await app.handle(request, body);
      const out = {};
      response.headers.forEach((v, k) => { out[k] = v; });
      res.writeHead(response.status, out);
      res.flushHeaders();
      if (!response.body) { res.end(); return; }
      reader = response.body.getReader();
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        if (!res.write(value)) await new Promise((r) => { res.once('drain', r); res.once('close', r); });
        if (res.destroyed) break;
      }
      res.end();
    } catch (e) {
      if (!ac.signal.aborted) log(`request error: ${e?.stack ?? e}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }));
      } else res.destroy();
    }
  };
}

// ---------------------------------------------------------------- main
const [mode, portArg] = process.argv.slice(2);

if (mode === 'stdio') {
  const handle = serveStdio(() => createServer(), { onerror: (e) => log(`stdio: ${e?.message ?? e}`) });
  const stop = () => { handle.close().finally(() => process.exit(0)); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else if (mode === 'http') {
  const port = Number(portArg ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log(`bad port: ${portArg}`);
    process.exit(2);
  }
  const app = httpApp();
  const httpServer = http.createServer(serveNode(app));
  httpServer.listen(port, '127.0.0.1', () => {
    process.stdout.write(`http://127.0.0.1:${httpServer.address().port}/mcp\n`);
  });
  httpServer.on('error', (e) => { log(`listen: ${e.message}`); process.exit(1); });
  const stop = () => {
    app.close().finally(() => {
      httpServer.close(() => process.exit(0));
      httpServer.closeAllConnections?.();
      setTimeout(() => process.exit(0), 2000).unref();
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  process.stderr.write('usage: fixture-modern.mjs stdio | fixture-modern.mjs http PORT\n');
  process.exit(2);
}
