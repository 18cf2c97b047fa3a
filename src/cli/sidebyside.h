/*
 * Two texts side by side, aligned line by line (`gatehouse tools diff`): lines
 * both have are printed once on each side, lines only the left has are marked
 * '<', lines only the right has '>', and a left line replaced by a right one
 * '|'. Long lines wrap inside their column. Pure: no I/O.
 */
#ifndef GH_CLI_SIDEBYSIDE_H
#define GH_CLI_SIDEBYSIDE_H

#include <stddef.h>

#include "../util/util.h"

/* Texts of more lines than this are compared as one block each. */
#define SBS_MAX_LINES   2000

/*
 * Append the two texts, in columns headed left_title and right_title, to out.
 * width is the whole line (at least 40). Returns the number of lines that
 * differ (0: the texts are equal).
 */
size_t sbs_render(const char *left, const char *right, const char *left_title,
           const char *right_title, int width, struct strbuf *out);

#endif
