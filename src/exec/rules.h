/*
 * The argument rules of an exec command (config.h, struct exec_command): the
 * tool a model sees, generated from them, and the one check that turns a
 * model's arguments into an argv. Pure: JSON in, argv or one sentence out.
 *
 * Each value becomes exactly one argument, passed to execve as it is: nothing
 * is split, quoted, expanded or interpreted. What a rule does not allow is
 * refused before anything runs: an unknown parameter, a value outside an
 * enumeration, a value the pattern (POSIX extended regular expression) does not
 * match from its first byte to its last, a pattern value starting with '-' (an
 * option the command did not declare), a NUL byte, a value longer than
 * maxArgBytes, more values than maxCount.
 */
#ifndef GH_EXEC_RULES_H
#define GH_EXEC_RULES_H

#include <jansson.h>
#include <regex.h>
#include <stddef.h>

#include "../config/config.h"

struct exec_rules {
	const struct exec_command *cmd;     /* borrowed */
	regex_t  *re;                       /* one per param; compiled for EXEC_PATTERN */
	bool     *compiled;
};

/* Compile the command's patterns. 0, or -1 with one sentence in err. */
int     exec_rules_compile(const struct exec_command *cmd, struct exec_rules *out, char *err, size_t errcap);
void    exec_rules_free(struct exec_rules *r);

/* The tool object for tools/list: name (the command's), description, inputSchema
 * generated from the rules, outputSchema of the result. */
json_t *exec_rules_tool(const struct exec_command *cmd);

/*
 * The argv for `arguments` (a JSON object, or NULL for none): {path, args...,
 * NULL}, each string malloc'd (strv_free). NULL with one sentence in err
 * naming the parameter and what is wrong; err never holds more than a short,
 * printable excerpt of a value.
 */
char  **exec_rules_argv(const struct exec_rules *r, json_t *arguments, char *err, size_t errcap);

#endif
