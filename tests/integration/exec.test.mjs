// The exec tool server (issue 11, items 2-4): commands declared under "exec",
// called through the gateway with the official SDK client. What a shell would
// interpret reaches the program as one literal argument (printf shows it
// byte for byte) or is refused before anything runs; an exec command that tries
// to get out of its sandbox fails at every attempt while the gateway stays up.
// The same command with "sandbox": false is the control that shows each attempt
// would succeed, so none of these tests can pass vacuously.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { assertAlive, giveToSandbox, request, runCli, tempDir } from './lib/gateway.mjs';
import { FIXTURES, connect, mcpHeaders, messagesOf, rawInit, startGatewaySafe, textOf, waitFor } from './lib/mcp.mjs';

const SECRET = 'planted-secret-e7c3';
const ESCAPE = join(FIXTURES, 'exec-escape.mjs');
const NODE = process.execPath;

// The `sleep TAG` processes (the fixture's children; the fixture and the
// trampoline carry the tag in their argv too, and are not counted).
function processesWith(tag) {
  const found = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv[0] === '/usr/bin/sleep' && argv.includes(tag)) found.push(Number(pid));
    } catch { /* gone */ }
  }
  return found;
}
const uniqueTag = () => `${4000 + Math.floor(Math.random() * 1000)}.${process.pid}${Date.now() % 100000}`;

async function callRaw(c, name, args) {
  return c.client.callTool({ name, arguments: args }, undefined, { timeout: 20000 });
}

// A call that must run: its structured result.
async function ran(c, name, args) {
  const r = await callRaw(c, name, args);
  assert.ok(r.structuredContent, `${name} did not run: ${textOf(r)}`);
  return r.structuredContent;
}

// A call that must be refused before anything runs: its text.
async function refused(c, name, args, words) {
  const r = await callRaw(c, name, args);
  assert.equal(r.isError, true, `${name} ${JSON.stringify(args).slice(0, 100)} was not refused: ${textOf(r)}`);
  assert.equal(r.structuredContent, undefined, 'nothing ran');
  assert.match(textOf(r), /^refused, nothing was run: /);
  if (words) assert.match(textOf(r), words);
  return textOf(r);
}

// The escape fixture's JSON line.
async function attempt(c, name, action, target) {
  const r = await ran(c, name, target === undefined ? { action } : { action, target });
  assert.equal(r.exitCode, 0, `${name} ${action}: ${JSON.stringify(r)}`);
  return JSON.parse(r.stdout);
}

const escapeCommand = (extra = {}) => ({
  path: NODE,
  args: [{ fixed: ESCAPE },
    { name: 'action', enum: ['read', 'write', 'connect', 'spawn', 'orphan', 'hang', 'exit', 'procs', 'unix'], required: true },
    { name: 'target', pattern: '[/0-9][^ ]*' }],
  ...extra,
});

describe('exec: arguments are literal or refused', () => {
  let dir; let gw; let c; let work;

  before(async () => {
    dir = tempDir('gh-exec-');
    work = join(dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'a.txt'), 'a\n');
    // A real repository for a real program: git, sandboxed, reading its working directory.
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    const git = (...a) => execFileSync('/usr/bin/git', ['-C', repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a]);
    git('init', '-q');
    writeFileSync(join(repo, 'f.txt'), 'f\n');
    git('add', 'f.txt');
    git('commit', '-qm', 'subject with $(date) and `id`');
    // git works only in a repository of its own user: as root, the sandbox user's (README).
    giveToSandbox(repo, { recursive: true });
    gw = await startGatewaySafe({
      exec: {
        // The most permissive rule there is: any value at all, so that literalness is what is tested.
        echo: { path: '/usr/bin/printf', description: 'Prints each word in brackets.', cwd: work,
          args: [{ fixed: '[%s]\\n' }, { name: 'words', pattern: '.*', maxCount: 20, description: 'the words' }] },
        find: { path: '/usr/bin/find', cwd: work,
          args: [{ fixed: '.' }, { fixed: '-name' }, { name: 'glob', pattern: '[^/]+', required: true }] },
        git: { path: '/usr/bin/git', cwd: work,
          args: [{ name: 'cmd', enum: ['status', 'log'], required: true }, { name: 'rev', pattern: '.+' }] },
        tar: { path: '/usr/bin/tar', cwd: work,
          args: [{ fixed: '-tf' }, { name: 'archive', pattern: '.+', required: true }, { name: 'member', pattern: '.+' }] },
        gitlog: { path: '/usr/bin/git', cwd: join(dir, 'repo'),
          args: [{ fixed: 'log' }, { fixed: '--format=%s' }, { name: 'count', enum: ['-1', '-5'], required: true }, { fixed: '--' },
            { name: 'paths', pattern: '[A-Za-z0-9_][A-Za-z0-9_./-]*', maxCount: 5 }] },
        mode: { path: '/usr/bin/printf', cwd: work,
          args: [{ fixed: '%s|' }, { name: 'level', enum: ['low', 'high'], required: true },
            { name: 'verbose', flag: '--verbose' }, { name: 'out', pattern: '[a-z]+\\.txt', prefix: '--output=' }] },
      },
    }, { dir });
    c = await connect(gw);
  });

  after(async () => {
    await c?.close();
    await gw?.stop();
    gw?.cleanup();
  });

  test('tools/list shows one tool per command with the schema generated from its rules', async () => {
    const tools = Object.fromEntries((await c.client.listTools()).tools.map((t) => [t.name, t]));
    assert.deepEqual(Object.keys(tools).filter((n) => n.startsWith('exec__')).sort(),
      ['exec__echo', 'exec__find', 'exec__git', 'exec__gitlog', 'exec__mode', 'exec__tar']);
    assert.deepEqual(tools.exec__mode.inputSchema, {
      type: 'object',
      properties: {
        level: { type: 'string', enum: ['low', 'high'] },
        verbose: { type: 'boolean' },
        out: { type: 'string', pattern: '^([a-z]+\\.txt)$', maxLength: 4096 - '--output='.length },
      },
      required: ['level'],
      additionalProperties: false,
    });
    assert.deepEqual(tools.exec__echo.inputSchema.properties.words,
      { type: 'array', items: { type: 'string', pattern: '^(.*)$', maxLength: 4096 }, maxItems: 20, description: 'the words' });
    assert.match(tools.exec__echo.description, /^Prints each word in brackets\.\n\nRuns \/usr\/bin\/printf \[%s\]\\n \[<words>\.\.\.\] directly, never through a shell/);
    assert.ok(tools.exec__echo.outputSchema.properties.exitCode);
  });

  test('a real program works sandboxed: git log in its working directory', async () => {
    const r = await ran(c, 'exec__gitlog', { count: '-1', paths: ['f.txt'] });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'subject with $(date) and `id`\n');
    await refused(c, 'exec__gitlog', { count: '-1', paths: ['--output=/tmp/x'] }, /starts with '-'/);
  });

  test('flags, enumerations and prefixes build the declared argv', async () => {
    const r = await ran(c, 'exec__mode', { level: 'high', verbose: true, out: 'log.txt' });
    assert.equal(r.stdout, 'high|--verbose|--output=log.txt|');
    assert.equal(r.exitCode, 0);
    await refused(c, 'exec__mode', { level: 'medium' }, /"medium" is not one of the allowed values: "low", "high"/);
    await refused(c, 'exec__mode', { level: 'low', out: '../x.txt' }, /does not match the pattern/);
    await refused(c, 'exec__mode', { level: 'low', extra: '1' }, /unknown parameter "extra"/);
    await refused(c, 'exec__mode', {}, /parameter "level" is required/);
  });

  test('shell syntax reaches the program as one literal argument', async () => {
    const words = ['$(date)', '`id`', 'a; touch pwned', 'a && touch pwned', 'a | tee pwned', 'a\nb', '> pwned',
      '*', '/etc/*', '?', '~', '~/x', '$HOME', '${PATH}', "'quoted'", '"dq"', '\\', 'a b', '', 'ünïcödé ✓'];
    const r = await ran(c, 'exec__echo', { words });
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, words.map((w) => `[${w}]\n`).join(''));
    // Nothing ran and nothing was created: the working directory is as it was.
    assert.deepEqual(readdirSync(work).sort(), ['a.txt']);
    assert.equal(existsSync(join(dir, 'pwned')), false);
  });

  test('"--" tricks and undeclared options are refused before anything runs', async () => {
    for (const w of ['--', '--help', '-e', '-n', '--version', '-']) {
      await refused(c, 'exec__echo', { words: ['ok', w] }, /starts with '-': options are refused unless the command declares them/);
    }
  });

  test('option injection: find -exec, git -c core.sshCommand, tar --checkpoint-action are refused', async () => {
    const marker = join(dir, 'injected');
    await refused(c, 'exec__find', { glob: '-exec' }, /starts with '-'/);
    await refused(c, 'exec__git', { cmd: 'log', rev: `-c core.sshCommand=touch ${marker}` }, /starts with '-'/);
    await refused(c, 'exec__git', { cmd: 'log', rev: '--upload-pack=touch x' }, /starts with '-'/);
    await refused(c, 'exec__git', { cmd: '-c', rev: 'x' }, /is not one of the allowed values/);
    await refused(c, 'exec__tar', { archive: 'a.tar', member: `--checkpoint-action=exec=touch ${marker}` }, /starts with '-'/);
    await refused(c, 'exec__tar', { archive: '--to-command=sh' }, /starts with '-'/);
    assert.equal(existsSync(marker), false);
    // The control: what the rules allow runs, with the value as one argument.
    const f = await ran(c, 'exec__find', { glob: '*.txt' });
    assert.equal(f.stdout, './a.txt\n');
    assert.equal(f.exitCode, 0);
  });

  test('a NUL byte and invalid UTF-8 are refused; a 1 MB argument is refused by its length', async () => {
    // JSON carries a NUL as \u0000: the gateway refuses the request (no argument can hold it).
    const nul = await callRaw(c, 'exec__echo', { words: ['a\u0000b'] }).then((r) => textOf(r), (e) => String(e));
    assert.doesNotMatch(nul, /\[a/, 'no output of a run');
    // A lone surrogate is not Unicode: JSON.stringify writes \ud800, which the gateway refuses.
    const sur = await callRaw(c, 'exec__echo', { words: ['a\ud800b'] }).then((r) => textOf(r), (e) => String(e));
    assert.doesNotMatch(sur, /\[a/, 'no output of a run');
    // Raw bytes that are not UTF-8, in a request of their own.
    const s = await rawInit(gw.port, gw.token);
    const head = Buffer.from('{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"exec__echo","arguments":{"words":["a');
    const res = await request(gw.port, { method: 'POST', headers: mcpHeaders(gw.token, { sessionId: s.sessionId, version: s.result.protocolVersion }),
      body: Buffer.concat([head, Buffer.from([0xff, 0xfe]), Buffer.from('b"]}}}')]) });
    const msgs = (() => { try { return messagesOf(res); } catch { return []; } })();
    assert.ok(res.status >= 400 || msgs.some((m) => m.error), `invalid UTF-8 was accepted: ${res.status} ${res.body.slice(0, 200)}`);
    assert.ok(!msgs.some((m) => m.result), 'no result: nothing ran');
    const big = await refused(c, 'exec__echo', { words: ['x'.repeat(1 << 20)] }, /is 1048576 bytes long; at most 4096 are allowed/);
    assert.ok(big.length < 1000, 'the error quotes an excerpt, not the value');
    await refused(c, 'exec__echo', { words: Array(21).fill('x') }, /has 21 values; at most 20 are allowed/);
    // None of them ran: only the calls that passed appear as runs in the log.
    assert.doesNotMatch(gw.logs(), /exec command finished[^\n]*stdout_bytes=104857/);
    await assertAlive(gw, 'after the refused calls');
  });

  test('each refusal is logged, each run too', async () => {
    await refused(c, 'exec__find', { glob: '-delete' });
    await waitFor(() => /msg="exec call refused" server=exec tool=find reason="parameter \\"glob\\" \\"-delete\\" starts with '-'/.test(gw.logs()),
      { what: 'the refusal in the log' });
    assert.match(gw.logs(), /msg="exec command finished" server=exec tool=find pid=\d+ status=0 ms=\d+/);
  });
});

describe('exec: a command cannot get out of its sandbox', () => {
  let dir; let gw; let c; let tcp; let tcpHits = 0;

  before(async () => {
    dir = tempDir('gh-exec-esc-');
    writeFileSync(join(dir, 'secret.txt'), `${SECRET}\n`);
    tcp = net.createServer((s) => { tcpHits++; s.destroy(); });
    await new Promise((r) => tcp.listen(0, '127.0.0.1', r));
    gw = await startGatewaySafe({
      exec: {
        esc: escapeCommand({ timeoutMs: 15000, sandbox: { limits: { processes: 300 } } }),
        short: escapeCommand({ timeoutMs: 1500 }),
        long: escapeCommand({ timeoutMs: 60000 }),
        open: escapeCommand({ sandbox: false }),
        cut: { path: '/usr/bin/head', args: [{ fixed: '-c' }, { name: 'n', enum: ['100000'] }, { fixed: '/dev/zero' }],
          maxOutputBytes: 1000 },
      },
    }, { dir });
    c = await connect(gw);
  });

  after(async () => {
    await c?.close();
    await gw?.stop();
    gw?.cleanup();
    tcp?.close();
  });

  test('the control: without a sandbox the planted secret is readable', async () => {
    const r = await attempt(c, 'exec__open', 'read', join(dir, 'secret.txt'));
    assert.equal(r.ok, true);
    assert.match(r.text, new RegExp(SECRET));
  });

  test('reads of the planted secret, the config, the database and the token file fail', async () => {
    const targets = [join(dir, 'secret.txt'), gw.configPath, `/proc/${gw.pid}/environ`];
    for (const f of readdirSync(gw.stateDir)) {
      const p = join(gw.stateDir, f);
      if (statSync(p).isFile()) targets.push(p);
    }
    assert.ok(targets.some((p) => p.endsWith('default.token')), targets.join(' '));
    assert.ok(targets.some((p) => p.endsWith('.db')), targets.join(' '));
    for (const path of targets) {
      const r = await attempt(c, 'exec__esc', 'read', path);
      // The gateway's process is not even in the sandbox's own /proc.
      assert.deepEqual(r, { ok: false, code: path.startsWith('/proc/') ? 'ENOENT' : 'EACCES' }, path);
      // Logged before the result (the run waits for its sandbox's event pipe), with the path.
      if (!path.startsWith('/proc/')) {
        assert.ok(gw.logs().includes(`msg="sandbox denied an attempt" command=esc kind=file access=read path=${realpathSync(path)} `),
          `the read of ${path} is logged`);
      }
    }
    await assertAlive(gw, 'after the reads');
  });

  test('its /proc shows only its own processes; without a sandbox (the control) the host\'s', async () => {
    // Node runs no helper process: the namespace holds the sandbox's init (pid 1) and the run.
    const pids = (await attempt(c, 'exec__esc', 'procs')).pids;
    assert.equal(pids.length, 2, JSON.stringify(pids));
    assert.equal(pids[0], 1, JSON.stringify(pids));
    assert.ok((await attempt(c, 'exec__open', 'procs')).pids.includes(gw.pid), 'the control sees the gateway');
  });

  test('writes outside its private directory fail; inside it they work', async () => {
    for (const path of [join(dir, 'escaped.txt'), join(gw.stateDir, 'escaped'), '/tmp/gh-exec-escaped']) {
      assert.deepEqual(await attempt(c, 'exec__esc', 'write', path), { ok: false, code: 'EACCES' }, path);
      assert.equal(existsSync(path), false, path);
    }
    const home = join(gw.stateDir, 'home', 'exec__esc');
    assert.deepEqual(await attempt(c, 'exec__esc', 'write', join(home, 'mine.txt')), { ok: true });
    assert.equal(readFileSync(join(home, 'mine.txt'), 'utf8'), 'escaped\n');
  });

  test('a loopback port is out of reach (no network by default); the control reaches it', async () => {
    const port = tcp.address().port;
    const r = await attempt(c, 'exec__esc', 'connect', `127.0.0.1:${port}`);
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(tcpHits, 0, 'the host\'s loopback port saw no connection');
    assert.equal((await attempt(c, 'exec__open', 'connect', `127.0.0.1:${port}`)).ok, true);
    await waitFor(() => tcpHits === 1, { what: 'the control connection' });
    // The attempt is logged, naming the command.
    assert.match(gw.logs(), new RegExp(`msg="sandbox denied an attempt" command=esc kind=connect to=127\\.0\\.0\\.1:${port} range=loopback pid=\\d+ process=node`));
    assert.doesNotMatch(gw.logs(), /sandbox denied an attempt" command=open /, 'no sandbox, no events');
  });

  test('a Unix socket is refused and the attempt logged; the control connects', async () => {
    const path = join(dir, 'gw.sock');
    let hits = 0;
    const unix = net.createServer((s) => { hits++; s.destroy(); });
    await new Promise((r) => unix.listen(path, r));
    try {
      assert.deepEqual(await attempt(c, 'exec__esc', 'unix', path), { ok: false, code: 'EPERM' });
      // The run's result waits for the event pipe: the line is logged before the answer.
      assert.match(gw.logs(), /msg="sandbox denied an attempt" command=esc kind=syscall syscall=socket what=unix-socket pid=\d+ process=node/);
      assert.equal(hits, 0);
      assert.deepEqual(await attempt(c, 'exec__open', 'unix', path), { ok: true });
      await waitFor(() => hits === 1, { what: 'the control connection' });
    } finally {
      unix.close();
    }
  });

  test('a fork bomb is stopped by the process limit; the gateway stays up', async () => {
    const r = await attempt(c, 'exec__esc', 'spawn', '400');
    assert.ok(r.refused > 0 && r.started < 300, JSON.stringify(r));
    assert.ok(r.codes.includes('EAGAIN'), JSON.stringify(r));
    // The bomb holds its processes (1.2 s): the sandbox's init counts them, near the limit.
    await waitFor(() => /msg="sandbox processes near their limit" command=esc kind=processes running=\d+ limit=300/.test(gw.logs()),
      { what: 'the fork bomb to be logged' });
    await assertAlive(gw, 'after the fork bomb');
  });

  test('a process left behind dies with the run; without a sandbox (the control) it survives', async () => {
    const tag = uniqueTag();
    assert.equal((await attempt(c, 'exec__esc', 'orphan', tag)).ok, true);
    await waitFor(() => processesWith(tag).length === 0, { what: 'the orphan to die with its run' });
    const ctl = uniqueTag();
    const r = await attempt(c, 'exec__open', 'orphan', ctl);
    try {
      assert.equal(processesWith(ctl).length, 1, 'the control orphan runs');
    } finally {
      try { process.kill(r.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  });

  test('a command that times out is killed with its children, and the result says so', async () => {
    const tag = uniqueTag();
    const r = await ran(c, 'exec__short', { action: 'hang', target: tag });
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    assert.equal(JSON.parse(r.stdout).ok, true, 'what it printed before the timeout is kept');
    await waitFor(() => processesWith(tag).length === 0, { what: 'the child of the timed-out command to die' });
    assert.match(gw.logs(), /msg="exec command timed out; killed" server=exec tool=short/);
    await assertAlive(gw, 'after the timeout');
  });

  test('revoking a token kills the runs it started; other tokens\' runs go on', async () => {
    const made = gw.cli(['token', 'new', 'doomed']);
    assert.equal(made.code, 0, made.stderr);
    // A new token reaches the running gateway within a second.
    const d = await waitFor(() => connect(gw, { token: made.stdout.trim() }), { what: 'the new token to be accepted' });
    const tag = uniqueTag();
    const pending = callRaw(d, 'exec__long', { action: 'hang', target: tag }).then(() => 'answered', (e) => String(e));
    await waitFor(() => processesWith(tag).length === 1, { timeoutMs: 15000, what: 'the run to start its child' });
    const other = uniqueTag();
    const otherRun = callRaw(c, 'exec__short', { action: 'hang', target: other });
    await waitFor(() => processesWith(other).length === 1, { timeoutMs: 15000, what: 'the other token\'s run' });
    assert.equal(gw.cli(['token', 'revoke', 'doomed']).code, 0);
    await waitFor(() => processesWith(tag).length === 0, { timeoutMs: 15000, what: 'the revoked token\'s run to be killed' });
    assert.notEqual(await pending, 'answered');
    // The other token's run ends by its own timeout, with its result.
    assert.equal((await otherRun).structuredContent.timedOut, true);
    await d.close().catch(() => {});
    await assertAlive(gw, 'after the revocation');
  });

  test('the exit status and stderr are in the result; a non-zero status is an error result', async () => {
    const r = await callRaw(c, 'exec__esc', { action: 'exit', target: '3' });
    assert.equal(r.isError, true);
    assert.equal(r.structuredContent.exitCode, 3);
    assert.equal(r.structuredContent.stderr, 'leaving\n');
    assert.match(textOf(r), /\[stderr\]\nleaving\n[\s\S]*\[exit status 3\]/);
  });

  test('output past the cap is cut, and the result says how much', async () => {
    const r = await ran(c, 'exec__cut', { n: '100000' });
    assert.equal(r.truncated, true);
    assert.equal(r.stdoutBytes, 100000);
    // Each NUL byte is shown as U+FFFD: a result is text.
    assert.equal(r.stdout, '\ufffd'.repeat(1000));
    const res = await callRaw(c, 'exec__cut', { n: '100000' });
    assert.match(textOf(res), /\[output cut: stdout 1000 of 100000 bytes, stderr 0 of 0 bytes shown \(maxOutputBytes 1000\)\]/);
  });
});

describe('exec: configuration', () => {
  test('check-config shows each command and its sandbox, and names a program that is not there', async () => {
    const dir = tempDir('gh-exec-cfg-');
    try {
      const configPath = join(dir, 'gatehouse.json');
      const write = (exec) => writeFileSync(configPath, JSON.stringify({ stateDir: 'state', exec }), { mode: 0o600 });
      write({ ls: { path: '/bin/ls', args: [{ name: 'dir', pattern: '[a-z]+' }] }, open: { path: '/bin/ls', sandbox: false } });
      let r = runCli(['check-config'], { configPath });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^exec ls: tool exec__ls runs \/bin\/ls \(1 parameter, timeout 30000 ms, output cap 262144 bytes\), sandboxed \(Landlock ABI \d+, seccomp, namespaces; its own PID namespace per run\), no network/m);
      assert.match(r.stdout, /^exec open: tool exec__open runs \/bin\/ls .*no sandbox \("sandbox": false\)$/m);
      write({ gone: { path: join(dir, 'no-such-program') } });
      r = runCli(['check-config'], { configPath });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /\$\.exec\.gone\.path: \S+no-such-program is not an executable file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('audit reports an exec command without a sandbox, or with the host network (GH-CFG-008)', () => {
    const dir = tempDir('gh-exec-audit-');
    try {
      const configPath = join(dir, 'gatehouse.json');
      writeFileSync(configPath, JSON.stringify({ stateDir: 'state', exec: {
        open: { path: '/bin/ls', sandbox: false }, host: { path: '/bin/ls', sandbox: { network: true } }, tight: { path: '/bin/ls' },
      } }), { mode: 0o600 });
      const r = runCli(['audit', '--format', 'json', '--fail-on', 'critical'], { configPath, env: { HOME: dir } });
      const found = JSON.parse(r.stdout).findings.filter((f) => f.id === 'GH-CFG-008').map((f) => `${f.severity} ${f.location} ${f.evidence}`);
      assert.ok(found.some((f) => /^warn .*exec command open "sandbox": false: the command runs unconfined$/.test(f)), found.join('\n'));
      assert.ok(found.some((f) => /^info .*exec command host "sandbox": \{"network": true\}$/.test(f)), found.join('\n'));
      assert.ok(!found.some((f) => /tight/.test(f)), found.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a working directory that holds the gateway\'s configuration or state is refused, also through a symlink', async () => {
    const gw = await startGatewaySafe({ exec: { here: { path: '/bin/ls', cwd: '.' } } });
    try {
      // The exec server starts with the first session.
      const c = await connect(gw, { ready: false });
      await waitFor(() => /exec command \\?"here\\?": its cwd \S+ holds the gateway's configuration or state/.test(gw.logs()),
        { what: 'the refusal in the log' });
      assert.ok(!(await c.client.listTools()).tools.some((t) => t.name === 'exec__here'));
      await c.close();
    } finally {
      await gw.stop();
      gw.cleanup();
    }
    const dir2 = tempDir('gh-exec-cwd-');
    symlinkSync(dir2, join(dir2, 'link'));
    const gw2 = await startGatewaySafe({ exec: { viaLink: { path: '/bin/ls', cwd: 'link' } } }, { dir: dir2 });
    try {
      await (await connect(gw2, { ready: false })).close();
      await waitFor(() => /exec command \\?"viaLink\\?": its cwd \S+ holds the gateway's configuration or state/.test(gw2.logs()),
        { what: 'the refusal through the symlink' });
    } finally {
      await gw2.stop();
      gw2.cleanup();
    }
  });

  test('a reload that adds a command and changes another applies them without a restart', async () => {
    const dir = tempDir('gh-exec-reload-');
    const gw = await startGatewaySafe({ exec: { a: { path: '/usr/bin/printf', args: [{ fixed: 'one' }] } } }, { dir });
    try {
      const c = await connect(gw);
      assert.equal((await ran(c, 'exec__a', {})).stdout, 'one');
      const cfg = JSON.parse(readFileSync(gw.configPath, 'utf8'));
      cfg.exec = { a: { path: '/usr/bin/printf', args: [{ fixed: 'two' }] }, b: { path: '/usr/bin/printf', args: [{ fixed: 'b' }] } };
      writeFileSync(gw.configPath, JSON.stringify(cfg));
      gw.proc.kill('SIGHUP');
      await waitFor(async () => (await c.client.listTools()).tools.some((t) => t.name === 'exec__b'), { timeoutMs: 15000, what: 'exec__b listed' });
      assert.equal((await ran(c, 'exec__b', {})).stdout, 'b');
      // The changed command's contract changed: the guard holds it for review, as any server's changed tool.
      const held = await callRaw(c, 'exec__a', {}).then((r) => textOf(r), (e) => String(e));
      assert.match(held, /the tool "exec__a" is held for review: its definition is new or changed; .*gatehouse tools diff exec__a/);
      assert.equal(gw.cli(["tools", "approve", "exec__a"]).code, 0);
      await waitFor(async () => (await callRaw(c, "exec__a", {}).catch(() => null))?.structuredContent?.stdout === "two", { timeoutMs: 10000, what: "the approved command to run" });
      await c.close();
    } finally {
      await gw.stop();
      gw.cleanup();
    }
  });
});
