/* rewrite_banner.c - banner templates, category descriptions, filling them in. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "rewrite_int.h"

/* Language codes become parts of file names: keep them to [A-Za-z0-9_-]. */
static bool
lang_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 16 || !g_ascii_isalpha(s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isalnum(s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

/* Read a UTF-8 text file of bounded size; CRLF becomes LF. */
static char *
read_text(const char *path, char *err, size_t errlen)
{
	char *data = NULL;
	gsize len = 0;
	GError *ge = NULL;
	if (!g_file_get_contents(path, &data, &len, &ge)) {
		g_snprintf(err, errlen, "%s: %s", path, ge->message);
		g_error_free(ge);
		return NULL;
	}
	if (len > RW_MAX_TEMPLATE || !g_utf8_validate(data, (gssize)len, NULL)) {
		g_snprintf(err, errlen, "%s: %s", path, len > RW_MAX_TEMPLATE ?
			   "file too large" : "not valid UTF-8");
		g_free(data);
		return NULL;
	}
	/* Files edited on Windows: the output decides line ends, not the file. */
	char *w = data;
	for (gsize i = 0; i < len; i++)
		if (!(data[i] == '\r' && i + 1 < len && data[i + 1] == '\n'))
			*w++ = data[i];
	*w = '\0';
	return data;
}

/* First dir holding `name`, as a new path; NULL when none does. */
static char *
find_file(const char *const *dirs, const char *name)
{
	for (size_t i = 0; dirs[i]; i++) {
		char *p = g_build_filename(dirs[i], name, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
			return p;
		g_free(p);
	}
	return NULL;
}

/* "key = value" lines, '#' comments; "\n" in a value is a line break. */
static GHashTable *
read_descriptions(const char *path, char *err, size_t errlen)
{
	char *text = read_text(path, err, errlen);
	if (text == NULL)
		return NULL;
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	char **lines = g_strsplit(text, "\n", -1);
	bool ok = true;
	for (size_t i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		if (*l == '\0' || *l == '#')
			continue;
		char *eq = strchr(l, '=');
		if (eq == NULL) {
			g_snprintf(err, errlen, "%s:%zu: expected key = text", path, i + 1);
			ok = false;
			break;
		}
		*eq = '\0';
		char *key = g_strstrip(l);
		char *val = g_strstrip(eq + 1);
		GString *v = g_string_new(NULL);
		for (const char *p = val; *p; p++) {
			if (p[0] == '\\' && p[1] == 'n') {
				g_string_append_c(v, '\n');
				p++;
			} else {
				g_string_append_c(v, *p);
			}
		}
		g_hash_table_replace(h, g_ascii_strdown(key, -1), g_string_free(v, FALSE));
	}
	g_strfreev(lines);
	g_free(text);
	if (!ok)
		g_clear_pointer(&h, g_hash_table_unref);
	return h;
}

static void
lang_free(gpointer p)
{
	rw_lang *l = p;
	g_free(l->code);
	g_free(l->text);
	g_free(l->html);
	g_free(l->removed);
	if (l->desc)
		g_hash_table_unref(l->desc);
	g_free(l);
}

/* The template for a language: the admin's file (with %L) or the shipped one. */
static char *
load_template(const char *const *dirs, const char *admin, const char *lang,
	      bool first, const char *shipped, char *err, size_t errlen,
	      bool *missing)
{
	char *path = NULL;
	*missing = false;
	if (admin && *admin) {
		if (strstr(admin, "%L")) {
			char **parts = g_strsplit(admin, "%L", -1);
			path = g_strjoinv(lang, parts);
			g_strfreev(parts);
		} else if (first) {
			path = g_strdup(admin);
		} else {
			return NULL;  /* one file is the whole banner */
		}
	} else {
		path = find_file(dirs, shipped);
		if (path == NULL) {
			g_snprintf(err, errlen, "%s: not found in %s", shipped, dirs[0]);
			*missing = true;
			return NULL;
		}
	}
	char *t = read_text(path, err, errlen);
	if (t == NULL)
		*missing = true;
	g_free(path);
	return t;
}

/* Load the templates of every configured language. */
triage_status
triage_banner_load(const triage_config *cfg, const char *dir,
		   triage_banner **out, char *err, size_t errlen)
{
	triage_status st = TRIAGE_ERR_CONFIG;
	const char *defaults[] = { TRIAGE_SYSCONFDIR "/banner",
				   TRIAGE_DATADIR "/banner", NULL };
	const char *given[] = { dir, NULL };
	const char *const *dirs = dir ? given : defaults;
	triage_banner *b = g_new0(triage_banner, 1);
	b->langs = g_ptr_array_new_with_free_func(lang_free);
	*out = NULL;

	char *const *codes = cfg->banner_languages;
	for (size_t i = 0; codes && codes[i]; i++) {
		char *code = g_strstrip(g_ascii_strdown(codes[i], -1));
		if (*code == '\0') {
			g_free(code);
			continue;
		}
		rw_lang *l = g_new0(rw_lang, 1);
		l->code = code;
		g_ptr_array_add(b->langs, l);
		if (!lang_valid(code)) {
			g_snprintf(err, errlen, "banner language \"%s\" is not a language code", code);
			goto out;
		}
		bool first = b->langs->len == 1, missing;
		char name[64];
		g_snprintf(name, sizeof name, "banner.%s.txt", code);
		l->text = load_template(dirs, cfg->banner_text_file, code, first, name,
					err, errlen, &missing);
		if (missing)
			goto out;
		g_snprintf(name, sizeof name, "banner.%s.html", code);
		l->html = load_template(dirs, cfg->banner_html_file, code, first, name,
					err, errlen, &missing);
		if (missing)
			goto out;
		g_snprintf(name, sizeof name, "removed.%s.txt", code);
		l->removed = load_template(dirs, NULL, code, first, name, err, errlen,
					   &missing);
		if (missing)
			goto out;
		g_snprintf(name, sizeof name, "descriptions.%s.conf", code);
		char *path = find_file(dirs, name);
		if (path == NULL) {
			g_snprintf(err, errlen, "%s: not found in %s", name, dirs[0]);
			goto out;
		}
		l->desc = read_descriptions(path, err, errlen);
		g_free(path);
		if (l->desc == NULL)
			goto out;
	}
	if (b->langs->len == 0) {
		g_snprintf(err, errlen, "no banner language configured");
		goto out;
	}
	*out = b;
	b = NULL;
	st = TRIAGE_OK;
out:
	triage_banner_free(&b);
	return st;
}

void
triage_banner_free(triage_banner **bp)
{
	triage_banner *b = bp ? *bp : NULL;
	if (b == NULL)
		return;
	*bp = NULL;
	if (b->langs)
		g_ptr_array_unref(b->langs);
	g_free(b);
}

size_t
triage_banner_nlanguages(const triage_banner *b)
{
	return b->langs->len;
}

const char *
triage_banner_language(const triage_banner *b, size_t i)
{
	return i < b->langs->len ? ((rw_lang *)g_ptr_array_index(b->langs, i))->code : NULL;
}

const char *
triage_banner_describe(const triage_banner *b, const char *lang, const char *key)
{
	for (size_t i = 0; i < b->langs->len; i++) {
		rw_lang *l = g_ptr_array_index(b->langs, i);
		if (g_ascii_strcasecmp(l->code, lang) == 0)
			return g_hash_table_lookup(l->desc, key);
	}
	return NULL;
}

/* A category's text in a language; the "default" text for unknown ones. */
static const char *
describe(const rw_lang *l, const char *key)
{
	const char *d = g_hash_table_lookup(l->desc, key);
	if (d == NULL)
		d = g_hash_table_lookup(l->desc, "default");
	return d ? d : key;
}

/*
 * Names come from the attacker: no control characters, and bidi overrides
 * (the filename-rtlo trick) shown as a visible tag instead of applied.
 */
char *
rw_sanitize(const char *s)
{
	char *valid = g_utf8_make_valid(s ? s : "", -1);
	GString *o = g_string_new(NULL);
	glong n = 0;
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (n++ >= RW_MAX_NAME) {
			g_string_append(o, "...");
			break;
		}
		if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
		    c == 0x200e || c == 0x200f || c == 0x061c)
			g_string_append_printf(o, "[U+%04X]", c);
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
			g_string_append_c(o, ' ');
		else
			g_string_append_unichar(o, c);
	}
	g_free(valid);
	return g_string_free(o, FALSE);
}

/* HTML text with & < > " ' escaped. */
static void
append_escaped(GString *o, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': g_string_append(o, "&amp;"); break;
		case '<': g_string_append(o, "&lt;"); break;
		case '>': g_string_append(o, "&gt;"); break;
		case '"': g_string_append(o, "&quot;"); break;
		case '\'': g_string_append(o, "&#39;"); break;
		case '\n': g_string_append(o, "<br>"); break;
		default: g_string_append_c(o, *s);
		}
	}
}

/* Lines of the banner: unique (category, name) pairs in report order. */
static GPtrArray *
unique_items(const triage_rewrite_request *q)
{
	GPtrArray *u = g_ptr_array_new();
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (size_t i = 0; i < q->items->len; i++) {
		rw_item *it = g_ptr_array_index(q->items, i);
		char *k = g_strconcat(it->category, "\x01", it->name, NULL);
		if (g_hash_table_add(seen, k))
			g_ptr_array_add(u, it);
	}
	g_hash_table_unref(seen);
	return u;
}

/* What a placeholder stands for, in one language and format. */
typedef struct fill_ctx {
	const rw_lang *lang;
	const triage_rewrite_request *q;
	const rw_strip *strip;   /* removed-part text only */
	const char *sender;
	bool html;
} fill_ctx;

/* The {{findings}} block. */
static void
fill_findings(GString *o, const fill_ctx *c)
{
	GPtrArray *u = unique_items(c->q);
	if (c->html)
		g_string_append(o, "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" "
				"border=\"0\" style=\"border-collapse:collapse;margin:0;\">\n");
	for (size_t i = 0; i < u->len && i < RW_MAX_LINES; i++) {
		rw_item *it = g_ptr_array_index(u, i);
		char *name = rw_sanitize(*it->name ? it->name :
					 describe(c->lang, "unnamed"));
		const char *d = describe(c->lang, it->category);
		if (c->html) {
			/* Quirks-mode tables do not inherit font sizes: set them. */
			g_string_append(o, "<tr><td style=\"vertical-align:top;padding:3px 12px 3px 0;"
					"font-family:inherit;font-size:14px;line-height:1.5;color:#222222;"
					"font-weight:bold;word-break:break-all;width:30%;\">");
			append_escaped(o, name);
			g_string_append(o, "</td><td style=\"vertical-align:top;padding:3px 0;"
					"font-family:inherit;font-size:14px;line-height:1.5;color:#222222;\">");
			append_escaped(o, d);
			g_string_append(o, "</td></tr>\n");
		} else {
			g_string_append_printf(o, "  * %s: %s\n", name, d);
		}
		g_free(name);
	}
	if (u->len > RW_MAX_LINES) {
		char *more = g_strdup_printf("+%u", u->len - RW_MAX_LINES);
		if (c->html) {
			g_string_append(o, "<tr><td colspan=\"2\" style=\"padding:3px 0;"
					"font-family:inherit;font-size:14px;color:#222222;\">");
			append_escaped(o, more);
			g_string_append(o, "</td></tr>\n");
		} else {
			g_string_append_printf(o, "  * %s\n", more);
		}
		g_free(more);
	}
	if (c->html)
		g_string_append(o, "</table>");
	else if (o->len && o->str[o->len - 1] == '\n')
		g_string_truncate(o, o->len - 1);  /* the template ends the line */
	g_ptr_array_unref(u);
}

/* Unique names of the findings (or the strip target), comma separated. */
static char *
attachment_names(const fill_ctx *c)
{
	GString *o = g_string_new(NULL);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	if (c->strip) {
		g_string_append(o, c->strip->name);
	} else {
		for (size_t i = 0; i < c->q->items->len; i++) {
			rw_item *it = g_ptr_array_index(c->q->items, i);
			if (*it->name == '\0' || !g_hash_table_add(seen, it->name))
				continue;
			if (o->len)
				g_string_append(o, ", ");
			g_string_append(o, it->name);
		}
	}
	g_hash_table_unref(seen);
	char *s = rw_sanitize(o->str);
	g_string_free(o, TRUE);
	return s;
}

/* The reasons of one removed part, one per line. */
static char *
strip_reasons(const fill_ctx *c)
{
	GString *o = g_string_new(NULL);
	GPtrArray *cats = c->strip->categories;
	for (size_t i = 0; i < cats->len; i++)
		g_string_append_printf(o, "%s  * %s", i ? "\n" : "",
				       describe(c->lang, g_ptr_array_index(cats, i)));
	return g_string_free(o, FALSE);
}

/* Expand one placeholder into o; false when the name is unknown. */
static bool
fill_one(GString *o, const char *key, const fill_ctx *c)
{
	char *v = NULL;
	if (strcmp(key, "findings") == 0) {
		fill_findings(o, c);
		return true;
	}
	if (strcmp(key, "sender") == 0)
		v = rw_sanitize(c->sender);
	else if (strcmp(key, "attachments") == 0 || strcmp(key, "name") == 0)
		v = attachment_names(c);
	else if (strcmp(key, "action") == 0)
		v = g_strdup(describe(c->lang, c->q->mode == TRIAGE_REWRITE_STRIP ?
				      "action.strip" : "action.banner"));
	else if (strcmp(key, "quarantine_id") == 0)
		v = rw_sanitize(c->q->qid);
	else if (strcmp(key, "reasons") == 0 && c->strip)
		v = strip_reasons(c);
	else
		return false;
	if (c->html)
		append_escaped(o, v);
	else
		g_string_append(o, v);
	g_free(v);
	return true;
}

/* Replace {{name}} placeholders; unknown ones are left as they are. */
static void
fill(GString *o, const char *tpl, const fill_ctx *c)
{
	const char *p = tpl;
	while (*p) {
		const char *open = strstr(p, "{{");
		if (open == NULL) {
			g_string_append(o, p);
			break;
		}
		g_string_append_len(o, p, open - p);
		const char *close = strstr(open + 2, "}}");
		if (close == NULL || close - open > 40) {
			g_string_append(o, "{{");
			p = open + 2;
			continue;
		}
		char *key = g_strstrip(g_strndup(open + 2, close - open - 2));
		if (!fill_one(o, key, c))
			g_string_append_len(o, open, close + 2 - open);
		g_free(key);
		p = close + 2;
	}
}

/* The text banner: one block per language, then a blank line. */
char *
rw_banner_text(const triage_banner *b, const triage_rewrite_request *q,
	       const char *sender)
{
	GString *o = g_string_new(NULL);
	for (size_t i = 0; i < b->langs->len; i++) {
		const rw_lang *l = g_ptr_array_index(b->langs, i);
		if (l->text == NULL)
			continue;
		fill_ctx c = { l, q, NULL, sender, false };
		if (o->len)
			g_string_append_c(o, '\n');
		fill(o, l->text, &c);
		if (o->len && o->str[o->len - 1] != '\n')
			g_string_append_c(o, '\n');
	}
	g_string_append_c(o, '\n');
	return g_string_free(o, FALSE);
}

/* The HTML banner: the language blocks after a marker comment. */
char *
rw_banner_html(const triage_banner *b, const triage_rewrite_request *q,
	       const char *sender)
{
	GString *o = g_string_new("\n<!-- triage-milter banner -->\n");
	for (size_t i = 0; i < b->langs->len; i++) {
		const rw_lang *l = g_ptr_array_index(b->langs, i);
		if (l->html == NULL)
			continue;
		fill_ctx c = { l, q, NULL, sender, true };
		fill(o, l->html, &c);
		if (o->str[o->len - 1] != '\n')
			g_string_append_c(o, '\n');
	}
	g_string_append(o, "<!-- end triage-milter banner -->\n");
	return g_string_free(o, FALSE);
}

/* The text that replaces a removed attachment, in every language. */
char *
rw_removed_text(const triage_banner *b, const triage_rewrite_request *q,
		const rw_strip *s, const char *sender)
{
	GString *o = g_string_new(NULL);
	for (size_t i = 0; i < b->langs->len; i++) {
		const rw_lang *l = g_ptr_array_index(b->langs, i);
		if (l->removed == NULL)
			continue;
		fill_ctx c = { l, q, s, sender, false };
		if (o->len)
			g_string_append_c(o, '\n');
		fill(o, l->removed, &c);
		if (o->len && o->str[o->len - 1] != '\n')
			g_string_append_c(o, '\n');
	}
	return g_string_free(o, FALSE);
}
