#!/bin/sh
# Install the Debian packages gatehouse needs to build, test and run, when any
# is missing. Runs as root, or through sudo. Quiet and fast when all is there.
set -eu

# man-db, groff-base and systemd (systemd-analyze) check what `make install`
# installs: the man page and the units (tests/integration/install.test.mjs).
packages="build-essential pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libgnutls28-dev libuv1-dev libcurl4-openssl-dev libjansson-dev
libsodium-dev libsqlite3-dev libseccomp-dev libcmocka-dev libvectorscan-dev
wrk openssl curl sqlite3 ca-certificates slirp4netns redis-server clickhouse-server
man-db groff-base systemd"

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
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
