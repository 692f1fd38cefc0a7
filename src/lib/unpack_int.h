/* unpack_int.h - helpers shared by the archive analyzer's files. */
#ifndef TRIAGE_UNPACK_INT_H
#define TRIAGE_UNPACK_INT_H

#include <locale.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

/* Longest member name kept (bytes of UTF-8); longer names are cut. */
#define UNPACK_NAME_MAX 1024

/*
 * A UTF-8 LC_CTYPE locale for this thread while libarchive runs, or
 * (locale_t)0 when the system has none.  libarchive converts names to the
 * current locale; under "C" UTF-8 flagged zip names and 7z/Joliet names
 * come out empty, so the analyzer switches its own thread only (uselocale),
 * never the process.
 */
locale_t triage_unpack_utf8_locale(void);

/*
 * UTF-8 name of a member (g_free): libarchive's UTF-8 form when it has one,
 * else the raw bytes as UTF-8 when valid, else decoded as CP932 (Japanese
 * Windows zips without the UTF-8 flag), else as ISO-8859-1.  NULL when the
 * entry has no name at all.
 */
char *triage_unpack_member_name(struct archive_entry *e);

/*
 * Name for the single member of a lone compressed stream: the archive's
 * base name without its compression suffix ("report.pdf.gz" -> "report.pdf",
 * "x.tgz" -> "x.tar"), or "data".
 */
char *triage_unpack_raw_name(const char *archive_name);

#endif
