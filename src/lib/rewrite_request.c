/* rewrite_request.c - what to say and what to remove, by hand or from a report. */
#include "config.h"

#include <string.h>

#include "rewrite_int.h"

static void
item_free(gpointer p)
{
	rw_item *it = p;
	g_free(it->category);
	g_free(it->name);
	g_free(it);
}

static void
strip_free(gpointer p)
{
	rw_strip *s = p;
	g_free(s->locator);
	g_free(s->name);
	g_ptr_array_unref(s->categories);
	g_free(s);
}

triage_rewrite_request *
triage_rewrite_request_new(triage_rewrite_mode mode)
{
	triage_rewrite_request *q = g_new0(triage_rewrite_request, 1);
	q->mode = mode;
	q->items = g_ptr_array_new_with_free_func(item_free);
	q->strips = g_ptr_array_new_with_free_func(strip_free);
	return q;
}

void
triage_rewrite_request_free(triage_rewrite_request **qp)
{
	triage_rewrite_request *q = qp ? *qp : NULL;
	if (q == NULL)
		return;
	*qp = NULL;
	g_free(q->sender);
	g_free(q->qid);
	g_ptr_array_unref(q->items);
	g_ptr_array_unref(q->strips);
	g_free(q);
}

void
triage_rewrite_request_set_sender(triage_rewrite_request *q, const char *sender)
{
	g_free(q->sender);
	q->sender = g_strdup(sender);
}

void
triage_rewrite_request_set_quarantine_id(triage_rewrite_request *q, const char *id)
{
	g_free(q->qid);
	q->qid = g_strdup(id);
}

void
triage_rewrite_request_add_finding(triage_rewrite_request *q,
				   const char *category, const char *name)
{
	rw_item *it = g_new0(rw_item, 1);
	it->category = g_strdup(category ? category : "default");
	it->name = g_strdup(name ? name : "");
	g_ptr_array_add(q->items, it);
}

void
triage_rewrite_request_add_strip(triage_rewrite_request *q, const char *locator,
				 const char *name, const char *category)
{
	rw_strip *s = NULL;
	if (locator == NULL || *locator == '\0')
		return;
	for (size_t i = 0; i < q->strips->len; i++) {
		rw_strip *t = g_ptr_array_index(q->strips, i);
		if (strcmp(t->locator, locator) == 0)
			s = t;
	}
	if (s == NULL) {
		s = g_new0(rw_strip, 1);
		s->locator = g_strdup(locator);
		s->name = g_strdup(name ? name : "");
		s->categories = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(q->strips, s);
	}
	if (category == NULL)
		return;
	for (size_t i = 0; i < s->categories->len; i++)
		if (strcmp(g_ptr_array_index(s->categories, i), category) == 0)
			return;
	g_ptr_array_add(s->categories, g_strdup(category));
}

size_t
triage_rewrite_request_nstrip(const triage_rewrite_request *q)
{
	return q->strips->len;
}

/* Objects a reader recognises as files; VBA modules, streams are not. */
static bool
reader_visible(const triage_object *o)
{
	const char *k = triage_object_kind(o);
	return strcmp(k, "mime") == 0 || strcmp(k, "message") == 0 ||
	       strcmp(k, "member") == 0 || strcmp(k, "embedded") == 0;
}

/* "invoice.zip > invoice.xlsm": the file names from the attachment down. */
static char *
reader_name(const triage_object *o)
{
	GPtrArray *names = g_ptr_array_new();
	for (const triage_object *a = o; a && triage_object_depth(a) >= 1;
	     a = triage_object_parent(a)) {
		const char *n = triage_object_name(a);
		if (*n && reader_visible(a))
			g_ptr_array_insert(names, 0, (gpointer)n);
	}
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < names->len; i++)
		g_string_append_printf(s, "%s%s", i ? " > " : "",
				       (const char *)g_ptr_array_index(names, i));
	g_ptr_array_unref(names);
	return g_string_free(s, FALSE);
}

/* The ancestor that is a direct child of the message (depth 1), or NULL. */
static const triage_object *
top_part(const triage_object *o)
{
	while (o && triage_object_depth(o) > 1)
		o = triage_object_parent(o);
	return o && triage_object_depth(o) == 1 ? o : NULL;
}

/* Banner lines for every finding; strip targets for strip-worthy ones. */
void
triage_rewrite_request_add_report(triage_rewrite_request *q,
				  const triage_report *r,
				  const triage_config *cfg, triage_direction dir)
{
	for (size_t i = 0; i < triage_report_nfindings(r); i++) {
		const triage_finding *f = triage_report_finding(r, i);
		char *name = reader_name(f->object);
		triage_rewrite_request_add_finding(q, f->category, name);
		g_free(name);
		if (q->mode != TRIAGE_REWRITE_STRIP)
			continue;
		const triage_object *t = top_part(f->object);
		if (t == NULL)
			continue;
		const char *k = triage_object_kind(t);
		if (strcmp(k, "mime") != 0 && strcmp(k, "message") != 0)
			continue;
		if (cfg && triage_action_rank(triage_config_action(cfg, dir, f->severity)) <
			   triage_action_rank(TRIAGE_ACTION_STRIP))
			continue;
		triage_rewrite_request_add_strip(q, triage_object_locator(t),
						 triage_object_name(t), f->category);
	}
}
