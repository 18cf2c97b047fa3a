/* `gatehouse tools scan FILE|- [--format text|json]`: run the poisoning scan
 * (src/guard/scan.h) over tool lists captured from servers, offline. Exit 0 when
 * nothing would be held, 1 when something would, 2 on bad input. */
#ifndef GH_CLI_TOOLS_SCAN_H
#define GH_CLI_TOOLS_SCAN_H

#include "cli.h"

int cmd_tools_scan(struct cli_ctx *ctx);

#endif
