/* Internal structures of the router, shared by router.c, instance.c and aggregate.c. */
#ifndef GH_ROUTER_INT_H
#define GH_ROUTER_INT_H

#include "router.h"
#include "transport.h"

/* What the gateway tells a client about itself (initialize, server/discover). */
#define GATEWAY_INSTRUCTIONS "Tools, prompts and resources of several MCP servers, behind one authenticated gateway. Names are PREFIX__name."

#define SESSION_ID_BYTES 24             /* 32 characters of base64url */
#define SESSION_ID_LEN   32

enum inst_state {
	INST_STARTING,      /* spawned or connecting, initialize sent */
	INST_LISTING,       /* initialized, fetching its lists */
	INST_READY,
	INST_FAILED,        /* unusable: waiting for a restart, or given up */
	INST_CLOSING
};

enum pending_kind {
	PENDING_CALL,       /* a client request forwarded as is */
	PENDING_DISCOVER,   /* our server/discover probe (2026-07-28) */
	PENDING_LISTEN,     /* our subscriptions/listen (2026-07-28): its answer ends it */
	PENDING_INIT,       /* our initialize */
	PENDING_LIST,       /* one page of one of our list fetches */
	PENDING_IGNORE      /* fire and forget (logging/setLevel fan-out) */
};

enum server_era { SERVER_ERA_UNKNOWN, SERVER_ERA_LEGACY, SERVER_ERA_MODERN };

enum list_kind { LIST_TOOLS, LIST_PROMPTS, LIST_RESOURCES, LIST_TEMPLATES, LIST_KINDS };

struct call;
struct instance;

/*
 * What an instance reports to its owner, the router: a table, so that
 * instance.c needs nothing else of router.c (and a test could own instances).
 * None of these is called from inside a transport's send().
 */
struct instance_events {
	void (*settled)(struct instance *inst);                      /* ready, or given up for now */
	void (*listed)(struct instance *inst, enum list_kind kind); /* one of its lists is complete */
	void (*list_changed)(struct instance *inst, enum list_kind kind);
	void (*message)(struct instance *inst, json_t *msg);        /* a request or notification for clients */
	void (*answered)(struct call *c, json_t *msg);               /* the server answered a forwarded call */
	void (*call_lost)(struct call *c, const char *text);         /* ... and never will: `text` says why */
	void (*gone)(struct instance *inst);                         /* the server was lost */
	void (*instructions)(struct instance *inst, const char *text); /* its initialize result had instructions */
	void (*freed)(struct router *r);                             /* the instance's memory is released */
};

/* A request we sent to an instance and whose answer we wait for. */
struct pending {
	struct pending   *next;
	int64_t           id;
	enum pending_kind kind;
	struct call      *call;         /* PENDING_CALL */
	enum list_kind    list;         /* PENDING_LIST */
};

/* A server-to-client request relayed to a client, awaiting its answer. */
struct relayed {
	struct relayed  *next;
	char             gw_id[32];     /* the id the client sees */
	json_t          *down_id;       /* the id the server used; NULL for an input request */
	struct call     *call;          /* an input request of this call's input_required result */
	char            *input_key;     /* ... under this key of its inputRequests */
	struct instance *inst;
	struct session  *session;
	int64_t          started_ms;    /* expires after limits.callTimeoutMs */
};

/*
 * The sessions of one token, for servers with "isolation": "token": they share
 * one instance of each such server; tokens never do. It goes when its last
 * session ends, and its instances with it.
 */
struct token_group {
	struct token_group *next;
	uint8_t             hash[TOKEN_HASH_BYTES];
	size_t              nsessions;
	struct instance   **inst;           /* per configured server; NULL unless token-isolated */
	json_t             *client_caps;    /* of the session that made the group: what its instances mirror */
	json_t             *client_info;
	char               *version;
};

struct instance {
	struct instance            *next_in_router;    /* shared instances only */
	struct router              *r;
	const struct instance_events *events;
	struct session             *session;           /* NULL when shared or per token */
	struct token_group         *group;             /* per token: its group; NULL otherwise */
	size_t                      index;             /* into cfg->servers */
	char                       *key;
	char                       *prefix;
	struct transport           *t;
	enum inst_state             state;
	char                       *fail_reason;
	int64_t                     next_id;
	struct pending             *pending;
	size_t                      npending;
	json_t                     *caps;              /* server capabilities */
	json_t                     *lists[LIST_KINDS]; /* cached, names unprefixed */
	json_t                     *visible[LIST_KINDS]; /* what clients may see (the guard's verdict) */
	json_t                     *fetching[LIST_KINDS]; /* pages so far of a refresh */
	unsigned                    list_pages[LIST_KINDS];
	unsigned                    lists_outstanding;
	uv_timer_t                  timer;             /* init deadline and restart backoff */
	unsigned                    restarts;
	bool                        started_once;      /* reached READY or FAILED once */
	bool                        was_ready;         /* reached READY once: a failure now is a restart */
	int64_t                     ready_since_ms;    /* when it last became ready, 0 when not ready */
	unsigned                    starts;            /* times started (restarts included) */
	unsigned                    open_transports;   /* opened and not yet on_closed */
	bool                        free_when_closed;
	/*
	 * The server's era: modern (2026-07-28, no initialize; every request carries
	 * _meta, notifications come through subscriptions/listen) once its
	 * server/discover answered; else legacy. probe_id is the discover request
	 * while its answer is awaited (0 otherwise).
	 */
	bool                        modern;
	int64_t                     probe_id;
	int64_t                     listen_since_ms;   /* our subscriptions/listen is open since */
	int64_t                     listen_id;         /* its request id; 0: none open */
	json_t                     *resource_subs;     /* URIs clients subscribed to (a set), for its filter */
	int64_t                     list_expires_ms[LIST_KINDS]; /* ttlMs of a modern server's list; 0: none */
	bool                        stale_refresh[LIST_KINDS];   /* the fetch under way is for an expired list */
	json_t                     *client_caps;       /* what we told the server of the client */
	json_t                     *client_info;
};

/* A client request in flight at one instance. */
struct call {
	struct call       *next_in_session;
	struct session    *session;
	struct instance   *inst;
	struct mcp_stream *stream;
	json_t            *client_id;
	char              *method;
	char              *target;          /* tool / prompt / uri, for records */
	char              *args_shape;      /* {"name": "type", ...} of the arguments, for records */
	json_t            *client_progress; /* the client's progressToken, or NULL */
	/*
	 * A modern server's input_required result, bridged for a 2025 client: its
	 * input requests go to the client as server-to-client requests; with all
	 * answers in, the request (params as forwarded) goes again with
	 * inputResponses and the server's requestState.
	 */
	json_t            *params;          /* as forwarded, for the retry */
	json_t            *inputs;          /* answers so far, by input key */
	json_t            *request_state;
	unsigned           inputs_waiting;
	unsigned           input_rounds;
	char               progress[32];    /* the token the server sees */
	int64_t            down_id;
	int64_t            started_ms;
	uv_timer_t         timer;
	bool               timer_open;      /* the timeout runs (the call is with its server) */
	bool               progressed;      /* its timeout was restarted by progress */
};

/* A client request that waits for the session's instances to settle. */
struct deferred {
	struct deferred   *next;
	json_t            *msg;
	struct mcp_stream *stream;
	int64_t            deadline_ms;     /* a list: answered with the ready servers then; a call
	                                     * waiting for a restart: answered (with an error) then; 0: none */
	int                list_kind;       /* -1: not a list */
	bool               restart;         /* waits for its server's restart */
};

struct session {
	struct session    *next;
	struct router     *r;
	char               id[SESSION_ID_LEN + 1];
	uint8_t            token_hash[TOKEN_HASH_BYTES];
	char               token_name[LIMIT_TOKEN_NAME + 1];
	char              *version;
	json_t            *client_caps;
	json_t            *client_info;
	struct instance  **inst;            /* per server; shared ones point at the router's */
	size_t             ninst;
	json_t            *tool_globs;      /* the token's --tools globs, NULL for all */
	json_t            *subscriptions;   /* resource URIs subscribed to: {uri: true} */
	struct mcp_stream *standalone;
	struct call       *calls;
	size_t             ncalls;
	struct deferred   *deferred;
	size_t             ndeferred;
	bool               partial[LIST_KINDS]; /* a list answered while servers were starting: list_changed follows */
	struct token_group *group;          /* the token's group, once initialized */
	int64_t            last_active_ms;
	bool               initialized;
	bool               ending;
	bool               modern;          /* the token's hidden session for 2026-07-28 clients (modern.h) */
	unsigned           closing_instances;
};

/* What the router counts per configured server, for status and metrics. */
struct server_counts {
	uint64_t calls;                 /* calls answered (any outcome) */
	uint64_t errors;                /* outcomes other than ok and tool_error */
	uint64_t timeouts;
	uint64_t total_ms;              /* sum of call durations */
	uint64_t buckets[8];            /* durations <= 10, 50, 100, 500, 1000, 5000, 30000 ms, more */
};

struct router {
	uv_loop_t           *loop;
	const struct config *cfg;           /* limits and the rest; servers are in srv */
	/*
	 * Every server the router has known, by index: the configured ones, and
	 * after a reload those added or changed, appended (LIMIT_SERVER_SLOTS in
	 * all). A removed or changed server's slot is retired: no new instance,
	 * absent from every list; its definition stays valid (the caller keeps
	 * every configuration it gave the router until router_free).
	 */
	const struct server_config **srv;
	bool                *retired;
	/* Per slot: what its server/discover probe found, so that restarts and
	 * further instances of a legacy server skip the probe (SERVER_ERA_*). */
	unsigned char       *era;
	size_t               nsrv;
	char                *config_dir;
	struct store        *store;
	struct session      *sessions;
	size_t               nsessions;
	struct instance    **shared;        /* per server index; NULL when not shared */
	/*
	 * The exposed keys each server last listed, per kind: known[server *
	 * LIST_KINDS + kind] is a JSON object used as a set, or NULL before the server
	 * first listed. A collision is decided on these, so it holds while one of
	 * the colliding servers is down or restarting, in every session.
	 */
	json_t             **known;
	struct relayed      *relayed;
	uint64_t             next_gw_id;
	uv_timer_t           idle_timer;
	uv_timer_t           list_timer;    /* lists waiting for servers still starting (LIMIT_LIST_WAIT_MS) */
	/* Replies held until the records before them are on disk (group commit). */
	uv_timer_t           commit_timer;
	struct held_reply   *held, **held_tail;
	int                  closing;       /* handles router_free still waits for */
	bool                 shutting_down;
	void               (*shutdown_done)(void *);
	void                *shutdown_arg;
	unsigned             live_instances;
	router_transport_open_fn open_transport;
	struct guard        *guard;
	const struct secret_source *secrets;     /* handed to transports, never called here */
	const struct redactor *redactor;
	struct server_counts *counts;       /* per configured server */
	struct token_group   *groups;
	int64_t              started_ms;
};

/* The call timeout of an instance's server: its "timeout", else limits.callTimeoutMs. */
static inline int64_t
instance_timeout_ms(const struct instance *inst)
{
	return CONFIG_SERVER_TIMEOUT_MS(inst->r->cfg, inst->r->srv[inst->index]);
}

/* router.c */
bool   session_tool_allowed(const struct session *s, const char *exposed);

/* instance.c */
struct instance *instance_new(struct router *r, const struct instance_events *events,
           struct session *s, struct token_group *g, size_t index);
int    instance_send_request(struct instance *inst, const char *method, json_t *params,
           enum pending_kind kind, struct call *call, enum list_kind list, int64_t *id);
int    instance_send_notification(struct instance *inst, const char *method, json_t *params);
int    instance_send_raw(struct instance *inst, json_t *msg);
void   instance_forget_call(struct instance *inst, struct call *c);
void   instance_close(struct instance *inst);
bool   instance_settled(const struct instance *inst);
/* Down after having been ready, and being restarted (not given up on): worth waiting for. */
bool   instance_restarting(const struct instance *inst);
bool   instance_has_cap(const struct instance *inst, const char *cap);
/* A client is given this list: fetch it again if its ttlMs ran out (2026-07-28). */
void   instance_list_used(struct instance *inst, enum list_kind kind);
/* resources/subscribe or unsubscribe for a modern server: its subscriptions/listen filter. */
int    instance_resource_subscription(struct instance *inst, const char *uri, bool on);

/* aggregate.c */
json_t *aggregate_list(struct session *s, enum list_kind kind);
struct instance *aggregate_route_name(struct session *s, enum list_kind kind, const char *exposed,
           const char **original, int *code, char *err, size_t errcap);
struct instance *aggregate_route_uri(struct session *s, const char *uri, char *err, size_t errcap);
/* The name clients see: PREFIX__name. -1 when it does not fit `cap` or LIMIT_TOOL_NAME. */
int     aggregate_expose_name(const struct instance *inst, const char *name, char *out, size_t cap);
/* Is a server's tool (or prompt) name one we pass on? Else *why says what is wrong. */
bool    aggregate_name_valid(enum list_kind kind, const char *name, const char **why);
/* What clients may see of an instance's list: the guard's verdict for tools and prompts. */
json_t *aggregate_items(const struct instance *inst, enum list_kind kind);
/* The set ({key: true}) of exposed keys of a list of `inst`, as router->known holds them. */
json_t *aggregate_keys(const struct instance *inst, enum list_kind kind, json_t *list);
/* The same for a server of the configuration, without an instance. */
json_t *aggregate_keys_of(const struct server_config *srv, enum list_kind kind, json_t *list);

#endif
