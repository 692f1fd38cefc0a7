/* edit.c - banner and strip: rewrite, store the original, replace the body. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "edit.h"
#include "quarantine.h"

/* Give up on strip: hold the message instead (the part cannot be removed). */
static bool
escalate(SMFICTX *ctx, const tm_conn *c, tm_msg *m, tm_verdict *v,
	 tm_outcome *out, const char *why)
{
	tm_verdict_note(v, "strip=escalated reason=%s", why);
	v->action = TRIAGE_ACTION_QUARANTINE;
	return tm_action_quarantine(ctx, c, m, v, out) &&
	       tm_action_tag(ctx, m, v, "quarantine");
}

/* The banner could not be placed: the tag headers are all the reader gets. */
static bool
tag_only(SMFICTX *ctx, const tm_msg *m, tm_verdict *v)
{
	v->action = TRIAGE_ACTION_TAG;
	return tm_action_tag(ctx, m, v, "tag");
}

/* Save the full original under id, naming the removed attachments. */
static bool
store_original(const tm_conn *c, tm_msg *m, const tm_verdict *v,
	       const triage_rewrite *rw, const char *id, tm_outcome *out)
{
	size_t n = triage_rewrite_nstripped(rw);
	const char **names = g_new0(const char *, n + 1);
	char sid[TM_QUARANTINE_ID_LEN + 1];
	g_strlcpy(sid, id, sizeof sid);
	for (size_t i = 0; i < n; i++)
		names[i] = triage_rewrite_stripped_name(rw, i);
	char *reason = g_strdup_printf("triage-milter: stripped %zu attachment%s (%s)", n,
				       n == 1 ? "" : "s", triage_severity_name(v->severity));
	bool ok = tm_quarantine_store(m->state->qs, c, m, v, "strip", reason, names, n,
				      sid, out->error, sizeof out->error);
	if (ok)
		g_strlcpy(out->quarantine_id, sid, sizeof out->quarantine_id);
	g_free(reason);
	g_free(names);
	return ok;
}

/* TM_EDIT_CHUNK, or the test aid's smaller value. */
static size_t
chunk_size(void)
{
	const char *e = g_getenv(TM_EDIT_CHUNK_ENV);
	guint64 n = e ? g_ascii_strtoull(e, NULL, 10) : 0;
	return n >= 512 && n <= TM_EDIT_CHUNK ? (size_t)n : TM_EDIT_CHUNK;
}

/* Header edits, then the new body in chunks. */
static bool
send_changes(SMFICTX *ctx, const triage_rewrite *rw, tm_outcome *out)
{
	size_t chunk = chunk_size();
	for (size_t i = 0; i < triage_rewrite_nheaders(rw); i++) {
		const char *name, *value;
		if (!triage_rewrite_header(rw, i, &name, &value))
			continue;
		if (smfi_chgheader(ctx, (char *)name, 1, (char *)value) != MI_SUCCESS) {
			snprintf(out->error, sizeof out->error, "smfi_chgheader %s failed", name);
			return false;
		}
	}
	size_t len = 0;
	const unsigned char *body = triage_rewrite_body(rw, &len);
	for (size_t off = 0; off < len;) {
		size_t n = MIN(len - off, chunk);
		if (smfi_replacebody(ctx, (unsigned char *)body + off, (int)n) != MI_SUCCESS) {
			snprintf(out->error, sizeof out->error, "smfi_replacebody failed");
			return false;
		}
		off += n;
	}
	return true;
}

bool
tm_edit_apply(SMFICTX *ctx, const tm_conn *c, tm_msg *m, tm_verdict *v,
	      tm_outcome *out)
{
	const tm_state *s = m->state;
	bool strip = v->action == TRIAGE_ACTION_STRIP;
	triage_rewrite_request *q = NULL;
	triage_rewrite *rw = NULL;
	char *id = NULL;
	bool ok = false;
	size_t len = 0;

	if (tm_spool_truncated(m->spool)) {
		/* Only the first max_message_size bytes are here: a new body would cut the rest. */
		tm_verdict_note(v, "banner=skipped reason=too-large");
		ok = strip ? escalate(ctx, c, m, v, out, "too-large") : tag_only(ctx, m, v);
		goto out;
	}
	const unsigned char *msg = tm_spool_map(m->spool, &len);
	if (msg == NULL) {
		snprintf(out->error, sizeof out->error, "%s", tm_spool_error(m->spool));
		goto out;
	}
	q = triage_rewrite_request_new(strip ? TRIAGE_REWRITE_STRIP : TRIAGE_REWRITE_BANNER);
	triage_rewrite_request_set_sender(q, m->from);
	if (strip) {
		id = triage_qstore_new_id();
		triage_rewrite_request_set_quarantine_id(q, id);
	}
	if (v->report)
		triage_rewrite_request_add_report(q, v->report, s->cfg, v->direction);
	triage_status st = triage_rewrite_run(s->banner, q, msg, len, &rw);
	if (st != TRIAGE_OK) {
		tm_verdict_note(v, "banner=failed status=%s", triage_status_name(st));
		ok = strip ? escalate(ctx, c, m, v, out, "failed") : tag_only(ctx, m, v);
		goto out;
	}
	if (*triage_rewrite_log(rw))
		tm_verdict_note(v, "%s", triage_rewrite_log(rw));
	triage_rewrite_outcome oc = triage_rewrite_get_outcome(rw);
	if (strip && (oc == TRIAGE_REWRITE_SKIPPED_SIGNED || oc == TRIAGE_REWRITE_SKIPPED_ENCRYPTED)) {
		ok = escalate(ctx, c, m, v, out,
			      oc == TRIAGE_REWRITE_SKIPPED_SIGNED ? "signed" : "encrypted");
		goto out;
	}
	/*
	 * Every part the policy wants gone must be gone; a finding on the
	 * message itself names no part to remove.
	 */
	size_t want = triage_rewrite_request_nstrip(q);
	if (strip && (want == 0 || triage_rewrite_nstripped(rw) < want)) {
		ok = escalate(ctx, c, m, v, out, want == 0 ? "no-part" : "part-kept");
		goto out;
	}
	if (!triage_rewrite_changed(rw)) {
		ok = tag_only(ctx, m, v);
		goto out;
	}
	/* The original first: a message is never changed without its copy. */
	if (strip && !store_original(c, m, v, rw, id, out))
		goto out;
	ok = send_changes(ctx, rw, out) &&
	     tm_action_tag(ctx, m, v, strip ? "strip" : "banner");
	if (!ok && out->quarantine_id[0]) {
		/* on_error takes over (tempfail: the MTA sends it again): no orphan copy. */
		triage_qstore_delete(m->state->qs, out->quarantine_id);
		out->quarantine_id[0] = '\0';
	}
out:
	triage_rewrite_free(&rw);
	triage_rewrite_request_free(&q);
	g_free(id);
	return ok;
}
