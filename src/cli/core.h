/*
 * What `gatehouse serve` and `gatehouse stdio` share, written once: the order
 * in which the gateway's parts start (a hardened process, libsodium, the
 * configuration, the state store, the loop, the router with its transports)
 * and stop.
 */
#ifndef GH_CORE_H
#define GH_CORE_H

#include <uv.h>

#include "../config/config.h"
#include "../limits.h"
#include "cli.h"

struct store;
struct router;
struct guard;

struct vault;
struct redactor;

struct core {
	struct config  cfg;
	struct store  *store;
	uv_loop_t      loop;
	struct router *router;
	struct guard  *guard;                     /* pins and holds of tools, prompts, instructions */
	int64_t        pins_version;              /* store data_version when the pins were read */
	char           config_dir[LIMIT_PATH];    /* relative server commands resolve here */
	struct vault  *vault;                     /* open when the config refers to a secret */
	struct secret_source secrets;             /* {"secret": NAME} for the transports */
	struct redactor *redactor;                /* known key formats and the vault's values */
};

/* Start everything above; on failure print one sentence and return -1 (nothing left open). */
int  core_open(struct core *c, struct cli_ctx *ctx);
/* Stop the router now and release everything: for failures before the loop runs. */
void core_abort(struct core *c);
/* After the loop has ended (the router shut down and freed): flush and release. */
void core_close(struct core *c);
/* After a reload changed mcpServers: vault values to redact and ${VAR} to name, again. */
void core_servers_changed(struct core *c);
/* Did another process (the CLI) change the database? Then read the pins again and
 * judge every list anew (approvals reach a running gateway within a poll). */
void core_poll(struct core *c);
/* No core dumps, no ptrace by other processes of our uid, private files. */
void core_harden_process(void);

#endif
