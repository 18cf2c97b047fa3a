#!/bin/sh
# bench/front.sh: what one request through gatehouse's front door costs.
#
# Starts build/gatehouse on a kernel-chosen loopback port with a throwaway state
# directory and no MCP servers, opens one MCP session (initialize, then
# notifications/initialized), then drives the gateway with wrk (2 threads) for
# DURATION seconds per run:
#
#   healthz      GET /healthz, no checks at all
#   mcp          an authenticated POST /mcp {"method":"ping"} in the session: every
#                front check (Host, Origin, rate limit, token hash + compare, body
#                size, Content-Type, Accept, JSON parse, session lookup) and the
#                gateway's own answer, at 1 connection (unloaded latency), then 8
#                and 64 (throughput; latency there is mostly queueing)
#   wrong-token  the same POST with a token of the right shape that matches nothing
#                (401, and 429 once authFailuresPerMinute is used up)
#
# For each run it prints requests/s, wrk's latency percentiles, the gateway's own
# CPU time per request (from /proc/PID/stat), and from /metrics the gateway's mean
# time from request headers to response and the status codes it counted. At the
# end: the gateway's resident memory.
#
# Usage: make bench, or DURATION=10 sh bench/front.sh (after make).
# Talks only to 127.0.0.1 (and scrapes /metrics from 127.0.0.2, another loopback
# address, so that the wrong-token run's rate limit does not apply to it), runs
# for about 5 x DURATION seconds, and stops only the gateway it started (by pid).
set -eu

cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
THREADS=2
BIN=build/gatehouse

die() {
	echo "front.sh: $*" >&2
	exit 1
}

case $DURATION in
'' | *[!0-9]*) die "DURATION must be a whole number of seconds, got \"$DURATION\"" ;;
esac
if [ "$DURATION" -lt 1 ] || [ "$DURATION" -gt 600 ]; then
	die "DURATION must be from 1 to 600 seconds"
fi
[ -x "$BIN" ] || die "$BIN is missing; build it first (make bench does)"
command -v wrk >/dev/null 2>&1 || die "wrk is not installed (Debian package wrk)"
command -v curl >/dev/null 2>&1 || die "curl is not installed (Debian package curl)"

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-bench.XXXXXX")
pid=

# shellcheck disable=SC2317 # called by the EXIT trap
# Stop the gateway we started (SIGTERM, then SIGKILL after 5 s) and remove the
# temporary directory, however the script ends.
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill -KILL "$pid" 2>/dev/null || true
		fi
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# authFailuresPerMinute at its maximum so that the wrong-token run measures 401s
# for as long as possible; maxConnectionsPerIp above wrk's 64 connections plus the
# /metrics scrape.
cat >"$tmp/gatehouse.json" <<'EOF'
{
  "listen": ["127.0.0.1:0"],
  "stateDir": "state",
  "limits": {"authFailuresPerMinute": 100000, "maxConnectionsPerIp": 256}
}
EOF

# The log file exists before the gateway starts, so that polling it cannot race
# the redirection.
: >"$tmp/gateway.log"
"$BIN" --config "$tmp/gatehouse.json" serve 2>>"$tmp/gateway.log" &
pid=$!

# The port: from "msg=listening address=127.0.0.1:PORT" on stderr, within 10 s.
port=
i=0
while [ $i -lt 100 ]; do
	kill -0 "$pid" 2>/dev/null || { cat "$tmp/gateway.log" >&2; die "the gateway exited during start-up"; }
	port=$(sed -n 's/.*msg=listening address=127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$tmp/gateway.log" | head -n 1)
	[ -n "$port" ] && [ -s "$tmp/state/default.token" ] && break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$port" ] || { cat "$tmp/gateway.log" >&2; die "no \"msg=listening\" line within 10 s"; }
[ -s "$tmp/state/default.token" ] || die "no state/default.token within 10 s"
token=$(head -n 1 "$tmp/state/default.token")
base="http://127.0.0.1:$port"

# The same shape with one character changed: hashed and compared like a real one.
case $token in
gth_A*) wrong="gth_B${token#gth_?}" ;;
*) wrong="gth_A${token#gth_?}" ;;
esac

# curl reads the Authorization header from a private file, so the token is never
# in an argv.
printf 'Authorization: Bearer %s\n' "$token" >"$tmp/auth.header"

# One MCP session for the ping runs: initialize, read Mcp-Session-Id, confirm
# with notifications/initialized. A gateway without sessions gives no id; the
# pings are then sent without one.
mcp_post() {
	curl -s --max-time 5 -H @"$tmp/auth.header" -H 'Content-Type: application/json' \
		-H 'Accept: application/json, text/event-stream' "$@" "$base/mcp"
}
mcp_post -D "$tmp/init.headers" -o "$tmp/init.body" \
	-d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"gatehouse-bench","version":"1"}}}' ||
	die "initialize failed"
session=$(tr -d '\r' <"$tmp/init.headers" | sed -n 's/^[Mm][Cc][Pp]-[Ss][Ee][Ss][Ss][Ii][Oo][Nn]-[Ii][Dd]: *//p' | head -n 1)
if [ -n "$session" ]; then
	mcp_post -o /dev/null -H "Mcp-Session-Id: $session" -H 'MCP-Protocol-Version: 2025-11-25' \
		-d '{"jsonrpc":"2.0","method":"notifications/initialized"}' || die "notifications/initialized failed"
fi

clk_tck=$(getconf CLK_TCK)

# Gateway CPU time (user + system) in clock ticks.
cpu_ticks() {
	# The second field is "(gatehouse)"; utime and stime are fields 14 and 15.
	awk '{ print $14 + $15 }' "/proc/$pid/stat"
}

# From the gateway's own metrics: "CODE COUNT" lines of the request counter, and
# "sum SECONDS" / "count N" of the request duration histogram. From 127.0.0.2:
# the wrong-token run leaves 127.0.0.1 rate-limited (429 before the token is read).
scrape() {
	curl -s --max-time 5 --interface 127.0.0.2 -H @"$tmp/auth.header" "$base/metrics" |
		sed -n -e 's/^gatehouse_http_requests_total{code="\([0-9]*\)"} \([0-9]*\)$/\1 \2/p' \
			-e 's/^gatehouse_http_request_duration_seconds_\(sum\|count\) \([0-9.e+-]*\)$/\1 \2/p' >"$1"
}

# Mean time inside the gateway per request between two scrapes, in microseconds.
server_mean_us() {
	awk 'FILENAME == ARGV[1] { before[$1] = $2; next }
	     { after[$1] = $2 }
	     END { n = after["count"] - before["count"]
	           if (n > 0) printf "%.1f", (after["sum"] - before["sum"]) / n * 1e6; else print "?" }' "$1" "$2"
}

# Status counts between two scrapes, as "200:123 401:45". The first scrape itself
# counts as one 200.
status_delta() {
	awk 'FILENAME == ARGV[1] { before[$1] = $2; next }
	     $1 ~ /^[0-9]+$/ { d = $2 - before[$1]; if (d > 0) { out = out sep $1 ":" d; sep = " " } }
	     END { print out }' "$1" "$2"
}

# wrk prints latencies as 85.20us, 1.23ms or 2.00s; print them in microseconds.
to_us() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) print n
		else if (v ~ /ms$/) print n * 1000
		else if (v ~ /s$/) print n * 1000000
		else print "?"
	}'
}

summary="$tmp/summary"
: >"$summary"
bad=0

# run NAME CONNECTIONS EXPECTED_STATUS TOKEN [wrk arguments...]
# EXPECTED_STATUS "any" accepts every status; TOKEN goes to the Lua script.
run() {
	name=$1
	conns=$2
	expect=$3
	run_token=$4
	shift 4
	threads=$THREADS
	[ "$conns" -ge "$threads" ] || threads=$conns
	kill -0 "$pid" 2>/dev/null || die "the gateway is no longer running"
	scrape "$tmp/m0"
	c0=$(cpu_ticks)
	GATEHOUSE_TOKEN=$run_token GATEHOUSE_SESSION=$session wrk --latency -t "$threads" -c "$conns" -d "${DURATION}s" "$@" >"$tmp/wrk.out" 2>&1 ||
		{ cat "$tmp/wrk.out" >&2; die "wrk failed in run $name"; }
	c1=$(cpu_ticks)
	scrape "$tmp/m1"

	reqs=$(awk '/ requests in / { print $1 }' "$tmp/wrk.out")
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/wrk.out")
	p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$tmp/wrk.out")")
	p90=$(to_us "$(awk '$1 == "90%" { print $2 }' "$tmp/wrk.out")")
	p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$tmp/wrk.out")")
	errs=$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }' "$tmp/wrk.out")
	statuses=$(status_delta "$tmp/m0" "$tmp/m1")
	inside=$(server_mean_us "$tmp/m0" "$tmp/m1")
	cpu_us=$(awk -v t=$((c1 - c0)) -v hz="$clk_tck" -v n="${reqs:-0}" \
		'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "?" }')
	little=$(awk -v c="$conns" -v r="${rps:-0}" \
		'BEGIN { if (r > 0) printf "%.1f", c / r * 1e6; else print "?" }')

	echo "== $name: $conns connections, $threads threads, ${DURATION}s"
	sed -n '/Latency Distribution/,/Requests\/sec/p' "$tmp/wrk.out" | sed 's/^/   /'
	echo "   requests/s $rps; latency p50 ${p50} us, p90 ${p90} us, p99 ${p99} us"
	echo "   concurrency / throughput = $little us; gateway CPU $cpu_us us per request;" \
		"headers-to-response inside the gateway $inside us (mean)"
	echo "   statuses counted by the gateway: $statuses"
	[ -n "$errs" ] && echo "   wrk socket errors: $errs"
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$conns" "$rps" "$p50" "$p90" \
		"$p99" "$cpu_us" "$inside" "$statuses" >>"$summary"

	# An authenticated run that got anything but its expected status measured the
	# wrong path: say so and fail at the end.
	others=$(echo "$statuses" | tr ' ' '\n' | grep -v "^$expect:" | grep -v '^$' || true)
	if [ "$expect" != any ] && [ -n "$others" ]; then
		echo "   WARNING: expected only $expect answers, also got: $others" >&2
		bad=1
	fi
}

rss_kb() {
	awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"
}

echo "gatehouse front-door benchmark: $(nproc) CPUs, $(uname -sr), wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')"
if [ -n "$session" ]; then in_session="in an MCP session"; else in_session="without a session (the gateway gave none)"; fi
echo "gateway pid $pid on $base; VmRSS at start $(rss_kb VmRSS) kB; pings sent $in_session"
echo

run healthz 8 200 "" "$base/healthz"
run mcp 1 200 "$token" -s bench/mcp_post.lua "$base/mcp"
run mcp 8 200 "$token" -s bench/mcp_post.lua "$base/mcp"
run mcp 64 200 "$token" -s bench/mcp_post.lua "$base/mcp"
# Last: it fills this address's failure window and would turn later runs into 429s.
run wrong-token 8 any "$wrong" -s bench/mcp_post.lua "$base/mcp"

echo
echo "| run | connections | requests/s | p50 us | p90 us | p99 us | gateway CPU us/request | in-gateway mean us | statuses |"
echo "|---|---|---|---|---|---|---|---|---|"
cat "$summary"
echo
echo "gateway memory after the runs: VmRSS $(rss_kb VmRSS) kB, peak VmHWM $(rss_kb VmHWM) kB"
exit $bad
