// bench/mcp/table.mjs RESULTS.jsonl: the markdown tables of bench/mcp/run.sh from
// load.mjs's JSON lines (one per target and concurrency).
import fs from 'node:fs';

const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const direct = new Map(rows.filter((r) => r.label === 'direct').map((r) => [r.concurrency, r]));
const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const signed = (x) => (Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toFixed(3) : '–');
const mib = (k) => (Number.isFinite(k) && k > 0 ? (k / 1024).toFixed(1) : '–');
const OTHERS_MAX = Number(process.env.OTHERS_MAX ?? 20);
const others = (r) => {
  const c = r.cpu;
  return c.machinePct * c.ncpu - (c.client?.cpuPct || 0) - (c.gateway?.cpuPct || 0) - (c.server?.cpuPct || 0);
};
const noisy = (r) => (others(r) > OTHERS_MAX ? ' ⚠' : '');
const out = [];

out.push('| target | concurrency | calls/s | p50 ms | p99 ms | added p50 ms | added p99 ms | gateway CPU µs/call | gateway peak RSS MiB | stdio servers (RSS MiB) | errors |');
out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const d = direct.get(r.concurrency);
  const isDirect = r.label === 'direct';
  out.push(`| ${r.label}${noisy(r)} | ${r.concurrency} | ${Math.round(r.callsPerSec)} | ${f(r.p50_ms)} | ${f(r.p99_ms)} | ` +
    `${isDirect || !d ? '–' : signed(r.p50_ms - d.p50_ms)} | ${isDirect || !d ? '–' : signed(r.p99_ms - d.p99_ms)} | ` +
    `${r.cpu.gateway ? f(r.cpu.gateway.cpuUsPerCall, 1) : '–'} | ${mib(r.gatewayHwmKiB)} | ` +
    `${r.cpu.server ? `${r.cpu.server.pids} (${mib(r.serverRssKiB)})` : '–'} | ${r.errors} |`);
}
if (rows.some((r) => noisy(r))) out.push('', `⚠: other processes on the machine used more than ${OTHERS_MAX}% of a CPU during this run, on every attempt (see "others %" below); its numbers are not clean.`);
out.push('');
out.push('CPU accounting over each measured window, in percent of one CPU (the machine has ' +
  `${rows[0]?.cpu.ncpu} CPUs, so ${rows[0]?.cpu.ncpu * 100}% is all of it); "others" is the machine's busy time ` +
  'that none of the benchmark\'s processes used (other work on the machine, kernel threads, interrupts). ' +
  'µs/call is CPU time per completed call.');
out.push('');
out.push('| target | concurrency | client % (µs/call) | gateway % (µs/call) | stdio server % (µs/call) | machine busy % | others % | gateway context switches/call |');
out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const c = r.cpu;
  const part = (x) => (x ? `${f(x.cpuPct, 0)} (${f(x.cpuUsPerCall, 1)})` : '–');
  const ours = (c.client?.cpuPct || 0) + (c.gateway?.cpuPct || 0) + (c.server?.cpuPct || 0);
  const busy = c.machinePct * c.ncpu;
  out.push(`| ${r.label} | ${r.concurrency} | ${part(c.client)} | ${part(c.gateway)} | ${part(c.server)} | ${f(busy, 0)} | ${f(Math.max(0, busy - ours), 0)} | ${f(r.gatewayCtxSwitchesPerCall, 2)} |`);
}
const first = rows.find((r) => r.errors);
if (first) out.push('', `First error: ${first.label} c=${first.concurrency}: ${first.firstError}`);
out.push('');
out.push('Modes:');
out.push('');
for (const r of new Map(rows.map((x) => [x.label, x])).values()) {
  out.push(`- ${r.label}: ${r.note}` + (r.mode === 'http'
    ? `; load.mjs client "${r.client}" (one keep-alive connection per worker), ${r.sessions === 'worker' ? 'one session per worker' : 'one session shared by all workers'}, ${r.procs} client process${r.procs > 1 ? 'es' : ''}`
    : ''));
}
console.log(out.join('\n'));
