/*
 * Inside the poisoning scan: the rule indices shared by the text engine
 * (scan_text.c: the pattern table, Vectorscan, hidden Unicode, encoded runs) and
 * the item walk (scan.c: JSON pointers, findings, names, combinations).
 */
#ifndef GH_GUARD_SCAN_INT_H
#define GH_GUARD_SCAN_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "scan.h"

/* One value per row of the public rule table, in table order. */
enum rule {
	R_PSEUDO_TAG,           /* GH-TP-001 */
	R_OVERRIDE,             /* GH-TP-002 */
	R_EMPHASIS,             /* GH-TP-003 */
	R_ADDRESS_MODEL,        /* GH-TP-004 */
	R_CONSENT,              /* GH-TP-005 */
	R_INSIST,               /* GH-TP-006 */
	R_DECEIVE,              /* GH-TP-007 */
	R_REDIRECT,             /* GH-TP-008 */
	R_DISPARAGE,            /* GH-TP-009 */
	R_SECRECY,              /* GH-TP-010 */
	R_SILENT,               /* GH-TP-011 */
	R_FALSIFY,              /* GH-TP-012 */
	R_DISCRIMINATE,         /* GH-TP-013 */
	R_PREREQ,               /* GH-TP-020 */
	R_FAKE_FAILURE,         /* GH-TP-021 */
	R_ALWAYS_CALL,          /* GH-TP-022 */
	R_WIPE,                 /* GH-TP-023 */
	R_DESTRUCTIVE,          /* GH-TP-024 */
	R_CROSS_TOOL,           /* GH-TP-026 */
	R_FLOOD,                /* GH-TP-027 */
	R_PRIVILEGE,            /* GH-TP-028 */
	R_EXPOSE,               /* GH-TP-029 */
	R_MONEY,                /* GH-TP-025 */
	R_SENSITIVE,            /* GH-TP-030 */
	R_SENSITIVE_WEAK,       /* GH-TP-031 */
	R_HANDOVER,             /* GH-TP-032 */
	R_SUPPLY,               /* GH-TP-033 */
	R_SPEND,                /* GH-TP-034 */
	R_DEFAULT,              /* GH-TP-035 */
	R_OWN_API,              /* GH-TP-039 */
	R_EXFIL,                /* GH-TP-040 */
	R_SEND_OUT,             /* GH-TP-041 */
	R_SMUGGLE,              /* GH-TP-042 */
	R_CONVERSATION,         /* GH-TP-043 */
	R_READ_SEND,            /* GH-TP-044 */
	R_ARG_HIJACK,           /* GH-TP-045 */
	R_WHEN_CALLING,         /* GH-TP-046 */
	R_PASS_CONTENT,         /* GH-TP-047 */
	R_SECRET_MOVE,          /* GH-TP-048 */
	R_PERSONAL,             /* GH-TP-049 */
	R_SHADOW,               /* GH-TP-050 */
	R_SHADOW_MENTION,       /* GH-TP-051 */
	R_FOREIGN_CALL,         /* GH-TP-052 */
	R_FOREIGN_NAME,         /* GH-TP-053 */
	R_TAG_CHARS,            /* GH-TP-060 */
	R_ZERO_WIDTH,           /* GH-TP-061 */
	R_BIDI,                 /* GH-TP-062 */
	R_VARSEL,               /* GH-TP-063 */
	R_ANSI,                 /* GH-TP-064 */
	R_HOMOGLYPH,            /* GH-TP-066 */
	R_COMMENT,              /* GH-TP-067 */
	R_CONTROL,              /* GH-TP-065 */
	R_BASE64,               /* GH-TP-070 */
	R_HEX,                  /* GH-TP-071 */
	R_PERCENT,              /* GH-TP-073 */
	R_ENCODED_ORDER,        /* GH-TP-072 */
	R_PARAM_NAME,           /* GH-TP-080 */
	R_CONTEXT_PARAM,        /* GH-TP-081 */
	R_SEVERAL,              /* GH-TP-090 */
	R_SCORED,               /* GH-TP-091 */
	R_TOO_LARGE,            /* GH-TP-099 */
	R__COUNT,
	/* Signals: patterns that are no finding on their own. */
	S_DIRECTIVE = R__COUNT, /* "always", "must", "before", "instead", ... */
	S_NETCMD,               /* curl or wget to a URL: GH-TP-040, or GH-TP-039 to the server's own domain */
	S_UNMASKED,             /* "do not mask the values": GH-TP-048, its own "do not" is the order */
	S_JOIN,                 /* an unbounded CROSS JOIN: GH-TP-027, unless advised against */
	R__TOTAL
};

struct scan_rule {
	const char        *id;
	enum scan_severity severity;
	const char        *title;
};

extern const struct scan_rule scan_rules[R__COUNT];

/* Where each pattern rule (and signal) first matched in one text: the end offset. */
struct scan_hits {
	bool   hit[R__TOTAL];
	size_t end[R__TOTAL];
};

/* Run the pattern table over text[0, len); -1 when the engine fails. */
/* What text[a..a+n) names: another tool (SCAN_WORD_TOOL), the item itself or one
 * of its parameters (SCAN_WORD_SELF), or neither (0). */
enum { SCAN_WORD_TOOL = 1, SCAN_WORD_SELF = 2 };
typedef int (*scan_is_tool_fn)(void *arg, const char *text, size_t len, size_t a, size_t n, bool quoted);
/* The first sentence of t that sets a rule for how another tool is used
 * (scan_xtool.c): true, with its bounds in *a and *b. The sentences (up to that
 * one) that order a call of another tool: where each begins, the first
 * SCAN_DIRECTS of them in at[], their count in *nat. */
#define SCAN_DIRECTS 8
bool scan_cross_tool(const char *t, size_t len, scan_is_tool_fn is_tool, void *arg, size_t *a, size_t *b,
         size_t *at, size_t *nat);

/* `server`: the server's name, for what names its own domain (GH-TP-039); may be NULL. */
int  scan_patterns(const char *text, size_t len, const char *server, struct scan_hits *h);

/* Is s[0, n) one of the words of list (ASCII case ignored)? */
bool scan_word_in(const char *s, size_t n, const char *const *list);
/* A parameter's name as the rules compare it: without '_', '-', '.' or spaces, in
 * ASCII lower case ("side_note", "sideNote" and "side.note" are all "sidenote").
 * False when it is empty or does not fit in cap bytes with its NUL. */
#define SCAN_FLAT_CAP 64
bool scan_flat_name(const char *key, char *out, size_t cap);
/* Imperatives that order a call ("use", "call", "usa", "appelez", "вызовите"), and
 * the German verbs that take "Sie" before the tool ("rufen Sie X auf"). */
extern const char *const scan_call_imperatives[];
extern const char *const scan_call_verbs_sie[];
/* Does t[a, b) hold one of these byte strings (CJK and other scripts: as bytes)? */
bool scan_has_any(const char *t, size_t a, size_t b, const char *const *list);

/* The hidden-character classes of one string, with the first offending offset. */
struct scan_hidden {
	size_t count[R__COUNT];         /* used for R_TAG_CHARS .. R_CONTROL */
	size_t first[R__COUNT];         /* byte offset in the original string */
	size_t ntags;                   /* bytes of tags[] */
};

/*
 * Walk the UTF-8 of s[0, len): count hidden characters per class and write the
 * text a model reads, normalised for the patterns, into norm (room for len + 1
 * bytes): invisible characters dropped, exotic spaces and quotes made ASCII,
 * fullwidth letters folded, markdown '*' dropped, invalid bytes as '?'. Unicode
 * tag characters that spell ASCII go to tags[LIMIT_SCAN_HIDDEN]. Returns the
 * length of norm.
 */
size_t scan_unicode(const char *s, size_t len, char *norm, char *tags, struct scan_hidden *hd);

/*
 * Encoded runs of text[0, len): base64 or hex at least LIMIT_SCAN_ENCODED_MIN
 * long that decode to readable text. For each (at most LIMIT_SCAN_RUNS) the
 * callback gets the rule (R_BASE64 or R_HEX), the run's offset and the decoded
 * text; it returns 0 to go on.
 */
typedef int (*scan_run_fn)(void *arg, enum rule r, size_t off, const char *dec, size_t declen);
int  scan_encoded(const char *text, size_t len, scan_run_fn fn, void *arg);
/* The same for percent-encoded text ("q=For%20every%20query%2C%20call..."): a
 * run with at least three escapes, two of them spaces, decoded. */
int  scan_percent(const char *text, size_t len, scan_run_fn fn, void *arg);
/* Words of prose in d[0, n) when it is not mostly ASCII: tokens between spaces
 * with a letter in them, and a word for every three characters of a script
 * written without spaces. 0 for text of mostly ASCII letters. */
size_t scan_prose_words(const char *d, size_t n);

/*
 * Text spelled out letter by letter ("d r o p   e v e r y   t a b l e"): the
 * longest such run of text[0, len), at least 20 letters in at least three
 * words of three or more, written joined into out[cap] (words a space apart).
 * Returns its length, or 0 when there is none.
 */
size_t scan_spaced(const char *text, size_t len, char *out, size_t cap);
/* An identifier of five words or more written out with spaces into out, or 0. */
size_t scan_worded(const char *s, size_t len, char *out, size_t cap);

/*
 * A default of a tool's parameter that does the harm by itself (GH-TP-035,
 * scan_defaults.c): `key` is the parameter's name, `schema` its schema (its
 * `default`, and its `enum` beside it), `removes` whether the tool removes
 * things (globs and ids of what it removes are read as its targets). Returns
 * the length of a short account written to why[cap] ("skipBackup: true"), or 0
 * when the default is harmless.
 */
size_t scan_unsafe_default(const char *key, const json_t *schema, bool removes, char *why, size_t cap);

/* Write s[0, len) escaped into out[cap]: printable ASCII as is, '\\' doubled,
 * \n \r \t, other characters as \uXXXX (pairs above U+FFFF), invalid bytes as
 * \uFFFD; cut with "..." when it does not fit. */
void scan_escape(char *out, size_t cap, const char *prefix, const char *s, size_t len);

#endif
