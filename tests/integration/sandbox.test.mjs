// The sandbox of stdio servers (issue 11): a fixture server that tries to get
// out (tests/fixtures/escape-server.mjs) runs sandboxed by default, and every
// attempt fails while the gateway stays up. The same fixture with
// "network": true or "sandbox": false is the control that shows each attempt
// would succeed without the sandbox, so none of these tests can pass vacuously.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { networkInterfaces, tmpdir } from 'node:os';
import net from 'node:net';
import { BIN, assertAlive, baseEnv, cacheFor, giveToSandbox, repoRoot, sandboxUser, tempDir } from './lib/gateway.mjs';
import { connect, fixture, startGatewaySafe, textOf, untilListed, waitFor } from './lib/mcp.mjs';

const SECRET = 'planted-secret-4c1d';
const hasSlirp = ['/usr/bin/slirp4netns', '/bin/slirp4netns', '/usr/local/bin/slirp4netns'].some((p) => existsSync(p));

// Processes whose command line holds `tag` (a unique argument of `sleep`).
function processesWith(tag) {
  const found = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(tag)) found.push(Number(pid));
    } catch { /* gone */ }
  }
  return found;
}

const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const uniqueTag = () => `${3000 + Math.floor(Math.random() * 1000)}.${process.pid}${Date.now() % 100000}`;

async function call(c, name, args = {}) {
  const r = await c.client.callTool({ name, arguments: args }, undefined, { timeout: 20000 });
  assert.ok(!r.isError, `${name}: ${textOf(r)}`);
  return JSON.parse(textOf(r));
}

// The trampoline's pid, from the gateway's log line "server started".
const serverPid = (gw, key) => Number(new RegExp(`msg="server started" server=${key} pid=(\\d+)`).exec(gw.logs())?.[1]);

describe('a sandboxed server cannot get out', () => {
  let dir; let gw; let c;
  let tcp; let tcpHits = 0;
  let unixServer; let unixHits = 0;
  const sock = () => join(dir, 'gw.sock');

  before(async () => {
    dir = tempDir('gh-sandbox-');
    writeFileSync(join(dir, 'secret.txt'), `${SECRET}\n`);
    mkdirSync(join(dir, 'ro'));
    writeFileSync(join(dir, 'ro', 'readable.txt'), 'readable\n', { mode: 0o644 });
    // Root's own file on a read path: a root gateway's server runs as the sandbox user, for which it is closed.
    writeFileSync(join(dir, 'ro', 'root-only.txt'), `${SECRET}\n`, { mode: 0o600 });
    tcp = net.createServer((s) => { tcpHits++; s.destroy(); });
    await new Promise((r) => tcp.listen(0, '127.0.0.1', r));
    unixServer = net.createServer((s) => { unixHits++; s.destroy(); });
    await new Promise((r) => unixServer.listen(sock(), r));
    gw = await startGatewaySafe({
      mcpServers: {
        esc: fixture('escape-server.mjs', { sandbox: { network: false, limits: { processes: 300 } } }),
        // Its own server: the lines of esc's many attempts would use up the rate limit.
        meta: fixture('escape-server.mjs', { sandbox: { network: false, read: [join(dir, 'ro')] } }),
        cpu: fixture('escape-server.mjs', { sandbox: { limits: { cpuSeconds: 1 } } }),
        mem: fixture('escape-server.mjs', { sandbox: { limits: { memoryBytes: 256 * 1024 * 1024 } } }),
        host: fixture('escape-server.mjs', { sandbox: { network: true } }),
        open: fixture('escape-server.mjs', { sandbox: false }),
        pub: fixture('escape-server.mjs', { sandbox: { network: 'public' } }),
        typo: fixture('escape-server.mjs', { sandbox: { read: [join(dir, 'no-such-dir')] } }),
      },
    }, { dir });
    c = await connect(gw, { ready: false });   // typo never starts
  });

  after(async () => {
    await c?.close();
    await gw?.stop();
    gw?.cleanup();
    tcp?.close();
    unixServer?.close();
  });

  test('the control: without a sandbox the planted secret is readable', async () => {
    const r = await call(c, 'open__read', { path: join(dir, 'secret.txt') });
    assert.equal(r.ok, true);
    assert.match(r.text, new RegExp(SECRET));
  });

  test('reads of the planted secret, the config, every state file and the gateway\'s environment fail', async () => {
    const targets = [join(dir, 'secret.txt'), gw.configPath, `/proc/${gw.pid}/environ`];
    for (const f of readdirSync(gw.stateDir)) {
      const p = join(gw.stateDir, f);
      if (statSync(p).isFile()) targets.push(p);
    }
    assert.ok(targets.some((p) => p.endsWith('default.token')), `the token file is among ${targets.join(' ')}`);
    assert.ok(targets.length >= 5, `the state files: ${targets.join(' ')}`);
    for (const path of targets) {
      for (const server of ['esc', 'host']) {
        const r = await call(c, `${server}__read`, { path });
        assert.equal(r.ok, false, `${server} read ${path}: ${JSON.stringify(r)}`);
        // The gateway's process is not even in the sandbox's own /proc.
        assert.equal(r.code, path.startsWith('/proc/') ? 'ENOENT' : 'EACCES', `${server} read ${path}`);
      }
    }
    // Each denied read is logged with its path (Landlock decides; the trampoline watches every open).
    for (const path of targets.filter((t) => !t.startsWith('/proc/'))) {
      for (const server of ['esc', 'host']) {
        const re = new RegExp(`msg="sandbox denied an attempt" server=${server} kind=file access=read path=${escapeRe(realpathSync(path))} pid=\\d+ process=node`);
        await waitFor(() => re.test(gw.logs()), { what: `${server}'s read of ${path} to be logged` });
      }
    }
    // Its own files, allowed, are not.
    assert.doesNotMatch(gw.logs(), /sandbox denied an attempt" server=esc kind=file access=read path=\/usr\//);
    await assertAlive(gw, 'after the reads');
  });

  test('writes outside its private directory fail; inside it they work', async () => {
    for (const path of [join(dir, 'escaped.txt'), join(tmpdir(), `gh-escape-${process.pid}`), join(gw.stateDir, 'escaped')]) {
      const r = await call(c, 'esc__write', { path });
      assert.deepEqual(r, { ok: false, code: 'EACCES' }, path);
      assert.equal(existsSync(path), false, path);
      const re = new RegExp(`msg="sandbox denied an attempt" server=esc kind=file access=write path=${escapeRe(join(realpathSync(join(path, '..')), 'x').slice(0, -1))}`);
      await waitFor(() => re.test(gw.logs()), { what: `the write of ${path} to be logged` });
    }
    const home = join(gw.stateDir, 'home', 'esc');
    assert.deepEqual(await call(c, 'esc__write', { path: join(home, 'mine.txt') }), { ok: true });
    assert.equal(readFileSync(join(home, 'mine.txt'), 'utf8'), 'escaped\n');
  });

  test('entries made, removed, renamed or linked outside its paths fail, and are logged', async () => {
    const victim = join(dir, 'victim');
    mkdirSync(join(victim, 'sub'), { recursive: true });
    writeFileSync(join(victim, 'keep.txt'), 'keep\n');
    const home = join(gw.stateDir, 'home', 'meta');
    const real = realpathSync(victim);
    const attempts = [
      { op: 'mkdir', path: join(victim, 'made'), logged: join(real, 'made') },
      { op: 'rmdir', path: join(victim, 'sub'), logged: join(real, 'sub') },
      { op: 'unlink', path: join(victim, 'keep.txt'), logged: join(real, 'keep.txt') },
      { op: 'rename', path: join(victim, 'keep.txt'), to: join(home, 'stolen.txt'), logged: join(real, 'keep.txt') },
      { op: 'link', path: join(victim, 'keep.txt'), to: join(home, 'linked.txt'), logged: join(real, 'keep.txt') },
      { op: 'symlink', path: join(victim, 'ln'), to: '/etc/hostname', logged: join(real, 'ln') },
    ];
    for (const a of attempts) {
      const r = await call(c, 'meta__fsop', { op: a.op, path: a.path, ...(a.to ? { to: a.to } : {}) });
      assert.equal(r.ok, false, `${a.op} ${a.path}: ${JSON.stringify(r)}`);
      const re = new RegExp(`msg="sandbox denied an attempt" server=meta kind=file access=write path=${escapeRe(a.logged)} op=${a.op} pid=\\d+ process=node`);
      await waitFor(() => re.test(gw.logs()), { what: `the ${a.op} of ${a.path} to be logged` });
    }
    // truncate(2) by path (Node truncates through an open, logged as a write above).
    const t = await call(c, 'meta__run', { file: '/usr/bin/perl', args: ['-e', `truncate("${join(victim, 'keep.txt')}", 0) or exit 13`] });
    assert.equal(t.code, 13, JSON.stringify(t));
    await waitFor(() => new RegExp(`msg="sandbox denied an attempt" server=meta kind=file access=write path=${escapeRe(join(real, 'keep.txt'))} op=truncate pid=\\d+ process=perl`).test(gw.logs()),
      { what: 'the truncate to be logged' });
    assert.deepEqual(readdirSync(victim).sort(), ['keep.txt', 'sub']);
    assert.equal(readFileSync(join(victim, 'keep.txt'), 'utf8'), 'keep\n');
    // In its own directory each works, and nothing is logged.
    const before = gw.logs().length;
    for (const [op, path, to] of [['mkdir', join(home, 'd')], ['rename', join(home, 'd'), join(home, 'e')], ['rmdir', join(home, 'e')],
      ['symlink', join(home, 'l'), '/etc/hostname'], ['unlink', join(home, 'l')]]) {
      assert.deepEqual(await call(c, 'meta__fsop', { op, path, ...(to ? { to } : {}) }), { ok: true }, `${op} ${path}`);
    }
    assert.doesNotMatch(gw.logs().slice(before), /sandbox denied an attempt" server=meta kind=file/);
  });

  test('the mode, owner and times of files outside its paths stay; no set-user-ID file is made', async () => {
    // Landlock does not govern these: a root gateway's server owns root's files, so
    // without the trampoline's check a chmod 4755 or 0666 would pass the kernel.
    const victim = join(dir, 'meta.txt');
    writeFileSync(victim, 'meta\n', { mode: 0o600 });
    const before = statSync(victim);
    const readable = join(dir, 'ro', 'readable.txt');
    const real = realpathSync(victim);
    const logged = (path, op) => waitFor(() => new RegExp(`msg="sandbox denied an attempt" server=meta kind=file access=write path=${escapeRe(path)} op=${op} pid=\\d+ process=node`).test(gw.logs()),
      { what: `the ${op} of ${path} to be logged` });
    for (const op of ['chmod', 'setuid', 'utime']) {
      assert.deepEqual(await call(c, 'meta__fsop', { op, path: victim }), { ok: false, code: 'EPERM' }, op);
      await logged(real, op);
    }
    assert.deepEqual(await call(c, 'meta__fsop', { op: 'chown', path: victim }), { ok: false, code: 'EPERM' });
    await waitFor(() => /msg="sandbox denied an attempt" server=meta kind=syscall syscall=chown pid=\d+ process=node/.test(gw.logs()),
      { what: 'the chown to be logged' });
    // Through a descriptor it may read: the mode is still not its to change.
    assert.deepEqual(await call(c, 'meta__fsop', { op: 'fchmod', path: readable }), { ok: false, code: 'EPERM' });
    await logged(realpathSync(readable), 'chmod');
    const after = statSync(victim);
    assert.equal(after.mode & 0o7777, 0o600);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.equal(statSync(readable).mode & 0o7777, 0o644);
    // In its own directory: the mode and times change, set-user-ID never.
    const home = join(gw.stateDir, 'home', 'meta');
    const mine = join(home, 'mine-meta.txt');
    writeFileSync(mine, 'x\n', { mode: 0o600 });
    giveToSandbox(mine);
    for (const op of ['chmod', 'utime', 'fchmod']) assert.deepEqual(await call(c, 'meta__fsop', { op, path: mine }), { ok: true }, op);
    assert.equal(statSync(mine).mode & 0o7777, 0o666);
    assert.equal(statSync(mine).mtimeMs, 0);
    assert.deepEqual(await call(c, 'meta__fsop', { op: 'setuid', path: mine }), { ok: false, code: 'EPERM' });
    await logged(join(realpathSync(home), 'mine-meta.txt'), 'setuid');
    assert.deepEqual(await call(c, 'meta__fsop', { op: 'mksetuid', path: join(home, 'suid.sh') }), { ok: false, code: 'EPERM' });
    assert.equal(existsSync(join(home, 'suid.sh')), false);
    await logged(join(realpathSync(home), 'suid.sh'), 'setuid');
    // The control: without a sandbox the same chmod passes.
    const open = join(dir, 'meta-open.txt');
    writeFileSync(open, 'o\n', { mode: 0o600 });
    assert.deepEqual(await call(c, 'open__fsop', { op: 'chmod', path: open }), { ok: true });
    assert.equal(statSync(open).mode & 0o7777, 0o644);
  });

  test('a root gateway\'s server runs as the sandbox user: root\'s own file on its read path stays closed; without a sandbox (the control) it opens',
    { skip: !sandboxUser && 'the tests do not run as root' }, async () => {
      const status = await call(c, 'meta__read', { path: '/proc/self/status' });
      assert.equal(status.ok, true, JSON.stringify(status));
      assert.match(status.text, new RegExp(`^Uid:\\s+${sandboxUser.uid}\\s+${sandboxUser.uid}\\s+${sandboxUser.uid}\\s`, 'm'));
      assert.match(status.text, new RegExp(`^Gid:\\s+${sandboxUser.gid}\\s`, 'm'));
      const secret = join(dir, 'ro', 'root-only.txt');
      assert.deepEqual(await call(c, 'meta__read', { path: secret }), { ok: false, code: 'EACCES' });
      const control = await call(c, 'open__read', { path: secret });
      assert.equal(control.ok, true);
      assert.match(control.text, new RegExp(SECRET));
      // What it makes in its private directory is its own.
      assert.deepEqual(await call(c, 'meta__write', { path: join(gw.stateDir, 'home', 'meta', 'made.txt') }), { ok: true });
      assert.equal(statSync(join(gw.stateDir, 'home', 'meta', 'made.txt')).uid, sandboxUser.uid);
    });

  test('the host\'s System V shared memory is out of reach; without a sandbox (the control) it is listed',
    { skip: !existsSync('/usr/bin/ipcmk') && 'no ipcmk (util-linux)' }, async () => {
      const made = spawnSync('/usr/bin/ipcmk', ['-M', '4096', '-p', '0600'], { encoding: 'utf8' });
      const id = /id: (\d+)/i.exec(made.stdout)?.[1];
      try {
        assert.ok(id, `ipcmk: ${made.stdout}${made.stderr}`);
        const listed = async (server) => {
          // ipcs exits 0 for an id it cannot find: the listing says.
          const r = await call(c, `${server}__run`, { file: '/bin/sh', args: ['-c', `/usr/bin/ipcs -m | grep -Eq '^0x[0-9a-f]+ +${id} '`] });
          return r.code === 0;
        };
        assert.equal(await listed('open'), true, 'the control sees the segment');
        assert.equal(await listed('esc'), false, 'a sandboxed server sees the host\'s segment');
        assert.equal(await listed('host'), false, 'with the host\'s network too');
      } finally {
        if (id) spawnSync('/usr/bin/ipcrm', ['-m', id]);
      }
    });

  test('"network": false reaches no loopback port; true (the control) does', async () => {
    const port = tcp.address().port;
    const r = await call(c, 'esc__connect', { host: '127.0.0.1', port });
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(tcpHits, 0, 'the host\'s loopback port saw no connection');
    const h = await call(c, 'host__connect', { host: '127.0.0.1', port });
    assert.equal(h.ok, true, JSON.stringify(h));
    await waitFor(() => tcpHits === 1, { what: 'the control connection' });
    // The attempt is logged; the host's network is not watched.
    await waitFor(() => new RegExp(`msg="sandbox denied an attempt" server=esc kind=connect to=127\\.0\\.0\\.1:${port} range=loopback pid=\\d+ process=node`).test(gw.logs()),
      { what: 'the connect attempt to be logged' });
    assert.doesNotMatch(gw.logs(), /sandbox denied an attempt" server=host kind=connect/);
  });

  test('pathname Unix sockets are refused (they pass namespaces and Landlock)', async () => {
    assert.equal((await call(c, 'open__unix', { path: sock() })).ok, true, 'the control connects');
    await waitFor(() => unixHits === 1, { what: 'the control connection' });
    for (const server of ['esc', 'host']) {
      const r = await call(c, `${server}__unix`, { path: sock() });
      assert.deepEqual(r, { ok: false, code: 'EPERM' }, server);
      await waitFor(() => new RegExp(`msg="sandbox denied an attempt" server=${server} kind=syscall syscall=socket what=unix-socket pid=\\d+ process=node`).test(gw.logs()),
        { what: `${server}'s attempt to be logged` });
    }
    assert.equal(unixHits, 1);
    assert.doesNotMatch(gw.logs(), /sandbox denied an attempt" server=open /, 'no sandbox, no events');
  });

  test('signals to the gateway are refused', async () => {
    // The gateway is not even visible from the server's PID namespace (ESRCH);
    // Landlock's signal scope would say EPERM.
    const r = await call(c, 'esc__signal', { pid: gw.pid });
    assert.equal(r.ok, false);
    assert.ok(['ESRCH', 'EPERM'].includes(r.code), r.code);
    await assertAlive(gw, 'after the signal');
  });

  test('ptrace is refused', { skip: !existsSync('/usr/bin/strace') && 'no strace' }, async () => {
    for (const args of [['-p', String(gw.pid)], ['/usr/bin/true']]) {
      const r = await call(c, 'esc__run', { file: '/usr/bin/strace', args });
      assert.equal(r.ok, false, `strace ${args.join(' ')}: ${JSON.stringify(r)}`);
      assert.match(r.stderr, /Operation not permitted/);
    }
    // Each attempt is logged, by the trampoline that answered it (the server cannot forge these lines).
    await waitFor(() => /msg="sandbox denied an attempt" server=esc kind=syscall syscall=ptrace pid=\d+ process=strace/.test(gw.logs()),
      { what: 'the ptrace attempt to be logged' });
    await assertAlive(gw, 'after ptrace');
  });

  test('a fork bomb is stopped by the process limit; the server and the gateway stay up', async () => {
    const r = await call(c, 'esc__spawn', { n: 400 });
    // "limits": {"processes": 300}: RLIMIT_NPROC for an unprivileged gateway;
    // as root, the PID namespace's pid_max (301, the kernel's minimum).
    assert.ok(r.refused > 0 && r.started < 300, JSON.stringify(r));
    assert.ok(r.codes.includes('EAGAIN'), JSON.stringify(r));
    await assertAlive(gw, 'after the fork bomb');
    // The burst is logged (the limit's refusals are the kernel's; the trampoline counts the starts).
    await waitFor(() => /msg="sandbox processes near their limit" server=esc kind=processes running=\d+ limit=300/.test(gw.logs()),
      { what: 'the burst to be logged' });
    assert.equal((await call(c, 'esc__write', { path: join(gw.stateDir, 'home', 'esc', 'after') })).ok, true);
  });

  test('"network": "public" reaches neither the host (loopback, its own addresses) nor private ranges',
    { skip: !hasSlirp && process.env.CI !== 'true' && 'slirp4netns is not installed' }, async () => {
      const port = tcp.address().port;
      const before = tcpHits;
      // The host's loopback, directly and through slirp4netns's alias for it.
      for (const host of ['127.0.0.1', '10.0.2.2']) {
        const r = await call(c, 'pub__connect', { host, port });
        assert.equal(r.ok, false, `${host}: ${JSON.stringify(r)}`);
      }
      // The host's own addresses, private ranges and cloud metadata: refused by an
      // unreachable route at once, so nothing leaves the namespace.
      const own = Object.values(networkInterfaces()).flat()
        .filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address);
      for (const host of [...own, '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1']) {
        const r = await call(c, 'pub__connect', { host, port });
        assert.equal(r.ok, false, `${host}: ${JSON.stringify(r)}`);
        assert.ok(['EHOSTUNREACH', 'ENETUNREACH'].includes(r.code), `${host}: ${r.code}`);
      }
      // Each attempt is logged with what it aimed at.
      for (const [host, range] of [['127.0.0.1', 'loopback'], ['10.0.2.2', 'host'], ...own.map((a) => [a, 'host']),
        ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['169.254.169.254', 'link-local']]) {
        const re = new RegExp(`msg="sandbox denied an attempt" server=pub kind=connect to=${host.replaceAll('.', '\\.')}:${port} range=${range} `);
        await waitFor(() => re.test(gw.logs()), { what: `the attempt at ${host} to be logged as ${range}` });
      }
      assert.equal(tcpHits, before, 'the host\'s loopback port saw no connection');
      // Names resolve through slirp4netns, not the host's resolver.
      const rc = await call(c, 'pub__read', { path: '/etc/resolv.conf' });
      assert.equal(rc.text, 'nameserver 10.0.2.3\n');
      assert.match(gw.logs(), /msg="server started" server=pub pid=\d+ sandbox="on, public network"/);
    });

  test('a server spinning past its CPU limit is killed; the gateway stays up', async () => {
    const r = await c.client.callTool({ name: 'cpu__spin', arguments: { ms: 5000 } }, undefined, { timeout: 20000 })
      .catch((e) => ({ isError: true, content: [{ type: 'text', text: String(e) }] }));
    assert.ok(r.isError, `the spin finished: ${textOf(r)}`);
    // SIGKILL at the limit (the server is the init of its PID namespace, which ignores SIGXCPU).
    await waitFor(() => /msg="server stopped" server=cpu reason="exited on signal 9"/.test(gw.logs()),
      { what: 'the server to be killed at its CPU limit' });
    await assertAlive(gw, 'after the CPU limit');
  });

  test('a server allocating past its memory limit fails to; the gateway stays up', async () => {
    // Below the limit it works (the limit does not break Node)...
    const small = JSON.parse(textOf(await c.client.callTool({ name: 'mem__alloc', arguments: { mb: 64 } })));
    assert.deepEqual(small, { ok: true, mb: 64 });
    // ...past it the allocation fails (or the process dies of it and is restarted).
    const r = await c.client.callTool({ name: 'mem__alloc', arguments: { mb: 1024 } }, undefined, { timeout: 20000 })
      .catch((e) => ({ isError: true, content: [{ type: 'text', text: String(e) }] }));
    const got = r.isError ? null : JSON.parse(textOf(r));
    assert.ok(r.isError || (got.ok === false && got.mb < 256), `1 GiB was allocated under a 256 MiB limit: ${textOf(r)}`);
    await assertAlive(gw, 'after the memory limit');
    // The refusal is logged: when the server survives it (Node throws a RangeError, its
    // allocator's mapping refused), as a denied attempt; when V8 dies of it (a page of
    // its own heap refused: "JavaScript heap out of memory"), as the server's stop.
    const logged = got?.ok === false
      ? /msg="sandbox denied an attempt" server=mem kind=memory asked=\d+ used=\d+ limit=268435456 pid=\d+ process=/
      : /msg="server stopped" server=mem reason="exited on signal \d+"/;
    await waitFor(() => logged.test(gw.logs()),
      { what: `the refused allocation to be logged (${logged}): ${gw.logs().split("\n").filter((l) => /server=mem/.test(l)).join("\n")}` });
    assert.doesNotMatch(gw.logs(), /server=(esc|host) kind=memory/, 'an allocation under the limit is not logged');
    // The same allocation without the limit (the default, 2 GiB) works: the limit did it.
    const big = JSON.parse(textOf(await c.client.callTool({ name: 'esc__alloc', arguments: { mb: 1024 } },
      undefined, { timeout: 20000 })));
    assert.deepEqual(big, { ok: true, mb: 1024 });
  });

  test('a declared path that does not exist refuses the server, naming the setting', async () => {
    await waitFor(() => /sandbox\\?"\.\\?"read\\?" names \S*no-such-dir, which does not exist/.test(gw.logs()),
      { what: 'the refusal of the typo in the log' });
    const names = (await c.client.listTools()).tools.map((t) => t.name);
    assert.ok(!names.some((n) => n.startsWith('typo__')), names.join(' '));
    assert.ok(names.some((n) => n.startsWith('esc__')), 'the other servers are up');
  });

  test('a process left behind dies with the server', async () => {
    const tag = uniqueTag();
    assert.equal((await call(c, 'esc__orphan', { tag })).ok, true);
    await waitFor(() => processesWith(tag).length === 1, { what: 'the orphan to run (the control)' });
    await call(c, 'esc__exit');
    await waitFor(() => processesWith(tag).length === 0, { timeoutMs: 5000, what: 'the orphan to die with its server' });
    await waitFor(() => /msg="sandbox ended processes the server left behind" server=esc kind=leftover processes=1\b/.test(gw.logs()),
      { what: 'the ended orphan to be logged' });
    await assertAlive(gw, 'after the server exited');
  });

  test('processes orphaned in the sandbox are reaped: 400 background jobs do not use up a limit of 300', async () => {
    // Each `sh -c 'sleep 0.01 &'` leaves its sleep to the namespace's init; unreaped,
    // each would hold a process slot until the server exits.
    for (let i = 0; i < 400; i += 50) {
      const r = await call(c, 'esc__run', { file: '/bin/sh', args: ['-c', 'i=0; while [ $i -lt 50 ]; do /bin/sleep 0.01 & i=$((i+1)); done; wait'] });
      assert.equal(r.code, 0, JSON.stringify(r));
      const bg = await call(c, 'esc__run', { file: '/bin/sh', args: ['-c', 'i=0; while [ $i -lt 50 ]; do (/bin/sleep 0.01 &); i=$((i+1)); done'] });
      assert.equal(bg.code, 0, `after ${i + 50} orphans: ${JSON.stringify(bg)}`);
    }
    const z = await call(c, 'esc__run', { file: '/bin/sh', args: ['-c', 'sleep 0.5; grep -l "^State:.Z" /proc/[0-9]*/status | wc -l | grep -qx 0'] });
    assert.equal(z.code, 0, `zombies are left in the sandbox: ${JSON.stringify(z)}`);
    const s = await call(c, 'esc__spawn', { n: 20 });
    assert.equal(s.ok, true, `the server can still start processes: ${JSON.stringify(s)}`);
  });
});

// Real servers from npm, sandboxed with the paths their job needs, declared.
describe('real servers from npm work sandboxed', () => {
  const MCP = join(repoRoot, 'node_modules', '@modelcontextprotocol');
  let dir; let gw; let c;

  before(async () => {
    dir = tempDir('gh-sandbox-npm-');
    mkdirSync(join(dir, 'data'));
    giveToSandbox(mkdirSync(join(dir, 'mem'), { recursive: true }));
    writeFileSync(join(dir, 'data', 'a.txt'), 'inside the declared directory\n');
    writeFileSync(join(dir, 'secret.txt'), `${SECRET}\n`);
    gw = await startGatewaySafe({
      mcpServers: {
        // The server itself is told it may read everything ("/"): the sandbox is what keeps it in.
        fs: { command: 'node', args: [join(MCP, 'server-filesystem', 'dist', 'index.js'), join(dir, 'data'), '/'],
          sandbox: { network: false, read: [join(dir, 'data')] } },
        // A declared write path of a root gateway belongs to the sandbox user (README).
        memory: { command: 'node', args: [join(MCP, 'server-memory', 'dist', 'index.js')],
          env: { MEMORY_FILE_PATH: join(dir, 'mem', 'memory.jsonl') }, sandbox: { write: [join(dir, 'mem')] } },
      },
    }, { dir });
    c = await connect(gw, { ready: false });   // typo never starts
  });

  after(async () => {
    await c?.close();
    await gw?.stop();
    gw?.cleanup();
  });

  test('server-filesystem reads its declared directory and nothing else', async () => {
    const ok = await c.client.callTool({ name: 'fs__read_text_file', arguments: { path: join(dir, 'data', 'a.txt') } });
    assert.ok(!ok.isError, textOf(ok));
    assert.match(textOf(ok), /inside the declared directory/);
    const list = await c.client.callTool({ name: 'fs__list_directory', arguments: { path: join(dir, 'data') } });
    assert.match(textOf(list), /a\.txt/);
    const out = await c.client.callTool({ name: 'fs__read_text_file', arguments: { path: join(dir, 'secret.txt') } });
    assert.ok(out.isError, `the planted secret was read: ${textOf(out)}`);
    assert.doesNotMatch(textOf(out), new RegExp(SECRET));
    assert.match(textOf(out), /EACCES|permission denied/i);
  });

  test('server-memory keeps its graph in the declared write directory', async () => {
    const r = await c.client.callTool({ name: 'memory__create_entities',
      arguments: { entities: [{ name: 'gatehouse', entityType: 'project', observations: ['sandboxed'] }] } });
    assert.ok(!r.isError, textOf(r));
    const g = await c.client.callTool({ name: 'memory__read_graph', arguments: {} });
    assert.match(textOf(g), /sandboxed/);
    assert.match(readFileSync(join(dir, 'mem', 'memory.jsonl'), 'utf8'), /gatehouse/);
  });
});

test('a root gateway without its sandbox user refuses its sandboxed servers, saying how to create it; the others run',
  { skip: !sandboxUser && 'the tests do not run as root' }, async (t) => {
    const gw = await startGatewaySafe({ mcpServers: {
      esc: fixture('escape-server.mjs', { sandbox: { network: false } }),
      open: fixture('escape-server.mjs', { sandbox: false }),
    } }, { env: { GATEHOUSE_SANDBOX_USER: 'gh-no-such-user' } });
    t.after(async () => { await gw.stop(); gw.cleanup(); });
    const c = await connect(gw, { ready: false });
    t.after(() => c.close());
    await waitFor(() => /server \\?"esc\\?": the gateway runs as root, and runs its sandboxed children as the system user \\?"gh-no-such-user\\?", which does not exist; create it \(adduser --system --group --no-create-home gh-no-such-user\)/.test(gw.logs()),
      { what: 'the refusal naming the missing user' });
    const names = await untilListed(c.client, ['open__read']);
    assert.ok(!names.some((n) => n.startsWith('esc__')), names.join(' '));
    assert.ok(names.includes('open__read'), names.join(' '));
  });

// A stdio server without the SDK (a gateway run as nobody cannot reach the
// checkout's node_modules): its one tool starts a program.
const FORKING_SERVER = `
const { execFileSync } = require('node:child_process');
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.id === undefined) return;
  if (m.method === 'initialize') send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion,
    capabilities: { tools: {} }, serverInfo: { name: 'busy', version: '1.0.0' } } });
  else if (m.method === 'tools/list') send({ jsonrpc: '2.0', id: m.id, result: { tools: [{ name: 'fork',
    description: 'Runs a program.', inputSchema: { type: 'object' } }] } });
  else if (m.method === 'tools/call') send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text',
    text: execFileSync('/bin/sh', ['-c', 'echo forked']).toString() }] } });
  else send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found' } });
});`;

test('a gateway run by a user with more processes than a server\'s limit starts that server, which can fork',
  { skip: process.getuid?.() !== 0 && 'needs root to run the gateway as another user' }, async (t) => {
    const has = spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;
    assert.ok(has, 'setpriv (util-linux) is missing');
    const as = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];
    // 40 processes of the user: more than the server's limit of 24, but the
    // limit is the sandbox's own (the kernel once counted the user's against it).
    const busy = spawn('setpriv', [...as, '/bin/sh', '-c', 'for i in $(seq 40); do sleep 120 & done; wait'],
      { detached: true, stdio: 'ignore' });
    t.after(() => { try { process.kill(-busy.pid, 'SIGKILL'); } catch { /* gone */ } });
    const dir = tempDir('gh-sandbox-busy-');
    chmodSync(dir, 0o777);
    const cache = cacheFor('nobody');       // without a cache of its own, nobody compiles the patterns at start
    t.after(() => rmSync(cache, { recursive: true, force: true }));
    const gw = await startGatewaySafe({ mcpServers: {
      busy: { command: 'node', args: ['-e', FORKING_SERVER], sandbox: { network: false, limits: { processes: 24 } } },
    } }, { dir, prefix: ['setpriv', ...as], env: { XDG_CACHE_HOME: cache } });
    t.after(async () => { await gw.stop(); gw.cleanup(); });
    const users = () => spawnSync('ps', ['-u', 'nobody', '-L', '--no-headers'], { encoding: 'utf8' }).stdout.split('\n').length;
    await waitFor(() => users() > 40, { what: 'the user\'s 40 processes to run' });
    const c = await connect(gw);
    t.after(() => c.close());
    const r = await c.client.callTool({ name: 'busy__fork', arguments: {} }, undefined, { timeout: 20000 });
    assert.ok(!r.isError, textOf(r));
    assert.equal(textOf(r).trim(), 'forked');
  });

test('npx -y installs a server into the shared package cache and runs it from there, sandboxed, with no network',
  async (t) => {
    // The package comes from a tarball on disk (npm pack of tests/fixtures/npx-server,
    // which has no dependencies): the tests reach no registry.
    const dir = tempDir('gh-sandbox-npx-');
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const pack = spawnSync('npm', ['pack', join(repoRoot, 'tests', 'fixtures', 'npx-server'), '--pack-destination', dir],
      { encoding: 'utf8', timeout: 60000 });
    assert.equal(pack.status, 0, pack.stderr);
    const tgz = join(dir, 'gh-npx-fixture-1.0.0.tgz');
    const gw = await startGatewaySafe({ mcpServers: {
      npx: { command: 'npx', args: ['-y', `file:${tgz}`], sandbox: { network: false, read: [tgz] } },
    } });
    t.after(async () => { await gw.stop(); gw.cleanup(); });
    const c = await connect(gw);
    t.after(() => c.close());
    const r = await c.client.callTool({ name: 'npx__where', arguments: {} }, undefined, { timeout: 30000 });
    assert.ok(!r.isError, textOf(r));
    const cache = join(realpathSync(gw.stateDir), 'cache', 'npm');
    assert.ok(textOf(r).startsWith(join(cache, '_npx') + '/'), `it runs from the shared cache: ${textOf(r)}`);
    assert.ok(textOf(r).endsWith('/node_modules/gh-npx-fixture/server.js'), textOf(r));
    // What npm wrote there is the server's user's: a root gateway's sandbox user.
    assert.equal(statSync(textOf(r)).uid, sandboxUser ? sandboxUser.uid : process.getuid());
  });

test('after kill -9 of the gateway, no process of a sandboxed server survives', async (t) => {
  const gw = await startGatewaySafe({ mcpServers: { esc: fixture('escape-server.mjs') } });
  t.after(() => gw.cleanup());
  const c = await connect(gw);
  const tag = uniqueTag();
  assert.equal((await call(c, 'esc__orphan', { tag })).ok, true);
  await waitFor(() => processesWith(tag).length === 1, { what: 'the orphan to run' });
  const pid = serverPid(gw, 'esc');
  assert.ok(pid > 0 && existsSync(`/proc/${pid}`), 'the server\'s pid is logged');
  await c.close().catch(() => {});
  process.kill(gw.pid, 'SIGKILL');
  await gw.exited;
  await waitFor(() => processesWith(tag).length === 0 && !existsSync(`/proc/${pid}`),
    { timeoutMs: 5000, what: 'the server and its orphan to die with the gateway' });
});

test('check-config says what each server\'s sandbox will be', (t) => {
  const dir = tempDir('gh-sandbox-cc-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (servers) => {
    const p = join(dir, 'gatehouse.json');
    writeFileSync(p, JSON.stringify({ stateDir: 'state', mcpServers: servers }));
    // The suite's warm pattern cache: a cold one costs a compile of about 30 s
    // under the sanitizers.
    return spawnSync(BIN, ['--config', p, 'check-config'], { env: baseEnv(), encoding: 'utf8', timeout: 20000 });
  };
  const ok = write({
    a: fixture('escape-server.mjs'),
    b: fixture('escape-server.mjs', { sandbox: false }),
    c: fixture('escape-server.mjs', { sandbox: { network: true, read: ['/usr/share'] } }),
    d: fixture('escape-server.mjs', { sandbox: { network: false } }),
  });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /server a: sandboxed \(Landlock ABI \d+, seccomp, namespaces\), the internet \(slirp4netns\), not the host/,
    'the default network is "public"');
  assert.match(ok.stdout, /server d: sandboxed .*, no network/);
  // Whom it runs as: a root gateway's sandbox user, else the gateway's own user.
  assert.match(ok.stdout, sandboxUser ? new RegExp(`server d: .*, as the sandbox user gatehouse \\(uid ${sandboxUser.uid}\\)`)
    : new RegExp(`server d: .*, as the gateway's user \\(uid ${process.getuid()}\\)`));
  assert.match(ok.stdout, /server b: no sandbox/);
  assert.match(ok.stdout, /server c: sandboxed .*the host's network, 1 declared read/);
  const pub = write({ p: fixture('escape-server.mjs', { sandbox: { network: 'public' } }) });
  if (hasSlirp) {
    assert.equal(pub.status, 0, pub.stderr);
    assert.match(pub.stdout, /server p: sandboxed .*the internet \(slirp4netns\), not the host or private ranges/);
  } else {
    assert.equal(pub.status, 1);
    assert.match(pub.stderr, /server "p": "sandbox": \{"network": "public"\} \(the default\) needs slirp4netns/);
  }
});

// The trampoline on its own: seccomp denies what no tool needs (python's ctypes
// makes the raw calls), and a trampoline whose parent is not the gateway stops.
describe('the trampoline', () => {
  const base = ['--net=none', '--rx=/usr', '--rx=/bin', '--rx=/lib', '--rx=/lib64', '--dev=/dev/null', '--ro=/proc'];
  const run = (opts, argv) => spawnSync(BIN, ['__sandbox-exec', `--parent=${process.pid}`, ...opts, '--', ...argv],
    { encoding: 'utf8', timeout: 20000 });

  test('refuses to start for a parent that is not its own', () => {
    const r = spawnSync(BIN, ['__sandbox-exec', '--parent=1', ...base, '--', '/usr/bin/true', 'true'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 125);
    assert.match(r.stderr, /gatehouse sandbox: the gateway is gone/);
  });

  test('refuses a malformed policy', () => {
    const r = run(['--ro=relative'], ['/usr/bin/true', 'true']);
    assert.equal(r.status, 125);
    assert.match(r.stderr, /absolute path/);
  });

  test('passes the exit status through', () => {
    assert.equal(run(base, ['/usr/bin/sh', 'sh', '-c', 'exit 7']).status, 7);
  });

  test('a signal to the trampoline ends the server and is its exit', async () => {
    const tag = uniqueTag();
    const p = spawn(BIN, ['__sandbox-exec', `--parent=${process.pid}`, ...base, '--', '/usr/bin/sleep', 'sleep', tag],
      { stdio: 'ignore' });
    const exited = new Promise((r) => p.on('exit', (code, signal) => r({ code, signal })));
    // The tag is in three command lines: the trampoline's, the sandbox's init (a fork of it) and the server's.
    await waitFor(() => processesWith(tag).length === 3, { what: 'the sandboxed sleep to run' });
    p.kill('SIGTERM');
    assert.deepEqual(await exited, { code: null, signal: 'SIGTERM' });
    await waitFor(() => processesWith(tag).length === 0, { what: 'the sandboxed sleep to die' });
  });

  test('seccomp: mount, bpf, keyctl, perf_event_open, userfaultfd, unshare, ptrace fail with EPERM',
    { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' }, () => {
      const py = [
        'import ctypes, errno, json',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'nr = {"mount": 165, "bpf": 321, "keyctl": 250, "perf_event_open": 298, "userfaultfd": 323, "unshare": 272, "ptrace": 101}',
        'out = {}',
        'for name, n in nr.items():',
        '    rc = libc.syscall(n, 0, 0, 0, 0, 0)',
        '    out[name] = errno.errorcode.get(ctypes.get_errno(), "none") if rc < 0 else "allowed"',
        'print(json.dumps(out))',
      ].join('\n');
      const r = run(base, ['/usr/bin/python3', 'python3', '-I', '-S', '-c', py]);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      for (const [name, code] of Object.entries(out)) assert.equal(code, 'EPERM', `${name}: ${code}`);
    });

  // The event pipe (fd 3, --events=3): one line per denied attempt, bounded.
  // /etc readable, so that python's own start-up opens are allowed (and not told).
  const runWithEvents = (argv) => spawnSync(BIN, ['__sandbox-exec', `--parent=${process.pid}`, ...base, '--ro=/etc', '--events=3', '--', ...argv],
    { encoding: 'utf8', timeout: 20000, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });

  test('each denied call is told on the event pipe, with the same EPERM',
    { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' }, () => {
      const py = [
        'import ctypes, errno, socket',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'for n in (165, 321, 101):',
        '    assert libc.syscall(n, 0, 0, 0, 0, 0) < 0 and ctypes.get_errno() == errno.EPERM, n',
        'try: socket.socket(socket.AF_UNIX)',
        'except PermissionError: pass',
        'else: raise SystemExit("AF_UNIX allowed")',
        'for a in (("127.0.0.1", 9), ("169.254.169.254", 80)):',
        '    try: socket.create_connection(a, 1)',
        '    except OSError: pass',
        'import sys',
        'try: open(sys.argv[1])',
        'except PermissionError: pass',
        'else: raise SystemExit("read allowed")',
        'try: open(sys.argv[1] + ".new", "w")',
        'except PermissionError: pass',
        'else: raise SystemExit("write allowed")',
      ].join('\n');
      const dir = tempDir('gh-events-');
      const secret = join(realpathSync(dir), 'secret.txt');
      writeFileSync(secret, 'x');
      const r = runWithEvents(['/usr/bin/python3', 'python3', '-I', '-S', '-c', py, secret]);
      rmSync(dir, { recursive: true, force: true });
      assert.equal(r.status, 0, r.stderr);
      const lines = r.output[3].trim().split('\n');
      const pid = '\\d+ process=python3';
      const expected = ['kind=syscall syscall=mount', 'kind=syscall syscall=bpf', 'kind=syscall syscall=ptrace',
        'kind=syscall syscall=socket what=unix-socket', 'kind=connect to=127.0.0.1:9 range=loopback',
        'kind=connect to=169.254.169.254:80 range=link-local', `kind=file access=read path=${secret}`,
        `kind=file access=write path=${secret}.new`];
      assert.equal(lines.length, expected.length, r.output[3]);
      expected.forEach((e, i) => assert.match(lines[i], new RegExp(`^${e.replaceAll('.', '\\.')} pid=${pid}$`)));
    });

  test('a loop of denied calls is told at a bounded rate, the rest counted',
    { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' }, () => {
      const py = 'import ctypes\nlibc = ctypes.CDLL(None)\nfor i in range(500): libc.syscall(101, 0, 0, 0, 0)';
      const r = runWithEvents(['/usr/bin/python3', 'python3', '-I', '-S', '-c', py]);
      assert.equal(r.status, 0, r.stderr);
      const lines = r.output[3].trim().split('\n');
      const told = lines.filter((l) => l.startsWith('kind=syscall syscall=ptrace')).length;
      const last = /^kind=suppressed count=(\d+)$/.exec(lines.at(-1));
      assert.ok(told >= 1 && told <= 40, `${told} lines`);
      assert.ok(last, `the last line counts the rest: ${lines.at(-1)}`);
      assert.equal(told + Number(last[1]), 500, 'every attempt is either told or counted');
    });

  test('without an event pipe the calls are denied all the same',
    { skip: !existsSync('/usr/bin/python3') && 'no /usr/bin/python3' }, () => {
      const r = run(base, ['/usr/bin/python3', 'python3', '-I', '-S', '-c',
        'import ctypes, errno\nlibc = ctypes.CDLL(None, use_errno=True)\nassert libc.syscall(101, 0, 0, 0, 0) < 0 and ctypes.get_errno() == errno.EPERM']);
      assert.equal(r.status, 0, r.stderr);
    });
});
