/* docs_int.h - helpers shared by the RTF, OneNote, LNK readers and Office decryption. */
#ifndef TRIAGE_DOCS_INT_H
#define TRIAGE_DOCS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Little-endian field readers; callers check bounds first. */
static inline uint16_t
docs_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t
docs_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static inline uint64_t
docs_le64(const unsigned char *p)
{
	return (uint64_t)docs_le32(p) | ((uint64_t)docs_le32(p + 4) << 32);
}

/*
 * An 8-bit "ANSI" string of a Windows program as UTF-8 (g_malloc'ed, never
 * NULL).  The code page of the writer is unknown: ASCII and valid UTF-8 stay,
 * then CP932 (this filter's users are often Japanese), then CP1252.
 */
char *triage_docs_ansi_to_utf8(const unsigned char *s, size_t len);
/* `nchars` UTF-16LE code units as UTF-8 (g_malloc'ed, never NULL). */
char *triage_docs_utf16_to_utf8(const unsigned char *s, size_t nchars);
/* Length of a NUL-terminated string within [s, s+max) (max if none). */
size_t triage_docs_strnlen(const unsigned char *s, size_t max);
/* Length in UTF-16 units of a 0x0000-terminated string within max units. */
size_t triage_docs_wcsnlen(const unsigned char *s, size_t max_units);

/*
 * OLE1 embedded object (MS-OLEDS 2.2.4 ObjectHeader + native data), as found
 * in RTF \objdata and in \1Ole10Native streams.
 */
typedef struct triage_ole1 {
	uint32_t format_id;      /* 1 linked, 2 embedded */
	char *class_name;        /* UTF-8, g_malloc'ed, "" when empty */
	size_t native_off;       /* native data within the buffer */
	size_t native_len;
	bool truncated;          /* NativeDataSize ran past the buffer */
} triage_ole1;

/* The packager's payload inside "Package" native data. */
typedef struct triage_ole_package {
	char *label;             /* UTF-8, g_malloc'ed */
	char *file_path;         /* source path, UTF-8 */
	char *temp_path;         /* temp path, UTF-8 */
	size_t data_off;         /* payload within the native data */
	size_t data_len;
	bool truncated;
} triage_ole_package;

/* Parse an OLE1 object header; false when it is not one. */
bool triage_ole1_parse(const unsigned char *p, size_t len, triage_ole1 *out);
void triage_ole1_clear(triage_ole1 *o);
/* Parse Package native data (with or without its u32 size prefix). */
bool triage_ole_package_parse(const unsigned char *p, size_t len,
			      triage_ole_package *out);
void triage_ole_package_clear(triage_ole_package *pk);
/* lnk_idlist.c: the path named by a LinkTargetIDList (without its u16 size), or NULL. */
char *triage_lnk_idlist_path(const unsigned char *p, size_t len);
/* Last element of a Windows or POSIX path (points into `path`). */
const char *triage_docs_basename(const char *path);

#endif
