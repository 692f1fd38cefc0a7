/* zip_read.c - reading the zip of an Office package (OOXML and OpenDocument). */
#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "ooxml_int.h"

enum { READ_CHUNK = 64 * 1024 };

/* Open the object's bytes as a zip. */
struct archive *
ooxml_zip_open(triage_object *o)
{
	struct archive *a = archive_read_new();
	if (a == NULL)
		return NULL;
	archive_read_support_format_zip_seekable(a);
	if (archive_read_open_memory(a, triage_object_data(o),
				     triage_object_size(o)) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/*
 * Next entry of one pass: its name (the entry in *e), or NULL at the end.
 * Damage, max_members and the time budget end the pass; damage and
 * max_members are recorded on `o` only in the first pass (the later ones
 * meet them again).  *n counts the entries, *ok turns false when the zip
 * is unreadable from the start.  Entries without a name are skipped.
 */
const char *
ooxml_zip_next(triage_ctx *ctx, triage_object *o, struct archive *a, bool first,
	       uint64_t *n, bool *ok, struct archive_entry **e)
{
	for (;;) {
		int r = archive_read_next_header(a, e);
		if (r == ARCHIVE_EOF)
			return NULL;
		if (r < ARCHIVE_WARN) {
			*ok = *n > 0; /* a readable start keeps what it gave */
			if (first && *n > 0)
				triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
							    archive_error_string(a));
			return NULL;
		}
		if (ctx->lim->max_members > 0 && ++*n > ctx->lim->max_members) {
			if (first)
				triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT,
							    "max_members");
			return NULL;
		}
		if (triage_ctx_over_time(ctx)) {
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT,
						    "time_budget_ms");
			return NULL;
		}
		const char *orig = archive_entry_pathname_utf8(*e);
		if (orig == NULL)
			orig = archive_entry_pathname(*e);
		if (orig != NULL)
			return orig;
	}
}

/*
 * Read the current entry into memory, at most `max` bytes (0: no limit).
 * Sets *truncated when the part is bigger.  False on a data error.
 */
bool
ooxml_zip_read_mem(struct archive *a, uint64_t max, GByteArray *out,
		   bool *truncated)
{
	unsigned char *buf = g_malloc(READ_CHUNK);
	bool ok = true;
	*truncated = false;
	for (;;) {
		la_ssize_t n = archive_read_data(a, buf, READ_CHUNK);
		if (n < 0) {
			ok = false;
			break;
		}
		if (n == 0)
			break;
		size_t take = (size_t)n;
		if (max > 0 && out->len + (uint64_t)take > max) {
			take = (size_t)(max - out->len);
			*truncated = true;
		}
		g_byte_array_append(out, buf, (guint)take);
		if (*truncated)
			break;
	}
	g_free(buf);
	return ok;
}

/*
 * Read the current entry through a scan writer (spills, stops at the
 * limit).  *ok is false on a data error; NULL when the writer failed.
 */
triage_blob *
ooxml_zip_read_blob(triage_ctx *ctx, struct archive *a, bool *truncated,
		    bool *ok)
{
	triage_blob_writer *w = triage_ctx_writer(ctx);
	unsigned char *buf = g_malloc(READ_CHUNK);
	*ok = true;
	for (;;) {
		la_ssize_t n = archive_read_data(a, buf, READ_CHUNK);
		if (n < 0) {
			*ok = false;
			break;
		}
		if (n == 0)
			break;
		if (triage_blob_writer_write(w, buf, (size_t)n) != TRIAGE_OK)
			break;
	}
	*truncated = triage_blob_writer_truncated(w) != 0;
	g_free(buf);
	return triage_blob_writer_finish(&w);
}

/*
 * Add the current entry as a child of kind `kind` named by its basename
 * and account for it.  True when a message limit was hit: no more
 * children then.
 */
bool
ooxml_zip_add_child(triage_ctx *ctx, triage_object *parent, struct archive *a,
		    const char *orig, const char *kind, bool embedded)
{
	bool truncated = false, ok = true, stop = false;
	triage_blob *b = ooxml_zip_read_blob(ctx, a, &truncated, &ok);
	if (b == NULL) {
		ok = false;
		b = triage_blob_new_empty();
	}
	const char *base = strrchr(orig, '/');
	base = base ? base + 1 : orig;
	triage_object *c = triage_object_add_child(parent, *base ? base : orig,
						   orig, kind, b);
	if (embedded)
		triage_object_set_bool(c, TF_IS_EMBEDDED, true);
	if (truncated)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
	if (!ok)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT,
					    "bad compressed data in the package");
	if (triage_ctx_account(ctx, c, triage_blob_size(b)) == TRIAGE_LIMIT)
		stop = true;
	triage_blob_unref(&b);
	return stop;
}
