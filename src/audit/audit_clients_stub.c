/* Temporary: stands in for audit_clients.c until it lands (the Makefile drops this
 * file when src/audit/audit_clients.c exists). */
#include "audit.h"

void
audit_clients(const struct audit_opts *o, struct report *r)
{
	(void)o;
	audit_note(r, "the clients checks are not in this build yet");
}
