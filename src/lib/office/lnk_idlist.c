/* lnk_idlist.c - a path from a shell link's LinkTargetIDList (shell items). */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "docs_int.h"

/* Items followed before giving up (real paths are a dozen deep at most). */
#define IDLIST_MAX_ITEMS 64
/* Longest path built (Windows' own limit is 32767 characters). */
#define IDLIST_MAX_PATH 4096
/* File entry extension block: the long name (undocumented; libfwsi's offsets). */
#define BEEF0004 0xBEEF0004u

/* Long name from the 0xBEEF0004 extension block after the primary name. */
static char *
long_name(const unsigned char *it, size_t size, size_t from)
{
	for (size_t off = from; off + 8 <= size; off++) {
		if (docs_le32(it + off + 4) != BEEF0004)
			continue;
		size_t bsize = docs_le16(it + off), ver = docs_le16(it + off + 2);
		size_t name = ver >= 9 ? 46 : ver == 8 ? 42 : ver == 7 ? 38 :
			      ver >= 3 ? 20 : 0;
		if (name == 0 || bsize > size - off || bsize < name + 2)
			return NULL;
		const unsigned char *s = it + off + name;
		size_t units = (bsize - name) / 2;
		char *r = triage_docs_utf16_to_utf8(s, triage_docs_wcsnlen(s, units));
		if (*r)
			return r;
		g_free(r);
		return NULL;
	}
	return NULL;
}

/* The name one shell item contributes, or NULL. */
static char *
item_name(const unsigned char *it, size_t size)
{
	if (size < 4)
		return NULL;
	unsigned type = it[2];
	switch (type & 0x70) {
	case 0x20: /* volume: "C:\" */
		if (type == 0x2E)
			return NULL;
		return triage_docs_ansi_to_utf8(it + 3, size - 3);
	case 0x30: { /* file entry: primary name, long name in the extension */
		if (size < 16)
			return NULL;
		size_t end;
		char *primary;
		if (type & 0x04) {
			size_t n = triage_docs_wcsnlen(it + 14, (size - 14) / 2);
			primary = triage_docs_utf16_to_utf8(it + 14, n);
			end = 14 + 2 * n + 2;
		} else {
			size_t n = triage_docs_strnlen(it + 14, size - 14);
			primary = triage_docs_ansi_to_utf8(it + 14, n);
			end = 14 + n + 1;
			end += end & 1;
		}
		char *lng = end < size ? long_name(it, size, end) : NULL;
		if (lng) {
			g_free(primary);
			return lng;
		}
		return primary;
	}
	case 0x40: /* network location: "\\server\share" */
		if (size < 6)
			return NULL;
		return triage_docs_ansi_to_utf8(it + 5, size - 5);
	default:
		return NULL; /* root folders, control panel, URIs: no path part */
	}
}

/*
 * Join the names of the shell items into a Windows path.  NULL when no item
 * names anything.  `p`/`len` is the IDList without its u16 size.
 */
char *
triage_lnk_idlist_path(const unsigned char *p, size_t len)
{
	GString *path = g_string_new(NULL);
	size_t off = 0;
	for (int i = 0; i < IDLIST_MAX_ITEMS && len - off >= 2; i++) {
		size_t size = docs_le16(p + off);
		if (size < 2 || size > len - off)
			break;
		char *name = item_name(p + off, size);
		if (name && *name && path->len + strlen(name) < IDLIST_MAX_PATH) {
			if (path->len && path->str[path->len - 1] != '\\')
				g_string_append_c(path, '\\');
			g_string_append(path, name);
		}
		g_free(name);
		off += size;
	}
	if (path->len == 0) {
		g_string_free(path, TRUE);
		return NULL;
	}
	return g_string_free(path, FALSE);
}
