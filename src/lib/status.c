/* status.c - names of status codes. */
#include "triage/status.h"

/* Short stable name of a status. */
const char *
triage_status_name(triage_status st)
{
	switch (st) {
	case TRIAGE_OK: return "ok";
	case TRIAGE_WARN: return "warn";
	case TRIAGE_CORRUPT: return "corrupt";
	case TRIAGE_LIMIT: return "limit";
	case TRIAGE_ENCRYPTED: return "encrypted";
	case TRIAGE_ERR_IO: return "io-error";
	case TRIAGE_ERR_CONFIG: return "config-error";
	case TRIAGE_ERR_NOMEM: return "out-of-memory";
	case TRIAGE_ERR_INTERNAL: return "internal-error";
	}
	return "unknown";
}
