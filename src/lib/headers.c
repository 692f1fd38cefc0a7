/* headers.c - folding, X-Triage-Findings text, RFC 2047-aware subject prefix. */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <glib.h>
#include <gmime/gmime.h>

#include "triage/headers.h"

#define LINE_MAX_CHARS 78
/* "=?UTF-8?B?" + base64 + "?=" within 75 characters: 60 base64 = 45 bytes. */
#define WORD_MAX_BYTES 45
/* Longest object text in a findings header, in bytes. */
#define COMMENT_MAX_BYTES 120

/* Fold before spaces so that lines stay within 78 characters where possible. */
char *
triage_header_fold(const char *name, const char *value, const char *eol)
{
	GString *out = g_string_new("");
	size_t col = strlen(name) + 2; /* "Name: " */
	const char *p = value;

	while (*p) {
		/* The next word: leading spaces plus the non-space run after them. */
		const char *w = p;
		while (*w == ' ')
			w++;
		const char *e = w;
		while (*e && *e != ' ')
			e++;
		size_t wlen = (size_t)(e - p);
		if (col + wlen > LINE_MAX_CHARS && p != value && *p == ' ' && w != e) {
			g_string_append(out, eol);
			col = 0;
		}
		g_string_append_len(out, p, (gssize)wlen);
		col += wlen;
		p = e;
	}
	return g_string_free(out, FALSE);
}

/* Bytes of the longest UTF-8 prefix of s (length n) that fits in max bytes. */
static size_t
utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t cut = max;
	/* Back off continuation bytes (10xxxxxx) to a character start. */
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return cut > 0 ? cut : max;
}

/* RFC 2047 B-encoded UTF-8 words of at most 75 characters. */
char *
triage_header_encode_words(const char *utf8)
{
	char *valid = g_utf8_make_valid(utf8 ? utf8 : "", -1);
	GString *out = g_string_new("");
	const char *p = valid;
	size_t left = strlen(valid);

	while (left > 0) {
		size_t n = utf8_cut(p, left, WORD_MAX_BYTES);
		char *b64 = g_base64_encode((const guchar *)p, n);
		if (out->len)
			g_string_append_c(out, ' ');
		g_string_append_printf(out, "=?UTF-8?B?%s?=", b64);
		g_free(b64);
		p += n;
		left -= n;
	}
	g_free(valid);
	return g_string_free(out, FALSE);
}

static bool
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* An object path as text for a header comment. */
char *
triage_header_comment_text(const char *path)
{
	char *valid = g_utf8_make_valid(path ? path : "", -1);
	const char *p = valid;
	size_t len = strlen(valid);
	bool cut = false;
	GString *out = g_string_new("");

	if (len > COMMENT_MAX_BYTES) {
		/* Keep the end: the innermost object is what the reader needs. */
		p = valid + len - COMMENT_MAX_BYTES;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		cut = true;
	}
	if (!is_ascii(p)) {
		/* Encoded-words may stand in a comment (RFC 2047 section 5). */
		GString *clean = g_string_new(cut ? "..." : "");
		for (const char *q = p; *q; q++)
			g_string_append_c(clean, ((unsigned char)*q < 0x20 || *q == 0x7f) ? '?' : *q);
		char *enc = triage_header_encode_words(clean->str);
		g_string_append(out, enc);
		g_free(enc);
		g_string_free(clean, TRUE);
		goto out;
	}
	if (cut)
		g_string_append(out, "...");
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			g_string_append_c(out, '?');
		else if (c == '(' || c == ')' || c == '\\')
			g_string_append_printf(out, "\\%c", c);
		else
			g_string_append_c(out, (char)c);
	}
out:
	g_free(valid);
	return g_string_free(out, FALSE);
}

/* Category names come from rule meta: keep them to a safe token. */
static char *
safe_token(const char *s)
{
	GString *out = g_string_new("");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		g_string_append_c(out, (g_ascii_isalnum(c) || c == '-' || c == '_' ||
					c == '.' || c == ':') ? (char)c : '_');
	}
	if (out->len == 0)
		g_string_append(out, "unknown");
	return g_string_free(out, FALSE);
}

/* "category (object); ..." with duplicates dropped and a count of the rest. */
char *
triage_header_findings(const char *const *categories,
		       const char *const *objects, size_t n, size_t max_items)
{
	GString *out = g_string_new("");
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	size_t listed = 0, more = 0;

	for (size_t i = 0; i < n; i++) {
		char *cat = safe_token(categories[i]);
		char *obj = triage_header_comment_text(objects ? objects[i] : "");
		char *item = *obj ? g_strdup_printf("%s (%s)", cat, obj) : g_strdup(cat);
		g_free(cat);
		g_free(obj);
		if (g_hash_table_contains(seen, item)) {
			g_free(item);
			continue;
		}
		if (listed >= max_items) {
			more++;
			g_hash_table_add(seen, item);
			continue;
		}
		if (out->len)
			g_string_append(out, "; ");
		g_string_append(out, item);
		listed++;
		g_hash_table_add(seen, item);
	}
	if (more > 0)
		g_string_append_printf(out, "; +%zu more", more);
	g_hash_table_destroy(seen);
	return g_string_free(out, FALSE);
}

/* Decoded text of a raw header value (for the "already prefixed" test). */
static char *
decode_text(const char *raw)
{
	char *unfolded = g_strdup(raw);
	/* Unfold: drop CR and LF; the following white space stays. */
	char *w = unfolded;
	for (const char *r = raw; *r; r++)
		if (*r != '\r' && *r != '\n')
			*w++ = *r;
	*w = '\0';
	char *dec = g_mime_utils_header_decode_text(NULL, unfolded);
	g_free(unfolded);
	return dec ? dec : g_strdup("");
}

/* The subject with the prefix in front, or NULL when nothing changes. */
char *
triage_header_subject_prefix(const char *subject, const char *prefix)
{
	char *result = NULL, *decoded = NULL, *pfx = NULL;

	if (prefix == NULL || *prefix == '\0')
		goto out;
	pfx = g_strstrip(g_utf8_make_valid(prefix, -1));
	if (*pfx == '\0')
		goto out;
	if (subject == NULL) {
		result = is_ascii(pfx) ? g_strdup(pfx) : triage_header_encode_words(pfx);
		goto out;
	}
	const char *s = subject;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	decoded = decode_text(s);
	if (g_str_has_prefix(g_strchug(decoded), pfx))
		goto out;
	if (is_ascii(pfx) || (!is_ascii(s) && g_utf8_validate(s, -1, NULL))) {
		/* ASCII text before an encoded-word, or raw UTF-8 before raw UTF-8. */
		result = *s ? g_strdup_printf("%s %s", pfx, s) : g_strdup(pfx);
	} else if (g_str_has_prefix(s, "=?")) {
		/*
		 * White space between two encoded-words vanishes when decoding:
		 * the separating space has to be inside the prefix's word.
		 */
		char *with_space = g_strdup_printf("%s ", pfx);
		char *enc = triage_header_encode_words(with_space);
		result = g_strdup_printf("%s %s", enc, s);
		g_free(enc);
		g_free(with_space);
	} else {
		char *enc = triage_header_encode_words(pfx);
		result = *s ? g_strdup_printf("%s %s", enc, s) : g_strdup(enc);
		g_free(enc);
	}
out:
	g_free(decoded);
	g_free(pfx);
	return result;
}
