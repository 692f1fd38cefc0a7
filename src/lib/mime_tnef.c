/* mime_tnef.c - attachments of winmail.dat (TNEF) parts, via libytnef. */
#include "config.h"

#include <stdio.h>   /* ytnef's headers need FILE */
#include <string.h>
#include <ytnef.h>

#include "mime_int.h"

#define TNEF_SIG_LEN 4
#define TNEF_HDR_LEN 6          /* signature + key */
#define TNEF_REC_HEAD 9         /* level, attribute id, length */
#define ATT_MAPI_PROPS 0x00069003u
#define ATT_ATTACHMENT 0x00069005u
#define ATT_REND_DATA 0x00069002u    /* starts an attachment */
#define ATT_ATTACH_TITLE 0x00018010u /* its 8.3 name */
#define ATT_ATTACH_DATA 0x0006800Fu  /* its bytes */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* True when the bytes start with the TNEF signature 0x223E9F78. */
bool
triage_tnef_sniff(const unsigned char *data, size_t len)
{
	return len >= TNEF_SIG_LEN && le32(data) == 0x223E9F78u;
}

/* What a check of the record framing found. */
typedef enum {
	TNEF_GOOD,      /* framing, checksums and property counts hold */
	TNEF_SLOPPY,    /* framing holds; checksums or a short tail do not */
	TNEF_BAD
} tnef_check;

/*
 * libytnef trusts lengths and counts more than it should (it prints to
 * stdout and allocates what a count says) and refuses a bad checksum, so
 * check the record framing, every checksum and the MAPI property counts
 * before handing it the bytes.
 */
static tnef_check
tnef_validate(const unsigned char *data, size_t len)
{
	if (!triage_tnef_sniff(data, len) || len < TNEF_HDR_LEN)
		return TNEF_BAD;
	size_t off = TNEF_HDR_LEN;
	size_t nrec = 0;
	tnef_check res = TNEF_GOOD;
	while (off < len) {
		if (len - off < TNEF_REC_HEAD + 2) {
			res = TNEF_SLOPPY;   /* a stray newline or padding at the end */
			break;
		}
		unsigned char level = data[off];
		uint32_t id = le32(data + off + 1);
		uint32_t size = le32(data + off + 5);
		if (level != 1 && level != 2)
			return TNEF_BAD;
		if (size > len - off - TNEF_REC_HEAD - 2)
			return TNEF_BAD;
		const unsigned char *d = data + off + TNEF_REC_HEAD;
		uint16_t sum = 0;
		for (uint32_t i = 0; i < size; i++)
			sum = (uint16_t)(sum + d[i]);
		uint16_t want = (uint16_t)(d[size] | d[size + 1] << 8);
		if (sum != want)
			res = TNEF_SLOPPY;
		if (id == ATT_MAPI_PROPS || id == ATT_ATTACHMENT) {
			/* every property takes at least 8 bytes */
			if (size < 4 || le32(d) > (size - 4) / 8)
				res = TNEF_SLOPPY;
		}
		off += TNEF_REC_HEAD + (size_t)size + 2;
		nrec++;
	}
	return nrec > 0 ? res : TNEF_BAD;
}

/* A MAPI property of the attachment, or NULL. */
static variableLength *
find_prop(Attachment *a, unsigned int type, unsigned int id)
{
	variableLength *v = MAPIFindProperty(&a->MAPI, PROP_TAG(type, id));
	if (v == MAPI_UNDEFINED || v == NULL || v->data == NULL || v->size <= 0)
		return NULL;
	return v;
}

/* 8-bit string property (codepage unknown) as UTF-8, or NULL when empty. */
static char *
string8(const variableLength *v)
{
	if (v == NULL || v->data == NULL || v->size <= 0)
		return NULL;
	size_t n = strnlen((const char *)v->data, (size_t)v->size);
	if (n == 0)
		return NULL;
	return triage_mime_text_to_utf8(v->data, n, NULL);
}

/* Long file name (libytnef gives PT_UNICODE as UTF-8), else the 8.3 title. */
static char *
attachment_name(Attachment *a)
{
	variableLength *v = find_prop(a, PT_UNICODE, PR_ATTACH_LONG_FILENAME);
	if (v) {
		size_t n = strnlen((const char *)v->data, (size_t)v->size);
		if (n > 0)
			return g_utf8_make_valid((const char *)v->data, (gssize)n);
	}
	char *s = string8(find_prop(a, PT_STRING8, PR_ATTACH_LONG_FILENAME));
	if (s == NULL)
		s = string8(&a->Title);
	return s;
}

/* Add one attachment's bytes as a child of part (kind "tnef"). */
static void
add_attachment(triage_ctx *ctx, triage_object *part, const unsigned char *bytes,
	       size_t size, char *name, unsigned n, bool *stop)
{
	triage_blob_writer *w = triage_ctx_writer(ctx);
	if (size > 0)
		triage_blob_writer_write(w, bytes, size);
	bool truncated = triage_blob_writer_truncated(w);
	triage_blob *blob = triage_blob_writer_finish(&w);
	if (blob == NULL) {
		*stop = true;
		return;
	}
	char *fallback = g_strdup_printf("attachment%u.bin", n);
	char *seg = triage_mime_unique_segment(part, name ? name : fallback);
	triage_object *child = triage_object_add_child(part, seg, name, "tnef", blob);
	g_free(seg);
	g_free(fallback);
	triage_object_set_bool(child, TF_IS_ATTACHMENT, true);
	if (truncated)
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT,
					    "max_object_size");
	if (triage_ctx_account(ctx, child, triage_blob_size(blob)) == TRIAGE_LIMIT)
		*stop = true;
	triage_blob_unref(&blob);
}

/*
 * TNEF that libytnef refuses (bad checksums, a stray tail) but whose records
 * frame: the attachment records themselves (RendData starts one, Title
 * names it, Data holds it), as mail clients read it.  Records were bounded
 * by tnef_validate().
 */
static void
tnef_records(triage_ctx *ctx, triage_object *part, bool *stop)
{
	const unsigned char *data = triage_object_data(part);
	size_t len = triage_object_size(part), off = TNEF_HDR_LEN;
	const unsigned char *bytes = NULL;
	size_t size = 0;
	char *name = NULL;
	unsigned n = 0;
	bool open = false;

	for (;;) {
		bool end = *stop || len - off < TNEF_REC_HEAD + 2;
		uint32_t id = end ? 0 : le32(data + off + 1);
		uint32_t rsize = end ? 0 : le32(data + off + 5);
		const unsigned char *d = data + off + TNEF_REC_HEAD;
		if (end || id == ATT_REND_DATA) {
			if (open && (bytes != NULL || name != NULL) && !*stop)
				add_attachment(ctx, part, bytes, size, name, ++n, stop);
			g_free(name);
			name = NULL;
			bytes = NULL;
			size = 0;
			open = true;
			if (end)
				break;
		} else if (open && id == ATT_ATTACH_TITLE && name == NULL) {
			size_t k = strnlen((const char *)d, rsize);
			name = k > 0 ? triage_mime_text_to_utf8(d, k, NULL) : NULL;
		} else if (open && id == ATT_ATTACH_DATA) {
			bytes = d;
			size = rsize;
		}
		off += TNEF_REC_HEAD + (size_t)rsize + 2;
	}
}

/* The attachments of the TNEF stream held by `part`, as its children. */
void
triage_tnef_extract(triage_ctx *ctx, triage_object *part, bool *stop)
{
	const unsigned char *data = triage_object_data(part);
	size_t len = triage_object_size(part);
	TNEFStruct tnef;
	unsigned n = 0;

	tnef_check check = len > (size_t)G_MAXLONG ? TNEF_BAD : tnef_validate(data, len);
	if (check == TNEF_BAD) {
		triage_object_set_unscanned(part, TRIAGE_UNSCANNED_CORRUPT,
					    "invalid TNEF stream");
		return;
	}
	if (check == TNEF_SLOPPY) {
		tnef_records(ctx, part, stop);
		triage_object_set_unscanned(part, TRIAGE_UNSCANNED_CORRUPT,
					    "TNEF checksums do not match");
		return;
	}
	TNEFInitialize(&tnef);
	tnef.Debug = 0;
	/* libytnef only reads the buffer; its prototype lacks the const */
	if (TNEFParseMemory((BYTE *)(uintptr_t)data, (long)len, &tnef) < 0) {
		triage_object_set_unscanned(part, TRIAGE_UNSCANNED_CORRUPT,
					    "invalid TNEF stream");
		goto out;
	}
	for (Attachment *a = tnef.starting_attach.next; a && !*stop; a = a->next) {
		const unsigned char *bytes = a->FileData.data;
		size_t size = a->FileData.size > 0 ? (size_t)a->FileData.size : 0;
		if (bytes == NULL || size == 0) {
			/* embedded message or OLE object: data after a 16-byte GUID */
			variableLength *v = find_prop(a, PT_OBJECT, PR_ATTACH_DATA_OBJ);
			if (v && v->size > 16) {
				bytes = v->data + 16;
				size = (size_t)v->size - 16;
			} else {
				bytes = NULL;
				size = 0;
			}
		}
		char *name = attachment_name(a);
		if (bytes == NULL && name == NULL)
			continue;
		n++;
		triage_blob_writer *w = triage_ctx_writer(ctx);
		if (size > 0)
			triage_blob_writer_write(w, bytes, size);
		bool truncated = triage_blob_writer_truncated(w);
		triage_blob *blob = triage_blob_writer_finish(&w);
		if (blob == NULL) {
			g_free(name);
			break;
		}
		char *fallback = g_strdup_printf("attachment%u.bin", n);
		char *seg = triage_mime_unique_segment(part, name ? name : fallback);
		triage_object *child = triage_object_add_child(part, seg, name,
							       "tnef", blob);
		g_free(seg);
		g_free(fallback);
		g_free(name);
		char *mime = string8(find_prop(a, PT_STRING8, PR_ATTACH_MIME_TAG));
		if (mime) {
			triage_object_set_declared_type(child, mime);
			g_free(mime);
		}
		triage_object_set_bool(child, TF_IS_ATTACHMENT, true);
		if (truncated)
			triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT,
						    "max_object_size");
		if (triage_ctx_account(ctx, child, triage_blob_size(blob)) == TRIAGE_LIMIT)
			*stop = true;
		triage_blob_unref(&blob);
	}
out:
	TNEFFree(&tnef);
}
