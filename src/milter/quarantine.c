/* quarantine.c - store a copy of a held or stripped message with its metadata. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "quarantine.h"

bool
tm_quarantine_store(triage_qstore *qs, const tm_conn *c, tm_msg *m,
		    const tm_verdict *v, const char *action, const char *reason,
		    const char *const *stripped, size_t nstripped,
		    char id[TM_QUARANTINE_ID_LEN + 1], char *err, size_t errlen)
{
	bool ok = false;
	char *json = NULL;
	triage_qstore_finding *fs = g_new0(triage_qstore_finding, v->findings->len + 1);
	size_t len = 0;

	if (qs == NULL) {
		snprintf(err, errlen, "no quarantine store");
		goto out;
	}
	const unsigned char *msg = tm_spool_map(m->spool, &len);
	if (msg == NULL) {
		snprintf(err, errlen, "%s", tm_spool_error(m->spool));
		goto out;
	}
	if (id[0] == '\0') {
		char *neu = triage_qstore_new_id();
		g_strlcpy(id, neu, TM_QUARANTINE_ID_LEN + 1);
		g_free(neu);
	}
	for (guint i = 0; i < v->findings->len; i++) {
		const tm_finding *f = g_ptr_array_index(v->findings, i);
		fs[i].category = f->category;
		fs[i].severity = triage_severity_name(f->severity);
		fs[i].rule = f->rule;
		fs[i].object = f->object;
	}
	const char *subject = tm_msg_header(m, "Subject");
	triage_qstore_meta meta = {
		.queue_id = m->qid,
		.from = m->from,
		.rcpts = (const char *const *)m->rcpts->pdata,
		.nrcpts = m->rcpts->len,
		.client_addr = c->addr,
		.client_name = c->hostname,
		.client_helo = c->helo,
		.subject = subject ? subject : "",
		.direction = v->direction == TRIAGE_OUTBOUND ? "outbound" : "inbound",
		.action = action,
		.severity = triage_severity_name(v->severity),
		.findings = fs,
		.nfindings = v->findings->len,
		.size = tm_spool_total(m->spool),
		.stored_size = len,
		.truncated = tm_spool_truncated(m->spool),
		.reason = reason,
		.stripped = stripped,
		.nstripped = nstripped,
	};
	json = triage_qstore_meta_json(id, &meta);
	if (json == NULL) {
		snprintf(err, errlen, "cannot format quarantine metadata");
		goto out;
	}
	if (triage_qstore_save(qs, id, msg, len, json) != TRIAGE_OK) {
		snprintf(err, errlen, "quarantine store: %s", triage_qstore_error(qs));
		/* No half entries: without its .json the .eml goes too. */
		triage_qstore_delete(qs, id);
		goto out;
	}
	ok = true;
out:
	g_free(json);
	g_free(fs);
	return ok;
}
