/* actions.h - what the milter does to a message, one function per action. */
#ifndef TM_ACTIONS_H
#define TM_ACTIONS_H

#include <libmilter/mfapi.h>

#include "msg.h"
#include "policy.h"

/* Result of applying a verdict: the milter reply and log details. */
typedef struct tm_outcome {
	sfsistat reply;
	char quarantine_id[40];   /* store id, "" when none */
	char error[512];          /* internal error text, "" when none */
} tm_outcome;

/* Remove X-Triage-* headers the message came with (a sender must not forge them). */
bool tm_action_clean_headers(SMFICTX *ctx, const tm_msg *m);
/* X-Triage-Action / X-Triage-Findings and the subject prefix. */
bool tm_action_tag(SMFICTX *ctx, const tm_msg *m, const tm_verdict *v,
		   const char *action_name);
/* Hold in the MTA (when configured) and copy to the quarantine store. */
bool tm_action_quarantine(SMFICTX *ctx, const tm_conn *c, tm_msg *m,
			  const tm_verdict *v, tm_outcome *out);
/* 550 5.7.1 naming the categories. */
sfsistat tm_action_reject(SMFICTX *ctx, const tm_verdict *v);
/* 451 4.3.0: try again later. */
sfsistat tm_action_tempfail(SMFICTX *ctx);

/*
 * A valid X-Triage-Release token (the first such header) of this store:
 * the administrator released the message, so anything stronger than tag
 * becomes tag ("X-Triage-Action: released") and v->released names the id.
 * Invalid tokens are noted in the log words; the headers go in any case
 * (tm_action_clean_headers).
 */
void tm_action_check_release(const tm_msg *m, tm_verdict *v);

/*
 * Apply the verdict (or, when v->error, the on_error setting) and fill out.
 * A failing step turns into on_error too: a message is never lost.
 */
void tm_action_apply(SMFICTX *ctx, const tm_conn *c, tm_msg *m, tm_verdict *v,
		     tm_outcome *out);

#endif
