/* `gatehouse version`: what this binary is and what the kernel offers for
 * sandboxing the servers it starts. */
#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>
#include <microhttpd.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <uv.h>

#include "../exec/sandbox.h"
#include "../util/util.h"
#include "cli.h"
#include "../version.h"

#ifndef GATEHOUSE_BUILD_FLAGS
#define GATEHOUSE_BUILD_FLAGS "unknown"
#endif
int
cmd_version(struct cli_ctx *ctx)
{
	struct sandbox_features f;
	struct sandbox_user user;
	char err[512];

	(void)ctx;
	sandbox_probe(&f);
	printf("gatehouse %s\n", GATEHOUSE_VERSION);
	printf("build: %s\n", GATEHOUSE_BUILD_FLAGS);
	printf("libraries: libmicrohttpd %s, libuv %s, jansson %s, libsodium %s, sqlite %s\n",
	    MHD_get_version(), uv_version_string(), JANSSON_VERSION, sodium_version_string(),
	    sqlite3_libversion());
	printf("tls: %s\n", MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES ? "available (TLS 1.2 and 1.3 only)" : "unavailable");
	if (f.landlock_abi > 0)
		printf("sandbox: landlock ABI %ld\n", f.landlock_abi);
	else
		printf("sandbox: landlock unavailable (%s)\n", strerror((int)-f.landlock_abi));
	printf("sandbox: seccomp %s\n", f.seccomp ? "available" : "unavailable");
	printf("sandbox: user namespaces %s\n", f.userns ? "available" : "unavailable");
	printf("sandbox: denied attempts logged: %s\n",
	    f.notify ? "system calls, opens, directory entries made, removed or renamed, connections, "
	    "allocations past the memory limit, processes near their limit (seccomp user notification)" :
	    "none (no seccomp user notification: the calls are denied all the same)");
	if (f.landlock_abi >= 7)
		printf("sandbox: landlock also logs its denials to the kernel's audit log, where audit is on\n");
	printf("sandbox: slirp4netns %s%s\n", f.slirp4netns[0] ? f.slirp4netns : "not found",
	    f.tun ? "" : " (/dev/net/tun is not usable by this user: no \"network\": \"public\")");
	if (sandbox_user(&user, err, sizeof(err)) != 0)
		printf("sandbox: user: %s\n", err);
	else if (user.drop)
		printf("sandbox: user: %s (uid %u, gid %u): the gateway runs as root, its sandboxed children as this user\n",
		    user.name, (unsigned)user.uid, (unsigned)user.gid);
	else
		printf("sandbox: user: the gateway's own (uid %u)\n", (unsigned)geteuid());
	printf("sandbox: stdio servers run %s\n", f.landlock_abi > 0 && f.seccomp && f.userns ?
	    "sandboxed by default" :
	    "only with \"sandbox\": false (a feature above is missing)");
	return 0;
}
