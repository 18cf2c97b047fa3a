// Round trip of an exec tool call: an SDK client (Streamable HTTP) calls
// exec__echo (/usr/bin/printf with one argument) through a gateway on loopback,
// one call at a time, RUNS times for each sandbox setting of the command; and,
// for comparison, the same program spawned directly by Node. Prints the median,
// p90 and p99 in milliseconds. Nothing leaves the machine.
//   node bench/exec/roundtrip.mjs [RUNS]      (after make; GATEHOUSE_BIN to override)
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startGateway, tempDir } from '../../tests/integration/lib/gateway.mjs';
import { connect } from '../../tests/integration/lib/mcp.mjs';

const RUNS = Number(process.argv[2] || 200);
const command = (sandbox) => ({ path: '/usr/bin/printf', args: [{ fixed: '%s' }, { name: 'text', pattern: '[a-z]+', required: true }],
  ...(sandbox === undefined ? {} : { sandbox }) });

function report(name, times) {
  times.sort((a, b) => a - b);
  const q = (f) => times[Math.min(times.length - 1, Math.floor(f * times.length))].toFixed(1);
  console.log(`${name.padEnd(44)} median ${q(0.5).padStart(6)} ms   p90 ${q(0.9).padStart(6)} ms   p99 ${q(0.99).padStart(6)} ms   (${times.length} calls)`);
}

const direct = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/printf', ['%s', 'hello'], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error('printf failed');
  direct.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
report('printf spawned by Node (no gateway)', direct);

const dir = tempDir('gh-bench-exec-');
const gw = await startGateway({ exec: {
  none: command(), host: command({ network: true }), open: command(false),
} }, { dir });
try {
  const c = await connect(gw);
  for (const [tool, name] of [['none', 'exec call, sandbox "network": false (default)'],
    ['host', 'exec call, sandbox "network": true'], ['open', 'exec call, "sandbox": false']]) {
    const times = [];
    for (let i = 0; i < RUNS + 5; i++) {
      const t0 = process.hrtime.bigint();
      const r = await c.client.callTool({ name: `exec__${tool}`, arguments: { text: 'hello' } });
      if (r.structuredContent?.stdout !== 'hello') throw new Error(`${tool}: ${JSON.stringify(r)}`);
      if (i >= 5) times.push(Number(process.hrtime.bigint() - t0) / 1e6);     /* 5 warm-up calls */
    }
    report(name, times);
  }
  await c.close();
} finally {
  await gw.stop();
  rmSync(dir, { recursive: true, force: true });
}
