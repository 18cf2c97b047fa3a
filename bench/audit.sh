#!/bin/sh
# bench/audit.sh: how long `gatehouse audit --deep` takes on a host with 50
# TCP listeners (goal: under 2 seconds).
#
# One node process opens 50 listeners on free ports, of five kinds, ten each:
#   silent   accepts and never says a word (the probes wait for their deadline)
#   http     a fake HTTP server: 200 "hello" to GET /, 404 to anything else
#   banner   greets with "SSH-2.0-bench" on connect
#   closing  accepts and closes at once
#   noauth   a fake Redis: "-NOAUTH Authentication required." to every line
# Then it runs `build/gatehouse audit --deep --format json` RUNS times (default 5)
# and prints each wall time, min / median / max, and what the last run found.
#
# Where: as root with unshare(1) and ip(8), everything runs in a private network
# namespace made for the run, so the audit sees exactly these 50 listeners; half
# of them bind 0.0.0.0 there (which is only that namespace's loopback), so that
# GH-NET-001 findings are produced too. Otherwise the listeners bind 127.0.0.1 on
# the host and the audit also sees (and probes, over loopback) whatever else
# listens here. Only loopback is ever contacted. The listener process is stopped
# by its pid, and exits by itself after 5 minutes in any case.
#
# Usage: make && sh bench/audit.sh    (RUNS=10 sh bench/audit.sh)
#   SHOW=1 also prints the evidence of every finding of the last run;
#   AUDIT_BENCH_NETNS=0 runs on the host network even as root.
set -eu

cd "$(dirname "$0")/.."
BIN=build/gatehouse
RUNS=${RUNS:-5}
COUNT=50

die() {
	echo "audit.sh: $*" >&2
	exit 1
}

case $RUNS in
'' | *[!0-9]*) die "RUNS must be a whole number, got \"$RUNS\"" ;;
esac
if [ "$RUNS" -lt 1 ] || [ "$RUNS" -gt 100 ]; then
	die "RUNS must be from 1 to 100"
fi
[ -x "$BIN" ] || die "$BIN is missing; build it first (make)"
command -v node >/dev/null 2>&1 || die "node is not installed"

# Re-run inside a private network namespace when we can make one.
if [ "${AUDIT_BENCH_NETNS:-}" = "" ] && [ "$(id -u)" -eq 0 ] &&
	command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1; then
	AUDIT_BENCH_NETNS=1 exec unshare --net -- sh "$0" "$@"
fi
if [ "${AUDIT_BENCH_NETNS:-}" = 1 ]; then
	ip link set lo up || die "cannot bring up lo in the network namespace"
	mode="private network namespace (exactly these listeners)"
	wide=0.0.0.0
else
	mode="host network (other listeners of this host are audited too)"
	wide=127.0.0.1
fi

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-audit-bench.XXXXXX")
pid=

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

cat >"$tmp/listeners.cjs" <<'EOF'
// 50 listeners of five kinds on kernel-chosen ports; prints "ready" when all listen.
const net = require('node:net');
const [count, wide] = [Number(process.argv[2]), process.argv[3]];
const kinds = ['silent', 'http', 'banner', 'closing', 'noauth'];
const held = [];
let up = 0;
for (let i = 0; i < count; i++) {
  const kind = kinds[i % kinds.length];
  const s = net.createServer((c) => {
    c.on('error', () => {});
    held.push(c);
    if (kind === 'closing') return c.destroy();
    if (kind === 'banner') return c.write('SSH-2.0-bench\r\n');
    if (kind === 'silent') return;
    let buf = '';
    c.on('data', (d) => {
      buf += d;
      if (kind === 'noauth') {
        for (let k = buf.indexOf('\n'); k >= 0; k = buf.indexOf('\n')) {
          buf = buf.slice(k + 1);
          c.write('-NOAUTH Authentication required.\r\n');
        }
      } else if (buf.includes('\r\n\r\n')) {
        const ok = buf.startsWith('GET / ');
        const body = ok ? 'hello\n' : 'not found\n';
        c.end(`HTTP/1.1 ${ok ? '200 OK' : '404 Not Found'}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      }
    });
  });
  s.listen(0, i % 2 ? wide : '127.0.0.1', () => { if (++up === count) console.log('ready'); });
}
setTimeout(() => process.exit(0), 300000).unref();
setInterval(() => {}, 1000);
EOF

node "$tmp/listeners.cjs" "$COUNT" "$wide" >"$tmp/listeners.out" 2>&1 &
pid=$!
i=0
until grep -q ready "$tmp/listeners.out" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || die "the listeners did not start: $(cat "$tmp/listeners.out")"
	kill -0 "$pid" 2>/dev/null || die "the listener process exited: $(cat "$tmp/listeners.out")"
	sleep 0.1
done

printf '{"listen":["127.0.0.1:8750"],"stateDir":"%s/state"}\n' "$tmp" >"$tmp/gatehouse.json"
listeners=$(awk 'NR > 1 && $4 == "0A"' /proc/net/tcp /proc/net/tcp6 2>/dev/null | wc -l)

echo "gatehouse audit --deep on $listeners listening sockets; $mode"
echo "command: $BIN --config $tmp/gatehouse.json audit --deep --format json"
times=""
run=1
while [ "$run" -le "$RUNS" ]; do
	t0=$(date +%s%N)
	HOME=$tmp "$BIN" --config "$tmp/gatehouse.json" audit --deep --format json >"$tmp/report.json" 2>"$tmp/report.err" || true
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	echo "run $run: ${ms} ms"
	times="$times $ms"
	run=$((run + 1))
done

# shellcheck disable=SC2086 # word splitting of the list is intended
sorted=$(printf '%s\n' $times | sort -n)
min=$(echo "$sorted" | head -n 1)
max=$(echo "$sorted" | tail -n 1)
median=$(echo "$sorted" | sed -n "$(((RUNS + 1) / 2))p")
echo "wall time over $RUNS runs: min ${min} ms, median ${median} ms, max ${max} ms"
if [ "$median" -lt 2000 ]; then
	echo "goal (under 2000 ms): met"
else
	echo "goal (under 2000 ms): MISSED"
fi
echo "findings of the last run, by id and severity:"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const c = {};
for (const f of r.findings.filter((f) => f.id.startsWith("GH-NET-"))) {
  const k = f.id + " " + f.severity;
  c[k] = (c[k] || 0) + 1;
}
for (const [k, v] of Object.entries(c).sort()) console.log("  " + k + ": " + v);
if (process.env.SHOW) for (const f of r.findings) console.log("  " + f.id + " " + f.evidence);
for (const n of r.notes.filter((n) => n.startsWith("host:"))) console.log("  note: " + n);
' "$tmp/report.json"
