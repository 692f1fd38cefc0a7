/* mime_text.c - body texts to UTF-8, HTML to plain text, uuencoded blocks in bodies. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "mime_int.h"

/* Canonical iconv name; Shift_JIS mail is written by Windows, so use its superset. */
static const char *
charset_name(const char *charset)
{
	if (charset == NULL || *charset == '\0')
		return NULL;
	if (g_ascii_strcasecmp(charset, "shift_jis") == 0 ||
	    g_ascii_strcasecmp(charset, "shift-jis") == 0 ||
	    g_ascii_strcasecmp(charset, "sjis") == 0 ||
	    g_ascii_strcasecmp(charset, "x-sjis") == 0 ||
	    g_ascii_strcasecmp(charset, "windows-31j") == 0 ||
	    g_ascii_strcasecmp(charset, "ms_kanji") == 0)
		return "CP932";
	if (g_ascii_strcasecmp(charset, "iso-2022-jp") == 0)
		return "ISO-2022-JP-2";
	return g_mime_charset_iconv_name(charset);
}

/*
 * Convert with iconv, replacing undecodable bytes by U+FFFD instead of
 * failing: one bad byte must not hide a whole body from the password
 * finder.  Returns NULL when the charset is unknown; *errors counts the
 * replacements.
 */
static char *
convert_lenient(const unsigned char *data, size_t len, const char *charset,
		size_t *errors)
{
	GIConv cd = g_iconv_open("UTF-8", charset);
	if (cd == (GIConv)-1)
		return NULL;
	GString *out = g_string_sized_new(len + len / 2 + 16);
	char buf[4096];
	char *in = (char *)data;
	gsize inleft = len;
	*errors = 0;
	while (inleft > 0) {
		char *o = buf;
		gsize oleft = sizeof buf;
		gsize r = g_iconv(cd, &in, &inleft, &o, &oleft);
		int e = errno;
		g_string_append_len(out, buf, (gssize)(sizeof buf - oleft));
		if (r != (gsize)-1)
			break;
		if (e == E2BIG)
			continue;
		/* EILSEQ, or EINVAL (sequence cut at the end) */
		g_string_append(out, "\xef\xbf\xbd");
		(*errors)++;
		in++;
		inleft--;
		g_iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* flush the shift state of stateful charsets */
	char *o = buf;
	gsize oleft = sizeof buf;
	g_iconv(cd, NULL, NULL, &o, &oleft);
	g_string_append_len(out, buf, (gssize)(sizeof buf - oleft));
	g_iconv_close(cd);
	return g_string_free(out, FALSE);
}

/* Replace NUL bytes (UTF-16 mistakes, binary junk) so C strings stay whole. */
static char *
strip_nuls(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\0')
			s[i] = ' ';
	return s;
}

/* Body text to UTF-8: the declared charset, else the usual suspects for mail. */
char *
triage_mime_text_to_utf8(const unsigned char *data, size_t len,
			 const char *charset)
{
	static const char *const guesses[] = {
		"ISO-2022-JP-2", "EUC-JP", "CP932", "WINDOWS-1252", NULL
	};
	if (len > TRIAGE_MIME_TEXT_MAX)
		len = TRIAGE_MIME_TEXT_MAX;
	char *best = NULL;
	size_t best_err = SIZE_MAX;
	const char *cs = charset_name(charset);
	if (cs && g_ascii_strcasecmp(cs, "us-ascii") != 0) {
		best = convert_lenient(data, len, cs, &best_err);
		if (best && best_err == 0)
			return best;
	}
	/* undeclared, wrong (us-ascii with 8-bit) or broken: guess */
	if (g_utf8_validate((const char *)data, (gssize)len, NULL)) {
		g_free(best);
		return strip_nuls(g_strndup((const char *)data, len), 0);
	}
	bool has_esc = memchr(data, 0x1b, len) != NULL;
	for (int i = 0; guesses[i]; i++) {
		if (i == 0 && !has_esc)
			continue;
		size_t err = 0;
		char *s = convert_lenient(data, len, guesses[i], &err);
		if (s && err < best_err) {
			g_free(best);
			best = s;
			best_err = err;
		} else {
			g_free(s);
		}
		if (best_err == 0)
			break;
	}
	if (best == NULL)
		best = g_utf8_make_valid((const char *)data, (gssize)len);
	return strip_nuls(best, strlen(best));
}

/* A string as valid UTF-8 (never NULL). */
char *
triage_mime_utf8_valid(const char *s)
{
	return g_utf8_make_valid(s ? s : "", -1);
}

/* Named entities that matter for text; the rest stay literal. */
static const struct { const char *name; const char *utf8; } entities[] = {
	{"nbsp", " "}, {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""},
	{"apos", "'"}, {"ensp", " "}, {"emsp", " "}, {"thinsp", " "},
	{"yen", "\xc2\xa5"}, {"copy", "\xc2\xa9"}, {"reg", "\xc2\xae"},
	{"laquo", "\xc2\xab"}, {"raquo", "\xc2\xbb"}, {"middot", "\xc2\xb7"},
	{"ldquo", "\xe2\x80\x9c"}, {"rdquo", "\xe2\x80\x9d"},
	{"lsquo", "\xe2\x80\x98"}, {"rsquo", "\xe2\x80\x99"},
	{"hellip", "\xe2\x80\xa6"}, {"mdash", "\xe2\x80\x94"},
	{"ndash", "\xe2\x80\x93"},
};

/* Decode one entity at s (s[0] == '&'); returns bytes consumed, 0 if none. */
static size_t
decode_entity(const char *s, size_t left, GString *out)
{
	size_t end = 1;
	while (end < left && end < 12 && s[end] != ';' &&
	       (g_ascii_isalnum(s[end]) || s[end] == '#'))
		end++;
	if (end >= left || s[end] != ';' || end < 2)
		return 0;
	if (s[1] == '#') {
		gunichar c = 0;
		bool hex = end > 2 && (s[2] == 'x' || s[2] == 'X');
		size_t i = hex ? 3 : 2;
		if (i >= end)
			return 0;
		for (; i < end; i++) {
			int d = hex ? g_ascii_xdigit_value(s[i]) : g_ascii_digit_value(s[i]);
			if (d < 0 || c > 0x10FFFF)
				return 0;
			c = c * (hex ? 16 : 10) + (gunichar)d;
		}
		if (c == 0 || c == 0xA0)
			c = ' ';
		if (!g_unichar_validate(c))
			return 0;
		g_string_append_unichar(out, c);
		return end + 1;
	}
	for (size_t k = 0; k < G_N_ELEMENTS(entities); k++) {
		size_t n = strlen(entities[k].name);
		if (n == end - 1 && strncmp(s + 1, entities[k].name, n) == 0) {
			g_string_append(out, entities[k].utf8);
			return end + 1;
		}
	}
	return 0;
}

/* True when the tag starting after '<' at s is `name` (case-insensitive). */
static bool
tag_is(const char *s, size_t left, const char *name)
{
	size_t n = strlen(name);
	if (left < n || g_ascii_strncasecmp(s, name, n) != 0)
		return false;
	return left == n || !g_ascii_isalnum(s[n]);
}

/* Tags that start a new line when rendered. */
static bool
tag_breaks_line(const char *s, size_t left)
{
	static const char *const block[] = {
		"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "ul", "ol", "blockquote", "pre", "hr", "dt", "dd", NULL
	};
	if (left > 0 && *s == '/') {
		s++;
		left--;
	}
	for (int i = 0; block[i]; i++)
		if (tag_is(s, left, block[i]))
			return true;
	return false;
}

/* Skip past the first case-insensitive occurrence of `needle`. */
static size_t
skip_past(const char *s, size_t left, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= left; i++)
		if (g_ascii_strncasecmp(s + i, needle, n) == 0)
			return i + n;
	return left;
}

/* Visible text of HTML: what a reader sees, with line breaks kept. */
char *
triage_mime_html_to_text(const char *html, size_t len)
{
	GString *out = g_string_sized_new(len / 2 + 16);
	size_t i = 0;
	while (i < len) {
		char c = html[i];
		if (c == '<') {
			const char *t = html + i + 1;
			size_t left = len - i - 1;
			if (left >= 3 && strncmp(t, "!--", 3) == 0) {
				i += 1 + skip_past(t, left, "-->");
				continue;
			}
			if (tag_is(t, left, "script") || tag_is(t, left, "style") ||
			    tag_is(t, left, "head") || tag_is(t, left, "title")) {
				const char *close = tag_is(t, left, "script") ? "</script" :
					tag_is(t, left, "style") ? "</style" :
					tag_is(t, left, "head") ? "</head" : "</title";
				i += 1 + skip_past(t, left, close);
				continue;
			}
			if (tag_breaks_line(t, left))
				g_string_append_c(out, '\n');
			else if (tag_is(t, left, "td") || tag_is(t, left, "th"))
				g_string_append_c(out, ' ');
			/* to the end of the tag, minding quoted attribute values */
			char quote = 0;
			i++;
			while (i < len) {
				char d = html[i++];
				if (quote) {
					if (d == quote)
						quote = 0;
				} else if (d == '"' || d == '\'') {
					quote = d;
				} else if (d == '>') {
					break;
				}
			}
			continue;
		}
		if (c == '&') {
			size_t n = decode_entity(html + i, len - i, out);
			if (n > 0) {
				i += n;
				continue;
			}
		}
		if (c == '\r') {
			i++;
			continue;
		}
		g_string_append_c(out, c == '\0' ? ' ' : c);
		i++;
	}
	char *s = g_utf8_make_valid(out->str, (gssize)out->len);
	g_string_free(out, TRUE);
	return s;
}

/* One uuencoded line into w; false on a line that is not uuencode. */
static bool
uudecode_line(const unsigned char *p, size_t n, triage_blob_writer *w)
{
	if (n == 0)
		return true;
	size_t want = (size_t)((p[0] - 0x20) & 0x3f);
	unsigned char out[64];
	size_t got = 0;
	for (size_t i = 1; i + 3 < n + 3 && got < want; i += 4) {
		unsigned char q[4];
		for (int k = 0; k < 4; k++) {
			unsigned char ch = i + (size_t)k < n ? p[i + (size_t)k] : '`';
			if (ch < 0x20 || ch > 0x60)
				return false;
			q[k] = (unsigned char)((ch - 0x20) & 0x3f);
		}
		unsigned char b[3] = {
			(unsigned char)(q[0] << 2 | q[1] >> 4),
			(unsigned char)(q[1] << 4 | q[2] >> 2),
			(unsigned char)(q[2] << 6 | q[3]),
		};
		for (int k = 0; k < 3 && got < want; k++)
			out[got++] = b[k];
	}
	return !TRIAGE_IS_ERROR(triage_blob_writer_write(w, out, got));
}

/* Name of a "begin 644 name" line, or NULL when the line is not one. */
static char *
uu_begin_name(const char *line, size_t n)
{
	if (n < 8 || strncmp(line, "begin ", 6) != 0)
		return NULL;
	size_t i = 6, digits = 0;
	while (i < n && line[i] >= '0' && line[i] <= '7') {
		i++;
		digits++;
	}
	if (digits < 3 || digits > 4 || i >= n || line[i] != ' ')
		return NULL;
	i++;
	char *raw = g_strndup(line + i, n - i);
	g_strstrip(raw);
	if (*raw == '\0') {
		g_free(raw);
		return NULL;
	}
	char *name = triage_mime_text_to_utf8((const unsigned char *)raw,
					      strlen(raw), NULL);
	g_free(raw);
	return name;
}

/* The uuencoded files hidden in a text body, as children of parent. */
void
triage_mime_uudecode_blocks(triage_ctx *ctx, triage_object *parent,
			    const unsigned char *data, size_t len, bool *stop)
{
	const char *s = (const char *)data;
	size_t pos = 0;
	uint64_t nblocks = 0;
	while (pos < len && !*stop) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t n = end - pos;
		if (n > 0 && s[end - 1] == '\r')
			n--;
		char *name = uu_begin_name(s + pos, n);
		pos = nl ? end + 1 : len;
		if (name == NULL)
			continue;
		triage_blob_writer *w = triage_ctx_writer(ctx);
		bool ended = false, bad = false;
		while (pos < len) {
			nl = memchr(s + pos, '\n', len - pos);
			end = nl ? (size_t)(nl - s) : len;
			n = end - pos;
			if (n > 0 && s[end - 1] == '\r')
				n--;
			const unsigned char *line = data + pos;
			pos = nl ? end + 1 : len;
			if (n == 3 && memcmp(line, "end", 3) == 0) {
				ended = true;
				break;
			}
			if (!bad && !uudecode_line(line, n, w))
				bad = true;
		}
		bool truncated = triage_blob_writer_truncated(w);
		triage_blob *blob = triage_blob_writer_finish(&w);
		if (blob == NULL) {
			g_free(name);
			return;
		}
		char *seg = triage_mime_unique_segment(parent, name);
		triage_object *child = triage_object_add_child(parent, seg, name,
							       "mime", blob);
		g_free(seg);
		g_free(name);
		triage_object_set_declared_type(child, "application/octet-stream");
		triage_object_set_bool(child, TF_IS_ATTACHMENT, true);
		if (truncated)
			triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT,
						    "max_object_size");
		if (bad || !ended)
			triage_object_set_unscanned(child, TRIAGE_UNSCANNED_CORRUPT,
						    "bad uuencoded data");
		if (triage_ctx_account(ctx, child, triage_blob_size(blob)) == TRIAGE_LIMIT)
			*stop = true;
		triage_blob_unref(&blob);
		if (ctx->lim->max_mime_parts > 0 && ++nblocks >= ctx->lim->max_mime_parts)
			break;
	}
}
