#!/usr/bin/env bash
# bench/mcp/run.sh: MCP tools/call round trips through gatehouse, supergateway and
# mcp-proxy, all in front of the same stdio server, and directly against it.
#
# The stdio server is tests/fixtures/echo-raw.mjs (no SDK, newline-delimited
# JSON-RPC), run by the same node binary everywhere. The targets:
#
#   direct        load.mjs spawns the echo server and drives it over stdin/stdout
#   gatehouse     gatehouse serve on 127.0.0.1:0, the echo server "shared": true
#                 (one instance for all sessions)
#   supergateway  supergateway --stdio --outputTransport streamableHttp --stateful
#                 --logLevel none: the SDK's Streamable HTTP transport in stateful
#                 mode, which starts one echo server per session (it has no shared
#                 mode); its listener is pinned to 127.0.0.1 by bench/mcp/loopback.cjs
#                 (a --require preload: supergateway has no bind-address option)
#   mcp-proxy     mcp-proxy --host 127.0.0.1 (stateful sessions, the default): one
#                 echo server for all sessions
#
# All the gateways are started first, each on a free loopback port, and waited
# for; then, concurrency by concurrency (CONCURRENCY, default "1 8 32"), load.mjs
# runs against each target for WARMUP + DURATION seconds; then everything is
# stopped. The memory reported is the gateway process's own VmHWM (peak resident
# set since it started) read from /proc/PID/status at the end of each run: the
# echo servers behind it are not included (their count and resident memory are
# reported separately).
#
# Before each run the script waits (at most QUIET_WAIT seconds, default 120) until
# the machine is idle (under QUIET_MAX percent busy over one second, default 10),
# because other work on the machine distorts the numbers; the CPU accounting table
# shows how much of the machine's CPU time during each run was not ours. A run
# during which other processes used more than OTHERS_MAX percent of a CPU
# (default 20) is measured again, up to ATTEMPTS times in all (default 3); the
# last attempt is kept either way, and the table marks it.
#
# Usage: DURATION=10 bench/mcp/run.sh (after make). Environment:
#   DURATION, WARMUP  seconds per run (defaults 10 and 2)
#   CONCURRENCY       default "1 8 32"
#   TARGETS           default "direct gatehouse supergateway mcp-proxy"; also
#                     gatehouse-modern: the same gatehouse driven by MCP 2026-07-28
#                     calls (no session; _meta and routing headers on each call)
#   SESSIONS          worker (default: one session per worker) or shared (one
#                     session for all workers)
#   PROCS             client processes (default 1: on the 2-CPU machine of
#                     results.md the client never used more than half a CPU)
#   BIN               the gatehouse binary (default build/gatehouse; copied to a
#                     temporary directory first, so a rebuild during the run does
#                     not change what is measured)
#   BIN_DESC          how results.md describes a BIN given explicitly
#   NODE              the node binary for the echo server, the Node gateways and
#                     the client (default node_modules/.bin/node, Node 22)
#   QUIET_MAX, QUIET_WAIT, OTHERS_MAX, ATTEMPTS   see above
#   OUT               where the markdown goes (default bench/mcp/results.md; "-"
#                     for stdout only)
# Talks only to 127.0.0.1, and stops only the processes it started, by pid.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONCURRENCY=${CONCURRENCY:-1 8 32}
TARGETS=${TARGETS:-direct gatehouse supergateway mcp-proxy}
SESSIONS=${SESSIONS:-worker}
PROCS=${PROCS:-1}
NODE=${NODE:-$ROOT/node_modules/.bin/node}
OUT=${OUT:-bench/mcp/results.md}
QUIET_MAX=${QUIET_MAX:-10}
QUIET_WAIT=${QUIET_WAIT:-120}
OTHERS_MAX=${OTHERS_MAX:-20}
ATTEMPTS=${ATTEMPTS:-3}
ECHO=$ROOT/tests/fixtures/echo-raw.mjs
BIN=${BIN:-$ROOT/build/gatehouse}
SUPERGATEWAY=$ROOT/node_modules/supergateway/dist/index.js
MCP_PROXY=$ROOT/node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs

die() {
	echo "run.sh: $*" >&2
	exit 1
}
isnum() { [[ $1 =~ ^[0-9]+$ ]]; }

if ! isnum "$DURATION" || [ "$DURATION" -lt 1 ] || [ "$DURATION" -gt 600 ]; then die "DURATION must be 1..600 seconds"; fi
if ! isnum "$WARMUP" || [ "$WARMUP" -gt 60 ]; then die "WARMUP must be 0..60 seconds"; fi
if ! isnum "$OTHERS_MAX" || ! isnum "$ATTEMPTS" || [ "$ATTEMPTS" -lt 1 ]; then die "OTHERS_MAX and ATTEMPTS must be whole numbers"; fi
if ! isnum "$PROCS" || [ "$PROCS" -lt 1 ] || [ "$PROCS" -gt 64 ]; then die "PROCS must be 1..64"; fi
for c in $CONCURRENCY; do
	if ! isnum "$c" || [ "$c" -lt 1 ] || [ "$c" -gt 256 ]; then die "bad concurrency $c"; fi
done
case $SESSIONS in worker | shared) ;; *) die "SESSIONS must be worker or shared" ;; esac
for t in $TARGETS; do
	case $t in direct | gatehouse | gatehouse-modern | supergateway | mcp-proxy) ;; *) die "unknown target $t" ;; esac
done
[ -x "$NODE" ] || die "no node at $NODE"
[ -x "$BIN" ] || die "$BIN is missing; run make first"
if [ ! -f "$SUPERGATEWAY" ] || [ ! -f "$MCP_PROXY" ]; then die "supergateway or mcp-proxy missing; run npm ci"; fi

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-mcp-bench.XXXXXX")
declare -A PID=() URL=() TOOL=() MODE=()
LOAD_TOKEN=

# Stop one process we started: SIGTERM, then SIGKILL after 5 s.
stop_pid() {
	local p=$1 i=0
	kill -0 "$p" 2>/dev/null || return 0
	kill -TERM "$p" 2>/dev/null || true
	while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$p" 2>/dev/null || true
}

# The descendants of a pid (a gateway's stdio servers), from /proc.
descendants() {
	local p
	for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		echo "$p"
		descendants "$p"
	done
}

# Stop every gateway we started (each stops its own servers), then anything one
# left behind, each by pid: only processes this script started, directly or
# through a gateway it started.
stop_all() {
	local t k
	local -a kids
	for t in "${!PID[@]}"; do
		mapfile -t kids < <(descendants "${PID[$t]}")
		stop_pid "${PID[$t]}"
		wait "${PID[$t]}" 2>/dev/null || true
		for k in "${kids[@]}"; do stop_pid "$k"; done
		unset "PID[$t]"
	done
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	stop_all
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

free_port() {
	"$NODE" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Wait until 127.0.0.1:PORT accepts a connection (at most 30 s) while TARGET lives.
wait_port() { # port target
	local i=0
	while ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
		kill -0 "${PID[$2]}" 2>/dev/null || die "$2 exited at startup: $(tail -5 "$tmp/$2.log")"
		[ $i -lt 300 ] || die "$2 did not listen within 30 s"
		sleep 0.1
		i=$((i + 1))
	done
}

# Percent of the machine busy over one second, from /proc/stat.
busy_pct() {
	local a b
	read -r _ a1 a2 a3 a4 a5 a6 a7 a8 _ </proc/stat
	sleep 1
	read -r _ b1 b2 b3 b4 b5 b6 b7 b8 _ </proc/stat
	a=$((a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8))
	b=$((b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8))
	echo $((100 - 100 * ((b4 + b5) - (a4 + a5)) / (b - a)))
}

wait_quiet() {
	local start=$SECONDS b
	while :; do
		b=$(busy_pct)
		[ "$b" -le "$QUIET_MAX" ] && return 0
		if [ $((SECONDS - start)) -ge "$QUIET_WAIT" ]; then
			echo "run.sh: the machine is still ${b}% busy after ${QUIET_WAIT} s; measuring anyway" >&2
			return 0
		fi
		sleep 2
	done
}

start_gatehouse() {
	mkdir -p "$tmp/gatehouse"
	cat >"$tmp/gatehouse/gatehouse.json" <<JSON
{
  "listen": ["127.0.0.1:0"],
  "stateDir": "state",
  "limits": { "maxSessionsPerToken": 64 },
  "mcpServers": {
    "echo": { "command": "$NODE", "args": ["$ECHO"], "shared": true }
  }
}
JSON
	"$BIN" --config "$tmp/gatehouse/gatehouse.json" serve 2>"$tmp/gatehouse.log" &
	PID[gatehouse]=$!
	local i=0 addr=
	while [ -z "$addr" ]; do
		kill -0 "${PID[gatehouse]}" 2>/dev/null || die "gatehouse exited at startup: $(tail -5 "$tmp/gatehouse.log")"
		[ $i -lt 100 ] || die "gatehouse did not start listening within 10 s"
		sleep 0.1
		i=$((i + 1))
		addr=$(sed -n 's/.*msg=listening address=\(127\.0\.0\.1:[0-9]*\).*/\1/p' "$tmp/gatehouse.log" | head -1)
	done
	URL[gatehouse]=http://$addr/mcp
	TOOL[gatehouse]=echo__echo
	LOAD_TOKEN=$(cat "$tmp/gatehouse/state/default.token")
	# 64 sessions per token: 32 workers' sessions plus the slot that 2026-07-28 calls
	# of the same token hold (gatehouse-modern) must fit beside one another.
	MODE[gatehouse]="gatehouse serve, the echo server \"shared\": true (one instance for all sessions)"
}

start_supergateway() {
	local port
	port=$(free_port)
	"$NODE" --require "$ROOT/bench/mcp/loopback.cjs" "$SUPERGATEWAY" \
		--stdio "$NODE $ECHO" --outputTransport streamableHttp --stateful \
		--port "$port" --logLevel none >"$tmp/supergateway.log" 2>&1 &
	PID[supergateway]=$!
	wait_port "$port" supergateway
	URL[supergateway]=http://127.0.0.1:$port/mcp
	TOOL[supergateway]="echo"
	MODE[supergateway]="--outputTransport streamableHttp --stateful --logLevel none (one echo server per session, started by /bin/sh -c)"
}

start_mcp_proxy() {
	local port
	port=$(free_port)
	"$NODE" "$MCP_PROXY" --host 127.0.0.1 --port "$port" -- "$NODE" "$ECHO" >"$tmp/mcp-proxy.log" 2>&1 &
	PID[mcp-proxy]=$!
	wait_port "$port" mcp-proxy
	URL[mcp-proxy]=http://127.0.0.1:$port/mcp
	TOOL[mcp-proxy]="echo"
	MODE[mcp-proxy]="Streamable HTTP at /mcp, stateful sessions and event store on (both defaults), one echo server for all sessions"
}

bin_sum=$(sha256sum "$BIN" | cut -c1-12)
bin_env=
[ "$BIN" = "$ROOT/build/gatehouse" ] || bin_env="BIN=$BIN "
if [ "$BIN" = "$ROOT/build/gatehouse" ]; then
	bin_desc="build/gatehouse of $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' with uncommitted changes to src/')"
else
	bin_desc=${BIN_DESC:-$BIN}
fi
cp "$BIN" "$tmp/gatehouse-bin"
BIN=$tmp/gatehouse-bin

results=$tmp/results.jsonl
: >"$results"

# CPU time (percent of one CPU) that the machine spent during a run on work that
# was not the benchmark's, from load.mjs's JSON line.
others_pct() {
	"$NODE" -e 'const c = JSON.parse(process.argv[1]).cpu;
console.log(Math.round(c.machinePct * c.ncpu - (c.client?.cpuPct || 0) - (c.gateway?.cpuPct || 0) - (c.server?.cpuPct || 0)))' "$1"
}

run_load() { # target concurrency
	local line attempt=1 others
	while :; do
		wait_quiet
		if [ "$1" = direct ]; then
			line=$(DURATION=$DURATION WARMUP=$WARMUP "$NODE" bench/mcp/load.mjs direct \
				--concurrency "$2" --label direct \
				--note "load.mjs drives the echo server over stdin and stdout; concurrency = calls in flight" \
				-- "$NODE" "$ECHO")
		else
			# gatehouse-modern: the same gatehouse, driven by MCP 2026-07-28 calls.
			local token= gw=$1 era=legacy
			[ "$1" = gatehouse-modern ] && gw=gatehouse && era=modern
			[ "$gw" = gatehouse ] && token=$LOAD_TOKEN
			line=$(DURATION=$DURATION WARMUP=$WARMUP LOAD_TOKEN=$token \
				"$NODE" bench/mcp/load.mjs http --url "${URL[$gw]}" --era "$era" \
				--tool "${TOOL[$gw]}" --concurrency "$2" --sessions "$SESSIONS" --procs "$PROCS" \
				--watch "${PID[$gw]}" --label "$1" \
				--note "${MODE[$gw]}$([ "$era" = modern ] && echo '; MCP 2026-07-28 calls, no session')")
		fi
		echo "run.sh: $1 c=$2 (attempt $attempt): $line" >&2
		others=$(others_pct "$line")
		# Other work took the CPU during the run: measure again (ATTEMPTS in all).
		[ "$others" -le "$OTHERS_MAX" ] || [ "$attempt" -ge "$ATTEMPTS" ] && break
		echo "run.sh: other processes used ${others}% of a CPU during that run; measuring again" >&2
		attempt=$((attempt + 1))
	done
	echo "$line" >>"$results"
	[ "$1" = direct ] || [ "$1" = gatehouse-modern ] ||
		echo "run.sh: after the run $1 has $(descendants "${PID[$1]}" | wc -l) descendant processes" >&2
}

# All gateways run for the whole benchmark (an idle one costs nothing), so that
# the runs go concurrency by concurrency: each gateway's run is minutes closer to
# the direct run it is compared with than if they went target by target.
for t in $TARGETS; do
	case $t in
	gatehouse | gatehouse-modern) [ -n "${PID[gatehouse]:-}" ] || start_gatehouse ;;
	supergateway) start_supergateway ;;
	mcp-proxy) start_mcp_proxy ;;
	esac
done
for c in $CONCURRENCY; do
	for t in $TARGETS; do run_load "$t" "$c"; done
done
stop_all

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
	echo "# MCP tools/call round trips: gatehouse, supergateway, mcp-proxy, direct"
	echo
	echo "Command: \`${bin_env}DURATION=$DURATION WARMUP=$WARMUP CONCURRENCY=\"$CONCURRENCY\" TARGETS=\"$TARGETS\" SESSIONS=$SESSIONS PROCS=$PROCS QUIET_MAX=$QUIET_MAX QUIET_WAIT=$QUIET_WAIT OTHERS_MAX=$OTHERS_MAX ATTEMPTS=$ATTEMPTS bench/mcp/run.sh\`"
	echo
	echo "Machine: $(nproc) CPUs ($cpu_model), Linux $(uname -r), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM;" \
		"node $("$NODE" --version) ($NODE, used for the echo server, both Node gateways and the client);" \
		"$("$BIN" version 2>/dev/null | head -1) ($bin_desc, sha256 $bin_sum);" \
		"supergateway $("$NODE" -p 'require("./node_modules/supergateway/package.json").version'), mcp-proxy $("$NODE" -p 'require("./node_modules/mcp-proxy/package.json").version'). $(date -u +%Y-%m-%dT%H:%MZ)."
	echo
	OTHERS_MAX=$OTHERS_MAX "$NODE" bench/mcp/table.mjs "$results"
} >"$tmp/results.md"
if [ "$OUT" = - ]; then
	cat "$tmp/results.md"
else
	cp "$tmp/results.md" "$OUT"
	cat "$OUT"
fi
