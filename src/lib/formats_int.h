/* formats_int.h - internals shared by the small format readers (formats*.c). */
#ifndef TRIAGE_FORMATS_INT_H
#define TRIAGE_FORMATS_INT_H

#include <stdio.h>

#include "analyzers.h"

/* Little-endian reads; callers check the bounds first. */
static inline uint16_t fmt_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t fmt_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * Add `len` bytes as a child of `parent` (kind `kind`, name `name`, a unique
 * path segment made from it), through a ctx writer: the child is marked
 * limit-exceeded when the bytes were cut at max_object_size.  *stop is set
 * when the message budget is spent.  Returns the child, or NULL on an I/O
 * error (text in ctx->err).
 */
triage_object *triage_fmt_add_child(triage_ctx *ctx, triage_object *parent,
				    const char *name, const char *kind,
				    const unsigned char *data, size_t len,
				    bool *stop);
/* As above with a finished blob (takes its own reference). */
triage_object *triage_fmt_add_blob(triage_ctx *ctx, triage_object *parent,
				   const char *name, const char *kind,
				   triage_blob *blob, bool truncated, bool *stop);

/* formats_arj.c: ARJ members as children (kind "member"). */
triage_status triage_arj_run(triage_ctx *ctx, triage_object *o);
/* formats_szdd.c: the file inside an MS compress SZDD/KWAJ file. */
triage_status triage_szdd_run(triage_ctx *ctx, triage_object *o);
/* formats_szdd.c: LZSS as MS compress.exe writes it, into w, at most `max` bytes. */
void triage_szdd_lzss(const unsigned char *d, size_t n, uint64_t max,
		      triage_blob_writer *w);
/* formats_binhex.c: the data fork of a BinHex 4.0 file. */
triage_status triage_binhex_run(triage_ctx *ctx, triage_object *o);
/* formats_binhex.c: the "(This file must be converted with BinHex" marker near the start. */
bool triage_binhex_sniff(const unsigned char *d, size_t n);
/* html.c: data: URIs of non-image types in an HTML document. */
triage_status triage_html_run(triage_ctx *ctx, triage_object *o);
/* html.c: cheap check that an HTML document has a data: URI at all. */
bool triage_html_wants(const triage_object *o);
/* formats_textdde.c: DDE formulas (=cmd|' /c ...'!A1) in CSV-like text: TF_DDE. */
bool triage_textdde_wants(const triage_object *o);
triage_status triage_textdde_run(triage_ctx *ctx, triage_object *o);
/* pdf.c: embedded files and executable-looking streams of a PDF. */
triage_status triage_pdf_run(triage_ctx *ctx, triage_object *o);

#endif
