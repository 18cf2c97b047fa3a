// Capture the tool, prompt and instruction lists of real MCP servers from npm,
// as test data for the poisoning scan (src/guard/scan.c): none of them may be
// held. Each server is started over stdio with the official SDK client, from
// the versions listed in README.md, with a private temporary HOME and
// placeholder credentials where a server refuses to start without one (listing
// needs no network and no real key).
//
//   node tests/data/tool-lists/capture.mjs [PACKAGE...]
//
// The servers are looked up in the repository's node_modules, or, when
// GATEHOUSE_CAPTURE_MODULES names a directory, in that directory's
// node_modules: most servers here are not pinned in package.json and are
// installed for a capture into a scratch directory outside the repository
// (`npm install --no-save --ignore-scripts PKG@VERSION ...` there; see README.md).
// GATEHOUSE_CAPTURE_STDERR=1 shows what the servers print on stderr.
//
// writes tests/data/tool-lists/<package>@<version>.json (the '/' of a scoped
// name becomes '+') as {"server", "version", "instructions", "tools", "prompts"}.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const modules = join(process.env.GATEHOUSE_CAPTURE_MODULES ? resolve(process.env.GATEHOUSE_CAPTURE_MODULES) : root, 'node_modules');

// package, bin name, extra args, extra environment, and files to write in the
// temporary HOME before the start (relative path -> content). '@TMP@' in args,
// environment values and file contents is that temporary HOME.
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
	['@modelcontextprotocol/server-puppeteer', 'mcp-server-puppeteer', [], {}],
	// Listing connects to no database.
	['@modelcontextprotocol/server-postgres', 'mcp-server-postgres', ['postgresql://placeholder@127.0.0.1:1/placeholder'], {}],
	['@modelcontextprotocol/server-gdrive', 'mcp-server-gdrive', [], { GDRIVE_CREDENTIALS_PATH: '@TMP@/gdrive-credentials.json' },
		{ 'gdrive-credentials.json': '{"access_token": "placeholder", "token_type": "Bearer"}' }],
	['@modelcontextprotocol/server-aws-kb-retrieval', 'mcp-server-aws-kb-retrieval', [],
		{ AWS_ACCESS_KEY_ID: 'placeholder', AWS_SECRET_ACCESS_KEY: 'placeholder', AWS_REGION: 'us-east-1' }],
	['@modelcontextprotocol/server-everart', 'mcp-server-everart', [], { EVERART_API_KEY: 'placeholder' }],
	['tavily-mcp', 'tavily-mcp', [], { TAVILY_API_KEY: 'placeholder' }],
	['exa-mcp-server', 'exa-mcp-server', [], { EXA_API_KEY: 'placeholder' }],
	// Its docs feature fetches a schema from the network to describe its tool: left out.
	['@supabase/mcp-server-supabase', 'mcp-server-supabase',
		['--features=account,database,debugging,development,functions,branching,storage'], { SUPABASE_ACCESS_TOKEN: 'placeholder' }],
	['@kimtaeyoon83/mcp-server-youtube-transcript', 'mcp-server-youtube-transcript', [], {}],
	['mcp-server-code-runner', 'mcp-server-code-runner', [], {}],
	['@browserbasehq/mcp-server-browserbase', 'mcp-server-browserbase', [],
		{ BROWSERBASE_API_KEY: 'placeholder', BROWSERBASE_PROJECT_ID: 'placeholder', GEMINI_API_KEY: 'placeholder' }],
	['@cloudflare/mcp-server-cloudflare', 'mcp-server-cloudflare', ['run', '00000000000000000000000000000000'],
		{ CLOUDFLARE_API_TOKEN: 'placeholder' }],
	// Held by earlier versions of the scan (their descriptions are long and pushy),
	// kept since as the hardest guard against false holds.
	['firecrawl-mcp', 'firecrawl-mcp', [], { FIRECRAWL_API_KEY: 'fc-placeholder' }],
	['@sentry/mcp-server', 'sentry-mcp', ['--access-token=placeholder'], {}],
	['mongodb-mcp-server', 'mongodb-mcp-server', [], { MDB_MCP_TELEMETRY: 'disabled' }],
	['@wonderwhy-er/desktop-commander', 'desktop-commander', [], {}],
	['@hubspot/mcp-server', 'mcp-hubspot', [], { PRIVATE_APP_ACCESS_TOKEN: 'placeholder' }],
	// Every built-in category; the default set also loads Actors' own tools from the network.
	['@apify/actors-mcp-server', 'actors-mcp-server',
		['--tools=actors,docs,runs,storage,tasks,schedules,dev', '--telemetry-enabled=false'], { APIFY_TOKEN: 'placeholder' }],
	['@shopify/dev-mcp', 'shopify-dev-mcp', [], {}],
	['@azure/mcp', 'azmcp', ['server', 'start'], { AZURE_MCP_COLLECT_TELEMETRY: 'false' }],
];


// Some servers quote their working directory, their home or where they are
// installed; one in a container (Desktop Commander) lists the machine's folders
// in /mnt and /home as its mounts, and its host name. Never keep any of it in
// test data: the longest paths first, so that a path under another one is
// replaced whole.
function scrub(text, tmp) {
	const paths = [
		[dirname(modules), '/home/user/project'],
		[process.cwd(), '/home/user/project'],
		[tmp, '/home/user'],
	].filter(([p]) => p.length > 1).sort((a, b) => b[0].length - a[0].length);
	for (const [p, to] of paths)
		text = text.split(p).join(to);
	const word = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '(?![\\w-])';
	for (const [dir, to] of [['/mnt', 'data'], ['/home', 'user']]) {
		let names = [];
		try {
			names = readdirSync(dir);
		} catch {
			// no such folder
		}
		for (const n of names) {
			text = text.replace(new RegExp(word(`${dir}/${n}`), 'g'), `${dir}/${to}`);
			text = text.replace(new RegExp(word(`folder: ${n}`), 'g'), `folder: ${to}`);
		}
	}
	return text.replace(new RegExp(word(`Container: ${hostname()}`), 'g'), 'Container: host');
}

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

async function capture([pkg, bin, args, env, files = {}]) {
	const meta = JSON.parse(readFileSync(join(modules, pkg, 'package.json'), 'utf8'));
	const rel = typeof meta.bin === 'string' ? meta.bin : meta.bin[bin];
	const tmp = mkdtempSync(join(tmpdir(), 'gh-capture-'));
	const sub = (s) => s.replaceAll('@TMP@', tmp);
	for (const [name, content] of Object.entries(files))
		writeFileSync(join(tmp, name), sub(content));
	const transport = new StdioClientTransport({
		command: process.execPath,
		args: [join(modules, pkg, rel), ...args.map(sub)],
		env: {
			PATH: process.env.PATH, HOME: tmp, TMPDIR: tmp,
			...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, sub(v)])),
		},
		stderr: process.env.GATEHOUSE_CAPTURE_STDERR ? 'inherit' : 'ignore',
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
		const text = scrub(JSON.stringify({ server: pkg, version: meta.version, instructions, tools, prompts }, null, 1), tmp);
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
