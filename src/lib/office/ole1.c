/* ole1.c - OLE1 embedded objects (MS-OLEDS 2.2.4) and packager payloads. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "docs_int.h"

/* Class names longer than this are not real ProgIDs: not an OLE1 header. */
#define OLE1_MAX_NAME 4096

/* A LengthPrefixedAnsiString at *off; false when it does not fit. */
static bool
read_lpstr(const unsigned char *p, size_t len, size_t *off, char **out)
{
	if (len - *off < 4)
		return false;
	uint32_t n = docs_le32(p + *off);
	*off += 4;
	if (n > OLE1_MAX_NAME || n > len - *off)
		return false;
	if (out)
		*out = triage_docs_ansi_to_utf8(p + *off, n);
	*off += n;
	return true;
}

/* Release the strings of a parsed header. */
void
triage_ole1_clear(triage_ole1 *o)
{
	if (!o)
		return;
	g_free(o->class_name);
	o->class_name = NULL;
}

/* Parse ObjectHeader; embedded objects also get their native data range. */
bool
triage_ole1_parse(const unsigned char *p, size_t len, triage_ole1 *out)
{
	size_t off = 8;
	memset(out, 0, sizeof *out);
	if (len < 12)
		return false;
	out->format_id = docs_le32(p + 4);
	if (out->format_id != 1 && out->format_id != 2)
		return false;
	if (!read_lpstr(p, len, &off, &out->class_name))
		goto fail;
	/* Linked objects carry a path, not data: the class is what we keep. */
	if (out->format_id == 1)
		return true;
	if (!read_lpstr(p, len, &off, NULL) || !read_lpstr(p, len, &off, NULL))
		goto fail;
	if (len - off < 4)
		goto fail;
	uint32_t n = docs_le32(p + off);
	off += 4;
	out->native_off = off;
	out->native_len = n;
	if (n > len - off) {
		out->native_len = len - off;
		out->truncated = true;
	}
	return true;
fail:
	triage_ole1_clear(out);
	return false;
}

/* Release the strings of a parsed package. */
void
triage_ole_package_clear(triage_ole_package *pk)
{
	if (!pk)
		return;
	g_free(pk->label);
	g_free(pk->file_path);
	g_free(pk->temp_path);
	pk->label = pk->file_path = pk->temp_path = NULL;
}

/* A NUL-terminated ANSI string at *off (must end inside the buffer). */
static bool
read_cstr(const unsigned char *p, size_t len, size_t *off, char **out)
{
	size_t n = triage_docs_strnlen(p + *off, len - *off);
	if (n == len - *off)
		return false;
	*out = triage_docs_ansi_to_utf8(p + *off, n);
	*off += n + 1;
	return true;
}

/* Longest Unicode path the packager writes (MAX_PATH is far less). */
#define PKG_MAX_WCHARS 32768

/*
 * Newer packagers append the temp path, label and file path again as
 * u32-counted UTF-16 strings after the payload; the ANSI copies have '?'
 * for characters outside the writer's code page.  Prefer these when whole.
 */
static void
read_unicode_names(const unsigned char *p, size_t len, size_t off,
		   triage_ole_package *out)
{
	char *names[3] = {NULL, NULL, NULL};
	for (int i = 0; i < 3; i++) {
		if (len - off < 4)
			goto out;
		uint32_t n = docs_le32(p + off);
		off += 4;
		if (n > PKG_MAX_WCHARS || (size_t)n * 2 > len - off)
			goto out;
		names[i] = triage_docs_utf16_to_utf8(p + off, n);
		off += (size_t)n * 2;
	}
	char **dst[3] = {&out->temp_path, &out->label, &out->file_path};
	for (int i = 0; i < 3; i++) {
		if (*names[i]) {
			g_free(*dst[i]);
			*dst[i] = names[i];
			names[i] = NULL;
		}
	}
out:
	for (int i = 0; i < 3; i++)
		g_free(names[i]);
}

/*
 * Packager native data: u16 2, label, source path, u16 0, u16 type
 * (3 = embedded file), u32 + temp path, u32 + payload.  In \1Ole10Native
 * streams the whole thing is preceded by its u32 size.
 */
bool
triage_ole_package_parse(const unsigned char *p, size_t len,
			 triage_ole_package *out)
{
	size_t off = 0;
	memset(out, 0, sizeof *out);
	if (len >= 6 && docs_le16(p) != 2 && docs_le16(p + 4) == 2 &&
	    docs_le32(p) <= len - 4)
		off = 4;
	if (len - off < 2 || docs_le16(p + off) != 2)
		return false;
	off += 2;
	if (!read_cstr(p, len, &off, &out->label) ||
	    !read_cstr(p, len, &off, &out->file_path))
		goto fail;
	if (len - off < 8)
		goto fail;
	uint16_t type = docs_le16(p + off + 2);
	uint32_t tlen = docs_le32(p + off + 4);
	off += 8;
	if (type != 3) {
		/* A link to a file: no payload, the paths are the evidence. */
		out->data_off = off;
		return true;
	}
	if (tlen > len - off)
		goto fail;
	out->temp_path = triage_docs_ansi_to_utf8(p + off, tlen);
	off += tlen;
	if (len - off < 4)
		goto fail;
	uint32_t n = docs_le32(p + off);
	off += 4;
	out->data_off = off;
	out->data_len = n;
	if (n > len - off) {
		out->data_len = len - off;
		out->truncated = true;
	} else {
		read_unicode_names(p, len, off + n, out);
	}
	return true;
fail:
	triage_ole_package_clear(out);
	return false;
}
