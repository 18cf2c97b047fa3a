#!/bin/sh
# Install the Debian packages gatehouse needs to build, test and run, when any
# is missing. Runs as root, or through sudo. Quiet and fast when all is there.
set -eu

# man-db, groff-base and systemd (systemd-analyze) check what `make install`
# installs: the man page and the units (tests/integration/install.test.mjs).
packages="build-essential pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libgnutls28-dev libuv1-dev libcurl4-openssl-dev libjansson-dev
libsodium-dev libsqlite3-dev libseccomp-dev libcmocka-dev
wrk openssl curl sqlite3 ca-certificates slirp4netns redis-server clickhouse-server
man-db groff-base systemd"

# The pattern engine (libhs): Intel's Hyperscan on amd64, else Vectorscan.
# Debian 12's Vectorscan 5.4.9 misses matches on CPUs with AVX-512 (a one-byte
# literal past the first 64 bytes of a buffer, depending on where the buffer
# lies in memory: README, "The pattern engine"). The two packages conflict.
if [ "$(dpkg --print-architecture)" = amd64 ]; then
	packages="$packages libhyperscan-dev"
else
	packages="$packages libvectorscan-dev"
fi

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# Node.js runs the integration tests; a node already on PATH (for example from
# NodeSource) is used as it is, else Debian's nodejs and npm are installed.
if ! command -v node >/dev/null 2>&1; then
	missing="$missing nodejs npm"
elif ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi
# A gateway run as root runs its sandboxed servers as this system user
# (README, "The sandbox user"); the tests run as root on CI.
if [ "$(id -u)" -eq 0 ] && ! getent passwd gatehouse >/dev/null 2>&1; then
	echo "install-deps: creating the system user gatehouse (the sandbox user of a root gateway)" >&2
	useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin gatehouse
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "install-deps: missing packages:$missing; run this script as root or install sudo" >&2
	exit 1
fi
echo "install-deps: installing$missing" >&2
# redis-server and clickhouse-server are test peers that the tests start on
# loopback themselves: keep apt from starting them as system services.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
	$sudo chmod 755 "$policy"
	trap '$sudo rm -f "$policy"' EXIT
fi
$sudo apt-get update -qq
# A Vectorscan already installed gives way to Hyperscan only when nothing else
# on the machine needs it; a release without Hyperscan keeps Vectorscan.
swap=""
case " $missing " in
*" libhyperscan-dev "*)
	if ! apt-cache show libhyperscan-dev >/dev/null 2>&1; then
		echo "install-deps: this release has no libhyperscan-dev; using Vectorscan (gatehouse checks it at start)" >&2
		missing=$(echo "$missing" | sed 's/libhyperscan-dev/libvectorscan-dev/')
	elif dpkg-query -W -f='${Status}' libvectorscan5 2>/dev/null | grep -q "install ok installed"; then
		others=$(apt-get -s install libhyperscan-dev libvectorscan5- libvectorscan-dev- 2>/dev/null |
		    awk '$1 == "Remv" && $2 != "libvectorscan5" && $2 != "libvectorscan-dev" { printf "%s ", $2 }')
		if [ -n "$others" ]; then
			echo "install-deps: Vectorscan (libvectorscan5) is installed and these need it: $others" >&2
			echo "install-deps: gatehouse needs Intel Hyperscan (libhyperscan-dev) on amd64; install it by hand" >&2
			exit 1
		fi
		echo "install-deps: replacing Vectorscan with Intel Hyperscan (the pattern engine)" >&2
		swap="libvectorscan5- libvectorscan-dev-"
	fi
	;;
esac
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing $swap >/dev/null
