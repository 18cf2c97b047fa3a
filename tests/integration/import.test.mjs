// gatehouse import and connect (issue 12 item 1) against fixture client files of
// the six formats, in a temporary HOME (never the real one): what each import
// adds, that --rewrite leaves the client talking only to gatehouse in its own
// format with every other key kept, that a second import changes nothing, that
// an inline secret goes to the vault (or to the environment with a warning) and
// is in no file and no output, that a malformed file is refused naming the JSON
// path, and that the rewritten entries really connect: the official SDK client
// with the URL and headers of the rewritten file (the env reference expanded as
// the client would), and Claude Desktop's command entry over stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BIN, baseEnv, runCli, startGateway, tempDir } from './lib/gateway.mjs';
import { EVERYTHING, freePort, untilListed, within } from './lib/mcp.mjs';
import { plant } from './lib/sweep.mjs';

// Fake keys of real formats; none is a live credential.
const OPENAI_KEY = plant('sk-proj-' + 'Zx3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'.repeat(2) + '_-Q8');
const GITHUB_PAT = plant('ghp_' + 'R2d2C3p0Bb8Ee1Ff4Gg7Hh0Ii3Jj6Kk9LlMm');
const SEARCH_KEY = plant('k9Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVb');
const SECRETS = [OPENAI_KEY, GITHUB_PAT, SEARCH_KEY];

const mode = (p) => statSync(p).mode & 0o7777;
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const backups = (p) => readdirSync(dirname(p)).filter((n) => n.startsWith(`${p.slice(dirname(p).length + 1)}.bak-`));

function put(path, text, fileMode = 0o644) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, typeof text === 'string' ? text : JSON.stringify(text, null, 2));
  chmodSync(path, fileMode);
}

// The six clients: where each keeps its servers, a fixture with other keys
// beside them, what gatehouse must end up with, and the entry --rewrite writes.
const URL_OF = (port) => `http://127.0.0.1:${port}/mcp`;
const FORMATS = {
  'claude-desktop': {
    file: '.config/Claude/claude_desktop_config.json',
    container: ['mcpServers'],
    fixture: () => ({
      globalShortcut: 'Ctrl+Space',
      mcpServers: {
        everything: { command: 'node', args: [EVERYTHING, 'stdio'], env: { OPENAI_API_KEY: OPENAI_KEY, LOG_LEVEL: 'info' } },
      },
    }),
    expect: { everything: { command: 'node', args: [EVERYTHING, 'stdio'] } },
    entry: (port, configPath) => ({ command: BIN, args: ['--config', configPath, 'stdio'] }),
  },
  'claude-code': {
    file: '.claude.json',
    container: ['mcpServers'],
    fixture: () => ({
      numStartups: 12,
      mcpServers: {
        remote: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { 'X-Team': 'blue' } },
      },
      projects: {
        '/home/you/app': { allowedTools: ['Bash'], mcpServers: {
          db: { command: 'node', args: ['/opt/db-mcp/index.js'] },
          legacy: { type: 'sse', url: 'https://legacy.example.com/sse' },
        } },
        '/home/you/other': { allowedTools: [] },
      },
    }),
    expect: {
      remote: { url: 'https://mcp.example.com/mcp', headers: { 'X-Team': 'blue' } },
      db: { command: 'node', args: ['/opt/db-mcp/index.js'] },
    },
    entry: (port) => ({ type: 'http', url: URL_OF(port), headers: { Authorization: 'Bearer ${GATEHOUSE_TOKEN}' } }),
  },
  cursor: {
    file: '.cursor/mcp.json',
    container: ['mcpServers'],
    fixture: () => ({
      mcpServers: {
        github: { command: 'node', args: ['/opt/github-mcp/index.js'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: GITHUB_PAT } },
        ref: { command: 'node', args: ['/opt/ref.js'], cwd: '/tmp', env: { API_TOKEN: '${env:MY_API_TOKEN}' } },
      },
    }),
    expect: {
      github: { command: 'node', args: ['/opt/github-mcp/index.js'] },
      ref: { command: 'node', args: ['/opt/ref.js'], cwd: '/tmp', env: { API_TOKEN: { env: 'MY_API_TOKEN' } } },
    },
    entry: (port) => ({ url: URL_OF(port), headers: { Authorization: 'Bearer ${env:GATEHOUSE_TOKEN}' } }),
  },
  vscode: {
    file: '.config/Code/User/mcp.json',
    container: ['servers'],
    // JSON with comments and a trailing comma, as VS Code writes and accepts.
    text: () => `{
  // MCP servers of this user
  "inputs": [{"type": "promptString", "id": "key", "password": true}],
  "servers": {
    "fs": {"type": "stdio", "command": "node", "args": ["/opt/fs-mcp/index.js", "/tmp"]},
    "legacy": {"type": "sse", "url": "https://legacy.example.com/sse"},
  },
}
`,
    expect: { fs: { command: 'node', args: ['/opt/fs-mcp/index.js', '/tmp'] } },
    kept: { legacy: { type: 'sse', url: 'https://legacy.example.com/sse' } },
    entry: (port) => ({ type: 'http', url: URL_OF(port), headers: { Authorization: 'Bearer ${env:GATEHOUSE_TOKEN}' } }),
  },
  windsurf: {
    file: '.codeium/windsurf/mcp_config.json',
    container: ['mcpServers'],
    fixture: () => ({
      mcpServers: {
        search: { serverUrl: 'https://search.example.com/mcp', headers: { 'X-Api-Key': SEARCH_KEY } },
        off: { command: 'node', args: ['/opt/off.js'], disabled: true },
      },
    }),
    expect: { search: { url: 'https://search.example.com/mcp' } },
    kept: { off: { command: 'node', args: ['/opt/off.js'], disabled: true } },
    entry: (port) => ({ serverUrl: URL_OF(port), headers: { Authorization: 'Bearer ${env:GATEHOUSE_TOKEN}' } }),
  },
  gemini: {
    file: '.gemini/settings.json',
    container: ['mcpServers'],
    fixture: () => ({
      theme: 'Default',
      selectedAuthType: 'oauth-personal',
      mcpServers: { weather: { httpUrl: 'https://weather.example.com/mcp', timeout: 30000, trust: false } },
    }),
    expect: { weather: { url: 'https://weather.example.com/mcp', timeout: 30000 } },
    entry: (port) => ({ httpUrl: URL_OF(port), headers: { Authorization: 'Bearer ${GATEHOUSE_TOKEN}' } }),
  },
};

// A home and a gatehouse config of their own; `vault`: a vault key exists.
async function setup(t, { vault = false } = {}) {
  const root = tempDir('gh-import-');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, 'home');
  mkdirSync(home, { mode: 0o700 });
  const port = await freePort();
  const configPath = join(root, 'gh', 'gatehouse.json');
  put(configPath, { listen: [`127.0.0.1:${port}`], stateDir: 'state', limits: { callTimeoutMs: 30000 } }, 0o600);
  const env = { HOME: home, GATEHOUSE_TOKEN: '', GATEHOUSE_VAULT_KEY_FILE: '', CREDENTIALS_DIRECTORY: '' };
  const cli = (args, opts = {}) => {
    const r = runCli(args, { configPath, ...opts, env: { ...env, ...(opts.env || {}) } });
    // No planted secret in any output, ever.
    for (const s of SECRETS) {
      assert.ok(!r.stdout.includes(s), `gatehouse ${args.join(' ')} printed a secret on stdout`);
      assert.ok(!r.stderr.includes(s), `gatehouse ${args.join(' ')} printed a secret on stderr`);
    }
    return r;
  };
  if (vault) {
    const r = cli(['secret', 'set', 'unrelated'], { input: 'x' });
    assert.equal(r.code, 0, r.stderr);
  }
  return { root, home, port, configPath, env, cli };
}

function placeFixture(h, name) {
  const f = FORMATS[name];
  const path = join(h.home, f.file);
  put(path, f.text ? f.text() : f.fixture(), 0o640);
  return path;
}

const containerOf = (obj, keys) => keys.reduce((o, k) => (o ? o[k] : undefined), obj);
const parseJsonc = (text) => JSON.parse(text.replace(/^\s*\/\/.*$/mg, '').replace(/,(\s*[}\]])/g, '$1'));

for (const name of Object.keys(FORMATS)) {
  test(`import --rewrite ${name}: servers merged, the client points only at gatehouse, a second import changes nothing`, (t) => {
    return (async () => {
      const h = await setup(t, { vault: true });
      const f = FORMATS[name];
      const clientPath = placeFixture(h, name);
      const before = readFileSync(clientPath, 'utf8');
      const gatehouseBefore = readJson(h.configPath);

      const r = h.cli(['import', name, '--rewrite']);
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      for (const server of Object.keys(f.expect))
        assert.match(r.stdout, new RegExp(`^  ${server}: added as ${server}$`, 'm'), r.stdout);

      // gatehouse's config: the rest kept, the servers in gatehouse's shape.
      const cfg = readJson(h.configPath);
      assert.deepEqual(cfg.listen, gatehouseBefore.listen);
      assert.deepEqual(cfg.limits, gatehouseBefore.limits);
      assert.deepEqual(Object.keys(cfg.mcpServers).sort(), Object.keys(f.expect).sort());
      for (const [server, shape] of Object.entries(f.expect))
        for (const [k, v] of Object.entries(shape)) assert.deepEqual(cfg.mcpServers[server][k], v, `${server}.${k}`);
      assert.equal(mode(h.configPath), 0o600);
      const cfgBackups = backups(h.configPath);
      assert.equal(cfgBackups.length, 1);
      assert.deepEqual(readJson(join(dirname(h.configPath), cfgBackups[0])), gatehouseBefore);
      // check-config also checks what start would find: the {"env": ...} an import
      // writes must be set by then.
      const checked = h.cli(['check-config'], { env: { MY_API_TOKEN: 'set-at-start' } });
      assert.equal(checked.code, 0, `the merged configuration loads: ${checked.stderr}`);

      // The client's file: one gatehouse entry (plus what was not imported),
      // every other key as it was, its mode kept, a backup of the original.
      const text = readFileSync(clientPath, 'utf8');
      const after = f.text ? parseJsonc(text) : JSON.parse(text);
      const orig = f.text ? parseJsonc(before) : JSON.parse(before);
      assert.deepEqual(containerOf(after, f.container), { ...(f.kept || {}), gatehouse: f.entry(h.port, h.configPath) });
      const strip = (o) => { const c = structuredClone(o); delete c[f.container[0]];
        for (const p of Object.values(c.projects || {})) delete p.mcpServers; return c; };
      assert.deepEqual(strip(after), strip(orig), 'the other keys of the client file are unchanged');
      if (name === 'claude-code') {
        // Project servers now come through gatehouse; the one that could not be
        // imported stays in its project, and only there.
        assert.deepEqual(after.projects['/home/you/app'].mcpServers, { legacy: { type: 'sse', url: 'https://legacy.example.com/sse' } });
        assert.equal(after.projects['/home/you/other'].mcpServers, undefined);
      }
      if (name === 'vscode') assert.match(text, /^  \/\/ MCP servers of this user$/m, 'comments outside the servers are kept');
      assert.equal(mode(clientPath), 0o640);
      const clientBackups = backups(clientPath);
      assert.equal(clientBackups.length, 1);
      assert.equal(readFileSync(join(dirname(clientPath), clientBackups[0]), 'utf8'), before);

      // gatehouse audit sees the client going through gatehouse: no inline secret,
      // no server used directly but those that could not be imported.
      const audit = h.cli(['audit', '--format', 'json']);
      const found = JSON.parse(audit.stdout).findings
        .filter((x) => /^GH-CLI-00[15]$/.test(x.id) && x.location.startsWith(clientPath)).map((x) => x.location).sort();
      const keptNames = [...Object.keys(f.kept || {}).map((k) => `${clientPath}: server ${k}`),
        ...(name === 'claude-code' ? [`${clientPath}: project /home/you/app: server legacy`] : [])].sort();
      assert.deepEqual(found, keptNames);

      // connect prints the same entry.
      const c = h.cli(['connect', name]);
      assert.equal(c.code, 0, c.stderr);
      const printed = JSON.parse(c.stdout);
      assert.deepEqual(printed[name === 'vscode' ? 'servers' : 'mcpServers'].gatehouse, f.entry(h.port, h.configPath));

      // Idempotent: nothing to add, no file touched, no new backup.
      const cfgText = readFileSync(h.configPath, 'utf8');
      const again = h.cli(['import', name, '--rewrite']);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /nothing to add/);
      assert.match(again.stdout, /gatehouse: skipped, it is gatehouse itself/);
      assert.equal(readFileSync(h.configPath, 'utf8'), cfgText);
      assert.equal(backups(h.configPath).length, 1);
      assert.match(again.stdout, /already points at gatehouse; unchanged/);
      assert.equal(readFileSync(clientPath, 'utf8'), text);
      assert.equal(backups(clientPath).length, 1);
      const again2 = h.cli(['import', name]);
      assert.equal(again2.code, 0);
      assert.equal(readFileSync(h.configPath, 'utf8'), cfgText);
    })();
  });
}

test('an inline secret goes into the vault and is in no config file and no output', async (t) => {
  const h = await setup(t, { vault: true });
  placeFixture(h, 'claude-desktop');
  placeFixture(h, 'windsurf');
  for (const client of ['claude-desktop', 'windsurf']) {
    const r = h.cli(['import', client]);
    assert.equal(r.code, 0, r.stderr);
  }
  const text = readFileSync(h.configPath, 'utf8');
  for (const s of SECRETS) assert.ok(!text.includes(s), 'a secret value is in gatehouse\'s config');
  const cfg = JSON.parse(text);
  assert.deepEqual(cfg.mcpServers.everything.env, { OPENAI_API_KEY: { secret: 'everything.OPENAI_API_KEY' }, LOG_LEVEL: 'info' });
  assert.deepEqual(cfg.mcpServers.search.headers, { 'X-Api-Key': { secret: 'search.X-Api-Key' } });
  const list = h.cli(['secret', 'list']);
  assert.match(list.stdout, /^everything\.OPENAI_API_KEY /m);
  assert.match(list.stdout, /^search\.X-Api-Key /m);
  // The vault holds the value itself: a server started from it gets the key.
  // (Checked end to end in the stdio test below.)
});

test('without a vault key, an inline secret is left to the environment with a warning naming `secret set`', async (t) => {
  const h = await setup(t);
  placeFixture(h, 'cursor');
  const r = h.cli(['import', 'cursor']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /inline secret NOT imported \(no vault key yet\).* as GITHUB_PERSONAL_ACCESS_TOKEN/);
  assert.match(r.stdout, /warning: run `gatehouse secret set github\.GITHUB_PERSONAL_ACCESS_TOKEN`/);
  const text = readFileSync(h.configPath, 'utf8');
  assert.ok(!text.includes(GITHUB_PAT));
  assert.deepEqual(JSON.parse(text).mcpServers.github.env, { GITHUB_PERSONAL_ACCESS_TOKEN: { env: 'GITHUB_PERSONAL_ACCESS_TOKEN' } });
  assert.ok(!existsSync(join(h.root, 'gh', 'state', 'vault.key')), 'import does not create a vault key');
});

test('a server with a secret in its arguments or URL is not imported: it stays in the client', async (t) => {
  const h = await setup(t, { vault: true });
  const path = join(h.home, '.cursor/mcp.json');
  put(path, { mcpServers: {
    argy: { command: 'node', args: ['/opt/x.js', '--key', OPENAI_KEY] },
    urly: { url: `https://x.example.com/mcp?key=${GITHUB_PAT}` },
    fine: { command: 'node', args: ['/opt/fine.js'] },
    plain: { url: 'http://mcp.example.com/mcp', headers: { Authorization: `Bearer ${OPENAI_KEY}` } },
  } });
  const r = h.cli(['import', 'cursor', '--rewrite']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /argy: not imported: argument 3 holds a secret/);
  assert.match(r.stdout, /urly: not imported: "url" holds a secret/);
  const text = readFileSync(h.configPath, 'utf8');
  for (const s of SECRETS) assert.ok(!text.includes(s));
  assert.deepEqual(Object.keys(JSON.parse(text).mcpServers), ['fine']);
  // Refused by gatehouse's own checks (plain http to another host): its secret
  // is not stored either.
  assert.match(r.stdout, /plain: added as plain\n.*\n    not imported after all: gatehouse would refuse it: .*https/);
  assert.doesNotMatch(h.cli(['secret', 'list']).stdout, /plain/);
  assert.deepEqual(Object.keys(readJson(path).mcpServers), ['argy', 'urly', 'plain', 'gatehouse']);
});

test('import without a client takes every client whose file exists', async (t) => {
  const h = await setup(t);
  const none = h.cli(['import']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no MCP client configuration was found/);
  placeFixture(h, 'gemini');
  placeFixture(h, 'vscode');
  const r = h.cli(['import', '--rewrite']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(Object.keys(readJson(h.configPath).mcpServers).sort(), ['fs', 'weather']);
  assert.deepEqual(readJson(join(h.home, FORMATS.gemini.file)).mcpServers, { gatehouse: FORMATS.gemini.entry(h.port) });
  assert.doesNotMatch(r.stdout, /cursor|claude/i);
});

test('--dry-run prints the plan and changes nothing', async (t) => {
  const h = await setup(t, { vault: true });
  const clientPath = placeFixture(h, 'claude-desktop');
  const cfgText = readFileSync(h.configPath, 'utf8');
  const clientText = readFileSync(clientPath, 'utf8');
  const r = h.cli(['import', 'claude-desktop', '--dry-run', '--rewrite']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /everything: added as everything \(dry run\)/);
  assert.match(r.stdout, /inline secret would be moved to the vault as everything\.OPENAI_API_KEY/);
  assert.equal(readFileSync(h.configPath, 'utf8'), cfgText);
  assert.equal(readFileSync(clientPath, 'utf8'), clientText);
  assert.deepEqual(backups(h.configPath), []);
  assert.doesNotMatch(h.cli(['secret', 'list']).stdout, /OPENAI/);
});

test('a malformed client file is refused with the JSON path, and nothing is written', async (t) => {
  const h = await setup(t);
  const cfgText = readFileSync(h.configPath, 'utf8');
  const path = join(h.home, '.cursor/mcp.json');
  // A syntax error inside an env object holding a secret.
  put(path, `{\n  "mcpServers": {\n    "gh": {\n      "command": "node",\n      "env": {"TOKEN": "${GITHUB_PAT}" "X": 1}\n    }\n  }\n}\n`);
  let r = h.cli(['import', 'cursor']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /mcp\.json is not valid JSON: it stops at line 5, column \d+, in \$\.mcpServers\.gh\.env\.TOKEN/);
  // Well-formed JSON of the wrong shape.
  put(path, { mcpServers: { gh: { command: 'node', args: ['a', 2] } } });
  r = h.cli(['import', 'cursor']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\$\.mcpServers\.gh\.args\[1\] must be a string/);
  put(path, { mcpServers: ['not', 'an', 'object'] });
  r = h.cli(['import', path]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\$\.mcpServers must be an object of servers/);
  assert.equal(readFileSync(h.configPath, 'utf8'), cfgText);
  assert.deepEqual(backups(h.configPath), []);
  // Unknown client, missing file.
  assert.equal(h.cli(['import', 'notepad']).code, 2);
  r = h.cli(['import', 'gemini']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /settings\.json does not exist/);
});

// Expand ${env:VAR} and ${VAR} as Cursor, VS Code, Windsurf (the first) and
// Claude Code, Gemini CLI (the second) do.
const expand = (s, env) => s.replace(/\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, v) => env[v] ?? '');

async function listWith(transport) {
  const client = new Client({ name: 'gh-import-test', version: '1.0.0' });
  await within(client.connect(transport, { timeout: 20000 }), 25000, 'client.connect');
  try {
    const names = await untilListed(client, ['everything__echo']);   // the imported server may still be starting
    const echo = await within(client.callTool({ name: 'everything__echo', arguments: { message: 'via import' } }), 20000, 'echo');
    return { names, echo };
  } finally {
    try { await transport.terminateSession?.(); } catch { /* gone */ }
    await client.close();
  }
}

test('the rewritten entries work: the SDK client with the URL and headers of the rewritten files reaches the imported server', async (t) => {
  const h = await setup(t, { vault: true });
  placeFixture(h, 'claude-desktop');
  const r = h.cli(['import', 'claude-desktop']);
  assert.equal(r.code, 0, r.stderr);
  // Two HTTP dialects, one per env syntax, pointed at gatehouse by connect --write.
  for (const client of ['cursor', 'claude-code']) {
    const w = h.cli(['connect', client, '--write']);
    assert.equal(w.code, 0, w.stderr);
  }
  const gw = await startGateway(readJson(h.configPath), { dir: join(h.root, 'gh'), env: { HOME: h.home } });
  t.after(() => gw.stop());
  assert.equal(gw.port, h.port);
  const clientEnv = { GATEHOUSE_TOKEN: gw.token };
  for (const file of ['.cursor/mcp.json', '.claude.json']) {
    const entry = readJson(join(h.home, file)).mcpServers.gatehouse;
    const headers = Object.fromEntries(Object.entries(entry.headers).map(([k, v]) => [k, expand(v, clientEnv)]));
    const transport = new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers } });
    const { names, echo } = await listWith(transport);
    assert.ok(names.includes('everything__echo'), `${file}: ${names}`);
    assert.match(JSON.stringify(echo.content), /via import/);
  }
  // Without the token the same entry is refused: the header is what authenticates.
  const entry = readJson(join(h.home, '.cursor/mcp.json')).mcpServers.gatehouse;
  const bare = new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers: { Authorization: expand(entry.headers.Authorization, {}) } } });
  await assert.rejects(listWith(bare));
});

test('the rewritten Claude Desktop entry works: its command serves the imported server over stdio, the secret from the vault', async (t) => {
  const h = await setup(t, { vault: true });
  const clientPath = placeFixture(h, 'claude-desktop');
  const r = h.cli(['import', 'claude-desktop', '--rewrite']);
  assert.equal(r.code, 0, r.stderr);
  const entry = readJson(clientPath).mcpServers.gatehouse;
  assert.equal(entry.command, BIN);
  const transport = new StdioClientTransport({
    command: entry.command, args: entry.args, env: { ...baseEnv(), HOME: h.home, GATEHOUSE_VAULT_KEY_FILE: '' }, stderr: 'pipe',
  });
  const { names, echo } = await listWith(transport);
  assert.ok(names.includes('everything__echo'), `${names}`);
  assert.match(JSON.stringify(echo.content), /via import/);
});

// The README's entry for each client is what `connect` prints for the default
// listener (Claude Desktop's names the paths of the reader's machine).
test('the README shows, for each client, the entry that connect prints', async (t) => {
  const h = await setup(t);
  writeFileSync(h.configPath, JSON.stringify({ listen: ['127.0.0.1:8750'], stateDir: 'state' }));
  const readme = readFileSync(join(dirname(BIN), '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## Putting your MCP client behind gatehouse');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 10));
  const blocks = [...section.matchAll(/([^\n]*)\n+```json\n([\s\S]*?)```/g)].map((m) => ({ intro: m[1], json: JSON.parse(m[2]) }));
  const intros = { cursor: /^Cursor,/, vscode: /^VS Code,/, 'claude-code': /^Claude Code,/, windsurf: /^Windsurf,/, gemini: /^Gemini CLI,/ };
  for (const [client, re] of Object.entries(intros)) {
    const block = blocks.find((b) => re.test(b.intro));
    assert.ok(block, `the README has no entry introduced as ${re}`);
    const r = h.cli(['connect', client]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(block.json, JSON.parse(r.stdout), `README entry for ${client}`);
  }
  const desktop = blocks.find((b) => b.json.mcpServers?.gatehouse?.command)?.json.mcpServers.gatehouse;
  const printed = JSON.parse(h.cli(['connect', 'claude-desktop']).stdout).mcpServers.gatehouse;
  assert.deepEqual(Object.keys(desktop), Object.keys(printed));
  assert.deepEqual(desktop.args.map((a) => a.startsWith('/') ? 'PATH' : a), printed.args.map((a) => a.startsWith('/') ? 'PATH' : a));
});
