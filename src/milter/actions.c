/* actions.c - accept, tag, quarantine, reject, discard, tempfail. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib.h>

#include "actions.h"
#include "edit.h"
#include "quarantine.h"
#include "triage/headers.h"

#define FINDINGS_MAX_ITEMS 20

static bool
is_triage_header(const char *name)
{
	return g_ascii_strncasecmp(name, "X-Triage-", 9) == 0;
}

/*
 * Delete forged headers, last occurrence first so indexes stay valid.
 * libmilter's index counts headers of the same name, from 1: one forward
 * pass numbers them, as a sender may send any number of X-Triage-* fields.
 */
bool
tm_action_clean_headers(SMFICTX *ctx, const tm_msg *m)
{
	bool ok = true;
	guint n = m->headers->len;
	int *idx = g_new0(int, n);
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < n; i++) {
		const tm_header *h = g_ptr_array_index(m->headers, i);
		if (!is_triage_header(h->name))
			continue;
		char *key = g_ascii_strdown(h->name, -1);
		idx[i] = GPOINTER_TO_INT(g_hash_table_lookup(seen, key)) + 1;
		g_hash_table_replace(seen, key, GINT_TO_POINTER(idx[i]));
	}
	for (guint i = n; i-- > 0;) {
		const tm_header *h = g_ptr_array_index(m->headers, i);
		if (idx[i] > 0 && smfi_chgheader(ctx, h->name, idx[i], NULL) != MI_SUCCESS)
			ok = false;
	}
	g_hash_table_destroy(seen);
	g_free(idx);
	return ok;
}

/* Put the subject prefix of the message's direction in front of the subject. */
static bool
prefix_subject(SMFICTX *ctx, const tm_msg *m, const tm_verdict *v)
{
	const triage_config *cfg = m->state->cfg;
	const char *prefix = cfg->policy[v->direction].subject_prefix;
	if (prefix == NULL || *prefix == '\0')
		return true;
	const char *subject = tm_msg_header(m, "Subject");
	char *neu = triage_header_subject_prefix(subject, prefix);
	if (neu == NULL)
		return true;
	int rc = subject ? smfi_chgheader(ctx, "Subject", 1, neu)
			 : smfi_addheader(ctx, "Subject", neu);
	g_free(neu);
	return rc == MI_SUCCESS;
}

/* X-Triage-Action and X-Triage-Findings (folded), then the subject prefix. */
bool
tm_action_tag(SMFICTX *ctx, const tm_msg *m, const tm_verdict *v,
	      const char *action_name)
{
	bool ok = smfi_addheader(ctx, "X-Triage-Action", (char *)action_name) == MI_SUCCESS;
	if (v->findings->len > 0) {
		guint n = v->findings->len;
		const char **cats = g_new0(const char *, n);
		const char **objs = g_new0(const char *, n);
		for (guint i = 0; i < n; i++) {
			const tm_finding *f = g_ptr_array_index(v->findings, i);
			cats[i] = f->category;
			objs[i] = f->object;
		}
		char *text = triage_header_findings(cats, objs, n, FINDINGS_MAX_ITEMS);
		/* libmilter and the MTAs take "\n" + white space as a fold. */
		char *folded = triage_header_fold("X-Triage-Findings", text, "\n");
		if (smfi_addheader(ctx, "X-Triage-Findings", folded) != MI_SUCCESS)
			ok = false;
		g_free(folded);
		g_free(text);
		g_free(cats);
		g_free(objs);
	}
	if (ok && !prefix_subject(ctx, m, v))
		ok = false;
	return ok;
}

void
tm_action_check_release(const tm_msg *m, tm_verdict *v)
{
	const tm_state *s = m->state;
	const char *value = tm_msg_header(m, TRIAGE_RELEASE_HEADER);
	if (value == NULL)
		return;
	if (!s->have_release_key) {
		tm_verdict_note(v, "release=invalid reason=no-store");
		return;
	}
	char id[33];
	char *t = g_strstrip(g_strdup(value));
	triage_status st = triage_release_verify(t, s->release_key, sizeof s->release_key,
						 time(NULL), TRIAGE_RELEASE_MAX_AGE, id);
	g_free(t);
	if (st != TRIAGE_OK) {
		tm_verdict_note(v, "release=invalid reason=%s",
				st == TRIAGE_LIMIT ? "expired" : "forged");
		return;
	}
	g_strlcpy(v->released, id, sizeof v->released);
	tm_verdict_note(v, "released=%s", id);
	if (triage_action_rank(v->action) > triage_action_rank(TRIAGE_ACTION_TAG) ||
	    v->action == TRIAGE_ACTION_TEMPFAIL)
		v->action = TRIAGE_ACTION_TAG;
}

/* Distinct categories of the strongest findings, as safe tokens. */
static char *
top_categories(const tm_verdict *v, size_t max)
{
	GString *out = g_string_new("");
	GPtrArray *seen = g_ptr_array_new();
	for (guint i = 0; i < v->findings->len && seen->len < max; i++) {
		const tm_finding *f = g_ptr_array_index(v->findings, i);
		if (f->severity < v->severity)
			break;
		bool dup = false;
		for (guint k = 0; k < seen->len; k++)
			if (strcmp(g_ptr_array_index(seen, k), f->category) == 0)
				dup = true;
		if (dup)
			continue;
		g_ptr_array_add(seen, f->category);
		if (out->len)
			g_string_append(out, ", ");
		/* Reply text: no '%' (sendmail formats it), no control characters. */
		for (const char *p = f->category; *p; p++)
			g_string_append_c(out, (g_ascii_isalnum(*p) || *p == '-' ||
						*p == '_' || *p == '.') ? *p : '_');
	}
	if (out->len == 0)
		g_string_append(out, "content policy");
	g_ptr_array_free(seen, TRUE);
	return g_string_free(out, FALSE);
}

bool
tm_action_quarantine(SMFICTX *ctx, const tm_conn *c, tm_msg *m,
		     const tm_verdict *v, tm_outcome *out)
{
	const triage_config *cfg = m->state->cfg;
	char *cats = top_categories(v, 3);
	char *reason = g_strdup_printf("triage-milter: %s (%s)", cats,
				       triage_severity_name(v->severity));
	bool ok = true;

	if (m->state->qs) {
		char id[TM_QUARANTINE_ID_LEN + 1];
		id[0] = '\0';
		if (tm_quarantine_store(m->state->qs, c, m, v, "quarantine", reason,
					NULL, 0, id, out->error, sizeof out->error))
			g_strlcpy(out->quarantine_id, id, sizeof out->quarantine_id);
		else
			ok = false;
	}
	if (ok && cfg->quarantine_hold && smfi_quarantine(ctx, reason) != MI_SUCCESS) {
		snprintf(out->error, sizeof out->error, "smfi_quarantine failed");
		ok = false;
	}
	g_free(reason);
	g_free(cats);
	return ok;
}

sfsistat
tm_action_reject(SMFICTX *ctx, const tm_verdict *v)
{
	char *cats = top_categories(v, 3);
	char *text = g_strdup_printf("Message refused by content policy: %s", cats);
	smfi_setreply(ctx, "550", "5.7.1", text);
	g_free(text);
	g_free(cats);
	return SMFIS_REJECT;
}

sfsistat
tm_action_tempfail(SMFICTX *ctx)
{
	smfi_setreply(ctx, "451", "4.3.0",
		      "Temporary failure while checking the message, try again later");
	return SMFIS_TEMPFAIL;
}

/* on_error: tempfail, or accept with "X-Triage-Action: error". */
static void
apply_on_error(SMFICTX *ctx, const tm_msg *m, tm_verdict *v, tm_outcome *out)
{
	v->error = true;
	if (m->state->cfg->on_error == TRIAGE_ACTION_TEMPFAIL) {
		v->action = TRIAGE_ACTION_TEMPFAIL;
		out->reply = tm_action_tempfail(ctx);
		return;
	}
	v->action = TRIAGE_ACTION_ACCEPT;
	/* Best effort: the message goes through even when these fail. */
	tm_action_clean_headers(ctx, m);
	smfi_addheader(ctx, "X-Triage-Action", "error");
	out->reply = SMFIS_ACCEPT;
}

void
tm_action_apply(SMFICTX *ctx, const tm_conn *c, tm_msg *m, tm_verdict *v,
		tm_outcome *out)
{
	bool ok = true;
	out->reply = SMFIS_ACCEPT;
	if (v->error) {
		apply_on_error(ctx, m, v, out);
		return;
	}
	switch (v->action) {
	case TRIAGE_ACTION_REJECT:
		out->reply = tm_action_reject(ctx, v);
		return;
	case TRIAGE_ACTION_DISCARD:
		out->reply = SMFIS_DISCARD;
		return;
	case TRIAGE_ACTION_TEMPFAIL:
		out->reply = tm_action_tempfail(ctx);
		return;
	case TRIAGE_ACTION_QUARANTINE:
		ok = tm_action_clean_headers(ctx, m) &&
		     tm_action_quarantine(ctx, c, m, v, out) &&
		     tm_action_tag(ctx, m, v, "quarantine");
		break;
	case TRIAGE_ACTION_BANNER:
	case TRIAGE_ACTION_STRIP:
		ok = tm_action_clean_headers(ctx, m) &&
		     tm_edit_apply(ctx, c, m, v, out);
		break;
	case TRIAGE_ACTION_TAG:
		ok = tm_action_clean_headers(ctx, m) &&
		     tm_action_tag(ctx, m, v, v->released[0] ? "released" : "tag");
		break;
	case TRIAGE_ACTION_ACCEPT:
		ok = tm_action_clean_headers(ctx, m);
		break;
	}
	if (!ok) {
		if (out->error[0] == '\0')
			snprintf(out->error, sizeof out->error, "changing the message failed");
		apply_on_error(ctx, m, v, out);
	}
}
