/*
 * What the files of the config module share while one parse runs: the parser
 * state and the helpers that report errors by JSON path (config.c), used by
 * the parse of "exec" (config_exec.c). Not part of the module's interface.
 */
#ifndef GH_CONFIG_INT_H
#define GH_CONFIG_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"

/* One parse in progress. */
struct parser {
	const struct config_env *env;
	struct config           *cfg;
	struct config_diag      *diag;
	bool                     skip_expansion;     /* a disabled server: its variables need not be set */
};

void cfg_err(struct parser *p, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void cfg_warn(struct parser *p, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "$.a.b" / "$.a[3]" / "$.a[\"odd key\"]" paths for messages. */
void cfg_path_key(char *dst, size_t cap, const char *base, const char *key);
void cfg_path_index(char *dst, size_t cap, const char *base, size_t i);
const char *cfg_json_kind(const json_t *v);
/* Every key of obj not in the NULL-terminated `known` is an error naming the nearest. */
void cfg_check_keys(struct parser *p, const char *path, json_t *obj, const char *const *known, const char *where);
bool cfg_is_string(struct parser *p, const char *path, json_t *v, bool allow_empty);
bool cfg_is_array(struct parser *p, const char *path, json_t *v, size_t max);
/* "~/" is the home, a relative path is relative to the config file; malloc'd, or NULL (error added). */
char *cfg_resolve_path(struct parser *p, const char *path, const char *value);
/* min..max letters, digits, '_', '-', '.', without "__". */
bool cfg_name_ok(const char *s, size_t min, size_t max);
void cfg_parse_sandbox(struct parser *p, const char *sub, json_t *e, struct server_config *s);

/* config_exec.c: "exec" into one server of transport SERVER_EXEC (added to cfg->servers). */
void cfg_parse_exec(struct parser *p, json_t *v);
void cfg_exec_free(struct exec_command *cmds, size_t n);

#endif
