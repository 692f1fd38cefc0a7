/* report.c - the verdict of one scan and its JSON form. */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <jansson.h>

#include "report_int.h"

struct triage_report {
	triage_object *root;
	GPtrArray *findings;  /* const triage_finding *, owned by the objects */
	triage_severity severity;
	double time_ms;
	char *subject;
};

static void
collect(triage_report *r, triage_object *o)
{
	for (size_t i = 0; i < triage_object_nfindings(o); i++) {
		const triage_finding *f = triage_object_finding(o, i);
		g_ptr_array_add(r->findings, (gpointer)f);
		if (f->severity > r->severity)
			r->severity = f->severity;
	}
	for (size_t i = 0; i < triage_object_nchildren(o); i++)
		collect(r, triage_object_child(o, i));
}

/* Strongest first; tree order among equals (the sort is stable). */
static gint
by_severity(gconstpointer a, gconstpointer b)
{
	const triage_finding *fa = *(const triage_finding *const *)a;
	const triage_finding *fb = *(const triage_finding *const *)b;
	return (int)fb->severity - (int)fa->severity;
}

triage_report *
triage_report_new(triage_object *root, const char *subject, double time_ms)
{
	triage_report *r = g_new0(triage_report, 1);
	r->root = root;
	r->findings = g_ptr_array_new();
	r->time_ms = time_ms;
	r->subject = g_strdup(subject ? subject : "");
	collect(r, root);
	g_ptr_array_sort(r->findings, by_severity);
	return r;
}

triage_object *triage_report_root(const triage_report *r) { return r->root; }
triage_severity triage_report_severity(const triage_report *r) { return r->severity; }
size_t triage_report_nfindings(const triage_report *r) { return r->findings->len; }
double triage_report_time_ms(const triage_report *r) { return r->time_ms; }
const char *triage_report_subject(const triage_report *r) { return r->subject; }

const triage_finding *
triage_report_finding(const triage_report *r, size_t i)
{
	return i < r->findings->len ? g_ptr_array_index(r->findings, i) : NULL;
}

void
triage_report_free(triage_report **rp)
{
	triage_report *r = rp ? *rp : NULL;
	if (r == NULL)
		return;
	*rp = NULL;
	triage_object_free(&r->root);
	if (r->findings)
		g_ptr_array_free(r->findings, TRUE);
	g_free(r->subject);
	g_free(r);
}

/* jansson wants valid UTF-8: repair names from hostile input first. */
static json_t *
jstr(const char *s)
{
	char *v = g_utf8_make_valid(s ? s : "", -1);
	json_t *j = json_string(v);
	g_free(v);
	return j ? j : json_string("");
}

static json_t *
finding_json(const triage_finding *f)
{
	json_t *j = json_object();
	json_object_set_new(j, "category", jstr(f->category));
	json_object_set_new(j, "severity", jstr(triage_severity_name(f->severity)));
	json_object_set_new(j, "rule", jstr(f->rule));
	json_object_set_new(j, "description", jstr(f->description));
	json_object_set_new(j, "object", jstr(triage_object_path(f->object)));
	return j;
}

/* The facts that are set and not neutral. */
static json_t *
facts_json(const triage_object *o)
{
	json_t *j = json_object();
	for (int f = 0; f < TF_COUNT; f++) {
		const triage_fact_def *d = triage_fact_get((triage_fact)f);
		if (d == NULL || !triage_object_fact_is_set(o, (triage_fact)f))
			continue;
		const char *key = d->name + strlen("triage_");
		switch (d->type) {
		case TRIAGE_FACT_BOOL:
			if (triage_object_fact_bool(o, (triage_fact)f))
				json_object_set_new(j, key, json_true());
			break;
		case TRIAGE_FACT_INT:
			json_object_set_new(j, key, json_integer(
				triage_object_fact_int(o, (triage_fact)f)));
			break;
		case TRIAGE_FACT_STR: {
			const char *v = triage_object_fact_str(o, (triage_fact)f);
			if (*v)
				json_object_set_new(j, key, jstr(v));
			break;
		}
		}
	}
	return j;
}

static json_t *
object_json(triage_object *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "path", jstr(triage_object_path(o)));
	json_object_set_new(j, "name", jstr(triage_object_name(o)));
	json_object_set_new(j, "kind", jstr(triage_object_kind(o)));
	json_object_set_new(j, "declared_type", jstr(triage_object_declared_type(o)));
	json_object_set_new(j, "type", jstr(triage_object_fact_str(o, TF_TYPE)));
	json_object_set_new(j, "magic_mime", jstr(triage_object_fact_str(o, TF_MAGIC_MIME)));
	json_object_set_new(j, "magic_desc", jstr(triage_object_fact_str(o, TF_MAGIC_DESC)));
	json_object_set_new(j, "size", json_integer((json_int_t)triage_object_size(o)));
	json_object_set_new(j, "sha256", jstr(triage_object_sha256(o)));
	json_object_set_new(j, "depth", json_integer(triage_object_depth(o)));
	if (triage_object_unscanned(o) != TRIAGE_UNSCANNED_NONE) {
		json_object_set_new(j, "unscanned",
			jstr(triage_unscanned_name(triage_object_unscanned(o))));
		json_object_set_new(j, "unscanned_detail",
			jstr(triage_object_unscanned_detail(o)));
	}
	json_object_set_new(j, "facts", facts_json(o));
	json_t *fa = json_array();
	for (size_t i = 0; i < triage_object_nfindings(o); i++)
		json_array_append_new(fa, finding_json(triage_object_finding(o, i)));
	json_object_set_new(j, "findings", fa);
	json_t *ch = json_array();
	for (size_t i = 0; i < triage_object_nchildren(o); i++)
		json_array_append_new(ch, object_json(triage_object_child(o, i)));
	json_object_set_new(j, "children", ch);
	return j;
}

/* The report as one JSON document (g_free the text). */
char *
triage_report_to_json(const triage_report *r, const char *file,
		      triage_action action, int flags)
{
	json_t *j = json_object();
	if (file)
		json_object_set_new(j, "file", jstr(file));
	json_object_set_new(j, "action", jstr(triage_action_name(action)));
	json_object_set_new(j, "severity", jstr(triage_severity_name(r->severity)));
	json_object_set_new(j, "subject", jstr(r->subject));
	json_object_set_new(j, "time_ms", json_real(r->time_ms));
	json_t *fa = json_array();
	for (guint i = 0; i < r->findings->len; i++)
		json_array_append_new(fa, finding_json(g_ptr_array_index(r->findings, i)));
	json_object_set_new(j, "findings", fa);
	if (flags & TRIAGE_JSON_TREE)
		json_object_set_new(j, "objects", object_json(r->root));
	size_t jflags = JSON_PRESERVE_ORDER |
		((flags & TRIAGE_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT);
	char *text = json_dumps(j, jflags);
	json_decref(j);
	char *out = g_strdup(text ? text : "{}");
	free(text);
	return out;
}
