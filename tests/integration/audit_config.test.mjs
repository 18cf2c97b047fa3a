// gatehouse audit: gatehouse's own configuration, the output formats (SARIF
// validated against the SARIF 2.1.0 schema), --fail-on and the config part of --fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, readdirSync, statSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { BIN, tempDir } from './lib/gateway.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function validator() {
  const ajv = new Ajv({ schemaId: 'auto', validateSchema: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
  return ajv.compile(sarifSchema);
}

// Run the audit with a private HOME (no client configs, no transcripts) so that
// only what the test planted can be found.
function audit(dir, config, args = []) {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = join(dir, 'gatehouse.json');
  if (config !== undefined) writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2), { mode: 0o600 });
  const r = spawnSync(BIN, ['--config', path, 'audit', ...args], {
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') }, encoding: 'utf8', timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, path };
}

function findings(r) {
  return JSON.parse(r.stdout).findings;
}

const SECRET = 'sk-proj-' + 'Zq7'.repeat(12);

const BAD = {
  listen: ['0.0.0.0:8750'],
  allowedOrigins: ['*'],
  stateDir: 'state',
  mcpServers: {
    wrapped: { command: 'bash', args: ['-c', 'node server.js'] },
    unpinned: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] },
    pinned: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', '/tmp'] },
    keyed: { command: 'node', args: ['x.js'], env: { OPENAI_API_KEY: SECRET } },
    // A ${VAR} reference is not a secret written inline (HOME is set by audit() below).
    expanded: { command: 'node', args: ['x.js'], env: { OPENAI_API_KEY: '${HOME}/key-file' } },
    remote: { url: 'http://mcp.example.com/mcp' },
    uvx: { command: 'uvx', args: ['mcp-server-time'] },
    unboxed: { command: 'node', args: ['y.js'], sandbox: false },
    hostnet: { command: 'node', args: ['z.js'], sandbox: { network: true } },
  },
};

test('config findings: ids, severities, redacted evidence', (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = audit(dir, BAD, ['--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const f = findings(r);
  const ids = (id) => f.filter((x) => x.id === id);
  assert.ok(ids('GH-CFG-001').length >= 1, 'the invalid configuration itself');
  assert.equal(ids('GH-CFG-002').length, 1);
  assert.equal(ids('GH-CFG-002')[0].severity, 'critical');
  assert.equal(ids('GH-CFG-003')[0].severity, 'critical', 'wildcard origin on a public listener');
  assert.equal(ids('GH-CFG-004').length, 1);
  assert.match(ids('GH-CFG-004')[0].location, /server keyed/);
  assert.equal(ids('GH-CFG-005').length, 1);
  assert.match(ids('GH-CFG-005')[0].location, /server wrapped/);
  const unpinned = ids('GH-CFG-006').map((x) => x.location).sort();
  assert.equal(unpinned.length, 2, JSON.stringify(unpinned));
  assert.ok(unpinned.some((l) => /server unpinned/.test(l)) && unpinned.some((l) => /server uvx/.test(l)));
  assert.ok(!unpinned.some((l) => /server pinned/.test(l)), 'a pinned package is fine');
  assert.equal(ids('GH-CFG-007').length, 1);
  const wide = ids('GH-CFG-008');
  assert.equal(wide.length, 2, JSON.stringify(wide));
  assert.ok(wide.some((x) => /server unboxed/.test(x.location) && x.severity === 'warn' && /unconfined/.test(x.evidence)),
    '"sandbox": false is reported');
  assert.ok(wide.some((x) => /server hostnet/.test(x.location) && x.severity === 'info'), 'the host network is noted');
  for (const x of f) {
    for (const k of ['id', 'severity', 'title', 'evidence', 'location', 'fix']) assert.equal(typeof x[k], 'string', k);
    assert.ok(['info', 'warn', 'critical'].includes(x.severity));
    assert.ok(x.fix.length > 10);
  }
  assert.ok(!r.stdout.includes(SECRET), 'the secret itself never appears in the output');
  assert.ok(!r.stdout.includes(SECRET.slice(8, 30)), 'nor a long piece of it');
});

test('a clean loopback configuration has nothing at warn or above, exit 0', (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = audit(dir, { listen: ['127.0.0.1:0'], stateDir: 'state' }, ['--format', 'json']);
  const bad = findings(r).filter((x) => x.id.startsWith('GH-CFG') || x.id.startsWith('GH-FILE'))
    .filter((x) => x.severity !== 'info');
  assert.deepEqual(bad, []);
});

test('--fail-on decides the exit code; usage errors exit 2', (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cfg = { listen: ['127.0.0.1:0'], stateDir: 'state', mcpServers: { w: { command: 'sh', args: ['-c', 'x'] } } };
  assert.equal(audit(dir, cfg, ['--format', 'json', '--fail-on', 'warn']).code, 1, 'a warn finding');
  assert.equal(audit(dir, cfg, ['--format', 'json', '--fail-on', 'critical']).code, 0, 'nothing critical in the config');
  assert.equal(audit(dir, cfg, ['--fail-on', 'loud']).code, 2);
  assert.equal(audit(dir, cfg, ['--format', 'xml']).code, 2);
  assert.equal(audit(dir, cfg, ['--bogus']).code, 2);
});

test('text output names each finding, where, what was seen and the fix', (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = audit(dir, BAD);
  assert.match(r.stdout, /^gatehouse audit: \d+ critical, \d+ warn, \d+ info/);
  assert.match(r.stdout, /CRITICAL GH-CFG-002/);
  assert.match(r.stdout, /fix: {2}/);
  assert.ok(!r.stdout.includes(SECRET));
});

test('SARIF output validates against the SARIF 2.1.0 schema', (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const validate = validator();
  for (const cfg of [BAD, { listen: ['127.0.0.1:0'], stateDir: 'state' }]) {
    const r = audit(dir, cfg, ['--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    const rules = run.tool.driver.rules.map((x) => x.id);
    assert.ok(rules.includes('GH-NET-002') && rules.includes('GH-CFG-001'), 'every check is a rule');
    for (const res of run.results) {
      assert.ok(rules.includes(res.ruleId));
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
    }
  }
  // The validator is not a rubber stamp.
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false);
});

test('--fix binds a public listener to loopback (with a backup) and creates a first token', (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cfg = { listen: ['0.0.0.0:18750', '127.0.0.1:18751'], stateDir: 'state' };
  const r = audit(dir, cfg, ['--fix', '--format', 'json']);
  const out = JSON.parse(r.stdout);
  assert.ok(out.fixed.some((x) => /0\.0\.0\.0:18750/.test(x) && /127\.0\.0\.1:18750/.test(x)), JSON.stringify(out.fixed));
  assert.ok(out.fixed.some((x) => /backed up/.test(x)));
  assert.ok(out.fixed.some((x) => /client token "default"/.test(x)));
  assert.ok(!out.findings.some((x) => x.id === 'GH-CFG-002'), 'fixed, so not reported');
  const now = JSON.parse(readFileSync(r.path, 'utf8'));
  assert.deepEqual(now.listen, ['127.0.0.1:18750', '127.0.0.1:18751']);
  assert.equal(now.stateDir, 'state', 'the rest of the file is kept');
  const backups = readdirSync(dir).filter((n) => n.startsWith('gatehouse.json.bak-'));
  assert.equal(backups.length, 1);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, backups[0]), 'utf8')).listen, cfg.listen);
  assert.equal(statSync(join(dir, backups[0])).mode & 0o777, 0o600);
  const tok = join(dir, 'state', 'default.token');
  assert.match(readFileSync(tok, 'utf8'), /^gth_[A-Za-z0-9_-]{43}\n$/);
  assert.equal(statSync(tok).mode & 0o777, 0o600);
  assert.ok(!r.stdout.includes(readFileSync(tok, 'utf8').trim()), 'the token is never printed');
  // The fixed configuration is valid, and a second --fix changes nothing.
  const again = audit(dir, undefined, ['--fix', '--format', 'json']);
  assert.deepEqual(JSON.parse(again.stdout).fixed.filter((x) => /listen|token/.test(x)), []);
});

// Issue 14: the report after --fix tells the truth about the file as it is now.
// What --fix fixed is listed as fixed and does not count toward --fail-on; the
// file keeps every byte but the values changed; a backup never replaces another.
const ODD = `{
    "listen" : [ "0.0.0.0:18760" ,"127.0.0.1:18761"],
  "stateDir":"state"   ,
\t"limits": {"maxSessions": 7}
}
`;

function plantDecoys(dir) {
  // A backup named for every second around now: --fix must pick a new name.
  const now = Math.floor(Date.now() / 1000);
  const decoys = [];
  for (let s = now - 2; s <= now + 120; s++) {
    const p = join(dir, `gatehouse.json.bak-${s}`);
    writeFileSync(p, `decoy ${s}\n`, { mode: 0o600 });
    decoys.push(p);
  }
  return decoys;
}

test('--fix then the report: fixed shown as fixed, not counted; formatting kept; backups never replaced', (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'gatehouse.json');
  writeFileSync(path, ODD, { mode: 0o600 });
  const decoys = plantDecoys(dir);
  const r = audit(dir, undefined, ['--fix', '--format', 'json']);
  const out = JSON.parse(r.stdout);
  // The file: the one value changed, every other byte as it was.
  assert.equal(readFileSync(path, 'utf8'), ODD.replace('"0.0.0.0:18760"', '"127.0.0.1:18760"'));
  // The findings about the old bind are listed as fixed, and nothing about it is left open.
  const fixedIds = out.fixedFindings.map((x) => x.id);
  assert.ok(fixedIds.includes('GH-CFG-002'), JSON.stringify(out.fixedFindings));
  assert.ok(out.fixedFindings.some((x) => x.id === 'GH-CFG-001' && /0\.0\.0\.0:18760/.test(x.evidence)),
    JSON.stringify(out.fixedFindings));
  const open = out.findings.filter((x) => /^GH-(CFG|FILE)-/.test(x.id));
  assert.deepEqual(open.filter((x) => x.severity !== 'info'), [], JSON.stringify(open));
  assert.ok(!out.findings.some((x) => /0\.0\.0\.0:18760/.test(x.evidence)), 'nothing still reports the old bind');
  // The exit code follows what is left (the host part may hold other processes' listeners).
  const left = out.findings.some((x) => x.severity !== 'info');
  assert.equal(r.code, left ? 1 : 0, r.stdout);
  assert.equal(out.summary.critical, out.findings.filter((x) => x.severity === 'critical').length);
  // The backups: every decoy untouched, and a new one with the original text.
  for (const p of decoys) assert.match(readFileSync(p, 'utf8'), /^decoy \d+\n$/, p);
  const backups = readdirSync(dir).filter((n) => /^gatehouse\.json\.bak-\d+-\d+$/.test(n));
  assert.equal(backups.length, 1, readdirSync(dir).join(' '));
  assert.equal(readFileSync(join(dir, backups[0]), 'utf8'), ODD);
  assert.equal(statSync(join(dir, backups[0])).mode & 0o777, 0o600);
  assert.ok(out.fixed.some((x) => x.includes(backups[0]) && /only the changed values differ/.test(x)),
    JSON.stringify(out.fixed));
});

test('--fix with a finding it cannot fix: exit 1 for that one, the fixed one shown as FIXED in text', (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cfg = { listen: ['0.0.0.0:18762'], stateDir: 'state', mcpServers: { w: { command: 'sh', args: ['-c', 'x'] } } };
  const r = audit(dir, cfg, ['--fix', '--fail-on', 'warn']);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stdout, /\(\d+ fixed by --fix, not counted\)/);
  assert.match(r.stdout, /^FIXED +GH-CFG-002 .*\(was CRITICAL\)$/m);
  assert.match(r.stdout, /^WARN +GH-CFG-005 /m, 'the shell wrapper is still there');
  assert.doesNotMatch(r.stdout, /^CRITICAL +GH-CFG-002/m);
  // With only critical failing, the fixed critical finding does not count.
  const again = audit(dir, { listen: ['0.0.0.0:18763'], stateDir: 'state' }, ['--fix', '--format', 'json', '--fail-on', 'critical']);
  const out = JSON.parse(again.stdout);
  assert.ok(out.fixedFindings.some((x) => x.id === 'GH-CFG-002' && x.severity === 'critical'));
  assert.equal(again.code, out.findings.some((x) => x.severity === 'critical') ? 1 : 0, again.stdout);
  assert.ok(!out.findings.some((x) => x.id === 'GH-CFG-002'));
  // In SARIF a fixed finding is a passed check (kind "pass", level "none"), and the log stays valid.
  const sarif = audit(dir, { listen: ['0.0.0.0:18764'], stateDir: 'state' }, ['--fix', '--format', 'sarif']);
  const log = JSON.parse(sarif.stdout);
  const validate = validator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  const res = log.runs[0].results.filter((x) => x.ruleId === 'GH-CFG-002');
  assert.ok(res.length >= 1 && res.every((x) => x.kind === 'pass' && x.level === 'none'), JSON.stringify(res));
});
