// `make install` as a packager runs it: into a DESTDIR, never onto this system.
// The layout and modes; the man page renders without warnings and names every
// command, subcommand, option and config key of the sources (so it cannot fall
// behind silently); bash completion; the systemd units pass systemd-analyze.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { repoRoot, BIN, baseEnv, tempDir, lacks, request } from './lib/gateway.mjs';
import { connect, everything, waitFor, within } from './lib/mcp.mjs';
import { plant, logPath, keepState } from './lib/sweep.mjs';

const mode = (p) => statSync(p).mode & 0o777;
const has = (cmd) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd]).status === 0;
const read = (p) => readFileSync(p, 'utf8');

// The installed files, relative to DESTDIR, for PREFIX=/usr.
const FILES = {
  'usr/bin/gatehouse': 0o755,
  'usr/share/man/man1/gatehouse.1': 0o644,
  'usr/share/bash-completion/completions/gatehouse': 0o644,
  'usr/lib/systemd/user/gatehouse.service': 0o644,
  'usr/lib/systemd/system/gatehouse.service': 0o644,
  'usr/lib/sysusers.d/gatehouse.conf': 0o644,
};

// `make install` (or uninstall) with the binary under test: BUILD is its
// directory, and -o keeps make from rebuilding it (under `make asan` the suite
// runs against build-asan, and nothing may replace a binary other tests run).
// The parent make's jobserver is not ours to use, and a PREFIX or DESTDIR in the
// environment (make's ?= takes it) must not move the files the test looks for.
function make(target, vars) {
  const env = { ...process.env };
  for (const k of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'DESTDIR', 'PREFIX', 'BINDIR', 'MANDIR',
    'BASHCOMPDIR', 'SYSTEMDUSERDIR', 'SYSTEMDSYSTEMDIR', 'SYSUSERSDIR', 'INSTALL']) delete env[k];
  const r = spawnSync('make', ['--no-print-directory', '-C', repoRoot, target, `BUILD=${dirname(BIN)}`, '-o', BIN,
    ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)], { env, encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, `make ${target} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

// Every file and directory below `root`, relative, with its mode.
function walk(root, rel = '', out = new Map()) {
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    out.set(p, { dir: e.isDirectory(), mode: mode(join(root, p)) });
    if (e.isDirectory()) walk(root, p, out);
  }
  return out;
}

// What the sources declare, read from the C tables themselves, so that a new
// command, subcommand, option or key fails this test until the man page and the
// completion know it.
const cliSource = read(join(repoRoot, 'src/cli/cli.c'));
const table = cliSource.slice(cliSource.indexOf('commands[] = {'), cliSource.indexOf('#define NCOMMANDS'));
// Each entry: { "name", "synopsis", "help" "help"..., handler }.
const COMMANDS = [...table.matchAll(/\{\s*"([a-z][a-z-]*)",\s*((?:"(?:[^"\\]|\\.)*"\s*)+),\s*((?:"(?:[^"\\]|\\.)*"\s*)+),\s*\w+\s*\}/g)]
  .map((m) => ({ name: m[1], text: `${m[2]} ${m[3]}` }));
// Options a command's synopsis or help names: --long and -x.
for (const c of COMMANDS) c.options = [...new Set([...c.text.matchAll(/(?<![\w-])(--[a-z][a-z-]*|-[a-z])(?![\w-])/g)].map((m) => m[1]))];
const SUBS = {};
for (const f of readdirSync(join(repoRoot, 'src/cli')).filter((n) => n.endsWith('.c'))) {
  const src = read(join(repoRoot, 'src/cli', f));
  const subs = src.match(/struct cli_sub subs\[\] = \{([^;]*)\};/);
  const cmd = src.match(/cli_dispatch\(ctx, "([a-z-]+)", subs/);
  if (subs && cmd) SUBS[cmd[1]] = [...subs[1].matchAll(/\{\s*"([a-z-]+)",/g)].map((m) => m[1]);
}
const configSource = read(join(repoRoot, 'src/config/config.c')) + read(join(repoRoot, 'src/config/config_exec.c'));
const KEYS = new Set([
  // Every list of accepted keys (check_keys), wherever it is declared...
  ...[...configSource.matchAll(/static const char \*const \w*keys\[\] = \{([^}]*)\}/g)]
    .flatMap((m) => [...m[1].matchAll(/"([^"]+)"/g)].map((k) => k[1])),
  // ...and the table of integer limits.
  ...[...configSource.matchAll(/\{\s*"(\w+)",\s*offsetof\(struct limits_config/g)].map((m) => m[1]),
]);

test('the sources are read: commands, subcommands, options and keys were found', () => {
  // A refactor that hides them from these patterns must fail here, not pass the
  // checks below vacuously.
  const names = COMMANDS.map((c) => c.name);
  for (const c of ['serve', 'stdio', 'check-config', 'token', 'tools', 'secret', 'log', 'audit', 'version'])
    assert.ok(names.includes(c), `command ${c} not found in src/cli/cli.c (found ${names})`);
  assert.deepEqual(SUBS.token, ['new', 'list', 'revoke']);
  assert.ok(SUBS.tools.includes('scan') && SUBS.log.includes('verify') && SUBS.secret.includes('set'));
  assert.ok(COMMANDS.find((c) => c.name === 'audit').options.includes('--fail-on'));
  assert.ok(COMMANDS.find((c) => c.name === 'log').options.includes('-n'));
  for (const k of ['listen', 'tls', 'cert', 'stateDir', 'mcpServers', '$schema', 'maxBodyBytes', 'bodyTimeoutMs',
    'onNew', 'results', 'command', 'headers', 'prefix', 'sandbox', 'network', 'write', 'allow', 'deny',
    'exec', 'path', 'pattern', 'maxCount', 'maxArgBytes'])
    assert.ok(KEYS.has(k), `config key ${k} not found in src/config/config.c`);
  assert.ok(KEYS.size >= 35, `only ${KEYS.size} config keys found`);
});

let dest;
before(() => {
  dest = tempDir('gh-install-');
  make('install', { DESTDIR: dest, PREFIX: '/usr' });
});
after(() => rmSync(dest, { recursive: true, force: true }));

test('make install DESTDIR=... PREFIX=/usr installs exactly its files, with their modes', () => {
  const tree = walk(dest);
  const files = [...tree].filter(([, e]) => !e.dir).map(([p]) => p).sort();
  assert.deepEqual(files, Object.keys(FILES).sort());
  for (const [p, m] of Object.entries(FILES))
    assert.equal(tree.get(p).mode, m, `${p} has mode ${tree.get(p).mode.toString(8)}, expected ${m.toString(8)}`);
  for (const [p, e] of tree)
    if (e.dir) assert.equal(e.mode, 0o755, `directory ${p} has mode ${e.mode.toString(8)}`);
  // The installed binary is the one under test, and it runs.
  assert.deepEqual(readFileSync(join(dest, 'usr/bin/gatehouse')), readFileSync(BIN));
  const v = spawnSync(join(dest, 'usr/bin/gatehouse'), ['version'], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /^gatehouse \d+\.\d+\.\d+/);
  // No placeholder and no path of the build tree is left in a text file.
  for (const p of Object.keys(FILES).filter((f) => !f.startsWith('usr/bin/'))) {
    const text = read(join(dest, p));
    assert.doesNotMatch(text, /@[A-Z]+@/, `${p} has a placeholder left`);
    assert.ok(!text.includes(repoRoot), `${p} names the build tree`);
  }
});

test('PREFIX defaults to /usr/local, the units name the binary there, and make uninstall removes every file', (t) => {
  const d = tempDir('gh-install-');
  t.after(() => rmSync(d, { recursive: true, force: true }));
  make('install', { DESTDIR: d });
  const files = [...walk(d)].filter(([, e]) => !e.dir).map(([p]) => p).sort();
  assert.deepEqual(files, Object.keys(FILES).map((p) => p.replace(/^usr\//, 'usr/local/')).sort());
  for (const kind of ['user', 'system'])
    assert.match(read(join(d, `usr/local/lib/systemd/${kind}/gatehouse.service`)), /^ExecStart=\/usr\/local\/bin\/gatehouse /m);
  make('uninstall', { DESTDIR: d });
  assert.deepEqual([...walk(d)].filter(([, e]) => !e.dir).map(([p]) => p), []);
});

test('the man page renders without a warning', (t) => {
  const page = join(dest, 'usr/share/man/man1/gatehouse.1');
  if (lacks(t, !has('man') || !has('groff'), 'man (man-db) or groff (groff-base) is not installed')) return;
  const r = spawnSync('man', ['-l', '--warnings', page], { env: { ...process.env, MANWIDTH: '80', MAN_KEEP_FORMATTING: '' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', `man -l --warnings complained:\n${r.stderr}`);
  assert.match(r.stdout, /^GATEHOUSE\(1\)/m);
  for (const section of ['NAME', 'SYNOPSIS', 'COMMANDS', 'CONFIGURATION', 'ENVIRONMENT', 'FILES', 'EXIT STATUS'])
    assert.match(r.stdout, new RegExp(`^${section}$`, 'm'), `no ${section} section`);
  const g = spawnSync('groff', ['-mandoc', '-ww', '-z', page], { encoding: 'utf8' });
  assert.equal(g.status, 0, g.stderr);
  assert.equal(g.stderr, '', `groff -ww complained:\n${g.stderr}`);
});

test('the man page describes every command, subcommand, option and config key of the sources', () => {
  const src = read(join(dest, 'usr/share/man/man1/gatehouse.1'));
  const items = src.split('\n').filter((l) => l.startsWith('.It '));
  const missing = [];
  for (const c of COMMANDS) {
    // Each command, and each of its subcommands, is an item of the COMMANDS list.
    const forms = SUBS[c.name] ? SUBS[c.name].map((s) => `${c.name} ${s}`) : [c.name];
    for (const f of forms)
      if (!items.some((l) => l === `.It Cm ${f}` || l.startsWith(`.It Cm ${f} `))) missing.push(`command "${f}"`);
    for (const o of c.options)
      if (!src.includes(`Fl ${o.slice(1)}`)) missing.push(`option ${o} of ${c.name}`);
  }
  for (const k of KEYS)
    if (!items.some((l) => l === `.It Ic ${k}` || l.startsWith(`.It Ic ${k} `))) missing.push(`config key "${k}"`);
  assert.deepEqual(missing, [], 'man/gatehouse.1 lacks these (add an item for each)');
});

// Complete `line` (the cursor at its end) by sourcing the installed script in a
// bash of its own, as bash would on TAB: COMP_WORDS, COMP_CWORD, COMP_LINE,
// COMP_POINT set, then the function that `complete -p gatehouse` names.
function complete(line) {
  const script = join(dest, 'usr/share/bash-completion/completions/gatehouse');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `
    source "$1" || exit 3
    read -ra COMP_WORDS <<< "$2"
    [[ $2 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMP_LINE=$2; COMP_POINT=\${#2}
    fn=$(complete -p gatehouse | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')
    [ -n "$fn" ] || exit 4
    "$fn" gatehouse "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', script, line], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  assert.equal(r.status, 0, `completing "${line}": ${r.stderr}`);
  assert.equal(r.stderr, '', `completing "${line}" wrote to stderr`);
  return r.stdout.split('\n').filter(Boolean).sort();
}

test('bash completion parses and completes commands, subcommands and options', () => {
  const script = join(dest, 'usr/share/bash-completion/completions/gatehouse');
  const n = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
  assert.equal(n.status, 0, n.stderr);
  assert.deepEqual(complete('gatehouse to'), ['token', 'tools']);
  assert.deepEqual(complete('gatehouse --config /etc/gatehouse/gatehouse.json to'), ['token', 'tools']);
  assert.deepEqual(complete('gatehouse audit --format s'), ['sarif']);
  assert.deepEqual(complete('gatehouse audit --fail-on '), ['critical', 'info', 'warn']);
  const top = complete('gatehouse ');
  for (const c of COMMANDS) {
    assert.ok(top.includes(c.name), `"gatehouse <TAB>" lacks ${c.name}`);
    if (SUBS[c.name]) assert.deepEqual(complete(`gatehouse ${c.name} `), [...SUBS[c.name]].sort(), `"gatehouse ${c.name} <TAB>"`);
    // Every option the command's usage names is offered after its command (or
    // after one of its subcommands).
    const offered = new Set((SUBS[c.name] || ['']).flatMap((s) => complete(`gatehouse ${c.name} ${s ? `${s} ` : ''}-`)));
    for (const o of c.options) assert.ok(offered.has(o), `"gatehouse ${c.name} ... -<TAB>" lacks ${o}`);
  }
});

// A unit file as sections of key = [values] (a key may repeat).
function parseUnit(text) {
  const out = {};
  let section = null;
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (l === '' || l.startsWith('#') || l.startsWith(';')) continue;
    const s = l.match(/^\[([A-Za-z]+)\]$/);
    if (s) { section = out[s[1]] = out[s[1]] || {}; continue; }
    const kv = l.match(/^([A-Za-z]+)=(.*)$/);
    assert.ok(section && kv, `not a unit file line: ${raw}`);
    (section[kv[1]] = section[kv[1]] || []).push(kv[2]);
  }
  return out;
}

test('the systemd units: a user unit, and a system unit that is sandboxed and reloads with SIGHUP', () => {
  const user = parseUnit(read(join(dest, 'usr/lib/systemd/user/gatehouse.service')));
  const system = parseUnit(read(join(dest, 'usr/lib/systemd/system/gatehouse.service')));
  for (const u of [user, system]) {
    assert.match(u.Service.ExecStart[0], /^\/usr\/bin\/gatehouse (--config \S+ )?serve$/);
    assert.ok(u.Service.ExecReload.includes('/bin/kill -HUP $MAINPID'), 'reload sends SIGHUP');
    assert.match(u.Service.ExecReload[0], /^\/usr\/bin\/gatehouse .*check-config$/, 'reload checks the file first');
    assert.equal(u.Unit.Documentation[0], 'man:gatehouse(1)');
    assert.deepEqual(u.Service.NoNewPrivileges, ['yes']);
  }
  assert.deepEqual(user.Install.WantedBy, ['default.target']);
  assert.deepEqual(system.Install.WantedBy, ['multi-user.target']);
  const s = system.Service;
  const want = {
    User: 'gatehouse', StateDirectory: 'gatehouse', StateDirectoryMode: '0700', ProtectSystem: 'strict',
    ProtectHome: 'yes', PrivateTmp: 'yes', NoNewPrivileges: 'yes', CapabilityBoundingSet: '', AmbientCapabilities: '',
    UMask: '0077', LoadCredential: 'gatehouse-vault-key:%E/gatehouse/vault.key', SystemCallArchitectures: 'native',
    ProtectKernelTunables: 'yes', ProtectKernelModules: 'yes', ProtectControlGroups: 'yes', RestrictSUIDSGID: 'yes',
  };
  for (const [k, v] of Object.entries(want)) assert.deepEqual(s[k], [v], `[Service] ${k}=${v}`);
  assert.match(s.SystemCallFilter[0], /^@system-service( |$)/);
  assert.deepEqual(s.RestrictAddressFamilies[0].split(' ').sort(), ['AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_UNIX']);
  assert.match(s.ExecStart[0], / --config %E\/gatehouse\/gatehouse\.json serve$/);
  // The user it runs as is declared for systemd-sysusers, its home the state directory.
  assert.match(read(join(dest, 'usr/lib/sysusers.d/gatehouse.conf')), /^u gatehouse - "[^"]+" \/var\/lib\/gatehouse$/m);
});

test('systemd-analyze verify accepts both units, and rates the system unit\'s exposure 3.0 or lower', (t) => {
  if (lacks(t, !has('systemd-analyze'), 'systemd-analyze (Debian package systemd) is not installed')) return;
  // verify wants ExecStart's binary to exist: copies of the units that name the
  // one in DESTDIR (the rest of each unit is as installed).
  const dir = tempDir('gh-units-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const runtime = join(dir, 'run');
  mkdirSync(runtime);
  chmodSync(runtime, 0o700);
  for (const kind of ['user', 'system']) {
    const text = read(join(dest, `usr/lib/systemd/${kind}/gatehouse.service`));
    const unit = join(dir, `gatehouse-${kind}.service`);
    writeFileSync(unit, text.replaceAll('/usr/bin/gatehouse', join(dest, 'usr/bin/gatehouse')));
    // Unknown keys and bad values are only warnings on stderr; the exit code stays 0.
    const args = [...(kind === 'user' ? ['--user'] : []), 'verify', '--man=no', basename(unit)];
    const r = spawnSync('systemd-analyze', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
    assert.equal(r.status, 0, `systemd-analyze ${args.join(' ')}:\n${r.stderr}`);
    assert.equal(r.stderr, '', `systemd-analyze ${args.join(' ')} complained:\n${r.stderr}`);
  }
  const sec = spawnSync('systemd-analyze', ['security', '--offline=yes', '--threshold=30', '--no-pager', 'gatehouse-system.service'],
    { cwd: dir, encoding: 'utf8' });
  assert.equal(sec.status, 0, `exposure above 3.0:\n${sec.stdout}${sec.stderr}`);
});

// A unit's command line as systemd splits it (no quotes in ours), with
// $MAINPID filled in.
const argvOf = (line, pid) => line.split(/\s+/).map((a) => a.replaceAll('$MAINPID', String(pid)));

test('the user unit\'s commands, run as systemd --user would: start, a client connects, reload, stop', async (t) => {
  // No user manager runs here, so the test does what it would: ExecStart in a
  // fresh HOME with the README's config location, ExecReload's two commands,
  // then SIGTERM (systemd's stop), which must end the gateway with exit 0.
  const unit = parseUnit(read(join(dest, 'usr/lib/systemd/user/gatehouse.service')));
  const home = tempDir('gh-home-');
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = { ...baseEnv(), HOME: home, XDG_CONFIG_HOME: '', XDG_STATE_HOME: '', GATEHOUSE_CONFIG: '' };
  for (const k of ['XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'GATEHOUSE_CONFIG', 'GATEHOUSE_VAULT_KEY_FILE', 'CREDENTIALS_DIRECTORY']) delete env[k];
  mkdirSync(join(home, '.config/gatehouse'), { recursive: true });
  writeFileSync(join(home, '.config/gatehouse/gatehouse.json'),
    JSON.stringify({ listen: ['127.0.0.1:0'], mcpServers: { everything: everything() } }, null, 2));
  const stateDir = join(home, '.local/state/gatehouse');

  const [exe, ...args] = argvOf(unit.Service.ExecStart[0]);
  assert.equal(exe, '/usr/bin/gatehouse');
  const proc = spawn(join(dest, exe), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL'); });
  let log = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { log += d; const k = logPath(); if (k) appendFileSync(k, d); });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => { keepState(stateDir); res({ code, signal }); }));
  await waitFor(() => log.includes('msg="gatehouse ready"') || proc.exitCode !== null, { timeoutMs: 30000, what: 'gatehouse ready' });
  assert.ok(log.includes('msg="gatehouse ready"'), `the gateway did not start:\n${log}`);
  const address = log.match(/msg=listening address=(\S+)/)[1];
  const gw = { port: Number(address.slice(address.lastIndexOf(':') + 1)), token: plant(read(join(stateDir, 'default.token')).trim()) };
  assert.equal(mode(join(stateDir, 'default.token')), 0o600);

  const c = await connect(gw);
  try {
    const { tools } = await within(c.client.listTools(), 15000, 'tools/list');
    assert.ok(tools.some((x) => x.name === 'everything__echo'), `tools: ${tools.map((x) => x.name)}`);
  } finally {
    await c.close();
  }

  for (const line of unit.Service.ExecReload) {
    const [rexe, ...rargs] = argvOf(line, proc.pid);
    const r = spawnSync(rexe.startsWith('/usr/bin/gatehouse') ? join(dest, rexe) : rexe, rargs, { env, encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, `ExecReload ${line}: ${r.stdout}${r.stderr}`);
  }
  await waitFor(() => log.includes('msg="configuration reloaded"'), { what: 'the reload in the log' });
  assert.equal((await request(gw.port, { path: '/healthz' })).status, 200);

  proc.kill('SIGTERM');
  assert.deepEqual(await within(exited, 10000, 'stop'), { code: 0, signal: null }, log);
});
