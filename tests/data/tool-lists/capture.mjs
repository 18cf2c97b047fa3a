// Capture the tool, prompt and instruction lists of real MCP servers from npm,
// as test data for the poisoning scan (src/guard/scan.c): none of them may be
// held. Each server is started over stdio with the official SDK client, from
// the versions pinned in package.json (installed by `npm ci`), with a private
// temporary HOME and placeholder credentials where a server refuses to start
// without one (listing needs no network and no real key).
//
//   node tests/data/tool-lists/capture.mjs [PACKAGE...]
//
// writes tests/data/tool-lists/<package>@<version>.json (the '/' of a scoped
// name becomes '+') as {"server", "version", "instructions", "tools", "prompts"}.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

// package, bin name, extra args, extra environment.
const servers = [
	['@modelcontextprotocol/server-everything', 'mcp-server-everything', ['stdio'], {}],
	['@modelcontextprotocol/server-filesystem', 'mcp-server-filesystem', ['@TMP@'], {}],
	['@modelcontextprotocol/server-memory', 'mcp-server-memory', [], { MEMORY_FILE_PATH: '@TMP@/memory.jsonl' }],
	['@modelcontextprotocol/server-github', 'mcp-server-github', [], { GITHUB_PERSONAL_ACCESS_TOKEN: 'placeholder' }],
	['@modelcontextprotocol/server-gitlab', 'mcp-server-gitlab', [], { GITLAB_PERSONAL_ACCESS_TOKEN: 'placeholder' }],
	['@modelcontextprotocol/server-slack', 'mcp-server-slack', [], { SLACK_BOT_TOKEN: 'placeholder', SLACK_TEAM_ID: 'T00000000' }],
	['@modelcontextprotocol/server-brave-search', 'mcp-server-brave-search', [], { BRAVE_API_KEY: 'placeholder' }],
	['@modelcontextprotocol/server-google-maps', 'mcp-server-google-maps', [], { GOOGLE_MAPS_API_KEY: 'placeholder' }],
	['@modelcontextprotocol/server-sequential-thinking', 'mcp-server-sequential-thinking', [], {}],
	['@playwright/mcp', 'playwright-mcp', ['--headless'], {}],
	['@upstash/context7-mcp', 'context7-mcp', [], {}],
	['chrome-devtools-mcp', 'chrome-devtools-mcp', [], {}],
	['@notionhq/notion-mcp-server', 'notion-mcp-server', [], { NOTION_TOKEN: 'placeholder' }],
	['mcp-server-kubernetes', 'mcp-server-kubernetes', [], {}],
	['figma-developer-mcp', 'figma-developer-mcp', ['--stdio'], { FIGMA_API_KEY: 'placeholder' }],
];

async function all(list, key) {
	const out = [];
	let cursor;
	for (let page = 0; page < 100; page++) {
		const r = await list(cursor ? { cursor } : undefined);
		out.push(...r[key]);
		if (!r.nextCursor)
			break;
		cursor = r.nextCursor;
	}
	return out;
}

async function capture([pkg, bin, args, env]) {
	const meta = JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8'));
	const rel = typeof meta.bin === 'string' ? meta.bin : meta.bin[bin];
	const tmp = mkdtempSync(join(tmpdir(), 'gh-capture-'));
	const sub = (s) => s.replaceAll('@TMP@', tmp);
	const transport = new StdioClientTransport({
		command: process.execPath,
		args: [join(root, 'node_modules', pkg, rel), ...args.map(sub)],
		env: {
			PATH: process.env.PATH, HOME: tmp, TMPDIR: tmp,
			...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, sub(v)])),
		},
		stderr: 'ignore',
	});
	const client = new Client({ name: 'gatehouse-capture', version: '1' });
	const timer = setTimeout(() => { transport.close(); }, 60000);
	try {
		await client.connect(transport);
		const caps = client.getServerCapabilities() ?? {};
		const tools = caps.tools ? await all((p) => client.listTools(p), 'tools') : [];
		const prompts = caps.prompts ? await all((p) => client.listPrompts(p), 'prompts') : [];
		const instructions = client.getInstructions() ?? null;
		const file = join(here, `${pkg.replace('/', '+')}@${meta.version}.json`);
		// Some servers quote their working directory in descriptions: never keep a
		// path of the capturing machine in test data.
		const text = JSON.stringify({ server: pkg, version: meta.version, instructions, tools, prompts }, null, 1)
			.split(process.cwd()).join('/home/user/project');
		writeFileSync(file, text + '\n');
		console.log(`${pkg}@${meta.version}: ${tools.length} tools, ${prompts.length} prompts -> ${file}`);
	} finally {
		clearTimeout(timer);
		await client.close().catch(() => {});
		rmSync(tmp, { recursive: true, force: true });
	}
}

const want = process.argv.slice(2);
let failed = 0;
for (const s of servers) {
	if (want.length && !want.includes(s[0]))
		continue;
	try {
		await capture(s);
	} catch (e) {
		failed++;
		console.error(`${s[0]}: ${e.message}`);
	}
}
process.exit(failed ? 1 : 0);
