/* gatehouse: a secure-by-default gateway between AI agents and their tools. */
#include "cli/cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
