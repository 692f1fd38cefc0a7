/* quarantine.h - a copy of the message in the quarantine store (qstore.h). */
#ifndef TM_QUARANTINE_H
#define TM_QUARANTINE_H

#include <stdbool.h>
#include <stddef.h>

#include "triage/qstore.h"
#include "msg.h"
#include "policy.h"

#define TM_QUARANTINE_ID_LEN 32

/*
 * Write the message as received (headers + CRLF + body) and its metadata
 * through libtriage's store writer, so triage-quarantine reads exactly what
 * is written.  `id` is used when set (strip names it in the message before
 * storing), else receives a new random id.  `action` is the metadata's
 * "action" ("quarantine", "strip"); `stripped` the names of the removed
 * attachments (NULL when none).
 */
bool tm_quarantine_store(triage_qstore *qs, const tm_conn *c, tm_msg *m,
			 const tm_verdict *v, const char *action,
			 const char *reason, const char *const *stripped,
			 size_t nstripped, char id[TM_QUARANTINE_ID_LEN + 1],
			 char *err, size_t errlen);

#endif
