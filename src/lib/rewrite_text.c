/* rewrite_text.c - put the banner into one text part, keeping charset and CTE. */
#include "config.h"

#include <string.h>

#include "rewrite_int.h"

/* Decoded (transfer-decoded, still in the part's charset) content. */
GByteArray *
rw_part_decode(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *out = g_byte_array_new();
	if (w && g_mime_data_wrapper_write_to_stream(w, mem) >= 0) {
		GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
		g_byte_array_append(out, ba->data, ba->len);
	}
	g_object_unref(mem);
	return out;
}

/* Charsets whose bytes are not ASCII-compatible: searched after conversion. */
static bool
charset_wide(const char *cs)
{
	return g_ascii_strncasecmp(cs, "utf-16", 6) == 0 ||
	       g_ascii_strncasecmp(cs, "utf-32", 6) == 0 ||
	       g_ascii_strncasecmp(cs, "ucs", 3) == 0 ||
	       g_ascii_strncasecmp(cs, "utf-7", 5) == 0;
}

static bool
is_utf8(const char *cs)
{
	return g_ascii_strcasecmp(cs, "utf-8") == 0 || g_ascii_strcasecmp(cs, "utf8") == 0;
}

/* Case-insensitive match of an ASCII word at p (bounded by end). */
static bool
match_ci(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && g_ascii_strncasecmp(p, word, n) == 0;
}

/* Past the '>' that closes the tag starting at p (quotes respected), or NULL. */
static const char *
tag_end(const char *p, const char *end)
{
	char quote = 0;
	for (; p < end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '>') {
			return p + 1;
		}
	}
	return NULL;
}

/* A tag name ends at space, '>' or '/': "<body" must not match "<bodyx". */
static bool
tag_at(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);
	if (!match_ci(p, end, name))
		return false;
	if (p + n >= end)
		return false;
	char c = p[n];
	return c == '>' || c == '/' || g_ascii_isspace(c);
}

/*
 * Where the HTML banner goes: just past <body ...>; without a body tag
 * past </head>, else past <html ...>, else at the start.  Comments are
 * skipped; in ISO-2022 text only bytes in ASCII mode count as markup.
 */
size_t
rw_html_offset(const char *data, size_t len, bool iso2022)
{
	const char *p = data, *end = data + len;
	const char *after_head = NULL, *after_html = NULL;
	bool ascii = true;
	while (p < end) {
		if (iso2022 && *p == 0x1b) {
			/* ESC ( B / ESC ( J: ASCII; any other designation: not. */
			if (end - p >= 3 && p[1] == '(')
				ascii = p[2] == 'B' || p[2] == 'J';
			else if (end - p >= 2 && p[1] == '$')
				ascii = false;
			p++;
			continue;
		}
		if (!ascii || *p != '<') {
			p++;
			continue;
		}
		if (match_ci(p, end, "<!--")) {
			const char *c = g_strstr_len(p + 4, end - p - 4, "-->");
			p = c ? c + 3 : end;
			continue;
		}
		if (tag_at(p, end, "<body")) {
			const char *e = tag_end(p, end);
			return e ? (size_t)(e - data) : len;
		}
		if (after_head == NULL && tag_at(p, end, "</head"))
			after_head = tag_end(p, end);
		else if (after_html == NULL && tag_at(p, end, "<html"))
			after_html = tag_end(p, end);
		p++;
	}
	if (after_head)
		return (size_t)(after_head - data);
	if (after_html)
		return (size_t)(after_html - data);
	return 0;
}

/* LF -> CRLF (for content that keeps CRLF inside base64). */
static char *
to_crlf(const char *s)
{
	GString *o = g_string_new(NULL);
	for (; *s; s++) {
		if (*s == '\n')
			g_string_append_c(o, '\r');
		g_string_append_c(o, *s);
	}
	return g_string_free(o, FALSE);
}

/* Drop the CR of each CRLF (GMime writes LF; the output filter adds CR). */
static void
strip_cr(GByteArray *ba)
{
	guint w = 0;
	for (guint i = 0; i < ba->len; i++)
		if (!(ba->data[i] == '\r' && i + 1 < ba->len && ba->data[i + 1] == '\n'))
			ba->data[w++] = ba->data[i];
	g_byte_array_set_size(ba, w);
}

/*
 * UTF-8 HTML into `charset`; characters it cannot hold become numeric
 * character references, which every HTML reader decodes.
 */
static char *
html_to_charset(const char *html, const char *charset, gsize *outlen)
{
	char *out = g_convert(html, -1, charset, "UTF-8", NULL, outlen, NULL);
	if (out)
		return out;
	GString *ascii = g_string_new(NULL);
	for (const char *p = html; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c < 0x80) {
			g_string_append_c(ascii, (char)c);
			continue;
		}
		char buf[8];
		int n = g_unichar_to_utf8(c, buf);
		char *one = g_convert(buf, n, charset, "UTF-8", NULL, NULL, NULL);
		if (one && g_ascii_strncasecmp(charset, "iso-2022", 8) != 0) {
			g_string_append(ascii, one);
		} else {
			/* ISO-2022 mode shifts per character would be wasteful. */
			g_string_append_printf(ascii, "&#%u;", c);
		}
		g_free(one);
	}
	*outlen = ascii->len;
	return g_string_free(ascii, FALSE);
}

/* True when any byte is 8-bit. */
static bool
has_8bit(const guint8 *d, gsize n)
{
	for (gsize i = 0; i < n; i++)
		if (d[i] & 0x80)
			return true;
	return false;
}

/*
 * Put `banner` (UTF-8; text, or an HTML block) at the top of the part:
 * decode, insert in the part's own charset, re-encode with the part's own
 * transfer encoding.  Only when the charset cannot hold the banner (or
 * is not ASCII-compatible) is the part converted and re-labelled UTF-8.
 */
rw_insert_result
rw_insert_banner(GMimePart *part, const char *banner, bool html,
		 bool *encoding_changed)
{
	rw_insert_result res = RW_INSERT_FAILED;
	GMimeObject *obj = GMIME_OBJECT(part);
	const char *cs = g_mime_object_get_content_type_parameter(obj, "charset");
	char *charset = g_ascii_strdown(cs && *cs ? cs : "us-ascii", -1);
	const char *iconv_cs = g_mime_charset_iconv_name(charset);
	GMimeContentEncoding enc = g_mime_part_get_content_encoding(part);
	bool keep_crlf = enc == GMIME_CONTENT_ENCODING_BASE64 ||
			 enc == GMIME_CONTENT_ENCODING_UUENCODE;
	GByteArray *data = rw_part_decode(part);
	GByteArray *out = g_byte_array_new();
	char *ban = NULL, *conv = NULL;
	gsize convlen = 0;
	*encoding_changed = false;

	/* The banner follows the part's line ends where they are kept as is. */
	bool crlf = keep_crlf && g_strstr_len((const char *)data->data,
					      data->len, "\r\n") != NULL;
	if (!keep_crlf)
		strip_cr(data);
	ban = crlf ? to_crlf(banner) : g_strdup(banner);

	if (!charset_wide(charset)) {
		size_t at = 0;
		if (html) {
			at = rw_html_offset((const char *)data->data, data->len,
					    g_ascii_strncasecmp(charset, "iso-2022", 8) == 0);
			conv = html_to_charset(ban, iconv_cs, &convlen);
		} else if (is_utf8(charset)) {
			conv = g_strdup(ban);
			convlen = strlen(conv);
		} else {
			conv = g_convert(ban, -1, iconv_cs, "UTF-8", NULL, &convlen, NULL);
		}
		if (conv) {
			g_byte_array_append(out, data->data, at);
			g_byte_array_append(out, (const guint8 *)conv, convlen);
			g_byte_array_append(out, data->data + at, data->len - at);
			res = RW_INSERT_KEPT;
		}
	}
	if (res == RW_INSERT_FAILED) {
		/* Re-label: the whole part becomes UTF-8. */
		char *u = g_convert((const char *)data->data, data->len, "UTF-8",
				    iconv_cs, NULL, NULL, NULL);
		if (u == NULL)
			u = g_utf8_make_valid((const char *)data->data, data->len);
		size_t ulen = strlen(u);
		size_t at = html ? rw_html_offset(u, ulen, false) : 0;
		g_byte_array_append(out, (const guint8 *)u, at);
		g_byte_array_append(out, (const guint8 *)ban, strlen(ban));
		g_byte_array_append(out, (const guint8 *)u + at, ulen - at);
		g_free(u);
		g_mime_object_set_content_type_parameter(obj, "charset", "utf-8");
		res = RW_INSERT_RELABELLED;
	}

	/* 7bit cannot carry the new 8-bit bytes: quoted-printable keeps the
	 * original text readable; other encodings stay as they were. */
	if ((enc == GMIME_CONTENT_ENCODING_DEFAULT || enc == GMIME_CONTENT_ENCODING_7BIT) &&
	    has_8bit(out->data, out->len)) {
		g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
		*encoding_changed = true;
	}
	GMimeStream *s = g_mime_stream_mem_new_with_byte_array(out);
	out = NULL;  /* owned by the stream now */
	GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(s, GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, w);
	g_object_unref(w);
	g_object_unref(s);

	g_free(conv);
	g_free(ban);
	g_byte_array_unref(data);
	g_free(charset);
	return res;
}
