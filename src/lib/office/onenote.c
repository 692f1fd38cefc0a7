/* onenote.c - OneNote sections: files embedded as FileDataStoreObjects. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "office_int.h"
#include "docs_int.h"

/* {BDE316E7-2665-4511-A4C4-8D4D0B7A9EAC}: FileDataStoreObject header. */
static const unsigned char fdso_header[16] = {
	0xE7, 0x16, 0xE3, 0xBD, 0x65, 0x26, 0x11, 0x45,
	0xA4, 0xC4, 0x8D, 0x4D, 0x0B, 0x7A, 0x9E, 0xAC,
};
/* {71FBA722-0F79-4A0B-BB13-899256426B24}: its footer. */
static const unsigned char fdso_footer[16] = {
	0x22, 0xA7, 0xFB, 0x71, 0x79, 0x0F, 0x0B, 0x4A,
	0xBB, 0x13, 0x89, 0x92, 0x56, 0x42, 0x6B, 0x24,
};
/* guidHeader, cbLength u64, unused u32, reserved u64 (MS-ONESTORE 2.6.13). */
#define FDSO_PREFIX (16 + 8 + 4 + 8)

/*
 * Scan for FileDataStoreObject headers and add each file's data as a child.
 * The structures around them (file node lists, references) are not needed
 * to find the bytes; the GUID plus a checked length is what ClamAV does.
 */
triage_status
triage_onenote_run(triage_ctx *ctx, triage_object *o)
{
	triage_blob *src = triage_object_blob(o);
	const unsigned char *p = triage_object_data(o);
	size_t len = triage_object_size(o), off = 0, n = 0;
	bool corrupt = false;

	while (len >= FDSO_PREFIX && off <= len - FDSO_PREFIX) {
		const unsigned char *hit = memmem(p + off, len - off,
						  fdso_header, sizeof fdso_header);
		if (!hit || (size_t)(hit - p) > len - FDSO_PREFIX)
			break;
		size_t at = (size_t)(hit - p);
		uint64_t cb = docs_le64(hit + 16);
		size_t data = at + FDSO_PREFIX;
		size_t avail = len - data;
		bool truncated = cb > avail;
		size_t take = truncated ? avail : (size_t)cb;

		if (ctx->lim->max_embedded > 0 && n >= ctx->lim->max_embedded) {
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT,
						    "max_embedded");
			break;
		}
		if (ctx->lim->max_object_size > 0 &&
		    take > ctx->lim->max_object_size) {
			take = (size_t)ctx->lim->max_object_size;
			truncated = false;
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT,
						    "max_object_size");
		}
		char *seg = g_strdup_printf("onenote%zu.bin", n);
		triage_blob *b = triage_blob_new_slice(src, data, take);
		triage_object *c = triage_object_add_child(o, seg, NULL,
							   "embedded", b);
		triage_blob_unref(&b);
		g_free(seg);
		triage_object_set_bool(c, TF_IS_EMBEDDED, true);
		n++;
		if (truncated) {
			/* Keep what is there: a cut-off payload is still evidence. */
			triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT,
						    "embedded file runs past the end of the section");
			corrupt = true;
		} else if (cb <= avail && (avail - cb < sizeof fdso_footer ||
			   memmem(p + data + cb, MIN(avail - (size_t)cb, 8 + sizeof fdso_footer),
				  fdso_footer, sizeof fdso_footer) == NULL)) {
			/* Data padded to 8 bytes, then the footer GUID. */
			corrupt = true;
		}
		if (triage_ctx_account(ctx, c, take) == TRIAGE_LIMIT)
			break;
		/* Continue after the data when its length was sane, else after the GUID. */
		off = truncated ? at + sizeof fdso_header : data + (size_t)cb;
	}
	triage_object_set_int(o, TF_ONENOTE_EMBEDDED, (int64_t)n);
	if (corrupt)
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "FileDataStoreObject without a valid length or footer");
	return TRIAGE_OK;
}
