/* html.c - files carried in HTML as data: URIs (href/src/action values, JS strings). */
#include "config.h"

#include <string.h>

#include "blob.h"
#include "filetype_int.h"
#include "formats_int.h"

#define HTML_MEDIATYPE_MAX 128u   /* "data:" ... ";base64" stays this short */
#define HTML_TAG_LOOK 2048u       /* bytes around a URI searched for download= */

/* Base64 alphabet (and white space browsers drop inside a data: URI). */
static bool
b64_char(unsigned char c)
{
	return g_ascii_isalnum(c) || c == '+' || c == '/' || c == '=' ||
	       c == '-' || c == '_' || c == '\r' || c == '\n' || c == ' ' ||
	       c == '\t';
}

/* Cheap test before the walk: every base64 data: URI has "64," in it. */
bool
triage_html_wants(const triage_object *o)
{
	return memmem(triage_object_data(o), triage_object_size(o), "64,", 3) != NULL;
}

/* Inline images, fonts and style sheets are everywhere in newsletters and carry no program. */
static bool
skipped_type(const char *t)
{
	return g_str_has_prefix(t, "image/") || g_str_has_prefix(t, "font/") ||
	       g_str_has_prefix(t, "application/font") ||
	       g_str_has_prefix(t, "application/x-font") ||
	       strcmp(t, "application/vnd.ms-fontobject") == 0 ||
	       strcmp(t, "text/css") == 0;
}

/*
 * For the ";base64," at d[semi], find "data:" before it (within the
 * mediatype bound) at the start of a value or string; its offset, or
 * (size_t)-1.  *type gets the lower-cased mediatype (g_free).
 */
static size_t
uri_start(const unsigned char *d, size_t semi, char **type)
{
	size_t lo = semi > HTML_MEDIATYPE_MAX ? semi - HTML_MEDIATYPE_MAX : 0;
	for (size_t i = semi; i-- > lo;) {
		unsigned char c = d[i];
		if (c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' ||
		    g_ascii_isspace(c))
			return (size_t)-1;
		if (c != ':' || i < 4 || g_ascii_strncasecmp((const char *)d + i - 4, "data", 4) != 0)
			continue;
		size_t s = i - 4;
		unsigned char before = s > 0 ? d[s - 1] : '"';
		if (g_ascii_isalnum(before) || before == '-' || before == '_')
			return (size_t)-1;   /* "metadata:" and the like */
		/* mediatype ends at the first ';' (parameters such as name=...) */
		size_t e = i + 1;
		while (e < semi && d[e] != ';')
			e++;
		*type = g_ascii_strdown((const char *)d + i + 1, (gssize)(e - i - 1));
		return s;
	}
	return (size_t)-1;
}

/* Value of a download="..." attribute in the tag around [from, to), or NULL. */
static char *
download_name(const unsigned char *d, size_t n, size_t from, size_t to)
{
	size_t lo = from > HTML_TAG_LOOK ? from - HTML_TAG_LOOK : 0;
	const unsigned char *lt = NULL;
	for (size_t i = from; i-- > lo;)
		if (d[i] == '<') {
			lt = d + i;
			break;
		} else if (d[i] == '>') {
			break;
		}
	size_t hi = n - to > HTML_TAG_LOOK ? to + HTML_TAG_LOOK : n;
	const unsigned char *gt = memchr(d + to, '>', hi - to);
	/* the attribute sits before or after the URI, inside the tag */
	const unsigned char *ranges[2][2] = {
		{ lt, lt ? d + from : NULL }, { d + to, gt },
	};
	for (int r = 0; r < 2; r++) {
		const unsigned char *a = ranges[r][0], *b = ranges[r][1];
		if (a == NULL || b == NULL || b <= a)
			continue;
		const unsigned char *p = triage_ft_memcasemem(a, (size_t)(b - a), "download=");
		if (p == NULL)
			continue;
		p += 9;
		unsigned char q = p < b ? *p : 0;
		if (q != '"' && q != '\'')
			continue;
		const unsigned char *e = memchr(p + 1, q, (size_t)(b - p - 1));
		if (e == NULL || e == p + 1)
			continue;
		char *name = g_utf8_make_valid((const char *)p + 1, (gssize)(e - p - 1));
		const char *base = name;
		for (const char *s = name; *s; s++)
			if (*s == '/' || *s == '\\')
				base = s + 1;
		char *out = *base ? g_strdup(base) : NULL;
		g_free(name);
		if (out)
			return out;
	}
	return NULL;
}

/* Decode base64 d[from, to) (white space dropped) into a blob; NULL on I/O error. */
static triage_blob *
decode(triage_ctx *ctx, const unsigned char *d, size_t from, size_t to,
       bool *truncated)
{
	triage_blob_writer *w = triage_ctx_writer(ctx);
	gint state = 0;
	guint save = 0;
	unsigned char out[3072 + 3];
	for (size_t i = from; i < to && !triage_blob_writer_truncated(w);) {
		size_t k = to - i < 4096 ? to - i : 4096;
		/* URL-safe variants: '-' '_' read as '+' '/' */
		char in[4096];
		size_t m = 0;
		for (size_t j = 0; j < k; j++) {
			unsigned char c = d[i + j];
			if (c == '-')
				c = '+';
			else if (c == '_')
				c = '/';
			in[m++] = (char)c;
		}
		gsize got = g_base64_decode_step(in, m, out, &state, &save);
		triage_blob_writer_write(w, out, got);
		i += k;
	}
	*truncated = triage_blob_writer_truncated(w);
	return triage_blob_writer_finish(&w);
}

/* Each base64 data: URI of a type that may carry a file as a child (kind "embedded"). */
triage_status
triage_html_run(triage_ctx *ctx, triage_object *o)
{
	const unsigned char *d = triage_object_data(o);
	size_t n = triage_object_size(o), pos = 0;
	uint64_t count = 0;
	bool stop = false;
	triage_status st = TRIAGE_OK;

	while (!stop && pos < n) {
		const unsigned char *hit = memmem(d + pos, n - pos, "64,", 3);
		if (hit == NULL)
			break;
		size_t c = (size_t)(hit - d);      /* at "64," */
		pos = c + 3;
		if (c < 5 || g_ascii_strncasecmp((const char *)d + c - 5, ";base", 5) != 0)
			continue;
		char *type = NULL;
		size_t s = uri_start(d, c - 5, &type);
		if (s == (size_t)-1)
			continue;
		size_t e = pos;
		while (e < n && b64_char(d[e]))
			e++;
		if (skipped_type(type) || e == pos) {
			g_free(type);
			pos = e;
			continue;
		}
		g_free(type);
		if (ctx->lim->max_embedded > 0 && count >= ctx->lim->max_embedded) {
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, "max_embedded");
			st = TRIAGE_WARN;
			break;
		}
		count++;
		bool truncated = false;
		triage_blob *blob = decode(ctx, d, pos, e, &truncated);
		if (blob == NULL) {
			snprintf(ctx->err, sizeof ctx->err, "html: cannot write a temp file");
			return TRIAGE_ERR_IO;
		}
		char *name = download_name(d, n, s, e);
		if (name == NULL)
			name = g_strdup_printf("data%" G_GUINT64_FORMAT ".bin", count);
		triage_fmt_add_blob(ctx, o, name, "embedded", blob, truncated, &stop);
		g_free(name);
		triage_blob_unref(&blob);
		pos = e;
	}
	return st;
}
