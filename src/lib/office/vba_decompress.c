/* vba_decompress.c - MS-OVBA 2.4.1 CompressedContainer decompression. */
#include "config.h"

#include "ole_int.h"

#define CHUNK_MAX 4096

/* Bits used by a copy token's offset at this position of the chunk (2.4.1.3.19.1). */
static unsigned
copy_offset_bits(size_t pos)
{
	unsigned bits = 4;
	while (bits < 12 && ((size_t)1 << bits) < pos)
		bits++;
	return bits;
}

/* Decompress one compressed chunk body [p, end) into out. */
static triage_status
chunk_tokens(const unsigned char *p, const unsigned char *end, size_t max_out,
	     GByteArray *out)
{
	size_t start = out->len;
	while (p < end) {
		unsigned flags = *p++;
		for (int bit = 0; bit < 8 && p < end; bit++) {
			size_t pos = out->len - start;
			if (!(flags & (1u << bit))) {
				if (pos >= CHUNK_MAX)
					return TRIAGE_CORRUPT;
				if (max_out && out->len >= max_out)
					return TRIAGE_LIMIT;
				g_byte_array_append(out, p++, 1);
				continue;
			}
			if (end - p < 2)
				return TRIAGE_CORRUPT;
			unsigned tok = ole_le16(p);
			p += 2;
			unsigned bits = copy_offset_bits(pos);
			size_t len = (tok & (0xFFFFu >> bits)) + 3;
			size_t off = (tok >> (16 - bits)) + 1;
			/* A copy may only reach back inside this chunk. */
			if (off > pos || pos + len > CHUNK_MAX)
				return TRIAGE_CORRUPT;
			if (max_out && out->len + len > max_out)
				return TRIAGE_LIMIT;
			/* Byte by byte: source and destination may overlap. */
			for (size_t i = 0; i < len; i++) {
				guint8 c = out->data[out->len - off];
				g_byte_array_append(out, &c, 1);
			}
		}
	}
	return TRIAGE_OK;
}

/*
 * Decompress a CompressedContainer: signature byte 0x01, then chunks with a
 * 2-byte header (size - 3 in 12 bits, signature 0b011, compressed flag).
 * A last chunk cut short by the end of the stream is decoded as far as it
 * goes, as Office itself does; everything else malformed is corrupt.
 */
triage_status
triage_vba_decompress(const unsigned char *in, size_t len, size_t max_out,
		      GByteArray *out)
{
	if (len < 1 || in[0] != 0x01)
		return TRIAGE_CORRUPT;
	size_t pos = 1;
	while (pos < len) {
		if (len - pos < 2)
			return TRIAGE_CORRUPT;
		unsigned hdr = ole_le16(in + pos);
		size_t csize = (hdr & 0x0FFF) + 3;
		if (((hdr >> 12) & 0x7) != 0x3)
			return TRIAGE_CORRUPT;
		size_t end = len - pos < csize ? len : pos + csize;
		const unsigned char *body = in + pos + 2;
		const unsigned char *bend = in + end;
		if (hdr & 0x8000) {
			triage_status st = chunk_tokens(body, bend, max_out, out);
			if (st != TRIAGE_OK)
				return st;
		} else {
			/* Raw chunk: 4096 literal bytes. */
			size_t n = (size_t)(bend - body);
			if (n > CHUNK_MAX)
				n = CHUNK_MAX;
			if (max_out && out->len + n > max_out)
				return TRIAGE_LIMIT;
			g_byte_array_append(out, body, (guint)n);
		}
		pos = end;
	}
	return TRIAGE_OK;
}
