/*
 * What `import` and `connect` share (client_file.c): a client's MCP file read
 * and parsed, the gatehouse entry in that client's dialect, and writing files
 * that belong to the user (a backup first, an atomic rename, the mode kept).
 */
#ifndef GH_CLI_CLIENT_FILE_H
#define GH_CLI_CLIENT_FILE_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "../clients/clients.h"
#include "../limits.h"

struct config;

/* One client file, as read. */
struct client {
	const struct clients_file *known;      /* NULL: a file named on the command line */
	enum clients_layout        layout;
	enum clients_dialect       dialect;
	char                       path[LIMIT_PATH];
	char                      *text;       /* comment-stripped, offsets as in the file */
	size_t                     len;
	mode_t                     mode;
	bool                       exists;
	json_t                    *root;
};

/*
 * Read and parse the client named `arg` (a client id, or a file when it holds a
 * '/' or a '.'). `missing_ok`: an absent file is an empty one (connect). 0, -1
 * (error printed), -2 (unknown client: a usage error).
 */
int     client_load(struct client *c, const char *arg, const char *home, bool missing_ok);
void    client_free(struct client *c);

/* The entry that points a client of dialect `d` at gatehouse; NULL with the
 * error printed. `config_path`: for the stdio command entry, may be NULL. */
json_t *client_gatehouse_entry(const struct config *cfg, enum clients_dialect d, const char *config_path);

/*
 * Point the client at gatehouse: each servers container becomes the entries
 * `kept` holds for it (kept[""] for the file's own, kept[PROJECT] for Claude
 * Code's projects) plus `entry` at the top (projects get no entry); `merge` keeps the
 * container's other servers instead (connect --write). Every other byte stays.
 */
int     client_write(struct client *c, json_t *entry, json_t *kept, bool merge);

/* Write `text` to `path` atomically with `mode`, after a backup PATH.bak-TIME
 * (0600) of `old` when the file `exists`. Prints the backup's name. */
int     client_replace_file(const char *path, bool exists, const char *old, size_t oldlen, const char *text,
            mode_t mode);

#endif
