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
 * {638DE92F-A6D4-4BC1-9A36-B3FC2511A5B7}: guidFileFormat of the alternative
 * (MS-FSSHTTPB) packaging that OneNote for the web exports (2.8).
 */
static const unsigned char alt_packaging[16] = {
	0x2F, 0xE9, 0x8D, 0x63, 0xD4, 0xA6, 0xC1, 0x4B,
	0x9A, 0x36, 0xB3, 0xFC, 0x25, 0x11, 0xA5, 0xB7,
};
#define ALT_PACKAGING_OFF 48
/* 32-bit stream object header start, not compound, type 0x02 (Object Data BLOB). */
#define BLOB_HEADER_MASK 0x1FFFFu
#define BLOB_HEADER_BITS 0x00012u
#define LARGE_LENGTH 32767u

typedef struct one_scan {
	triage_ctx *ctx;
	triage_object *o;
	triage_blob *src;
	size_t n;          /* children added */
	bool corrupt;
	bool stop;
} one_scan;

/* Add [off, off+len) as child "onenote<N>.bin"; false: stop. */
static bool
add_file(one_scan *s, size_t off, size_t len, bool truncated)
{
	const triage_limits *lim = s->ctx->lim;
	if (lim->max_embedded > 0 && s->n >= lim->max_embedded) {
		triage_object_set_unscanned(s->o, TRIAGE_UNSCANNED_LIMIT,
					    "max_embedded");
		return false;
	}
	bool big = lim->max_object_size > 0 && len > lim->max_object_size;
	if (big)
		len = (size_t)lim->max_object_size;
	char *seg = g_strdup_printf("onenote%zu.bin", s->n);
	triage_blob *b = triage_blob_new_slice(s->src, off, len);
	triage_object *c = triage_object_add_child(s->o, seg, NULL, "embedded", b);
	triage_blob_unref(&b);
	g_free(seg);
	triage_object_set_bool(c, TF_IS_EMBEDDED, true);
	s->n++;
	if (big)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
	if (truncated) {
		/* Keep what is there: a cut-off payload is still evidence. */
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT,
					    "embedded file runs past the end of the section");
		s->corrupt = true;
	}
	return triage_ctx_account(s->ctx, c, len) != TRIAGE_LIMIT;
}

/*
 * Desktop format: scan for FileDataStoreObject headers.  The structures
 * around them (file node lists, references) are not needed to find the
 * bytes; the GUID plus a checked length is what ClamAV does.
 */
static void
scan_fdso(one_scan *s, const unsigned char *p, size_t len)
{
	size_t off = 0;
	while (!s->stop && len >= FDSO_PREFIX && off <= len - FDSO_PREFIX) {
		const unsigned char *hit = memmem(p + off, len - off,
						  fdso_header, sizeof fdso_header);
		if (!hit || (size_t)(hit - p) > len - FDSO_PREFIX)
			break;
		size_t at = (size_t)(hit - p), data = at + FDSO_PREFIX;
		uint64_t cb = docs_le64(hit + 16);
		size_t avail = len - data;
		bool truncated = cb > avail;
		size_t take = truncated ? avail : (size_t)cb;
		/* Data padded to 8 bytes, then the footer GUID. */
		if (!truncated && (avail - take < sizeof fdso_footer ||
		    memmem(p + data + take, MIN(avail - take, 8 + sizeof fdso_footer),
			   fdso_footer, sizeof fdso_footer) == NULL))
			s->corrupt = true;
		if (!add_file(s, data, take, truncated))
			s->stop = true;
		/* After the data when its length was sane, else after the GUID. */
		off = truncated ? at + sizeof fdso_header : data + take;
	}
}

/* MS-FSSHTTPB compact unsigned 64-bit integer; 0 bytes used when invalid. */
static size_t
compact_u64(const unsigned char *p, size_t avail, uint64_t *v)
{
	if (avail < 1)
		return 0;
	if (p[0] == 0) {
		*v = 0;
		return 1;
	}
	if (p[0] == 0x80) {
		if (avail < 9)
			return 0;
		*v = docs_le64(p + 1);
		return 9;
	}
	for (size_t n = 1; n <= 7; n++) {
		if (p[0] & (1u << (n - 1))) {
			uint64_t x = 0;
			if (avail < n)
				return 0;
			for (size_t i = 0; i < n; i++)
				x |= (uint64_t)p[i] << (8 * i);
			*v = x >> n;
			return n;
		}
	}
	return 0;
}

/*
 * Web-exported sections keep file data in Object Data BLOB stream objects.
 * A full FSSHTTPB walk is not needed to find them: a 32-bit header of type
 * 0x02 whose length equals the compact length prefix plus the data is
 * self-checking, so a linear scan finds exactly the blobs (pictures and
 * attached files alike; the child's type tells which is which).
 */
static void
scan_blobs(one_scan *s, const unsigned char *p, size_t len)
{
	for (size_t i = 0; !s->stop && len >= 5 && i <= len - 5; i++) {
		uint32_t h = docs_le32(p + i);
		if ((h & BLOB_HEADER_MASK) != BLOB_HEADER_BITS)
			continue;
		uint64_t obj_len = h >> 17, data_len;
		size_t at = i + 4, used;
		if (obj_len == LARGE_LENGTH) {
			used = compact_u64(p + at, len - at, &obj_len);
			if (used == 0)
				continue;
			at += used;
		}
		used = compact_u64(p + at, len - at, &data_len);
		if (used == 0 || data_len == 0 || data_len > len - at - used ||
		    data_len + used != obj_len)
			continue;
		if (!add_file(s, at + used, (size_t)data_len, false))
			s->stop = true;
		i = at + used + (size_t)data_len - 1;
	}
}

/* Add each embedded file of a OneNote section as a child. */
triage_status
triage_onenote_run(triage_ctx *ctx, triage_object *o)
{
	const unsigned char *p = triage_object_data(o);
	size_t len = triage_object_size(o);
	one_scan s = {.ctx = ctx, .o = o, .src = triage_object_blob(o)};

	/* The GUID scan is safe on any section; the blob scan only where it belongs. */
	scan_fdso(&s, p, len);
	if (len >= ALT_PACKAGING_OFF + 16 &&
	    memcmp(p + ALT_PACKAGING_OFF, alt_packaging, 16) == 0)
		scan_blobs(&s, p, len);
	triage_object_set_int(o, TF_ONENOTE_EMBEDDED, (int64_t)s.n);
	if (s.corrupt)
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "FileDataStoreObject without a valid length or footer");
	return TRIAGE_OK;
}
