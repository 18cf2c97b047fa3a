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
#define LIMIT_SERVER_SLOTS          (2 * LIMIT_CONFIG_SERVERS) /* servers a running gateway has known, reloads included */
#define LIMIT_CONFIG_ARGS           256             /* argv entries of one server */
#define LIMIT_CONFIG_ERRORS         64              /* errors reported by one check-config */
#define LIMIT_CONFIG_STRING         4096            /* any one string value */
#define LIMIT_CONFIG_EXPANDED       (64 * 1024)     /* one string after ${VAR} expansion */
#define LIMIT_CONFIG_VAR_NAME       128             /* the VAR of ${VAR} */
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
#define LIMIT_LIST_TTL_FLOOR_MS     1000            /* a modern server's list is fetched again at most this often (its ttlMs) */
#define LIMIT_LISTEN_RENEW_MS       5000            /* a subscriptions/listen that lasted this long is opened again when it ends */
#define LIMIT_DISCOVER_PROBE_MS     3000            /* a server that has not answered server/discover by then is legacy: initialize follows */
#define LIMIT_CALLS_PER_SESSION     1024            /* client requests in flight in one session */
#define LIMIT_RELAYED_REQUESTS      4096            /* server-to-client requests awaiting answers, in all */
#define LIMIT_RELAYED_PER_TOKEN     256             /* ... of them waiting on the sessions of one token */
#define LIMIT_INPUT_REQUESTS        16              /* input requests in one input_required result (2026-07-28) */
#define LIMIT_INPUT_ROUNDS          8               /* input_required rounds of one call before it fails */
#define LIMIT_SUBSCRIPTIONS         1024            /* resources one session is subscribed to */
#define LIMIT_CANCEL_REASON         256             /* bytes of a client's cancellation reason passed on */
#define LIMIT_TOOL_NAME             128             /* characters of a tool or prompt name, exposed or not */
#define LIMIT_LIST_ITEMS            10000           /* tools (prompts, resources) cached per server */
#define LIMIT_SSE_HEARTBEAT_MS      15000           /* ": ping" on idle SSE streams, to notice dead clients */
#define LIMIT_SSE_QUEUE             (32 * 1024 * 1024) /* bytes queued for one slow SSE reader */
/* Resumable streams (2025-11-25 sessions, src/front/replay.h): what a client may miss and get again. */
#define LIMIT_SSE_REPLAY_EVENTS     256             /* events held for resumption, per stream */
#define LIMIT_SSE_REPLAY_BYTES      (1024 * 1024)   /* bytes of them held, per stream */
#define LIMIT_SSE_RETAINED          256             /* dropped streams kept for resumption, in all */
#define LIMIT_SSE_RETAINED_PER_SESSION 32           /* ... of them for one session */
#define LIMIT_SSE_RESUME_MS         120000          /* a dropped stream not resumed within this is let go */
#define LIMIT_SSE_RETRY_MS          1000            /* the SSE "retry" a client waits before it reconnects */
#define LIMIT_SSE_FINISHED          256             /* ended streams remembered, so a late resumption gets 204 */
#define LIMIT_BATCH_MESSAGES        64              /* messages in one JSON-RPC batch (2025-03-26 sessions) */
#define LIMIT_STDIO_LINE            LIMIT_BODY_BYTES_MAX /* one message from a `gatehouse stdio` client */
#define LIMIT_RECORDS_QUEUED        100000          /* call records waiting to be written */
#define LIMIT_RECORD_SHAPE_KEYS     64              /* argument names kept in one record's shape */

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

/* Downstream stdio servers, continued. */
#define CHILD_TERM_AFTER_MS 2000
#define CHILD_KILL_AFTER_MS 2000

/* The sandbox of a stdio server (src/exec/sandbox.h). */
#define LIMIT_SANDBOX_RULES          1024   /* path rules: system, own files, read, write */
#define LIMIT_SANDBOX_PACKAGE_DEPTH  8      /* directories walked up to find a package root */
/* Resource limits of a sandboxed server: defaults, and the range a config may set
 * ("sandbox": {"limits": {...}}). Processes count threads (Node runs ~11). */
#define SANDBOX_NPROC_DEFAULT        512
#define SANDBOX_NPROC_MAX            (1 << 22)
#define SANDBOX_NOFILE_DEFAULT       4096
#define SANDBOX_NOFILE_MIN           16
#define SANDBOX_NOFILE_MAX           (1 << 20)
#define SANDBOX_FSIZE_DEFAULT        (1LL << 30)     /* bytes per file written */
#define SANDBOX_FSIZE_MAX            (1LL << 50)
#define SANDBOX_DATA_DEFAULT         (2LL << 30)     /* bytes of memory (RLIMIT_DATA) of each process */
#define SANDBOX_DATA_MIN             (32LL << 20)
#define SANDBOX_DATA_MAX             (1LL << 50)
#define SANDBOX_CPU_DEFAULT          3600            /* CPU seconds of each process; then SIGKILL */
#define SANDBOX_CPU_MAX              (1LL << 32)
/* What the sandbox tells the gateway of denied attempts (one line each, on a pipe of its own). */
#define SANDBOX_EVENTS_FD            3      /* the pipe's fd in the trampoline */
#define SANDBOX_EVENTS_FD_MAX        255
#define SANDBOX_EVENT_LINE           400    /* bytes of one event line */
#define SANDBOX_EVENT_VALUE          200    /* bytes of one value (a path: its end) */
#define SANDBOX_EVENTS_BURST         20     /* lines at once; then ... */
#define SANDBOX_EVENTS_PER_SEC       5      /* ... this many a second, the rest counted as suppressed */
#define SANDBOX_PROCESSES_TELL_MS    10000  /* a sandbox near its process limit is told at most this often */
#define SANDBOX_WATCH_MAP_BYTES      (1u << 20)  /* data mappings this large are checked against RLIMIT_DATA */

/* Exec commands ("exec", src/exec/exec.h): defaults and the range a config may set. */
#define LIMIT_EXEC_COMMANDS          128    /* entries in "exec" */
#define LIMIT_EXEC_PARAMS            64     /* argument rules of one command */
#define LIMIT_EXEC_ENUM              256    /* values of one enumeration */
#define LIMIT_EXEC_ARGS              1024   /* arguments of one run, fixed ones included */
#define LIMIT_EXEC_RUNNING           64     /* runs at once of one token (one instance of "exec") */
#define LIMIT_EXEC_RUNNING_ALL       256    /* runs at once in the whole gateway */
#define EXEC_TIMEOUT_MS_DEFAULT      30000
#define EXEC_TIMEOUT_MS_MAX          3600000
#define EXEC_OUTPUT_DEFAULT          (256 * 1024)    /* bytes kept of stdout, and of stderr */
#define EXEC_OUTPUT_MAX              (1024 * 1024)   /* (the answer must fit LIMIT_CHILD_LINE-sized messages) */
#define EXEC_ARG_BYTES_DEFAULT       4096            /* one argument */
#define EXEC_ARG_BYTES_MAX           (128 * 1024 - 1) /* the kernel's MAX_ARG_STRLEN, NUL excluded */
#define EXEC_CALL_GRACE_MS           5000   /* the router's timeout is the longest command's plus this */
#define EXEC_DRAIN_MS                500    /* after the exit, output still in the pipes is read this long */

/* Instances of servers: restarts and lists. */
#define RESTART_FIRST_MS   500
#define RESTART_MAX_MS     30000
#define LIST_MAX_PAGES     100

/* Remote MCP servers (Streamable HTTP). */
#define LIMIT_REMOTE_MESSAGE        (16 * 1024 * 1024) /* one JSON body or one SSE event */
#define LIMIT_REMOTE_HEADER_BYTES   (64 * 1024)     /* all response headers of one exchange */
#define LIMIT_REMOTE_DISCARD_BYTES  (64 * 1024)     /* body of a 202 or a DELETE answer we ignore */
#define LIMIT_REMOTE_EXCHANGES      512             /* HTTP exchanges in flight per transport */
#define LIMIT_REMOTE_SESSION_ID     256             /* Mcp-Session-Id we accept */
#define LIMIT_REMOTE_VERSION        64              /* protocolVersion we echo back */
#define LIMIT_REMOTE_FAILURES       3               /* failed exchanges in a row before on_lost */
#define REMOTE_CONNECT_TIMEOUT_MS   10000
#define REMOTE_JSON_GRACE_MS        5000            /* on top of callTimeoutMs for a JSON answer */
#define REMOTE_DELETE_TIMEOUT_MS    2000
#define REMOTE_GET_RETRY_MIN_MS     1000
#define REMOTE_GET_RETRY_MAX_MS     30000
#define REMOTE_GET_HEALTHY_MS       30000           /* a GET stream this old resets the backoff */
#define REMOTE_KEEPALIVE_IDLE_S     60L             /* TCP keepalive finds dead peers of quiet streams */
#define REMOTE_KEEPALIVE_INTVL_S    15L

/* Router timers. */
#define IDLE_SWEEP_MS 1000
#define LIMIT_PROGRESS_FACTOR       10              /* progress restarts a call's timeout, up to this many callTimeoutMs in all */
#define LIMIT_RESTART_WAITS         3               /* a call waits for a crashed server's restart while it failed at most this many times since it was ready */
#define LIMIT_STATUS_INSTANCES      4096            /* instances of one server looked at for status */
#define LIMIT_STATUS_BYTES          (4 * 1024 * 1024) /* an answer to `gatehouse status` */
#define LIMIT_STATUS_TIMEOUT_MS     5000            /* `gatehouse status` waits this long for the gateway */
#define LIMIT_CONFIG_SETTLE_MS      300             /* a changed config file is reloaded once quiet this long */
#define LIMIT_LIST_WAIT_MS          2000            /* a list waits this long for servers still starting, then answers with the ready ones */
#define COMMIT_RETRY_MS 100             /* a failed group commit of records is retried after this */

/* HTTP front timers. */
#define PEERS_SWEEP_EVERY_MS 5000

/* SSE parser of remote streams. */
#define SSE_KEEP_BYTES (64 * 1024)

/* gatehouse audit: files and client configs. */
#define FILES_WALK_DEPTH        6                       /* below each transcript root */
#define FILES_STATE_DEPTH       3                       /* below the state directory */
#define FILES_WALK_ENTRIES      10000                   /* directory entries looked at, in all */
#define FILES_READ_TOTAL        ((size_t)256 << 20)     /* bytes read for the secret scan, in all */
#define FILES_READ_ONE          ((size_t)64 << 20)      /* one file; larger ones are not scanned */
#define FILES_SECRET_FINDINGS   100                     /* files reported with secrets inside */
#define CLIENT_CONFIG_MAX_BYTES (16 * 1024 * 1024)
#define CLIENT_JSON_MAX_DEPTH   64              /* nesting walked for stray secrets */
#define CLIENT_JSON_MAX_NODES   1000000         /* values walked in one file */
#define CLIENT_MAX_FINDINGS     200             /* findings from one file */
#define CLIENT_ARG_TOKENS       64              /* words of a `sh -c` script examined */

/* gatehouse audit: listeners and probes. */
#define NETSTAT_MAX_LISTENERS   (1024 * 1024)   /* listening sockets the audit reads (the table grows to this; past it the audit says it is incomplete) */
#define NETSTAT_MAX_LINE        512             /* a longer line is not the kernel's */
#define NETSTAT_MAX_FIELDS      24              /* fields of one line we look at */
#define NETSTAT_MAX_FILE_BYTES  (64 * 1024 * 1024) /* read of one /proc/net/tcp* */
#define NETSTAT_MAX_PIDS        65536           /* /proc/PID directories scanned */
#define NETSTAT_MAX_FDS_PER_PID 65536           /* fd entries of one process scanned */
#define PROBE_MAX_CONNS         256             /* probe connections open at once */
#define PROBE_REQUEST_MAX       2048            /* bytes of one probe request */
#define PROBE_RESPONSE_MAX      (32 * 1024)     /* bytes of an answer we read */
#define PROBE_EVIDENCE_MAX      320             /* what a probe reports it saw */
#define PROBE_TIMEOUT_MS_DEFAULT 800
#define PROBE_TIMEOUT_MS_MAX    10000
/* --deep deadlines (issue 14). A listener's probes all end within its own deadline,
 * counted from its first connection; the run ends within a deadline that grows with
 * the number of listeners probed, up to a maximum. What a deadline cuts short is a
 * GH-NET-006 finding, never silence. */
#define PROBE_LISTENER_DEADLINE_MS 6000         /* one listener: sniff, follow-ups, two-step probes */
#define PROBE_RUN_DEADLINE_BASE_MS 3000         /* the run: this much... */
#define PROBE_RUN_DEADLINE_PER_LISTENER_MS 60   /* ...plus this per probed listener... */
#define PROBE_RUN_DEADLINE_MAX_MS  120000       /* ...and never more than this */
#define AUDIT_EXE_COMPARE_MAX   (256 * 1024 * 1024) /* bytes of a listener's program compared with ours */
#define AUDIT_FIX_BACKUPS_MAX   100             /* FILE.bak-TIME-N tried before --fix gives up */

/* Secret scanning. */
#define SECRETS_SCAN_MAX_BYTES  ((size_t)1 << 30)   /* one secrets_scan() call */
#define SECRETS_EXTEND_MAX      16384               /* bytes a match may grow past its pattern (long JWTs, PEM bodies) */

/* TLS. */
#define LIMIT_HSDB_BYTES            (64 * 1024 * 1024) /* a cached compiled pattern database */
#define LIMIT_TLS_FILE_BYTES        (1024 * 1024)   /* a PEM certificate or key file */

/* Tool-poisoning scan (src/guard/scan.c). What is past a cap is not scanned,
 * so an item that reaches one is held (fail closed), never passed half-read. */
#define LIMIT_SCAN_DEPTH            64              /* JSON nesting walked in one item */
#define LIMIT_SCAN_NODES            50000           /* values and keys walked in one item */
#define LIMIT_SCAN_BYTES            (4 * 1024 * 1024) /* string bytes scanned in one item */
#define LIMIT_SCAN_FINDINGS         64              /* findings kept for one item */
#define LIMIT_SCAN_LONG_STRING      3000            /* a string this long is read in windows for GH-TP-090 */
#define LIMIT_SCAN_NEAR             1000            /* in such a string, warnings this close combine */
#define LIMIT_SCAN_PLACES           64              /* warnings of long strings remembered, with their offsets */
#define LIMIT_SCAN_SPAN_BACK        96              /* bytes of context shown before a match's end */
#define LIMIT_SCAN_SPAN_FORWARD     48              /* bytes a span may run on to the end of a word */
#define LIMIT_SCAN_NEGATION_BACK    240             /* bytes a negated clause is read back (and on) from a match */
#define LIMIT_SCAN_ENCODED_MIN      40              /* a base64 or hex run this long is decoded */
#define LIMIT_SCAN_DECODED          4096            /* bytes decoded from one run (the rest is not) */
#define LIMIT_SCAN_RUNS             16              /* encoded runs decoded in one string */
#define LIMIT_SCAN_ENCODED_PROSE    8               /* words of prose in an encoded run that hold */
#define LIMIT_SCAN_WIDE_LETTERS     16              /* fullwidth Latin letters of a sentence (4 words) that hold */
#define LIMIT_SCAN_HIDDEN           4096            /* bytes of tag-character text decoded in one string */
#define LIMIT_SCAN_NAMES            16384           /* tool names of the surroundings looked for */
#define LIMIT_SCAN_MENTIONS         16              /* other servers' tool names of one string looked at */
#define LIMIT_SCAN_PARAMS           8               /* suspicious parameter names remembered per item */
#define LIMIT_SCAN_SELF_NAMES       256             /* the item's own name and parameter names remembered */
#define LIMIT_SCAN_ACT_NAME         64              /* a longer enum value or name is a sentence, not an action */
#define LIMIT_SCAN_FIRST_SENTENCE   240             /* bytes of a description read as its first sentence */
#define LIMIT_SCAN_DEFAULT_DEPTH    8               /* nesting of an object default read as a preset (GH-TP-035) */
#define LIMIT_SCAN_DEFAULT_ITEMS    64              /* entries of an array default read as globs or paths */
#define LIMIT_SCAN_DEFAULT_COUNT    10000           /* a default count of repetitions this high is a flood */
#define LIMIT_SCAN_DEFAULT_MONTHS   24              /* a default paid term this long (months) is a commitment not chosen */
#define LIMIT_SCAN_INPUT_BYTES      (64 * 1024 * 1024) /* `gatehouse tools scan` input */
#define LIMIT_SCAN_SERVERS          256             /* servers in one `tools scan` input */

/* MCP 2026-07-28 clients (src/mcp/modern.c, src/front/modern.c) */
#define LIMIT_MCP_HEADER_VALUE      8192            /* bytes of one decoded routing header (Mcp-Name, Mcp-Param-*) */
#define LIMIT_MCP_PARAM_HEADERS     32              /* Mcp-Param-* headers in one request */
#define LIMIT_MCP_PARAM_DEPTH       8               /* "properties" steps followed to an x-mcp-header */
#define LIMIT_MCP_LISTENS           16              /* open subscriptions/listen streams per token */
#define LIMIT_LISTEN_URIS           64              /* resourceSubscriptions honoured in one subscriptions/listen */

#endif
