/*
 * A transport carries JSON-RPC messages between the gateway and one instance of
 * one downstream MCP server: a child process over stdio (src/exec/child.c) or a
 * remote server over Streamable HTTP (src/mcp/remote.c). The router above sees
 * only this interface.
 *
 * Lifecycle: *_open() starts it; send() queues one message (the transport owns
 * framing: a line for stdio, a POST for HTTP); every message that arrives is handed
 * to cb->on_message; when the transport dies on its own (process exited, HTTP
 * failure) cb->on_lost is called once and nothing more arrives. close() starts a
 * graceful stop; cb->on_closed is called once when every resource is released,
 * after which the transport memory is gone. on_lost is never called after close().
 *
 * No callback ever runs from inside send() or close(): a failing send() returns
 * -1 and the loss is reported from the loop afterwards. The owner calls send()
 * while it holds calls and lists that on_lost would tear down.
 */
#ifndef GH_TRANSPORT_H
#define GH_TRANSPORT_H

#include <jansson.h>
#include <stddef.h>
#include <uv.h>

#include "../config/config.h"

struct transport;

struct transport_callbacks {
	/* One JSON-RPC message (object) from the server; borrowed: incref to keep. */
	void (*on_message)(void *owner, json_t *msg);
	/* The transport failed; `reason` is one sentence for logs and client errors. */
	void (*on_lost)(void *owner, const char *reason);
	/* close() has finished. */
	void (*on_closed)(void *owner);
};

struct transport_ops {
	/* Queue one serialized JSON-RPC message. 0, or -1 when the transport is
	 * not usable (the caller answers its client with an error). */
	int  (*send)(struct transport *t, const char *json, size_t len);
	void (*close)(struct transport *t);
};

struct transport {
	const struct transport_ops       *ops;
	const struct transport_callbacks *cb;
	void                             *owner;
	long                              pid;      /* a child's process id (its sandbox's, when sandboxed); 0 for remote */
};

/* What a transport may need from the gateway's environment. */
struct secret_source;

struct transport_env {
	uv_loop_t  *loop;
	const char *state_dir;          /* for private HOME directories */
	const char *config_dir;         /* relative commands resolve here */
	const char *sandbox_exe;        /* our own binary, the sandbox trampoline; NULL: none */
	int64_t     call_timeout_ms;    /* upper bound for one HTTP exchange */
	/* {"secret": NAME} values (the vault); passed through untouched by the router. */
	const struct secret_source *secrets;
};

static inline int
transport_send(struct transport *t, const char *json, size_t len)
{
	return t->ops->send(t, json, len);
}

static inline void
transport_close(struct transport *t)
{
	t->ops->close(t);
}

#endif
