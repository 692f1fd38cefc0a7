/* fmt_fixtures.h - files in the small carrier formats, built by the tests. */
#ifndef TRIAGE_FMT_FIXTURES_H
#define TRIAGE_FMT_FIXTURES_H

#include <stdbool.h>
#include <glib.h>

/* A PDF whose Filespec names an embedded file (FlateDecode) holding `payload`. */
GBytes *fx_pdf_embedded(GBytes *payload, const char *f_name, const char *uf_name,
			bool encrypt);
/* A PDF with one Flate content stream and one plain stream holding `raw` (no /Type). */
GBytes *fx_pdf_streams(GBytes *raw, bool flate, const char *length);

/* One ARJ member for fx_arj(). */
typedef struct fx_arj_member {
	const char *name;
	int method;            /* 0 stored; others: the bytes are kept as "compressed" */
	GBytes *data;
} fx_arj_member;
/* An ARJ archive (main header, members, end marker) with valid header CRCs. */
GBytes *fx_arj(const fx_arj_member *m, size_t n);

/* LZSS as compress.exe writes it (greedy matches). */
GBytes *fx_lzss(GBytes *plain);
/* An SZDD file of `plain`; `last` is the missing last name character (0: none). */
GBytes *fx_szdd(GBytes *plain, char last, guint32 stated_size);
/* A KWAJ file (method 0, 1 or 2) with name and extension header fields. */
GBytes *fx_kwaj(GBytes *plain, int method, const char *name, const char *ext);

/* BinHex 4.0 text (banner, RLE, CRCs) of a file named `name` holding `data`. */
char *fx_binhex(const char *name, GBytes *data);

/* A TNEF stream with one attachment `title` holding `data`. */
GBytes *fx_tnef(const char *title, GBytes *data, bool break_checksum);

/* A string of hex digits of the UTF-16BE (with BOM) form of a UTF-8 string. */
char *fx_utf16_hex(const char *utf8);

#endif
