/* qstore_meta.c - the quarantine store's metadata: one writer for every tool. */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <jansson.h>

#include "triage/qstore.h"

/* jansson wants valid UTF-8: repair, never drop, what the sender wrote. */
static json_t *
jstr(const char *s)
{
	char *v = g_utf8_make_valid(s ? s : "", -1);
	json_t *j = json_string(v);
	g_free(v);
	return j ? j : json_string("");
}

char *
triage_qstore_time_now(void)
{
	GDateTime *d = g_date_time_new_now_utc();
	char *s = g_date_time_format(d, "%Y-%m-%dT%H:%M:%SZ");
	g_date_time_unref(d);
	return s;
}

/* Array of strings; a NULL element becomes "". */
static json_t *
jstrv(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; v && i < n; i++)
		json_array_append_new(a, jstr(v[i]));
	return a;
}

/* Member order is the order of triage-quarantine(8), for people reading it. */
char *
triage_qstore_meta_json(const char *id, const triage_qstore_meta *m)
{
	json_t *j = json_object();
	char *now = triage_qstore_time_now();
	char *text = NULL, *out = NULL;

	json_object_set_new(j, "id", jstr(id));
	json_object_set_new(j, "queue_id", m->queue_id ? jstr(m->queue_id) : json_null());
	json_object_set_new(j, "time", jstr(now));
	json_object_set_new(j, "from", jstr(m->from));
	json_object_set_new(j, "rcpts", jstrv(m->rcpts, m->nrcpts));
	json_object_set_new(j, "client_addr", jstr(m->client_addr));
	json_object_set_new(j, "client_name", jstr(m->client_name));
	json_object_set_new(j, "client_helo", jstr(m->client_helo));
	json_object_set_new(j, "subject", jstr(m->subject));
	json_object_set_new(j, "direction", jstr(m->direction));
	json_object_set_new(j, "action", jstr(m->action));
	json_object_set_new(j, "severity", jstr(m->severity));
	json_t *fa = json_array();
	for (size_t i = 0; m->findings && i < m->nfindings; i++) {
		const triage_qstore_finding *f = &m->findings[i];
		json_t *fj = json_object();
		json_object_set_new(fj, "category", jstr(f->category));
		json_object_set_new(fj, "severity", jstr(f->severity));
		json_object_set_new(fj, "rule", jstr(f->rule));
		json_object_set_new(fj, "object", jstr(f->object));
		json_array_append_new(fa, fj);
	}
	json_object_set_new(j, "findings", fa);
	json_object_set_new(j, "size", json_integer((json_int_t)MIN(m->size, (uint64_t)INT64_MAX)));
	json_object_set_new(j, "stored_size",
			    json_integer((json_int_t)MIN(m->stored_size, (uint64_t)INT64_MAX)));
	json_object_set_new(j, "truncated", json_boolean(m->truncated));
	json_object_set_new(j, "reason", jstr(m->reason));
	if (m->stripped && m->nstripped > 0)
		json_object_set_new(j, "stripped", jstrv(m->stripped, m->nstripped));
	json_object_set_new(j, "released", json_null());

	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text)
		out = g_strconcat(text, "\n", NULL);
	free(text);
	json_decref(j);
	g_free(now);
	return out;
}
