#!/usr/bin/env node
// The conformance fixture: an MCP server, written with the official TypeScript SDK,
// that implements what every SERVER scenario of @modelcontextprotocol/conformance
// checks (see `conformance list --server`). DESIGN.md section 10: the suite must
// pass through the gateway for every scenario this fixture passes directly.
//
//   node fixture.mjs stdio             StdioServerTransport on stdin/stdout
//   node fixture.mjs http PORT         Streamable HTTP on http://127.0.0.1:PORT/mcp,
//                                      stateful sessions; PORT 0 picks a free port.
//                                      The first stdout line is the URL.
//
// The low-level SDK `Server` is used (not McpServer) so that every list entry and
// schema is exactly what is written here: the JSON Schema 2020-12 tool needs a raw
// schema, and the gateway should see plain, predictable data.
//
// Scenario -> what it needs here:
//   server-initialize, ping, logging-set-level     SDK + `logging` capability
//   completion-complete                            completion/complete for
//                                                  test_prompt_with_arguments
//   tools-list                                     every tool has a description
//   tools-call-simple-text/-image/-audio/-embedded-resource/-mixed-content,
//   tools-call-error, -with-logging, -with-progress, -sampling, -elicitation
//                                                  test_* tools below
//   json-schema-2020-12 (pending suite)            json_schema_2020_12_tool
//   elicitation-sep1034-defaults, -sep1330-enums   test_elicitation_sep1034_defaults,
//                                                  test_elicitation_sep1330_enums
//   server-sse-polling (pending suite)             test_reconnection + event store
//   server-sse-multiple-streams                    stateful HTTP sessions
//   resources-list/-read-text/-read-binary/-templates-read/-subscribe/-unsubscribe
//   prompts-list/-get-simple/-get-with-args/-get-embedded-resource/-get-with-image
//   dns-rebinding-protection                       Host/Origin validation (HTTP)
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import {
  CallToolRequestSchema, CompleteRequestSchema, CreateMessageResultSchema, ElicitResultSchema,
  ErrorCode, GetPromptRequestSchema, isInitializeRequest, ListPromptsRequestSchema,
  ListResourcesRequestSchema, ListResourceTemplatesRequestSchema, ListToolsRequestSchema,
  LoggingLevelSchema, ReadResourceRequestSchema, SetLevelRequestSchema,
  SubscribeRequestSchema, UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

// 1x1 red PNG, and a minimal (silent, 1 sample) WAV.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQIAAAAAAA==';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = (t) => ({ type: 'text', text: t });
const noArgs = { type: 'object', properties: {} };
const LEVELS = LoggingLevelSchema.options;            // debug ... emergency, in order
// A JSON-RPC error with exactly this code and message (McpError would prefix the
// message with "MCP error <code>:", which then shows up twice at the client).
const rpcError = (code, message, data) => Object.assign(new Error(message), { code, data });

// ---------------------------------------------------------------- tools
const TOOLS = [
  { name: 'test_simple_text', description: 'Returns simple text content.', inputSchema: noArgs },
  { name: 'test_image_content', description: 'Returns image content (a 1x1 PNG).', inputSchema: noArgs },
  { name: 'test_audio_content', description: 'Returns audio content (a tiny WAV).', inputSchema: noArgs },
  { name: 'test_embedded_resource', description: 'Returns an embedded text resource.', inputSchema: noArgs },
  { name: 'test_multiple_content_types', description: 'Returns text, image and resource content.', inputSchema: noArgs },
  { name: 'test_tool_with_logging', description: 'Sends three info log notifications while it runs.', inputSchema: noArgs },
  { name: 'test_tool_with_progress', description: 'Reports progress 0, 50, 100 of 100 when given a progress token.', inputSchema: noArgs },
  { name: 'test_error_handling', description: 'Always fails with isError: true.', inputSchema: noArgs },
  {
    name: 'test_sampling', description: 'Asks the client for an LLM completion (sampling/createMessage).',
    inputSchema: { type: 'object', properties: { prompt: { type: 'string', description: 'The prompt to send to the LLM' } }, required: ['prompt'] },
  },
  {
    name: 'test_elicitation', description: 'Asks the user for input (elicitation/create).',
    inputSchema: { type: 'object', properties: { message: { type: 'string', description: 'The message to show the user' } }, required: ['message'] },
  },
  { name: 'test_elicitation_sep1034_defaults', description: 'Elicitation whose schema has defaults for every primitive type (SEP-1034).', inputSchema: noArgs },
  { name: 'test_elicitation_sep1330_enums', description: 'Elicitation with the five enum schema forms (SEP-1330).', inputSchema: noArgs },
  {
    name: 'json_schema_2020_12_tool', description: 'Tool with JSON Schema 2020-12 features',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      // SEP-1613 ($schema, $defs, additionalProperties) and SEP-2106 ($anchor,
      // allOf/anyOf, if/then/else): the scenario checks each survives tools/list.
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
    },
  },
  { name: 'test_reconnection', description: 'Closes its SSE stream mid-call, then answers (SEP-1699); the client must resume.', inputSchema: noArgs },
  {
    name: 'test_trigger_resource_update', description: 'Sends notifications/resources/updated for test://watched-resource if subscribed (not checked by the suite; for relay tests).',
    inputSchema: noArgs,
  },
];

// ---------------------------------------------------------------- resources / prompts
const RESOURCES = [
  { uri: 'test://static-text', name: 'static-text', description: 'A static text resource', mimeType: 'text/plain' },
  { uri: 'test://static-binary', name: 'static-binary', description: 'A static binary resource (PNG)', mimeType: 'image/png' },
  { uri: 'test://watched-resource', name: 'watched-resource', description: 'A resource that can be subscribed to', mimeType: 'text/plain' },
];
const TEMPLATE = {
  uriTemplate: 'test://template/{id}/data', name: 'template-data',
  description: 'Data for an id, substituted into the URI', mimeType: 'application/json',
};
const TEMPLATE_RE = /^test:\/\/template\/([^/]+)\/data$/;

const PROMPTS = [
  { name: 'test_simple_prompt', description: 'A prompt without arguments' },
  {
    name: 'test_prompt_with_arguments', description: 'A prompt with two required arguments',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
  },
  {
    name: 'test_prompt_with_embedded_resource', description: 'A prompt that embeds a resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
  },
  { name: 'test_prompt_with_image', description: 'A prompt with image content' },
];
const COMPLETIONS = ['paris', 'park', 'party', 'test', 'testing', 'tested', 'value1', 'value2'];

// ---------------------------------------------------------------- one server per session
function createServer(log) {
  const server = new Server(
    { name: 'gatehouse-conformance-fixture', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
    },
  );
  const subscriptions = new Set();
  let level = 'info';                                   // minimum level sent

  server.setRequestHandler(SetLevelRequestSchema, async (req) => {
    level = req.params.level;
    return {};
  });
  // A log notification that belongs to request `extra` (sent on its stream).
  const logTo = (extra, lvl, data) =>
    LEVELS.indexOf(lvl) < LEVELS.indexOf(level) ? Promise.resolve()
      : extra.sendNotification({ method: 'notifications/message', params: { level: lvl, logger: 'fixture', data } });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));

  server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
    const args = req.params.arguments ?? {};
    switch (req.params.name) {
      case 'test_simple_text':
        return { content: [text('This is a simple text response for testing.')] };
      case 'test_image_content':
        return { content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] };
      case 'test_audio_content':
        return { content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] };
      case 'test_embedded_resource':
        return {
          content: [{
            type: 'resource',
            resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
          }],
        };
      case 'test_multiple_content_types':
        return {
          content: [
            text('Multiple content types test:'),
            { type: 'image', data: PNG, mimeType: 'image/png' },
            {
              type: 'resource',
              resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) },
            },
          ],
        };
      case 'test_tool_with_logging':
        await logTo(extra, 'info', 'Tool execution started');
        await sleep(50);
        await logTo(extra, 'info', 'Tool processing data');
        await sleep(50);
        await logTo(extra, 'info', 'Tool execution completed');
        return { content: [text('Tool with logging executed successfully')] };
      case 'test_tool_with_progress': {
        const token = req.params._meta?.progressToken;
        for (const progress of [0, 50, 100]) {
          if (token !== undefined) {
            await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, total: 100 } });
          }
          if (progress < 100) await sleep(50);
        }
        return { content: [text('Tool with progress executed successfully')] };
      }
      case 'test_error_handling':
        return { isError: true, content: [text('This tool intentionally returns an error for testing')] };
      case 'test_sampling': {
        if (typeof args.prompt !== 'string') throw rpcError(ErrorCode.InvalidParams, 'prompt (string) is required');
        if (!server.getClientCapabilities()?.sampling) {
          return { isError: true, content: [text('The client does not support sampling')] };
        }
        const r = await extra.sendRequest({
          method: 'sampling/createMessage',
          params: { messages: [{ role: 'user', content: text(args.prompt) }], maxTokens: 100 },
        }, CreateMessageResultSchema);
        const answer = r.content?.type === 'text' ? r.content.text : JSON.stringify(r.content);
        return { content: [text(`LLM response: ${answer}`)] };
      }
      case 'test_elicitation': {
        if (typeof args.message !== 'string') throw rpcError(ErrorCode.InvalidParams, 'message (string) is required');
        return elicit(extra, args.message, {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          required: ['username', 'email'],
        }, 'User response');
      }
      case 'test_elicitation_sep1034_defaults':
        return elicit(extra, 'Please review and update the form fields with defaults', {
          type: 'object',
          properties: {
            name: { type: 'string', description: 'User name', default: 'John Doe' },
            age: { type: 'integer', description: 'User age', default: 30 },
            score: { type: 'number', description: 'User score', default: 95.5 },
            status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
            verified: { type: 'boolean', description: 'Verification status', default: true },
          },
          required: [],
        });
      case 'test_elicitation_sep1330_enums':
        return elicit(extra, 'Please pick from the enum fields', {
          type: 'object',
          properties: {
            untitledSingle: { type: 'string', description: 'Untitled single-select', enum: ['option1', 'option2', 'option3'] },
            titledSingle: {
              type: 'string', description: 'Titled single-select',
              oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' }, { const: 'value3', title: 'Third Option' }],
            },
            legacyEnum: {
              type: 'string', description: 'Legacy titled enum',
              enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'],
            },
            untitledMulti: {
              type: 'array', description: 'Untitled multi-select',
              items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            },
            titledMulti: {
              type: 'array', description: 'Titled multi-select',
              items: { anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' }, { const: 'value3', title: 'Third Choice' }] },
            },
          },
          required: [],
        });
      case 'json_schema_2020_12_tool':
        return { content: [text(`json_schema_2020_12_tool called with ${JSON.stringify(args)}`)] };
      case 'test_reconnection':
        // Only over HTTP with an event store: end this request's SSE stream now, so
        // the client must reconnect with Last-Event-ID to get the answer.
        extra.closeSSEStream?.();
        await sleep(100);
        return { content: [text('Reconnection test completed successfully.')] };
      case 'test_trigger_resource_update':
        if (subscriptions.has('test://watched-resource')) {
          await server.sendResourceUpdated({ uri: 'test://watched-resource' });
          return { content: [text('sent notifications/resources/updated')] };
        }
        return { content: [text('not subscribed; nothing sent')] };
      default:
        throw rpcError(ErrorCode.InvalidParams, `Unknown tool: ${req.params.name}`);
    }
  });

  async function elicit(extra, message, requestedSchema, label = 'Elicitation completed') {
    if (!server.getClientCapabilities()?.elicitation) {
      return { isError: true, content: [text('The client does not support elicitation')] };
    }
    const r = await extra.sendRequest({ method: 'elicitation/create', params: { message, requestedSchema } }, ElicitResultSchema);
    return { content: [text(`${label}: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`)] };
  }

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: RESOURCES }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates: [TEMPLATE] }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const { uri } = req.params;
    if (uri === 'test://static-text') {
      return { contents: [{ uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] };
    }
    if (uri === 'test://static-binary') return { contents: [{ uri, mimeType: 'image/png', blob: PNG }] };
    if (uri === 'test://watched-resource') return { contents: [{ uri, mimeType: 'text/plain', text: 'Watched resource content' }] };
    const m = TEMPLATE_RE.exec(uri);
    if (m) {
      const id = decodeURIComponent(m[1]);
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }] };
    }
    throw rpcError(-32002, `Resource not found: ${uri}`, { uri });
  });
  server.setRequestHandler(SubscribeRequestSchema, async (req) => { subscriptions.add(req.params.uri); return {}; });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => { subscriptions.delete(req.params.uri); return {}; });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: PROMPTS }));
  server.setRequestHandler(GetPromptRequestSchema, async (req) => {
    const a = req.params.arguments ?? {};
    const need = (k) => {
      if (typeof a[k] !== 'string') throw rpcError(ErrorCode.InvalidParams, `Missing required argument: ${k}`);
      return a[k];
    };
    switch (req.params.name) {
      case 'test_simple_prompt':
        return { messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }] };
      case 'test_prompt_with_arguments':
        return { messages: [{ role: 'user', content: text(`Prompt with arguments: arg1='${need('arg1')}', arg2='${need('arg2')}'`) }] };
      case 'test_prompt_with_embedded_resource':
        return {
          messages: [
            { role: 'user', content: { type: 'resource', resource: { uri: need('resourceUri'), mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
            { role: 'user', content: text('Please process the embedded resource above.') },
          ],
        };
      case 'test_prompt_with_image':
        return {
          messages: [
            { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
            { role: 'user', content: text('Please analyze the image above.') },
          ],
        };
      default:
        throw rpcError(ErrorCode.InvalidParams, `Unknown prompt: ${req.params.name}`);
    }
  });

  server.setRequestHandler(CompleteRequestSchema, async (req) => {
    const { ref, argument } = req.params;
    const known = (ref.type === 'ref/prompt' && PROMPTS.some((p) => p.name === ref.name))
      || (ref.type === 'ref/resource' && ref.uri === TEMPLATE.uriTemplate);
    const values = known ? COMPLETIONS.filter((v) => v.startsWith(argument.value ?? '')) : [];
    return { completion: { values, total: values.length, hasMore: false } };
  });

  server.onerror = (e) => log(`server error: ${e?.message ?? e}`);
  return server;
}

// ---------------------------------------------------------------- event store (SEP-1699)
// Keeps the last MAX_EVENTS events so a client can resume a stream with Last-Event-ID.
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

// ---------------------------------------------------------------- transports
const log = (msg) => process.stderr.write(`fixture: ${msg}\n`);
const [mode, portArg] = process.argv.slice(2);

if (mode === 'stdio') {
  await createServer(log).connect(new StdioServerTransport());
} else if (mode === 'http') {
  const port = Number(portArg ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log(`bad port: ${portArg}`);
    process.exit(2);
  }
  const MAX_SESSIONS = 100;
  const sessions = new Map();                          // session id -> transport
  const events = new EventStore();
  // Loopback only; the SDK's app validates Host (DNS rebinding) for 127.0.0.1.
  const app = createMcpExpressApp({ host: '127.0.0.1' });

  app.all('/mcp', async (req, res) => {
    try {
      const sid = req.headers['mcp-session-id'];
      if (sid !== undefined) {
        const transport = sessions.get(sid);
        if (!transport) {
          res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
          return;
        }
        sessions.delete(sid);                          // keep the Map in LRU order
        sessions.set(sid, transport);
        await transport.handleRequest(req, res, req.body);
        return;
      }
      if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
        res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: no valid session id' }, id: null });
        return;
      }
      // Clients rarely DELETE their session: past MAX_SESSIONS the least recently
      // used one is closed, so memory stays bounded however many runs come.
      if (sessions.size >= MAX_SESSIONS) {
        const [oldId, oldest] = sessions.entries().next().value;
        sessions.delete(oldId);
        oldest.close().catch(() => {});
      }
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        eventStore: events,
        retryInterval: 500,
        onsessioninitialized: (id) => sessions.set(id, transport),
      });
      transport.onclose = () => { if (transport.sessionId) sessions.delete(transport.sessionId); };
      await createServer(log).connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (e) {
      log(`request error: ${e?.stack ?? e}`);
      if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
    }
  });

  const httpServer = app.listen(port, '127.0.0.1', () => {
    process.stdout.write(`http://127.0.0.1:${httpServer.address().port}/mcp\n`);
  });
  httpServer.on('error', (e) => { log(`listen: ${e.message}`); process.exit(1); });
  const stop = () => {
    for (const t of sessions.values()) t.close().catch(() => {});
    httpServer.close(() => process.exit(0));
    httpServer.closeAllConnections?.();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  process.stderr.write('usage: fixture.mjs stdio | fixture.mjs http PORT\n');
  process.exit(2);
}
