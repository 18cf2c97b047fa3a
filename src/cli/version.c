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

#include "../util/util.h"
#include "cli.h"
#include "../version.h"

#ifndef GATEHOUSE_BUILD_FLAGS
#define GATEHOUSE_BUILD_FLAGS "unknown"
#endif
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)

static long
landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	return abi < 0 ? -errno : abi;
}

static const char *
seccomp_state(void)
{
	/* PR_GET_SECCOMP fails with EINVAL on kernels built without seccomp. */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL)
		return "unavailable";
	return "available";
}

static const char *
userns_state(void)
{
	char *v = util_read_file("/proc/sys/user/max_user_namespaces", 64, NULL);
	const char *s = "unknown";

	if (v) {
		s = v[0] == '0' && (v[1] == '\n' || v[1] == '\0') ? "disabled" : "available";
		free(v);
	}
	return s;
}

int
cmd_version(struct cli_ctx *ctx)
{
	long abi = landlock_abi();

	(void)ctx;
	printf("gatehouse %s\n", GATEHOUSE_VERSION);
	printf("build: %s\n", GATEHOUSE_BUILD_FLAGS);
	printf("libraries: libmicrohttpd %s, libuv %s, jansson %s, libsodium %s, sqlite %s\n",
	    MHD_get_version(), uv_version_string(), JANSSON_VERSION, sodium_version_string(),
	    sqlite3_libversion());
	printf("tls: %s\n", MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES ? "available (TLS 1.2 and 1.3 only)" : "unavailable");
	if (abi > 0)
		printf("sandbox: landlock ABI %ld\n", abi);
	else
		printf("sandbox: landlock unavailable (%s)\n", strerror((int)-abi));
	printf("sandbox: seccomp %s\n", seccomp_state());
	printf("sandbox: user namespaces %s\n", userns_state());
	return 0;
}
