// Start-up cost of the sandbox: the time from spawn to exit of `node -e 0`, run
// directly and through the trampoline (`gatehouse __sandbox-exec`) with each
// network mode, RUNS times each, one at a time. Prints the median and p90 in
// milliseconds; then the cost of the trampoline watching every open() and every
// mkdir/rmdir (the gateway starts sandboxes with the event pipe, --events=3); run
// as root, also as the sandbox user. Nothing leaves the machine ("public" starts slirp4netns, which
// opens no connection for `node -e 0`).
//   node bench/sandbox/startup.mjs [RUNS]      (after make; GATEHOUSE_BIN to override)
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.GATEHOUSE_BIN || join(repo, 'build', 'gatehouse');
const RUNS = Number(process.argv[2] || 30);
const NODE = '/usr/bin/node';
const rules = ['--rx=/usr', '--rx=/bin', '--rx=/lib', '--rx=/lib64', '--ro=/etc/ssl', '--ro=/proc',
  '--ro=/sys/fs/cgroup', '--dev=/dev/null', '--dev=/dev/urandom'];
const slirp = ['/usr/bin/slirp4netns', '/bin/slirp4netns'].some((p) => existsSync(p));
const OPENS = "const fs = require('fs'); for (let i = 0; i < 5000; i++) fs.closeSync(fs.openSync('/usr/bin/node', 'r'))";

// What watching costs per directory entry: 2500 mkdir + rmdir pairs in a writable directory.
const scratch = mkdtempSync(join(tmpdir(), 'gh-bench-entries-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const ENTRIES = `const fs = require('fs'); for (let i = 0; i < 2500; i++) { fs.mkdirSync('${scratch}/d'); fs.rmdirSync('${scratch}/d') }`;

// As root: the server as the sandbox user (uid/gid of the system user gatehouse),
// its private directory beneath a 0700 directory of root's, so that the trampoline
// maps the user and the init builds a skeleton on the way to it.
const id = (flag) => Number(spawnSync('id', [flag, 'gatehouse'], { encoding: 'utf8' }).stdout.trim());
const user = process.getuid() === 0 && id('-u') > 0 ? { uid: id('-u'), gid: id('-g') } : null;
const closed = mkdtempSync(join(tmpdir(), 'gh-bench-user-'));
process.on('exit', () => rmSync(closed, { recursive: true, force: true }));
mkdirSync(join(closed, 'home'));
if (user) chownSync(join(closed, 'home'), user.uid, user.gid);

const modes = [
  ['direct', NODE, ['-e', '0']],
  ['sandbox, network host', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=host', ...rules, '--', NODE, 'node', '-e', '0']],
  ['sandbox, network none', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=none', ...rules, '--', NODE, 'node', '-e', '0']],
  ...(slirp ? [['sandbox, network public', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=public', ...rules, '--', NODE, 'node', '-e', '0']]] : []),
  // As the gateway starts it: with the event pipe, every open and connect watched by the trampoline.
  ['sandbox, host, watched', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=host', ...rules, '--events=3', '--', NODE, 'node', '-e', '0']],
  ['sandbox, none, watched', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=none', ...rules, '--events=3', '--', NODE, 'node', '-e', '0']],
  ...(user ? [['sandbox, none, watched, user', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=none', ...rules,
    `--rw=${join(closed, 'home')}`, `--uid=${user.uid}`, `--gid=${user.gid}`, '--events=3', '--', NODE, 'node', '-e', '0']]] : []),
  // What watching costs per open(): 5000 opens of an allowed file, unwatched and watched.
  ['5000 opens, sandbox', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=host', ...rules, '--', NODE, 'node', '-e', OPENS]],
  ['5000 opens, watched', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=host', ...rules, '--events=3', '--', NODE, 'node', '-e', OPENS]],
  ['5000 entry calls, sandbox', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=host', ...rules, `--rw=${scratch}`, '--', NODE, 'node', '-e', ENTRIES]],
  ['5000 entry calls, watched', BIN, ['__sandbox-exec', `--parent=${process.pid}`, '--net=host', ...rules, `--rw=${scratch}`, '--events=3', '--', NODE, 'node', '-e', ENTRIES]],
];

for (const [name, file, args] of modes) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(file, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], timeout: 20000 });
    if (r.status !== 0) throw new Error(`${name}: exit ${r.status} ${r.signal ?? ''} ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const q = (f) => times[Math.min(times.length - 1, Math.floor(f * times.length))].toFixed(1);
  console.log(`${name.padEnd(26)} median ${q(0.5).padStart(6)} ms   p90 ${q(0.9).padStart(6)} ms   (${RUNS} runs)`);
}
