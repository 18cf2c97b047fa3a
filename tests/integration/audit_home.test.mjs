// gatehouse audit against a home directory built to leak: MCP client configs with a
// plaintext key, a shell wrapper, unpinned npx packages, a plain-HTTP remote and a
// project-scoped Claude Code server; an agent transcript other users can read with
// a key inside; gatehouse's own config and state directory open to others. The
// audit takes HOME from the environment, so it sees only this fixture.
//
// Asserts exact ids and severities from the JSON output, that no planted secret
// appears in it, and that --fix changes gatehouse's own files (and only those),
// prints each change, and leaves nothing for a second audit to report about them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdirSync, rmSync, chmodSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { BIN, tempDir } from './lib/gateway.mjs';

// Fake keys of the real formats; none is a live credential.
const OPENAI_KEY = 'sk-proj-' + 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'.repeat(2) + '_-Q7';
const ANTHROPIC_KEY = 'sk-ant-api03-' + 'Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVb4nM7'.repeat(2) + '-_AA';
const SECRETS = [OPENAI_KEY, ANTHROPIC_KEY];

const mode = (p) => statSync(p).mode & 0o7777;

// Write a file with an exact mode, making its directories with `dirMode`.
function put(path, text, fileMode, dirMode = 0o755) {
  mkdirSync(dirname(path), { recursive: true, mode: dirMode });
  writeFileSync(path, typeof text === 'string' ? text : JSON.stringify(text, null, 2));
  chmodSync(path, fileMode);
}

function fixture(t) {
  const root = tempDir('gh-audit-home-');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // Reachable by other users down to the home, as on a host whose homes are 0755.
  chmodSync(root, 0o755);
  const home = join(root, 'home');
  mkdirSync(home, { mode: 0o755 });
  chmodSync(home, 0o755);

  const f = {
    root,
    home,
    claudeDesktop: join(home, '.config/Claude/claude_desktop_config.json'),
    cursor: join(home, '.cursor/mcp.json'),
    vscode: join(home, '.config/Code/User/mcp.json'),
    claudeCode: join(home, '.claude.json'),
    transcriptDir: join(home, '.openclaw/agents/main/sessions'),
    transcript: join(home, '.openclaw/agents/main/sessions/s1.jsonl'),
    config: join(root, 'gh/gatehouse.json'),
    state: join(root, 'state'),
  };
  put(f.claudeDesktop, {
    mcpServers: {
      openai: { command: 'node', args: ['/opt/openai-mcp/index.js'], env: { OPENAI_API_KEY: OPENAI_KEY } },
    },
  }, 0o644);
  put(f.cursor, {
    mcpServers: {
      wrapped: { command: 'sh', args: ['-c', 'npx -y some-mcp-server'] },
      fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] },
    },
  }, 0o600);
  // VS Code's mcp.json may carry comments.
  put(f.vscode, '{\n  // a team server\n  "servers": {\n    "remote": {"type": "http", "url": "http://mcp.example.com:8080/mcp"}\n  }\n}\n', 0o600);
  put(f.claudeCode, {
    numStartups: 4,
    projects: { '/srv/app': { mcpServers: { proj: { command: 'bash', args: ['-c', './start-mcp.sh'] } } } },
  }, 0o600);
  put(f.transcript,
    JSON.stringify({ type: 'message', role: 'user', content: 'hello' }) + '\n' +
    JSON.stringify({ type: 'message', role: 'user', content: `here is my key: ${ANTHROPIC_KEY}` }) + '\n', 0o644);
  for (const d of ['.openclaw', '.openclaw/agents', '.openclaw/agents/main', '.openclaw/agents/main/sessions'])
    chmodSync(join(home, d), 0o755);
  put(f.config, { listen: ['127.0.0.1:8750'], stateDir: f.state }, 0o644);
  mkdirSync(f.state);
  chmodSync(f.state, 0o755);
  return f;
}

function audit(f, args = []) {
  const r = spawnSync(BIN, ['--config', f.config, 'audit', ...args], {
    env: { ...process.env, HOME: f.home, XDG_CONFIG_HOME: join(f.home, '.config') },
    encoding: 'utf8', timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The findings about the fixture: the client and file families (the host family
// depends on the machine the test runs on).
function fileAndClientFindings(stdout) {
  const out = JSON.parse(stdout);
  return { out, findings: out.findings.filter((x) => /^GH-(CLI|FILE)-/.test(x.id)) };
}

function assertNoSecret(text) {
  for (const s of SECRETS) {
    assert.ok(!text.includes(s), 'a planted secret appears in the output');
    // Nor a long piece of one.
    for (let i = 8; i + 16 <= s.length; i += 8)
      assert.ok(!text.includes(s.slice(i, i + 16)), `a piece of a planted secret appears: ${s.slice(i, i + 16)}`);
  }
}

const at = (f, path) => (x) => x.location === path || x.location.startsWith(path + ':');

test('audit of a leaky home: exact ids, severities and places, no secret in the output', (t) => {
  const f = fixture(t);
  const r = audit(f, ['--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  assertNoSecret(r.stdout);
  assertNoSecret(r.stderr);
  const { findings } = fileAndClientFindings(r.stdout);
  const got = findings.map((x) => `${x.id} ${x.severity} ${x.location}`).sort();
  const want = [
    `GH-CLI-001 critical ${f.claudeDesktop}: server openai`,
    `GH-CLI-006 warn ${f.claudeDesktop}`,
    `GH-CLI-005 info ${f.claudeDesktop}: server openai`,
    `GH-CLI-002 warn ${f.cursor}: server wrapped`,
    `GH-CLI-003 warn ${f.cursor}: server wrapped`,
    `GH-CLI-005 info ${f.cursor}: server wrapped`,
    `GH-CLI-003 warn ${f.cursor}: server fs`,
    `GH-CLI-005 info ${f.cursor}: server fs`,
    `GH-CLI-004 warn ${f.vscode}: server remote`,
    `GH-CLI-005 info ${f.vscode}: server remote`,
    `GH-CLI-002 warn ${f.claudeCode}: project /srv/app: server proj`,
    `GH-CLI-005 info ${f.claudeCode}: project /srv/app: server proj`,
    `GH-FILE-005 critical ${f.transcriptDir}`,
    `GH-FILE-006 critical ${f.transcript}`,
    `GH-FILE-001 info ${f.config}`,
    `GH-FILE-002 critical ${f.state}`,
  ].sort();
  assert.deepEqual(got, want);

  // Evidence says what and where, never the secret.
  const key = findings.find((x) => x.id === 'GH-CLI-001');
  assert.match(key.evidence, /OPENAI_API_KEY/);
  assert.match(key.evidence, /OpenAI API key/);
  const inTranscript = findings.find((x) => x.id === 'GH-FILE-006');
  assert.match(inTranscript.evidence, /Anthropic API key on line 2/);
  const openDir = findings.find((x) => x.id === 'GH-FILE-005');
  assert.match(openDir.evidence, /1 of 1 .*s1\.jsonl, mode 0644/);
  assert.match(findings.find((x) => x.id === 'GH-CLI-003' && /server fs/.test(x.location)).evidence,
    /@modelcontextprotocol\/server-filesystem/);
  assert.match(findings.find((x) => x.id === 'GH-CLI-004').evidence, /http:\/\/mcp\.example\.com:8080/);
  for (const x of findings) {
    for (const k of ['id', 'severity', 'title', 'evidence', 'location', 'fix']) assert.equal(typeof x[k], 'string', k);
    assert.ok(x.fix.length > 5);
  }

  // The text format too carries no secret.
  const text = audit(f);
  assert.equal(text.code, 1);
  assertNoSecret(text.stdout);
  assert.match(text.stdout, /GH-FILE-006/);
});

test('audit --fix: chmods gatehouse\'s own files only, prints each change, backs up modes', (t) => {
  const f = fixture(t);
  const before = {
    claudeDesktop: mode(f.claudeDesktop), cursor: mode(f.cursor), vscode: mode(f.vscode),
    claudeCode: mode(f.claudeCode), transcript: mode(f.transcript), transcriptDir: mode(f.transcriptDir),
  };
  const r = audit(f, ['--fix', '--format', 'json']);
  assertNoSecret(r.stdout);
  const { out, findings } = fileAndClientFindings(r.stdout);

  // Ours: fixed.
  assert.equal(mode(f.config), 0o600);
  assert.equal(mode(f.state), 0o700);
  const backup = join(f.state, 'audit-fix-backup.txt');
  assert.ok(out.fixed.includes(`chmod 600 ${f.config} (was 0644); previous mode saved in ${backup}`),
    JSON.stringify(out.fixed));
  assert.ok(out.fixed.includes(`chmod 700 ${f.state} (was 0755); previous mode saved in ${backup}`),
    JSON.stringify(out.fixed));
  assert.equal(mode(backup), 0o600);
  const saved = readFileSync(backup, 'utf8');
  assert.match(saved, new RegExp(`^${f.config} 0644$`, 'm'));
  assert.match(saved, new RegExp(`^${f.state} 0755$`, 'm'));
  // Fixed problems are not reported as findings any more.
  assert.equal(findings.filter((x) => x.id === 'GH-FILE-001' || x.id === 'GH-FILE-002').length, 0,
    JSON.stringify(findings));

  // Not ours: untouched, still reported.
  assert.equal(mode(f.claudeDesktop), before.claudeDesktop);
  assert.equal(mode(f.cursor), before.cursor);
  assert.equal(mode(f.vscode), before.vscode);
  assert.equal(mode(f.claudeCode), before.claudeCode);
  assert.equal(mode(f.transcript), 0o644);
  assert.equal(mode(f.transcriptDir), before.transcriptDir);
  for (const line of out.fixed) {
    for (const p of [f.claudeDesktop, f.cursor, f.vscode, f.claudeCode, f.transcript, f.transcriptDir])
      assert.ok(!line.includes(p), `--fix touched ${p}: ${line}`);
  }
  assert.ok(findings.some((x) => x.id === 'GH-FILE-005' && x.severity === 'critical'));
  assert.ok(findings.some((x) => x.id === 'GH-CLI-001' && x.severity === 'critical'));

  // A second audit finds nothing left of them, and has nothing more to fix.
  const again = audit(f, ['--format', 'json']);
  const second = fileAndClientFindings(again.stdout);
  assert.equal(second.findings.filter((x) => x.id === 'GH-FILE-001' || x.id === 'GH-FILE-002').length, 0);
  assert.ok(second.findings.some((x) => x.id === 'GH-FILE-006' && x.severity === 'critical'));
  const third = audit(f, ['--fix', '--format', 'json']);
  assert.deepEqual(JSON.parse(third.stdout).fixed.filter((l) => l.startsWith('chmod')), []);
});

// Issue 10, part 5: the client entries the README shows hold the token by
// reference, so a home that follows them gives the audit nothing to report about
// its client configs (the README's own JSON, read from README.md).
test('the README\'s client entries audit clean: the token only by reference', (t) => {
  const readme = readFileSync(join(dirname(BIN), '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## Putting your MCP client behind gatehouse');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 10));
  const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
  const byShape = (pred) => blocks.find(pred);
  const cursor = byShape((b) => b.mcpServers?.gatehouse?.url && !b.mcpServers.gatehouse.type);
  const vscode = byShape((b) => b.servers?.gatehouse);
  const claude = byShape((b) => b.mcpServers?.gatehouse?.type === 'http');
  assert.ok(cursor && vscode && claude, 'the README shows Cursor, VS Code and Claude Code entries');
  for (const b of [cursor, vscode, claude])
    assert.doesNotMatch(JSON.stringify(b), /gth_/, 'no literal token in a README client entry');

  const root = tempDir('gh-audit-readme-');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, 'home');
  mkdirSync(home, { mode: 0o700 });
  put(join(home, '.cursor/mcp.json'), cursor, 0o600, 0o700);
  put(join(home, '.config/Code/User/mcp.json'), vscode, 0o600, 0o700);
  put(join(home, '.claude.json'), claude, 0o600, 0o700);
  const config = join(root, 'gh/gatehouse.json');
  put(config, { listen: ['127.0.0.1:8750'], stateDir: join(root, 'state') }, 0o600, 0o700);
  const r = spawnSync(BIN, ['--config', config, 'audit', '--format', 'json'], {
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') }, encoding: 'utf8', timeout: 60000,
  });
  const clientFindings = JSON.parse(r.stdout).findings.filter((x) => /^GH-CLI-/.test(x.id) && x.severity !== 'info');
  assert.deepEqual(clientFindings, [], JSON.stringify(clientFindings, null, 2));
  // The same entries with the token pasted in are reported: the check is live.
  put(join(home, '.cursor/mcp.json'), JSON.parse(JSON.stringify(cursor).replace('${env:GATEHOUSE_TOKEN}',
    'gth_' + 'Zq8xW2vB7nM4kL1pR6tY9uI3oE5aS0dF2gH7jK4lP9q')), 0o600, 0o700);
  const leaky = spawnSync(BIN, ['--config', config, 'audit', '--format', 'json'], {
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') }, encoding: 'utf8', timeout: 60000,
  });
  assert.ok(JSON.parse(leaky.stdout).findings.some((x) => x.id === 'GH-CLI-001'), 'a pasted token is reported');
});
