/* mime_int.h - internals shared by the MIME walker's files. */
#ifndef TRIAGE_MIME_INT_H
#define TRIAGE_MIME_INT_H

#include <gmime/gmime.h>
#include "ctx.h"

/* Bytes of one body text kept for the password finder. */
#define TRIAGE_MIME_TEXT_MAX (1024 * 1024)

/* mime_stream.c: a read-only GMimeStream over a blob (takes a reference). */
GMimeStream *triage_mime_stream_new_blob(triage_blob *blob);
/*
 * mime_stream.c: a write-only GMimeStream feeding a blob writer.  Writes past
 * the writer's size limit are dropped but reported as written, so GMime
 * finishes decoding; triage_blob_writer_truncated() tells the caller.
 */
GMimeStream *triage_mime_stream_new_writer(triage_blob_writer *w);

/*
 * mime_text.c: decoded bytes of a text part in `charset` (may be NULL) to
 * valid UTF-8, at most TRIAGE_MIME_TEXT_MAX input bytes.  Never NULL.
 */
char *triage_mime_text_to_utf8(const unsigned char *data, size_t len,
			       const char *charset);
/* mime_text.c: visible text of an HTML document (tags dropped, entities decoded). */
char *triage_mime_html_to_text(const char *html, size_t len);
/* mime_text.c: a header-ish string (maybe raw 8-bit) as valid UTF-8. */
char *triage_mime_utf8_valid(const char *s);

/*
 * mime_text.c: each "begin <mode> <name>" ... "end" block of a text body as a
 * child of `parent` (kind "mime").  `*stop` is set when the message budget
 * is spent.
 */
void triage_mime_uudecode_blocks(triage_ctx *ctx, triage_object *parent,
				 const unsigned char *data, size_t len,
				 bool *stop);

/* mime_tnef.c: true when the bytes start with the TNEF signature. */
bool triage_tnef_sniff(const unsigned char *data, size_t len);
/*
 * mime_tnef.c: the attachments of the TNEF stream in `part` as its children
 * (kind "tnef").  Broken TNEF marks `part` corrupt.  `*stop` as above.
 */
void triage_tnef_extract(triage_ctx *ctx, triage_object *part, bool *stop);

/* mime.c: a unique path segment below `parent` (g_free the result). */
char *triage_mime_unique_segment(triage_object *parent, const char *seg);

#endif
