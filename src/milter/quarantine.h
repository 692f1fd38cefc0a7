/* quarantine.h - the quarantine store: <id>.eml + <id>.json per message. */
#ifndef TM_QUARANTINE_H
#define TM_QUARANTINE_H

#include <stdbool.h>
#include <stddef.h>

#include "msg.h"
#include "policy.h"

#define TM_QUARANTINE_ID_LEN 32

/*
 * Write the message as received (headers + CRLF + body) and its metadata to
 * dir, each through ".tmp-<id>..." and rename(2); the .json appears last, so
 * an entry with a .json is complete.  id receives the random hex id.
 */
bool tm_quarantine_store(const char *dir, const tm_conn *c, tm_msg *m,
			 const tm_verdict *v, const char *reason,
			 char id[TM_QUARANTINE_ID_LEN + 1], char *err,
			 size_t errlen);

#endif
