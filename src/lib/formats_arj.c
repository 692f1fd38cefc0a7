/* formats_arj.c - ARJ archives: stored members extracted, compressed ones listed. */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "formats_int.h"

#define ARJ_MAX_BASIC 2600u    /* largest basic header ARJ writes */
#define ARJ_FIRST_MIN 30u      /* fixed part of the basic header */
#define ARJ_MAX_EXT 64u        /* extended headers per entry we step over */
#define ARJ_FLAG_GARBLED 0x01u /* encrypted ("garbled") */
#define ARJ_TYPE_MAIN 2u       /* the archive's main header */
#define ARJ_TYPE_DIR 3u

/* One parsed local header. */
typedef struct arj_entry {
	unsigned flags, method, type;
	uint32_t csize, osize, crc;
	char *name;               /* UTF-8 valid, g_free */
	size_t data_off;          /* compressed data starts here */
} arj_entry;

/* CRC32 of a bounded range (ARJ uses the zlib polynomial). */
static uint32_t
crc32_of(const unsigned char *d, size_t n)
{
	uLong c = crc32(0L, Z_NULL, 0);
	while (n > 0) {
		uInt k = n > 0x40000000u ? 0x40000000u : (uInt)n;
		c = crc32(c, d, k);
		d += k;
		n -= k;
	}
	return (uint32_t)c;
}

/* True when an ARJ header (id, size, CRC) starts at off. */
static bool
header_at(const unsigned char *d, size_t n, size_t off, size_t *size)
{
	if (off > n || n - off < 4 || d[off] != 0x60 || d[off + 1] != 0xEA)
		return false;
	*size = fmt_le16(d + off + 2);
	if (*size == 0)
		return true;    /* end of archive */
	if (*size < ARJ_FIRST_MIN || *size > ARJ_MAX_BASIC || n - off - 4 < *size + 4)
		return false;
	return crc32_of(d + off + 4, *size) == fmt_le32(d + off + 4 + *size);
}

/*
 * Parse the header at *off (already checked by header_at, size != 0) and
 * step over its extended headers; false when the framing is broken.
 */
static bool
parse_entry(const unsigned char *d, size_t n, size_t off, size_t size,
	    arj_entry *e)
{
	const unsigned char *h = d + off + 4;
	size_t first = h[0];
	if (first < ARJ_FIRST_MIN || first > size)
		return false;
	e->flags = h[4];
	e->method = h[5];
	e->type = h[6];
	e->csize = fmt_le32(h + 12);
	e->osize = fmt_le32(h + 16);
	e->crc = fmt_le32(h + 20);
	/* name then comment, NUL-terminated, inside the basic header */
	const unsigned char *nm = h + first;
	size_t room = size - first;
	size_t len = strnlen((const char *)nm, room);
	e->name = len > 0 ? g_utf8_make_valid((const char *)nm, (gssize)len) : NULL;
	size_t p = off + 4 + size + 4;
	for (unsigned i = 0; ; i++) {
		if (i > ARJ_MAX_EXT || n - p < 2)
			return false;
		size_t ext = fmt_le16(d + p);
		p += 2;
		if (ext == 0)
			break;
		if (n - p < ext + 4)
			return false;
		p += ext + 4;
	}
	e->data_off = p;
	return true;
}

/* Member path with DOS separators as '/'; "memberN.bin" when nameless. */
static char *
member_name(const arj_entry *e, unsigned idx)
{
	if (e->name == NULL)
		return g_strdup_printf("member%u.bin", idx);
	char *s = g_strdup(e->name);
	g_strdelimit(s, "\\", '/');
	return s;
}

/* One file member: stored data as a child, others listed empty and marked; false on I/O error. */
static bool
add_member(triage_ctx *ctx, triage_object *o, const unsigned char *d,
	   const arj_entry *e, unsigned idx, bool *stop, bool *unread)
{
	char *name = member_name(e, idx);
	triage_object *c;
	if (e->method == 0 && !(e->flags & ARJ_FLAG_GARBLED)) {
		c = triage_fmt_add_child(ctx, o, name, "member", d + e->data_off,
					 e->csize, stop);
		if (c && triage_object_unscanned(c) == TRIAGE_UNSCANNED_NONE &&
		    crc32_of(d + e->data_off, e->csize) != e->crc) {
			triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT,
						    "ARJ member CRC mismatch");
			*unread = true;
		}
	} else {
		c = triage_fmt_add_child(ctx, o, name, "member", NULL, 0, stop);
		if (c == NULL)
			goto out;
		if (e->flags & ARJ_FLAG_GARBLED) {
			triage_object_set_unscanned(c, TRIAGE_UNSCANNED_ENCRYPTED,
						    "ARJ garbled (encrypted) member");
		} else {
			char *why = g_strdup_printf("ARJ method %u not supported",
						    e->method);
			triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT, why);
			g_free(why);
			*unread = true;
		}
	}
out:
	g_free(name);
	return c != NULL;
}

/* The members of an ARJ archive as children (kind "member"). */
triage_status
triage_arj_run(triage_ctx *ctx, triage_object *o)
{
	const unsigned char *d = triage_object_data(o);
	size_t n = triage_object_size(o), off = 0, size = 0;
	bool stop = false, unread = false;
	unsigned idx = 0;
	const char *broken = NULL;

	while (!stop) {
		arj_entry e = {0};
		if (!header_at(d, n, off, &size)) {
			broken = off == 0 ? "bad ARJ header" : "ARJ archive cut short";
			break;
		}
		if (size == 0)
			break;
		if (!parse_entry(d, n, off, size, &e)) {
			broken = "bad ARJ header";
			g_free(e.name);
			break;
		}
		/* The main header has no data; member data must fit the file. */
		size_t dlen = off == 0 || e.type == ARJ_TYPE_MAIN ? 0 : e.csize;
		if (dlen > n - e.data_off) {
			broken = "ARJ member data cut short";
			g_free(e.name);
			break;
		}
		if (off != 0 && e.type != ARJ_TYPE_MAIN && e.type != ARJ_TYPE_DIR &&
		    e.type <= 1) {
			idx++;
			if (ctx->lim->max_members > 0 && idx > ctx->lim->max_members) {
				triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT,
							    "max_members");
				g_free(e.name);
				break;
			}
			if (!add_member(ctx, o, d, &e, idx, &stop, &unread)) {
				g_free(e.name);
				return TRIAGE_ERR_IO;
			}
		}
		g_free(e.name);
		off = e.data_off + dlen;
	}
	if (broken)
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT, broken);
	else if (unread)
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "ARJ members could not be read");
	return triage_object_unscanned(o) != TRIAGE_UNSCANNED_NONE ? TRIAGE_WARN
								  : TRIAGE_OK;
}
