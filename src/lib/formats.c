/* formats.c - dispatch for the small formats (HTML data: URIs, PDF, ARJ, SZDD, BinHex, TNEF). */
#include "config.h"

#include <string.h>

#include "formats_int.h"
#include "mime_int.h"

/* Add a finished blob as a child; see formats_int.h. */
triage_object *
triage_fmt_add_blob(triage_ctx *ctx, triage_object *parent, const char *name,
		    const char *kind, triage_blob *blob, bool truncated,
		    bool *stop)
{
	char *seg = triage_mime_unique_segment(parent, name);
	triage_object *child = triage_object_add_child(parent, seg, name, kind, blob);
	g_free(seg);
	if (truncated)
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT,
					    "max_object_size");
	if (triage_ctx_account(ctx, child, triage_blob_size(blob)) == TRIAGE_LIMIT)
		*stop = true;
	return child;
}

/* Copy bytes through a ctx writer (size limit) into a new child; see formats_int.h. */
triage_object *
triage_fmt_add_child(triage_ctx *ctx, triage_object *parent, const char *name,
		     const char *kind, const unsigned char *data, size_t len,
		     bool *stop)
{
	triage_blob_writer *w = triage_ctx_writer(ctx);
	if (len > 0)
		triage_blob_writer_write(w, data, len);
	bool truncated = triage_blob_writer_truncated(w);
	triage_blob *blob = triage_blob_writer_finish(&w);
	if (blob == NULL) {
		snprintf(ctx->err, sizeof ctx->err, "formats: cannot write a temp file");
		*stop = true;
		return NULL;
	}
	triage_object *child = triage_fmt_add_blob(ctx, parent, name, kind, blob,
						   truncated, stop);
	triage_blob_unref(&blob);
	return child;
}

/*
 * TNEF: by signature anywhere (a raw winmail.dat, one in a zip or in another
 * TNEF), or a MIME part declared or named as one (broken ones are then
 * marked corrupt).  The MIME walker leaves TNEF to this one code path; an
 * object already opened (children) or marked is not read twice.
 */
static bool
tnef_wants(const triage_object *o)
{
	if (triage_object_nchildren(o) > 0 ||
	    triage_object_unscanned(o) != TRIAGE_UNSCANNED_NONE)
		return false;
	if (strcmp(triage_object_fact_str(o, TF_TYPE), "tnef") == 0)
		return true;
	if (strcmp(triage_object_kind(o), "mime") != 0)
		return false;
	const char *decl = triage_object_declared_type(o);
	const char *name = triage_object_name(o);
	if (decl == NULL)
		decl = "";
	return g_ascii_strcasecmp(decl, "application/ms-tnef") == 0 ||
	       g_ascii_strcasecmp(decl, "application/vnd.ms-tnef") == 0 ||
	       (name && g_ascii_strcasecmp(name, "winmail.dat") == 0);
}

/* True when one of the readers of this file handles the object (mostly by TF_TYPE). */
bool
triage_formats_wants(const triage_object *o)
{
	const char *t = triage_object_fact_str(o, TF_TYPE);
	if (strcmp(t, "arj") == 0 || strcmp(t, "binhex") == 0 ||
	    strcmp(t, "kwaj") == 0 || strcmp(t, "pdf") == 0 ||
	    strcmp(t, "szdd") == 0)
		return true;
	if (strcmp(t, "html") == 0)
		return triage_html_wants(o);
	if (triage_textdde_wants(o))
		return true;
	return tnef_wants(o);
}

/* Run the reader for the object's type. */
triage_status
triage_formats_run(triage_ctx *ctx, triage_object *o)
{
	const char *t = triage_object_fact_str(o, TF_TYPE);
	if (strcmp(t, "arj") == 0)
		return triage_arj_run(ctx, o);
	if (strcmp(t, "szdd") == 0 || strcmp(t, "kwaj") == 0)
		return triage_szdd_run(ctx, o);
	if (strcmp(t, "binhex") == 0)
		return triage_binhex_run(ctx, o);
	if (strcmp(t, "html") == 0)
		return triage_html_run(ctx, o);
	if (strcmp(t, "pdf") == 0)
		return triage_pdf_run(ctx, o);
	if (triage_textdde_wants(o))
		return triage_textdde_run(ctx, o);
	if (tnef_wants(o)) {
		bool stop = false;
		triage_tnef_extract(ctx, o, &stop);
		return triage_object_unscanned(o) != TRIAGE_UNSCANNED_NONE ?
			TRIAGE_WARN : TRIAGE_OK;
	}
	return TRIAGE_OK;
}
