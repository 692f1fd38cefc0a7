/* docs_util.c - string conversions shared by the RTF, OneNote and LNK readers. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "docs_int.h"

/* Length of a NUL-terminated string, never past max. */
size_t
triage_docs_strnlen(const unsigned char *s, size_t max)
{
	const unsigned char *z = memchr(s, 0, max);
	return z ? (size_t)(z - s) : max;
}

/* Length in units of a UTF-16 string ended by 0x0000, never past max_units. */
size_t
triage_docs_wcsnlen(const unsigned char *s, size_t max_units)
{
	size_t n = 0;
	while (n < max_units && (s[2 * n] | s[2 * n + 1]) != 0)
		n++;
	return n;
}

/* ANSI bytes as UTF-8: ASCII/UTF-8 as is, else CP932, else CP1252, else '?'. */
char *
triage_docs_ansi_to_utf8(const unsigned char *s, size_t len)
{
	len = triage_docs_strnlen(s, len);
	if (g_utf8_validate((const char *)s, (gssize)len, NULL))
		return g_strndup((const char *)s, len);
	static const char *const charsets[] = {"CP932", "CP1252"};
	for (size_t i = 0; i < G_N_ELEMENTS(charsets); i++) {
		char *u = g_convert((const char *)s, (gssize)len, "UTF-8",
				    charsets[i], NULL, NULL, NULL);
		if (u)
			return u;
	}
	/* Undecodable: keep the ASCII so rules still see the shape. */
	char *out = g_strndup((const char *)s, len);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	return out;
}

/* UTF-16LE units as UTF-8; unpaired surrogates become U+FFFD. */
char *
triage_docs_utf16_to_utf8(const unsigned char *s, size_t nchars)
{
	GString *out = g_string_sized_new(nchars + 1);
	for (size_t i = 0; i < nchars; i++) {
		gunichar c = docs_le16(s + 2 * i);
		if (c == 0)
			break;
		if (c >= 0xD800 && c <= 0xDBFF && i + 1 < nchars) {
			gunichar lo = docs_le16(s + 2 * (i + 1));
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				i++;
			} else {
				c = 0xFFFD;
			}
		} else if (c >= 0xD800 && c <= 0xDFFF) {
			c = 0xFFFD;
		}
		g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}

/* The part of a path after its last '\\' or '/'. */
const char *
triage_docs_basename(const char *path)
{
	const char *b = path;
	for (const char *p = path; *p; p++)
		if (*p == '\\' || *p == '/')
			b = p + 1;
	return b;
}
