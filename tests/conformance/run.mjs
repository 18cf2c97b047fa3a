#!/usr/bin/env node
// Runs the official MCP conformance suite (@modelcontextprotocol/conformance) in
// server mode against one URL, one scenario at a time, and reports per scenario.
//
//   node tests/conformance/run.mjs --url http://127.0.0.1:PORT/mcp [options]
//   node tests/conformance/run.mjs --fixture [options]      # start fixture.mjs http 0 itself
//   node tests/conformance/run.mjs --fixture-modern [options]
//        # the same with fixture-modern.mjs (v2 SDK, 2026-07-28 and 2025 on one endpoint)
//   node tests/conformance/run.mjs --gateway [options]      # start build/gatehouse (or
//        $GATEHOUSE_BIN) with `fixture.mjs stdio` as its only server, prefix "" so the
//        suite's tool/prompt names reach it unchanged; its token is used automatically
//   node tests/conformance/run.mjs --gateway-modern [options]
//        # the same with `fixture-modern.mjs stdio` behind the gateway
//
// Options:
//   --token-file PATH     the gateway needs `Authorization: Bearer`; the CLI cannot send
//                         it, so an auth-proxy.mjs is started in front of --url with the
//                         token from PATH (or from $TOKEN when --token-file is absent and
//                         $TOKEN is set). The token is never printed or written.
//   --scenario NAME       run only this scenario (repeatable); default: every server
//                         scenario the CLI lists (`--suite all`, pending ones included)
//   --spec-version V      the revision to test (2025-11-25 or 2026-07-28): the scenarios
//                         `conformance list --spec-version V` names (its requirement set and
//                         the pending scenarios of V), each run at V's wire
//   --timeout-ms N        per-scenario limit, the CLI is killed after it (default 60000)
//   --jobs N              scenarios run in parallel (default 1)
//   --out PATH            results JSON (default: a fresh temp dir, path printed)
//   --baseline PATH       compare with a baseline: exit 1 if a scenario that passes in
//                         the baseline does not pass now (regressions only)
//   --write-baseline PATH write {scenario: "pass"|"fail"} to PATH
//
// A scenario passes when its checks have no FAILURE and no WARNING (the CLI's own
// --expected-failures rule) and at least one SUCCESS. A scenario whose checks are
// all INFO proves nothing and is a fail here (the CLI's summary would count it),
// marked "vacuous". The run fails (exit 2) when the scenario list is empty, and
// with --baseline a baseline scenario that did not run is a regression. Results JSON:
//   { url, viaAuthProxy, conformanceVersion, date, scenarios: { name: { status,
//     passed, failed, warnings, skipped, info, problems: [FAILURE and WARNING
//     checks], error? } } }
// Exit code: with --baseline, 1 on any regression; without, 1 if anything failed.
//
// The conformance CLI needs Node >= 22 (it imports fs.globSync): it is run with
// node_modules/.bin/node (the `node` npm package, 22.x) or $CONFORMANCE_NODE. This
// script itself runs on any Node >= 18.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAuthProxy } from './auth-proxy.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const NODE22 = process.env.CONFORMANCE_NODE || join(repoRoot, 'node_modules', '.bin', 'node');
const PKG = join(repoRoot, 'node_modules', '@modelcontextprotocol', 'conformance');
const CLI = join(PKG, 'dist', 'index.js');

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const o = { scenarios: [], timeoutMs: 60000, jobs: 1 };
  const takes = new Set(['--url', '--token-file', '--scenario', '--spec-version', '--timeout-ms', '--jobs',
    '--out', '--baseline', '--write-baseline']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fixture') { o.fixture = 'fixture.mjs'; continue; }
    if (a === '--fixture-modern') { o.fixture = 'fixture-modern.mjs'; continue; }
    if (a === '--gateway') { o.gateway = 'fixture.mjs'; continue; }
    if (a === '--gateway-modern') { o.gateway = 'fixture-modern.mjs'; continue; }
    if (a === '--help' || a === '-h') { o.help = true; continue; }
    if (!takes.has(a) || i + 1 >= argv.length) throw new Error(`unknown or incomplete option: ${a}`);
    const v = argv[++i];
    switch (a) {
      case '--url': o.url = v; break;
      case '--token-file': o.tokenFile = v; break;
      case '--scenario': o.scenarios.push(v); break;
      case '--spec-version': o.specVersion = v; break;
      case '--timeout-ms': o.timeoutMs = Number(v); break;
      case '--jobs': o.jobs = Math.max(1, Math.min(16, Number(v) || 1)); break;
      case '--out': o.out = v; break;
      case '--baseline': o.baseline = v; break;
      case '--write-baseline': o.writeBaseline = v; break;
    }
  }
  if (!o.help && [o.url, o.fixture, o.gateway].filter(Boolean).length !== 1) {
    throw new Error('give exactly one of --url URL, --fixture, --fixture-modern, --gateway or --gateway-modern');
  }
  if (!(o.timeoutMs > 0)) throw new Error('--timeout-ms must be positive');
  return o;
}

// ---------------------------------------------------------------- the conformance CLI
function cliVersion() {
  return JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).version;
}

function listServerScenarios(specVersion) {
  const args = [CLI, 'list', '--server', ...(specVersion ? ['--spec-version', specVersion] : [])];
  const r = spawnSync(NODE22, args, { encoding: 'utf8', timeout: 30000 });
  if (r.status !== 0) throw new Error(`conformance list failed (is ${NODE22} Node 22?):\n${r.stderr}`);
  // Lines look like "  - server-initialize [2025-06-18,2025-11-25]".
  return [...r.stdout.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1]);
}

// Run one scenario in its own CLI process, bounded by timeoutMs; read its checks.json.
function runScenario(url, scenario, specVersion, timeoutMs, workDir) {
  return new Promise((resolveRun) => {
    const outDir = mkdtempSync(join(workDir, 'scn-'));
    const wire = specVersion ? ['--spec-version', specVersion] : [];
    const child = spawn(NODE22, [CLI, 'server', '--url', url, '--scenario', scenario, ...wire, '-o', outDir],
      { cwd: outDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d) => { if (output.length < 200000) output += d; };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      let checks = null;
      const dir = readdirSync(outDir).find((d) => d.startsWith(`server-${scenario}-`));
      if (dir && existsSync(join(outDir, dir, 'checks.json'))) {
        try { checks = JSON.parse(readFileSync(join(outDir, dir, 'checks.json'), 'utf8')); } catch { /* leave null */ }
      }
      rmSync(outDir, { recursive: true, force: true });
      resolveRun(summarize(scenario, checks, { code, timedOut, timeoutMs, output }));
    });
  });
}

function summarize(scenario, checks, { code, timedOut, timeoutMs, output }) {
  if (!Array.isArray(checks)) {
    const why = timedOut ? `timed out after ${timeoutMs} ms` : `no checks.json (exit code ${code})`;
    return { scenario, status: 'fail', passed: 0, failed: 0, warnings: 0, problems: [], error: `${why}: ${output.trim().slice(-2000)}` };
  }
  const count = (s) => checks.filter((c) => c.status === s).length;
  const passed = count('SUCCESS'), failed = count('FAILURE'), warnings = count('WARNING');
  // Recorded, not judged: SKIPPED checks (a requirement the scenario could not reach)
  // and INFO ones, so that a pass resting on few SUCCESS checks can be seen as such.
  const skipped = count('SKIPPED'), info = count('INFO');
  const problems = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING')
    .map((c) => ({ id: c.id, status: c.status, message: c.errorMessage ?? c.description }));
  // Only INFO (or nothing): the scenario did not test anything, so it did not pass.
  return { scenario, status: failed === 0 && warnings === 0 && passed > 0 ? 'pass' : 'fail', passed, failed, warnings, skipped, info, problems };
}

// ---------------------------------------------------------------- fixture
function startFixture(file) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [join(here, file), 'http', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`fixture did not start:\n${err}`)); }, 15000);
    child.stderr.on('data', (d) => { if (err.length < 100000) err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolveStart({
          url: line.trim(),
          stop: () => new Promise((r) => {
            if (child.exitCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          }),
        });
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`fixture exited (${code}):\n${err}`)); });
  });
}

// The gateway in front of the stdio fixture, via the integration tests' helper.
// ssePollMs: over stdio the fixture's test_reconnection cannot close a stream, so
// the gateway closes waiting 2025-11-25 streams itself (SEP-1699 polling) and
// server-sse-polling resumes them with Last-Event-ID (README, "Conformance").
async function startGatewayWithFixture(file) {
  const { startGateway } = await import('../integration/lib/gateway.mjs');
  // The sandbox lets the fixture read its package (the checkout, node_modules
  // included) by real path: a node_modules that is a symlink to a shared install
  // elsewhere (a git worktree) must be named, or no import resolves inside it.
  const modules = join(repoRoot, 'node_modules');
  const realModules = realpathSync(modules);
  const sandbox = realModules !== modules ? { read: [realModules] } : undefined;
  const gw = await startGateway({
    limits: { authFailuresPerMinute: 1000, ssePollMs: 20 },
    mcpServers: { fixture: { command: process.execPath, args: [join(here, file), 'stdio'], prefix: '', ...(sandbox && { sandbox }) } },
  });
  if (!gw.token) { await gw.stop(); gw.cleanup(); throw new Error('the gateway wrote no default.token'); }
  const url = `http://127.0.0.1:${gw.port}/mcp`;
  // A fixture that cannot start (e.g. an import its sandbox hides) leaves the gateway
  // up with no tools, and every scenario then fails for that one reason: check once.
  const tools = await gatewayToolCount(url, gw.token).catch((e) => e);
  if (!(tools > 0)) {
    const log = gw.logs().split('\n').filter((l) => /server (stderr|stopped|unavailable)/.test(l)).slice(-15).join('\n');
    await gw.stop(); gw.cleanup();
    throw new Error(`the gateway lists no tool of ${file} (${tools instanceof Error ? tools.message : `${tools} tools`}); its log:\n${log}`);
  }
  return { url, token: gw.token, stop: async () => { await gw.stop(); gw.cleanup(); } };
}

// initialize + tools/list through the gateway: how many tools it lists.
async function gatewayToolCount(url, token) {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` };
  const post = async (message, extra = {}) => {
    const r = await fetch(url, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(message), signal: AbortSignal.timeout(20000) });
    const body = await r.text();
    const data = body.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).find((l) => l.startsWith('{')) ?? body;
    return { session: r.headers.get('mcp-session-id'), message: data ? JSON.parse(data) : null };
  };
  // 2025-06-18: its streams are not resumable, so ssePollMs never cuts one short here.
  const init = await post({ jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'run.mjs', version: '1' } } });
  if (!init.session) throw new Error(`initialize: ${JSON.stringify(init.message).slice(0, 300)}`);
  const session = { 'mcp-session-id': init.session, 'mcp-protocol-version': '2025-06-18' };
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session).catch(() => {});
  const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, session);
  await fetch(url, { method: 'DELETE', headers: { ...headers, ...session }, signal: AbortSignal.timeout(5000) }).catch(() => {});
  return list.message?.result?.tools?.length ?? 0;
}

// ---------------------------------------------------------------- reporting
function readBaseline(path) {
  // A flat {scenario: "pass"|"fail"} file, or a results JSON written by --out.
  const b = JSON.parse(readFileSync(path, 'utf8'));
  const map = b.scenarios && typeof b.scenarios === 'object' ? b.scenarios : b;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, typeof v === 'object' && v ? v.status : v]));
}

function markdown(results, baseline) {
  const rows = ['| Scenario | Result | Passed | Failed | Warnings |' + (baseline ? ' Baseline |' : '') + ' Notes |',
    '|---|---|---|---|---|' + (baseline ? '---|' : '') + '---|'];
  for (const r of results) {
    const vacuous = r.failed === 0 && r.warnings === 0 && r.passed === 0 ? 'vacuous: no SUCCESS check, only INFO' : '';
    const note = (r.error ?? (r.problems.map((p) => `${p.status}: ${p.id}: ${p.message}`).join('; ') || vacuous))
      .replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 200);
    const b = baseline ? ` ${baseline[r.scenario] ?? '-'} |` : '';
    rows.push(`| ${r.scenario} | ${r.status === 'pass' ? 'pass' : '**fail**'} | ${r.passed} | ${r.failed} | ${r.warnings} |${b} ${note} |`);
  }
  return rows.join('\n');
}

// ---------------------------------------------------------------- main
async function main() {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) {
    process.stderr.write(`run.mjs: ${e.message}\n(see the comment at the top of run.mjs for usage)\n`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\nimport ')[0] + '\n');
    return 0;
  }
  const cleanups = [];
  try {
    let url = o.url;
    if (o.fixture) {
      const fx = await startFixture(o.fixture);
      cleanups.push(fx.stop);
      url = fx.url;
    }
    let token = o.tokenFile ? readFileSync(o.tokenFile, 'utf8').trim() : process.env.TOKEN?.trim();
    if (o.gateway) {
      const gw = await startGatewayWithFixture(o.gateway);
      cleanups.push(gw.stop);
      url = gw.url;
      token = gw.token;
    }
    const shownUrl = url;
    if (token) {
      const proxy = await startAuthProxy({ target: url, token });
      cleanups.push(proxy.close);
      url = proxy.url;
      process.stderr.write(`run.mjs: through auth-proxy ${proxy.url} -> ${shownUrl}\n`);
    }

    const all = listServerScenarios(o.specVersion);
    for (const s of o.scenarios) if (!all.includes(s)) throw new Error(`unknown scenario: ${s}`);
    const todo = o.scenarios.length ? all.filter((s) => o.scenarios.includes(s)) : all;
    if (todo.length === 0) throw new Error('the conformance CLI listed no scenario: nothing would be tested');

    const workDir = mkdtempSync(join(tmpdir(), 'gatehouse-conformance-'));
    cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }));
    const results = new Array(todo.length);
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const i = next++;
        results[i] = await runScenario(url, todo[i], o.specVersion, o.timeoutMs, workDir);
        process.stderr.write(`  ${results[i].status === 'pass' ? 'pass' : 'FAIL'}  ${todo[i]}\n`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.jobs, todo.length) }, worker));

    const report = {
      url: o.fixture ? `${o.fixture} http` : o.gateway ? `gatehouse -> ${o.gateway} stdio` : shownUrl,
      viaAuthProxy: Boolean(token),
      conformanceVersion: cliVersion(),
      specVersion: o.specVersion ?? null,
      date: new Date().toISOString(),
      scenarios: Object.fromEntries(results.map(({ scenario, ...r }) => [scenario, r])),
    };
    const outPath = o.out ? resolve(o.out) : join(mkdtempSync(join(tmpdir(), 'gatehouse-conformance-out-')), 'results.json');
    writeFileSync(outPath, JSON.stringify(report, null, 2) + '\n');
    if (o.writeBaseline) {
      const flat = Object.fromEntries(results.map((r) => [r.scenario, r.status]));
      writeFileSync(o.writeBaseline, JSON.stringify(flat, null, 2) + '\n');
    }

    const baseline = o.baseline ? readBaseline(o.baseline) : null;
    process.stdout.write(markdown(results, baseline) + '\n\n');
    const passed = results.filter((r) => r.status === 'pass').length;
    process.stdout.write(`${passed}/${results.length} scenarios pass. Results: ${outPath}\n`);
    if (baseline) {
      const regressions = results.filter((r) => baseline[r.scenario] === 'pass' && r.status !== 'pass');
      // A scenario of the baseline that was not run cannot be said to pass.
      const ran = new Set(results.map((r) => r.scenario));
      const missing = o.scenarios.length ? [] : Object.keys(baseline).filter((k) => !ran.has(k));
      if (missing.length) {
        process.stdout.write(`NOT RUN, though in the baseline: ${missing.join(', ')}\n`);
        return 1;
      }
      const fixed = results.filter((r) => baseline[r.scenario] === 'fail' && r.status === 'pass');
      if (fixed.length) process.stdout.write(`Now passing (fail in baseline): ${fixed.map((r) => r.scenario).join(', ')}\n`);
      if (regressions.length) {
        process.stdout.write(`REGRESSIONS against the baseline: ${regressions.map((r) => r.scenario).join(', ')}\n`);
        return 1;
      }
      process.stdout.write('No regressions against the baseline.\n');
      return 0;
    }
    return passed === results.length ? 0 : 1;
  } catch (e) {
    process.stderr.write(`run.mjs: ${e.message}\n`);
    return 2;
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

process.exitCode = await main();
