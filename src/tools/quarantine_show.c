/* quarantine_show.c - triage-quarantine: printing entries (list lines, show). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <gmime/gmime.h>

#include "quarantine.h"

/* A string member, or "" (never NULL). */
const char *
qt_str(json_t *meta, const char *key)
{
	const char *s = json_string_value(json_object_get(meta, key));
	return s ? s : "";
}

/* Values of an array of strings joined by sep (g_free it). */
char *
qt_join(json_t *arr, const char *sep)
{
	GString *o = g_string_new(NULL);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (json_is_string(v))
			g_string_append_printf(o, "%s%s", o->len ? sep : "", json_string_value(v));
	}
	return g_string_free(o, FALSE);
}

/* Unique finding categories, comma separated (g_free it). */
char *
qt_categories(json_t *meta)
{
	GString *o = g_string_new(NULL);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(meta, "findings"), i, f) {
		const char *c = qt_str(f, "category");
		if (*c && g_hash_table_add(seen, (gpointer)c))
			g_string_append_printf(o, "%s%s", o->len ? "," : "", c);
	}
	g_hash_table_unref(seen);
	return g_string_free(o, FALSE);
}

/* Terminal output must not carry escape sequences from a message. */
static char *
printable(const char *s)
{
	char *v = g_utf8_make_valid(s, -1);
	for (char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return v;
}

/* One line of `list`. */
void
qt_print_line(json_t *meta)
{
	char *rc = qt_join(json_object_get(meta, "rcpts"), ",");
	char *cats = qt_categories(meta);
	char *from = printable(qt_str(meta, "from"));
	char *to = printable(rc);
	json_t *rel = json_object_get(meta, "released");
	printf("%s  %s  %10" JSON_INTEGER_FORMAT "  %s -> %s  %s%s\n",
	       qt_str(meta, "id"), qt_str(meta, "time"),
	       json_integer_value(json_object_get(meta, "size")), from, to,
	       *cats ? cats : "-", json_is_object(rel) ? "  [released]" : "");
	g_free(rc);
	g_free(cats);
	g_free(from);
	g_free(to);
}

/* Findings whose object path runs through a part named `name`. */
static void
print_part_findings(json_t *meta, const char *name, const char *indent)
{
	if (name == NULL || *name == '\0')
		return;
	/* Object paths replace '/' in names by '_' (see triage_object_path). */
	char *seg = g_strdup(name);
	g_strdelimit(seg, "/", '_');
	char *mid = g_strconcat("/", seg, "/", NULL);
	char *end = g_strconcat("/", seg, NULL);
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(meta, "findings"), i, f) {
		const char *obj = qt_str(f, "object");
		if (strstr(obj, mid) || g_str_has_suffix(obj, end)) {
			char *o = printable(obj);
			printf("%s  ! %s (%s, %s) on %s\n", indent, qt_str(f, "category"),
			       qt_str(f, "severity"), qt_str(f, "rule"), o);
			g_free(o);
		}
	}
	g_free(seg);
	g_free(mid);
	g_free(end);
}

typedef struct walk_ctx {
	json_t *meta;
	json_t *out;     /* array for --json, or NULL */
	int depth;
} walk_ctx;

/* Print (or collect) one part of the structure, then its children. */
static void
walk(GMimeObject *o, const char *path, walk_ctx *w)
{
	if (o == NULL || w->depth > 32)
		return;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : g_strdup("?");
	const char *name = GMIME_IS_PART(o) ? g_mime_part_get_filename(GMIME_PART(o)) : NULL;
	gint64 size = -1;
	if (GMIME_IS_PART(o)) {
		GMimeStream *null = g_mime_stream_null_new();
		GMimeDataWrapper *dw = g_mime_part_get_content(GMIME_PART(o));
		if (dw && g_mime_data_wrapper_write_to_stream(dw, null) >= 0)
			size = (gint64)g_mime_stream_length(null);
		g_object_unref(null);
	}
	if (w->out) {
		json_t *p = json_pack("{s:s, s:s}", "path", path, "type", type);
		if (name)
			json_object_set_new(p, "name", json_string(name));
		if (size >= 0)
			json_object_set_new(p, "size", json_integer(size));
		json_array_append_new(w->out, p);
	} else {
		char *indent = g_strnfill((gsize)w->depth * 2, ' ');
		char *n = printable(name ? name : "");
		printf("%s%s  %s", indent, path, type);
		if (name)
			printf("  \"%s\"", n);
		if (size >= 0)
			printf("  %" G_GINT64_FORMAT " bytes", size);
		printf("\n");
		print_part_findings(w->meta, name, indent);
		g_free(n);
		g_free(indent);
	}
	g_free(type);
	w->depth++;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		for (int i = 0; i < g_mime_multipart_get_count(mp); i++) {
			char *sub = strcmp(path, "0") == 0 ? g_strdup_printf("%d", i + 1) :
				    g_strdup_printf("%s.%d", path, i + 1);
			walk(g_mime_multipart_get_part(mp, i), sub, w);
			g_free(sub);
		}
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (m)
			walk(g_mime_message_get_mime_part(m), path, w);
	}
	w->depth--;
}

/* The MIME structure of the stored message; JSON array when as_json. */
json_t *
qt_structure(const char *eml_path, json_t *meta, bool as_json)
{
	static gsize once;
	if (g_once_init_enter(&once)) {
		g_mime_init();
		g_once_init_leave(&once, 1);
	}
	GError *ge = NULL;
	GMimeStream *s = g_mime_stream_fs_open(eml_path, O_RDONLY, 0, &ge);
	if (s == NULL) {
		fprintf(stderr, "triage-quarantine: %s: %s\n", eml_path, ge->message);
		g_error_free(ge);
		return NULL;
	}
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	json_t *out = as_json ? json_array() : NULL;
	if (m) {
		walk_ctx w = { meta, out, 0 };
		walk(g_mime_message_get_mime_part(m), "0", &w);
		g_object_unref(m);
	} else if (!as_json) {
		printf("  (not a MIME message)\n");
	}
	g_object_unref(p);
	g_object_unref(s);
	return out;
}
