/* edit.h - banner and strip: the body edits of the milter. */
#ifndef TM_EDIT_H
#define TM_EDIT_H

#include <stdbool.h>
#include <libmilter/mfapi.h>

#include "actions.h"

/* Bytes per smfi_replacebody() call (libmilter's MILTER_CHUNK_SIZE). */
#define TM_EDIT_CHUNK 65536
/*
 * Test aid: a smaller chunk from this environment variable (512 up to
 * TM_EDIT_CHUNK), because miltertest reads each reply into a 1 KiB buffer.
 */
#define TM_EDIT_CHUNK_ENV "TRIAGE_MILTER_BODY_CHUNK"

/*
 * Apply v->action BANNER or STRIP at end of message: rewrite the body
 * (triage/rewrite.h), keep a stripped message's original in the store, send
 * the header edits and the new body, and add the tag headers.  What cannot
 * be done safely changes v->action: a banner that cannot be placed (signed
 * or encrypted body, unparsable MIME, message over max_message_size) is a
 * tag; a strip that cannot remove every part it should is a quarantine.
 * The outcome goes into v's log words.  False when changing the message
 * failed (out->error says why): the caller falls back to on_error.
 */
bool tm_edit_apply(SMFICTX *ctx, const tm_conn *c, tm_msg *m, tm_verdict *v,
		   tm_outcome *out);

#endif
