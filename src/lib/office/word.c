/* word.c - Word 97-2003 WordDocument stream: FIB encryption flags, DDE fields. */
#include "config.h"

#include <string.h>

#include "ole_int.h"

/* FIB base flags ([MS-DOC] 2.5.2). */
#define FIB_ENCRYPTED 0x0100
#define FIB_OBFUSCATED 0x8000

/*
 * The start of a field instruction after a field-begin mark (0x13), as
 * upper-case ASCII with spaces and quotes skipped; text may be 8-bit or
 * UTF-16LE, so both readings are tried by the caller.
 */
static size_t
field_word(const unsigned char *p, size_t len, size_t step, char *out, size_t cap)
{
	size_t n = 0, i = 0;
	while (i + step <= len && n + 1 < cap) {
		unsigned c = p[i];
		if (step == 2 && p[i + 1] != 0)
			break;
		i += step;
		if (n == 0 && (c == ' ' || c == '"' || c == '\t'))
			continue;
		if (c < 0x20 || c > 0x7E)
			break;
		out[n++] = (char)g_ascii_toupper((char)c);
	}
	out[n] = 0;
	return n;
}

/* True for a DDE / DDEAUTO field instruction. */
static bool
is_dde(const char *w)
{
	return strncmp(w, "DDEAUTO", 7) == 0 ||
	       (strncmp(w, "DDE", 3) == 0 && (w[3] == ' ' || w[3] == '"' || w[3] == 0));
}

/* Encryption flags and DDE fields of a WordDocument stream. */
triage_status
triage_word_check(ole_doc *d, const unsigned char *wd, size_t len)
{
	if (len < 0x20 || (ole_le16(wd) != 0xA5EC && ole_le16(wd) != 0xA5DC)) {
		d->corrupt = true;
		return TRIAGE_OK;
	}
	unsigned flags = ole_le16(wd + 0x0A);
	/* The text is ciphertext: the decrypted copy (a child) is read instead. */
	if (flags & FIB_ENCRYPTED)
		return triage_crypto_word(d, wd, len);
	if (flags & FIB_OBFUSCATED) {
		triage_object_set_bool(d->o, TF_OFFICE_ENCRYPTED, true);
		return TRIAGE_OK;
	}
	/* Field codes live in the text; scanning the whole stream finds them in either encoding. */
	const unsigned char *p = wd;
	const unsigned char *end = wd + len;
	while ((p = memchr(p, 0x13, (size_t)(end - p))) != NULL) {
		char w[16];
		p++;
		if (field_word(p, (size_t)(end - p), 1, w, sizeof w) && is_dde(w)) {
			triage_object_set_bool(d->o, TF_DDE, true);
			break;
		}
		if (p < end && *p == 0 &&
		    field_word(p + 1, (size_t)(end - p - 1), 2, w, sizeof w) && is_dde(w)) {
			triage_object_set_bool(d->o, TF_DDE, true);
			break;
		}
	}
	return TRIAGE_OK;
}
