/*
 * Every cap gatehouse enforces has a name here, so that a reader can see in one
 * place how much an unauthenticated (or authenticated) peer can make us hold.
 * Nothing is ever sized by a number an attacker sent.
 */
#ifndef GH_LIMITS_H
#define GH_LIMITS_H

/* Configuration file. */
#define LIMIT_CONFIG_BYTES          (1024 * 1024)   /* size of gatehouse.json */
#define LIMIT_CONFIG_LISTEN         16              /* entries in "listen" */
#define LIMIT_CONFIG_LIST_ITEMS     256             /* publicHosts, allowedOrigins, trustedProxies */
#define LIMIT_CONFIG_SERVERS        128             /* entries in "mcpServers" */
#define LIMIT_CONFIG_ARGS           256             /* argv entries of one server */
#define LIMIT_CONFIG_ERRORS         64              /* errors reported by one check-config */
#define LIMIT_CONFIG_STRING         4096            /* any one string value */
#define LIMIT_PATH                  4096            /* any file path we build */

/* HTTP front, before authentication. */
#define LIMIT_HTTP_CONN_MEMORY      (16 * 1024)     /* per-connection pool: bounds header + URL size */
#define LIMIT_HTTP_CONNECTIONS      4096            /* total connections across all listeners */
#define LIMIT_HTTP_HOST_BYTES       256             /* Host header value we are willing to judge */
#define LIMIT_HTTP_ORIGIN_BYTES     512             /* Origin header value */
#define LIMIT_XFF_BYTES             2048            /* all X-Forwarded-For headers joined */
#define LIMIT_XFF_HOPS              32              /* addresses in X-Forwarded-For */
#define LIMIT_TRACKED_ADDRESSES     16384           /* peers tracked for auth failures / connections */
#define LIMIT_SWEEP_INTERVAL_MS     250             /* how often slow clients are looked for */

/* HTTP front, after authentication. */
#define LIMIT_BODY_BYTES_MAX        (64 * 1024 * 1024) /* ceiling for limits.maxBodyBytes */

/* Downstream stdio servers. */
#define LIMIT_CHILD_LINE            (8 * 1024 * 1024) /* one JSON-RPC line on a server's stdout */
#define LIMIT_CHILD_STDERR_LINE     4096            /* one logged stderr line */
#define LIMIT_CHILD_PENDING_WRITE   (64 * 1024 * 1024) /* bytes queued to a server's stdin */

/* MCP routing. */
#define LIMIT_PENDING_PER_INSTANCE  4096            /* requests in flight at one server instance */
#define LIMIT_CALLS_PER_SESSION     1024            /* client requests in flight in one session */
#define LIMIT_RELAYED_REQUESTS      4096            /* server-to-client requests awaiting answers, in all */
#define LIMIT_RELAYED_PER_TOKEN     256             /* ... of them waiting on the sessions of one token */
#define LIMIT_SUBSCRIPTIONS         1024            /* resources one session is subscribed to */
#define LIMIT_CANCEL_REASON         256             /* bytes of a client's cancellation reason passed on */
#define LIMIT_TOOL_NAME             128             /* characters of a tool or prompt name, exposed or not */
#define LIMIT_LIST_ITEMS            10000           /* tools (prompts, resources) cached per server */
#define LIMIT_SSE_HEARTBEAT_MS      15000           /* ": ping" on idle SSE streams, to notice dead clients */
#define LIMIT_SSE_QUEUE             (32 * 1024 * 1024) /* bytes queued for one slow SSE reader */
#define LIMIT_STDIO_LINE            LIMIT_BODY_BYTES_MAX /* one message from a `gatehouse stdio` client */
#define LIMIT_RECORDS_QUEUED        100000          /* call records waiting to be written */

/* Tokens. */
#define LIMIT_TOKENS                4096            /* live client tokens */
#define LIMIT_TOKEN_NAME            64              /* characters in a token name */
#define LIMIT_TOKEN_GLOBS           64              /* --tools globs on one token */
#define LIMIT_TOKEN_RELOAD_MS       250             /* how often a running gateway looks for CLI changes */

/* Logging: lines a flood of bad clients may cause, per second, after a burst. */
#define LIMIT_LOG_CLIENT_BURST      50
#define LIMIT_LOG_CLIENT_PER_SEC    10
#define LIMIT_LOG_VALUE             512             /* bytes of one logged value before truncation */
#define LIMIT_LOG_LINE              4096

#endif
