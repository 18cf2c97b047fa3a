/*
 * The front door: every HTTP listener, and the checks each request passes before
 * any work is done for it (DESIGN.md section 5), in this order:
 *
 *   1. Host, then Origin                      -> 403
 *   2. the client address (trusted proxies, X-Forwarded-For; src/front/request.h)
 *   3. Authorization: Bearer <live token>     -> accepted, whatever else failed
 *      else: too many failed logins from here -> 429 + Retry-After
 *            token in the URL                 -> 400
 *            no or a wrong credential         -> 401 + WWW-Authenticate
 *      (only a presented, wrong credential counts as a failed login)
 *   4. route, method, body size, Content-Type, Accept -> 404/405/413/415/406
 *
 * The front is given only the part of the configuration it needs (struct
 * front_config: listeners, TLS files, hosts, origins, proxies, limits) and the
 * token hashes, never a server definition, an environment value, a remote
 * server's headers or a vault secret. The one secret it holds is the TLS key,
 * which terminating TLS needs. So it can later run as its own unprivileged
 * process.
 */
#ifndef GH_FRONT_H
#define GH_FRONT_H

#include <jansson.h>
#include <stddef.h>
#include <uv.h>

#include "../auth/auth.h"
#include "../config/config.h"

struct front;

struct front_config {
	const struct listen_addr *listen;
	size_t                    nlisten;
	const char               *tls_cert, *tls_key;      /* paths, or NULL */
	char *const              *public_hosts;
	size_t                    npublic_hosts;
	char *const              *allowed_origins;
	size_t                    nallowed_origins;
	const struct cidr        *trusted_proxies;
	size_t                    ntrusted_proxies;
	struct limits_config      limits;
};

/* The front's part of `cfg`; it points into `cfg`, which must outlive its use. */
void front_config_of(const struct config *cfg, struct front_config *out);

/*
 * Bind every listener of `cfg` and start serving on `loop`. Nothing is served
 * unless every bind succeeded. `tokens` stays owned by the caller and may be
 * refreshed in place between loop iterations.
 */
struct router;
int  front_start(struct front **out, uv_loop_t *loop, const struct front_config *cfg,
    const struct token_set *tokens, struct router *router, char *err, size_t errcap);
/* Switch to a reloaded configuration (listeners and TLS stay as they are). */
void front_set_config(struct front *f, const struct front_config *cfg);
void front_stop(struct front *f);
/* The listeners as bound: [{"address": "127.0.0.1:8750", "tls": false}, ...]; caller owns it. */
json_t *front_listeners(const struct front *f);

#endif
