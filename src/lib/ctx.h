/* ctx.h - state of one scan, passed to every analyzer. */
#ifndef TRIAGE_CTX_H
#define TRIAGE_CTX_H

#include <stdbool.h>
#include <stdint.h>
#include <magic.h>
#include <glib.h>
#include "triage/config.h"
#include "object_int.h"

typedef struct triage_ctx {
	const triage_config *cfg;
	const triage_limits *lim;
	magic_t magic;              /* the scanner's handle (per thread) */
	GPtrArray *texts;           /* UTF-8 body texts (char *), for passwords */
	GPtrArray *passwords;       /* candidate passwords (char *), never logged */
	char *subject;              /* UTF-8 subject of the message, or NULL */
	uint64_t total_bytes;       /* decoded bytes so far */
	uint64_t nobjects;
	gint64 deadline_us;         /* g_get_monotonic_time() limit */
	bool time_exceeded;
	const char *tmp_dir;
	triage_object *root;
	char err[256];
} triage_ctx;

/* True (and sticky) once the per-message time budget is spent. */
bool triage_ctx_over_time(triage_ctx *ctx);
/*
 * Account `bytes` new decoded bytes and one new object.  Returns TRIAGE_LIMIT
 * (and marks `o` limit-exceeded with the limit's name) when the message totals
 * or the time budget are exceeded.
 */
triage_status triage_ctx_account(triage_ctx *ctx, triage_object *o,
				 uint64_t bytes);
/* A blob writer honouring the object size and spill limits. */
struct triage_blob_writer *triage_ctx_writer(triage_ctx *ctx);

#endif
